package dev.backprop.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Reads a safetensors file, trusting nothing in it: the header length is checked against the file
 * length before the header is read, and every offset against the data buffer before any tensor
 * array is allocated.
 */
final class SafeTensorsReader {

    /** The reference implementation's limit; real headers are kilobytes, even for large language models. */
    static final int MAX_HEADER_BYTES = 100_000_000;

    /** Read granularity; a multiple of every item size, so chunks hold whole elements. */
    private static final int CHUNK_BYTES = 1 << 20;

    private SafeTensorsReader() {
    }

    static SafeTensorsFile read(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            // Opening a directory succeeds on Linux and the first read fails with a message that
            // does not say which path was meant.
            throw new FileSystemException(file.toString(), null, "is a directory, not a safetensors file");
        }
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            // The size of the opened channel, not a separate stat, so the check matches what we read.
            long size = channel.size();
            return read(Channels.newInputStream(channel), file.toString(), size, size);
        }
    }

    /**
     * Reads one file from {@code in} to its end.
     *
     * @param knownLength the number of bytes {@code in} holds, or -1 if unknown (a stream); when
     *     known, all offsets are verified before tensor arrays are allocated
     * @param maxBytes the most bytes the input may hold
     */
    static SafeTensorsFile read(InputStream in, String source, long knownLength, long maxBytes) throws IOException {
        byte[] prefix = new byte[8];
        int got = readFully(in, prefix, 0, 8);
        if (got < 8) {
            throw new SafeTensorsFormatException(source, got == 0
                    ? "file is empty; a safetensors file starts with an 8-byte header length"
                    : "file ends after " + got + " bytes, inside the 8-byte header length");
        }
        long headerLength = ByteBuffer.wrap(prefix).order(ByteOrder.LITTLE_ENDIAN).getLong();
        // Unsigned in the format, so a set top bit is a huge length, not a negative one.
        if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
            throw new SafeTensorsFormatException(source, "header length " + Long.toUnsignedString(headerLength)
                    + " exceeds the limit of " + MAX_HEADER_BYTES + " bytes; real headers are kilobytes"
                    + " (is this a safetensors file?)");
        }
        long dataStart = 8 + headerLength;
        if (knownLength >= 0 && dataStart > knownLength) {
            throw new SafeTensorsFormatException(source, "header length " + headerLength + " runs past the end of the file: "
                    + "the header would end at byte " + dataStart + " but the file is " + knownLength + " bytes");
        }
        if (dataStart > maxBytes) {
            throw tooLong(source, "header would end at byte " + dataStart, maxBytes);
        }
        byte[] headerBytes = knownLength >= 0 ? new byte[(int) headerLength] : null;
        headerBytes = readExactly(in, headerBytes, (int) headerLength);
        if (headerBytes.length < headerLength) {
            throw new SafeTensorsFormatException(source, "file ends after " + headerBytes.length + " of " + headerLength
                    + " header bytes");
        }
        SafeTensorsHeader header = SafeTensorsHeader.parse(headerBytes, source);

        long bufferLength = knownLength >= 0 ? knownLength - dataStart : -1;
        List<SafeTensorsHeader.Entry> entries = SafeTensorsLayout.inDataOrder(header.entries, bufferLength, source);
        long dataEnd = dataStart + SafeTensorsLayout.coveredLength(entries);
        if (dataEnd > maxBytes) {
            throw tooLong(source, "tensors would end at byte " + dataEnd, maxBytes);
        }

        CRC32C crc = header.checksum == null ? null : startChecksum(prefix, headerBytes, header.checksumOffset);
        Map<String, NpyArray> tensors = new LinkedHashMap<>();
        for (SafeTensorsHeader.Entry e : entries) {
            Object data = knownLength >= 0 ? readVerified(in, source, e, dataStart, crc)
                    : readUnverified(in, source, e, dataStart, crc);
            tensors.put(e.name, NpyArray.fromFile(e.dtype, e.shape, data, e.elementCount,
                    source + ", tensor " + JsonText.quote(e.name)));
        }
        if (in.read() != -1) {
            throw new SafeTensorsFormatException(source, "trailing bytes after the last tensor: the tensors end at byte "
                    + dataEnd + " but the input continues");
        }
        if (crc != null) {
            String actual = checksumHex(crc.getValue());
            if (!actual.equals(header.checksum)) {
                throw new SafeTensorsFormatException(source, "checksum mismatch: " + SafeTensors.CHECKSUM_KEY + " is "
                        + header.checksum + " but the file's bytes give " + actual
                        + "; the file was damaged or modified after it was written");
            }
        }
        return new SafeTensorsFile(source, header.metadata, tensors, crc != null);
    }

    /** Eight lowercase hex digits, as written in the header. */
    static String checksumHex(long crc) {
        return String.format("%08x", crc);
    }

    /** A CRC over the length prefix and the header with the checksum's own digits read as '0's. */
    private static CRC32C startChecksum(byte[] prefix, byte[] header, int digitsOffset) {
        CRC32C crc = new CRC32C();
        crc.update(prefix);
        crc.update(header, 0, digitsOffset);
        crc.update(SafeTensorsWriter.CHECKSUM_PLACEHOLDER.getBytes(StandardCharsets.US_ASCII));
        crc.update(header, digitsOffset + 8, header.length - digitsOffset - 8);
        return crc;
    }

    /** The offsets were checked against the file length, so the target may be allocated at once. */
    private static Object readVerified(InputStream in, String source, SafeTensorsHeader.Entry e, long dataStart, CRC32C crc)
            throws IOException {
        Object data = NpyCodec.newArray(e.dtype, e.elementCount);
        byte[] buffer = new byte[(int) Math.min(CHUNK_BYTES, e.byteLength())];
        long done = 0;
        while (done < e.byteLength()) {
            int want = (int) Math.min(buffer.length, e.byteLength() - done);
            int got = readFully(in, buffer, 0, want);
            if (got < want) {
                // The file shrank after its length was checked.
                throw truncated(source, e, dataStart, done + got);
            }
            consume(e, buffer, want, data, done, crc);
            done += want;
        }
        return data;
    }

    /**
     * The offsets are unverified, so memory grows only as data actually arrives: a stream that
     * claims a huge tensor fails once it runs dry instead of allocating up front.
     */
    private static Object readUnverified(InputStream in, String source, SafeTensorsHeader.Entry e, long dataStart,
            CRC32C crc) throws IOException {
        List<byte[]> chunks = new ArrayList<>();
        long done = 0;
        while (done < e.byteLength()) {
            byte[] chunk = new byte[(int) Math.min(CHUNK_BYTES, e.byteLength() - done)];
            int got = readFully(in, chunk, 0, chunk.length);
            if (got < chunk.length) {
                throw truncated(source, e, dataStart, done + got);
            }
            chunks.add(chunk);
            done += chunk.length;
        }
        Object data = NpyCodec.newArray(e.dtype, e.elementCount);
        long offset = 0;
        for (byte[] chunk : chunks) {
            consume(e, chunk, chunk.length, data, offset, crc);
            offset += chunk.length;
        }
        return data;
    }

    private static void consume(SafeTensorsHeader.Entry e, byte[] bytes, int length, Object data, long byteOffset,
            CRC32C crc) {
        if (crc != null) {
            crc.update(bytes, 0, length);
        }
        int itemSize = e.dtype.itemSize();
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, length).order(ByteOrder.LITTLE_ENDIAN);
        NpyCodec.decode(e.dtype, buffer, data, (int) (byteOffset / itemSize), length / itemSize);
    }

    private static SafeTensorsFormatException truncated(String source, SafeTensorsHeader.Entry e, long dataStart,
            long got) {
        return new SafeTensorsFormatException(source, "file ends after " + got + " of " + e.byteLength() + " bytes of "
                + e.describe() + ", at byte " + (dataStart + e.begin + got));
    }

    private static SafeTensorsFormatException tooLong(String source, String what, long maxBytes) {
        return new SafeTensorsFormatException(source, what + ", beyond the limit of " + maxBytes
                + " bytes set for this input");
    }

    /**
     * Reads {@code length} bytes into {@code target}, or, if {@code target} is null because the
     * length is unverified, into chunks that grow only as bytes arrive. Returns fewer bytes if the
     * input ends early.
     */
    private static byte[] readExactly(InputStream in, byte[] target, int length) throws IOException {
        if (target != null) {
            int got = readFully(in, target, 0, length);
            return got == length ? target : Arrays.copyOf(target, got);
        }
        List<byte[]> chunks = new ArrayList<>();
        int total = 0;
        while (total < length) {
            byte[] chunk = new byte[Math.min(CHUNK_BYTES, length - total)];
            int got = readFully(in, chunk, 0, chunk.length);
            chunks.add(got == chunk.length ? chunk : Arrays.copyOf(chunk, got));
            total += got;
            if (got < chunk.length) {
                break;
            }
        }
        byte[] all = new byte[total];
        int at = 0;
        for (byte[] chunk : chunks) {
            System.arraycopy(chunk, 0, all, at, chunk.length);
            at += chunk.length;
        }
        return all;
    }

    /** Reads until {@code len} bytes arrived or the input ended; returns how many arrived. */
    private static int readFully(InputStream in, byte[] buffer, int off, int len) throws IOException {
        int total = 0;
        while (total < len) {
            int n = in.read(buffer, off + total, len - total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }
}
