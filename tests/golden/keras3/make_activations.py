"""What Keras 3 itself computes for every activation kerascpp has: keras.activations.get(name)(x)
by name with Keras's defaults, and keras.activations.<name>(x, **args) for the parameterised
variants (relu's negative_slope / max_value / threshold and their combinations, leaky_relu's
negative_slope, elu's and celu's alpha, gelu's approximate, the shrinks' threshold, squareplus's
b, threshold's threshold and default_value, the axis of softmax, log_softmax, sparsemax and glu).

Inputs: for the elementwise activations a sorted 1-D grid with every kink of some activation
exactly (-6 ... 6) and at offsets of 1e-12 (float64), 1e-6 and 1e-3 on both sides, large
magnitudes of both signs (up to ±700 in float64, ±80 in float32: below exp's overflow), tiny
values and seeded uniform values in [-8, 8); for the axis activations rows of seeded normals of
two scales, a row of large magnitudes, ties, a constant row and a row with one dominant element,
and seeded 3-D inputs. glu halves its axis: the grid is paired with itself reversed.

Every case runs twice on the same inputs: rounded to float32 on Keras 3.15's JAX backend, and in
float64 on its Torch backend (backend_per_dtype.py says why: on JAX Keras's tanh and sigmoid
return float32 for float64 inputs; on TensorFlow leaky_relu's slope and gelu's coefficients are
float32 constants).

sparsemax: Keras 3.15 computes its threshold from the sum of the cumulative sums over the support
instead of the cumulative sum at its end, so its output does not sum to 1 once the support has
two elements (keras-team/keras#23425, fixed after 3.15 by keras-team/keras#23469). Its cases are
recorded with "keras_bug"; the values kerascpp must match are in
tests/golden/data/activations.json (tests/golden/torch/activations.py: Martins & Astudillo's
algorithm in NumPy).

Output, tests/golden/data/keras3_activations.json, in tests/support/golden.h's layout:
  {"generator", "keras_version", "backends", "cases": [{"name": "<label>/<dtype>",
    "inputs": [x], "outputs": [y], "extra": {"activation": Keras's name, "args": {...}}}],
   "not_in_kerascpp": [the activations of keras.activations that kerascpp lacks]}

Run: PY=$(scripts/setup-peers --race) && "$PY" tests/golden/keras3/make_activations.py
"""
import os
import sys

import numpy as np

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import backend_per_dtype as runner  # noqa: E402

# The activation names kerascpp knows (keras/activations/activations.cc).
NAMES = ["linear", "relu", "relu6", "leaky_relu", "sigmoid", "hard_sigmoid", "tanh", "softmax",
         "log_softmax", "elu", "selu", "softplus", "softsign", "exponential", "silu", "swish",
         "gelu", "mish", "celu", "glu", "hard_silu", "hard_swish", "hard_tanh", "hard_shrink",
         "soft_shrink", "tanh_shrink", "squareplus", "sparse_plus", "sparse_sigmoid",
         "log_sigmoid", "sparsemax", "threshold"]

# Where some activation (or a parameterised variant below) changes formula.
KINKS = [-6.0, -4.0, -3.0, -2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 3.0, 4.0, 6.0]
LARGE = {"float64": [20.0, 30.0, 50.0, 100.0, 700.0], "float32": [20.0, 30.0, 50.0, 80.0]}


def elementwise_input(dtype):
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


ELEMENTWISE, AXIS, AXIS3D, PAIRS = "elementwise", "axis", "axis3d", "pairs"


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


