"""What Keras 3 itself computes for every loss function and class kerascpp has, and the gradient
of each result with respect to y_pred, so the C++ tests check the values and the backward passes
of kerascpp's losses (its fused crossentropies included) against the real thing.

Every case runs twice, on the same draws: in float32 on Keras 3.15's JAX backend and in float64
on its TensorFlow backend (backend_per_dtype.py says why: Keras on JAX narrows float64 means to
float32):
  - functions: keras.losses.<fn>(y_true, y_pred, **kwargs), the per-sample values;
  - classes: keras.losses.<Class>(**args, dtype=dtype)(y_true, y_pred, sample_weight), with a
    mask attached to y_pred (keras.src.backend.set_keras_mask, as a Masking layer's output
    carries it) when the case has one: every reduction ("sum_over_batch_size", "sum", "mean",
    "mean_with_sample_weight", "none" and None), sample weights of every shape Keras accepts
    (scalar, (batch,), (batch, 1), the per-sample values' shape), masks, empty masks.
The gradient is the backend's reverse mode (jax.vjp with a seed of ones, tf.GradientTape: the
gradient of the result's sum). One case records no gradient ("gradient": false), only the value:
cosine_similarity at a zero vector, where Keras 3.15's gradient is NaN (keras-team/keras#23075).
Inputs come from seeded NumPy generators, rounded to the case's dtype before use; integer labels
are int64.

Output, tests/golden/data/keras3_losses.json, in tests/support/golden.h's layout:
  {"generator", "keras_version", "backends", "cases": [{"name",
    "inputs": [y_true, y_pred, sample_weight?, mask?], "outputs": [value, d sum(value)/d y_pred?],
    "extra": {"kind": "function", "fn", "kwargs"} or {"kind": "class", "class_name", "args",
              "config": Keras's get_config()}, plus "dtype", "sample_weight", "mask",
              "gradient" (bools: which inputs and outputs the case has), "note"?}],
   "not_in_kerascpp": {"classes": [...], "functions": [...]}}
"args" are the constructor's keyword arguments (Keras's names; "dtype" is extra.dtype). They, not
"config", build the C++ loss: Keras 3.15's SparseCategoricalCrossentropy.get_config() leaves out
its axis.

Not recorded here: sparse_categorical_crossentropy along an axis other than the last. Keras 3.15
on JAX raises for it ("Arguments `target` and `output` must have the same shape up until the last
dimension"; TensorFlow: "Only axis=-1 is currently supported"), keras-team/keras#21097; those
cases stay in tests/golden/data/losses_torch.json (tests/golden/torch/losses.py).

Run: PY=$(scripts/setup-peers) && "$PY" tests/golden/keras3/make_losses.py
"""
import os
import sys

import numpy as np

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import backend_per_dtype as runner  # noqa: E402

keras = None  # Keras 3 on the part's backend (backend_per_dtype.import_keras)

# The loss classes and functions kerascpp has (keras/losses/losses.cc); the rest of
# keras.losses is listed under not_in_kerascpp.
CLASSES = ["MeanSquaredError", "MeanAbsoluteError", "MeanAbsolutePercentageError",
           "MeanSquaredLogarithmicError", "CosineSimilarity", "Huber", "LogCosh", "Hinge",
           "SquaredHinge", "CategoricalHinge", "KLDivergence", "Poisson", "BinaryCrossentropy",
           "BinaryFocalCrossentropy", "CategoricalCrossentropy", "CategoricalFocalCrossentropy",
           "SparseCategoricalCrossentropy"]
FUNCTIONS = ["mean_squared_error", "mean_absolute_error", "mean_absolute_percentage_error",
             "mean_squared_logarithmic_error", "cosine_similarity", "huber", "log_cosh", "hinge",
             "squared_hinge", "categorical_hinge", "kl_divergence", "poisson",
             "binary_crossentropy", "binary_focal_crossentropy", "categorical_crossentropy",
             "categorical_focal_crossentropy", "sparse_categorical_crossentropy"]

cases = []
names = set()
seed = [2000]


def rng():
    seed[0] += 1
    return np.random.RandomState(seed[0])


def uniform(shape, lo=-1.0, hi=1.0):
    return rng().uniform(lo, hi, size=shape)


def integers(shape, lo, hi):
    return rng().randint(lo, hi, size=shape).astype(np.int64)


