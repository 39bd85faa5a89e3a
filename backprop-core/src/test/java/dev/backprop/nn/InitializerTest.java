package dev.backprop.nn;

import dev.backprop.random.NumpyRandomState;
import dev.backprop.random.Rng;
import dev.backprop.tensor.DType;
import dev.backprop.tensor.Matrix;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InitializerTest {

    private static double[] moments(Initializer init, int fanIn, int fanOut) {
        Matrix w = Matrix.zeros(DType.FLOAT64, fanIn, fanOut);
        init.initialize(w, Rng.seeded(17));
        double sum = 0, sq = 0, min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
        for (int i = 0; i < w.size(); i++) {
            double v = w.getFlat(i);
            sum += v;
            sq += v * v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double mean = sum / w.size();
        return new double[] {mean, Math.sqrt(sq / w.size() - mean * mean), min, max};
    }

    @Test
    void distributionsHaveTheirDocumentedSpread() {
        int in = 400, out = 300;
        assertEquals(0.0, moments(Initializer.zeros(), in, out)[1]);
        double[] u = moments(Initializer.uniform(-1, 1), in, out);
        assertEquals(1 / Math.sqrt(3), u[1], 0.01);
        assertTrue(u[2] >= -1 && u[3] < 1);
        assertEquals(1 / Math.sqrt(in), moments(Initializer.fanInNormal(), in, out)[1], 0.002);
        assertEquals(Math.sqrt(2.0 / (in + out)), moments(Initializer.xavierNormal(), in, out)[1], 0.002);
        double limit = Math.sqrt(6.0 / (in + out));
        double[] xu = moments(Initializer.xavierUniform(), in, out);
        assertEquals(limit / Math.sqrt(3), xu[1], 0.002);
        assertTrue(xu[2] >= -limit && xu[3] < limit);
        assertEquals(Math.sqrt(2.0 / in), moments(Initializer.heNormal(), in, out)[1], 0.002);
        assertEquals(Math.sqrt(6.0 / in) / Math.sqrt(3), moments(Initializer.heUniform(), in, out)[1], 0.002);
        assertEquals(1e-4, moments(Initializer.normal(1e-4), in, out)[1], 2e-6);
        for (Initializer.Kind k : Initializer.Kind.values()) {
            assertEquals(0.0, moments(Initializer.parse(k.label()), in, out)[0], 0.01, k.label());
        }
    }

    @Test
    void normalWithNumpyGeneratorIsStdTimesRandn() {
        // cs231n: W1 = std * np.random.randn(4, 10) after np.random.seed(0) — drawn row-major
        Matrix w = Matrix.zeros(DType.FLOAT64, 4, 10);
        Initializer.normal(0.1).initialize(w, new NumpyRandomState(0));
        NumpyRandomState np = new NumpyRandomState(0);
        for (int i = 0; i < w.size(); i++) {
            assertEquals(0.1 * np.nextGaussian(), w.getFlat(i), 0);
        }
        assertEquals(0.1 * 1.764052345967664, w.get(0, 0), 1e-16, "np.random.seed(0); np.random.randn()");
    }

    @Test
    void namesAndParametersRoundTrip() {
        Initializer u = Initializer.parse("uniform", Map.of("low", -0.5, "high", 0.5));
        assertEquals(Initializer.uniform(-0.5, 0.5), u);
        assertEquals(Map.of("low", -0.5, "high", 0.5), u.parameters());
        assertEquals("uniform{low=-0.5, high=0.5}", u.toString());
        assertEquals(Initializer.normal(1e-4), Initializer.parse("normal", Map.of("std", 1e-4)));
        assertEquals(Initializer.Kind.HE_NORMAL, Initializer.parse("he-normal").kind());
    }

    @Test
    void badNamesAndValuesSuggestFixes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Initializer.parse("xavier_unifrom"));
        assertTrue(e.getMessage().contains("did you mean 'xavier_uniform'?"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Initializer.parse("normal", Map.of("sdt", 1.0)));
        assertTrue(e.getMessage().contains("did you mean 'std'?"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Initializer.parse("he_normal", Map.of("std", 1.0)));
        assertTrue(e.getMessage().contains("takes no parameters"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Initializer.uniform(1, -1));
        assertThrows(IllegalArgumentException.class, () -> Initializer.normal(Double.NaN));
    }
}
