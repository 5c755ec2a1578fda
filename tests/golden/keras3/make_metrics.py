"""What Keras 3 itself reports for every metric kerascpp has, batch after batch: each case makes
the metric from its keyword arguments, runs update_state(y_true, y_pred, sample_weight) (Mean and
Sum: update_state(values, sample_weight)) over two to four batches and records result() after
each, then reset_state() and one batch again. Masks ride on y_pred (keras.src.backend.
set_keras_mask), as a Masking layer's output carries them into compile()'s metrics.

Covered: Mean, Sum and MeanMetricWrapper (values of several ranks; sample weights per sample,
per element, of shape (batch, 1), scalars); Accuracy, BinaryAccuracy (thresholds),
CategoricalAccuracy, SparseCategoricalAccuracy (labels (n,), (n, 1), rank 3),
TopKCategoricalAccuracy and SparseTopKCategoricalAccuracy (k, ties at the k-th score,
from_sorted_ids); MeanSquaredError, MeanAbsoluteError, RootMeanSquaredError; the three
crossentropies (from_logits, label_smoothing, axis, ignore_class); TruePositives, FalsePositives,
TrueNegatives, FalseNegatives (one threshold, several, evenly spaced ones that Keras counts by
buckets, predictions exactly on thresholds); Precision and Recall (thresholds, top_k, class_id,
both); AUC (ROC / PR / PRGAIN with every summation method, num_thresholds, given thresholds,
from_logits, label_weights, multi_label with num_labels and label weights); masks on the
MeanMetricWrapper metrics.

All in float32 on Keras 3.15's JAX backend (the metrics' variables are float32, floatx), inputs
from seeded NumPy generators rounded to float32, labels int32.

Output, tests/golden/data/keras3_metrics.json, in tests/support/golden.h's layout:
  {"generator", "keras_version", "backends", "cases": [{"name", "inputs": [every batch's arrays],
    "outputs": [result() after batch 0, 1, ...; then after reset_state() and batch 0 again],
    "extra": {"class", "args": the keyword arguments, "config": Keras's get_config(), which the
              C++ test builds from, "batches": [{"y_true": i, "y_pred": j, "sample_weight": k,
              "mask": l} or {"values": i, "sample_weight": k}: indices into inputs]}}],
   "not_in_kerascpp": [the metric classes of keras.metrics that kerascpp lacks]}

Run: PY=$(scripts/setup-peers) && "$PY" tests/golden/keras3/make_metrics.py
"""
import os
import sys

import numpy as np

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import backend_per_dtype as runner  # noqa: E402

keras = None  # Keras 3 on the part's backend (backend_per_dtype.import_keras)
F32 = np.float32

# The metric classes kerascpp registers (keras/metrics/metrics.cc).
CLASSES = ["Mean", "Sum", "MeanMetricWrapper", "MeanSquaredError", "RootMeanSquaredError",
           "MeanAbsoluteError", "AUC", "FalseNegatives", "FalsePositives", "Precision", "Recall",
           "TrueNegatives", "TruePositives", "BinaryCrossentropy", "CategoricalCrossentropy",
           "SparseCategoricalCrossentropy", "Accuracy", "BinaryAccuracy", "CategoricalAccuracy",
           "SparseCategoricalAccuracy", "TopKCategoricalAccuracy",
           "SparseTopKCategoricalAccuracy"]

cases = []
names = set()
rng = np.random.RandomState(3000)


def uniform(shape, lo=0.0, hi=1.0):
    return rng.uniform(lo, hi, size=shape).astype(F32)


def integers(shape, lo, hi):
    return rng.randint(lo, hi, size=shape).astype(np.int32)


def binary(shape):
    return rng.randint(0, 2, size=shape).astype(F32)


def one_hot(labels, classes):
    return np.eye(classes, dtype=F32)[labels]


def distribution(shape):
    u = uniform(shape, 0.1, 1.0)
    return (u / u.sum(axis=-1, keepdims=True)).astype(F32)


def array(x):
    x = np.asarray(x)
    dtype = "bool" if x.dtype == np.bool_ else ("int32" if x.dtype.kind in "iu" else "float32")
    return runner.array(x, dtype)


