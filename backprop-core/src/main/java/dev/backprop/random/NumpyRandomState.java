package dev.backprop.random;

/**
 * NumPy's legacy generator {@code numpy.random.RandomState}, the one behind {@code np.random.seed},
 * {@code np.random.randn} and friends: the 32-bit Mersenne Twister MT19937 (Matsumoto and Nishimura,
 * "Mersenne Twister: a 623-dimensionally equidistributed uniform pseudo-random number generator",
 * ACM TOMACS 8(1), 1998) with NumPy's legacy seeding and legacy distribution functions, so that a
 * port of a NumPy assignment draws the same numbers in the same order.
 *
 * <pre>{@code
 * // np.random.seed(0); W1 = 1e-1 * np.random.randn(4, 10); idx = np.random.choice(5, 3)
 * NumpyRandomState np = new NumpyRandomState(0);
 * double[][] w1 = np.randn(4, 10);          // then scale by 1e-1
 * int[] idx = np.choice(5, 3);
 * }</pre>
 *
 * <p>Every method consumes the MT19937 stream exactly as the named NumPy function does, so calls can be
 * interleaved in any order and stay in step with NumPy. Checked against NumPy 2.4 (see the tests):
 * uniform and integer draws are bit-exact; {@link #nextGaussian()} is bit-exact except where the
 * platform's C {@code log} is itself misrounded (see there). Not thread-safe.
 */
public final class NumpyRandomState implements Rng {

    private static final int N = 624;
    private static final int M = 397;
    private static final int MATRIX_A = 0x9908b0df;
    private static final int UPPER_MASK = 0x80000000;
    private static final int LOWER_MASK = 0x7fffffff;
    private static final long MAX_SEED = 0xFFFF_FFFFL;

    private final int[] key = new int[N];
    private int pos;
    private final PolarGaussian gaussian = new PolarGaussian(CorrectlyRoundedLog::log);

    /**
     * The state of {@code np.random.seed(seed)} or {@code np.random.RandomState(seed)}: NumPy's
     * {@code _legacy_seeding} passes an integer seed to {@code mt19937_seed}, the reference
     * {@code init_genrand} of Matsumoto and Nishimura (2002 version):
     * {@code key[0] = seed; key[i] = 1812433253 * (key[i-1] ^ (key[i-1] >>> 30)) + i} (mod 2^32), with
     * the first output generating a fresh block. The cached Gaussian is cleared, as NumPy does.
     *
     * @param seed in [0, 2^32 - 1], the range NumPy accepts for an integer seed
     * @throws IllegalArgumentException if {@code seed} is outside [0, 2^32 - 1]
     */
    public NumpyRandomState(long seed) {
        if (seed < 0 || seed > MAX_SEED) {
            throw new IllegalArgumentException(
                    "seed must be between 0 and 2^32 - 1 (" + MAX_SEED + ") like np.random.seed, got seed=" + seed);
        }
        int s = (int) seed;
        for (int i = 0; i < N; i++) {
            key[i] = s;
            s = 1812433253 * (s ^ (s >>> 30)) + i + 1;
        }
        pos = N;
    }

    /**
     * The next 32-bit MT19937 output (as a signed int holding the unsigned bits): NumPy's
     * {@code mt19937_next}, i.e. {@code bit_generator.random_raw()} of a legacy-seeded MT19937.
     */
    int nextUint32() {
        if (pos == N) {
            regenerate();
        }
        int y = key[pos++];
        // Tempering: improves equidistribution of the output bits (the state itself is linear).
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y;
    }

    /** Advances all 624 words of the twisted GFSR recurrence at once (NumPy's {@code mt19937_gen}). */
    private void regenerate() {
        for (int i = 0; i < N; i++) {
            int y = (key[i] & UPPER_MASK) | (key[(i + 1) % N] & LOWER_MASK);
            key[i] = key[(i + M) % N] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
        }
        pos = 0;
    }

