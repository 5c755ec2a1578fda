"""Golden results for the metrics TensorFlow.js lacks (or computes otherwise): Mean and Sum, the
top-k accuracies, TruePositives / FalsePositives / TrueNegatives / FalseNegatives, Precision,
Recall and AUC. Written in NumPy from Keras 3's documented algorithms, in float32 like the
metrics' variables:

- Mean / Sum: keras/src/metrics/reduction_metrics.py (reduce_to_samplewise_values).
- Top-k: Keras's in_top_k (a label is in the top k when fewer than k scores are strictly
  greater; ties at the boundary are in). Where a row has no ties, torch.topk confirms it.
- Confusion counts: keras/src/metrics/metrics_utils.py update_confusion_matrix_variables, both
  its general form (y_pred > threshold for every threshold) and, for evenly distributed
  thresholds, its bucket form (segment sums of ceil(p·(T-1)) - 1, then a reversed cumsum), which
  is what Keras runs there; top-k filtering keeps the k highest scores with ties to the lower
  index, as ops.top_k.
- AUC: confusion_metrics.py's result() (Riemann sums, Davis & Goadrich interpolation for PR),
  and, independently, the exact ROC AUC of a large sample by sorting (the Mann-Whitney
  statistic, ties counted half), which AUC with many thresholds must approach.

Each case holds several batches: inputs per batch as extra.batches says (y_true, y_pred,
sample_weight, or values for Mean/Sum); outputs[b] is the result after batch b (float64).
Run: /usr/bin/python3 tests/golden/torch/metrics.py
"""
import json
import math
import os

import numpy as np
import torch

F32 = np.float32
EPSILON = 1e-7
NEG_INF = -1e10


def array(x, dtype=None):
    x = np.asarray(x)
    if dtype is None:
        dtype = "bool" if x.dtype == np.bool_ else ("int32" if x.dtype.kind in "iu" else "float32")
    if dtype == "bool":
        data = [bool(v) for v in x.reshape(-1)]
    elif dtype in ("int32", "int64"):
        data = [int(v) for v in x.reshape(-1)]
    else:
        data = [float(v) for v in x.reshape(-1)]
    return {"shape": list(x.shape), "dtype": dtype, "data": data}


class Data:
    def __init__(self, seed):
        self.rng = np.random.RandomState(seed)

    def uniform(self, shape, lo=0.0, hi=1.0):
        return self.rng.uniform(lo, hi, size=shape).astype(F32)

    def integers(self, shape, lo, hi):
        return self.rng.randint(lo, hi, size=shape).astype(np.int32)

    def binary(self, shape):
        return self.rng.randint(0, 2, size=shape).astype(F32)


# --- Keras helpers ----------------------------------------------------------------------------


def squeeze_or_expand(x1, x2, expand_rank_1=True):
    r1, r2 = x1.ndim, x2.ndim
    if r1 == r2:
        return x1, x2
    if r1 == r2 + 1 and x1.shape[-1] == 1:
        if r2 == 1 and expand_rank_1:
            x2 = x2[..., None]
        else:
            x1 = x1[..., 0]
    if r2 == r1 + 1 and x2.shape[-1] == 1:
        if r1 == 1 and expand_rank_1:
            x1 = x1[..., None]
        else:
            x2 = x2[..., 0]
    return x1, x2


class KerasMean:
    """Keras 3's Mean (reduce=np.mean) or Sum (reduce=np.sum), float32 state."""

    def __init__(self, reduce=np.mean):
        self.reduce = reduce
        self.total = F32(0)
        self.count = F32(0)

    def update(self, values, sample_weight=None):
        v = np.asarray(values, dtype=F32)
        w = None
        if sample_weight is not None:
            w = np.asarray(sample_weight, dtype=F32)
            v, w = squeeze_or_expand(v, w)
            wn = w.ndim
            if v.ndim > wn:
                v = self.reduce(v, axis=tuple(range(wn, v.ndim)))
            w = np.broadcast_to(w, v.shape)
            v = (v * w).astype(F32)
            if wn > 1:
                w = self.reduce(w, axis=tuple(range(1, wn)))
        if v.ndim > 1:
            v = self.reduce(v, axis=tuple(range(1, v.ndim)))
        self.total = F32(self.total + F32(np.sum(v, dtype=np.float64)))
        if w is not None:
            n = np.sum(w, dtype=np.float64)
        elif v.ndim >= 1:
            n = v.shape[0]
        else:
            n = 1
        self.count = F32(self.count + F32(n))

    def mean(self):
        return 0.0 if self.count == 0 else float(self.total) / float(self.count)

    def sum(self):
        return float(self.total)


