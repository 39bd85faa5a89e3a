package dev.backprop.io;

import static dev.backprop.io.NpyTestSupport.npy;
import static dev.backprop.io.NpyTestSupport.readBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Header spellings other writers produce are accepted wherever Python would read the same dict. */
class NpyHeaderGrammarTest {

    /** Each header means float64 of shape (2, 1). */
    @ParameterizedTest
    @ValueSource(strings = {
        "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 1), }          \n",
        "{\"descr\": \"<f8\", \"fortran_order\": False, \"shape\": (2, 1)}\n",
        "{'shape': (2, 1), 'fortran_order': False, 'descr': '<f8'}",
        "{'descr':'<f8','fortran_order':False,'shape':(2,1)}",
        "  {  'descr' : '<f8' ,\n\t'fortran_order' : False ,\r\n 'shape' : ( 2 , 1 , ) , }  \n",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (2L, 1L), }\n",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (+2, 0001), }\n",
        "{'descr': '<f8', 'fortran_order': False, 'shape': ((2), 1), }\n",
    })
    void acceptsEquivalentSpellings(String header) throws IOException {
        NpyArray a = readBytes(npy(1, header, new byte[16]));

        assertEquals(NpyDType.FLOAT64, a.dtype());
        assertArrayEquals(new int[] {2, 1}, a.shape());
    }

    @ParameterizedTest
    @ValueSource(strings = {"|u1", "<u1", "u1", ">u1", "=u1"})
    void acceptsEveryByteOrderSpellingOfUint8(String descr) throws IOException {
        NpyArray a = readBytes(npy(1, "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (3,), }\n",
                new byte[] {1, 2, (byte) 255}));

        assertEquals(NpyDType.UINT8, a.dtype());
        assertArrayEquals(new int[] {1, 2, 255}, a.toIntArray());
    }

    @Test
    void emptyTupleIsAZeroDimensionalShape() throws IOException {
        NpyArray a = readBytes(npy(1, "{'descr': '<i8', 'fortran_order': False, 'shape': ( ), }\n", new byte[8]));

        assertEquals(0, a.ndim());
        assertEquals(1, a.size());
    }

    @Test
    void escapedQuotesAndBackslashesAreUnderstoodThenJudgedAsDescriptors() {
        String header = "{'descr': '<\\\\f\\'8', 'fortran_order': False, 'shape': (), }\n"; // the string <\f'8

        NpyFormatException e = assertThrows(NpyFormatException.class, () -> readBytes(npy(1, header, new byte[8])));

        assertTrue(e.getMessage().contains("unsupported dtype '<\\f'8'"), e.getMessage());
    }
}
