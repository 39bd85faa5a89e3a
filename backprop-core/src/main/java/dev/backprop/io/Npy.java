package dev.backprop.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Reads and writes single arrays in NumPy's {@code .npy} format, so weights and data move between
 * Backprop and NumPy/PyTorch without conversion scripts.
 *
 * <p>Reading accepts format versions 1.0, 2.0 and 3.0 holding a little-endian, C-order array of
 * one of the {@link NpyDType} types. Files are treated as untrusted: malformed or unsupported
 * content, and files whose length does not match their header, fail with an
 * {@link NpyFormatException} naming the source before any large allocation. Writing produces the
 * same bytes as NumPy's {@code np.save} (format 1.0, 2.0 only when the header needs it), so
 * {@code np.load} reads the result.
 *
 * <pre>{@code
 * NpyArray x = Npy.read(Path.of("golden/mlp-sigmoid-sgd/X.npy"));    // float64, shape (512, 784)
 * double[] pixels = x.toDoubleArray();
 * int[] labels = Npy.read(Path.of("golden/mlp-sigmoid-sgd/y.npy")).toIntArray();
 *
 * Npy.write(Path.of("W0.npy"), NpyArray.ofFloat64(weights, 784, 64));
 * }</pre>
 */
public final class Npy {

    private Npy() {
    }

    /**
     * Reads the array stored in {@code file}. The file length must equal the header length plus
     * the data length the header implies; this is checked before the data array is allocated, so a
     * header claiming billions of elements is refused at once.
     *
     * @param file an {@code .npy} file
     * @return the array, with the file path remembered for conversion error messages
     * @throws NpyFormatException if the file is not a supported {@code .npy} array; the message
     *     starts with the file path
     * @throws IOException if the file cannot be read
     */
    public static NpyArray read(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        return NpyReader.read(file);
    }

    /**
     * Reads one array from {@code in}, which must end right after the array's data: the stream is
     * read to its end (trailing bytes are an error) and is not closed. Because a stream's length is
     * unknown in advance, data is buffered in bounded chunks as it arrives; a header that claims
     * more data than the stream holds fails with "file ends after N of M data bytes" once the
     * stream runs dry, without allocating the claimed size first.
     *
     * @param in the bytes of an {@code .npy} file, e.g. a class-path resource
     * @param sourceName names the input in error messages, e.g. a resource name
     * @return the array
     * @throws NpyFormatException if the bytes are not a supported {@code .npy} array; the message
     *     starts with {@code sourceName}
     * @throws IOException if reading the stream fails
     */
    public static NpyArray read(InputStream in, String sourceName) throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(sourceName, "sourceName");
        return NpyReader.read(in, sourceName, -1);
    }

    /**
     * Writes {@code array} to {@code file} in NumPy's {@code np.save} layout, replacing any
     * existing file atomically: the bytes go to a temporary file in the same directory, which is
     * synced and then renamed over {@code file} (a plain replace where the file system cannot
     * rename atomically). On failure the temporary file is removed and {@code file} is unchanged.
     *
     * @param file the destination; its directory must exist
     * @param array the array to write
     * @throws IOException if writing or renaming fails
     */
    public static void write(Path file, NpyArray array) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(array, "array");
        NpyWriter.write(file, array);
    }

    /**
     * Writes {@code array} to {@code out} in NumPy's {@code np.save} layout and flushes; the stream
     * is not closed.
     *
     * @param out the destination stream
     * @param array the array to write
     * @throws IOException if writing fails
     */
    public static void write(OutputStream out, NpyArray array) throws IOException {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(array, "array");
        NpyWriter.write(out, array);
    }
}
