package dev.backprop.data.download;

import dev.backprop.data.DataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;

import static dev.backprop.data.download.DownloaderTest.gzip;
import static dev.backprop.data.download.DownloaderTest.md5;
import static dev.backprop.data.download.DownloaderTest.randomBytes;
import static dev.backprop.data.download.DownloaderTest.sha256;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContentCheckTest {

    @TempDir
    Path dir;

    @Test
    void checksumsValidateAndNormaliseTheirHex() {
        Checksum md5 = Checksum.md5("27AE3E4E09519CFBB04C329615203637");
        assertEquals("27ae3e4e09519cfbb04c329615203637", md5.hex());
        assertEquals("MD5 27ae3e4e09519cfbb04c329615203637", md5.describe());
        assertEquals("SHA-256 " + "ab".repeat(32), Checksum.sha256("ab".repeat(32)).describe());
        assertThrows(IllegalArgumentException.class, () -> Checksum.md5("27ae3e4e"));
        assertThrows(IllegalArgumentException.class, () -> Checksum.sha256("27ae3e4e09519cfbb04c329615203637"));
        assertThrows(IllegalArgumentException.class, () -> Checksum.md5("zz".repeat(16)));
        assertThrows(IllegalArgumentException.class, () -> new Checksum("SHA-1", "00".repeat(20)));
    }

    @Test
    void passesWhatMatchesAndNamesSourceExpectedAndActualOtherwise() throws IOException {
        byte[] bytes = randomBytes(1234, 1);
        Path file = Files.write(dir.resolve("f.bin"), bytes);

        assertDoesNotThrow(() -> ContentCheck.of(1234, sha256(bytes)).verify(file, "here"));
        assertDoesNotThrow(() -> ContentCheck.of(-1, md5(bytes)).verify(file, "here"));
        assertDoesNotThrow(() -> ContentCheck.NONE.verify(file, "here"));

        DataException size = assertThrows(DataException.class,
                () -> ContentCheck.of(1000, null).verify(file, "https://example.invalid/f.bin"));
        assertEquals("size mismatch for https://example.invalid/f.bin: expected 1000 bytes, got 1234",
                size.getMessage());

        Checksum other = sha256(randomBytes(10, 2));
        DataException sum = assertThrows(DataException.class,
                () -> ContentCheck.of(-1, other).verify(file, "https://example.invalid/f.bin"));
        assertEquals("checksum mismatch for https://example.invalid/f.bin: expected " + other.describe()
                + ", got " + sha256(bytes).hex(), sum.getMessage());
        assertTrue(sum.help().contains("corrupted") && sum.help().contains("different file"), sum.help());
    }

    @Test
    void gunzippedContentIsCheckedAndBadGzipIsNamed() throws IOException {
        byte[] content = randomBytes(10008, 3);
        Path gz = Files.write(dir.resolve("labels.gz"), gzip(content, Deflater.DEFAULT_COMPRESSION));
        Path notGz = Files.write(dir.resolve("labels-plain.gz"), content);

        assertDoesNotThrow(() -> ContentCheck.gunzipped(10008, md5(content)).verify(gz, "src"));

        DataException size = assertThrows(DataException.class,
                () -> ContentCheck.gunzipped(10000, null).verify(gz, "src"));
        assertEquals("size mismatch for src: expected 10000 bytes of the decompressed content, got more",
                size.getMessage());
        DataException sum = assertThrows(DataException.class,
                () -> ContentCheck.gunzipped(-1, md5(randomBytes(5, 4))).verify(gz, "src"));
        assertTrue(sum.getMessage().endsWith("of the decompressed content, got " + md5(content).hex()),
                sum.getMessage());
        DataException bad = assertThrows(DataException.class,
                () -> ContentCheck.gunzipped(10008, null).verify(notGz, "src"));
        assertTrue(bad.getMessage().startsWith("not a valid gzip file: src"), bad.getMessage());
    }

    @Test
    void missingFileIsADataException() {
        DataException e = assertThrows(DataException.class,
                () -> ContentCheck.NONE.verify(dir.resolve("absent"), "src"));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }
}
