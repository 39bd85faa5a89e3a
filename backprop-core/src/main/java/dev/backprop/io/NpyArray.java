package dev.backprop.io;

import java.util.Arrays;
import java.util.Objects;

/**
 * An n-dimensional array as stored in a NumPy {@code .npy} file: an element type, a shape, and the
 * elements in C (row-major) order held in one primitive Java array of the matching type.
 *
 * <p>A zero-dimensional array (shape {@code ()}) holds exactly one value; a shape containing a 0
 * holds no values. The {@code to...Array()} accessors always return a fresh array the caller may
 * modify, converting between element types only where no information is silently lost (except
 * {@link #toFloatArray()}, which rounds by design).
 *
 * <pre>{@code
 * NpyArray w = NpyArray.ofFloat64(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
 * Npy.write(Path.of("w.npy"), w);
 * double[] back = Npy.read(Path.of("w.npy")).toDoubleArray();   // {1, 2, 3, 4, 5, 6}
 * }</pre>
 *
 * <p>The factories take ownership of the array they are given rather than copying it, so saving
 * large weight matrices costs no extra memory; do not modify that array afterwards.
 */
public final class NpyArray {

    /** Largest magnitude below which every int64 converts to a double exactly: 2^53. */
    private static final long MAX_EXACT_DOUBLE_INT = 1L << 53;

    private final NpyDType dtype;
    private final int[] shape;
    private final Object data;
    private final int size;
    /** Where the array was read from, for conversion messages; {@code null} if built in memory. */
    private final String source;

    private NpyArray(NpyDType dtype, int[] shape, Object data, int size, String source) {
        this.dtype = dtype;
        this.shape = shape;
        this.data = data;
        this.size = size;
        this.source = source;
    }

    /**
     * Wraps float64 values.
     *
     * @param data the elements in C order; not copied
     * @param shape the extents, one per axis; none for a zero-dimensional array
     * @return the array
     * @throws IllegalArgumentException if an extent is negative or the shape's element count is not
     *     {@code data.length}
     */
    public static NpyArray ofFloat64(double[] data, int... shape) {
        return create(NpyDType.FLOAT64, Objects.requireNonNull(data, "data"), data.length, shape);
    }

    /**
     * Wraps float32 values.
     *
     * @param data the elements in C order; not copied
     * @param shape the extents, one per axis; none for a zero-dimensional array
     * @return the array
     * @throws IllegalArgumentException if an extent is negative or the shape's element count is not
     *     {@code data.length}
     */
    public static NpyArray ofFloat32(float[] data, int... shape) {
        return create(NpyDType.FLOAT32, Objects.requireNonNull(data, "data"), data.length, shape);
    }

    /**
     * Wraps int32 values.
     *
     * @param data the elements in C order; not copied
     * @param shape the extents, one per axis; none for a zero-dimensional array
     * @return the array
     * @throws IllegalArgumentException if an extent is negative or the shape's element count is not
     *     {@code data.length}
     */
    public static NpyArray ofInt32(int[] data, int... shape) {
        return create(NpyDType.INT32, Objects.requireNonNull(data, "data"), data.length, shape);
    }

    /**
     * Wraps int64 values.
     *
     * @param data the elements in C order; not copied
     * @param shape the extents, one per axis; none for a zero-dimensional array
     * @return the array
     * @throws IllegalArgumentException if an extent is negative or the shape's element count is not
     *     {@code data.length}
     */
    public static NpyArray ofInt64(long[] data, int... shape) {
        return create(NpyDType.INT64, Objects.requireNonNull(data, "data"), data.length, shape);
    }

    /**
     * Wraps uint8 values. Java bytes are signed, so byte {@code -1} stands for 255; use
     * {@link #toIntArray()} to get the values as 0..255.
     *
     * @param data the elements in C order, as raw bytes; not copied
     * @param shape the extents, one per axis; none for a zero-dimensional array
     * @return the array
     * @throws IllegalArgumentException if an extent is negative or the shape's element count is not
     *     {@code data.length}
     */
    public static NpyArray ofUint8(byte[] data, int... shape) {
        return create(NpyDType.UINT8, Objects.requireNonNull(data, "data"), data.length, shape);
    }

    private static NpyArray create(NpyDType dtype, Object data, int length, int[] shape) {
        Objects.requireNonNull(shape, "shape");
        int[] s = shape.clone(); // the caller's varargs array may be reused and changed later
        for (int axis = 0; axis < s.length; axis++) {
            if (s[axis] < 0) {
                throw new IllegalArgumentException("shape " + Shapes.tuple(s) + " has negative extent "
                        + s[axis] + " on axis " + axis);
            }
        }
        long count = Shapes.elementCountOrMinusOne(s);
        if (count != length) {
            String holds = count < 0 ? "more than " + Shapes.MAX_ELEMENTS : Long.toString(count);
            throw new IllegalArgumentException("shape " + Shapes.tuple(s) + " holds " + holds
                    + " elements but data has " + length);
        }
        return new NpyArray(dtype, s, data, length, null);
    }

