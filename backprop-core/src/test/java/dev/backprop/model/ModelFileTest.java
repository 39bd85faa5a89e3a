package dev.backprop.model;

import dev.backprop.data.DataSources;
import dev.backprop.data.LabeledImages;
import dev.backprop.data.PixelScaling;
import dev.backprop.data.Preprocessing;
import dev.backprop.data.Split;
import dev.backprop.io.NpyArray;
import dev.backprop.io.SafeTensors;
import dev.backprop.io.SafeTensorsFile;
import dev.backprop.nn.Activation;
import dev.backprop.nn.Initializer;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.nn.NetworkSpec;
import dev.backprop.nn.Regularization;
import dev.backprop.random.Rng;
import dev.backprop.tensor.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelFileTest {

    private static LabeledImages sampleTest() throws IOException {
        return DataSources.builder().build().load("mnist-sample", Split.TEST);
    }

    /**
     * A model file written by Backprop 0.1 (format version 1), committed: later versions must keep
     * reading it and predict the same. Written by {@code backprop train --hidden 16 --epochs 1 --seed 3
     * --train-first 1000 --scaling raw --standardize --bias-column --bias first}.
     */
    @Test
    void readsTheCommittedVersion1FileAndPredictsAsBefore() throws Exception {
        Path file = Path.of(ModelFileTest.class.getResource("model-v1.safetensors").toURI());
        Model model = ModelFile.read(file);
        assertEquals("785-16-10", model.network().spec().shape());
        assertEquals("mnist-sample", model.dataset());
        assertEquals(Loss.SOFTMAX_CROSS_ENTROPY, model.loss());
        assertEquals(32.700934948979594, model.preprocessor().mean(), 0);
        Model.Prediction p = model.predict(sampleTest().first(10));
        assertArrayEquals(new int[] {7, 2, 1, 0, 4, 1, 4, 9, 0, 7}, p.classes());
        double[] first = {0.14299209415912628, 0.02271350473165512, 0.04847037419676781, 0.058633364737033844,
            0.030278870835900307, 0.10131803900003433, 0.040259089320898056, 0.4794181287288666, 0.03328175097703934,
            0.042634785175323486};
        for (int c = 0; c < 10; c++) {
            assertEquals(first[c], p.probability(0, c), 1e-7, "class " + c);
        }
    }

    private static Model model(DType dtype, boolean meanImage) throws IOException {
        LabeledImages train = DataSources.builder().build().load("mnist-sample", Split.TRAIN).first(300);
        Preprocessing recipe = Preprocessing.scaled(PixelScaling.UNIT).withBiasColumn();
        if (meanImage) {
            recipe = recipe.meanImageSubtracted();
        }
        var prep = recipe.fit(train);
        Network net = NetworkSpec.of(785, List.of(8, 10), Activation.leakyRelu(0.2), true, Initializer.heUniform())
                .build(dtype, Rng.seeded(4));
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("seed", 4);
        provenance.put("training", Map.of("lr", 0.1, "momentum", 0.9));
        return new Model(net, Loss.SOFTMAX_CROSS_ENTROPY, Regularization.l2(0.01).withBiases(), prep,
                train.classNames(), "mnist-sample", provenance);
    }

    @Test
    void roundTripIsExact(@TempDir Path dir) throws Exception {
        for (DType dtype : DType.values()) {
            Model m = model(dtype, true);
            Path file = dir.resolve(dtype + ".safetensors");
            ModelFile.write(file, m);
            Model back = ModelFile.read(file);
            assertEquals(m.network().spec(), back.network().spec());
            assertEquals(dtype, back.network().dtype());
            assertEquals(m.regularization(), back.regularization());
            assertEquals(m.provenance(), back.provenance());
            for (int i = 0; i < m.network().parameters().size(); i++) {
                assertArrayEquals(m.network().parameters().get(i).value().toDoubleArray(),
                        back.network().parameters().get(i).value().toDoubleArray(), 0.0);
            }
            assertArrayEquals(m.preprocessor().meanImage(), back.preprocessor().meanImage(), 0.0);
            LabeledImages test = sampleTest().first(20);
            assertArrayEquals(m.predict(test).classes(), back.predict(test).classes());
            assertArrayEquals(m.predict(test).probabilities().toDoubleArray(),
                    back.predict(test).probabilities().toDoubleArray(), 0.0);
        }
    }

    @Test
    void weightsLoadAsPlainTensors(@TempDir Path dir) throws Exception {
        Model m = model(DType.FLOAT32, false);
        Path file = dir.resolve("m.safetensors");
        ModelFile.write(file, m);
        SafeTensorsFile st = SafeTensors.read(file);
        assertEquals(List.of("W0", "b0", "W1", "b1"), List.copyOf(st.tensors().keySet()));
        assertArrayEquals(new int[] {785, 8}, st.tensor("W0").shape());
        assertArrayEquals(new int[] {8}, st.tensor("b0").shape(), "biases are 1-D as in PyTorch");
        assertEquals("backprop-model", st.metadata().get("format"));
    }

    /** Rewrites a valid model file with one thing changed. */
    private static Path tamper(Path dir, Model m, java.util.function.BiConsumer<Map<String, String>, Map<String, NpyArray>> change)
            throws IOException {
        Path good = dir.resolve("good.safetensors");
        ModelFile.write(good, m);
        SafeTensorsFile st = SafeTensors.read(good);
        Map<String, String> meta = new LinkedHashMap<>(st.metadata());
        Map<String, NpyArray> tensors = new LinkedHashMap<>(st.tensors());
        change.accept(meta, tensors);
        Path bad = dir.resolve("bad.safetensors");
        SafeTensors.write(bad, meta, tensors);
        return bad;
    }

    @Test
    void inconsistentFilesAreRefusedWithTheReason(@TempDir Path dir) throws Exception {
        Model m = model(DType.FLOAT32, false);
        assertRefused(tamper(dir, m, (meta, t) -> t.remove("W1")), "tensor 'W1' is missing");
        assertRefused(tamper(dir, m, (meta, t) -> t.put("W1", NpyArray.ofFloat32(new float[80], 10, 8))),
                "tensor 'W1' has shape [10, 8]");
        assertRefused(tamper(dir, m, (meta, t) -> t.put("extra", NpyArray.ofFloat32(new float[1], 1))),
                "unexpected tensor 'extra'");
        assertRefused(tamper(dir, m, (meta, t) -> meta.put("format_version", "2")), "format version 2 is not supported");
        assertRefused(tamper(dir, m, (meta, t) -> meta.put("format", "something-else")), "not a Backprop model file");
        assertRefused(tamper(dir, m, (meta, t) -> meta.put("backprop.model",
                meta.get("backprop.model").replace("leaky_relu", "leaky_rleu"))), "unknown activation 'leaky_rleu'");
        assertRefused(tamper(dir, m, (meta, t) -> meta.put("backprop.model", "{not json")), "not valid JSON");
        assertRefused(tamper(dir, m, (meta, t) -> meta.put("backprop.model",
                meta.get("backprop.model").replace("\"inputs\" : 785", "\"inputs\" : -1"))), "inputs must be a positive integer");
    }

    @Test
    void damagedFilesAreRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("m.safetensors");
        ModelFile.write(file, model(DType.FLOAT64, false));
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        IOException e = assertThrows(IOException.class, () -> ModelFile.read(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        bytes[bytes.length - 3] ^= 1;
        Files.write(file, bytes);
        e = assertThrows(IOException.class, () -> ModelFile.read(file));
        assertTrue(e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("checksum"), e.getMessage());
    }

    private static void assertRefused(Path file, String fragment) {
        IOException e = assertThrows(IOException.class, () -> ModelFile.read(file));
        assertTrue(e.getMessage().contains(fragment) && e.getMessage().contains(file.toString()),
                "expected '" + fragment + "' in: " + e.getMessage());
    }
}
