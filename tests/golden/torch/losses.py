"""Golden float64 values of sparse_categorical_crossentropy along a class axis other than the
last, the one loss case Keras 3 itself cannot make: Keras 3.15 raises for axis != -1 on JAX
("Arguments `target` and `output` must have the same shape up until the last dimension") and on
TensorFlow ("Only axis=-1 is currently supported"), keras-team/keras#21097. Everything else about
the losses comes from Keras 3 (tests/golden/keras3/make_losses.py).

PyTorch computes it: F.cross_entropy with class indices along dim 1 and ignore_index (reduction
"none" per sample; "mean" and "sum" for the reduced cases: torch's mean over the entries not
ignored is Keras's masked sum_over_batch_size), probabilities entering as log(p / sum p), logits
as they are; the gradient with respect to y_pred by torch.autograd. The cases use the layout of
tests/golden/data/keras3_losses.json (extra: kind, fn/kwargs or class_name/args, dtype,
sample_weight, mask, gradient).
Run: /usr/bin/python3 tests/golden/torch/losses.py
"""
import json
import os

import numpy as np
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)

cases = []
seed = [900]


def rng():
    seed[0] += 1
    return np.random.RandomState(seed[0])


def array(x, dtype="float64"):
    x = np.asarray(x)
    conv = float if dtype.startswith("float") else int
    return {"shape": list(x.shape), "dtype": dtype, "data": [conv(v) for v in x.reshape(-1)]}


def torch_scce(labels, pred, from_logits, ignore=None, reduction="none"):
    """The value and d sum(value) / d pred; the class axis is 1."""
    p = torch.from_numpy(np.asarray(pred, dtype=np.float64)).requires_grad_(True)
    inp = p if from_logits else torch.log(p / p.sum(1, keepdim=True))
    target = torch.from_numpy(np.asarray(labels, dtype=np.int64))
    value = F.cross_entropy(inp, target, ignore_index=-100 if ignore is None else ignore,
                            reduction=reduction)
    value.sum().backward()
    return value.detach().numpy(), p.grad.numpy()


def add(name, extra, labels, pred, result):
    value, grad = result
    cases.append({"name": name, "inputs": [array(labels, "int64"), array(pred)],
                  "outputs": [array(value), array(grad)],
                  "extra": {**extra, "dtype": "float64", "sample_weight": False, "mask": False,
                            "gradient": True}})


shape, axis = (2, 4, 3), 1
labels = rng().randint(0, 4, size=(2, 3))
u = rng().uniform(0.1, 1.0, size=shape)
p = u / u.sum(axis=1, keepdims=True)
x = rng().uniform(-4, 4, size=shape)
for from_logits, pred in ((False, p), (True, x)):
    kind = "logits" if from_logits else "probs"
    add(f"sparse_categorical_crossentropy_{kind}_rank3_axis1",
        {"kind": "function", "fn": "sparse_categorical_crossentropy",
         "kwargs": {"from_logits": from_logits, "axis": axis}},
        labels, pred, torch_scce(labels, pred, from_logits))
for ignore in (-1, 2):
    lab = labels.copy()
    lab.flat[::3] = ignore
    add(f"sparse_categorical_crossentropy_ignore{ignore}_rank3_axis1",
        {"kind": "function", "fn": "sparse_categorical_crossentropy",
         "kwargs": {"from_logits": True, "ignore_class": ignore, "axis": axis}},
        lab, x, torch_scce(lab, x, True, ignore))
    for reduction, torch_reduction in (("sum_over_batch_size", "mean"), ("sum", "sum")):
        add(f"SparseCategoricalCrossentropy_ignore{ignore}_{reduction}_rank3_axis1",
            {"kind": "class", "class_name": "SparseCategoricalCrossentropy",
             "args": {"from_logits": True, "ignore_class": ignore, "axis": axis,
                      "reduction": reduction}},
            lab, x, torch_scce(lab, x, True, ignore, torch_reduction))

out = {
    "generator": f"tests/golden/torch/losses.py (PyTorch {torch.__version__}, NumPy "
                 f"{np.__version__})",
    "cases": cases,
}
target = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data",
                      "losses_torch.json")
with open(target, "w") as f:
    json.dump(out, f)
    f.write("\n")
print(f"wrote {len(cases)} cases to {os.path.relpath(target)}")
