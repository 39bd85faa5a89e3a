package dev.backprop.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real data folder named by {@code BACKPROP_DATA}: a skip with a message when unset, a failure
 * under CI (so CI never passes by skipping).
 */
public final class DataFolder {

    private DataFolder() {
    }

    /** The folder, or a skip (a failure when {@code CI} is set). */
    public static Path require() {
        String value = System.getenv("BACKPROP_DATA");
        String problem = value == null || value.isBlank() ? "BACKPROP_DATA is not set; point it at a data folder to run this test"
                : Files.isDirectory(Path.of(value)) ? null : "BACKPROP_DATA=" + value + " is not a directory";
        if (problem != null) {
            if (System.getenv("CI") != null && !System.getenv("CI").isBlank()) {
                Assertions.fail("CI is set, so this test must not be skipped: " + problem);
            }
            Assumptions.abort(problem);
        }
        return Path.of(value).toAbsolutePath();
    }
}
