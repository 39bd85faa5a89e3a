package dev.backprop.tensor;

/**
 * The three matrix products backpropagation needs, with shape checks naming the operands:
 * <ul>
 *   <li>{@link #matmul}: {@code C = A·B} — the forward pass {@code X·W};</li>
 *   <li>{@link #matmulTransA}: {@code C (+)= Aᵀ·B} — the weight gradient {@code Xᵀ·Δ};</li>
 *   <li>{@link #matmulTransB}: {@code C = A·Bᵀ} — the input gradient {@code Δ·Wᵀ};</li>
 *   <li>{@link #matmulBiasActivate}: {@code Z = X·W + b}, {@code A = f(Z)} — a layer's forward pass.</li>
 * </ul>
 * All operands share one dtype; C must not share storage with A or B. Every output element is
 * accumulated with fused multiply-adds over the inner index in ascending order, whatever the
 * kernel path ({@link Kernels}) or thread count ({@link Compute}), so results are reproducible to
 * the bit.
 *
 * <pre>{@code
 * Matrix z = Matrix.zeros(DType.FLOAT64, x.rows(), w.cols());
 * Gemm.matmul(x, w, z);                     // on the calling thread
 * try (Compute compute = Compute.threads(2)) {
 *     Gemm.matmul(x, w, z, compute);        // same bits, two threads when the product is large
 * }
 * }</pre>
 */
public final class Gemm {

    private Gemm() {
    }

    /**
     * {@code C = A·B} with A [m, k], B [k, n], C [m, n]; C is overwritten.
     *
     * @throws ShapeException if the shapes or dtypes do not fit, or C aliases A or B
     */
    public static void matmul(Matrix a, Matrix b, Matrix c) {
        matmul(a, b, c, Compute.SERIAL);
    }

    /** {@link #matmul(Matrix, Matrix, Matrix)} on the threads of {@code compute}. */
    public static void matmul(Matrix a, Matrix b, Matrix c, Compute compute) {
        checkProduct(a, b, c);
        product(a, a.cols, 1, b, b.cols, 1, c, a.rows, b.cols, a.cols, false, compute, null);
    }

    /**
     * A dense layer's forward pass: {@code Z = X·W}, then {@code Z += b} and {@code A = f(Z)} as
     * {@link Elementwise#biasActivate} does (bias may be null; {@code out} may be {@code z} itself).
     * The same bits as the two calls one after the other; when the product is pipelined over the
     * threads, rows that are finished get their bias and activation while the last part still
     * computes the others, instead of in a pass of their own after it.
     *
     * @throws ShapeException if the shapes or dtypes do not fit, or Z aliases X or W
     */
    public static void matmulBiasActivate(Matrix x, Matrix w, Matrix z, Matrix bias, Nonlinearity f, double slope,
                                          Matrix out, Compute compute) {
        checkProduct(x, w, z);
        Elementwise.checkBiasActivate(z, bias, out);
        GemmJob job = compute.job();
        int m = x.rows, n = w.cols, k = x.cols;
        if (job != null && (long) m * n * k >= Compute.PARALLEL_MIN_FMAS
                && GemmJob.pipelinesInnerIndex(1, 1, m, n, k, z.dtype(), compute.threads())) {
            job.setPipelined(x, x.cols, w, w.cols, z, m, n, k, false, compute.threads());
            job.withEpilogue(bias, f, slope, out);
            compute.run(compute.threads());
            return;
        }
        product(x, x.cols, 1, w, w.cols, 1, z, m, n, k, false, compute, null);
        Elementwise.biasActivate(z, bias, f, slope, out, compute);
    }

    /**
     * {@code C = Aᵀ·B} (or {@code C += Aᵀ·B} when {@code accumulate}) with A [k, m], B [k, n],
     * C [m, n].
     *
     * @throws ShapeException if the shapes or dtypes do not fit, or C aliases A or B
     */
    public static void matmulTransA(Matrix a, Matrix b, Matrix c, boolean accumulate) {
        matmulTransA(a, b, c, accumulate, Compute.SERIAL);
    }

    /** {@link #matmulTransA(Matrix, Matrix, Matrix, boolean)} on the threads of {@code compute}. */
    public static void matmulTransA(Matrix a, Matrix b, Matrix c, boolean accumulate, Compute compute) {
        matmulTransA(a, b, c, accumulate, compute, null);
    }

