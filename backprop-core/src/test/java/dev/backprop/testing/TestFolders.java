package dev.backprop.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Folders named by environment variables ({@code BACKPROP_GOLDEN}, {@code BACKPROP_DATA}) for tests
 * that need real data. Unset: the test is skipped with a message saying how to run it; but under CI
 * ({@code CI} set) a missing folder fails, so CI never passes by skipping.
 */
public final class TestFolders {

    private TestFolders() {
    }

    /** The folder named by {@code variable}, or a skip (a failure under CI) when it is unset or missing. */
    public static Path require(String variable) {
        String value = System.getenv(variable);
        boolean ci = System.getenv("CI") != null && !System.getenv("CI").isBlank();
        String problem = null;
        if (value == null || value.isBlank()) {
            problem = variable + " is not set; point it at the folder to run this test (e.g. "
                    + variable + "=../shared/" + (variable.endsWith("GOLDEN") ? "golden" : "data") + ")";
        } else if (!Files.isDirectory(Path.of(value))) {
            problem = variable + "=" + value + " is not a directory";
        }
        if (problem != null) {
            if (ci) {
                Assertions.fail("CI is set, so this test must not be skipped: " + problem);
            }
            Assumptions.abort(problem);
        }
        return Path.of(value).toAbsolutePath();
    }
}
