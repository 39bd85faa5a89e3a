package dev.backprop.io;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The validated content of an {@code .npy} header: a supported dtype, C order, and a shape whose
 * data fits in one Java array. Also formats headers exactly as NumPy's {@code np.save} does, so
 * files Backprop writes are byte-identical to NumPy's.
 */
final class NpyHeader {

    /** The list every dtype message ends with. */
    static final String SUPPORTED = "Backprop reads little-endian <f4, <f8, <i4, <i8, |u1";

    /**
     * NumPy leaves room after the shape so the first extent can grow to this many digits in place
     * (for appending); matching it is what makes our headers identical to NumPy's.
     */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;

    private static final Set<String> KEYS = Set.of("descr", "fortran_order", "shape");

    final NpyDType dtype;
    final int[] shape;
    final int elementCount;
    /** Bytes of data following the header; at most 8 * (2^31 - 9), so a long is needed. */
    final long dataBytes;

    private NpyHeader(NpyDType dtype, int[] shape, int elementCount) {
        this.dtype = dtype;
        this.shape = shape;
        this.elementCount = elementCount;
        this.dataBytes = (long) elementCount * dtype.itemSize();
    }

    /**
     * Parses and validates header text (after character decoding).
     *
     * @throws NpyFormatException naming {@code source} if the text is malformed, has other keys
     *     than descr, fortran_order and shape, or describes data Backprop cannot hold
     */
    static NpyHeader parse(String text, String source) throws NpyFormatException {
        Map<String, Object> dict = HeaderLiteralParser.parseDict(text, source);
        if (!dict.keySet().equals(KEYS)) {
            Set<String> missing = new TreeSet<>(KEYS);
            missing.removeAll(dict.keySet());
            Set<String> extra = new TreeSet<>(dict.keySet());
            extra.removeAll(KEYS);
            throw new NpyFormatException(source, "header must have exactly the keys descr, fortran_order, shape"
                    + (missing.isEmpty() ? "" : "; missing " + missing)
                    + (extra.isEmpty() ? "" : "; unexpected " + extra)
                    + " in " + HeaderLiteralParser.snippet(text));
        }
        int[] shape = shape(dict.get("shape"), source);
        NpyDType dtype = dtype(dict.get("descr"), source);
        Object fortran = dict.get("fortran_order");
        if (!(fortran instanceof Boolean)) {
            throw new NpyFormatException(source, "fortran_order must be True or False, found "
                    + repr(fortran));
        }
        if ((Boolean) fortran) {
            throw new NpyFormatException(source, "fortran_order is True (column-major data); Backprop reads "
                    + "C-order arrays only, save with np.save(path, np.ascontiguousarray(a))");
        }
        long count = Shapes.elementCountOrMinusOne(shape);
        if (count < 0) {
            throw new NpyFormatException(source, "shape " + Shapes.tuple(shape) + " holds " + describeCount(shape)
                    + " elements; one Java array holds at most " + Shapes.MAX_ELEMENTS);
        }
        return new NpyHeader(dtype, shape, (int) count);
    }

    private static int[] shape(Object value, String source) throws NpyFormatException {
        if (!(value instanceof HeaderLiteralParser.Tuple)) {
            throw new NpyFormatException(source, "shape must be a tuple of ints such as (3, 4), (5,) or (), found "
                    + repr(value));
        }
        List<Object> items = ((HeaderLiteralParser.Tuple) value).items;
        int[] shape = new int[items.size()];
        for (int axis = 0; axis < shape.length; axis++) {
            Object item = items.get(axis);
            // The whole tuple is rendered only when failing: doing it per axis would make a hostile
            // header with hundreds of thousands of axes take quadratic time.
            if (!(item instanceof BigInteger)) {
                throw new NpyFormatException(source, "shape must be a tuple of ints, found " + repr(value)
                        + " with " + repr(item) + " on axis " + axis);
            }
            BigInteger extent = (BigInteger) item;
            if (extent.signum() < 0) {
                throw new NpyFormatException(source, "shape " + repr(value) + " has negative extent " + extent
                        + " on axis " + axis + "; extents must be >= 0");
            }
            if (extent.bitLength() > 31) {
                throw new NpyFormatException(source, "shape " + repr(value) + " has extent " + extent + " on axis "
                        + axis + ", more than the " + Integer.MAX_VALUE + " one Java array can hold");
            }
            shape[axis] = extent.intValue();
        }
        return shape;
    }

