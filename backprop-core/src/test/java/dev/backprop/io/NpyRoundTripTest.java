package dev.backprop.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NpyRoundTripTest {

    @TempDir
    Path dir;

    static Stream<Arguments> dtypesAndShapes() {
        int[][] shapes = {{}, {0}, {7}, {3, 4}, {2, 3, 5}};
        List<Arguments> cases = new ArrayList<>();
        for (NpyDType dtype : NpyDType.values()) {
            for (int[] shape : shapes) {
                cases.add(Arguments.of(dtype, shape));
            }
        }
        return cases.stream();
    }

    /** Deterministic contents that include each type's extreme and special values. */
    static NpyArray sample(NpyDType dtype, int... shape) {
        int n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        switch (dtype) {
            case FLOAT64: {
                double[] special = {Double.NaN, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                    Double.MIN_VALUE, Double.MAX_VALUE, 0.1};
                double[] d = new double[n];
                for (int i = 0; i < n; i++) {
                    d[i] = i < special.length ? special[i] : i * 0.37 - 5;
                }
                return NpyArray.ofFloat64(d, shape);
            }
            case FLOAT32: {
                float[] special = {Float.NaN, -0.0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
                    Float.MIN_VALUE, Float.MAX_VALUE, 0.1f};
                float[] d = new float[n];
                for (int i = 0; i < n; i++) {
                    d[i] = i < special.length ? special[i] : i * 0.37f - 5;
                }
                return NpyArray.ofFloat32(d, shape);
            }
            case INT32: {
                int[] d = new int[n];
                for (int i = 0; i < n; i++) {
                    d[i] = i == 0 ? Integer.MIN_VALUE : i == 1 ? Integer.MAX_VALUE : i * 1_000_003 - 17;
                }
                return NpyArray.ofInt32(d, shape);
            }
            case INT64: {
                long[] d = new long[n];
                for (int i = 0; i < n; i++) {
                    d[i] = i == 0 ? Long.MIN_VALUE : i == 1 ? Long.MAX_VALUE : i * 1_000_000_000_007L - 17;
                }
                return NpyArray.ofInt64(d, shape);
            }
            case UINT8: {
                byte[] d = new byte[n];
                for (int i = 0; i < n; i++) {
                    d[i] = (byte) (i * 37 + 200);
                }
                return NpyArray.ofUint8(d, shape);
            }
            default:
                throw new AssertionError(dtype);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dtypesAndShapes")
    void fileRoundTripKeepsDtypeShapeAndEveryBit(NpyDType dtype, int[] shape) throws IOException {
        NpyArray original = sample(dtype, shape);
        Path file = dir.resolve("a.npy");
        Npy.write(file, original);

        NpyArray back = Npy.read(file);

        assertEquals(dtype, back.dtype());
        assertArrayEquals(shape, back.shape());
        assertEquals(original.size(), back.size());
        assertEquals(original, back);
        byte[] bytes = Files.readAllBytes(file);
        int headerLength = (bytes[8] & 0xFF) | (bytes[9] & 0xFF) << 8;
        assertEquals(0, (10 + headerLength) % 64, "data must start on a 64-byte boundary");
        assertEquals(bytes.length, 10 + headerLength + original.size() * dtype.itemSize());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dtypesAndShapes")
    void streamRoundTrip(NpyDType dtype, int[] shape) throws IOException {
        NpyArray original = sample(dtype, shape);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, original);

        NpyArray back = Npy.read(new ByteArrayInputStream(out.toByteArray()), "memory");

        assertEquals(original, back);
    }

    @Test
    void nanPayloadsAndNegativeZeroSurviveBitForBit() throws IOException {
        double[] d = {Double.longBitsToDouble(0x7ff8000000000123L), Double.longBitsToDouble(0xfff0000000000001L), -0.0};
        float[] f = {Float.intBitsToFloat(0x7fc00123), -0.0f};
        Path dfile = dir.resolve("d.npy");
        Path ffile = dir.resolve("f.npy");
        Npy.write(dfile, NpyArray.ofFloat64(d.clone(), 3));
        Npy.write(ffile, NpyArray.ofFloat32(f.clone(), 2));

        double[] dBack = Npy.read(dfile).toDoubleArray();
        float[] fBack = Npy.read(ffile).toFloatArray();

        for (int i = 0; i < d.length; i++) {
            assertEquals(Double.doubleToRawLongBits(d[i]), Double.doubleToRawLongBits(dBack[i]), "element " + i);
        }
        for (int i = 0; i < f.length; i++) {
            assertEquals(Float.floatToRawIntBits(f[i]), Float.floatToRawIntBits(fBack[i]), "element " + i);
        }
    }

    @Test
    void arraysLargerThanOneReadChunkRoundTripThroughFileAndStream() throws IOException {
        int rows = 700;
        int cols = 500; // 350 000 doubles = 2.8 MB, several 1 MiB read chunks and 64 KiB write chunks
        double[] d = new double[rows * cols];
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.sin(i) * 1e3;
        }
        byte[] u = new byte[3 * (1 << 20) + 5];
        for (int i = 0; i < u.length; i++) {
            u[i] = (byte) (i * 31);
        }
        NpyArray big = NpyArray.ofFloat64(d, rows, cols);
        NpyArray bytes = NpyArray.ofUint8(u, u.length);
        Path file = dir.resolve("big.npy");
        Path ufile = dir.resolve("u.npy");
        Npy.write(file, big);
        Npy.write(ufile, bytes);

        assertEquals(big, Npy.read(file));
        assertEquals(bytes, Npy.read(ufile));
        try (var in = Files.newInputStream(file)) {
            assertEquals(big, Npy.read(in, "big stream"));
        }
    }

    @Test
    void writeReplacesAnExistingFileAndLeavesNoTemporaryFiles() throws IOException {
        Path file = dir.resolve("w.npy");
        Files.writeString(file, "old contents, not an array");

        Npy.write(file, NpyArray.ofInt32(new int[] {1, 2, 3}, 3));
        Npy.write(file, NpyArray.ofInt32(new int[] {4, 5}, 2));

        assertArrayEquals(new int[] {4, 5}, Npy.read(file).toIntArray());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void writeToAMissingDirectoryFailsAndCreatesNothing() {
        Path file = dir.resolve("no-such-dir").resolve("w.npy");

        assertThrows(IOException.class, () -> Npy.write(file, NpyArray.ofInt32(new int[] {1}, 1)));
        assertFalse(Files.exists(file.getParent()));
    }

    @Test
    void relativePathWithoutParentIsWrittenBesideTheWorkingDirectoryFile() throws IOException {
        // resolveSibling of a bare file name must stay a bare name, i.e. the same directory.
        Path bare = Path.of("npy-writer-test-" + ProcessHandle.current().pid() + ".npy");
        try {
            Npy.write(bare, NpyArray.ofUint8(new byte[] {9}, 1));
            assertArrayEquals(new int[] {9}, Npy.read(bare).toIntArray());
        } finally {
            Files.deleteIfExists(bare);
        }
    }

    @Test
    void streamWriteFlushesButDoesNotClose() throws IOException {
        boolean[] closed = {false};
        boolean[] flushed = {false};
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        OutputStream out = new FilterOutputStream(sink) {
            @Override
            public void flush() throws IOException {
                flushed[0] = true;
                super.flush();
            }

            @Override
            public void close() {
                closed[0] = true;
            }
        };

        Npy.write(out, NpyArray.ofFloat64(new double[] {1.5}));

        assertTrue(flushed[0]);
        assertFalse(closed[0]);
        assertEquals(1.5, Npy.read(new ByteArrayInputStream(sink.toByteArray()), "sink").toDoubleArray()[0]);
    }

    @Test
    void headerTooLongForVersion1IsWrittenAsVersion2() throws IOException {
        int[] shape = new int[30_000]; // "1, " per axis: a header of about 90 kB, beyond 1.0's 65535
        Arrays.fill(shape, 1);
        NpyArray many = NpyArray.ofInt32(new int[] {42}, shape);
        Path file = dir.resolve("v2.npy");

        Npy.write(file, many);

        byte[] bytes = Files.readAllBytes(file);
        assertEquals(2, bytes[6]);
        assertEquals(0, bytes[7]);
        long headerLength = (bytes[8] & 0xFFL) | (bytes[9] & 0xFFL) << 8 | (bytes[10] & 0xFFL) << 16 | (bytes[11] & 0xFFL) << 24;
        assertEquals(0, (12 + headerLength) % 64);
        NpyArray back = Npy.read(file);
        assertEquals(30_000, back.ndim());
        assertArrayEquals(new int[] {42}, back.toIntArray());
    }

    @Test
    void headerBeyondWhatReadersAcceptIsRefusedOnWrite() {
        int[] shape = new int[400_000];
        Arrays.fill(shape, 1);
        NpyArray absurd = NpyArray.ofUint8(new byte[1], shape);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Npy.write(new ByteArrayOutputStream(), absurd));
        assertTrue(e.getMessage().contains("400000 axes"), e.getMessage());
    }
}
