package dev.backprop.data;

import dev.backprop.fuzz.Fuzz;
import dev.backprop.fuzz.Mutator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static dev.backprop.data.DataTestFiles.counting;
import static dev.backprop.data.DataTestFiles.gzip;
import static dev.backprop.data.DataTestFiles.idx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes {@link IdxFile} and {@link MnistFormat}: random bytes, damaged valid files (raw and
 * gzipped) and generated headers with boundary sizes. Every input is read as a file and as a stream;
 * both must refuse it with a {@link DataException} naming it, or both accept it with dimensions whose
 * product is the data length. Also: headers claiming huge sizes are refused without allocating them.
 */
class IdxFuzzTest {

    @TempDir
    Path dir;

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = IdxFuzzTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    /** Valid files to damage: the committed tiny set, and small generated arrays of every rank. */
    private static List<byte[]> seeds() throws IOException {
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(resource("tiny-labels-idx1-ubyte"));
        seeds.add(resource("tiny-images-idx3-ubyte.gz"));
        seeds.add(idx(new int[] {3, 2, 2}, counting(12, 5)));
        seeds.add(idx(new int[] {7}, counting(7, 0)));
        seeds.add(idx(new int[] {2, 1, 3, 2}, counting(12, 250)));
        seeds.add(idx(new int[] {0, 28, 28}, new byte[0]));
        seeds.add(gzip(idx(new int[] {2, 3, 3}, counting(18, 1))));
        return seeds;
    }

