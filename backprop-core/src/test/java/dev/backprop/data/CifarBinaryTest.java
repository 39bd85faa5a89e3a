package dev.backprop.data;

import static dev.backprop.data.DataTestFiles.assertMessage;
import static dev.backprop.data.DataTestFiles.cifar;
import static dev.backprop.data.DataTestFiles.cifarPixel;
import static dev.backprop.data.DataTestFiles.concat;
import static dev.backprop.data.DataTestFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link CifarBinary}: records of tiny batch files, the folder layout, and malformed files refused. */
class CifarBinaryTest {

    private static final List<String> TEN = CifarBinary.CIFAR10_CLASSES;

    @TempDir
    Path dir;

    @Test
    void concatenatesRecordsInTheOrderGiven() throws IOException {
        Path a = write(dir, "a.bin", cifar(0, 3, 0, 9));
        Path b = write(dir, "b.bin", cifar(3, 5, 1));

        LabeledImages set = CifarBinary.read(List.of(a, b), TEN, "tiny");

        assertEquals(5, set.count());
        assertEquals(ImageShape.CIFAR, set.shape());
        assertArrayEquals(new int[] {3, 0, 9, 5, 1}, set.labels());
        for (int i = 0; i < 5; i++) {
            for (int j : new int[] {0, 1, 31, 32, 1023, 1024, 2047, 2048, 3071}) {
                assertEquals(cifarPixel(i, j), set.pixel(i, j), "image " + i + " pixel " + j);
            }
        }
        LabeledImages reversed = CifarBinary.read(List.of(b, a), TEN, "reversed");
        assertArrayEquals(new int[] {5, 1, 3, 0, 9}, reversed.labels());
        assertEquals(cifarPixel(3, 100), reversed.pixel(0, 100));
    }

    @Test
    void planesStayPlanar() throws IOException {
        byte[] record = new byte[CifarBinary.RECORD_BYTES];
        record[0] = 4;
        Arrays.fill(record, 1, 1025, (byte) 10);      // red
        Arrays.fill(record, 1025, 2049, (byte) 20);   // green
        Arrays.fill(record, 2049, 3073, (byte) 200);  // blue
        LabeledImages set = CifarBinary.read(List.of(write(dir, "one.bin", record)), TEN, "one");

        assertEquals(4, set.label(0));
        assertEquals(10, set.pixel(0, 1023));
        assertEquals(20, set.pixel(0, 1024));
        assertEquals(200, set.pixel(0, 3071));
    }

    @Test
    void trainFolderReadsTheBatchesThatExistInOrder() throws IOException {
        write(dir, "data_batch_3.bin", cifar(30, 7));
        write(dir, "data_batch_1.bin", cifar(10, 1, 2));
        write(dir, "test_batch.bin", cifar(99, 8));

        LabeledImages train = CifarBinary.readFolder(dir, true, "cifar10 train");
        LabeledImages test = CifarBinary.readFolder(dir, false, "cifar10 test");

        assertArrayEquals(new int[] {1, 2, 7}, train.labels());
        assertEquals(cifarPixel(30, 5), train.pixel(2, 5));
        assertEquals("cifar10 train", train.name());
        assertEquals(TEN, train.classNames());
        assertArrayEquals(new int[] {8}, test.labels());
        assertEquals(cifarPixel(99, 3000), test.pixel(0, 3000));
    }

    @Test
    void folderClassNamesComeFromBatchesMeta() throws IOException {
        write(dir, "test_batch.bin", cifar(0, 2));
        List<String> names = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
        Files.writeString(dir.resolve("batches.meta.txt"), String.join("\n", names) + "\n\n");

        assertEquals(names, CifarBinary.readFolder(dir, false, "renamed").classNames());
    }

    @Test
    void classNamesIgnoreBlankLinesAndLineEndings() throws IOException {
        Path meta = dir.resolve("batches.meta.txt");
        Files.writeString(meta, "\nairplane\r\nautomobile\r\n  \nbird\ncat \ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n\n");

        assertEquals(TEN, CifarBinary.readClassNames(meta));
    }

    @Test
    void wrongSizeNamesFileSizeAndRemainder() throws IOException {
        Path file = write(dir, "data_batch_1.bin", concat(cifar(0, 1, 2), new byte[5]));

        DataException e = assertThrows(DataException.class, () -> CifarBinary.read(List.of(file), TEN, "x"));

        assertMessage(e, file + ": size 6151 bytes is not a whole number of 3073-byte CIFAR-10 records",
                "2 records and 5 bytes left over");
    }

    @Test
    void cifar100SizedFileGetsAHint() throws IOException {
        Path file = write(dir, "train.bin", new byte[3074 * 3]);

        DataException e = assertThrows(DataException.class, () -> CifarBinary.read(List.of(file), TEN, "x"));

        assertMessage(e, file.toString(), "size 9222 bytes", "CIFAR-100");
    }

    @Test
    void emptyBatchFile() throws IOException {
        Path file = write(dir, "data_batch_1.bin", new byte[0]);

        DataException e = assertThrows(DataException.class, () -> CifarBinary.read(List.of(file), TEN, "x"));

        assertMessage(e, file + ": empty file");
    }

