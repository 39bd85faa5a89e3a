package dev.backprop.io;

import java.io.IOException;

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
 *
 * <p>It extends {@link IOException} so callers that already handle I/O failures need no extra
 * {@code catch}; callers that want to tell "bad file" from "disk error" can catch it first.
 */
public class NpyFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /** The file path or stream name the bad bytes came from. */
    private final String source;

    /** The problem, without the source prefix. */
    private final String detail;

    /**
     * Creates an exception whose message is {@code source + ": " + detail}.
     *
     * @param source the file path or stream name that was being read
     * @param detail what was expected and what was found
     */
    public NpyFormatException(String source, String detail) {
        super(source + ": " + detail);
        this.source = source;
        this.detail = detail;
    }

    /**
     * Creates an exception with an underlying cause, e.g. a character-decoding failure.
     *
     * @param source the file path or stream name that was being read
     * @param detail what was expected and what was found
     * @param cause the lower-level failure
     */
    public NpyFormatException(String source, String detail, Throwable cause) {
        super(source + ": " + detail, cause);
        this.source = source;
        this.detail = detail;
    }

    /**
     * Returns the file path or stream name the bad bytes came from.
     *
     * @return the source named at the start of the message
     */
    public String source() {
        return source;
    }

    /**
     * Returns the problem description without the source prefix.
     *
     * @return what was expected and what was found
     */
    public String detail() {
        return detail;
    }
}
