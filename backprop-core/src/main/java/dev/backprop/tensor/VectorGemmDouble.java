package dev.backprop.tensor;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float64 Vector API matrix product behind {@link Gemm}: {@code C (+)= A·B} over a block of C,
 * with A and B described by strides so that one routine serves {@code X·W}, {@code Xᵀ·Δ} and
 * {@code Δ·Wᵀ}.
 *
 * <p>Blocking follows Goto and van de Geijn: B is packed {@link #KC} rows by {@link #NC} columns at a
 * time into panels {@link #NR} columns wide, and a register-blocked micro-kernel of {@link #MR} rows
 * × two vectors sweeps the rows of A across each panel while the panel stays in the L1 cache. A
 * row-major A (the forward {@code X·W}, {@code Δ·Wᵀ}) is read in place; any other A (the
 * transposed X of {@code Xᵀ·Δ}) is packed in blocks of MR rows, one inner index after the other.
 * Every element of C is still one chain of fused multiply-adds in ascending inner index, exactly as
 * in {@link ScalarGemm}: a lane-wise FMA rounds like {@code Math.fma}, and blocking the inner index
 * only stores and reloads the running sum. So the result is bit-identical to the scalar twin and
 * independent of how blocks of C are spread over threads.
 *
 * <p>The micro-kernels step through packed B and packed A by constants ({@link #NR}, {@link #MR})
 * and through a row-major A by one, so the JIT proves every index in range before the loop and
 * keeps the loop to loads, broadcasts and FMAs. With a stride held in a variable, it checked every
 * load instead: on an Intel core, where branches and integer work share ports with the vector
 * FMAs, that cost a quarter of the arithmetic (the 8 × 2 kernel at 65 % of the core's peak against
 * 95 % now, measured in the L1 cache; see docs/performance.md).
 */
final class VectorGemmDouble {

    static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int L = SPECIES.length();
    /** Rows per micro-kernel: 8 × 2 accumulators need the 32 registers of AVX-512; AVX2 has 16. */
    static final int MR = SPECIES.vectorBitSize() >= 512 ? 8 : 4;
    /** Columns per packed panel of B: two vectors. */
    static final int NR = 2 * L;
    /**
     * Most inner indices per block: a panel of 192 × NR elements (24 KB) stays in a 48 KB L1 cache
     * beside the rows of A streaming past it. Measured on one Intel core with A and B in cache, in
     * GFLOP/s: inner blocks of 64 at 220, 128 at 230, 192 at 235, 256 at 210–215, 384 at 210.
     */
    static final int KC = 192;
    /**
     * Most inner indices per block when C is too large to stay in the caches between blocks
     * ({@link #LARGE_C_BYTES}): each block loads every tile of C again, and a tile that comes from
     * memory stalls its kernel for as long as it takes. 2048³ on one Intel core, in GFLOP/s: inner
     * blocks of 192 at 163, 256 at 177, 384 at 178, 512 at 186, 768 at 175, 1024 at 170.
     */
    static final int KC_LARGE_C = 512;
    /** Bytes of C from which a product takes the longer inner blocks of {@link #KC_LARGE_C}. */
    private static final long LARGE_C_BYTES = 1L << 20;
    /** Columns of B packed at once. */
    static final int NC = 512;
    /** Rows of A packed at once when A is packed. */
    static final int MC = 128;
    /**
     * The largest B, in inner index and columns, that each thread packs for itself when a product is
     * split by rows ({@link #fitsOneBlock}).
     */
    private static final int OWN_B_MAX = 512;

    /** Packing buffers, one set per thread: kernels may run on several threads at once. */
    private static final class Buffers {
        final double[] b = new double[KC_LARGE_C * (NC + NR)];
        final double[] a = new double[KC_LARGE_C * (MC + L)];
        final double[] tile = new double[MR * NR];
        /** All of a B packed for this thread ({@link #packOwnB}); grown to the largest seen. */
        double[] own = new double[0];
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    private VectorGemmDouble() {
    }

    /**
     * {@code C[i, j] (+)= Σ_p A(i, p)·B(p, j)} for i in [i0, i1), j in [j0, j1), p in [0, k), where
     * {@code A(i, p) = a[aOff + i·aRs + p·aCs]}, {@code B(p, j) = b[bOff + p·bRs + j·bCs]} and
     * {@code C[i, j] = c[cOff + i·ldc + j]}.
     */
    static void multiply(double[] a, int aOff, int aRs, int aCs,
                         double[] b, int bOff, int bRs, int bCs,
                         double[] c, int cOff, int ldc,
                         int i0, int i1, int j0, int j1, int k, boolean accumulate) {
        if (i0 >= i1 || j0 >= j1) {
            return;
        }
        if (k == 0) {
            zeroUnlessAccumulating(c, cOff, ldc, i0, i1, j0, j1, accumulate);
            return;
        }
        Buffers buffers = BUFFERS.get();
        boolean largeC = (long) (i1 - i0) * (j1 - j0) * SPECIES.elementSize() / 8 > LARGE_C_BYTES;
        int kc = innerBlock(k, largeC ? KC_LARGE_C : KC);
        for (int jc = j0; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc);
            for (int pc = 0; pc < k; pc += kc) {
                int kcNow = Math.min(kc, k - pc);
                for (int q = 0; q * NR < nc; q++) {
                    int jp = jc + q * NR;
                    packB(b, bOff + pc * bRs + jp * bCs, bRs, bCs, kcNow, Math.min(NR, j1 - jp), buffers.b,
                            q * kcNow * NR);
                }
                block(a, aOff + pc * aCs, aRs, aCs, buffers.b, 0, kcNow * NR, nc, kcNow, c, cOff + jc, ldc, i0, i1,
                        !accumulate && pc == 0, buffers);
            }
        }
    }

    /** The inner block for k inner indices: at most {@code most}, the blocks as even as can be. */
    private static int innerBlock(int k, int most) {
        int blocks = (k + most - 1) / most;
        return (k + blocks - 1) / blocks;
    }

    /** Length of the buffer {@link #packPanel} fills for a B of k rows and n columns. */
    static int packedLength(int k, int n) {
        return (n + NR - 1) / NR * NR * k;
    }

    /**
     * Packs panel {@code q} of B (columns [q·NR, q·NR + NR), all k rows) into {@code dst} at
     * {@code q·k·NR}, row stride NR: the layout {@link #multiplyPackedB} reads. Threads may pack different panels of one buffer at once.
     */
    static void packPanel(double[] b, int bOff, int bRs, int bCs, int k, int n, int q, double[] dst) {
        int jp = q * NR;
        packB(b, bOff + jp * bCs, bRs, bCs, k, Math.min(NR, n - jp), dst, q * k * NR);
    }

    /** True when B, k rows by n columns, is small enough for every thread to pack it ({@link #packOwnB}). */
    static boolean fitsOneBlock(int k, int n) {
        return k <= OWN_B_MAX && n <= OWN_B_MAX;
    }

    /**
     * Packs all of B into the calling thread's own buffer, in the layout of {@link #packPanel}, and
     * returns that buffer for {@link #multiplyPackedB} on this thread; valid until the thread's next
     * product. The buffer grows to the largest B seen, so a training step allocates nothing once its
     * products have all run.
     */
    static double[] packOwnB(double[] b, int bOff, int bRs, int bCs, int k, int n) {
        Buffers buffers = BUFFERS.get();
        if (buffers.own.length < packedLength(k, n)) {
            buffers.own = new double[packedLength(k, n)];
        }
        for (int q = 0; q * NR < n; q++) {
            packPanel(b, bOff, bRs, bCs, k, n, q, buffers.own);
        }
        return buffers.own;
    }

    /**
     * {@code C[i, j] (+)= Σ_p A(i, p)·B(p, j)} for i in [i0, i1), j in [0, n), with B packed whole
     * by {@link #packPanel}: rows of C from different calls can run on different threads against one
     * packed B. Same FMA chains, so the same bits, as {@link #multiply}.
     */
    static void multiplyPackedB(double[] a, int aOff, int aRs, int aCs, double[] packed, int k, int n,
                                double[] c, int cOff, int ldc, int i0, int i1, boolean accumulate) {
        if (i0 >= i1 || n == 0) {
            return;
        }
        if (k == 0) {
            zeroUnlessAccumulating(c, cOff, ldc, i0, i1, 0, n, accumulate);
            return;
        }
        // Rows of C from one call are few enough to stay in the caches between inner blocks.
        Buffers buffers = BUFFERS.get();
        int kc = innerBlock(k, KC);
        for (int pc = 0; pc < k; pc += kc) {
            block(a, aOff + pc * aCs, aRs, aCs, packed, pc * NR, k * NR, n, Math.min(kc, k - pc), c, cOff, ldc,
                    i0, i1, !accumulate && pc == 0, buffers);
        }
    }

    /**
     * Rows [i0, i1) of C (+)= A·B over one block of kc inner indices and nc columns, panel q of B at
     * {@code panels[start + q·step]}. A row-major A is read in place, MR rows at a time, and only a
     * last block of fewer rows is packed; any other A is packed {@link #MC} rows at a time. With
     * {@code fromZero} the sums start from +0 (the first inner block of an overwriting product): the
     * tile of C is zeroed just before the kernel reads it, while it is in the L1 cache, which gives
     * the same bits as C zeroed first. Tiles cut by the edge of C (fewer than MR rows or NR columns)
     * go through a scratch tile.
     */
    private static void block(double[] a, int aBase, int aRs, int aCs, double[] panels, int start, int step, int nc,
                              int kc, double[] c, int cBase, int ldc, int i0, int i1, boolean fromZero, Buffers buffers) {
        boolean rowMajorA = aCs == 1;
        for (int ic = i0; ic < i1; ic += MC) {
            int mc = Math.min(MC, i1 - ic);
            int inPlace = rowMajorA ? mc / MR * MR : 0;
            for (int r = inPlace; r < mc; r += L) {
                packA(a, aBase + (ic + r) * aRs, aRs, aCs, kc, Math.min(L, mc - r), buffers.a, (r - inPlace) * kc);
            }
            for (int q = 0; q * NR < nc; q++) {
                int pb = start + q * step;
                int width = Math.min(NR, nc - q * NR);
                for (int r = 0; r < mc; r += MR) {
                    int rows = Math.min(MR, mc - r);
                    int cAt = cBase + (ic + r) * ldc + q * NR;
                    boolean read = r < inPlace;
                    // A packed block of L rows holds L / MR tiles' rows side by side.
                    int packedAt = (r - inPlace) / L * L * kc + (r - inPlace) % L;
                    double[] aData = read ? a : buffers.a;
                    int pa = read ? aBase + (ic + r) * aRs : packedAt;
                    if (rows == MR && width == NR) {
                        tile(aData, pa, aRs, read, fromZero, panels, pb, kc, c, cAt, ldc);
                    } else {
                        edgeTile(aData, pa, aRs, read, panels, pb, kc, c, cAt, ldc, rows, width, fromZero,
                                buffers.tile);
                    }
                }
            }
        }
    }

    /** A tile of C cut to {@code rows} × {@code width} by its edge, computed whole in {@code tile}. */
    private static void edgeTile(double[] a, int pa, int lda, boolean inPlace, double[] panels, int pb, int kc,
                                 double[] c, int cAt, int ldc, int rows, int width, boolean fromZero, double[] tile) {
        java.util.Arrays.fill(tile, 0.0);
        if (!fromZero) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(c, cAt + r * ldc, tile, r * NR, width);
            }
        }
        tile(a, pa, lda, inPlace, false, panels, pb, kc, tile, 0, NR);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(tile, r * NR, c, cAt + r * ldc, width);
        }
    }

    /** An empty inner index: C is the zero matrix, or stays as it is when accumulating. */
    private static void zeroUnlessAccumulating(double[] c, int cOff, int ldc, int i0, int i1, int j0, int j1,
                                               boolean accumulate) {
        if (!accumulate) {
            for (int i = i0; i < i1; i++) {
                java.util.Arrays.fill(c, cOff + i * ldc + j0, cOff + i * ldc + j1, 0.0);
            }
        }
    }

    /** Copies B's rows [0, kc) × columns [0, w) to {@code dst} at {@code at}, row stride NR. */
    private static void packB(double[] b, int off, int rs, int cs, int kc, int w, double[] dst, int at) {
        if (cs == 1 && w == NR) {
            for (int p = 0; p < kc; p++) {
                DoubleVector.fromArray(SPECIES, b, off + p * rs).intoArray(dst, at + p * NR);
                DoubleVector.fromArray(SPECIES, b, off + p * rs + L).intoArray(dst, at + p * NR + L);
            }
            return;
        }
        // Element by element rather than a System.arraycopy per row, which for the narrow panels
        // that come here (an output layer's 10 columns) cost more than the copy. Columns past w keep
        // whatever the buffer held: they feed only columns of the scratch tile that are thrown away.
        for (int p = 0; p < kc; p++) {
            int src = off + p * rs;
            int d = at + p * NR;
            for (int jj = 0; jj < w; jj++) {
                dst[d + jj] = b[src + jj * cs];
            }
        }
    }

    /**
     * Copies {@code rows} (at most L) rows of A, columns [0, kc), to {@code dst} at {@code at} as
     * [p][L]: the layout the packed micro-kernels read, MR of the L rows each. A whole vector of rows per inner index lets {@code Xᵀ·Δ} (whose values of one inner
     * index are adjacent) pack with one load and one store of the species every other kernel uses:
     * on JDK 17 a narrower species made that store polymorphic, and it was compiled boxed.
     */
    private static void packA(double[] a, int off, int rs, int cs, int kc, int rows, double[] dst, int at) {
        if (rs == 1 && rows == L) {
            for (int p = 0; p < kc; p++) {
                DoubleVector.fromArray(SPECIES, a, off + p * cs).intoArray(dst, at + p * L);
            }
            return;
        }
        // Rows past {@code rows} keep whatever the buffer held: they feed only rows of the scratch
        // tile that are thrown away.
        for (int p = 0; p < kc; p++) {
            int src = off + p * cs;
            int d = at + p * L;
            for (int r = 0; r < rows; r++) {
                dst[d + r] = a[src + r * rs];
            }
        }
    }

    /**
     * MR rows of C (+)= A·panel over kc inner indices, the panel's inner index NR elements apart from
     * {@code pb}; with {@code fromZero} the sums start from +0 instead of C's values. With
     * {@code inPlace}, row r of A starts at {@code a[pa + r·lda]}; otherwise A is packed,
     * {@code A(r, p) = a[pa + p·L + r]}. One method per case, since a vector chosen by a branch (load or
     * zero) would be boxed by the JIT, and a starting-sum array of stride 0 (the way an earlier kernel
     * started from zero) takes registers the eight row pointers need.
     */
    private static void tile(double[] a, int pa, int lda, boolean inPlace, boolean fromZero, double[] panel, int pb,
                             int kc, double[] c, int c0, int ldc) {
        if (MR == 8) {
            if (inPlace) {
                if (fromZero) {
                    tile8RowsFromZero(a, pa, lda, panel, pb, kc, c, c0, ldc);
                } else {
                    tile8Rows(a, pa, lda, panel, pb, kc, c, c0, ldc);
                }
            } else if (fromZero) {
                tile8PackedFromZero(a, pa, panel, pb, kc, c, c0, ldc);
            } else {
                tile8Packed(a, pa, panel, pb, kc, c, c0, ldc);
            }
        } else if (inPlace) {
            if (fromZero) {
                tile4RowsFromZero(a, pa, lda, panel, pb, kc, c, c0, ldc);
            } else {
                tile4Rows(a, pa, lda, panel, pb, kc, c, c0, ldc);
            }
        } else if (fromZero) {
            tile4PackedFromZero(a, pa, panel, pb, kc, c, c0, ldc);
        } else {
            tile4Packed(a, pa, panel, pb, kc, c, c0, ldc);
        }
    }

    private static void tile8Packed(double[] a, int pa, double[] panel, int pb, int kc, double[] c, int c0, int ldc) {
        DoubleVector s00 = DoubleVector.fromArray(SPECIES, c, c0);
        DoubleVector s01 = DoubleVector.fromArray(SPECIES, c, c0 + L);
        DoubleVector s10 = DoubleVector.fromArray(SPECIES, c, c0 + 1 * ldc);
        DoubleVector s11 = DoubleVector.fromArray(SPECIES, c, c0 + 1 * ldc + L);
        DoubleVector s20 = DoubleVector.fromArray(SPECIES, c, c0 + 2 * ldc);
        DoubleVector s21 = DoubleVector.fromArray(SPECIES, c, c0 + 2 * ldc + L);
        DoubleVector s30 = DoubleVector.fromArray(SPECIES, c, c0 + 3 * ldc);
        DoubleVector s31 = DoubleVector.fromArray(SPECIES, c, c0 + 3 * ldc + L);
        DoubleVector s40 = DoubleVector.fromArray(SPECIES, c, c0 + 4 * ldc);
        DoubleVector s41 = DoubleVector.fromArray(SPECIES, c, c0 + 4 * ldc + L);
        DoubleVector s50 = DoubleVector.fromArray(SPECIES, c, c0 + 5 * ldc);
        DoubleVector s51 = DoubleVector.fromArray(SPECIES, c, c0 + 5 * ldc + L);
        DoubleVector s60 = DoubleVector.fromArray(SPECIES, c, c0 + 6 * ldc);
        DoubleVector s61 = DoubleVector.fromArray(SPECIES, c, c0 + 6 * ldc + L);
        DoubleVector s70 = DoubleVector.fromArray(SPECIES, c, c0 + 7 * ldc);
        DoubleVector s71 = DoubleVector.fromArray(SPECIES, c, c0 + 7 * ldc + L);
        for (int p = 0; p < kc; p++) {
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, panel, pb + p * NR);
            DoubleVector b1 = DoubleVector.fromArray(SPECIES, panel, pb + p * NR + L);
            DoubleVector x = DoubleVector.broadcast(SPECIES, a[pa + p * L]);
            s00 = b0.fma(x, s00);
            s01 = b1.fma(x, s01);
            x = DoubleVector.broadcast(SPECIES, a[pa + p * L + 1]);
            s10 = b0.fma(x, s10);
            s11 = b1.fma(x, s11);
            x = DoubleVector.broadcast(SPECIES, a[pa + p * L + 2]);
            s20 = b0.fma(x, s20);
            s21 = b1.fma(x, s21);
            x = DoubleVector.broadcast(SPECIES, a[pa + p * L + 3]);
            s30 = b0.fma(x, s30);
            s31 = b1.fma(x, s31);
            x = DoubleVector.broadcast(SPECIES, a[pa + p * L + 4]);
            s40 = b0.fma(x, s40);
            s41 = b1.fma(x, s41);
            x = DoubleVector.broadcast(SPECIES, a[pa + p * L + 5]);
            s50 = b0.fma(x, s50);
            s51 = b1.fma(x, s51);
            x = DoubleVector.broadcast(SPECIES, a[pa + p * L + 6]);
            s60 = b0.fma(x, s60);
            s61 = b1.fma(x, s61);
            x = DoubleVector.broadcast(SPECIES, a[pa + p * L + 7]);
            s70 = b0.fma(x, s70);
            s71 = b1.fma(x, s71);
        }
        s00.intoArray(c, c0);
        s01.intoArray(c, c0 + L);
        s10.intoArray(c, c0 + 1 * ldc);
        s11.intoArray(c, c0 + 1 * ldc + L);
        s20.intoArray(c, c0 + 2 * ldc);
        s21.intoArray(c, c0 + 2 * ldc + L);
        s30.intoArray(c, c0 + 3 * ldc);
        s31.intoArray(c, c0 + 3 * ldc + L);
        s40.intoArray(c, c0 + 4 * ldc);
        s41.intoArray(c, c0 + 4 * ldc + L);
        s50.intoArray(c, c0 + 5 * ldc);
        s51.intoArray(c, c0 + 5 * ldc + L);
        s60.intoArray(c, c0 + 6 * ldc);
        s61.intoArray(c, c0 + 6 * ldc + L);
        s70.intoArray(c, c0 + 7 * ldc);
        s71.intoArray(c, c0 + 7 * ldc + L);
    }

    private static void tile8PackedFromZero(double[] a, int pa, double[] panel, int pb, int kc, double[] c, int c0,
                                            int ldc) {
        DoubleVector zero = DoubleVector.zero(SPECIES);
        DoubleVector s00 = zero;
        DoubleVector s01 = zero;
        DoubleVector s10 = zero;
        DoubleVector s11 = zero;
        DoubleVector s20 = zero;
        DoubleVector s21 = zero;
        DoubleVector s30 = zero;
        DoubleVector s31 = zero;
        DoubleVector s40 = zero;
        DoubleVector s41 = zero;
        DoubleVector s50 = zero;
        DoubleVector s51 = zero;
        DoubleVector s60 = zero;
        DoubleVector s61 = zero;
        DoubleVector s70 = zero;
        DoubleVector s71 = zero;
        for (int p = 0; p < kc; p++) {
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, panel, pb + p * NR);
            DoubleVector b1 = DoubleVector.fromArray(SPECIES, panel, pb + p * NR + L);
            DoubleVector x = DoubleVector.broadcast(SPECIES, a[pa + p * L]);
            s00 = b0.fma(x, s00);
            s01 = b1.fma(x, s01);
            x = DoubleVector.broadcast(SPECIES, a[pa + p * L + 1]);
            s10 = b0.fma(x, s10);
            s11 = b1.fma(x, s11);
            x = DoubleVector.broadcast(SPECIES, a[pa + p * L + 2]);
            s20 = b0.fma(x, s20);
            s21 = b1.fma(x, s21);
            x = DoubleVector.broadcast(SPECIES, a[pa + p * L + 3]);
            s30 = b0.fma(x, s30);
            s31 = b1.fma(x, s31);
            x = DoubleVector.broadcast(SPECIES, a[pa + p * L + 4]);
            s40 = b0.fma(x, s40);
            s41 = b1.fma(x, s41);
            x = DoubleVector.broadcast(SPECIES, a[pa + p * L + 5]);
            s50 = b0.fma(x, s50);
            s51 = b1.fma(x, s51);
            x = DoubleVector.broadcast(SPECIES, a[pa + p * L + 6]);
            s60 = b0.fma(x, s60);
            s61 = b1.fma(x, s61);
            x = DoubleVector.broadcast(SPECIES, a[pa + p * L + 7]);
            s70 = b0.fma(x, s70);
            s71 = b1.fma(x, s71);
        }
        s00.intoArray(c, c0);
        s01.intoArray(c, c0 + L);
        s10.intoArray(c, c0 + 1 * ldc);
        s11.intoArray(c, c0 + 1 * ldc + L);
        s20.intoArray(c, c0 + 2 * ldc);
        s21.intoArray(c, c0 + 2 * ldc + L);
        s30.intoArray(c, c0 + 3 * ldc);
        s31.intoArray(c, c0 + 3 * ldc + L);
        s40.intoArray(c, c0 + 4 * ldc);
        s41.intoArray(c, c0 + 4 * ldc + L);
        s50.intoArray(c, c0 + 5 * ldc);
        s51.intoArray(c, c0 + 5 * ldc + L);
        s60.intoArray(c, c0 + 6 * ldc);
        s61.intoArray(c, c0 + 6 * ldc + L);
        s70.intoArray(c, c0 + 7 * ldc);
        s71.intoArray(c, c0 + 7 * ldc + L);
    }

    private static void tile8Rows(double[] a, int pa, int lda, double[] panel, int pb, int kc, double[] c, int c0,
                                  int ldc) {
        DoubleVector s00 = DoubleVector.fromArray(SPECIES, c, c0);
        DoubleVector s01 = DoubleVector.fromArray(SPECIES, c, c0 + L);
        DoubleVector s10 = DoubleVector.fromArray(SPECIES, c, c0 + 1 * ldc);
        DoubleVector s11 = DoubleVector.fromArray(SPECIES, c, c0 + 1 * ldc + L);
        DoubleVector s20 = DoubleVector.fromArray(SPECIES, c, c0 + 2 * ldc);
        DoubleVector s21 = DoubleVector.fromArray(SPECIES, c, c0 + 2 * ldc + L);
        DoubleVector s30 = DoubleVector.fromArray(SPECIES, c, c0 + 3 * ldc);
        DoubleVector s31 = DoubleVector.fromArray(SPECIES, c, c0 + 3 * ldc + L);
        DoubleVector s40 = DoubleVector.fromArray(SPECIES, c, c0 + 4 * ldc);
        DoubleVector s41 = DoubleVector.fromArray(SPECIES, c, c0 + 4 * ldc + L);
        DoubleVector s50 = DoubleVector.fromArray(SPECIES, c, c0 + 5 * ldc);
        DoubleVector s51 = DoubleVector.fromArray(SPECIES, c, c0 + 5 * ldc + L);
        DoubleVector s60 = DoubleVector.fromArray(SPECIES, c, c0 + 6 * ldc);
        DoubleVector s61 = DoubleVector.fromArray(SPECIES, c, c0 + 6 * ldc + L);
        DoubleVector s70 = DoubleVector.fromArray(SPECIES, c, c0 + 7 * ldc);
        DoubleVector s71 = DoubleVector.fromArray(SPECIES, c, c0 + 7 * ldc + L);
        int a0 = pa, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda, a4 = a3 + lda, a5 = a4 + lda, a6 = a5 + lda, a7 = a6 + lda;
        for (int p = 0; p < kc; p++) {
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, panel, pb + p * NR);
            DoubleVector b1 = DoubleVector.fromArray(SPECIES, panel, pb + p * NR + L);
            DoubleVector x = DoubleVector.broadcast(SPECIES, a[a0 + p]);
            s00 = b0.fma(x, s00);
            s01 = b1.fma(x, s01);
            x = DoubleVector.broadcast(SPECIES, a[a1 + p]);
            s10 = b0.fma(x, s10);
            s11 = b1.fma(x, s11);
            x = DoubleVector.broadcast(SPECIES, a[a2 + p]);
            s20 = b0.fma(x, s20);
            s21 = b1.fma(x, s21);
            x = DoubleVector.broadcast(SPECIES, a[a3 + p]);
            s30 = b0.fma(x, s30);
            s31 = b1.fma(x, s31);
            x = DoubleVector.broadcast(SPECIES, a[a4 + p]);
            s40 = b0.fma(x, s40);
            s41 = b1.fma(x, s41);
            x = DoubleVector.broadcast(SPECIES, a[a5 + p]);
            s50 = b0.fma(x, s50);
            s51 = b1.fma(x, s51);
            x = DoubleVector.broadcast(SPECIES, a[a6 + p]);
            s60 = b0.fma(x, s60);
            s61 = b1.fma(x, s61);
            x = DoubleVector.broadcast(SPECIES, a[a7 + p]);
            s70 = b0.fma(x, s70);
            s71 = b1.fma(x, s71);
        }
        s00.intoArray(c, c0);
        s01.intoArray(c, c0 + L);
        s10.intoArray(c, c0 + 1 * ldc);
        s11.intoArray(c, c0 + 1 * ldc + L);
        s20.intoArray(c, c0 + 2 * ldc);
        s21.intoArray(c, c0 + 2 * ldc + L);
        s30.intoArray(c, c0 + 3 * ldc);
        s31.intoArray(c, c0 + 3 * ldc + L);
        s40.intoArray(c, c0 + 4 * ldc);
        s41.intoArray(c, c0 + 4 * ldc + L);
        s50.intoArray(c, c0 + 5 * ldc);
        s51.intoArray(c, c0 + 5 * ldc + L);
        s60.intoArray(c, c0 + 6 * ldc);
        s61.intoArray(c, c0 + 6 * ldc + L);
        s70.intoArray(c, c0 + 7 * ldc);
        s71.intoArray(c, c0 + 7 * ldc + L);
    }

    private static void tile8RowsFromZero(double[] a, int pa, int lda, double[] panel, int pb, int kc, double[] c, int c0,
                                          int ldc) {
        DoubleVector zero = DoubleVector.zero(SPECIES);
        DoubleVector s00 = zero;
        DoubleVector s01 = zero;
        DoubleVector s10 = zero;
        DoubleVector s11 = zero;
        DoubleVector s20 = zero;
        DoubleVector s21 = zero;
        DoubleVector s30 = zero;
        DoubleVector s31 = zero;
        DoubleVector s40 = zero;
        DoubleVector s41 = zero;
        DoubleVector s50 = zero;
        DoubleVector s51 = zero;
        DoubleVector s60 = zero;
        DoubleVector s61 = zero;
        DoubleVector s70 = zero;
        DoubleVector s71 = zero;
        int a0 = pa, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda, a4 = a3 + lda, a5 = a4 + lda, a6 = a5 + lda, a7 = a6 + lda;
        for (int p = 0; p < kc; p++) {
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, panel, pb + p * NR);
            DoubleVector b1 = DoubleVector.fromArray(SPECIES, panel, pb + p * NR + L);
            DoubleVector x = DoubleVector.broadcast(SPECIES, a[a0 + p]);
            s00 = b0.fma(x, s00);
            s01 = b1.fma(x, s01);
            x = DoubleVector.broadcast(SPECIES, a[a1 + p]);
            s10 = b0.fma(x, s10);
            s11 = b1.fma(x, s11);
            x = DoubleVector.broadcast(SPECIES, a[a2 + p]);
            s20 = b0.fma(x, s20);
            s21 = b1.fma(x, s21);
            x = DoubleVector.broadcast(SPECIES, a[a3 + p]);
            s30 = b0.fma(x, s30);
            s31 = b1.fma(x, s31);
            x = DoubleVector.broadcast(SPECIES, a[a4 + p]);
            s40 = b0.fma(x, s40);
            s41 = b1.fma(x, s41);
            x = DoubleVector.broadcast(SPECIES, a[a5 + p]);
            s50 = b0.fma(x, s50);
            s51 = b1.fma(x, s51);
            x = DoubleVector.broadcast(SPECIES, a[a6 + p]);
            s60 = b0.fma(x, s60);
            s61 = b1.fma(x, s61);
            x = DoubleVector.broadcast(SPECIES, a[a7 + p]);
            s70 = b0.fma(x, s70);
            s71 = b1.fma(x, s71);
        }
        s00.intoArray(c, c0);
        s01.intoArray(c, c0 + L);
        s10.intoArray(c, c0 + 1 * ldc);
        s11.intoArray(c, c0 + 1 * ldc + L);
        s20.intoArray(c, c0 + 2 * ldc);
        s21.intoArray(c, c0 + 2 * ldc + L);
        s30.intoArray(c, c0 + 3 * ldc);
        s31.intoArray(c, c0 + 3 * ldc + L);
        s40.intoArray(c, c0 + 4 * ldc);
        s41.intoArray(c, c0 + 4 * ldc + L);
        s50.intoArray(c, c0 + 5 * ldc);
        s51.intoArray(c, c0 + 5 * ldc + L);
        s60.intoArray(c, c0 + 6 * ldc);
        s61.intoArray(c, c0 + 6 * ldc + L);
        s70.intoArray(c, c0 + 7 * ldc);
        s71.intoArray(c, c0 + 7 * ldc + L);
    }

    private static void tile4Packed(double[] a, int pa, double[] panel, int pb, int kc, double[] c, int c0, int ldc) {
        DoubleVector s00 = DoubleVector.fromArray(SPECIES, c, c0);
        DoubleVector s01 = DoubleVector.fromArray(SPECIES, c, c0 + L);
        DoubleVector s10 = DoubleVector.fromArray(SPECIES, c, c0 + 1 * ldc);
        DoubleVector s11 = DoubleVector.fromArray(SPECIES, c, c0 + 1 * ldc + L);
        DoubleVector s20 = DoubleVector.fromArray(SPECIES, c, c0 + 2 * ldc);
        DoubleVector s21 = DoubleVector.fromArray(SPECIES, c, c0 + 2 * ldc + L);
        DoubleVector s30 = DoubleVector.fromArray(SPECIES, c, c0 + 3 * ldc);
        DoubleVector s31 = DoubleVector.fromArray(SPECIES, c, c0 + 3 * ldc + L);
        for (int p = 0; p < kc; p++) {
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, panel, pb + p * NR);
            DoubleVector b1 = DoubleVector.fromArray(SPECIES, panel, pb + p * NR + L);
            DoubleVector x = DoubleVector.broadcast(SPECIES, a[pa + p * L]);
            s00 = b0.fma(x, s00);
            s01 = b1.fma(x, s01);
            x = DoubleVector.broadcast(SPECIES, a[pa + p * L + 1]);
            s10 = b0.fma(x, s10);
            s11 = b1.fma(x, s11);
            x = DoubleVector.broadcast(SPECIES, a[pa + p * L + 2]);
            s20 = b0.fma(x, s20);
            s21 = b1.fma(x, s21);
            x = DoubleVector.broadcast(SPECIES, a[pa + p * L + 3]);
            s30 = b0.fma(x, s30);
            s31 = b1.fma(x, s31);
        }
        s00.intoArray(c, c0);
        s01.intoArray(c, c0 + L);
        s10.intoArray(c, c0 + 1 * ldc);
        s11.intoArray(c, c0 + 1 * ldc + L);
        s20.intoArray(c, c0 + 2 * ldc);
        s21.intoArray(c, c0 + 2 * ldc + L);
        s30.intoArray(c, c0 + 3 * ldc);
        s31.intoArray(c, c0 + 3 * ldc + L);
    }

    private static void tile4PackedFromZero(double[] a, int pa, double[] panel, int pb, int kc, double[] c, int c0,
                                            int ldc) {
        DoubleVector zero = DoubleVector.zero(SPECIES);
        DoubleVector s00 = zero;
        DoubleVector s01 = zero;
        DoubleVector s10 = zero;
        DoubleVector s11 = zero;
        DoubleVector s20 = zero;
        DoubleVector s21 = zero;
        DoubleVector s30 = zero;
        DoubleVector s31 = zero;
        for (int p = 0; p < kc; p++) {
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, panel, pb + p * NR);
            DoubleVector b1 = DoubleVector.fromArray(SPECIES, panel, pb + p * NR + L);
            DoubleVector x = DoubleVector.broadcast(SPECIES, a[pa + p * L]);
            s00 = b0.fma(x, s00);
            s01 = b1.fma(x, s01);
            x = DoubleVector.broadcast(SPECIES, a[pa + p * L + 1]);
            s10 = b0.fma(x, s10);
            s11 = b1.fma(x, s11);
            x = DoubleVector.broadcast(SPECIES, a[pa + p * L + 2]);
            s20 = b0.fma(x, s20);
            s21 = b1.fma(x, s21);
            x = DoubleVector.broadcast(SPECIES, a[pa + p * L + 3]);
            s30 = b0.fma(x, s30);
            s31 = b1.fma(x, s31);
        }
        s00.intoArray(c, c0);
        s01.intoArray(c, c0 + L);
        s10.intoArray(c, c0 + 1 * ldc);
        s11.intoArray(c, c0 + 1 * ldc + L);
        s20.intoArray(c, c0 + 2 * ldc);
        s21.intoArray(c, c0 + 2 * ldc + L);
        s30.intoArray(c, c0 + 3 * ldc);
        s31.intoArray(c, c0 + 3 * ldc + L);
    }

    private static void tile4Rows(double[] a, int pa, int lda, double[] panel, int pb, int kc, double[] c, int c0,
                                  int ldc) {
        DoubleVector s00 = DoubleVector.fromArray(SPECIES, c, c0);
        DoubleVector s01 = DoubleVector.fromArray(SPECIES, c, c0 + L);
        DoubleVector s10 = DoubleVector.fromArray(SPECIES, c, c0 + 1 * ldc);
        DoubleVector s11 = DoubleVector.fromArray(SPECIES, c, c0 + 1 * ldc + L);
        DoubleVector s20 = DoubleVector.fromArray(SPECIES, c, c0 + 2 * ldc);
        DoubleVector s21 = DoubleVector.fromArray(SPECIES, c, c0 + 2 * ldc + L);
        DoubleVector s30 = DoubleVector.fromArray(SPECIES, c, c0 + 3 * ldc);
        DoubleVector s31 = DoubleVector.fromArray(SPECIES, c, c0 + 3 * ldc + L);
        int a0 = pa, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
        for (int p = 0; p < kc; p++) {
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, panel, pb + p * NR);
            DoubleVector b1 = DoubleVector.fromArray(SPECIES, panel, pb + p * NR + L);
            DoubleVector x = DoubleVector.broadcast(SPECIES, a[a0 + p]);
            s00 = b0.fma(x, s00);
            s01 = b1.fma(x, s01);
            x = DoubleVector.broadcast(SPECIES, a[a1 + p]);
            s10 = b0.fma(x, s10);
            s11 = b1.fma(x, s11);
            x = DoubleVector.broadcast(SPECIES, a[a2 + p]);
            s20 = b0.fma(x, s20);
            s21 = b1.fma(x, s21);
            x = DoubleVector.broadcast(SPECIES, a[a3 + p]);
            s30 = b0.fma(x, s30);
            s31 = b1.fma(x, s31);
        }
        s00.intoArray(c, c0);
        s01.intoArray(c, c0 + L);
        s10.intoArray(c, c0 + 1 * ldc);
        s11.intoArray(c, c0 + 1 * ldc + L);
        s20.intoArray(c, c0 + 2 * ldc);
        s21.intoArray(c, c0 + 2 * ldc + L);
        s30.intoArray(c, c0 + 3 * ldc);
        s31.intoArray(c, c0 + 3 * ldc + L);
    }

    private static void tile4RowsFromZero(double[] a, int pa, int lda, double[] panel, int pb, int kc, double[] c, int c0,
                                          int ldc) {
        DoubleVector zero = DoubleVector.zero(SPECIES);
        DoubleVector s00 = zero;
        DoubleVector s01 = zero;
        DoubleVector s10 = zero;
        DoubleVector s11 = zero;
        DoubleVector s20 = zero;
        DoubleVector s21 = zero;
        DoubleVector s30 = zero;
        DoubleVector s31 = zero;
        int a0 = pa, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
        for (int p = 0; p < kc; p++) {
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, panel, pb + p * NR);
            DoubleVector b1 = DoubleVector.fromArray(SPECIES, panel, pb + p * NR + L);
            DoubleVector x = DoubleVector.broadcast(SPECIES, a[a0 + p]);
            s00 = b0.fma(x, s00);
            s01 = b1.fma(x, s01);
            x = DoubleVector.broadcast(SPECIES, a[a1 + p]);
            s10 = b0.fma(x, s10);
            s11 = b1.fma(x, s11);
            x = DoubleVector.broadcast(SPECIES, a[a2 + p]);
            s20 = b0.fma(x, s20);
            s21 = b1.fma(x, s21);
            x = DoubleVector.broadcast(SPECIES, a[a3 + p]);
            s30 = b0.fma(x, s30);
            s31 = b1.fma(x, s31);
        }
        s00.intoArray(c, c0);
        s01.intoArray(c, c0 + L);
        s10.intoArray(c, c0 + 1 * ldc);
        s11.intoArray(c, c0 + 1 * ldc + L);
        s20.intoArray(c, c0 + 2 * ldc);
        s21.intoArray(c, c0 + 2 * ldc + L);
        s30.intoArray(c, c0 + 3 * ldc);
        s31.intoArray(c, c0 + 3 * ldc + L);
    }

    /**
     * True when {@link #multiplyRowMajorB} reads a row-major B of n columns, rows {@code bRs} apart,
     * in place: whole panels, a stride it has micro-kernels for, and 8-row kernels (512-bit vectors).
     */
    static boolean readsBInPlace(int bRs, int n) {
        return MR == 8 && n > 0 && n % NR == 0 && n <= bRs && (bRs == 64 || bRs == 128 || bRs == 256);
    }

    /**
     * {@code C[i, j] (+)= Σ_p A[i, p]·B[p, j]} for i in [i0, i1), j in [0, n), p in [0, k), with A
     * row-major ({@code a[aOff + i·aRs + p]}) and B row-major ({@code b[bOff + p·bRs + j]}) read where
     * they are, without packing: a layer's forward pass {@code X·W} then skips copying W, which for
     * a small batch costs as much as a row tile of the product. The micro-kernels step through B by
     * its row stride as a constant, one method per stride ({@link #readsBInPlace}), so that the JIT
     * checks the ranges of B's loads before the loop, as for packed B. Rows that do not fill a
     * micro-kernel, and any B without an in-place kernel, go through {@link #multiply}. Same FMA
     * chains, so the same bits.
     */
    static void multiplyRowMajorB(double[] a, int aOff, int aRs, double[] b, int bOff, int bRs, int k, int n,
                                  double[] c, int cOff, int ldc, int i0, int i1, boolean accumulate) {
        int whole = readsBInPlace(bRs, n) && k > 0 ? i0 + (i1 - i0) / MR * MR : i0;
        if (whole > i0) {
            int kc = innerBlock(k, KC);
            for (int pc = 0; pc < k; pc += kc) {
                int kcNow = Math.min(kc, k - pc);
                boolean fromZero = !accumulate && pc == 0;
                for (int q = 0; q * NR < n; q++) {
                    for (int r = i0; r < whole; r += MR) {
                        tileRowMajorB(a, aOff + r * aRs + pc, aRs, b, bOff + pc * bRs + q * NR, bRs, kcNow, c,
                                cOff + r * ldc + q * NR, ldc, fromZero);
                    }
                }
            }
        }
        if (whole < i1) {
            multiply(a, aOff, aRs, 1, b, bOff, bRs, 1, c, cOff, ldc, whole, i1, 0, n, k, accumulate);
        }
    }

    /** Eight rows of C (+)= A·(a panel of B read in place), by B's row stride. */
    private static void tileRowMajorB(double[] a, int pa, int lda, double[] b, int pb, int ldb, int kc, double[] c,
                                      int c0, int ldc, boolean fromZero) {
        if (ldb == 64) {
            if (fromZero) {
                tile8RowsB64FromZero(a, pa, lda, b, pb, kc, c, c0, ldc);
            } else {
                tile8RowsB64(a, pa, lda, b, pb, kc, c, c0, ldc);
            }
        } else if (ldb == 128) {
            if (fromZero) {
                tile8RowsB128FromZero(a, pa, lda, b, pb, kc, c, c0, ldc);
            } else {
                tile8RowsB128(a, pa, lda, b, pb, kc, c, c0, ldc);
            }
        } else if (ldb == 256) {
            if (fromZero) {
                tile8RowsB256FromZero(a, pa, lda, b, pb, kc, c, c0, ldc);
            } else {
                tile8RowsB256(a, pa, lda, b, pb, kc, c, c0, ldc);
            }
        } else {
            throw new IllegalArgumentException("no in-place kernel for a row stride of " + ldb);
        }
    }

    private static void tile8RowsB64(double[] a, int pa, int lda, double[] b, int pb, int kc, double[] c, int c0,
                                        int ldc) {
        DoubleVector s00 = DoubleVector.fromArray(SPECIES, c, c0);
        DoubleVector s01 = DoubleVector.fromArray(SPECIES, c, c0 + L);
        DoubleVector s10 = DoubleVector.fromArray(SPECIES, c, c0 + 1 * ldc);
        DoubleVector s11 = DoubleVector.fromArray(SPECIES, c, c0 + 1 * ldc + L);
        DoubleVector s20 = DoubleVector.fromArray(SPECIES, c, c0 + 2 * ldc);
        DoubleVector s21 = DoubleVector.fromArray(SPECIES, c, c0 + 2 * ldc + L);
        DoubleVector s30 = DoubleVector.fromArray(SPECIES, c, c0 + 3 * ldc);
        DoubleVector s31 = DoubleVector.fromArray(SPECIES, c, c0 + 3 * ldc + L);
        DoubleVector s40 = DoubleVector.fromArray(SPECIES, c, c0 + 4 * ldc);
        DoubleVector s41 = DoubleVector.fromArray(SPECIES, c, c0 + 4 * ldc + L);
        DoubleVector s50 = DoubleVector.fromArray(SPECIES, c, c0 + 5 * ldc);
        DoubleVector s51 = DoubleVector.fromArray(SPECIES, c, c0 + 5 * ldc + L);
        DoubleVector s60 = DoubleVector.fromArray(SPECIES, c, c0 + 6 * ldc);
        DoubleVector s61 = DoubleVector.fromArray(SPECIES, c, c0 + 6 * ldc + L);
        DoubleVector s70 = DoubleVector.fromArray(SPECIES, c, c0 + 7 * ldc);
        DoubleVector s71 = DoubleVector.fromArray(SPECIES, c, c0 + 7 * ldc + L);
        int a0 = pa, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda, a4 = a3 + lda, a5 = a4 + lda, a6 = a5 + lda, a7 = a6 + lda;
        for (int p = 0; p < kc; p++) {
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, b, pb + p * 64);
            DoubleVector b1 = DoubleVector.fromArray(SPECIES, b, pb + p * 64 + L);
            DoubleVector x = DoubleVector.broadcast(SPECIES, a[a0 + p]);
            s00 = b0.fma(x, s00);
            s01 = b1.fma(x, s01);
            x = DoubleVector.broadcast(SPECIES, a[a1 + p]);
            s10 = b0.fma(x, s10);
            s11 = b1.fma(x, s11);
            x = DoubleVector.broadcast(SPECIES, a[a2 + p]);
            s20 = b0.fma(x, s20);
            s21 = b1.fma(x, s21);
            x = DoubleVector.broadcast(SPECIES, a[a3 + p]);
            s30 = b0.fma(x, s30);
            s31 = b1.fma(x, s31);
            x = DoubleVector.broadcast(SPECIES, a[a4 + p]);
            s40 = b0.fma(x, s40);
            s41 = b1.fma(x, s41);
            x = DoubleVector.broadcast(SPECIES, a[a5 + p]);
            s50 = b0.fma(x, s50);
            s51 = b1.fma(x, s51);
            x = DoubleVector.broadcast(SPECIES, a[a6 + p]);
            s60 = b0.fma(x, s60);
            s61 = b1.fma(x, s61);
            x = DoubleVector.broadcast(SPECIES, a[a7 + p]);
            s70 = b0.fma(x, s70);
            s71 = b1.fma(x, s71);
        }
        s00.intoArray(c, c0);
        s01.intoArray(c, c0 + L);
        s10.intoArray(c, c0 + 1 * ldc);
        s11.intoArray(c, c0 + 1 * ldc + L);
        s20.intoArray(c, c0 + 2 * ldc);
        s21.intoArray(c, c0 + 2 * ldc + L);
        s30.intoArray(c, c0 + 3 * ldc);
        s31.intoArray(c, c0 + 3 * ldc + L);
        s40.intoArray(c, c0 + 4 * ldc);
        s41.intoArray(c, c0 + 4 * ldc + L);
        s50.intoArray(c, c0 + 5 * ldc);
        s51.intoArray(c, c0 + 5 * ldc + L);
        s60.intoArray(c, c0 + 6 * ldc);
        s61.intoArray(c, c0 + 6 * ldc + L);
        s70.intoArray(c, c0 + 7 * ldc);
        s71.intoArray(c, c0 + 7 * ldc + L);
    }

    private static void tile8RowsB64FromZero(double[] a, int pa, int lda, double[] b, int pb, int kc, double[] c, int c0,
                                                int ldc) {
        DoubleVector zero = DoubleVector.zero(SPECIES);
        DoubleVector s00 = zero;
        DoubleVector s01 = zero;
        DoubleVector s10 = zero;
        DoubleVector s11 = zero;
        DoubleVector s20 = zero;
        DoubleVector s21 = zero;
        DoubleVector s30 = zero;
        DoubleVector s31 = zero;
        DoubleVector s40 = zero;
        DoubleVector s41 = zero;
        DoubleVector s50 = zero;
        DoubleVector s51 = zero;
        DoubleVector s60 = zero;
        DoubleVector s61 = zero;
        DoubleVector s70 = zero;
        DoubleVector s71 = zero;
        int a0 = pa, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda, a4 = a3 + lda, a5 = a4 + lda, a6 = a5 + lda, a7 = a6 + lda;
        for (int p = 0; p < kc; p++) {
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, b, pb + p * 64);
            DoubleVector b1 = DoubleVector.fromArray(SPECIES, b, pb + p * 64 + L);
            DoubleVector x = DoubleVector.broadcast(SPECIES, a[a0 + p]);
            s00 = b0.fma(x, s00);
            s01 = b1.fma(x, s01);
            x = DoubleVector.broadcast(SPECIES, a[a1 + p]);
            s10 = b0.fma(x, s10);
            s11 = b1.fma(x, s11);
            x = DoubleVector.broadcast(SPECIES, a[a2 + p]);
            s20 = b0.fma(x, s20);
            s21 = b1.fma(x, s21);
            x = DoubleVector.broadcast(SPECIES, a[a3 + p]);
            s30 = b0.fma(x, s30);
            s31 = b1.fma(x, s31);
            x = DoubleVector.broadcast(SPECIES, a[a4 + p]);
            s40 = b0.fma(x, s40);
            s41 = b1.fma(x, s41);
            x = DoubleVector.broadcast(SPECIES, a[a5 + p]);
            s50 = b0.fma(x, s50);
            s51 = b1.fma(x, s51);
            x = DoubleVector.broadcast(SPECIES, a[a6 + p]);
            s60 = b0.fma(x, s60);
            s61 = b1.fma(x, s61);
            x = DoubleVector.broadcast(SPECIES, a[a7 + p]);
            s70 = b0.fma(x, s70);
            s71 = b1.fma(x, s71);
        }
        s00.intoArray(c, c0);
        s01.intoArray(c, c0 + L);
        s10.intoArray(c, c0 + 1 * ldc);
        s11.intoArray(c, c0 + 1 * ldc + L);
        s20.intoArray(c, c0 + 2 * ldc);
        s21.intoArray(c, c0 + 2 * ldc + L);
        s30.intoArray(c, c0 + 3 * ldc);
        s31.intoArray(c, c0 + 3 * ldc + L);
        s40.intoArray(c, c0 + 4 * ldc);
        s41.intoArray(c, c0 + 4 * ldc + L);
        s50.intoArray(c, c0 + 5 * ldc);
        s51.intoArray(c, c0 + 5 * ldc + L);
        s60.intoArray(c, c0 + 6 * ldc);
        s61.intoArray(c, c0 + 6 * ldc + L);
        s70.intoArray(c, c0 + 7 * ldc);
        s71.intoArray(c, c0 + 7 * ldc + L);
    }

    private static void tile8RowsB128(double[] a, int pa, int lda, double[] b, int pb, int kc, double[] c, int c0,
                                         int ldc) {
        DoubleVector s00 = DoubleVector.fromArray(SPECIES, c, c0);
        DoubleVector s01 = DoubleVector.fromArray(SPECIES, c, c0 + L);
        DoubleVector s10 = DoubleVector.fromArray(SPECIES, c, c0 + 1 * ldc);
        DoubleVector s11 = DoubleVector.fromArray(SPECIES, c, c0 + 1 * ldc + L);
        DoubleVector s20 = DoubleVector.fromArray(SPECIES, c, c0 + 2 * ldc);
        DoubleVector s21 = DoubleVector.fromArray(SPECIES, c, c0 + 2 * ldc + L);
        DoubleVector s30 = DoubleVector.fromArray(SPECIES, c, c0 + 3 * ldc);
        DoubleVector s31 = DoubleVector.fromArray(SPECIES, c, c0 + 3 * ldc + L);
        DoubleVector s40 = DoubleVector.fromArray(SPECIES, c, c0 + 4 * ldc);
        DoubleVector s41 = DoubleVector.fromArray(SPECIES, c, c0 + 4 * ldc + L);
        DoubleVector s50 = DoubleVector.fromArray(SPECIES, c, c0 + 5 * ldc);
        DoubleVector s51 = DoubleVector.fromArray(SPECIES, c, c0 + 5 * ldc + L);
        DoubleVector s60 = DoubleVector.fromArray(SPECIES, c, c0 + 6 * ldc);
        DoubleVector s61 = DoubleVector.fromArray(SPECIES, c, c0 + 6 * ldc + L);
        DoubleVector s70 = DoubleVector.fromArray(SPECIES, c, c0 + 7 * ldc);
        DoubleVector s71 = DoubleVector.fromArray(SPECIES, c, c0 + 7 * ldc + L);
        int a0 = pa, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda, a4 = a3 + lda, a5 = a4 + lda, a6 = a5 + lda, a7 = a6 + lda;
        for (int p = 0; p < kc; p++) {
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, b, pb + p * 128);
            DoubleVector b1 = DoubleVector.fromArray(SPECIES, b, pb + p * 128 + L);
            DoubleVector x = DoubleVector.broadcast(SPECIES, a[a0 + p]);
            s00 = b0.fma(x, s00);
            s01 = b1.fma(x, s01);
            x = DoubleVector.broadcast(SPECIES, a[a1 + p]);
            s10 = b0.fma(x, s10);
            s11 = b1.fma(x, s11);
            x = DoubleVector.broadcast(SPECIES, a[a2 + p]);
            s20 = b0.fma(x, s20);
            s21 = b1.fma(x, s21);
            x = DoubleVector.broadcast(SPECIES, a[a3 + p]);
            s30 = b0.fma(x, s30);
            s31 = b1.fma(x, s31);
            x = DoubleVector.broadcast(SPECIES, a[a4 + p]);
            s40 = b0.fma(x, s40);
            s41 = b1.fma(x, s41);
            x = DoubleVector.broadcast(SPECIES, a[a5 + p]);
            s50 = b0.fma(x, s50);
            s51 = b1.fma(x, s51);
            x = DoubleVector.broadcast(SPECIES, a[a6 + p]);
            s60 = b0.fma(x, s60);
            s61 = b1.fma(x, s61);
            x = DoubleVector.broadcast(SPECIES, a[a7 + p]);
            s70 = b0.fma(x, s70);
            s71 = b1.fma(x, s71);
        }
        s00.intoArray(c, c0);
        s01.intoArray(c, c0 + L);
        s10.intoArray(c, c0 + 1 * ldc);
        s11.intoArray(c, c0 + 1 * ldc + L);
        s20.intoArray(c, c0 + 2 * ldc);
        s21.intoArray(c, c0 + 2 * ldc + L);
        s30.intoArray(c, c0 + 3 * ldc);
        s31.intoArray(c, c0 + 3 * ldc + L);
        s40.intoArray(c, c0 + 4 * ldc);
        s41.intoArray(c, c0 + 4 * ldc + L);
        s50.intoArray(c, c0 + 5 * ldc);
        s51.intoArray(c, c0 + 5 * ldc + L);
        s60.intoArray(c, c0 + 6 * ldc);
        s61.intoArray(c, c0 + 6 * ldc + L);
        s70.intoArray(c, c0 + 7 * ldc);
        s71.intoArray(c, c0 + 7 * ldc + L);
    }

    private static void tile8RowsB128FromZero(double[] a, int pa, int lda, double[] b, int pb, int kc, double[] c, int c0,
                                                 int ldc) {
        DoubleVector zero = DoubleVector.zero(SPECIES);
        DoubleVector s00 = zero;
        DoubleVector s01 = zero;
        DoubleVector s10 = zero;
        DoubleVector s11 = zero;
        DoubleVector s20 = zero;
        DoubleVector s21 = zero;
        DoubleVector s30 = zero;
        DoubleVector s31 = zero;
        DoubleVector s40 = zero;
        DoubleVector s41 = zero;
        DoubleVector s50 = zero;
        DoubleVector s51 = zero;
        DoubleVector s60 = zero;
        DoubleVector s61 = zero;
        DoubleVector s70 = zero;
        DoubleVector s71 = zero;
        int a0 = pa, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda, a4 = a3 + lda, a5 = a4 + lda, a6 = a5 + lda, a7 = a6 + lda;
        for (int p = 0; p < kc; p++) {
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, b, pb + p * 128);
            DoubleVector b1 = DoubleVector.fromArray(SPECIES, b, pb + p * 128 + L);
            DoubleVector x = DoubleVector.broadcast(SPECIES, a[a0 + p]);
            s00 = b0.fma(x, s00);
            s01 = b1.fma(x, s01);
            x = DoubleVector.broadcast(SPECIES, a[a1 + p]);
            s10 = b0.fma(x, s10);
            s11 = b1.fma(x, s11);
            x = DoubleVector.broadcast(SPECIES, a[a2 + p]);
            s20 = b0.fma(x, s20);
            s21 = b1.fma(x, s21);
            x = DoubleVector.broadcast(SPECIES, a[a3 + p]);
            s30 = b0.fma(x, s30);
            s31 = b1.fma(x, s31);
            x = DoubleVector.broadcast(SPECIES, a[a4 + p]);
            s40 = b0.fma(x, s40);
            s41 = b1.fma(x, s41);
            x = DoubleVector.broadcast(SPECIES, a[a5 + p]);
            s50 = b0.fma(x, s50);
            s51 = b1.fma(x, s51);
            x = DoubleVector.broadcast(SPECIES, a[a6 + p]);
            s60 = b0.fma(x, s60);
            s61 = b1.fma(x, s61);
            x = DoubleVector.broadcast(SPECIES, a[a7 + p]);
            s70 = b0.fma(x, s70);
            s71 = b1.fma(x, s71);
        }
        s00.intoArray(c, c0);
        s01.intoArray(c, c0 + L);
        s10.intoArray(c, c0 + 1 * ldc);
        s11.intoArray(c, c0 + 1 * ldc + L);
        s20.intoArray(c, c0 + 2 * ldc);
        s21.intoArray(c, c0 + 2 * ldc + L);
        s30.intoArray(c, c0 + 3 * ldc);
        s31.intoArray(c, c0 + 3 * ldc + L);
        s40.intoArray(c, c0 + 4 * ldc);
        s41.intoArray(c, c0 + 4 * ldc + L);
        s50.intoArray(c, c0 + 5 * ldc);
        s51.intoArray(c, c0 + 5 * ldc + L);
        s60.intoArray(c, c0 + 6 * ldc);
        s61.intoArray(c, c0 + 6 * ldc + L);
        s70.intoArray(c, c0 + 7 * ldc);
        s71.intoArray(c, c0 + 7 * ldc + L);
    }

    private static void tile8RowsB256(double[] a, int pa, int lda, double[] b, int pb, int kc, double[] c, int c0,
                                         int ldc) {
        DoubleVector s00 = DoubleVector.fromArray(SPECIES, c, c0);
        DoubleVector s01 = DoubleVector.fromArray(SPECIES, c, c0 + L);
        DoubleVector s10 = DoubleVector.fromArray(SPECIES, c, c0 + 1 * ldc);
        DoubleVector s11 = DoubleVector.fromArray(SPECIES, c, c0 + 1 * ldc + L);
        DoubleVector s20 = DoubleVector.fromArray(SPECIES, c, c0 + 2 * ldc);
        DoubleVector s21 = DoubleVector.fromArray(SPECIES, c, c0 + 2 * ldc + L);
        DoubleVector s30 = DoubleVector.fromArray(SPECIES, c, c0 + 3 * ldc);
        DoubleVector s31 = DoubleVector.fromArray(SPECIES, c, c0 + 3 * ldc + L);
        DoubleVector s40 = DoubleVector.fromArray(SPECIES, c, c0 + 4 * ldc);
        DoubleVector s41 = DoubleVector.fromArray(SPECIES, c, c0 + 4 * ldc + L);
        DoubleVector s50 = DoubleVector.fromArray(SPECIES, c, c0 + 5 * ldc);
        DoubleVector s51 = DoubleVector.fromArray(SPECIES, c, c0 + 5 * ldc + L);
        DoubleVector s60 = DoubleVector.fromArray(SPECIES, c, c0 + 6 * ldc);
        DoubleVector s61 = DoubleVector.fromArray(SPECIES, c, c0 + 6 * ldc + L);
        DoubleVector s70 = DoubleVector.fromArray(SPECIES, c, c0 + 7 * ldc);
        DoubleVector s71 = DoubleVector.fromArray(SPECIES, c, c0 + 7 * ldc + L);
        int a0 = pa, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda, a4 = a3 + lda, a5 = a4 + lda, a6 = a5 + lda, a7 = a6 + lda;
        for (int p = 0; p < kc; p++) {
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, b, pb + p * 256);
            DoubleVector b1 = DoubleVector.fromArray(SPECIES, b, pb + p * 256 + L);
            DoubleVector x = DoubleVector.broadcast(SPECIES, a[a0 + p]);
            s00 = b0.fma(x, s00);
            s01 = b1.fma(x, s01);
            x = DoubleVector.broadcast(SPECIES, a[a1 + p]);
            s10 = b0.fma(x, s10);
            s11 = b1.fma(x, s11);
            x = DoubleVector.broadcast(SPECIES, a[a2 + p]);
            s20 = b0.fma(x, s20);
            s21 = b1.fma(x, s21);
            x = DoubleVector.broadcast(SPECIES, a[a3 + p]);
            s30 = b0.fma(x, s30);
            s31 = b1.fma(x, s31);
            x = DoubleVector.broadcast(SPECIES, a[a4 + p]);
            s40 = b0.fma(x, s40);
            s41 = b1.fma(x, s41);
            x = DoubleVector.broadcast(SPECIES, a[a5 + p]);
            s50 = b0.fma(x, s50);
            s51 = b1.fma(x, s51);
            x = DoubleVector.broadcast(SPECIES, a[a6 + p]);
            s60 = b0.fma(x, s60);
            s61 = b1.fma(x, s61);
            x = DoubleVector.broadcast(SPECIES, a[a7 + p]);
            s70 = b0.fma(x, s70);
            s71 = b1.fma(x, s71);
        }
        s00.intoArray(c, c0);
        s01.intoArray(c, c0 + L);
        s10.intoArray(c, c0 + 1 * ldc);
        s11.intoArray(c, c0 + 1 * ldc + L);
        s20.intoArray(c, c0 + 2 * ldc);
        s21.intoArray(c, c0 + 2 * ldc + L);
        s30.intoArray(c, c0 + 3 * ldc);
        s31.intoArray(c, c0 + 3 * ldc + L);
        s40.intoArray(c, c0 + 4 * ldc);
        s41.intoArray(c, c0 + 4 * ldc + L);
        s50.intoArray(c, c0 + 5 * ldc);
        s51.intoArray(c, c0 + 5 * ldc + L);
        s60.intoArray(c, c0 + 6 * ldc);
        s61.intoArray(c, c0 + 6 * ldc + L);
        s70.intoArray(c, c0 + 7 * ldc);
        s71.intoArray(c, c0 + 7 * ldc + L);
    }

    private static void tile8RowsB256FromZero(double[] a, int pa, int lda, double[] b, int pb, int kc, double[] c, int c0,
                                                 int ldc) {
        DoubleVector zero = DoubleVector.zero(SPECIES);
        DoubleVector s00 = zero;
        DoubleVector s01 = zero;
        DoubleVector s10 = zero;
        DoubleVector s11 = zero;
        DoubleVector s20 = zero;
        DoubleVector s21 = zero;
        DoubleVector s30 = zero;
        DoubleVector s31 = zero;
        DoubleVector s40 = zero;
        DoubleVector s41 = zero;
        DoubleVector s50 = zero;
        DoubleVector s51 = zero;
        DoubleVector s60 = zero;
        DoubleVector s61 = zero;
        DoubleVector s70 = zero;
        DoubleVector s71 = zero;
        int a0 = pa, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda, a4 = a3 + lda, a5 = a4 + lda, a6 = a5 + lda, a7 = a6 + lda;
        for (int p = 0; p < kc; p++) {
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, b, pb + p * 256);
            DoubleVector b1 = DoubleVector.fromArray(SPECIES, b, pb + p * 256 + L);
            DoubleVector x = DoubleVector.broadcast(SPECIES, a[a0 + p]);
            s00 = b0.fma(x, s00);
            s01 = b1.fma(x, s01);
            x = DoubleVector.broadcast(SPECIES, a[a1 + p]);
            s10 = b0.fma(x, s10);
            s11 = b1.fma(x, s11);
            x = DoubleVector.broadcast(SPECIES, a[a2 + p]);
            s20 = b0.fma(x, s20);
            s21 = b1.fma(x, s21);
            x = DoubleVector.broadcast(SPECIES, a[a3 + p]);
            s30 = b0.fma(x, s30);
            s31 = b1.fma(x, s31);
            x = DoubleVector.broadcast(SPECIES, a[a4 + p]);
            s40 = b0.fma(x, s40);
            s41 = b1.fma(x, s41);
            x = DoubleVector.broadcast(SPECIES, a[a5 + p]);
            s50 = b0.fma(x, s50);
            s51 = b1.fma(x, s51);
            x = DoubleVector.broadcast(SPECIES, a[a6 + p]);
            s60 = b0.fma(x, s60);
            s61 = b1.fma(x, s61);
            x = DoubleVector.broadcast(SPECIES, a[a7 + p]);
            s70 = b0.fma(x, s70);
            s71 = b1.fma(x, s71);
        }
        s00.intoArray(c, c0);
        s01.intoArray(c, c0 + L);
        s10.intoArray(c, c0 + 1 * ldc);
        s11.intoArray(c, c0 + 1 * ldc + L);
        s20.intoArray(c, c0 + 2 * ldc);
        s21.intoArray(c, c0 + 2 * ldc + L);
        s30.intoArray(c, c0 + 3 * ldc);
        s31.intoArray(c, c0 + 3 * ldc + L);
        s40.intoArray(c, c0 + 4 * ldc);
        s41.intoArray(c, c0 + 4 * ldc + L);
        s50.intoArray(c, c0 + 5 * ldc);
        s51.intoArray(c, c0 + 5 * ldc + L);
        s60.intoArray(c, c0 + 6 * ldc);
        s61.intoArray(c, c0 + 6 * ldc + L);
        s70.intoArray(c, c0 + 7 * ldc);
        s71.intoArray(c, c0 + 7 * ldc + L);
    }

}
