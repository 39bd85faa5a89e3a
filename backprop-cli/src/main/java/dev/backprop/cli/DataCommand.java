package dev.backprop.cli;

import dev.backprop.data.DataSources;
import dev.backprop.data.DatasetSpec;
import dev.backprop.data.DatasetStatistics;
import dev.backprop.data.ImageGrid;
import dev.backprop.data.KnownDatasets;
import dev.backprop.data.LabeledImages;
import dev.backprop.data.Split;
import dev.backprop.data.download.ContentCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code backprop data}: fetch, verify and describe datasets. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Fetch, verify and describe datasets.",
        subcommands = {DataCommand.Fetch.class, DataCommand.Verify.class, DataCommand.Info.class})
final class DataCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "name a subcommand: fetch, verify or info");
    }

    /** Options shared by the data subcommands. */
    abstract static class Base implements Callable<Integer> {
        final CliContext context;

        @Parameters(index = "0", paramLabel = "NAME", description = "mnist, fashion-mnist, cifar10 or mnist-sample.")
        String name;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "Directory with one folder per dataset.")
        Path dataDir;

        Base(CliContext context) {
            this.context = context;
        }

        DataSources sources() {
            return DataSources.fromEnvironment(context.environment())
                    .dataDir(dataDir == null ? null : context.resolve(dataDir))
                    .progress(new DownloadProgress(context)).log(m -> context.err().println(m)).build();
        }
    }

    /** {@code backprop data fetch NAME}. */
    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = "Make a dataset available: find it (--data-dir, BACKPROP_DATA, cache) or download and verify it.",
            footer = {"", "Example:", "  backprop data fetch fashion-mnist"})
    static final class Fetch extends Base {
        Fetch(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() throws Exception {
            DatasetSpec spec = KnownDatasets.get(name);
            if (spec.bundled()) {
                context.out().println(spec.name() + " is bundled inside Backprop; nothing to fetch");
                return ExitCodes.OK;
            }
            Path folder = sources().locate(spec);
            context.out().println(spec.name() + " is in " + folder);
            return ExitCodes.OK;
        }
    }

    /** {@code backprop data verify NAME}. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Read every file of a dataset (structure: magic numbers, sizes, labels) and compare downloadable"
                    + " files with their published checksums.",
            footer = {"", "Example:", "  backprop data verify mnist --data-dir ../shared/data"})
    static final class Verify extends Base {
        Verify(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() throws Exception {
            DataSources sources = sources();
            DatasetSpec spec = KnownDatasets.get(name);
            for (Split s : Split.values()) {
                LabeledImages images = sources.load(spec, s);
                context.out().printf(Locale.ROOT, "%-12s %,7d images of %s, labels in 0..%d: structure ok%n",
                        spec.name() + " " + s.label(), images.count(), images.shape(), images.classNames().size() - 1);
            }
            if (spec.bundled()) {
                return ExitCodes.OK;
            }
            Path folder = sources.locate(spec);
            for (DatasetSpec.Download d : spec.downloads()) {
                Path file = folder.resolve(d.fileName());
                if (d.archive() || !Files.isRegularFile(file)) {
                    context.out().printf("%-32s not kept as downloaded (unpacked or uncompressed): checksum not compared%n",
                            d.fileName());
                    continue;
                }
                ContentCheck check = d.check();
                try {
                    check.verify(file, file.toString());
                    context.out().printf("%-32s matches the published checksum%n", d.fileName());
                } catch (dev.backprop.data.DataException e) {
                    context.out().printf("%-32s differs from the published checksum (a subset or another copy): %s%n",
                            d.fileName(), e.getMessage());
                }
            }
            return ExitCodes.OK;
        }
    }

    /** {@code backprop data info NAME}. */
    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Counts, label histogram, pixel mean and standard deviation; optionally a PNG of sample images.",
            footer = {"", "Example:", "  backprop data info mnist-sample --grid samples.png"})
    static final class Info extends Base {
        @Option(names = "--grid", paramLabel = "PNG", description = "Write the first --samples training images as a grid.")
        Path grid;

        @Option(names = "--samples", defaultValue = "40", paramLabel = "N", description = "Images in the grid. Default: ${DEFAULT-VALUE}.")
        int samples;

        Info(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() throws Exception {
            DataSources sources = sources();
            DatasetSpec spec = KnownDatasets.get(name);
            context.out().println(spec.title() + " (" + spec.credit() + ")");
            LabeledImages train = null;
            for (Split s : Split.values()) {
                LabeledImages images = sources.load(spec, s);
                if (s == Split.TRAIN) {
                    train = images;
                }
                context.out().print(DatasetStatistics.of(images).describe(images.classNames()));
            }
            if (grid != null) {
                int n = Math.min(samples, train.count());
                ImageGrid.writePng(train, 0, n, Math.min(10, n), train.shape().width() < 32 ? 3 : 2, context.resolve(grid));
                context.out().println("wrote " + n + " sample images to " + grid);
            }
            return ExitCodes.OK;
        }
    }
}
