package dev.backprop.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Known answers generated once with NumPy 2.4.6 ({@code python3 -c 'import numpy as np; ...'}, floats
 * printed with {@code float.hex()}, arrays checksummed as SHA-256 of {@code arr.astype('<f8'/'<i8')
 * .tobytes()}) on glibc 2.36, x86-64. The tests never call Python.
 */
class NumpyRandomStateTest {

    private static final long MAX_SEED = 4294967295L;

    @Test
    @DisplayName("MT19937 core: seed 5489 gives the reference outputs (10000th = 4123659995)")
    void mt19937ReferenceOutputs() {
        // 4123659995 is the 10000th output required of std::mt19937 by the C++ standard; NumPy's
        // RandomState(5489)._bit_generator.random_raw(10000) agrees.
        NumpyRandomState rs = new NumpyRandomState(5489);
        assertEquals(3499211612L, rs.nextUint32() & 0xFFFF_FFFFL);
        assertEquals(581869302L, rs.nextUint32() & 0xFFFF_FFFFL);
        assertEquals(3890346734L, rs.nextUint32() & 0xFFFF_FFFFL);
        for (int i = 3; i < 9999; i++) {
            rs.nextUint32();
        }
        assertEquals(4123659995L, rs.nextUint32() & 0xFFFF_FFFFL);

        NumpyRandomState zero = new NumpyRandomState(0);
        assertEquals(2357136044L, zero.nextUint32() & 0xFFFF_FFFFL);
        assertEquals(2546248239L, zero.nextUint32() & 0xFFFF_FFFFL);
        assertEquals(3071714933L, zero.nextUint32() & 0xFFFF_FFFFL);
    }

