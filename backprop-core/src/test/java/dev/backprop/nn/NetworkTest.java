package dev.backprop.nn;

import dev.backprop.random.Rng;
import dev.backprop.tensor.DType;
import dev.backprop.tensor.Matrix;
import dev.backprop.tensor.ShapeException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworkTest {

    /** TDT4265 convention: a bias on the input layer only (the "785th input"), none on the output. */
    static Network tdt4265(int... hidden) {
        Network.Builder b = Network.builder(784).initializer(Initializer.uniform(-1, 1));
        boolean first = true;
        for (int h : hidden) {
            b.dense(h, Activation.SIGMOID, first, Initializer.uniform(-1, 1));
            first = false;
        }
        return b.dense(10, Activation.IDENTITY, false, Initializer.uniform(-1, 1)).build(DType.FLOAT32, Rng.seeded(0));
    }

    @Test
    void seedNetworkParameterCounts() {
        assertEquals(50_880, tdt4265(64).parameterCount(), "785·64 + 64·10");
        assertEquals(51_300, tdt4265(60, 60).parameterCount(), "785·60 + 60·60 + 60·10");
        assertEquals(785 * 32 + 32 * 10, tdt4265(32).parameterCount());
        assertEquals(785 * 64 + 9 * 64 * 64 + 64 * 10, tdt4265(64, 64, 64, 64, 64, 64, 64, 64, 64, 64).parameterCount());
        Network cs231n = Network.builder(3072).dense(100, Activation.RELU).dense(10, Activation.IDENTITY)
                .build(DType.FLOAT64, Rng.seeded(0));
        assertEquals(3072 * 100 + 100 + 100 * 10 + 10, cs231n.parameterCount());
    }

    @Test
    void summarySnapshot() {
        String expected = String.join("\n",
                "#   layer                              output         parameters",
                "    input                              [n, 784]                 ",
                "0   dense 784 -> 64, sigmoid           [n, 64]            50,240",
                "1   dense 64 -> 10, no bias, identity  [n, 10]               640",
                "    total (float32)                                       50,880",
                "");
        assertEquals(expected, tdt4265(64).summary().toString());
        ModelSummary s = tdt4265(64).summary();
        assertEquals(2, s.rows().size());
        assertEquals(50_880, s.total());
    }

    @Test
    void parametersAreNamedInLayerOrder() {
        Network net = Network.builder(3).dense(4, Activation.TANH).bias(false).dense(2, Activation.IDENTITY)
                .build(DType.FLOAT64, Rng.seeded(1));
        assertEquals("[W0[3, 4], b0[1, 4], W1[4, 2]]", net.parameters().toString());
        assertSame(net.parameters().get(1), net.parameter("b0"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.parameter("b1"));
        assertTrue(e.getMessage().contains("[W0, b0, W1]"), e.getMessage());
    }

    @Test
    void forwardComputesAffineThenActivation() {
        Network net = Network.builder(2).dense(2, Activation.RELU).build(DType.FLOAT64, Rng.seeded(1));
        net.setParameters(java.util.Map.of(
                "W0", Matrix.of(new double[][] {{1, -1}, {2, 0.5}}),
                "b0", Matrix.of(new double[][] {{0.5, -4}})));
        Matrix out = net.forward(Matrix.of(new double[][] {{1, 1}, {-1, 2}}));
        assertEquals(3.5, out.get(0, 0));
        assertEquals(0.0, out.get(0, 1));
        assertEquals(3.5, out.get(1, 0));
        assertEquals(0.0, out.get(1, 1));
    }

    @Test
    void buffersAreReusedAcrossStepsOfTheSameSize() {
        Network net = Network.builder(5).dense(3, Activation.SIGMOID).dense(2, Activation.IDENTITY)
                .build(DType.FLOAT32, Rng.seeded(2));
        Matrix x = Matrix.zeros(DType.FLOAT32, 8, 5);
        Matrix first = net.forward(x);
        assertSame(first, net.forward(x), "the same batch size reuses the same output buffer");
        Matrix partial = net.forward(x.rows(0, 3));
        assertEquals(3, partial.rows());
    }

    @Test
    void predictChunksAndConverts() {
        Network net = Network.builder(3).dense(2, Activation.TANH).build(DType.FLOAT64, Rng.seeded(3));
        Matrix x = Matrix.zeros(DType.FLOAT32, 7, 3);
        for (int i = 0; i < x.size(); i++) {
            x.setFlat(i, i * 0.1);
        }
        Matrix all = net.predict(x, 3);
        Matrix x64 = Matrix.zeros(DType.FLOAT64, 7, 3);
        x64.copyFrom(x);
        Matrix direct = net.forward(x64);
        for (int i = 0; i < all.size(); i++) {
            assertEquals(direct.getFlat(i), all.getFlat(i), 0);
        }
    }

    @Test
    void badInputsAreReportedAtTheBoundary() {
        Network net = Network.builder(4).dense(2, Activation.IDENTITY).build(DType.FLOAT64, Rng.seeded(3));
        ShapeException e = assertThrows(ShapeException.class, () -> net.forward(Matrix.zeros(DType.FLOAT64, 2, 5)));
        assertTrue(e.getMessage().contains("expects 4 input features, got input of shape [2, 5]"), e.getMessage());
        e = assertThrows(ShapeException.class, () -> net.forward(Matrix.zeros(DType.FLOAT32, 2, 4)));
        assertTrue(e.getMessage().contains("network is float64 but the input is float32"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> Network.builder(3).build(DType.FLOAT64, Rng.seeded(0)));
        assertThrows(IllegalArgumentException.class, () -> Network.builder(0));
        assertThrows(IllegalArgumentException.class, () -> Network.builder(3).dense(0, Activation.RELU));
        e = assertThrows(ShapeException.class, () -> net.setParameters(java.util.Map.of("W0", Matrix.zeros(DType.FLOAT64, 2, 4))));
        assertTrue(e.getMessage().contains("'W0' has shape [4, 2]"), e.getMessage());
    }

    @Test
    void sameSeedSameWeights() {
        Network a = Network.builder(10).dense(5, Activation.RELU).build(DType.FLOAT64, Rng.seeded(42));
        Network b = Network.builder(10).dense(5, Activation.RELU).build(DType.FLOAT64, Rng.seeded(42));
        Network c = Network.builder(10).dense(5, Activation.RELU).build(DType.FLOAT64, Rng.seeded(43));
        assertEquals(java.util.Arrays.toString(a.parameter("W0").value().toDoubleArray()),
                java.util.Arrays.toString(b.parameter("W0").value().toDoubleArray()));
        assertTrue(a.parameter("W0").value().getFlat(0) != c.parameter("W0").value().getFlat(0));
    }
}
