package dev.backprop.train;

import dev.backprop.data.Batches;
import dev.backprop.data.Dataset;
import dev.backprop.nn.Network;
import dev.backprop.nn.Objective;
import dev.backprop.nn.Parameter;
import dev.backprop.optim.Optimizer;
import dev.backprop.random.Rng;
import dev.backprop.tensor.DType;
import dev.backprop.tensor.Matrix;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Mini-batch training with validation, early stopping, history and resumable checkpoints.
 *
 * <p>Each epoch visits the training set in order or in a seeded random order, one
 * {@link Objective#computeGradients} and one {@link Optimizer#step} per batch. At
 * {@code validationsPerEpoch} evenly spaced points of each epoch (the last at its end) it measures
 * loss and accuracy on the whole training and validation sets, records them, updates early stopping (keeping a copy of the best weights) and
 * writes a checkpoint. At the end the best weights are restored when early stopping is on. A loss
 * that is not finite stops training with {@link TrainingDivergedException}, before the bad update
 * is applied; so does a validation that finds a non-finite loss or weight, before it is
 * checkpointed, so the checkpoint left behind is always the last good one.
 *
 * <pre>{@code
 * Trainer trainer = new Trainer(objective, new Sgd(0.02, 0.9, false), options);
 * TrainingResult result = trainer.fit(train, validation, TrainingListener.NONE);
 * result.history().write(Path.of("runs/a2"));
 * }</pre>
 */
public final class Trainer {

    private final Objective objective;
    private final Optimizer optimizer;
    private final TrainingOptions options;
    private CheckpointStore checkpoints;

    /** Binds what to minimise, how, and with which options. */
    public Trainer(Objective objective, Optimizer optimizer, TrainingOptions options) {
        this.objective = objective;
        this.optimizer = optimizer;
        this.options = options;
    }

    /**
     * Checkpoints go to {@code store} after every validation; {@link #fit} resumes from the stored
     * checkpoint if there is one of the same run.
     */
    public Trainer withCheckpoints(CheckpointStore store) {
        this.checkpoints = store;
        return this;
    }

    /**
     * Trains on {@code train}, validating on {@code validation} (may be null when nothing monitors
     * it), and returns the history and outcome.
     *
     * @throws TrainingDivergedException if the loss becomes NaN or infinite
     * @throws IllegalArgumentException  if early stopping monitors validation metrics without a validation set,
     *                                   or a stored checkpoint belongs to another run
     * @throws UncheckedIOException      if a checkpoint cannot be read or written
     */
    public TrainingResult fit(Dataset train, Dataset validation, TrainingListener listener) {
        EarlyStopping stopping = options.earlyStopping();
        if (stopping != null && stopping.metric().needsValidationSet() && validation == null) {
            throw new IllegalArgumentException("early stopping on " + stopping.metric().label()
                    + " needs a validation set");
        }
        Network net = objective.network();
        Dataset trainData = train.toDType(net.dtype());
        Dataset validationData = validation == null ? null : validation.toDType(net.dtype());
        Batches batches = new Batches(trainData, options.batchSize(), options.dropLast());
        batches.useCompute(net.compute());
        boolean sampled = options.sampled();
        int perEpoch = !sampled ? batches.count()
                : options.iterationsPerEpoch() > 0 ? options.iterationsPerEpoch()
                : Math.max(trainData.size() / options.batchSize(), 1);
        if (perEpoch == 0) {
            throw new IllegalArgumentException(train.name() + " has " + train.size() + " examples: not one batch of "
                    + options.batchSize() + " (drop_last is on)");
        }
        int maxEpochs = sampled ? (int) Math.min(Integer.MAX_VALUE, (options.iterations() + perEpoch - 1) / perEpoch)
                : options.maxEpochs();
        boolean[] validateAfter = validationPoints(perEpoch, options.validationsPerEpoch());
        long totalSteps = sampled ? options.iterations() : (long) perEpoch * maxEpochs;
        History history = new History(perEpoch, totalSteps);
        Network best = null;
        Run run = new Run();
        run.bestIndex = -1;
        String fingerprint = fingerprint(train, validation);

        Optional<Checkpoint> resumed = loadCheckpoint(fingerprint);
        if (resumed.isPresent()) {
            Checkpoint c = resumed.get();
            run.step = c.step();
            run.epoch = c.epoch();
            run.batch = c.batchInEpoch();
            run.wallOffset = c.wallSeconds();
            run.bestIndex = c.bestIndex();
            run.sinceBest = c.sinceBest();
            run.savedStep = c.step();
            for (double loss : c.stepLosses()) {
                history.addStep(loss);
            }
            c.validations().forEach(history::addValidation);
            net.setParameters(c.parameters());
            optimizer.restore(net.parameters(), c.optimizerState(), c.optimizerSteps());
            if (!c.bestParameters().isEmpty()) {
                best = copyOf(net);
                best.setParameters(c.bestParameters());
            }
        }
        if (stopping != null && best == null) {
            best = copyOf(net);
        }
        long start = System.nanoTime();
        listener.started(totalSteps, run.step);
        TrainingResult.StopReason reason = TrainingResult.StopReason.MAX_EPOCHS;
        // A checkpoint written when early stopping fired describes a finished run.
        boolean finished = stopping != null && run.sinceBest >= stopping.patience();
        if (finished) {
            reason = TrainingResult.StopReason.EARLY_STOPPED;
        }
        training:
        for (; !finished && run.epoch < maxEpochs; run.epoch++, run.batch = 0) {
            if (sampled) {
                // One stream per epoch, so a resumed run redraws the same batches after skipping the done ones.
                batches.sampleWithReplacement(Rng.derive(options.seed(), "sample/" + run.epoch));
                batches.discard(run.batch);
            } else if (options.shuffle()) {
                batches.shuffle(Rng.derive(options.seed(), "shuffle/" + run.epoch));
            } else {
                batches.inOrder();
            }
            for (; run.batch < perEpoch && run.step < totalSteps; run.batch++) {
                if (options.schedule() != null) {
                    optimizer.setLearningRate(options.schedule().rate(run.step, run.epoch));
                }
                Batches.Batch batch = batches.get(run.batch);
                // Each parameter is updated as soon as its gradient is final; nothing when the loss
                // is not finite.
                double loss = objective.computeGradientsAndUpdate(batch.features(), batch.labels(),
                        batch.labelOffset(), optimizer);
                if (!Double.isFinite(loss)) {
                    if (best != null && run.bestIndex >= 0) {
                        net.copyParametersFrom(best);
                    }
                    throw new TrainingDivergedException(run.step + 1, run.epoch, "the loss is " + loss,
                            likelyCause(run.step + 1, trainData, optimizer.learningRate()), run.savedStep, history);
                }
                run.step++;
                history.addStep(loss);
                listener.step(run.step, run.epoch, loss);
                if (validateAfter[run.batch] || run.step == totalSteps) {
                    Validation v = validate(net, trainData, validationData, run.step, perEpoch,
                            run.wallOffset + (System.nanoTime() - start) / 1e9);
                    String broken = nonFinite(net, v, validationData != null);
                    if (broken != null) {
                        // The update of this step broke the weights: never checkpoint them.
                        if (best != null && run.bestIndex >= 0) {
                            net.copyParametersFrom(best);
                        }
                        throw new TrainingDivergedException(run.step, run.epoch, broken,
                                likelyCause(run.step, trainData, optimizer.learningRate()), run.savedStep, history);
                    }
                    history.addValidation(v);
                    boolean improved = stopping == null || run.bestIndex < 0
                            || stopping.improves(stopping.metric().of(v), stopping.metric().of(
                                    history.validations().get(run.bestIndex)));
                    if (improved) {
                        run.bestIndex = history.validations().size() - 1;
                        run.sinceBest = 0;
                        if (best != null) {
                            best.copyParametersFrom(net);
                        }
                    } else {
                        run.sinceBest++;
                    }
                    listener.validated(v, improved);
                    boolean stop = stopping != null && run.sinceBest >= stopping.patience();
                    if (stop) {
                        reason = TrainingResult.StopReason.EARLY_STOPPED;
                    }
                    // Save the position after this step: resuming continues with the next batch.
                    run.batch++;
                    save(fingerprint, run, history, net, best, run.wallOffset + (System.nanoTime() - start) / 1e9, listener);
                    run.batch--;
                    if (stop) {
                        break training;
                    }
                }
            }
            if (run.batch >= perEpoch || run.step >= totalSteps) {
                listener.epochEnded(run.epoch + 1, history.lastValidation());
            }
        }
        if (best != null && run.bestIndex >= 0) {
            net.copyParametersFrom(best);
        }
        double wall = run.wallOffset + (System.nanoTime() - start) / 1e9;
        Validation bestValidation = run.bestIndex >= 0 ? history.validations().get(run.bestIndex) : history.lastValidation();
        return new TrainingResult(history, bestValidation, reason, run.step, (double) run.step / perEpoch, wall);
    }

    /**
     * What is not finite after a validation: the training or validation loss or a weight; null when
     * all is well.
     */
    private static String nonFinite(Network net, Validation v, boolean hasValidation) {
        if (!Double.isFinite(v.trainLoss())) {
            return "the loss on the training set is " + v.trainLoss();
        }
        if (hasValidation && !Double.isFinite(v.validationLoss())) {
            return "the validation loss is " + v.validationLoss();
        }
        for (Parameter p : net.parameters()) {
            Matrix m = p.value();
            for (int i = 0, n = m.size(); i < n; i++) {
                if (!Double.isFinite(m.getFlat(i))) {
                    return "weight " + p.name() + " is " + m.getFlat(i);
                }
            }
        }
        return null;
    }

    /**
     * The most likely reason for a non-finite loss at {@code step}: inputs on a large scale (raw
     * pixels), a learning rate too high, or, at the first step, the initial weights.
     */
    static String likelyCause(long step, Dataset train, double learningRate) {
        Matrix x = train.features();
        double largest = 0;
        for (int i = 0, n = x.size(); i < n; i++) {
            largest = Math.max(largest, Math.abs(x.getFlat(i)));
        }
        String lr = String.format(java.util.Locale.ROOT, "the learning rate %s is probably too high: try a smaller"
                + " learning rate, e.g. %s", shortNumber(learningRate), shortNumber(learningRate / 10));
        if (!Double.isFinite(largest)) {
            return "the inputs contain NaN or infinite values";
        }
        String inputs = largest > 10 ? String.format(java.util.Locale.ROOT, "the inputs are not normalised (values up"
                + " to %s; scale them to [0, 1] or standardise them)", shortNumber(largest)) : null;
        if (step <= 1) {
            return "the loss is not finite at the initial weights: " + (inputs != null ? inputs
                    : "check the initialisation (its scale) and the inputs");
        }
        return inputs != null ? inputs + ", or " + lr : lr;
    }

    private static String shortNumber(double v) {
        String s = String.format(java.util.Locale.ROOT, "%.3g", v);   // 10.0, 0.0500, 1.00e+20
        return s.replaceAll("(\\.\\d*?)0+(e|$)", "$1$2").replaceAll("\\.(e|$)", "$1");
    }

    /**
     * Which batches of an epoch are followed by a validation: {@code n} evenly spaced ones, the last
     * always at the end of the epoch (every batch when {@code n} exceeds the batches).
     */
    static boolean[] validationPoints(int batches, int n) {
        boolean[] after = new boolean[batches];
        for (int k = 1; k <= n; k++) {
            int b = (int) Math.round((double) k * batches / n) - 1;
            after[Math.max(0, Math.min(batches - 1, b))] = true;
        }
        return after;
    }

    private Validation validate(Network net, Dataset train, Dataset validation, long step, int perEpoch, double wall) {
        Evaluation t = Evaluation.of(net, objective.loss(), train, options.evaluationBatchSize());
        Evaluation v = validation == null ? null
                : Evaluation.of(net, objective.loss(), validation, options.evaluationBatchSize());
        return new Validation(step, (double) step / perEpoch, wall, t.loss(), t.accuracy(),
                v == null ? Double.NaN : v.loss(), v == null ? Double.NaN : v.accuracy());
    }

    private Optional<Checkpoint> loadCheckpoint(String fingerprint) {
        if (checkpoints == null) {
            return Optional.empty();
        }
        try {
            Optional<Checkpoint> c = checkpoints.load();
            if (c.isPresent() && !c.get().fingerprint().equals(fingerprint)) {
                throw new IllegalArgumentException("the checkpoint belongs to a different run (its configuration or data"
                        + " differ); use a fresh output directory, or delete the checkpoint to start over");
            }
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resume: the checkpoint is damaged or unreadable (" + e.getMessage()
                    + "); delete it to start the run over", e);
        }
    }

    private void save(String fingerprint, Run run, History history, Network net, Network best, double wall,
                      TrainingListener listener) {
        if (checkpoints == null) {
            return;
        }
        int epoch = run.epoch;
        int batch = run.batch;
        if (batch >= history.batchesPerEpoch()) {
            epoch++;
            batch = 0;
        }
        Checkpoint c = new Checkpoint(fingerprint, run.step, epoch, batch, wall, history.stepLosses(),
                history.validations(), run.bestIndex, run.sinceBest, values(net),
                best == null ? Map.of() : values(best), optimizer.state(net.parameters()), optimizer.steps());
        try {
            checkpoints.save(c);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint after step " + run.step + " (" + e.getMessage()
                    + "); training stopped. " + (run.savedStep >= 0 ? "The previous checkpoint (step " + run.savedStep
                    + ") is intact: run again to resume from it" : "No checkpoint was written yet"), e);
        }
        run.savedStep = run.step;
        listener.checkpointed(run.step);
    }

    private static Map<String, Matrix> values(Network net) {
        Map<String, Matrix> out = new LinkedHashMap<>();
        for (Parameter p : net.parameters()) {
            out.put(p.name(), p.value().copy());
        }
        return out;
    }

    private static Network copyOf(Network net) {
        Network copy = net.spec().build(net.dtype(), Rng.seeded(0));
        copy.copyParametersFrom(net);
        return copy;
    }

    /** What must match for a checkpoint to continue this run. */
    private String fingerprint(Dataset train, Dataset validation) {
        Network net = objective.network();
        DType dtype = net.dtype();
        return String.join("|", net.spec().toString(), dtype.label(), objective.loss().label(),
                objective.regularization().toString(), optimizer.name(), String.valueOf(initialHyperParameters()),
                options.toString(), train.name() + ":" + train.size() + ":" + train.featureCount(),
                validation == null ? "-" : validation.name() + ":" + validation.size());
    }

    private Object initialHyperParameters() {
        Map<String, Object> h = new LinkedHashMap<>(optimizer.hyperParameters());
        if (options.schedule() != null) {
            h.remove("lr");   // a schedule changes it along the way
        }
        return h;
    }

    /** Mutable position of the run. */
    private static final class Run {
        long step;
        int epoch;
        int batch;
        double wallOffset;
        int bestIndex;
        int sinceBest;
        long savedStep = -1;
    }
}
