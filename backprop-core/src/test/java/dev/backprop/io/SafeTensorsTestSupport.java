package dev.backprop.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds hand-made safetensors bytes and checks failures through both the file and the stream readers. */
final class SafeTensorsTestSupport {

    /** Generous for every test file; the stream reader needs some bound. */
    static final long MAX_TEST_BYTES = 1L << 30;

    private SafeTensorsTestSupport() {
    }

    /** A file with exactly this header text (no padding added) and data; the length prefix matches the text. */
    static byte[] file(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return withLength(h.length, h, data);
    }

    /** A file whose length prefix says {@code headerLength}, followed by {@code rest} (header and data) as given. */
    static byte[] withLength(long headerLength, byte[]... rest) {
        int total = 8;
        for (byte[] r : rest) {
            total += r.length;
        }
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN).putLong(headerLength);
        for (byte[] r : rest) {
            b.put(r);
        }
        return b.array();
    }

    /** One tensor entry of a header, e.g. {@code "w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}. */
    static String entry(String name, String dtype, String shape, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin + ","
                + end + "]}";
    }

    static SafeTensorsFile readBytes(byte[] bytes) throws IOException {
        return SafeTensors.read(new ByteArrayInputStream(bytes), "bytes.safetensors", MAX_TEST_BYTES);
    }

    /**
     * Writes {@code bytes} to a file under {@code dir}, asserts that reading it as a file and as a
     * stream both fail with a message naming the source and containing every fragment, and returns
     * the file reader's exception.
     */
    static SafeTensorsFormatException assertRejected(Path dir, byte[] bytes, String... fragments) throws IOException {
        SafeTensorsFormatException fromFile = assertFileRejected(dir, bytes, fragments);
        assertStreamRejected(bytes, fragments);
        return fromFile;
    }

    /** Like {@link #assertRejected} for the file reader only; see {@link #assertStreamRejected}. */
    static SafeTensorsFormatException assertFileRejected(Path dir, byte[] bytes, String... fragments) throws IOException {
        Path file = dir.resolve("hostile.safetensors");
        Files.write(file, bytes);
        SafeTensorsFormatException e = assertThrows(SafeTensorsFormatException.class, () -> SafeTensors.read(file));
        assertNamesSourceAndProblem(e, file.toString(), fragments);
        return e;
    }

    /** The stream reader cannot know the length up front, so some failures are noticed later, in other words. */
    static SafeTensorsFormatException assertStreamRejected(byte[] bytes, String... fragments) {
        SafeTensorsFormatException e = assertThrows(SafeTensorsFormatException.class,
                () -> SafeTensors.read(new ByteArrayInputStream(bytes), "stream:hostile", MAX_TEST_BYTES));
        assertNamesSourceAndProblem(e, "stream:hostile", fragments);
        return e;
    }

    static void assertNamesSourceAndProblem(SafeTensorsFormatException e, String source, String... fragments) {
        assertEquals(source, e.source());
        assertTrue(e.getMessage().startsWith(source + ": "), () -> "message should start with the source: " + e.getMessage());
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment),
                    () -> "message should contain \"" + fragment + "\": " + e.getMessage());
        }
    }
}
