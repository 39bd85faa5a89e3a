package dev.backprop.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.tensor.DType;
import dev.backprop.tensor.Matrix;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Matrices survive a trip through safetensors and .npy files bit for bit. */
class MatrixArraysTest {

    @TempDir
    Path dir;

    private static final float[] F32 = {0.1f, -0.0f, Float.MIN_VALUE, Float.MAX_VALUE, Float.NaN,
        Float.intBitsToFloat(0x7fa00001), Float.NEGATIVE_INFINITY, 1.0f / 3};
    private static final double[] F64 = {0.1, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, Double.NaN,
        Double.longBitsToDouble(0x7ff4000000000001L), Double.NEGATIVE_INFINITY, 1.0 / 3};

    private static void assertSameBits(Matrix expected, Matrix actual) {
        assertEquals(expected.dtype(), actual.dtype());
        assertEquals(expected.shape(), actual.shape());
        for (int i = 0; i < expected.size(); i++) {
            if (expected.dtype() == DType.FLOAT32) {
                assertEquals(Float.floatToRawIntBits((float) expected.getFlat(i)),
                        Float.floatToRawIntBits((float) actual.getFlat(i)), "element " + i);
            } else {
                assertEquals(Double.doubleToRawLongBits(expected.getFlat(i)), Double.doubleToRawLongBits(actual.getFlat(i)),
                        "element " + i);
            }
        }
    }

    @Test
    void float32AndFloat64MatricesRoundTripThroughSafetensorsBitExact() throws IOException {
        Matrix f32 = Matrix.wrap(F32.clone(), 2, 4);
        Matrix f64 = Matrix.wrap(F64.clone(), 4, 2);
        Map<String, NpyArray> tensors = new LinkedHashMap<>();
        tensors.put("f32", MatrixArrays.toArray(f32));
        tensors.put("f64", MatrixArrays.toArray(f64));
        Path file = dir.resolve("m.safetensors");
        SafeTensors.write(file, tensors);

        SafeTensorsFile read = SafeTensors.read(file);

        assertEquals(NpyDType.FLOAT32, read.tensor("f32").dtype());
        assertEquals(NpyDType.FLOAT64, read.tensor("f64").dtype());
        assertArrayEquals(new int[] {2, 4}, read.tensor("f32").shape());
        assertSameBits(f32, MatrixArrays.toMatrix(read.tensor("f32")));
        assertSameBits(f64, MatrixArrays.toMatrix(read.tensor("f64")));
    }

    @Test
    void matricesRoundTripThroughNpyFiles() throws IOException {
        Matrix f32 = Matrix.wrap(F32.clone(), 4, 2);
        Path file = dir.resolve("m.npy");
        Npy.write(file, MatrixArrays.toArray(f32));

        assertSameBits(f32, MatrixArrays.toMatrix(Npy.read(file)));
    }

    @Test
    void rowViewsCopyOnlyTheirRows() {
        Matrix whole = Matrix.wrap(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 4, 2);

        NpyArray middle = MatrixArrays.toArray(whole.rows(1, 3));

        assertEquals(NpyArray.ofFloat64(new double[] {3, 4, 5, 6}, 2, 2), middle);
    }

    @Test
    void theArrayIsASnapshot() {
        Matrix m = Matrix.wrap(new float[] {1, 2}, 1, 2);
        NpyArray a = MatrixArrays.toArray(m);

        m.set(0, 0, 99);

        assertArrayEquals(new float[] {1, 2}, a.toFloatArray());
    }

    @Test
    void oneDimensionalArraysBecomeRowVectors() {
        Matrix bias = MatrixArrays.toMatrix(NpyArray.ofFloat32(new float[] {1, 2, 3}, 3));

        assertEquals("[1, 3]", bias.shape());
        assertEquals(DType.FLOAT32, bias.dtype());
        assertArrayEquals(new double[] {1, 2, 3}, bias.toDoubleArray());
    }

    @Test
    void emptyShapesConvert() {
        assertEquals("[0, 3]", MatrixArrays.toMatrix(NpyArray.ofFloat64(new double[0], 0, 3)).shape());
        assertEquals("[1, 0]", MatrixArrays.toMatrix(NpyArray.ofFloat64(new double[0], 0)).shape());
        assertEquals(NpyArray.ofFloat32(new float[0], 0, 5), MatrixArrays.toArray(Matrix.zeros(DType.FLOAT32, 0, 5)));
    }

    @Test
    void integerArraysBecomeFloat64MatricesExactly() {
        Matrix m = MatrixArrays.toMatrix(NpyArray.ofInt64(new long[] {1L << 53, -(1L << 53), 0, 255}, 2, 2));

        assertEquals(DType.FLOAT64, m.dtype());
        assertArrayEquals(new double[] {0x1p53, -0x1p53, 0, 255}, m.toDoubleArray());
        assertThrows(ArithmeticException.class,
                () -> MatrixArrays.toMatrix(NpyArray.ofInt64(new long[] {(1L << 53) + 1}, 1)));
    }

    @Test
    void anExplicitDtypeConverts() {
        Matrix narrowed = MatrixArrays.toMatrix(NpyArray.ofFloat64(new double[] {0.1, 1e300}, 1, 2), DType.FLOAT32);
        Matrix widened = MatrixArrays.toMatrix(NpyArray.ofFloat32(new float[] {0.1f}, 1, 1), DType.FLOAT64);

        assertEquals(DType.FLOAT32, narrowed.dtype());
        assertEquals(0.1f, (float) narrowed.get(0, 0));
        assertEquals(Double.POSITIVE_INFINITY, narrowed.get(0, 1));
        assertEquals((double) 0.1f, widened.get(0, 0));
    }

    @Test
    void scalarsAndHigherRanksAreRefused() {
        IllegalArgumentException scalar = assertThrows(IllegalArgumentException.class,
                () -> MatrixArrays.toMatrix(NpyArray.ofFloat64(new double[] {1})));
        IllegalArgumentException cube = assertThrows(IllegalArgumentException.class,
                () -> MatrixArrays.toMatrix(NpyArray.ofFloat64(new double[8], 2, 2, 2)));

        assertTrue(scalar.getMessage().contains("a matrix needs a 1-D or 2-D array, got NpyArray[float64 ()]; a scalar"),
                scalar.getMessage());
        assertTrue(cube.getMessage().contains("got NpyArray[float64 (2, 2, 2)]"), cube.getMessage());
    }
}
