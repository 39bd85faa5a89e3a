package dev.backprop.io;

import static dev.backprop.io.SafeTensorsTestSupport.assertFileRejected;
import static dev.backprop.io.SafeTensorsTestSupport.assertRejected;
import static dev.backprop.io.SafeTensorsTestSupport.assertStreamRejected;
import static dev.backprop.io.SafeTensorsTestSupport.entry;
import static dev.backprop.io.SafeTensorsTestSupport.file;
import static dev.backprop.io.SafeTensorsTestSupport.withLength;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed and malicious inputs fail with a {@link SafeTensorsFormatException} that names the
 * source and the problem, quickly and without large allocations. Each case goes through the file
 * reader and the stream reader.
 */
class SafeTensorsHostileInputTest {

    @TempDir
    Path dir;

    /** A valid file written by Backprop, with a checksum: two F32 tensors of 64 elements each. */
    private byte[] validFile() throws IOException {
        float[] a = new float[64];
        float[] b = new float[64];
        for (int i = 0; i < 64; i++) {
            a[i] = i * 0.5f;
            b[i] = -i;
        }
        Map<String, NpyArray> tensors = new LinkedHashMap<>();
        tensors.put("a", NpyArray.ofFloat32(a, 8, 8));
        tensors.put("b", NpyArray.ofFloat32(b, 64));
        Path f = dir.resolve("valid.safetensors");
        SafeTensors.write(f, Map.of("k", "v"), tensors);
        byte[] bytes = Files.readAllBytes(f);
        Files.delete(f);
        return bytes;
    }

    private static int headerLength(byte[] file) {
        return (int) ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    @Test
    void fileShorterThanEightBytes() throws IOException {
        assertRejected(dir, new byte[0], "file is empty; a safetensors file starts with an 8-byte header length");
        assertRejected(dir, new byte[] {16, 0, 0, 0, 0}, "file ends after 5 bytes, inside the 8-byte header length");
    }

    @Test
    void headerLengthLargerThanFile() throws IOException {
        byte[] bytes = withLength(1000, "{\"a\":1}".getBytes(StandardCharsets.UTF_8));

        assertFileRejected(dir, bytes, "header length 1000 runs past the end of the file: the header would end at byte 1008"
                + " but the file is 15 bytes");
        assertStreamRejected(bytes, "file ends after 7 of 1000 header bytes");
    }

    @Test
    void headerLengthOfTwoToThe62() throws IOException {
        byte[] bytes = withLength(1L << 62, "{}".getBytes(StandardCharsets.UTF_8));

        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertRejected(dir, bytes,
                "header length 4611686018427387904 exceeds the limit of 100000000 bytes"));
    }

    @Test
    void headerLengthWithTheTopBitSetIsHugeNotNegative() throws IOException {
        assertRejected(dir, withLength(-1L, new byte[8]), "header length 18446744073709551615 exceeds the limit");
    }

    @Test
    void headerNotJson() throws IOException {
        assertRejected(dir, file("{this is not json}", new byte[0]), "header is not valid JSON", "at byte 1 of the header");
        assertRejected(dir, file("{\"a\":{\"dtype\":\"F32\",", new byte[0]), "header is not valid JSON");
        assertRejected(dir, file("{\"a\":1e999}", new byte[0]), "tensor \"a\" must be an object");
        assertRejected(dir, file("{} {}", new byte[0]), "only spaces after the header's closing '}', found an object at byte 3");
        assertRejected(dir, file("{}x", new byte[0]), "header is not valid JSON");
    }

    @Test
    void headerNotUtf8() throws IOException {
        byte[] header = "{\"\u00e9\":1}".getBytes(StandardCharsets.UTF_8);
        header[2] = (byte) 0xC0; // an overlong encoding lead byte, never valid in UTF-8

        assertRejected(dir, withLength(header.length, header), "header is not valid UTF-8");
        assertRejected(dir, file("{\u0000\"a\":1}", new byte[0]), "header has a zero byte at byte 1 of the header");
    }

