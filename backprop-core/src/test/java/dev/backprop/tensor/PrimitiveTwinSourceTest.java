package dev.backprop.tensor;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The Vector API has no generics over primitive types, so the float64 product kernel is the float32
 * one with its element type replaced. This test re-derives {@code VectorGemmDouble.java} from
 * {@code VectorGemmFloat.java} so that the two can never drift apart: change the float32 file and
 * regenerate the other with the same replacements (the sed line in the message).
 */
class PrimitiveTwinSourceTest {

    private static final Path DIR = Path.of("src/main/java/dev/backprop/tensor");

    static String toDouble(String floatSource) {
        return floatSource.replace("FloatVector", "DoubleVector")
                .replace("VectorSpecies<Float>", "VectorSpecies<Double>")
                .replace("float[]", "double[]")
                .replace("new float[", "new double[")
                .replace("VectorGemmFloat", "VectorGemmDouble")
                .replace("The float32 Vector", "The float64 Vector")
                .replace(", 0f)", ", 0.0)");
    }

    @Test
    void doubleProductKernelIsTheFloatOneWithItsTypeReplaced() throws Exception {
        String expected = toDouble(Files.readString(DIR.resolve("VectorGemmFloat.java")));
        assertEquals(expected, Files.readString(DIR.resolve("VectorGemmDouble.java")),
                "regenerate with: sed -e 's/FloatVector/DoubleVector/g; s/VectorSpecies<Float>/VectorSpecies<Double>/g;"
                        + " s/float\\[\\]/double[]/g; s/new float\\[/new double[/g; s/VectorGemmFloat/VectorGemmDouble/g;"
                        + " s/The float32 Vector/The float64 Vector/; s/, 0f)/, 0.0)/g' VectorGemmFloat.java > VectorGemmDouble.java");
    }

    /**
     * The micro-kernels that read a row-major B in place are the 8-row kernel reading A in place with
     * the packed panel's stride (NR) replaced by a constant row stride: one method per stride, since
     * the JIT checks the loads' ranges before the loop only when the stride is a constant. They must
     * stay copies of that kernel in everything else.
     */
    @Test
    void inPlaceBKernelsAreTheRowKernelWithAConstantStride() throws Exception {
        String source = Files.readString(DIR.resolve("VectorGemmFloat.java"));
        for (String variant : new String[] {"tile8Rows", "tile8RowsFromZero"}) {
            String body = body(source, variant);
            for (int stride : new int[] {64, 128, 256}) {
                String name = variant.replace("tile8Rows", "tile8RowsB" + stride);
                String expected = body.replace("panel, pb + p * NR", "b, pb + p * " + stride);
                assertEquals(expected, body(source, name), name + " is " + variant + " with B's stride " + stride);
            }
        }
    }

    /** The statements of a method, from its opening brace to its closing one. */
    private static String body(String source, String method) {
        int start = source.indexOf("private static void " + method + "(");
        if (start < 0) {
            throw new AssertionError("no method " + method);
        }
        int open = source.indexOf('{', start);
        int close = source.indexOf("\n    }\n", open);
        return source.substring(open, close);
    }
}
