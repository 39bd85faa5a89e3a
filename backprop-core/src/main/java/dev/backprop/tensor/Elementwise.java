package dev.backprop.tensor;

/**
 * Element-wise and row/column kernels: bias broadcast, column sums, activation maps and their
 * gradients, scaled additions, row gathering and reductions. Reductions run in a fixed order (row by
 * row, ascending), so results do not depend on how work is scheduled.
 */
public final class Elementwise {

    private Elementwise() {
    }

    /** {@code m[i, :] += row} for every row i; {@code row} is [1, m.cols()]. */
    public static void addRowVector(Matrix m, Matrix row) {
        Shapes.requireShape("row vector", row, 1, m.cols());
        Shapes.requireDType(m.dtype(), "row vector", row);
        addRowVector(m, row, 0, m.rows);
    }

    /** {@code m[i, :] += row} for rows [r0, r1); arguments already checked. */
    static void addRowVector(Matrix m, Matrix row, int r0, int r1) {
        int n = r1 - r0, c = m.cols;
        if (m instanceof DoubleMatrix md) {
            DoubleMatrix r = (DoubleMatrix) row;
            int mo = md.offset + r0 * c;
            if (Kernels.VECTOR) {
                VectorElementwiseDouble.addRowVector(md.data, mo, n, c, r.data, r.offset);
                return;
            }
            for (int i = 0; i < n; i++) {
                int base = mo + i * c;
                for (int j = 0; j < c; j++) {
                    md.data[base + j] += r.data[r.offset + j];
                }
            }
        } else {
            FloatMatrix mf = (FloatMatrix) m;
            FloatMatrix r = (FloatMatrix) row;
            int mo = mf.offset + r0 * c;
            if (Kernels.VECTOR) {
                VectorElementwiseFloat.addRowVector(mf.data, mo, n, c, r.data, r.offset);
                return;
            }
            for (int i = 0; i < n; i++) {
                int base = mo + i * c;
                for (int j = 0; j < c; j++) {
                    mf.data[base + j] += r.data[r.offset + j];
                }
            }
        }
    }

    /**
     * {@code out[0, j] = Σ_i m[i, j]} (or {@code +=} when {@code accumulate}), summing rows in
     * ascending order; {@code out} is [1, m.cols()].
     */
    public static void sumColumns(Matrix m, Matrix out, boolean accumulate) {
        Shapes.requireShape("column sums", out, 1, m.cols());
        Shapes.requireDType(m.dtype(), "column sums", out);
        int n = m.rows, c = m.cols;
        if (m instanceof DoubleMatrix md) {
            DoubleMatrix o = (DoubleMatrix) out;
            if (!accumulate) {
                o.fill(0.0);
            }
            if (Kernels.VECTOR) {
                VectorElementwiseDouble.sumColumns(md.data, md.offset, n, c, o.data, o.offset);
                return;
            }
            for (int i = 0; i < n; i++) {
                int base = md.offset + i * c;
                for (int j = 0; j < c; j++) {
                    o.data[o.offset + j] += md.data[base + j];
                }
            }
        } else {
            FloatMatrix mf = (FloatMatrix) m;
            FloatMatrix o = (FloatMatrix) out;
            if (!accumulate) {
                o.fill(0.0);
            }
            if (Kernels.VECTOR) {
                VectorElementwiseFloat.sumColumns(mf.data, mf.offset, n, c, o.data, o.offset);
                return;
            }
            for (int i = 0; i < n; i++) {
                int base = mf.offset + i * c;
                for (int j = 0; j < c; j++) {
                    o.data[o.offset + j] += mf.data[base + j];
                }
            }
        }
    }

    /**
     * {@code out = f(z)} element-wise; {@code out} may be {@code z} itself. Float32 sigmoid and tanh
     * use {@link Float32Math}'s exponential (same bits on the vector and scalar paths and on every
     * JDK); float64 uses {@code Math.exp} and {@code StrictMath.tanh} as {@link Nonlinearity} does.
     */
    public static void activate(Nonlinearity f, double slope, Matrix z, Matrix out) {
        Shapes.requireSame("pre-activation", z, "activation", out);
        Shapes.requireDType(z.dtype(), "activation", out);
        activate(f, slope, z, out, 0, z.size());
    }

