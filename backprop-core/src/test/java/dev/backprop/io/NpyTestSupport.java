package dev.backprop.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds hand-made .npy bytes and checks failures through both the file and the stream readers. */
final class NpyTestSupport {

    private NpyTestSupport() {
    }

    /** A committed fixture (see generate_fixtures.py next to the files). */
    static Path fixture(String name) {
        URL url = NpyTestSupport.class.getResource(name);
        if (url == null) {
            throw new IllegalStateException("missing test resource dev/backprop/io/" + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] fixtureBytes(String name) {
        try {
            return Files.readAllBytes(fixture(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The bytes of an .npy file with exactly the given header text (no padding added) and data.
     * The header length field is computed from the text, so it is always consistent.
     */
    static byte[] npy(int major, String header, byte[] data) {
        byte[] h = header.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        int lengthField = major == 1 ? 2 : 4;
        ByteBuffer b = ByteBuffer.allocate(8 + lengthField + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(NpyReader.MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) {
            b.putShort((short) h.length);
        } else {
            b.putInt(h.length);
        }
        return b.put(h).put(data).array();
    }

    /** A version 1.0 file with the given header text and {@code dataBytes} zero bytes of data. */
    static byte[] npy(String header, int dataBytes) {
        return npy(1, header, new byte[dataBytes]);
    }

    /** A NumPy-style header dict for the given descr and shape tuple text, e.g. "(3, 4)". */
    static String dict(String descr, String shape) {
        return "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }\n";
    }

    static NpyArray readBytes(byte[] bytes) throws IOException {
        return Npy.read(new ByteArrayInputStream(bytes), "bytes.npy");
    }

    /**
     * Writes {@code bytes} to a file under {@code dir}, asserts that reading it as a file and as a
     * stream both fail with a message naming the source and containing every fragment, and returns
     * the file reader's exception.
     */
    static NpyFormatException assertRejected(Path dir, byte[] bytes, String... fragments) throws IOException {
        Path file = dir.resolve("hostile.npy");
        Files.write(file, bytes);
        NpyFormatException fromFile = assertThrows(NpyFormatException.class, () -> Npy.read(file));
        assertNamesSourceAndProblem(fromFile, file.toString(), fragments);
        NpyFormatException fromStream = assertThrows(NpyFormatException.class,
                () -> Npy.read(new ByteArrayInputStream(bytes), "stream:hostile"));
        assertNamesSourceAndProblem(fromStream, "stream:hostile", fragments);
        return fromFile;
    }

    static void assertNamesSourceAndProblem(NpyFormatException e, String source, String... fragments) {
        assertEquals(source, e.source());
        assertTrue(e.getMessage().startsWith(source + ": "), () -> "message should start with the source: " + e.getMessage());
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment),
                    () -> "message should contain \"" + fragment + "\": " + e.getMessage());
        }
    }

    /** An input stream that serves {@code prefix} and then {@code zeros} zero bytes, without holding them. */
    static InputStream prefixThenZeros(byte[] prefix, long zeros) {
        return new InputStream() {
            private long pos;

            @Override
            public int read() {
                if (pos < prefix.length) {
                    return prefix[(int) pos++] & 0xFF;
                }
                if (pos < prefix.length + zeros) {
                    pos++;
                    return 0;
                }
                return -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos >= prefix.length + zeros) {
                    return -1;
                }
                int n = 0;
                while (n < len && pos < prefix.length + zeros) {
                    b[off + n++] = pos < prefix.length ? prefix[(int) pos] : 0;
                    pos++;
                }
                return n;
            }
        };
    }
}
