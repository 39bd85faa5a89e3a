package dev.backprop.data.download;

import dev.backprop.data.DataException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Downloads a file into a cache so that the cache only ever holds verified, complete files: the body
 * goes to a hidden temporary file beside the target, is checked with a {@link ContentCheck}, and only
 * then is renamed (atomically) to the target. Candidate URIs are tried in order, so mirrors can stand
 * in for a dead origin. Without a network it fails fast (a short connect timeout; refused connections
 * and unknown hosts fail at once) with help on how to use local files instead.
 *
 * <pre>{@code
 * Downloader downloader = Downloader.create();
 * Path labels = downloader.fetch(
 *         List.of(URI.create("https://mirror.example/mnist/t10k-labels-idx1-ubyte.gz")),
 *         cache.resolve("mnist/t10k-labels-idx1-ubyte.gz"),
 *         ContentCheck.gunzipped(10008, Checksum.md5("27ae3e4e09519cfbb04c329615203637")),
 *         DownloadListener.NONE);
 * }</pre>
 *
 * <p>Instances hold no state besides their client and timeout, and may be shared between threads.
 * Two processes fetching the same target at once each download to their own temporary file; the
 * last rename wins, and both files were verified.
 */
public final class Downloader {

    /** Connect timeout of {@link #create()}: long enough for a slow link, short enough without one. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** Request timeout of {@link #create()} and {@link #Downloader(HttpClient)}. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /** Help given when every candidate failed and the caller gave none of its own. */
    public static final String DEFAULT_HELP = "download the files yourself and pass --data-dir DIR or set"
            + " BACKPROP_DATA=DIR (layout: DIR/<dataset>/<file>), or set BACKPROP_MIRROR to a reachable mirror";

    /** Progress is reported about this often, so a listener can draw without slowing the copy. */
    private static final long PROGRESS_STEP = 64 * 1024;

    private final HttpClient client;
    private final Duration requestTimeout;

    /**
     * A downloader using {@code client} and {@link #DEFAULT_REQUEST_TIMEOUT}. The client's own
     * settings (connect timeout, redirect policy, proxy) apply as they are.
     *
     * @param client the HTTP client
     */
    public Downloader(HttpClient client) {
        this(client, DEFAULT_REQUEST_TIMEOUT);
    }

    /**
     * A downloader using {@code client}.
     *
     * @param client the HTTP client; its connect timeout, redirect policy and proxy apply
     * @param requestTimeout how long to wait for the response headers, and at most between two parts
     *     of the body (a stalled transfer fails after this long, however long the whole file takes)
     * @throws IllegalArgumentException if the timeout is not positive
     */
    public Downloader(HttpClient client, Duration requestTimeout) {
        this.client = Objects.requireNonNull(client, "client");
        this.requestTimeout = positive(requestTimeout, "requestTimeout");
    }

    /**
     * A downloader with {@link #DEFAULT_CONNECT_TIMEOUT} and {@link #DEFAULT_REQUEST_TIMEOUT}.
     *
     * @return a new downloader with its own HTTP client
     */
    public static Downloader create() {
        return create(DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
    }

    /**
     * A downloader with its own HTTP client that follows redirects (except from https to http) and
     * uses the JVM's default proxy settings ({@code -Dhttps.proxyHost=...}).
     *
     * @param connectTimeout how long to wait for a connection
     * @param requestTimeout see {@link #Downloader(HttpClient, Duration)}
     * @return a new downloader
     * @throws IllegalArgumentException if a timeout is not positive
     */
    public static Downloader create(Duration connectTimeout, Duration requestTimeout) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(positive(connectTimeout, "connectTimeout"))
                .followRedirects(HttpClient.Redirect.NORMAL);
        // Users behind a proxy configure it for the JVM; without this the client would ignore it.
        ProxySelector proxies = ProxySelector.getDefault();
        if (proxies != null) {
            builder.proxy(proxies);
        }
        return new Downloader(builder.build(), requestTimeout);
    }

    /**
     * {@link #fetch(List, Path, ContentCheck, DownloadListener, String)} with {@link #DEFAULT_HELP}.
     *
     * @param candidates URIs to try in order (http or https)
     * @param target where the verified file goes
     * @param check what the file must satisfy
     * @param listener hears progress
     * @return {@code target}
     * @throws DataException if no candidate delivered a file that passes {@code check}
     */
    public Path fetch(List<URI> candidates, Path target, ContentCheck check, DownloadListener listener)
            throws DataException {
        return fetch(candidates, target, check, listener, DEFAULT_HELP);
    }

