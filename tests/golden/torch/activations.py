#!/usr/bin/python3
"""Golden outputs of sparsemax, the one activation whose Keras 3 golden cannot serve: Keras 3.15
computes its threshold from the sum of the cumulative sums over the support instead of the
cumulative sum at its end, so its output does not sum to 1 once the support holds two elements
(keras-team/keras#23425, fixed after 3.15 by keras-team/keras#23469). Every other activation
comes from Keras 3 itself (tests/golden/keras3/make_activations.py).

Run: /usr/bin/python3 tests/golden/torch/activations.py
(writes tests/golden/data/activations.json)

NumPy computes Martins & Astudillo's algorithm (2016, Algorithm 1) on the inputs
make_activations.py uses for the axis activations, on float64 inputs in float64 and on the same
inputs rounded to float32 in float32.

A case is named "<label>/<dtype>"; its extra holds {"activation": "sparsemax", "args": {"axis":
...} or {}}.
"""
import json
import os

import numpy as np

# --- Inputs ---------------------------------------------------------------------------------------

# The inputs of tests/golden/keras3/make_activations.py for the axis activations.
LARGE = {"float64": [20.0, 30.0, 50.0, 100.0, 700.0], "float32": [20.0, 30.0, 50.0, 80.0]}


def axis_input(dtype, shape=(6, 8)):
    """Rows for the axis activations: seeded normals of two scales, a row of large magnitudes,
    ties, a constant row and a row with one dominant element."""
    rng = np.random.default_rng(2)
    big = LARGE[dtype][-1]
    rows = [
        rng.normal(0, 1, shape[1]),
        rng.normal(0, 0.25, shape[1]),
        np.linspace(-big, big, shape[1]),
        np.array([1.0, 1.0, 0.5, 0.5, 0.25, 0.25, -1.0, -1.0][: shape[1]]),
        np.full(shape[1], 0.75),
        np.concatenate([[3.0], np.full(shape[1] - 1, -0.1)]),
    ]
    return np.stack(rows[: shape[0]]).astype(dtype)


def axis_input_3d(dtype):
    return np.random.default_rng(3).normal(0, 0.5, (4, 3, 6)).astype(dtype)


# --- NumPy definition ------------------------------------------------------------------------


def np_sparsemax(x, axis=-1):
    """The Euclidean projection onto the simplex (Martins & Astudillo 2016, Algorithm 1): sort
    descending, support k(z) = max{k : 1 + k·z_(k) > Σ_{j<=k} z_(j)}, tau = (Σ_{j<=k} z_(j) - 1)
    / k, output max(z - tau, 0)."""
    z = np.moveaxis(x, axis, -1)
    t = z.dtype.type
    n = z.shape[-1]
    zs = -np.sort(-z, axis=-1)
    cumsum = np.cumsum(zs, axis=-1)
    k = np.arange(1, n + 1, dtype=z.dtype)
    support = t(1) + k * zs > cumsum
    k_z = support.sum(axis=-1, keepdims=True)
    tau = (np.take_along_axis(cumsum, k_z - 1, axis=-1) - t(1)) / k_z.astype(z.dtype)
    out = np.maximum(z - tau, t(0))
    return np.moveaxis(out, -1, axis)


AXIS, AXIS3D = "axis", "axis3d"
# (label, Keras activation name, Keras args, implementation on a NumPy array, input kind)
CASES = [
    ("sparsemax", "sparsemax", {}, np_sparsemax, AXIS),
    ("sparsemax/rank3", "sparsemax", {}, np_sparsemax, AXIS3D),
    ("sparsemax(axis=0)", "sparsemax", {"axis": 0}, lambda x: np_sparsemax(x, 0), AXIS3D),
    ("sparsemax(axis=1)", "sparsemax", {"axis": 1}, lambda x: np_sparsemax(x, 1), AXIS3D),
]


def make_input(kind, dtype):
    if kind == AXIS:
        return axis_input(dtype)
    return axis_input_3d(dtype)


def array(a):
    a = np.asarray(a)
    assert np.all(np.isfinite(a)), "JSON has no infinities"
    return {"shape": list(a.shape), "dtype": str(a.dtype), "data": [float(v) for v in a.ravel()]}


def main():
    cases = []
    for label, name, args, fn, kind in CASES:
        for dtype in ("float64", "float32"):
            x = make_input(kind, dtype)
            y = np.asarray(fn(x))
            assert y.dtype == x.dtype, (label, dtype, y.dtype)
            cases.append({
                "name": f"{label}/{dtype}",
                "inputs": [array(x)],
                "outputs": [array(y)],
                "extra": {"activation": name, "args": args},
            })
    out = {
        "generator": f"tests/golden/torch/activations.py (NumPy {np.__version__})",
        "cases": cases,
    }
    target = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data",
                          "activations.json")
    with open(target, "w") as f:
        json.dump(out, f, allow_nan=False, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {len(cases)} cases to {os.path.relpath(target)}")


if __name__ == "__main__":
    main()