    /**
     * {@link #matmulTransA(Matrix, Matrix, Matrix, boolean, Compute)} telling {@code done} which rows
     * of C are final as soon as they are, on the thread that computed them ({@link RowsDone}); the
     * weight gradient {@code Xᵀ·Δ} of a layer can so be used row block by row block.
     */
    public static void matmulTransA(Matrix a, Matrix b, Matrix c, boolean accumulate, Compute compute,
                                    RowsDone done) {
        if (a.rows() != b.rows()) {
            throw new ShapeException("Aᵀ·B: 'A' " + a.shape() + " has " + a.rows() + " rows but 'B' " + b.shape()
                    + " has " + b.rows() + " rows");
        }
        checkOutput("Aᵀ·B", a, b, c, a.cols(), b.cols());
        product(a, 1, a.cols, b, b.cols, 1, c, a.cols, b.cols, a.rows, accumulate, compute, done);
    }

    /**
     * {@code C = A·Bᵀ} with A [m, k], B [n, k], C [m, n]; C is overwritten.
     *
     * @throws ShapeException if the shapes or dtypes do not fit, or C aliases A or B
     */
    public static void matmulTransB(Matrix a, Matrix b, Matrix c) {
        matmulTransB(a, b, c, Compute.SERIAL);
    }

    /** {@link #matmulTransB(Matrix, Matrix, Matrix)} on the threads of {@code compute}. */
    public static void matmulTransB(Matrix a, Matrix b, Matrix c, Compute compute) {
        if (a.cols() != b.cols()) {
            throw new ShapeException("A·Bᵀ: 'A' " + a.shape() + " has " + a.cols() + " columns but 'B' " + b.shape()
                    + " has " + b.cols() + " columns");
        }
        checkOutput("A·Bᵀ", a, b, c, a.rows(), b.rows());
        product(a, a.cols, 1, b, 1, b.cols, c, a.rows, b.rows, a.cols, false, compute, null);
    }

    /**
     * {@code C (+)= A·B} with {@code A(i, p)} at stride (aRs, aCs) and {@code B(p, j)} at (bRs, bCs):
     * on the calling thread when small, else split by row blocks (or by column panels when C has few
     * rows); {@code done}, when not null, hears of every row of C once it is final.
     */
    private static void product(Matrix a, int aRs, int aCs, Matrix b, int bRs, int bCs, Matrix c,
                                int m, int n, int k, boolean accumulate, Compute compute, RowsDone done) {
        GemmJob job = compute.job();
        if (job == null || (long) m * n * k < Compute.PARALLEL_MIN_FMAS) {
            runOnCaller(a, aRs, aCs, b, bRs, bCs, c, m, n, k, accumulate);
            tell(done, 0, m);
            return;
        }
        int colBlock = Kernels.columnBlock(c.dtype());
        int rowBlock = Kernels.rowBlock(c.dtype());
        if (GemmJob.pipelinesInnerIndex(aCs, bCs, m, n, k, c.dtype(), compute.threads())) {
            job.setPipelined(a, aRs, b, bRs, c, m, n, k, accumulate, compute.threads());
            compute.run(compute.threads());
            tell(done, 0, m);
            return;
        }
        boolean shared = GemmJob.sharesPackedB(m, n, k, c.dtype(), compute.threads());
        // Rows reported as done are used on the thread that computed them (a weight gradient's rows,
        // for the update of the same rows of the weights): a small product then keeps to the fixed
        // row split, so each thread updates the rows of W its part of the pipelined forward reads.
        // Stolen chunks moved those rows to the other core now and then; W4 ran 10-40 % slower in
        // the steps after.
        boolean stealsSmall = done == null && GemmJob.stealsWithOwnB(m, n, k, c.dtype(), compute.threads());
        if (shared || stealsSmall) {
            job.setStealing(a, aRs, aCs, b, bRs, bCs, c, m, n, k, accumulate, compute.threads(), !shared);
            job.reportRows(done);
            compute.run(compute.threads());
            return;
        }
        // Rows of C are contiguous, so row blocks share no cache lines; column blocks of one row do
        // (arrays are not cache-line aligned), which costs more than it saves on tall outputs.
        int rowBlocks = (m + rowBlock - 1) / rowBlock;
        boolean byColumns = rowBlocks < 4 * compute.threads() && (n + colBlock - 1) / colBlock >= compute.threads();
        job.set(a, aRs, aCs, b, bRs, bCs, c, m, n, k, accumulate, byColumns, byColumns ? colBlock : rowBlock);
        if (job.blocks() < 2) {
            runOnCaller(a, aRs, aCs, b, bRs, bCs, c, m, n, k, accumulate);
            tell(done, 0, m);
            return;
        }
        job.reportRows(byColumns ? null : done);
        compute.run(job.blocks());
        if (byColumns) {
            tell(done, 0, m);
        }
    }

