package dev.backprop.cli;

/**
 * A failure to report to the user as one or two lines (cause, then how to fix it) with an exit
 * code, rather than as a stack trace.
 */
public class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;
    private final String help;

    /**
     * @param exitCode one of {@link ExitCodes}
     * @param message  the cause, naming the file, option or value
     * @param help     how to fix it, or null
     */
    public CliException(int exitCode, String message, String help) {
        super(message);
        this.exitCode = exitCode;
        this.help = help;
    }

    /** The process exit code. */
    public int exitCode() {
        return exitCode;
    }

    /** How to fix it, or null. */
    public String help() {
        return help;
    }
}
