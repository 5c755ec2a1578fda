"""Golden float64 values of the Keras 3 loss functions and classes (keras/src/losses/losses.py
and loss.py), for the float64 checks TensorFlow.js (float32 only) cannot make.

Where PyTorch has the same function, PyTorch computes it:
  mean_squared_error    F.mse_loss(reduction="none"), averaged over the last axis
  mean_absolute_error   F.l1_loss
  huber                 F.huber_loss(delta=...) (same piecewise definition)
  log_cosh              torch.log(torch.cosh(x)) plus (log 2 - float32(log 2)): Keras subtracts
                        ops.log(2.0), a float32 constant, even in float64
  cosine_similarity     -F.cosine_similarity (differs from Keras's clamped norms only for norms
                        below 1e-7, not used here)
  kl_divergence         F.kl_div on Keras's clipped inputs (y_true and y_pred clipped to [eps, 1])
  poisson               F.poisson_nll_loss(log_input=False, eps=1e-7) (Keras's formula exactly)
  binary_crossentropy   F.binary_cross_entropy / F.binary_cross_entropy_with_logits on labels
                        smoothed with Keras's formula y·(1-s) + 0.5·s, averaged over `axis`
  categorical_crossentropy
                        F.cross_entropy with probability targets and label_smoothing (Keras's
                        smoothing formula); probabilities enter as log(p / Σp) (log_softmax of
                        that is itself), logits as they are; the class axis moved to dim 1
  sparse_categorical_crossentropy
                        F.cross_entropy with class indices and ignore_index (reduction "none" per
                        sample; "mean" and "sum" for the reduced cases: torch's mean over the
                        entries not ignored is Keras's masked sum_over_batch_size)
Where PyTorch has no matching function, NumPy computes Keras 3's formula (said per case in
extra.note): mean_absolute_percentage_error, mean_squared_logarithmic_error (epsilon rounded to
float32 as Keras converts it), hinge and squared_hinge (with Keras's {0, 1} -> {-1, 1}
conversion), categorical_hinge, binary_focal_crossentropy, categorical_focal_crossentropy, and
the reductions with the sample-weight shapes where Keras's squeeze_or_expand_to_same_rank rule
matters (scalar weights, (batch, 1) weights against (batch, time) values, masks with weights,
empty masks), written from reduce_weighted_values.
Inputs are float64 values (drawn in float64 from seeded NumPy generators), so the C++ tests
compare at float64 precision.
Run: /usr/bin/python3 tests/golden/torch/losses.py
"""
import json
import math
import os

import numpy as np
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)

EPS = 1e-7
EPS32 = float(np.float32(EPS))
LOG2_32 = float(np.float32(math.log(2.0)))

cases = []
seed = [900]


def rng():
    seed[0] += 1
    return np.random.RandomState(seed[0])


def uniform(shape, lo=-1.0, hi=1.0):
    return rng().uniform(lo, hi, size=shape)


def integers(shape, lo, hi):
    return rng().randint(lo, hi, size=shape)


def distribution(shape):
    u = uniform(shape, 0.1, 1.0)
    return u / u.sum(axis=-1, keepdims=True)


def one_hot(labels, classes):
    return np.eye(classes)[labels]


def array(x, dtype="float64"):
    x = np.asarray(x)
    conv = float if dtype.startswith("float") else int
    return {"shape": list(x.shape), "dtype": dtype, "data": [conv(v) for v in x.reshape(-1)]}


def t(x):
    return torch.from_numpy(np.asarray(x, dtype=np.float64))


def fn_case(name, fn, kwargs, y_true, y_pred, value, note=None, label_dtype="float64"):
    extra = {"kind": "function", "fn": fn, "kwargs": kwargs}
    if note:
        extra["note"] = note
    cases.append({
        "name": name,
        "inputs": [array(y_true, label_dtype), array(y_pred)],
        "weights": [],
        "outputs": [array(np.asarray(value))],
        "extra": extra,
    })


# --- Keras's reduce_weighted_values, for the cases written in NumPy ------------------------------
def squeeze_or_expand(x1, x2):
    r1, r2 = x1.ndim, x2.ndim
    if r1 == r2 + 1 and x1.shape[-1] == 1:
        if r2 == 1:
            x2 = x2[..., None]
        else:
            x1 = x1[..., 0]
    if r2 == r1 + 1 and x2.shape[-1] == 1:
        if r1 == 1:
            x1 = x1[..., None]
        else:
            x2 = x2[..., 0]
    return x1, x2


