package dev.backprop.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MatrixTest {

    @Test
    void rowViewsShareStorage() {
        Matrix m = Matrix.of(new double[][] {{1, 2}, {3, 4}, {5, 6}});
        Matrix view = m.rows(1, 3);
        assertEquals("[2, 2]", view.shape());
        view.set(0, 1, 40);
        assertEquals(40, m.get(1, 1));
        assertArrayEquals(new double[] {40, 5, 6}, new double[] {view.get(0, 1), view.get(1, 0), view.get(1, 1)});
        assertThrows(IndexOutOfBoundsException.class, () -> m.rows(2, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> view.get(2, 0));
    }

    @Test
    void copyFromConvertsBetweenDTypes() {
        Matrix d = Matrix.of(new double[][] {{0.1, 1e40}});
        Matrix f = Matrix.zeros(DType.FLOAT32, 1, 2);
        f.copyFrom(d);
        assertEquals((double) 0.1f, f.get(0, 0));
        assertEquals(Double.POSITIVE_INFINITY, f.get(0, 1));
        ShapeException e = assertThrows(ShapeException.class, () -> f.copyFrom(Matrix.zeros(DType.FLOAT64, 2, 1)));
        assertTrue(e.getMessage().contains("[1, 2]") && e.getMessage().contains("[2, 1]"), e.getMessage());
    }

    @Test
    void constructionValidates() {
        assertThrows(IllegalArgumentException.class, () -> Matrix.zeros(DType.FLOAT64, -1, 2));
        assertThrows(IllegalArgumentException.class, () -> Matrix.zeros(DType.FLOAT32, 1 << 16, 1 << 16));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Matrix.wrap(new double[5], 2, 3));
        assertTrue(e.getMessage().contains("needs 6 values, the array has 5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Matrix.of(new double[][] {{1, 2}, {3}}));
        assertEquals(DType.FLOAT32, DType.parse("f32"));
        assertThrows(IllegalArgumentException.class, () -> DType.parse("int8"));
    }

    @Test
    void toStringShowsShapeAndValues() {
        String s = Matrix.of(new double[][] {{1, 2}}).toString();
        assertTrue(s.startsWith("float64[1, 2]"), s);
        assertTrue(s.contains("[[1.00000, 2.00000]]"), s);
    }
}
