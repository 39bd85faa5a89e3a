package dev.backprop.tensor;

import java.util.Locale;

/**
 * Which implementation the numeric kernels use: the Vector API path, or its plain-Java scalar twin.
 * Both give bit-identical results (every kernel pair is tested for it); the vector path is faster.
 *
 * <p>The system property {@value #PROPERTY} chooses: {@code vector} (the default) or
 * {@code scalar}. The vector path needs the incubating module {@code jdk.incubator.vector}
 * ({@code java --add-modules jdk.incubator.vector}, which the {@code backprop} launcher, the tests
 * and the examples pass); without it Backprop runs the scalar path and {@link #description()} says
 * why.
 *
 * <pre>{@code
 * java --add-modules jdk.incubator.vector -Dbackprop.kernels=scalar -jar backprop.jar bench
 * }</pre>
 */
public final class Kernels {

    /** The system property that picks the kernel path: {@code vector} or {@code scalar}. */
    public static final String PROPERTY = "backprop.kernels";

    private static final boolean MODULE_PRESENT =
            ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    /** True when the Vector API path runs. Read once: a process uses one path throughout. */
    static final boolean VECTOR;

    private static final String WHY;

    static {
        String requested = System.getProperty(PROPERTY, "vector").trim().toLowerCase(Locale.ROOT);
        // A class initialiser cannot report a bad value as a clear error, so an unknown one is said
        // in the description (printed by `backprop --version` and every benchmark) and ignored.
        String ignored = requested.equals("vector") || requested.equals("scalar") ? ""
                : "; -D" + PROPERTY + "=" + requested + " ignored: use vector or scalar";
        if (requested.equals("scalar")) {
            VECTOR = false;
            WHY = "scalar (-D" + PROPERTY + "=scalar)";
        } else if (!MODULE_PRESENT) {
            VECTOR = false;
            WHY = "scalar (the Vector API is not enabled: run java with --add-modules jdk.incubator.vector" + ignored + ")";
        } else {
            VECTOR = true;
            WHY = VectorShape.describe() + (ignored.isEmpty() ? "" : " (" + ignored.substring(2) + ")");
        }
    }

    private Kernels() {
    }

    /** True when the Vector API kernels are in use. */
    public static boolean vectorized() {
        return VECTOR;
    }

    /** The kernel path in a line, e.g. {@code vector (512-bit: 16 float32 / 8 float64 lanes)}. */
    public static String description() {
        return WHY;
    }

    /** Columns per block of C for splitting a product over threads (a whole packed panel). */
    static int columnBlock(DType dtype) {
        if (!VECTOR) {
            return 16;
        }
        return dtype == DType.FLOAT32 ? VectorGemmFloat.NR : VectorGemmDouble.NR;
    }

    /** Rows per block of C for splitting a product over threads (a whole micro-kernel). */
    static int rowBlock(DType dtype) {
        if (!VECTOR) {
            return 8;
        }
        return dtype == DType.FLOAT32 ? VectorGemmFloat.MR : VectorGemmDouble.MR;
    }

    /** Kept apart so that {@link Kernels} loads without the Vector API module. */
    private static final class VectorShape {
        static String describe() {
            return "vector (" + VectorGemmFloat.SPECIES.vectorBitSize() + "-bit: "
                    + VectorGemmFloat.SPECIES.length() + " float32 / " + VectorGemmDouble.SPECIES.length()
                    + " float64 lanes)";
        }
    }
}