def distribution(shape):
    u = uniform(shape, 0.1, 1.0)
    return u / u.sum(axis=-1, keepdims=True)


def one_hot(labels, classes, axis=-1):
    return np.moveaxis(np.eye(classes)[labels], -1, axis)


array = runner.array
jsonable = runner.jsonable


def as_dtype(x, dtype):
    """x rounded to dtype (floats) or kept as int64 (labels)."""
    x = np.asarray(x)
    return x.astype(np.int64) if x.dtype.kind in "iu" else x.astype(dtype)


def record(name, extra, fn, y_true, y_pred, dtype, sample_weight=None, mask=None, gradient=True,
           note=None):
    """Runs fn(y_true, y_pred, sample_weight) in Keras (y_pred carrying the mask) and stores the
    case."""
    from keras.src.backend import set_keras_mask

    assert name not in names, name
    names.add(name)
    y_true = as_dtype(y_true, dtype)
    y_pred = as_dtype(y_pred, dtype)
    sw = None if sample_weight is None else np.asarray(sample_weight, dtype=dtype)
    m = None if mask is None else np.asarray(mask, dtype=bool)

    def f(p):
        if m is not None:
            set_keras_mask(p, keras.ops.convert_to_tensor(m))
        return fn(y_true, p, sw)

    value, grad = runner.value_and_gradient(f, y_pred)
    assert str(value.dtype) == dtype, (name, value.dtype)
    outputs = [array(value, dtype)]
    if gradient:
        assert np.all(np.isfinite(grad)), name
        outputs.append(array(grad, dtype))
    inputs = [array(y_true, "int64" if y_true.dtype.kind in "iu" else dtype), array(y_pred, dtype)]
    if sw is not None:
        inputs.append(array(sw, dtype))
    if m is not None:
        inputs.append(array(m, "bool"))
    extra = {**extra, "dtype": dtype, "sample_weight": sw is not None, "mask": m is not None,
             "gradient": gradient}
    if note:
        extra["note"] = note
    cases.append({"name": name, "inputs": inputs, "outputs": outputs, "extra": extra})


def fn_case(name, fn, kwargs, y_true, y_pred, dtype, gradient=True, note=None):
    keras_fn = getattr(keras.losses, fn)
    record(f"{name}_{dtype}", {"kind": "function", "fn": fn, "kwargs": jsonable(kwargs)},
           lambda t, p, sw: keras_fn(t, p, **kwargs), y_true, y_pred, dtype, gradient=gradient,
           note=note)


def class_case(name, class_name, args, y_true, y_pred, dtype, sample_weight=None, mask=None,
               gradient=True, note=None):
    loss = getattr(keras.losses, class_name)(**args, dtype=dtype)
    extra = {"kind": "class", "class_name": class_name, "args": jsonable(args),
             "config": jsonable(loss.get_config())}
    record(f"{name}_{dtype}", extra, lambda t, p, sw: loss(t, p, sample_weight=sw), y_true,
           y_pred, dtype, sample_weight, mask, gradient, note)


# --- Regression ----------------------------------------------------------------------------------
def regression(dtype):
    for shape in [(4, 5), (2, 3, 4)]:
        r = len(shape)
        a, b = uniform(shape, -2, 2), uniform(shape, -2, 2)
        for fn in ("mean_squared_error", "mean_absolute_error", "log_cosh"):
            fn_case(f"{fn}_rank{r}", fn, {}, a, b, dtype)
        for delta in (1.0, 0.3, 2.5):
            fn_case(f"huber_delta{delta}_rank{r}", "huber", {"delta": delta}, a, b, dtype)
        fn_case(f"cosine_similarity_rank{r}", "cosine_similarity", {"axis": -1}, a, b, dtype)
        c, d = uniform(shape, -3, 3), uniform(shape, -3, 3)
        c.flat[0] = 0.0  # divided by epsilon
        fn_case(f"mean_absolute_percentage_error_rank{r}", "mean_absolute_percentage_error", {},
                c, d, dtype)
        c, d = uniform(shape, -0.5, 3), uniform(shape, -0.5, 3)  # negatives clip to epsilon
        fn_case(f"mean_squared_logarithmic_error_rank{r}", "mean_squared_logarithmic_error", {},
                c, d, dtype)


