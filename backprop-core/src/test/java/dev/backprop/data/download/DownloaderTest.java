package dev.backprop.data.download;

import dev.backprop.data.DataException;
import dev.backprop.testing.TestFolders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DownloaderTest {

    @TempDir
    Path cache;

    private LocalServer server;
    private final Downloader downloader = Downloader.create(Duration.ofSeconds(2), Duration.ofSeconds(5));

    @BeforeEach
    void startServer() throws IOException {
        server = new LocalServer();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void downloadsWithMonotonicProgressAndLeavesOnlyTheTarget() throws IOException {
        byte[] body = randomBytes(300 * 1024 + 17, 1);
        URI uri = server.serve("/data/file.bin", body);
        Path target = cache.resolve("dataset/nested/file.bin");
        List<long[]> calls = new ArrayList<>();

        Path result = downloader.fetch(List.of(uri), target, ContentCheck.of(body.length, sha256(body)),
                (source, soFar, total) -> {
                    assertEquals(uri.toString(), source);
                    calls.add(new long[] {soFar, total});
                });

        assertEquals(target, result);
        assertArrayEquals(body, Files.readAllBytes(target));
        assertTrue(calls.size() >= 2, "progress reported along the way, not only at the end: " + calls.size());
        assertTrue(calls.size() <= body.length / (64 * 1024) + 2, "progress is throttled: " + calls.size());
        for (int i = 1; i < calls.size(); i++) {
            assertTrue(calls.get(i)[0] >= calls.get(i - 1)[0], "progress never goes back");
        }
        long[] last = calls.get(calls.size() - 1);
        assertEquals(body.length, last[0]);
        assertEquals(body.length, last[1]);
        assertEquals(List.of("file.bin"), names(target.getParent()));
    }

    @Test
    void validFileAlreadyPresentIsNotRequested() throws IOException {
        byte[] body = randomBytes(1000, 2);
        URI uri = server.serve("/file.bin", body);
        Path target = cache.resolve("file.bin");
        Files.write(target, body);

        downloader.fetch(List.of(uri), target, ContentCheck.of(-1, sha256(body)), DownloadListener.NONE);

        assertEquals(0, server.requests());
        assertArrayEquals(body, Files.readAllBytes(target));
    }

    @Test
    void corruptFileAlreadyPresentIsSaidAndDownloadedAgain() throws IOException {
        byte[] body = randomBytes(1000, 3);
        URI uri = server.serve("/file.bin", body);
        Path target = cache.resolve("file.bin");
        Files.write(target, randomBytes(1000, 4));
        List<String> reasons = new ArrayList<>();
        DownloadListener listener = new DownloadListener() {
            @Override
            public void progress(String source, long bytesSoFar, long totalBytes) {
            }

            @Override
            public void replacingInvalid(Path file, String reason) {
                reasons.add(file + ": " + reason);
            }
        };

        downloader.fetch(List.of(uri), target, ContentCheck.of(1000, sha256(body)), listener);

        assertEquals(1, server.requests());
        assertArrayEquals(body, Files.readAllBytes(target));
        assertEquals(1, reasons.size());
        assertTrue(reasons.get(0).contains("checksum mismatch"), reasons.get(0));
        assertEquals(List.of("file.bin"), names(cache));
    }

    @Test
    void wrongBytesFailNamingTheUriAndBothChecksumsAndLeaveNothing() throws IOException {
        byte[] expected = randomBytes(5000, 5);
        byte[] served = randomBytes(5000, 6);
        URI uri = server.serve("/file.bin", served);
        Path target = cache.resolve("mnist/file.bin");

        DataException e = assertThrows(DataException.class, () -> downloader.fetch(List.of(uri), target,
                ContentCheck.of(5000, sha256(expected)), DownloadListener.NONE));

        assertTrue(e.getMessage().contains(uri.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(sha256(expected).hex()), e.getMessage());
        assertTrue(e.getMessage().contains(sha256(served).hex()), e.getMessage());
        assertEquals(List.of(), names(target.getParent()));
    }

    @Test
    void gzipIsCheckedByItsDecompressedContentWhateverTheCompression() throws IOException {
        byte[] content = randomBytes(10008, 7);
        Checksum md5 = md5(content);
        URI fast = server.serve("/fast.gz", gzip(content, Deflater.BEST_SPEED));
        URI small = server.serve("/small.gz", gzip(content, Deflater.BEST_COMPRESSION));
        URI other = server.serve("/other.gz", gzip(randomBytes(10008, 8), Deflater.DEFAULT_COMPRESSION));
        ContentCheck check = ContentCheck.gunzipped(10008, md5);

        downloader.fetch(List.of(fast), cache.resolve("a/labels.gz"), check, DownloadListener.NONE);
        downloader.fetch(List.of(small), cache.resolve("b/labels.gz"), check, DownloadListener.NONE);
        DataException e = assertThrows(DataException.class, () ->
                downloader.fetch(List.of(other), cache.resolve("c/labels.gz"), check, DownloadListener.NONE));

        assertTrue(e.getMessage().contains("expected MD5 " + md5.hex() + " of the decompressed content, got "),
                e.getMessage());
        assertEquals(Downloader.DEFAULT_HELP, e.help());
        DataException cause = (DataException) e.getCause();
        assertTrue(cause.help().contains("corrupted"), cause.help());
        assertEquals(List.of(), names(cache.resolve("c")));
    }

    @Test
    void transferCutShortOfItsContentLengthFailsAndLeavesNothing() throws IOException {
        byte[] body = randomBytes(200_000, 9);
        try (LocalServer.Misbehaving cut = new LocalServer.Misbehaving(body, body.length, body.length / 2, 0)) {
            Path target = cache.resolve("file.bin");
            DataException e = assertThrows(DataException.class, () ->
                    downloader.fetch(List.of(cut.uri("/file.bin")), target, ContentCheck.NONE, DownloadListener.NONE));
            assertTrue(e.getMessage().contains(cut.uri("/file.bin").toString()), e.getMessage());
            assertEquals(List.of(), names(cache));
        }
    }

    @Test
    void stalledTransferTimesOutAndLeavesNothing() throws IOException {
        byte[] body = randomBytes(100_000, 10);
        Downloader impatient = Downloader.create(Duration.ofSeconds(2), Duration.ofMillis(300));
        try (LocalServer.Misbehaving stall = new LocalServer.Misbehaving(body, body.length, 1000, 5000)) {
            long start = System.nanoTime();
            DataException e = assertThrows(DataException.class, () -> impatient.fetch(
                    List.of(stall.uri("/file.bin")), cache.resolve("file.bin"), ContentCheck.NONE,
                    DownloadListener.NONE));
            assertTrue(elapsedMillis(start) < 3000, "gave up after " + elapsedMillis(start) + " ms");
            assertTrue(e.getMessage().contains("timed out"), e.getMessage());
            assertEquals(List.of(), names(cache));
        }
    }

    @Test
    void notFoundThenGoodMirrorSucceedsFromTheMirror() throws IOException {
        byte[] body = randomBytes(3000, 11);
        URI missing = server.uri("/origin/file.bin");
        URI mirror = server.serve("/mirror/file.bin", body);
        Path target = cache.resolve("file.bin");

        downloader.fetch(List.of(missing, mirror), target, ContentCheck.of(3000, sha256(body)), DownloadListener.NONE);

        assertEquals(2, server.requests());
        assertArrayEquals(body, Files.readAllBytes(target));
        assertEquals(List.of("file.bin"), names(cache));
    }

    @Test
    void redirectsAreFollowedOnlyToHttp() throws IOException {
        byte[] body = randomBytes(3000, 12);
        server.serve("/new/file.bin", body);
        URI moved = server.redirect("/old/file.bin", server.uri("/new/file.bin").toString());
        URI toFile = server.redirect("/evil/file.bin", "file:///etc/passwd");

        downloader.fetch(List.of(moved), cache.resolve("file.bin"), ContentCheck.of(3000, sha256(body)),
                DownloadListener.NONE);
        DataException e = assertThrows(DataException.class, () -> downloader.fetch(List.of(toFile),
                cache.resolve("other.bin"), ContentCheck.NONE, DownloadListener.NONE));

        assertArrayEquals(body, Files.readAllBytes(cache.resolve("file.bin")));
        assertTrue(e.getMessage().contains("HTTP 302"), e.getMessage());
        assertEquals(List.of("file.bin"), names(cache));
    }

    @Test
    void whenAllCandidatesFailOneExceptionListsEach() throws IOException {
        URI missing = server.uri("/missing.bin");
        URI broken = server.status("/broken.bin", 500);
        URI refused = URI.create("http://127.0.0.1:" + LocalServer.closedPort() + "/file.bin");
        byte[] body = randomBytes(100, 13);
        URI wrong = server.serve("/wrong.bin", body);

        DataException e = assertThrows(DataException.class, () -> downloader.fetch(
                List.of(missing, broken, refused, wrong), cache.resolve("file.bin"),
                ContentCheck.of(100, Checksum.sha256("00".repeat(32))), DownloadListener.NONE));

        String message = e.getMessage();
        assertTrue(message.contains("from any of 4 sources"), message);
        assertTrue(message.contains(missing + ": HTTP 404"), message);
        assertTrue(message.contains(broken + ": HTTP 500"), message);
        assertTrue(message.contains(refused + ": cannot connect"), message);
        assertTrue(message.contains("checksum mismatch for " + wrong), message);
        assertEquals(Downloader.DEFAULT_HELP, e.help());
        assertEquals(List.of(), names(cache));
    }

    @Test
    void withoutNetworkItFailsFastWithHelpOnLocalFiles() throws IOException {
        URI unreachable = URI.create("http://127.0.0.1:" + LocalServer.closedPort() + "/mnist/train-images-idx3-ubyte.gz");
        Downloader standard = Downloader.create();
        long start = System.nanoTime();

        DataException e = assertThrows(DataException.class, () -> standard.fetch(List.of(unreachable),
                cache.resolve("mnist/train-images-idx3-ubyte.gz"), ContentCheck.NONE, DownloadListener.NONE));

        assertTrue(elapsedMillis(start) < 2000, "took " + elapsedMillis(start) + " ms");
        assertTrue(e.getMessage().contains(unreachable.toString()), e.getMessage());
        assertTrue(e.help().contains("--data-dir DIR"), e.help());
        assertTrue(e.help().contains("BACKPROP_DATA=DIR"), e.help());
        assertTrue(e.help().contains("BACKPROP_MIRROR"), e.help());
        assertEquals(List.of(), names(cache.resolve("mnist")));
    }

    @Test
    void callerHelpReplacesTheDefault() {
        URI missing = server.uri("/missing.bin");
        DataException e = assertThrows(DataException.class, () -> downloader.fetch(List.of(missing),
                cache.resolve("file.bin"), ContentCheck.NONE, DownloadListener.NONE, "put cifar10 in DIR"));
        assertEquals("put cifar10 in DIR", e.help());
    }

    @Test
    void onlyHttpAndHttpsAreAccepted() throws IOException {
        Path local = Files.writeString(cache.resolve("local.bin"), "x");
        URI good = server.serve("/file.bin", new byte[] {1});
        for (URI uri : List.of(local.toUri(), URI.create("ftp://127.0.0.1/file.bin"), URI.create("jar:file:/x!/y"))) {
            DataException e = assertThrows(DataException.class, () -> downloader.fetch(List.of(good, uri),
                    cache.resolve("file.bin"), ContentCheck.NONE, DownloadListener.NONE));
            assertTrue(e.getMessage().contains("only http and https"), e.getMessage());
        }
        assertEquals(0, server.requests(), "refused before any request");
        assertEquals(List.of("local.bin"), names(cache));
    }

    @Test
    void listenerExceptionPropagatesAndCleansUp() throws IOException {
        byte[] body = randomBytes(200_000, 14);
        URI first = server.serve("/first.bin", body);
        URI second = server.serve("/second.bin", body);
        Path target = cache.resolve("file.bin");

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> downloader.fetch(
                List.of(first, second), target, ContentCheck.NONE, (source, soFar, total) -> {
                    throw new IllegalStateException("cancelled by the user");
                }));

        assertEquals("cancelled by the user", e.getMessage());
        assertEquals(1, server.requests(), "a listener's exception stops the fetch, no mirror is tried");
        assertEquals(List.of(), names(cache));
    }

    @Test
    void announcedLengthOtherThanTheExpectedSizeFailsBeforeTheBody() throws IOException {
        URI uri = server.serve("/file.bin", randomBytes(2000, 15));
        DataException e = assertThrows(DataException.class, () -> downloader.fetch(List.of(uri),
                cache.resolve("file.bin"), ContentCheck.of(1000, null), DownloadListener.NONE));
        assertTrue(e.getMessage().contains("announces 2000 bytes, expected 1000"), e.getMessage());
        assertEquals(List.of(), names(cache));
    }

    @Test
    void realMnistTestLabelsPassTheirPublishedChecksum() throws IOException {
        Path data = TestFolders.require("BACKPROP_DATA");
        URI uri = server.serve("/mnist/t10k-labels-idx1-ubyte.gz", data.resolve("mnist/t10k-labels-idx1-ubyte.gz"));
        Path target = cache.resolve("mnist/t10k-labels-idx1-ubyte.gz");

        downloader.fetch(List.of(uri), target,
                ContentCheck.gunzipped(10008, Checksum.md5("27ae3e4e09519cfbb04c329615203637")),
                DownloadListener.NONE);

        assertEquals(List.of("t10k-labels-idx1-ubyte.gz"), names(target.getParent()));
    }

    // --- helpers ---

    static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static Checksum sha256(byte[] bytes) {
        return Checksum.sha256(HexFormat.of().formatHex(digest("SHA-256", bytes)));
    }

    static Checksum md5(byte[] bytes) {
        return Checksum.md5(HexFormat.of().formatHex(digest("MD5", bytes)));
    }

    private static byte[] digest(String algorithm, byte[] bytes) {
        try {
            return MessageDigest.getInstance(algorithm).digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] gzip(byte[] content, int level) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out) {
            {
                def.setLevel(level);
            }
        }) {
            gz.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Every name in the directory, hidden temporary files included; empty if it does not exist. */
    static List<String> names(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static long elapsedMillis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
