package dev.backprop.cli.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backprop.nn.Activation;
import dev.backprop.nn.Initializer;
import dev.backprop.nn.Loss;
import dev.backprop.nn.NetworkSpec;
import dev.backprop.nn.Regularization;
import dev.backprop.optim.LearningRateSchedule;
import dev.backprop.optim.Optimizer;
import dev.backprop.tensor.DType;
import dev.backprop.train.EarlyStopping;
import dev.backprop.train.Metric;
import dev.backprop.train.TrainingOptions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything one training run needs besides data, bound and validated from the layered
 * configuration ({@code model}, {@code loss}, {@code optimizer}, {@code regularization},
 * {@code schedule}, {@code training}, {@code early_stopping}, {@code seed}). The same keys serve a
 * run of an experiment file and {@code backprop train --config FILE}.
 *
 * @param name        run name (a folder name)
 * @param description what the run shows, or empty
 * @param settings    every setting as resolved, for the run's record and its fingerprint
 */
record RunConfig(String name, String description, List<Integer> hidden, Activation activation, Initializer init,
                 String bias, Loss loss, java.util.function.Supplier<Optimizer> optimizer, Regularization regularization,
                 TrainingOptions training, long seed, Map<String, Object> settings) {

    static final List<String> RUN_KEYS = List.of("name", "description", "data", "model", "loss", "optimizer",
            "regularization", "schedule", "training", "early_stopping", "seed");
    static final List<String> MODEL_KEYS = List.of("hidden", "activation", "negative_slope", "init", "bias");
    static final List<String> INIT_KEYS = List.of("name", "low", "high", "std");
    static final List<String> OPTIMIZER_KEYS = List.of("name", "lr", "momentum", "nesterov", "beta1", "beta2", "eps");
    static final List<String> REGULARIZATION_KEYS = List.of("kind", "lambda", "include_biases");
    static final List<String> SCHEDULE_KEYS = List.of("decay", "every", "unit");
    static final List<String> TRAINING_KEYS = List.of("batch_size", "drop_last", "shuffle", "epochs",
            "validations_per_epoch", "iterations", "iterations_per_epoch");
    static final List<String> STOPPING_KEYS = List.of("metric", "direction", "patience", "min_delta");

    /** Binds and validates a run; every error names the file and line of the offending value. */
    static RunConfig bind(String name, String description, Layers c) {
        c.checkKeys("model", MODEL_KEYS);
        c.checkKeys("optimizer", OPTIMIZER_KEYS);
        c.checkKeys("regularization", REGULARIZATION_KEYS);
        c.checkKeys("schedule", SCHEDULE_KEYS);
        c.checkKeys("training", TRAINING_KEYS);
        c.checkKeys("early_stopping", STOPPING_KEYS);
        Map<String, Object> settings = new LinkedHashMap<>();

        List<Integer> hidden = hidden(c);
        Map<String, Double> actParams = new LinkedHashMap<>();
        if (c.get("model", "negative_slope") != null) {
            actParams.put("negative_slope", c.number("model", "negative_slope", 0.01));
        }
        Activation activation = c.parse("model", "activation", "sigmoid", n -> Activation.parse(n, actParams));
        Initializer init = initializer(c);
        String bias = c.parse("model", "bias", "all", b -> {
            String w = b.trim().toLowerCase(Locale.ROOT);
            if (!List.of("all", "none", "first").contains(w)) {
                throw new IllegalArgumentException(dev.backprop.nn.Names.unknown("bias placement", b,
                        List.of("all", "none", "first")));
            }
            return w;
        });
        Loss loss = c.parse("", "loss", "softmax_cross_entropy", Loss::parse);
        settings.put("hidden", hidden);
        settings.put("activation", activation.toString());
        settings.put("init", init.toString());
        settings.put("bias", bias);
        settings.put("loss", loss.label());

        String optimizerName = c.parse("optimizer", "name", "sgd", n -> dev.backprop.nn.Names.lookup("optimiser", n,
                new String[] {"sgd", "adam"}, s -> s));
        Map<String, Double> opt = new LinkedHashMap<>();
        opt.put("lr", c.number("optimizer", "lr", Double.NaN));
        if (Double.isNaN(opt.get("lr"))) {
            throw c.tree().error("", "run '" + name + "': optimizer.lr is not set (neither in defaults nor in the run)");
        }
        if (optimizerName.equals("sgd")) {
            opt.put("momentum", c.number("optimizer", "momentum", 0));
            opt.put("nesterov", c.bool("optimizer", "nesterov", false) ? 1.0 : 0.0);
        } else {
            opt.put("beta1", c.number("optimizer", "beta1", 0.9));
            opt.put("beta2", c.number("optimizer", "beta2", 0.999));
            opt.put("eps", c.number("optimizer", "eps", 1e-8));
        }
        java.util.function.Supplier<Optimizer> optimizer = c.at("optimizer", () -> {
            Optimizer.parse(optimizerName, opt);   // validate now
            return (java.util.function.Supplier<Optimizer>) () -> Optimizer.parse(optimizerName, opt);
        });
        settings.put("optimizer", optimizerName);
        settings.putAll(opt);

        Regularization reg = c.at("regularization", () -> {
            Regularization r = Regularization.parse(c.text("regularization", "kind", "none"),
                    c.number("regularization", "lambda", 0));
            return c.bool("regularization", "include_biases", false) ? r.withBiases() : r;
        });
        settings.put("regularization", reg.toString());
        settings.put("lambda", reg.lambda());

        LearningRateSchedule schedule = null;
        if (c.get("schedule", "decay") != null) {
            double decay = c.number("schedule", "decay", 1);
            long every = c.integer("schedule", "every", 1);
            String unit = c.parse("schedule", "unit", "epoch", u -> dev.backprop.nn.Names.lookup("schedule unit", u,
                    new String[] {"epoch", "iteration"}, s -> s));
            if (unit.equals("epoch") && every > Integer.MAX_VALUE) {
                throw c.tree().error(c.get("schedule", "every").path(), "'every' is " + every + " epochs, more than the "
                        + Integer.MAX_VALUE + " it may be");
            }
            schedule = c.at("schedule", () -> unit.equals("epoch")
                    ? LearningRateSchedule.stepDecay(opt.get("lr"), decay, Math.toIntExact(every))
                    : LearningRateSchedule.stepDecayEveryIterations(opt.get("lr"), decay, every));
            settings.put("lr_decay", decay + " every " + every + " " + unit + (every == 1 ? "" : "s"));
        }

        EarlyStopping stopping = null;
        JsonNode off = c.scalarSection("early_stopping") == null ? null : c.scalarSection("early_stopping").node();
        if (off == null && c.get("early_stopping", "metric") != null) {
            Metric metric = c.parse("early_stopping", "metric", null, Metric::parse);
            Metric.Direction direction = c.parse("early_stopping", "direction", metric.naturalDirection().label(),
                    Metric.Direction::parse);
            int patience = c.intValue("early_stopping", "patience", 10);
            double minDelta = c.number("early_stopping", "min_delta", 0);
            stopping = c.at("early_stopping", () -> new EarlyStopping(metric, direction, patience, minDelta));
            settings.put("early_stopping", metric.label() + " " + direction.label() + ", patience " + patience);
        } else if (off != null && !off.isNull() && !off.asText().equalsIgnoreCase("none")) {
            throw c.tree().error("", "early_stopping must be 'none' or an object with a metric, got " + off);
        }

        long seed = c.integer("", "seed", 0);
        LearningRateSchedule s = schedule;
        EarlyStopping e = stopping;
        TrainingOptions training = c.at("training", () -> new TrainingOptions(
                c.intValue("training", "batch_size", 32), c.bool("training", "drop_last", false),
                c.bool("training", "shuffle", true), c.intValue("training", "epochs", 10),
                c.intValue("training", "validations_per_epoch", 1), e, seed, s, 1000,
                c.integer("training", "iterations", 0), c.intValue("training", "iterations_per_epoch", 0)));
        settings.put("batch_size", training.batchSize());
        settings.put("shuffle", training.shuffle());
        if (training.sampled()) {
            settings.put("iterations", training.iterations());
        } else {
            settings.put("epochs", training.maxEpochs());
        }
        settings.put("validations_per_epoch", training.validationsPerEpoch());
        settings.put("seed", seed);
        return new RunConfig(name, description, hidden, activation, init, bias, loss, optimizer, reg, training, seed,
                settings);
    }

    private static List<Integer> hidden(Layers c) {
        Layers.Value v = c.get("model", "hidden");
        List<Integer> out = new ArrayList<>();
        if (v == null || v.node().isNull()) {
            return out;
        }
        JsonNode n = v.node();
        if (n.isInt()) {
            out.add(n.asInt());
        } else if (n.isArray()) {
            n.forEach(x -> out.add(x.asInt()));
        }
        if ((!n.isInt() && !n.isArray()) || out.stream().anyMatch(x -> x <= 0)) {
            throw c.tree().error(v.path(), "'hidden' must be a list of positive layer sizes, e.g. [64] or [60, 60], got " + n);
        }
        return out;
    }

    private static Initializer initializer(Layers c) {
        Layers.Value v = c.get("model", "init");
        if (v == null) {
            return Initializer.xavierUniform();
        }
        if (v.node().isTextual()) {
            return c.parse("model", "init", null, Initializer::parse);
        }
        if (!v.node().isObject()) {
            throw c.tree().error(v.path(), "'init' must be a name or an object with a name, got " + v.node());
        }
        Layers inner = new Layers(c.tree(), List.of(new Layers.Layer(v.node(), v.path())));
        inner.checkKeys("", INIT_KEYS);
        Map<String, Double> params = new LinkedHashMap<>();
        for (String k : List.of("low", "high", "std")) {
            if (v.node().has(k)) {
                params.put(k, inner.number("", k, 0));
            }
        }
        return inner.parse("", "name", null, n -> Initializer.parse(n, params));
    }

    /** The network for {@code inputs} features and {@code classes} classes. */
    NetworkSpec spec(int inputs, int classes) {
        List<NetworkSpec.Layer> layers = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>(hidden);
        sizes.add(loss == Loss.BINARY_CROSS_ENTROPY ? 1 : classes);
        for (int i = 0; i < sizes.size(); i++) {
            boolean last = i == sizes.size() - 1;
            boolean hasBias = bias.equals("all") || (bias.equals("first") && i == 0);
            layers.add(new NetworkSpec.Layer(sizes.get(i), last ? Activation.IDENTITY : activation, hasBias, init));
        }
        return new NetworkSpec(inputs, layers);
    }

    /** Element type: runs follow the data's dtype. */
    static DType dtype(Layers data) {
        return data.parse("", "dtype", "float32", DType::parse);
    }
}
