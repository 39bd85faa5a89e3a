package dev.backprop.data.download;

import java.nio.file.Path;

/**
 * Hears how a download is going, e.g. to draw a progress bar. Called on the thread that called
 * {@link Downloader#fetch}, roughly every 64 KiB and once when the body is complete. An exception
 * thrown from here aborts the download (the partial file is deleted) and reaches the caller.
 *
 * <pre>{@code
 * DownloadListener bar = (source, soFar, total) ->
 *         System.err.printf("\r%s: %d / %d KiB", source, soFar / 1024, total / 1024);
 * }</pre>
 */
@FunctionalInterface
public interface DownloadListener {

    /** Hears nothing. */
    DownloadListener NONE = (source, bytesSoFar, totalBytes) -> {
    };

    /**
     * Bytes received so far from one source. For one source, {@code bytesSoFar} never decreases; the
     * last call has {@code bytesSoFar == totalBytes} when the body was complete.
     *
     * @param source the URI being downloaded
     * @param bytesSoFar bytes received so far
     * @param totalBytes the announced length, or -1 if the server did not announce one (in the last
     *     call it is the number of bytes received)
     */
    void progress(String source, long bytesSoFar, long totalBytes);

    /**
     * The target existed but failed its check, so it will be downloaded again (and replaced only by
     * a download that passes). Does nothing unless overridden.
     *
     * @param target the file that failed
     * @param reason why it failed, e.g. a checksum mismatch
     */
    default void replacingInvalid(Path target, String reason) {
    }
}