def regression_edges(dtype):
    a, b = uniform((2, 4, 3)), uniform((2, 4, 3))
    fn_case("cosine_similarity_axis1", "cosine_similarity", {"axis": 1}, a, b, dtype)
    # A zero vector on either side: Keras's l2 normalization clamps the norm.
    a, b = uniform((3, 4)), uniform((3, 4))
    a[1] = 0.0
    b[2] = 0.0
    fn_case("cosine_similarity_zero_vectors", "cosine_similarity", {}, a, b, dtype,
            gradient=False, note="Keras 3.15's gradient at a zero vector is NaN: min(rsqrt(0), "
            "1/eps) passes 0 times rsqrt's infinite derivative (keras-team/keras#23075, fixed "
            "after 3.15 by clamping the squared norm at eps^2 first, as kerascpp does)")
    # Labels (batch,) against predictions (batch, 1): the labels gain the last axis.
    a, b = uniform((5,)), uniform((5, 1))
    for fn in ("mean_squared_error", "mean_absolute_error", "huber", "log_cosh",
               "mean_absolute_percentage_error", "mean_squared_logarithmic_error"):
        fn_case(f"{fn}_rank1_labels", fn, {}, np.abs(a), np.abs(b), dtype)
    # log_cosh far out (softplus's linear region) and huber exactly at |x| = delta.
    a, b = uniform((3, 4), -1, 1), uniform((3, 4), -40, 40)
    fn_case("log_cosh_large", "log_cosh", {}, a, b, dtype)
    a = np.round(uniform((2, 4)) * 8) / 8  # exact in float32, so b - a is exact too
    b = a + np.array([[1.0, -1.0, 0.5, -2.0], [0.0, 3.0, -0.25, 1.0]])
    fn_case("huber_at_delta", "huber", {"delta": 1.0}, a, b, dtype,
            note="differences of exactly ±delta and 0, where both branches have one derivative")



# --- Hinge -------------------------------------------------------------------------------------
def hinges(dtype):
    for kind in ("01", "pm1", "other"):
        if kind == "01":
            y = integers((4, 5), 0, 2).astype(np.float64)
        elif kind == "pm1":
            y = 2.0 * integers((4, 5), 0, 2) - 1.0
        else:
            y = uniform((4, 5))
        p = uniform((4, 5), -2, 2)
        fn_case(f"hinge_{kind}_labels", "hinge", {}, y, p, dtype)
        fn_case(f"squared_hinge_{kind}_labels", "squared_hinge", {}, y, p, dtype)
    for shape in [(5, 4), (2, 3, 4)]:
        y = one_hot(integers(shape[:-1], 0, shape[-1]), shape[-1])
        p = uniform(shape, -2, 2)
        fn_case(f"categorical_hinge_rank{len(shape)}", "categorical_hinge", {}, y, p, dtype)



# --- Probabilistic -----------------------------------------------------------------------------
def probabilistic(dtype):
    for shape in [(4, 5), (2, 3, 4)]:
        r = len(shape)
        y = one_hot(integers(shape[:-1], 0, shape[-1]), shape[-1])  # zeros clip to epsilon
        p = distribution(shape)
        fn_case(f"kl_divergence_rank{r}", "kl_divergence", {}, y, p, dtype)
        fn_case(f"kl_divergence_soft_rank{r}", "kl_divergence", {}, distribution(shape), p, dtype)
        counts = integers(shape, 0, 5).astype(np.float64)
        rate = uniform(shape, 0.05, 4)
        fn_case(f"poisson_rank{r}", "poisson", {}, counts, rate, dtype)
    # Predictions of exactly 0 (and above 1 for kl_divergence): the clips' flat sides.
    y, p = distribution((3, 4)), distribution((3, 4))
    p[0, 1], p[2, 3], p[1, 0] = 0.0, 0.0, 1.5
    fn_case("kl_divergence_clipped", "kl_divergence", {}, y, p, dtype)
    counts, rate = integers((3, 4), 0, 4).astype(np.float64), uniform((3, 4), 0.1, 3)
    rate[0, 0] = rate[2, 1] = 0.0
    fn_case("poisson_zero_rate", "poisson", {}, counts, rate, dtype)



