package dev.backprop.cli.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.backprop.cli.CliContext;
import dev.backprop.cli.CliException;
import dev.backprop.cli.ExitCodes;
import dev.backprop.data.DataSources;
import dev.backprop.io.AtomicFiles;
import dev.backprop.model.CheckpointFile;
import dev.backprop.model.Model;
import dev.backprop.model.ModelFile;
import dev.backprop.nn.Network;
import dev.backprop.nn.NetworkSpec;
import dev.backprop.nn.Objective;
import dev.backprop.nn.Parameter;
import dev.backprop.random.Rng;
import dev.backprop.tensor.Compute;
import dev.backprop.tensor.Elementwise;
import dev.backprop.train.Evaluation;
import dev.backprop.train.Trainer;
import dev.backprop.train.TrainingListener;
import dev.backprop.train.TrainingResult;
import dev.backprop.train.Validation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs an experiment: its special steps, then every run (in parallel where cores allow; each run is
 * self-contained and deterministic, so results do not depend on the number of threads), each into
 * {@code <output>/<run>/} with its model, history and {@code result.json}. A run whose result is
 * there with the same configuration is not repeated; an interrupted run resumes from its checkpoint.
 * Finally {@code results.md} and {@code results.csv}.
 */
public final class ExperimentRunner {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final CliContext context;
    private final Experiment experiment;
    private final Path output;
    private final int threads;
    private final boolean force;
    private final DataSources sources;

    ExperimentRunner(CliContext context, Experiment experiment, Path output, int threads, boolean force,
                     DataSources sources) {
        this.context = context;
        this.experiment = experiment;
        this.output = output;
        this.threads = Math.max(1, threads);
        this.force = force;
        this.sources = sources;
    }

    /** What running an experiment produced. */
    public record Outcome(Path directory, List<RunResult> runs, List<Steps.Outcome> steps, double wallSeconds) {
    }

