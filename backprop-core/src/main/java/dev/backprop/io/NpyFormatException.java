package dev.backprop.io;

/**
 * Thrown when bytes that should hold a NumPy {@code .npy} array cannot be read as one Backprop
 * supports: wrong magic string, unknown format version, malformed or oversized header, unsupported
 * dtype or memory order, or a data section whose length disagrees with the header.
 *
 * <p>The message always starts with the source (a file path or the name passed to
 * {@link Npy#read(java.io.InputStream, String)}), followed by what was expected and what was found:
 *
 * <pre>{@code
 * golden/X.npy: unsupported dtype '>f8' (big-endian); Backprop reads little-endian <f4, <f8, <i4, <i8, |u1
 * }</pre>
 */
public class NpyFormatException extends FileFormatException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception whose message is {@code source + ": " + detail}.
     *
     * @param source the file path or stream name that was being read
     * @param detail what was expected and what was found
     */
    public NpyFormatException(String source, String detail) {
        super(source, detail, null);
    }

    /**
     * Creates an exception with an underlying cause, e.g. a character-decoding failure.
     *
     * @param source the file path or stream name that was being read
     * @param detail what was expected and what was found
     * @param cause the lower-level failure
     */
    public NpyFormatException(String source, String detail, Throwable cause) {
        super(source, detail, cause);
    }
}
