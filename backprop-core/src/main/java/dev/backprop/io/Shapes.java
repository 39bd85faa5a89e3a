package dev.backprop.io;

/** Shape arithmetic and formatting shared by arrays, headers and messages. */
final class Shapes {

    /**
     * The most elements one Java array may hold. Some JVMs reserve header words in the array, so
     * {@code Integer.MAX_VALUE} itself can fail to allocate; the usual safe bound is 8 below it.
     */
    static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private Shapes() {
    }

    /**
     * Formats a shape the way Python prints a tuple, so messages match what NumPy users see:
     * {@code ()}, {@code (5,)}, {@code (3, 4)}.
     */
    static String tuple(int[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(shape[i]);
        }
        if (shape.length == 1) {
            sb.append(',');
        }
        return sb.append(')').toString();
    }

    /**
     * Returns the number of elements of a shape with non-negative entries, or -1 if it exceeds
     * {@link #MAX_ELEMENTS}. Stops multiplying as soon as the bound is passed so the product can
     * never overflow, and treats any zero extent as an empty array even when other extents are huge.
     */
    static long elementCountOrMinusOne(int[] shape) {
        for (int d : shape) {
            if (d == 0) {
                return 0;
            }
        }
        long count = 1;
        for (int d : shape) {
            count *= d; // both factors <= 2^31, so no overflow before the check below
            if (count > MAX_ELEMENTS) {
                return -1;
            }
        }
        return count;
    }

    /** Formats the C-order multi-index of flat position {@code flat}, e.g. {@code [1, 2]}. */
    static String multiIndex(int[] shape, long flat) {
        long[] idx = new long[shape.length];
        long rest = flat;
        for (int axis = shape.length - 1; axis >= 0; axis--) {
            idx[axis] = rest % shape[axis];
            rest /= shape[axis];
        }
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < idx.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(idx[i]);
        }
        return sb.append(']').toString();
    }
}
