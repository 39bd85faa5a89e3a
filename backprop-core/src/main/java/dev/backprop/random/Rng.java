package dev.backprop.random;

/**
 * A seeded source of random numbers, passed explicitly to everything that draws (initialisers,
 * shuffling, splits). Backprop never uses a global generator: two runs that build their generators
 * from the same seeds draw the same numbers, on every JDK.
 *
 * <p>Two families implement it: {@link #seeded(long)} (xoshiro256**, fast, Backprop's default) and
 * {@link NumpyRandomState} (MT19937 seeded like {@code np.random.seed(s)}, to reproduce what a NumPy
 * assignment draws).
 *
 * <pre>{@code
 * Rng init = Rng.derive(42, "init");     // one stream per purpose, all from one recorded seed
 * double w = init.nextGaussian();
 * }</pre>
 */
public interface Rng {

    /** 64 uniformly distributed random bits. */
    long nextLong();

    /** A double uniformly distributed in [0, 1) with 53 random bits. */
    double nextDouble();

    /** A standard normal deviate (mean 0, standard deviation 1). */
    double nextGaussian();

    /**
     * An int uniformly distributed in [0, bound), without modulo bias.
     *
     * @throws IllegalArgumentException if {@code bound <= 0}
     */
    int nextInt(int bound);

    /** A double uniformly distributed in [low, high): {@code low + (high - low) * nextDouble()}. */
    default double nextUniform(double low, double high) {
        return low + (high - low) * nextDouble();
    }

    /**
     * Shuffles {@code values} in place by Fisher-Yates from the last position down, drawing
     * {@code nextInt(i + 1)} for position {@code i}: the order NumPy's legacy {@code shuffle} uses.
     */
    default void shuffle(int[] values) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
    }

    /** A new array holding a random permutation of 0..n-1 (see {@link #shuffle(int[])}). */
    default int[] permutation(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("permutation size must be >= 0, got " + n);
        }
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        shuffle(p);
        return p;
    }

    /** Backprop's default generator (xoshiro256**) seeded with {@code seed}. */
    static Rng seeded(long seed) {
        return new Xoshiro256Rng(seed);
    }

    /**
     * A generator for one purpose ("init", "shuffle", "split", ...) derived from a run's seed, so that
     * streams for different purposes are independent and adding draws to one never shifts another.
     */
    static Rng derive(long seed, String purpose) {
        return new Xoshiro256Rng(SplitMix64.mix(seed ^ SplitMix64.mix(purpose.hashCode())));
    }
}
