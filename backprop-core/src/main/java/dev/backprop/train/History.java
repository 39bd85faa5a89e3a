package dev.backprop.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What happened during training: the loss (data loss + penalty, before the update) of every step, and
 * every validation. Written as CSV (one file of steps, one of validations) and JSON for plotting.
 */
public final class History {

    private double[] stepLoss;
    private int steps;
    private final List<Validation> validations = new ArrayList<>();
    private final int batchesPerEpoch;

    /**
     * @param batchesPerEpoch used to turn steps into fractional epochs
     * @param expectedSteps   capacity reserved up front so recording a step allocates nothing
     */
    public History(int batchesPerEpoch, long expectedSteps) {
        this.batchesPerEpoch = Math.max(1, batchesPerEpoch);
        this.stepLoss = new double[(int) Math.min(Math.max(16, expectedSteps), Integer.MAX_VALUE - 8)];
    }

    /** Records the loss of the next step. */
    public void addStep(double loss) {
        if (steps == stepLoss.length) {
            stepLoss = Arrays.copyOf(stepLoss, stepLoss.length * 2);
        }
        stepLoss[steps++] = loss;
    }

    /** Records a validation. */
    public void addValidation(Validation v) {
        validations.add(v);
    }

    /** Number of steps recorded. */
    public int steps() {
        return steps;
    }

    /** The loss of every step, in order (a copy). */
    public double[] stepLosses() {
        return Arrays.copyOf(stepLoss, steps);
    }

    /** Every validation, in order. */
    public List<Validation> validations() {
        return List.copyOf(validations);
    }

    /** The last validation, or null. */
    public Validation lastValidation() {
        return validations.isEmpty() ? null : validations.get(validations.size() - 1);
    }

    /** Batches per epoch, for converting steps to epochs. */
    public int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    /** Drops everything after {@code step} steps (used when resuming from a checkpoint). */
    void truncate(int step, int validationCount) {
        steps = Math.min(steps, step);
        while (validations.size() > validationCount) {
            validations.remove(validations.size() - 1);
        }
    }

    /** Writes {@code steps.csv}, {@code validations.csv} and {@code history.json} into {@code dir}, each atomically. */
    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        StringBuilder stepsCsv = new StringBuilder("step,epoch,loss\n");
        for (int i = 0; i < steps; i++) {
            stepsCsv.append(i + 1).append(',').append(format((i + 1.0) / batchesPerEpoch)).append(',')
                    .append(format(stepLoss[i])).append('\n');
        }
        writeAtomically(dir.resolve("steps.csv"), stepsCsv.toString());
        StringBuilder valCsv = new StringBuilder(
                "step,epoch,wall_seconds,train_loss,train_accuracy,validation_loss,validation_accuracy\n");
        for (Validation v : validations) {
            valCsv.append(v.step()).append(',').append(format(v.epoch())).append(',').append(format(v.wallSeconds()))
                    .append(',').append(format(v.trainLoss())).append(',').append(format(v.trainAccuracy())).append(',')
                    .append(format(v.validationLoss())).append(',').append(format(v.validationAccuracy())).append('\n');
        }
        writeAtomically(dir.resolve("validations.csv"), valCsv.toString());
        writeAtomically(dir.resolve("history.json"), toJson());
    }

    /** The history as JSON: {@code batches_per_epoch}, {@code step_loss} and {@code validations}. */
    public String toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("batches_per_epoch", batchesPerEpoch);
        List<Double> losses = new ArrayList<>(steps);
        for (int i = 0; i < steps; i++) {
            losses.add(finiteOrNull(stepLoss[i]));
        }
        root.put("step_loss", losses);
        List<Map<String, Object>> vals = new ArrayList<>();
        for (Validation v : validations) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("step", v.step());
            m.put("epoch", v.epoch());
            m.put("wall_seconds", v.wallSeconds());
            m.put("train_loss", finiteOrNull(v.trainLoss()));
            m.put("train_accuracy", finiteOrNull(v.trainAccuracy()));
            m.put("validation_loss", finiteOrNull(v.validationLoss()));
            m.put("validation_accuracy", finiteOrNull(v.validationAccuracy()));
            vals.add(m);
        }
        root.put("validations", vals);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot render the history as JSON", e);
        }
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;   // JSON has no NaN
    }

    private static String format(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.9g", v);
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        dev.backprop.io.AtomicFiles.writeString(file, text);
    }
}