    private static NpyDType dtype(Object descr, String source) throws NpyFormatException {
        if (descr instanceof List) {
            throw new NpyFormatException(source, "unsupported dtype " + repr(descr)
                    + " (structured, with named fields); " + SUPPORTED);
        }
        if (!(descr instanceof String)) {
            throw new NpyFormatException(source, "unsupported dtype " + repr(descr)
                    + " (descr must be a type string such as '<f8'); " + SUPPORTED);
        }
        String s = (String) descr;
        return NpyDType.fromDescr(s).orElseThrow(() -> new NpyFormatException(source,
                "unsupported dtype " + repr(s) + explain(s) + "; " + SUPPORTED));
    }

    /** Says why a type string is refused, in NumPy's vocabulary, e.g. " (big-endian)". */
    private static String explain(String descr) {
        if (descr.isEmpty()) {
            return " (empty)";
        }
        char order = descr.charAt(0);
        String rest = "<>|=".indexOf(order) >= 0 ? descr.substring(1) : descr;
        String kind = kind(rest);
        boolean multiByte = !rest.matches(".1");
        if (order == '>' && multiByte) {
            return kind == null ? " (big-endian)" : " (big-endian " + kind + ")";
        }
        if (order == '=' && multiByte) {
            return " (native byte order, which a file cannot pin down)";
        }
        if (rest.equals(descr) && rest.matches("[fi][48]")) {
            return " (no byte order given; expected a '<' prefix)";
        }
        return kind == null ? "" : " (" + kind + ")";
    }

    private static String kind(String typeCode) {
        if (typeCode.isEmpty()) {
            return null;
        }
        String size = typeCode.substring(1);
        switch (typeCode.charAt(0)) {
            case 'b':
            case '?':
                return "bool";
            case 'O':
                return "Python objects, stored pickled";
            case 'c':
                return "complex";
            case 'U':
                return "unicode string";
            case 'S':
            case 'a':
                return "byte string";
            case 'V':
                return "raw void";
            case 'M':
                return "datetime64";
            case 'm':
                return "timedelta64";
            case 'f':
                return size.matches("[0-9]+") ? "float" + 8 * Integer.parseInt(size) : "float";
            case 'i':
                return size.matches("[0-9]+") ? "int" + 8 * Integer.parseInt(size) : "int";
            case 'u':
                return size.matches("[0-9]+") ? "uint" + 8 * Integer.parseInt(size) : "uint";
            default:
                return null;
        }
    }

    private static String describeCount(int[] shape) {
        long count = 1;
        try {
            for (int d : shape) {
                count = Math.multiplyExact(count, d);
            }
        } catch (ArithmeticException overflow) {
            return "more than 2^63";
        }
        return Long.toString(count);
    }

    /** A parsed value as Python would print it, cut short for messages. */
    private static String repr(Object value) {
        String s = HeaderLiteralParser.repr(value);
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }

    /**
     * Formats the dict literal NumPy writes for a C-order array, including its trailing spare
     * spaces but not the alignment padding and newline, e.g.
     * {@code {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }} followed by 20 spaces.
     */
    static String dictLiteral(NpyDType dtype, int[] shape) {
        StringBuilder sb = new StringBuilder(64 + 12 * shape.length);
        sb.append("{'descr': '").append(dtype.descr()).append("', 'fortran_order': False, 'shape': ")
                .append(Shapes.tuple(shape)).append(", }");
        if (shape.length > 0) {
            sb.append(" ".repeat(GROWTH_AXIS_MAX_DIGITS - Integer.toString(shape[0]).length()));
        }
        return sb.toString();
    }
}
