/**
 * NumPy {@code .npy} files: {@link dev.backprop.io.Npy} reads and writes single arrays
 * ({@link dev.backprop.io.NpyArray}) of float32, float64, int32, int64 or uint8, byte-compatible with
 * {@code np.save}/{@code np.load}, and refuses malformed or unsupported files with an
 * {@link dev.backprop.io.NpyFormatException} that names the file.
 */
package dev.backprop.io;
