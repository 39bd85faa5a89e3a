package dev.backprop.tensor;

import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * One matrix product in the strided form of {@link VectorGemmFloat#multiply}, split so that parts
 * can run on different threads. Filled in and run by {@link Gemm}; reused, so a training step
 * allocates nothing. Three splits:
 * <ul>
 *   <li>blocks of whole micro-kernel rows of C;</li>
 *   <li>whole column panels, when C has few rows;</li>
 *   <li>pipelined along the inner index, for {@code X·W} with a narrow W: part p takes the
 *   rows of W that the same thread's update owns ({@link Job#firstRow}), and C's row tiles pass from
 *   part to part, each continuing the running sums the previous part stored. Every element is still
 *   one FMA chain in ascending inner index, and no thread reads another's rows of W, so the update
 *   that follows writes lines no other core holds.</li>
 * </ul>
 */
final class GemmJob implements Job {

    /** The pipelined split reads B in place, which pays only while a row of B is short. */
    private static final int PIPELINE_MAX_COLUMNS = 256;
    /** Row tiles per pipeline: more tiles fill it sooner, fewer cost fewer kernel calls. */
    private static final int PIPELINE_TILES = 16;

    private float[] af, bf, cf;
    private double[] ad, bd, cd;
    private int aOff, aRs, aCs, bOff, bRs, bCs, cOff, ldc, m, n, k;
    private boolean accumulate;
    private boolean byColumns;
    private int block;
    private int blocks;
    private boolean pipelined;
    private int tileRows;
    private int tiles;
    /** Row tiles each part has finished; part p + 1 waits on part p's count. */
    private AtomicIntegerArray finishedTiles = new AtomicIntegerArray(0);
    private volatile boolean aborted;

    /**
     * True when {@code C = A·B} with both row-major (the forward {@code X·W}) is worth the pipelined
     * split: a narrow W of whole panels (a narrower last panel would be packed again for every tile:
     * 9 % slower on W5's 100 columns), at least two row tiles and enough inner index for every thread.
     */
    static boolean pipelinesInnerIndex(int aCs, int bCs, int m, int n, int k, DType dtype, int threads) {
        int rowBlock = Kernels.rowBlock(dtype);
        return aCs == 1 && bCs == 1 && n <= PIPELINE_MAX_COLUMNS && n % Kernels.columnBlock(dtype) == 0
                && m >= 2 * rowBlock && k >= 2 * rowBlock * threads;
    }

    /** Fills in a pipelined {@code C (+)= A·B}, A [m, k] and B [k, n] row-major, for {@code parts} parts. */
    void setPipelined(Matrix a, int aRs, Matrix b, int bRs, Matrix c, int m, int n, int k, boolean accumulate,
                      int parts) {
        int rowBlock = Kernels.rowBlock(c.dtype());
        set(a, aRs, 1, b, bRs, 1, c, m, n, k, accumulate, false, rowBlock);
        this.pipelined = true;
        this.tileRows = rowBlock * Math.max(1, (m + rowBlock - 1) / rowBlock / PIPELINE_TILES);
        this.tiles = (m + tileRows - 1) / tileRows;
        if (finishedTiles.length() < parts) {
            finishedTiles = new AtomicIntegerArray(parts);
        }
        for (int p = 0; p < parts; p++) {
            finishedTiles.set(p, 0);
        }
        aborted = false;
    }

    void set(Matrix a, int aRs, int aCs, Matrix b, int bRs, int bCs, Matrix c, int m, int n, int k,
             boolean accumulate, boolean byColumns, int block) {
        if (c instanceof DoubleMatrix dc) {
            this.ad = ((DoubleMatrix) a).data;
            this.bd = ((DoubleMatrix) b).data;
            this.cd = dc.data;
            this.af = this.bf = this.cf = null;
        } else {
            this.af = ((FloatMatrix) a).data;
            this.bf = ((FloatMatrix) b).data;
            this.cf = ((FloatMatrix) c).data;
            this.ad = this.bd = this.cd = null;
        }
        this.aOff = a.offset;
        this.aRs = aRs;
        this.aCs = aCs;
        this.bOff = b.offset;
        this.bRs = bRs;
        this.bCs = bCs;
        this.cOff = c.offset;
        this.ldc = c.cols;
        this.m = m;
        this.n = n;
        this.k = k;
        this.accumulate = accumulate;
        this.byColumns = byColumns;
        this.block = block;
        this.blocks = ((byColumns ? n : m) + block - 1) / block;
        this.pipelined = false;
    }

    /** How many blocks the output has along the split dimension. */
    int blocks() {
        return blocks;
    }

    /** Runs part {@code part} of {@code parts}: a contiguous run of blocks. */
    @Override
    public void runPart(int part, int parts) {
        if (pipelined) {
            try {
                runPipelined(part, parts);
            } catch (RuntimeException | Error e) {
                aborted = true;   // the next part must not wait for tiles that will never come
                throw e;
            }
            return;
        }
        int first = Job.firstBlock(blocks, part, parts);
        int last = Job.firstBlock(blocks, part + 1, parts);
        int from = first * block;
        int to = Math.min(last * block, byColumns ? n : m);
        if (byColumns) {
            multiply(0, m, from, to);
        } else {
            multiply(from, to, 0, n);
        }
    }

    /**
     * Part {@code part}'s inner indices [p0, p1), tile by tile: each tile waits until the previous
     * part has finished it, then continues its running sums.
     */
    private void runPipelined(int part, int parts) {
        DType dtype = cd != null ? DType.FLOAT64 : DType.FLOAT32;
        int p0 = Job.firstRow(k, dtype, part, parts);
        int p1 = Job.firstRow(k, dtype, part + 1, parts);
        boolean continues = part > 0 || accumulate;
        for (int t = 0; t < tiles; t++) {
            if (part > 0) {
                while (finishedTiles.get(part - 1) <= t) {
                    if (aborted) {
                        throw new IllegalStateException("a pipelined product was aborted by another part");
                    }
                    Thread.onSpinWait();
                }
            }
            int i0 = t * tileRows, i1 = Math.min(m, i0 + tileRows);
            // Every part has inner indices: pipelinesInnerIndex asks for two row blocks per thread.
            if (cd != null) {
                Gemm.kernelUnpackedB(ad, aOff + p0, aRs, 1, bd, bOff + p0 * bRs, bRs, cd, cOff, ldc, i0, i1, 0, n,
                        p1 - p0, continues);
            } else {
                Gemm.kernelUnpackedB(af, aOff + p0, aRs, 1, bf, bOff + p0 * bRs, bRs, cf, cOff, ldc, i0, i1, 0, n,
                        p1 - p0, continues);
            }
            finishedTiles.set(part, t + 1);
        }
    }

    private void multiply(int i0, int i1, int j0, int j1) {
        if (cd != null) {
            Gemm.kernel(ad, aOff, aRs, aCs, bd, bOff, bRs, bCs, cd, cOff, ldc, i0, i1, j0, j1, k, accumulate);
        } else {
            Gemm.kernel(af, aOff, aRs, aCs, bf, bOff, bRs, bCs, cf, cOff, ldc, i0, i1, j0, j1, k, accumulate);
        }
    }
}