    /**
     * Makes sure {@code target} holds a file that passes {@code check}, downloading it if needed.
     * A target that exists and passes is returned without any request. One that fails is reported to
     * {@link DownloadListener#replacingInvalid} and downloaded again; it is replaced only by a file
     * that passes. Otherwise each candidate is tried in turn until one succeeds: its body is streamed
     * to a temporary file {@code .<name>.part-<random>} in the target's directory (created if
     * needed), verified, and renamed to {@code target} atomically. Any failure of a candidate (an
     * HTTP status other than 200, a connection or I/O error, a timeout, a body shorter than its
     * Content-Length, a failed check) deletes the temporary file and moves on to the next.
     *
     * @param candidates URIs to try in order; only http and https are accepted
     * @param target where the verified file goes
     * @param check what the file must satisfy ({@link ContentCheck#NONE} for nothing)
     * @param listener hears progress; if it throws, the temporary file is deleted and the exception
     *     propagates without trying further candidates
     * @param help the help of the exception thrown when every candidate failed, e.g. how to supply
     *     the file by hand; null for {@link #DEFAULT_HELP}
     * @return {@code target}
     * @throws DataException if every candidate failed (the message lists each URI and its failure),
     *     a candidate is not an http or https URI, the target is a directory or its directory cannot
     *     be created, or the thread was interrupted (its interrupt flag is then set again)
     * @throws IllegalArgumentException if {@code candidates} is empty
     */
    public Path fetch(List<URI> candidates, Path target, ContentCheck check, DownloadListener listener,
                      String help) throws DataException {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(listener, "listener");
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("no URI to download " + target + " from");
        }
        for (URI uri : candidates) {
            requireHttp(uri);
        }
        Path absolute = target.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            throw new DataException(target + " is a directory, not a file to download into",
                    "remove it or choose another cache directory (BACKPROP_CACHE)");
        }
        String existingProblem = null;
        if (Files.exists(absolute)) {
            try {
                check.verify(absolute, absolute.toString());
                return target;
            } catch (DataException e) {
                existingProblem = e.getMessage();
                listener.replacingInvalid(target, existingProblem);
            }
        }
        createDirectories(absolute.getParent());

        List<String> failures = new ArrayList<>();
        List<Exception> causes = new ArrayList<>();
        for (URI uri : candidates) {
            try {
                download(uri, absolute, check, listener);
                return target;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DataException("download of " + uri + " was interrupted", null, e);
            } catch (IOException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new DataException("download of " + uri + " was interrupted", null, e);
                }
                String reason = describe(e, uri);
                failures.add(reason.contains(uri.toString()) ? reason : uri + ": " + reason);
                causes.add(e);
            }
        }
        throw allFailed(target, existingProblem, failures, causes, help == null ? DEFAULT_HELP : help);
    }

    private void download(URI uri, Path target, ContentCheck check, DownloadListener listener)
            throws IOException, InterruptedException {
        Path part = createPartFile(target);
        try {
            receive(uri, part, check, listener);
            check.verify(part, uri.toString());
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (Throwable t) {
            // Also for a listener's RuntimeException or an Error: no partial file may outlive this call.
            try {
                Files.deleteIfExists(part);
            } catch (IOException deleteFailure) {
                t.addSuppressed(deleteFailure);
            }
            throw t;
        }
    }

    private void receive(URI uri, Path part, ContentCheck check, DownloadListener listener)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(requestTimeout).GET().build();
        HttpResponse<BodyQueue> response = client.send(request, info -> new BodyQueue());
        BodyQueue body = response.body();
        try {
            requireOk(response, uri);
            long announced = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (announced >= 0 && check.size() >= 0 && announced != check.size()) {
                throw new IOException("the server announces " + announced + " bytes, expected "
                        + check.size());
            }
            // A known size also bounds the body when the server announces none, so no server can
            // fill the disk.
            long limit = announced >= 0 ? announced : check.size() >= 0 ? check.size() : Long.MAX_VALUE;
            String source = uri.toString();
            long received = 0;
            long reported = 0;
            try (FileChannel out = FileChannel.open(part, StandardOpenOption.WRITE)) {
                List<ByteBuffer> chunk;
                while ((chunk = next(body, received, announced)) != null) {
                    for (ByteBuffer buffer : chunk) {
                        received += buffer.remaining();
                        while (buffer.hasRemaining()) {
                            out.write(buffer);
                        }
                    }
                    if (received > limit) {
                        throw new IOException("the body is longer than the " + limit + " bytes expected");
                    }
                    if (received - reported >= PROGRESS_STEP) {
                        listener.progress(source, received, announced);
                        reported = received;
                    }
                }
                if (announced >= 0 && received < announced) {
                    throw new IOException("truncated: received " + received + " of " + announced + " bytes");
                }
                // On disk before the rename, so a crash cannot leave a renamed but empty file.
                out.force(true);
            }
            listener.progress(source, received, announced >= 0 ? announced : received);
        } finally {
            body.cancel();
        }
    }

    /** The next part of the body, with a failure that says how far the transfer got. */
    private List<ByteBuffer> next(BodyQueue body, long received, long announced)
            throws IOException, InterruptedException {
        try {
            return body.next(requestTimeout);
        } catch (HttpTimeoutException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException("transfer broken off after " + received
                    + (announced >= 0 ? " of " + announced : "") + " bytes (" + e.getMessage() + ")", e);
        }
    }

    private static void requireOk(HttpResponse<?> response, URI requested) throws IOException {
        int status = response.statusCode();
        if (status == 200) {
            return;
        }
        StringBuilder reason = new StringBuilder("HTTP ").append(status);
        if (!response.uri().equals(requested)) {
            reason.append(" from ").append(response.uri());
        }
        if (status / 100 == 3) {
            String location = response.headers().firstValue("Location").orElse("nowhere");
            reason.append(" (redirect to ").append(location)
                    .append(" not followed: only http and https, never from https to http)");
        }
        throw new IOException(reason.toString());
    }

    private static Path createPartFile(Path target) throws IOException {
        String prefix = "." + target.getFileName() + ".part-";
        while (true) {
            String suffix = Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
            Path part = target.resolveSibling(prefix + suffix);
            try {
                Files.newByteChannel(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return part;
            } catch (FileAlreadyExistsException taken) {
                // Another download picked the same name; draw again.
            }
        }
    }

    private static void createDirectories(Path directory) throws DataException {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new DataException("cannot create the directory " + directory + ": " + e,
                    "check its permissions, or set BACKPROP_CACHE to a writable directory", e);
        }
    }

    private static void requireHttp(URI uri) throws DataException {
        Objects.requireNonNull(uri, "candidate URI");
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new DataException("cannot download " + uri + ": only http and https URIs are supported",
                    "for files already on this machine, pass --data-dir DIR or set BACKPROP_DATA=DIR"
                            + " (layout: DIR/<dataset>/<file>); BACKPROP_MIRROR must be an http(s) URL");
        }
        if (uri.getHost() == null) {
            throw new DataException("cannot download " + uri + ": the URI names no host",
                    "check the URL, e.g. BACKPROP_MIRROR=https://host/path");
        }
    }

    /** One line saying why a candidate failed, in words a user can act on. */
    private static String describe(IOException e, URI uri) {
        if (e instanceof DataException) {
            return e.getMessage();
        }
        if (e instanceof HttpConnectTimeoutException) {
            return "no connection within the connect timeout (no network?)";
        }
        if (e instanceof HttpTimeoutException) {
            return "timed out: " + e.getMessage();
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException) {
                return "unknown host " + uri.getHost() + " (no network or DNS?)";
            }
        }
        if (e instanceof ConnectException) {
            String detail = innermostMessage(e);
            // Java 17 reports a refused connection with no message at all.
            return "cannot connect: " + (detail == null ? "connection refused, or no route to the host" : detail);
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }

    private static String innermostMessage(Throwable e) {
        String message = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return message;
    }

    private static DataException allFailed(Path target, String existingProblem, List<String> failures,
                                           List<Exception> causes, String help) {
        StringBuilder message = new StringBuilder("could not download ").append(target.getFileName());
        message.append(failures.size() == 1 ? ":" : " from any of " + failures.size() + " sources:");
        for (String failure : failures) {
            message.append("\n  ").append(failure);
        }
        if (existingProblem != null) {
            message.append("\n  (the existing ").append(target).append(" was not used: ")
                    .append(existingProblem).append(')');
        }
        DataException exception = new DataException(message.toString(), help, causes.get(causes.size() - 1));
        for (Exception cause : causes.subList(0, causes.size() - 1)) {
            exception.addSuppressed(cause);
        }
        return exception;
    }

    private static Duration positive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + duration);
        }
        return duration;
    }
}