# --- cases ------------------------------------------------------------------------------------

cases = []


def add_case(name, cls, config, batches, results):
    inputs, layout = [], []
    for b in batches:
        entry = {}
        for key in ("values", "y_true", "y_pred", "sample_weight"):
            if key in b and b[key] is not None:
                entry[key] = len(inputs)
                inputs.append(array(b[key]))
        layout.append(entry)
    outputs = [array(np.asarray(r, dtype=np.float64), "float64") for r in results]
    cases.append({"name": name, "inputs": inputs, "weights": [], "outputs": outputs,
                  "extra": {"class": cls, "config": config, "batches": layout}})


def reduction_cases():
    d = Data(1)
    specs = [
        ("no_weights", [((4, 3), None), ((2, 3), None)]),
        ("weights_per_sample", [((4, 3), (4,)), ((5, 3), (5,))]),
        ("weights_elementwise", [((3, 2, 2), (3, 2, 2)), ((2, 2, 2), (2, 2))]),
        ("weights_trailing_one", [((4, 3), (4, 1)), ((3,), (3, 1))]),
        ("scalar_weight", [((4, 3), ()), ((2,), ())]),
        ("scalar_values", [((), None), ((), ())]),
    ]
    for label, shapes in specs:
        for cls, reduce, get in (("Mean", np.mean, KerasMean.mean),
                                 ("Sum", np.sum, KerasMean.sum)):
            m = KerasMean(reduce)
            batches, results = [], []
            for vs, ws in shapes:
                values = d.uniform(vs, -2, 2)
                weight = None if ws is None else d.uniform(ws, 0, 2)
                m.update(values, weight)
                batches.append({"values": values, "sample_weight": weight})
                results.append(get(m))
            add_case(f"{cls.lower()}_{label}", cls, {}, batches, results)


def in_top_k(labels, scores, k):
    at = np.take_along_axis(scores, labels[:, None].astype(np.int64), axis=-1)
    greater = np.sum(scores > at, axis=-1)
    result = greater < k
    # Independent check on rows without ties: torch.topk's indices.
    top = torch.topk(torch.from_numpy(scores.astype(np.float64)), min(k, scores.shape[-1]),
                     dim=-1).indices.numpy()
    for i in range(len(labels)):
        if len(np.unique(scores[i])) == scores.shape[-1]:
            assert result[i] == (labels[i] in top[i]), (i, labels[i], scores[i], k)
    return result.astype(F32)


def top_k_cases():
    d = Data(2)

    def scores(n, c, ties):
        s = d.uniform((n, c))
        if ties:  # rows whose label score ties with others at the k boundary
            s[0, :] = 0.5
            s[1, 1:4] = s[1, 0]
        return s

    def run(name, cls, config, k, specs, sparse, from_sorted=False):
        m = KerasMean()
        batches, results = [], []
        for n, c, ties, weighted, label_shape in specs:
            s = scores(n, c, ties)
            labels = d.integers((n,), 0, c)
            if from_sorted:
                s = np.stack([d.rng.permutation(c)[:k + 1] for _ in range(n)]).astype(F32)
                matches = np.any(s[:, :k] == labels[:, None].astype(F32), axis=1).astype(F32)
            else:
                matches = in_top_k(labels, s, k)
            y_true = labels.reshape(label_shape) if sparse else np.eye(c, dtype=F32)[labels]
            w = d.uniform((n,), 0, 2) if weighted else None
            m.update(matches, w)
            batches.append({"y_true": y_true, "y_pred": s, "sample_weight": w})
            results.append(m.mean())
        add_case(name, cls, config, batches, results)

    run("top_k_categorical_accuracy_k2", "TopKCategoricalAccuracy", {"k": 2}, 2,
        [(5, 6, True, False, None), (6, 6, False, True, None)], sparse=False)
    run("top_k_categorical_accuracy_default_k", "TopKCategoricalAccuracy", {}, 5,
        [(4, 8, True, True, None), (3, 8, False, False, None)], sparse=False)
    run("sparse_top_k_categorical_accuracy_k3", "SparseTopKCategoricalAccuracy", {"k": 3}, 3,
        [(5, 7, True, False, (5,)), (4, 7, False, True, (4, 1))], sparse=True)
    run("sparse_top_k_categorical_accuracy_from_sorted_ids", "SparseTopKCategoricalAccuracy",
        {"k": 2, "from_sorted_ids": True}, 2,
        [(5, 6, False, False, (5,)), (4, 6, False, True, (4,))], sparse=True,
        from_sorted=True)