    static Stream<Arguments> firstDraws() {
        return Stream.of(
                Arguments.of(0L,
                        new double[] {0x1.18fe1565f12a8p-1, 0x1.6e2d4cf608733p-1, 0x1.349d66b6e894bp-1,
                            0x1.16faedb6395f5p-1, 0x1.b1d2904fd0ef6p-2},
                        new double[] {0x1.c398ef3e5cfa5p+0, 0x1.99c2cfacc8953p-2, 0x1.f51d25222c9abp-1,
                            0x1.1ed5969e3314ep+1, 0x1.de1847cb13ddap+0}),
                Arguments.of(1L,
                        new double[] {0x1.ab07d0ffa3c06p-2, 0x1.70ce5f3baf051p-1, 0x1.dfb906661c000p-14,
                            0x1.3596ab7fe08f4p-2, 0x1.2c8e5a3c7053cp-3},
                        new double[] {0x1.9fd5190657c50p+0, -0x1.393822fb7d9adp-1, -0x1.0e6c872548fd2p-1,
                            -0x1.12ae1255cb80cp+0, 0x1.bb16b5735117dp-1}),
                Arguments.of(42L,
                        new double[] {0x1.7f8771e5f51ecp-2, 0x1.e6c4068bbd654p-1, 0x1.76c7e8f1e6751p-1,
                            0x1.32835d6632cb0p-1, 0x1.3f86b37222184p-3},
                        new double[] {0x1.fca2a28a9307cp-2, -0x1.1b2a505de052ap-3, 0x1.4b9dd50245e68p-1,
                            0x1.85e548e01aa2bp+0, -0x1.df8bcdf57a640p-3}),
                Arguments.of(MAX_SEED,
                        new double[] {0x1.8fe69a3924820p-4, 0x1.d323d824032b1p-1, 0x1.93fc6f61af3f9p-1,
                            0x1.8f5ca1b151c07p-1, 0x1.25ec7244bbf80p-6},
                        new double[] {0x1.4bfc38c486d8ap-1, 0x1.56b192e507eeep-1, -0x1.149e836f192fdp+0,
                            0x1.23543dec5a0fcp-2, 0x1.d27bf27c6aaafp-4}));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("firstDraws")
    @DisplayName("np.random.rand(5) and np.random.randn(5) after np.random.seed(s), bit for bit")
    void firstDrawsMatchNumpy(long seed, double[] rand, double[] randn) {
        assertBitsEqual(rand, new NumpyRandomState(seed).rand(5));
        assertBitsEqual(randn, new NumpyRandomState(seed).randn(5));
        NumpyRandomState one = new NumpyRandomState(seed);
        for (double expected : rand) {
            assertEquals(expected, one.nextDouble(), 0.0);
        }
    }

    @Test
    @DisplayName("nextLong is next_uint64 (high word first): np.random.randint(-2**63, 2**63) = nextLong ^ MIN")
    void nextLongMatchesFullRangeRandint() {
        // np.random.seed(0); np.random.randint(-2**63, 2**63, size=4, dtype=np.int64); np.random.rand()
        NumpyRandomState rs = new NumpyRandomState(0);
        long[] expected = {900450186894289455L, 3969543146641149120L, 1895649597198586619L, 827948490035658087L};
        for (long e : expected) {
            assertEquals(e, rs.nextLong() ^ Long.MIN_VALUE);
        }
        assertEquals(0x1.b1d2904fd0ef6p-2, rs.nextDouble(), 0.0);
    }

    @Test
    @DisplayName("an interleaved script of randint/rand/randn/choice/permutation/uniform stays in step with NumPy")
    void interleavedStreamMatchesNumpy() {
        /*
         * np.random.seed(123)
         * a = randint(0, 10, size=12); b = randint(-5, 5); c = randint(5, 6); d = randint(0, 2**32)
         * e = randint(0, 2**40, size=3); f = randint(-10**15, 10**15); g = randint(-2**63, 2**63 - 1)
         * h = rand(2); i = randn(3); j = randint(0, 7, size=5); k = randn(1); l = rand(1)
         * m = choice(5, 3); n = randn(2); o = permutation(10); p = uniform(-1, 2); q = rand()
         */
        NumpyRandomState rs = new NumpyRandomState(123);
        assertArrayEquals(new long[] {2, 2, 6, 1, 3, 9, 6, 1, 0, 1, 9, 0}, rs.randint(0, 10, 12));
        assertEquals(-5, rs.randint(-5, 5));
        assertEquals(5, rs.randint(5, 6)); // a one-value range draws nothing
        assertEquals(3131244655L, rs.randint(0, 1L << 32)); // rng = 2^32 - 1: one whole 32-bit word
        assertArrayEquals(new long[] {659013649747L, 335263763709L, 706084223584L}, rs.randint(0, 1L << 40, 3));
        assertEquals(-440551570226108L, rs.randint(-1_000_000_000_000_000L, 1_000_000_000_000_000L));
        assertEquals(2431133669947590455L, rs.randint(Long.MIN_VALUE, Long.MAX_VALUE));
        assertBitsEqual(new double[] {0x1.c2d2c71675340p-2, 0x1.56f1951027800p-4}, rs.rand(2));
        assertBitsEqual(new double[] {-0x1.26f6ff4104db0p-1, 0x1.b21b688742ef7p+0, -0x1.30b803ce8bb11p-4},
                rs.randn(3));
        assertArrayEquals(new long[] {3, 4, 4, 4, 6}, rs.randint(0, 7, 5));
        // The fourth Gaussian is the one cached by the third call's pair: randint did not clear it.
        assertBitsEqual(new double[] {-0x1.e69025ca92c8ap+0}, rs.randn(1));
        assertBitsEqual(new double[] {0x1.4ab5bdd3cde86p-2}, rs.rand(1));
        assertArrayEquals(new int[] {3, 2, 1}, rs.choice(5, 3));
        assertBitsEqual(new double[] {-0x1.4ecafde3bc297p-2, -0x1.3b9b31084ec1ap-2}, rs.randn(2));
        assertArrayEquals(new int[] {1, 5, 0, 9, 8, 6, 3, 7, 4, 2}, rs.permutation(10));
        assertEquals(0x1.923b416f99120p-2, rs.nextUniform(-1, 2), 0.0);
        assertEquals(0x1.23095907664abp-1, rs.nextDouble(), 0.0);
    }

    @Test
    @DisplayName("choice(n, size) = np.random.choice(n, size), and the stream continues like NumPy's")
    void choiceMatchesNumpy() {
        NumpyRandomState rs = new NumpyRandomState(0);
        assertArrayEquals(new int[] {4, 0, 3}, rs.choice(5, 3));
        assertBitsEqual(new double[] {0x1.223d5137e1c40p-4, 0x1.2b2d7b771aa12p-4, -0x1.6c1d8be5f4854p+0},
                rs.randn(3));

        // cs231n-style minibatch: np.random.seed(1); idx = np.random.choice(49000, 200); np.random.rand(2)
        NumpyRandomState batch = new NumpyRandomState(1);
        int[] idx = batch.choice(49000, 200);
        assertArrayEquals(new int[] {33003, 12172, 5192, 32511, 43723}, Arrays.copyOf(idx, 5));
        assertEquals("a36bfcfcbbc56068b216fe6e62ba2c709ca4316304e6c4fcd847f791ca49f865",
                Digests.sha256(Arrays.stream(idx).asLongStream().toArray()));
        assertBitsEqual(new double[] {0x1.a040e0733d90dp-1, 0x1.28b6d89dd219cp-2}, batch.rand(2));
    }

    @Test
    @DisplayName("the inherited permutation/shuffle reproduce np.random.permutation and np.random.shuffle")
    void permutationAndShuffleMatchNumpy() {
        assertArrayEquals(new int[] {2, 8, 4, 9, 1, 6, 7, 3, 0, 5}, new NumpyRandomState(0).permutation(10));

        int[] p1000 = new NumpyRandomState(42).permutation(1000);
        assertArrayEquals(new int[] {521, 737, 740, 660, 411}, Arrays.copyOf(p1000, 5));
        assertEquals("57071745552bb2ef097e250edbaf6ddd14a4f0e478d31acfa6d0724b7c87fbd6", sha256(p1000));
        assertEquals("66429120fc30960f04cf43d0f899cfc1ef4bc8e3da9209d7bedae4f113b55048",
                sha256(new NumpyRandomState(1).permutation(100_000)));

        // np.random.seed(3); arr = np.arange(20); np.random.shuffle(arr); np.random.rand(2)
        NumpyRandomState rs = new NumpyRandomState(3);
        int[] arr = new int[20];
        for (int i = 0; i < arr.length; i++) {
            arr[i] = i;
        }
        rs.shuffle(arr);
        assertArrayEquals(new int[] {14, 2, 1, 17, 4, 16, 6, 7, 15, 12, 9, 11, 19, 18, 13, 5, 0, 8, 3, 10}, arr);
        assertBitsEqual(new double[] {0x1.d00c66531726ep-2, 0x1.b98070474af14p-3}, rs.rand(2));
    }

    @Test
    @DisplayName("nextUniform(low, high) = np.random.uniform(low, high)")
    void uniformMatchesNumpy() {
        // np.random.seed(3); np.random.uniform(-1, 2, size=5) (the scalar calls give the same values)
        double[] expected = {0x1.4e068c4d9444ep-1, 0x1.1fdb86f0a2968p+0, -0x1.04ae68a2d1d4cp-3,
            0x1.10a1966d4eca4p-1, 0x1.adc883c9f53c0p+0};
        NumpyRandomState rs = new NumpyRandomState(3);
        for (double e : expected) {
            assertEquals(e, rs.nextUniform(-1, 2), 0.0);
        }
    }

    @Test
    @DisplayName("cs231n toy model: W1, W2 from seed 0 and X from seed 1, every value bit for bit")
    void cs231nToyModel() {
        // np.random.seed(0); W1 = 1e-1 * np.random.randn(4, 10); W2 = 1e-1 * np.random.randn(10, 3)
        // np.random.seed(1); X = 10 * np.random.randn(5, 4)
        double[][] w1 = {
            {0x1.694725cb7d951p-3, 0x1.47cf0c8a3a110p-5, 0x1.90e41db4f07bcp-4, 0x1.caef576384ee4p-3,
                0x1.7e79d308dcb15p-3, -0x1.904b035513d35p-4, 0x1.8527fdc2877eep-4, -0x1.eff7a0fb8d38ap-7,
                -0x1.523a3fa3a29e1p-7, 0x1.505cbf385bab8p-5},
            {0x1.d800815de3648p-7, 0x1.29d5d09979e5fp-3, 0x1.37b896e0d8810p-4, 0x1.8eb466d42f60dp-7,
                0x1.6b9cdddb52b09p-5, 0x1.1158940b7ab1dp-5, 0x1.31fcc5dd7adc9p-3, -0x1.50219cd59eef8p-6,
                0x1.00770e4014137p-5, -0x1.5dd66decb9e5ap-4},
            {-0x1.056d18a2694fbp-2, 0x1.0bb8e0925bab8p-4, 0x1.6212b485ba6bdp-4, -0x1.2ffda49168caep-4,
                0x1.d0d882dffa2c8p-3, -0x1.29daa5a70fb3ep-3, 0x1.2be20d8845de4p-8, -0x1.32ae98dae1cfap-6,
                0x1.39e9c65e20639p-3, 0x1.2cecb7924000bp-3},
            {0x1.fbbb524c62c7fp-7, 0x1.35ca6dada54f6p-5, -0x1.6ba3153314fd5p-4, -0x1.95aac828d7dfap-3,
                -0x1.1d02774a5ba9ep-5, 0x1.002982ba03f25p-6, 0x1.f7ed53fd4753cp-4, 0x1.ec7eaa4ca336dp-4,
                -0x1.3d4c522b9e72dp-5, -0x1.ef4af6ae27fefp-6},
        };
        double[][] w2 = {
            {-0x1.ad7cbf54f06ecp-4, -0x1.22d1d61fef04bp-3, -0x1.5d71b2d57fd1ap-3},
            {0x1.8f84d0237d570p-3, -0x1.a181cf2977857p-5, -0x1.66ded6fba451ep-5},
            {-0x1.00928eaffef8bp-3, 0x1.3e75c5d2016a8p-4, -0x1.4a86ba3b7a19dp-3},
            {-0x1.5c8dbda6ca21cp-6, -0x1.6ec87977fb41cp-4, 0x1.3cf355b025e15p-5},
            {-0x1.a2739a018f065p-5, -0x1.e39641df0eab0p-4, -0x1.7163ddceff743p-9},
            {0x1.5ee3b43270c35p-5, 0x1.b3ed6179c3f88p-8, 0x1.ef91e8b802528p-6},
            {-0x1.03d17e0bfbe61p-4, -0x1.2928560f72d2fp-5, -0x1.137096b1ae950p-4},
            {-0x1.268bc35ff7d52p-5, -0x1.4d10914d311ecp-4, -0x1.618aece088df8p-3},
            {0x1.22b1eaf5fc6a6p-6, -0x1.492391c3bf138p-5, -0x1.4ddd57d4f84dep-3},
            {0x1.7b1c79287cc6ep-5, -0x1.73a12104626f0p-4, 0x1.546de99cba66fp-8},
        };
        double[][] x = {
            {0x1.03e52fa3f6db2p+4, -0x1.87862bba5d018p+2, -0x1.5207a8ee9b3c6p+2, -0x1.575996eb3e60fp+3},
            {0x1.14ee316812aeep+3, -0x1.703f0667fcaefp+4, 0x1.172b7d679dbc3p+4, -0x1.e72c237e15bf4p+2},
            {0x1.985ebb228d9edp+1, -0x1.3f31af445565cp+1, 0x1.d3dfe1d809a94p+3, -0x1.499f5d0bc81b1p+4},
            {-0x1.9cb1ab5e87644p+1, -0x1.eb96ee51efa79p+1, 0x1.6ace64890b27ep+3, -0x1.5ff717b5d6527p+3},
            {-0x1.b96a8cd35ec6ap+0, -0x1.18ea295e5cfd5p+3, 0x1.b044cddf6768fp-2, 0x1.750071d24d40ap+2},
        };
        NumpyRandomState init = new NumpyRandomState(0);
        assertMatrixBitsEqual(w1, scale(1e-1, init.randn(4, 10)));
        assertMatrixBitsEqual(w2, scale(1e-1, init.randn(10, 3)));
        assertMatrixBitsEqual(x, scale(10, new NumpyRandomState(1).randn(5, 4)));
    }

    static Stream<Arguments> uniformVolume() {
        return Stream.of(
                Arguments.of(0L, "416fe2d8a80c90d59e2683456158bf383552150f231b71b9f8ef465b797215f4"),
                Arguments.of(1L, "cc8b6da9dceef2e61f89f339d00b3e1ae7e2ac8e7129a6931f7f451795e70886"),
                Arguments.of(42L, "98879202db23bc814b0760768af1bbf97ea762b2930e6ddfc1ebd08c1c42f62f"),
                Arguments.of(MAX_SEED, "ebc712d48f416188a191b76d2119babbc4e5c0b2d206b9337c50bf5b692ceba1"));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("uniformVolume")
    @DisplayName("np.random.rand(1_000_000): SHA-256 of all float64 bytes matches")
    void uniformVolumeIsBitExact(long seed, String numpySha256) {
        assertEquals(numpySha256, Digests.sha256(new NumpyRandomState(seed).rand(1_000_000)));
    }

    @Test
    @DisplayName("randint(0, 1000, 1e6) then rand(1e5) match NumPy's checksums: no hidden buffering")
    void randintVolumeThenUniforms() {
        NumpyRandomState rs = new NumpyRandomState(0);
        assertEquals("126432bdfd7ce669080f9c7710b83b763f81c9a3fc60da1ff0fdc6990e2ea5b4",
                Digests.sha256(rs.randint(0, 1000, 1_000_000)));
        assertEquals("bce9a019a7fd413e0894c8c3b56751998ac2dde04247303ae2f13a421a55da32",
                Digests.sha256(rs.rand(100_000)));
    }

    @Test
    @DisplayName("500 rounds of choice(49000, 200) and (randn(3) * 1e6).astype(int64) match NumPy")
    void minibatchLoopMatchesNumpy() {
        NumpyRandomState rs = new NumpyRandomState(2);
        long[] all = new long[500 * 203];
        int k = 0;
        for (int round = 0; round < 500; round++) {
            for (int index : rs.choice(49000, 200)) {
                all[k++] = index;
            }
            for (double g : rs.randn(3)) {
                all[k++] = (long) (g * 1e6); // astype(int64) truncates toward zero, as the cast does
            }
        }
        assertEquals("3eab0288b59dec65b5256836ead7733ec32afa6a6f5ab80ff82fe765dd10291d", Digests.sha256(all));
    }

    static Stream<Arguments> gaussianVolume() {
        return Stream.of(
                Arguments.of(0L, 304, "2b0f7f5317077f6b22c177f4501ff4eebcbb9a5311a283ebe86606be69aef8ab"),
                Arguments.of(1L, 377, "2c90d3d3948696a16c8e0703b8bf2c3e69f80b54f0702bc902d852493d211e6b"),
                Arguments.of(42L, 337, "926df2a3983bff5e09f7eba82bec19ab169878c79617739c7104c86dbfa6dd80"),
                Arguments.of(MAX_SEED, 368, "a3b1a01c43fafc41aa3ddd2ed691ea00ecc4755195e490e1e05601fe30c6c178"),
                Arguments.of(123456789L, 380, "7321feaca7eba06e52bd7d24f60a0b0d20f9d5ffdb53e67fb4795e76c9102df4"));
    }

    /**
     * np.random.randn(1_000_000) per seed. The resource lists NumPy's value at every draw where ours
     * differs; patching those in must reproduce NumPy's SHA-256 exactly, which proves that every other
     * draw is bit-identical, and each listed draw must really differ, by at most 3 ulp.
     */
    @ParameterizedTest(name = "seed {0}: {1} of 1,000,000 draws differ")
    @MethodSource("gaussianVolume")
    @DisplayName("np.random.randn(1_000_000): identical except the documented glibc-log draws, each within 3 ulp")
    void gaussianVolumeMatchesExceptDocumentedDraws(long seed, int expectedDeviations, String numpySha256)
            throws IOException {
        double[] ours = new NumpyRandomState(seed).randn(1_000_000);
        List<double[]> deviations = deviations(seed);
        assertEquals(expectedDeviations, deviations.size());
        long maxUlps = 0;
        for (double[] d : deviations) {
            int index = (int) d[0];
            double numpy = d[1];
            long ulps = Math.abs(Double.doubleToLongBits(ours[index]) - Double.doubleToLongBits(numpy));
            assertNotEquals(0, ulps, "listed draw " + index + " does not differ");
            maxUlps = Math.max(maxUlps, ulps);
            ours[index] = numpy;
        }
        assertTrue(maxUlps <= 3, "max ulp difference " + maxUlps);
        assertEquals(numpySha256, Digests.sha256(ours));
    }

    /** (index, NumPy value) pairs for one seed from numpy-randn-deviations.txt. */
    private static List<double[]> deviations(long seed) throws IOException {
        List<double[]> out = new ArrayList<>();
        try (InputStream in = NumpyRandomStateTest.class.getResourceAsStream("numpy-randn-deviations.txt")) {
            assertNotNull(in, "missing test resource numpy-randn-deviations.txt");
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.trim().split("\\s+");
                if (Long.parseLong(f[0]) == seed) {
                    out.add(new double[] {Integer.parseInt(f[1]), Double.parseDouble(f[2])});
                }
            }
        }
        return out;
    }

    @Test
    @DisplayName("seeds 0 and 2^32 - 1 are accepted; others are rejected naming the seed")
    void seedRange() {
        new NumpyRandomState(0);
        new NumpyRandomState(MAX_SEED);
        assertMessageNames("seed=-1", () -> new NumpyRandomState(-1));
        assertMessageNames("seed=4294967296", () -> new NumpyRandomState(MAX_SEED + 1));
    }

    @Test
    @DisplayName("bad arguments are rejected with messages naming the argument and value")
    void badArguments() {
        NumpyRandomState rs = new NumpyRandomState(0);
        assertMessageNames("bound=0", () -> rs.nextInt(0));
        assertMessageNames("bound=-5", () -> rs.nextInt(-5));
        assertMessageNames("low=5, high=5", () -> rs.randint(5, 5));
        assertMessageNames("low=5, high=4", () -> rs.randint(5, 4, 3));
        assertMessageNames("size=-1", () -> rs.randint(0, 4, -1));
        assertMessageNames("n=0", () -> rs.choice(0, 3));
        assertEquals(0, rs.choice(0, 0).length); // NumPy: np.random.choice(0, 0) is an empty array
        assertMessageNames("size=-2", () -> rs.choice(3, -2));
        assertMessageNames("size=-3", () -> rs.rand(-3));
        assertMessageNames("size=-4", () -> rs.randn(-4));
        assertMessageNames("size=-1", () -> rs.randn(2, -1));
        // Nothing was drawn by the rejected calls.
        assertEquals(0x1.18fe1565f12a8p-1, rs.nextDouble(), 0.0);
    }

    @Test
    @DisplayName("nextInt(1) returns 0 without drawing, like random_interval(0)")
    void nextIntOneDrawsNothing() {
        NumpyRandomState rs = new NumpyRandomState(0);
        assertEquals(0, rs.nextInt(1));
        assertEquals(0x1.18fe1565f12a8p-1, rs.nextDouble(), 0.0);
    }

    private static void assertMessageNames(String fragment, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' lacks '" + fragment + "'");
    }

    private static void assertBitsEqual(double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]),
                    "index " + i + ": expected " + Double.toHexString(expected[i]) + " got "
                            + Double.toHexString(actual[i]));
        }
    }

    private static void assertMatrixBitsEqual(double[][] expected, double[][] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertBitsEqual(expected[i], actual[i]);
        }
    }

    private static double[][] scale(double factor, double[][] m) {
        for (double[] row : m) {
            for (int j = 0; j < row.length; j++) {
                row[j] = factor * row[j];
            }
        }
        return m;
    }

    private static String sha256(int[] values) {
        return Digests.sha256(Arrays.stream(values).asLongStream().toArray());
    }
}
