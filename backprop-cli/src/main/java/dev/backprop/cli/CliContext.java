package dev.backprop.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a command may touch of the outside world, passed in rather than read from globals so tests
 * run commands in-process with their own streams, environment and working directory.
 *
 * @param out         standard output
 * @param err         standard error
 * @param environment environment variables ({@code BACKPROP_DATA}, {@code BACKPROP_CACHE}, ...)
 * @param workingDir  where relative paths resolve
 * @param terminal    whether output goes to an interactive terminal (progress bar) or not (one line per epoch)
 */
public record CliContext(PrintStream out, PrintStream err, Map<String, String> environment, Path workingDir,
                         boolean terminal) {

    /** The process's real streams, environment and directory. */
    public static CliContext system() {
        return new CliContext(System.out, System.err, System.getenv(), Path.of("").toAbsolutePath(),
                System.console() != null);
    }

    /** {@code path} resolved against the working directory. */
    public Path resolve(Path path) {
        return workingDir.resolve(path).normalize();
    }
}