# --- confusion counts -------------------------------------------------------------------------


def is_evenly(thresholds):
    n = len(thresholds)
    if n < 3:
        return False
    even = np.arange(n, dtype=np.float32) / (n - 1)
    return np.allclose(thresholds, even, atol=EPSILON)


def filter_top_k(x, k):
    order = np.argsort(-x, axis=-1, kind="stable")[..., :k]  # ties: lower index first
    mask = np.zeros_like(x)
    np.put_along_axis(mask, order, 1.0, axis=-1)
    return (x * mask + NEG_INF * (1 - mask)).astype(F32)


def confusion(y_true, y_pred, thresholds, evenly, sample_weight=None, top_k=None,
              class_id=None, multi_label=False, label_weights=None):
    """Keras's update_confusion_matrix_variables: the (tp, fp, tn, fn) increments."""
    yt = np.asarray(y_true, dtype=F32)
    yp = np.asarray(y_pred, dtype=F32)
    with_epsilon = evenly and (thresholds[0] < 0.0 or thresholds[-1] > 1.0)
    yp, yt = squeeze_or_expand(yp, yt)
    sw = None
    if sample_weight is not None:
        sw = np.expand_dims(np.asarray(sample_weight, dtype=F32), -1)
        _, sw = squeeze_or_expand(yt, sw, expand_rank_1=False)
    if top_k is not None:
        yp = filter_top_k(yp, top_k)
    if class_id is not None:
        yt = yt[..., class_id, None]
        yp = yp[..., class_id, None]
    thr = np.asarray(thresholds, dtype=F32)
    t = len(thr)
    weights = np.ones_like(yp) if sw is None else np.broadcast_to(sw, yp.shape).astype(F32)
    if label_weights is not None and not multi_label:
        weights = weights * np.broadcast_to(np.asarray(label_weights, F32)[None], yp.shape)
    labels = (yt != 0).astype(F32)
    if evenly:
        p = np.clip(yp, 0, 1)
        if not multi_label:
            p, labels, weights = p.reshape(-1), labels.reshape(-1), weights.reshape(-1)
        true_labels = labels * weights
        false_labels = (1 - labels) * weights
        bucket = np.ceil(p * F32(t - 1)).astype(F32) - 1
        if with_epsilon:
            bucket = np.maximum(bucket, 0)
        bucket = bucket.astype(np.int64)

        def segment_then_cumsum(values):
            out = []
            cols = values.reshape(values.shape[0], -1) if multi_label else values[:, None]
            ids = bucket.reshape(cols.shape[0], -1) if multi_label else bucket[:, None]
            for j in range(cols.shape[1]):
                seg = np.zeros(t, dtype=np.float64)
                ok = (ids[:, j] >= 0) & (ids[:, j] < t)
                np.add.at(seg, ids[ok, j], cols[ok, j])
                out.append(np.cumsum(seg[::-1])[::-1])
            out = np.stack(out, axis=1)
            return out if multi_label else out[:, 0]

        tp = segment_then_cumsum(true_labels)
        fp = segment_then_cumsum(false_labels)
        tn = np.sum(false_labels, axis=0, dtype=np.float64) - fp
        fn = np.sum(true_labels, axis=0, dtype=np.float64) - tp
        return tp, fp, tn, fn
    if multi_label:
        pos = yp[None] > thr[:, None, None]
        lab = labels[None].astype(bool)
        w = weights[None]
    else:
        pos = yp.reshape(1, -1) > thr[:, None]
        lab = labels.reshape(1, -1).astype(bool)
        w = weights.reshape(1, -1)
    cell = lambda a, b: np.sum(np.where(a & b, w, 0), axis=1, dtype=np.float64)
    return cell(lab, pos), cell(~lab, pos), cell(~lab, ~pos), cell(lab, ~pos)


