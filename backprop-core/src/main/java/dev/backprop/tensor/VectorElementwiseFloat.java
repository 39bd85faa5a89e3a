package dev.backprop.tensor;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API twins of the float32 element-wise kernels in {@link Elementwise} and
 * {@link UpdateKernels}: the same operations in the same order on each lane, so the results are
 * bit-identical to the scalar loops (the tail of each array runs those loops). Transcendental
 * activations are evaluated in float64 lanes with {@link Float32Math}'s exponential.
 */
final class VectorElementwiseFloat {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Long> DL = D.withLanes(long.class);
    private static final int LH = D.length();
    private static final VectorSpecies<Integer> FI = F.withLanes(int.class);

    private VectorElementwiseFloat() {
    }

    static void axpy(float a, float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector yv = FloatVector.fromArray(F, y, yo + i);
            yv.add(FloatVector.fromArray(F, x, xo + i).mul(a)).intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            y[yo + i] += a * x[xo + i];
        }
    }

    static void momentum(float[] w, int wo, float[] g, int go, float[] v, int vo, int n, float lr, float mu,
                         boolean nesterov) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector gi = FloatVector.fromArray(F, g, go + i);
            FloatVector vi = FloatVector.fromArray(F, v, vo + i).mul(mu).add(gi);
            vi.intoArray(v, vo + i);
            FloatVector step = nesterov ? gi.add(vi.mul(mu)) : vi;
            FloatVector.fromArray(F, w, wo + i).sub(step.mul(lr)).intoArray(w, wo + i);
        }
        for (; i < n; i++) {
            float gi = g[go + i];
            float vi = mu * v[vo + i] + gi;
            v[vo + i] = vi;
            w[wo + i] -= lr * (nesterov ? gi + mu * vi : vi);
        }
    }

    static void adam(float[] w, int wo, float[] g, int go, float[] m, int mo, float[] v, int vo, int n,
                     float b1, float b2, float c1, float c2, float step, float corr, float eps) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector gi = FloatVector.fromArray(F, g, go + i);
            FloatVector mi = FloatVector.fromArray(F, m, mo + i).mul(b1).add(gi.mul(c1));
            FloatVector vi = FloatVector.fromArray(F, v, vo + i).mul(b2).add(gi.mul(c2).mul(gi));
            mi.intoArray(m, mo + i);
            vi.intoArray(v, vo + i);
            FloatVector denom = vi.lanewise(VectorOperators.SQRT).div(corr).add(eps);
            FloatVector.fromArray(F, w, wo + i).add(mi.div(denom).mul(-step)).intoArray(w, wo + i);
        }
        for (; i < n; i++) {
            float gi = g[go + i];
            float mi = m[mo + i] * b1 + gi * c1;
            float vi = v[vo + i] * b2 + c2 * gi * gi;
            m[mo + i] = mi;
            v[vo + i] = vi;
            float denom = (float) Math.sqrt(vi) / corr + eps;
            w[wo + i] += -step * (mi / denom);
        }
    }

    static void addRowVector(float[] m, int mo, int rows, int cols, float[] r, int ro) {
        for (int row = 0; row < rows; row++) {
            int base = mo + row * cols;
            int j = 0;
            for (int bound = F.loopBound(cols); j < bound; j += L) {
                FloatVector.fromArray(F, m, base + j).add(FloatVector.fromArray(F, r, ro + j)).intoArray(m, base + j);
            }
            for (; j < cols; j++) {
                m[base + j] += r[ro + j];
            }
        }
    }

    static void sumColumns(float[] m, int mo, int rows, int cols, float[] o, int oo) {
        for (int row = 0; row < rows; row++) {
            int base = mo + row * cols;
            int j = 0;
            for (int bound = F.loopBound(cols); j < bound; j += L) {
                FloatVector.fromArray(F, o, oo + j).add(FloatVector.fromArray(F, m, base + j)).intoArray(o, oo + j);
            }
            for (; j < cols; j++) {
                o[oo + j] += m[base + j];
            }
        }
    }

    static void activate(Nonlinearity f, float slope, float[] z, int zo, float[] out, int oo, int n) {
        // One loop per function: a vector chosen by a branch inside the loop would be boxed.
        int i = switch (f) {
            case RELU -> relu(z, zo, out, oo, n);
            case LEAKY_RELU -> leakyRelu(slope, z, zo, out, oo, n);
            case SIGMOID -> sigmoid(z, zo, out, oo, n);
            case TANH -> tanh(z, zo, out, oo, n, false);
            case IMPROVED_SIGMOID -> tanh(z, zo, out, oo, n, true);
            default -> 0;
        };
        for (; i < n; i++) {
            out[oo + i] = Float32Math.apply(f, z[zo + i], slope);
        }
    }

    private static int relu(float[] z, int zo, float[] out, int oo, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(F, z, zo + i).max(0f).intoArray(out, oo + i);
        }
        return i;
    }

    private static int leakyRelu(float slope, float[] z, int zo, float[] out, int oo, int n) {
        int i = 0;
        int bound = F.loopBound(n);
        if (slope <= 1f) {
            for (; i < bound; i += L) {
                FloatVector x = FloatVector.fromArray(F, z, zo + i);
                x.max(x.mul(slope)).intoArray(out, oo + i);
            }
        } else {
            for (; i < bound; i += L) {
                FloatVector x = FloatVector.fromArray(F, z, zo + i);
                x.min(x.mul(slope)).intoArray(out, oo + i);
            }
        }
        return i;
    }

    /** Elements widened to float64 at a time, in a per-thread buffer. */
    private static final int CHUNK = 1024;
    private static final ThreadLocal<double[]> WIDE = ThreadLocal.withInitial(() -> new double[CHUNK]);

    /**
     * Sigmoid in float64 lanes. The floats are widened into a buffer by a plain loop rather than by
     * a half-width float species: on JDK 17 a second float shape in the same process makes the JIT
     * give up intrinsics elsewhere (the products' FMAs), and every vector op then allocates.
     */
    private static int sigmoid(float[] z, int zo, float[] out, int oo, int n) {
        double[] wide = WIDE.get();
        int done = 0;
        for (int start = 0; start < n; start += CHUNK) {
            int len = Math.min(CHUNK, n - start);
            int vectorized = D.loopBound(len);
            widen(z, zo + start, wide, vectorized);
            for (int i = 0; i < vectorized; i += LH) {
                // exp(-x) written out rather than called: a vector crossing a call the JIT does not
                // inline is boxed; constants are made inside the loop for the same reason.
                DoubleVector x = DoubleVector.fromArray(D, wide, i).neg()
                        .max(Float32Math.MIN_ARG).min(Float32Math.MAX_ARG);
                DoubleVector shifted = x.fma(Float32Math.LOG2E, Float32Math.SHIFTER);
                DoubleVector k = shifted.sub(Float32Math.SHIFTER);
                DoubleVector r = k.fma(DoubleVector.broadcast(D, -Float32Math.LN2_HI), x);
                r = k.fma(DoubleVector.broadcast(D, -Float32Math.LN2_LO), r);
                DoubleVector e = series(r).fma(r, DoubleVector.broadcast(D, 1.0)).mul(twoTo(shifted));
                DoubleVector.broadcast(D, 1.0).div(e.add(1.0)).intoArray(wide, i);
            }
            narrow(wide, out, oo + start, vectorized);
            for (int i = vectorized; i < len; i++) {
                out[oo + start + i] = Float32Math.sigmoid(z[zo + start + i]);
            }
            done += len;
        }
        return done;
    }

    /** tanh(x), or with {@code improved} LeCun's 1.7159·tanh(2x/3). */
    private static int tanh(float[] z, int zo, float[] out, int oo, int n, boolean improved) {
        double[] wide = WIDE.get();
        Nonlinearity f = improved ? Nonlinearity.IMPROVED_SIGMOID : Nonlinearity.TANH;
        int done = 0;
        for (int start = 0; start < n; start += CHUNK) {
            int len = Math.min(CHUNK, n - start);
            int vectorized = D.loopBound(len);
            widen(z, zo + start, wide, vectorized);
            for (int i = 0; i < vectorized; i += LH) {
                DoubleVector x = DoubleVector.fromArray(D, wide, i);
                if (improved) {
                    x = x.mul(2.0).div(3.0);
                }
                // expm1(-2|x|) written out (see sigmoid), then |e| / (e + 2) with x's sign.
                DoubleVector a = x.abs().mul(-2.0).max(Float32Math.MIN_ARG).min(Float32Math.MAX_ARG);
                DoubleVector shifted = a.fma(Float32Math.LOG2E, Float32Math.SHIFTER);
                DoubleVector k = shifted.sub(Float32Math.SHIFTER);
                DoubleVector r = k.fma(DoubleVector.broadcast(D, -Float32Math.LN2_HI), a);
                r = k.fma(DoubleVector.broadcast(D, -Float32Math.LN2_LO), r);
                DoubleVector twoK = twoTo(shifted);
                DoubleVector em = twoK.fma(series(r).mul(r), twoK.sub(1.0));
                DoubleVector t = em.abs().div(em.add(2.0));
                LongVector sign = ((LongVector) x.reinterpretShape(DL, 0)).and(Long.MIN_VALUE);
                DoubleVector y = (DoubleVector) ((LongVector) t.reinterpretShape(DL, 0)).or(sign).reinterpretShape(D, 0);
                if (improved) {
                    y = y.mul(Nonlinearity.IMPROVED_SIGMOID_SCALE);
                }
                y.intoArray(wide, i);
            }
            narrow(wide, out, oo + start, vectorized);
            for (int i = vectorized; i < len; i++) {
                out[oo + start + i] = Float32Math.apply(f, z[zo + start + i], 0f);
            }
            done += len;
        }
        return done;
    }

    /**
     * {@code out[i] = Float32Math.exp(x[i] - shift[i])} for the first {@code D.loopBound(n)}
     * elements, in float64 lanes; returns how many it did (the caller runs the rest with the scalar
     * function). The softmax cross-entropy's exponentials.
     */
    static int expShifted(double[] x, double[] shift, double[] out, int n) {
        int vectorized = D.loopBound(n);
        for (int i = 0; i < vectorized; i += LH) {
            DoubleVector a = DoubleVector.fromArray(D, x, i).sub(DoubleVector.fromArray(D, shift, i))
                    .max(Float32Math.MIN_ARG).min(Float32Math.MAX_ARG);
            DoubleVector shifted = a.fma(Float32Math.LOG2E, Float32Math.SHIFTER);
            DoubleVector k = shifted.sub(Float32Math.SHIFTER);
            DoubleVector r = k.fma(DoubleVector.broadcast(D, -Float32Math.LN2_HI), a);
            r = k.fma(DoubleVector.broadcast(D, -Float32Math.LN2_LO), r);
            // series() and twoTo() written out: called from here the JIT did not inline them, and
            // the vectors they returned were boxed (3 KB per training step in the allocation test).
            // The series is unrolled by hand too: as a loop over the coefficients, in some processes
            // the JIT compiled it with the broadcasts not intrinsified (W3 allocated 107,520 bytes
            // per step in 2 of 10 processes, all of it in this loop by JFR).
            double[] t = Float32Math.TAYLOR;
            DoubleVector p = DoubleVector.broadcast(D, t[0]);
            p = p.fma(r, DoubleVector.broadcast(D, t[1]));
            p = p.fma(r, DoubleVector.broadcast(D, t[2]));
            p = p.fma(r, DoubleVector.broadcast(D, t[3]));
            p = p.fma(r, DoubleVector.broadcast(D, t[4]));
            p = p.fma(r, DoubleVector.broadcast(D, t[5]));
            p = p.fma(r, DoubleVector.broadcast(D, t[6]));
            p = p.fma(r, DoubleVector.broadcast(D, t[7]));
            p = p.fma(r, DoubleVector.broadcast(D, t[8]));
            p = p.fma(r, DoubleVector.broadcast(D, t[9]));
            p = p.fma(r, DoubleVector.broadcast(D, t[10]));
            p = p.fma(r, DoubleVector.broadcast(D, t[11]));
            p = p.fma(r, DoubleVector.broadcast(D, 1.0));
            LongVector bits = ((LongVector) shifted.reinterpretShape(DL, 0)).sub(Float32Math.SHIFTER_BITS - 1023)
                    .lanewise(VectorOperators.LSHL, 52);
            p.fma(r, DoubleVector.broadcast(D, 1.0)).mul((DoubleVector) bits.reinterpretShape(D, 0))
                    .intoArray(out, i);
        }
        return vectorized;
    }

    /** Rows {@link #softmaxAcrossRows} takes at once: one per float64 lane. */
    static final int ROWS_ACROSS = LH;

    /**
     * The softmax of {@link #ROWS_ACROSS} rows of {@code c} logits at once, a row per float64 lane:
     * {@code zt} holds them transposed, {@code zt[j·ROWS_ACROSS + r]} = logit j of row r. Writes each
     * row's largest logit to {@code max} and its {@code Σ_j e^(z_j - max)} (added in class order,
     * from zero) to {@code sum}, and {@code e^(z_j - max)} to {@code e} in the same layout, or the
     * probabilities {@code e^(z_j - max) / Σ} when {@code divide}; {@code shifts} is scratch of the
     * same length. Per row these are the operations of the row-by-row path in
     * {@link SoftmaxCrossEntropyFloat}, in the same order, so the same bits; the lanes replace its
     * per-row chains of comparisons and additions. (A NaN logit makes its row's maximum NaN here
     * rather than being skipped by it; either way every exponential, the loss and the gradient of
     * that row are NaN.)
     */
    static void softmaxAcrossRows(double[] zt, int c, double[] shifts, double[] e, double[] max, double[] sum,
                                  boolean divide) {
        // Running values go through max and sum rather than staying in a vector across iterations:
        // JDK 17 boxed such loop-carried vectors in some compilations (3.6 KB per W1-sized step).
        DoubleVector.fromArray(D, zt, 0).intoArray(max, 0);
        for (int j = 1; j < c; j++) {
            DoubleVector.fromArray(D, max, 0).max(DoubleVector.fromArray(D, zt, j * LH)).intoArray(max, 0);
        }
        for (int j = 0; j < c; j++) {
            DoubleVector.fromArray(D, max, 0).intoArray(shifts, j * LH);
        }
        expShifted(zt, shifts, e, c * LH);
        DoubleVector.zero(D).intoArray(sum, 0);
        for (int j = 0; j < c; j++) {
            DoubleVector.fromArray(D, sum, 0).add(DoubleVector.fromArray(D, e, j * LH)).intoArray(sum, 0);
        }
        if (divide) {
            for (int j = 0; j < c; j++) {
                DoubleVector.fromArray(D, e, j * LH).div(DoubleVector.fromArray(D, sum, 0)).intoArray(e, j * LH);
            }
        }
    }

    /**
     * {@code out[i] = scale · (x[i] / y[i])} for the first {@code D.loopBound(n)} elements; returns
     * how many it did. The softmax's probabilities, scaled.
     */
    static int scaledQuotient(double scale, double[] x, double[] y, double[] out, int n) {
        int vectorized = D.loopBound(n);
        for (int i = 0; i < vectorized; i += LH) {
            DoubleVector.fromArray(D, x, i).div(DoubleVector.fromArray(D, y, i)).mul(scale).intoArray(out, i);
        }
        return vectorized;
    }

    private static void widen(float[] from, int at, double[] to, int len) {
        for (int i = 0; i < len; i++) {
            to[i] = from[at + i];
        }
    }

    private static void narrow(double[] from, float[] to, int at, int len) {
        for (int i = 0; i < len; i++) {
            to[at + i] = (float) from[i];
        }
    }

    static void activationGradient(Nonlinearity f, float slope, float[] z, int zo, float[] a, int ao,
                                   float[] g, int go, float[] out, int oo, int n) {
        int i = switch (f) {
            case SIGMOID -> sigmoidGradient(a, ao, g, go, out, oo, n);
            case TANH -> tanhGradient(a, ao, g, go, out, oo, n);
            case IMPROVED_SIGMOID -> improvedSigmoidGradient(a, ao, g, go, out, oo, n);
            case RELU, LEAKY_RELU -> reluGradient(f == Nonlinearity.RELU ? 0f : slope, z, zo, g, go, out, oo, n);
            default -> 0;
        };
        for (; i < n; i++) {
            out[oo + i] = Float32Math.gradient(f, z[zo + i], a[ao + i], g[go + i], slope);
        }
    }

    private static int sigmoidGradient(float[] a, int ao, float[] g, int go, float[] out, int oo, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector y = FloatVector.fromArray(F, a, ao + i);
            FloatVector.fromArray(F, g, go + i).mul(y.mul(y.neg().add(1f))).intoArray(out, oo + i);
        }
        return i;
    }

    private static int tanhGradient(float[] a, int ao, float[] g, int go, float[] out, int oo, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector y = FloatVector.fromArray(F, a, ao + i);
            FloatVector.fromArray(F, g, go + i).mul(y.mul(y).neg().add(1f)).intoArray(out, oo + i);
        }
        return i;
    }

    private static int improvedSigmoidGradient(float[] a, int ao, float[] g, int go, float[] out, int oo, int n) {
        int i = 0;
        float s = Float32Math.IMPROVED_SCALE;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector y = FloatVector.fromArray(F, a, ao + i);
            FloatVector d = y.mul(y).div(s).neg().add(s).mul(Float32Math.IMPROVED_SLOPE);
            FloatVector.fromArray(F, g, go + i).mul(d).intoArray(out, oo + i);
        }
        return i;
    }

    /**
     * {@code x > 0 ? g : g·slope} (slope 0: +0) by bit selection, since masks from comparisons are
     * boxed on some JDKs: x &gt; 0 exactly when its bits, as a signed int, lie in [1, 0x7F800000].
     */
    private static int reluGradient(float slope, float[] z, int zo, float[] g, int go, float[] out, int oo,
                                    int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            IntVector t = ((IntVector) FloatVector.fromArray(F, z, zo + i).reinterpretShape(FI, 0)).sub(1);
            IntVector outside = t.lanewise(VectorOperators.ASHR, 31)
                    .or(IntVector.broadcast(FI, 0x7F7FFFFF).sub(t).lanewise(VectorOperators.ASHR, 31));
            FloatVector gi = FloatVector.fromArray(F, g, go + i);
            IntVector gBits = (IntVector) gi.reinterpretShape(FI, 0);
            IntVector result = gBits.and(outside.not());
            if (slope != 0f) {
                result = result.or(((IntVector) gi.mul(slope).reinterpretShape(FI, 0)).and(outside));
            }
            ((FloatVector) result.reinterpretShape(F, 0)).intoArray(out, oo + i);
        }
        return i;
    }

    /** Float32Math's series (e^r - 1)/r, Horner's rule unrolled so that the JIT sees straight-line code. */
    private static DoubleVector series(DoubleVector r) {
        double[] t = Float32Math.TAYLOR;
        DoubleVector p = DoubleVector.broadcast(D, t[0]);
        p = p.fma(r, DoubleVector.broadcast(D, t[1]));
        p = p.fma(r, DoubleVector.broadcast(D, t[2]));
        p = p.fma(r, DoubleVector.broadcast(D, t[3]));
        p = p.fma(r, DoubleVector.broadcast(D, t[4]));
        p = p.fma(r, DoubleVector.broadcast(D, t[5]));
        p = p.fma(r, DoubleVector.broadcast(D, t[6]));
        p = p.fma(r, DoubleVector.broadcast(D, t[7]));
        p = p.fma(r, DoubleVector.broadcast(D, t[8]));
        p = p.fma(r, DoubleVector.broadcast(D, t[9]));
        p = p.fma(r, DoubleVector.broadcast(D, t[10]));
        p = p.fma(r, DoubleVector.broadcast(D, t[11]));
        return p.fma(r, DoubleVector.broadcast(D, 1.0));
    }

    /** 2^k from {@code shifted = k + 1.5·2^52}. */
    private static DoubleVector twoTo(DoubleVector shifted) {
        LongVector bits = ((LongVector) shifted.reinterpretShape(DL, 0)).sub(Float32Math.SHIFTER_BITS - 1023)
                .lanewise(VectorOperators.LSHL, 52);
        return (DoubleVector) bits.reinterpretShape(D, 0);
    }
}
