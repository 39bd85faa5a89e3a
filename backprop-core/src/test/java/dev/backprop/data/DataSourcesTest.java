package dev.backprop.data;

import com.sun.net.httpserver.HttpServer;
import dev.backprop.data.download.Downloader;
import dev.backprop.testing.TestFolders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where datasets come from: the bundled sample, named directories, the cache, and downloads from a mirror. */
class DataSourcesTest {

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    /**
     * Serves {@code root} on 127.0.0.1; with {@code wrongFiles} every {@code mnist/} request gets the
     * file of the same name from {@code fashion-mnist/}: valid gzip, wrong content, as a bad mirror.
     */
    private URI serve(Path root, boolean wrongFiles) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            String path = exchange.getRequestURI().getPath().substring(1);
            if (wrongFiles) {
                path = path.replace("mnist/", "fashion-mnist/");
            }
            Path file = root.resolve(path).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            byte[] body = Files.readAllBytes(file);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    private static Downloader quickDownloader() {
        return Downloader.create(Duration.ofSeconds(2), Duration.ofSeconds(30));
    }

    @Test
    void bundledSampleLoadsOfflineWithKnownFacts() throws Exception {
        DataSources sources = DataSources.builder().cacheDir(Path.of("does-not-matter")).build();
        LabeledImages train = sources.load("mnist-sample", Split.TRAIN);
        LabeledImages test = sources.load("mnist-sample", Split.TEST);
        assertEquals(5000, train.count());
        assertEquals(1000, test.count());
        assertEquals(ImageShape.MNIST, train.shape());
        DatasetStatistics stats = DatasetStatistics.of(train);
        // the first 5,000 MNIST training labels and pixels, counted with numpy from the real files
        assertArrayEquals(new int[] {479, 563, 488, 493, 535, 434, 501, 550, 462, 495}, stats.classCounts());
        assertArrayEquals(new int[] {85, 126, 116, 107, 110, 87, 87, 99, 89, 94}, DatasetStatistics.of(test).classCounts());
        assertEquals(33.206704336734695, stats.pixelMean(), 1e-9);
        assertEquals(78.42278512418123, stats.pixelStd(), 1e-9);
    }

    @Test
    void bundledSampleFilesMatchTheirRecordedDigests() throws Exception {
        for (int i = 0; i < 4; i++) {
            String path = DataSources.SAMPLE_RESOURCE + KnownDatasets.IDX_FILES.get(i) + ".gz";
            try (InputStream in = new GZIPInputStream(DataSources.class.getResourceAsStream(path))) {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                sha.update(in.readAllBytes());
                assertEquals(KnownDatasets.SAMPLE_SHA256.get(i), HexFormat.of().formatHex(sha.digest()), path);
            }
        }
    }

    @Test
    void bundledSampleIsTheStartOfRealMnist() throws Exception {
        Path data = TestFolders.require("BACKPROP_DATA");
        DataSources real = DataSources.builder().dataDir(data).build();
        LabeledImages sample = real.load("mnist-sample", Split.TEST);
        LabeledImages mnist = real.load("mnist", Split.TEST).slice(0, 1000);
        assertArrayEquals(mnist.pixels(), sample.pixels());
        assertArrayEquals(mnist.labels(), sample.labels());
    }

