"""What Keras 3 itself draws for every initializer name kerascpp accepts: each case makes the
initializer with keras.initializers.get({"class_name": <identifier>, "config": <config>}) and
calls it for a Keras weight shape and dtype.

Random initializers cannot be compared value by value (kerascpp's Philox stream is not JAX's or
TensorFlow's), so a random case records statistics of a large draw by Keras: the sample's size,
mean, variance, fourth central moment, extremes and the fractions beyond one and two standard
deviations of the distribution (whose parameters the script derives from the config by Keras's
rules, keras/src/initializers/random_initializers.py, and checks against the draw: every value
within a uniform's or a truncated normal's bounds). Orthogonal records the same moments, the sum
of squares, the mean of Q's diagonal (about 0, since Keras multiplies Q's columns by
sign(diag(R))) and how far Q^T Q is from gain²·I. Deterministic initializers (Zeros, Ones,
Constant, Identity, STFT) are recorded value by value.

float32 cases run on Keras 3.15's JAX backend, float64 (and int32) cases on its TensorFlow
backend (no float64 in JAX without jax_enable_x64; backend_per_dtype.py). Seeds are integers
in the configs, so each draw repeats.

Keras 3.15 cannot make "constant" from its name alone: keras.initializers.get("constant")
raises KeyError 'value' (Constant.from_config reads config["value"] and ignores the default of
0.0); kerascpp makes Constant(0.0), as Keras's constructor does. The "constant" cases give the
value explicitly to Keras ("keras_config" below) and record the empty config for kerascpp.

STFT's shapes have one input channel: for (frame_length, channels, fft_length // 2 + 1) Keras
3.15 returns a (frame_length, 1, fft_length // 2 + 1) tensor whatever the channels (its kernel
and window broadcast to one channel); kerascpp repeats the kernel over the channels
(tests/initializers/initializers_test.cc checks that).

Output, tests/golden/data/keras3_initializers.json, in tests/support/golden.h's layout:
  {"generator", "keras_version", "backends", "cases": [{"name", "outputs": [values] (exact
    cases), "extra": {"identifier", "config", "shape", "dtype", "kind": "uniform" | "normal" |
    "truncated_normal" | "orthogonal" | "exact", "implementation", and for random kinds "fans",
    the distribution's parameters and "stats"}}],
   "not_in_kerascpp": [the initializer names of keras.initializers that kerascpp lacks]}

Run: PY=$(scripts/setup-peers) && "$PY" tests/golden/keras3/make_initializers.py
"""
import json
import math
import os
import sys

import numpy as np

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import backend_per_dtype as runner  # noqa: E402

keras = None  # Keras 3 on the part's backend (backend_per_dtype.import_keras)
TRUNCATED_STDDEV = 0.87962566103423978  # stddev of N(0, 1) truncated to [-2, 2]

# The names kerascpp's initializers::get accepts (keras/initializers/initializers.cc).
NAMES = ["Constant", "constant", "Identity", "identity", "Ones", "ones", "STFT", "stft", "Zeros",
         "zeros", "GlorotNormal", "glorot_normal", "GlorotUniform", "glorot_uniform",
         "HeNormal", "he_normal", "HeUniform", "he_uniform", "LecunNormal", "lecun_normal",
         "LecunUniform", "lecun_uniform", "Orthogonal", "orthogonal", "RandomNormal",
         "random_normal", "RandomUniform", "random_uniform", "TruncatedNormal",
         "truncated_normal", "VarianceScaling", "variance_scaling", "IdentityInitializer",
         "normal", "one", "STFTInitializer", "OrthogonalInitializer", "uniform", "zero"]


def compute_fans(shape, input_axes=None, output_axes=None):
    """Keras's compute_fans (KERAS.md §10.1)."""
    if input_axes is not None and output_axes is not None:
        return (math.prod(shape[a] for a in input_axes), math.prod(shape[a] for a in output_axes))
    if len(shape) == 0:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    if len(shape) == 2:
        return shape[0], shape[1]
    receptive = math.prod(shape[:-2])
    return shape[-2] * receptive, shape[-1] * receptive


