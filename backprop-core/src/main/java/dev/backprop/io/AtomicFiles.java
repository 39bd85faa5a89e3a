package dev.backprop.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Replaces a file so that readers see either the old content or the complete new content, never a
 * mixture: the bytes go to a temporary sibling, which is synced and then renamed over the target.
 * Every file Backprop writes (models, checkpoints, histories, reports, images) goes through here.
 *
 * <pre>{@code
 * AtomicFiles.writeString(dir.resolve("results.csv"), csv);
 * }</pre>
 */
public final class AtomicFiles {

    /** Writes the content of a file to a fresh, empty channel positioned at 0. */
    @FunctionalInterface
    public interface Content {
        /**
         * Writes the whole content.
         *
         * @param channel the temporary file, empty, positioned at 0
         * @throws IOException if writing fails
         */
        void writeTo(FileChannel channel) throws IOException;
    }

    private static final int TEMP_NAME_ATTEMPTS = 100;

    private AtomicFiles() {
    }

    /**
     * Writes {@code content} to {@code file} through a temporary file in the same directory. On
     * failure the temporary file is removed and {@code file} is unchanged.
     *
     * @param what names the kind of file in messages, e.g. "safetensors file"
     */
    public static void write(Path file, String what, Content content) throws IOException {
        Path name = file.getFileName();
        if (name == null) {
            throw new IllegalArgumentException("cannot write a " + what + " to " + file + ": it names no file");
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
                content.writeTo(ch);
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
        syncDirectory(file);
    }

    /**
     * Deletes the temporary files that writes of {@code file} left behind when their process was
     * killed before the rename ({@code .NAME.<random>.tmp} beside it). They are never read as the
     * file itself; this only reclaims their space. Call it only while no other process writes
     * {@code file}.
     *
     * @return how many were deleted
     */
    public static int deleteLeftovers(Path file) throws IOException {
        Path name = file.getFileName();
        Path dir = file.toAbsolutePath().getParent();
        if (name == null || dir == null || !Files.isDirectory(dir)) {
            return 0;
        }
        String prefix = "." + name + ".";
        int deleted = 0;
        try (java.nio.file.DirectoryStream<Path> entries = Files.newDirectoryStream(dir,
                p -> isTemporaryName(p.getFileName().toString(), prefix))) {
            for (Path leftover : entries) {
                if (Files.isRegularFile(leftover, java.nio.file.LinkOption.NOFOLLOW_LINKS) && Files.deleteIfExists(leftover)) {
                    deleted++;
                }
            }
        }
        return deleted;
    }

    /** Whether {@code name} is {@code prefix + <base-36 digits> + ".tmp"}, the name {@link #write} gives its temporary file. */
    private static boolean isTemporaryName(String name, String prefix) {
        if (name.length() <= prefix.length() + 4 || !name.startsWith(prefix) || !name.endsWith(".tmp")) {
            return false;
        }
        String random = name.substring(prefix.length(), name.length() - 4);
        if (random.length() > 13) {
            return false;
        }
        for (int i = 0; i < random.length(); i++) {
            char c = random.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'z')) {
                return false;
            }
        }
        return true;
    }

    /** Writes {@code text} as UTF-8 to {@code file} atomically, creating its directory if needed. */
    public static void writeString(Path file, String text) throws IOException {
        writeBytes(file, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Writes {@code bytes} to {@code file} atomically, creating its directory if needed. */
    public static void writeBytes(Path file, byte[] bytes) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        write(file, "file", channel -> {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        });
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
     * Makes the rename itself survive a power cut (on Linux a rename lives in the directory, which
     * has its own buffers). Best effort: some platforms, Windows among them, cannot open a
     * directory for syncing, and the file is already complete and in place either way.
     */
    private static void syncDirectory(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null) {
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Nothing more can be done portably; see above.
        }
    }
}
