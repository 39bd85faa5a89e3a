#!/usr/bin/env python3
"""Cut the bundled MNIST sample from the real MNIST files.

The sample is the first 5,000 training and the first 1,000 test images of MNIST, with their
labels, as gzipped IDX files (the format of the originals) inside backprop-core's resources, so
the quick start works offline. The gzip streams have no timestamp, so the output is reproducible
byte for byte; the script prints the SHA-256 of each decompressed file for the registry in
KnownDatasets.java.

Usage: scripts/make-mnist-sample.py MNIST_DIR   (e.g. ../shared/data/mnist)
"""
import gzip
import hashlib
import os
import struct
import sys

OUT = os.path.join(os.path.dirname(__file__), "..", "backprop-core", "src", "main", "resources",
                   "dev", "backprop", "data", "mnist-sample")
CUTS = {"train": 5000, "t10k": 1000}


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    zero, dtype, ndim = struct.unpack(">HBB", data[:4])
    if zero != 0 or dtype != 0x08:
        sys.exit(f"{path}: not an unsigned-byte IDX file")
    dims = list(struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim]))
    return dims, data[4 + 4 * ndim:]


def write_idx(path, dims, payload):
    header = struct.pack(">HBB", 0, 0x08, len(dims)) + struct.pack(">" + "I" * len(dims), *dims)
    raw = header + payload
    with open(path, "wb") as f:
        with gzip.GzipFile(filename="", mode="wb", fileobj=f, mtime=0, compresslevel=9) as z:
            z.write(raw)
    return hashlib.sha256(raw).hexdigest(), len(raw)


def find(directory, stem):
    for name in (stem + ".gz", stem):
        path = os.path.join(directory, name)
        if os.path.exists(path):
            return path
    sys.exit(f"{directory}: {stem}(.gz) not found")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    src = sys.argv[1]
    os.makedirs(OUT, exist_ok=True)
    for split, n in CUTS.items():
        for kind, item in (("images-idx3-ubyte", 28 * 28), ("labels-idx1-ubyte", 1)):
            stem = f"{split}-{kind}"
            dims, payload = read_idx(find(src, stem))
            dims[0] = n
            digest, size = write_idx(os.path.join(OUT, stem + ".gz"), dims, payload[:n * item])
            print(f"{stem} sha256 {digest} size {size}")


if __name__ == "__main__":
    main()
