package dev.backprop.nn;

import dev.backprop.random.Rng;
import dev.backprop.tensor.Matrix;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a weight matrix W [fan_in, fan_out] is filled before training. Values are drawn from the
 * given {@link Rng} in row-major order, one draw per element, so {@code normal(std)} with a
 * {@link dev.backprop.random.NumpyRandomState} reproduces {@code std * np.random.randn(fan_in, fan_out)}
 * exactly.
 *
 * <table>
 *   <caption>Initialisers (names as in files and on the command line)</caption>
 *   <tr><th>name</th><th>distribution</th><th>source</th></tr>
 *   <tr><td>{@code zeros}</td><td>0</td><td>TDT4265 assignment 1</td></tr>
 *   <tr><td>{@code uniform} (low, high)</td><td>U(low, high)</td><td>TDT4265 baseline U(-1, 1)</td></tr>
 *   <tr><td>{@code fan_in_normal}</td><td>N(0, 1/fan_in)</td><td>LeCun 1998, TDT4265 "improved"</td></tr>
 *   <tr><td>{@code xavier_uniform}</td><td>U(±√(6/(fan_in+fan_out)))</td><td>Glorot &amp; Bengio 2010</td></tr>
 *   <tr><td>{@code xavier_normal}</td><td>N(0, 2/(fan_in+fan_out))</td><td>Glorot &amp; Bengio 2010</td></tr>
 *   <tr><td>{@code he_normal}</td><td>N(0, 2/fan_in)</td><td>He et al. 2015</td></tr>
 *   <tr><td>{@code he_uniform}</td><td>U(±√(6/fan_in))</td><td>He et al. 2015</td></tr>
 *   <tr><td>{@code normal} (std)</td><td>std·N(0, 1)</td><td>cs231n, std = 1e-4</td></tr>
 * </table>
 *
 * <p>fan_in is the number of rows of W. With the "bias trick" (a constant input column instead of a
 * layer bias) that column counts, as TDT4265 counts 785 inputs for MNIST.
 *
 * <pre>{@code
 * Initializer init = Initializer.parse("uniform", Map.of("low", -1.0, "high", 1.0));
 * init.initialize(w, Rng.seeded(7));
 * }</pre>
 */
public final class Initializer {

    /** The distributions. */
    public enum Kind {
        /** All zeros. */
        ZEROS(List.of()),
        /** Uniform on [low, high). */
        UNIFORM(List.of("low", "high")),
        /** N(0, 1/fan_in). */
        FAN_IN_NORMAL(List.of()),
        /** Glorot uniform. */
        XAVIER_UNIFORM(List.of()),
        /** Glorot normal. */
        XAVIER_NORMAL(List.of()),
        /** He/Kaiming normal. */
        HE_NORMAL(List.of()),
        /** He/Kaiming uniform. */
        HE_UNIFORM(List.of()),
        /** std·N(0, 1). */
        NORMAL(List.of("std"));

        private final List<String> keys;

        Kind(List<String> keys) {
            this.keys = keys;
        }

        /** The configuration name, e.g. {@code fan_in_normal}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Kind kind;
    private final double a;
    private final double b;

    private Initializer(Kind kind, double a, double b) {
        this.kind = kind;
        this.a = a;
        this.b = b;
    }

    /** All zeros. */
    public static Initializer zeros() {
        return new Initializer(Kind.ZEROS, 0, 0);
    }

    /** U(low, high); requires finite {@code low < high}. */
    public static Initializer uniform(double low, double high) {
        if (!(Double.isFinite(low) && Double.isFinite(high) && low < high)) {
            throw new IllegalArgumentException("uniform initialiser needs finite low < high, got low=" + low
                    + ", high=" + high);
        }
        return new Initializer(Kind.UNIFORM, low, high);
    }

    /** N(0, 1/fan_in), standard deviation 1/√fan_in. */
    public static Initializer fanInNormal() {
        return new Initializer(Kind.FAN_IN_NORMAL, 0, 0);
    }

