package dev.backprop.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Writes arrays in the exact byte layout of NumPy's {@code np.save}. */
final class NpyWriter {

    /** NumPy pads the header so data starts on a 64-byte boundary, allowing aligned memory maps. */
    private static final int ALIGN = 64;

    /** Encoding granularity: large enough for bulk copies, small enough to stay in cache. */
    private static final int CHUNK_BYTES = 1 << 16;


    private NpyWriter() {
    }

    static void write(OutputStream out, NpyArray array) throws IOException {
        out.write(header(array.dtype(), array.shape()));
        writeData(out, array);
        out.flush();
    }

    /**
     * Writes to a temporary sibling and renames it over {@code file}, so readers never see a half
     * written array and a crash leaves the previous file intact.
     */
    static void write(Path file, NpyArray array) throws IOException {
        AtomicFiles.write(file, "NumPy array", channel -> write(Channels.newOutputStream(channel), array));
    }

    /**
     * The magic string, version, header length and padded header. Version 1.0 unless the header is
     * too long for its 16-bit length field, as NumPy decides.
     */
    static byte[] header(NpyDType dtype, int[] shape) {
        byte[] dict = NpyHeader.dictLiteral(dtype, shape).getBytes(StandardCharsets.US_ASCII);
        int version = 1;
        long padded = paddedHeaderLength(dict.length, 10);
        if (padded > 0xFFFF) {
            version = 2;
            padded = paddedHeaderLength(dict.length, 12);
        }
        if (padded > NpyReader.MAX_HEADER_BYTES) {
            throw new IllegalArgumentException("shape with " + shape.length + " axes needs a " + padded
                    + "-byte header, more than the " + NpyReader.MAX_HEADER_BYTES + " bytes readers accept");
        }
        int prefix = version == 1 ? 10 : 12;
        ByteBuffer out = ByteBuffer.allocate(prefix + (int) padded).order(ByteOrder.LITTLE_ENDIAN);
        out.put(NpyReader.MAGIC).put((byte) version).put((byte) 0);
        if (version == 1) {
            out.putShort((short) padded);
        } else {
            out.putInt((int) padded);
        }
        out.put(dict);
        while (out.position() < out.limit() - 1) {
            out.put((byte) ' ');
        }
        out.put((byte) '\n');
        return out.array();
    }

    /**
     * Header length including spaces and the final newline. Like NumPy, adds a whole block of
     * padding when the header would already end on the boundary.
     */
    private static long paddedHeaderLength(int dictLength, int prefixLength) {
        long withNewline = dictLength + 1L;
        return withNewline + ALIGN - ((prefixLength + withNewline) % ALIGN);
    }

    private static void writeData(OutputStream out, NpyArray array) throws IOException {
        NpyDType dtype = array.dtype();
        int size = (int) array.size();
        if (dtype == NpyDType.UINT8) {
            out.write((byte[]) array.data(), 0, size);
            return;
        }
        int perChunk = CHUNK_BYTES / dtype.itemSize();
        ByteBuffer buffer = ByteBuffer.allocate(Math.min(perChunk, Math.max(size, 1)) * dtype.itemSize())
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int done = 0; done < size; done += perChunk) {
            int count = Math.min(perChunk, size - done);
            buffer.clear();
            NpyCodec.encode(dtype, array.data(), done, count, buffer);
            out.write(buffer.array(), 0, count * dtype.itemSize());
        }
    }
}