def divide_no_nan(x, y):
    x, y = np.asarray(x, np.float64), np.asarray(y, np.float64)
    return np.where(y == 0, 0.0, x / np.where(y == 0, 1.0, y))


class Confusion:
    def __init__(self, thresholds, evenly, **options):
        self.thresholds, self.evenly, self.options = thresholds, evenly, options
        self.tp = self.fp = self.tn = self.fn = 0.0

    def update(self, y_true, y_pred, sample_weight=None):
        tp, fp, tn, fn = confusion(y_true, y_pred, self.thresholds, self.evenly, sample_weight,
                                   **self.options)
        # float32 variables
        self.tp = (self.tp + tp).astype(F32)
        self.fp = (self.fp + fp).astype(F32)
        self.tn = (self.tn + tn).astype(F32)
        self.fn = (self.fn + fn).astype(F32)


def confusion_cases():
    d = Data(3)

    def batches_binary(shapes, ties=False, weighted=(False, True)):
        out = []
        for shape, w in zip(shapes, weighted):
            p = d.uniform(shape)
            if ties:
                flat = p.reshape(-1)
                flat[::4] = 0.5
                flat[1::9] = 0.0
                flat[2::11] = 1.0
            out.append({"y_true": d.binary(shape), "y_pred": p,
                        "sample_weight": d.uniform(shape[:1], 0, 2) if w else None})
        return out

    def cell_case(name, cls, config, thresholds, batches):
        values = {"TruePositives": 0, "FalsePositives": 1, "TrueNegatives": 2,
                  "FalseNegatives": 3}
        c = Confusion(thresholds, is_evenly(thresholds))
        results = []
        for b in batches:
            c.update(b["y_true"], b["y_pred"], b["sample_weight"])
            r = (c.tp, c.fp, c.tn, c.fn)[values[cls]]
            results.append(r[0] if len(thresholds) == 1 else r)
        add_case(name, cls, config, batches, results)

    for cls in ("TruePositives", "FalsePositives", "TrueNegatives", "FalseNegatives"):
        snake = {"TruePositives": "true_positives", "FalsePositives": "false_positives",
                 "TrueNegatives": "true_negatives", "FalseNegatives": "false_negatives"}[cls]
        cell_case(f"{snake}_default", cls, {}, [0.5],
                  batches_binary([(6, 2), (5, 2)], ties=True))
        cell_case(f"{snake}_thresholds", cls, {"thresholds": [0.15, 0.5, 0.85]},
                  [0.15, 0.5, 0.85], batches_binary([(7,), (4,)]))
        # Evenly distributed thresholds: Keras's bucket algorithm, with predictions exactly on
        # the thresholds.
        cell_case(f"{snake}_even_thresholds", cls, {"thresholds": [0.0, 0.25, 0.5, 0.75, 1.0]},
                  [0.0, 0.25, 0.5, 0.75, 1.0], batches_binary([(5, 3), (4, 3)], ties=True))

    def pr_case(name, cls, config, batches, **options):
        thresholds = config.get("thresholds")
        if thresholds is None:
            thresholds = [NEG_INF if config.get("top_k") else 0.5]
        elif not isinstance(thresholds, list):
            thresholds = [thresholds]
        c = Confusion(thresholds, is_evenly(thresholds), top_k=config.get("top_k"),
                      class_id=config.get("class_id"))
        results = []
        for b in batches:
            c.update(b["y_true"], b["y_pred"], b["sample_weight"])
            other = c.fp if cls == "Precision" else c.fn
            r = divide_no_nan(c.tp, c.tp + other)
            results.append(r[0] if len(thresholds) == 1 else r)
        add_case(name, cls, config, batches, results)

    def multi(shapes, weighted=(False, True), ties=False):
        out = []
        for shape, w in zip(shapes, weighted):
            p = d.uniform(shape)
            if ties:
                p[0, :] = 0.5  # a row of equal scores: top_k keeps the lowest indices
            out.append({"y_true": d.binary(shape), "y_pred": p,
                        "sample_weight": d.uniform(shape[:1], 0, 2) if w else None})
        return out

    for cls in ("Precision", "Recall"):
        s = cls.lower()
        pr_case(f"{s}_default", cls, {}, batches_binary([(8,), (6,)], ties=True))
        pr_case(f"{s}_threshold_number", cls, {"thresholds": 0.3}, batches_binary([(6,), (5,)]))
        pr_case(f"{s}_thresholds", cls, {"thresholds": [0.2, 0.5, 0.8]},
                batches_binary([(4, 3), (3, 3)]))
        pr_case(f"{s}_even_thresholds", cls, {"thresholds": [0.0, 0.5, 1.0]},
                batches_binary([(4, 3), (5, 3)], ties=True))
        pr_case(f"{s}_top_k", cls, {"top_k": 2}, multi([(4, 5), (3, 5)], ties=True))
        pr_case(f"{s}_class_id", cls, {"class_id": 2}, multi([(6, 4), (5, 4)]))
        pr_case(f"{s}_top_k_class_id", cls, {"top_k": 2, "class_id": 1, "thresholds": 0.4},
                multi([(6, 4), (5, 4)], ties=True))


