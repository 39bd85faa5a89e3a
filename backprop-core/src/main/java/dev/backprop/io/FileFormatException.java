package dev.backprop.io;

import java.io.IOException;

/**
 * Bytes that should hold a file of a known format cannot be read as one Backprop supports. The
 * message always starts with the source (a file path or stream name), followed by what was expected
 * and what was found. Subclasses name the format.
 *
 * <p>It extends {@link IOException} so callers that already handle I/O failures need no extra
 * {@code catch}; callers that want to tell "bad file" from "disk error" can catch it first.
 */
public abstract class FileFormatException extends IOException {

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
     * @param cause  the lower-level failure, or null
     */
    protected FileFormatException(String source, String detail, Throwable cause) {
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