def add(name, class_name, args, batches, make=None):
    """Runs the metric over `batches` (dicts of y_true, y_pred, sample_weight, mask or values)
    and records it."""
    from keras.src.backend import set_keras_mask

    assert name not in names, name
    names.add(name)
    metric = make() if make else getattr(keras.metrics, class_name)(**args)
    assert type(metric).__name__ == class_name, (name, type(metric).__name__)
    inputs, layout, results = [], [], []

    def run(b):
        if "values" in b:
            metric.update_state(b["values"], sample_weight=b.get("sample_weight"))
            return
        y_pred = keras.ops.convert_to_tensor(b["y_pred"])
        if b.get("mask") is not None:
            set_keras_mask(y_pred, keras.ops.convert_to_tensor(b["mask"]))
        metric.update_state(b["y_true"], y_pred, sample_weight=b.get("sample_weight"))

    for b in batches:
        entry = {}
        for key in ("values", "y_true", "y_pred", "sample_weight", "mask"):
            if b.get(key) is not None:
                entry[key] = len(inputs)
                inputs.append(array(b[key]))
        layout.append(entry)
        run(b)
        results.append(np.asarray(metric.result()))
    metric.reset_state()
    for v in metric.variables:
        assert not np.any(np.asarray(v)), (name, v.path)
    run(batches[0])
    results.append(np.asarray(metric.result()))
    assert np.array_equal(results[-1], results[0], equal_nan=True), name
    for r in results:
        assert r.dtype == F32, (name, r.dtype)
    cases.append({"name": name, "inputs": inputs, "outputs": [array(r) for r in results],
                  "extra": {"class": class_name, "args": runner.jsonable(args),
                            "config": runner.jsonable(metric.get_config()), "batches": layout}})


# --- Mean, Sum, MeanMetricWrapper ----------------------------------------------------------------
def reductions():
    specs = [
        ("no_weights", [((4, 3), None), ((2, 3), None), ((5,), None)]),
        ("weights_per_sample", [((4, 3), (4,)), ((5, 3), (5,))]),
        ("weights_elementwise", [((3, 2, 2), (3, 2, 2)), ((2, 2, 2), (2, 2))]),
        ("weights_trailing_one", [((4, 3), (4, 1)), ((3,), (3, 1))]),
        ("scalar_weight", [((4, 3), ()), ((2,), ())]),
        ("scalar_values", [((), None), ((), ()), ((3,), (3,))]),
        ("zero_weights", [((3,), (3,)), ((2, 2), (2,))]),
    ]
    for label, shapes in specs:
        for cls in ("Mean", "Sum"):
            batches = []
            for vs, ws in shapes:
                w = None if ws is None else uniform(ws, 0, 2)
                if label == "zero_weights" and len(batches) == 0:
                    w = np.zeros(ws, F32)
                batches.append({"values": uniform(vs, -2, 2), "sample_weight": w})
            add(f"{cls}_{label}", cls, {}, batches)
    # MeanMetricWrapper around Keras's functions (the config names the function).
    for fn in ("mean_squared_error", "binary_accuracy", "categorical_crossentropy"):
        if fn == "categorical_crossentropy":
            batches = [{"y_true": one_hot(integers((4,), 0, 3), 3), "y_pred": distribution((4, 3)),
                        "sample_weight": uniform((4,), 0, 2)},
                       {"y_true": one_hot(integers((3,), 0, 3), 3), "y_pred": distribution((3, 3))}]
        else:
            batches = [{"y_true": binary((4, 3)), "y_pred": uniform((4, 3)),
                        "sample_weight": uniform((4,), 0, 2)},
                       {"y_true": binary((5, 3)), "y_pred": uniform((5, 3))}]
        add(f"MeanMetricWrapper_{fn}", "MeanMetricWrapper", {"fn": fn}, batches,
            make=lambda fn=fn: keras.metrics.MeanMetricWrapper(fn=getattr(keras.metrics, fn)))


