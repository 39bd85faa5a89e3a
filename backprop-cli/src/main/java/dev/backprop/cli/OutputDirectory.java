package dev.backprop.cli;

import dev.backprop.data.DatasetFormat;
import dev.backprop.data.ImageShape;
import dev.backprop.data.KnownDatasets;
import dev.backprop.nn.NetworkSpec;
import dev.backprop.optim.Optimizer;
import dev.backprop.tensor.DType;
import dev.backprop.train.TrainingOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Checks an output directory before any work is done, so a bad path or a full disk fails up front
 * (before data is loaded), not after an hour of training.
 */
public final class OutputDirectory {

    /** Room for what a run writes besides its model and checkpoint: report pages, figures, JSON. */
    static final long MARGIN_BYTES = 10L * 1024 * 1024;

    /** Where the free space of a directory comes from (a test replaces it to simulate a full disk). */
    @FunctionalInterface
    interface FreeSpace {
        /** Bytes this process may still write on the file system holding {@code dir}. */
        long usableBytes(Path dir) throws IOException;
    }

    /** The real file system's; package-private so tests can simulate a full disk. */
    static volatile FreeSpace freeSpace = dir -> Files.getFileStore(dir).getUsableSpace();

    private OutputDirectory() {
    }

    /** Creates {@code dir} if needed and proves it writable with a probe file. */
    public static void requireWritable(Path dir) {
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".write-test", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new CliException(ExitCodes.DATA, "cannot write to --output " + dir + " (" + e.getClass().getSimpleName()
                    + ": " + e.getMessage() + ")", "choose a directory you can write to");
        }
    }

    /**
     * Fails unless the file system of {@code dir} (which must exist) has room for {@code bytes}.
     *
     * @param what what will be written, for the message, e.g. "the model, checkpoint and history"
     */
    public static void requireSpace(Path dir, long bytes, String what) {
        long free;
        try {
            free = freeSpace.usableBytes(dir);
        } catch (IOException e) {
            return;   // the file system cannot tell; the writes themselves will report a full disk
        }
        if (free < bytes) {
            throw new CliException(ExitCodes.DATA, String.format(Locale.ROOT,
                    "not enough free space for --output %s: %s free, but %s needs about %s", dir, size(free), what,
                    size(bytes)), "free some space or choose another --output");
        }
    }

    /**
     * Free space a training run needs, with room to spare: its checkpoint twice over (the new one is
     * written beside the old one before it replaces it), the model, the history, and
     * {@link #MARGIN_BYTES}.
     *
     * @param optimizerSlots state tensors the optimiser keeps per parameter (momentum 1, Adam 2)
     * @param keepsBest      whether the checkpoint also holds the best weights (early stopping)
     * @param steps          training steps planned (the history records each one)
     * @param validations    validations planned
     */
    public static long bytesForRun(NetworkSpec spec, DType dtype, int optimizerSlots, boolean keepsBest, long steps,
                                   long validations) {
        long weights = parameterCount(spec) * (dtype == DType.FLOAT64 ? 8 : 4);
        if (4 * weights > Runtime.getRuntime().maxMemory()) {
            return 0;   // building the network refuses it first, saying it does not fit in memory and what to do
        }
        long history = 80 * steps + 400 * validations;
        long checkpoint = weights * (1 + optimizerSlots + (keepsBest ? 1 : 0)) + 8 * steps + 300 * validations;
        long model = weights + 8L * spec.inputs() + 64 * 1024;   // a mean image at most, and the metadata
        return 2 * (checkpoint + model + history) + MARGIN_BYTES;
    }

    /**
     * {@link #bytesForRun(NetworkSpec, DType, int, boolean, long, long)} for a run with these
     * settings on at most {@code trainImages} training images.
     */
    public static long bytesForRun(NetworkSpec spec, DType dtype, Optimizer optimizer, TrainingOptions options,
                                   int trainImages) {
        long perEpoch = options.sampled()
                ? (options.iterationsPerEpoch() > 0 ? options.iterationsPerEpoch() : Math.max(1, trainImages / options.batchSize()))
                : Math.max(1, (trainImages + options.batchSize() - 1L) / options.batchSize());
        long steps = options.sampled() ? options.iterations() : perEpoch * options.maxEpochs();
        long epochs = (steps + perEpoch - 1) / perEpoch;
        long validations = epochs * options.validationsPerEpoch() + 1;
        Object momentum = optimizer.hyperParameters().get("momentum");
        int slots = optimizer.name().equals("adam") ? 2
                : momentum instanceof Number m && m.doubleValue() > 0 ? 1 : 0;
        return bytesForRun(spec, dtype, slots, options.earlyStopping() != null, steps, validations);
    }

    /** Weights and biases of {@code spec}. */
    static long parameterCount(NetworkSpec spec) {
        long count = 0;
        int in = spec.inputs();
        for (NetworkSpec.Layer layer : spec.layers()) {
            count += (long) in * layer.units() + (layer.bias() ? layer.units() : 0);
            in = layer.units();
        }
        return count;
    }

    /** Features of a named dataset's images before preprocessing adds a bias column. */
    public static int featuresOf(String dataset) {
        return KnownDatasets.get(dataset).format() == DatasetFormat.CIFAR_BINARY ? ImageShape.CIFAR.size()
                : ImageShape.MNIST.size();
    }

    /** Training images of a named dataset (an upper bound for estimates). */
    public static int trainingImagesOf(String dataset) {
        String name = KnownDatasets.get(dataset).name();
        return name.equals(KnownDatasets.MNIST_SAMPLE.name()) ? 5_000
                : name.equals(KnownDatasets.CIFAR10.name()) ? 50_000 : 60_000;
    }

    private static String size(long bytes) {
        return bytes >= 10L * 1024 * 1024 ? String.format(Locale.ROOT, "%,d MiB", bytes / (1024 * 1024))
                : String.format(Locale.ROOT, "%,d KiB", (bytes + 1023) / 1024);
    }
}
