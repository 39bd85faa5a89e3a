package dev.backprop.cli;

import dev.backprop.nn.Regularization;
import dev.backprop.optim.LearningRateSchedule;
import dev.backprop.optim.Optimizer;
import dev.backprop.train.EarlyStopping;
import dev.backprop.train.Metric;
import dev.backprop.train.TrainingOptions;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** How to optimise: optimiser, learning rate, regularisation, batches, epochs, validation, early stopping. */
public final class OptimizerOptions {

    @Option(names = "--optimizer", defaultValue = "sgd", paramLabel = "NAME",
            description = "sgd or adam. Default: ${DEFAULT-VALUE}.")
    String optimizer;

    @Option(names = "--lr", defaultValue = "0.1", paramLabel = "RATE", description = "Learning rate. Default: ${DEFAULT-VALUE}.")
    double lr;

    @Option(names = "--momentum", defaultValue = "0", paramLabel = "MU",
            description = "SGD momentum (v = mu*v + g; w -= lr*v). Default: ${DEFAULT-VALUE}.")
    double momentum;

    @Option(names = "--nesterov", description = "Nesterov momentum.")
    boolean nesterov;

    @Option(names = "--beta1", defaultValue = "0.9", paramLabel = "B", description = "Adam beta1. Default: ${DEFAULT-VALUE}.")
    double beta1;

    @Option(names = "--beta2", defaultValue = "0.999", paramLabel = "B", description = "Adam beta2. Default: ${DEFAULT-VALUE}.")
    double beta2;

    @Option(names = "--eps", defaultValue = "1e-8", paramLabel = "E", description = "Adam epsilon. Default: ${DEFAULT-VALUE}.")
    double eps;

    @Option(names = "--lr-decay", paramLabel = "GAMMA",
            description = "Multiply the learning rate by GAMMA every --lr-decay-every epochs (or iterations).")
    Double lrDecay;

    @Option(names = "--lr-decay-every", defaultValue = "1", paramLabel = "N", description = "Decay period. Default: ${DEFAULT-VALUE}.")
    long lrDecayEvery;

    @Option(names = "--lr-decay-unit", defaultValue = "epoch", paramLabel = "UNIT",
            description = "epoch or iteration (cs231n decays every 'epoch' of sampled iterations). Default: ${DEFAULT-VALUE}.")
    String lrDecayUnit;

    @Option(names = "--regularization", defaultValue = "none", paramLabel = "KIND",
            description = "none, weight_decay (objective + lambda/2*sum(W^2), gradient + lambda*W) or l2"
                    + " (objective + lambda*sum(W^2), gradient + 2*lambda*W). Default: ${DEFAULT-VALUE}.")
    String regularization;

    @Option(names = "--lambda", defaultValue = "0", paramLabel = "L", description = "Regularisation strength. Default: ${DEFAULT-VALUE}.")
    double lambda;

    @Option(names = "--regularize-biases", description = "Regularise biases too.")
    boolean regularizeBiases;

    @Option(names = "--batch-size", defaultValue = "32", paramLabel = "N", description = "Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--drop-last", description = "Drop the last partial batch of each epoch.")
    boolean dropLast;

    @Option(names = "--no-shuffle", description = "Visit training examples in their stored order.")
    boolean noShuffle;

    @Option(names = "--epochs", defaultValue = "10", paramLabel = "N", description = "Maximum epochs. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--iterations", defaultValue = "0", paramLabel = "N",
            description = "Train for N steps on batches drawn with replacement (cs231n) instead of epochs.")
    long iterations;

    @Option(names = "--iterations-per-epoch", defaultValue = "0", paramLabel = "N",
            description = "With --iterations: steps per epoch (default max(examples / batch size, 1)).")
    int iterationsPerEpoch;

    @Option(names = "--validations-per-epoch", defaultValue = "1", paramLabel = "N",
            description = "Validate N times per epoch (TDT4265: 5). Default: ${DEFAULT-VALUE}.")
    int validationsPerEpoch;

