package dev.backprop.io;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Reads the PyTorch-recorded golden runs (see their README) when {@code BACKPROP_GOLDEN} points at
 * them. Skipped without it, except under CI, where a missing directory would silently hide the one
 * test that exercises real recorded files.
 */
class NpyGoldenFilesTest {

    private static final Set<NpyDType> GOLDEN_DTYPES = Set.of(NpyDType.FLOAT64, NpyDType.INT64, NpyDType.INT32);

    private static Path goldenDirectory() {
        String golden = System.getenv("BACKPROP_GOLDEN");
        boolean set = golden != null && !golden.isBlank();
        if (!set && System.getenv("CI") != null) {
            fail("CI is set but BACKPROP_GOLDEN is not: set it to the golden runs directory "
                    + "(e.g. /work/shared/golden) so the .npy reader is checked against recorded files");
        }
        Assumptions.assumeTrue(set, "BACKPROP_GOLDEN is not set; skipping the golden .npy files "
                + "(set it to e.g. /work/shared/golden to run this test)");
        Path dir = Path.of(golden);
        assertTrue(Files.isDirectory(dir), "BACKPROP_GOLDEN=" + golden + " is not a directory");
        return dir;
    }

    private static List<Path> npyFiles(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.getFileName().toString().endsWith(".npy") && Files.isRegularFile(p))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    @Test
    void everyGoldenNpyFileReadsWithASensibleDtypeAndShape() throws IOException {
        List<Path> files = npyFiles(goldenDirectory());
        assertFalse(files.isEmpty(), "no .npy files under BACKPROP_GOLDEN");

        List<Executable> checks = new ArrayList<>();
        for (Path file : files) {
            checks.add(() -> {
                NpyArray a = Npy.read(file);
                assertTrue(GOLDEN_DTYPES.contains(a.dtype()), file + ": unexpected dtype " + a.dtype());
                assertTrue(a.ndim() == 1 || a.ndim() == 2, file + ": expected 1 or 2 axes, got " + a);
                assertTrue(a.size() > 0, file + ": empty array " + a);
                if (a.dtype() == NpyDType.FLOAT64) {
                    for (double v : a.toDoubleArray()) {
                        assertTrue(Double.isFinite(v), file + ": non-finite value " + v);
                    }
                } else {
                    for (long v : a.toLongArray()) {
                        assertTrue(v >= 0, file + ": negative index or label " + v);
                    }
                }
            });
        }
        assertAll(checks);
    }

    /** Within one run, the files agree with each other as the golden README describes. */
    @Test
    void goldenRunsAreMutuallyConsistent() throws IOException {
        Path golden = goldenDirectory();
        List<Path> runs;
        try (Stream<Path> list = Files.list(golden)) {
            runs = list.filter(d -> Files.isRegularFile(d.resolve("X.npy"))).sorted().collect(Collectors.toList());
        }
        assertFalse(runs.isEmpty(), "no run directories with X.npy under " + golden);

        for (Path run : runs) {
            NpyArray x = Npy.read(run.resolve("X.npy"));
            NpyArray y = Npy.read(run.resolve("y.npy"));
            NpyArray batches = Npy.read(run.resolve("batches.npy"));
            NpyArray losses = Npy.read(run.resolve("losses.npy"));
            NpyArray logits = Npy.read(run.resolve("logits_final.npy"));
            int n = x.shape()[0];

            assertEquals(NpyDType.FLOAT64, x.dtype(), run + "/X.npy");
            assertEquals(2, x.ndim(), run + "/X.npy");
            assertEquals(NpyDType.INT64, y.dtype(), run + "/y.npy");
            assertArrayEquals(new int[] {n}, y.shape(), run + "/y.npy must have one label per row of X");
            assertEquals(NpyDType.INT32, batches.dtype(), run + "/batches.npy");
            assertEquals(n, logits.shape()[0], run + "/logits_final.npy must have one row per row of X");
            assertArrayEquals(new int[] {batches.shape()[0]}, losses.shape(), run + "/losses.npy: one loss per step");
            int classes = Math.max(2, logits.shape()[1]);
            for (int label : y.toIntArray()) {
                assertTrue(label >= 0 && label < classes, run + "/y.npy: label " + label + " outside 0.." + (classes - 1));
            }
            for (int row : batches.toIntArray()) {
                assertTrue(row >= 0 && row < n, run + "/batches.npy: row index " + row + " outside 0.." + (n - 1));
            }
            for (int layer = 0; Files.exists(run.resolve("W" + layer + "_init.npy")); layer++) {
                NpyArray init = Npy.read(run.resolve("W" + layer + "_init.npy"));
                NpyArray fin = Npy.read(run.resolve("W" + layer + "_final.npy"));
                assertArrayEquals(init.shape(), fin.shape(), run + ": W" + layer + " changed shape");
                if (layer == 0) {
                    assertEquals(x.shape()[1], init.shape()[0], run + ": W0 must take the columns of X");
                }
            }
        }
    }
}
