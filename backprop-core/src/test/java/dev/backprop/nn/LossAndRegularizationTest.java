package dev.backprop.nn;

import dev.backprop.random.Rng;
import dev.backprop.tensor.DType;
import dev.backprop.tensor.Matrix;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LossAndRegularizationTest {

    @Test
    void lossesAreMeansOverTheBatch() {
        Matrix z = Matrix.of(new double[][] {{0, 0}, {0, 0}});
        assertEquals(Math.log(2), Loss.SOFTMAX_CROSS_ENTROPY.evaluate(z, new int[] {0, 1}, 0, null), 1e-15);
        Matrix g = z.zerosLike();
        Loss.SOFTMAX_CROSS_ENTROPY.evaluate(z, new int[] {0, 1}, 0, g);
        assertArrayEquals(new double[] {-0.25, 0.25, 0.25, -0.25}, g.toDoubleArray(), 1e-15);
        Matrix one = Matrix.of(new double[][] {{0}, {0}, {0}});
        assertEquals(Math.log(2), Loss.BINARY_CROSS_ENTROPY.evaluate(one, new int[] {1, 0, 1}, 0, null), 1e-15);
        // MSE is the mean over all elements, as torch.nn.MSELoss()
        assertEquals((1 + 0 + 0 + 1) / 4.0, Loss.MSE.evaluate(z, new int[] {0, 1}, 0, null), 1e-15);
    }

    @Test
    void labelsAreValidatedWithTheirPosition() {
        Matrix z = Matrix.zeros(DType.FLOAT64, 2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Loss.SOFTMAX_CROSS_ENTROPY.evaluate(z, new int[] {7, 0, 3}, 1, null));
        assertTrue(e.getMessage().contains("label 3 at position 2 is outside 0..2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Loss.BINARY_CROSS_ENTROPY.evaluate(z, new int[] {0, 1}, 0, null));
        assertTrue(e.getMessage().contains("needs one output unit"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Loss.parse("cross_entropy"));
        assertTrue(e.getMessage().contains("valid: softmax_cross_entropy, binary_cross_entropy, mse"), e.getMessage());
        assertEquals(Loss.SOFTMAX_CROSS_ENTROPY, Loss.parse("softmax-cross-entropy"));
    }

    @Test
    void predictionsFollowTheLoss() {
        int[] out = new int[2];
        Loss.BINARY_CROSS_ENTROPY.predict(Matrix.of(new double[][] {{0.3}, {-2}}), out);
        assertArrayEquals(new int[] {1, 0}, out);
        Loss.SOFTMAX_CROSS_ENTROPY.predict(Matrix.of(new double[][] {{0.3, 0.1}, {-2, 5}}), out);
        assertArrayEquals(new int[] {0, 1}, out);
    }

    @Test
    void bothL2ConventionsAreExpressible() {
        Network net = Network.builder(2).dense(2, Activation.IDENTITY).build(DType.FLOAT64, Rng.seeded(1));
        net.setParameters(Map.of("W0", Matrix.of(new double[][] {{1, 2}, {3, 4}}), "b0", Matrix.of(new double[][] {{5, 6}})));
        List<Parameter> params = net.parameters();
        assertEquals(0.5 * 0.1 * 30, Regularization.weightDecay(0.1).penalty(params), 1e-15);
        assertEquals(0.1 * 30, Regularization.l2(0.1).penalty(params), 1e-15);
        assertEquals(0.1 * (30 + 61), Regularization.l2(0.1).withBiases().penalty(params), 1e-15);
        assertEquals(0.0, Regularization.none().penalty(params));

        for (Parameter p : params) {
            p.grad().fill(0);
        }
        Regularization.weightDecay(0.1).addGradient(params);
        assertArrayEquals(new double[] {0.1, 0.2, 0.3, 0.4}, params.get(0).grad().toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {0, 0}, params.get(1).grad().toDoubleArray(), "biases untouched");
        Regularization.l2(0.1).addGradient(params);
        assertArrayEquals(new double[] {0.3, 0.6, 0.9, 1.2}, params.get(0).grad().toDoubleArray(), 1e-15);

        assertEquals(Regularization.l2(0.5), Regularization.parse("l2", 0.5));
        assertThrows(IllegalArgumentException.class, () -> Regularization.weightDecay(-1));
        assertThrows(IllegalArgumentException.class, () -> Regularization.parse("l1", 0.5));
    }

    @Test
    void activationNamesAndParameters() {
        assertEquals(Activation.IMPROVED_SIGMOID, Activation.parse("improved_sigmoid"));
        assertEquals(Activation.leakyRelu(0.2), Activation.parse("leaky_relu", Map.of("negative_slope", 0.2)));
        assertEquals(0.01, Activation.parse("leaky_relu").negativeSlope());
        assertEquals("leaky_relu", Activation.LEAKY_RELU.name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Activation.parse("sigmod"));
        assertTrue(e.getMessage().contains("did you mean 'sigmoid'?"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Activation.parse("relu", Map.of("negative_slope", 0.1)));
        assertTrue(e.getMessage().contains("takes no parameters"), e.getMessage());
    }
}