    @Test
    void labelTenNamesFileRecordAndLabel() throws IOException {
        Path good = write(dir, "data_batch_1.bin", cifar(0, 1));
        Path bad = write(dir, "data_batch_2.bin", cifar(0, 0, 9, 10));

        DataException e = assertThrows(DataException.class, () -> CifarBinary.read(List.of(good, bad), TEN, "x"));

        assertMessage(e, bad + ": record 2 (byte offset 6146) has label 10", "labels are 0..9");
    }

    @Test
    void missingBatchFileIsADataException() throws IOException {
        Path good = write(dir, "data_batch_1.bin", cifar(0, 1));
        Path missing = dir.resolve("data_batch_2.bin");

        DataException e = assertThrows(DataException.class, () -> CifarBinary.read(List.of(good, missing), TEN, "x"));

        assertMessage(e, missing + ": file not found");
    }

    @Test
    void missingFolder() {
        Path folder = dir.resolve("cifar-10-batches-bin");

        DataException e = assertThrows(DataException.class, () -> CifarBinary.readFolder(folder, true, "x"));

        assertMessage(e, folder + ": not found", "cifar-10-batches-bin");
        assertTrue(e.help().contains("cifar-10-binary.tar.gz"), e.help());
    }

    @Test
    void folderWithoutTrainingBatchesListsWhatWasLookedFor() throws IOException {
        write(dir, "test_batch.bin", cifar(0, 1));

        DataException e = assertThrows(DataException.class, () -> CifarBinary.readFolder(dir, true, "x"));

        assertMessage(e, dir + ": no CIFAR-10 training batches: looked for data_batch_1.bin, data_batch_2.bin, "
                + "data_batch_3.bin, data_batch_4.bin, data_batch_5.bin");
    }

    @Test
    void folderWithoutTestBatch() throws IOException {
        write(dir, "data_batch_1.bin", cifar(0, 1));

        DataException e = assertThrows(DataException.class, () -> CifarBinary.readFolder(dir, false, "x"));

        assertMessage(e, dir + ": no CIFAR-10 test batches: looked for test_batch.bin");
    }

    @Test
    void parentFolderGetsPointedAtTheRightOne() throws IOException {
        Files.createDirectory(dir.resolve("cifar-10-batches-bin"));

        DataException e = assertThrows(DataException.class, () -> CifarBinary.readFolder(dir, true, "x"));

        assertNotNull(e.help());
        assertTrue(e.help().contains(dir.resolve("cifar-10-batches-bin").toString()), e.help());
    }

    @Test
    void pythonVersionIsRecognised() throws IOException {
        write(dir, "data_batch_1", new byte[10]);
        write(dir, "batches.meta", new byte[10]);

        DataException e = assertThrows(DataException.class, () -> CifarBinary.readFolder(dir, true, "x"));

        assertTrue(e.help().contains("Python (pickle) version"), e.help());
    }

    @Test
    void metaWithNineNames() throws IOException {
        Path meta = dir.resolve("batches.meta.txt");
        Files.writeString(meta, "airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\n");

        DataException e = assertThrows(DataException.class, () -> CifarBinary.readClassNames(meta));

        assertMessage(e, meta + ": expected 10 class names, one per line, found 9");
    }

    @Test
    void metaWithADuplicate() throws IOException {
        Path meta = dir.resolve("batches.meta.txt");
        Files.writeString(meta, "cat\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n");

        DataException e = assertThrows(DataException.class, () -> CifarBinary.readClassNames(meta));

        assertMessage(e, meta + ": class name 'cat' appears twice");
    }

    @Test
    void metaThatIsNotText() throws IOException {
        Path meta = write(dir, "batches.meta.txt", DataTestFiles.bytes(0x80, 0xff, 0xfe, '\n'));

        DataException e = assertThrows(DataException.class, () -> CifarBinary.readClassNames(meta));

        assertMessage(e, meta + ": not UTF-8 text");
    }

    @Test
    void metaThatIsABatchFile() throws IOException {
        Path meta = write(dir, "batches.meta.txt", cifar(0, new int[30]));

        DataException e = assertThrows(DataException.class, () -> CifarBinary.readClassNames(meta));

        assertMessage(e, meta + ": 92190 bytes is too large for a list of class names");
    }

    @Test
    void badMetaInAFolderFailsTheFolder() throws IOException {
        write(dir, "test_batch.bin", cifar(0, 1));
        Files.write(dir.resolve("batches.meta.txt"), "only\none\n".getBytes(StandardCharsets.UTF_8));

        DataException e = assertThrows(DataException.class, () -> CifarBinary.readFolder(dir, false, "x"));

        assertMessage(e, "batches.meta.txt: expected 10 class names", "found 2: [only, one]");
    }

    @Test
    void programmingErrors() throws IOException {
        Path file = write(dir, "a.bin", cifar(0, 1));

        assertThrows(IllegalArgumentException.class, () -> CifarBinary.read(List.of(), TEN, "x"));
        assertThrows(IllegalArgumentException.class, () -> CifarBinary.read(List.of(file), List.of("a", "b"), "x"));
    }
}