    /**
     * Fused forward epilogue {@code out = f(z + bias)} (z is updated in place to {@code z + bias}),
     * split by rows over the threads of {@code compute} when large; {@code bias} may be null.
     */
    public static void biasActivate(Matrix z, Matrix bias, Nonlinearity f, double slope, Matrix out,
                                    Compute compute) {
        checkBiasActivate(z, bias, out);
        RowsJob job = compute.rowsJob();
        if (job != null && RowsJob.worthSplitting(z, f)) {
            job.biasActivate(z, bias, f, slope, out);
            compute.runOnAll(job);
        } else {
            biasActivateRows(z, bias, f, slope, out, 0, z.rows);
        }
    }

    /** The shapes and dtypes {@link #biasActivate} needs. */
    static void checkBiasActivate(Matrix z, Matrix bias, Matrix out) {
        if (bias != null) {
            Shapes.requireShape("row vector", bias, 1, z.cols());
            Shapes.requireDType(z.dtype(), "row vector", bias);
        }
        Shapes.requireSame("pre-activation", z, "activation", out);
        Shapes.requireDType(z.dtype(), "activation", out);
    }

    static void biasActivateRows(Matrix z, Matrix bias, Nonlinearity f, double slope, Matrix out, int r0, int r1) {
        if (bias != null) {
            addRowVector(z, bias, r0, r1);
        }
        if (f != Nonlinearity.IDENTITY || out != z) {
            activate(f, slope, z, out, r0 * z.cols, r1 * z.cols);
        }
    }

    /** {@code out = f(z)} for elements [from, to) in row-major order; arguments already checked. */
    static void activate(Nonlinearity f, double slope, Matrix z, Matrix out, int from, int to) {
        int n = to - from;
        if (z instanceof DoubleMatrix zd) {
            DoubleMatrix o = (DoubleMatrix) out;
            int zo = zd.offset + from, oo = o.offset + from;
            for (int i = 0; i < n; i++) {
                o.data[oo + i] = f.apply(zd.data[zo + i], slope);
            }
        } else {
            FloatMatrix zf = (FloatMatrix) z;
            FloatMatrix o = (FloatMatrix) out;
            int zo = zf.offset + from, oo = o.offset + from;
            float slopeF = (float) slope;
            if (Kernels.VECTOR) {
                VectorElementwiseFloat.activate(f, slopeF, zf.data, zo, o.data, oo, n);
                return;
            }
            for (int i = 0; i < n; i++) {
                o.data[oo + i] = Float32Math.apply(f, zf.data[zo + i], slopeF);
            }
        }
    }

    /**
     * {@code gradZ = gradA ⊙ f'(z)}, with f' taken from the input {@code z} and the output
     * {@code a = f(z)}; {@code gradZ} may be {@code gradA} itself.
     */
    public static void activationGradient(Nonlinearity f, double slope, Matrix z, Matrix a, Matrix gradA,
                                          Matrix gradZ) {
        Shapes.requireSame("pre-activation", z, "activation", a);
        Shapes.requireSame("pre-activation", z, "activation gradient", gradA);
        Shapes.requireSame("pre-activation", z, "pre-activation gradient", gradZ);
        activationGradient(f, slope, z, a, gradA, gradZ, 0, z.size());
    }

    /** {@link #activationGradient(Nonlinearity, double, Matrix, Matrix, Matrix, Matrix)} split by rows over {@code compute}. */
    public static void activationGradient(Nonlinearity f, double slope, Matrix z, Matrix a, Matrix gradA,
                                          Matrix gradZ, Compute compute) {
        RowsJob job = compute.rowsJob();
        if (job == null || !RowsJob.worthSplitting(z)) {
            activationGradient(f, slope, z, a, gradA, gradZ);
            return;
        }
        Shapes.requireSame("pre-activation", z, "activation", a);
        Shapes.requireSame("pre-activation", z, "activation gradient", gradA);
        Shapes.requireSame("pre-activation", z, "pre-activation gradient", gradZ);
        job.activationGradient(f, slope, z, a, gradA, gradZ);
        compute.runOnAll(job);
    }

