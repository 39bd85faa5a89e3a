package dev.backprop.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Reads and writes Hugging Face's safetensors format: several named tensors and string metadata in
 * one file, readable by the {@code safetensors} Python package, PyTorch, JAX and others.
 *
 * <p>The layout is an 8-byte little-endian header length N, N bytes of UTF-8 JSON, then the data
 * buffer. The JSON maps each tensor name to its {@code dtype}, {@code shape} and
 * {@code data_offsets} (relative to the buffer); the optional {@code __metadata__} entry maps
 * strings to strings. Tensors are little-endian and in C order. Backprop supports the dtypes
 * {@code F32, F64, I32, I64, U8}, mapped to {@link NpyDType} {@code FLOAT32, FLOAT64, INT32, INT64,
 * UINT8}.
 *
 * <p><b>Reading</b> treats files as hostile. Before reading the header, its length is checked
 * against a 100,000,000-byte limit and the file length; before allocating any tensor, every
 * offset is checked against the data buffer, and the tensors must tile it exactly (no overlaps,
 * holes or trailing bytes), so memory use never exceeds the file's size. Problems fail with a
 * {@link SafeTensorsFormatException} naming the file. Duplicate JSON keys, unknown keys in a
 * tensor entry, and dtypes other than the five above are refused.
 *
 * <p><b>Checksum.</b> Model files and training checkpoints use this format, and a damaged or
 * half-written file must never load as valid. So the writer adds the metadata entry
 * {@value #CHECKSUM_KEY}: eight lowercase hex digits of the CRC32C ({@link java.util.zip.CRC32C})
 * of the <em>whole file</em> (length prefix, header including padding, and data), computed with
 * those eight digits themselves read as ASCII {@code '0'}s. Covering the header too matters: a flipped
 * bit that turns {@code "F32"} into {@code "I32"} or renames a tensor would pass a checksum over
 * the data alone. The reader verifies the entry when present and refuses a mismatch; files from
 * other tools, which lack it, are accepted, and {@link SafeTensorsFile#checksumVerified()} tells
 * which case applied; code that loads only Backprop's own files, such as checkpoints, should call
 * {@link SafeTensorsFile#requireChecksum()}, since a damaged checksum key also looks like "no
 * checksum". Other tools ignore the entry as ordinary metadata. Backprop writes it first
 * in the header, so its digits are bytes 44 to 51 of the file.
 *
 * <pre>{@code
 * Map<String, NpyArray> tensors = new LinkedHashMap<>();
 * tensors.put("layers.0.weight", MatrixArrays.toArray(w0));            // F32 for a float32 Matrix
 * tensors.put("step", NpyArray.ofInt64(new long[] {1200}));            // a scalar, shape []
 * SafeTensors.write(Path.of("model.safetensors"), Map.of("epoch", "3"), tensors);
 *
 * SafeTensorsFile f = SafeTensors.read(Path.of("model.safetensors"));
 * Matrix back = MatrixArrays.toMatrix(f.tensor("layers.0.weight"));
 * long step = f.tensor("step").toLongArray()[0];
 * }</pre>
 *
 * <p>In Python, {@code safetensors.numpy.load_file("model.safetensors")} reads the file and
 * {@code safe_open(...).metadata()} shows the metadata, checksum entry included.
 */
public final class SafeTensors {

    /** The metadata key of the checksum the writer adds and the reader verifies. */
    public static final String CHECKSUM_KEY = "backprop.crc32c";

    private SafeTensors() {
    }

    /**
     * Reads all tensors and metadata of {@code file}. Every length and offset is checked against
     * the file's length before anything is allocated, so a header claiming huge tensors is refused
     * at once; the checksum, when present, is verified before this method returns.
     *
     * @param file a safetensors file
     * @return the metadata and the tensors, in data order
     * @throws SafeTensorsFormatException if the file is not a valid safetensors file of supported
     *     dtypes, or fails its checksum; the message starts with the file path
     * @throws IOException if the file cannot be read
     */
    public static SafeTensorsFile read(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        return SafeTensorsReader.read(file);
    }

    /**
     * Reads a safetensors file from {@code in}, which must end right after the last tensor: the
     * stream is read to its end (trailing bytes are an error) and is not closed. Because a stream's
     * length is unknown in advance, memory grows only as data arrives, and a stream whose header or
     * tensors would reach beyond {@code maxBytes} is refused before they are read.
     *
     * @param in the bytes of a safetensors file, e.g. a class-path resource
     * @param source names the input in error messages, e.g. a resource name
     * @param maxBytes the most bytes the input may hold
     * @return the metadata and the tensors, in data order
     * @throws SafeTensorsFormatException if the bytes are not a valid safetensors file of supported
     *     dtypes, are longer than {@code maxBytes}, or fail the checksum; the message starts with
     *     {@code source}
     * @throws IOException if reading the stream fails
     * @throws IllegalArgumentException if {@code maxBytes} is negative
     */
    public static SafeTensorsFile read(InputStream in, String source, long maxBytes) throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(source, "source");
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must be >= 0, got " + maxBytes);
        }
        return SafeTensorsReader.read(in, source, -1, maxBytes);
    }

    /**
     * Writes {@code tensors} and {@code metadata} to {@code file}, replacing any existing file
     * atomically: the bytes go to a temporary file in the same directory, which is synced and then
     * renamed over {@code file}. On failure the temporary file is removed and {@code file} is
     * unchanged.
     *
     * <p>The header is compact JSON: {@code __metadata__} first ({@value #CHECKSUM_KEY}, then the
     * given entries in iteration order), then the tensors in iteration order, each as
     * {@code {"dtype":..,"shape":[..],"data_offsets":[b,e]}}, padded with spaces to a multiple of 8
     * bytes. The data follows in the same order, with no gaps.
     *
     * @param file the destination; its directory must exist
     * @param metadata string entries for {@code __metadata__}, written in iteration order; may be
     *     empty
     * @param tensors the tensors, written in iteration order (use a {@link java.util.LinkedHashMap}
     *     for a stable file)
     * @throws IllegalArgumentException if a tensor is named {@code __metadata__}, metadata uses the
     *     reserved key {@value #CHECKSUM_KEY}, a string has an unpaired surrogate, or the header
     *     would exceed 100,000,000 bytes
     * @throws NullPointerException if an argument, name, metadata entry or tensor is {@code null}
     * @throws IOException if writing or renaming fails
     */
    public static void write(Path file, Map<String, String> metadata, Map<String, NpyArray> tensors) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(tensors, "tensors");
        SafeTensorsWriter.write(file, metadata, tensors);
    }

    /**
     * Writes {@code tensors} without metadata of its own (the checksum entry is still added); see
     * {@link #write(Path, Map, Map)}.
     *
     * @param file the destination; its directory must exist
     * @param tensors the tensors, written in iteration order
     * @throws IOException if writing or renaming fails
     */
    public static void write(Path file, Map<String, NpyArray> tensors) throws IOException {
        write(file, Map.of(), tensors);
    }
}
