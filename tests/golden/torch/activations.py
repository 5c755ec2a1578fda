#!/usr/bin/python3
"""Golden outputs of every Keras 3 activation, from PyTorch and NumPy (Debian's python3-torch and
python3-numpy), for tests/activations/activations_golden_test.cc.

Run: /usr/bin/python3 tests/golden/torch/activations.py
(writes tests/golden/data/activations.json)

Each activation is computed by torch.nn.functional where PyTorch has the same function as Keras 3
(keras/src/activations/activations.py), and by NumPy written from Keras's documented formula
where it has none (squareplus, sparse_plus, sparse_sigmoid, sparsemax, relu with max_value /
threshold / negative_slope together, linear). Every case runs twice: on float64 inputs, computed
in float64, and on the same inputs rounded to float32, computed in float32 (a float32 run of the
other implementation, not a rounded float64 result).

A case is named "<label>/<dtype>"; its extra holds {"activation": <Keras name>, "args": {<Keras
argument>: value}} (args empty: the activation by name with its defaults).
"""
import json
import os

import numpy as np
import torch
import torch.nn.functional as F

torch.set_num_threads(1)

# --- Inputs ---------------------------------------------------------------------------------------

# Where some activation (or a parameterised variant below) changes formula.
KINKS = [-6.0, -4.0, -3.0, -2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 3.0, 4.0, 6.0]
LARGE = {"float64": [20.0, 30.0, 50.0, 100.0, 700.0], "float32": [20.0, 30.0, 50.0, 80.0]}


def elementwise_input(dtype):
    """A 1-D input: each kink exactly and at small offsets on both sides, large magnitudes of
    both signs (up to ±700 in float64 and ±80 in float32, below exp's overflow), tiny values
    and seeded uniform values in [-8, 8)."""
    values = []
    deltas = [1e-12, 1e-6, 1e-3] if dtype == "float64" else [1e-6, 1e-3]
    for k in KINKS:
        values.append(k)
        for d in deltas:
            values += [k - d, k + d]
    for v in LARGE[dtype]:
        values += [-v, v]
    values += [-1e-8, 1e-8, -0.3, 0.3, -0.7, 0.7, -7.5, 7.5, -12.5, 12.5]
    values += list(np.random.default_rng(1).uniform(-8, 8, 48))
    x = np.array(values, dtype=np.float64).astype(dtype)
    return np.unique(x)  # rounding to float32 can merge neighbours; sorted as well


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


# --- NumPy definitions (Keras's formulas) ---------------------------------------------------------


def np_relu(x, negative_slope=0.0, max_value=None, threshold=0.0):
    """keras/src/activations/activations.py ReLU.static_call, step by step."""
    t = x.dtype.type
    if negative_slope != 0.0 and max_value is None and threshold == 0.0:
        return np.where(x >= 0, x, t(negative_slope) * x)
    negative_part = np.maximum(t(threshold) - x, t(0)) if negative_slope != 0.0 else None
    clip_max = max_value is not None
    if threshold != 0.0:
        y = np.where(x > t(threshold), x, t(0))
    elif max_value == 6.0:
        y = np.minimum(np.maximum(x, t(0)), t(6))
        clip_max = False
    else:
        y = np.maximum(x, t(0))
    if clip_max:
        y = np.minimum(np.maximum(y, t(0)), t(max_value))
    if negative_slope != 0.0:
        y = y - t(negative_slope) * negative_part
    return y


def np_squareplus(x, b=4.0):
    return (x + np.sqrt(x * x + x.dtype.type(b))) / x.dtype.type(2)


def np_sparse_plus(x):
    t = x.dtype.type
    return np.where(x <= -1, t(0), np.where(x < 1, t(0.25) * (x + t(1)) ** 2, x))


def np_sparse_sigmoid(x):
    t = x.dtype.type
    return np.where(x <= -1, t(0), np.where(x >= 1, t(1), t(0.5) * (x + t(1))))


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


def torch_fn(f):
    return lambda x: f(torch.from_numpy(x)).numpy()


# softplus: torch returns x itself above `threshold` (default 20), off by e^-x from Keras's
# log(1 + e^x); 1000 keeps every input here on the log1p(exp(x)) path.
def softplus(x):
    return F.softplus(x, beta=1, threshold=1000)


