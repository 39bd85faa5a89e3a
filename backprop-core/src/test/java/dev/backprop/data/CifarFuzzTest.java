package dev.backprop.data;

import dev.backprop.data.download.Archives;
import dev.backprop.fuzz.Fuzz;
import dev.backprop.fuzz.Mutator;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static dev.backprop.data.DataTestFiles.cifar;
import static dev.backprop.data.DataTestFiles.gzip;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the CIFAR-10 binary reader: batch files, {@code batches.meta.txt}, and the
 * {@code cifar-10-binary.tar.gz} archive as {@link Archives} unpacks it (then read as a folder).
 * Every input is refused with a {@link DataException} naming it, or read consistently.
 */
class CifarFuzzTest {

    private static final String META = String.join("\n", CifarBinary.CIFAR10_CLASSES) + "\n";

    @TempDir
    Path dir;

    private static void checkConsistent(LabeledImages set) {
        Fuzz.check(set.shape().equals(ImageShape.CIFAR), "shape " + set.shape());
        Fuzz.check((long) set.count() * set.shape().size() == set.pixels().length, "pixels and count disagree");
        for (int label : set.labels()) {
            Fuzz.check(label >= 0 && label < 10, "label " + label);
        }
    }

    @Test
    void batchFilesAreRefusedOrReadConsistently() {
        List<byte[]> seeds = List.of(cifar(1, 3), cifar(2, 0, 9), cifar(5, 1, 2, 3));
        int r = CifarBinary.RECORD_BYTES;
        Mutator mutator = new Mutator(seeds, 8, new int[] {0, r, 2 * r, r - 1, r + 1}, true);
        Fuzz.Generator inputs = Fuzz.mix(new int[] {2, 6, 2}, Mutator.randomBytes(3 * r + 2), mutator.generator(),
                CifarFuzzTest::recordsOfOddSizes);
        Fuzz.of("cifar-batch", 600).scratch(dir).refusals(DataException.class)
                .allocationBudget(32L << 20, 16)
                .run(inputs, (input, source) -> {
                    Path file = Files.write(Path.of(source), input.bytes());
                    checkConsistent(CifarBinary.read(List.of(file), CifarBinary.CIFAR10_CLASSES, source));
                });
    }

    /** Whole records with random labels, plus or minus a few bytes. */
    private static Fuzz.Input recordsOfOddSizes(SplittableRandom random) {
        int records = random.nextInt(4);
        int[] labels = new int[records];
        for (int i = 0; i < records; i++) {
            labels[i] = random.nextInt(3) == 0 ? random.nextInt(256) : random.nextInt(10);
        }
        byte[] b = cifar(random.nextInt(100), labels);
        int delta = random.nextInt(3) == 0 ? random.nextInt(5) - 2 : 0;
        byte[] out = java.util.Arrays.copyOf(b, Math.max(0, b.length + delta));
        return new Fuzz.Input(Fuzz.Kind.GENERATED, records + " records labelled " + java.util.Arrays.toString(labels)
                + ", " + delta + " bytes", out);
    }

