package dev.backprop.random;

/**
 * xoshiro256** 1.0 (Blackman and Vigna, "Scrambled linear pseudorandom number generators", ACM TOMS
 * 47(4), 2021): 256 bits of state, period 2^256 - 1, output {@code rotl(s1 * 5, 7) * 9}.
 *
 * <p>Backprop's default generator ({@link Rng#seeded(long)}, {@link Rng#derive(long, String)}). The
 * state is filled with four consecutive outputs of a {@link SplitMix64} stream started at the seed,
 * as the xoshiro authors recommend. Derived values:
 *
 * <ul>
 *   <li>{@link #nextDouble()}: {@code (nextLong() >>> 11) * 2^-53}, the top 53 bits.
 *   <li>{@link #nextInt(int)}: Lemire's multiply-shift with rejection ("Fast random integer generation
 *       in an interval", ACM TOMACS 29(1), 2019) on the top 32 bits of a draw; exactly uniform.
 *   <li>{@link #nextGaussian()}: Marsaglia's polar method (Marsaglia and Bray 1964), which yields two
 *       deviates per accepted pair; the second is cached and returned by the next call.
 * </ul>
 *
 * <p>Only integer arithmetic, IEEE-754 basic operations and {@code StrictMath} are used, so a seed
 * gives the same doubles on every JDK (17 onwards, where all floating point is strict). Not
 * thread-safe: give each thread its own generator.
 */
final class Xoshiro256Rng implements Rng {

    private long s0;
    private long s1;
    private long s2;
    private long s3;

    private final PolarGaussian gaussian = new PolarGaussian(StrictMath::log);

    /** Seeds the 256-bit state from {@code seed} via four SplitMix64 outputs. */
    Xoshiro256Rng(long seed) {
        this(new SplitMix64(seed));
    }

    // The four words are mix() of four distinct counters and mix is a bijection, so at most one word
    // can be zero: the forbidden all-zero state cannot arise. Arguments evaluate left to right.
    private Xoshiro256Rng(SplitMix64 seeder) {
        this(seeder.nextLong(), seeder.nextLong(), seeder.nextLong(), seeder.nextLong());
    }

    /**
     * A generator with the given raw state, for checking against the reference implementation.
     *
     * @throws IllegalArgumentException if all four words are zero (xoshiro's only fixed point)
     */
    Xoshiro256Rng(long s0, long s1, long s2, long s3) {
        if ((s0 | s1 | s2 | s3) == 0) {
            throw new IllegalArgumentException("xoshiro256** state must not be all zero");
        }
        this.s0 = s0;
        this.s1 = s1;
        this.s2 = s2;
        this.s3 = s3;
    }

    /** The next output of xoshiro256**: {@code rotl(s1 * 5, 7) * 9}, then the xorshift state update. */
    @Override
    public long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /** {@code (nextLong() >>> 11) * 0x1.0p-53}: a multiple of 2^-53 in [0, 1). */
    @Override
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /**
     * Lemire's method: {@code m = x * bound} for a 32-bit draw {@code x}; the high word of {@code m} is
     * the result unless the low word falls below {@code 2^32 mod bound}, in which case the draw is
     * rejected (probability below {@code bound / 2^32}) so every result has exactly the same odds.
     */
    @Override
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got bound=" + bound);
        }
        long m = (nextLong() >>> 32) * bound;
        long low = m & 0xFFFF_FFFFL;
        if (low < bound) {
            // 2^32 mod bound, computed without 64-bit overflow concerns since bound < 2^31.
            long threshold = (0x1_0000_0000L - bound) % bound;
            while (low < threshold) {
                m = (nextLong() >>> 32) * bound;
                low = m & 0xFFFF_FFFFL;
            }
        }
        return (int) (m >>> 32);
    }

    /**
     * Marsaglia's polar method: draw {@code (x1, x2)} uniform in the square {@code [-1, 1)^2} until
     * {@code 0 < r2 = x1^2 + x2^2 < 1}; then {@code f = sqrt(-2 ln(r2) / r2)} and {@code f*x1},
     * {@code f*x2} are independent standard normals. Returns {@code f*x2} and keeps {@code f*x1} for
     * the next call (the same order NumPy's legacy generator uses).
     */
    @Override
    public double nextGaussian() {
        return gaussian.next(this);
    }
}