def divide_no_nan(a, b):
    return 0.0 if b == 0 else a / b


def keras_reduce(values, reduction, sample_weight=None, mask=None):
    values = np.asarray(values, dtype=np.float64)
    sw = None if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    if mask is not None:
        mask = np.asarray(mask, dtype=np.float64)
        if reduction in ("mean", "sum_over_batch_size"):
            weight = divide_no_nan(mask.size, mask.sum())
            float_mask = np.where(mask != 0, weight, 0.0)
        else:
            float_mask = mask
        if sw is not None:
            float_mask, sw = squeeze_or_expand(float_mask, sw)
            sw = sw * float_mask
        else:
            sw = float_mask
    if sw is not None:
        values, sw = squeeze_or_expand(values, sw)
        values = values * sw
    if reduction == "none" or values.shape == () or values.shape == (0,):
        return values
    loss = values.sum()
    if reduction == "sum":
        return loss
    divisor = sw.sum() if reduction == "mean_with_sample_weight" and sw is not None else values.size
    return divide_no_nan(loss, divisor)


def class_case(name, class_name, config, inputs, value, note=None, label_dtype="float64",
               sample_weight=None, mask=None):
    all_inputs = [array(inputs[0], label_dtype), array(inputs[1])]
    if sample_weight is not None:
        all_inputs.append(array(sample_weight))
    if mask is not None:
        all_inputs.append(array(mask))
    extra = {"kind": "class", "class_name": class_name, "config": {**config, "dtype": "float64"},
             "sample_weight": sample_weight is not None, "mask": mask is not None}
    if note:
        extra["note"] = note
    cases.append({"name": name, "inputs": all_inputs, "weights": [],
                  "outputs": [array(np.asarray(value))], "extra": extra})


# --- Regression (PyTorch) -----------------------------------------------------------------------
for shape in [(4, 5), (2, 3, 4)]:
    a, b = uniform(shape, -2, 2), uniform(shape, -2, 2)
    r = len(shape)
    fn_case(f"mean_squared_error_rank{r}", "mean_squared_error", {}, a, b,
            F.mse_loss(t(b), t(a), reduction="none").mean(-1))
    fn_case(f"mean_absolute_error_rank{r}", "mean_absolute_error", {}, a, b,
            F.l1_loss(t(b), t(a), reduction="none").mean(-1))
    x = t(b) - t(a)
    fn_case(f"log_cosh_rank{r}", "log_cosh", {}, a, b,
            (torch.log(torch.cosh(x)) + (math.log(2.0) - LOG2_32)).mean(-1),
            "torch log(cosh(x)) with Keras's float32 log 2")
    for delta in (1.0, 0.3):
        fn_case(f"huber_delta{delta}_rank{r}", "huber", {"delta": delta}, a, b,
                F.huber_loss(t(b), t(a), delta=delta, reduction="none").mean(-1))
    fn_case(f"cosine_similarity_rank{r}", "cosine_similarity", {"axis": -1}, a, b,
            -F.cosine_similarity(t(a), t(b), dim=-1))
a, b = uniform((2, 4, 3)), uniform((2, 4, 3))
fn_case("cosine_similarity_axis1", "cosine_similarity", {"axis": 1}, a, b,
        -F.cosine_similarity(t(a), t(b), dim=1))
# Labels (batch,) against predictions (batch, 1): the labels gain the last axis.
a, b = uniform((5,)), uniform((5, 1))
fn_case("mean_squared_error_rank1_labels", "mean_squared_error", {}, a, b,
        F.mse_loss(t(b), t(a).unsqueeze(-1), reduction="none").mean(-1))
fn_case("huber_rank1_labels", "huber", {"delta": 1.0}, a, b,
        F.huber_loss(t(b), t(a).unsqueeze(-1), reduction="none").mean(-1))

# --- Regression (NumPy, Keras's formulas) --------------------------------------------------------
for shape in [(4, 5), (2, 3, 4)]:
    a, b = uniform(shape, -3, 3), uniform(shape, -3, 3)
    a.flat[0] = 0.0  # divided by epsilon
    fn_case(f"mean_absolute_percentage_error_rank{len(shape)}", "mean_absolute_percentage_error", {},
            a, b, 100.0 * np.mean(np.abs((a - b) / np.maximum(np.abs(a), EPS)), axis=-1),
            "NumPy from Keras's formula")
    a, b = uniform(shape, -0.5, 3), uniform(shape, -0.5, 3)
    first = np.log(np.maximum(b, EPS32) + 1.0)
    second = np.log(np.maximum(a, EPS32) + 1.0)
    fn_case(f"mean_squared_logarithmic_error_rank{len(shape)}", "mean_squared_logarithmic_error",
            {}, a, b, np.mean((first - second) ** 2, axis=-1),
            "NumPy from Keras's formula (epsilon as a float32 constant)")

