package dev.backprop.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backprop.data.PixelScaling;
import dev.backprop.data.Preprocessing;
import dev.backprop.data.Preprocessor;
import dev.backprop.fuzz.Fuzz;
import dev.backprop.fuzz.Mutator;
import dev.backprop.io.NpyArray;
import dev.backprop.io.SafeTensors;
import dev.backprop.io.SafeTensorsFile;
import dev.backprop.io.SafeTensorsFormatException;
import dev.backprop.nn.Activation;
import dev.backprop.nn.Initializer;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.nn.NetworkSpec;
import dev.backprop.nn.Regularization;
import dev.backprop.random.Rng;
import dev.backprop.tensor.DType;
import dev.backprop.tensor.Matrix;
import dev.backprop.train.Checkpoint;
import dev.backprop.train.Validation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes model files and checkpoints: damaged bytes (which the checksum catches), and, because a
 * hostile file can carry a correct checksum, files rewritten with a valid checksum after their JSON
 * description, metadata or tensors were changed (values set to boundary numbers, wrong types, keys
 * removed, tensors dropped, reshaped or retyped, architectures of billions of weights). Each is
 * refused with a {@link ModelFormatException} or {@link SafeTensorsFormatException} naming the file,
 * or read as a model that predicts.
 */
class ModelFileFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** A tiny model: 5 pixels plus a bias column, 4 hidden units, 3 classes, mean image subtracted. */
    static Model tinyModel(DType dtype) {
        Network net = NetworkSpec.of(6, List.of(4, 3), Activation.parse("relu"), true, Initializer.parse("he_normal"))
                .build(dtype, Rng.seeded(1));
        Preprocessor prep = new Preprocessor(new Preprocessing(PixelScaling.UNIT, true, true, true, dtype), 5, 0.5,
                0.25, new double[] {0.1, 0.2, 0.3, 0.4, 0.5});
        return new Model(net, Loss.SOFTMAX_CROSS_ENTROPY, Regularization.l2(0.01), prep, List.of("a", "b", "c"),
                "tiny", Map.of("seed", 3, "note", "fuzz seed"));
    }

    private byte[] bytesOf(Model m, String name) {
        try {
            Path f = dir.resolve(name);
            ModelFile.write(f, m);
            return Files.readAllBytes(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Values a hostile description might put anywhere. */
    static JsonNode boundaryValue(SplittableRandom random) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        switch (random.nextInt(14)) {
            case 0: return f.numberNode(0);
            case 1: return f.numberNode(-1);
            case 2: return f.numberNode(Integer.MAX_VALUE);
            case 3: return f.numberNode(1L << 31);
            case 4: return f.numberNode(1e308);
            case 5: return f.numberNode(46341);
            case 6: return f.textNode("");
            case 7: return f.textNode("NaN");
            case 8: return f.nullNode();
            case 9: return f.booleanNode(true);
            case 10: return f.arrayNode().add(1).add("x");
            case 11: return f.objectNode().put("name", "x");
            case 12: return f.numberNode(0.5);
            default: return f.textNode("relu");
        }
    }

    /** Every node of a tree with its parent and key (or index), for picking one to change. */
    private static void collect(JsonNode node, List<Object[]> out) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                out.add(new Object[] {node, e.getKey()});
                collect(e.getValue(), out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                out.add(new Object[] {node, i});
                collect(node.get(i), out);
            }
        }
    }

    /** Changes one to three values of a JSON text; returns the new text (or the old one if nothing fit). */
    static String mutateJson(String text, SplittableRandom random, StringBuilder what) {
        JsonNode root;
        try {
            root = JSON.readTree(text == null ? "{}" : text);
        } catch (IOException e) {
            return text;
        }
        for (int k = 1 + random.nextInt(3); k > 0; k--) {
            List<Object[]> nodes = new ArrayList<>();
            collect(root, nodes);
            if (nodes.isEmpty()) {
                break;
            }
            Object[] pick = nodes.get(random.nextInt(nodes.size()));
            boolean remove = random.nextInt(4) == 0;
            JsonNode value = boundaryValue(random);
            if (pick[0] instanceof ObjectNode o) {
                if (remove) {
                    o.remove((String) pick[1]);
                } else {
                    o.set((String) pick[1], value);
                }
            } else {
                ArrayNode a = (ArrayNode) pick[0];
                if (remove) {
                    a.remove((int) pick[1]);
                } else {
                    a.set((int) pick[1], value);
                }
            }
            what.append(", ").append(pick[1]).append(remove ? " removed" : " := " + value);
        }
        return root.toString();
    }

    /** A random tensor of rank 0 to 3 and a random supported dtype. */
    static NpyArray randomTensor(SplittableRandom random) {
        int rank = random.nextInt(4);
        int[] shape = new int[rank];
        int n = 1;
        for (int i = 0; i < rank; i++) {
            shape[i] = random.nextInt(7);
            n *= shape[i];
        }
        switch (random.nextInt(5)) {
            case 0: return NpyArray.ofFloat32(new float[n], shape);
            case 1: return NpyArray.ofFloat64(new double[n], shape);
            case 2: return NpyArray.ofInt32(new int[n], shape);
            case 3: return NpyArray.ofInt64(new long[n], shape);
            default: return NpyArray.ofUint8(new byte[n], shape);
        }
    }

    /** Rewrites a valid file with its metadata, JSON and tensors changed, and a valid checksum. */
    private Fuzz.Generator rewritten(byte[] valid, String jsonKey, String[] metaKeys) {
        SafeTensorsFile st;
        try {
            Path f = Files.write(dir.resolve("valid-" + jsonKey + ".safetensors"), valid);
            st = SafeTensors.read(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return random -> {
            Map<String, String> meta = new LinkedHashMap<>(st.metadata());
            Map<String, NpyArray> tensors = new LinkedHashMap<>(st.tensors());
            StringBuilder what = new StringBuilder("rewritten");
            int changes = 1 + random.nextInt(2);
            for (int c = 0; c < changes; c++) {
                switch (random.nextInt(6)) {
                    case 0, 1, 2 -> meta.put(jsonKey, mutateJson(meta.get(jsonKey), random, what));
                    case 3 -> {
                        String key = metaKeys[random.nextInt(metaKeys.length)];
                        String value = new String[] {"2", "0", "-1", "abc", "1.0", " 1", "", "backprop-model",
                            "backprop-checkpoint", "{}", "[]", "null"}[random.nextInt(12)];
                        if (random.nextInt(4) == 0) {
                            meta.remove(key);
                            what.append(", metadata ").append(key).append(" removed");
                        } else {
                            meta.put(key, value);
                            what.append(", metadata ").append(key).append(" := '").append(value).append('\'');
                        }
                    }
                    default -> {
                        List<String> names = new ArrayList<>(tensors.keySet());
                        String name = names.isEmpty() || random.nextInt(5) == 0 ? "extra" : names.get(random.nextInt(names.size()));
                        if (random.nextInt(3) == 0) {
                            tensors.remove(name);
                            what.append(", tensor ").append(name).append(" removed");
                        } else {
                            NpyArray t = randomTensor(random);
                            tensors.put(name, t);
                            what.append(", tensor ").append(name).append(" := ").append(t);
                        }
                    }
                }
            }
            try {
                Path f = dir.resolve("rewritten.safetensors");
                SafeTensors.write(f, meta, tensors);
                return new Fuzz.Input(Fuzz.Kind.GENERATED, what.toString(), Files.readAllBytes(f));
            } catch (IllegalArgumentException | IOException e) {
                return new Fuzz.Input(Fuzz.Kind.GENERATED, what + " (not writable: " + e.getMessage() + ")", valid);
            }
        };
    }

    /** A description claiming an architecture of billions of weights, with a valid checksum. */
    private Fuzz.Generator hugeArchitecture(byte[] valid) {
        SafeTensorsFile st;
        try {
            st = SafeTensors.read(Files.write(dir.resolve("valid-huge.safetensors"), valid));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return random -> {
            Map<String, String> meta = new LinkedHashMap<>(st.metadata());
            int[] sizes = {30_000, 46341, 65536, 100_000, 1 << 20, Integer.MAX_VALUE};
            int inputs = sizes[random.nextInt(sizes.length)];
            int units = sizes[random.nextInt(sizes.length)];
            try {
                ObjectNode root = (ObjectNode) JSON.readTree(meta.get("backprop.model"));
                ((ObjectNode) root.get("network")).put("inputs", inputs);
                ((ObjectNode) root.get("network").get("layers").get(0)).put("units", units);
                if (random.nextBoolean()) {
                    ((ObjectNode) root.get("network")).put("dtype", "float64");
                }
                meta.put("backprop.model", root.toString());
                Path f = dir.resolve("huge.safetensors");
                SafeTensors.write(f, meta, st.tensors());
                return new Fuzz.Input(Fuzz.Kind.GENERATED, "inputs " + inputs + ", units " + units, Files.readAllBytes(f));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    @Test
    void modelFilesAreRefusedOrLoadAModelThatPredicts() throws IOException {
        byte[] tiny32 = bytesOf(tinyModel(DType.FLOAT32), "tiny32.safetensors");
        byte[] tiny64 = bytesOf(tinyModel(DType.FLOAT64), "tiny64.safetensors");
        byte[] v1;
        try (var in = ModelFileFuzzTest.class.getResourceAsStream("model-v1.safetensors")) {
            v1 = in.readAllBytes();
        }
        Mutator mutator = new Mutator(List.of(tiny32, tiny64, v1), 400, new int[] {0, 4, 7, 44, 48}, false);
        String[] metaKeys = {"format", "format_version", "backprop.model"};
        Fuzz.Generator inputs = Fuzz.mix(new int[] {1, 3, 5, 1}, Mutator.randomBytes(300), mutator.generator(),
                rewritten(tiny32, "backprop.model", metaKeys), hugeArchitecture(tiny32));
        Fuzz.of("model-file", 800).scratch(dir).refusals(ModelFormatException.class, SafeTensorsFormatException.class)
                .allocationBudget(32L << 20, 64)
                .run(inputs, (input, source) -> {
                    Path file = Files.write(Path.of(source), input.bytes());
                    Model m = ModelFile.read(file);
                    Network net = m.network();
                    Model.Prediction p = m.predict(Matrix.zeros(net.dtype(), 2, net.inputSize()));
                    Fuzz.check(p.classes().length == 2, "predictions for 2 rows: " + p.classes().length);
                    Fuzz.check(m.classNames().size() == p.probabilities().cols(), "classes and probabilities disagree");
                });
    }

    static Checkpoint tinyCheckpoint() {
        Map<String, Matrix> params = new LinkedHashMap<>();
        params.put("W0", Matrix.zeros(DType.FLOAT32, 3, 2));
        params.put("b0", Matrix.zeros(DType.FLOAT32, 1, 2));
        Map<String, Matrix> optim = new LinkedHashMap<>();
        optim.put("W0/velocity", Matrix.zeros(DType.FLOAT32, 3, 2));
        return new Checkpoint("fp-123", 40, 2, 5, 1.5, new double[] {2.3, 2.1, Double.NaN}, List.of(
                new Validation(20, 1.0, 0.7, 2.2, 0.3, 2.25, 0.28), new Validation(40, 2.0, 1.4, 2.0, 0.4, Double.NaN, 0.3)),
                1, 0, params, Map.copyOf(params), optim, 40);
    }

    /**
     * Checkpoints damaged on disk are refused by their checksum. (Rewritten checkpoints with a valid
     * checksum are fuzzed in {@link #rewrittenCheckpoints()}.)
     */
    @Test
    void damagedCheckpointsAreRefused() throws IOException {
        Path file = dir.resolve("ckpt.safetensors");
        new CheckpointFile(file).save(tinyCheckpoint());
        byte[] valid = Files.readAllBytes(file);
        Mutator mutator = new Mutator(List.of(valid), 400, new int[] {0, 4, 7, 44, 48}, false);
        Fuzz.Generator inputs = Fuzz.mix(new int[] {1, 4}, Mutator.randomBytes(300), mutator.generator());
        Fuzz.of("checkpoint", 400).scratch(dir).refusals(ModelFormatException.class, SafeTensorsFormatException.class)
                .run(inputs, (input, source) -> {
                    Path f = Files.write(Path.of(source), input.bytes());
                    Checkpoint c = new CheckpointFile(f).load().orElseThrow();
                    Fuzz.check(!c.parameters().isEmpty(), "a checkpoint without parameters");
                });
    }

    /**
     * Checkpoints rewritten with a valid checksum after their state, metadata or tensors were changed:
     * the checksum cannot stop them, so {@link CheckpointFile#load()} must check the content. Before it
     * did, this property found IllegalArgumentException (a tensor of rank 0 or 3), NullPointerException
     * (a validation row shorter than 7 values), NumberFormatException and unwrapped JsonParseException.
     */
    @Test
    void rewrittenCheckpoints() throws IOException {
        Path file = dir.resolve("ckpt.safetensors");
        new CheckpointFile(file).save(tinyCheckpoint());
        byte[] valid = Files.readAllBytes(file);
        Fuzz.Generator inputs = rewritten(valid, "backprop.checkpoint", new String[] {"format", "format_version",
            "backprop.checkpoint"});
        Fuzz.of("checkpoint-rewritten", 400).scratch(dir)
                .refusals(ModelFormatException.class, SafeTensorsFormatException.class)
                .run(inputs, (input, source) -> {
                    Path f = Files.write(Path.of(source), input.bytes());
                    Checkpoint c = new CheckpointFile(f).load().orElseThrow();
                    Fuzz.check(!c.parameters().isEmpty(), "a checkpoint without parameters");
                });
    }

    /**
     * Files the fuzzer found (all with a valid checksum): architectures of 2^31 - 1 output units or
     * 100,000 x 46,341 weights, which were built before the tensors were checked (an
     * IllegalArgumentException from Matrix, or gigabytes allocated), and a 'provenance' or
     * 'preprocessing' that is not an object (an IllegalArgumentException from Jackson or the reader).
     */
    @Test
    void regressions() throws IOException {
        Map<String, String> cases = Map.of(
                "units-2147483647.safetensors", "tensor 'W1' has shape [4, 3], the architecture 6-4-2147483647 needs [4, 2147483647]",
                "inputs-100000-units-46341.safetensors", "tensor 'W0' has shape [6, 4], the architecture 100000-46341-3 needs"
                        + " [100000, 46341]",
                "provenance-not-an-object.safetensors", "bad 'provenance': 'provenance' must be an object, found NUMBER",
                "preprocessing-not-an-object.safetensors", "bad 'preprocessing': 'preprocessing' is missing or not an object");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            byte[] bytes;
            try (var in = ModelFileFuzzTest.class.getResourceAsStream("fuzz/" + c.getKey())) {
                bytes = in.readAllBytes();
            }
            Path file = Files.write(dir.resolve(c.getKey()), bytes);
            Fuzz.measure(() -> ModelFile.read(file));
            Fuzz.Measured m = Fuzz.measure(() -> ModelFile.read(file));
            ModelFormatException e = assertInstanceOf(ModelFormatException.class, m.thrown(), () -> c.getKey() + ": " + m.thrown());
            assertTrue(e.getMessage().equals(file + ": " + c.getValue()), e.getMessage());
            assertTrue(m.allocatedBytes() < 10L << 20, m.allocatedBytes() + " bytes allocated for " + e.getMessage());
        }
    }

    /** A valid-checksum model file whose description claims 2^31 - 1 inputs is refused without building that network. */
    @Test
    void hugeArchitecturesAreRefusedWithoutAllocating() throws IOException {
        byte[] tiny = bytesOf(tinyModel(DType.FLOAT32), "tiny.safetensors");
        SafeTensorsFile st = SafeTensors.read(Files.write(dir.resolve("t.safetensors"), tiny));
        for (int[] claim : new int[][] {{Integer.MAX_VALUE, 4}, {46341, 46341}, {100_000, 10_000}, {6, 1 << 30}}) {
            Map<String, String> meta = new LinkedHashMap<>(st.metadata());
            ObjectNode root = (ObjectNode) JSON.readTree(meta.get("backprop.model"));
            ((ObjectNode) root.get("network")).put("inputs", claim[0]);
            ((ObjectNode) root.get("network").get("layers").get(0)).put("units", claim[1]);
            meta.put("backprop.model", root.toString());
            Path file = dir.resolve("huge-" + claim[0] + "x" + claim[1] + ".safetensors");
            SafeTensors.write(file, meta, st.tensors());
            Fuzz.measure(() -> ModelFile.read(file));
            Fuzz.Measured m = Fuzz.measure(() -> ModelFile.read(file));
            ModelFormatException e = assertInstanceOf(ModelFormatException.class, m.thrown());
            assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("tensor 'W0' has shape [6, 4]") || e.getMessage().contains("tensor 'W1'"),
                    e.getMessage());
            assertTrue(m.allocatedBytes() < 10L << 20, m.allocatedBytes() + " bytes allocated for " + e.getMessage());
            assertTrue(m.seconds() < 2, m.seconds() + " s for " + e.getMessage());
        }
    }
}
