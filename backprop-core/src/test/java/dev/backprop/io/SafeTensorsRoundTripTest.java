package dev.backprop.io;

import static dev.backprop.io.SafeTensorsTestSupport.MAX_TEST_BYTES;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What {@link SafeTensors#write} writes, {@link SafeTensors#read} reads back exactly. */
class SafeTensorsRoundTripTest {

    @TempDir
    Path dir;

    private static final int[][] SHAPES = {{}, {7}, {3, 4}, {2, 3, 5}, {0, 3}, {4, 0, 2}};

    /** Every dtype in every shape, with values that exercise sign, range and special floats. */
    static Stream<Arguments> arrays() {
        List<Arguments> cases = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(20240611);
        for (NpyDType dtype : NpyDType.values()) {
            for (int[] shape : SHAPES) {
                NpyArray a = randomArray(dtype, shape, random);
                cases.add(Arguments.of(a.toString(), a));
            }
        }
        return cases.stream();
    }

    static NpyArray randomArray(NpyDType dtype, int[] shape, SplittableRandom random) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        switch (dtype) {
            case FLOAT32: {
                float[] v = new float[n];
                float[] special = {-0.0f, Float.MIN_VALUE, Float.MAX_VALUE, Float.NEGATIVE_INFINITY, Float.NaN};
                for (int i = 0; i < n; i++) {
                    v[i] = i < special.length ? special[i] : (float) random.nextGaussian();
                }
                return NpyArray.ofFloat32(v, shape);
            }
            case FLOAT64: {
                double[] v = new double[n];
                double[] special = {-0.0, Double.MIN_VALUE, Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NaN};
                for (int i = 0; i < n; i++) {
                    v[i] = i < special.length ? special[i] : random.nextGaussian();
                }
                return NpyArray.ofFloat64(v, shape);
            }
            case INT32: {
                int[] v = new int[n];
                for (int i = 0; i < n; i++) {
                    v[i] = i == 0 ? Integer.MIN_VALUE : i == 1 ? Integer.MAX_VALUE : random.nextInt();
                }
                return NpyArray.ofInt32(v, shape);
            }
            case INT64: {
                long[] v = new long[n];
                for (int i = 0; i < n; i++) {
                    v[i] = i == 0 ? Long.MIN_VALUE : i == 1 ? Long.MAX_VALUE : random.nextLong();
                }
                return NpyArray.ofInt64(v, shape);
            }
            case UINT8: {
                byte[] v = new byte[n];
                for (int i = 0; i < n; i++) {
                    v[i] = (byte) random.nextInt(256);
                }
                return NpyArray.ofUint8(v, shape);
            }
            default:
                throw new AssertionError(dtype);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("arrays")
    void eachDtypeAndShapeRoundTrips(String label, NpyArray array) throws IOException {
        Path file = dir.resolve("one.safetensors");
        SafeTensors.write(file, Map.of("t", array));

        SafeTensorsFile fromFile = SafeTensors.read(file);
        SafeTensorsFile fromStream = SafeTensors.read(new ByteArrayInputStream(Files.readAllBytes(file)), "s",
                MAX_TEST_BYTES);

        for (SafeTensorsFile read : List.of(fromFile, fromStream)) {
            NpyArray back = read.tensor("t");
            assertEquals(array, back); // floats by bit pattern: -0.0 and NaN included
            assertEquals(array.dtype(), back.dtype());
            assertArrayEquals(array.shape(), back.shape());
            assertTrue(read.checksumVerified());
            assertEquals(Map.of(), read.metadata());
        }
    }

    @Test
    void manyTensorsKeepTheirOrderAndValues() throws IOException {
        SplittableRandom random = new SplittableRandom(7);
        Map<String, NpyArray> tensors = new LinkedHashMap<>();
        // Names chosen so that neither sorting by name nor by dtype would give this order.
        String[] names = {"z.last.first", "b", "a.weight", "embed\u00e9", "", "layers.10.bias", "layers.2.bias"};
        NpyDType[] dtypes = {NpyDType.UINT8, NpyDType.FLOAT64, NpyDType.FLOAT32, NpyDType.INT64, NpyDType.INT32,
            NpyDType.FLOAT32, NpyDType.UINT8};
        for (int i = 0; i < names.length; i++) {
            tensors.put(names[i], randomArray(dtypes[i], SHAPES[i % SHAPES.length], random));
        }
        Path file = dir.resolve("many.safetensors");
        SafeTensors.write(file, tensors);

        SafeTensorsFile read = SafeTensors.read(file);

        assertEquals(List.of(names), new ArrayList<>(read.tensors().keySet()));
        assertEquals(tensors, read.tensors());
    }

    @Test
    void metadataRoundTripsExactlyAndInOrder() throws IOException {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put("zeta", "last key first");
        metadata.put("", "empty key");
        metadata.put("empty value", "");
        metadata.put("escapes \"\\/", "tab\tnewline\nreturn\r nul\u0000 bell\u0007 del\u007f");
        metadata.put("unicode \u00e9\u4e2d", "emoji \ud83d\ude00 and \u2028 line separator");
        metadata.put("config", "{\"layers\": [784, 64, 10], \"lr\": 0.1}");
        metadata.put("long", "x".repeat(100_000));
        Path file = dir.resolve("meta.safetensors");
        SafeTensors.write(file, metadata, Map.of("w", NpyArray.ofFloat32(new float[] {1, 2}, 2)));

        SafeTensorsFile read = SafeTensors.read(file);

        assertEquals(new ArrayList<>(metadata.entrySet()), new ArrayList<>(read.metadata().entrySet()));
        assertFalse(read.metadata().containsKey(SafeTensors.CHECKSUM_KEY), "the verified checksum is not user metadata");
        assertTrue(read.checksumVerified());
    }

    @Test
    void fileWithoutTensorsRoundTrips() throws IOException {
        Path file = dir.resolve("empty.safetensors");
        SafeTensors.write(file, Map.of("only", "metadata"), Map.of());

        SafeTensorsFile read = SafeTensors.read(file);

        assertEquals(Map.of("only", "metadata"), read.metadata());
        assertTrue(read.tensors().isEmpty());
        assertTrue(read.checksumVerified());
    }

    @Test
    void headerIsCompactJsonPaddedToEightBytesWithTheChecksumFirst() throws IOException {
        Path file = dir.resolve("layout.safetensors");
        SafeTensors.write(file, Map.of("k", "v"), Map.of("w", NpyArray.ofInt32(new int[] {1, -2, 3}, 3)));
        byte[] bytes = Files.readAllBytes(file);

        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);

        assertEquals(0, n % 8);
        assertEquals(8 + n + 12, bytes.length);
        assertTrue(header.matches("\\{\"__metadata__\":\\{\"backprop\\.crc32c\":\"[0-9a-f]{8}\",\"k\":\"v\"\\},"
                + "\"w\":\\{\"dtype\":\"I32\",\"shape\":\\[3\\],\"data_offsets\":\\[0,12\\]\\}\\} *"), header);
        String key = "\"backprop.crc32c\":\"";
        assertEquals(SafeTensorsWriter.CHECKSUM_FILE_OFFSET, 8 + header.indexOf(key) + key.length());
        assertEquals(44, SafeTensorsWriter.CHECKSUM_FILE_OFFSET, "documented in SafeTensors' Javadoc");
        ByteBuffer data = ByteBuffer.wrap(bytes, 8 + (int) n, 12).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(List.of(1, -2, 3), List.of(data.getInt(), data.getInt(), data.getInt()));
    }

    @Test
    void rewritingReplacesTheFileAndLeavesNoTemporaryFiles() throws IOException {
        Path file = dir.resolve("ckpt.safetensors");
        SafeTensors.write(file, Map.of("w", NpyArray.ofFloat64(new double[] {1}, 1)));
        SafeTensors.write(file, Map.of("step", "2"), Map.of("w", NpyArray.ofFloat64(new double[] {2, 3}, 2)));

        SafeTensorsFile read = SafeTensors.read(file);

        assertEquals(NpyArray.ofFloat64(new double[] {2, 3}, 2), read.tensor("w"));
        assertEquals(Map.of("step", "2"), read.metadata());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void writeIntoMissingDirectoryFailsAndCreatesNothing() {
        Path file = dir.resolve("no-such-dir").resolve("x.safetensors");

        assertThrows(NoSuchFileException.class, () -> SafeTensors.write(file, Map.of()));
        assertFalse(Files.exists(file.getParent()));
    }

    @Test
    void writerRefusesReservedAndMalformedNamesBeforeTouchingTheFile() throws IOException {
        Path file = dir.resolve("w.safetensors");
        NpyArray a = NpyArray.ofUint8(new byte[] {1}, 1);
        Map<String, NpyArray> withNull = new LinkedHashMap<>();
        withNull.put("w", null);

        IllegalArgumentException reservedTensor = assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.write(file, Map.of("__metadata__", a)));
        IllegalArgumentException reservedKey = assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.write(file, Map.of(SafeTensors.CHECKSUM_KEY, "0"), Map.of("w", a)));
        IllegalArgumentException surrogate = assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.write(file, Map.of("bad\ud800name", a)));
        assertThrows(NullPointerException.class, () -> SafeTensors.write(file, withNull));

        assertTrue(reservedTensor.getMessage().contains("reserved for metadata"), reservedTensor.getMessage());
        assertTrue(reservedKey.getMessage().contains("is reserved: the writer computes it"), reservedKey.getMessage());
        assertTrue(surrogate.getMessage().contains("unpaired UTF-16 surrogate at index 3"), surrogate.getMessage());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void streamReaderHonoursMaxBytes() throws IOException {
        Path file = dir.resolve("m.safetensors");
        SafeTensors.write(file, Map.of("w", NpyArray.ofFloat64(new double[100], 10, 10)));
        byte[] bytes = Files.readAllBytes(file);

        SafeTensorsFile exact = SafeTensors.read(new ByteArrayInputStream(bytes), "exact", bytes.length);
        SafeTensorsFormatException tooSmall = assertThrows(SafeTensorsFormatException.class,
                () -> SafeTensors.read(new ByteArrayInputStream(bytes), "small", bytes.length - 1));
        SafeTensorsFormatException headerTooBig = assertThrows(SafeTensorsFormatException.class,
                () -> SafeTensors.read(new ByteArrayInputStream(bytes), "tiny", 20));

        assertEquals(100, exact.tensor("w").size());
        assertEquals("small: tensors would end at byte " + bytes.length + ", beyond the limit of " + (bytes.length - 1)
                + " bytes set for this input", tooSmall.getMessage());
        assertTrue(headerTooBig.getMessage().startsWith("tiny: header would end at byte "), headerTooBig.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.read(new ByteArrayInputStream(bytes), "negative", -1));
    }

    @Test
    void directoryIsNotReadAsAFile() {
        FileSystemException e = assertThrows(FileSystemException.class, () -> SafeTensors.read(dir));
        assertTrue(e.getMessage().contains("is a directory, not a safetensors file"), e.getMessage());
    }

    @Test
    void missingTensorNamesTheFileAndWhatItHas() throws IOException {
        Path file = dir.resolve("names.safetensors");
        Map<String, NpyArray> tensors = new LinkedHashMap<>();
        tensors.put("w0", NpyArray.ofFloat32(new float[] {1}, 1));
        tensors.put("b0", NpyArray.ofFloat32(new float[] {2}, 1));
        SafeTensors.write(file, tensors);
        SafeTensorsFile read = SafeTensors.read(file);

        NoSuchElementException e = assertThrows(NoSuchElementException.class, () -> read.tensor("w9"));

        assertEquals(file + ": no tensor \"w9\"; it has \"w0\", \"b0\"", e.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> read.tensors().clear());
        assertThrows(UnsupportedOperationException.class, () -> read.metadata().put("a", "b"));
    }

    @Test
    void tensorsMoveToNpyFilesUnchanged() throws IOException {
        NpyArray w = randomArray(NpyDType.FLOAT32, new int[] {3, 4}, new SplittableRandom(3));
        Path st = dir.resolve("w.safetensors");
        SafeTensors.write(st, Map.of("w", w));
        Path npy = dir.resolve("w.npy");

        Npy.write(npy, SafeTensors.read(st).tensor("w"));

        assertEquals(w, Npy.read(npy));
    }

    @Test
    void conversionErrorsNameTheFileAndTensor() throws IOException {
        Path file = dir.resolve("ids.safetensors");
        SafeTensors.write(file, Map.of("ids", NpyArray.ofInt64(new long[] {1, 1L << 40}, 2)));
        NpyArray ids = SafeTensors.read(file).tensor("ids");

        ArithmeticException e = assertThrows(ArithmeticException.class, ids::toIntArray);

        assertTrue(e.getMessage().startsWith(file + ", tensor \"ids\": element 1"), e.getMessage());
    }
}