    @Test
    void namedDirectoryWinsAndMustBeComplete(@TempDir Path tmp) throws Exception {
        Path mine = tmp.resolve("mine");
        writeTinyMnist(mine.resolve("mnist"), 3);
        Path env = tmp.resolve("env");
        writeTinyMnist(env.resolve("mnist"), 5);
        DataSources sources = DataSources.fromEnvironment(Map.of("BACKPROP_DATA", env.toString(),
                "BACKPROP_CACHE", tmp.resolve("cache").toString())).dataDir(mine).build();
        assertEquals(3, sources.load("mnist", Split.TRAIN).count(), "--data-dir wins over BACKPROP_DATA");

        DataSources envOnly = DataSources.fromEnvironment(Map.of("BACKPROP_DATA", env.toString(),
                "BACKPROP_CACHE", tmp.resolve("cache").toString())).build();
        assertEquals(5, envOnly.load("mnist", Split.TRAIN).count(), "BACKPROP_DATA wins over the cache");

        Files.delete(mine.resolve("mnist/t10k-labels-idx1-ubyte.gz"));
        DataException e = assertThrows(DataException.class, () -> sources.load("mnist", Split.TEST));
        assertTrue(e.getMessage().contains("--data-dir " + mine) && e.getMessage().contains("t10k-labels-idx1-ubyte"),
                e.getMessage());
        assertTrue(e.help().contains("BACKPROP_DATA"), e.help());
    }

    @Test
    void environmentWithoutTheDatasetFallsBackToTheCache(@TempDir Path tmp) throws Exception {
        Path cache = tmp.resolve("cache");
        writeTinyMnist(cache.resolve("fashion-mnist"), 4);
        Files.createDirectories(tmp.resolve("env/mnist"));
        DataSources sources = DataSources.fromEnvironment(Map.of("BACKPROP_DATA", tmp.resolve("env").toString(),
                "BACKPROP_CACHE", cache.toString())).build();
        LabeledImages images = sources.load("fashion-mnist", Split.TEST);
        assertEquals(4, images.count());
        assertEquals("Trouser", images.classNames().get(1));
    }

    @Test
    void downloadsFromAMirrorIntoTheCacheOnce(@TempDir Path tmp) throws Exception {
        Path data = TestFolders.require("BACKPROP_DATA");
        URI mirror = serve(data, false);
        Path cache = tmp.resolve("cache");
        List<String> notes = new java.util.ArrayList<>();
        DataSources sources = DataSources.fromEnvironment(Map.of("BACKPROP_CACHE", cache.toString(),
                "BACKPROP_MIRROR", mirror.toString())).downloader(quickDownloader()).log(notes::add).build();
        LabeledImages test = sources.load("mnist", Split.TEST);
        assertEquals(10_000, test.count());
        assertEquals(4, requests.get(), "all four files fetched");
        assertTrue(notes.get(0).contains("fetching mnist/"), notes.toString());
        try (Stream<Path> files = Files.list(cache.resolve("mnist"))) {
            assertEquals(4, files.count(), "exactly the four verified files, no temporary files");
        }
        sources.load("mnist", Split.TRAIN);
        assertEquals(4, requests.get(), "the cache is used the second time");
    }

    @Test
    void corruptedDownloadLeavesNothingInTheCache(@TempDir Path tmp) throws Exception {
        Path data = TestFolders.require("BACKPROP_DATA");
        URI mirror = serve(data, true);
        Path cache = tmp.resolve("cache");
        DataSources sources = DataSources.builder().cacheDir(cache).mirror(mirror).downloader(quickDownloader()).build();
        DataException e = assertThrows(DataException.class, () -> sources.load("mnist", Split.TEST));
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
        try (Stream<Path> files = Files.walk(cache)) {
            assertEquals(0, files.filter(Files::isRegularFile).count(), "nothing unverified enters the cache");
        }
    }

