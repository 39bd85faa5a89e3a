package dev.backprop.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * An array of unsigned bytes as read from an IDX file by {@link IdxFile}: its dimensions, outermost
 * first, and its values in row-major order.
 *
 * <pre>{@code
 * IdxArray images = IdxFile.read(Path.of("mnist/train-images-idx3-ubyte.gz"));
 * int rows = images.dimension(1);          // 28
 * int firstPixel = images.unsigned(0);     // 0..255
 * }</pre>
 *
 * <p>Two arrays are equal when their dimensions and values are equal.
 *
 * @param dimensions the size of each dimension, outermost first (copied; each 0 or more)
 * @param data       all values, row-major, as stored (not copied: signed Java bytes holding 0..255)
 */
public record IdxArray(int[] dimensions, byte[] data) {

    /**
     * Checks that {@code data} holds exactly the product of {@code dimensions} values.
     *
     * @param dimensions the size of each dimension, outermost first
     * @param data       all values, row-major
     * @throws IllegalArgumentException if there are no dimensions, one is negative, or the product
     *     differs from {@code data.length}
     */
    public IdxArray {
        Objects.requireNonNull(dimensions, "dimensions");
        Objects.requireNonNull(data, "data");
        dimensions = dimensions.clone();
        if (dimensions.length == 0) {
            throw new IllegalArgumentException("an IDX array has at least one dimension");
        }
        long product = 1;
        for (int d : dimensions) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(dimensions));
            }
            // Stops multiplying once past an int, so the long cannot overflow.
            product = Math.min(product * d, (long) Integer.MAX_VALUE + 1);
        }
        if (product != data.length) {
            throw new IllegalArgumentException("dimensions " + Arrays.toString(dimensions) + " hold "
                    + (product > Integer.MAX_VALUE ? "more than " + Integer.MAX_VALUE : product)
                    + " values, but data has " + data.length);
        }
    }

    /**
     * The size of each dimension, outermost first.
     *
     * @return a copy of the dimensions
     */
    @Override
    public int[] dimensions() {
        return dimensions.clone();
    }

    /**
     * The number of dimensions.
     *
     * @return 1 to {@link IdxFile#MAX_DIMENSIONS} for arrays read from files
     */
    public int rank() {
        return dimensions.length;
    }

    /**
     * The size of dimension {@code axis}.
     *
     * @param axis 0 for the outermost dimension
     * @return the size, 0 or more
     * @throws IndexOutOfBoundsException if {@code axis} is not in {@code [0, rank())}
     */
    public int dimension(int axis) {
        return dimensions[Objects.checkIndex(axis, dimensions.length)];
    }

    /**
     * Value {@code index} (row-major) as 0..255.
     *
     * @param index position in {@link #data()}
     * @return the unsigned value
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, data().length)}
     */
    public int unsigned(int index) {
        return data[Objects.checkIndex(index, data.length)] & 0xFF;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdxArray other && Arrays.equals(dimensions, other.dimensions)
                && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(dimensions) + Arrays.hashCode(data);
    }

    /** The dimensions, e.g. {@code IdxArray[60000 x 28 x 28 unsigned bytes]}; never the data. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("IdxArray[");
        for (int i = 0; i < dimensions.length; i++) {
            s.append(i == 0 ? "" : " x ").append(dimensions[i]);
        }
        return s.append(" unsigned bytes]").toString();
    }
}