    /** The gradient for elements [from, to) in row-major order; arguments already checked. */
    static void activationGradient(Nonlinearity f, double slope, Matrix z, Matrix a, Matrix gradA, Matrix gradZ,
                                   int from, int to) {
        int n = to - from;
        if (z instanceof DoubleMatrix zd) {
            DoubleMatrix ad = (DoubleMatrix) a, gad = (DoubleMatrix) gradA, gzd = (DoubleMatrix) gradZ;
            int zo = zd.offset + from, ao = ad.offset + from, go = gad.offset + from, oo = gzd.offset + from;
            if (Kernels.VECTOR) {
                VectorElementwiseDouble.activationGradient(f, slope, zd.data, zo, ad.data, ao, gad.data, go, gzd.data,
                        oo, n);
                return;
            }
            for (int i = 0; i < n; i++) {
                double d = f.derivative(zd.data[zo + i], ad.data[ao + i], slope);
                gzd.data[oo + i] = gad.data[go + i] * d;
            }
        } else {
            FloatMatrix zf = (FloatMatrix) z, af = (FloatMatrix) a, gaf = (FloatMatrix) gradA, gzf = (FloatMatrix) gradZ;
            int zo = zf.offset + from, ao = af.offset + from, go = gaf.offset + from, oo = gzf.offset + from;
            float slopeF = (float) slope;
            if (Kernels.VECTOR) {
                VectorElementwiseFloat.activationGradient(f, slopeF, zf.data, zo, af.data, ao, gaf.data, go, gzf.data,
                        oo, n);
                return;
            }
            for (int i = 0; i < n; i++) {
                gzf.data[oo + i] = Float32Math.gradient(f, zf.data[zo + i], af.data[ao + i], gaf.data[go + i], slopeF);
            }
        }
    }

    /** {@code y += alpha · x}. */
    public static void axpy(double alpha, Matrix x, Matrix y) {
        Shapes.requireSame("x", x, "y", y);
        Shapes.requireDType(y.dtype(), "x", x);
        axpy(alpha, x, y, 0, x.size());
    }

    /**
     * {@code y += alpha · x} on rows [fromRow, toRow) only.
     *
     * @throws IndexOutOfBoundsException if the rows are not within x
     */
    public static void axpyRows(double alpha, Matrix x, Matrix y, int fromRow, int toRow) {
        Shapes.requireSame("x", x, "y", y);
        Shapes.requireDType(y.dtype(), "x", x);
        java.util.Objects.checkFromToIndex(fromRow, toRow, x.rows());
        axpy(alpha, x, y, fromRow * x.cols, toRow * x.cols);
    }

    /** {@code y += alpha · x} for elements [from, to) in row-major order; arguments already checked. */
    static void axpy(double alpha, Matrix x, Matrix y, int from, int to) {
        int n = to - from;
        if (x instanceof DoubleMatrix xd) {
            DoubleMatrix yd = (DoubleMatrix) y;
            int xo = xd.offset + from, yo = yd.offset + from;
            if (Kernels.VECTOR) {
                VectorElementwiseDouble.axpy(alpha, xd.data, xo, yd.data, yo, n);
                return;
            }
            for (int i = 0; i < n; i++) {
                yd.data[yo + i] += alpha * xd.data[xo + i];
            }
        } else {
            FloatMatrix xf = (FloatMatrix) x, yf = (FloatMatrix) y;
            int xo = xf.offset + from, yo = yf.offset + from;
            float a = (float) alpha;
            if (Kernels.VECTOR) {
                VectorElementwiseFloat.axpy(a, xf.data, xo, yf.data, yo, n);
                return;
            }
            for (int i = 0; i < n; i++) {
                yf.data[yo + i] += a * xf.data[xo + i];
            }
        }
    }

    /** {@code x *= alpha}. */
    public static void scale(double alpha, Matrix x) {
        int n = x.size();
        if (x instanceof DoubleMatrix xd) {
            for (int i = 0; i < n; i++) {
                xd.data[xd.offset + i] *= alpha;
            }
        } else {
            FloatMatrix xf = (FloatMatrix) x;
            float a = (float) alpha;
            for (int i = 0; i < n; i++) {
                xf.data[xf.offset + i] *= a;
            }
        }
    }

