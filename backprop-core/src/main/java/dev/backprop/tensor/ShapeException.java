package dev.backprop.tensor;

/** Operands of a kernel have incompatible shapes or element types; the message names them. */
public class ShapeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message naming the operands and their shapes. */
    public ShapeException(String message) {
        super(message);
    }
}
