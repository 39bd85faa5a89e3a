package dev.backprop.train;

import dev.backprop.data.DataSources;
import dev.backprop.data.Dataset;
import dev.backprop.data.LabeledImages;
import dev.backprop.data.PixelScaling;
import dev.backprop.data.Preprocessing;
import dev.backprop.data.Preprocessor;
import dev.backprop.data.Split;
import dev.backprop.nn.Activation;
import dev.backprop.nn.Initializer;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.nn.NetworkSpec;
import dev.backprop.nn.Objective;
import dev.backprop.nn.Regularization;
import dev.backprop.optim.Sgd;
import dev.backprop.random.Rng;
import dev.backprop.tensor.DType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The training loop on the bundled MNIST sample (offline, a few seconds). */
class TrainerTest {

    private static Dataset train;
    private static Dataset test;

    @BeforeAll
    static void loadSample() throws Exception {
        DataSources sources = DataSources.builder().build();
        LabeledImages images = sources.load("mnist-sample", Split.TRAIN);
        Preprocessor prep = Preprocessing.scaled(PixelScaling.UNIT).fit(images);
        train = prep.apply(images);
        test = prep.apply(sources.load("mnist-sample", Split.TEST));
    }

    private static Network mlp(long seed) {
        return NetworkSpec.of(784, List.of(32, 10), Activation.RELU, true, Initializer.heNormal())
                .build(DType.FLOAT32, Rng.derive(seed, "init"));
    }

    @Test
    void reachesTargetAccuracyOnTheSample() {
        Network net = NetworkSpec.of(784, List.of(128, 10), Activation.RELU, true, Initializer.heNormal())
                .build(DType.FLOAT32, Rng.derive(1, "init"));
        Objective objective = new Objective(net, Loss.SOFTMAX_CROSS_ENTROPY, Regularization.none());
        TrainingOptions options = TrainingOptions.defaults().withBatchSize(32).withMaxEpochs(4).withValidationsPerEpoch(2)
                .withSeed(1);
        List<Validation> seen = new ArrayList<>();
        TrainingResult result = new Trainer(objective, new Sgd(0.05, 0.9, false), options).fit(train, test,
                new TrainingListener() {
                    @Override
                    public void validated(Validation v, boolean improved) {
                        seen.add(v);
                    }
                });
        assertEquals(TrainingResult.StopReason.MAX_EPOCHS, result.stopReason());
        assertEquals(4 * 157, result.steps(), "5000 / 32 rounded up, 4 epochs");
        assertEquals(result.steps(), result.history().steps());
        assertEquals(8, result.history().validations().size());
        assertEquals(seen, result.history().validations());
        Validation last = result.history().lastValidation();
        assertTrue(last.validationAccuracy() > 0.90, "validation accuracy " + last.validationAccuracy());
        assertTrue(last.trainAccuracy() > 0.93, "train accuracy " + last.trainAccuracy());
        assertEquals(4.0, last.epoch(), 1e-12);
        Evaluation e = Evaluation.of(net, Loss.SOFTMAX_CROSS_ENTROPY, test, 333);
        assertEquals(last.validationAccuracy(), e.accuracy(), 1e-12, "no early stopping: the final weights stay");
        assertEquals(1000, java.util.Arrays.stream(e.confusion()).flatMapToInt(java.util.Arrays::stream).sum());
    }

    @Test
    void earlyStoppingRestoresTheBestWeights() {
        Network net = mlp(2);
        // 300 training images and a large step size: validation loss soon rises.
        Objective objective = new Objective(net, Loss.SOFTMAX_CROSS_ENTROPY, Regularization.none());
        TrainingOptions options = TrainingOptions.defaults().withBatchSize(10).withMaxEpochs(200).withValidationsPerEpoch(1)
                .withEarlyStopping(EarlyStopping.on(Metric.VALIDATION_LOSS, 5)).withSeed(2);
        TrainingResult result = new Trainer(objective, new Sgd(0.1, 0.9, false), options).fit(train.slice(0, 300),
                test, TrainingListener.NONE);
        assertEquals(TrainingResult.StopReason.EARLY_STOPPED, result.stopReason());
        List<Validation> vals = result.history().validations();
        double min = vals.stream().mapToDouble(Validation::validationLoss).min().orElseThrow();
        assertEquals(min, result.best().validationLoss(), 0.0);
        assertEquals(5, vals.size() - 1 - vals.indexOf(result.best()), "stopped after 5 validations without improvement");
        Evaluation now = Evaluation.of(net, Loss.SOFTMAX_CROSS_ENTROPY, test, 1000);
        assertEquals(result.best().validationLoss(), now.loss(), 1e-9, "the best weights are restored");
    }

