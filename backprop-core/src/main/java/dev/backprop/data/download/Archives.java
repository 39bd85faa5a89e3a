package dev.backprop.data.download;

import dev.backprop.data.DataException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.GZIPInputStream;

/**
 * Unpacks downloaded archives safely: only regular files and directories, never outside the
 * destination, within limits on total size and entry count, and all or nothing. The archive is
 * unpacked into a hidden staging directory inside the destination; only when every entry succeeded
 * are its top-level entries renamed into place, so a failure leaves nothing half-unpacked.
 *
 * <pre>{@code
 * // cifar-10-binary.tar.gz holds cifar-10-batches-bin/data_batch_1.bin, ...
 * List<Path> unpacked = Archives.extractTarGz(cache.resolve("cifar10/cifar-10-binary.tar.gz"),
 *         cache.resolve("cifar10"));   // [.../cifar10/cifar-10-batches-bin]
 * }</pre>
 *
 * <p>Verify the archive (e.g. with {@link Downloader#fetch} and a {@link ContentCheck}) before
 * unpacking it: the limits here protect the machine, not the data's integrity.
 */
public final class Archives {

    /** Default limit on the bytes an archive may unpack to (1 GiB; CIFAR-10 unpacks to about 180 MB). */
    public static final long DEFAULT_MAX_BYTES = 1L << 30;

    /** Default limit on the number of entries in an archive. */
    public static final int DEFAULT_MAX_ENTRIES = 10_000;

    private static final String CORRUPT_HELP = "the archive is corrupted or not the expected one:"
            + " delete it and download it again";

    private Archives() {
    }

    /**
     * {@link #extractTarGz(Path, Path, long, int)} with {@link #DEFAULT_MAX_BYTES} and
     * {@link #DEFAULT_MAX_ENTRIES}.
     *
     * @param archive the .tar.gz file
     * @param destination the directory to unpack into (created if missing)
     * @return the top-level entries created in {@code destination}, in archive order
     * @throws DataException as described for the four-argument form
     */
    public static List<Path> extractTarGz(Path archive, Path destination) throws DataException {
        return extractTarGz(archive, destination, DEFAULT_MAX_BYTES, DEFAULT_MAX_ENTRIES);
    }

    /**
     * Unpacks a gzipped tar archive into {@code destination}. Entries keep their relative paths, so
     * {@code cifar-10-batches-bin/test_batch.bin} becomes {@code destination/cifar-10-batches-bin/test_batch.bin}.
     * File permissions, owners and times in the archive are ignored.
     *
     * @param archive the .tar.gz file
     * @param destination the directory to unpack into (created if missing); none of the archive's
     *     top-level entries may exist in it yet (delete an earlier extraction first)
     * @param maxBytes the most bytes the files may add up to
     * @param maxEntries the most entries (files and directories) the archive may hold
     * @return the top-level entries created in {@code destination}, in archive order
     * @throws DataException if the archive cannot be read or is not a valid .tar.gz; an entry's path
     *     is absolute or leads outside {@code destination}; an entry is a symbolic or hard link, a
     *     device, a FIFO or a sparse file; a file appears twice; a limit is exceeded; a top-level
     *     entry already exists in {@code destination}; or writing fails. Nothing is left behind then.
     * @throws IllegalArgumentException if a limit is negative, or {@code maxEntries} is zero
     */
    public static List<Path> extractTarGz(Path archive, Path destination, long maxBytes, int maxEntries)
            throws DataException {
        if (maxBytes < 0 || maxEntries < 1) {
            throw new IllegalArgumentException("limits must be positive: maxBytes=" + maxBytes
                    + ", maxEntries=" + maxEntries);
        }
        Path target = destination.toAbsolutePath().normalize();
        if (!Files.isRegularFile(archive)) {
            throw new DataException("missing archive " + archive);
        }
        boolean destinationIsNew = !Files.exists(target);
        Path staging = createStaging(target, archive.getFileName().toString());
        List<Path> created;
        try {
            Set<Path> topLevel = unpack(archive, staging, maxBytes, maxEntries);
            created = moveIntoPlace(staging, target, topLevel, archive);
        } catch (IOException e) {
            discard(staging, destinationIsNew ? target : null, e);
            throw e instanceof DataException data ? data
                    : new DataException("cannot unpack " + archive + " into " + target + ": " + e, null, e);
        } catch (RuntimeException | Error e) {
            discard(staging, destinationIsNew ? target : null, e);
            throw e;
        }
        try {
            Files.delete(staging); // empty now: everything in it was moved
        } catch (IOException e) {
            // The files are in place; an empty hidden directory left behind is not worth failing for.
        }
        return created;
    }

