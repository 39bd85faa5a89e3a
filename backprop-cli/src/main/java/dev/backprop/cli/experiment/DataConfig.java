package dev.backprop.cli.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backprop.data.DataSources;
import dev.backprop.data.Dataset;
import dev.backprop.data.LabeledImages;
import dev.backprop.data.PixelScaling;
import dev.backprop.data.Preprocessing;
import dev.backprop.data.Preprocessor;
import dev.backprop.data.Split;
import dev.backprop.random.Rng;
import dev.backprop.tensor.DType;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code data} section: which dataset, which images train, validate and test, and how they are
 * prepared. Images for validation and test come from the test split ({@code test}, optionally
 * {@code {first: N}}) or from a range of the training split ({@code {range: [3000, 4000]}}, as HLCV
 * cuts CIFAR-10), or are held out of the training images at random ({@code {split: 0.1}}).
 */
record DataConfig(String dataset, int[] trainRange, Integer trainFirst, Source validation, Source test, int[] classes,
                  Preprocessing recipe, Map<String, Object> settings) {

    static final List<String> KEYS = List.of("dataset", "train", "validation", "test", "classes", "preprocessing", "dtype");
    static final List<String> SELECTION_KEYS = List.of("first", "range", "split", "source");
    static final List<String> PREPROCESSING_KEYS = List.of("scaling", "standardize", "mean_image", "bias_column");

    /** Where validation or test images come from. */
    record Source(String kind, int first, int from, int to, double fraction) {
        static final Source NONE = new Source("none", 0, 0, 0, 0);

        String describe() {
            return switch (kind) {
                case "test" -> first > 0 ? "first " + first + " test images" : "test split";
                case "range" -> "training images " + from + ".." + (to - 1);
                case "split" -> Math.round(fraction * 100) + "% of the training images, held out at random";
                default -> "none";
            };
        }
    }

    /** The data prepared for runs: preprocessed sets and the fitted preprocessor. */
    record Prepared(LabeledImages trainImages, Preprocessor preprocessor, Dataset train, Dataset validation, Dataset test) {
    }

    static DataConfig bind(Layers c) {
        c.checkKeys("", KEYS);
        c.checkKeys("train", SELECTION_KEYS);
        c.checkKeys("preprocessing", PREPROCESSING_KEYS);
        String dataset = c.parse("", "dataset", "mnist-sample", n -> dev.backprop.data.KnownDatasets.get(n).name());
        int[] range = intPair(c, "train", "range");
        Integer first = c.get("train", "first") == null ? null : c.intValue("train", "first", 0);
        Source validation = source(c, "validation", "test");
        Source test = source(c, "test", "none");
        int[] classes = null;
        Layers.Value cl = c.get("", "classes");
        if (cl != null && !cl.node().isNull()) {
            if (!cl.node().isArray() || cl.node().isEmpty()) {
                throw c.tree().error(cl.path(), "'classes' must be a list of class indices, e.g. [3, 2]");
            }
            classes = new int[cl.node().size()];
            for (int i = 0; i < classes.length; i++) {
                classes[i] = cl.node().get(i).asInt();
            }
        }
        PixelScaling scaling = c.parse("preprocessing", "scaling", "unit", PixelScaling::parse);
        DType dtype = RunConfig.dtype(c);
        Preprocessing recipe = new Preprocessing(scaling, c.bool("preprocessing", "standardize", false),
                c.bool("preprocessing", "mean_image", false), c.bool("preprocessing", "bias_column", false), dtype);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("dataset", dataset);
        settings.put("train", range != null ? "images " + range[0] + ".." + (range[1] - 1)
                : first != null ? "first " + first + " images" : "all training images");
        settings.put("validation", validation.describe());
        settings.put("test", test.describe());
        if (classes != null) {
            settings.put("classes", Arrays.toString(classes));
        }
        settings.put("preprocessing", describe(recipe));
        return new DataConfig(dataset, range, first, validation, test, classes, recipe, settings);
    }

    static String describe(Preprocessing p) {
        StringBuilder sb = new StringBuilder(switch (p.scaling()) {
            case RAW -> "raw pixels (0..255)";
            case UNIT -> "pixels scaled to [0, 1]";
            case SYMMETRIC -> "pixels scaled to [-1, 1]";
        });
        if (p.standardize()) {
            sb.append(", standardised with the training mean and standard deviation");
        }
        if (p.subtractMeanImage()) {
            sb.append(", training mean image subtracted");
        }
        if (p.biasColumn()) {
            sb.append(", a constant-1 bias input appended");
        }
        return sb.append(", ").append(p.dtype().label()).toString();
    }

    private static int[] intPair(Layers c, String section, String key) {
        Layers.Value v = c.get(section, key);
        if (v == null || v.node().isNull()) {
            return null;
        }
        JsonNode n = v.node();
        if (!n.isArray() || n.size() != 2 || !n.get(0).canConvertToInt() || !n.get(1).canConvertToInt()
                || n.get(0).asInt() < 0 || n.get(1).asInt() <= n.get(0).asInt()) {
            throw c.tree().error(v.path(), "'" + key + "' must be [from, to) with 0 <= from < to, got " + n);
        }
        return new int[] {n.get(0).asInt(), n.get(1).asInt()};
    }

    private static Source source(Layers c, String key, String fallback) {
        Layers.Value v = c.get("", key);
        if (v == null || v.node().isNull()) {
            return fallback.equals("test") ? new Source("test", 0, 0, 0, 0) : Source.NONE;
        }
        if (v.node().isTextual()) {
            return switch (v.node().asText()) {
                case "test" -> new Source("test", 0, 0, 0, 0);
                case "none" -> Source.NONE;
                default -> throw c.tree().error(v.path(), dev.backprop.nn.Names.unknown(key + " source", v.node().asText(),
                        List.of("test", "none", "{first: N}", "{range: [from, to]}", "{split: fraction}")));
            };
        }
        if (!v.node().isObject()) {
            throw c.tree().error(v.path(), "'" + key + "' must be test, none, or an object such as {range: [3000, 4000]}");
        }
        Layers inner = new Layers(c.tree(), List.of(new Layers.Layer(v.node(), v.path())));
        inner.checkKeys("", SELECTION_KEYS);
        int[] range = intPair(inner, "", "range");
        if (range != null) {
            return new Source("range", 0, range[0], range[1], 0);
        }
        if (v.node().has("split")) {
            double f = inner.number("", "split", 0);
            if (!(f > 0 && f < 1)) {
                throw c.tree().error(v.path() + "/split", "'split' must be a fraction between 0 and 1, got " + f);
            }
            return new Source("split", 0, 0, 0, f);
        }
        return new Source("test", inner.intValue("", "first", 0), 0, 0, 0);
    }

    /** Loads and prepares the data (the seed draws a random hold-out, if any). */
    Prepared load(DataSources sources, long seed) throws IOException {
        LabeledImages all = sources.load(dataset, Split.TRAIN);
        LabeledImages testSplit = null;
        if (validation.kind().equals("test") || test.kind().equals("test")) {
            testSplit = sources.load(dataset, Split.TEST);
        }
        LabeledImages train = trainRange != null ? all.slice(trainRange[0], Math.min(trainRange[1], all.count())) : all;
        if (trainFirst != null) {
            train = train.first(trainFirst);
        }
        LabeledImages val = pick(validation, all, testSplit);
        if (validation.kind().equals("split")) {
            int[] perm = Rng.derive(seed, "split").permutation(train.count());
            int held = (int) Math.round(validation.fraction() * train.count());
            int[] v = Arrays.copyOf(perm, held);
            int[] t = Arrays.copyOfRange(perm, held, perm.length);
            Arrays.sort(v);
            Arrays.sort(t);
            val = train.select(v);
            train = train.select(t);
        }
        LabeledImages tst = pick(test, all, testSplit);
        if (classes != null) {
            train = train.keepClasses(classes);
            val = val == null ? null : val.keepClasses(classes);
            tst = tst == null ? null : tst.keepClasses(classes);
        }
        Preprocessor prep = recipe.fit(train);
        return new Prepared(train, prep, prep.apply(train).named(dataset + " train"),
                val == null ? null : prep.apply(val).named(dataset + " validation"),
                tst == null ? null : prep.apply(tst).named(dataset + " test"));
    }

    private static LabeledImages pick(Source s, LabeledImages train, LabeledImages test) {
        return switch (s.kind()) {
            case "test" -> s.first() > 0 ? test.first(s.first()) : test;
            case "range" -> train.slice(Math.min(s.from(), train.count()), Math.min(s.to(), train.count()));
            default -> null;
        };
    }
}
