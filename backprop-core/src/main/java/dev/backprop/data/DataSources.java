package dev.backprop.data;

import dev.backprop.data.download.Archives;
import dev.backprop.data.download.DownloadListener;
import dev.backprop.data.download.Downloader;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Finds a named dataset's files and reads them. Where the data comes from, in this order:
 * <ol>
 *   <li>a directory the user names ({@code --data-dir}, {@link Builder#dataDir}): it must hold the
 *       dataset, else the error says what is missing (no surprise download);</li>
 *   <li>{@code BACKPROP_DATA}: used when it has a folder for the dataset;</li>
 *   <li>the cache ({@code BACKPROP_CACHE}, default {@code ~/.cache/backprop});</li>
 *   <li>a download into the cache from the dataset's own location, or from {@code BACKPROP_MIRROR}
 *       when set, verified before it enters the cache.</li>
 * </ol>
 * A directory holds one folder per dataset, laid out as the dataset ships it: {@code mnist/} and
 * {@code fashion-mnist/} with the four IDX files (gzipped or not), {@code cifar10/cifar-10-batches-bin/}.
 * Directories the user names are checked for structure only (they may hold a subset, like a
 * CIFAR-10 folder with only {@code data_batch_1.bin}); downloads are checked against known checksums.
 * {@code mnist-sample} is read from inside the jar.
 *
 * <pre>{@code
 * DataSources sources = DataSources.fromEnvironment(System.getenv()).build();
 * LabeledImages train = sources.load("mnist", Split.TRAIN);
 * }</pre>
 */
public final class DataSources {

    /** Where the bundled sample lives on the class path. */
    static final String SAMPLE_RESOURCE = "/dev/backprop/data/mnist-sample/";

    private final Path dataDir;
    private final Path environmentDataDir;
    private final Path cacheDir;
    private final URI mirror;
    private final Downloader downloader;
    private final DownloadListener progress;
    private final Consumer<String> log;

    private DataSources(Builder b) {
        this.dataDir = b.dataDir;
        this.environmentDataDir = b.environmentDataDir;
        this.cacheDir = Objects.requireNonNull(b.cacheDir, "cache directory");
        this.mirror = b.mirror;
        this.downloader = b.downloader != null ? b.downloader : Downloader.create();
        this.progress = b.progress;
        this.log = b.log;
    }

    /** A builder with nothing set but the default cache ({@code ~/.cache/backprop}). */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder configured from environment variables: {@code BACKPROP_DATA}, {@code BACKPROP_CACHE},
     * {@code BACKPROP_MIRROR}; relative paths resolve against the current directory.
     *
     * @param environment usually {@code System.getenv()}
     */
    public static Builder fromEnvironment(Map<String, String> environment) {
        Builder b = new Builder();
        String data = environment.get("BACKPROP_DATA");
        if (data != null && !data.isBlank()) {
            b.environmentDataDir = Path.of(data).toAbsolutePath();
        }
        String cache = environment.get("BACKPROP_CACHE");
        if (cache != null && !cache.isBlank()) {
            b.cacheDir = Path.of(cache).toAbsolutePath();
        }
        String mirror = environment.get("BACKPROP_MIRROR");
        if (mirror != null && !mirror.isBlank()) {
            b.mirror(URI.create(mirror));
        }
        return b;
    }

    /** The download cache. */
    public Path cacheDir() {
        return cacheDir;
    }

    /** Reads one split of the dataset named {@code name}, fetching it first if needed. */
    public LabeledImages load(String name, Split split) throws DataException {
        return load(KnownDatasets.get(name), split);
    }

    /** Reads one split of the dataset {@code spec} describes, fetching it first if needed. */
    public LabeledImages load(DatasetSpec spec, Split split) throws DataException {
        String label = spec.name() + " " + split.label();
        if (spec.bundled()) {
            return loadBundledSample(split, label);
        }
        Path folder = locate(spec);
        if (spec.format() == DatasetFormat.CIFAR_BINARY) {
            return CifarBinary.readFolder(folder.resolve("cifar-10-batches-bin"), split == Split.TRAIN, label);
        }
        int first = split == Split.TRAIN ? 0 : 2;
        return MnistFormat.read(idxFile(folder, KnownDatasets.IDX_FILES.get(first)),
                idxFile(folder, KnownDatasets.IDX_FILES.get(first + 1)), label, spec.classNames());
    }

    /**
     * The folder holding the dataset's files, after the resolution described above (downloading
     * into the cache when no other source has it).
     *
     * @throws DataException if a named directory lacks the dataset, or the download fails
     */
    public Path locate(DatasetSpec spec) throws DataException {
        if (spec.bundled()) {
            throw new DataException(spec.name() + " is bundled inside Backprop and has no folder; load it by name");
        }
        if (dataDir != null) {
            Path folder = dataDir.resolve(spec.name());
            List<String> missing = missing(spec, folder);
            if (!missing.isEmpty()) {
                throw new DataException("--data-dir " + dataDir + " has no complete " + spec.name() + ": missing "
                        + String.join(", ", missing), layoutHelp(spec));
            }
            return folder;
        }
        if (environmentDataDir != null && Files.isDirectory(environmentDataDir.resolve(spec.name()))) {
            Path folder = environmentDataDir.resolve(spec.name());
            List<String> missing = missing(spec, folder);
            if (!missing.isEmpty()) {
                throw new DataException("BACKPROP_DATA=" + environmentDataDir + " has an incomplete " + spec.name()
                        + " folder: missing " + String.join(", ", missing), layoutHelp(spec));
            }
            return folder;
        }
        Path cached = cacheDir.resolve(spec.name());
        if (missing(spec, cached).isEmpty()) {
            return cached;
        }
        return download(spec);
    }

    /** Downloads (or completes) the dataset in the cache and returns its folder. */
    public Path download(DatasetSpec spec) throws DataException {
        if (spec.bundled()) {
            throw new DataException(spec.name() + " is bundled inside Backprop; there is nothing to download");
        }
        Path folder = cacheDir.resolve(spec.name());
        for (DatasetSpec.Download d : spec.downloads()) {
            if (d.archive() && missing(spec, folder).isEmpty()) {
                continue;   // already unpacked
            }
            List<URI> urls = mirror == null ? d.urls()
                    : List.of(mirror.resolve(spec.name() + "/" + d.fileName()));
            log.accept("fetching " + spec.name() + "/" + d.fileName() + " from " + urls.get(0).getHost()
                    + " into " + folder);
            Path file = downloader.fetch(urls, folder.resolve(d.fileName()), d.check(), progress, layoutHelp(spec));
            if (d.archive()) {
                try {
                    Archives.extractTarGz(file, folder);
                    Files.delete(file);
                } catch (IOException e) {
                    throw e instanceof DataException de ? de : new DataException("cannot unpack " + file + ": "
                            + e.getMessage(), null, e);
                }
            }
        }
        List<String> missing = missing(spec, folder);
        if (!missing.isEmpty()) {
            throw new DataException("the download of " + spec.name() + " did not produce " + String.join(", ", missing));
        }
        return folder;
    }

    /** The files of {@code spec} that {@code folder} lacks (empty when it has what loading needs). */
    static List<String> missing(DatasetSpec spec, Path folder) {
        List<String> missing = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            missing.add(folder.getFileName() + "/");
            return missing;
        }
        if (spec.format() == DatasetFormat.CIFAR_BINARY) {
            Path bin = folder.resolve("cifar-10-batches-bin");
            if (!Files.isRegularFile(bin.resolve("test_batch.bin"))) {
                missing.add("cifar-10-batches-bin/test_batch.bin");
            }
            if (!Files.isRegularFile(bin.resolve("data_batch_1.bin"))) {
                missing.add("cifar-10-batches-bin/data_batch_1.bin");
            }
            return missing;
        }
        for (String stem : KnownDatasets.IDX_FILES) {
            if (!Files.isRegularFile(folder.resolve(stem)) && !Files.isRegularFile(folder.resolve(stem + ".gz"))) {
                missing.add(stem + "(.gz)");
            }
        }
        return missing;
    }

    private static Path idxFile(Path folder, String stem) {
        Path gz = folder.resolve(stem + ".gz");
        return Files.isRegularFile(gz) ? gz : folder.resolve(stem);
    }

    private static String layoutHelp(DatasetSpec spec) {
        String layout = spec.format() == DatasetFormat.CIFAR_BINARY
                ? "DIR/cifar10/cifar-10-batches-bin/{data_batch_1..5.bin, test_batch.bin, batches.meta.txt}"
                : "DIR/" + spec.name() + "/{train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte,"
                        + " t10k-labels-idx1-ubyte}[.gz]";
        return "put the files in a directory laid out as " + layout + " and pass --data-dir DIR or set BACKPROP_DATA=DIR,"
                + " or set BACKPROP_MIRROR to a reachable mirror with the same layout";
    }

    private static LabeledImages loadBundledSample(Split split, String label) throws DataException {
        int first = split == Split.TRAIN ? 0 : 2;
        String images = SAMPLE_RESOURCE + KnownDatasets.IDX_FILES.get(first) + ".gz";
        String labels = SAMPLE_RESOURCE + KnownDatasets.IDX_FILES.get(first + 1) + ".gz";
        try (InputStream i = resource(images); InputStream l = resource(labels)) {
            return MnistFormat.read(i, "jar:" + images, l, "jar:" + labels, label, MnistFormat.MNIST_CLASSES);
        } catch (IOException e) {
            throw e instanceof DataException de ? de : new DataException("cannot read the bundled sample: " + e.getMessage(),
                    null, e);
        }
    }

    private static InputStream resource(String path) throws DataException {
        InputStream in = DataSources.class.getResourceAsStream(path);
        if (in == null) {
            throw new DataException("the bundled MNIST sample is missing from the class path (" + path + ")",
                    "rebuild Backprop; the sample is cut by scripts/make-mnist-sample.py");
        }
        return in;
    }

    /** Configures a {@link DataSources}. */
    public static final class Builder {
        private Path dataDir;
        private Path environmentDataDir;
        private Path cacheDir = Path.of(System.getProperty("user.home"), ".cache", "backprop");
        private URI mirror;
        private Downloader downloader;
        private DownloadListener progress = DownloadListener.NONE;
        private Consumer<String> log = message -> { };

        private Builder() {
        }

        /** A directory the user named (flag {@code --data-dir}); it wins over everything else. */
        public Builder dataDir(Path dir) {
            this.dataDir = dir == null ? null : dir.toAbsolutePath();
            return this;
        }

        /** The download cache. */
        public Builder cacheDir(Path dir) {
            this.cacheDir = Objects.requireNonNull(dir, "cache directory").toAbsolutePath();
            return this;
        }

        /** A base URL replacing the datasets' own locations: files are fetched from {@code MIRROR/<dataset>/<file>}. */
        public Builder mirror(URI base) {
            String s = base.toString();
            this.mirror = URI.create(s.endsWith("/") ? s : s + "/");
            return this;
        }

        /** The downloader to use (tests pass one with short timeouts). */
        public Builder downloader(Downloader d) {
            this.downloader = d;
            return this;
        }

        /** Receives download progress. */
        public Builder progress(DownloadListener listener) {
            this.progress = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Receives one-line notes such as "fetching mnist/... from ...". */
        public Builder log(Consumer<String> sink) {
            this.log = Objects.requireNonNull(sink, "log");
            return this;
        }

        /** The configured sources. */
        public DataSources build() {
            return new DataSources(this);
        }
    }
}