    @Test
    void cifarArchiveIsVerifiedThenUnpackedIntoTheCache(@TempDir Path tmp) throws Exception {
        Path data = TestFolders.require("BACKPROP_DATA");
        Path served = tmp.resolve("served");
        Path archive = served.resolve("cifar10/cifar-10-binary.tar.gz");
        Files.createDirectories(archive.getParent());
        try (var out = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(
                new java.util.zip.GZIPOutputStream(Files.newOutputStream(archive)))) {
            Path folder = data.resolve("cifar10/cifar-10-batches-bin");
            try (Stream<Path> files = Files.list(folder)) {
                for (Path f : files.sorted().toList()) {
                    var entry = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(f.toFile(),
                            "cifar-10-batches-bin/" + f.getFileName());
                    out.putArchiveEntry(entry);
                    Files.copy(f, out);
                    out.closeArchiveEntry();
                }
            }
        }
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(Files.readAllBytes(archive));
        DatasetSpec official = KnownDatasets.CIFAR10;
        DatasetSpec.Download download = official.downloads().get(0);
        // The official archive's checksum cannot match this re-packed subset: same spec, its own checksum.
        DatasetSpec subset = new DatasetSpec(official.name(), official.title(), official.format(), official.classNames(),
                List.of(new DatasetSpec.Download(download.fileName(), download.urls(),
                        dev.backprop.data.download.ContentCheck.of(Files.size(archive),
                                dev.backprop.data.download.Checksum.sha256(HexFormat.of().formatHex(sha.digest()))),
                        true)), official.credit());
        Path cache = tmp.resolve("cache");
        DataSources sources = DataSources.builder().cacheDir(cache).mirror(serve(served, false))
                .downloader(quickDownloader()).build();
        assertEquals(4000, sources.load(subset, Split.TRAIN).count());
        assertEquals(1000, sources.load(subset, Split.TEST).count());
        assertEquals(1, requests.get(), "downloaded once, then read from the cache");
        assertTrue(Files.isRegularFile(cache.resolve("cifar10/cifar-10-batches-bin/test_batch.bin")));
        assertTrue(Files.notExists(cache.resolve("cifar10/cifar-10-binary.tar.gz")), "the archive is removed once unpacked");
        // and the real official checksum refuses the re-packed archive
        DataException e = assertThrows(DataException.class, () -> DataSources.builder().cacheDir(tmp.resolve("c2"))
                .mirror(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"))
                .downloader(quickDownloader()).build().load("cifar10", Split.TEST));
        assertTrue(e.getMessage().contains("170052171") || e.getMessage().contains("c32a1d4a"), e.getMessage());
    }

    @Test
    void noNetworkFailsFastWithHelp(@TempDir Path tmp) throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        DataSources sources = DataSources.builder().cacheDir(tmp).mirror(URI.create("http://127.0.0.1:" + closedPort))
                .downloader(quickDownloader()).build();
        long start = System.nanoTime();
        DataException e = assertThrows(DataException.class, () -> sources.load("fashion-mnist", Split.TRAIN));
        assertTrue(System.nanoTime() - start < 10_000_000_000L, "must fail in seconds");
        assertTrue(e.help() != null && e.help().contains("--data-dir"), String.valueOf(e.help()));
    }

    @Test
    void namesAreForgivingAndUnknownOnesGetASuggestion() {
        assertEquals(KnownDatasets.FASHION_MNIST, KnownDatasets.get("Fashion_MNIST"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KnownDatasets.get("cifar100"));
        assertTrue(e.getMessage().contains("did you mean 'cifar10'?"), e.getMessage());
    }

    /** Writes a tiny IDX dataset with {@code n} images per split. */
    static void writeTinyMnist(Path folder, int n) throws IOException {
        Files.createDirectories(folder);
        for (String split : new String[] {"train", "t10k"}) {
            byte[] images = new byte[16 + n * 784];
            java.nio.ByteBuffer.wrap(images).putInt(0x803).putInt(n).putInt(28).putInt(28);
            byte[] labels = new byte[8 + n];
            java.nio.ByteBuffer.wrap(labels).putInt(0x801).putInt(n);
            for (int i = 0; i < n; i++) {
                labels[8 + i] = (byte) (i % 10);
            }
            gzip(folder.resolve(split + "-images-idx3-ubyte.gz"), images);
            gzip(folder.resolve(split + "-labels-idx1-ubyte.gz"), labels);
        }
    }

    private static void gzip(Path file, byte[] data) throws IOException {
        try (OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(data);
        }
    }
}