    /**
     * 64 bits as NumPy's MT19937 {@code next_uint64} ({@code mt19937_next64}): two 32-bit outputs,
     * the first in the high half, {@code (long) a << 32 | b}. This is what legacy {@code randint} uses
     * for ranges wider than 32 bits, e.g. {@code np.random.randint(-2**63, 2**63)} equals
     * {@code nextLong() ^ Long.MIN_VALUE}. (MT19937's {@code random_raw()} yields 32-bit values; see
     * {@link #nextUint32()}.)
     */
    @Override
    public long nextLong() {
        long high = nextUint32();
        return high << 32 | (nextUint32() & 0xFFFF_FFFFL);
    }

    /**
     * {@code np.random.rand()} / {@code random_sample()}: NumPy's {@code mt19937_next_double},
     * {@code a = next >>> 5, b = next >>> 6}, {@code (a * 2^26 + b) / 2^53}, a multiple of 2^-53 in [0, 1).
     */
    @Override
    public double nextDouble() {
        int a = nextUint32() >>> 5;
        int b = nextUint32() >>> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /**
     * {@code np.random.randn()} / {@code standard_normal()}: NumPy's {@code legacy_gauss}, Marsaglia's
     * polar method keeping the second deviate. If a deviate is cached, return it; otherwise draw
     * {@code x1 = 2 u1 - 1, x2 = 2 u2 - 1} with {@link #nextDouble()} until
     * {@code 0 < r2 = x1^2 + x2^2 < 1}, set {@code f = sqrt(-2 ln(r2) / r2)}, cache {@code f * x1} and
     * return {@code f * x2}.
     *
     * <p>Exactness: NumPy calls the C library's {@code log}, which is platform code, so no Java
     * function can match it everywhere. {@code StrictMath.log} (fdlibm, faithful but not correctly
     * rounded) disagrees with glibc 2.36's log on about 7% of the {@code r2} values, so this method
     * uses {@link CorrectlyRoundedLog} instead; glibc's log is itself misrounded on about 0.08% of
     * them. Against NumPy 2.4.6 on glibc 2.36 (x86-64, FMA variant of log), 1,000,000 draws for each
     * of seeds 0, 1, 42, 2^32 - 1 and 123456789 differ in 304, 377, 337, 368 and 380 draws
     * (1,766 of 5,000,000, 0.035%; 29, 44, 26, 35 and 33 within the first 100,000): 1,491 by 1 ulp,
     * 274 by 2 ulp, 1 by 3 ulp. Every one of them belongs to a pair whose {@code r2} glibc's log
     * misrounds (checked against 50-digit decimal logarithms); all other draws are bit-identical.
     * A difference never propagates: {@code log} only scales the pair, it does not change how many
     * uniforms are consumed, so the stream stays in step. For scale: NumPy on the same machine with
     * glibc's non-FMA log ({@code GLIBC_TUNABLES=glibc.cpu.hwcaps=-FMA,-AVX2}) changes 65 of the
     * first 1,000,000 draws for seed 0 by itself.
     */
    @Override
    public double nextGaussian() {
        return gaussian.next(this);
    }

    /**
     * NumPy's {@code random_interval(bitgen, bound - 1)}, which legacy {@code shuffle} and
     * {@code permutation} draw for each position: with {@code mask} the smallest all-ones bit pattern
     * covering {@code max = bound - 1}, repeat {@code v = nextUint32() & mask} until {@code v <= max}.
     * {@code bound == 1} returns 0 without drawing. With this, the inherited {@link #shuffle(int[])}
     * and {@link #permutation(int)} reproduce {@code np.random.shuffle} and
     * {@code np.random.permutation(n)}.
     *
     * @throws IllegalArgumentException if {@code bound <= 0}
     */
    @Override
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got bound=" + bound);
        }
        int max = bound - 1;
        if (max == 0) {
            return 0;
        }
        int mask = -1 >>> Integer.numberOfLeadingZeros(max);
        int value;
        do {
            value = nextUint32() & mask;
        } while (value > max);
        return value;
    }

    /**
     * One draw of {@code np.random.randint(low, high)} (default dtype int64): an integer uniform in
     * [low, high). Legacy {@code _rand_int64} / {@code random_bounded_uint64_fill} with masked
     * rejection on {@code rng = high - low - 1}: no draw if {@code rng == 0}; 32-bit draws
     * {@code nextUint32() & mask} if {@code rng < 2^32}; otherwise 64-bit draws
     * {@code nextLong() & mask}; repeat until the masked value is at most {@code rng}.
     *
     * @throws IllegalArgumentException if {@code high <= low}
     */
    public long randint(long low, long high) {
        checkRange(low, high);
        return low + boundedDraw(high - low - 1);
    }

    /**
     * {@code np.random.randint(low, high, size)}: {@code size} draws as {@link #randint(long, long)}.
     * NumPy's fill keeps a 32-bit buffer here, but for int64 output every draw takes a whole 32-bit
     * (or 64-bit) word, so the array equals {@code size} single draws.
     *
     * @throws IllegalArgumentException if {@code high <= low} or {@code size < 0}
     */
    public long[] randint(long low, long high, int size) {
        checkRange(low, high);
        checkSize(size);
        long rng = high - low - 1;
        long[] out = new long[size];
        for (int i = 0; i < size; i++) {
            out[i] = low + boundedDraw(rng);
        }
        return out;
    }

    /**
     * {@code np.random.choice(n, size)} (with replacement, uniform): legacy {@code choice} draws
     * {@code randint(0, n, size)}, so this is {@link #randint(long, long, int)} narrowed to int. As in
     * NumPy, {@code size == 0} returns an empty array for any {@code n} and draws nothing.
     *
     * @throws IllegalArgumentException if {@code size < 0}, or {@code n <= 0} while {@code size > 0}
     */
    public int[] choice(int n, int size) {
        checkSize(size);
        if (size == 0) {
            return new int[0];
        }
        if (n <= 0) {
            throw new IllegalArgumentException(
                    "choice population n must be positive unless no samples are taken, got n=" + n);
        }
        long[] drawn = randint(0, n, size);
        int[] out = new int[size];
        for (int i = 0; i < size; i++) {
            out[i] = (int) drawn[i];
        }
        return out;
    }

    /** {@code np.random.rand(n)}: {@code n} draws of {@link #nextDouble()}. */
    public double[] rand(int n) {
        checkSize(n);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = nextDouble();
        }
        return out;
    }

    /** {@code np.random.randn(n)}: {@code n} draws of {@link #nextGaussian()}. */
    public double[] randn(int n) {
        checkSize(n);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = nextGaussian();
        }
        return out;
    }

    /**
     * {@code np.random.randn(rows, cols)}: {@code rows * cols} draws of {@link #nextGaussian()} filled
     * row by row (C order), so {@code result[i][j]} is NumPy's {@code a[i, j]}.
     */
    public double[][] randn(int rows, int cols) {
        checkSize(rows);
        checkSize(cols);
        double[][] out = new double[rows][cols];
        for (double[] row : out) {
            for (int j = 0; j < cols; j++) {
                row[j] = nextGaussian();
            }
        }
        return out;
    }

    /** Masked rejection on [0, rng] as NumPy's {@code random_bounded_uint64_fill} (use_masked=True). */
    private long boundedDraw(long rng) {
        if (rng == 0) {
            return 0;
        }
        long mask = -1L >>> Long.numberOfLeadingZeros(rng);
        if (Long.compareUnsigned(rng, 0xFFFF_FFFFL) <= 0) {
            long value;
            do {
                value = (nextUint32() & 0xFFFF_FFFFL) & mask;
            } while (value > rng);
            return value;
        }
        long value;
        do {
            value = nextLong() & mask;
        } while (Long.compareUnsigned(value, rng) > 0);
        return value;
    }

    private static void checkRange(long low, long high) {
        if (high <= low) {
            throw new IllegalArgumentException("randint requires low < high, got low=" + low + ", high=" + high);
        }
    }

    private static void checkSize(int size) {
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0, got size=" + size);
        }
    }
}
