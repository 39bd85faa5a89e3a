/**
 * Array files shared with Python: NumPy {@code .npy} ({@link dev.backprop.io.Npy}, single
 * {@link dev.backprop.io.NpyArray}s of float32, float64, int32, int64 or uint8, byte-compatible with
 * {@code np.save}/{@code np.load}) and Hugging Face {@code .safetensors} ({@link dev.backprop.io.SafeTensors},
 * named arrays plus string metadata, with a CRC-32C over the whole file), with
 * {@link dev.backprop.io.MatrixArrays} converting to and from {@code Matrix}. Readers validate every
 * length, offset and shape against the file size before they allocate, and refuse anything
 * malformed with an exception that names the file.
 */
package dev.backprop.io;
