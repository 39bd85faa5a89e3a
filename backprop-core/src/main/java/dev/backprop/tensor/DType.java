package dev.backprop.tensor;

/**
 * Element type of a {@link Matrix}. Float32 is for training speed; float64 for gradient checks and
 * exact reproduction of reference runs.
 */
public enum DType {
    /** IEEE 754 single precision, stored as {@code float[]}. */
    FLOAT32("float32"),
    /** IEEE 754 double precision, stored as {@code double[]}. */
    FLOAT64("float64");

    private final String label;

    DType(String label) {
        this.label = label;
    }

    /** The name used in files and on the command line: {@code float32} or {@code float64}. */
    public String label() {
        return label;
    }

    /** Bytes per element: 4 or 8. */
    public int bytes() {
        return this == FLOAT32 ? 4 : 8;
    }

    /** Parses {@code float32}/{@code float64} (also {@code f32}, {@code f64}, {@code float}, {@code double}). */
    public static DType parse(String name) {
        switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "float32": case "f32": case "float": return FLOAT32;
            case "float64": case "f64": case "double": return FLOAT64;
            default: throw new IllegalArgumentException(
                    "unknown dtype '" + name + "'; expected float32 or float64");
        }
    }

    @Override
    public String toString() {
        return label;
    }
}
