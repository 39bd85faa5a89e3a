package dev.backprop.data;

import dev.backprop.data.download.Checksum;
import dev.backprop.data.download.ContentCheck;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The named datasets and their official download locations and checksums.
 *
 * <p>MNIST's published checksums are of the decompressed files (mirrors re-compress), so its
 * downloads are verified by the SHA-256 and size of their gunzipped content; the digests below are
 * those of the canonical files (whose MD5s the dataset's documentation lists). Fashion-MNIST's own
 * location is plain HTTP, so the checksum is what protects it. CIFAR-10's archive is verified whole
 * (MD5 and size published with torchvision) before it is unpacked.
 */
public final class KnownDatasets {

    private KnownDatasets() {
    }

    /** The four IDX file names, in the order train images, train labels, test images, test labels. */
    static final List<String> IDX_FILES = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    private static final long[] IDX_SIZES = {47_040_016L, 60_008L, 7_840_016L, 10_008L};

    /** MNIST handwritten digits: 60,000 + 10,000 grey 28×28 images. */
    public static final DatasetSpec MNIST = new DatasetSpec("mnist", "MNIST handwritten digits", DatasetFormat.IDX,
            MnistFormat.MNIST_CLASSES, idxDownloads(List.of(
                    "https://ossci-datasets.s3.amazonaws.com/mnist/",
                    "https://storage.googleapis.com/cvdf-datasets/mnist/",
                    "http://yann.lecun.com/exdb/mnist/"),
                    "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
                    "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
                    "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
                    "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"),
            "Yann LeCun, Corinna Cortes and Christopher J. C. Burges; CC BY-SA 3.0");

    /** Fashion-MNIST (Zalando): 60,000 + 10,000 grey 28×28 images of clothing. */
    public static final DatasetSpec FASHION_MNIST = new DatasetSpec("fashion-mnist", "Fashion-MNIST",
            DatasetFormat.IDX, MnistFormat.FASHION_MNIST_CLASSES, idxDownloads(List.of(
                    "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
                    "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
                    "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
                    "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
                    "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"),
            "Han Xiao, Kashif Rasul and Roland Vollgraf, Zalando SE; MIT licence");

    /** CIFAR-10: 50,000 + 10,000 colour 32×32 images in 10 classes. */
    public static final DatasetSpec CIFAR10 = new DatasetSpec("cifar10", "CIFAR-10", DatasetFormat.CIFAR_BINARY,
            CifarBinary.CIFAR10_CLASSES, List.of(new DatasetSpec.Download("cifar-10-binary.tar.gz",
                    List.of(URI.create("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz")),
                    ContentCheck.of(170_052_171L, Checksum.md5("c32a1d4ab5d03f1284b67883e8d87530")), true)),
            "Alex Krizhevsky, Vinod Nair and Geoffrey Hinton, \"Learning Multiple Layers of Features from Tiny Images\","
                    + " 2009");

    /**
     * The MNIST sample inside Backprop's jar: the first 5,000 training and the first 1,000 test
     * images of MNIST, so examples and the quick start work offline.
     */
    public static final DatasetSpec MNIST_SAMPLE = new DatasetSpec("mnist-sample",
            "MNIST sample (first 5,000 training and 1,000 test images, bundled)", DatasetFormat.IDX,
            MnistFormat.MNIST_CLASSES, List.of(),
            "Yann LeCun, Corinna Cortes and Christopher J. C. Burges; CC BY-SA 3.0");

    /** SHA-256 of the bundled sample's decompressed files, as scripts/make-mnist-sample.py printed them. */
    static final List<String> SAMPLE_SHA256 = List.of(
            "1e3ffdb2f57e22d9e5363dde25c2d057542c2e72baa312f0f3b03948bb3802b7",
            "685aeb7baef68233efa643639a5e9c15bb48be09a628f96fb7f606ca2a1ea7bc",
            "de7c252b04f05e1f8309634180ccdf286dc6dbac8c579b74e76e02ae0331ca52",
            "832c0d20f0dc42e575488c75a83a970787d4c8d4d05831b2ef03701b4a478a90");

    /** Every named dataset. */
    public static List<DatasetSpec> all() {
        return List.of(MNIST, FASHION_MNIST, CIFAR10, MNIST_SAMPLE);
    }

    /**
     * The dataset named {@code name}.
     *
     * @throws IllegalArgumentException naming the valid names and the nearest one
     */
    public static DatasetSpec get(String name) {
        return dev.backprop.nn.Names.lookup("dataset", name, all().toArray(new DatasetSpec[0]), DatasetSpec::name);
    }

    private static List<DatasetSpec.Download> idxDownloads(List<String> bases, String... sha256) {
        List<DatasetSpec.Download> out = new ArrayList<>();
        for (int i = 0; i < IDX_FILES.size(); i++) {
            String file = IDX_FILES.get(i) + ".gz";
            List<URI> urls = new ArrayList<>();
            for (String base : bases) {
                urls.add(URI.create(base + file));
            }
            out.add(new DatasetSpec.Download(file, urls, ContentCheck.gunzipped(IDX_SIZES[i], Checksum.sha256(sha256[i])),
                    false));
        }
        return out;
    }
}
