package dev.backprop.tensor;

/**
 * The element-wise activation functions and their derivatives, as scalar math. The kernels in
 * {@link Elementwise} apply them to whole matrices; {@code dev.backprop.nn.Activation} gives them
 * their configurable names.
 *
 * <p>Transcendental functions are computed in float64 with {@code StrictMath.tanh} and
 * {@code Math.exp}, which return the same bits on every JDK (unlike {@code Math.tanh}, which changed
 * between JDK 17 and 25), and float32 results are rounded from them.
 */
public enum Nonlinearity {
    /** f(x) = x. */
    IDENTITY,
    /** f(x) = 1 / (1 + e^-x); f' = y(1 - y). */
    SIGMOID,
    /** LeCun's f(x) = 1.7159·tanh(2x/3); f' = (2/3)(1.7159 - y²/1.7159). */
    IMPROVED_SIGMOID,
    /** f(x) = tanh(x); f' = 1 - y². */
    TANH,
    /** f(x) = max(0, x); f' = 1 for x &gt; 0, else 0 (the subgradient PyTorch uses at 0). */
    RELU,
    /** f(x) = x for x &gt; 0, else slope·x; f' = 1 for x &gt; 0, else slope. */
    LEAKY_RELU;

    /** Amplitude of the improved sigmoid (LeCun et al., "Efficient BackProp", 1998). */
    public static final double IMPROVED_SIGMOID_SCALE = 1.7159;

    /** f(x); {@code slope} is used by {@link #LEAKY_RELU} only. */
    public double apply(double x, double slope) {
        switch (this) {
            case IDENTITY: return x;
            case SIGMOID: return 1.0 / (1.0 + Math.exp(-x));
            case IMPROVED_SIGMOID: return IMPROVED_SIGMOID_SCALE * StrictMath.tanh(2.0 * x / 3.0);
            case TANH: return StrictMath.tanh(x);
            case RELU: return x > 0 ? x : 0.0;
            case LEAKY_RELU: return x > 0 ? x : slope * x;
            default: throw new AssertionError(this);
        }
    }

    /**
     * f'(x), computed from whichever of the input {@code x} and the output {@code y = f(x)} gives it
     * without recomputing a transcendental function.
     */
    public double derivative(double x, double y, double slope) {
        switch (this) {
            case IDENTITY: return 1.0;
            case SIGMOID: return y * (1.0 - y);
            case IMPROVED_SIGMOID: return (2.0 / 3.0) * (IMPROVED_SIGMOID_SCALE - y * y / IMPROVED_SIGMOID_SCALE);
            case TANH: return 1.0 - y * y;
            case RELU: return x > 0 ? 1.0 : 0.0;
            case LEAKY_RELU: return x > 0 ? 1.0 : slope;
            default: throw new AssertionError(this);
        }
    }

    /** True for functions with a kink at 0 (where a numerical gradient check is unreliable). */
    public boolean hasKink() {
        return this == RELU || this == LEAKY_RELU;
    }
}
