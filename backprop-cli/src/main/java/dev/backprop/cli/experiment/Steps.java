package dev.backprop.cli.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backprop.check.GradientCheck;
import dev.backprop.check.GradientCheckReport;
import dev.backprop.check.TensorCheck;
import dev.backprop.data.Dataset;
import dev.backprop.data.DatasetStatistics;
import dev.backprop.nn.Activation;
import dev.backprop.nn.Initializer;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.nn.NetworkSpec;
import dev.backprop.nn.Objective;
import dev.backprop.nn.Regularization;
import dev.backprop.optim.LearningRateSchedule;
import dev.backprop.optim.Sgd;
import dev.backprop.random.NumpyRandomState;
import dev.backprop.random.Rng;
import dev.backprop.tensor.DType;
import dev.backprop.tensor.Elementwise;
import dev.backprop.tensor.Matrix;
import dev.backprop.train.TrainingStep;

import dev.backprop.report.ReportDocument;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The special steps assignments need besides training runs: dataset statistics, parameter counts,
 * gradient-check tables and cs231n's two-layer toy network check.
 */
final class Steps {

    static final List<String> TYPES = List.of("dataset_statistics", "parameter_count", "gradient_check", "toy_network");

    /** A step's report section and its numbers. */
    record Outcome(String title, List<ReportDocument.Block> blocks, Map<String, Object> values) {
    }

    private static List<String> row(String... cells) {
        return List.of(cells);
    }

    private Steps() {
    }

    static Outcome run(Experiment.Step step, DataConfig.Prepared data) {
        return switch (step.type()) {
            case "dataset_statistics" -> statistics(step, data);
            case "parameter_count" -> parameters(step, data);
            case "gradient_check" -> gradientCheck(step, data);
            default -> toyNetwork(step);
        };
    }

    private static Outcome statistics(Experiment.Step step, DataConfig.Prepared data) {
        DatasetStatistics s = DatasetStatistics.of(data.trainImages());
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("images", s.count());
        values.put("mean", s.pixelMean());
        values.put("std", s.pixelStd());
        JsonNode expect = step.node().path("expect");
        List<String> header = new ArrayList<>(List.of("training images", "pixel mean", "pixel std (population)"));
        List<String> cells = new ArrayList<>(List.of(String.format(Locale.ROOT, "%,d", s.count()),
                String.format(Locale.ROOT, "%.2f", s.pixelMean()), String.format(Locale.ROOT, "%.2f", s.pixelStd())));
        if (expect.isObject()) {
            header.addAll(List.of("reported mean", "reported std"));
            cells.addAll(List.of(expect.path("mean").asText("–"), expect.path("std").asText("–")));
        }
        List<ReportDocument.Block> blocks = List.of(
                new ReportDocument.Table(header, List.of(cells), header.stream().map(h -> true).toList()),
                new ReportDocument.Paragraph("On the 0..255 scale, over every pixel of the training images (before"
                        + " preprocessing)."));
        return new Outcome(step.name(), blocks, values);
    }

    private static RunConfig model(Experiment.Step step) {
        return RunConfig.bind(step.name(), "", step.model());
    }

    private static Outcome parameters(Experiment.Step step, DataConfig.Prepared data) {
        NetworkSpec spec = model(step).spec(data.train().featureCount(), data.train().classCount());
        Network net = spec.build(DType.FLOAT32, Rng.seeded(0));
        long count = net.parameterCount();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("parameters", count);
        values.put("shape", spec.shape());
        String text = String.format(Locale.ROOT, "Network %s: **%,d parameters**%s.", spec.shape(), count,
                step.node().has("expect") ? String.format(Locale.ROOT, " (expected %,d)", step.node().get("expect").asLong())
                        : "");
        return new Outcome(step.name(), List.of(new ReportDocument.Paragraph(text),
                new ReportDocument.Code(net.summary().toString())), values);
    }

    private static Outcome gradientCheck(Experiment.Step step, DataConfig.Prepared data) {
        RunConfig rc = model(step);
        int examples = step.node().path("examples").asInt(8);
        Dataset batch = data.train().slice(0, Math.min(examples, data.train().size())).toDType(DType.FLOAT64);
        NetworkSpec spec = rc.spec(batch.featureCount(), data.train().classCount());
        Network net = spec.build(DType.FLOAT64, Rng.derive(rc.seed(), "init"));
        GradientCheckReport report = GradientCheck.run(new Objective(net, rc.loss(), rc.regularization()),
                batch.features(), batch.labels(), new GradientCheck.Options(1e-5,
                        step.node().path("max_entries").asInt(500), rc.seed()));
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("max_relative_error", report.maxRelativeError());
        values.put("max_norm_relative_error", report.maxNormRelativeError());
        String text = String.format(Locale.ROOT,
                "Network %s, %s, regularisation %s, %d examples, centred differences with h = 1e-5 in float64.",
                spec.shape(), rc.loss().label(), rc.regularization(), batch.size());
        List<List<String>> rows = new ArrayList<>();
        for (TensorCheck t : report.tensors()) {
            rows.add(row(t.name(), t.shape(), t.entriesChecked() + "/" + t.size(),
                    String.format(Locale.ROOT, "%.2e", t.maxRelativeError()),
                    String.format(Locale.ROOT, "%.2e", t.normRelativeError())));
        }
        return new Outcome(step.name(), List.of(new ReportDocument.Paragraph(text), new ReportDocument.Table(
                List.of("tensor", "shape", "entries checked", "max relative error", "norm-relative error"), rows,
                List.of(false, false, true, true, true))), values);
    }

