package dev.backprop.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float32 Vector API matrix product behind {@link Gemm}: {@code C (+)= A·B} over a block of C,
 * with A and B described by strides so that one routine serves {@code X·W}, {@code Xᵀ·Δ} and
 * {@code Δ·Wᵀ}.
 *
 * <p>Blocking follows Goto and van de Geijn: B is packed {@link #KC} rows by {@link #NC} columns at a
 * time into panels {@link #NR} columns wide, and a register-blocked micro-kernel sweeps
 * {@link #MR} rows of A across each panel (A is packed too when its rows are strided, as in
 * {@code Xᵀ·Δ}). Every element of C is still one chain of fused multiply-adds in ascending inner
 * index, exactly as in {@link ScalarGemm}: a lane-wise FMA rounds like {@code Math.fma}, and blocking
 * the inner index only stores and reloads the running sum. So the result is bit-identical to the
 * scalar twin and independent of how blocks of C are spread over threads.
 */
final class VectorGemmFloat {

    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int L = SPECIES.length();
    /** Rows per micro-kernel: 8×2 accumulators need the 32 registers of AVX-512; AVX2 has 16. */
    static final int MR = SPECIES.vectorBitSize() >= 512 ? 8 : 4;
    /**
     * With 32 registers, two adjacent full panels go through one micro-kernel of {@link #PAIR_ROWS}
     * rows × four vectors: 24 sums, four loads of B and six broadcasts of A per inner index, against
     * 16 sums, two loads and eight broadcasts for 8 × 2. Measured on one core, 1024×1024×1024
     * float32: on Zen 4 74–80 GFLOP/s with 8 × 2 alone and 95–103 with the pairs (OpenBLAS: 95–100);
     * on Zen 5, whose 8 × 2 already runs near the core's peak, 2048³ on two threads 372–377 against
     * 394–409.
     */
    static final boolean PAIRS = MR == 8;
    /** Rows per paired micro-kernel. */
    static final int PAIR_ROWS = 6;
    /**
     * Fewest inner indices in a block for the paired kernel. It starts from C, so an overwriting
     * product zeroes its tile first, and it leaves more rows to the 2-row and 1-row kernels; against
     * a short inner block that costs more than the pairs save (on one Zen 5 core, 784×32×64 Xᵀ·Δ:
     * 17 µs with 8 × 2, 22 with the pairs; 512×10×64 Δ·Wᵀ: 5.4 against 7.2).
     */
    static final int PAIR_MIN_KC = 256;
    /** Columns per packed panel of B: two vectors. */
    static final int NR = 2 * L;
    /** Inner-index block: the packed panel a micro-kernel streams. */
    static final int KC = 512;
    /** Columns of B packed at once. */
    static final int NC = 512;
    /** Rows of A packed at once when A is packed. */
    static final int MC = 128;

    /** Packing buffers, one set per thread: kernels may run on several threads at once. */
    private static final class Buffers {
        final float[] b = new float[KC * (NC + NR)];
        final float[] a = new float[KC * MC];
        final float[] edge = new float[MR * NR];
    }

    /** The starting sums of an overwriting product: one row, read by every row (stride 0). */
    private static final float[] ZEROS = new float[NR];

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    private VectorGemmFloat() {
    }

    /**
     * {@code C[i, j] (+)= Σ_p A(i, p)·B(p, j)} for i in [i0, i1), j in [j0, j1), p in [0, k), where
     * {@code A(i, p) = a[aOff + i·aRs + p·aCs]}, {@code B(p, j) = b[bOff + p·bRs + j·bCs]} and
     * {@code C[i, j] = c[cOff + i·ldc + j]}.
     */
    static void multiply(float[] a, int aOff, int aRs, int aCs,
                         float[] b, int bOff, int bRs, int bCs,
                         float[] c, int cOff, int ldc,
                         int i0, int i1, int j0, int j1, int k, boolean accumulate) {
        multiply(a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, i0, i1, j0, j1, k, accumulate, true);
    }

    /**
     * As {@link #multiply(float[], int, int, int, float[], int, int, int, float[], int, int, int, int, int, int,
     * int, boolean)}, but the micro-kernel reads B's full panels in place (B must be row-major,
     * {@code bCs == 1}); only a last, narrower panel is packed. For a few rows of C against a narrow B,
     * where packing would cost more than the product (a pipelined product calls this per row tile).
     */
    static void multiplyUnpackedB(float[] a, int aOff, int aRs, int aCs,
                                  float[] b, int bOff, int bRs,
                                  float[] c, int cOff, int ldc,
                                  int i0, int i1, int j0, int j1, int k, boolean accumulate) {
        multiply(a, aOff, aRs, aCs, b, bOff, bRs, 1, c, cOff, ldc, i0, i1, j0, j1, k, accumulate, false);
    }

    private static void multiply(float[] a, int aOff, int aRs, int aCs,
                                 float[] b, int bOff, int bRs, int bCs,
                                 float[] c, int cOff, int ldc,
                                 int i0, int i1, int j0, int j1, int k, boolean accumulate, boolean packAllOfB) {
        if (i0 >= i1 || j0 >= j1) {
            return;
        }
        if (k == 0) {
            zeroUnlessAccumulating(c, cOff, ldc, i0, i1, j0, j1, accumulate);
            return;
        }
        Buffers buffers = BUFFERS.get();
        for (int jc = j0; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc);
            int panels = (nc + NR - 1) / NR;
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                for (int q = 0; q < panels; q++) {
                    int jp = jc + q * NR;
                    int w = Math.min(NR, j1 - jp);
                    if (packAllOfB || w < NR) {
                        packB(b, bOff + pc * bRs + jp * bCs, bRs, bCs, kc, w, buffers.b, q * kc * NR);
                    }
                }
                // A packed panel steps NR per inner index; B read in place steps a row.
                if (packAllOfB) {
                    blockRows(a, aOff + pc * aCs, aRs, aCs, buffers.b, 0, kc * NR, NR, buffers.b, 0, kc * NR,
                            nc, kc, c, cOff + jc, ldc, i0, i1, !accumulate && pc == 0, buffers);
                } else {
                    blockRows(a, aOff + pc * aCs, aRs, aCs, b, bOff + pc * bRs + jc, NR, bRs, buffers.b, 0, kc * NR,
                            nc, kc, c, cOff + jc, ldc, i0, i1, !accumulate && pc == 0, buffers);
                }
            }
        }
    }

    /**
     * Rows [i0, i1) of C (+)= A·B over one block of kc inner indices and nc columns. Full panel q
     * starts at {@code panel[start + q·step]} and steps {@code bs} per inner index; a narrower last
     * panel is read packed, zero-padded, from {@code edgePanel[edgeStart + q·edgeStep]}. With
     * {@code fromZero} the sums start from +0 instead of C's values (the first inner block of an
     * overwriting product), without a pass that zeroes C first: the 8 × 2 kernel then loads its
     * starting sums from a row of zeros (stride 0), since a vector chosen by a branch (load or zero)
     * would be boxed by the JIT; the paired kernel has its tile of C zeroed just before it reads it,
     * while the tile is in the L1 cache. A chain started from +0 gives the same bits as C zeroed
     * first.
     */
    private static void blockRows(float[] a, int aBase, int aRs, int aCs, float[] panel, int start, int step, int bs,
                                  float[] edgePanel, int edgeStart, int edgeStep, int nc, int kc,
                                  float[] c, int cBase, int ldc, int i0, int i1, boolean fromZero, Buffers buffers) {
        int panels = (nc + NR - 1) / NR;
        int fullPanels = nc / NR;
        boolean pairs = PAIRS && fullPanels >= 2 && kc >= PAIR_MIN_KC;
        // Strided rows of A (Xᵀ·Δ) are worth packing once they are long and reused across panels;
        // in blocks of the rows the micro-kernel that reads them takes.
        boolean packA = aCs != 1 && panels > 1 && kc >= 256;
        int packRows = pairs ? PAIR_ROWS : MR;
        // Single panels read A packed only when it was packed for them, in blocks of MR.
        boolean aPacked = packA && !pairs;
        for (int ic = i0; ic < i1; ic += MC) {
            int mc = Math.min(MC, i1 - ic);
            int packed = packA ? mc / packRows * packRows : 0;
            for (int r = 0; r < packed; r += packRows) {
                packA(a, aBase + (ic + r) * aRs, aRs, aCs, kc, packRows, buffers.a, r * kc);
            }
            int q = 0;
            if (pairs) {
                for (; q + 1 < fullPanels; q += 2) {
                    pairRows(a, aBase, aRs, aCs, packed, buffers.a, panel, start + q * step, start + (q + 1) * step, bs,
                            kc, c, cBase + q * NR, ldc, ic, mc, fromZero);
                }
            }
            int full = mc / MR * MR;
            for (; q < panels; q++) {
                int cAt = cBase + q * NR;
                if (nc - q * NR < NR) {
                    edges(a, aBase, aRs, aCs, edgePanel, edgeStart + q * edgeStep, kc, buffers.edge, c, cAt, ldc, ic,
                            mc, nc - q * NR, fromZero);
                    continue;
                }
                int bp = start + q * step;
                float[] init = fromZero ? ZEROS : c;
                int initStride = fromZero ? 0 : ldc;
                for (int r = 0; r < full; r += MR) {
                    int cRow = cAt + (ic + r) * ldc;
                    int initAt = fromZero ? 0 : cRow;
                    if (aPacked) {
                        micro(buffers.a, r * kc, 1, MR, panel, bp, bs, kc, init, initAt, initStride, c, cRow, ldc);
                    } else {
                        micro(a, aBase + (ic + r) * aRs, aRs, aCs, panel, bp, bs, kc, init, initAt, initStride,
                                c, cRow, ldc);
                    }
                }
                for (int i = ic + full; i < ic + mc; i++) {
                    int cRow = cAt + i * ldc;
                    row(a, aBase + i * aRs, aCs, panel, bp, bs, kc, init, fromZero ? 0 : cRow, c, cRow);
                }
            }
        }
    }

    /**
     * Rows [ic, ic + mc) of C against the two full panels starting at {@code bp0} and {@code bp1}
     * (C's columns from {@code cAt}, two panels wide): six rows at a time, then two, then one. The
     * first {@code packed} rows of A are in {@code packedA}, six rows per block.
     */
    private static void pairRows(float[] a, int aBase, int aRs, int aCs, int packed, float[] packedA,
                                 float[] panel, int bp0, int bp1, int bs, int kc,
                                 float[] c, int cAt, int ldc, int ic, int mc, boolean fromZero) {
        int six = mc / PAIR_ROWS * PAIR_ROWS;
        for (int r = 0; r < six; r += PAIR_ROWS) {
            int cRow = cAt + (ic + r) * ldc;
            if (fromZero) {
                zero(c, cRow, ldc, PAIR_ROWS, 2 * NR);
            }
            if (r < packed) {
                micro6x4(packedA, r * kc, 1, PAIR_ROWS, panel, bp0, bp1, bs, kc, c, cRow, ldc);
            } else {
                micro6x4(a, aBase + (ic + r) * aRs, aRs, aCs, panel, bp0, bp1, bs, kc, c, cRow, ldc);
            }
        }
        int r = six;
        for (; r + 2 <= mc; r += 2) {
            if (fromZero) {
                zero(c, cAt + (ic + r) * ldc, ldc, 2, 2 * NR);
            }
            micro2x4(a, aBase + (ic + r) * aRs, aRs, aCs, panel, bp0, bp1, bs, kc, c, cAt + (ic + r) * ldc, ldc);
        }
        if (r < mc) {
            int cRow = cAt + (ic + r) * ldc;
            float[] init = fromZero ? ZEROS : c;
            row(a, aBase + (ic + r) * aRs, aCs, panel, bp0, bs, kc, init, fromZero ? 0 : cRow, c, cRow);
            row(a, aBase + (ic + r) * aRs, aCs, panel, bp1, bs, kc, init, fromZero ? 0 : cRow + NR, c, cRow + NR);
        }
    }

    /** Sets {@code rows} × {@code width} elements of C from {@code at} (rows {@code ldc} apart) to +0. */
    private static void zero(float[] c, int at, int ldc, int rows, int width) {
        for (int r = 0; r < rows; r++) {
            java.util.Arrays.fill(c, at + r * ldc, at + r * ldc + width, 0f);
        }
    }

    /** Length of the buffer {@link #packPanel} fills for a B of k rows and n columns. */
    static int packedLength(int k, int n) {
        return (n + NR - 1) / NR * NR * k;
    }

    /**
     * Packs panel {@code q} of B (columns [q·NR, q·NR + NR), all k rows) into {@code dst} at
     * {@code q·k·NR}, row stride NR, zero-padded past column n: the layout
     * {@link #multiplyPackedB} reads. Threads may pack different panels of one buffer at once.
     */
    static void packPanel(float[] b, int bOff, int bRs, int bCs, int k, int n, int q, float[] dst) {
        int jp = q * NR;
        packB(b, bOff + jp * bCs, bRs, bCs, k, Math.min(NR, n - jp), dst, q * k * NR);
    }

    /** True when B fits one packed block, so {@link #packOwnB} can pack it whole. */
    static boolean fitsOneBlock(int k, int n) {
        return k <= KC && n <= NC;
    }

    /**
     * Packs all of B ({@link #fitsOneBlock}) into the calling thread's own buffer, in the layout of
     * {@link #packPanel}, and returns that buffer for {@link #multiplyPackedB} on this thread; valid
     * until the thread's next product.
     */
    static float[] packOwnB(float[] b, int bOff, int bRs, int bCs, int k, int n) {
        float[] own = BUFFERS.get().b;
        for (int q = 0; q * NR < n; q++) {
            packPanel(b, bOff, bRs, bCs, k, n, q, own);
        }
        return own;
    }

    /**
     * {@code C[i, j] (+)= Σ_p A(i, p)·B(p, j)} for i in [i0, i1), j in [0, n), with B packed whole
     * by {@link #packPanel}: rows of C from different calls can run on different threads against one
     * packed B. Same FMA chains, so the same bits, as {@link #multiply}.
     */
    static void multiplyPackedB(float[] a, int aOff, int aRs, int aCs, float[] packed, int k, int n,
                                float[] c, int cOff, int ldc, int i0, int i1, boolean accumulate) {
        if (i0 >= i1 || n == 0) {
            return;
        }
        if (k == 0) {
            zeroUnlessAccumulating(c, cOff, ldc, i0, i1, 0, n, accumulate);
            return;
        }
        Buffers buffers = BUFFERS.get();
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            blockRows(a, aOff + pc * aCs, aRs, aCs, packed, pc * NR, k * NR, NR, packed, pc * NR, k * NR, n, kc,
                    c, cOff, ldc, i0, i1, !accumulate && pc == 0, buffers);
        }
    }

    /** An empty inner index: C is the zero matrix, or stays as it is when accumulating. */
    private static void zeroUnlessAccumulating(float[] c, int cOff, int ldc, int i0, int i1, int j0, int j1,
                                               boolean accumulate) {
        if (!accumulate) {
            for (int i = i0; i < i1; i++) {
                java.util.Arrays.fill(c, cOff + i * ldc + j0, cOff + i * ldc + j1, 0f);
            }
        }
    }

    /** Copies B's rows [0, kc) × columns [0, w) to {@code dst} at {@code at}, row stride NR, zero-padded. */
    private static void packB(float[] b, int off, int rs, int cs, int kc, int w, float[] dst, int at) {
        if (cs == 1) {
            for (int p = 0; p < kc; p++) {
                System.arraycopy(b, off + p * rs, dst, at + p * NR, w);
            }
        } else {
            for (int jj = 0; jj < w; jj++) {
                int src = off + jj * cs;
                for (int p = 0; p < kc; p++) {
                    dst[at + p * NR + jj] = b[src + p * rs];
                }
            }
        }
        if (w < NR) {
            for (int p = 0; p < kc; p++) {
                java.util.Arrays.fill(dst, at + p * NR + w, at + p * NR + NR, 0f);
            }
        }
    }

    /** Copies {@code rows} rows of A, columns [0, kc), to {@code dst} at {@code at} as [p][r]. */
    private static void packA(float[] a, int off, int rs, int cs, int kc, int rows, float[] dst, int at) {
        if (rs == 1) {   // Xᵀ·Δ: the values of one inner index are adjacent
            for (int p = 0; p < kc; p++) {
                System.arraycopy(a, off + p * cs, dst, at + p * rows, rows);
            }
            return;
        }
        for (int p = 0; p < kc; p++) {
            int src = off + p * cs;
            int d = at + p * rows;
            for (int r = 0; r < rows; r++) {
                dst[d + r] = a[src + r * rs];
            }
        }
    }

    /**
     * MR rows of C = init + A·panel, the panel's inner index {@code bs} elements apart; the starting
     * sums of row r are {@code init[i0 + r·ldi ..]} (C itself, or a row of zeros with ldi = 0).
     */
    private static void micro(float[] a, int a0, int aRs, int aCs, float[] panel, int pb, int bs, int kc,
                              float[] init, int i0, int ldi, float[] c, int c0, int ldc) {
        if (MR == 8) {
            micro8(a, a0, aRs, aCs, panel, pb, bs, kc, init, i0, ldi, c, c0, ldc);
        } else {
            micro4(a, a0, aRs, aCs, panel, pb, bs, kc, init, i0, ldi, c, c0, ldc);
        }
    }

    private static void micro4(float[] a, int a0, int aRs, int aCs, float[] panel, int pb, int bs, int kc,
                               float[] init, int i0, int ldi, float[] c, int c0, int ldc) {
        int c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
        int n1 = i0 + ldi, n2 = n1 + ldi, n3 = n2 + ldi;
        FloatVector s00 = FloatVector.fromArray(SPECIES, init, i0);
        FloatVector s01 = FloatVector.fromArray(SPECIES, init, i0 + L);
        FloatVector s10 = FloatVector.fromArray(SPECIES, init, n1);
        FloatVector s11 = FloatVector.fromArray(SPECIES, init, n1 + L);
        FloatVector s20 = FloatVector.fromArray(SPECIES, init, n2);
        FloatVector s21 = FloatVector.fromArray(SPECIES, init, n2 + L);
        FloatVector s30 = FloatVector.fromArray(SPECIES, init, n3);
        FloatVector s31 = FloatVector.fromArray(SPECIES, init, n3 + L);
        int pa = a0;
        for (int p = 0; p < kc; p++, pa += aCs, pb += bs) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, panel, pb);
            FloatVector b1 = FloatVector.fromArray(SPECIES, panel, pb + L);
            FloatVector x = FloatVector.broadcast(SPECIES, a[pa]);
            s00 = b0.fma(x, s00);
            s01 = b1.fma(x, s01);
            x = FloatVector.broadcast(SPECIES, a[pa + aRs]);
            s10 = b0.fma(x, s10);
            s11 = b1.fma(x, s11);
            x = FloatVector.broadcast(SPECIES, a[pa + 2 * aRs]);
            s20 = b0.fma(x, s20);
            s21 = b1.fma(x, s21);
            x = FloatVector.broadcast(SPECIES, a[pa + 3 * aRs]);
            s30 = b0.fma(x, s30);
            s31 = b1.fma(x, s31);
        }
        s00.intoArray(c, c0);
        s01.intoArray(c, c0 + L);
        s10.intoArray(c, c1);
        s11.intoArray(c, c1 + L);
        s20.intoArray(c, c2);
        s21.intoArray(c, c2 + L);
        s30.intoArray(c, c3);
        s31.intoArray(c, c3 + L);
    }

    private static void micro8(float[] a, int a0, int aRs, int aCs, float[] panel, int pb, int bs, int kc,
                               float[] init, int i0, int ldi, float[] c, int c0, int ldc) {
        int c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc, c4 = c3 + ldc, c5 = c4 + ldc, c6 = c5 + ldc, c7 = c6 + ldc;
        int n1 = i0 + ldi, n2 = n1 + ldi, n3 = n2 + ldi, n4 = n3 + ldi, n5 = n4 + ldi, n6 = n5 + ldi, n7 = n6 + ldi;
        FloatVector s00 = FloatVector.fromArray(SPECIES, init, i0);
        FloatVector s01 = FloatVector.fromArray(SPECIES, init, i0 + L);
        FloatVector s10 = FloatVector.fromArray(SPECIES, init, n1);
        FloatVector s11 = FloatVector.fromArray(SPECIES, init, n1 + L);
        FloatVector s20 = FloatVector.fromArray(SPECIES, init, n2);
        FloatVector s21 = FloatVector.fromArray(SPECIES, init, n2 + L);
        FloatVector s30 = FloatVector.fromArray(SPECIES, init, n3);
        FloatVector s31 = FloatVector.fromArray(SPECIES, init, n3 + L);
        FloatVector s40 = FloatVector.fromArray(SPECIES, init, n4);
        FloatVector s41 = FloatVector.fromArray(SPECIES, init, n4 + L);
        FloatVector s50 = FloatVector.fromArray(SPECIES, init, n5);
        FloatVector s51 = FloatVector.fromArray(SPECIES, init, n5 + L);
        FloatVector s60 = FloatVector.fromArray(SPECIES, init, n6);
        FloatVector s61 = FloatVector.fromArray(SPECIES, init, n6 + L);
        FloatVector s70 = FloatVector.fromArray(SPECIES, init, n7);
        FloatVector s71 = FloatVector.fromArray(SPECIES, init, n7 + L);
        int pa = a0;
        for (int p = 0; p < kc; p++, pa += aCs, pb += bs) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, panel, pb);
            FloatVector b1 = FloatVector.fromArray(SPECIES, panel, pb + L);
            FloatVector x = FloatVector.broadcast(SPECIES, a[pa]);
            s00 = b0.fma(x, s00);
            s01 = b1.fma(x, s01);
            x = FloatVector.broadcast(SPECIES, a[pa + aRs]);
            s10 = b0.fma(x, s10);
            s11 = b1.fma(x, s11);
            x = FloatVector.broadcast(SPECIES, a[pa + 2 * aRs]);
            s20 = b0.fma(x, s20);
            s21 = b1.fma(x, s21);
            x = FloatVector.broadcast(SPECIES, a[pa + 3 * aRs]);
            s30 = b0.fma(x, s30);
            s31 = b1.fma(x, s31);
            x = FloatVector.broadcast(SPECIES, a[pa + 4 * aRs]);
            s40 = b0.fma(x, s40);
            s41 = b1.fma(x, s41);
            x = FloatVector.broadcast(SPECIES, a[pa + 5 * aRs]);
            s50 = b0.fma(x, s50);
            s51 = b1.fma(x, s51);
            x = FloatVector.broadcast(SPECIES, a[pa + 6 * aRs]);
            s60 = b0.fma(x, s60);
            s61 = b1.fma(x, s61);
            x = FloatVector.broadcast(SPECIES, a[pa + 7 * aRs]);
            s70 = b0.fma(x, s70);
            s71 = b1.fma(x, s71);
        }
        s00.intoArray(c, c0);
        s01.intoArray(c, c0 + L);
        s10.intoArray(c, c1);
        s11.intoArray(c, c1 + L);
        s20.intoArray(c, c2);
        s21.intoArray(c, c2 + L);
        s30.intoArray(c, c3);
        s31.intoArray(c, c3 + L);
        s40.intoArray(c, c4);
        s41.intoArray(c, c4 + L);
        s50.intoArray(c, c5);
        s51.intoArray(c, c5 + L);
        s60.intoArray(c, c6);
        s61.intoArray(c, c6 + L);
        s70.intoArray(c, c7);
        s71.intoArray(c, c7 + L);
    }

    /**
     * Six rows of C (+)= A·[panel 0 | panel 1]: two full panels whose inner index steps {@code bs},
     * C's columns [0, NR) from the panel at {@code pb0} and [NR, 2·NR) from {@code pb1}. The sums
     * start from C's values; an overwriting product zeroes the tile first ({@link #pairRows}), since
     * the alternatives cost this kernel: a separate array of starting sums (three more parameters)
     * made the JIT spill registers in the inner loop (1024×1024×1024 on one Zen 4 core: 82–90
     * GFLOP/s against 100–105), and a {@code reinterpretAsInts().and(keep)} mask on C's bits was
     * sometimes compiled without its species as a constant on JDK 17 (the stores then were not
     * intrinsified, and every operation allocated).
     */
    private static void micro6x4(float[] a, int a0, int aRs, int aCs, float[] panel, int pb0, int pb1, int bs, int kc,
                               float[] c, int c0, int ldc) {
        FloatVector s00 = FloatVector.fromArray(SPECIES, c, c0);
        FloatVector s01 = FloatVector.fromArray(SPECIES, c, c0 + L);
        FloatVector s02 = FloatVector.fromArray(SPECIES, c, c0 + NR);
        FloatVector s03 = FloatVector.fromArray(SPECIES, c, c0 + NR + L);
        FloatVector s10 = FloatVector.fromArray(SPECIES, c, c0 + 1 * ldc);
        FloatVector s11 = FloatVector.fromArray(SPECIES, c, c0 + 1 * ldc + L);
        FloatVector s12 = FloatVector.fromArray(SPECIES, c, c0 + 1 * ldc + NR);
        FloatVector s13 = FloatVector.fromArray(SPECIES, c, c0 + 1 * ldc + NR + L);
        FloatVector s20 = FloatVector.fromArray(SPECIES, c, c0 + 2 * ldc);
        FloatVector s21 = FloatVector.fromArray(SPECIES, c, c0 + 2 * ldc + L);
        FloatVector s22 = FloatVector.fromArray(SPECIES, c, c0 + 2 * ldc + NR);
        FloatVector s23 = FloatVector.fromArray(SPECIES, c, c0 + 2 * ldc + NR + L);
        FloatVector s30 = FloatVector.fromArray(SPECIES, c, c0 + 3 * ldc);
        FloatVector s31 = FloatVector.fromArray(SPECIES, c, c0 + 3 * ldc + L);
        FloatVector s32 = FloatVector.fromArray(SPECIES, c, c0 + 3 * ldc + NR);
        FloatVector s33 = FloatVector.fromArray(SPECIES, c, c0 + 3 * ldc + NR + L);
        FloatVector s40 = FloatVector.fromArray(SPECIES, c, c0 + 4 * ldc);
        FloatVector s41 = FloatVector.fromArray(SPECIES, c, c0 + 4 * ldc + L);
        FloatVector s42 = FloatVector.fromArray(SPECIES, c, c0 + 4 * ldc + NR);
        FloatVector s43 = FloatVector.fromArray(SPECIES, c, c0 + 4 * ldc + NR + L);
        FloatVector s50 = FloatVector.fromArray(SPECIES, c, c0 + 5 * ldc);
        FloatVector s51 = FloatVector.fromArray(SPECIES, c, c0 + 5 * ldc + L);
        FloatVector s52 = FloatVector.fromArray(SPECIES, c, c0 + 5 * ldc + NR);
        FloatVector s53 = FloatVector.fromArray(SPECIES, c, c0 + 5 * ldc + NR + L);
        int pa = a0;
        for (int p = 0; p < kc; p++, pa += aCs, pb0 += bs, pb1 += bs) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, panel, pb0);
            FloatVector b1 = FloatVector.fromArray(SPECIES, panel, pb0 + L);
            FloatVector b2 = FloatVector.fromArray(SPECIES, panel, pb1);
            FloatVector b3 = FloatVector.fromArray(SPECIES, panel, pb1 + L);
            FloatVector x0 = FloatVector.broadcast(SPECIES, a[pa]);
            s00 = b0.fma(x0, s00);
            s01 = b1.fma(x0, s01);
            s02 = b2.fma(x0, s02);
            s03 = b3.fma(x0, s03);
            FloatVector x1 = FloatVector.broadcast(SPECIES, a[pa + aRs]);
            s10 = b0.fma(x1, s10);
            s11 = b1.fma(x1, s11);
            s12 = b2.fma(x1, s12);
            s13 = b3.fma(x1, s13);
            FloatVector x2 = FloatVector.broadcast(SPECIES, a[pa + 2 * aRs]);
            s20 = b0.fma(x2, s20);
            s21 = b1.fma(x2, s21);
            s22 = b2.fma(x2, s22);
            s23 = b3.fma(x2, s23);
            FloatVector x3 = FloatVector.broadcast(SPECIES, a[pa + 3 * aRs]);
            s30 = b0.fma(x3, s30);
            s31 = b1.fma(x3, s31);
            s32 = b2.fma(x3, s32);
            s33 = b3.fma(x3, s33);
            FloatVector x4 = FloatVector.broadcast(SPECIES, a[pa + 4 * aRs]);
            s40 = b0.fma(x4, s40);
            s41 = b1.fma(x4, s41);
            s42 = b2.fma(x4, s42);
            s43 = b3.fma(x4, s43);
            FloatVector x5 = FloatVector.broadcast(SPECIES, a[pa + 5 * aRs]);
            s50 = b0.fma(x5, s50);
            s51 = b1.fma(x5, s51);
            s52 = b2.fma(x5, s52);
            s53 = b3.fma(x5, s53);
        }
        s00.intoArray(c, c0);
        s01.intoArray(c, c0 + L);
        s02.intoArray(c, c0 + NR);
        s03.intoArray(c, c0 + NR + L);
        s10.intoArray(c, c0 + 1 * ldc);
        s11.intoArray(c, c0 + 1 * ldc + L);
        s12.intoArray(c, c0 + 1 * ldc + NR);
        s13.intoArray(c, c0 + 1 * ldc + NR + L);
        s20.intoArray(c, c0 + 2 * ldc);
        s21.intoArray(c, c0 + 2 * ldc + L);
        s22.intoArray(c, c0 + 2 * ldc + NR);
        s23.intoArray(c, c0 + 2 * ldc + NR + L);
        s30.intoArray(c, c0 + 3 * ldc);
        s31.intoArray(c, c0 + 3 * ldc + L);
        s32.intoArray(c, c0 + 3 * ldc + NR);
        s33.intoArray(c, c0 + 3 * ldc + NR + L);
        s40.intoArray(c, c0 + 4 * ldc);
        s41.intoArray(c, c0 + 4 * ldc + L);
        s42.intoArray(c, c0 + 4 * ldc + NR);
        s43.intoArray(c, c0 + 4 * ldc + NR + L);
        s50.intoArray(c, c0 + 5 * ldc);
        s51.intoArray(c, c0 + 5 * ldc + L);
        s52.intoArray(c, c0 + 5 * ldc + NR);
        s53.intoArray(c, c0 + 5 * ldc + NR + L);
    }

    /** Two rows of {@link #micro6x4}: the rows left over after blocks of six. */
    private static void micro2x4(float[] a, int a0, int aRs, int aCs, float[] panel, int pb0, int pb1, int bs, int kc,
                               float[] c, int c0, int ldc) {
        FloatVector s00 = FloatVector.fromArray(SPECIES, c, c0);
        FloatVector s01 = FloatVector.fromArray(SPECIES, c, c0 + L);
        FloatVector s02 = FloatVector.fromArray(SPECIES, c, c0 + NR);
        FloatVector s03 = FloatVector.fromArray(SPECIES, c, c0 + NR + L);
        FloatVector s10 = FloatVector.fromArray(SPECIES, c, c0 + 1 * ldc);
        FloatVector s11 = FloatVector.fromArray(SPECIES, c, c0 + 1 * ldc + L);
        FloatVector s12 = FloatVector.fromArray(SPECIES, c, c0 + 1 * ldc + NR);
        FloatVector s13 = FloatVector.fromArray(SPECIES, c, c0 + 1 * ldc + NR + L);
        int pa = a0;
        for (int p = 0; p < kc; p++, pa += aCs, pb0 += bs, pb1 += bs) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, panel, pb0);
            FloatVector b1 = FloatVector.fromArray(SPECIES, panel, pb0 + L);
            FloatVector b2 = FloatVector.fromArray(SPECIES, panel, pb1);
            FloatVector b3 = FloatVector.fromArray(SPECIES, panel, pb1 + L);
            FloatVector x0 = FloatVector.broadcast(SPECIES, a[pa]);
            s00 = b0.fma(x0, s00);
            s01 = b1.fma(x0, s01);
            s02 = b2.fma(x0, s02);
            s03 = b3.fma(x0, s03);
            FloatVector x1 = FloatVector.broadcast(SPECIES, a[pa + aRs]);
            s10 = b0.fma(x1, s10);
            s11 = b1.fma(x1, s11);
            s12 = b2.fma(x1, s12);
            s13 = b3.fma(x1, s13);
        }
        s00.intoArray(c, c0);
        s01.intoArray(c, c0 + L);
        s02.intoArray(c, c0 + NR);
        s03.intoArray(c, c0 + NR + L);
        s10.intoArray(c, c0 + 1 * ldc);
        s11.intoArray(c, c0 + 1 * ldc + L);
        s12.intoArray(c, c0 + 1 * ldc + NR);
        s13.intoArray(c, c0 + 1 * ldc + NR + L);
    }

    /** One row of C against a full panel (the rows left over after the MR-row blocks). */
    private static void row(float[] a, int a0, int aCs, float[] panel, int pb, int bs, int kc, float[] init, int i0,
                            float[] c, int c0) {
        FloatVector s0 = FloatVector.fromArray(SPECIES, init, i0);
        FloatVector s1 = FloatVector.fromArray(SPECIES, init, i0 + L);
        int pa = a0;
        for (int p = 0; p < kc; p++, pa += aCs, pb += bs) {
            FloatVector x = FloatVector.broadcast(SPECIES, a[pa]);
            s0 = FloatVector.fromArray(SPECIES, panel, pb).fma(x, s0);
            s1 = FloatVector.fromArray(SPECIES, panel, pb + L).fma(x, s1);
        }
        s0.intoArray(c, c0);
        s1.intoArray(c, c0 + L);
    }

    /**
     * Rows of C against a panel narrower than NR (zero-padded): MR rows at a time go through a
     * scratch tile of MR × NR and the full micro-kernel, since masked loads and stores are slow or
     * allocate on some JDKs; the columns beyond {@code w} are computed and thrown away.
     */
    private static void edges(float[] a, int aBase, int aRs, int aCs, float[] panel, int bp, int kc, float[] tile,
                              float[] c, int cBase, int ldc, int ic, int mc, int w, boolean fromZero) {
        for (int r = 0; r < mc; r += MR) {
            int rows = Math.min(MR, mc - r);
            for (int q = 0; q < rows; q++) {
                if (fromZero) {
                    java.util.Arrays.fill(tile, q * NR, q * NR + w, 0f);
                } else {
                    System.arraycopy(c, cBase + (ic + r + q) * ldc, tile, q * NR, w);
                }
            }
            if (rows == MR) {
                micro(a, aBase + (ic + r) * aRs, aRs, aCs, panel, bp, NR, kc, tile, 0, NR, tile, 0, NR);
            } else {
                for (int q = 0; q < rows; q++) {
                    row(a, aBase + (ic + r + q) * aRs, aCs, panel, bp, NR, kc, tile, q * NR, tile, q * NR);
                }
            }
            for (int q = 0; q < rows; q++) {
                System.arraycopy(tile, q * NR, c, cBase + (ic + r + q) * ldc, w);
            }
        }
    }
}