def binary(dtype):
    for s in (0.0, 0.15):
        for shape, axis in [((4, 5), -1), ((2, 3, 2), -1), ((2, 3, 2), 1), ((6,), -1)]:
            y = integers(shape, 0, 2).astype(np.float64)
            p = uniform(shape, 0.02, 0.98)
            x = uniform(shape, -5, 5)
            tag = f"ls{s}_rank{len(shape)}_axis{axis}"
            kwargs = {"from_logits": False, "label_smoothing": s, "axis": axis}
            fn_case(f"binary_crossentropy_probs_{tag}", "binary_crossentropy", kwargs, y, p, dtype)
            kwargs = {**kwargs, "from_logits": True}
            fn_case(f"binary_crossentropy_logits_{tag}", "binary_crossentropy", kwargs, y, x,
                    dtype)
    # Soft labels; probabilities of exactly 0 and 1 (clipped to [eps, 1 - eps], where the
    # gradient is 0); logits far out (±60: exp overflows in float32 unless computed stably).
    y = uniform((3, 4), 0, 1)
    p = uniform((3, 4), 0.02, 0.98)
    p[0, 0], p[1, 2], p[2, 3], p[2, 0] = 0.0, 1.0, 0.0, 1.0
    fn_case("binary_crossentropy_probs_at_0_and_1", "binary_crossentropy", {}, y, p, dtype)
    x = uniform((3, 4), -60, 60)
    fn_case("binary_crossentropy_logits_large", "binary_crossentropy", {"from_logits": True}, y,
            x, dtype)



def smoothed_case(name, fn, kwargs, y_true, y_pred, dtype):
    """A categorical crossentropy with label smoothing along an axis other than the last, of
    another size: Keras 3.15 smooths by the last axis's size (keras-team/keras#23451, fixed after
    3.15 by keras-team/keras#23437). Keras computes it here from labels smoothed as the fix does,
    y·(1 - s) + s / (classes along axis), passed with label_smoothing 0."""
    s, axis = kwargs["label_smoothing"], kwargs["axis"]
    smoothed = np.asarray(y_true) * (1.0 - s) + s / np.shape(y_pred)[axis]
    keras_fn = getattr(keras.losses, fn)
    record(f"{name}_{dtype}", {"kind": "function", "fn": fn, "kwargs": jsonable(kwargs)},
           lambda t, p, sw: keras_fn(smoothed.astype(dtype), p, **{**kwargs, "label_smoothing": 0}),
           y_true, y_pred, dtype,
           note="labels smoothed by the size of `axis` (keras-team/keras#23451): Keras 3.15 "
           "divides by the last axis's size")


def categorical(dtype):
    for s in (0.0, 0.1):
        for shape, axis in [((6, 5), -1), ((2, 3, 4), -1), ((2, 4, 3), 1)]:
            classes = shape[axis]
            lshape = tuple(d for i, d in enumerate(shape) if i != axis % len(shape))
            y = one_hot(integers(lshape, 0, classes), classes, axis)
            p = uniform(shape, 0.05, 1.0)  # not normalized: Keras divides by the sum
            x = uniform(shape, -4, 4)
            tag = f"ls{s}_rank{len(shape)}_axis{axis}"
            for kind, pred in (("probs", p), ("logits", x)):
                kwargs = {"from_logits": kind == "logits", "label_smoothing": s, "axis": axis}
                if s and shape[axis] != shape[-1]:
                    smoothed_case(f"categorical_crossentropy_{kind}_{tag}",
                                  "categorical_crossentropy", kwargs, y, pred, dtype)
                else:
                    fn_case(f"categorical_crossentropy_{kind}_{tag}", "categorical_crossentropy",
                            kwargs, y, pred, dtype)
    y, x = distribution((4, 6)), uniform((4, 6), -3, 3)
    fn_case("categorical_crossentropy_logits_soft_labels", "categorical_crossentropy",
            {"from_logits": True}, y, x, dtype)
    fn_case("categorical_crossentropy_probs_soft_labels", "categorical_crossentropy", {}, y,
            distribution((4, 6)), dtype)
    # Probabilities with zeros (log of the clipped epsilon) and logits far apart.
    y = one_hot(integers((4,), 0, 5), 5)
    p = distribution((4, 5))
    p[0, 1], p[1, 4], p[3, 0] = 0.0, 0.0, 0.0
    fn_case("categorical_crossentropy_probs_zeros", "categorical_crossentropy", {}, y, p, dtype)
    x = uniform((4, 5), -80, 80)
    fn_case("categorical_crossentropy_logits_large", "categorical_crossentropy",
            {"from_logits": True}, y, x, dtype)