    @Test
    void classNameFilesAreRefusedOrReadConsistently() {
        List<byte[]> seeds = List.of(META.getBytes(StandardCharsets.UTF_8),
                ("\r\n" + String.join("\r\n", CifarBinary.CIFAR10_CLASSES) + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        Mutator mutator = new Mutator(seeds, 16, new int[] {0, 8, 9}, true);
        Fuzz.Generator inputs = Fuzz.mix(new int[] {3, 7}, Mutator.randomBytes(200), mutator.generator());
        Fuzz.of("cifar-meta", 600).scratch(dir).refusals(DataException.class).run(inputs, (input, source) -> {
            Path file = Files.write(Path.of(source), input.bytes());
            List<String> names = CifarBinary.readClassNames(file);
            Fuzz.check(names.size() == 10 && names.stream().distinct().count() == 10, "names " + names);
            Fuzz.check(names.stream().noneMatch(String::isBlank), "a blank name in " + names);
        });
    }

    /** A .tar.gz in the official layout with a one-record test batch, as raw tar bytes. */
    static byte[] tar(List<String> names, List<byte[]> contents) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            for (int i = 0; i < names.size(); i++) {
                TarArchiveEntry e = new TarArchiveEntry(names.get(i));
                if (contents.get(i) != null) {
                    e.setSize(contents.get(i).length);
                }
                tar.putArchiveEntry(e);
                if (contents.get(i) != null) {
                    tar.write(contents.get(i));
                }
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void archivesAreRefusedOrUnpackToAReadableFolder() {
        String folder = "cifar-10-batches-bin/";
        byte[] plainTar = tar(List.of(folder, folder + "batches.meta.txt", folder + "test_batch.bin"),
                java.util.Arrays.asList(null, META.getBytes(StandardCharsets.UTF_8), cifar(4, 7)));
        byte[] twoBatches = tar(List.of(folder + "data_batch_1.bin", folder + "test_batch.bin"),
                List.of(cifar(1, 1, 2), cifar(3, 9)));
        // Damage to the tar (then gzipped) reaches the entry headers; damage to the .gz reaches gzip.
        Mutator tarMutator = new Mutator(List.of(plainTar, twoBatches), 512,
                new int[] {100, 108, 116, 124, 136, 148, 156, 157, 257, 345, 512, 1024, 1124, 1536}, true);
        Mutator gzMutator = new Mutator(List.of(gzip(plainTar), gzip(twoBatches)), 32, new int[] {0, 1, 2, 3, 9}, false);
        Fuzz.Generator tarDamage = random -> {
            Fuzz.Input t = tarMutator.generator().next(random);
            return new Fuzz.Input(t.kind(), "tar " + t.description() + ", gzipped", gzip(t.bytes()));
        };
        Fuzz.Generator inputs = Fuzz.mix(new int[] {1, 1, 5, 3}, Mutator.randomBytes(600),
                Mutator.randomAfter(new byte[] {0x1f, (byte) 0x8b, 8, 0}, 600), tarDamage, gzMutator.generator());
        List<Path> leftovers = new ArrayList<>();
        Fuzz.of("cifar-tar.gz", 500).scratch(dir).refusals(DataException.class)
                .allocationBudget(48L << 20, 64)
                .run(inputs, (input, source) -> {
                    Path archive = Files.write(Path.of(source), input.bytes());
                    Path destination = dir.resolve("unpacked");
                    deleteTree(destination);
                    try {
                        List<Path> created = Archives.extractTarGz(archive, destination);
                        for (Path p : created) {
                            Fuzz.check(p.normalize().startsWith(destination.toAbsolutePath().normalize()), p + " outside");
                        }
                        Path batches = destination.resolve("cifar-10-batches-bin");
                        if (Files.isDirectory(batches)) {
                            for (boolean train : new boolean[] {true, false}) {
                                try {
                                    checkConsistent(CifarBinary.readFolder(batches, train, "cifar10"));
                                } catch (DataException e) {
                                    Fuzz.check(e.getMessage().startsWith(batches.toString()), "message does not name "
                                            + "the folder or file: " + e.getMessage());
                                }
                            }
                        }
                    } catch (DataException e) {
                        try (Stream<Path> left = Files.exists(destination) ? Files.list(destination) : Stream.empty()) {
                            left.forEach(leftovers::add);
                        }
                        throw e;
                    } finally {
                        deleteTree(destination);
                    }
                });
        assertTrue(leftovers.isEmpty(), "a refused archive left files behind: " + leftovers);
    }

    /** Batch files of a billion records cannot exist small; the size check comes before any allocation. */
    @Test
    void hugeAndOddSizesAreRefusedWithoutAllocating() throws IOException {
        Path odd = Files.write(dir.resolve("data_batch_1.bin"), new byte[CifarBinary.RECORD_BYTES + 1]);
        Path sparse = dir.resolve("data_batch_2.bin");
        try (var channel = java.nio.channels.FileChannel.open(sparse, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            // A sparse file of 700,000 records (2.15 GB): more pixels than one Java array holds.
            channel.position(700_000L * CifarBinary.RECORD_BYTES - 1).write(java.nio.ByteBuffer.wrap(new byte[1]));
        }
        Path meta = dir.resolve("batches.meta.txt");
        try (var channel = java.nio.channels.FileChannel.open(meta, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            channel.position((1L << 31) - 1).write(java.nio.ByteBuffer.wrap(new byte[1]));
        }
        List<Fuzz.Action> reads = List.of(
                () -> CifarBinary.read(List.of(odd), CifarBinary.CIFAR10_CLASSES, dir + " odd"),
                () -> CifarBinary.read(List.of(sparse), CifarBinary.CIFAR10_CLASSES, dir + " sparse"),
                () -> CifarBinary.readClassNames(meta));
        for (Fuzz.Action read : reads) {
            Fuzz.measure(read);
            Fuzz.Measured m = Fuzz.measure(read);
            DataException e = assertInstanceOf(DataException.class, m.thrown());
            assertTrue(e.getMessage().startsWith(dir.toString()), e.getMessage());
            assertTrue(m.allocatedBytes() < 10L << 20, m.allocatedBytes() + " bytes allocated for " + e.getMessage());
            assertTrue(m.seconds() < 2, m.seconds() + " s for " + e.getMessage());
        }
    }
}