    @Test
    void headerJsonNotAnObject() throws IOException {
        assertRejected(dir, file("[1, 2]", new byte[0]), "header starts with byte 0x5b '['; expected a JSON object");
        assertRejected(dir, file("\"a string\"", new byte[0]), "header starts with byte 0x22 '\"'");
        assertRejected(dir, file(" {}", new byte[0]), "header starts with byte 0x20 ' '");
        assertRejected(dir, withLength(0), "header is empty");
        byte[] gzip = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2};
        assertFileRejected(dir, gzip, "header length 559903 runs past the end of the file");
        assertStreamRejected(gzip, "file ends after 4 of 559903 header bytes");
    }

    @Test
    void duplicateKey() throws IOException {
        String twice = "{" + entry("w", "F32", "[1]", 0, 4) + "," + entry("w", "F32", "[1]", 4, 8) + "}";
        String twiceInMetadata = "{\"__metadata__\":{\"k\":\"1\",\"k\":\"2\"}}";
        String twiceInEntry = "{\"w\":{\"dtype\":\"F32\",\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[0,4]}}";

        assertRejected(dir, file(twice, new byte[8]), "header is not valid JSON: Duplicate field 'w' at byte 57 of the header");
        assertRejected(dir, file(twiceInMetadata, new byte[0]), "Duplicate field 'k'");
        assertRejected(dir, file(twiceInEntry, new byte[4]), "Duplicate field 'dtype'");
    }

    @Test
    void unknownDtype() throws IOException {
        assertRejected(dir, file("{" + entry("w", "X99", "[1]", 0, 4) + "}", new byte[4]),
                "tensor \"w\": unknown dtype \"X99\", not a safetensors type name; Backprop reads F32, F64, I32, I64, U8");
        assertRejected(dir, file("{" + entry("w", "f32", "[1]", 0, 4) + "}", new byte[4]), "unknown dtype \"f32\"");
    }

    @Test
    void supportedElsewhereButNotByBackprop() throws IOException {
        assertRejected(dir, file("{" + entry("emb", "BF16", "[2]", 0, 4) + "}", new byte[4]),
                "tensor \"emb\": unsupported dtype BF16 (bfloat16); Backprop reads F32, F64, I32, I64, U8");
        assertRejected(dir, file("{" + entry("h", "F16", "[2]", 0, 4) + "}", new byte[4]),
                "tensor \"h\": unsupported dtype F16 (float16)");
        assertRejected(dir, file("{" + entry("m", "BOOL", "[4]", 0, 4) + "}", new byte[4]), "unsupported dtype BOOL (bool)");
    }

    @Test
    void shapeWithNegativeEntry() throws IOException {
        assertRejected(dir, file("{" + entry("w", "F32", "[2, -3]", 0, 24) + "}", new byte[24]),
                "tensor \"w\": shape [2, -3] has negative extent -3 on axis 1");
    }

    @Test
    void shapeProductOverflow() throws IOException {
        String shape = "[2147483647, 2147483647, 2147483647, 8]";

        assertRejected(dir, file("{" + entry("w", "F64", shape, 0, 8) + "}", new byte[8]),
                "tensor \"w\": shape [2147483647, 2147483647, 2147483647, 8] of F64 holds more bytes than a 64-bit count can"
                        + " express (the product overflows)");
        // The element count fits a long, the byte count does not.
        assertRejected(dir, file("{" + entry("w", "F64", "[4611686018427387904]", 0, 8) + "}", new byte[8]),
                "the product overflows");
    }

    @Test
    void malformedShapesAndOffsets() throws IOException {
        assertRejected(dir, file("{" + entry("w", "F32", "[2.0]", 0, 8) + "}", new byte[8]),
                "tensor \"w\": shape must be a list of integers, found the number 2.0 at position 0");
        assertRejected(dir, file("{" + entry("w", "F32", "\"2\"", 0, 8) + "}", new byte[8]),
                "shape must be a list of integers, found the string \"2\"");
        assertRejected(dir, file("{" + entry("w", "F32", "[99999999999999999999]", 0, 8) + "}", new byte[8]),
                "shape has 99999999999999999999 at position 0, beyond the 64-bit range");
        assertRejected(dir, file("{" + entry("w", "F32", "[" + "1,".repeat(64) + "1]", 0, 4) + "}", new byte[4]),
                "shape has more than 64 entries; Backprop reads tensors of at most 64 axes");
        assertRejected(dir, file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}", new byte[4]),
                "data_offsets must be [begin, end], found [0]");
        assertRejected(dir, file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,8]}}", new byte[4]),
                "data_offsets has more than 2 entries");
        assertRejected(dir, file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[-4,0]}}", new byte[4]),
                "data_offsets [-4, 0] has a negative offset");
        assertRejected(dir, file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", new byte[4]),
                "tensor \"w\" lacks data_offsets");
        assertRejected(dir, file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"extra\":1}}", new byte[4]),
                "tensor \"w\" has unknown key \"extra\"; expected only dtype, shape and data_offsets");
        assertRejected(dir, file("{\"w\":[1]}", new byte[0]),
                "tensor \"w\" must be an object with dtype, shape and data_offsets, found a list");
        assertRejected(dir, file("{" + entry("w", "U8", "[0, 4294967296]", 0, 0) + "}", new byte[0]),
                "has extent 4294967296 on axis 1, more than the 2147483647 Backprop can represent");
    }

    @Test
    void malformedMetadata() throws IOException {
        assertRejected(dir, file("{\"__metadata__\":{\"k\":1}}", new byte[0]),
                "__metadata__ value of key \"k\" must be a string, found the number 1");
        assertRejected(dir, file("{\"__metadata__\":[\"k\"]}", new byte[0]),
                "__metadata__ must be an object mapping strings to strings, found a list");
        assertRejected(dir, file("{\"__metadata__\":{\"backprop.crc32c\":\"12345\"}}", new byte[0]),
                "backprop.crc32c must be 8 lowercase hex digits, found \"12345\"");
        assertRejected(dir, file("{\"__metadata__\":{\"backprop.crc32c\":\"ABCDEF01\"}}", new byte[0]),
                "backprop.crc32c must be 8 lowercase hex digits, found \"ABCDEF01\"");
        // Escaped digits decode to valid text, but then the raw bytes that the checksum skips are not the digits.
        assertRejected(dir, file("{\"__metadata__\":{\"backprop.crc32c\":\"\\u0030bcdef01\"}}", new byte[0]),
                "backprop.crc32c must be 8 lowercase hex digits");
    }

    @Test
    void metadataNullIsNoMetadataAsInTheReferenceImplementation() throws IOException {
        SafeTensorsFile f = SafeTensorsTestSupport.readBytes(file("{\"__metadata__\":null}", new byte[0]));

        assertEquals(Map.of(), f.metadata());
    }

    @Test
    void offsetsOutsideTheBuffer() throws IOException {
        String header = "{" + entry("a", "F32", "[2]", 0, 8) + "," + entry("b", "F32", "[2]", 8, 16) + "}";
        byte[] bytes = file(header, new byte[8]);

        assertFileRejected(dir, bytes, "tensor \"b\" (F32 [2], data_offsets [8, 16]) lies outside the 8-byte data buffer;"
                + " the file is truncated or the offsets are wrong");
        assertStreamRejected(bytes, "file ends after 0 of 8 bytes of tensor \"b\"");
    }

    @Test
    void hugeClaimedTensorIsRefusedBeforeAllocation() throws IOException {
        // 2^31 - 9 float64s: 16 GiB that the 1 KiB file does not have.
        long bytes = (long) Shapes.MAX_ELEMENTS * 8;
        String header = "{" + entry("w", "F64", "[" + Shapes.MAX_ELEMENTS + "]", 0, bytes) + "}";
        byte[] small = file(header, new byte[1024]);

        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertFileRejected(dir, small, "lies outside the 1024-byte data buffer");
            assertStreamRejected(small, "tensors would end at byte " + (8 + header.length() + bytes) + ", beyond the limit of "
                    + SafeTensorsTestSupport.MAX_TEST_BYTES + " bytes set for this input");
        });
    }

    @Test
    void hugeClaimedStreamFailsAsItRunsDry() {
        String header = "{" + entry("w", "F64", "[" + Shapes.MAX_ELEMENTS + "]", 0, (long) Shapes.MAX_ELEMENTS * 8) + "}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        byte[] prefix = withLength(h.length, h);

        SafeTensorsFormatException e = assertThrows(SafeTensorsFormatException.class, () -> SafeTensors.read(
                NpyTestSupport.prefixThenZeros(prefix, 3_000_000), "stream:dry", Long.MAX_VALUE));

        assertTrue(e.getMessage().contains("file ends after 3000000 of 17179869112 bytes of tensor \"w\""), e.getMessage());
    }

    @Test
    void overlappingTensors() throws IOException {
        String header = "{" + entry("a", "F32", "[2]", 0, 8) + "," + entry("b", "F32", "[2]", 4, 12) + "}";

        assertRejected(dir, file(header, new byte[12]), "tensor \"b\" (F32 [2], data_offsets [4, 12]) overlaps tensor \"a\""
                + " (F32 [2], data_offsets [0, 8]); tensors must not share bytes");
    }

    @Test
    void aliasedTensorsOverlap() throws IOException {
        String header = "{" + entry("a", "F32", "[2]", 0, 8) + "," + entry("b", "I32", "[2]", 0, 8) + "}";

        assertRejected(dir, file(header, new byte[8]), "tensor \"b\" (I32 [2], data_offsets [0, 8]) overlaps tensor \"a\"");
    }

    @Test
    void holeBetweenTensors() throws IOException {
        String header = "{" + entry("a", "F32", "[1]", 0, 4) + "," + entry("b", "F32", "[1]", 8, 12) + "}";

        assertRejected(dir, file(header, new byte[12]), "hole of 4 bytes at data offset 4 before tensor \"b\" (F32 [1],"
                + " data_offsets [8, 12]), after tensor \"a\"");
    }

    @Test
    void holeBeforeTheFirstTensor() throws IOException {
        assertRejected(dir, file("{" + entry("a", "U8", "[4]", 4, 8) + "}", new byte[8]),
                "hole of 4 bytes at data offset 0 before tensor \"a\"");
    }

    @Test
    void endBeforeBegin() throws IOException {
        assertRejected(dir, file("{" + entry("a", "U8", "[0]", 8, 4) + "}", new byte[8]),
                "tensor \"a\": data_offsets [8, 4] ends before it begins (end < begin)");
    }

    @Test
    void sizeMismatchBetweenShapeAndOffsets() throws IOException {
        assertRejected(dir, file("{" + entry("w", "F32", "[2, 3]", 0, 20) + "}", new byte[20]),
                "tensor \"w\": shape [2, 3] of F32 needs 24 bytes but data_offsets [0, 20] span 20");
    }

    @Test
    void trailingBytesAfterTheLastTensor() throws IOException {
        byte[] bytes = file("{" + entry("w", "F32", "[1]", 0, 4) + "}", new byte[8]);

        assertFileRejected(dir, bytes, "4 trailing bytes in the 8-byte data buffer after the last tensor, tensor \"w\"");
        assertStreamRejected(bytes, "trailing bytes after the last tensor: the tensors end at byte");
        assertFileRejected(dir, file("{}", new byte[3]), "3 trailing bytes", "the header lists no tensors");
        assertStreamRejected(file("{}", new byte[3]), "trailing bytes after the last tensor: the tensors end at byte 10");
    }

    @Test
    void checksumMismatchOnAFlippedDataByte() throws IOException {
        byte[] bytes = validFile();
        bytes[bytes.length - 5] ^= 0x01;

        assertRejected(dir, bytes, "checksum mismatch: backprop.crc32c is ", " but the file's bytes give ",
                "; the file was damaged or modified after it was written");
    }

    @Test
    void checksumCoversTheHeader() throws IOException {
        byte[] valid = validFile();
        String header = new String(valid, 8, headerLength(valid), StandardCharsets.UTF_8);
        // A single flipped bit turns F32 into I32 (0x46 -> 0x49 is three bits; 'F' -> 'N' one): same
        // item size, valid JSON, valid layout. Only a checksum over the header notices.
        byte[] retyped = valid.clone();
        retyped[8 + header.indexOf("\"F32\"") + 1] = 'I';
        byte[] renamed = valid.clone();
        renamed[8 + header.indexOf("\"b\"") + 1] = 'c';
        byte[] padding = valid.clone();
        padding[8 + headerLength(valid) - 1] = '\t';

        assertRejected(dir, retyped, "checksum mismatch");
        assertRejected(dir, renamed, "checksum mismatch");
        assertRejected(dir, padding, "checksum mismatch");
    }

    @Test
    void truncatedFile() throws IOException {
        byte[] valid = validFile();
        byte[] half = Arrays.copyOf(valid, valid.length / 2);

        assertFileRejected(dir, half, "lies outside the", "-byte data buffer; the file is truncated");
        assertStreamRejected(half, "file ends after");
    }

    @Test
    void everyTruncationIsRefused() throws IOException {
        byte[] valid = validFile();
        for (int length = 0; length < valid.length; length++) {
            byte[] cut = Arrays.copyOf(valid, length);
            assertFileRejected(dir, cut);
            assertStreamRejected(cut);
        }
    }

    @Test
    void bytesAppendedToAValidFileAreRefused() throws IOException {
        byte[] valid = validFile();

        assertRejected(dir, Arrays.copyOf(valid, valid.length + 1), "trailing bytes");
    }
}