# --- Accuracies ----------------------------------------------------------------------------------
def accuracies():
    def labelled(n, c, weighted=False, label_shape=None, sparse=True, mask=False):
        labels = integers((n,), 0, c)
        p = uniform((n, c))
        return {"y_true": labels.reshape(label_shape or (n,)) if sparse else one_hot(labels, c),
                "y_pred": p, "sample_weight": uniform((n,), 0, 2) if weighted else None,
                "mask": (uniform((n,)) > 0.3) if mask else None}

    add("Accuracy", "Accuracy", {},
        [{"y_true": integers((6,), 0, 3).astype(F32), "y_pred": integers((6,), 0, 3).astype(F32)},
         {"y_true": integers((4, 2), 0, 2).astype(F32),
          "y_pred": integers((4, 2), 0, 2).astype(F32), "sample_weight": uniform((4,), 0, 2)}])
    for threshold in (0.5, 0.7):
        add(f"BinaryAccuracy_threshold{threshold}", "BinaryAccuracy", {"threshold": threshold},
            [{"y_true": binary((5, 2)), "y_pred": uniform((5, 2))},
             {"y_true": binary((4, 2)), "y_pred": uniform((4, 2)),
              "sample_weight": uniform((4,), 0, 2)},
             {"y_true": binary((6,)), "y_pred": np.array([0.5, 0.7, 0.2, 0.9, 0.5, 0.71], F32)}])
    add("BinaryAccuracy_mask", "BinaryAccuracy", {},
        [{"y_true": binary((4, 3)), "y_pred": uniform((4, 3)), "mask": uniform((4, 3)) > 0.3},
         {"y_true": binary((3, 3)), "y_pred": uniform((3, 3)), "mask": uniform((3, 3)) > 0.5,
          "sample_weight": uniform((3, 3), 0, 2)}])
    add("CategoricalAccuracy", "CategoricalAccuracy", {},
        [labelled(5, 4, sparse=False), labelled(4, 4, weighted=True, sparse=False),
         labelled(6, 4, sparse=False, mask=True)])
    add("CategoricalAccuracy_rank3_mask", "CategoricalAccuracy", {},
        [{"y_true": one_hot(integers((2, 3), 0, 4), 4), "y_pred": uniform((2, 3, 4)),
          "mask": uniform((2, 3)) > 0.3},
         {"y_true": one_hot(integers((3, 3), 0, 4), 4), "y_pred": uniform((3, 3, 4)),
          "sample_weight": uniform((3, 3), 0, 2), "mask": uniform((3, 3)) > 0.5}])
    add("SparseCategoricalAccuracy", "SparseCategoricalAccuracy", {},
        [labelled(5, 4), labelled(4, 4, weighted=True, label_shape=(4, 1)),
         labelled(6, 4, mask=True)])
    # Sequences: labels (batch, time), scores (batch, time, classes).
    add("SparseCategoricalAccuracy_rank3", "SparseCategoricalAccuracy", {},
        [{"y_true": integers((2, 3), 0, 4), "y_pred": uniform((2, 3, 4)),
          "sample_weight": uniform((2, 3), 0, 2)},
         {"y_true": integers((3, 3), 0, 4), "y_pred": uniform((3, 3, 4)),
          "mask": uniform((3, 3)) > 0.4}])

    def scores(n, c, ties):
        s = uniform((n, c))
        if ties:  # rows whose label's score ties with others at the k-th place
            s[0, :] = 0.5
            s[1, 1:4] = s[1, 0]
        return s

    def top_k(cls, args, specs, sparse):
        batches = []
        for n, c, ties, weighted, label_shape in specs:
            labels = integers((n,), 0, c)
            batches.append({"y_true": labels.reshape(label_shape or (n,)) if sparse
                            else one_hot(labels, c), "y_pred": scores(n, c, ties),
                            "sample_weight": uniform((n,), 0, 2) if weighted else None})
        tag = "_".join(f"{k}{v}" for k, v in args.items()) or "defaults"
        add(f"{cls}_{tag}", cls, args, batches)

    top_k("TopKCategoricalAccuracy", {"k": 2}, [(5, 6, True, False, None),
                                               (6, 6, False, True, None)], sparse=False)
    top_k("TopKCategoricalAccuracy", {}, [(4, 8, True, True, None), (3, 8, False, False, None),
                                          (3, 4, False, False, None)], sparse=False)
    top_k("SparseTopKCategoricalAccuracy", {"k": 3}, [(5, 7, True, False, None),
                                                      (4, 7, False, True, (4, 1))], sparse=True)
    top_k("SparseTopKCategoricalAccuracy", {}, [(5, 7, True, False, None)], sparse=True)
    # from_sorted_ids: y_pred holds the top class ids, best first.
    batches = []
    for n, c, weighted in ((5, 6, False), (4, 6, True)):
        ids = np.stack([rng.permutation(c)[:3] for _ in range(n)]).astype(np.int32)
        batches.append({"y_true": integers((n,), 0, c), "y_pred": ids,
                        "sample_weight": uniform((n,), 0, 2) if weighted else None})
    add("SparseTopKCategoricalAccuracy_from_sorted_ids", "SparseTopKCategoricalAccuracy",
        {"k": 2, "from_sorted_ids": True}, batches)


