package dev.backprop.cli;

import dev.backprop.data.download.DownloadListener;

import java.util.Locale;

/** Download progress on standard error: a rewritten line on a terminal, a few lines otherwise. */
final class DownloadProgress implements DownloadListener {

    private final CliContext context;
    private int lastTenth = -1;

    DownloadProgress(CliContext context) {
        this.context = context;
    }

    @Override
    public void progress(String source, long bytesSoFar, long totalBytes) {
        String name = source.substring(source.lastIndexOf('/') + 1);
        if (totalBytes <= 0) {
            if (context.terminal()) {
                context.err().printf(Locale.ROOT, "\r  %s %,d bytes", name, bytesSoFar);
            }
            return;
        }
        int tenth = (int) (10 * bytesSoFar / totalBytes);
        if (context.terminal()) {
            context.err().printf(Locale.ROOT, "\r  %s %3d%% of %,d bytes", name, 100 * bytesSoFar / totalBytes, totalBytes);
            if (bytesSoFar == totalBytes) {
                context.err().println();
            }
        } else if (tenth != lastTenth) {
            lastTenth = tenth;
            context.err().printf(Locale.ROOT, "  %s %d%% of %,d bytes%n", name, 10 * tenth, totalBytes);
        }
    }
}
