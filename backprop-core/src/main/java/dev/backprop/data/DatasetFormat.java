package dev.backprop.data;

/** How a dataset's files are laid out. */
public enum DatasetFormat {
    /** The four MNIST-style IDX files, gzipped or not: {@code train-images-idx3-ubyte(.gz)} etc. */
    IDX,
    /** CIFAR-10's "binary version": {@code cifar-10-batches-bin/data_batch_1..5.bin, test_batch.bin}. */
    CIFAR_BINARY
}
