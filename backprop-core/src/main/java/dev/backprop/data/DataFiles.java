package dev.backprop.data;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.ZipException;

/**
 * Opening dataset files so that every failure is a {@link DataException} naming the file, rather
 * than a bare {@link NoSuchFileException} whose message is only the path.
 */
final class DataFiles {

    private DataFiles() {
    }

    /** Opens {@code file} for reading; refuses directories, which Linux would open without complaint. */
    static SeekableByteChannel open(Path file) throws DataException {
        if (Files.isDirectory(file)) {
            throw new DataException(file + ": is a directory, expected a file");
        }
        try {
            return Files.newByteChannel(file);
        } catch (IOException e) {
            throw failure(file.toString(), e);
        }
    }

    /** The size of {@code file} in bytes. */
    static long size(Path file) throws DataException {
        if (Files.isDirectory(file)) {
            throw new DataException(file + ": is a directory, expected a file");
        }
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw failure(file.toString(), e);
        }
    }

    /** {@code source} as an absolute path, to show where a relative path really pointed. */
    private static String absolute(String source) {
        try {
            return Path.of(source).toAbsolutePath().toString();
        } catch (InvalidPathException e) {
            return source;
        }
    }

    /** {@code e}, which happened while reading {@code source}, as a {@link DataException} naming it. */
    static DataException failure(String source, IOException e) {
        if (e instanceof DataException d) {
            return d;
        }
        if (e instanceof NoSuchFileException) {
            return new DataException(source + ": file not found", "check the path; it resolves to " + absolute(source), e);
        }
        if (e instanceof AccessDeniedException) {
            return new DataException(source + ": permission denied", "make the file readable by this user", e);
        }
        if (e instanceof ZipException || e instanceof EOFException) {
            // GZIPInputStream reports a cut-off download as EOFException and corruption as ZipException.
            return new DataException(source + ": corrupt or truncated gzip data (" + e.getMessage() + ")",
                    "the .gz file is damaged, probably by an interrupted download; fetch it again", e);
        }
        return new DataException(source + ": cannot read: " + e, null, e);
    }
}
