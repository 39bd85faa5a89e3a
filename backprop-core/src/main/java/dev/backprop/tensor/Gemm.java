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
 * implementation or thread count, so results are reproducible to the bit.
 *
 * <pre>{@code
 * Matrix z = Matrix.zeros(DType.FLOAT64, x.rows(), w.cols());
 * Gemm.matmul(x, w, z);
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
        if (a.cols() != b.rows()) {
            throw new ShapeException("A·B: 'A' " + a.shape() + " has " + a.cols() + " columns but 'B' " + b.shape()
                    + " has " + b.rows() + " rows");
        }
        checkOutput("A·B", a, b, c, a.rows(), b.cols());
        if (c instanceof DoubleMatrix cd) {
            ScalarGemm.matmul((DoubleMatrix) a, (DoubleMatrix) b, cd);
        } else {
            ScalarGemm.matmul((FloatMatrix) a, (FloatMatrix) b, (FloatMatrix) c);
        }
    }

    /**
     * {@code C = Aᵀ·B} (or {@code C += Aᵀ·B} when {@code accumulate}) with A [k, m], B [k, n],
     * C [m, n].
     *
     * @throws ShapeException if the shapes or dtypes do not fit, or C aliases A or B
     */
    public static void matmulTransA(Matrix a, Matrix b, Matrix c, boolean accumulate) {
        if (a.rows() != b.rows()) {
            throw new ShapeException("Aᵀ·B: 'A' " + a.shape() + " has " + a.rows() + " rows but 'B' " + b.shape()
                    + " has " + b.rows() + " rows");
        }
        checkOutput("Aᵀ·B", a, b, c, a.cols(), b.cols());
        if (c instanceof DoubleMatrix cd) {
            ScalarGemm.matmulTransA((DoubleMatrix) a, (DoubleMatrix) b, cd, accumulate);
        } else {
            ScalarGemm.matmulTransA((FloatMatrix) a, (FloatMatrix) b, (FloatMatrix) c, accumulate);
        }
    }

    /**
     * {@code C = A·Bᵀ} with A [m, k], B [n, k], C [m, n]; C is overwritten.
     *
     * @throws ShapeException if the shapes or dtypes do not fit, or C aliases A or B
     */
    public static void matmulTransB(Matrix a, Matrix b, Matrix c) {
        if (a.cols() != b.cols()) {
            throw new ShapeException("A·Bᵀ: 'A' " + a.shape() + " has " + a.cols() + " columns but 'B' " + b.shape()
                    + " has " + b.cols() + " columns");
        }
        checkOutput("A·Bᵀ", a, b, c, a.rows(), b.rows());
        if (c instanceof DoubleMatrix cd) {
            ScalarGemm.matmulTransB((DoubleMatrix) a, (DoubleMatrix) b, cd);
        } else {
            ScalarGemm.matmulTransB((FloatMatrix) a, (FloatMatrix) b, (FloatMatrix) c);
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