def sparse(dtype):
    for shape in [(6, 5), (2, 3, 4)]:
        classes = shape[-1]
        labels = integers(shape[:-1], 0, classes)
        p = distribution(shape)
        x = uniform(shape, -4, 4)
        tag = f"rank{len(shape)}"
        fn_case(f"sparse_categorical_crossentropy_probs_{tag}", "sparse_categorical_crossentropy",
                {"from_logits": False}, labels, p, dtype)
        fn_case(f"sparse_categorical_crossentropy_logits_{tag}",
                "sparse_categorical_crossentropy", {"from_logits": True}, labels, x, dtype)
        for ignore in (-1, 2):
            lab = labels.copy()
            lab.flat[::3] = ignore
            fn_case(f"sparse_categorical_crossentropy_ignore{ignore}_{tag}",
                    "sparse_categorical_crossentropy",
                    {"from_logits": True, "ignore_class": ignore}, lab, x, dtype)
            fn_case(f"sparse_categorical_crossentropy_probs_ignore{ignore}_{tag}",
                    "sparse_categorical_crossentropy",
                    {"from_logits": False, "ignore_class": ignore}, lab, p, dtype)
    labels = integers((5, 1), 0, 3)
    x = uniform((5, 3), -3, 3)
    fn_case("sparse_categorical_crossentropy_column_labels", "sparse_categorical_crossentropy",
            {"from_logits": True}, labels, x, dtype)
    # A probability of 0 at the label, clipped to epsilon: float32 only, as Keras's backends
    # differ here. JAX's normalizes and then clips (as kerascpp), TensorFlow's clips the
    # unnormalized probabilities and normalizes them in sparse_softmax_cross_entropy_with_logits.
    p = distribution((5, 3))
    p[0, labels[0, 0]] = 0.0
    if dtype == "float32":
        fn_case("sparse_categorical_crossentropy_probs_zero_at_label",
                "sparse_categorical_crossentropy", {}, labels, p, dtype)



def focal(dtype):
    for i, (balancing, alpha, gamma, from_logits, s, axis) in enumerate([
            (False, 0.25, 2.0, False, 0.0, -1), (True, 0.25, 2.0, False, 0.0, -1),
            (True, 0.4, 3.0, True, 0.0, -1), (False, 0.25, 1.5, True, 0.1, -1),
            (True, 0.6, 2.0, False, 0.2, 1), (False, 0.25, 0.0, False, 0.0, -1)]):
        y = integers((3, 4, 2), 0, 2).astype(np.float64)
        p = uniform((3, 4, 2), -3, 3) if from_logits else uniform((3, 4, 2), 0.02, 0.98)
        kwargs = {"apply_class_balancing": balancing, "alpha": alpha, "gamma": gamma,
                  "from_logits": from_logits, "label_smoothing": s, "axis": axis}
        fn_case(f"binary_focal_crossentropy_{i}", "binary_focal_crossentropy", kwargs, y, p,
                dtype)
    for i, (alpha, gamma, from_logits, s, axis) in enumerate([
            (0.25, 2.0, False, 0.0, -1), (0.5, 3.0, True, 0.0, -1), (0.25, 2.0, True, 0.1, -1),
            ([0.1, 0.2, 0.3, 0.4], 2.0, False, 0.0, -1), (0.3, 1.0, False, 0.05, 1),
            (0.25, 0.0, True, 0.0, -1)]):
        labels = integers((3, 4), 0, 4)
        y = one_hot(labels, 4, axis)
        p = uniform((3, 4, 4), -3, 3) if from_logits else uniform((3, 4, 4), 0.05, 1.0)
        kwargs = {"alpha": alpha, "gamma": gamma, "from_logits": from_logits,
                  "label_smoothing": s, "axis": axis}
        fn_case(f"categorical_focal_crossentropy_{i}", "categorical_focal_crossentropy", kwargs,
                y, p, dtype)