    @Option(names = "--early-stopping", paramLabel = "METRIC",
            description = "Stop when METRIC (validation_loss, validation_accuracy, train_loss, train_accuracy) stops improving.")
    String earlyStopping;

    @Option(names = "--patience", defaultValue = "10", paramLabel = "N",
            description = "Validations without improvement before stopping. Default: ${DEFAULT-VALUE}.")
    int patience;

    @Option(names = "--min-delta", defaultValue = "0", paramLabel = "D", description = "Smallest improvement. Default: ${DEFAULT-VALUE}.")
    double minDelta;

    @Option(names = "--direction", paramLabel = "DIR", description = "min or max (default: the metric's natural one).")
    String direction;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "Seed of initialisation, shuffling and splits."
            + " Default: ${DEFAULT-VALUE}.")
    long seed;

    /** The optimiser. */
    Optimizer optimizer() {
        Map<String, Double> settings = new LinkedHashMap<>();
        settings.put("lr", lr);
        if (optimizer.trim().equalsIgnoreCase("adam")) {
            settings.put("beta1", beta1);
            settings.put("beta2", beta2);
            settings.put("eps", eps);
        } else {
            settings.put("momentum", momentum);
            settings.put("nesterov", nesterov ? 1.0 : 0.0);
        }
        return Optimizer.parse(optimizer, settings);
    }

    /** The regularisation. */
    Regularization regularization() {
        Regularization r = Regularization.parse(regularization, lambda);
        return regularizeBiases ? r.withBiases() : r;
    }

    /** The training options. */
    TrainingOptions training() {
        EarlyStopping stopping = null;
        if (earlyStopping != null && !earlyStopping.equalsIgnoreCase("none")) {
            Metric metric = Metric.parse(earlyStopping);
            Metric.Direction dir = direction == null ? metric.naturalDirection() : Metric.Direction.parse(direction);
            stopping = new EarlyStopping(metric, dir, patience, minDelta);
        }
        LearningRateSchedule schedule = null;
        if (lrDecay != null) {
            String unit = lrDecayUnit.trim().toLowerCase(Locale.ROOT);
            if (unit.startsWith("iter")) {
                schedule = LearningRateSchedule.stepDecayEveryIterations(lr, lrDecay, lrDecayEvery);
            } else if (unit.equals("epoch")) {
                schedule = LearningRateSchedule.stepDecay(lr, lrDecay, Math.toIntExact(lrDecayEvery));
            } else {
                throw new CliException(ExitCodes.USAGE, "unknown --lr-decay-unit '" + lrDecayUnit + "'", "use epoch or iteration");
            }
        }
        return new TrainingOptions(batchSize, dropLast, !noShuffle, epochs, validationsPerEpoch, stopping, seed, schedule,
                1000, iterations, iterationsPerEpoch);
    }

    /** The settings as recorded in the model file. */
    Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("optimizer", optimizer().name());
        d.putAll(optimizer().hyperParameters());
        if (lrDecay != null) {
            d.put("lr_decay", lrDecay);
            d.put("lr_decay_every", lrDecayEvery);
            d.put("lr_decay_unit", lrDecayUnit);
        }
        d.put("regularization", regularization().kind().label());
        d.put("lambda", lambda);
        d.put("batch_size", batchSize);
        d.put("drop_last", dropLast);
        d.put("shuffle", !noShuffle);
        d.put("max_epochs", epochs);
        d.put("validations_per_epoch", validationsPerEpoch);
        if (iterations > 0) {
            d.put("iterations", iterations);
            d.put("iterations_per_epoch", iterationsPerEpoch);
        }
        d.put("early_stopping", earlyStopping == null ? "none" : earlyStopping);
        d.put("patience", patience);
        d.put("seed", seed);
        return d;
    }
}
