#!/usr/bin/python3
"""Golden statistics of every Keras 3 initializer, from PyTorch and NumPy (Debian's python3-torch
and python3-numpy), for tests/initializers/initializers_golden_test.cc.

Run: /usr/bin/python3 tests/golden/torch/initializers.py
(writes tests/golden/data/initializers.json)

Random initializers cannot be compared value by value (the streams differ), so each random case
draws a large sample of a Keras weight shape with PyTorch's own initializer where it matches
Keras 3's definition (keras/src/initializers/random_initializers.py) and records its moments:
  - RandomNormal / RandomUniform / TruncatedNormal: torch.nn.init.normal_ / uniform_ /
    trunc_normal_ (a, b = mean ∓ 2·stddev: Keras redraws beyond two standard deviations);
  - VarianceScaling and the Glorot / He / LeCun presets: xavier_uniform_ (fan_avg uniform, gain
    sqrt(scale)), kaiming_uniform_ / kaiming_normal_ (fan_in or fan_out; nonlinearity "relu" for
    scale 2, "linear" for scale 1) and xavier_normal_ (fan_avg, untruncated) on the PyTorch
    layout of the kernel, (out, in, *receptive field) for Keras's (*receptive field, in, out),
    whose fans PyTorch computes as Keras does (checked below). Keras's "truncated_normal"
    distribution (glorot_normal, he_normal, lecun_normal, the VarianceScaling default) is not
    PyTorch's xavier_normal_ / kaiming_normal_: it is trunc_normal_ with stddev
    sqrt(scale / n) / 0.87962566103423978 truncated at ±2 stddev;
  - what PyTorch cannot express (a scale of 3 on fan_in, EinsumDense-style input_axes /
    output_axes, rank-1 shapes, which PyTorch's fan computation rejects): NumPy's Generator with
    the parameters from Keras's formula and Keras's fans (compute_fans below);
  - Orthogonal: torch.nn.init.orthogonal_ on the (prod(shape[:-1]), shape[-1]) matrix Keras
    factors, recording the entries' moments, the mean of the diagonal (about 0 only when Q's
    columns are multiplied by sign(diag(R)), as both Keras and PyTorch do) and Q^T Q.
Deterministic initializers are recorded value by value: Zeros / Ones / Constant
(torch.nn.init.zeros_ / ones_ / constant_), Identity (torch.nn.init.eye_ times gain) and STFT
(Keras's formula in float64 with PyTorch's window functions, which equal scipy.signal's).

A case's extra: {"identifier": a name keras.initializers.get accepts, "config": its config,
"shape": the Keras shape, "dtype", "kind": "uniform" | "normal" | "truncated_normal" |
"orthogonal" | "exact", "implementation": what made it, and for random kinds "fans", the
distribution's parameters and "stats" of the sample}.
"""
import json
import math
import os

import numpy as np
import torch

torch.set_num_threads(1)

TRUNCATED_STDDEV = 0.87962566103423978  # stddev of N(0, 1) truncated to [-2, 2]


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


def torch_layout(shape):
    """PyTorch's kernel layout for a Keras kernel shape: (out, in, *receptive field)."""
    if len(shape) == 2:
        return (shape[1], shape[0])
    return (shape[-1], shape[-2], *shape[:-2])


TORCH_DTYPES = {"float32": torch.float32, "float64": torch.float64, "int32": torch.int32}


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


# --- Random cases ---------------------------------------------------------------------------------

