"""Golden outputs of normalization layers from PyTorch, for what TensorFlow.js lacks.

Run: /usr/bin/python3 tests/golden/torch/normalization.py

- UnitNormalization (not in TensorFlow.js): Keras computes x * rsqrt(max(sum(x^2), 1e-24)) over
  `axis`; torch.nn.functional.normalize computes x / max(||x||_2, eps), the same with
  eps = 1e-12.
- BatchNormalization on axis 1 (TensorFlow.js's CPU batchNorm is only right on the last axis):
  torch.nn.functional.batch_norm normalizes channels at dim 1. Training cases feed their inputs
  but the last in training mode, then the last in inference mode; outputs are the training
  outputs, moving_mean and moving_variance, then the inference output. PyTorch's running
  variance uses the unbiased batch variance, Keras 3's the biased one, so the moving statistics
  are updated here as Keras does (momentum m: moving = moving * m + batch * (1 - m)) from
  torch.var_mean(unbiased=False), and fed back to F.batch_norm for inference.

Inputs are float32 values (rounded before use); outputs are computed in float64 from them.
"""
import json
import os

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))


def uniform(shape, seed, lo=-1.0, hi=1.0):
    rng = np.random.default_rng(seed)
    return rng.uniform(lo, hi, size=shape).astype(np.float32)


def array(a):
    return {"shape": list(a.shape), "dtype": str(a.dtype), "data": a.ravel().tolist()}


def case(name, x, axis):
    dim = tuple(axis) if isinstance(axis, list) else axis
    y = F.normalize(torch.from_numpy(x.astype(np.float64)), p=2.0, dim=dim, eps=1e-12)
    return {"name": name, "inputs": [array(x)], "outputs": [array(y.numpy())],
            "extra": {"axis": axis}}


cases = [
    case("unit_2d", uniform((4, 5), 1), -1),
    case("unit_3d_axis1", uniform((2, 3, 4), 2), 1),
    case("unit_3d_axes_12", uniform((2, 3, 4), 3), [1, 2]),
    case("unit_4d_axes_03", uniform((2, 2, 3, 2), 4, -3, 3), [0, 3]),
]
# A zero row stays zero; a row with a norm below 1e-12 is divided by 1e-12.
tiny = uniform((3, 4), 5)
tiny[1] = 0.0
tiny[2] = np.float32(1e-14) * np.sign(tiny[2])
cases.append(case("unit_epsilon", tiny, -1))



def f64(a):
    return torch.from_numpy(a.astype(np.float64))


def bn_weights(c, seed):
    """gamma, beta, moving_mean, moving_variance (positive) of size c."""
    return [uniform((c,), seed, 0.5, 1.5), uniform((c,), seed + 1, -0.5, 0.5),
            uniform((c,), seed + 2, -0.5, 0.5), uniform((c,), seed + 3, 0.5, 2.0)]


def bn_inference(name, x, weights, epsilon):
    gamma, beta, mean, var = map(f64, weights)
    y = F.batch_norm(f64(x), mean, var, gamma, beta, training=False, eps=epsilon)
    return {"name": name, "inputs": [array(x)], "weights": [array(w) for w in weights],
            "outputs": [array(y.numpy())], "extra": {"axis": 1, "epsilon": epsilon}}


def bn_training(name, xs, weights, momentum, epsilon):
    gamma, beta, mean, var = map(f64, weights)
    outputs = []
    for x in xs[:-1]:
        t = f64(x)
        # Training mode normalizes with the batch statistics; torch's own running update
        # (unbiased) goes to throw-away copies.
        y = F.batch_norm(t, mean.clone(), var.clone(), gamma, beta, training=True, eps=epsilon)
        outputs.append(array(y.numpy()))
        dims = [d for d in range(t.dim()) if d != 1]
        batch_var, batch_mean = torch.var_mean(t, dim=dims, unbiased=False)
        mean = mean * momentum + batch_mean * (1 - momentum)
        var = var * momentum + batch_var * (1 - momentum)
    outputs += [array(mean.numpy()), array(var.numpy())]
    y = F.batch_norm(f64(xs[-1]), mean, var, gamma, beta, training=False, eps=epsilon)
    outputs.append(array(y.numpy()))
    return {"name": name, "inputs": [array(x) for x in xs],
            "weights": [array(w) for w in weights], "outputs": outputs,
            "extra": {"axis": 1, "momentum": momentum, "epsilon": epsilon}}


cases += [
    bn_inference("bn_inference_3d_axis1", uniform((2, 3, 4), 20, -2, 2), bn_weights(3, 21), 0.01),
    bn_inference("bn_inference_4d_axis1", uniform((2, 3, 2, 2), 30, -2, 2), bn_weights(3, 31),
                 1e-3),
    bn_training("bn_train_4d_axis1", [uniform((3, 2, 4, 4), 40 + s, -1, 3) for s in range(3)],
                bn_weights(2, 45), 0.8, 0.01),
    bn_training("bn_train_3d_axis1", [uniform((4, 3, 5), 50 + s, -2, 4) for s in range(4)],
                bn_weights(3, 55), 0.9, 1e-3),
]

out = {"generator": "tests/golden/torch/normalization.py (torch %s, numpy %s)"
                    % (torch.__version__, np.__version__),
       "cases": cases}
target = os.path.join(HERE, "..", "data", "layers_normalization_torch.json")
with open(target, "w") as f:
    json.dump(out, f)
    f.write("\n")
print("wrote %d cases to %s" % (len(cases), os.path.relpath(target)))