    @Test
    void divergenceStopsWithTheStepAndAHint() {
        Network net = mlp(3);
        Objective objective = new Objective(net, Loss.SOFTMAX_CROSS_ENTROPY, Regularization.none());
        TrainingOptions options = TrainingOptions.defaults().withMaxEpochs(3);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> new Trainer(objective, new Sgd(1e20), options).fit(train, test, TrainingListener.NONE));
        assertTrue(e.getMessage().contains("step " + e.step()) && e.getMessage().contains("smaller learning rate"),
                e.getMessage());
        assertEquals(e.step() - 1, e.history().steps(), "the diverging step is not recorded as a finite loss");
    }

    @Test
    void earlyStoppingOnValidationMetricsNeedsValidationData() {
        Objective objective = new Objective(mlp(4), Loss.SOFTMAX_CROSS_ENTROPY, Regularization.none());
        TrainingOptions options = TrainingOptions.defaults().withEarlyStopping(EarlyStopping.on(Metric.VALIDATION_ACCURACY, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(objective, new Sgd(0.1), options).fit(train, null, TrainingListener.NONE));
        assertTrue(e.getMessage().contains("needs a validation set"), e.getMessage());
    }

    /** Keeps checkpoints in memory and simulates a crash after a number of saves. */
    static class MemoryStore implements CheckpointStore {
        Checkpoint stored;
        int saves;
        int crashAfter = Integer.MAX_VALUE;

        @Override
        public void save(Checkpoint checkpoint) {
            stored = checkpoint;
            if (++saves == crashAfter) {
                throw new IllegalStateException("simulated crash");
            }
        }

        @Override
        public Optional<Checkpoint> load() {
            return Optional.ofNullable(stored);
        }
    }

    private static TrainingResult run(long seed, CheckpointStore store, Network net) {
        Objective objective = new Objective(net, Loss.SOFTMAX_CROSS_ENTROPY, Regularization.weightDecay(1e-4));
        TrainingOptions options = TrainingOptions.defaults().withBatchSize(64).withMaxEpochs(3).withValidationsPerEpoch(3)
                .withEarlyStopping(EarlyStopping.on(Metric.VALIDATION_LOSS, 100)).withSeed(seed);
        Trainer trainer = new Trainer(objective, new Sgd(0.05, 0.9, true), options);
        if (store != null) {
            trainer.withCheckpoints(store);
        }
        return trainer.fit(train.slice(0, 2000), test, TrainingListener.NONE);
    }

    @Test
    void aRunInterruptedAndResumedEndsWithTheSameBits() {
        Network uninterrupted = mlp(5);
        TrainingResult reference = run(5, null, uninterrupted);

        MemoryStore store = new MemoryStore();
        store.crashAfter = 4;
        assertThrows(IllegalStateException.class, () -> run(5, store, mlp(5)));
        assertEquals(4, store.saves);
        Network resumed = mlp(5);    // a fresh process: same seed, nothing else in memory
        TrainingResult result = run(5, store, resumed);

        for (int i = 0; i < resumed.parameters().size(); i++) {
            assertArrayEquals(uninterrupted.parameters().get(i).value().toDoubleArray(),
                    resumed.parameters().get(i).value().toDoubleArray(), 0.0, resumed.parameters().get(i).name());
        }
        assertArrayEquals(reference.history().stepLosses(), result.history().stepLosses(), 0.0);
        assertEquals(reference.history().validations().size(), result.history().validations().size());
        assertEquals(reference.best().validationLoss(), result.best().validationLoss(), 0.0);
    }

    @Test
    void aCheckpointOfAnotherRunIsRefused() {
        MemoryStore store = new MemoryStore();
        store.crashAfter = 1;
        assertThrows(IllegalStateException.class, () -> run(6, store, mlp(6)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(7, store, mlp(6)));
        assertTrue(e.getMessage().contains("different run"), e.getMessage());
    }

    @Test
    void historyIsWrittenAsCsvAndJson(@TempDir Path dir) throws IOException {
        Network net = mlp(8);
        TrainingResult r = new Trainer(new Objective(net, Loss.SOFTMAX_CROSS_ENTROPY, Regularization.none()),
                new Sgd(0.05), TrainingOptions.defaults().withMaxEpochs(1).withValidationsPerEpoch(2).withBatchSize(500))
                .fit(train, test, TrainingListener.NONE);
        r.history().write(dir);
        List<String> steps = Files.readAllLines(dir.resolve("steps.csv"));
        assertEquals("step,epoch,loss", steps.get(0));
        assertEquals(11, steps.size(), "header + 10 steps");
        List<String> vals = Files.readAllLines(dir.resolve("validations.csv"));
        assertEquals(3, vals.size());
        assertTrue(vals.get(2).startsWith("10,1.00000000,"), vals.get(2));
        String json = Files.readString(dir.resolve("history.json"));
        assertTrue(json.contains("\"validation_accuracy\"") && json.contains("\"step_loss\""), json);
        var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        assertEquals(10, tree.get("step_loss").size());
        assertEquals(r.history().stepLosses()[3], tree.get("step_loss").get(3).asDouble(), 0.0);
    }

    @Test
    void samplingWithReplacementRunsExactlyTheIterations() {
        Network net = mlp(9);
        Objective objective = new Objective(net, Loss.SOFTMAX_CROSS_ENTROPY, Regularization.l2(1e-4));
        TrainingOptions options = TrainingOptions.defaults().withBatchSize(200).withIterations(130, 0).withSeed(3);
        TrainingResult r = new Trainer(objective, new Sgd(0.05), options).fit(train, test, TrainingListener.NONE);
        assertEquals(130, r.steps());
        // cs231n: an "epoch" is max(5000 / 200, 1) = 25 iterations; validations after 25, 50, ..., 125 and at the end
        List<Long> at = r.history().validations().stream().map(Validation::step).toList();
        assertEquals(List.of(25L, 50L, 75L, 100L, 125L, 130L), at);
        assertEquals(130 / 25.0, r.epochs(), 1e-12);

        MemoryStore store = new MemoryStore();
        store.crashAfter = 3;
        Objective again = new Objective(mlp(9), Loss.SOFTMAX_CROSS_ENTROPY, Regularization.l2(1e-4));
        assertThrows(IllegalStateException.class, () -> new Trainer(again, new Sgd(0.05), options).withCheckpoints(store)
                .fit(train, test, TrainingListener.NONE));
        Network resumed = mlp(9);
        new Trainer(new Objective(resumed, Loss.SOFTMAX_CROSS_ENTROPY, Regularization.l2(1e-4)), new Sgd(0.05), options)
                .withCheckpoints(store).fit(train, test, TrainingListener.NONE);
        assertArrayEquals(net.parameter("W1").value().toDoubleArray(), resumed.parameter("W1").value().toDoubleArray(), 0.0);
    }

    @Test
    void validationPointsAreEvenlySpacedAndEndTheEpoch() {
        boolean[] tdt = Trainer.validationPoints(625, 5);
        for (int b = 0; b < 625; b++) {
            assertEquals((b + 1) % 125 == 0, tdt[b], "batch " + b);
        }
        boolean[] few = Trainer.validationPoints(3, 5);
        assertArrayEquals(new boolean[] {true, true, true}, few);
        boolean[] odd = Trainer.validationPoints(157, 2);
        assertTrue(odd[78] && odd[156]);
    }

    @Test
    void metricNamesAndDirections() {
        assertEquals(Metric.VALIDATION_LOSS, Metric.parse("val_loss"));
        assertEquals(Metric.VALIDATION_ACCURACY, Metric.parse("validation-accuracy"));
        assertEquals(Metric.Direction.MAXIMIZE, Metric.VALIDATION_ACCURACY.naturalDirection());
        EarlyStopping s = new EarlyStopping(Metric.VALIDATION_ACCURACY, Metric.Direction.MAXIMIZE, 3, 0.01);
        assertTrue(s.improves(0.92, 0.90));
        assertTrue(!s.improves(0.905, 0.90));
        assertThrows(IllegalArgumentException.class, () -> EarlyStopping.on(Metric.TRAIN_LOSS, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Metric.parse("validation_los"));
        assertTrue(e.getMessage().contains("did you mean 'validation_loss'?"), e.getMessage());
    }

    /** Delegates to a {@link MemoryStore} but fails like a full disk on save number {@code failOn}. */
    private static CheckpointStore failingOn(int failOn, MemoryStore good) {
        return new CheckpointStore() {
            private int saves;

            @Override
            public void save(Checkpoint checkpoint) throws IOException {
                if (++saves == failOn) {
                    throw new IOException("/runs/x/checkpoint.safetensors: No space left on device");
                }
                good.save(checkpoint);
            }

            @Override
            public Optional<Checkpoint> load() {
                return good.load();
            }
        };
    }

    @Test
    void aFailedCheckpointWriteStopsTrainingAndKeepsThePreviousCheckpoint() {
        MemoryStore kept = new MemoryStore();
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> run(10, failingOn(3, kept), mlp(10)));
        assertEquals(2, kept.saves);
        long step = kept.stored.step();
        for (String part : new String[] {"cannot write the checkpoint after step", "No space left on device",
            "checkpoint.safetensors", "previous checkpoint (step " + step + ") is intact"}) {
            assertTrue(e.getMessage().contains(part), part + " in: " + e.getMessage());
        }
        // Running again resumes from the checkpoint that was kept and ends exactly like an uninterrupted run.
        Network uninterrupted = mlp(10);
        run(10, null, uninterrupted);
        Network resumed = mlp(10);
        run(10, kept, resumed);
        for (int i = 0; i < resumed.parameters().size(); i++) {
            assertArrayEquals(uninterrupted.parameters().get(i).value().toDoubleArray(),
                    resumed.parameters().get(i).value().toDoubleArray(), 0.0, resumed.parameters().get(i).name());
        }
    }

    @Test
    void weightsBrokenByAnUpdateAreNeverCheckpointed() {
        // 1000 examples in batches of 125: 8 steps an epoch, a validation and checkpoint after every second one.
        // The learning rate jumps to 1e20 for step 6, whose update is validated at once.
        List<Checkpoint> saved = new ArrayList<>();
        MemoryStore store = new MemoryStore() {
            @Override
            public void save(Checkpoint checkpoint) {
                saved.add(checkpoint);
                super.save(checkpoint);
            }
        };
        Network net = mlp(11);
        TrainingOptions options = TrainingOptions.defaults().withBatchSize(125).withMaxEpochs(3).withValidationsPerEpoch(4)
                .withSchedule((iteration, epoch) -> iteration < 5 ? 0.05 : 1e20).withSeed(11);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> new Trainer(new Objective(net, Loss.SOFTMAX_CROSS_ENTROPY, Regularization.none()), new Sgd(0.05),
                        options).withCheckpoints(store).fit(train.slice(0, 1000), test, TrainingListener.NONE));
        assertEquals(6, e.step(), e.getMessage());
        assertTrue(e.getMessage().startsWith("training diverged at step 6 (epoch 1): ") && e.getMessage().contains(
                "likely cause: the learning rate 1e+20 is probably too high"), e.getMessage());
        assertEquals(List.of(2L, 4L), saved.stream().map(Checkpoint::step).toList(), "nothing saved after step 4");
        assertEquals(4, e.checkpointStep());
        for (Checkpoint c : saved) {
            c.parameters().forEach((name, m) -> assertTrue(java.util.Arrays.stream(m.toDoubleArray()).allMatch(Double::isFinite),
                    name));
            c.validations().forEach(v -> assertTrue(Double.isFinite(v.trainLoss()) && Double.isFinite(v.validationLoss())));
        }
        assertEquals(2, e.history().validations().size(), "the broken validation is not recorded");
    }

    @Test
    void theLikelyCauseOfDivergence() throws IOException {
        LabeledImages images = DataSources.builder().build().load("mnist-sample", Split.TRAIN).first(200);
        Dataset raw = Preprocessing.scaled(PixelScaling.RAW).fit(images).apply(images);
        assertEquals("the learning rate 10 is probably too high: try a smaller learning rate, e.g. 1",
                Trainer.likelyCause(7, train, 10));
        assertEquals("the learning rate 0.05 is probably too high: try a smaller learning rate, e.g. 0.005",
                Trainer.likelyCause(7, train, 0.05));
        String rawCause = Trainer.likelyCause(7, raw, 0.1);
        assertTrue(rawCause.startsWith("the inputs are not normalised (values up to 255;")
                && rawCause.endsWith("or the learning rate 0.1 is probably too high: try a smaller learning rate, e.g. 0.01"),
                rawCause);
        assertTrue(Trainer.likelyCause(1, raw, 0.1).startsWith("the loss is not finite at the initial weights: the inputs"
                + " are not normalised"), Trainer.likelyCause(1, raw, 0.1));
        assertTrue(Trainer.likelyCause(1, train, 0.1).contains("check the initialisation"));
    }
}