    /**
     * Wraps data decoded by the reader, whose shape and length were already checked against each
     * other, remembering the source for conversion messages.
     */
    static NpyArray fromFile(NpyDType dtype, int[] shape, Object data, int size, String source) {
        return new NpyArray(dtype, shape.clone(), data, size, source);
    }

    /**
     * Returns the element type.
     *
     * @return the dtype
     */
    public NpyDType dtype() {
        return dtype;
    }

    /**
     * Returns the extents, one per axis; empty for a zero-dimensional array.
     *
     * @return a copy of the shape
     */
    public int[] shape() {
        return shape.clone();
    }

    /**
     * Returns the number of axes: 0 for a scalar, 1 for a vector, 2 for a matrix.
     *
     * @return the length of the shape
     */
    public int ndim() {
        return shape.length;
    }

    /**
     * Returns the number of elements, the product of the shape (1 for a zero-dimensional array).
     *
     * @return the element count
     */
    public long size() {
        return size;
    }

    /** The backing primitive array, not copied; for the writer. */
    Object data() {
        return data;
    }

    /**
     * Returns the elements as doubles: float64 copied, float32 and the integer types widened
     * exactly.
     *
     * @return a new array of {@link #size()} doubles in C order
     * @throws ArithmeticException if an int64 element exceeds 2^53 in magnitude, beyond which
     *     doubles cannot represent every integer; the message names the element and its value
     */
    public double[] toDoubleArray() {
        double[] out = new double[size];
        switch (dtype) {
            case FLOAT64:
                System.arraycopy(data, 0, out, 0, size);
                break;
            case FLOAT32: {
                float[] in = (float[]) data;
                for (int i = 0; i < size; i++) {
                    out[i] = in[i];
                }
                break;
            }
            case INT32: {
                int[] in = (int[]) data;
                for (int i = 0; i < size; i++) {
                    out[i] = in[i];
                }
                break;
            }
            case INT64: {
                long[] in = (long[]) data;
                for (int i = 0; i < size; i++) {
                    long v = in[i];
                    if (v > MAX_EXACT_DOUBLE_INT || v < -MAX_EXACT_DOUBLE_INT) {
                        throw outOfRange(i, v, "double", "-2^53..2^53, where every integer is exact");
                    }
                    out[i] = v;
                }
                break;
            }
            case UINT8: {
                byte[] in = (byte[]) data;
                for (int i = 0; i < size; i++) {
                    out[i] = in[i] & 0xFF;
                }
                break;
            }
            default:
                throw new AssertionError(dtype);
        }
        return out;
    }

    /**
     * Returns the elements as floats: float32 copied, float64 rounded to nearest, integer types
     * converted (large int32/int64 values round to the nearest float, as in Java casts).
     *
     * @return a new array of {@link #size()} floats in C order
     */
    public float[] toFloatArray() {
        float[] out = new float[size];
        switch (dtype) {
            case FLOAT32:
                System.arraycopy(data, 0, out, 0, size);
                break;
            case FLOAT64: {
                double[] in = (double[]) data;
                for (int i = 0; i < size; i++) {
                    out[i] = (float) in[i];
                }
                break;
            }
            case INT32: {
                int[] in = (int[]) data;
                for (int i = 0; i < size; i++) {
                    out[i] = in[i];
                }
                break;
            }
            case INT64: {
                long[] in = (long[]) data;
                for (int i = 0; i < size; i++) {
                    out[i] = in[i];
                }
                break;
            }
            case UINT8: {
                byte[] in = (byte[]) data;
                for (int i = 0; i < size; i++) {
                    out[i] = in[i] & 0xFF;
                }
                break;
            }
            default:
                throw new AssertionError(dtype);
        }
        return out;
    }

    /**
     * Returns the elements as ints: int32 copied, uint8 as 0..255, int64 range-checked.
     *
     * @return a new array of {@link #size()} ints in C order
     * @throws IllegalStateException if the array holds floating-point values, which would be
     *     truncated
     * @throws ArithmeticException if an int64 element is outside the int range; the message names the
     *     element and its value
     */
    public int[] toIntArray() {
        requireInteger("int[]");
        int[] out = new int[size];
        switch (dtype) {
            case INT32:
                System.arraycopy(data, 0, out, 0, size);
                break;
            case INT64: {
                long[] in = (long[]) data;
                for (int i = 0; i < size; i++) {
                    long v = in[i];
                    if (v != (int) v) {
                        throw outOfRange(i, v, "int",
                                Integer.MIN_VALUE + ".." + Integer.MAX_VALUE);
                    }
                    out[i] = (int) v;
                }
                break;
            }
            case UINT8: {
                byte[] in = (byte[]) data;
                for (int i = 0; i < size; i++) {
                    out[i] = in[i] & 0xFF;
                }
                break;
            }
            default:
                throw new AssertionError(dtype);
        }
        return out;
    }

