package dev.backprop.cli;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks an output directory before any work is done, so a bad path fails up front, not after training. */
public final class OutputDirectory {

    /** Below this much free space a run is refused: model files and checkpoints need room. */
    static final long MIN_FREE_BYTES = 64L * 1024 * 1024;

    private OutputDirectory() {
    }

    /** Creates {@code dir} if needed and proves it writable with a probe file. */
    public static void requireWritable(Path dir) {
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".write-test", ".tmp");
            Files.delete(probe);
            FileStore store = Files.getFileStore(dir);
            if (store.getUsableSpace() < MIN_FREE_BYTES) {
                throw new CliException(ExitCodes.DATA, "only " + store.getUsableSpace() / (1024 * 1024)
                        + " MiB free where --output " + dir + " lives", "free some space or choose another --output");
            }
        } catch (IOException e) {
            throw new CliException(ExitCodes.DATA, "cannot write to --output " + dir + " (" + e.getClass().getSimpleName()
                    + ": " + e.getMessage() + ")", "choose a directory you can write to");
        }
    }
}
