package dev.backprop.tensor;

/**
 * The three matrix products backpropagation needs, with shape checks naming the operands:
 * <ul>
 *   <li>{@link #matmul}: {@code C = A·B} — the forward pass {@code X·W};</li>
 *   <li>{@link #matmulTransA}: {@code C (+)= Aᵀ·B} — the weight gradient {@code Xᵀ·Δ};</li>
 *   <li>{@link #matmulTransB}: {@code C = A·Bᵀ} — the input gradient {@code Δ·Wᵀ}.</li>
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
        if (a.cols() != b.rows()) {
            throw new ShapeException("A·B: 'A' " + a.shape() + " has " + a.cols() + " columns but 'B' " + b.shape()
                    + " has " + b.rows() + " rows");
        }
        checkOutput("A·B", a, b, c, a.rows(), b.cols());
        product(a, a.cols, 1, b, b.cols, 1, c, a.rows, b.cols, a.cols, false, compute);
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
        if (a.rows() != b.rows()) {
            throw new ShapeException("Aᵀ·B: 'A' " + a.shape() + " has " + a.rows() + " rows but 'B' " + b.shape()
                    + " has " + b.rows() + " rows");
        }
        checkOutput("Aᵀ·B", a, b, c, a.cols(), b.cols());
        product(a, 1, a.cols, b, b.cols, 1, c, a.cols, b.cols, a.rows, accumulate, compute);
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
        product(a, a.cols, 1, b, 1, b.cols, c, a.rows, b.rows, a.cols, false, compute);
    }

    /**
     * {@code C (+)= A·B} with {@code A(i, p)} at stride (aRs, aCs) and {@code B(p, j)} at (bRs, bCs):
     * on the calling thread when small, else split by row blocks (or by column panels when C has few rows).
     */
    private static void product(Matrix a, int aRs, int aCs, Matrix b, int bRs, int bCs, Matrix c,
                                int m, int n, int k, boolean accumulate, Compute compute) {
        GemmJob job = compute.job();
        if (job == null || (long) m * n * k < Compute.PARALLEL_MIN_FMAS) {
            runOnCaller(a, aRs, aCs, b, bRs, bCs, c, m, n, k, accumulate);
            return;
        }
        int colBlock = Kernels.columnBlock(c.dtype());
        int rowBlock = Kernels.rowBlock(c.dtype());
        if (GemmJob.pipelinesInnerIndex(aCs, bCs, m, n, k, c.dtype(), compute.threads())) {
            job.setPipelined(a, aRs, b, bRs, c, m, n, k, accumulate, compute.threads());
            compute.run(compute.threads());
            return;
        }
        boolean shared = GemmJob.sharesPackedB(m, n, k, c.dtype(), compute.threads());
        if (shared || GemmJob.stealsWithOwnB(m, n, k, c.dtype(), compute.threads())) {
            job.setStealing(a, aRs, aCs, b, bRs, bCs, c, m, n, k, accumulate, compute.threads(), !shared);
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
            return;
        }
        compute.run(job.blocks());
    }

    private static void runOnCaller(Matrix a, int aRs, int aCs, Matrix b, int bRs, int bCs, Matrix c,
                                    int m, int n, int k, boolean accumulate) {
        if (readsBInPlace(bCs, m, n, c.dtype())) {
            if (c instanceof DoubleMatrix cd) {
                kernelUnpackedB(((DoubleMatrix) a).data, a.offset, aRs, aCs, ((DoubleMatrix) b).data, b.offset, bRs,
                        cd.data, cd.offset, cd.cols, 0, m, 0, n, k, accumulate);
            } else {
                FloatMatrix cf = (FloatMatrix) c;
                kernelUnpackedB(((FloatMatrix) a).data, a.offset, aRs, aCs, ((FloatMatrix) b).data, b.offset, bRs,
                        cf.data, cf.offset, cf.cols, 0, m, 0, n, k, accumulate);
            }
            return;
        }
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
     * True when a product on one thread should read B's panels in place rather than pack them: a
     * row-major B of whole panels no wider than 256 columns (a row of W in {@code X·W}) against at
     * most 256 rows of A, too few for the packed copy to pay for itself. Measured on one thread:
     * 32×64×784 float32 at 82 GFLOP/s packed, 89–101 in place; 128 rows 96 and 100–102; from 512
     * rows the two are level.
     */
    static boolean readsBInPlace(int bCs, int m, int n, DType dtype) {
        return bCs == 1 && m <= 256 && n <= 256 && n % Kernels.columnBlock(dtype) == 0;
    }

    /**
     * The float64 block product with B row-major and read in place (see
     * {@link VectorGemmDouble#multiplyUnpackedB}); the scalar twin never packs.
     */
    static void kernelUnpackedB(double[] a, int aOff, int aRs, int aCs, double[] b, int bOff, int bRs,
                                double[] c, int cOff, int ldc, int i0, int i1, int j0, int j1, int k, boolean accumulate) {
        if (Kernels.VECTOR) {
            VectorGemmDouble.multiplyUnpackedB(a, aOff, aRs, aCs, b, bOff, bRs, c, cOff, ldc, i0, i1, j0, j1, k, accumulate);
        } else {
            ScalarGemm.multiply(a, aOff, aRs, aCs, b, bOff, bRs, 1, c, cOff, ldc, i0, i1, j0, j1, k, accumulate);
        }
    }

    /** The float32 twin of {@link #kernelUnpackedB(double[], int, int, int, double[], int, int, double[], int, int, int, int, int, int, int, boolean)}. */
    static void kernelUnpackedB(float[] a, int aOff, int aRs, int aCs, float[] b, int bOff, int bRs,
                                float[] c, int cOff, int ldc, int i0, int i1, int j0, int j1, int k, boolean accumulate) {
        if (Kernels.VECTOR) {
            VectorGemmFloat.multiplyUnpackedB(a, aOff, aRs, aCs, b, bOff, bRs, c, cOff, ldc, i0, i1, j0, j1, k, accumulate);
        } else {
            ScalarGemm.multiply(a, aOff, aRs, aCs, b, bOff, bRs, 1, c, cOff, ldc, i0, i1, j0, j1, k, accumulate);
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
