package dev.backprop.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backprop.data.PixelScaling;
import dev.backprop.data.Preprocessing;
import dev.backprop.data.Preprocessor;
import dev.backprop.io.MatrixArrays;
import dev.backprop.io.NpyArray;
import dev.backprop.io.NpyDType;
import dev.backprop.io.SafeTensors;
import dev.backprop.io.SafeTensorsFile;
import dev.backprop.nn.Activation;
import dev.backprop.nn.Initializer;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.nn.NetworkSpec;
import dev.backprop.nn.Parameter;
import dev.backprop.nn.Regularization;
import dev.backprop.random.Rng;
import dev.backprop.tensor.DType;
import dev.backprop.tensor.Matrix;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Model files: a {@link Model} as a {@code .safetensors} file, so the weights also load in Python
 * ({@code safetensors.numpy.load_file}) and the file describes itself.
 *
 * <p>Layout: the tensors {@code W0, b0, W1, ...} in the network's dtype (and
 * {@code preprocessing.mean_image} when used); the header's {@code __metadata__} holds
 * {@code format = backprop-model}, {@code format_version} and {@code backprop.model}, a JSON document
 * with the architecture, loss, regularisation, class names, dataset, fitted preprocessing and
 * provenance (hyper-parameters, seed, history summary). Never Java serialization.
 *
 * <p>Reading validates the container (lengths, offsets, checksum) before allocating, then every
 * field of the description and every tensor's shape against the architecture; anything missing,
 * extra or inconsistent is refused with a message naming it.
 *
 * <pre>{@code
 * ModelFile.write(Path.of("model.safetensors"), model);
 * Model again = ModelFile.read(Path.of("model.safetensors"));
 * }</pre>
 */
public final class ModelFile {

    /** The value of the {@code format} metadata key. */
    public static final String FORMAT = "backprop-model";
    /** The format version this release writes and the newest it reads. */
    public static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final String MEAN_IMAGE = "preprocessing.mean_image";

    private ModelFile() {
    }