    /** Removes the staging directory, and the destination too if this call created it (and it is empty). */
    private static void discard(Path staging, Path newDestination, Throwable failure) {
        try {
            deleteRecursively(staging);
            if (newDestination != null) {
                Files.deleteIfExists(newDestination);
            }
        } catch (DirectoryNotEmptyException someoneElses) {
            // Another process put something there meanwhile: it is theirs to keep.
        } catch (IOException cleanupFailure) {
            failure.addSuppressed(cleanupFailure);
        }
    }

    /** Unpacks everything into {@code staging}; returns the top-level names in archive order. */
    private static Set<Path> unpack(Path archive, Path staging, long maxBytes, int maxEntries)
            throws IOException {
        Set<Path> topLevel = new LinkedHashSet<>();
        long total = 0;
        int entries = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream file = Files.newInputStream(archive);
             TarArchiveInputStream tar = openTarGz(file, archive)) {
            TarArchiveEntry entry;
            while ((entry = nextEntry(tar, archive)) != null) {
                if (++entries > maxEntries) {
                    throw new DataException(archive + " holds more than " + maxEntries + " entries",
                            CORRUPT_HELP + "; if it is genuine, raise the entry limit");
                }
                refuseSpecial(entry, archive);
                Path path = safePath(staging, entry.getName(), archive);
                if (path.equals(staging)) {
                    if (entry.isDirectory()) {
                        continue; // "./", as written by tar -C dir .
                    }
                    throw unsafe(entry.getName(), archive, "it names the destination itself");
                }
                topLevel.add(staging.relativize(path).getName(0));
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                    continue;
                }
                if (!entry.isFile()) {
                    throw new DataException("unsupported entry type '" + (char) entry.getLinkFlag()
                            + "' for '" + entry.getName() + "' in " + archive, CORRUPT_HELP);
                }
                if (entry.getSize() > maxBytes - total) {
                    throw tooLarge(archive, maxBytes);
                }
                Files.createDirectories(path.getParent());
                total += copyEntry(tar, path, maxBytes - total, buffer, archive, entry.getName(), maxBytes);
            }
        }
        return topLevel;
    }

    private static TarArchiveInputStream openTarGz(InputStream file, Path archive) throws DataException {
        try {
            return new TarArchiveInputStream(new GZIPInputStream(new BufferedInputStream(file), 64 * 1024));
        } catch (IOException e) {
            throw new DataException("not a gzip file: " + archive + " (" + e.getMessage() + ")", CORRUPT_HELP, e);
        }
    }

    private static TarArchiveEntry nextEntry(TarArchiveInputStream tar, Path archive) throws DataException {
        try {
            return tar.getNextEntry();
        } catch (IOException e) {
            throw new DataException("cannot read " + archive + " as a .tar.gz archive: " + e.getMessage(),
                    CORRUPT_HELP, e);
        }
    }

    /** Copies the current entry to {@code path}, failing once it passes {@code budget} bytes. */
    private static long copyEntry(InputStream entryData, Path path, long budget, byte[] buffer, Path archive,
                                  String name, long maxBytes) throws IOException {
        long written = 0;
        try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            int n;
            while (true) {
                try {
                    n = entryData.read(buffer);
                } catch (IOException e) {
                    throw new DataException("cannot read '" + name + "' from " + archive + ": " + e.getMessage(),
                            CORRUPT_HELP, e);
                }
                if (n < 0) {
                    break;
                }
                written += n;
                // The header's size is not trusted: count what is actually written.
                if (written > budget) {
                    throw tooLarge(archive, maxBytes);
                }
                out.write(buffer, 0, n);
            }
        } catch (FileAlreadyExistsException e) {
            throw new DataException("'" + name + "' appears twice in " + archive, CORRUPT_HELP, e);
        }
        return written;
    }

    private static void refuseSpecial(TarArchiveEntry entry, Path archive) throws DataException {
        String kind = null;
        if (entry.isSymbolicLink()) {
            kind = "symbolic link (to '" + entry.getLinkName() + "')";
        } else if (entry.isLink()) {
            kind = "hard link (to '" + entry.getLinkName() + "')";
        } else if (entry.isCharacterDevice() || entry.isBlockDevice()) {
            kind = "device";
        } else if (entry.isFIFO()) {
            kind = "FIFO";
        } else if (entry.isSparse()) {
            kind = "sparse file";
        }
        if (kind != null) {
            throw new DataException("refused " + kind + " '" + entry.getName() + "' in " + archive
                    + ": only regular files and directories are unpacked", CORRUPT_HELP);
        }
    }

    /** Where the entry goes inside {@code staging}, or an exception if it would go anywhere else. */
    private static Path safePath(Path staging, String name, Path archive) throws DataException {
        if (name.isEmpty() || name.indexOf('\0') >= 0) {
            throw unsafe(name, archive, "the name is empty or holds a NUL character");
        }
        Path relative;
        try {
            relative = staging.getFileSystem().getPath(name);
        } catch (InvalidPathException e) {
            throw unsafe(name, archive, "it is not a valid path here");
        }
        if (relative.isAbsolute() || name.startsWith("/") || name.startsWith("\\")) {
            throw unsafe(name, archive, "the path is absolute");
        }
        Path resolved = staging.resolve(relative).normalize();
        if (!resolved.startsWith(staging)) {
            throw unsafe(name, archive, "it leads outside the destination");
        }
        return resolved;
    }

    private static List<Path> moveIntoPlace(Path staging, Path target, Set<Path> topLevel, Path archive)
            throws IOException {
        for (Path name : topLevel) {
            if (Files.exists(target.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                throw new DataException("cannot unpack " + archive + ": " + target.resolve(name)
                        + " already exists", "delete it to unpack the archive again");
            }
        }
        List<Path> created = new ArrayList<>();
        try {
            for (Path name : topLevel) {
                Path destination = target.resolve(name);
                Files.move(staging.resolve(name), destination, StandardCopyOption.ATOMIC_MOVE);
                created.add(destination);
            }
        } catch (IOException | RuntimeException e) {
            // Undo the renames that succeeded, so the destination is as it was.
            for (Path done : created) {
                try {
                    deleteRecursively(done);
                } catch (IOException undoFailure) {
                    e.addSuppressed(undoFailure);
                }
            }
            throw e;
        }
        return created;
    }

    private static Path createStaging(Path target, String archiveName) throws DataException {
        try {
            Files.createDirectories(target);
            while (true) {
                String suffix = Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
                try {
                    return Files.createDirectory(target.resolve("." + archiveName + ".part-" + suffix));
                } catch (FileAlreadyExistsException taken) {
                    // Another extraction drew the same name; draw again.
                }
            }
        } catch (IOException e) {
            throw new DataException("cannot create a directory in " + target + ": " + e,
                    "check its permissions, or set BACKPROP_CACHE to a writable directory", e);
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                Files.delete(directory);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static DataException unsafe(String name, Path archive, String why) {
        return new DataException("refused entry '" + name + "' in " + archive + ": " + why, CORRUPT_HELP);
    }

    private static DataException tooLarge(Path archive, long maxBytes) {
        return new DataException(archive + " unpacks to more than " + maxBytes + " bytes",
                CORRUPT_HELP + "; if it is genuine, raise the size limit");
    }
}
