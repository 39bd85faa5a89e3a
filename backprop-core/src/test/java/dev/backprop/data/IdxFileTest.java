package dev.backprop.data;

import static dev.backprop.data.DataTestFiles.assertMessage;
import static dev.backprop.data.DataTestFiles.bytes;
import static dev.backprop.data.DataTestFiles.concat;
import static dev.backprop.data.DataTestFiles.counting;
import static dev.backprop.data.DataTestFiles.gzip;
import static dev.backprop.data.DataTestFiles.idx;
import static dev.backprop.data.DataTestFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link IdxFile}: known answers on tiny files, and every kind of malformed input refused with a message naming it. */
class IdxFileTest {

    private static final byte[] SIX = bytes(0, 1, 2, 127, 128, 255);
    private static final byte[] TWO_BY_THREE = idx(new int[] {2, 3}, SIX);

    @TempDir
    Path dir;

    // ---- known answers ----

    @Test
    void readsRawUnsignedBytes() throws IOException {
        IdxArray a = IdxFile.read(write(dir, "a-idx2-ubyte", TWO_BY_THREE));

        assertArrayEquals(new int[] {2, 3}, a.dimensions());
        assertEquals(2, a.rank());
        assertEquals(3, a.dimension(1));
        assertArrayEquals(SIX, a.data());
        assertEquals(128, a.unsigned(4));
        assertEquals(255, a.unsigned(5));
        assertEquals("IdxArray[2 x 3 unsigned bytes]", a.toString());
    }

    @Test
    void gzipIsRecognisedByContentNotName() throws IOException {
        IdxArray raw = IdxFile.read(write(dir, "raw.gz", TWO_BY_THREE));
        IdxArray gzipped = IdxFile.read(write(dir, "plain-name-idx2-ubyte", gzip(TWO_BY_THREE)));

        assertEquals(new IdxArray(new int[] {2, 3}, SIX), raw);
        assertEquals(raw, gzipped);
    }

    @Test
    void readsStreamsRawAndGzipped() throws IOException {
        IdxArray raw = IdxFile.read(new ByteArrayInputStream(TWO_BY_THREE), "raw stream");
        IdxArray gzipped = IdxFile.read(new ByteArrayInputStream(gzip(TWO_BY_THREE)), "gz stream");

        assertEquals(new IdxArray(new int[] {2, 3}, SIX), raw);
        assertEquals(raw, gzipped);
    }

    @Test
    void readsAFileLargerThanOneGrowthStep() throws IOException {
        // 3 MiB of data from a stream exercises the grow-as-data-arrives path past its first chunk.
        byte[] data = counting(3 << 20, 7);
        byte[] file = idx(new int[] {3, 1024, 1024}, data);

        IdxArray fromGzip = IdxFile.read(new ByteArrayInputStream(gzip(file)), "big.gz");

        assertArrayEquals(new int[] {3, 1024, 1024}, fromGzip.dimensions());
        assertArrayEquals(data, fromGzip.data());
    }

    @Test
    void readsOneAndFourDimensions() throws IOException {
        assertArrayEquals(new int[] {6}, IdxFile.read(write(dir, "v", idx(new int[] {6}, SIX))).dimensions());
        IdxArray four = IdxFile.read(write(dir, "t", idx(new int[] {1, 2, 1, 3}, SIX)));
        assertArrayEquals(new int[] {1, 2, 1, 3}, four.dimensions());
        assertArrayEquals(SIX, four.data());
    }

    @Test
    void zeroSizedDimensionIsAnEmptyArray() throws IOException {
        IdxArray empty = IdxFile.read(write(dir, "empty-idx3", idx(new int[] {0, 28, 28}, new byte[0])));

        assertArrayEquals(new int[] {0, 28, 28}, empty.dimensions());
        assertEquals(0, empty.data().length);
    }

    @Test
    void readsAClasspathResource() throws IOException {
        try (var in = getClass().getResourceAsStream("tiny-images-idx3-ubyte.gz")) {
            assertNotNull(in, "test resource missing");
            IdxArray a = IdxFile.read(in, "tiny-images-idx3-ubyte.gz");
            assertArrayEquals(new int[] {3, 2, 2}, a.dimensions());
            assertArrayEquals(bytes(0, 255, 1, 254, 10, 20, 30, 40, 200, 201, 202, 203), a.data());
        }
    }

    @Test
    void dimensionsAreDefensivelyCopied() {
        int[] dims = {2, 3};
        IdxArray a = new IdxArray(dims, SIX);
        dims[0] = 99;
        a.dimensions()[1] = 99;
        assertArrayEquals(new int[] {2, 3}, a.dimensions());
        assertThrows(IllegalArgumentException.class, () -> new IdxArray(new int[] {2, 2}, SIX));
    }

    // ---- missing and unreadable ----

