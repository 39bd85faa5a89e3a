package dev.backprop.io;

import static dev.backprop.io.NpyTestSupport.assertNamesSourceAndProblem;
import static dev.backprop.io.NpyTestSupport.fixture;
import static dev.backprop.io.NpyTestSupport.fixtureBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Files written by NumPy 2 (generate_fixtures.py) are read exactly, and we write the same bytes. */
class NpyNumpyFilesTest {

    @TempDir
    Path dir;

    /** The arrays generate_fixtures.py saves with np.save, built independently in Java. */
    static Stream<Arguments> numpySavedArrays() {
        return Stream.of(
                Arguments.of("f4_2x3.npy", NpyArray.ofFloat32(
                        new float[] {1.5f, -2.25f, 0.1f, 3.4028235e38f, -0.0f, Float.MIN_VALUE}, 2, 3)),
                Arguments.of("f8_4.npy", NpyArray.ofFloat64(new double[] {0.1, -2.5, 1e-300, Math.PI}, 4)),
                Arguments.of("i4_2x2.npy", NpyArray.ofInt32(new int[] {Integer.MIN_VALUE, Integer.MAX_VALUE, 0, -7}, 2, 2)),
                Arguments.of("i8_3.npy", NpyArray.ofInt64(new long[] {42, -1, Long.MAX_VALUE}, 3)),
                Arguments.of("u1_2x2.npy", NpyArray.ofUint8(new byte[] {0, (byte) 255, (byte) 128, 7}, 2, 2)),
                Arguments.of("f8_scalar.npy", NpyArray.ofFloat64(new double[] {3.5})),
                Arguments.of("f8_0x3.npy", NpyArray.ofFloat64(new double[0], 0, 3)),
                Arguments.of("i4_2x3x5.npy", NpyArray.ofInt32(range(30), 2, 3, 5)));
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("numpySavedArrays")
    void readsNumpyFilesExactly(String name, NpyArray expected) throws IOException {
        NpyArray fromFile = Npy.read(fixture(name));
        NpyArray fromStream;
        try (InputStream in = NpyNumpyFilesTest.class.getResourceAsStream(name)) {
            fromStream = Npy.read(in, name);
        }

        assertEquals(expected, fromFile);
        assertEquals(expected, fromStream);
        assertEquals(expected.dtype(), fromFile.dtype());
        assertArrayEquals(expected.shape(), fromFile.shape());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("numpySavedArrays")
    void writesTheSameBytesAsNpSave(String name, NpyArray array) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, array);
        Path file = dir.resolve(name);
        Npy.write(file, array);

        assertArrayEquals(fixtureBytes(name), out.toByteArray());
        assertArrayEquals(fixtureBytes(name), Files.readAllBytes(file));
    }

    @Test
    void specificValuesOfNumpyFiles() throws IOException {
        assertArrayEquals(new float[] {1.5f, -2.25f, 0.1f, 3.4028235e38f, -0.0f, 1.4e-45f},
                Npy.read(fixture("f4_2x3.npy")).toFloatArray());
        assertArrayEquals(new double[] {0.1, -2.5, 1e-300, 3.141592653589793},
                Npy.read(fixture("f8_4.npy")).toDoubleArray());
        assertArrayEquals(new int[] {0, 255, 128, 7}, Npy.read(fixture("u1_2x2.npy")).toIntArray());
        NpyArray scalar = Npy.read(fixture("f8_scalar.npy"));
        assertEquals(0, scalar.ndim());
        assertEquals(1, scalar.size());
        assertEquals(3.5, scalar.toDoubleArray()[0]);
        NpyArray empty = Npy.read(fixture("f8_0x3.npy"));
        assertArrayEquals(new int[] {0, 3}, empty.shape());
        assertEquals(0, empty.size());
    }

    @Test
    void readsFormatVersions2And3() throws IOException {
        NpyArray expected = NpyArray.ofFloat64(new double[] {0, 0.25, 0.5, 0.75, 1.0, 1.25}, 2, 3);

        assertEquals(expected, Npy.read(fixture("f8_v2.npy")));
        assertEquals(expected, Npy.read(fixture("f8_v3.npy")));
    }

    @Test
    void int64BeyondIntRangeFromAFileNamesTheFileIndexAndValue() throws IOException {
        Path file = fixture("i8_3.npy");
        NpyArray a = Npy.read(file);

        assertArrayEquals(new long[] {42, -1, Long.MAX_VALUE}, a.toLongArray());
        ArithmeticException e = assertThrows(ArithmeticException.class, a::toIntArray);
        assertEquals(file + ": element 2 (index [2]) of int64 array (3,) is 9223372036854775807, outside the int range "
                + "-2147483648..2147483647", e.getMessage());
        ArithmeticException d = assertThrows(ArithmeticException.class, a::toDoubleArray);
        assertEquals(true, d.getMessage().contains("9223372036854775807"), d.getMessage());
    }

    static Stream<Arguments> unsupportedNumpyFiles() {
        return Stream.of(
                Arguments.of("f8_bigendian.npy", "unsupported dtype '>f8' (big-endian"),
                Arguments.of("f8_fortran.npy", "fortran_order is True"),
                Arguments.of("bool_2.npy", "unsupported dtype '|b1' (bool)"),
                Arguments.of("object_1.npy", "unsupported dtype '|O' (Python objects"),
                Arguments.of("structured_2.npy", "unsupported dtype [('a', '<f4'), ('b', '<i4')] (structured"),
                Arguments.of("structured_utf8_v3.npy", "unsupported dtype [('\u03b1', '<f4')] (structured"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unsupportedNumpyFiles")
    void refusesUnsupportedNumpyFilesClearly(String name, String problem) throws IOException {
        Path file = fixture(name);

        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(file));

        assertNamesSourceAndProblem(e, file.toString(), problem);
        if (e.getMessage().contains("dtype")) {
            assertNamesSourceAndProblem(e, file.toString(), "Backprop reads little-endian <f4, <f8, <i4, <i8, |u1");
        }
    }

    @Test
    void bigEndianMessageMatchesTheDocumentedWording() throws IOException {
        Path file = fixture("f8_bigendian.npy");

        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(file));

        assertEquals(file + ": unsupported dtype '>f8' (big-endian float64); "
                + "Backprop reads little-endian <f4, <f8, <i4, <i8, |u1", e.getMessage());
    }
}
