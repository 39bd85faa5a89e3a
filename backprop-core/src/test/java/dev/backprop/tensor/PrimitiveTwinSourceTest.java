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
}