# --- Hinge (NumPy, Keras's formulas) ------------------------------------------------------------


def hinge_labels(y):
    return 2.0 * y - 1.0 if np.all((y == 0) | (y == 1)) else y


for labels_kind in ("01", "pm1", "other"):
    if labels_kind == "01":
        y = integers((4, 5), 0, 2).astype(np.float64)
    elif labels_kind == "pm1":
        y = 2.0 * integers((4, 5), 0, 2) - 1.0
    else:
        y = uniform((4, 5))
    p = uniform((4, 5), -2, 2)
    margin = np.maximum(1.0 - hinge_labels(y) * p, 0.0)
    fn_case(f"hinge_{labels_kind}_labels", "hinge", {}, y, p, margin.mean(-1),
            "NumPy from Keras's formula")
    fn_case(f"squared_hinge_{labels_kind}_labels", "squared_hinge", {}, y, p,
            (margin ** 2).mean(-1), "NumPy from Keras's formula")
y = one_hot(integers((5,), 0, 4), 4)
p = uniform((5, 4), -2, 2)
pos = np.sum(y * p, -1)
neg = np.max((1.0 - y) * p, -1)
fn_case("categorical_hinge", "categorical_hinge", {}, y, p, np.maximum(neg - pos + 1.0, 0.0),
        "NumPy from Keras's formula")

# --- Probabilistic (PyTorch) --------------------------------------------------------------------
for shape in [(4, 5), (2, 3, 4)]:
    r = len(shape)
    y = one_hot(integers(shape[:-1], 0, shape[-1]), shape[-1])  # zeros clip to epsilon
    p = distribution(shape)
    yc, pc = np.clip(y, EPS, 1.0), np.clip(p, EPS, 1.0)
    fn_case(f"kl_divergence_rank{r}", "kl_divergence", {}, y, p,
            F.kl_div(torch.log(t(pc)), t(yc), reduction="none").sum(-1),
            "F.kl_div on the clipped inputs")
    counts = integers(shape, 0, 5).astype(np.float64)
    rate = uniform(shape, 0.05, 4)
    fn_case(f"poisson_rank{r}", "poisson", {}, counts, rate,
            F.poisson_nll_loss(t(rate), t(counts), log_input=False, full=False, eps=EPS,
                               reduction="none").mean(-1))


def smooth_binary(y, s):
    return y * (1.0 - s) + 0.5 * s


for s in (0.0, 0.15):
    for shape, axis in [((4, 5), -1), ((2, 3, 2), -1), ((2, 3, 2), 1)]:
        y = integers(shape, 0, 2).astype(np.float64)
        p = uniform(shape, 0.02, 0.98)
        x = uniform(shape, -5, 5)
        ys = t(smooth_binary(y, s))
        tag = f"ls{s}_rank{len(shape)}_axis{axis}"
        kwargs = {"from_logits": False, "label_smoothing": s, "axis": axis}
        fn_case(f"binary_crossentropy_probs_{tag}", "binary_crossentropy", kwargs, y, p,
                F.binary_cross_entropy(t(p), ys, reduction="none").mean(axis),
                "labels smoothed with Keras's formula")
        kwargs = {**kwargs, "from_logits": True}
        fn_case(f"binary_crossentropy_logits_{tag}", "binary_crossentropy", kwargs, y, x,
                F.binary_cross_entropy_with_logits(t(x), ys, reduction="none").mean(axis),
                "labels smoothed with Keras's formula")


def torch_cce(target, pred, from_logits, s, axis):
    inp = t(pred) if from_logits else torch.log(t(pred) / t(pred).sum(axis, keepdim=True))
    inp = torch.movedim(inp, axis, 1)
    tgt = torch.movedim(t(target), axis, 1)
    return F.cross_entropy(inp, tgt, label_smoothing=s, reduction="none")


