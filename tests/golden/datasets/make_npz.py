"""A small MNIST-shaped archive written by NumPy itself (np.savez_compressed: deflated members
with the zip64 extra fields NumPy always writes), for tests/datasets/datasets_test.cc: kerascpp
must read the archives NumPy writes, not only the stored ones the test writes itself.

Arrays (uint8), given test-first so that readers cannot rely on the archive order:
  x_train[i, r, c] = (31 i + 7 r + 3 c) % 256, shape (4, 28, 28); y_train = [3, 1, 4, 1]
  x_test[i, r, c] = 255 - (31 i + 7 r + 3 c) % 256, shape (2, 28, 28); y_test = [5, 9]

Run: /usr/bin/python3 tests/golden/datasets/make_npz.py
"""
import os

import numpy as np


def pattern(n):
    i, r, c = np.meshgrid(np.arange(n), np.arange(28), np.arange(28), indexing="ij")
    return ((31 * i + 7 * r + 3 * c) % 256).astype(np.uint8)


def main():
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "npz",
                       "mnist_small_compressed.npz")
    np.savez_compressed(out, x_test=(255 - pattern(2)).astype(np.uint8),
                        y_test=np.array([5, 9], np.uint8), x_train=pattern(4),
                        y_train=np.array([3, 1, 4, 1], np.uint8))
    print(f"wrote {os.path.normpath(out)} ({os.path.getsize(out)} bytes)")


if __name__ == "__main__":
    main()