    @Test
    void missingFileIsADataExceptionNamingIt() {
        Path missing = dir.resolve("nope-idx3-ubyte.gz");

        DataException e = assertThrows(DataException.class, () -> IdxFile.read(missing));

        assertMessage(e, missing.toString(), "file not found");
        assertInstanceOf(NoSuchFileException.class, e.getCause());
        assertNotNull(e.help());
    }

    @Test
    void directoryIsRefused() {
        DataException e = assertThrows(DataException.class, () -> IdxFile.read(dir));
        assertMessage(e, dir.toString(), "is a directory");
    }

    @Test
    void emptyAndTinyFiles() throws IOException {
        Path empty = write(dir, "empty", new byte[0]);
        Path tiny = write(dir, "tiny", bytes(0, 0));

        assertMessage(assertThrows(DataException.class, () -> IdxFile.read(empty)), empty.toString(), "not an IDX file",
                "the file is empty");
        assertMessage(assertThrows(DataException.class, () -> IdxFile.read(tiny)), tiny.toString(),
                "the file ends after 2 bytes, inside the 4-byte magic number");
    }

    // ---- header problems ----

    @Test
    void wrongMagic() throws IOException {
        Path png = write(dir, "digit.png", concat(bytes(0x89, 'P', 'N', 'G', 13, 10, 26, 10), new byte[40]));

        DataException e = assertThrows(DataException.class, () -> IdxFile.read(png));

        assertMessage(e, png + ": not an IDX file", "expected a magic number 0x0000TTNN", "0x00000803", "found 0x89504e47");
    }

    @Test
    void gzipInsideGzipIsNamed() throws IOException {
        Path twice = write(dir, "twice.gz", gzip(gzip(TWO_BY_THREE)));

        DataException e = assertThrows(DataException.class, () -> IdxFile.read(twice));

        assertMessage(e, twice.toString(), "not an IDX file", "found 0x1f8b0800 at the start of the gzip content",
                "compressed twice");
    }

    @ParameterizedTest
    @CsvSource({"9, 0x09 (signed byte)", "11, 0x0b (16-bit short)", "12, 0x0c (32-bit int)", "13, 0x0d (32-bit float)",
            "14, 0x0e (64-bit double)"})
    void unsupportedElementTypesAreNamed(int type, String named) throws IOException {
        Path file = write(dir, "typed-idx1", idx(type, new int[] {6}, SIX));

        DataException e = assertThrows(DataException.class, () -> IdxFile.read(file));

        assertMessage(e, file.toString(), "unsupported IDX element type " + named, "only 0x08 (unsigned byte) is supported");
        assertNotNull(e.help());
    }

    @Test
    void unknownElementTypeIsNotIdx() throws IOException {
        Path file = write(dir, "odd", idx(0x07, new int[] {6}, SIX));

        DataException e = assertThrows(DataException.class, () -> IdxFile.read(file));

        assertMessage(e, file.toString(), "not an IDX file", "element type 0x07", "magic number 0x00000701");
    }

    @Test
    void dimensionCountOutsideOneToFour() throws IOException {
        Path none = write(dir, "rank0", idx(new int[0], new byte[0]));
        Path five = write(dir, "rank5", idx(new int[] {1, 1, 1, 1, 6}, SIX));

        assertMessage(assertThrows(DataException.class, () -> IdxFile.read(none)), none.toString(),
                "unsupported IDX dimension count 0", "expected 1 to 4");
        assertMessage(assertThrows(DataException.class, () -> IdxFile.read(five)), five.toString(),
                "unsupported IDX dimension count 5", "expected 1 to 4");
    }

    @Test
    void negativeDimension() throws IOException {
        Path file = write(dir, "negative", idx(new int[] {2, -3}, SIX));

        DataException e = assertThrows(DataException.class, () -> IdxFile.read(file));

        assertMessage(e, file.toString(), "dimension 1 has size 4294967293 (0xfffffffd)", "at most 2147483647");
    }

    @Test
    void truncatedHeader() throws IOException {
        Path file = write(dir, "cut-header", Arrays.copyOf(idx(new int[] {60000, 28, 28}, new byte[0]), 9));

        DataException e = assertThrows(DataException.class, () -> IdxFile.read(file));

        assertMessage(e, file.toString(), "truncated IDX header", "ends after 9 bytes", "16 header bytes expected");
    }

    // ---- data length ----

    @Test
    void truncatedRawFile() throws IOException {
        Path file = write(dir, "cut-idx2", Arrays.copyOf(TWO_BY_THREE, TWO_BY_THREE.length - 2));

        DataException e = assertThrows(DataException.class, () -> IdxFile.read(file));

        assertMessage(e, file + ": truncated IDX file", "the file ends after 4 of 6 data bytes", "[2, 3]");
        assertNotNull(e.help());
    }

