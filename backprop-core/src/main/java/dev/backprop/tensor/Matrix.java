package dev.backprop.tensor;

import java.util.Objects;

/**
 * A dense row-major matrix of float32 or float64 values: the one storage type of Backprop.
 *
 * <p>A batch is laid out along rows: a layer computes {@code Z = X·W + b} with X of shape
 * [batch, in] and W of shape [in, out]. Element (r, c) lives at {@code offset + r * cols + c} of the
 * backing array, so a range of rows is a view sharing storage ({@link #rows(int, int)}), which is how
 * batches and partial batches are handed around without copying.
 *
 * <p>Vectors are matrices with one row. Arithmetic lives in the kernel classes of this package
 * ({@link Gemm}, {@link Elementwise}, {@link LossKernels}, {@link UpdateKernels}), never here.
 *
 * <pre>{@code
 * Matrix x = Matrix.of(new double[][] {{1, 2}, {3, 4}});   // float64
 * Matrix y = Matrix.zeros(DType.FLOAT32, 2, 2);
 * y.copyFrom(x);                                          // converts to float32
 * }</pre>
 */
public abstract sealed class Matrix permits FloatMatrix, DoubleMatrix {

    final int rows;
    final int cols;
    final int offset;

    Matrix(int rows, int cols, int offset) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("matrix shape must be non-negative, got [" + rows + ", " + cols + "]");
        }
        this.rows = rows;
        this.cols = cols;
        this.offset = offset;
    }

    /** A new zero-filled matrix. */
    public static Matrix zeros(DType dtype, int rows, int cols) {
        checkSize(rows, cols);
        return dtype == DType.FLOAT32
                ? new FloatMatrix(new float[rows * cols], 0, rows, cols)
                : new DoubleMatrix(new double[rows * cols], 0, rows, cols);
    }

    /** A float64 matrix holding a copy of {@code values} (rows must have equal length). */
    public static Matrix of(double[][] values) {
        int r = values.length;
        int c = r == 0 ? 0 : values[0].length;
        double[] data = new double[Math.multiplyExact(r, c)];
        for (int i = 0; i < r; i++) {
            if (values[i].length != c) {
                throw new IllegalArgumentException("ragged rows: row 0 has " + c + " values, row " + i
                        + " has " + values[i].length);
            }
            System.arraycopy(values[i], 0, data, i * c, c);
        }
        return new DoubleMatrix(data, 0, r, c);
    }

    /** A float64 matrix backed by {@code data} (not copied), row-major. */
    public static Matrix wrap(double[] data, int rows, int cols) {
        checkBacking(data.length, rows, cols);
        return new DoubleMatrix(data, 0, rows, cols);
    }

    /** A float32 matrix backed by {@code data} (not copied), row-major. */
    public static Matrix wrap(float[] data, int rows, int cols) {
        checkBacking(data.length, rows, cols);
        return new FloatMatrix(data, 0, rows, cols);
    }

    /** A matrix of {@code dtype} holding {@code values} converted from float64, row-major. */
    public static Matrix from(DType dtype, double[] values, int rows, int cols) {
        checkBacking(values.length, rows, cols);
        Matrix m = zeros(dtype, rows, cols);
        m.copyFrom(wrap(values, rows, cols));
        return m;
    }

    private static void checkSize(int rows, int cols) {
        if (rows < 0 || cols < 0 || (long) rows * cols > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("matrix shape [" + rows + ", " + cols + "] is negative or too large"
                    + " for one Java array");
        }
    }

    private static void checkBacking(int length, int rows, int cols) {
        checkSize(rows, cols);
        if ((long) rows * cols != length) {
            throw new IllegalArgumentException("shape [" + rows + ", " + cols + "] needs " + ((long) rows * cols)
                    + " values, the array has " + length);
        }
    }

    /** Number of rows. */
    public final int rows() {
        return rows;
    }

    /** Number of columns. */
    public final int cols() {
        return cols;
    }

    /** Number of elements, {@code rows * cols}. */
    public final int size() {
        return rows * cols;
    }

    /** The shape as {@code [rows, cols]}, for messages. */
    public final String shape() {
        return "[" + rows + ", " + cols + "]";
    }

    /** Element type. */
    public abstract DType dtype();

    /** Element (r, c) as a double. */
    public abstract double get(int r, int c);

    /** Sets element (r, c), rounding to float32 for a float32 matrix. */
    public abstract void set(int r, int c, double value);

    /** Element i in row-major order (0 &lt;= i &lt; size()). */
    public abstract double getFlat(int i);

    /** Sets element i in row-major order. */
    public abstract void setFlat(int i, double value);

    /**
     * A view of rows {@code [from, to)} sharing this matrix's storage: writes through either are
     * seen by both.
     */
    public abstract Matrix rows(int from, int to);

    /** A new matrix with the same dtype, shape and values. */
    public abstract Matrix copy();

    /** A new zero matrix with the same dtype and shape. */
    public final Matrix zerosLike() {
        return zeros(dtype(), rows, cols);
    }

    /** Sets every element to {@code value}. */
    public abstract void fill(double value);

    /**
     * Copies the values of {@code source} (same shape, any dtype) into this matrix, converting the
     * element type where they differ.
     */
    public abstract void copyFrom(Matrix source);

    /** The values in row-major order as a new float64 array. */
    public double[] toDoubleArray() {
        double[] out = new double[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = getFlat(i);
        }
        return out;
    }

    /** Row r as a new float64 array. */
    public double[] row(int r) {
        Objects.checkIndex(r, rows);
        double[] out = new double[cols];
        for (int c = 0; c < cols; c++) {
            out[c] = get(r, c);
        }
        return out;
    }

    /** True when both have the same shape. */
    public final boolean sameShape(Matrix other) {
        return rows == other.rows && cols == other.cols;
    }

    final void checkRowRange(int from, int to) {
        if (from < 0 || to > rows || from > to) {
            throw new IndexOutOfBoundsException("row range [" + from + ", " + to + ") is outside a matrix of shape "
                    + shape());
        }
    }

    final int index(int r, int c) {
        Objects.checkIndex(r, rows);
        Objects.checkIndex(c, cols);
        return offset + r * cols + c;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(dtype().label()).append(shape());
        int shownRows = Math.min(rows, 6);
        int shownCols = Math.min(cols, 8);
        for (int r = 0; r < shownRows; r++) {
            sb.append(r == 0 ? "\n[[" : "\n [");
            for (int c = 0; c < shownCols; c++) {
                sb.append(c == 0 ? "" : ", ").append(String.format(java.util.Locale.ROOT, "%.6g", get(r, c)));
            }
            sb.append(cols > shownCols ? ", ...]" : "]");
        }
        if (rows > shownRows) {
            sb.append("\n ...");
        }
        return rows == 0 ? sb.toString() : sb.append("]").toString();
    }
}