    /** Writes {@code model} to {@code file} atomically. */
    public static void write(Path file, Model model) throws IOException {
        Map<String, NpyArray> tensors = new LinkedHashMap<>();
        for (Parameter p : model.network().parameters()) {
            Matrix v = p.value();
            tensors.put(p.name(), p.isBias() ? vector(v) : MatrixArrays.toArray(v));
        }
        Preprocessor prep = model.preprocessor();
        if (prep != null && prep.meanImage() != null) {
            tensors.put(MEAN_IMAGE, NpyArray.ofFloat64(prep.meanImage(), prep.inputSize()));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", FORMAT);
        metadata.put("format_version", String.valueOf(VERSION));
        metadata.put("backprop.model", JSON.writerWithDefaultPrettyPrinter().writeValueAsString(describe(model)));
        SafeTensors.write(file, metadata, tensors);
    }

    /**
     * Reads a model file.
     *
     * @throws ModelFormatException naming the file and what is wrong with it
     * @throws IOException          if the file cannot be read or is not a valid safetensors container
     */
    public static Model read(Path file) throws IOException {
        SafeTensorsFile st = SafeTensors.read(file).requireChecksum();
        String source = file.toString();
        Map<String, String> meta = st.metadata();
        if (!FORMAT.equals(meta.get("format"))) {
            throw new ModelFormatException(source, "not a Backprop model file (metadata 'format' is "
                    + (meta.get("format") == null ? "missing" : "'" + meta.get("format") + "'") + ", expected '" + FORMAT + "')");
        }
        int version;
        try {
            version = Integer.parseInt(String.valueOf(meta.get("format_version")));
        } catch (NumberFormatException e) {
            throw new ModelFormatException(source, "format_version '" + meta.get("format_version") + "' is not a number");
        }
        if (version < 1 || version > VERSION) {
            throw new ModelFormatException(source, "format version " + version + " is not supported: this Backprop reads"
                    + " versions 1.." + VERSION + (version > VERSION ? "; upgrade Backprop to read it" : ""));
        }
        JsonNode root;
        try {
            root = JSON.readTree(meta.getOrDefault("backprop.model", ""));
        } catch (IOException e) {
            throw new ModelFormatException(source, "the 'backprop.model' description is not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ModelFormatException(source, "the 'backprop.model' description is missing or not a JSON object");
        }
        Fields f = new Fields(source, root);
        DType dtype = f.parse("network.dtype", () -> DType.parse(f.text(f.object("network"), "network", "dtype")));
        NetworkSpec spec = f.parse("network", () -> spec(f, f.object("network")));
        Loss loss = f.parse("loss", () -> Loss.parse(f.text(root, "", "loss")));
        Regularization reg = f.parse("regularization", () -> regularization(f, f.object("regularization")));
        List<String> classes = f.parse("classes", () -> strings(f, root.get("classes"), "classes"));
        String dataset = root.hasNonNull("dataset") ? root.get("dataset").asText() : null;

        // The description's sizes are only claims; the tensors' sizes are bounded by the file's length.
        // So the tensors are checked against the architecture before a network of that size is built.
        checkTensors(source, spec, st.tensors());
        Network net = spec.build(dtype, Rng.seeded(0));
        Set<String> expected = new HashSet<>();
        Map<String, Matrix> values = new LinkedHashMap<>();
        for (Parameter p : net.parameters()) {
            expected.add(p.name());
            NpyArray t = st.tensors().get(p.name());
            if (t == null) {
                throw new ModelFormatException(source, "tensor '" + p.name() + "' is missing; the architecture "
                        + spec.shape() + " needs it");
            }
            int[] shape = t.shape();
            boolean fits = p.isBias() ? shape.length == 1 && shape[0] == p.value().cols()
                    : shape.length == 2 && shape[0] == p.value().rows() && shape[1] == p.value().cols();
            if (!fits) {
                throw new ModelFormatException(source, "tensor '" + p.name() + "' has shape " + java.util.Arrays.toString(shape)
                        + ", the architecture " + spec.shape() + " needs " + (p.isBias() ? "[" + p.value().cols() + "]"
                        : "[" + p.value().rows() + ", " + p.value().cols() + "]"));
            }
            values.put(p.name(), reshape(MatrixArrays.toMatrix(t, dtype), p.value()));
        }
        net.setParameters(values);
        Preprocessor prep = null;
        if (root.hasNonNull("preprocessing")) {
            NpyArray meanImage = st.tensors().get(MEAN_IMAGE);
            if (meanImage != null) {
                expected.add(MEAN_IMAGE);
            }
            prep = f.parse("preprocessing", () -> preprocessor(f, f.object("preprocessing"), meanImage));
        }
        for (String name : st.tensors().keySet()) {
            if (!expected.contains(name)) {
                throw new ModelFormatException(source, "unexpected tensor '" + name + "' for the architecture " + spec.shape());
            }
        }
        Map<String, Object> provenance = root.hasNonNull("provenance")
                ? f.parse("provenance", () -> provenance(root.get("provenance")))
                : Map.of();
        Regularization r = reg;
        Preprocessor p = prep;
        return f.parse("model", () -> new Model(net, loss, r, p, classes, dataset, provenance));
    }

    /**
     * Checks that every tensor the architecture needs is present with its shape and a floating-point
     * dtype, and that every tensor is floating-point, before anything of the architecture's size is
     * allocated.
     */
    private static void checkTensors(String source, NetworkSpec spec, Map<String, NpyArray> tensors)
            throws ModelFormatException {
        for (Map.Entry<String, NpyArray> t : tensors.entrySet()) {
            NpyArray a = t.getValue();
            if (a.dtype() != NpyDType.FLOAT32 && a.dtype() != NpyDType.FLOAT64) {
                throw new ModelFormatException(source, "tensor '" + t.getKey() + "' has dtype " + a.dtype().numpyName()
                        + "; model tensors are float32 or float64");
            }
        }
        int in = spec.inputs();
        for (int i = 0; i < spec.layers().size(); i++) {
            NetworkSpec.Layer layer = spec.layers().get(i);
            checkShape(source, spec, tensors, "W" + i, new long[] {in, layer.units()});
            if (layer.bias()) {
                checkShape(source, spec, tensors, "b" + i, new long[] {layer.units()});
            }
            in = layer.units();
        }
    }

    private static void checkShape(String source, NetworkSpec spec, Map<String, NpyArray> tensors, String name,
            long[] needed) throws ModelFormatException {
        NpyArray t = tensors.get(name);
        if (t == null) {
            throw new ModelFormatException(source, "tensor '" + name + "' is missing; the architecture " + spec.shape()
                    + " needs it");
        }
        int[] shape = t.shape();
        boolean fits = shape.length == needed.length;
        for (int k = 0; fits && k < shape.length; k++) {
            fits = shape[k] == needed[k];
        }
        if (!fits) {
            throw new ModelFormatException(source, "tensor '" + name + "' has shape " + java.util.Arrays.toString(shape)
                    + ", the architecture " + spec.shape() + " needs " + java.util.Arrays.toString(needed));
        }
    }

    private static Map<String, Object> provenance(JsonNode node) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("'provenance' must be an object, found " + node.getNodeType());
        }
        return JSON.convertValue(node, JSON.getTypeFactory().constructMapType(LinkedHashMap.class, String.class,
                Object.class));
    }

