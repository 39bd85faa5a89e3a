package dev.backprop.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST: a magic number of two zero bytes, an
 * element-type byte and a dimension-count byte; one big-endian int32 size per dimension; then the
 * values, row-major. Only element type {@code 0x08} (unsigned byte) is supported, the one those
 * datasets use. Files may be gzipped or not; gzip is recognised by its magic bytes
 * {@code 1f 8b}, not by the file name.
 *
 * <pre>{@code
 * IdxArray labels = IdxFile.read(Path.of("mnist/train-labels-idx1-ubyte.gz"));
 * int n = labels.dimension(0);            // 60000
 * try (InputStream in = MyApp.class.getResourceAsStream("/digits-idx3-ubyte")) {
 *     IdxArray images = IdxFile.read(in, "digits-idx3-ubyte");
 * }
 * }</pre>
 *
 * <p>Nothing in a file is trusted: the data must hold exactly as many bytes as the header's
 * dimensions multiply to (so truncated and over-long files are both refused), and a header cannot
 * make the reader allocate much more memory than the data actually present. Dimensions of size 0 are
 * allowed: they describe a well-formed empty array, with no data bytes.
 */
public final class IdxFile {

    /** The element type this reader supports: unsigned byte. */
    public static final int UNSIGNED_BYTE = 0x08;

    /** The most dimensions accepted; MNIST-style files use 1 (labels) or 3 (images). */
    public static final int MAX_DIMENSIONS = 4;

    /** The most data bytes accepted: the largest byte array common JVMs can allocate. */
    public static final long MAX_DATA_BYTES = Integer.MAX_VALUE - 8;

    /** First allocation when the data length cannot be checked in advance; grows by doubling. */
    private static final int INITIAL_CHUNK = 1 << 20;

    /** Largest ratio of announced data to gzip file size accepted: far above real datasets' 2–10. */
    static final long MAX_GZIP_EXPANSION = 200;
    private static final int BUFFER = 1 << 16;

    /** Trailing bytes counted for a message before giving up on a stream that may never end. */
    private static final long TRAILING_COUNT_LIMIT = 1 << 20;

    private IdxFile() {
    }

    /**
     * Reads the IDX file {@code file}, gzipped or not.
     *
     * @param file the file to read
     * @return its dimensions and data
     * @throws DataException if the file is missing or unreadable, is not an IDX file, uses an
     *     element type other than unsigned byte, is corrupt gzip, or holds fewer or more data bytes
     *     than its header announces; the message starts with the file's path
     */
    public static IdxArray read(Path file) throws DataException {
        String source = file.toString();
        try (SeekableByteChannel channel = DataFiles.open(file)) {
            // The size of the opened channel, not a separate stat, so the check matches what is read.
            return read(Channels.newInputStream(channel), source, channel.size());
        } catch (IOException e) {
            throw DataFiles.failure(source, e);
        }
    }

    /**
     * Reads one IDX array, gzipped or not, from {@code in} to its end; for resources inside a jar.
     * The stream is not closed.
     *
     * @param in         the IDX bytes, raw or gzipped
     * @param sourceName what {@code in} is, to start error messages with (e.g. its resource name)
     * @return its dimensions and data
     * @throws DataException as {@link #read(Path)}, naming {@code sourceName}
     */
    public static IdxArray read(InputStream in, String sourceName) throws DataException {
        try {
            return read(in, sourceName, -1);
        } catch (IOException e) {
            throw DataFiles.failure(sourceName, e);
        }
    }