# --- Regression and crossentropy metrics ---------------------------------------------------------
def regression_and_crossentropies():
    def pair(shape, lo=-2, hi=2, weights=None, mask=None):
        return {"y_true": uniform(shape, lo, hi), "y_pred": uniform(shape, lo, hi),
                "sample_weight": weights, "mask": mask}

    for cls in ("MeanSquaredError", "MeanAbsoluteError", "RootMeanSquaredError"):
        add(cls, cls, {},
            [pair((4, 3)), pair((5, 3), weights=uniform((5,), 0, 2)),
             pair((2, 3, 2), weights=uniform((2, 3), 0, 2)),
             pair((3, 3), mask=uniform((3,)) > 0.4)])
        add(f"{cls}_column_weights_mask", cls, {},
            [pair((3, 2, 4), weights=uniform((3, 1), 0, 2), mask=uniform((3, 2)) > 0.3),
             pair((4, 2, 4), mask=np.zeros((4, 2), bool))])

    add("MeanSquaredError_rank1", "MeanSquaredError", {},
        [pair((5,)), pair((4,)), pair((3,), weights=np.float32(0.5))])

    def probs_batch(n, c, logits, weighted, mask=False):
        y = binary((n, c))
        return {"y_true": y, "y_pred": uniform((n, c), -4, 4) if logits else
                uniform((n, c), 0.02, 0.98),
                "sample_weight": uniform((n,), 0, 2) if weighted else None,
                "mask": (uniform((n,)) > 0.3) if mask else None}

    for logits, s in ((False, 0.0), (True, 0.0), (True, 0.2), (False, 0.1)):
        add(f"BinaryCrossentropy_logits{logits}_ls{s}", "BinaryCrossentropy",
            {"from_logits": logits, "label_smoothing": s},
            [probs_batch(4, 3, logits, False), probs_batch(5, 3, logits, True),
             probs_batch(3, 3, logits, False, mask=True)])
    for logits, s, axis in ((False, 0.0, -1), (True, 0.0, -1), (True, 0.1, -1),
                            (False, 0.2, -1), (True, 0.0, 1)):
        batches = []
        for n, weighted in ((4, False), (3, True)):
            shape = (n, 5) if axis == -1 else (n, 3, 5)
            labels = integers((n,) if axis == -1 else (n, 5), 0, shape[axis])
            y = one_hot(labels, shape[axis])
            if axis == 1:
                y = np.moveaxis(y, -1, 1)
            batches.append({"y_true": y, "y_pred": uniform(shape, -3, 3) if logits else
                            uniform(shape, 0.05, 1.0),
                            "sample_weight": uniform(shape[:1] if axis == -1 else (n, 5), 0, 2)
                            if weighted else None})
        add(f"CategoricalCrossentropy_logits{logits}_ls{s}_axis{axis}", "CategoricalCrossentropy",
            {"from_logits": logits, "label_smoothing": s, "axis": axis}, batches)
    add("CategoricalCrossentropy_rank3_mask", "CategoricalCrossentropy", {"from_logits": True},
        [{"y_true": one_hot(integers((2, 3), 0, 4), 4), "y_pred": uniform((2, 3, 4), -3, 3),
          "mask": uniform((2, 3)) > 0.3},
         {"y_true": one_hot(integers((3, 3), 0, 4), 4), "y_pred": uniform((3, 3, 4), -3, 3),
          "sample_weight": uniform((3, 3), 0, 2), "mask": uniform((3, 3)) > 0.5}])
    for logits in (False, True):
        batches = [{"y_true": integers((4,), 0, 5), "y_pred": uniform((4, 5), -3, 3) if logits
                    else distribution((4, 5))},
                   {"y_true": integers((3, 1), 0, 5), "y_pred": uniform((3, 5), -3, 3) if logits
                    else distribution((3, 5)), "sample_weight": uniform((3,), 0, 2)},
                   {"y_true": integers((2, 3), 0, 5), "y_pred": uniform((2, 3, 5), -3, 3)
                    if logits else distribution((2, 3, 5)), "mask": uniform((2, 3)) > 0.3}]
        add(f"SparseCategoricalCrossentropy_logits{logits}", "SparseCategoricalCrossentropy",
            {"from_logits": logits}, batches)
    labels = integers((6,), 0, 4)
    labels[::3] = 2
    add("SparseCategoricalCrossentropy_ignore_class", "SparseCategoricalCrossentropy",
        {"from_logits": True, "ignore_class": 2},
        [{"y_true": labels, "y_pred": uniform((6, 4), -3, 3)},
         {"y_true": integers((5,), 0, 4), "y_pred": uniform((5, 4), -3, 3),
          "sample_weight": uniform((5,), 0, 2)}])


