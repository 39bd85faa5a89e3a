package dev.backprop.cli;

/** Exit codes of {@code backprop}, as documented in the README. */
public final class ExitCodes {

    /** Success. */
    public static final int OK = 0;
    /** An unexpected failure (a bug: please report it with {@code --debug} output). */
    public static final int UNEXPECTED = 1;
    /** Bad usage or configuration: an unknown option or name, a value out of range. */
    public static final int USAGE = 2;
    /** Bad or missing data or file: a dataset, image or model file that cannot be used. */
    public static final int DATA = 3;
    /** Training diverged: the loss became NaN or infinite. */
    public static final int DIVERGED = 4;

    private ExitCodes() {
    }
}