for s in (0.0, 0.1):
    for shape, axis in [((6, 5), -1), ((2, 3, 4), -1), ((2, 4, 3), 1)]:
        classes = shape[axis]
        labels = integers(tuple(d for i, d in enumerate(shape) if i != axis % len(shape)), 0,
                          classes)
        y = np.moveaxis(one_hot(labels, classes), -1, axis)
        p = uniform(shape, 0.05, 1.0)  # not normalized: Keras divides by the sum
        x = uniform(shape, -4, 4)
        tag = f"ls{s}_rank{len(shape)}_axis{axis}"
        fn_case(f"categorical_crossentropy_probs_{tag}", "categorical_crossentropy",
                {"from_logits": False, "label_smoothing": s, "axis": axis}, y, p,
                torch_cce(y, p, False, s, axis))
        fn_case(f"categorical_crossentropy_logits_{tag}", "categorical_crossentropy",
                {"from_logits": True, "label_smoothing": s, "axis": axis}, y, x,
                torch_cce(y, x, True, s, axis))
# Soft labels.
y, x = distribution((4, 6)), uniform((4, 6), -3, 3)
fn_case("categorical_crossentropy_logits_soft_labels", "categorical_crossentropy",
        {"from_logits": True}, y, x, torch_cce(y, x, True, 0.0, -1))


def torch_scce(labels, pred, from_logits, axis, ignore=None, reduction="none"):
    inp = t(pred) if from_logits else torch.log(t(pred) / t(pred).sum(axis, keepdim=True))
    inp = torch.movedim(inp, axis, 1)
    target = torch.from_numpy(np.asarray(labels, dtype=np.int64))
    return F.cross_entropy(inp, target, ignore_index=-100 if ignore is None else ignore,
                           reduction=reduction)


for shape, axis in [((6, 5), -1), ((2, 3, 4), -1), ((2, 4, 3), 1)]:
    classes = shape[axis]
    lshape = tuple(d for i, d in enumerate(shape) if i != axis % len(shape))
    labels = integers(lshape, 0, classes)
    p = distribution(shape) if axis == -1 else np.moveaxis(distribution(
        tuple(np.moveaxis(np.zeros(shape), axis, -1).shape)), -1, axis)
    x = uniform(shape, -4, 4)
    tag = f"rank{len(shape)}_axis{axis}"
    for from_logits, pred in ((False, p), (True, x)):
        kind = "logits" if from_logits else "probs"
        fn_case(f"sparse_categorical_crossentropy_{kind}_{tag}", "sparse_categorical_crossentropy",
                {"from_logits": from_logits, "axis": axis}, labels, pred,
                torch_scce(labels, pred, from_logits, axis), label_dtype="int64")
    for ignore in (-1, 2):
        lab = labels.copy()
        lab.flat[::3] = ignore
        fn_case(f"sparse_categorical_crossentropy_ignore{ignore}_{tag}",
                "sparse_categorical_crossentropy",
                {"from_logits": True, "ignore_class": ignore, "axis": axis}, lab, x,
                torch_scce(lab, x, True, axis, ignore), label_dtype="int64")
        for reduction, torch_reduction in (("sum_over_batch_size", "mean"), ("sum", "sum")):
            class_case(f"SparseCategoricalCrossentropy_ignore{ignore}_{reduction}_{tag}",
                       "SparseCategoricalCrossentropy",
                       {"from_logits": True, "ignore_class": ignore, "axis": axis,
                        "reduction": reduction}, [lab, x],
                       torch_scce(lab, x, True, axis, ignore, torch_reduction),
                       "torch's ignore_index reduction", label_dtype="int64")
labels = integers((5, 1), 0, 3)
x = uniform((5, 3), -3, 3)
fn_case("sparse_categorical_crossentropy_column_labels", "sparse_categorical_crossentropy",
        {"from_logits": True}, labels, x, torch_scce(labels[:, 0], x, True, -1),
        label_dtype="int64")

# --- Focal crossentropies (NumPy, Keras's formulas) ---------------------------------------------


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def binary_focal(y, p, balancing, alpha, gamma, from_logits, s, axis):
    y = smooth_binary(y, s)
    if from_logits:
        p = sigmoid(p)
    pc = np.clip(p, EPS, 1.0 - EPS)
    bce = -(y * np.log(pc) + (1.0 - y) * np.log(1.0 - pc))
    p_t = y * p + (1.0 - y) * (1.0 - p)
    focal = (1.0 - p_t) ** gamma * bce
    if balancing:
        focal = (y * alpha + (1.0 - y) * (1.0 - alpha)) * focal
    return focal.mean(axis)