# --- Every class with its defaults (and its own arguments) on a batch -----------------------------
def class_defaults(dtype):
    reg_t, reg_p = uniform((4, 3), -2, 2), uniform((4, 3), -2, 2)
    pos_t, pos_p = uniform((4, 3), 0.1, 3), uniform((4, 3), 0.1, 3)
    binary_t = integers((4, 3), 0, 2).astype(np.float64)
    probs = uniform((4, 3), 0.05, 0.95)
    onehot = one_hot(integers((4,), 0, 3), 3)
    dist = distribution((4, 3))
    logits = uniform((4, 3), -3, 3)
    specs = [
        ("MeanSquaredError", {}, reg_t, reg_p),
        ("MeanAbsoluteError", {}, reg_t, reg_p),
        ("MeanAbsolutePercentageError", {}, reg_t, reg_p),
        ("MeanSquaredLogarithmicError", {}, pos_t, pos_p),
        ("CosineSimilarity", {}, reg_t, reg_p),
        ("CosineSimilarity", {"axis": 0}, reg_t, reg_p),
        ("Huber", {}, reg_t, reg_p),
        ("Huber", {"delta": 0.5}, reg_t, reg_p),
        ("LogCosh", {}, reg_t, reg_p),
        ("Hinge", {}, binary_t, reg_p),
        ("SquaredHinge", {}, binary_t, reg_p),
        ("CategoricalHinge", {}, onehot, reg_p),
        ("KLDivergence", {}, dist, probs),
        ("Poisson", {}, pos_t, pos_p),
        ("BinaryCrossentropy", {}, binary_t, probs),
        ("BinaryCrossentropy", {"from_logits": True, "label_smoothing": 0.2}, binary_t, logits),
        ("BinaryFocalCrossentropy", {}, binary_t, probs),
        ("BinaryFocalCrossentropy", {"apply_class_balancing": True, "alpha": 0.3, "gamma": 1.5,
                                     "from_logits": True, "label_smoothing": 0.1}, binary_t,
         logits),
        ("CategoricalCrossentropy", {}, onehot, probs),
        ("CategoricalCrossentropy", {"from_logits": True, "label_smoothing": 0.1}, onehot, logits),
        ("CategoricalFocalCrossentropy", {}, onehot, probs),
        ("CategoricalFocalCrossentropy", {"alpha": [0.2, 0.3, 0.5], "gamma": 1.0,
                                          "from_logits": True}, onehot, logits),
        ("SparseCategoricalCrossentropy", {}, integers((4,), 0, 3), dist),
        ("SparseCategoricalCrossentropy", {"from_logits": True, "ignore_class": 1},
         integers((4,), 0, 3), logits),
    ]
    count = {}
    for class_name, args, t, p in specs:
        count[class_name] = count.get(class_name, 0) + 1
        tag = "defaults" if not args else f"args{count[class_name]}"
        class_case(f"{class_name}_{tag}", class_name, args, t, p, dtype)



# --- Reductions, sample weights and masks ------------------------------------------------------
REDUCTIONS = ["sum_over_batch_size", "sum", "mean", "mean_with_sample_weight", "none", None]


def reduction_name(reduction):
    return "None" if reduction is None else reduction


def reductions(dtype):
    # MeanSquaredError on (batch, time, features): per-sample values (4, 3).
    a, b = uniform((4, 3, 2), -2, 2), uniform((4, 3, 2), -2, 2)
    weights = {"scalar": np.float64(1.7), "column": uniform((4, 1), 0.2, 2.0),
               "full": uniform((4, 3), 0.2, 2.0), "zeros": np.zeros((4, 1))}
    mask = uniform((4, 3)) > -0.3
    mask[0, 0] = False
    empty = np.zeros((4, 3), bool)
    # (Weights of shape (batch,) against values (batch, time) do not broadcast in Keras.)
    combos = [(None, None), ("scalar", None), ("column", None), ("full", None), (None, "mask"),
              ("full", "mask"), ("column", "mask"), ("scalar", "mask"), (None, "empty"),
              ("column", "empty"), ("zeros", None), ("zeros", "mask")]
    for reduction in REDUCTIONS:
        for w, m in combos:
            masks = {"mask": mask, "empty": empty, None: None}
            tag = f"{reduction_name(reduction)}_w{w}_m{m}"
            class_case(f"MeanSquaredError_rank3_{tag}", "MeanSquaredError",
                       {"reduction": reduction}, a, b, dtype,
                       None if w is None else weights[w], masks[m])
    # Per-sample values of shape (batch,) with weights (batch,), (batch, 1) and scalars.
    a, b = uniform((5, 3), -2, 2), uniform((5, 3), -2, 2)
    for reduction in REDUCTIONS:
        for w, sw in (("batch", uniform((5,), 0, 2)), ("column", uniform((5, 1), 0, 2)),
                      ("scalar", np.float64(0.6))):
            class_case(f"MeanAbsoluteError_rank2_{reduction_name(reduction)}_w{w}",
                       "MeanAbsoluteError", {"reduction": reduction}, a, b, dtype, sw)
        mask = np.array([True, False, True, True, False])
        class_case(f"MeanAbsoluteError_rank2_{reduction_name(reduction)}_mask",
                   "MeanAbsoluteError", {"reduction": reduction}, a, b, dtype,
                   uniform((5,), 0, 2), mask)