# Each: (identifier, Keras config without seed, Keras shape, dtype). The generator derives the
# distribution from the config by Keras's rules and picks the PyTorch initializer that matches.
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
    ("variance_scaling", {"scale": 1.0, "mode": "fan_out", "distribution": "normal"},
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

PRESETS = {  # class (snake_case) -> (scale, mode, distribution)
    "glorot_uniform": (1.0, "fan_avg", "uniform"),
    "glorot_normal": (1.0, "fan_avg", "truncated_normal"),
    "he_uniform": (2.0, "fan_in", "uniform"),
    "he_normal": (2.0, "fan_in", "truncated_normal"),
    "lecun_uniform": (1.0, "fan_in", "uniform"),
    "lecun_normal": (1.0, "fan_in", "truncated_normal"),
}


def snake(identifier):
    aliases = {"normal": "random_normal", "uniform": "random_uniform"}
    if identifier in aliases:
        return aliases[identifier]
    out = ""
    for i, ch in enumerate(identifier):
        if ch.isupper() and i:
            out += "_"
        out += ch.lower()
    return out


def random_case(index, identifier, config, shape, dtype):
    seed = 1000 + index
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    cls = snake(identifier)
    tdtype = TORCH_DTYPES[dtype]
    extra = {"identifier": identifier, "config": dict(config, seed=seed), "shape": list(shape),
             "dtype": dtype}
    fans = None
    if cls == "random_normal":
        mean, stddev = config.get("mean", 0.0), config.get("stddev", 0.05)
        t = torch.nn.init.normal_(torch.empty(shape, dtype=tdtype), mean, stddev)
        extra.update(kind="normal", mean=mean, stddev=stddev,
                     implementation=f"torch.nn.init.normal_(mean={mean}, std={stddev})")
    elif cls == "random_uniform":
        lo, hi = config.get("minval", -0.05), config.get("maxval", 0.05)
        t = torch.nn.init.uniform_(torch.empty(shape, dtype=tdtype), lo, hi)
        extra.update(kind="uniform", minval=lo, maxval=hi,
                     implementation=f"torch.nn.init.uniform_(a={lo}, b={hi})")
    elif cls == "truncated_normal":
        mean, stddev = config.get("mean", 0.0), config.get("stddev", 0.05)
        t = torch.nn.init.trunc_normal_(torch.empty(shape, dtype=tdtype), mean, stddev,
                                        mean - 2 * stddev, mean + 2 * stddev)
        extra.update(kind="truncated_normal", mean=mean, stddev=stddev,
                     implementation="torch.nn.init.trunc_normal_(mean, std, a=mean-2std, "
                                    "b=mean+2std)")
    else:
        if cls == "variance_scaling":
            scale = config.get("scale", 1.0)
            mode = config.get("mode", "fan_in")
            distribution = config.get("distribution", "truncated_normal")
            if distribution == "normal":
                distribution = "truncated_normal"
        else:
            scale, mode, distribution = PRESETS[cls]
        fans = compute_fans(shape, config.get("input_axes"), config.get("output_axes"))
        n = {"fan_in": fans[0], "fan_out": fans[1], "fan_avg": (fans[0] + fans[1]) / 2}[mode]
        s = scale / max(1.0, n)
        extra["fans"] = list(fans)
        # PyTorch computes fans only for rank >= 2 and has no input_axes / output_axes.
        torch_fans = len(shape) >= 2 and "input_axes" not in config
        if torch_fans:
            layout = torch.empty(torch_layout(shape), dtype=tdtype)
            assert torch.nn.init._calculate_fan_in_and_fan_out(layout) == fans, shape
        if distribution == "uniform":
            limit = math.sqrt(3 * s)
            extra.update(kind="uniform", minval=-limit, maxval=limit)
            if torch_fans and mode == "fan_avg":
                t = torch.nn.init.xavier_uniform_(layout, gain=math.sqrt(scale))
                extra["implementation"] = f"torch.nn.init.xavier_uniform_(gain=sqrt({scale}))"
            elif torch_fans and scale in (1.0, 2.0):
                nonlinearity = "relu" if scale == 2.0 else "linear"
                t = torch.nn.init.kaiming_uniform_(layout, mode=mode, nonlinearity=nonlinearity)
                extra["implementation"] = (f"torch.nn.init.kaiming_uniform_(mode='{mode}', "
                                           f"nonlinearity='{nonlinearity}')")
            else:
                t = torch.from_numpy(rng.uniform(-limit, limit, shape).astype(dtype))
                extra["implementation"] = "numpy Generator.uniform(-limit, limit)"
        elif distribution == "untruncated_normal":
            stddev = math.sqrt(s)
            extra.update(kind="normal", mean=0.0, stddev=stddev)
            if torch_fans and mode == "fan_avg" and scale == 1.0:
                t = torch.nn.init.xavier_normal_(layout)
                extra["implementation"] = "torch.nn.init.xavier_normal_()"
            elif torch_fans and mode != "fan_avg" and scale in (1.0, 2.0):
                nonlinearity = "relu" if scale == 2.0 else "linear"
                t = torch.nn.init.kaiming_normal_(layout, mode=mode, nonlinearity=nonlinearity)
                extra["implementation"] = (f"torch.nn.init.kaiming_normal_(mode='{mode}', "
                                           f"nonlinearity='{nonlinearity}')")
            else:
                t = torch.from_numpy(rng.normal(0.0, stddev, shape).astype(dtype))
                extra["implementation"] = "numpy Generator.normal(0, stddev)"
        else:
            stddev = math.sqrt(s) / TRUNCATED_STDDEV
            extra.update(kind="truncated_normal", mean=0.0, stddev=stddev)
            t = torch.nn.init.trunc_normal_(torch.empty(shape, dtype=tdtype), 0.0, stddev,
                                            -2 * stddev, 2 * stddev)
            extra["implementation"] = ("torch.nn.init.trunc_normal_(std=sqrt(scale/n)/"
                                       "0.87962566103423978, a=-2std, b=2std)")
    v = t.numpy()
    assert v.dtype == np.dtype(dtype) and v.size == math.prod(shape)
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
    seed = 2000 + index
    torch.manual_seed(seed)
    gain = config.get("gain", 1.0)
    rows, cols = math.prod(shape[:-1]), shape[-1]
    q = torch.nn.init.orthogonal_(torch.empty(rows, cols, dtype=TORCH_DTYPES[dtype]), gain)
    q = q.numpy().astype(np.float64)
    gram = q.T @ q if rows >= cols else q @ q.T
    gram_error = np.abs(gram - gain * gain * np.eye(min(rows, cols))).max()
    assert gram_error < 1e-5 * gain * gain, gram_error
    stats = sample_stats(q, None, None)
    stats["sum_of_squares"] = float((q * q).sum())
    stats["diag_mean"] = float(np.diag(q).mean())
    stats["gram_max_error"] = float(gram_error)
    return {
        "name": f"{identifier}{json.dumps(config, sort_keys=True)}{list(shape)}/{dtype}",
        "extra": {"identifier": identifier, "config": dict(config, seed=seed),
                  "shape": list(shape), "dtype": dtype, "kind": "orthogonal", "gain": gain,
                  "rows": rows, "cols": cols,
                  "implementation": f"torch.nn.init.orthogonal_(({rows}, {cols}), gain={gain})",
                  "stats": stats},
    }


# --- Deterministic initializers -------------------------------------------------------------------

def array(a):
    a = np.asarray(a)
    assert np.all(np.isfinite(a))
    data = [int(v) for v in a.ravel()] if a.dtype.kind == "i" else [float(v) for v in a.ravel()]
    return {"shape": list(a.shape), "dtype": str(a.dtype), "data": data}


def window(name, length, periodic):
    """scipy.signal.get_window(name, length, fftbins=periodic), through PyTorch's windows (the
    same definitions: symmetric, or periodic = the first `length` of length + 1)."""
    kwargs = {"periodic": periodic, "dtype": torch.float64}
    if name == "hann":
        return torch.hann_window(length, **kwargs)
    if name == "hamming":
        return torch.hamming_window(length, alpha=0.54, beta=0.46, **kwargs)
    if name == "blackman":
        return torch.blackman_window(length, **kwargs)
    if name == "bartlett":
        return torch.bartlett_window(length, **kwargs)
    if name == "boxcar":
        return torch.ones(length, dtype=torch.float64)
    raise ValueError(name)


def stft(config, shape):
    """Keras's STFT.__call__ in float64."""
    side = config.get("side", "real")
    win = config.get("window", "hann")
    scaling = config.get("scaling", "density")
    periodic = config.get("periodic", False)
    frame_length, _, fft_length = shape
    freq = torch.arange(fft_length, dtype=torch.float64).reshape(1, 1, -1) / ((fft_length - 1) * 2)
    time = torch.arange(frame_length, dtype=torch.float64).reshape(-1, 1, 1)
    args = -2 * time * freq * math.pi
    kernel = torch.cos(args) if side == "real" else torch.sin(args)
    kernel = kernel.expand(shape).clone()
    if win is not None:
        w = window(win, frame_length, periodic) if isinstance(win, str) else torch.tensor(
            win, dtype=torch.float64)
        w = w.reshape(-1, 1, 1)
        norm = 1.0
        if scaling == "density":
            norm = torch.sqrt(torch.sum(w * w))
        elif scaling == "spectrum":
            norm = torch.sum(torch.abs(w))
        kernel = kernel * w / norm
    return kernel


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
    ("STFTInitializer", {"side": "real", "window": None}, (8, 2, 5), "float64"),
    ("stft", {"side": "imag", "window": "blackman", "scaling": "density", "periodic": False},
     (10, 1, 6), "float64"),
    ("stft", {"window": "bartlett", "scaling": "spectrum", "periodic": True}, (9, 1, 5),
     "float32"),
    ("stft", {"window": "boxcar", "scaling": None}, (6, 1, 4), "float64"),
    ("stft", {"side": "imag", "window": [0.1, 0.4, 0.9, 1.0, 1.0, 0.9, 0.4, 0.1],
              "scaling": "density"}, (8, 1, 5), "float32"),
]