    /** Glorot/Xavier uniform. */
    public static Initializer xavierUniform() {
        return new Initializer(Kind.XAVIER_UNIFORM, 0, 0);
    }

    /** Glorot/Xavier normal. */
    public static Initializer xavierNormal() {
        return new Initializer(Kind.XAVIER_NORMAL, 0, 0);
    }

    /** He/Kaiming normal, for ReLU. */
    public static Initializer heNormal() {
        return new Initializer(Kind.HE_NORMAL, 0, 0);
    }

    /** He/Kaiming uniform, for ReLU. */
    public static Initializer heUniform() {
        return new Initializer(Kind.HE_UNIFORM, 0, 0);
    }

    /** std·N(0, 1); requires finite {@code std >= 0}. */
    public static Initializer normal(double std) {
        if (!(Double.isFinite(std) && std >= 0)) {
            throw new IllegalArgumentException("normal initialiser needs a finite std >= 0, got " + std);
        }
        return new Initializer(Kind.NORMAL, std, 0);
    }

    /**
     * The initialiser named {@code name} with its parameters ({@code low}, {@code high} for uniform,
     * default -1 and 1; {@code std} for normal, default 1).
     *
     * @throws IllegalArgumentException naming an unknown name or key, with the nearest valid one
     */
    public static Initializer parse(String name, Map<String, Double> parameters) {
        Kind kind = Names.lookup("initialiser", name, Kind.values(), Kind::label);
        Names.requireKeys("initialiser " + kind.label(), parameters, kind.keys);
        switch (kind) {
            case UNIFORM: return uniform(parameters.getOrDefault("low", -1.0), parameters.getOrDefault("high", 1.0));
            case NORMAL: return normal(parameters.getOrDefault("std", 1.0));
            default: return new Initializer(kind, 0, 0);
        }
    }

    /** The initialiser named {@code name} with default parameters. */
    public static Initializer parse(String name) {
        return parse(name, Map.of());
    }

    /** The distribution. */
    public Kind kind() {
        return kind;
    }

    /** The configuration name. */
    public String name() {
        return kind.label();
    }

    /** Parameters beyond the name, in a stable order. */
    public Map<String, Double> parameters() {
        Map<String, Double> p = new LinkedHashMap<>();
        if (kind == Kind.UNIFORM) {
            p.put("low", a);
            p.put("high", b);
        } else if (kind == Kind.NORMAL) {
            p.put("std", a);
        }
        return p;
    }

    /** Fills {@code w} [fan_in, fan_out] in row-major order. */
    public void initialize(Matrix w, Rng rng) {
        int fanIn = w.rows();
        int fanOut = w.cols();
        for (int i = 0, n = w.size(); i < n; i++) {
            w.setFlat(i, sample(fanIn, fanOut, rng));
        }
    }

    private double sample(int fanIn, int fanOut, Rng rng) {
        switch (kind) {
            case ZEROS: return 0.0;
            case UNIFORM: return rng.nextUniform(a, b);
            case FAN_IN_NORMAL: return rng.nextGaussian() / Math.sqrt(fanIn);
            case XAVIER_UNIFORM: {
                double limit = Math.sqrt(6.0 / (fanIn + fanOut));
                return rng.nextUniform(-limit, limit);
            }
            case XAVIER_NORMAL: return rng.nextGaussian() * Math.sqrt(2.0 / (fanIn + fanOut));
            case HE_NORMAL: return rng.nextGaussian() * Math.sqrt(2.0 / fanIn);
            case HE_UNIFORM: {
                double limit = Math.sqrt(6.0 / fanIn);
                return rng.nextUniform(-limit, limit);
            }
            case NORMAL: return a * rng.nextGaussian();
            default: throw new AssertionError(kind);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Initializer other && kind == other.kind
                && Double.compare(a, other.a) == 0 && Double.compare(b, other.b) == 0;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(kind, a, b);
    }

    @Override
    public String toString() {
        Map<String, Double> p = parameters();
        return p.isEmpty() ? name() : name() + p;
    }
}
