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

import static dev.backprop.io.NpyTestSupport.fixtureBytes;
import static dev.backprop.io.SafeTensorsTestSupport.MAX_TEST_BYTES;
import static dev.backprop.io.SafeTensorsTestSupport.entry;
import static dev.backprop.io.SafeTensorsTestSupport.file;
import static dev.backprop.io.SafeTensorsTestSupport.withLength;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the safetensors reader: random bytes, damaged files (from Backprop, the reference
 * implementation and another tool) and generated headers whose dtypes, shapes and offsets take
 * boundary values. The file and stream readers must both refuse an input with a
 * {@link SafeTensorsFormatException} naming it, or both read the same tensors, whose shapes match
 * their sizes and whose bytes fit the file.
 */
class SafeTensorsFuzzTest {

    private static final String[] DTYPES = {"F32", "F64", "I32", "I64", "U8", "BF16", "F16", "BOOL", "f32", ""};

    @TempDir
    Path dir;

    /** A header of one to three tensors with random dtypes, shapes and offsets, and some data. */
    static Fuzz.Input generatedHeader(SplittableRandom random) {
        StringBuilder h = new StringBuilder("{");
        if (random.nextInt(3) == 0) {
            h.append(random.nextBoolean() ? "\"__metadata__\":{\"a\":\"b\"}," : "\"__metadata__\":{\"backprop.crc32c\":\"00000000\"},");
        }
        int tensors = 1 + random.nextInt(3);
        long offset = 0;
        for (int t = 0; t < tensors; t++) {
            String dtype = DTYPES[random.nextInt(DTYPES.length)];
            int rank = random.nextInt(4);
            StringBuilder shape = new StringBuilder("[");
            long count = 1;
            for (int i = 0; i < rank; i++) {
                long extent = random.nextBoolean() ? random.nextInt(4) : Mutator.boundary(random);
                shape.append(i == 0 ? "" : ",").append(extent);
                count = Math.min(count * Math.max(0, extent), 1L << 50);
            }
            shape.append(']');
            int item = dtype.endsWith("64") ? 8 : dtype.endsWith("32") ? 4 : 1;
            long length = random.nextInt(3) == 0 ? Mutator.boundary(random) : count * item;
            long begin = random.nextInt(6) == 0 ? Mutator.boundary(random) : offset;
            h.append(t == 0 ? "" : ",").append(entry("t" + t, dtype, shape.toString(), begin, begin + length));
            offset = begin + length;
        }
        h.append('}');
        int data = offset >= 0 && offset < 4096 && random.nextInt(4) != 0 ? (int) offset + (random.nextInt(4) == 0
                ? random.nextInt(5) - 2 : 0) : random.nextInt(64);
        byte[] bytes = random.nextInt(8) == 0
                ? withLength(Mutator.boundary(random), h.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        new byte[Math.max(0, data)])
                : file(h.toString(), new byte[Math.max(0, data)]);
        return new Fuzz.Input(Fuzz.Kind.GENERATED, h + " and " + data + " data bytes", bytes);
    }

    @Test
    void readersRefuseOrReadConsistently() {
        List<byte[]> seeds = new ArrayList<>();
        for (String f : new String[] {"st_other_tool.safetensors", "st_reference.safetensors", "st_backprop_layout.safetensors"}) {
            seeds.add(fixtureBytes(f));
        }
        Mutator mutator = new Mutator(seeds, 200, new int[] {0, 1, 4, 7, 8}, false);
        Fuzz.Generator inputs = Fuzz.mix(new int[] {1, 1, 5, 3}, Mutator.randomBytes(300),
                Mutator.randomAfter(new byte[] {16, 0, 0, 0, 0, 0, 0, 0, '{'}, 100), mutator.generator(),
                SafeTensorsFuzzTest::generatedHeader);
        Fuzz.of("safetensors", 1500).scratch(dir).refusals(SafeTensorsFormatException.class).run(inputs, (input, source) -> {
            Path path = Files.write(Path.of(source), input.bytes());
            SafeTensorsFile fromFile = null;
            SafeTensorsFormatException fileError = null;
            try {
                fromFile = SafeTensors.read(path);
            } catch (SafeTensorsFormatException e) {
                fileError = e;
            }
            SafeTensorsFile fromStream = null;
            SafeTensorsFormatException streamError = null;
            try {
                fromStream = SafeTensors.read(new ByteArrayInputStream(input.bytes()), source, MAX_TEST_BYTES);
            } catch (SafeTensorsFormatException e) {
                streamError = e;
            }
            if ((fileError == null) != (streamError == null)) {
                throw new Fuzz.Inconsistent("the readers disagree: file " + (fileError == null ? "accepted"
                        : fileError.getMessage()) + ", stream " + (streamError == null ? "accepted" : streamError.getMessage()));
            }
            if (fileError != null) {
                throw fileError;
            }
            long total = 0;
            for (NpyArray t : fromFile.tensors().values()) {
                long product = 1;
                for (int d : t.shape()) {
                    product *= d;
                }
                Fuzz.check(product == t.size(), "shape and size disagree: " + t);
                total += t.size() * t.dtype().itemSize();
            }
            Fuzz.check(total <= input.bytes().length, "more tensor bytes than file bytes");
            Fuzz.check(fromFile.tensors().equals(fromStream.tensors()), "the readers read different tensors");
            Fuzz.check(fromFile.metadata().equals(fromStream.metadata()), "the readers read different metadata");
        });
    }

    /** Headers claiming a tensor of 2^40 or 2^31 x 2^31 elements, or a 2^63-byte header, are refused at once. */
    @Test
    void hugeClaimsAreRefusedWithoutAllocating() throws IOException {
        List<byte[]> claims = List.of(
                file("{" + entry("w", "F32", "[1099511627776]", 0, 4398046511104L) + "}", new byte[8]),
                file("{" + entry("w", "F64", "[2147483647,2147483647]", 0, 8 * 4611686014132420609L) + "}", new byte[8]),
                file("{" + entry("w", "U8", "[2147483000]", 0, 2147483000L) + "}", new byte[8]),
                withLength(Long.MAX_VALUE, new byte[] {'{', '}'}),
                withLength(99_999_999, new byte[] {'{', '}'}));
        List<Fuzz.Action> reads = new ArrayList<>();
        for (byte[] b : claims) {
            Path f = Files.write(dir.resolve("huge-" + reads.size() + ".safetensors"), b);
            reads.add(() -> SafeTensors.read(f));
            reads.add(() -> SafeTensors.read(new ByteArrayInputStream(b), dir + "/stream", MAX_TEST_BYTES));
        }
        for (Fuzz.Action read : reads) {
            Fuzz.measure(read);
            Fuzz.Measured m = Fuzz.measure(read);
            SafeTensorsFormatException e = assertInstanceOf(SafeTensorsFormatException.class, m.thrown());
            assertTrue(e.getMessage().startsWith(dir.toString()), e.getMessage());
            assertTrue(m.allocatedBytes() < 10L << 20, m.allocatedBytes() + " bytes allocated for " + e.getMessage());
            assertTrue(m.seconds() < 2, m.seconds() + " s for " + e.getMessage());
        }
    }
}
