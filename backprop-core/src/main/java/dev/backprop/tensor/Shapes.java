package dev.backprop.tensor;

/**
 * Shape and dtype checks at the kernel boundary. Every message names the operands and their shapes,
 * so a mistake is reported where it is made, not as an index error deep inside a loop.
 */
public final class Shapes {

    private Shapes() {
    }

    /** Requires {@code a} and {@code b} to have the same shape. */
    public static void requireSame(String aName, Matrix a, String bName, Matrix b) {
        if (!a.sameShape(b)) {
            throw new ShapeException("'" + aName + "' " + a.shape() + " and '" + bName + "' " + b.shape()
                    + " must have the same shape");
        }
    }

    /** Requires {@code m} to have exactly the given shape. */
    public static void requireShape(String name, Matrix m, int rows, int cols) {
        if (m.rows() != rows || m.cols() != cols) {
            throw new ShapeException("'" + name + "' has shape " + m.shape() + ", expected [" + rows + ", " + cols + "]");
        }
    }

    /** Requires all operands to share one dtype. */
    public static void requireDType(DType dtype, String name, Matrix m) {
        if (m.dtype() != dtype) {
            throw new ShapeException("'" + name + "' is " + m.dtype() + " but the other operands are " + dtype
                    + "; convert it with copyFrom first");
        }
    }

    /** Requires {@code out} not to share storage with {@code in} (kernels that read and write must not alias). */
    static void requireNoAlias(String outName, Matrix out, String inName, Matrix in) {
        boolean shared = (out instanceof DoubleMatrix o && in instanceof DoubleMatrix i && o.data == i.data)
                || (out instanceof FloatMatrix of && in instanceof FloatMatrix inf && of.data == inf.data);
        if (shared) {
            throw new ShapeException("'" + outName + "' must not share storage with '" + inName + "'");
        }
    }
}