    /** A header with a random rank, element type and boundary sizes, and some data (rarely the right amount). */
    static Fuzz.Input generatedHeader(SplittableRandom random) {
        int rank = random.nextInt(7);
        int type = random.nextInt(3) == 0 ? random.nextInt(256) : new int[] {0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E}[random.nextInt(6)];
        int[] dims = new int[rank];
        long product = 1;
        for (int i = 0; i < rank; i++) {
            dims[i] = random.nextBoolean() ? random.nextInt(6) : (int) Mutator.boundary(random);
            product *= Math.max(0, dims[i]);
            product = Math.min(product, 1L << 40);
        }
        int dataLength = product < 4096 && random.nextBoolean() ? (int) product + (random.nextInt(3) - 1) * random.nextInt(3)
                : random.nextInt(64);
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * rank + Math.max(0, dataLength));
        b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) rank);
        for (int d : dims) {
            b.putInt(d);
        }
        byte[] bytes = b.array();
        boolean gz = random.nextInt(4) == 0;
        String what = String.format("type 0x%02x dims %s, %d data bytes%s", type, Arrays.toString(dims), dataLength,
                gz ? ", gzipped" : "");
        return new Fuzz.Input(Fuzz.Kind.GENERATED, what, gz ? gzip(bytes) : bytes);
    }

    private static void checkConsistent(IdxArray a, String how) {
        long product = 1;
        for (int d : a.dimensions()) {
            Fuzz.check(d >= 0, how + ": negative dimension in " + Arrays.toString(a.dimensions()));
            product *= d;
        }
        Fuzz.check(a.rank() >= 1 && a.rank() <= IdxFile.MAX_DIMENSIONS, how + ": rank " + a.rank());
        Fuzz.check(product == a.data().length, how + ": dimensions " + Arrays.toString(a.dimensions()) + " but "
                + a.data().length + " bytes");
    }

    @Test
    void readersRefuseOrReadConsistently() throws IOException {
        Mutator mutator = new Mutator(seeds(), 20, new int[] {2, 3, 4, 8, 12, 16}, true);
        Fuzz.Generator inputs = Fuzz.mix(new int[] {2, 1, 5, 2},
                Mutator.randomBytes(256),
                Mutator.randomAfter(new byte[] {0, 0, 8, 3}, 64),
                mutator.generator(),
                IdxFuzzTest::generatedHeader);
        byte[] labels = resource("tiny-labels-idx1-ubyte");
        Fuzz.of("idx", 1500).scratch(dir).refusals(DataException.class).run(inputs, (input, source) -> {
            Path file = Files.write(Path.of(source), input.bytes());
            IdxArray fromFile = null;
            DataException fileError = null;
            try {
                fromFile = IdxFile.read(file);
            } catch (DataException e) {
                fileError = e;
            }
            IdxArray fromStream = null;
            try {
                fromStream = IdxFile.read(new ByteArrayInputStream(input.bytes()), source);
            } catch (DataException e) {
                if (fileError == null) {
                    throw new Fuzz.Inconsistent("the file reader accepted what the stream reader refused: " + e.getMessage());
                }
            }
            if (fileError != null) {
                if (fromStream != null) {
                    throw new Fuzz.Inconsistent("the stream reader accepted what the file reader refused: "
                            + fileError.getMessage());
                }
                throw fileError;
            }
            checkConsistent(fromFile, "file");
            Fuzz.check(fromFile.equals(fromStream), "the file and stream readers read different arrays");
            // As an images file of an MNIST-style pair: refused or a consistent set.
            try {
                LabeledImages set = MnistFormat.read(new ByteArrayInputStream(input.bytes()), source,
                        new ByteArrayInputStream(labels), "labels", source, MnistFormat.MNIST_CLASSES);
                Fuzz.check((long) set.count() * set.shape().size() == set.pixels().length, "images and pixels disagree");
            } catch (DataException e) {
                Fuzz.check(e.getMessage().contains(source), "MnistFormat's message does not name the file: " + e.getMessage());
            }
        });
    }

    /** A header claiming 2^31 - 1 images of 2^15 x 2^15 pixels, or 2^31 - 9 labels, is refused at once. */
    @Test
    void hugeClaimsAreRefusedWithoutAllocating() throws IOException {
        byte[] images = idx(new int[] {Integer.MAX_VALUE, 1 << 15, 1 << 15}, new byte[16]);
        byte[] labels = idx(new int[] {Integer.MAX_VALUE - 9}, new byte[16]);
        Path imagesFile = Files.write(dir.resolve("huge-images-idx3-ubyte"), images);
        Path labelsFile = Files.write(dir.resolve("huge-labels-idx1-ubyte"), labels);
        Path gzFile = Files.write(dir.resolve("huge-labels-idx1-ubyte.gz"), gzip(labels));
        List<Fuzz.Action> reads = List.of(
                () -> IdxFile.read(imagesFile),
                () -> IdxFile.read(labelsFile),
                () -> IdxFile.read(gzFile),
                () -> IdxFile.read(new ByteArrayInputStream(images), "huge images stream"),
                () -> IdxFile.read(new ByteArrayInputStream(labels), "huge labels stream"),
                () -> MnistFormat.read(imagesFile, labelsFile, "huge", MnistFormat.MNIST_CLASSES));
        for (Fuzz.Action read : reads) {
            Fuzz.measure(read); // warm up: class loading is not the reader's allocation
            Fuzz.Measured m = Fuzz.measure(read);
            DataException e = assertInstanceOf(DataException.class, m.thrown());
            assertTrue(e.getMessage().startsWith(dir.toString()) || e.getMessage().startsWith("huge"), e.getMessage());
            assertTrue(m.allocatedBytes() < 10L << 20, m.allocatedBytes() + " bytes allocated for " + e.getMessage());
            assertTrue(m.seconds() < 2, m.seconds() + " s for " + e.getMessage());
        }
        DataException e = assertInstanceOf(DataException.class, Fuzz.measure(() -> IdxFile.read(imagesFile)).thrown());
        assertTrue(e.getMessage().contains("[2147483647, 32768, 32768] claim 2.306e+18 data bytes"), e.getMessage());
        e = assertInstanceOf(DataException.class, Fuzz.measure(() -> IdxFile.read(labelsFile)).thrown());
        assertTrue(e.getMessage().contains("truncated IDX file"), e.getMessage());
        assertEquals(dir.resolve("huge-labels-idx1-ubyte") + ": truncated IDX file: the file ends after 16 of 2147483638"
                + " data bytes (dimensions [2147483638])", e.getMessage());
    }

    /**
     * A gzip "bomb": 2 MB of zeros behind a matching header compress about a thousandfold, so a
     * small file would make the reader allocate the whole announced array; it is refused from the
     * ratio of the header's claim to the file's size, before any data is read.
     */
    @Test
    void highlyCompressedFilesAreRefusedBeforeTheirDataIsRead() throws IOException {
        byte[] labels = idx(new int[] {2_000_000}, new byte[2_000_000]);
        Path bomb = Files.write(dir.resolve("bomb-labels-idx1-ubyte.gz"), gzip(labels));
        assertTrue(Files.size(bomb) * IdxFile.MAX_GZIP_EXPANSION < 2_000_000, "the test file is a bomb: " + Files.size(bomb));
        Fuzz.measure(() -> IdxFile.read(bomb));
        Fuzz.Measured m = Fuzz.measure(() -> IdxFile.read(bomb));
        DataException e = assertInstanceOf(DataException.class, m.thrown());
        assertTrue(e.getMessage().startsWith(bomb.toString()) && e.getMessage().contains("times the"), e.getMessage());
        assertTrue(m.allocatedBytes() < 1L << 20, m.allocatedBytes() + " bytes allocated");
        // The same content as a stream (a resource of our own, size unknown) is still read.
        assertEquals(2_000_000, IdxFile.read(new ByteArrayInputStream(gzip(labels)), "stream").data().length);
    }
}
