"""Golden outputs of keras.utils.normalize and keras.utils.to_categorical, computed the way
Keras 3's NumPy branch of keras/src/utils/numerical_utils.py computes them (written here in
NumPy from that source): normalize divides by np.linalg.norm(x, order, axis) with zero norms
replaced by 1; to_categorical converts to int64, drops a trailing size-1 axis, takes
num_classes = max + 1 when not given and sets ones in np.zeros. kerascpp follows the tensor
branch (keras.ops.normalize, epsilon-clamped); the two agree up to float rounding for these
inputs, none of whose norms is below epsilon. Inputs are float32-rounded; outputs float64.
Run: /usr/bin/python3 tests/golden/torch/numerical_utils.py
"""
import json
import os

import numpy as np


def uniform(shape, seed, lo=-1.0, hi=1.0):
    rng = np.random.RandomState(seed)
    return rng.uniform(lo, hi, size=shape).astype(np.float32)


def array(x, dtype):
    x = np.asarray(x)
    return {"shape": list(x.shape), "dtype": dtype, "data": [float(v) for v in x.reshape(-1)]}


def keras_numpy_normalize(x, axis=-1, order=2):
    norm = np.atleast_1d(np.linalg.norm(x, order, axis))
    norm[norm == 0] = 1
    if axis is None:
        axis = -1
    return x / np.expand_dims(norm, axis)


def keras_numpy_to_categorical(x, num_classes=None):
    x = np.array(x, dtype="int64")
    input_shape = x.shape
    if input_shape and input_shape[-1] == 1 and len(input_shape) > 1:
        input_shape = tuple(input_shape[:-1])
    x = x.reshape(-1)
    if not num_classes:
        num_classes = np.max(x) + 1
    batch_size = x.shape[0]
    categorical = np.zeros((batch_size, num_classes))
    categorical[np.arange(batch_size), x] = 1
    return np.reshape(categorical, input_shape + (num_classes,))


def main():
    cases = []
    for name, shape, axis, order, seed in [
        ("normalize_2d_l2", (4, 5), -1, 2, 1),
        ("normalize_2d_l2_axis0", (4, 5), 0, 2, 2),
        ("normalize_3d_l2_axis1", (2, 3, 4), 1, 2, 3),
        ("normalize_2d_l1", (3, 6), -1, 1, 4),
        ("normalize_3d_l3", (2, 3, 4), -1, 3, 5),
        ("normalize_1d_l4", (7,), 0, 4, 6),
    ]:
        x = uniform(shape, seed)
        if name == "normalize_2d_l2":
            x[1] = 0.0  # a zero vector stays zero
        y = keras_numpy_normalize(x.astype(np.float64), axis, order)
        if x.ndim == 1:
            # The NumPy branch turns a 1-D input into (1, n) (atleast_1d then expand_dims of the
            # norm); the tensor branch, which kerascpp follows, keeps (n,). Same values.
            assert y.shape == (1,) + x.shape
            y = y.reshape(x.shape)
        cases.append({"name": name, "inputs": [array(x, "float32")],
                      "outputs": [array(y, "float64")],
                      "extra": {"axis": axis, "order": order}})
    for name, labels, shape, num_classes in [
        ("to_categorical_1d", [0, 2, 1, 3, 3], (5,), None),
        ("to_categorical_column", [1, 0, 4], (3, 1), None),
        ("to_categorical_num_classes", [1, 0, 2, 2], (2, 2), 6),
        ("to_categorical_2d_trailing_1", [0, 1, 2, 1, 0, 2], (2, 3, 1), 3),
        ("to_categorical_zero_means_infer", [2, 0], (2,), 0),
    ]:
        x = np.array(labels, np.int64).reshape(shape)
        y = keras_numpy_to_categorical(x, num_classes)
        cases.append({"name": name,
                      "inputs": [{"shape": list(shape), "dtype": "int64", "data": labels}],
                      "outputs": [array(y, "float64")],
                      "extra": {"num_classes": num_classes}})
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data",
                       "numerical_utils.json")
    with open(out, "w") as f:
        json.dump({"generator": "tests/golden/torch/numerical_utils.py (NumPy, Keras 3's NumPy "
                                "branch)", "cases": cases}, f, indent=1)
        f.write("\n")
    print(f"wrote {len(cases)} cases to {os.path.normpath(out)}")


if __name__ == "__main__":
    main()
