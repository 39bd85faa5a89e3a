package dev.backprop.data;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Builds small IDX and CIFAR-10 files, well-formed or deliberately broken, for the reader tests. */
final class DataTestFiles {

    private DataTestFiles() {
    }

    /** An IDX file: magic {@code 00 00 type rank}, the sizes, then {@code data} as given (possibly of the wrong length). */
    static byte[] idx(int type, int[] dimensions, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dimensions.length + data.length); // big-endian by default
        b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dimensions.length);
        for (int d : dimensions) {
            b.putInt(d);
        }
        return b.put(data).array();
    }

    /** An unsigned-byte IDX file. */
    static byte[] idx(int[] dimensions, byte[] data) {
        return idx(IdxFile.UNSIGNED_BYTE, dimensions, data);
    }

    /** {@code n} bytes counting up from {@code start}, wrapping at 256. */
    static byte[] counting(int n, int start) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (start + i);
        }
        return b;
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    static byte[] gzip(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    static Path write(Path dir, String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    /**
     * The pixel value {@link #cifar} stores at index {@code j} (0..3071) of the record with
     * {@code seed}: distinct per plane and position, so swapped planes or shifted records show.
     */
    static int cifarPixel(int seed, int j) {
        return (seed * 31 + j * 7 + j / 1024 * 101) & 0xFF;
    }

    /** CIFAR-10 records with {@code labels}; record {@code r} has pixels {@code cifarPixel(firstSeed + r, j)}. */
    static byte[] cifar(int firstSeed, int... labels) {
        byte[] b = new byte[labels.length * CifarBinary.RECORD_BYTES];
        for (int r = 0; r < labels.length; r++) {
            int at = r * CifarBinary.RECORD_BYTES;
            b[at] = (byte) labels[r];
            for (int j = 0; j < CifarBinary.RECORD_BYTES - 1; j++) {
                b[at + 1 + j] = (byte) cifarPixel(firstSeed + r, j);
            }
        }
        return b;
    }

    /** Asserts that the message of {@code e} contains every one of {@code parts}. */
    static void assertMessage(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "message lacks \"" + part + "\": " + e.getMessage());
        }
    }
}
