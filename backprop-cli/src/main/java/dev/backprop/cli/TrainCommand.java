package dev.backprop.cli;

import dev.backprop.data.KnownDatasets;
import dev.backprop.io.AtomicFiles;
import dev.backprop.model.CheckpointFile;
import dev.backprop.model.Model;
import dev.backprop.model.ModelFile;
import dev.backprop.nn.Network;
import dev.backprop.nn.Loss;
import dev.backprop.nn.NetworkSpec;
import dev.backprop.nn.Objective;
import dev.backprop.optim.Optimizer;
import dev.backprop.random.Rng;
import dev.backprop.tensor.Compute;
import dev.backprop.train.CheckpointStore;
import dev.backprop.train.Trainer;
import dev.backprop.train.TrainingDivergedException;
import dev.backprop.train.TrainingOptions;
import dev.backprop.train.TrainingResult;
import dev.backprop.train.Validation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

/** {@code backprop train}: trains a network and saves the model, its history and a checkpoint. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a network on a dataset; writes model.safetensors, history (CSV, JSON) and a checkpoint"
                + " into --output. A run that is interrupted resumes from its checkpoint when started again.",
        footer = {"", "Example (TDT4265 assignment 2, all three tricks):",
            "  backprop train --dataset mnist --train-first 20000 --scaling raw --standardize --bias-column \\",
            "    --hidden 64 --activation improved_sigmoid --init fan_in_normal --bias none \\",
            "    --lr 0.02 --momentum 0.9 --batch-size 32 --epochs 50 --validations-per-epoch 5 \\",
            "    --early-stopping validation_loss --patience 10 --output runs/a2-tricks"})
final class TrainCommand implements Callable<Integer> {

    private final CliContext context;

    @Mixin
    DataOptions data = new DataOptions();

    @Mixin
    ModelOptions model = new ModelOptions();

    @Mixin
    OptimizerOptions optimization = new OptimizerOptions();

    @Option(names = "--output", defaultValue = "runs/train", paramLabel = "DIR",
            description = "Where to write the model, history and checkpoint. Default: ${DEFAULT-VALUE}.")
    Path output;

    @Option(names = "--fresh", description = "Start over even if --output holds a checkpoint of this run.")
    boolean fresh;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads for the matrix products of large layers and batches; the results are the same bits"
                    + " for any number. Default: the number of processors.")
    Integer threads;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Train the run an experiment-style YAML file describes (data and defaults); the other flags"
                    + " are then ignored.")
    Path config;

    /** The files a run writes into --output, each atomically (a killed write leaves a temporary file beside it). */
    private static final List<String> OUTPUT_FILES = List.of("checkpoint.safetensors", "model.safetensors", "steps.csv",
            "validations.csv", "history.json");

    /** Makes the checkpoint store of a run; package-private so a test can inject a failing one. */
    static volatile Function<Path, CheckpointStore> checkpointStores = CheckpointFile::new;

    TrainCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        if (config != null) {
            dev.backprop.cli.experiment.ExperimentCommands.run(context, config.toString(),
                    dev.backprop.cli.experiment.ExperimentCommands.read(context, config), false, output, 1, fresh,
                    data.dataDir);
            return ExitCodes.OK;
        }
        Path dir = context.resolve(output);
        OutputDirectory.requireWritable(dir);
        // Parse everything before loading data, so a typo fails in milliseconds.
        int threadCount = threadCount();
        Optimizer optimizer = optimization.optimizer();
        TrainingOptions options = optimization.training();
        var regularization = optimization.regularization();
        var loss = model.loss();
        model.spec(1, 2);   // activation, initialiser and bias names checked now, not after loading data
        // A full disk and a damaged checkpoint are reported now too, not after loading data or training.
        OutputDirectory.requireSpace(dir, estimatedBytes(optimizer, options),
                "this run's checkpoint, model and history");
        Path checkpointFile = dir.resolve("checkpoint.safetensors");
        if (!fresh) {
            requireUsableCheckpoint(checkpointFile);
        }
        for (String name : OUTPUT_FILES) {
            AtomicFiles.deleteLeftovers(dir.resolve(name));   // temporary files of writes killed half-way
        }

        DataOptions.Prepared prepared = data.load(context, optimization.seed);
        NetworkSpec spec = model.spec(prepared.train().featureCount(), prepared.train().classCount());
        Network net = spec.build(data.dtype(), Rng.derive(optimization.seed, "init"));
        Objective objective = new Objective(net, loss, regularization);
        context.out().printf(Locale.ROOT, "%s: %,d training and %s validation examples of %d features, %d classes%n",
                prepared.dataset(), prepared.train().size(),
                prepared.validation() == null ? "no" : String.format(Locale.ROOT, "%,d", prepared.validation().size()),
                prepared.train().featureCount(), prepared.train().classCount());
        context.out().print(net.summary());

        if (fresh) {
            Files.deleteIfExists(checkpointFile);
        }
        TrainingResult result;
        try (ProgressDisplay progress = new ProgressDisplay(context, options.maxEpochs());
             Compute compute = Compute.threads(threadCount)) {
            net.setCompute(compute);
            result = new Trainer(objective, optimizer, options).withCheckpoints(checkpointStores.apply(checkpointFile))
                    .fit(prepared.train(), prepared.validation(), progress);
        } catch (TrainingDivergedException e) {
            throw diverged(e, checkpointFile);
        }
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("training", optimization.describe());
        provenance.put("data", dataDescription(prepared));
        provenance.put("result", summary(result));
        provenance.put("backprop_version", new Backprop.Version().getVersion()[0]);
        Model trained = new Model(net, loss, regularization, prepared.preprocessor(), prepared.train().classNames(),
                prepared.dataset(), provenance);
        Path modelFile = dir.resolve("model.safetensors");
        try {
            result.history().write(dir);
            ModelFile.write(modelFile, trained);
        } catch (IOException e) {
            throw new CliException(ExitCodes.DATA, "training finished, but its results cannot be written into --output "
                    + dir + ": " + e.getMessage(), "free some space and run the same command again: it resumes from the"
                    + " final checkpoint and only writes the files");
        }
        printResult(result, modelFile);
        return ExitCodes.OK;
    }

    private int threadCount() {
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (n < 1 || n > 256) {
            throw new CliException(ExitCodes.USAGE, "--threads must be between 1 and 256, got " + n, null);
        }
        return n;
    }

    /**
     * Refuses a checkpoint that cannot be resumed from (truncated, a changed byte, not a checkpoint)
     * before any data is loaded, saying how to start over.
     */
    static void requireUsableCheckpoint(Path file) {
        try {
            new CheckpointFile(file).load();
        } catch (IOException e) {
            String detail = String.valueOf(e.getMessage());
            if (detail.startsWith(file + ": ")) {
                detail = detail.substring(file.toString().length() + 2);
            }
            throw new CliException(ExitCodes.DATA, "the checkpoint " + file + " is damaged and was not used: " + detail,
                    "run the same command with --fresh to start this run over (it replaces the checkpoint)");
        }
    }

    private static CliException diverged(TrainingDivergedException e, Path checkpointFile) {
        String help = e.checkpointStep() >= 0
                ? "no model file was written; the last good checkpoint (step " + e.checkpointStep() + ") is kept in "
                        + checkpointFile + ". Fix the cause, then start over with --fresh"
                : "no model file or checkpoint was written; fix the cause and run again";
        CliException failure = new CliException(ExitCodes.DIVERGED, e.getMessage(), help);
        failure.initCause(e);
        return failure;
    }

    /** What this run will write, estimated before any data is loaded (from the dataset's nominal size). */
    private long estimatedBytes(Optimizer optimizer, TrainingOptions options) {
        int features = OutputDirectory.featuresOf(data.dataset) + (data.biasColumn ? 1 : 0);
        int classes = model.loss() == Loss.BINARY_CROSS_ENTROPY ? 2
                : data.classes != null && data.classes.length > 0 ? data.classes.length
                : KnownDatasets.get(data.dataset).classNames().size();
        int images = OutputDirectory.trainingImagesOf(data.dataset);
        if (data.trainFirst != null && data.trainFirst > 0) {
            images = Math.min(images, data.trainFirst);
        }
        return OutputDirectory.bytesForRun(model.spec(features, classes), data.dtype(), optimizer, options, images);
    }

    private Map<String, Object> dataDescription(DataOptions.Prepared p) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("dataset", p.dataset());
        d.put("train_examples", p.train().size());
        d.put("validation_examples", p.validation() == null ? 0 : p.validation().size());
        d.put("validation", data.validation);
        if (data.trainFirst != null) {
            d.put("train_first", data.trainFirst);
        }
        if (data.trainRange != null) {
            d.put("train_range", data.trainRange);
        }
        if (data.classes != null) {
            d.put("classes", data.classes);
        }
        return d;
    }

    private static Map<String, Object> summary(TrainingResult r) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("stop_reason", r.stopReason().name().toLowerCase(Locale.ROOT));
        s.put("steps", r.steps());
        s.put("epochs", r.epochs());
        s.put("wall_seconds", r.wallSeconds());
        Validation b = r.best();
        if (b != null) {
            s.put("best_step", b.step());
            s.put("train_loss", b.trainLoss());
            s.put("train_accuracy", b.trainAccuracy());
            if (!Double.isNaN(b.validationLoss())) {
                s.put("validation_loss", b.validationLoss());
                s.put("validation_accuracy", b.validationAccuracy());
            }
        }
        return s;
    }

    private void printResult(TrainingResult r, Path modelFile) {
        Validation b = r.best();
        var out = context.out();
        out.println();
        out.println("result                value");
        out.printf(Locale.ROOT, "stopped               %s after %.2f epochs (%,d steps)%n",
                r.stopReason() == TrainingResult.StopReason.EARLY_STOPPED ? "early" : "at the epoch limit", r.epochs(),
                r.steps());
        if (b != null) {
            out.printf(Locale.ROOT, "best step             %,d (epoch %.2f)%n", b.step(), b.epoch());
            out.printf(Locale.ROOT, "train loss            %.4f%n", b.trainLoss());
            out.printf(Locale.ROOT, "train accuracy        %.2f%%%n", 100 * b.trainAccuracy());
            if (!Double.isNaN(b.validationLoss())) {
                out.printf(Locale.ROOT, "validation loss       %.4f%n", b.validationLoss());
                out.printf(Locale.ROOT, "validation accuracy   %.2f%%%n", 100 * b.validationAccuracy());
            }
        }
        out.printf(Locale.ROOT, "training time         %.1f s%n", r.wallSeconds());
        out.printf(Locale.ROOT, "model                 %s%n", context.workingDir().relativize(modelFile.toAbsolutePath()));
    }
}