def exact_case(identifier, config, shape, dtype):
    cls = snake(identifier)
    tdtype = TORCH_DTYPES[dtype]
    empty = torch.empty(shape, dtype=tdtype)
    if cls in ("zeros", "zero"):
        t, impl = torch.nn.init.zeros_(empty), "torch.nn.init.zeros_"
    elif cls in ("ones", "one"):
        t, impl = torch.nn.init.ones_(empty), "torch.nn.init.ones_"
    elif cls == "constant":
        value = config.get("value", 0.0)
        t, impl = torch.nn.init.constant_(empty, value), f"torch.nn.init.constant_({value})"
    elif cls in ("identity", "identity_initializer"):
        gain = config.get("gain", 1.0)
        t, impl = torch.nn.init.eye_(empty) * gain, f"torch.nn.init.eye_() * {gain}"
    else:
        t, impl = stft(config, shape).to(tdtype), "Keras's STFT formula in float64 (torch windows)"
    return {
        "name": f"{identifier}{json.dumps(config, sort_keys=True)}{list(shape)}/{dtype}",
        "outputs": [array(t.numpy())],
        "extra": {"identifier": identifier, "config": config, "shape": list(shape),
                  "dtype": dtype, "kind": "exact", "implementation": impl},
    }


def main():
    cases = [random_case(i, *c) for i, c in enumerate(RANDOM_CASES)]
    cases += [orthogonal_case(i, *c) for i, c in enumerate(ORTHOGONAL_CASES)]
    cases += [exact_case(*c) for c in EXACT_CASES]
    assert len({c["name"] for c in cases}) == len(cases)
    out = {
        "generator": f"tests/golden/torch/initializers.py (PyTorch {torch.__version__}, "
                     f"NumPy {np.__version__})",
        "cases": cases,
    }
    target = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data",
                          "initializers.json")
    with open(target, "w") as f:
        json.dump(out, f, allow_nan=False, indent=None, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {len(cases)} cases to {os.path.relpath(target)}")


if __name__ == "__main__":
    main()
