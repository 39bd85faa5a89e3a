package dev.backprop.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backprop.io.Npy;
import dev.backprop.io.NpyArray;
import dev.backprop.nn.Activation;
import dev.backprop.nn.Initializer;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.nn.Objective;
import dev.backprop.nn.Regularization;
import dev.backprop.optim.Optimizer;
import dev.backprop.random.Rng;
import dev.backprop.tensor.DType;
import dev.backprop.tensor.Elementwise;
import dev.backprop.tensor.Matrix;
import dev.backprop.testing.TestFolders;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Replays every training run recorded from PyTorch in the folder named by {@code BACKPROP_GOLDEN}
 * (one sub-folder per case with a {@code case.json} and .npy arrays; see the golden README) and
 * requires the same trajectory: in float64 every step's loss within a relative 1e-10, final weights
 * and logits within an absolute 1e-9; in float32 every step's loss within a relative 1e-4. The
 * repository's own cases (test resources {@code golden-extra/}) are replayed the same way.
 */
class GoldenTrajectoryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicNode> everyGoldenCase() throws IOException {
        return casesUnder(TestFolders.require("BACKPROP_GOLDEN"));
    }

    /**
     * Cases recorded with {@code scripts/make-golden-case.py} and kept in the repository: small
     * networks that cover what the shared cases do not (Nesterov, Adam with weight decay, leaky
     * ReLU, MSE, deep stacks without biases, binary cross-entropy with momentum).
     */
    @TestFactory
    Stream<DynamicNode> repositoryCases() throws Exception {
        return casesUnder(Path.of(GoldenTrajectoryTest.class.getResource("/golden-extra").toURI()));
    }

    private static Stream<DynamicNode> casesUnder(Path root) throws IOException {
        List<Path> cases;
        try (Stream<Path> dirs = Files.list(root)) {
            cases = dirs.filter(d -> Files.isRegularFile(d.resolve("case.json"))).sorted().toList();
        }
        assertFalse(cases.isEmpty(), "no case.json under " + root);
        return cases.stream().map(dir -> DynamicContainer.dynamicContainer(dir.getFileName().toString(), Stream.of(
                DynamicTest.dynamicTest("float64 step by step", () -> replay(GoldenCase.load(dir), DType.FLOAT64)),
                DynamicTest.dynamicTest("float32 step by step", () -> replay(GoldenCase.load(dir), DType.FLOAT32)))));
    }

    private static void replay(GoldenCase c, DType dtype) throws IOException {
        Network net = c.network(dtype);
        Objective objective = new Objective(net, c.loss, c.regularization);
        TrainingStep step = new TrainingStep(objective, c.optimizer());
        Matrix x = Matrix.zeros(dtype, c.x.rows(), c.x.cols());
        x.copyFrom(c.x);
        Matrix batch = Matrix.zeros(dtype, c.batchSize, c.x.cols());
        int[] batchLabels = new int[c.batchSize];
        double worstLoss = 0;
        for (int s = 0; s < c.steps; s++) {
            Elementwise.gatherRows(x, c.batches, s * c.batchSize, batch);
            for (int i = 0; i < c.batchSize; i++) {
                batchLabels[i] = c.labels[c.batches[s * c.batchSize + i]];
            }
            step.run(batch, batchLabels, 0);
            double expected = c.losses[s];
            double actual = objective.lastDataLoss();
            double tolerance = dtype == DType.FLOAT64 ? 1e-10 : 1e-4;
            worstLoss = Math.max(worstLoss, Math.abs(actual - expected) / Math.abs(expected));
            if (Math.abs(actual - expected) > tolerance * Math.abs(expected)) {
                fail(c.name + " " + dtype + ": loss at step " + s + " is " + actual + ", PyTorch recorded " + expected
                        + " (relative difference " + Math.abs(actual - expected) / Math.abs(expected) + ")");
            }
            double penaltyTolerance = dtype == DType.FLOAT64 ? 1e-10 : 1e-4;
            assertEquals(c.penalties[s], objective.lastPenalty(), penaltyTolerance * Math.max(1e-12, c.penalties[s]),
                    c.name + " " + dtype + ": penalty at step " + s);
        }
        double worstWeight = 0;
        double tolerance = dtype == DType.FLOAT64 ? 1e-9 : Double.POSITIVE_INFINITY;
        for (Map.Entry<String, Matrix> e : c.finalParameters.entrySet()) {
            worstWeight = Math.max(worstWeight,
                    assertAllClose(e.getValue(), net.parameter(e.getKey()).value(), tolerance, c.name + " final " + e.getKey()));
        }
        double worstLogit = assertAllClose(c.finalLogits, net.predict(x, 256), tolerance, c.name + " final logits");
        System.out.printf(java.util.Locale.ROOT, "golden %-28s %s: %d steps, max relative loss difference %.2e,"
                + " max weight difference %.2e, max logit difference %.2e%n", c.name, dtype, c.steps, worstLoss,
                worstWeight, worstLogit);
    }

    /** Asserts every entry within {@code tolerance} and returns the largest absolute difference. */
    private static double assertAllClose(Matrix expected, Matrix actual, double tolerance, String what) {
        assertEquals(expected.shape(), actual.shape(), what + ": shape");
        double worst = 0;
        int worstIndex = -1;
        for (int i = 0; i < expected.size(); i++) {
            double d = Math.abs(expected.getFlat(i) - actual.getFlat(i));
            if (d > worst || Double.isNaN(d)) {
                worst = d;
                worstIndex = i;
            }
        }
        assertTrue(worst <= tolerance, what + ": entry " + worstIndex + " differs by " + worst + " (tolerance " + tolerance + ")");
        return worst;
    }

    /** One recorded run, read from its folder in the general case.json format. */
    static final class GoldenCase {
        String name;
        int[] sizes;
        boolean[] bias;
        Activation activation;
        Loss loss;
        Regularization regularization;
        String optimizerName;
        Map<String, Double> optimizerSettings;
        int batchSize;
        int steps;
        Matrix x;
        int[] labels;
        int[] batches;
        double[] losses;
        double[] penalties;
        Map<String, Matrix> initialParameters = new HashMap<>();
        Map<String, Matrix> finalParameters = new HashMap<>();
        Matrix finalLogits;

        static GoldenCase load(Path dir) throws IOException {
            JsonNode json = JSON.readTree(dir.resolve("case.json").toFile());
            GoldenCase c = new GoldenCase();
            c.name = dir.getFileName().toString();
            c.sizes = ints(json.get("sizes"));
            c.bias = new boolean[c.sizes.length - 1];
            JsonNode biasNode = json.get("bias");
            for (int i = 0; i < c.bias.length; i++) {
                c.bias[i] = biasNode == null || (biasNode.isArray() ? biasNode.get(i).asBoolean() : biasNode.asBoolean());
            }
            c.activation = activation(json);
            c.loss = Loss.parse(json.get("loss").asText());
            JsonNode opt = json.get("optimizer");
            c.optimizerName = opt.get("type").asText();
            c.optimizerSettings = new HashMap<>();
            double weightDecay = json.path("weight_decay").asDouble(0.0);
            for (Map.Entry<String, JsonNode> f : opt.properties()) {
                switch (f.getKey()) {
                    case "type", "dampening" -> {
                        if (f.getKey().equals("dampening") && f.getValue().asDouble() != 0) {
                            throw new IllegalArgumentException(c.name + ": dampening is not supported");
                        }
                    }
                    case "weight_decay" -> weightDecay = f.getValue().asDouble();
                    case "nesterov" -> c.optimizerSettings.put("nesterov", f.getValue().asBoolean() ? 1.0 : 0.0);
                    case "betas" -> {
                        c.optimizerSettings.put("beta1", f.getValue().get(0).asDouble());
                        c.optimizerSettings.put("beta2", f.getValue().get(1).asDouble());
                    }
                    default -> {
                        if (f.getValue().isBoolean() || f.getValue().isNull()) {
                            // PyTorch flags such as amsgrad, maximize, foreach: only their defaults are supported.
                            if (f.getValue().asBoolean()) {
                                throw new IllegalArgumentException(c.name + ": optimizer flag " + f.getKey()
                                        + " = true is not supported");
                            }
                        } else {
                            c.optimizerSettings.put(f.getKey(), f.getValue().asDouble());
                        }
                    }
                }
            }
            String regularizationName = json.path("regularization").asText("weight_decay");
            double lambda = json.has("l2") ? json.get("l2").asDouble() : weightDecay;
            c.regularization = lambda == 0 ? Regularization.none() : Regularization.parse(
                    json.has("l2") ? "l2" : regularizationName, lambda);
            c.batchSize = json.get("batch_size").asInt();
            c.steps = json.get("steps").asInt();

            NpyArray xArray = Npy.read(dir.resolve("X.npy"));
            c.x = Matrix.wrap(xArray.toDoubleArray(), xArray.shape()[0], xArray.shape()[1]);
            c.labels = labels(Npy.read(dir.resolve("y.npy")));
            NpyArray batchArray = Npy.read(dir.resolve("batches.npy"));
            c.batches = batchArray.toIntArray();
            if (batchArray.shape()[0] < c.steps || batchArray.shape()[1] != c.batchSize) {
                throw new IllegalArgumentException(c.name + ": batches.npy has shape "
                        + java.util.Arrays.toString(batchArray.shape()) + ", expected at least [" + c.steps + ", "
                        + c.batchSize + "]");
            }
            c.losses = Npy.read(dir.resolve("losses.npy")).toDoubleArray();
            Path penaltiesFile = dir.resolve("penalties.npy");
            c.penalties = Files.exists(penaltiesFile) ? Npy.read(penaltiesFile).toDoubleArray() : new double[c.steps];
            for (int i = 0; i < c.sizes.length - 1; i++) {
                c.initialParameters.put("W" + i, matrix(dir.resolve("W" + i + "_init.npy"), false));
                c.finalParameters.put("W" + i, matrix(dir.resolve("W" + i + "_final.npy"), false));
                if (c.bias[i]) {
                    c.initialParameters.put("b" + i, matrix(dir.resolve("b" + i + "_init.npy"), true));
                    c.finalParameters.put("b" + i, matrix(dir.resolve("b" + i + "_final.npy"), true));
                }
            }
            NpyArray logits = Npy.read(dir.resolve("logits_final.npy"));
            int logitCols = logits.shape().length == 1 ? 1 : logits.shape()[1];
            c.finalLogits = Matrix.wrap(logits.toDoubleArray(), logits.shape()[0], logitCols);
            return c;
        }

        Network network(DType dtype) {
            Network.Builder b = Network.builder(sizes[0]);
            for (int i = 1; i < sizes.length; i++) {
                boolean last = i == sizes.length - 1;
                b.dense(sizes[i], last ? Activation.IDENTITY : activation, bias[i - 1], Initializer.zeros());
            }
            Network net = b.build(dtype, Rng.seeded(0));
            net.setParameters(initialParameters);
            return net;
        }

        Optimizer optimizer() {
            return Optimizer.parse(optimizerName, optimizerSettings);
        }

        private static Activation activation(JsonNode json) {
            JsonNode a = json.get("activation");
            Map<String, Double> params = new HashMap<>();
            String name;
            if (a.isObject()) {
                name = a.path("name").asText(a.path("type").asText());
                a.properties().forEach(f -> {
                    if (!f.getKey().equals("name") && !f.getKey().equals("type")) {
                        params.put(f.getKey(), f.getValue().asDouble());
                    }
                });
            } else {
                name = a.asText();
                if (json.has("negative_slope")) {
                    params.put("negative_slope", json.get("negative_slope").asDouble());
                }
            }
            return Activation.parse(name, params);
        }

        /** Class labels from int or (integral) float arrays, e.g. binary targets saved as 0.0 / 1.0. */
        private static int[] labels(NpyArray y) {
            if (y.dtype().isInteger()) {
                return y.toIntArray();
            }
            double[] values = y.toDoubleArray();
            int[] out = new int[values.length];
            for (int i = 0; i < values.length; i++) {
                out[i] = (int) values[i];
                if (out[i] != values[i]) {
                    throw new IllegalArgumentException("y.npy: label " + values[i] + " at " + i + " is not a class index");
                }
            }
            return out;
        }

        private static int[] ints(JsonNode array) {
            int[] out = new int[array.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = array.get(i).asInt();
            }
            return out;
        }

        private static Matrix matrix(Path file, boolean rowVector) throws IOException {
            NpyArray a = Npy.read(file);
            int[] shape = a.shape();
            if (rowVector || shape.length == 1) {
                return Matrix.wrap(a.toDoubleArray(), 1, (int) a.size());
            }
            return Matrix.wrap(a.toDoubleArray(), shape[0], shape[1]);
        }
    }
}