def sample_stats(v, mean, sigma):
    """Moments of the sample; fractions beyond 1 and 2 sigma of `mean` (sigma: the distribution's
    stddev before truncation), with a 2^-20 relative allowance for rounding to the dtype."""
    v = np.asarray(v, dtype=np.float64).ravel()
    m = v.mean()
    c = v - m
    stats = {
        "n": int(v.size),
        "mean": float(m),
        "variance": float((c * c).sum() / (v.size - 1)),
        "m4": float((c ** 4).mean()),  # fourth central moment: the variance's standard error
        "min": float(v.min()),
        "max": float(v.max()),
    }
    if sigma is not None:
        slack = 1 + 2.0 ** -20
        for k in (1, 2):
            stats[f"frac_beyond_{k}sigma"] = float(np.mean(np.abs(v - mean) > k * sigma * slack))
    return stats


def outward(bound, dtype, direction):
    """The bound as the dtype holds it, one ulp outward (rounding allowance)."""
    t = np.float32 if dtype == "float32" else np.float64
    return t(np.nextafter(t(bound), t(direction * np.inf)))


def check_bounds(v, lo, hi, dtype):
    v = np.asarray(v)
    assert v.min() >= outward(lo, dtype, -1) and v.max() <= outward(hi, dtype, 1), (lo, hi)


def draw(identifier, config, shape, dtype):
    init = keras.initializers.get({"class_name": identifier, "config": config})
    values = keras.ops.convert_to_numpy(init(shape, dtype=dtype))
    assert values.shape == tuple(shape) and str(values.dtype) == dtype, (identifier, values.dtype)
    return init, values


def implementation(init):
    return f"keras.initializers.{type(init).__name__} on {keras.backend.backend()}"


# --- Random cases ---------------------------------------------------------------------------------

# Each: (identifier, Keras config without seed, Keras shape, dtype).
RANDOM_CASES = [
    ("random_normal", {}, (512, 256), "float32"),
    ("RandomNormal", {"mean": 1.5, "stddev": 2.0}, (3, 3, 64, 128), "float64"),
    ("normal", {}, (300, 400), "float32"),
    ("random_uniform", {}, (512, 256), "float32"),
    ("RandomUniform", {"minval": -3.0, "maxval": 1.0}, (5, 64, 256), "float64"),
    ("uniform", {"minval": 0.0, "maxval": 2.0}, (1000, 100), "float32"),
    ("truncated_normal", {}, (512, 256), "float32"),
    ("TruncatedNormal", {"mean": 1.0, "stddev": 3.0}, (3, 3, 128, 256), "float64"),
    ("variance_scaling", {}, (3, 3, 64, 128), "float32"),
    ("VarianceScaling", {"scale": 2.0, "mode": "fan_out", "distribution": "untruncated_normal"},
     (3, 3, 64, 128), "float32"),
    ("variance_scaling", {"mode": "fan_avg", "distribution": "untruncated_normal"},
     (3, 3, 64, 128), "float32"),
    ("variance_scaling", {"scale": 0.5, "mode": "fan_avg", "distribution": "uniform"},
     (5, 64, 256), "float32"),
    ("variance_scaling", {"scale": 1.0, "mode": "fan_out", "distribution": "truncated_normal"},
     (3, 3, 3, 32, 64), "float64"),
    ("variance_scaling", {"scale": 3.0, "mode": "fan_in", "distribution": "uniform"},
     (1000, 200), "float32"),
    ("variance_scaling", {"mode": "fan_avg", "distribution": "uniform", "input_axes": [0],
                          "output_axes": [1, 2]}, (256, 16, 32), "float32"),
    ("variance_scaling", {"mode": "fan_avg", "distribution": "untruncated_normal"}, (100000,),
     "float32"),
    ("variance_scaling", {"mode": "fan_out", "distribution": "truncated_normal"}, (100000,),
     "float64"),
    ("glorot_uniform", {}, (784, 512), "float32"),
    ("GlorotUniform", {}, (3, 3, 64, 128), "float32"),
    ("glorot_normal", {}, (784, 512), "float32"),
    ("GlorotNormal", {}, (5, 64, 256), "float32"),
    ("he_uniform", {}, (3, 3, 64, 128), "float32"),
    ("HeUniform", {}, (784, 512), "float64"),
    ("he_normal", {}, (3, 3, 64, 128), "float32"),
    ("HeNormal", {}, (5, 64, 256), "float32"),
    ("lecun_uniform", {}, (784, 512), "float32"),
    ("LecunUniform", {}, (3, 3, 128, 256), "float32"),
    ("lecun_normal", {}, (3, 3, 64, 128), "float32"),
    ("LecunNormal", {}, (784, 512), "float64"),
]

