package dev.backprop.data.download;

import dev.backprop.data.DataException;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * What must be true of a file before it may enter the cache: its size, a checksum of its bytes, and,
 * for gzipped files, the size and checksum of the decompressed content. Every part is optional
 * ({@code -1} or {@code null} for "not checked"); {@link #NONE} checks nothing.
 *
 * <p>The decompressed checks exist because publishers (MNIST) give checksums of the decompressed
 * files while mirrors re-compress them: the {@code .gz} bytes differ from mirror to mirror, the
 * content does not.
 *
 * <pre>{@code
 * ContentCheck labels = ContentCheck.gunzipped(10008, Checksum.md5("27ae3e4e09519cfbb04c329615203637"));
 * labels.verify(Path.of("t10k-labels-idx1-ubyte.gz"), "https://example.org/t10k-labels-idx1-ubyte.gz");
 * }</pre>
 *
 * @param size expected size of the file in bytes, or -1 if unknown
 * @param checksum expected checksum of the file's bytes, or null
 * @param gunzippedSize expected size of the gunzipped content in bytes, or -1 if unknown
 * @param gunzippedChecksum expected checksum of the gunzipped content, or null
 */
public record ContentCheck(long size, Checksum checksum, long gunzippedSize, Checksum gunzippedChecksum) {

    /** Checks nothing: any file passes. */
    public static final ContentCheck NONE = new ContentCheck(-1, null, -1, null);

    private static final String HELP = "the download is corrupted, or the mirror serves a different file"
            + " than expected: try again, or set BACKPROP_MIRROR to another mirror";

    /**
     * Validates the sizes.
     *
     * @param size expected size of the file in bytes, or -1 if unknown
     * @param checksum expected checksum of the file's bytes, or null
     * @param gunzippedSize expected size of the gunzipped content in bytes, or -1 if unknown
     * @param gunzippedChecksum expected checksum of the gunzipped content, or null
     * @throws IllegalArgumentException if a size is below -1
     */
    public ContentCheck {
        if (size < -1 || gunzippedSize < -1) {
            throw new IllegalArgumentException("sizes must be -1 (unknown) or at least 0: " + size
                    + ", " + gunzippedSize);
        }
    }

    /**
     * A check of the file's own bytes.
     *
     * @param size expected size in bytes, or -1 if unknown
     * @param checksum expected checksum of the bytes, or null
     * @return the check
     */
    public static ContentCheck of(long size, Checksum checksum) {
        return new ContentCheck(size, checksum, -1, null);
    }

    /**
     * A check of the gunzipped content of a {@code .gz} file (the file itself may be any valid gzip
     * encoding of that content).
     *
     * @param gunzippedSize expected decompressed size in bytes, or -1 if unknown
     * @param gunzippedChecksum expected checksum of the decompressed bytes, or null
     * @return the check
     */
    public static ContentCheck gunzipped(long gunzippedSize, Checksum gunzippedChecksum) {
        return new ContentCheck(-1, null, gunzippedSize, gunzippedChecksum);
    }

    /**
     * This check with the gunzipped content's size and checksum replaced.
     *
     * @param gunzippedSize expected decompressed size in bytes, or -1 if unknown
     * @param gunzippedChecksum expected checksum of the decompressed bytes, or null
     * @return a new check
     */
    public ContentCheck withGunzipped(long gunzippedSize, Checksum gunzippedChecksum) {
        return new ContentCheck(size, checksum, gunzippedSize, gunzippedChecksum);
    }

    /**
     * Whether the file is read as gzip, i.e. a decompressed size or checksum is expected.
     *
     * @return true if {@link #verify} gunzips the file
     */
    public boolean checksGunzipped() {
        return gunzippedSize >= 0 || gunzippedChecksum != null;
    }

    /**
     * Checks {@code file} against every expectation, reading it once, and once more through gzip if
     * the decompressed content is checked. Reading stops early when the content turns out larger
     * than expected, so a hostile gzip file cannot keep it busy.
     *
     * @param file the file to check
     * @param sourceForMessages where the file came from (a URI, or the path), named in messages
     * @throws DataException if the file is missing or unreadable, is not valid gzip (when the
     *     decompressed content is checked), or a size or checksum differs; the message names the
     *     source, the expected and the actual value
     */
    public void verify(Path file, String sourceForMessages) throws DataException {
        long actualSize;
        try {
            actualSize = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new DataException("missing file " + file + " (from " + sourceForMessages + ")");
        } catch (IOException e) {
            throw new DataException("cannot read " + file + ": " + e.getMessage(), null, e);
        }
        if (size >= 0 && actualSize != size) {
            throw sizeMismatch(sourceForMessages, size, actualSize, "");
        }
        if (checksum != null) {
            try (InputStream in = Files.newInputStream(file)) {
                Measured measured = measure(in, checksum.newDigest(), Long.MAX_VALUE);
                if (!checksum.matches(measured.digest)) {
                    throw checksumMismatch(sourceForMessages, checksum, measured.digest, "");
                }
            } catch (IOException e) {
                throw unreadable(e, file);
            }
        }
        if (checksGunzipped()) {
            verifyGunzipped(file, sourceForMessages);
        }
    }

    private void verifyGunzipped(Path file, String source) throws DataException {
        MessageDigest digest = gunzippedChecksum == null ? null : gunzippedChecksum.newDigest();
        // One byte past the expected size is enough to know the content is too large.
        long limit = gunzippedSize >= 0 ? gunzippedSize + 1 : Long.MAX_VALUE;
        Measured measured;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 64 * 1024)) {
            measured = measure(in, digest, limit);
        } catch (ZipException | EOFException e) {
            throw new DataException("not a valid gzip file: " + source + " (" + e.getMessage() + ")",
                    HELP, e);
        } catch (IOException e) {
            throw unreadable(e, file);
        }
        if (gunzippedSize >= 0 && measured.bytes != gunzippedSize) {
            String got = measured.bytes >= limit ? "more" : Long.toString(measured.bytes);
            throw sizeMismatch(source, gunzippedSize, got, " of the decompressed content");
        }
        if (gunzippedChecksum != null && !gunzippedChecksum.matches(measured.digest)) {
            throw checksumMismatch(source, gunzippedChecksum, measured.digest, " of the decompressed content");
        }
    }

    /** Bytes counted and their digest (null if none was asked for). */
    private record Measured(long bytes, byte[] digest) {
    }

    private static Measured measure(InputStream in, MessageDigest digest, long limit) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long bytes = 0;
        int n;
        while (bytes < limit && (n = in.read(buffer)) >= 0) {
            if (digest != null) {
                digest.update(buffer, 0, n);
            }
            bytes += n;
        }
        return new Measured(bytes, digest == null ? null : digest.digest());
    }

    private static DataException sizeMismatch(String source, long expected, Object got, String what) {
        return new DataException("size mismatch for " + source + ": expected " + expected + " bytes"
                + what + ", got " + got, HELP);
    }

    private static DataException checksumMismatch(String source, Checksum expected, byte[] got, String what) {
        return new DataException("checksum mismatch for " + source + ": expected " + expected.describe()
                + what + ", got " + HexFormat.of().formatHex(got), HELP);
    }

    private static DataException unreadable(IOException e, Path file) {
        if (e instanceof DataException data) {
            return data;
        }
        return new DataException("cannot read " + file + ": " + e, null, e);
    }
}
