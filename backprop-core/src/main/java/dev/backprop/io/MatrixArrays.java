package dev.backprop.io;

import dev.backprop.tensor.DType;
import dev.backprop.tensor.DoubleMatrix;
import dev.backprop.tensor.FloatMatrix;
import dev.backprop.tensor.Matrix;
import java.util.Arrays;
import java.util.Objects;

/**
 * Converts between {@link Matrix} and {@link NpyArray}, the typed array that both {@code .npy}
 * files ({@link Npy}) and safetensors files ({@link SafeTensors}) hold, so weights are saved and
 * loaded in either format the same way.
 *
 * <pre>{@code
 * NpyArray w = MatrixArrays.toArray(weights);   // float32 (784, 64) for a float32 Matrix
 * SafeTensors.write(Path.of("w.safetensors"), Map.of("w", w));
 * Npy.write(Path.of("w.npy"), w);
 *
 * Matrix back = MatrixArrays.toMatrix(SafeTensors.read(Path.of("w.safetensors")).tensor("w"));
 * Matrix asF32 = MatrixArrays.toMatrix(Npy.read(Path.of("w.npy")), DType.FLOAT32);
 * }</pre>
 */
public final class MatrixArrays {

    private MatrixArrays() {
    }

    /**
     * Copies a matrix into an array of shape {@code (rows, cols)}: float32 for a float32 matrix,
     * float64 for a float64 one, values bit for bit. The copy is a snapshot, so training may go on
     * changing the matrix while the array is written out.
     *
     * @param m the matrix, possibly a row view of a larger one
     * @return a new two-dimensional array
     */
    public static NpyArray toArray(Matrix m) {
        Objects.requireNonNull(m, "m");
        int from;
        // Row-major with whole rows, so even a view of rows is one contiguous range of the backing array.
        if (m instanceof FloatMatrix) {
            FloatMatrix f = (FloatMatrix) m;
            from = f.offset();
            return NpyArray.ofFloat32(Arrays.copyOfRange(f.data(), from, from + m.size()), m.rows(), m.cols());
        }
        DoubleMatrix d = (DoubleMatrix) m;
        from = d.offset();
        return NpyArray.ofFloat64(Arrays.copyOfRange(d.data(), from, from + m.size()), m.rows(), m.cols());
    }

    /**
     * Copies a one- or two-dimensional array into a new matrix: a float32 array becomes a float32
     * matrix and everything else a float64 one (integers convert exactly). A one-dimensional array
     * of n elements becomes a matrix of shape [1, n], Backprop's shape for vectors such as biases.
     *
     * @param array the array
     * @return a new matrix
     * @throws IllegalArgumentException if the array has no axes or more than two
     * @throws ArithmeticException if an int64 element exceeds 2^53 in magnitude and so has no exact
     *     double
     */
    public static Matrix toMatrix(NpyArray array) {
        Objects.requireNonNull(array, "array");
        return toMatrix(array, array.dtype() == NpyDType.FLOAT32 ? DType.FLOAT32 : DType.FLOAT64);
    }

    /**
     * Copies a one- or two-dimensional array into a new matrix of the given element type, rounding
     * to nearest where that type is narrower (float64 or large integers to float32). A
     * one-dimensional array of n elements becomes a matrix of shape [1, n].
     *
     * @param array the array
     * @param dtype the element type of the matrix
     * @return a new matrix
     * @throws IllegalArgumentException if the array has no axes or more than two
     * @throws ArithmeticException if {@code dtype} is float64 and an int64 element exceeds 2^53 in
     *     magnitude
     */
    public static Matrix toMatrix(NpyArray array, DType dtype) {
        Objects.requireNonNull(array, "array");
        Objects.requireNonNull(dtype, "dtype");
        int[] shape = array.shape();
        if (shape.length < 1 || shape.length > 2) {
            throw new IllegalArgumentException("a matrix needs a 1-D or 2-D array, got " + array
                    + (shape.length == 0 ? "; a scalar has no rows or columns" : ""));
        }
        int rows = shape.length == 1 ? 1 : shape[0];
        int cols = shape[shape.length - 1];
        return dtype == DType.FLOAT32
                ? Matrix.wrap(array.toFloatArray(), rows, cols)
                : Matrix.wrap(array.toDoubleArray(), rows, cols);
    }
}