    /**
     * Returns the elements as longs: int64 copied, int32 widened, uint8 as 0..255.
     *
     * @return a new array of {@link #size()} longs in C order
     * @throws IllegalStateException if the array holds floating-point values, which would be
     *     truncated
     */
    public long[] toLongArray() {
        requireInteger("long[]");
        long[] out = new long[size];
        switch (dtype) {
            case INT64:
                System.arraycopy(data, 0, out, 0, size);
                break;
            case INT32: {
                int[] in = (int[]) data;
                for (int i = 0; i < size; i++) {
                    out[i] = in[i];
                }
                break;
            }
            case UINT8: {
                byte[] in = (byte[]) data;
                for (int i = 0; i < size; i++) {
                    out[i] = in[i] & 0xFF;
                }
                break;
            }
            default:
                throw new AssertionError(dtype);
        }
        return out;
    }

    /**
     * Returns the elements as raw uint8 bytes (255 appears as byte {@code -1}): uint8 copied, int32
     * and int64 range-checked against 0..255.
     *
     * @return a new array of {@link #size()} bytes in C order
     * @throws IllegalStateException if the array holds floating-point values
     * @throws ArithmeticException if an integer element is outside 0..255; the message names the
     *     element and its value
     */
    public byte[] toUint8Array() {
        requireInteger("uint8 byte[]");
        byte[] out = new byte[size];
        switch (dtype) {
            case UINT8:
                System.arraycopy(data, 0, out, 0, size);
                break;
            case INT32: {
                int[] in = (int[]) data;
                for (int i = 0; i < size; i++) {
                    if (in[i] < 0 || in[i] > 255) {
                        throw outOfRange(i, in[i], "uint8", "0..255");
                    }
                    out[i] = (byte) in[i];
                }
                break;
            }
            case INT64: {
                long[] in = (long[]) data;
                for (int i = 0; i < size; i++) {
                    if (in[i] < 0 || in[i] > 255) {
                        throw outOfRange(i, in[i], "uint8", "0..255");
                    }
                    out[i] = (byte) in[i];
                }
                break;
            }
            default:
                throw new AssertionError(dtype);
        }
        return out;
    }

    private void requireInteger(String target) {
        if (!dtype.isInteger()) {
            throw new IllegalStateException(prefix() + "cannot convert " + dtype.numpyName() + " array "
                    + Shapes.tuple(shape) + " to " + target
                    + ": its floating-point values would be truncated; use toDoubleArray() or toFloatArray()");
        }
    }

    private ArithmeticException outOfRange(int index, long value, String target, String range) {
        return new ArithmeticException(prefix() + "element " + index + " (index "
                + Shapes.multiIndex(shape, index) + ") of " + dtype.numpyName() + " array "
                + Shapes.tuple(shape) + " is " + value + ", outside the " + target + " range " + range);
    }

    private String prefix() {
        return source == null ? "" : source + ": ";
    }

    /**
     * Two arrays are equal when they have the same dtype, shape and elements; floating-point
     * elements compare by bit pattern (as {@link Arrays#equals(double[], double[])} does), so NaN
     * equals NaN and 0.0 differs from -0.0. Where the array was read from does not matter.
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof NpyArray)) {
            return false;
        }
        NpyArray other = (NpyArray) o;
        if (dtype != other.dtype || !Arrays.equals(shape, other.shape)) {
            return false;
        }
        switch (dtype) {
            case FLOAT32:
                return Arrays.equals((float[]) data, (float[]) other.data);
            case FLOAT64:
                return Arrays.equals((double[]) data, (double[]) other.data);
            case INT32:
                return Arrays.equals((int[]) data, (int[]) other.data);
            case INT64:
                return Arrays.equals((long[]) data, (long[]) other.data);
            case UINT8:
                return Arrays.equals((byte[]) data, (byte[]) other.data);
            default:
                throw new AssertionError(dtype);
        }
    }

    /** Hashes dtype, shape and elements, consistent with {@link #equals(Object)}. */
    @Override
    public int hashCode() {
        int h = 31 * dtype.hashCode() + Arrays.hashCode(shape);
        switch (dtype) {
            case FLOAT32:
                return 31 * h + Arrays.hashCode((float[]) data);
            case FLOAT64:
                return 31 * h + Arrays.hashCode((double[]) data);
            case INT32:
                return 31 * h + Arrays.hashCode((int[]) data);
            case INT64:
                return 31 * h + Arrays.hashCode((long[]) data);
            case UINT8:
                return 31 * h + Arrays.hashCode((byte[]) data);
            default:
                throw new AssertionError(dtype);
        }
    }

    /** Describes dtype and shape, e.g. {@code NpyArray[float64 (3, 4)]}; never the elements. */
    @Override
    public String toString() {
        return "NpyArray[" + dtype.numpyName() + " " + Shapes.tuple(shape) + "]";
    }
}
