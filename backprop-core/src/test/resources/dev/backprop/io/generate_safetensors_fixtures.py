"""Regenerates the .safetensors fixtures used by dev.backprop.io.SafeTensors* tests.

Run from this directory with NumPy 2:  python3 generate_safetensors_fixtures.py
The files are committed; the tests only read them.

The safetensors writers below are written out by hand with json + struct + numpy, independently
of the Java code, so the tests compare two implementations of the format:

  st_other_tool.safetensors    A file as another tool might write it: no Backprop checksum, header
                               keys in a different order from the data, escapes in the JSON, every
                               supported dtype, a scalar, a 3-D and a zero-size tensor. Java must
                               read it with exactly the values below.
  st_backprop_layout.safetensors
                               The bytes Backprop's SafeTensors.write must produce for the content
                               in SafeTensorsInteropTest.backpropContent(): compact JSON header
                               written like Rust's serde_json, metadata first with the
                               "backprop.crc32c" checksum first in it, spaces up to a multiple of 8
                               bytes, data in the given order.

If the `safetensors` package (the reference implementation) is installed, the script also writes
st_reference.safetensors with safetensors.numpy.save_file and reads both other files back with it.
"""
import json
import struct

import numpy as np

DTYPES = {np.dtype("<f4"): "F32", np.dtype("<f8"): "F64", np.dtype("<i4"): "I32",
          np.dtype("<i8"): "I64", np.dtype("u1"): "U8"}


def crc32c(data: bytes) -> int:
    """CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), as java.util.zip.CRC32C computes it."""
    table = []
    for i in range(256):
        c = i
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        table.append(c)
    crc = 0xFFFFFFFF
    for b in data:
        crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


assert crc32c(b"123456789") == 0xE3069283  # the standard check value


def le_bytes(a: np.ndarray) -> bytes:
    return np.ascontiguousarray(a, dtype=a.dtype.newbyteorder("<")).tobytes()


def pad8(header: bytes) -> bytes:
    return header + b" " * (-len(header) % 8)


def other_tool_file(path, metadata, tensors, data_order):
    """Header keys sorted (with json's default ASCII escaping), data in data_order."""
    header, offset, blobs = {}, 0, []
    for name in data_order:
        a = tensors[name]
        blob = le_bytes(a)
        header[name] = {"dtype": DTYPES[a.dtype], "shape": list(a.shape),
                        "data_offsets": [offset, offset + len(blob)]}
        offset += len(blob)
        blobs.append(blob)
    header["__metadata__"] = metadata
    text = pad8(json.dumps(header, sort_keys=True).encode("utf-8"))
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def backprop_file(path, metadata, tensors):
    """Backprop's layout: compact, raw UTF-8, checksum first, tensors in the given order."""
    meta = {"backprop.crc32c": "00000000"}
    meta.update(metadata)
    header, offset, blobs = {"__metadata__": meta}, 0, []
    for name, a in tensors.items():
        blob = le_bytes(a)
        header[name] = {"dtype": DTYPES[a.dtype], "shape": list(a.shape),
                        "data_offsets": [offset, offset + len(blob)]}
        offset += len(blob)
        blobs.append(blob)
    text = pad8(json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))
    whole = bytearray(struct.pack("<Q", len(text)) + text + b"".join(blobs))
    digits = whole.index(b'"backprop.crc32c":"00000000"') + len(b'"backprop.crc32c":"')
    assert digits == 44
    whole[digits:digits + 8] = b"%08x" % crc32c(bytes(whole))
    with open(path, "wb") as f:
        f.write(whole)


def read_back(path):
    """A minimal independent reader, to check what was just written."""
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    meta = header.pop("__metadata__", {})
    data = raw[8 + n:]
    names = {v: k for k, v in DTYPES.items()}
    out = {}
    for name, info in header.items():
        b, e = info["data_offsets"]
        out[name] = np.frombuffer(data[b:e], dtype=names[info["dtype"]]).reshape(info["shape"])
    if "backprop.crc32c" in meta:
        zeroed = bytearray(raw)
        zeroed[44:52] = b"00000000"
        assert meta["backprop.crc32c"] == "%08x" % crc32c(bytes(zeroed)), path
    return meta, out


