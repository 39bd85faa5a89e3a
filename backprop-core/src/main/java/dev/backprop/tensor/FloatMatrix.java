package dev.backprop.tensor;

/** A float32 {@link Matrix} backed by a {@code float[]}. */
public final class FloatMatrix extends Matrix {

    final float[] data;

    FloatMatrix(float[] data, int offset, int rows, int cols) {
        super(rows, cols, offset);
        this.data = data;
    }

    @Override
    public DType dtype() {
        return DType.FLOAT32;
    }

    /** The backing array; element (r, c) is at {@code offset() + r * cols() + c}. */
    public float[] data() {
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
        data[index(r, c)] = (float) value;
    }

    @Override
    public double getFlat(int i) {
        java.util.Objects.checkIndex(i, size());
        return data[offset + i];
    }

    @Override
    public void setFlat(int i, double value) {
        java.util.Objects.checkIndex(i, size());
        data[offset + i] = (float) value;
    }

    @Override
    public FloatMatrix rows(int from, int to) {
        checkRowRange(from, to);
        return new FloatMatrix(data, offset + from * cols, to - from, cols);
    }

    @Override
    public FloatMatrix copy() {
        float[] out = new float[size()];
        System.arraycopy(data, offset, out, 0, out.length);
        return new FloatMatrix(out, 0, rows, cols);
    }

    @Override
    public void fill(double value) {
        java.util.Arrays.fill(data, offset, offset + size(), (float) value);
    }

    @Override
    public void copyFrom(Matrix source) {
        Shapes.requireSame("target", this, "source", source);
        if (source instanceof FloatMatrix s) {
            System.arraycopy(s.data, s.offset, data, offset, size());
        } else {
            DoubleMatrix s = (DoubleMatrix) source;
            for (int i = 0, n = size(); i < n; i++) {
                data[offset + i] = (float) s.data[s.offset + i];
            }
        }
    }
}