# (label, Keras activation name, Keras args, implementation on a NumPy array, input kind)
ELEMENTWISE, AXIS, AXIS3D, PAIRS = "elementwise", "axis", "axis3d", "pairs"
CASES = [
    ("linear", "linear", {}, lambda x: x.copy(), ELEMENTWISE),
    ("relu", "relu", {}, torch_fn(F.relu), ELEMENTWISE),
    ("relu(negative_slope=0.1)", "relu", {"negative_slope": 0.1},
     torch_fn(lambda x: F.leaky_relu(x, 0.1)), ELEMENTWISE),
    ("relu(max_value=6)", "relu", {"max_value": 6.0}, torch_fn(F.relu6), ELEMENTWISE),
    ("relu(max_value=4)", "relu", {"max_value": 4.0}, lambda x: np_relu(x, max_value=4.0),
     ELEMENTWISE),
    ("relu(threshold=0.5)", "relu", {"threshold": 0.5}, lambda x: np_relu(x, threshold=0.5),
     ELEMENTWISE),
    ("relu(threshold=-1)", "relu", {"threshold": -1.0}, lambda x: np_relu(x, threshold=-1.0),
     ELEMENTWISE),
    ("relu(negative_slope=0.1,max_value=4,threshold=0.5)", "relu",
     {"negative_slope": 0.1, "max_value": 4.0, "threshold": 0.5},
     lambda x: np_relu(x, 0.1, 4.0, 0.5), ELEMENTWISE),
    ("relu(negative_slope=0.2,max_value=3)", "relu", {"negative_slope": 0.2, "max_value": 3.0},
     lambda x: np_relu(x, 0.2, 3.0), ELEMENTWISE),
    ("relu(negative_slope=0.3,threshold=-1)", "relu", {"negative_slope": 0.3, "threshold": -1.0},
     lambda x: np_relu(x, 0.3, None, -1.0), ELEMENTWISE),
    ("relu(negative_slope=0.25,max_value=6,threshold=2)", "relu",
     {"negative_slope": 0.25, "max_value": 6.0, "threshold": 2.0},
     lambda x: np_relu(x, 0.25, 6.0, 2.0), ELEMENTWISE),
    ("relu6", "relu6", {}, torch_fn(F.relu6), ELEMENTWISE),
    ("leaky_relu", "leaky_relu", {}, torch_fn(lambda x: F.leaky_relu(x, 0.2)), ELEMENTWISE),
    ("leaky_relu(negative_slope=0.05)", "leaky_relu", {"negative_slope": 0.05},
     torch_fn(lambda x: F.leaky_relu(x, 0.05)), ELEMENTWISE),
    ("sigmoid", "sigmoid", {}, torch_fn(torch.sigmoid), ELEMENTWISE),
    ("hard_sigmoid", "hard_sigmoid", {}, torch_fn(F.hardsigmoid), ELEMENTWISE),
    ("tanh", "tanh", {}, torch_fn(torch.tanh), ELEMENTWISE),
    ("elu", "elu", {}, torch_fn(F.elu), ELEMENTWISE),
    ("elu(alpha=0.5)", "elu", {"alpha": 0.5}, torch_fn(lambda x: F.elu(x, 0.5)), ELEMENTWISE),
    ("selu", "selu", {}, torch_fn(F.selu), ELEMENTWISE),
    ("softplus", "softplus", {}, torch_fn(softplus), ELEMENTWISE),
    ("softsign", "softsign", {}, torch_fn(F.softsign), ELEMENTWISE),
    ("exponential", "exponential", {}, torch_fn(torch.exp), ELEMENTWISE),
    ("silu", "silu", {}, torch_fn(F.silu), ELEMENTWISE),
    ("swish", "swish", {}, torch_fn(F.silu), ELEMENTWISE),
    ("gelu", "gelu", {}, torch_fn(F.gelu), ELEMENTWISE),
    ("gelu(approximate=True)", "gelu", {"approximate": True},
     torch_fn(lambda x: F.gelu(x, approximate="tanh")), ELEMENTWISE),
    ("mish", "mish", {}, torch_fn(F.mish), ELEMENTWISE),
    ("celu", "celu", {}, torch_fn(F.celu), ELEMENTWISE),
    ("celu(alpha=2)", "celu", {"alpha": 2.0}, torch_fn(lambda x: F.celu(x, 2.0)), ELEMENTWISE),
    ("hard_silu", "hard_silu", {}, torch_fn(F.hardswish), ELEMENTWISE),
    ("hard_swish", "hard_swish", {}, torch_fn(F.hardswish), ELEMENTWISE),
    ("hard_tanh", "hard_tanh", {}, torch_fn(F.hardtanh), ELEMENTWISE),
    ("hard_shrink", "hard_shrink", {}, torch_fn(F.hardshrink), ELEMENTWISE),
    ("hard_shrink(threshold=1)", "hard_shrink", {"threshold": 1.0},
     torch_fn(lambda x: F.hardshrink(x, 1.0)), ELEMENTWISE),
    ("soft_shrink", "soft_shrink", {}, torch_fn(F.softshrink), ELEMENTWISE),
    ("soft_shrink(threshold=1)", "soft_shrink", {"threshold": 1.0},
     torch_fn(lambda x: F.softshrink(x, 1.0)), ELEMENTWISE),
    ("tanh_shrink", "tanh_shrink", {}, torch_fn(F.tanhshrink), ELEMENTWISE),
    ("squareplus", "squareplus", {}, np_squareplus, ELEMENTWISE),
    ("squareplus(b=1)", "squareplus", {"b": 1.0}, lambda x: np_squareplus(x, 1.0), ELEMENTWISE),
    ("sparse_plus", "sparse_plus", {}, np_sparse_plus, ELEMENTWISE),
    ("sparse_sigmoid", "sparse_sigmoid", {}, np_sparse_sigmoid, ELEMENTWISE),
    ("log_sigmoid", "log_sigmoid", {}, torch_fn(F.logsigmoid), ELEMENTWISE),
    ("threshold(threshold=0.5,default_value=-2)", "threshold",
     {"threshold": 0.5, "default_value": -2.0}, torch_fn(lambda x: F.threshold(x, 0.5, -2.0)),
     ELEMENTWISE),
    ("threshold(threshold=-1,default_value=3)", "threshold",
     {"threshold": -1.0, "default_value": 3.0}, torch_fn(lambda x: F.threshold(x, -1.0, 3.0)),
     ELEMENTWISE),
    # glu halves the last axis: the elementwise grid as (n / 2, 2) pairs, and 3-D inputs.
    ("glu", "glu", {}, torch_fn(F.glu), PAIRS),
    ("glu/rank3", "glu", {}, torch_fn(F.glu), AXIS3D),
    ("glu(axis=0)", "glu", {"axis": 0}, torch_fn(lambda x: F.glu(x, 0)), AXIS3D),
    ("glu(axis=0)/rank2", "glu", {"axis": 0}, torch_fn(lambda x: F.glu(x, 0)), AXIS),
    ("softmax", "softmax", {}, torch_fn(lambda x: F.softmax(x, -1)), AXIS),
    ("softmax/rank3", "softmax", {}, torch_fn(lambda x: F.softmax(x, -1)), AXIS3D),
    ("softmax(axis=0)", "softmax", {"axis": 0}, torch_fn(lambda x: F.softmax(x, 0)), AXIS3D),
    ("softmax(axis=1)", "softmax", {"axis": 1}, torch_fn(lambda x: F.softmax(x, 1)), AXIS3D),
    ("log_softmax", "log_softmax", {}, torch_fn(lambda x: F.log_softmax(x, -1)), AXIS),
    ("log_softmax(axis=0)", "log_softmax", {"axis": 0},
     torch_fn(lambda x: F.log_softmax(x, 0)), AXIS3D),
    ("sparsemax", "sparsemax", {}, np_sparsemax, AXIS),
    ("sparsemax/rank3", "sparsemax", {}, np_sparsemax, AXIS3D),
    ("sparsemax(axis=0)", "sparsemax", {"axis": 0}, lambda x: np_sparsemax(x, 0), AXIS3D),
    ("sparsemax(axis=1)", "sparsemax", {"axis": 1}, lambda x: np_sparsemax(x, 1), AXIS3D),
]


def make_input(kind, dtype):
    if kind == ELEMENTWISE:
        return elementwise_input(dtype)
    if kind == PAIRS:
        x = elementwise_input(dtype)
        x = x[: len(x) // 2 * 2]
        # Pair each value with one from the other end, so both halves see every magnitude.
        return np.stack([x, x[::-1]], axis=-1).reshape(-1, 2)
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
        "generator": f"tests/golden/torch/activations.py (PyTorch {torch.__version__}, "
                     f"NumPy {np.__version__})",
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
