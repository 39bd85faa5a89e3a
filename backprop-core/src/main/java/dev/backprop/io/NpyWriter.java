package dev.backprop.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/** Writes arrays in the exact byte layout of NumPy's {@code np.save}. */
final class NpyWriter {

    /** NumPy pads the header so data starts on a 64-byte boundary, allowing aligned memory maps. */
    private static final int ALIGN = 64;

    /** Encoding granularity: large enough for bulk copies, small enough to stay in cache. */
    private static final int CHUNK_BYTES = 1 << 16;

    private static final int TEMP_NAME_ATTEMPTS = 100;

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
        Path name = file.getFileName();
        if (name == null) {
            throw new IllegalArgumentException("cannot write an array to " + file + ": it names no file");
        }
        Path temp = null;
        FileChannel channel = null;
        // Created by hand rather than with Files.createTempFile, which would give the final file
        // owner-only permissions instead of the usual ones.
        for (int attempt = 0; channel == null; attempt++) {
            temp = file.resolveSibling("." + name + "." + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36)
                    + ".tmp");
            try {
                channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                if (attempt + 1 >= TEMP_NAME_ATTEMPTS) {
                    throw e;
                }
            }
        }
        try {
            try (FileChannel ch = channel) {
                write(Channels.newOutputStream(ch), array);
                ch.force(true); // the data must be durable before the rename makes it visible
            }
            move(temp, file);
        } catch (Throwable failure) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException cleanup) {
                failure.addSuppressed(cleanup);
            }
            throw failure;
        }
    }

    private static void move(Path temp, Path file) throws IOException {
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // Some file systems cannot rename atomically; a plain replace is the best left.
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
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
