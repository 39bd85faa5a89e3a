package dev.backprop.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * Writes safetensors files in the layout of the reference implementation (compact JSON header
 * padded with spaces to a multiple of 8 bytes, tensors back to back in the given order) plus the
 * {@value SafeTensors#CHECKSUM_KEY} metadata entry.
 */
final class SafeTensorsWriter {

    /** What the checksum's digits hold while the checksum is computed. */
    static final String CHECKSUM_PLACEHOLDER = "00000000";

    /**
     * The header always begins with this, so the checksum digits sit at a fixed offset and can be
     * filled in once the data has been streamed through the checksum.
     */
    private static final String HEADER_START =
            "{\"" + SafeTensorsHeader.METADATA_KEY + "\":{\"" + SafeTensors.CHECKSUM_KEY + "\":\"";

    /** The file offset of the checksum's first hex digit: after the length prefix and {@link #HEADER_START}. */
    static final int CHECKSUM_FILE_OFFSET = 8 + HEADER_START.length();

    /** Encoding granularity: large enough for bulk copies, small enough to stay in cache. */
    private static final int CHUNK_BYTES = 1 << 16;

    private SafeTensorsWriter() {
    }

    static void write(Path file, Map<String, String> metadata, Map<String, NpyArray> tensors) throws IOException {
        byte[] header = header(metadata, tensors);
        AtomicFiles.write(file, "safetensors file", channel -> {
            CRC32C crc = new CRC32C();
            ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, header.length);
            crc.update(prefix.array());
            crc.update(header); // its checksum digits are still the placeholder
            writeFully(channel, prefix);
            writeFully(channel, ByteBuffer.wrap(header));
            for (NpyArray array : tensors.values()) {
                writeData(channel, array, crc);
            }
            byte[] digits = SafeTensorsReader.checksumHex(crc.getValue()).getBytes(StandardCharsets.US_ASCII);
            ByteBuffer patch = ByteBuffer.wrap(digits);
            while (patch.hasRemaining()) {
                channel.write(patch, CHECKSUM_FILE_OFFSET + patch.position());
            }
        });
    }

    /**
     * The header bytes, padded: metadata (checksum placeholder first) then each tensor with
     * offsets assigned in iteration order. Checks names before anything is written.
     */
    static byte[] header(Map<String, String> metadata, Map<String, NpyArray> tensors) {
        StringBuilder sb = new StringBuilder(HEADER_START).append(CHECKSUM_PLACEHOLDER).append('"');
        for (Map.Entry<String, String> m : metadata.entrySet()) {
            String key = Objects.requireNonNull(m.getKey(), "metadata key");
            String value = Objects.requireNonNull(m.getValue(), () -> "metadata value of " + JsonText.quote(key));
            if (key.equals(SafeTensors.CHECKSUM_KEY)) {
                throw new IllegalArgumentException("metadata key " + JsonText.quote(key)
                        + " is reserved: the writer computes it itself");
            }
            JsonText.requireWellFormed(key, "metadata key");
            JsonText.requireWellFormed(value, "metadata value");
            JsonText.appendString(sb.append(','), key);
            JsonText.appendString(sb.append(':'), value);
        }
        sb.append('}');
        long offset = 0;
        for (Map.Entry<String, NpyArray> t : tensors.entrySet()) {
            String name = Objects.requireNonNull(t.getKey(), "tensor name");
            NpyArray array = Objects.requireNonNull(t.getValue(), () -> "tensor " + JsonText.quote(name));
            if (name.equals(SafeTensorsHeader.METADATA_KEY)) {
                throw new IllegalArgumentException("tensor name " + JsonText.quote(name) + " is reserved for metadata");
            }
            JsonText.requireWellFormed(name, "tensor name");
            long end = offset + array.size() * array.dtype().itemSize();
            JsonText.appendString(sb.append(','), name);
            sb.append(":{\"dtype\":\"").append(SafeTensorsDTypes.name(array.dtype())).append("\",\"shape\":[");
            int[] shape = array.shape();
            for (int axis = 0; axis < shape.length; axis++) {
                sb.append(axis > 0 ? "," : "").append(shape[axis]);
            }
            sb.append("],\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
            offset = end;
        }
        sb.append('}');
        byte[] json = sb.toString().getBytes(StandardCharsets.UTF_8);
        // The reference writer pads so the data starts 8-byte aligned, which allows aligned memory maps.
        int padded = (json.length + 7) / 8 * 8;
        if (padded > SafeTensorsReader.MAX_HEADER_BYTES) {
            throw new IllegalArgumentException("the header would take " + padded + " bytes, more than the "
                    + SafeTensorsReader.MAX_HEADER_BYTES + " readers accept; use shorter names or less metadata");
        }
        byte[] header = Arrays.copyOf(json, padded);
        Arrays.fill(header, json.length, padded, (byte) ' ');
        return header;
    }

    private static void writeData(FileChannel channel, NpyArray array, CRC32C crc) throws IOException {
        NpyDType dtype = array.dtype();
        int size = (int) array.size();
        if (dtype == NpyDType.UINT8) {
            byte[] bytes = (byte[]) array.data();
            crc.update(bytes, 0, size);
            writeFully(channel, ByteBuffer.wrap(bytes, 0, size));
            return;
        }
        int perChunk = CHUNK_BYTES / dtype.itemSize();
        ByteBuffer buffer = ByteBuffer.allocate(Math.min(perChunk, Math.max(size, 1)) * dtype.itemSize())
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int done = 0; done < size; done += perChunk) {
            int count = Math.min(perChunk, size - done);
            buffer.clear();
            NpyCodec.encode(dtype, array.data(), done, count, buffer);
            buffer.limit(count * dtype.itemSize());
            crc.update(buffer.array(), 0, buffer.limit());
            writeFully(channel, buffer);
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