    /** {@code Σ x²} over all elements, accumulated in float64 in row-major order. */
    public static double sumOfSquares(Matrix x) {
        double sum = 0.0;
        int n = x.size();
        if (x instanceof DoubleMatrix xd) {
            for (int i = 0; i < n; i++) {
                double v = xd.data[xd.offset + i];
                sum += v * v;
            }
        } else {
            FloatMatrix xf = (FloatMatrix) x;
            for (int i = 0; i < n; i++) {
                double v = xf.data[xf.offset + i];
                sum += v * v;
            }
        }
        return sum;
    }

    /**
     * Copies rows {@code indices[from .. from + dst.rows())} of {@code src} into the rows of
     * {@code dst}, in order (any dtypes; converted where they differ).
     *
     * @throws IndexOutOfBoundsException naming the position and index when an index is outside src
     */
    public static void gatherRows(Matrix src, int[] indices, int from, Matrix dst) {
        checkGather(src, indices, from, dst);
        gatherRows(src, indices, from, dst, 0, dst.rows());
    }

    /** The widths and the index positions of a gather (the indices themselves are checked per row). */
    static void checkGather(Matrix src, int[] indices, int from, Matrix dst) {
        if (src.cols() != dst.cols()) {
            throw new ShapeException("gather: 'source' " + src.shape() + " and 'destination' " + dst.shape()
                    + " must have the same number of columns");
        }
        int count = dst.rows();
        if (from < 0 || from + count > indices.length) {
            throw new IndexOutOfBoundsException("gather: positions [" + from + ", " + (from + count)
                    + ") are outside an index array of length " + indices.length);
        }
    }

    /** {@code indices[position]}, checked to name a row of {@code src}. */
    static int sourceRow(Matrix src, int[] indices, int position) {
        int s = indices[position];
        if (s < 0 || s >= src.rows()) {
            throw new IndexOutOfBoundsException("gather: index " + s + " at position " + position
                    + " is outside a source of " + src.rows() + " rows");
        }
        return s;
    }

    /** {@link #gatherRows(Matrix, int[], int, Matrix)} split by rows over {@code compute}. */
    public static void gatherRows(Matrix src, int[] indices, int from, Matrix dst, Compute compute) {
        RowsJob job = compute.rowsJob();
        if (job == null || !RowsJob.worthSplitting(dst) || src.dtype() != dst.dtype()) {
            gatherRows(src, indices, from, dst);
            return;
        }
        checkGather(src, indices, from, dst);
        job.gather(src, indices, from, dst);
        compute.runOnAll(job);
    }

    /** Rows [r0, r1) of {@code dst} from {@code indices[from + r]}; shapes already checked. */
    static void gatherRows(Matrix src, int[] indices, int from, Matrix dst, int r0, int r1) {
        int c = src.cols();
        for (int r = r0; r < r1; r++) {
            copyRow(src, sourceRow(src, indices, from + r), dst, r, c);
        }
    }

    private static void copyRow(Matrix src, int s, Matrix dst, int r, int c) {
        if (src instanceof DoubleMatrix sd && dst instanceof DoubleMatrix dd) {
            System.arraycopy(sd.data, sd.offset + s * c, dd.data, dd.offset + r * c, c);
        } else if (src instanceof FloatMatrix sf && dst instanceof FloatMatrix df) {
            System.arraycopy(sf.data, sf.offset + s * c, df.data, df.offset + r * c, c);
        } else {
            for (int j = 0; j < c; j++) {
                dst.set(r, j, src.get(s, j));
            }
        }
    }

    /** {@code out[i]} = index of the largest value in row i (the first one on ties). */
    public static void argmaxRows(Matrix m, int[] out) {
        if (out.length < m.rows()) {
            throw new ShapeException("argmax: output has " + out.length + " slots for " + m.rows() + " rows");
        }
        for (int i = 0; i < m.rows(); i++) {
            int best = 0;
            double bestValue = m.get(i, 0);
            for (int j = 1; j < m.cols(); j++) {
                double v = m.get(i, j);
                if (v > bestValue) {
                    best = j;
                    bestValue = v;
                }
            }
            out[i] = best;
        }
    }
}