    /** The notebook's {@code correct_scores} and {@code correct_loss} (reg = 0.05). */
    private static final double[][] CORRECT_SCORES = {
        {-0.81233741, -1.27654624, -0.70335995},
        {-0.17129677, -1.18803311, -0.47310444},
        {-0.51590475, -1.01354314, -0.8504215},
        {-0.15419291, -0.48629638, -0.52901952},
        {-0.00618733, -0.12435261, -0.15226949}};
    private static final double CORRECT_LOSS = 1.30378789133;
    private static final int[] TOY_Y = {0, 1, 2, 2, 1};

    /**
     * cs231n / HLCV Q1-Q2: the toy 4-10-3 ReLU network built from the notebook's NumPy draws
     * ({@code np.random.seed(0)} weights, {@code np.random.seed(1)} inputs), its scores and loss
     * against the published values, its gradient check, and its 100-iteration training (batches of
     * 200 drawn with replacement, lr 0.1 decaying by 0.95 every iteration, reg 5e-6).
     */
    private static Outcome toyNetwork(Experiment.Step step) {
        Network net = Network.builder(4).initializer(Initializer.normal(0.1)).dense(10, Activation.RELU)
                .dense(3, Activation.IDENTITY).build(DType.FLOAT64, new NumpyRandomState(0));
        NumpyRandomState rng = new NumpyRandomState(1);
        Matrix x = Matrix.zeros(DType.FLOAT64, 5, 4);
        for (int i = 0; i < x.size(); i++) {
            x.setFlat(i, 10 * rng.nextGaussian());
        }
        Matrix scores = net.predict(x, 5);
        double scoreDiff = 0;
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 3; j++) {
                scoreDiff += Math.abs(scores.get(i, j) - CORRECT_SCORES[i][j]);
            }
        }
        double loss = new Objective(net, Loss.SOFTMAX_CROSS_ENTROPY, Regularization.l2(0.05)).evaluate(x, TOY_Y, 0);
        GradientCheckReport check = GradientCheck.run(new Objective(net, Loss.SOFTMAX_CROSS_ENTROPY, Regularization.l2(0.05)),
                x, TOY_Y, GradientCheck.Options.defaults());

        Objective objective = new Objective(net, Loss.SOFTMAX_CROSS_ENTROPY, Regularization.l2(5e-6));
        Sgd sgd = new Sgd(0.1);
        TrainingStep trainingStep = new TrainingStep(objective, sgd);
        LearningRateSchedule schedule = LearningRateSchedule.stepDecayEveryIterations(0.1, 0.95, 1);
        Matrix batch = Matrix.zeros(DType.FLOAT64, 200, 4);
        int[] labels = new int[200];
        double last = Double.NaN;
        for (int it = 0; it < 100; it++) {
            int[] idx = rng.choice(5, 200);
            Elementwise.gatherRows(x, idx, 0, batch);
            for (int i = 0; i < 200; i++) {
                labels[i] = TOY_Y[idx[i]];
            }
            sgd.setLearningRate(schedule.rate(it, 0));
            last = trainingStep.run(batch, labels, 0);
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("score_difference", scoreDiff);
        values.put("loss", loss);
        values.put("loss_difference", Math.abs(loss - CORRECT_LOSS));
        values.put("max_gradient_error", check.maxRelativeError());
        values.put("final_training_loss", last);
        List<List<String>> rows = new ArrayList<>();
        rows.add(row("sum of |scores − correct scores|", String.format(Locale.ROOT, "%.2e", scoreDiff), "reported 2.9e-8"));
        rows.add(row("loss (reg 0.05)", String.format(Locale.ROOT, "%.11f", loss), String.format(Locale.ROOT, "%.11f",
                CORRECT_LOSS)));
        rows.add(row("|loss − correct loss|", String.format(Locale.ROOT, "%.2e", Math.abs(loss - CORRECT_LOSS)),
                "reported 1.8e-13"));
        for (TensorCheck t : check.tensors()) {
            rows.add(row("gradient check " + t.name() + ": max relative error",
                    String.format(Locale.ROOT, "%.2e", t.maxRelativeError()), "1e-9 to 1e-11"));
        }
        rows.add(row("final training loss (100 iterations)", String.format(Locale.ROOT, "%.4f", last), "0.0155"));
        return new Outcome(step.name(), List.of(
                new ReportDocument.Table(List.of("check", "Backprop", "assignment"), rows, List.of(false, true, true)),
                new ReportDocument.Paragraph("The network, inputs and batches come from a NumPy-compatible generator"
                        + " (`np.random.seed(0)`, `np.random.seed(1)`, `np.random.choice(5, 200)`), so they are the"
                        + " notebook's own numbers.")), values);
    }
}