    @Test
    void truncatedContentInsideCompleteGzip() throws IOException {
        Path file = write(dir, "cut-idx2.gz", gzip(Arrays.copyOf(TWO_BY_THREE, TWO_BY_THREE.length - 2)));

        DataException e = assertThrows(DataException.class, () -> IdxFile.read(file));

        assertMessage(e, file + ": truncated IDX file", "the gzip content ends after 4 of 6 data bytes");
    }

    @Test
    void truncatedStream() {
        byte[] cut = Arrays.copyOf(TWO_BY_THREE, TWO_BY_THREE.length - 1);

        DataException e = assertThrows(DataException.class, () -> IdxFile.read(new ByteArrayInputStream(cut), "res/cut"));

        assertMessage(e, "res/cut: truncated IDX file", "the stream ends after 5 of 6 data bytes");
    }

    @Test
    void cutOffGzipFile() throws IOException {
        byte[] data = counting(5000, 3);
        byte[] gz = gzip(idx(new int[] {5000}, data));
        Path file = write(dir, "interrupted.gz", Arrays.copyOf(gz, gz.length / 2));

        DataException e = assertThrows(DataException.class, () -> IdxFile.read(file));

        assertMessage(e, file.toString(), "corrupt or truncated gzip data", "of 5000 data bytes");
        assertNotNull(e.help());
    }

    @Test
    void trailingBytesRaw() throws IOException {
        Path file = write(dir, "long-idx2", concat(TWO_BY_THREE, bytes(9, 9, 9)));

        DataException e = assertThrows(DataException.class, () -> IdxFile.read(file));

        assertMessage(e, file + ": too long for an IDX file", "the file has 3 trailing bytes after the 6 data bytes");
    }

    @Test
    void trailingBytesGzipAndStream() throws IOException {
        byte[] tooLong = concat(TWO_BY_THREE, bytes(9));
        Path file = write(dir, "long-idx2.gz", gzip(tooLong));

        assertMessage(assertThrows(DataException.class, () -> IdxFile.read(file)), file.toString(),
                "the gzip content has 1 trailing bytes after the 6 data bytes");
        assertMessage(assertThrows(DataException.class, () -> IdxFile.read(new ByteArrayInputStream(tooLong), "s")),
                "s: too long", "the stream has 1 trailing bytes");
    }

    // ---- hostile headers: fail fast, allocate nothing large ----

    @Test
    void dimensionProductBeyondAnyArray() throws IOException {
        Path file = write(dir, "huge-idx4", idx(new int[] {65536, 65536, 65536, 65536}, SIX));

        DataException e = assertThrows(DataException.class, () -> IdxFile.read(file));

        assertMessage(e, file.toString(), "[65536, 65536, 65536, 65536] claim 1.845e+19 data bytes",
                "more than the 2147483639 one Java array holds", "the file holds only 6 after the header");
    }

    @Test
    void headerClaimingTwoToTheFortyBytesWithAShortFile() throws IOException {
        byte[] file = idx(new int[] {1 << 20, 1 << 20}, SIX);
        Path raw = write(dir, "tera-idx2", file);
        Path gz = write(dir, "tera-idx2.gz", gzip(file));

        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertMessage(assertThrows(DataException.class, () -> IdxFile.read(raw)), raw.toString(),
                    "claim 1.100e+12 data bytes", "the file holds only 6 after the header");
            assertMessage(assertThrows(DataException.class, () -> IdxFile.read(gz)), gz.toString(),
                    "claim 1.100e+12 data bytes");
        });
    }

    @Test
    void lyingHeaderBelowTheLimitFailsOnTheShortDataWithoutAllocatingIt() throws IOException {
        // 2e9 bytes would not fit the 2 GiB test heap next to anything else: allocating up front
        // would throw OutOfMemoryError instead of this DataException.
        byte[] file = idx(new int[] {2_000_000_000}, SIX);
        Path raw = write(dir, "liar-idx1", file);
        Path gz = write(dir, "liar-idx1.gz", gzip(file));

        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertMessage(assertThrows(DataException.class, () -> IdxFile.read(raw)), raw.toString(),
                    "the file ends after 6 of 2000000000 data bytes");
            // A gzip file this small cannot hold 2e9 bytes of any real dataset: refused from the ratio.
            assertMessage(assertThrows(DataException.class, () -> IdxFile.read(gz)), gz.toString(),
                    "times the", "compress at most 200 times");
            // Read as a stream, its size unknown, it fails on the short data as it arrives.
            assertMessage(assertThrows(DataException.class,
                    () -> IdxFile.read(new ByteArrayInputStream(gzip(file)), "liar.gz")),
                    "liar.gz", "the gzip content ends after 6 of 2000000000 data bytes");
            assertMessage(assertThrows(DataException.class, () -> IdxFile.read(new ByteArrayInputStream(file), "liar")),
                    "liar: truncated", "the stream ends after 6 of 2000000000 data bytes");
        });
    }
}
