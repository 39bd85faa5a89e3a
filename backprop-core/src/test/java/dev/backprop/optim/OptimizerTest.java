package dev.backprop.optim;

import dev.backprop.nn.Parameter;
import dev.backprop.tensor.Matrix;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptimizerTest {

    private static Parameter scalar(double value, double grad) {
        Parameter p = new Parameter("w", Matrix.of(new double[][] {{value}}), false);
        p.grad().setFlat(0, grad);
        return p;
    }

    @Test
    void plainSgd() {
        Parameter p = scalar(1.0, 0.5);
        new Sgd(0.1).step(List.of(p));
        assertEquals(0.95, p.value().getFlat(0), 1e-16);
    }

    @Test
    void momentumAsPyTorchWritesIt() {
        Parameter p = scalar(1.0, 1.0);
        Sgd sgd = new Sgd(0.1, 0.9, false);
        assertNull(sgd.velocity(p));
        sgd.step(List.of(p));                    // v = 1,            w = 1 - 0.1
        assertEquals(0.9, p.value().getFlat(0), 1e-15);
        p.grad().setFlat(0, 2.0);
        sgd.step(List.of(p));                    // v = 0.9 + 2 = 2.9, w = 0.9 - 0.29
        assertEquals(2.9, sgd.velocity(p).getFlat(0), 1e-15);
        assertEquals(0.61, p.value().getFlat(0), 1e-15);
        assertEquals(2, sgd.steps());
    }

    @Test
    void nesterovLooksAhead() {
        Parameter p = scalar(1.0, 1.0);
        Sgd sgd = new Sgd(0.1, 0.9, true);
        sgd.step(List.of(p));                    // v = 1, w -= 0.1 (1 + 0.9·1)
        assertEquals(1 - 0.19, p.value().getFlat(0), 1e-15);
    }

    @Test
    void adamFirstStepsByHand() {
        Parameter p = scalar(1.0, 0.2);
        Adam adam = new Adam(0.01, 0.9, 0.999, 1e-8);
        adam.step(List.of(p));
        double m = 0.1 * 0.2, v = 0.001 * 0.04;
        double expected = 1.0 - (0.01 / 0.1) * m / (Math.sqrt(v) / Math.sqrt(0.001) + 1e-8);
        assertEquals(expected, p.value().getFlat(0), 1e-15);
        p.grad().setFlat(0, -0.1);
        adam.step(List.of(p));
        m = 0.9 * m + 0.1 * -0.1;
        v = 0.999 * v + 0.001 * 0.01;
        expected -= (0.01 / (1 - 0.81)) * m / (Math.sqrt(v) / Math.sqrt(1 - 0.999 * 0.999) + 1e-8);
        assertEquals(expected, p.value().getFlat(0), 1e-15);
        assertEquals(m, adam.moments(p)[0].getFlat(0), 1e-17);
    }

    @Test
    void float32FollowsTheSameFormulas() {
        Parameter p64 = scalar(1.0, 0.3);
        Parameter p32 = new Parameter("w", Matrix.from(dev.backprop.tensor.DType.FLOAT32, new double[] {1.0}, 1, 1), false);
        p32.grad().setFlat(0, 0.3);
        Adam a64 = new Adam(0.01);
        Adam a32 = new Adam(0.01);
        for (int i = 0; i < 5; i++) {
            a64.step(List.of(p64));
            a32.step(List.of(p32));
        }
        assertEquals(p64.value().getFlat(0), p32.value().getFlat(0), 1e-6);
    }

    @Test
    void parseByName() {
        Optimizer sgd = Optimizer.parse("sgd", Map.of("lr", 0.02, "momentum", 0.9));
        assertInstanceOf(Sgd.class, sgd);
        assertEquals(Map.of("lr", 0.02, "momentum", 0.9, "nesterov", false), sgd.hyperParameters());
        Optimizer adam = Optimizer.parse("adam", Map.of("lr", 1e-3));
        assertEquals(0.999, adam.hyperParameters().get("beta2"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Optimizer.parse("sgd", Map.of("lr", 0.1, "momentun", 0.9)));
        assertTrue(e.getMessage().contains("did you mean 'momentum'?"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Optimizer.parse("adma", Map.of("lr", 0.1)));
        assertTrue(e.getMessage().contains("did you mean 'adam'?"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Optimizer.parse("sgd", Map.of()));
        assertTrue(e.getMessage().contains("needs a learning rate 'lr'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Sgd(-1));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1, 1.0, false));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1, 0, true));
        assertThrows(IllegalArgumentException.class, () -> new Adam(0.1, 1.0, 0.9, 1e-8));
    }

    @Test
    void schedules() {
        assertEquals(0.1, LearningRateSchedule.constant(0.1).rate(1000, 10));
        LearningRateSchedule cs231n = LearningRateSchedule.stepDecayEveryIterations(1e-3, 0.95, 245);
        assertEquals(1e-3, cs231n.rate(244, 0));
        assertEquals(0.95e-3, cs231n.rate(245, 0), 1e-18);
        assertEquals(1e-3 * 0.95 * 0.95, cs231n.rate(490, 0), 1e-18);
        LearningRateSchedule step = LearningRateSchedule.stepDecay(0.1, 0.5, 2);
        assertEquals(0.1, step.rate(0, 1));
        assertEquals(0.05, step.rate(0, 2));
        assertEquals(0.1 * Math.pow(0.95, 3), LearningRateSchedule.exponential(0.1, 0.95).rate(99, 3), 1e-17);
        LearningRateSchedule cos = LearningRateSchedule.cosine(0.1, 0.0, 100);
        assertEquals(0.1, cos.rate(0, 0), 1e-17);
        assertEquals(0.05, cos.rate(50, 0), 1e-15);
        assertEquals(0.0, cos.rate(100, 0));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.stepDecay(0.1, 1.5, 1));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.cosine(0.1, 0.2, 10));
    }
}