# --- AUC --------------------------------------------------------------------------------------


def auc_thresholds(num_thresholds=200, thresholds=None):
    if thresholds is not None:
        inner = sorted(thresholds)
        evenly = is_evenly(np.array([0.0] + inner + [1.0]))
        num = len(inner) + 2
    else:
        inner = [(i + 1) * 1.0 / (num_thresholds - 1) for i in range(num_thresholds - 2)]
        evenly = True
        num = num_thresholds
    return [0.0 - EPSILON] + inner + [1.0 + EPSILON], evenly, num


def auc_result(c, curve, method, multi_label=False, label_weights=None):
    tp, fp, tn, fn = (np.asarray(v, np.float64) for v in (c.tp, c.fp, c.tn, c.fn))

    def average(terms):
        if not multi_label:
            return np.sum(terms)
        by_label = np.sum(terms, axis=0)
        if label_weights is None:
            return np.mean(by_label)
        lw = np.asarray(label_weights, np.float64)
        return divide_no_nan(np.sum(by_label * lw), np.sum(lw))

    if curve == "PR" and method == "interpolation":
        dtp = tp[:-1] - tp[1:]
        p = tp + fp
        dp = p[:-1] - p[1:]
        slope = divide_no_nan(dtp, np.maximum(dp, 0))
        intercept = tp[1:] - slope * p[1:]
        ratio = np.where((p[:-1] > 0) & (p[1:] > 0), divide_no_nan(p[:-1], np.maximum(p[1:], 0)),
                         np.ones_like(p[1:]))
        with np.errstate(divide="ignore", invalid="ignore"):
            inc = divide_no_nan(slope * (dtp + intercept * np.log(ratio)),
                                np.maximum(tp[1:] + fn[1:], 0))
        return average(inc)
    recall = divide_no_nan(tp, tp + fn)
    if curve == "ROC":
        x, y = divide_no_nan(fp, fp + tn), recall
    elif curve == "PR":
        x, y = recall, divide_no_nan(tp, tp + fp)
    else:
        scaling = divide_no_nan(tp + fn, tn + fp)
        rg = 1.0 - scaling * divide_no_nan(fn, tp)
        pg = 1.0 - scaling * divide_no_nan(fp, tp)
        rg = np.where(tp == 0, 0.0, rg)
        pg = np.where(tp == 0, 1.0, pg)
        x, y = np.maximum(rg, 0.0), pg
    if method == "interpolation":
        h = (y[:-1] + y[1:]) / 2.0
    elif method == "minoring":
        h = np.minimum(y[:-1], y[1:])
    else:
        h = np.maximum(y[:-1], y[1:])
    return average((x[:-1] - x[1:]) * h)


def exact_roc_auc(labels, scores):
    """Mann-Whitney: P(score of a positive > score of a negative), ties counted half."""
    order = np.argsort(scores, kind="stable")
    s, l = scores[order], labels[order]
    ranks = np.empty(len(s))
    i = 0
    while i < len(s):
        j = i
        while j + 1 < len(s) and s[j + 1] == s[i]:
            j += 1
        ranks[i:j + 1] = (i + j) / 2.0 + 1
        i = j + 1
    pos = l == 1
    n_pos, n_neg = pos.sum(), (~pos).sum()
    return (ranks[pos].sum() - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg)


