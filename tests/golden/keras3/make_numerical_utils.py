"""What Keras 3 itself returns from keras.utils.normalize and keras.utils.to_categorical.

normalize: called on a tensor (keras.ops.convert_to_tensor), so Keras takes its tensor branch
(keras.ops.normalize: x·rsqrt(Σx²) clamped at 1/epsilon for order 2, x / max(norm, epsilon)
otherwise), which kerascpp follows; every order 1-4 and several axes, a zero vector, a 1-D input.
In float32 on Keras 3.15's JAX backend and in float64 on its TensorFlow backend
(backend_per_dtype.py says why), on the same draws.

to_categorical: called on NumPy int64 labels, as users call it on a dataset's labels (Keras's
NumPy branch: labels of shape (n,), (n, 1), (n, m) and (n, m, 1); num_classes given, inferred,
and 0, which Keras also reads as "infer"). Keras's NumPy branch returns float64 zeros and ones,
its tensor branch floatx; kerascpp returns floatx, as the tensor branch does. Recorded once, in
the float32 part.

Output, tests/golden/data/keras3_numerical_utils.json, in tests/support/golden.h's layout:
  {"generator", "keras_version", "backends", "cases": [{"name": "normalize_.../<dtype>" or
    "to_categorical_...", "inputs": [x], "outputs": [y], "extra": {"axis", "order"} or
    {"num_classes"}}]}

Run: PY=$(scripts/setup-peers) && "$PY" tests/golden/keras3/make_numerical_utils.py
"""
import os
import sys

import numpy as np

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import backend_per_dtype as runner  # noqa: E402


def uniform(shape, seed, lo=-1.0, hi=1.0):
    return np.random.RandomState(seed).uniform(lo, hi, size=shape)


def produce(dtype, keras):
    cases = []
    for name, shape, axis, order, seed in [
        ("normalize_2d_l2", (4, 5), -1, 2, 1),
        ("normalize_2d_l2_axis0", (4, 5), 0, 2, 2),
        ("normalize_3d_l2_axis1", (2, 3, 4), 1, 2, 3),
        ("normalize_2d_l1", (3, 6), -1, 1, 4),
        ("normalize_3d_l3", (2, 3, 4), -1, 3, 5),
        ("normalize_1d_l4", (7,), 0, 4, 6),
        ("normalize_3d_l1_axis0", (3, 2, 4), 0, 1, 7),
    ]:
        x = uniform(shape, seed).astype(dtype)
        if name == "normalize_2d_l2":
            x[1] = 0.0  # a zero vector stays zero
        y = keras.ops.convert_to_numpy(
            keras.utils.normalize(keras.ops.convert_to_tensor(x), axis=axis, order=order))
        assert str(y.dtype) == dtype and y.shape == x.shape, (name, y.dtype, y.shape)
        cases.append({"name": f"{name}/{dtype}", "inputs": [runner.array(x, dtype)],
                      "outputs": [runner.array(y, dtype)],
                      "extra": {"axis": axis, "order": order}})
    if dtype != "float32":
        return {"cases": cases}
    for name, labels, shape, num_classes in [
        ("to_categorical_1d", [0, 2, 1, 3, 3], (5,), None),
        ("to_categorical_column", [1, 0, 4], (3, 1), None),
        ("to_categorical_num_classes", [1, 0, 2, 2], (2, 2), 6),
        ("to_categorical_2d_trailing_1", [0, 1, 2, 1, 0, 2], (2, 3, 1), 3),
        ("to_categorical_zero_means_infer", [2, 0], (2,), 0),
        ("to_categorical_2d", [3, 0, 1, 1, 2, 0], (3, 2), None),
    ]:
        x = np.array(labels, np.int64).reshape(shape)
        y = keras.utils.to_categorical(x, num_classes)
        assert isinstance(y, np.ndarray), type(y)
        cases.append({"name": name, "inputs": [runner.array(x, "int64")],
                      "outputs": [runner.array(y, "float64")],
                      "extra": {"num_classes": num_classes}})
    return {"cases": cases}


if __name__ == "__main__":
    runner.main(__file__, produce, "keras3_numerical_utils.json")