    private static void tell(RowsDone done, int fromRow, int toRow) {
        if (done != null && fromRow < toRow) {
            done.rowsDone(fromRow, toRow);
        }
    }

    private static void runOnCaller(Matrix a, int aRs, int aCs, Matrix b, int bRs, int bCs, Matrix c,
                                    int m, int n, int k, boolean accumulate) {
        if (c instanceof DoubleMatrix cd) {
            kernel(((DoubleMatrix) a).data, a.offset, aRs, aCs, ((DoubleMatrix) b).data, b.offset, bRs, bCs,
                    cd.data, cd.offset, cd.cols, 0, m, 0, n, k, accumulate);
        } else {
            FloatMatrix cf = (FloatMatrix) c;
            kernel(((FloatMatrix) a).data, a.offset, aRs, aCs, ((FloatMatrix) b).data, b.offset, bRs, bCs,
                    cf.data, cf.offset, cf.cols, 0, m, 0, n, k, accumulate);
        }
    }

    /**
     * Rows [i0, i1) of the float64 {@code C (+)= A·B} with B packed whole ({@link VectorGemmDouble#packPanel});
     * the scalar twin reads B itself.
     */
    static void kernelPackedB(double[] a, int aOff, int aRs, int aCs, double[] packed, double[] b, int bOff, int bRs,
                              int bCs, int k, int n, double[] c, int cOff, int ldc, int i0, int i1, boolean accumulate) {
        if (Kernels.VECTOR) {
            VectorGemmDouble.multiplyPackedB(a, aOff, aRs, aCs, packed, k, n, c, cOff, ldc, i0, i1, accumulate);
        } else {
            ScalarGemm.multiply(a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, i0, i1, 0, n, k, accumulate);
        }
    }

    /** The float32 twin of {@link #kernelPackedB(double[], int, int, int, double[], double[], int, int, int, int, int, double[], int, int, int, int, boolean)}. */
    static void kernelPackedB(float[] a, int aOff, int aRs, int aCs, float[] packed, float[] b, int bOff, int bRs,
                              int bCs, int k, int n, float[] c, int cOff, int ldc, int i0, int i1, boolean accumulate) {
        if (Kernels.VECTOR) {
            VectorGemmFloat.multiplyPackedB(a, aOff, aRs, aCs, packed, k, n, c, cOff, ldc, i0, i1, accumulate);
        } else {
            ScalarGemm.multiply(a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, i0, i1, 0, n, k, accumulate);
        }
    }

    /** The float64 block product on the chosen kernel path. */
    static void kernel(double[] a, int aOff, int aRs, int aCs, double[] b, int bOff, int bRs, int bCs,
                       double[] c, int cOff, int ldc, int i0, int i1, int j0, int j1, int k, boolean accumulate) {
        if (Kernels.VECTOR) {
            VectorGemmDouble.multiply(a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, i0, i1, j0, j1, k, accumulate);
        } else {
            ScalarGemm.multiply(a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, i0, i1, j0, j1, k, accumulate);
        }
    }

    /** The float32 block product on the chosen kernel path. */
    static void kernel(float[] a, int aOff, int aRs, int aCs, float[] b, int bOff, int bRs, int bCs,
                       float[] c, int cOff, int ldc, int i0, int i1, int j0, int j1, int k, boolean accumulate) {
        if (Kernels.VECTOR) {
            VectorGemmFloat.multiply(a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, i0, i1, j0, j1, k, accumulate);
        } else {
            ScalarGemm.multiply(a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, i0, i1, j0, j1, k, accumulate);
        }
    }

    /** The shapes, dtypes and storage of {@code C = A·B}. */
    private static void checkProduct(Matrix a, Matrix b, Matrix c) {
        if (a.cols() != b.rows()) {
            throw new ShapeException("A·B: 'A' " + a.shape() + " has " + a.cols() + " columns but 'B' " + b.shape()
                    + " has " + b.rows() + " rows");
        }
        checkOutput("A·B", a, b, c, a.rows(), b.cols());
    }

    private static void checkOutput(String op, Matrix a, Matrix b, Matrix c, int rows, int cols) {
        if (c.rows() != rows || c.cols() != cols) {
            throw new ShapeException(op + ": output 'C' has shape " + c.shape() + ", expected [" + rows + ", " + cols
                    + "] for 'A' " + a.shape() + " and 'B' " + b.shape());
        }
        Shapes.requireDType(c.dtype(), "A", a);
        Shapes.requireDType(c.dtype(), "B", b);
        Shapes.requireNoAlias("C", c, "A", a);
        Shapes.requireNoAlias("C", c, "B", b);
    }
}
