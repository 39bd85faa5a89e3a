package dev.backprop.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class NpyArrayTest {

    @Test
    void factoryRefusesShapeDataMismatchNamingBoth() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NpyArray.ofFloat64(new double[10], 3, 4));

        assertEquals("shape (3, 4) holds 12 elements but data has 10", e.getMessage());
    }

    @Test
    void everyFactoryValidatesTheShape() {
        assertThrows(IllegalArgumentException.class, () -> NpyArray.ofFloat32(new float[2], 3));
        assertThrows(IllegalArgumentException.class, () -> NpyArray.ofInt32(new int[2], 1));
        assertThrows(IllegalArgumentException.class, () -> NpyArray.ofInt64(new long[0]));
        assertThrows(IllegalArgumentException.class, () -> NpyArray.ofUint8(new byte[5], 2, 2));
        IllegalArgumentException scalar = assertThrows(IllegalArgumentException.class,
                () -> NpyArray.ofFloat64(new double[] {1, 2, 3}));
        assertEquals("shape () holds 1 elements but data has 3", scalar.getMessage());
    }

    @Test
    void factoryRefusesNegativeExtents() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NpyArray.ofInt32(new int[0], 0, -2));

        assertEquals("shape (0, -2) has negative extent -2 on axis 1", e.getMessage());
    }

    @Test
    void factoryRefusesShapesBeyondOneJavaArray() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NpyArray.ofUint8(new byte[1], 1 << 20, 1 << 20));

        assertTrue(e.getMessage().contains("more than 2147483639"), e.getMessage());
    }

    @Test
    void zeroDimensionalAndEmptyArrays() {
        NpyArray scalar = NpyArray.ofInt64(new long[] {7});
        NpyArray empty = NpyArray.ofFloat32(new float[0], 4, 0, 2);

        assertArrayEquals(new int[0], scalar.shape());
        assertEquals(0, scalar.ndim());
        assertEquals(1, scalar.size());
        assertArrayEquals(new long[] {7}, scalar.toLongArray());
        assertArrayEquals(new int[] {4, 0, 2}, empty.shape());
        assertEquals(0, empty.size());
        assertArrayEquals(new double[0], empty.toDoubleArray());
    }

    @Test
    void shapeIsCopiedInAndOut() {
        int[] shape = {2, 3};
        NpyArray a = NpyArray.ofInt32(new int[6], shape);
        shape[0] = 99;
        a.shape()[1] = 99;

        assertArrayEquals(new int[] {2, 3}, a.shape());
    }

    @Test
    void conversionsReturnFreshArrays() {
        NpyArray a = NpyArray.ofFloat64(new double[] {1, 2}, 2);
        a.toDoubleArray()[0] = 100;

        assertArrayEquals(new double[] {1, 2}, a.toDoubleArray());
    }

    @Test
    void toDoubleArrayConvertsEveryDtypeExactly() {
        assertArrayEquals(new double[] {1.5, -0.25}, NpyArray.ofFloat32(new float[] {1.5f, -0.25f}, 2).toDoubleArray());
        assertArrayEquals(new double[] {Integer.MIN_VALUE, 7}, NpyArray.ofInt32(new int[] {Integer.MIN_VALUE, 7}, 2).toDoubleArray());
        assertArrayEquals(new double[] {0, 255, 128}, NpyArray.ofUint8(new byte[] {0, -1, -128}, 3).toDoubleArray());
        long limit = 1L << 53;
        assertArrayEquals(new double[] {limit, -limit, 3},
                NpyArray.ofInt64(new long[] {limit, -limit, 3}, 3).toDoubleArray());
    }

    @Test
    void toDoubleArrayRefusesInt64BeyondTwoToThe53() {
        NpyArray a = NpyArray.ofInt64(new long[] {0, 0, 0, (1L << 53) + 1, 0, 0}, 2, 3);
        NpyArray negative = NpyArray.ofInt64(new long[] {-(1L << 53) - 1}, 1);

        ArithmeticException e = assertThrows(ArithmeticException.class, a::toDoubleArray);
        assertThrows(ArithmeticException.class, negative::toDoubleArray);

        assertTrue(e.getMessage().startsWith("element 3 (index [1, 0]) of int64 array (2, 3) is 9007199254740993"),
                e.getMessage());
    }

    @Test
    void toFloatArrayNarrowsAndConverts() {
        assertArrayEquals(new float[] {0.1f, 1e30f}, NpyArray.ofFloat64(new double[] {0.1, 1e30}, 2).toFloatArray());
        assertArrayEquals(new float[] {(float) Long.MAX_VALUE, -3}, NpyArray.ofInt64(new long[] {Long.MAX_VALUE, -3}, 2).toFloatArray());
        assertArrayEquals(new float[] {255, 1}, NpyArray.ofUint8(new byte[] {-1, 1}, 2).toFloatArray());
        assertArrayEquals(new float[] {-5}, NpyArray.ofInt32(new int[] {-5}).toFloatArray());
    }

    @Test
    void toIntArrayConvertsIntegerTypes() {
        assertArrayEquals(new int[] {0, 255, 200}, NpyArray.ofUint8(new byte[] {0, -1, (byte) 200}, 3).toIntArray());
        assertArrayEquals(new int[] {Integer.MIN_VALUE, Integer.MAX_VALUE},
                NpyArray.ofInt64(new long[] {Integer.MIN_VALUE, Integer.MAX_VALUE}, 2).toIntArray());
    }

    @Test
    void toIntArrayRefusesInt64OutsideIntRangeNamingIndexAndValue() {
        NpyArray a = NpyArray.ofInt64(new long[] {1, 2, 3, 4, 5, -3_000_000_000L}, 3, 2);

        ArithmeticException e = assertThrows(ArithmeticException.class, a::toIntArray);

        assertEquals("element 5 (index [2, 1]) of int64 array (3, 2) is -3000000000, outside the int range "
                + "-2147483648..2147483647", e.getMessage());
    }

    @Test
    void integerAccessorsRefuseFloatingPointArrays() {
        NpyArray f = NpyArray.ofFloat64(new double[] {1.0}, 1);
        NpyArray g = NpyArray.ofFloat32(new float[] {1.0f}, 1);

        IllegalStateException e = assertThrows(IllegalStateException.class, f::toIntArray);
        assertThrows(IllegalStateException.class, f::toLongArray);
        assertThrows(IllegalStateException.class, g::toUint8Array);
        assertThrows(IllegalStateException.class, g::toIntArray);

        assertTrue(e.getMessage().contains("cannot convert float64 array (1,) to int[]"), e.getMessage());
    }

    @Test
    void toLongArrayAndToUint8Array() {
        assertArrayEquals(new long[] {255, 3}, NpyArray.ofUint8(new byte[] {-1, 3}, 2).toLongArray());
        assertArrayEquals(new long[] {-4}, NpyArray.ofInt32(new int[] {-4}, 1).toLongArray());
        assertArrayEquals(new byte[] {-1, 0}, NpyArray.ofInt32(new int[] {255, 0}, 2).toUint8Array());
        assertArrayEquals(new byte[] {(byte) 128}, NpyArray.ofInt64(new long[] {128}, 1).toUint8Array());
        assertArrayEquals(new byte[] {5, -6}, NpyArray.ofUint8(new byte[] {5, -6}, 2).toUint8Array());

        ArithmeticException e = assertThrows(ArithmeticException.class,
                () -> NpyArray.ofInt32(new int[] {3, 256}, 2).toUint8Array());
        assertThrows(ArithmeticException.class, () -> NpyArray.ofInt64(new long[] {-1}, 1).toUint8Array());
        assertTrue(e.getMessage().contains("element 1 (index [1]) of int32 array (2,) is 256, outside the uint8 range 0..255"),
                e.getMessage());
    }

    @Test
    void equalityComparesDtypeShapeAndBits() {
        NpyArray a = NpyArray.ofFloat64(new double[] {Double.NaN, 1}, 2);

        assertEquals(a, NpyArray.ofFloat64(new double[] {Double.NaN, 1}, 2));
        assertEquals(a.hashCode(), NpyArray.ofFloat64(new double[] {Double.NaN, 1}, 2).hashCode());
        assertNotEquals(a, NpyArray.ofFloat64(new double[] {Double.NaN, 1}, 1, 2));
        assertNotEquals(NpyArray.ofFloat64(new double[] {0.0}), NpyArray.ofFloat64(new double[] {-0.0}));
        assertNotEquals(NpyArray.ofInt32(new int[] {1}), NpyArray.ofInt64(new long[] {1}));
        assertEquals("NpyArray[float64 (2,)]", a.toString());
    }

    @Test
    void dtypeDescriptorsAndAliases() {
        assertEquals("<f8", NpyDType.FLOAT64.descr());
        assertEquals(8, NpyDType.FLOAT64.itemSize());
        assertEquals(4, NpyDType.FLOAT32.itemSize());
        assertEquals(1, NpyDType.UINT8.itemSize());
        assertEquals("|u1", NpyDType.UINT8.descr());
        for (NpyDType t : NpyDType.values()) {
            assertEquals(Optional.of(t), NpyDType.fromDescr(t.descr()));
        }
        assertEquals(Optional.of(NpyDType.UINT8), NpyDType.fromDescr("<u1"));
        assertEquals(Optional.of(NpyDType.UINT8), NpyDType.fromDescr("u1"));
        assertEquals(Optional.empty(), NpyDType.fromDescr(">f8"));
        assertEquals(Optional.empty(), NpyDType.fromDescr(null));
    }
}
