package dev.backprop.io;

import java.util.Optional;

/**
 * The element types Backprop reads from and writes to NumPy {@code .npy} files: little-endian
 * float32, float64, int32, int64 and uint8.
 *
 * <p>Each constant knows the NumPy type descriptor it is written with ({@link #descr()}) and the
 * number of bytes per element ({@link #itemSize()}).
 *
 * <pre>{@code
 * NpyDType t = NpyDType.fromDescr("<f8").orElseThrow();   // FLOAT64
 * int bytes = t.itemSize();                              // 8
 * }</pre>
 */
public enum NpyDType {

    /** IEEE 754 single precision, NumPy {@code float32}, descriptor {@code <f4}. */
    FLOAT32("<f4", 4, "float32"),

    /** IEEE 754 double precision, NumPy {@code float64}, descriptor {@code <f8}. */
    FLOAT64("<f8", 8, "float64"),

    /** Signed 32-bit integer, NumPy {@code int32}, descriptor {@code <i4}. */
    INT32("<i4", 4, "int32"),

    /** Signed 64-bit integer, NumPy {@code int64}, descriptor {@code <i8}. */
    INT64("<i8", 8, "int64"),

    /** Unsigned 8-bit integer (0..255), NumPy {@code uint8}, descriptor {@code |u1}. */
    UINT8("|u1", 1, "uint8");

    private final String descr;
    private final int itemSize;
    private final String numpyName;

    NpyDType(String descr, int itemSize, String numpyName) {
        this.descr = descr;
        this.itemSize = itemSize;
        this.numpyName = numpyName;
    }

    /**
     * Returns the descriptor NumPy writes in the header for this type, e.g. {@code "<f8"}.
     *
     * @return the canonical {@code descr} string
     */
    public String descr() {
        return descr;
    }

    /**
     * Returns the number of bytes one element occupies in the file.
     *
     * @return 1, 4 or 8
     */
    public int itemSize() {
        return itemSize;
    }

    /**
     * Returns NumPy's name for this type, e.g. {@code "float64"}; used in messages.
     *
     * @return the NumPy dtype name
     */
    public String numpyName() {
        return numpyName;
    }

    /**
     * Returns whether this is an integer type (INT32, INT64 or UINT8).
     *
     * @return {@code true} for integer types, {@code false} for floating point
     */
    public boolean isInteger() {
        return this == INT32 || this == INT64 || this == UINT8;
    }

    /**
     * Looks up the type a header descriptor denotes. Besides {@code |u1} this accepts {@code <u1},
     * {@code >u1}, {@code =u1} and {@code u1} for uint8: byte order is meaningless for one-byte
     * types and other writers spell it in all these ways.
     *
     * @param descr the {@code descr} value from an {@code .npy} header
     * @return the matching type, or empty if Backprop does not support the descriptor
     */
    public static Optional<NpyDType> fromDescr(String descr) {
        if (descr == null) {
            return Optional.empty();
        }
        switch (descr) {
            case "<f4":
                return Optional.of(FLOAT32);
            case "<f8":
                return Optional.of(FLOAT64);
            case "<i4":
                return Optional.of(INT32);
            case "<i8":
                return Optional.of(INT64);
            case "|u1":
            case "<u1":
            case ">u1":
            case "=u1":
            case "u1":
                return Optional.of(UINT8);
            default:
                return Optional.empty();
        }
    }
}