# --- st_other_tool.safetensors: read by SafeTensorsInteropTest.readsFileWrittenByAnotherTool ---
other_meta = {"format": "np", "written by": "generate_safetensors_fixtures.py",
              "quote\"tab\t": "line\nbreak \u00e9\u20ac"}
other = {
    "weight": np.array([[1.5, -2.25, 0.1], [-0.0, 1e-45, np.inf]], dtype="<f4"),
    "bias": np.array([0.1, -2.5, np.pi], dtype="<f8"),
    "ids": np.array([[-9223372036854775808, 9223372036854775807], [0, -1]], dtype="<i8"),
    "counts": np.arange(-3, 9, dtype="<i4").reshape(2, 2, 3),
    "mask": np.array([0, 1, 128, 255], dtype="u1"),
    "scalar": np.array(-7.25, dtype="<f8"),
    "empty": np.zeros((0, 4), dtype="<f4"),
    "\u00fcn\u00efcode/n\u00e4me.0": np.array([42], dtype="<i4"),
}
# Data order differs from both the dict order and the (sorted) header order.
other_order = ["mask", "counts", "\u00fcn\u00efcode/n\u00e4me.0", "weight", "empty", "scalar", "ids", "bias"]
other_tool_file("st_other_tool.safetensors", other_meta, other, other_order)

# --- st_backprop_layout.safetensors: compared byte for byte with SafeTensors.write ---
bp_meta = {"epoch": "3", "model": "tiny mlp \u00fc", "escapes": "\"\\\n\t\u0001"}
bp = {
    "layers.0.weight": np.array([[0.5, -1.0, 0.25], [1e-3, 3.4028235e38, -0.0]], dtype="<f4"),
    "layers.0.bias": np.array([0.1, 0.2, 0.3], dtype="<f4"),
    "step": np.array(1200, dtype="<i8"),
    "labels": np.array([0, 9, 255, 3, 7], dtype="u1"),
    "counts": np.arange(8, dtype="<i4").reshape(2, 2, 2) - 4,
    "w64": np.array([[np.pi, -np.e], [1e-300, 2.0 ** 60]], dtype="<f8"),
    "empty": np.zeros((0, 3), dtype="<f8"),
}
backprop_file("st_backprop_layout.safetensors", bp_meta, bp)

for path, meta, tensors in [("st_other_tool.safetensors", other_meta, other),
                            ("st_backprop_layout.safetensors", bp_meta, bp)]:
    got_meta, got = read_back(path)
    got_meta.pop("backprop.crc32c", None)
    assert got_meta == meta, path
    assert set(got) == set(tensors), path
    for name, a in tensors.items():
        assert got[name].dtype == a.dtype and got[name].shape == a.shape, (path, name)
        assert got[name].tobytes() == a.tobytes(), (path, name)

# --- optional: the reference implementation, when installed ---
try:
    from safetensors import safe_open
    from safetensors.numpy import load_file, save_file
except ImportError:
    print("safetensors not installed; st_reference.safetensors left as it is")
else:
    ref = {"a.weight": np.arange(6, dtype="<f4").reshape(2, 3) / 8,
           "a.bias": np.array([-1.0, 2.0], dtype="<f8"),
           "tokens": np.array([[1, 2], [3, 4]], dtype="<i8"),
           "flags": np.array([1, 0, 255], dtype="u1"),
           "n": np.array(5, dtype="<i4")}
    save_file(ref, "st_reference.safetensors", metadata={"source": "safetensors.numpy.save_file"})
    for path, tensors in [("st_other_tool.safetensors", other), ("st_backprop_layout.safetensors", bp),
                          ("st_reference.safetensors", ref)]:
        loaded = load_file(path)
        for name, a in tensors.items():
            assert loaded[name].dtype == a.dtype and loaded[name].tobytes() == a.tobytes(), (path, name)
    with safe_open("st_backprop_layout.safetensors", framework="np") as f:
        assert f.metadata()["model"] == bp_meta["model"]
    print("the safetensors package reads all three files")
