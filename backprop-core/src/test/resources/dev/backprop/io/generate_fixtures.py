"""Regenerates the .npy fixtures used by dev.backprop.io tests.

Run from this directory with NumPy 2:  python3 generate_fixtures.py
The files are committed; the tests only read them.
"""
import numpy as np
from numpy.lib import format as npf

# Arrays Backprop must read exactly and write byte-identically (np.save, format 1.0).
np.save("f4_2x3.npy", np.array([[1.5, -2.25, 0.1], [3.4028235e38, -0.0, 1e-45]], dtype=np.float32))
np.save("f8_4.npy", np.array([0.1, -2.5, 1e-300, np.pi], dtype=np.float64))
np.save("i4_2x2.npy", np.array([[-2147483648, 2147483647], [0, -7]], dtype=np.int32))
np.save("i8_3.npy", np.array([42, -1, 9223372036854775807], dtype=np.int64))
np.save("u1_2x2.npy", np.array([[0, 255], [128, 7]], dtype=np.uint8))
np.save("f8_scalar.npy", np.array(3.5, dtype=np.float64))
np.save("f8_0x3.npy", np.zeros((0, 3), dtype=np.float64))
np.save("i4_2x3x5.npy", np.arange(30, dtype=np.int32).reshape(2, 3, 5))

# Other format versions of readable data.
with open("f8_v2.npy", "wb") as f:
    npf.write_array(f, np.arange(6, dtype=np.float64).reshape(2, 3) / 4, version=(2, 0))
with open("f8_v3.npy", "wb") as f:
    npf.write_array(f, np.arange(6, dtype=np.float64).reshape(2, 3) / 4, version=(3, 0))

# Files Backprop must refuse with a clear message.
np.save("f8_bigendian.npy", np.array([1.0, 2.0], dtype=">f8"))
np.save("f8_fortran.npy", np.asfortranarray(np.arange(6, dtype=np.float64).reshape(2, 3)))
np.save("bool_2.npy", np.array([True, False]))
np.save("object_1.npy", np.array([None], dtype=object), allow_pickle=True)
np.save("structured_2.npy", np.zeros(2, dtype=[("a", "<f4"), ("b", "<i4")]))
# Non-latin-1 field name: numpy itself picks format 3.0 (UTF-8 header).
np.save("structured_utf8_v3.npy", np.zeros(1, dtype=[("\u03b1", "<f4")]))
