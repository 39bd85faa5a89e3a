package dev.backprop.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads CIFAR-10 in its "binary version" ({@code cifar-10-binary.tar.gz}): batch files of records,
 * each one label byte (0..9) followed by 3072 pixel bytes: the 1024 red values of a 32x32 image row
 * by row, then the green, then the blue. A file holds {@code size / 3073} records; the class names
 * are in {@code batches.meta.txt}, one per line.
 *
 * <pre>{@code
 * Path dir = Path.of("data/cifar-10-batches-bin");
 * LabeledImages train = CifarBinary.readFolder(dir, true, "cifar10 train");   // data_batch_1..5.bin
 * LabeledImages test = CifarBinary.readFolder(dir, false, "cifar10 test");    // test_batch.bin
 * train.shape();   // 3x32x32
 * }</pre>
 */
public final class CifarBinary {

    /** Bytes per record: one label byte and {@link ImageShape#CIFAR}{@code .size()} pixel bytes. */
    public static final int RECORD_BYTES = 1 + 3 * 32 * 32;

    /** The standard CIFAR-10 class names, by label, as in the official {@code batches.meta.txt}. */
    public static final List<String> CIFAR10_CLASSES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog",
            "frog", "horse", "ship", "truck");

    /** The training batch files of the official layout, in order. */
    static final List<String> TRAIN_FILES = List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
            "data_batch_4.bin", "data_batch_5.bin");

    /** The test batch file of the official layout. */
    static final String TEST_FILE = "test_batch.bin";

    /** The class-name file of the official layout. */
    static final String META_FILE = "batches.meta.txt";

    /** The official file is 61 bytes; anything near this limit is some other file. */
    private static final long MAX_META_BYTES = 1 << 16;

    private static final int IMAGE_BYTES = RECORD_BYTES - 1;

    private static final int BUFFER = 1 << 16;

    private static final String DOWNLOAD_HELP = "download the CIFAR-10 binary version (cifar-10-binary.tar.gz) from "
            + "https://www.cs.toronto.edu/~kriz/cifar.html, extract it, and pass its cifar-10-batches-bin folder";

    private CifarBinary() {
    }

    /**
     * Reads the official folder layout: for {@code train}, whichever of {@code data_batch_1.bin} to
     * {@code data_batch_5.bin} exist, in that order (a subset is fine); otherwise
     * {@code test_batch.bin}. Class names come from {@code batches.meta.txt} if present, else
     * {@link #CIFAR10_CLASSES}.
     *
     * @param cifarBatchesBinFolder the extracted {@code cifar-10-batches-bin} folder
     * @param train                 the training batches if true, the test batch if false
     * @param name                  what the images are, for messages (e.g. {@code cifar10 train})
     * @return the images of all files read, in file order, shape {@link ImageShape#CIFAR}
     * @throws DataException if the folder is missing, holds none of the batch files (the message lists
     *     the names looked for), or a file is malformed (see {@link #read} and {@link #readClassNames})
     */
    public static LabeledImages readFolder(Path cifarBatchesBinFolder, boolean train, String name) throws DataException {
        Path folder = cifarBatchesBinFolder;
        if (!Files.isDirectory(folder)) {
            throw new DataException(folder + ": " + (Files.exists(folder) ? "is not a directory" : "not found")
                    + ", expected the CIFAR-10 folder cifar-10-batches-bin", DOWNLOAD_HELP);
        }
        List<String> wanted = train ? TRAIN_FILES : List.of(TEST_FILE);
        List<Path> files = new ArrayList<>();
        for (String file : wanted) {
            if (Files.exists(folder.resolve(file))) {
                files.add(folder.resolve(file));
            }
        }
        if (files.isEmpty()) {
            throw new DataException(folder + ": no CIFAR-10 " + (train ? "training" : "test") + " batches: looked for "
                    + String.join(", ", wanted), folderHelp(folder));
        }
        Path meta = folder.resolve(META_FILE);
        List<String> classNames = Files.exists(meta) ? readClassNames(meta) : CIFAR10_CLASSES;
        return read(files, classNames, name);
    }

    /**
     * Reads batch files and concatenates their records in the given order.
     *
     * @param batchFiles files of whole 3073-byte records
     * @param classNames the 10 class names, by label (e.g. {@link #CIFAR10_CLASSES})
     * @param name       what the images are, for messages
     * @return the images, shape {@link ImageShape#CIFAR}
     * @throws DataException if a file is missing, empty, not a whole number of records (the message
     *     names the file, its size and the remainder), has a label outside 0..9 (naming the file, the
     *     record and the label), or all files together hold more pixels than one Java array
     * @throws IllegalArgumentException if {@code batchFiles} is empty or {@code classNames} does not
     *     have exactly 10 names
     */
    public static LabeledImages read(List<Path> batchFiles, List<String> classNames, String name) throws DataException {
        if (batchFiles.isEmpty()) {
            throw new IllegalArgumentException("no batch files given");
        }
        if (classNames.size() != CIFAR10_CLASSES.size()) {
            throw new IllegalArgumentException("CIFAR-10 has 10 classes, got " + classNames.size() + " names: " + classNames);
        }
        // Sizes first, so every file is checked before anything is allocated, and the pixel array is
        // allocated once.
        long[] records = new long[batchFiles.size()];
        long total = 0;
        for (int f = 0; f < records.length; f++) {
            Path file = batchFiles.get(f);
            long size = DataFiles.size(file);
            checkSize(file, size);
            records[f] = size / RECORD_BYTES;
            total += records[f];
        }
        if (total * IMAGE_BYTES > IdxFile.MAX_DATA_BYTES) {
            throw new DataException(name + ": the " + batchFiles.size() + " batch files hold " + total + " records, "
                    + total * IMAGE_BYTES + " pixel bytes, more than the " + IdxFile.MAX_DATA_BYTES + " one Java array holds");
        }
        byte[] pixels = new byte[(int) total * IMAGE_BYTES];
        int[] labels = new int[(int) total];
        int first = 0;
        for (int f = 0; f < records.length; f++) {
            readRecords(batchFiles.get(f), (int) records[f], pixels, labels, first);
            first += (int) records[f];
        }
        return new LabeledImages(name, pixels, labels, ImageShape.CIFAR, classNames);
    }

    /**
     * Reads the class names of {@code batches.meta.txt}: one per line, surrounding white space and
     * blank lines ignored.
     *
     * @param metaFile the {@code batches.meta.txt} file
     * @return the 10 names, by label
     * @throws DataException if the file is missing, is not UTF-8 text, is implausibly large, does not
     *     hold exactly 10 names, or names a class twice
     */
    public static List<String> readClassNames(Path metaFile) throws DataException {
        long size = DataFiles.size(metaFile);
        if (size > MAX_META_BYTES) {
            throw new DataException(metaFile + ": " + size + " bytes is too large for a list of class names "
                    + "(the official batches.meta.txt is 61 bytes); is this the right file?");
        }
        String text;
        try {
            byte[] bytes = Files.readAllBytes(metaFile);
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new DataException(metaFile + ": not UTF-8 text, expected one class name per line", null, e);
        } catch (IOException e) {
            throw DataFiles.failure(metaFile.toString(), e);
        }
        List<String> names = new ArrayList<>();
        for (String line : text.split("\r?\n|\r")) {
            if (!line.isBlank()) {
                names.add(line.strip());
            }
        }
        if (names.size() != CIFAR10_CLASSES.size()) {
            throw new DataException(metaFile + ": expected " + CIFAR10_CLASSES.size() + " class names, one per line, found "
                    + names.size() + (names.size() <= 20 ? ": " + names : ""),
                    "the official file lists: " + String.join(" ", CIFAR10_CLASSES));
        }
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            if (!seen.add(n)) {
                throw new DataException(metaFile + ": class name '" + n + "' appears twice in " + names);
            }
        }
        return List.copyOf(names);
    }

    private static void checkSize(Path file, long size) throws DataException {
        if (size == 0) {
            throw new DataException(file + ": empty file, expected CIFAR-10 records of " + RECORD_BYTES + " bytes");
        }
        long remainder = size % RECORD_BYTES;
        if (remainder != 0) {
            String hint = size % (RECORD_BYTES + 1) == 0
                    ? "; it is a multiple of " + (RECORD_BYTES + 1) + ", the record size of CIFAR-100 (two label bytes), "
                            + "which this reader does not support"
                    : "; a truncated or wrong file";
            throw new DataException(file + ": size " + size + " bytes is not a whole number of " + RECORD_BYTES
                    + "-byte CIFAR-10 records: " + size / RECORD_BYTES + " records and " + remainder + " bytes left over" + hint,
                    DOWNLOAD_HELP);
        }
    }

    /** Reads {@code count} records of {@code file} into {@code pixels} and {@code labels} from record {@code first} on. */
    private static void readRecords(Path file, int count, byte[] pixels, int[] labels, int first) throws DataException {
        try (SeekableByteChannel channel = DataFiles.open(file)) {
            if (channel.size() != (long) count * RECORD_BYTES) {
                throw new DataException(file + ": changed size while being read: was " + (long) count * RECORD_BYTES
                        + " bytes, now " + channel.size());
            }
            InputStream in = new BufferedInputStream(Channels.newInputStream(channel), BUFFER);
            for (int r = 0; r < count; r++) {
                int label = in.read();
                int got = label < 0 ? 0 : in.readNBytes(pixels, (first + r) * IMAGE_BYTES, IMAGE_BYTES);
                if (got < IMAGE_BYTES) {
                    throw new DataException(file + ": ends inside record " + r + " of " + count + "; changed while being read?");
                }
                if (label >= CIFAR10_CLASSES.size()) {
                    throw new DataException(file + ": record " + r + " (byte offset " + (long) r * RECORD_BYTES
                            + ") has label " + label + "; CIFAR-10 labels are 0..9", DOWNLOAD_HELP);
                }
                labels[first + r] = label;
            }
        } catch (IOException e) {
            throw DataFiles.failure(file.toString(), e);
        }
    }

    /** How to fix a folder without batch files, guessing from what it does hold. */
    private static String folderHelp(Path folder) {
        if (Files.isDirectory(folder.resolve("cifar-10-batches-bin"))) {
            return "pass the folder " + folder.resolve("cifar-10-batches-bin") + " instead";
        }
        if (Files.exists(folder.resolve("data_batch_1")) || Files.exists(folder.resolve("batches.meta"))) {
            return "this looks like the Python (pickle) version of CIFAR-10; " + DOWNLOAD_HELP;
        }
        return DOWNLOAD_HELP;
    }
}
