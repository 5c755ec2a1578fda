#!/usr/bin/env python3
"""Writes the .npy files that tests/core/npy_test.cc reads, with real NumPy.

Run from anywhere: python3 tests/data/npy/make_npy.py (needs numpy; the committed files were
made with NumPy 1.24.2). Files written with np.save are also compared byte for byte with what
keras::save_npy writes for the same values.
"""
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def path(name):
    return os.path.join(HERE, name)


def main():
    # Saved with np.save (format 1.0, NumPy's own header layout).
    np.save(path("f4_2x3.npy"), (np.arange(6, dtype=np.float32).reshape(2, 3) * 0.5 - 1))
    np.save(path("f8_scalar.npy"), np.array(3.25, dtype=np.float64))
    np.save(path("f2_values.npy"),
            np.array([0.0, 1.0, -2.0, 65504.0, 2.0**-14, 2.0**-24, np.inf, -np.inf],
                     dtype=np.float16))
    np.save(path("i4_values.npy"), np.array([-1, 0, 2147483647, -2147483648], dtype=np.int32))
    np.save(path("i8_2x2.npy"),
            np.array([[-9223372036854775808, 1], [2, 9223372036854775807]], dtype=np.int64))
    np.save(path("u1_values.npy"), np.array([0, 1, 128, 255], dtype=np.uint8))
    np.save(path("b1_values.npy"), np.array([True, False, True, True, False]))
    np.save(path("f4_empty_0x3.npy"), np.zeros((0, 3), dtype=np.float32))
    np.save(path("i8_3d.npy"), np.arange(24, dtype=np.int64).reshape(2, 3, 4))
    # Big-endian data.
    np.save(path("f4_big_endian.npy"), np.array([1.5, -2.0, 3.0], dtype=">f4"))
    np.save(path("i8_big_endian.npy"), np.array([1, -2, 1 << 40], dtype=">i8"))
    # bfloat16 bits 1.0, 2.0, -3.0 as 2-byte voids: np.save writes descr '|V2' (ml_dtypes'
    # bfloat16 writes '<V2'; both are read as bfloat16).
    np.save(path("v2_bfloat16.npy"), np.array([0x3F80, 0x4000, 0xC040], dtype="<u2").view("V2"))
    # Versions 2.0 and 3.0 of the format.
    with open(path("f4_version2.npy"), "wb") as f:
        np.lib.format.write_array(f, np.array([[1, 2], [3, 4]], dtype=np.float32), version=(2, 0))
    with open(path("f4_version3.npy"), "wb") as f:
        np.lib.format.write_array(f, np.array([5, 6, 7], dtype=np.float32), version=(3, 0))
    # Fortran order: a real transposition (refused) and a 1-D case (same layout, accepted).
    np.save(path("f8_fortran_2x3.npy"), np.asfortranarray(np.arange(6.0).reshape(2, 3)))
    with open(path("f8_fortran_1d.npy"), "wb") as f:
        np.lib.format.write_array_header_1_0(
            f, {"descr": "<f8", "fortran_order": True, "shape": (3,)})
        f.write(np.array([1.0, 2.0, 3.0]).tobytes())
    # A dtype kerascpp does not support.
    np.save(path("i2_unsupported.npy"), np.array([1, 2, 3], dtype=np.int16))


if __name__ == "__main__":
    main()