PRESETS = {  # class name -> (scale, mode, distribution)
    "GlorotUniform": (1.0, "fan_avg", "uniform"),
    "GlorotNormal": (1.0, "fan_avg", "truncated_normal"),
    "HeUniform": (2.0, "fan_in", "uniform"),
    "HeNormal": (2.0, "fan_in", "truncated_normal"),
    "LecunUniform": (1.0, "fan_in", "uniform"),
    "LecunNormal": (1.0, "fan_in", "truncated_normal"),
}


def random_case(index, identifier, config, shape, dtype):
    config = dict(config, seed=1000 + index)
    init, v = draw(identifier, config, shape, dtype)
    cls = type(init).__name__
    extra = {"identifier": identifier, "config": config, "shape": list(shape), "dtype": dtype,
             "implementation": implementation(init)}
    if cls == "RandomNormal":
        extra.update(kind="normal", mean=init.mean, stddev=init.stddev)
    elif cls == "RandomUniform":
        extra.update(kind="uniform", minval=init.minval, maxval=init.maxval)
    elif cls == "TruncatedNormal":
        extra.update(kind="truncated_normal", mean=init.mean, stddev=init.stddev)
    else:
        if cls == "VarianceScaling":
            scale, mode, distribution = init.scale, init.mode, init.distribution
        else:
            scale, mode, distribution = PRESETS[cls]
            assert (init.scale, init.mode, init.distribution) == (scale, mode, distribution)
        fans = compute_fans(shape, config.get("input_axes"), config.get("output_axes"))
        n = {"fan_in": fans[0], "fan_out": fans[1], "fan_avg": (fans[0] + fans[1]) / 2}[mode]
        s = scale / max(1.0, n)
        extra["fans"] = list(fans)
        if distribution == "uniform":
            limit = math.sqrt(3 * s)
            extra.update(kind="uniform", minval=-limit, maxval=limit)
        elif distribution == "untruncated_normal":
            extra.update(kind="normal", mean=0.0, stddev=math.sqrt(s))
        else:
            extra.update(kind="truncated_normal", mean=0.0,
                         stddev=math.sqrt(s) / TRUNCATED_STDDEV)
    kind = extra["kind"]
    if kind == "uniform":
        check_bounds(v, extra["minval"], extra["maxval"], dtype)
        extra["stats"] = sample_stats(v, None, None)
    else:
        if kind == "truncated_normal":
            mean, stddev = extra["mean"], extra["stddev"]
            check_bounds(v, mean - 2 * stddev, mean + 2 * stddev, dtype)
        extra["stats"] = sample_stats(v, extra["mean"], extra["stddev"])
    return {"name": f"{identifier}{json.dumps(config, sort_keys=True)}{list(shape)}/{dtype}",
            "extra": extra}


# --- Orthogonal -----------------------------------------------------------------------------------

ORTHOGONAL_CASES = [  # (identifier, config without seed, Keras shape, dtype)
    ("orthogonal", {}, (256, 256), "float32"),
    ("Orthogonal", {"gain": 2.0}, (512, 128), "float64"),
    ("OrthogonalInitializer", {}, (128, 512), "float32"),
    ("orthogonal", {}, (3, 3, 32, 64), "float32"),
    ("orthogonal", {"gain": 0.5}, (4, 50, 300), "float64"),
]


