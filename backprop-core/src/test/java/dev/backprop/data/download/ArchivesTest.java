package dev.backprop.data.download;

import dev.backprop.data.DataException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static dev.backprop.data.download.DownloaderTest.names;
import static dev.backprop.data.download.DownloaderTest.randomBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArchivesTest {

    @TempDir
    Path dir;

    /** Builds a .tar.gz in memory, entry by entry. */
    private static final class TarGz {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final TarArchiveOutputStream tar;

        TarGz() throws IOException {
            tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes));
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        }

        TarGz directory(String name) throws IOException {
            tar.putArchiveEntry(new TarArchiveEntry(name.endsWith("/") ? name : name + "/"));
            tar.closeArchiveEntry();
            return this;
        }

        TarGz file(String name, byte[] content) throws IOException {
            return file(new TarArchiveEntry(name), content);
        }

        TarGz file(TarArchiveEntry entry, byte[] content) throws IOException {
            entry.setSize(content.length);
            tar.putArchiveEntry(entry);
            tar.write(content);
            tar.closeArchiveEntry();
            return this;
        }

        TarGz link(String name, byte linkFlag, String target) throws IOException {
            TarArchiveEntry entry = new TarArchiveEntry(name, linkFlag);
            entry.setLinkName(target);
            tar.putArchiveEntry(entry);
            tar.closeArchiveEntry();
            return this;
        }

        Path writeTo(Path file) throws IOException {
            tar.close();
            return Files.write(file, bytes.toByteArray());
        }
    }

    @Test
    void extractsFilesAndDirectoriesIntoPlace() throws IOException {
        byte[] batch = randomBytes(3073 * 3, 1);
        byte[] meta = "airplane\nautomobile\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Path archive = new TarGz()
                .directory("cifar-10-batches-bin")
                .file("cifar-10-batches-bin/data_batch_1.bin", batch)
                .file("cifar-10-batches-bin/batches.meta.txt", meta)
                .file("./cifar-10-batches-bin/sub/empty.bin", new byte[0])
                .file("readme.html", meta)
                .writeTo(dir.resolve("cifar-10-binary.tar.gz"));
        Path destination = dir.resolve("cifar10");

        List<Path> created = Archives.extractTarGz(archive, destination);

        assertEquals(List.of(destination.resolve("cifar-10-batches-bin"), destination.resolve("readme.html")),
                created);
        assertArrayEquals(batch, Files.readAllBytes(destination.resolve("cifar-10-batches-bin/data_batch_1.bin")));
        assertArrayEquals(meta, Files.readAllBytes(destination.resolve("cifar-10-batches-bin/batches.meta.txt")));
        assertEquals(0, Files.size(destination.resolve("cifar-10-batches-bin/sub/empty.bin")));
        assertEquals(List.of("cifar-10-batches-bin", "readme.html"), names(destination), "no staging left");
    }

    @Test
    void pathTraversalIsRefusedAndNothingIsExtracted() throws IOException {
        Path archive = new TarGz()
                .file("good/first.bin", randomBytes(100, 2))
                .file("good/../../evil", randomBytes(10, 3))
                .writeTo(dir.resolve("evil.tar.gz"));
        Path destination = dir.resolve("out");

        DataException e = assertThrows(DataException.class, () -> Archives.extractTarGz(archive, destination));

        assertTrue(e.getMessage().contains("good/../../evil") && e.getMessage().contains("outside"), e.getMessage());
        assertFalse(Files.exists(destination), "the destination it created is removed again");
        assertFalse(Files.exists(dir.resolve("evil")));
    }

    @Test
    void absolutePathIsRefused() throws IOException {
        Path archive = new TarGz()
                .file(new TarArchiveEntry("/tmp/backprop-absolute-entry", true), randomBytes(10, 4))
                .writeTo(dir.resolve("absolute.tar.gz"));

        DataException e = assertThrows(DataException.class, () -> Archives.extractTarGz(archive, dir.resolve("out")));

        assertTrue(e.getMessage().contains("absolute"), e.getMessage());
        assertEquals(List.of(), names(dir.resolve("out")));
    }

    @Test
    void symbolicAndHardLinksAreRefused() throws IOException {
        Path symlink = new TarGz()
                .file("data/a.bin", randomBytes(10, 5))
                .link("data/passwd", TarConstants.LF_SYMLINK, "/etc/passwd")
                .writeTo(dir.resolve("symlink.tar.gz"));
        Path hardlink = new TarGz()
                .link("data/passwd", TarConstants.LF_LINK, "/etc/passwd")
                .writeTo(dir.resolve("hardlink.tar.gz"));

        DataException e1 = assertThrows(DataException.class, () -> Archives.extractTarGz(symlink, dir.resolve("out")));
        DataException e2 = assertThrows(DataException.class, () -> Archives.extractTarGz(hardlink, dir.resolve("out")));

        assertTrue(e1.getMessage().contains("symbolic link"), e1.getMessage());
        assertTrue(e2.getMessage().contains("hard link"), e2.getMessage());
        assertEquals(List.of(), names(dir.resolve("out")));
    }

    @Test
    void sizeAndEntryLimitsAreEnforced() throws IOException {
        Path archive = new TarGz()
                .file("data/a.bin", randomBytes(600, 6))
                .file("data/b.bin", randomBytes(600, 7))
                .writeTo(dir.resolve("big.tar.gz"));

        DataException size = assertThrows(DataException.class,
                () -> Archives.extractTarGz(archive, dir.resolve("out"), 1000, 100));
        DataException count = assertThrows(DataException.class,
                () -> Archives.extractTarGz(archive, dir.resolve("out"), 10_000, 1));

        assertTrue(size.getMessage().contains("more than 1000 bytes"), size.getMessage());
        assertTrue(count.getMessage().contains("more than 1 entries"), count.getMessage());
        assertEquals(List.of(), names(dir.resolve("out")));
        assertEquals(2, Archives.extractTarGz(archive, dir.resolve("out"), 1200, 2).size()
                + Archives.extractTarGz(archive, dir.resolve("again"), 1200, 2).size());
    }

    @Test
    void existingTopLevelEntryIsNotOverwritten() throws IOException {
        Path archive = new TarGz().file("data/a.bin", randomBytes(10, 8)).writeTo(dir.resolve("a.tar.gz"));
        Path destination = dir.resolve("out");
        Files.createDirectories(destination.resolve("data"));
        Files.writeString(destination.resolve("data/mine.txt"), "keep");

        DataException e = assertThrows(DataException.class, () -> Archives.extractTarGz(archive, destination));

        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        assertEquals(List.of("data"), names(destination));
        assertEquals(List.of("mine.txt"), names(destination.resolve("data")));
    }

    @Test
    void corruptArchiveIsADataException() throws IOException {
        Path notGzip = Files.write(dir.resolve("junk.tar.gz"), randomBytes(5000, 9));
        byte[] valid = Files.readAllBytes(new TarGz().file("data/a.bin", randomBytes(50_000, 10))
                .writeTo(dir.resolve("valid.tar.gz")));
        Path truncated = Files.write(dir.resolve("truncated.tar.gz"), java.util.Arrays.copyOf(valid, valid.length / 2));

        DataException e1 = assertThrows(DataException.class, () -> Archives.extractTarGz(notGzip, dir.resolve("out")));
        DataException e2 = assertThrows(DataException.class, () -> Archives.extractTarGz(truncated, dir.resolve("out")));

        assertTrue(e1.help().contains("download it again"), e1.help());
        assertTrue(e2.getMessage().contains("truncated.tar.gz"), e2.getMessage());
        assertEquals(List.of(), names(dir.resolve("out")));
    }
}