# --- Confusion counts, Precision, Recall ---------------------------------------------------------
def confusion():
    def batches_binary(shapes, ties=False, weighted=(False, True, False)):
        out = []
        for shape, w in zip(shapes, weighted):
            p = uniform(shape)
            if ties:
                flat = p.reshape(-1)
                flat[::4] = 0.5
                flat[1::9] = 0.0
                flat[2::11] = 1.0
                flat[3::7] = 0.25
            out.append({"y_true": binary(shape), "y_pred": p,
                        "sample_weight": uniform(shape[:1], 0, 2) if w else None})
        return out

    for cls in ("TruePositives", "FalsePositives", "TrueNegatives", "FalseNegatives"):
        add(f"{cls}_default", cls, {}, batches_binary([(6, 2), (5, 2), (4,)], ties=True))
        add(f"{cls}_threshold_number", cls, {"thresholds": 0.3},
            batches_binary([(6,), (5,)]))
        add(f"{cls}_thresholds", cls, {"thresholds": [0.15, 0.5, 0.85]},
            batches_binary([(7,), (4,)]))
        # Evenly spaced thresholds: Keras counts by buckets; predictions exactly on thresholds.
        add(f"{cls}_even_thresholds", cls, {"thresholds": [0.0, 0.25, 0.5, 0.75, 1.0]},
            batches_binary([(5, 3), (4, 3)], ties=True))

    def multi(shapes, weighted=(False, True), ties=False):
        out = []
        for shape, w in zip(shapes, weighted):
            p = uniform(shape)
            if ties:
                p[0, :] = 0.5  # a row of equal scores: top_k keeps the lowest indices
            out.append({"y_true": binary(shape), "y_pred": p,
                        "sample_weight": uniform(shape[:1], 0, 2) if w else None})
        return out

    for cls in ("Precision", "Recall"):
        add(f"{cls}_default", cls, {}, batches_binary([(8,), (6,)], ties=True))
        add(f"{cls}_threshold_number", cls, {"thresholds": 0.3}, batches_binary([(6,), (5,)]))
        add(f"{cls}_thresholds", cls, {"thresholds": [0.2, 0.5, 0.8]},
            batches_binary([(4, 3), (3, 3)]))
        add(f"{cls}_even_thresholds", cls, {"thresholds": [0.0, 0.5, 1.0]},
            batches_binary([(4, 3), (5, 3)], ties=True))
        add(f"{cls}_top_k", cls, {"top_k": 2}, multi([(4, 5), (3, 5)], ties=True))
        add(f"{cls}_class_id", cls, {"class_id": 2}, multi([(6, 4), (5, 4)]))
        add(f"{cls}_top_k_class_id", cls, {"top_k": 2, "class_id": 1, "thresholds": 0.4},
            multi([(6, 4), (5, 4)], ties=True))
        add(f"{cls}_top_k_thresholds", cls, {"top_k": 3, "thresholds": [0.3, 0.6]},
            multi([(5, 6), (4, 6)]))
        # Nothing predicted positive yet: 0 / 0 is 0.
        add(f"{cls}_empty", cls, {"thresholds": 0.99},
            [{"y_true": binary((4,)), "y_pred": uniform((4,), 0, 0.9)}])


