package dev.backprop.io;

/**
 * Thrown when bytes that should hold a safetensors file cannot be read as one Backprop supports:
 * an impossible header length, a header that is not the expected JSON, an unsupported dtype,
 * tensor offsets that do not tile the data buffer exactly, a truncated file, or a
 * {@value SafeTensors#CHECKSUM_KEY} checksum that does not match the bytes.
 *
 * <p>The message always starts with the source (a file path or the name passed to
 * {@link SafeTensors#read(java.io.InputStream, String, long)}), followed by what was expected and
 * what was found:
 *
 * <pre>{@code
 * model.safetensors: tensor 'emb': unsupported dtype BF16 (bfloat16); Backprop reads F32, F64, I32, I64, U8
 * }</pre>
 */
public class SafeTensorsFormatException extends FileFormatException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception whose message is {@code source + ": " + detail}.
     *
     * @param source the file path or stream name that was being read
     * @param detail what was expected and what was found
     */
    public SafeTensorsFormatException(String source, String detail) {
        super(source, detail, null);
    }

    /**
     * Creates an exception with an underlying cause, e.g. the JSON parser's error.
     *
     * @param source the file path or stream name that was being read
     * @param detail what was expected and what was found
     * @param cause the lower-level failure
     */
    public SafeTensorsFormatException(String source, String detail, Throwable cause) {
        super(source, detail, cause);
    }
}