    /** @param fileSize the bytes {@code in} holds, or -1 when unknown */
    private static IdxArray read(InputStream in, String source, long fileSize) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, BUFFER);
        buffered.mark(2);
        boolean gzip = buffered.read() == 0x1f && buffered.read() == 0x8b;
        buffered.reset();
        // Inside gzip the decompressed length is unknown (the trailer's size field is only a claim).
        InputStream body = gzip ? new GZIPInputStream(buffered, BUFFER) : buffered;
        long knownLength = gzip ? -1 : fileSize;
        // Messages say which bytes they count: the file's or the decompressed content's.
        String where = gzip ? "the gzip content" : fileSize >= 0 ? "the file" : "the stream";

        int[] dimensions = readHeader(body, source, where, gzip);
        long headerBytes = 4L + 4L * dimensions.length;
        long expected = checkedProduct(dimensions, source, knownLength < 0 ? -1 : knownLength - headerBytes);
        if (knownLength >= 0 && knownLength - headerBytes != expected) {
            throw lengthMismatch(source, where, dimensions, expected, knownLength - headerBytes);
        }
        if (gzip && fileSize > 0 && expected > MAX_GZIP_EXPANSION * fileSize) {
            // Deflate can reach 1032:1, so a small file could make us allocate gigabytes; real image
            // and label files compress 2 to 10 times.
            throw new DataException(source + ": the IDX header announces " + expected + " data bytes, "
                    + expected / fileSize + " times the " + fileSize + "-byte gzip file; image and label files"
                    + " compress at most " + MAX_GZIP_EXPANSION + " times, so this is not one",
                    "check that the file is the dataset's original; decompress it yourself if it really is this compressible");
        }
        byte[] data = readData(body, source, where, dimensions, (int) expected, knownLength >= 0);
        long trailing = countRemaining(body);
        if (trailing > 0) {
            throw lengthMismatch(source, where, dimensions, expected, expected + trailing);
        }
        return new IdxArray(dimensions, data);
    }

    private static int[] readHeader(InputStream in, String source, String where, boolean gzip) throws IOException {
        byte[] magic = new byte[4];
        int got = in.readNBytes(magic, 0, 4);
        if (got == 0) {
            throw new DataException(source + ": not an IDX file: " + where + " is empty");
        }
        if (got < 4) {
            throw new DataException(source + ": not an IDX file: " + where + " ends after " + got
                    + " bytes, inside the 4-byte magic number");
        }
        int magicNumber = ((magic[0] & 0xFF) << 24) | ((magic[1] & 0xFF) << 16) | ((magic[2] & 0xFF) << 8) | (magic[3] & 0xFF);
        String found = String.format("0x%08x", magicNumber);
        if (magic[0] != 0 || magic[1] != 0) {
            throw new DataException(source + ": not an IDX file: expected a magic number 0x0000TTNN (two zero bytes, "
                    + "element type TT, dimension count NN; MNIST uses 0x00000803 for images and 0x00000801 for labels), found "
                    + found + (gzip ? " at the start of " + where : "") + looksLike(magic));
        }
        int type = magic[2] & 0xFF;
        if (type != UNSIGNED_BYTE) {
            String typeName = typeName(type);
            if (typeName == null) {
                throw new DataException(source + ": not an IDX file: magic number " + found + " has element type "
                        + String.format("0x%02x", type) + ", expected one of 0x08, 0x09, 0x0b, 0x0c, 0x0d, 0x0e");
            }
            throw new DataException(source + ": unsupported IDX element type " + String.format("0x%02x", type)
                    + " (" + typeName + ") in magic number " + found + "; only 0x08 (unsigned byte) is supported",
                    "convert the data to unsigned bytes, the element type of MNIST-style image and label files");
        }
        int rank = magic[3] & 0xFF;
        if (rank < 1 || rank > MAX_DIMENSIONS) {
            throw new DataException(source + ": unsupported IDX dimension count " + rank + " in magic number " + found
                    + "; expected 1 to " + MAX_DIMENSIONS);
        }
        byte[] sizes = new byte[4 * rank];
        got = in.readNBytes(sizes, 0, sizes.length);
        if (got < sizes.length) {
            throw new DataException(source + ": truncated IDX header: " + where + " ends after " + (4 + got)
                    + " bytes, inside the " + rank + " dimension sizes (" + (4 + sizes.length) + " header bytes expected)");
        }
        int[] dimensions = new int[rank];
        for (int i = 0; i < rank; i++) {
            int d = ((sizes[4 * i] & 0xFF) << 24) | ((sizes[4 * i + 1] & 0xFF) << 16)
                    | ((sizes[4 * i + 2] & 0xFF) << 8) | (sizes[4 * i + 3] & 0xFF);
            if (d < 0) {
                throw new DataException(source + ": IDX dimension " + i + " has size " + Integer.toUnsignedString(d)
                        + String.format(" (0x%08x)", d) + "; sizes are signed 32-bit ints, at most " + Integer.MAX_VALUE);
            }
            dimensions[i] = d;
        }
        return dimensions;
    }

    /**
     * The product of {@code dimensions}, refused if more than a Java array holds.
     *
     * @param available data bytes present after the header, or -1 if unknown (only for the message)
     */
    private static long checkedProduct(int[] dimensions, String source, long available) throws DataException {
        long product = 1;
        for (int d : dimensions) {
            product *= d;
            if (product > MAX_DATA_BYTES) {
                // Keep multiplying in floating point so the message can say how far off the header is.
                double claimed = 1;
                for (int e : dimensions) {
                    claimed *= e;
                }
                throw new DataException(source + ": IDX header dimensions " + Arrays.toString(dimensions) + " claim "
                        + String.format("%.4g", claimed) + " data bytes, more than the " + MAX_DATA_BYTES
                        + " one Java array holds" + (available >= 0 ? "; the file holds only " + available + " after the header" : "")
                        + "; the header is corrupt or the file is not an IDX file");
            }
        }
        return product;
    }

    private static byte[] readData(InputStream in, String source, String where, int[] dimensions, int expected,
            boolean lengthVerified) throws IOException {
        // Unless the length was checked against the file size, grow the array as data arrives, so a
        // header claiming gigabytes fails on the short data instead of allocating them first.
        byte[] data = new byte[lengthVerified ? expected : Math.min(expected, INITIAL_CHUNK)];
        int filled = 0;
        while (filled < expected) {
            if (filled == data.length) {
                data = Arrays.copyOf(data, (int) Math.min(expected, 2L * data.length));
            }
            int n;
            try {
                n = in.read(data, filled, data.length - filled);
            } catch (IOException e) {
                DataException d = DataFiles.failure(source, e);
                throw new DataException(d.getMessage() + " after " + filled + " of " + expected + " data bytes",
                        d.help(), e);
            }
            if (n < 0) {
                throw lengthMismatch(source, where, dimensions, expected, filled);
            }
            filled += n;
        }
        return data;
    }

    /** Bytes left in {@code in}, counting no further than {@link #TRAILING_COUNT_LIMIT}. */
    private static long countRemaining(InputStream in) throws IOException {
        long count = 0;
        byte[] skip = new byte[BUFFER];
        int n;
        while (count <= TRAILING_COUNT_LIMIT && (n = in.read(skip)) >= 0) {
            count += n;
        }
        return count;
    }

    private static DataException lengthMismatch(String source, String where, int[] dimensions, long expected,
            long actual) {
        String shape = "dimensions " + Arrays.toString(dimensions);
        if (actual < expected) {
            return new DataException(source + ": truncated IDX file: " + where + " ends after " + actual + " of "
                    + expected + " data bytes (" + shape + ")",
                    "the file is incomplete, probably an interrupted download; fetch it again");
        }
        String extra = actual - expected > TRAILING_COUNT_LIMIT ? "more than " + TRAILING_COUNT_LIMIT
                : Long.toString(actual - expected);
        return new DataException(source + ": too long for an IDX file: " + where + " has " + extra + " trailing bytes after the "
                + expected + " data bytes its header announces (" + shape + ")");
    }

    /** A hint for files that are recognisably something else. */
    private static String looksLike(byte[] magic) {
        if (magic[0] == 0x1f && (magic[1] & 0xFF) == 0x8b) {
            return " (gzip magic inside gzip data: the file was compressed twice)";
        }
        if (magic[0] == 'P' && magic[1] == 'K') {
            return " (a zip archive: extract it first)";
        }
        if (magic[0] == '<') {
            return " (text starting with '<': an HTML or XML page, perhaps a download error page)";
        }
        return "";
    }

    /** The IDX name of element type {@code type}, or null if it is not an IDX type. */
    private static String typeName(int type) {
        return switch (type) {
            case 0x08 -> "unsigned byte";
            case 0x09 -> "signed byte";
            case 0x0B -> "16-bit short";
            case 0x0C -> "32-bit int";
            case 0x0D -> "32-bit float";
            case 0x0E -> "64-bit double";
            default -> null;
        };
    }
}