# --- AUC -----------------------------------------------------------------------------------------
def auc():
    def scored(shape, weighted, signal=1.0):
        y = binary(shape)
        p = np.clip(0.5 + signal * (y - 0.5) * uniform(shape, 0, 0.8) +
                    uniform(shape, -0.35, 0.35), 0, 1).astype(F32)
        return {"y_true": y, "y_pred": p,
                "sample_weight": uniform(shape[:1], 0, 2) if weighted else None}

    for curve in ("ROC", "PR", "PRGAIN"):
        for method in ("interpolation", "minoring", "majoring"):
            add(f"AUC_{curve}_{method}", "AUC", {"curve": curve, "summation_method": method},
                [scored((20,), False), scored((15,), True), scored((12,), True)])
    add("AUC_num_thresholds_7", "AUC", {"num_thresholds": 7},
        [scored((10, 2), False), scored((8, 2), True)])
    add("AUC_thresholds", "AUC", {"thresholds": [0.7, 0.1, 0.4, 0.55]},
        [scored((12,), False), scored((9,), True)])
    add("AUC_thresholds_pr", "AUC", {"thresholds": [0.3, 0.6], "curve": "PR"},
        [scored((12,), False), scored((9,), True)])
    add("AUC_even_user_thresholds", "AUC", {"thresholds": [0.25, 0.5, 0.75]},
        [scored((12,), False), scored((9,), True)])
    logit_batches = [scored((10,), False), scored((8,), True)]
    for b in logit_batches:
        b["y_pred"] = uniform(b["y_pred"].shape, -4, 4)
    add("AUC_from_logits", "AUC", {"from_logits": True}, logit_batches)
    add("AUC_label_weights", "AUC", {"label_weights": [0.5, 2.0, 1.0]},
        [scored((8, 3), False), scored((6, 3), True)])
    add("AUC_multi_label", "AUC", {"multi_label": True, "num_labels": 3},
        [scored((10, 3), False), scored((7, 3), True)])
    add("AUC_multi_label_lazy", "AUC", {"multi_label": True},
        [scored((10, 2), False), scored((7, 2), True)])
    add("AUC_multi_label_weights_pr", "AUC", {"multi_label": True, "label_weights": [1.0, 3.0],
                                              "curve": "PR"},
        [scored((10, 2), False), scored((7, 2), True)])
    add("AUC_many_thresholds", "AUC", {"num_thresholds": 1000},
        [scored((300,), False, signal=0.6), scored((200,), True, signal=0.6)])
    # One class only so far: the ROC curve's rates divide by zero (Keras's divide_no_nan).
    add("AUC_one_class", "AUC", {},
        [{"y_true": np.ones((5,), F32), "y_pred": uniform((5,))}, scored((6,), False)])


GROUPS = [reductions, accuracies, regression_and_crossentropies, confusion, auc]


def produce(dtype, keras_module):
    global keras
    keras = keras_module
    for group in GROUPS:
        group()
    public = {k for k, v in keras.metrics.__dict__.items()
              if not k.startswith("_") and isinstance(v, type)}
    keras_classes = public - {"Metric"}
    assert set(CLASSES) <= keras_classes, set(CLASSES) - keras_classes
    covered = {c["extra"]["class"] for c in cases}
    assert covered == set(CLASSES), set(CLASSES) ^ covered
    return {"cases": cases, "not_in_kerascpp": sorted(keras_classes - set(CLASSES))}


if __name__ == "__main__":
    runner.main(__file__, produce, "keras3_metrics.json", dtypes=("float32",))
