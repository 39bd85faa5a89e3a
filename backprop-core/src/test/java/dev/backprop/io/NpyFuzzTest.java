package dev.backprop.io;

import dev.backprop.fuzz.Fuzz;
import dev.backprop.fuzz.Mutator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static dev.backprop.io.NpyTestSupport.dict;
import static dev.backprop.io.NpyTestSupport.fixtureBytes;
import static dev.backprop.io.NpyTestSupport.npy;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the {@code .npy} reader: random bytes, damaged NumPy-written fixtures, and generated
 * headers (every format version, dtypes supported and not, shapes with boundary extents, data of the
 * right length or not). The file and stream readers must both refuse an input with an
 * {@link NpyFormatException} naming it, or both read the same array, whose shape matches its size.
 */
class NpyFuzzTest {

    private static final String[] FIXTURES = {"f4_2x3.npy", "f8_0x3.npy", "f8_4.npy", "f8_scalar.npy", "f8_v2.npy",
        "f8_v3.npy", "i4_2x2.npy", "i4_2x3x5.npy", "i8_3.npy", "u1_2x2.npy", "f8_fortran.npy", "structured_2.npy"};

    private static final String[] DESCRS = {"<f4", "<f8", "<i4", "<i8", "|u1", "u1", ">f8", "=f4", "<c16", "|b1", "O",
        "<U3", "", "f8", "<f2"};

    @TempDir
    Path dir;

    /** A header of random keys and values around the real ones, with a consistent length field. */
    static Fuzz.Input generatedHeader(SplittableRandom random) {
        int rank = random.nextInt(5);
        StringBuilder shape = new StringBuilder("(");
        long count = 1;
        for (int i = 0; i < rank; i++) {
            long extent = random.nextBoolean() ? random.nextInt(5) : Mutator.boundary(random);
            String text = random.nextInt(20) == 0 ? "9".repeat(1 + random.nextInt(40)) : Long.toString(extent);
            shape.append(i == 0 ? "" : ", ").append(text);
            count = extent < 0 ? -1 : count < 0 ? -1 : Math.min(count * Math.max(extent, 0), 1L << 40);
        }
        shape.append(rank == 1 && random.nextInt(4) != 0 ? ",)" : ")");
        String descr = DESCRS[random.nextInt(DESCRS.length)];
        String header;
        switch (random.nextInt(6)) {
            case 0:
                header = "{'descr': '" + descr + "', 'fortran_order': " + (random.nextBoolean() ? "True" : "None")
                        + ", 'shape': " + shape + ", }\n";
                break;
            case 1:
                header = "{'descr': '" + descr + "', 'shape': " + shape + ", 'extra': " + "(".repeat(random.nextInt(40))
                        + "1" + ")".repeat(random.nextInt(40)) + ", 'fortran_order': False}";
                break;
            case 2:
                header = "{\"descr\": [('a', '<f8')], \"fortran_order\": False, \"shape\": " + shape + "}";
                break;
            default:
                header = dict(descr, shape.toString());
        }
        int itemSize = descr.contains("8") ? 8 : descr.contains("4") ? 4 : 1;
        int data = count >= 0 && count * itemSize < 4096 && random.nextBoolean()
                ? (int) (count * itemSize) + (random.nextInt(4) == 0 ? random.nextInt(9) - 4 : 0) : random.nextInt(64);
        int major = 1 + random.nextInt(3);
        return new Fuzz.Input(Fuzz.Kind.GENERATED, "version " + major + " header " + header.strip() + ", " + data
                + " data bytes", npy(major, header, new byte[Math.max(0, data)]));
    }

    @Test
    void readersRefuseOrReadConsistently() {
        List<byte[]> seeds = new ArrayList<>();
        for (String f : FIXTURES) {
            seeds.add(fixtureBytes(f));
        }
        Mutator mutator = new Mutator(seeds, 128, new int[] {6, 7, 8, 9, 10, 11}, false);
        Fuzz.Generator inputs = Fuzz.mix(new int[] {1, 1, 5, 3}, Mutator.randomBytes(300),
                Mutator.randomAfter(NpyReader.MAGIC, 200), mutator.generator(), NpyFuzzTest::generatedHeader);
        Fuzz.of("npy", 1500).scratch(dir).refusals(NpyFormatException.class).run(inputs, (input, source) -> {
            Path file = Files.write(Path.of(source), input.bytes());
            NpyArray fromFile = null;
            NpyFormatException fileError = null;
            try {
                fromFile = Npy.read(file);
            } catch (NpyFormatException e) {
                fileError = e;
            }
            NpyArray fromStream = null;
            NpyFormatException streamError = null;
            try {
                fromStream = Npy.read(new ByteArrayInputStream(input.bytes()), source);
            } catch (NpyFormatException e) {
                streamError = e;
            }
            if ((fileError == null) != (streamError == null)) {
                throw new Fuzz.Inconsistent("the readers disagree: file " + (fileError == null ? "accepted"
                        : fileError.getMessage()) + ", stream " + (streamError == null ? "accepted" : streamError.getMessage()));
            }
            if (fileError != null) {
                Fuzz.check(fileError.source().equals(source) && streamError.source().equals(source), "source() is not the input");
                throw fileError;
            }
            long product = 1;
            for (int d : fromFile.shape()) {
                product *= d;
            }
            Fuzz.check(product == fromFile.size(), "shape and size disagree: " + fromFile);
            Fuzz.check(fromFile.equals(fromStream), "the readers read different arrays: " + fromFile + " vs " + fromStream);
            long expectedLength = fromFile.size() * fromFile.dtype().itemSize();
            Fuzz.check(expectedLength <= input.bytes().length, "more data than bytes");
        });
    }

    /** A header claiming a shape of [2^40] or [2^31 - 1, 2^31 - 1] is refused at once, as a file or a stream. */
    @Test
    void hugeShapesAreRefusedWithoutAllocating() throws IOException {
        byte[] big = npy(dict("<f8", "(1099511627776,)"), 8);
        byte[] square = npy(dict("<f8", "(2147483647, 2147483647)"), 8);
        byte[] fits = npy(dict("<f8", "(268435455,)"), 8); // 2 GB of data claimed, 8 bytes present
        List<Fuzz.Action> reads = new ArrayList<>();
        for (byte[] b : List.of(big, square, fits)) {
            Path file = Files.write(dir.resolve("huge-" + reads.size() + ".npy"), b);
            reads.add(() -> Npy.read(file));
            reads.add(() -> Npy.read(new ByteArrayInputStream(b), dir + "/stream.npy"));
        }
        for (Fuzz.Action read : reads) {
            Fuzz.measure(read);
            Fuzz.Measured m = Fuzz.measure(read);
            NpyFormatException e = assertInstanceOf(NpyFormatException.class, m.thrown());
            assertTrue(e.getMessage().startsWith(dir.toString()), e.getMessage());
            assertTrue(m.allocatedBytes() < 10L << 20, m.allocatedBytes() + " bytes allocated for " + e.getMessage());
            assertTrue(m.seconds() < 2, m.seconds() + " s for " + e.getMessage());
        }
    }
}