def auc_cases():
    d = Data(4)

    def scored(shape, weighted, signal=1.0):
        y = d.binary(shape)
        p = np.clip(0.5 + signal * (y - 0.5) * d.uniform(shape, 0, 0.8) +
                    d.uniform(shape, -0.35, 0.35), 0, 1).astype(F32)
        return {"y_true": y, "y_pred": p,
                "sample_weight": d.uniform(shape[:1], 0, 2) if weighted else None}

    def case(name, config, batches, logits=False):
        thresholds, evenly, _ = auc_thresholds(config.get("num_thresholds", 200),
                                               config.get("thresholds"))
        multi_label = config.get("multi_label", False)
        lw = config.get("label_weights")
        c = Confusion(thresholds, evenly, multi_label=multi_label,
                      label_weights=None if multi_label else lw)
        results = []
        for b in batches:
            p = b["y_pred"]
            if logits:
                p = (1.0 / (1.0 + np.exp(-p.astype(np.float64)))).astype(F32)
            c.update(b["y_true"], p, b["sample_weight"])
            results.append(auc_result(c, config.get("curve", "ROC"),
                                      config.get("summation_method", "interpolation"),
                                      multi_label, lw))
        add_case(name, "AUC", config, batches, results)

    for curve in ("ROC", "PR", "PRGAIN"):
        for method in ("interpolation", "minoring", "majoring"):
            case(f"auc_{curve.lower()}_{method}", {"curve": curve, "summation_method": method},
                 [scored((20,), False), scored((15,), True), scored((12,), True)])
    case("auc_num_thresholds_7", {"num_thresholds": 7},
         [scored((10, 2), False), scored((8, 2), True)])
    case("auc_thresholds", {"thresholds": [0.7, 0.1, 0.4, 0.55]},
         [scored((12,), False), scored((9,), True)])
    case("auc_thresholds_pr", {"thresholds": [0.3, 0.6], "curve": "PR"},
         [scored((12,), False), scored((9,), True)])
    case("auc_even_user_thresholds", {"thresholds": [0.25, 0.5, 0.75]},
         [scored((12,), False), scored((9,), True)])
    logit_batches = [scored((10,), False), scored((8,), True)]
    for b in logit_batches:
        b["y_pred"] = d.uniform(b["y_pred"].shape, -4, 4)
    case("auc_from_logits", {"from_logits": True}, logit_batches, logits=True)
    case("auc_label_weights", {"label_weights": [0.5, 2.0, 1.0]},
         [scored((8, 3), False), scored((6, 3), True)])
    case("auc_multi_label", {"multi_label": True, "num_labels": 3},
         [scored((10, 3), False), scored((7, 3), True)])
    case("auc_multi_label_weights_pr", {"multi_label": True, "label_weights": [1.0, 3.0],
                                        "curve": "PR"},
         [scored((10, 2), False), scored((7, 2), True)])

    # Many thresholds approach the exact ROC AUC of the sample.
    b = scored((600,), False, signal=0.6)
    b["y_pred"][::50] = F32(0.5)  # some exact ties, counted half
    exact = exact_roc_auc(b["y_true"], b["y_pred"].astype(np.float64))
    thresholds, evenly, _ = auc_thresholds(10000)
    c = Confusion(thresholds, evenly)
    c.update(b["y_true"], b["y_pred"])
    approx = auc_result(c, "ROC", "interpolation")
    assert abs(approx - exact) < 2e-3, (approx, exact)
    add_case("auc_exact_roc", "AUC", {"num_thresholds": 10000}, [b], [exact])
    cases[-1]["extra"]["approximation"] = float(approx)


reduction_cases()
top_k_cases()
confusion_cases()
auc_cases()

target = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data",
                      "metrics_numpy.json")
with open(target, "w") as f:
    json.dump({"generator": f"tests/golden/torch/metrics.py (NumPy {np.__version__}, "
                            f"PyTorch {torch.__version__})", "cases": cases}, f)
    f.write("\n")
print(f"wrote {len(cases)} cases to {os.path.relpath(target)}")
