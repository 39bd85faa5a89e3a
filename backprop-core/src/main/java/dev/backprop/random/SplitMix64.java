package dev.backprop.random;

/**
 * SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014;
 * the variant Vigna recommends for seeding the xoshiro family).
 *
 * <p>The stream form adds the golden gamma {@code 0x9e3779b97f4a7c15} to a 64-bit counter and returns
 * {@link #mix(long)} of the new counter. {@code mix} alone is a bijection on 64-bit values with good
 * avalanche, which {@link Rng#derive(long, String)} uses to turn (seed, purpose) into a fresh seed.
 */
final class SplitMix64 {

    /** 2^64 / phi rounded to odd: the Weyl-sequence increment of SplitMix64. */
    static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private long state;

    /** A stream whose first output is {@code mix(seed + GOLDEN_GAMMA)}. */
    SplitMix64(long seed) {
        this.state = seed;
    }

    /** The next output: {@code state += GOLDEN_GAMMA; return mix(state)}. */
    long nextLong() {
        state += GOLDEN_GAMMA;
        return mix(state);
    }

    /**
     * The SplitMix64 finaliser: {@code z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9;
     * z = (z ^ (z >>> 27)) * 0x94d049bb133111eb; return z ^ (z >>> 31)}. Every step is invertible,
     * so distinct inputs give distinct outputs.
     */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
