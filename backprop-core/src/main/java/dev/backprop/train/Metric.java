package dev.backprop.train;

import dev.backprop.nn.Names;

import java.util.Locale;

/** What a validation measures; early stopping monitors one of these by name. */
public enum Metric {
    /** Mean data loss (no penalty) on the whole training set. */
    TRAIN_LOSS(Direction.MINIMIZE),
    /** Accuracy on the whole training set. */
    TRAIN_ACCURACY(Direction.MAXIMIZE),
    /** Mean data loss (no penalty) on the validation set. */
    VALIDATION_LOSS(Direction.MINIMIZE),
    /** Accuracy on the validation set. */
    VALIDATION_ACCURACY(Direction.MAXIMIZE);

    /** Whether smaller or larger is better. */
    public enum Direction {
        /** Smaller is better. */
        MINIMIZE,
        /** Larger is better. */
        MAXIMIZE;

        /** {@code min} or {@code max}. */
        public String label() {
            return this == MINIMIZE ? "min" : "max";
        }

        /** Parses {@code min}/{@code minimize}/{@code max}/{@code maximize}. */
        public static Direction parse(String s) {
            String n = s.trim().toLowerCase(Locale.ROOT);
            if (n.equals("min") || n.equals("minimize") || n.equals("minimise")) {
                return MINIMIZE;
            }
            if (n.equals("max") || n.equals("maximize") || n.equals("maximise")) {
                return MAXIMIZE;
            }
            throw new IllegalArgumentException("unknown direction '" + s + "' (valid: min, max)");
        }
    }

    private final Direction natural;

    Metric(Direction natural) {
        this.natural = natural;
    }

    /** The direction in which this metric improves. */
    public Direction naturalDirection() {
        return natural;
    }

    /** The configuration name, e.g. {@code validation_loss}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The metric named {@code name}; Keras-style short names ({@code val_loss}, {@code val_acc}) are accepted too. */
    public static Metric parse(String name) {
        switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "val_loss": return VALIDATION_LOSS;
            case "val_acc": case "val_accuracy": return VALIDATION_ACCURACY;
            case "loss": return TRAIN_LOSS;
            case "acc": case "accuracy": case "train_acc": return TRAIN_ACCURACY;
            default: return Names.lookup("metric", name, values(), Metric::label);
        }
    }

    /** This metric's value in a validation record. */
    public double of(Validation v) {
        switch (this) {
            case TRAIN_LOSS: return v.trainLoss();
            case TRAIN_ACCURACY: return v.trainAccuracy();
            case VALIDATION_LOSS: return v.validationLoss();
            case VALIDATION_ACCURACY: return v.validationAccuracy();
            default: throw new AssertionError(this);
        }
    }

    /** True for metrics computed on the validation set. */
    public boolean needsValidationSet() {
        return this == VALIDATION_LOSS || this == VALIDATION_ACCURACY;
    }
}
