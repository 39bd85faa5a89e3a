package dev.backprop.tensor;

/** A float64 {@link Matrix} backed by a {@code double[]}. */
public final class DoubleMatrix extends Matrix {

    final double[] data;

    DoubleMatrix(double[] data, int offset, int rows, int cols) {
        super(rows, cols, offset);
        this.data = data;
    }

    @Override
    public DType dtype() {
        return DType.FLOAT64;
    }

    /** The backing array; element (r, c) is at {@code offset() + r * cols() + c}. */
    public double[] data() {
        return data;
    }

    /** Index of element (0, 0) in {@link #data()}. */
    public int offset() {
        return offset;
    }

    @Override
    public double get(int r, int c) {
        return data[index(r, c)];
    }

    @Override
    public void set(int r, int c, double value) {
        data[index(r, c)] = value;
    }

    @Override
    public double getFlat(int i) {
        java.util.Objects.checkIndex(i, size());
        return data[offset + i];
    }

    @Override
    public void setFlat(int i, double value) {
        java.util.Objects.checkIndex(i, size());
        data[offset + i] = value;
    }

    @Override
    public DoubleMatrix rows(int from, int to) {
        checkRowRange(from, to);
        return new DoubleMatrix(data, offset + from * cols, to - from, cols);
    }

    @Override
    public DoubleMatrix copy() {
        double[] out = new double[size()];
        System.arraycopy(data, offset, out, 0, out.length);
        return new DoubleMatrix(out, 0, rows, cols);
    }

    @Override
    public void fill(double value) {
        java.util.Arrays.fill(data, offset, offset + size(), value);
    }

    @Override
    public void copyFrom(Matrix source) {
        Shapes.requireSame("target", this, "source", source);
        if (source instanceof DoubleMatrix s) {
            System.arraycopy(s.data, s.offset, data, offset, size());
        } else {
            FloatMatrix s = (FloatMatrix) source;
            for (int i = 0, n = size(); i < n; i++) {
                data[offset + i] = s.data[s.offset + i];
            }
        }
    }
}
