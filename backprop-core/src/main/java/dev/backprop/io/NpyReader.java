package dev.backprop.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one {@code .npy} array, trusting nothing in the file: every length is checked before it
 * is used to allocate memory.
 */
final class NpyReader {

    /** The six bytes every {@code .npy} file starts with: {@code \x93NUMPY}. */
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    /** Headers are a few hundred bytes in practice; NumPy itself refuses beyond 10000 by default. */
    static final int MAX_HEADER_BYTES = 1 << 20;

    /** Read granularity for data; a multiple of every item size, so chunks hold whole elements. */
    private static final int CHUNK_BYTES = 1 << 20;

    private NpyReader() {
    }

    static NpyArray read(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            // Opening a directory succeeds on Linux and the first read fails with a message that
            // does not say which path was meant.
            throw new FileSystemException(file.toString(), null, "is a directory, not an .npy file");
        }
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            // The size of the opened channel, not a separate stat, so the check matches what we read.
            return read(Channels.newInputStream(channel), file.toString(), channel.size());
        }
    }

    /**
     * Reads one array from {@code in} to its end.
     *
     * @param knownLength the total number of bytes {@code in} holds, or -1 if unknown (a stream);
     *     when known, the data length is verified before the data array is allocated
     */
    static NpyArray read(InputStream in, String source, long knownLength) throws IOException {
        int version = readMagicAndVersion(in, source);
        int lengthFieldBytes = version == 1 ? 2 : 4;
        byte[] lengthField = new byte[lengthFieldBytes];
        int got = readFully(in, lengthField, 0, lengthFieldBytes);
        if (got < lengthFieldBytes) {
            throw new NpyFormatException(source, "file ends after " + (8 + got) + " bytes, inside the "
                    + lengthFieldBytes + "-byte header length of a version " + version + ".0 file");
        }
        long headerLength = 0;
        for (int i = lengthFieldBytes - 1; i >= 0; i--) {
            headerLength = (headerLength << 8) | (lengthField[i] & 0xFF);
        }
        long headerStart = 8L + lengthFieldBytes;
        if (headerLength > MAX_HEADER_BYTES) {
            throw new NpyFormatException(source, "header length " + headerLength + " exceeds the limit of "
                    + MAX_HEADER_BYTES + " bytes; real headers are a few hundred bytes");
        }
        long dataStart = headerStart + headerLength;
        if (knownLength >= 0 && dataStart > knownLength) {
            throw new NpyFormatException(source, "header length " + headerLength + " runs past the end of the file: "
                    + "the header would end at byte " + dataStart + " but the file is " + knownLength + " bytes");
        }
        byte[] headerBytes = new byte[(int) headerLength];
        got = readFully(in, headerBytes, 0, headerBytes.length);
        if (got < headerBytes.length) {
            throw new NpyFormatException(source, "file ends after " + got + " of " + headerLength + " header bytes");
        }
        NpyHeader header = NpyHeader.parse(decodeHeader(headerBytes, version, source), source);

        long dataEnd = dataStart + header.dataBytes;
        if (knownLength >= 0 && knownLength != dataEnd) {
            String what = describe(header);
            if (knownLength < dataEnd) {
                throw new NpyFormatException(source, "file ends after " + (knownLength - dataStart) + " of "
                        + header.dataBytes + " data bytes: " + what + " needs " + dataEnd
                        + " bytes in all but the file is " + knownLength);
            }
            throw new NpyFormatException(source, (knownLength - dataEnd) + " trailing bytes after the data: " + what
                    + " needs " + dataEnd + " bytes in all but the file is " + knownLength);
        }
        Object data = knownLength >= 0 ? readVerified(in, source, header) : readUnverified(in, source, header);
        if (in.read() != -1) {
            throw new NpyFormatException(source, "trailing bytes after the data: " + describe(header)
                    + " ends at byte " + dataEnd + " but the input continues");
        }
        return NpyArray.fromFile(header.dtype, header.shape, data, header.elementCount, source);
    }

    /** Checks the magic string and returns the major version (1, 2 or 3). */
    private static int readMagicAndVersion(InputStream in, String source) throws IOException {
        byte[] start = new byte[8];
        int got = readFully(in, start, 0, start.length);
        for (int i = 0; i < Math.min(got, MAGIC.length); i++) {
            if (start[i] != MAGIC[i]) {
                throw notNpy(source, start, got);
            }
        }
        if (got == 0) {
            throw notNpy(source, start, got);
        }
        if (got < MAGIC.length) {
            throw new NpyFormatException(source, "file ends after " + got
                    + " bytes, inside the 6-byte magic string \\x93NUMPY");
        }
        if (got < start.length) {
            throw new NpyFormatException(source, "file ends after " + got + " bytes, inside the 2-byte format version");
        }
        int major = start[6] & 0xFF;
        int minor = start[7] & 0xFF;
        if ((major != 1 && major != 2 && major != 3) || minor != 0) {
            throw new NpyFormatException(source, "unsupported .npy format version " + major + "." + minor
                    + "; expected 1.0, 2.0 or 3.0");
        }
        return major;
    }

    private static NpyFormatException notNpy(String source, byte[] start, int got) {
        if (got == 0) {
            return new NpyFormatException(source, "not a .npy file: expected the magic string \\x93NUMPY, found an empty file");
        }
        StringBuilder hex = new StringBuilder();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < Math.min(got, MAGIC.length); i++) {
            hex.append(i > 0 ? " " : "").append(String.format("%02x", start[i] & 0xFF));
            char c = (char) (start[i] & 0xFF);
            text.append(c >= 0x20 && c < 0x7f ? c : '.');
        }
        // A zip signature usually means someone passed an .npz archive, which holds several arrays.
        String hint = got >= 2 && start[0] == 'P' && start[1] == 'K'
                ? " (this looks like a zip archive such as an .npz; extract the .npy members first)" : "";
        return new NpyFormatException(source, "not a .npy file: expected the magic string \\x93NUMPY (93 4e 55 4d 50 59), found "
                + hex + " \"" + text + "\"" + hint);
    }

    /** Versions 1 and 2 store the header in Latin-1; version 3 in UTF-8, which must be valid. */
    private static String decodeHeader(byte[] bytes, int version, String source) throws NpyFormatException {
        if (version < 3) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new NpyFormatException(source, "header of a version 3.0 file is not valid UTF-8", e);
        }
    }

    /** The data length was checked against the file length, so the target may be allocated at once. */
    private static Object readVerified(InputStream in, String source, NpyHeader header) throws IOException {
        Object data = NpyCodec.newArray(header.dtype, header.elementCount);
        byte[] buffer = new byte[(int) Math.min(CHUNK_BYTES, header.dataBytes)];
        long done = 0;
        while (done < header.dataBytes) {
            int want = (int) Math.min(buffer.length, header.dataBytes - done);
            int got = readFully(in, buffer, 0, want);
            if (got < want) {
                // The file shrank after its length was checked.
                throw truncatedData(source, done + got, header);
            }
            decodeChunk(header.dtype, buffer, want, data, done);
            done += want;
        }
        return data;
    }

    /**
     * The header's length claim is unverified, so memory grows only as data actually arrives: a
     * stream that lies about a huge shape fails once it runs dry instead of allocating up front.
     */
    private static Object readUnverified(InputStream in, String source, NpyHeader header) throws IOException {
        List<byte[]> chunks = new ArrayList<>();
        long done = 0;
        while (done < header.dataBytes) {
            byte[] chunk = new byte[(int) Math.min(CHUNK_BYTES, header.dataBytes - done)];
            int got = readFully(in, chunk, 0, chunk.length);
            if (got < chunk.length) {
                throw truncatedData(source, done + got, header);
            }
            chunks.add(chunk);
            done += chunk.length;
        }
        Object data = NpyCodec.newArray(header.dtype, header.elementCount);
        long offset = 0;
        for (byte[] chunk : chunks) {
            decodeChunk(header.dtype, chunk, chunk.length, data, offset);
            offset += chunk.length;
        }
        return data;
    }

    private static void decodeChunk(NpyDType dtype, byte[] bytes, int length, Object data, long byteOffset) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, length).order(ByteOrder.LITTLE_ENDIAN);
        int itemSize = dtype.itemSize();
        NpyCodec.decode(dtype, buffer, data, (int) (byteOffset / itemSize), length / itemSize);
    }

    private static NpyFormatException truncatedData(String source, long got, NpyHeader header) {
        return new NpyFormatException(source, "file ends after " + got + " of " + header.dataBytes
                + " data bytes (" + describe(header) + ")");
    }

    private static String describe(NpyHeader header) {
        return "shape " + Shapes.tuple(header.shape) + " of " + header.dtype.descr();
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
