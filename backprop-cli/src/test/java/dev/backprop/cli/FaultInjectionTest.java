package dev.backprop.cli;

import dev.backprop.io.NpyArray;
import dev.backprop.io.SafeTensors;
import dev.backprop.model.CheckpointFile;
import dev.backprop.train.Checkpoint;
import dev.backprop.train.CheckpointStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults around a training run, end to end through the command line: a full disk and an unwritable
 * directory reported before any data is loaded, damaged checkpoints refused with the way out,
 * leftovers of killed writes ignored, a failing checkpoint write, and divergence keeping the last
 * good checkpoint.
 */
class FaultInjectionTest {

    @TempDir
    Path dir;

    /** A small, quick run on the bundled sample: 300 images in batches of 30, a checkpoint every 5 steps. */
    private static final List<String> SMALL = List.of("train", "--hidden", "16", "--activation", "relu", "--init",
            "he_normal", "--lr", "0.05", "--momentum", "0.9", "--train-first", "300", "--validation-first", "100",
            "--batch-size", "30", "--epochs", "2", "--validations-per-epoch", "2", "--seed", "4");

    /** Printed once the data is loaded: an error before it proves nothing was loaded or trained. */
    private static final String DATA_LOADED = "training and";

    @AfterEach
    void restoreHooks() {
        OutputDirectory.freeSpace = d -> Files.getFileStore(d).getUsableSpace();
        TrainCommand.checkpointStores = CheckpointFile::new;
    }

    private CliRunner.Result train(String output, String... extra) {
        List<String> args = new ArrayList<>(SMALL);
        args.addAll(List.of("--output", output));
        args.addAll(List.of(extra));
        return new CliRunner(dir).run(args.toArray(new String[0]));
    }

