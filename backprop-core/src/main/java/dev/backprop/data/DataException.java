package dev.backprop.data;

import java.io.IOException;

/**
 * Data that is missing, malformed or fails verification. The message names the file (or URL), what
 * was expected and what was found; {@link #help()} says how to fix it, e.g. how to point Backprop at
 * local files when there is no network.
 */
public class DataException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String help;

    /**
     * A problem with no particular fix to suggest.
     *
     * @param message what is wrong, naming the file or URL
     */
    public DataException(String message) {
        this(message, null, null);
    }

    /**
     * A problem and how to fix it.
     *
     * @param message what is wrong, naming the file or URL
     * @param help    how to fix it, or null
     */
    public DataException(String message, String help) {
        this(message, help, null);
    }

    /**
     * A problem, how to fix it, and the underlying cause.
     *
     * @param message what is wrong, naming the file or URL
     * @param help    how to fix it, or null
     * @param cause   the underlying exception, or null
     */
    public DataException(String message, String help, Throwable cause) {
        super(message, cause);
        this.help = help;
    }

    /** How to fix the problem, or null. */
    public String help() {
        return help;
    }
}
