package dev.backprop.tensor;

/**
 * One matrix product in the strided form of {@link VectorGemmFloat#multiply}, with the output split
 * into blocks of whole micro-kernel rows (or of whole column panels when C has few rows) so that
 * parts can run on different threads. Filled in and run by {@link Gemm}; reused, so a training step
 * allocates nothing.
 */
final class GemmJob implements Job {

    private float[] af, bf, cf;
    private double[] ad, bd, cd;
    private int aOff, aRs, aCs, bOff, bRs, bCs, cOff, ldc, m, n, k;
    private boolean accumulate;
    private boolean byColumns;
    private int block;
    private int blocks;

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
    }

    /** How many blocks the output has along the split dimension. */
    int blocks() {
        return blocks;
    }

    /** Runs part {@code part} of {@code parts}: a contiguous run of blocks. */
    @Override
    public void runPart(int part, int parts) {
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

    private void multiply(int i0, int i1, int j0, int j1) {
        if (cd != null) {
            Gemm.kernel(ad, aOff, aRs, aCs, bd, bOff, bRs, bCs, cd, cOff, ldc, i0, i1, j0, j1, k, accumulate);
        } else {
            Gemm.kernel(af, aOff, aRs, aCs, bf, bOff, bRs, bCs, cf, cOff, ldc, i0, i1, j0, j1, k, accumulate);
        }
    }
}