    private static void assertError(CliRunner.Result r, int code, String... fragments) {
        assertEquals(code, r.exitCode(), r.toString());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), "expected '" + f + "' in:\n" + r.err());
        }
        assertFalse(r.err().contains("\tat "), "no stack trace without --debug:\n" + r.err());
    }

    private static Map<String, NpyArray> tensors(Path file) throws IOException {
        return SafeTensors.read(file).requireChecksum().tensors();
    }

    private List<String> temporaryFiles(Path d) throws IOException {
        try (var s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList();
        }
    }

    @Test
    void notEnoughFreeSpaceIsReportedBeforeDataIsLoaded() {
        OutputDirectory.freeSpace = d -> 3L * 1024 * 1024;
        CliRunner.Result r = train("run");
        assertError(r, ExitCodes.DATA, "not enough free space for --output", "3,072 KiB free",
                "this run's checkpoint, model and history needs about", "free some space or choose another --output");
        assertFalse(r.out().contains(DATA_LOADED), r.out());
        assertFalse(Files.exists(dir.resolve("run/checkpoint.safetensors")));

        // The estimate grows with the network: enough for the small one is not enough for a large one.
        OutputDirectory.freeSpace = d -> 20L * 1024 * 1024;
        assertError(train("big", "--hidden", "4096,4096", "--optimizer", "adam"), ExitCodes.DATA, "not enough free space");
        assertEquals(0, train("run").exitCode());
    }

    @Test
    void notEnoughFreeSpaceForAnExperimentIsReportedBeforeDataIsLoaded() throws IOException {
        Files.writeString(dir.resolve("e.yaml"), String.join("\n", "name: e", "title: E", "data:",
                "  dataset: mnist-sample", "  train: {first: 300}", "defaults:",
                "  model: {hidden: [16], activation: relu, init: he_normal}", "  optimizer: {name: sgd, lr: 0.05}",
                "  training: {batch_size: 30, epochs: 1}", "runs:", "  - name: a", "  - name: b", ""));
        OutputDirectory.freeSpace = d -> 1024 * 1024;
        CliRunner.Result r = new CliRunner(dir).run("run", "e.yaml", "--output", "out");
        assertError(r, ExitCodes.DATA, "not enough free space for --output", "the 2 run(s)' checkpoints");
        assertFalse(r.out().contains("data:"), r.out());
        assertFalse(Files.exists(dir.resolve("out/a")));
    }

    @Test
    void anUnwritableOutputDirectoryIsReportedBeforeDataIsLoaded() throws IOException {
        Path locked = Files.createDirectory(dir.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            if (!writable(locked)) {
                for (String output : new String[] {"locked", "locked/run"}) {
                    CliRunner.Result r = train(output);
                    assertError(r, ExitCodes.DATA, "cannot write to --output", "locked", "choose a directory you can write to");
                    assertFalse(r.out().contains(DATA_LOADED), r.out());
                }
                return;
            }
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        // Permissions do not bind this user (root): a directory of a read-only file system does.
        Path readOnly = Path.of("/proc/self");
        Assumptions.assumeTrue(Files.isDirectory(readOnly) && !writable(readOnly),
                "permissions are not enforced for this user and there is no read-only directory to try instead");
        for (Path output : new Path[] {readOnly, readOnly.resolve("run")}) {
            CliRunner.Result r = train(output.toString());
            assertError(r, ExitCodes.DATA, "cannot write to --output", output.toString(), "choose a directory you can write to");
            assertFalse(r.out().contains(DATA_LOADED), r.out());
        }
    }

    /** Whether a file can be created in {@code directory} (it is removed again). */
    private static boolean writable(Path directory) {
        try {
            Files.delete(Files.createFile(directory.resolve("probe")));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void damagedCheckpointsAreRefusedWithTheWayOut() throws IOException {
        assertEquals(0, train("run").exitCode());
        Path checkpoint = dir.resolve("run/checkpoint.safetensors");
        byte[] good = Files.readAllBytes(checkpoint);

        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 0x01;
        for (byte[] damaged : List.of(Arrays.copyOf(good, good.length / 2), Arrays.copyOf(good, 5), flipped)) {
            Files.write(checkpoint, damaged);
            CliRunner.Result r = train("run");
            assertError(r, ExitCodes.DATA, "the checkpoint " + checkpoint + " is damaged and was not used",
                    "--fresh to start this run over");
            assertFalse(r.out().contains(DATA_LOADED), "refused before loading data:\n" + r.out());
            assertArrayEquals(damaged, Files.readAllBytes(checkpoint), "a refused checkpoint is left as it was");
        }
        CliRunner.Result fresh = train("run", "--fresh");
        assertEquals(0, fresh.exitCode(), fresh.toString());
        assertEquals(20, new CheckpointFile(checkpoint).load().orElseThrow().step(), "a new, complete checkpoint");
    }

    @Test
    void leftoversOfKilledWritesAreIgnoredAndRemoved() throws IOException {
        assertEquals(0, train("run").exitCode());
        Path run = dir.resolve("run");
        Map<String, NpyArray> model = tensors(run.resolve("model.safetensors"));
        byte[] checkpoint = Files.readAllBytes(run.resolve("checkpoint.safetensors"));
        // What writes killed before their rename leave behind: parts of newer files.
        Files.write(run.resolve(".checkpoint.safetensors.4fzyo82mvyr.tmp"), Arrays.copyOf(checkpoint, checkpoint.length / 3));
        Files.write(run.resolve(".model.safetensors.1x.tmp"), new byte[] {1, 2, 3});
        Files.writeString(run.resolve(".history.json.abc.tmp"), "{\"batches_per");

        CliRunner.Result again = train("run");
        assertEquals(0, again.exitCode(), again.toString());
        assertEquals(List.of(), temporaryFiles(run));
        assertEquals(model, tensors(run.resolve("model.safetensors")), "resumed from the complete checkpoint");

        // Killed during the first checkpoint write: only a temporary file, so the run starts from scratch.
        Files.delete(run.resolve("checkpoint.safetensors"));
        Files.write(run.resolve(".checkpoint.safetensors.zz9.tmp"), Arrays.copyOf(checkpoint, 100));
        CliRunner.Result first = train("run");
        assertEquals(0, first.exitCode(), first.toString());
        assertEquals(List.of(), temporaryFiles(run));
        assertEquals(model, tensors(run.resolve("model.safetensors")));
    }

    @Test
    void aFailedCheckpointWriteStopsTheRunAndKeepsThePreviousCheckpoint() throws IOException {
        // The third checkpoint write fails as on a full disk (4 are made: 2 epochs, 2 validations each).
        int[] saves = {0};
        TrainCommand.checkpointStores = file -> new CheckpointStore() {
            private final CheckpointFile real = new CheckpointFile(file);

            @Override
            public void save(Checkpoint c) throws IOException {
                if (++saves[0] == 3) {
                    throw new IOException(file + ": No space left on device");
                }
                real.save(c);
            }

            @Override
            public Optional<Checkpoint> load() throws IOException {
                return real.load();
            }
        };
        CliRunner.Result r = train("run");
        assertError(r, ExitCodes.DATA, "cannot write the checkpoint after step 15", "No space left on device",
                "checkpoint.safetensors", "The previous checkpoint (step 10) is intact: run again to resume from it");
        Path run = dir.resolve("run");
        assertEquals(10, new CheckpointFile(run.resolve("checkpoint.safetensors")).load().orElseThrow().step());
        assertFalse(Files.exists(run.resolve("model.safetensors")), "no model from a run that did not finish");
        assertEquals(List.of(), temporaryFiles(run));

        // With the disk fixed, running again resumes and ends exactly like a run that never failed.
        TrainCommand.checkpointStores = CheckpointFile::new;
        assertEquals(0, train("run").exitCode());
        assertEquals(0, train("reference").exitCode());
        assertEquals(tensors(dir.resolve("reference/model.safetensors")), tensors(run.resolve("model.safetensors")));
        assertEquals(Files.readString(dir.resolve("reference/steps.csv")), Files.readString(run.resolve("steps.csv")));
    }

    @Test
    void divergenceKeepsTheLastGoodCheckpointAndWritesNoModel() throws IOException {
        CliRunner.Result r = new CliRunner(dir).run(DIVERGING.toArray(new String[0]));
        assertError(r, ExitCodes.DIVERGED, "training diverged at step", "likely cause: the inputs are not normalised",
                "no model file was written; the last good checkpoint (step ");
        Path run = dir.resolve("diverged");
        assertFalse(Files.exists(run.resolve("model.safetensors")), "no model with broken weights");
        Checkpoint kept = new CheckpointFile(run.resolve("checkpoint.safetensors")).load().orElseThrow();
        assertTrue(r.err().contains("the last good checkpoint (step " + kept.step() + ") is kept in "), r.err());
        long diverged = Long.parseLong(r.err().replaceAll("(?s).*diverged at step (\\d+).*", "$1"));
        assertTrue(kept.step() > 0 && kept.step() < diverged, kept.step() + " before " + diverged);
        for (var weights : List.of(kept.parameters(), kept.bestParameters(), kept.optimizerState())) {
            weights.forEach((name, m) -> assertTrue(Arrays.stream(m.toDoubleArray()).allMatch(Double::isFinite), name));
        }
        kept.validations().forEach(v -> assertTrue(Double.isFinite(v.trainLoss()) && Double.isFinite(v.validationLoss())));
        assertTrue(Arrays.stream(kept.stepLosses()).allMatch(Double::isFinite));
    }

    /**
     * A linear network with the squared error on raw pixels (0..255): the loss grows step by step
     * and becomes infinite or NaN at step 8, after checkpoints at steps 3 and 6 (found by trying).
     */
    private static final List<String> DIVERGING = List.of("train", "--scaling", "raw", "--loss", "mse", "--hidden", "16",
            "--activation", "identity", "--lr", "5e-6", "--train-first", "600", "--validation-first", "100",
            "--batch-size", "20", "--epochs", "3", "--validations-per-epoch", "10", "--seed", "1", "--output", "diverged");
}