def orthogonal_case(index, identifier, config, shape, dtype):
    config = dict(config, seed=2000 + index)
    init, values = draw(identifier, config, shape, dtype)
    gain = config.get("gain", 1.0)
    rows, cols = math.prod(shape[:-1]), shape[-1]
    q = values.reshape(rows, cols).astype(np.float64)
    gram = q.T @ q if rows >= cols else q @ q.T
    gram_error = np.abs(gram - gain * gain * np.eye(min(rows, cols))).max()
    assert gram_error < 1e-5 * gain * gain, gram_error
    stats = sample_stats(q, None, None)
    stats["sum_of_squares"] = float((q * q).sum())
    stats["diag_mean"] = float(np.diag(q).mean())
    stats["gram_max_error"] = float(gram_error)
    return {
        "name": f"{identifier}{json.dumps(config, sort_keys=True)}{list(shape)}/{dtype}",
        "extra": {"identifier": identifier, "config": config, "shape": list(shape),
                  "dtype": dtype, "kind": "orthogonal", "gain": gain, "rows": rows,
                  "cols": cols, "implementation": implementation(init), "stats": stats},
    }


# --- Deterministic initializers -------------------------------------------------------------------

EXACT_CASES = [  # (identifier, config, Keras shape, dtype)
    ("zeros", {}, (2, 3), "float32"),
    ("Zeros", {}, (4,), "float64"),
    ("zero", {}, (2, 2, 3), "float32"),
    ("ones", {}, (2, 3), "float32"),
    ("Ones", {}, (3,), "int32"),
    ("one", {}, (2, 2), "float64"),
    ("constant", {}, (2, 3), "float32"),
    ("Constant", {"value": 0.75}, (3, 2), "float32"),
    ("constant", {"value": -3.0}, (2, 2, 2), "float64"),
    ("identity", {}, (4, 4), "float32"),
    ("Identity", {"gain": 2.5}, (3, 5), "float64"),
    ("IdentityInitializer", {"gain": 0.5}, (5, 3), "float32"),
    ("stft", {}, (16, 1, 9), "float32"),
    ("STFT", {"side": "imag", "window": "hamming", "scaling": "spectrum", "periodic": True},
     (12, 1, 7), "float32"),
    ("STFTInitializer", {"side": "real", "window": None}, (8, 1, 5), "float64"),
    ("stft", {"side": "imag", "window": "blackman", "scaling": "density", "periodic": False},
     (10, 1, 6), "float64"),
    ("stft", {"window": "bartlett", "scaling": "spectrum", "periodic": True}, (9, 1, 5),
     "float32"),
    ("stft", {"window": "boxcar", "scaling": None}, (6, 1, 4), "float64"),
    ("stft", {"side": "imag", "window": [0.1, 0.4, 0.9, 1.0, 1.0, 0.9, 0.4, 0.1],
              "scaling": "density"}, (8, 1, 5), "float32"),
]


def exact_case(identifier, config, shape, dtype):
    keras_config = config
    if identifier.lower() == "constant" and "value" not in config:
        keras_config = {"value": 0.0}  # Keras's from_config needs it (module docstring)
    init, values = draw(identifier, keras_config, shape, dtype)
    extra = {"identifier": identifier, "config": config, "shape": list(shape), "dtype": dtype,
             "kind": "exact", "implementation": implementation(init)}
    if keras_config is not config:
        extra["keras_config"] = keras_config
    return {"name": f"{identifier}{json.dumps(config, sort_keys=True)}{list(shape)}/{dtype}",
            "outputs": [runner.array(values, dtype)], "extra": extra}


def produce(part, keras_module):
    """float32 cases in the JAX part, the others (float64, int32) in the TensorFlow part."""
    global keras
    keras = keras_module
    mine = (lambda dtype: dtype == "float32") if part == "float32" else (
        lambda dtype: dtype != "float32")
    cases = [random_case(i, *c) for i, c in enumerate(RANDOM_CASES) if mine(c[3])]
    cases += [orthogonal_case(i, *c) for i, c in enumerate(ORTHOGONAL_CASES) if mine(c[3])]
    cases += [exact_case(*c) for c in EXACT_CASES if mine(c[3])]
    used = {c[0] for c in RANDOM_CASES + ORTHOGONAL_CASES + EXACT_CASES}
    assert used == set(NAMES), set(NAMES) ^ used
    public = {k for k, v in keras.initializers.__dict__.items()
              if not k.startswith("_") and (isinstance(v, type) or k[0].islower())}
    public -= {"get", "serialize", "deserialize", "Initializer"}
    return {"cases": cases, "not_in_kerascpp": sorted(public - set(NAMES))}


if __name__ == "__main__":
    runner.main(__file__, produce, "keras3_initializers.json")