    /** A bias [1, n] as a 1-D tensor [n] in its own dtype, as PyTorch and NumPy keep biases. */
    static NpyArray vector(Matrix v) {
        if (v.dtype() == DType.FLOAT64) {
            return NpyArray.ofFloat64(v.toDoubleArray(), v.size());
        }
        float[] f = new float[v.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) v.getFlat(i);
        }
        return NpyArray.ofFloat32(f, v.size());
    }

    /** {@code m} with the shape of {@code like} (same element count; a [1, n] row for a [n] tensor). */
    private static Matrix reshape(Matrix m, Matrix like) {
        if (m.sameShape(like)) {
            return m;
        }
        Matrix out = Matrix.zeros(like.dtype(), like.rows(), like.cols());
        for (int i = 0; i < out.size(); i++) {
            out.setFlat(i, m.getFlat(i));
        }
        return out;
    }

    /** The JSON description of a model (what {@code backprop.model} holds). */
    static ObjectNode describe(Model model) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode net = root.putObject("network");
        NetworkSpec spec = model.network().spec();
        net.put("inputs", spec.inputs());
        net.put("dtype", model.network().dtype().label());
        ArrayNode layers = net.putArray("layers");
        for (NetworkSpec.Layer l : spec.layers()) {
            ObjectNode layer = layers.addObject();
            layer.put("units", l.units());
            layer.put("activation", l.activation().name());
            l.activation().parameters().forEach(layer::put);
            layer.put("bias", l.bias());
            ObjectNode init = layer.putObject("init");
            init.put("name", l.initializer().name());
            l.initializer().parameters().forEach(init::put);
        }
        root.put("loss", model.loss().label());
        ObjectNode reg = root.putObject("regularization");
        reg.put("kind", model.regularization().kind().label());
        reg.put("lambda", model.regularization().lambda());
        reg.put("include_biases", model.regularization().includeBiases());
        ArrayNode classes = root.putArray("classes");
        model.classNames().forEach(classes::add);
        if (model.dataset() != null) {
            root.put("dataset", model.dataset());
        }
        Preprocessor prep = model.preprocessor();
        if (prep != null) {
            ObjectNode p = root.putObject("preprocessing");
            p.put("scaling", prep.recipe().scaling().label());
            p.put("standardize", prep.recipe().standardize());
            if (prep.recipe().standardize()) {
                p.put("mean", prep.mean());
                p.put("std", prep.std());
            }
            p.put("subtract_mean_image", prep.recipe().subtractMeanImage());
            p.put("bias_column", prep.recipe().biasColumn());
            p.put("input_size", prep.inputSize());
            p.put("dtype", prep.recipe().dtype().label());
        }
        root.set("provenance", JSON.valueToTree(model.provenance()));
        return root;
    }

    private static NetworkSpec spec(Fields f, JsonNode net) {
        int inputs = f.positiveInt(net, "network", "inputs");
        JsonNode layers = net.get("layers");
        if (layers == null || !layers.isArray() || layers.isEmpty()) {
            throw new IllegalArgumentException("network.layers must be a non-empty list");
        }
        List<NetworkSpec.Layer> out = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            JsonNode l = layers.get(i);
            String where = "network.layers[" + i + "]";
            Map<String, Double> actParams = new LinkedHashMap<>();
            if (l.has("negative_slope")) {
                actParams.put("negative_slope", l.get("negative_slope").asDouble());
            }
            Activation activation = Activation.parse(f.text(l, where, "activation"), actParams);
            JsonNode init = l.get("init");
            if (init == null || !init.isObject()) {
                throw new IllegalArgumentException(where + ".init must be an object with a 'name'");
            }
            Map<String, Double> initParams = new LinkedHashMap<>();
            for (Iterator<String> it = init.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!k.equals("name")) {
                    initParams.put(k, init.get(k).asDouble());
                }
            }
            Initializer initializer = Initializer.parse(f.text(init, where + ".init", "name"), initParams);
            if (!l.has("bias") || !l.get("bias").isBoolean()) {
                throw new IllegalArgumentException(where + ".bias must be true or false");
            }
            out.add(new NetworkSpec.Layer(f.positiveInt(l, where, "units"), activation, l.get("bias").asBoolean(),
                    initializer));
        }
        return new NetworkSpec(inputs, out);
    }

    private static Regularization regularization(Fields f, JsonNode r) {
        Regularization reg = Regularization.parse(f.text(r, "regularization", "kind"), r.path("lambda").asDouble(Double.NaN));
        return r.path("include_biases").asBoolean(false) ? reg.withBiases() : reg;
    }

    private static Preprocessor preprocessor(Fields f, JsonNode p, NpyArray meanImage) {
        Preprocessing recipe = new Preprocessing(PixelScaling.parse(f.text(p, "preprocessing", "scaling")),
                p.path("standardize").asBoolean(false), p.path("subtract_mean_image").asBoolean(false),
                p.path("bias_column").asBoolean(false),
                p.hasNonNull("dtype") ? DType.parse(p.get("dtype").asText()) : DType.FLOAT64);
        int inputSize = f.positiveInt(p, "preprocessing", "input_size");
        double[] mean = null;
        if (recipe.subtractMeanImage()) {
            if (meanImage == null) {
                throw new IllegalArgumentException("subtract_mean_image is true but tensor '" + MEAN_IMAGE + "' is missing");
            }
            mean = meanImage.toDoubleArray();
        } else if (meanImage != null) {
            throw new IllegalArgumentException("tensor '" + MEAN_IMAGE + "' is present but subtract_mean_image is false");
        }
        return new Preprocessor(recipe, inputSize, p.path("mean").asDouble(Double.NaN), p.path("std").asDouble(Double.NaN),
                mean);
    }

    private static List<String> strings(Fields f, JsonNode array, String where) {
        if (array == null || !array.isArray()) {
            throw new IllegalArgumentException(where + " must be a list of names");
        }
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** Field access with messages naming the file and field. */
    private record Fields(String source, JsonNode root) {

        interface Parse<T> {
            T get();
        }

        <T> T parse(String field, Parse<T> parse) throws ModelFormatException {
            try {
                return parse.get();
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new ModelFormatException(source, "bad '" + field + "': " + e.getMessage());
            }
        }

        JsonNode object(String name) {
            JsonNode n = root.get(name);
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException("'" + name + "' is missing or not an object");
            }
            return n;
        }

        String text(JsonNode node, String where, String key) {
            JsonNode n = node.get(key);
            if (n == null || !n.isTextual()) {
                throw new IllegalArgumentException((where.isEmpty() ? "" : where + ".") + key + " is missing or not text");
            }
            return n.asText();
        }

        int positiveInt(JsonNode node, String where, String key) {
            JsonNode n = node.get(key);
            if (n == null || !n.canConvertToInt() || n.asInt() <= 0) {
                throw new IllegalArgumentException(where + "." + key + " must be a positive integer, got " + n);
            }
            return n.asInt();
        }
    }
}
