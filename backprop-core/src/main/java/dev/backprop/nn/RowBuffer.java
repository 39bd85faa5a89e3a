package dev.backprop.nn;

import dev.backprop.tensor.DType;
import dev.backprop.tensor.Matrix;

/**
 * A reusable [rows, cols] work matrix for a batch. It grows only when a larger batch arrives and
 * hands out the same view while the batch size stays the same, so a training step allocates
 * nothing after the first batch of each size.
 */
final class RowBuffer {

    private final DType dtype;
    private final int cols;
    private Matrix storage;
    private Matrix view;

    RowBuffer(DType dtype, int cols) {
        this.dtype = dtype;
        this.cols = cols;
    }

    /** A [rows, cols] matrix whose contents are whatever was written last. */
    Matrix get(int rows) {
        if (view != null && view.rows() == rows) {
            return view;
        }
        if (storage == null || storage.rows() < rows) {
            storage = Matrix.zeros(dtype, rows, cols);
        }
        view = storage.rows(0, rows);
        return view;
    }
}