def fused_reductions(dtype):
    """The crossentropies (kerascpp's fused ops) under reductions, weights and masks."""
    labels = integers((3, 4), 0, 5)
    x = uniform((3, 4, 5), -3, 3)
    y = one_hot(labels, 5)
    mask = uniform((3, 4)) > -0.4
    sw = uniform((3, 4), 0.2, 2)
    col = uniform((3, 1), 0.2, 2)
    for reduction in ["sum_over_batch_size", "sum", "mean_with_sample_weight", None]:
        r = reduction_name(reduction)
        for tag, w, m in (("plain", None, None), ("weights", sw, None), ("mask", None, mask),
                          ("column_weights_mask", col, mask)):
            class_case(f"CategoricalCrossentropy_logits_{r}_{tag}", "CategoricalCrossentropy",
                       {"from_logits": True, "reduction": reduction}, y, x, dtype, w, m)
            class_case(f"SparseCategoricalCrossentropy_logits_{r}_{tag}",
                       "SparseCategoricalCrossentropy",
                       {"from_logits": True, "reduction": reduction}, labels, x, dtype, w, m)
            lab = labels.copy()
            lab.flat[::4] = 3
            class_case(f"SparseCategoricalCrossentropy_ignore3_{r}_{tag}",
                       "SparseCategoricalCrossentropy",
                       {"from_logits": True, "ignore_class": 3, "reduction": reduction}, lab, x,
                       dtype, w, m)
            yb = integers((3, 4, 5), 0, 2).astype(np.float64)
            class_case(f"BinaryCrossentropy_logits_{r}_{tag}", "BinaryCrossentropy",
                       {"from_logits": True, "label_smoothing": 0.1, "reduction": reduction}, yb,
                       x, dtype, w, m)
    # Every label ignored: the mask is empty, sum_over_batch_size divides 0 by 0 -> 0.
    lab = np.full((3, 4), 3)
    class_case("SparseCategoricalCrossentropy_all_ignored", "SparseCategoricalCrossentropy",
               {"from_logits": True, "ignore_class": 3}, lab, x, dtype)



# --- Names Keras has and kerascpp lacks ---------------------------------------------------------
GROUPS = [regression, regression_edges, hinges, probabilistic, binary, categorical, sparse, focal,
          class_defaults, reductions, fused_reductions]


def produce(dtype, keras_module):
    global keras
    keras = keras_module
    for group in GROUPS:
        group(dtype)
    public = {k for k in keras.losses.__dict__ if not k.startswith("_")}
    keras_names = public - {"Loss", "get", "serialize", "deserialize"}
    keras_classes = {k for k in keras_names if k[0].isupper()}
    keras_functions = keras_names - keras_classes
    assert set(CLASSES) <= keras_classes and set(FUNCTIONS) <= keras_functions
    covered_classes = {c["extra"]["class_name"] for c in cases if c["extra"]["kind"] == "class"}
    covered_functions = {c["extra"]["fn"] for c in cases if c["extra"]["kind"] == "function"}
    assert covered_classes == set(CLASSES), set(CLASSES) - covered_classes
    assert covered_functions == set(FUNCTIONS), set(FUNCTIONS) - covered_functions
    return {"cases": cases,
            "not_in_kerascpp": {"classes": sorted(keras_classes - set(CLASSES)),
                                "functions": sorted(keras_functions - set(FUNCTIONS))}}


if __name__ == "__main__":
    runner.main(__file__, produce, "keras3_losses.json")