# (label, Keras activation name, Keras args, input kind). No args: by name, with the defaults.
CASES = [(name, name, {}, ELEMENTWISE) for name in NAMES
         if name not in ("softmax", "log_softmax", "sparsemax", "glu", "threshold")] + [
    ("relu(negative_slope=0.1)", "relu", {"negative_slope": 0.1}, ELEMENTWISE),
    ("relu(max_value=6)", "relu", {"max_value": 6.0}, ELEMENTWISE),
    ("relu(max_value=4)", "relu", {"max_value": 4.0}, ELEMENTWISE),
    ("relu(threshold=0.5)", "relu", {"threshold": 0.5}, ELEMENTWISE),
    ("relu(threshold=-1)", "relu", {"threshold": -1.0}, ELEMENTWISE),
    ("relu(negative_slope=0.1,max_value=4,threshold=0.5)", "relu",
     {"negative_slope": 0.1, "max_value": 4.0, "threshold": 0.5}, ELEMENTWISE),
    ("relu(negative_slope=0.2,max_value=3)", "relu", {"negative_slope": 0.2, "max_value": 3.0},
     ELEMENTWISE),
    ("relu(negative_slope=0.3,threshold=-1)", "relu", {"negative_slope": 0.3, "threshold": -1.0},
     ELEMENTWISE),
    ("relu(negative_slope=0.25,max_value=6,threshold=2)", "relu",
     {"negative_slope": 0.25, "max_value": 6.0, "threshold": 2.0}, ELEMENTWISE),
    ("leaky_relu(negative_slope=0.05)", "leaky_relu", {"negative_slope": 0.05}, ELEMENTWISE),
    ("elu(alpha=0.5)", "elu", {"alpha": 0.5}, ELEMENTWISE),
    ("gelu(approximate=True)", "gelu", {"approximate": True}, ELEMENTWISE),
    ("gelu(approximate=False)", "gelu", {"approximate": False}, ELEMENTWISE),
    ("celu(alpha=2)", "celu", {"alpha": 2.0}, ELEMENTWISE),
    ("hard_shrink(threshold=1)", "hard_shrink", {"threshold": 1.0}, ELEMENTWISE),
    ("soft_shrink(threshold=1)", "soft_shrink", {"threshold": 1.0}, ELEMENTWISE),
    ("squareplus(b=1)", "squareplus", {"b": 1.0}, ELEMENTWISE),
    ("threshold(threshold=0.5,default_value=-2)", "threshold",
     {"threshold": 0.5, "default_value": -2.0}, ELEMENTWISE),
    ("threshold(threshold=-1,default_value=3)", "threshold",
     {"threshold": -1.0, "default_value": 3.0}, ELEMENTWISE),
    ("glu", "glu", {}, PAIRS),
    ("glu/rank3", "glu", {}, AXIS3D),
    ("glu(axis=0)", "glu", {"axis": 0}, AXIS3D),
    ("glu(axis=0)/rank2", "glu", {"axis": 0}, AXIS),
    ("softmax", "softmax", {}, AXIS),
    ("softmax/rank3", "softmax", {}, AXIS3D),
    ("softmax(axis=0)", "softmax", {"axis": 0}, AXIS3D),
    ("softmax(axis=1)", "softmax", {"axis": 1}, AXIS3D),
    ("log_softmax", "log_softmax", {}, AXIS),
    ("log_softmax/rank3", "log_softmax", {}, AXIS3D),
    ("log_softmax(axis=0)", "log_softmax", {"axis": 0}, AXIS3D),
    ("sparsemax", "sparsemax", {}, AXIS),
    ("sparsemax/rank3", "sparsemax", {}, AXIS3D),
    ("sparsemax(axis=0)", "sparsemax", {"axis": 0}, AXIS3D),
    ("sparsemax(axis=1)", "sparsemax", {"axis": 1}, AXIS3D),
]


def produce(dtype, keras):
    cases = []
    for label, name, args, kind in CASES:
        x = make_input(kind, dtype)
        t = keras.ops.convert_to_tensor(x)
        fn = getattr(keras.activations, name) if args else keras.activations.get(name)
        y = keras.ops.convert_to_numpy(fn(t, **args))
        assert str(y.dtype) == dtype, (label, dtype, y.dtype)
        assert np.all(np.isfinite(y)), label  # JSON has no infinities
        extra = {"activation": name, "args": args}
        if name == "sparsemax":
            extra["keras_bug"] = "keras-team/keras#23425"
        cases.append({"name": f"{label}/{dtype}", "inputs": [runner.array(x, dtype)],
                      "outputs": [runner.array(y, dtype)], "extra": extra})
    public = {k for k, v in keras.activations.__dict__.items()
              if not k.startswith("_") and callable(v)} - {"get", "serialize", "deserialize"}
    assert set(NAMES) <= public, set(NAMES) - public
    assert {c[1] for c in CASES} == set(NAMES)
    return {"cases": cases, "not_in_kerascpp": sorted(public - set(NAMES))}


if __name__ == "__main__":
    runner.main(__file__, produce, "keras3_activations.json", float64_backend="torch")