def categorical_focal(y, p, alpha, gamma, from_logits, s, axis):
    if s:
        y = y * (1.0 - s) + s / p.shape[axis]
    if from_logits:
        e = np.exp(p - p.max(axis, keepdims=True))
        p = e / e.sum(axis, keepdims=True)
    out = np.clip(p / p.sum(axis, keepdims=True), EPS, 1.0 - EPS)
    cce = -y * np.log(out)
    return np.sum(np.asarray(alpha) * (1.0 - out) ** gamma * cce, axis=axis)


for balancing, alpha, gamma, from_logits, s, axis in [
        (False, 0.25, 2.0, False, 0.0, -1), (True, 0.25, 2.0, False, 0.0, -1),
        (True, 0.4, 3.0, True, 0.0, -1), (False, 0.25, 1.5, True, 0.1, -1),
        (True, 0.6, 2.0, False, 0.2, 1)]:
    y = integers((3, 4, 2), 0, 2).astype(np.float64)
    p = uniform((3, 4, 2), -3, 3) if from_logits else uniform((3, 4, 2), 0.02, 0.98)
    kwargs = {"apply_class_balancing": balancing, "alpha": alpha, "gamma": gamma,
              "from_logits": from_logits, "label_smoothing": s, "axis": axis}
    fn_case(f"binary_focal_crossentropy_{len(cases)}", "binary_focal_crossentropy", kwargs, y, p,
            binary_focal(y, p, balancing, alpha, gamma, from_logits, s, axis),
            "NumPy from Keras's formula")
for alpha, gamma, from_logits, s, axis in [
        (0.25, 2.0, False, 0.0, -1), (0.5, 3.0, True, 0.0, -1), (0.25, 2.0, True, 0.1, -1),
        ([0.1, 0.2, 0.3, 0.4], 2.0, False, 0.0, -1), (0.3, 1.0, False, 0.05, 1)]:
    shape = (3, 4, 4)
    labels = integers((3, 4), 0, 4)
    y = np.moveaxis(one_hot(labels, 4), -1, axis)
    p = uniform(shape, -3, 3) if from_logits else uniform(shape, 0.05, 1.0)
    kwargs = {"alpha": alpha, "gamma": gamma, "from_logits": from_logits, "label_smoothing": s,
              "axis": axis}
    fn_case(f"categorical_focal_crossentropy_{len(cases)}", "categorical_focal_crossentropy",
            kwargs, y, p, categorical_focal(y, p, alpha, gamma, from_logits, s, axis),
            "NumPy from Keras's formula")

# --- Reductions with Keras's weight-shape rules (NumPy from reduce_weighted_values) ------------
note = "NumPy from Keras's reduce_weighted_values"
a, b = uniform((4, 3, 2), -2, 2), uniform((4, 3, 2), -2, 2)
per = F.mse_loss(t(b), t(a), reduction="none").mean(-1).numpy()  # (4, 3)
w_col = uniform((4, 1), 0.2, 2.0)
w_full = uniform((4, 3), 0.2, 2.0)
mask = (uniform((4, 3)) > -0.3).astype(np.float64)
reductions = ("sum_over_batch_size", "sum", "mean", "mean_with_sample_weight", "none")
for reduction in reductions:
    cfg = {"reduction": reduction}
    class_case(f"MeanSquaredError_column_weights_{reduction}", "MeanSquaredError", cfg, [a, b],
               keras_reduce(per, reduction, w_col), note, sample_weight=w_col)
    class_case(f"MeanSquaredError_scalar_weight_{reduction}", "MeanSquaredError", cfg, [a, b],
               keras_reduce(per, reduction, np.float64(1.7)), note,
               sample_weight=np.float64(1.7))
    class_case(f"MeanSquaredError_weights_mask_{reduction}", "MeanSquaredError", cfg, [a, b],
               keras_reduce(per, reduction, w_full, mask), note, sample_weight=w_full,
               mask=mask)
    class_case(f"MeanSquaredError_column_weights_mask_{reduction}", "MeanSquaredError", cfg,
               [a, b], keras_reduce(per, reduction, w_col, mask), note, sample_weight=w_col,
               mask=mask)
    class_case(f"MeanSquaredError_empty_mask_{reduction}", "MeanSquaredError", cfg, [a, b],
               keras_reduce(per, reduction, None, np.zeros((4, 3))), note,
               mask=np.zeros((4, 3)))
zero_w = np.zeros((4, 1))
class_case("MeanSquaredError_zero_weights_mean_with_sample_weight", "MeanSquaredError",
           {"reduction": "mean_with_sample_weight"}, [a, b],
           keras_reduce(per, "mean_with_sample_weight", zero_w), note, sample_weight=zero_w)

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
