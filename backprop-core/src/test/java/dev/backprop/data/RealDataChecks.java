package dev.backprop.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

/** Checksums and statistics shared by the tests that read the real datasets under {@code BACKPROP_DATA}. */
final class RealDataChecks {

    private RealDataChecks() {
    }

    /** MD5 of the decompressed content of a gzipped file, computed independently of {@link IdxFile}. */
    static String md5OfGunzipped(Path gz) throws IOException {
        MessageDigest md5 = md5();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz), 1 << 16)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                md5.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(md5.digest());
    }

    /**
     * MD5 of the IDX file an array came from, rebuilt from what the reader returned: equal to the
     * file's checksum only if the reader kept every byte.
     */
    static String md5OfIdx(int[] dimensions, byte[] data) {
        ByteBuffer header = ByteBuffer.allocate(4 + 4 * dimensions.length);
        header.put((byte) 0).put((byte) 0).put((byte) IdxFile.UNSIGNED_BYTE).put((byte) dimensions.length);
        for (int d : dimensions) {
            header.putInt(d);
        }
        MessageDigest md5 = md5();
        md5.update(header.array());
        md5.update(data);
        return HexFormat.of().formatHex(md5.digest());
    }

    /** The labels as unsigned bytes, to rebuild a label file's checksum. */
    static byte[] labelBytes(int[] labels) {
        byte[] b = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            b[i] = (byte) labels[i];
        }
        return b;
    }

    /** How many of each label 0..classes-1. */
    static int[] labelCounts(LabeledImages images) {
        int[] counts = new int[images.classNames().size()];
        for (int label : images.labels()) {
            counts[label]++;
        }
        return counts;
    }

    /** Mean and population standard deviation of the first {@code count} pixel bytes, on the 0..255 scale. */
    static double[] meanAndStd(byte[] pixels, int count) {
        // Exact integer sums: no rounding until the final division.
        long sum = 0;
        long sumOfSquares = 0;
        for (int i = 0; i < count; i++) {
            int v = pixels[i] & 0xFF;
            sum += v;
            sumOfSquares += v * v;
        }
        double mean = (double) sum / count;
        double variance = (double) sumOfSquares / count - mean * mean;
        return new double[] {mean, Math.sqrt(variance)};
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every Java platform has MD5", e);
        }
    }
}