    Outcome run() throws Exception {
        long start = System.nanoTime();
        Files.createDirectories(output);
        long seed = experiment.runs.isEmpty() ? 0 : experiment.runs.get(0).seed();
        context.out().printf(Locale.ROOT, "%s%s: %d runs, %d steps -> %s%n", experiment.title,
                experiment.fast ? " (fast variant)" : "", experiment.runs.size(), experiment.steps.size(), output);
        DataConfig.Prepared data = experiment.data.load(sources, seed);
        context.out().printf(Locale.ROOT, "data: %,d training, %s validation, %s test examples of %d features%n",
                data.train().size(), data.validation() == null ? "no" : String.format(Locale.ROOT, "%,d", data.validation().size()),
                data.test() == null ? "no" : String.format(Locale.ROOT, "%,d", data.test().size()), data.train().featureCount());

        List<Steps.Outcome> stepOutcomes = new ArrayList<>();
        for (Experiment.Step step : experiment.steps) {
            Steps.Outcome o = Steps.run(step, data);
            stepOutcomes.add(o);
            context.out().println("step " + step.name() + ": " + o.values());
            var saved = JSON.createObjectNode();
            saved.set("values", JSON.valueToTree(o.values()));
            saved.set("blocks", BlocksJson.write(o.blocks()));
            AtomicFiles.writeString(output.resolve("steps").resolve(slug(step.name()) + ".json"),
                    JSON.writeValueAsString(saved));
        }

        Progress progress = new Progress(experiment.runs, data.train().size());
        Map<String, DataConfig.Prepared> prepared = new LinkedHashMap<>();
        prepared.put(experiment.data.settings().toString(), data);
        for (RunConfig rc : experiment.runs) {
            DataConfig d = experiment.dataOf(rc.name());
            if (!prepared.containsKey(d.settings().toString())) {
                prepared.put(d.settings().toString(), d.load(sources, rc.seed()));
            }
        }
        List<RunResult> results = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, Math.max(1, experiment.runs.size())));
        try {
            List<Future<RunResult>> futures = new ArrayList<>();
            for (RunConfig rc : experiment.runs) {
                DataConfig d = experiment.dataOf(rc.name());
                DataConfig.Prepared p = prepared.get(d.settings().toString());
                futures.add(pool.submit(() -> runOne(rc, d, p, progress)));
            }
            for (Future<RunResult> f : futures) {
                try {
                    results.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof Exception ex ? ex : e;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        double wall = (System.nanoTime() - start) / 1e9;
        String machine = String.format(Locale.ROOT, "machine: %d cores, %s %s; JDK %s (%s); %d thread(s)",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("os.arch"),
                System.getProperty("java.version"), System.getProperty("java.vendor"), threads);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("source", experiment.tree.source());
        info.put("fast", experiment.fast);
        info.put("wall_seconds", wall);
        info.put("machine", machine);
        Map<String, Object> sizes = new LinkedHashMap<>();
        sizes.put("train", data.train().size());
        sizes.put("validation", data.validation() == null ? 0 : data.validation().size());
        sizes.put("test", data.test() == null ? 0 : data.test().size());
        sizes.put("features", data.train().featureCount());
        info.put("data", sizes);
        AtomicFiles.writeString(output.resolve("run-info.json"), JSON.writeValueAsString(info));
        Path page = ReportGenerator.generate(output);
        context.out().printf(Locale.ROOT, "wrote %s, %s and %s (%.1f s)%n", output.resolve("results.md"),
                output.resolve("results.csv"), page, wall);
        return new Outcome(output, results, stepOutcomes, wall);
    }

    private RunResult runOne(RunConfig rc, DataConfig dataConfig, DataConfig.Prepared data, Progress progress)
            throws IOException {
        Path dir = output.resolve(rc.name());
        String fingerprint = fingerprint(rc, dataConfig);
        Path resultFile = dir.resolve("result.json");
        boolean stale = false;
        if (!force && Files.isRegularFile(resultFile)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> saved = JSON.readValue(resultFile.toFile(), Map.class);
            RunResult previous = RunResult.fromMap(saved);
            if (previous.fingerprint().equals(fingerprint)) {
                progress.skipped(rc, context);
                return previous;
            }
            stale = true;   // it finished with another configuration, so its checkpoint is of that one too
        }
        CheckpointFile checkpoint = new CheckpointFile(dir.resolve("checkpoint.safetensors"));
        if (force || stale) {
            Files.deleteIfExists(checkpoint.file());
            if (stale) {
                Files.deleteIfExists(resultFile);   // the run is redone: a later interruption resumes the new one
            }
        } else {
            try {
                checkpoint.load();   // refuse a damaged one now, with the way out
            } catch (IOException e) {
                throw new CliException(ExitCodes.DATA, "the checkpoint of run " + rc.name() + " is damaged and was not"
                        + " used: " + e.getMessage(), "start the run over: run again with --force (with train --config:"
                        + " --fresh), or delete the file");
            }
        }
        Files.createDirectories(dir);
        for (String name : List.of("model.safetensors", "result.json", "steps.csv", "validations.csv", "history.json")) {
            AtomicFiles.deleteLeftovers(dir.resolve(name));   // temporary files of writes killed half-way
        }
        NetworkSpec spec = rc.spec(data.train().featureCount(), data.train().classCount());
        Network net = spec.build(dataConfig.recipe().dtype(), Rng.derive(rc.seed(), "init"));
        Objective objective = new Objective(net, rc.loss(), rc.regularization());
        Trainer trainer = new Trainer(objective, rc.optimizer().get(), rc.training())
                .withCheckpoints(checkpoint);
        progress.started(rc, context);
        TrainingResult result;
        // Cores left over when there are fewer runs than threads go to each run's matrix products;
        // the results are the same bits either way.
        try (Compute compute = Compute.threads(Math.max(1, threads / Math.min(threads, experiment.runs.size())))) {
            net.setCompute(compute);
            result = trainer.fit(data.train(), data.validation(), progress.listener(rc, context));
        }
        result.history().write(dir);

        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("parameters", (double) net.parameterCount());
        metrics.put("epochs", result.epochs());
        metrics.put("steps", (double) result.steps());
        Validation best = result.best();
        if (best != null) {
            metrics.put("best_step", (double) best.step());
            metrics.put("best_epoch", best.epoch());
            metrics.put("train_loss", best.trainLoss());
            metrics.put("train_accuracy", best.trainAccuracy());
            metrics.put("validation_loss", best.validationLoss());
            metrics.put("validation_accuracy", best.validationAccuracy());
        }
        if (data.test() != null) {
            Evaluation test = Evaluation.of(net, rc.loss(), data.test(), 1000);
            metrics.put("test_loss", test.loss());
            metrics.put("test_accuracy", test.accuracy());
        }
        double squares = 0;
        for (Parameter p : net.parameters()) {
            if (!p.isBias()) {
                squares += Elementwise.sumOfSquares(p.value());
            }
        }
        metrics.put("weight_norm", Math.sqrt(squares));
        metrics.put("wall_seconds", result.wallSeconds());
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("experiment", experiment.name);
        provenance.put("run", rc.name());
        provenance.put("training", rc.settings());
        provenance.put("data", dataConfig.settings());
        provenance.put("result", metrics);
        ModelFile.write(dir.resolve("model.safetensors"), new Model(net, rc.loss(), rc.regularization(),
                data.preprocessor(), data.train().classNames(), dataConfig.dataset(), provenance));
        RunResult runResult = new RunResult(rc.name(), fingerprint, rc.settings(), metrics,
                result.stopReason().name().toLowerCase(Locale.ROOT));
        AtomicFiles.writeString(resultFile, JSON.writeValueAsString(runResult.toMap()));
        progress.finished(rc, runResult, context);
        return runResult;
    }

    /** Identifies a run's configuration and data: a finished run with the same fingerprint is skipped. */
    private static String fingerprint(RunConfig rc, DataConfig data) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(JSON.writeValueAsBytes(rc.settings()));
            sha.update(JSON.writeValueAsBytes(data.settings()));
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String slug(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    /**
     * One progress display for the whole experiment: which run trains, its epoch and metrics, and the
     * estimated time left for everything, from the steps done so far.
     */
    static final class Progress {
        private final long plannedSteps;
        private final AtomicLong doneSteps = new AtomicLong();
        private final long startNanos = System.nanoTime();
        private final int runCount;
        private final AtomicLong finishedRuns = new AtomicLong();

        Progress(List<RunConfig> runs, int trainExamples) {
            long planned = 0;
            for (RunConfig rc : runs) {
                var t = rc.training();
                long perEpoch = Math.max(1, t.dropLast() ? trainExamples / t.batchSize()
                        : (trainExamples + t.batchSize() - 1) / t.batchSize());
                planned += t.sampled() ? t.iterations() : perEpoch * t.maxEpochs();
            }
            this.plannedSteps = Math.max(1, planned);
            this.runCount = runs.size();
        }

        synchronized void skipped(RunConfig rc, CliContext context) {
            finishedRuns.incrementAndGet();
            context.out().printf(Locale.ROOT, "[%s] already finished with this configuration: skipped%n", rc.name());
        }

        synchronized void started(RunConfig rc, CliContext context) {
            context.out().printf(Locale.ROOT, "[%s] training: %s%n", rc.name(), rc.settings());
        }

        synchronized void finished(RunConfig rc, RunResult r, CliContext context) {
            long n = finishedRuns.incrementAndGet();
            context.out().printf(Locale.ROOT, "[%s] done (%d/%d): %s, validation accuracy %s, %.1f s%n", rc.name(), n,
                    runCount, r.stopReason().replace('_', ' '),
                    Results.format("validation_accuracy", r.metric("validation_accuracy")), r.metric("wall_seconds"));
        }

        TrainingListener listener(RunConfig rc, CliContext context) {
            return new TrainingListener() {
                @Override
                public void step(long step, int epoch, double loss) {
                    doneSteps.incrementAndGet();
                }

                @Override
                public void epochEnded(int epochs, Validation v) {
                    if (v == null) {
                        return;
                    }
                    double elapsed = (System.nanoTime() - startNanos) / 1e9;
                    long done = doneSteps.get();
                    double left = done == 0 ? Double.NaN : elapsed * Math.max(0, plannedSteps - done) / done;
                    synchronized (Progress.this) {
                        context.out().printf(Locale.ROOT,
                                "[%s] epoch %d  train loss %.4f  val loss %s  val acc %s  | experiment %d%%, at most %s left%n",
                                rc.name(), epochs, v.trainLoss(), Results.format("validation_loss", v.validationLoss()),
                                Results.format("validation_accuracy", v.validationAccuracy()),
                                Math.min(100, 100 * done / plannedSteps), duration(left));
                    }
                }
            };
        }

        private static String duration(double seconds) {
            if (Double.isNaN(seconds)) {
                return "?";
            }
            long s = Math.round(seconds);
            return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60)
                    : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
        }
    }
}
