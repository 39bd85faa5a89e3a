package dev.backprop.data;

import dev.backprop.data.download.ContentCheck;

import java.net.URI;
import java.util.List;

/**
 * Everything Backprop knows about a named dataset: its layout, class names, and where its files
 * come from with the checks a download must pass.
 *
 * @param name       the name used everywhere ({@code mnist}, {@code fashion-mnist}, {@code cifar10},
 *                   {@code mnist-sample}); also the dataset's folder name in a data directory
 * @param title      a human name
 * @param format     file layout
 * @param classNames class names by label
 * @param downloads  what to download (empty for a bundled dataset)
 * @param credit     authors and licence, for reports
 */
public record DatasetSpec(String name, String title, DatasetFormat format, List<String> classNames,
                          List<Download> downloads, String credit) {

    /**
     * One file to download into the dataset's cache folder.
     *
     * @param fileName name in the dataset folder (and on the mirror: {@code MIRROR/<dataset>/<fileName>})
     * @param urls     the official locations, tried in order
     * @param check    what the download must match before it may enter the cache
     * @param archive  true for an archive to unpack (CIFAR-10's tar.gz) rather than keep
     */
    public record Download(String fileName, List<URI> urls, ContentCheck check, boolean archive) {
    }

    /** Copies the lists. */
    public DatasetSpec {
        classNames = List.copyOf(classNames);
        downloads = List.copyOf(downloads);
    }

    /** True for a dataset shipped inside Backprop's jar. */
    public boolean bundled() {
        return downloads.isEmpty();
    }
}
