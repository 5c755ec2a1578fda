"""Golden outputs for the merging cases TensorFlow.js cannot make: Subtract (not in TensorFlow.js)
and Dot on inputs of rank > 3 (TensorFlow.js stops at rank 3), computed with PyTorch in float64
from float32-rounded inputs. Dot's reference is the per-sample tensordot that Keras's own
merging_test.py uses (np_dot), so it is independent of batch_dot's reshapes.
Run: /usr/bin/python3 tests/golden/torch/merging.py
"""
import json
import os

import numpy as np
import torch

torch.set_default_dtype(torch.float64)


def uniform(shape, seed):
    rng = np.random.RandomState(seed)
    return rng.uniform(-1.0, 1.0, size=shape).astype(np.float32)


def array(x, dtype):
    x = np.asarray(x)
    return {"shape": list(x.shape), "dtype": dtype, "data": [float(v) for v in x.reshape(-1)]}


def case(name, inputs, outputs, extra=None):
    c = {
        "name": name,
        "inputs": [array(x, "float32") for x in inputs],
        "weights": [],
        "outputs": [array(y, "float64") for y in outputs],
    }
    if extra is not None:
        c["extra"] = extra
    return c


def subtract(a, b):
    a, b = torch.from_numpy(a.astype(np.float64)), torch.from_numpy(b.astype(np.float64))
    # Keras brings inputs of different ranks together by inserting axes after the batch axis.
    while b.dim() < a.dim():
        b = b.unsqueeze(1)
    while a.dim() < b.dim():
        a = a.unsqueeze(1)
    return torch.sub(a, b).numpy()


def l2_normalize(x, axis):
    square_sum = torch.sum(x * x, dim=axis, keepdim=True)
    return x * torch.rsqrt(torch.clamp(square_sum, min=1e-7 * 1e-7))


def dot(a, b, axes, normalize=False):
    a, b = torch.from_numpy(a.astype(np.float64)), torch.from_numpy(b.astype(np.float64))
    if isinstance(axes, int):
        axes = (axes, axes)
    axes = [ax % t.dim() for ax, t in zip(axes, (a, b))]
    if normalize:
        a, b = l2_normalize(a, axes[0]), l2_normalize(b, axes[1])
    per_sample = [torch.tensordot(a[i], b[i], dims=([axes[0] - 1], [axes[1] - 1]))
                  for i in range(a.shape[0])]
    out = torch.stack(per_sample)
    if out.dim() == 1:
        out = out.unsqueeze(1)
    return out.numpy()


cases = []
seed = 500


def inputs(*shapes):
    global seed
    out = []
    for s in shapes:
        out.append(uniform(s, seed))
        seed += 1
    return out


for name, shapes in [("subtract_rank2", [(4, 5), (4, 5)]),
                     ("subtract_rank3", [(2, 3, 4), (2, 3, 4)]),
                     ("subtract_broadcast", [(2, 3, 4), (2, 1, 4)]),
                     ("subtract_ranks", [(2, 3, 4), (2, 4)]),
                     ("subtract_ranks_reversed", [(2, 4), (2, 3, 4)])]:
    a, b = inputs(*shapes)
    cases.append(case(name, [a, b], [subtract(a, b)]))

for name, shapes, axes, normalize in [
        ("dot_rank3_rank4", [(2, 3, 2), (2, 1, 2, 3)], [-2, -1], False),
        ("dot_rank4_rank4", [(2, 3, 4, 5), (2, 5, 3, 2)], [3, 1], False),
        ("dot_rank4_rank3_normalize", [(2, 3, 4, 2), (2, 4, 5)], [2, 1], True),
        ("dot_rank2_rank4", [(2, 3), (2, 2, 3, 2)], [1, 2], False)]:
    a, b = inputs(*shapes)
    cases.append(case(name, [a, b], [dot(a, b, axes, normalize)],
                      {"axes": axes, "normalize": normalize}))

target = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "merging_torch.json")
with open(target, "w") as f:
    json.dump({"generator": "tests/golden/torch/merging.py (PyTorch %s, NumPy %s)"
               % (torch.__version__, np.__version__), "cases": cases}, f)
    f.write("\n")
print("wrote %d cases to %s" % (len(cases), os.path.relpath(target)))
