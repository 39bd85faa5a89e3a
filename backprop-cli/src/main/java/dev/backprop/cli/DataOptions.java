package dev.backprop.cli;

import dev.backprop.data.DataSources;
import dev.backprop.data.Dataset;
import dev.backprop.data.LabeledImages;
import dev.backprop.data.PixelScaling;
import dev.backprop.data.Preprocessing;
import dev.backprop.data.Preprocessor;
import dev.backprop.data.Split;
import dev.backprop.random.Rng;
import dev.backprop.tensor.DType;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/** Which data to train on and how to prepare it: shared by {@code train}, {@code gradcheck} and {@code data}. */
public final class DataOptions {

    @Option(names = "--dataset", defaultValue = "mnist-sample", paramLabel = "NAME",
            description = "mnist, fashion-mnist, cifar10 or mnist-sample (bundled, offline). Default: ${DEFAULT-VALUE}.")
    String dataset;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Directory with one folder per dataset (wins over BACKPROP_DATA and the cache).")
    Path dataDir;

    @Option(names = "--train-first", paramLabel = "N", description = "Train on the first N training images.")
    Integer trainFirst;

    @Option(names = "--train-range", paramLabel = "FROM:TO",
            description = "Train on training images FROM (inclusive) to TO (exclusive), e.g. 0:20000.")
    String trainRange;

    @Option(names = "--validation", defaultValue = "test", paramLabel = "SOURCE",
            description = "test (the test split), split:FRACTION (held out of the training images) or none."
                    + " Default: ${DEFAULT-VALUE}.")
    String validation;

    @Option(names = "--validation-first", paramLabel = "N", description = "Validate on the first N validation images.")
    Integer validationFirst;

    @Option(names = "--classes", split = ",", paramLabel = "C",
            description = "Keep only these classes, relabelled 0, 1, ... in this order (2 vs 3 as 1/0: --classes 3,2).")
    int[] classes;

    @Option(names = "--scaling", defaultValue = "unit", paramLabel = "HOW",
            description = "Pixel scaling: raw (0..255), unit ([0, 1]) or symmetric ([-1, 1]). Default: ${DEFAULT-VALUE}.")
    String scaling;

    @Option(names = "--standardize", description = "Standardise with the training mean and standard deviation.")
    boolean standardize;

    @Option(names = "--mean-image", description = "Subtract the training set's mean image (cs231n).")
    boolean meanImage;

    @Option(names = "--bias-column", description = "Append a constant-1 input (the bias trick).")
    boolean biasColumn;

    @Option(names = "--dtype", defaultValue = "float32", paramLabel = "TYPE",
            description = "float32 (fast) or float64 (exact). Default: ${DEFAULT-VALUE}.")
    String dtype;

    /** The prepared data of a run. */
    record Prepared(String dataset, LabeledImages trainImages, Preprocessor preprocessor, Dataset train,
                    Dataset validation) {
    }

    /** The element type chosen. */
    DType dtype() {
        return DType.parse(dtype);
    }

    /** The preprocessing recipe chosen. */
    Preprocessing recipe() {
        Preprocessing p = Preprocessing.scaled(PixelScaling.parse(scaling)).as(dtype());
        if (standardize) {
            p = p.standardized();
        }
        if (meanImage) {
            p = p.meanImageSubtracted();
        }
        return biasColumn ? p.withBiasColumn() : p;
    }

    /** Data sources as the options and environment say. */
    DataSources sources(CliContext context) {
        return DataSources.fromEnvironment(context.environment())
                .dataDir(dataDir == null ? null : context.resolve(dataDir))
                .progress(new DownloadProgress(context))
                .log(message -> context.err().println(message))
                .build();
    }

    /** Loads, selects and preprocesses the training and validation data. */
    Prepared load(CliContext context, long seed) throws java.io.IOException {
        DataSources sources = sources(context);
        LabeledImages all = select(sources.load(dataset, Split.TRAIN), true);
        LabeledImages train = all;
        LabeledImages val = null;
        String v = validation.trim().toLowerCase(Locale.ROOT);
        if (v.equals("test")) {
            val = select(sources.load(dataset, Split.TEST), false);
        } else if (v.startsWith("split:")) {
            double fraction = parseFraction(v.substring(6));
            int[] perm = Rng.derive(seed, "split").permutation(all.count());
            int held = (int) Math.round(fraction * all.count());
            int[] valIdx = Arrays.copyOf(perm, held);
            int[] trainIdx = Arrays.copyOfRange(perm, held, perm.length);
            Arrays.sort(valIdx);
            Arrays.sort(trainIdx);
            val = all.select(valIdx).named(dataset + " validation (held out)");
            train = all.select(trainIdx);
        } else if (!v.equals("none")) {
            throw new CliException(ExitCodes.USAGE, "unknown --validation '" + validation + "'",
                    "use test, split:FRACTION (e.g. split:0.1) or none");
        }
        if (val != null && validationFirst != null) {
            val = val.first(validationFirst);
        }
        if (train.count() == 0) {
            throw new CliException(ExitCodes.USAGE, "no training images left after --train-first/--train-range/--classes",
                    null);
        }
        Preprocessor prep = recipe().fit(train);
        return new Prepared(dataset, train, prep, prep.apply(train), val == null ? null : prep.apply(val));
    }

    /** Training slices apply to the training split only; class selection to both. */
    private LabeledImages select(LabeledImages images, boolean training) {
        LabeledImages out = images;
        if (trainRange != null && training) {
            String[] parts = trainRange.split(":");
            try {
                if (parts.length != 2) {
                    throw new NumberFormatException();
                }
                out = out.slice(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
            } catch (NumberFormatException e) {
                throw new CliException(ExitCodes.USAGE, "--train-range '" + trainRange + "' is not FROM:TO", "e.g. 0:20000");
            } catch (IndexOutOfBoundsException e) {
                throw new CliException(ExitCodes.USAGE, "--train-range " + trainRange + ": " + e.getMessage(), null);
            }
        }
        if (trainFirst != null && training) {
            out = out.first(trainFirst);
        }
        if (classes != null && classes.length > 0) {
            out = out.keepClasses(classes);
        }
        return out;
    }

    private static double parseFraction(String s) {
        try {
            double f = Double.parseDouble(s);
            if (f > 0 && f < 1) {
                return f;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new CliException(ExitCodes.USAGE, "--validation split:" + s + " needs a fraction between 0 and 1",
                "e.g. --validation split:0.1");
    }
}
