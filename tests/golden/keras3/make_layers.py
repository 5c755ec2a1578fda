"""Keras 3 itself on every layer class kerascpp has: for each case, the layer's config as Keras
writes it, its inputs and weights, what it computes, and the gradients of a fixed scalar of its
output, for the generic C++ test tests/layers/layers_keras3_golden_test.cc (which rebuilds each
layer from this config through kerascpp's layer registry).

Per case (golden.h's layout; the arrays are {"shape", "dtype", "data"}):
  name, inputs (the call's tensors, flattened: a list call when extra.list_input),
  weights (layer.get_weights(): Keras's order, trainable ones first, in creation order),
  outputs ([inference output]), and in extra:
  - class_name, config: layer.get_config() exactly as Keras 3 writes it (after the build);
  - list_input: whether the layer is called on a list; input_masks: per input a bool array set
    as the input's Keras mask (backend.set_keras_mask), or null;
  - output_mask: the mask Keras attaches to the output (get_keras_mask), or null;
  - losses: layer.losses after the inference call (activity penalties divided by the batch
    size, then the weight penalties), as floats;
  - training: null when training=True is random (noise layers with a rate > 0: only inference
    is comparable); else {"same_as_inference": true} when Keras's training output equals the
    inference output bit for bit, or {"output", "non_trainable_after"} (BatchNormalization: the
    training output and the moving statistics after that one call, from the recorded weights);
  - cotangent: a seeded array of the output's shape; gradients: per mode ("inference", and
    "training" when deterministic) d sum(output * cotangent) / d (each float input, each
    trainable weight in layer.trainable_weights order), by jax.grad through
    layer.stateless_call (integer inputs get null), with the input masks on the tensors as the
    layer call had them (the generator checks that stateless_call computes the call's output);
  - steps (BatchNormalization): from the recorded weights, training calls on several batches in
    turn, each output, the moving statistics after them, then an inference call on another batch;
  - keras_bug (where Keras 3.15.1 computes a wrong result: the issue, and what is wrong) and
    keras_precision (the dtype Keras really computes in, where it is not the layer's).

Inputs and weights come from a seeded NumPy generator rounded to the case's dtype (float32, or
float64 for the "_f64" cases, with JAX's x64 mode on); nothing random, no paths or times recorded:
rerunning writes the same bytes. Noise layers' training draws are random and are not recorded
(the cases with rate 0 are deterministic and are). Lambda is not here: its config holds Python
code.

Run: PY=$(scripts/setup-peers) && "$PY" tests/golden/keras3/make_layers.py
Output: tests/golden/data/keras3_layers.json
"""
import inspect
import json
import os
import sys
import tempfile

os.environ["KERAS_HOME"] = tempfile.mkdtemp(prefix="keras3-home-")
os.environ["KERAS_BACKEND"] = "jax"
os.environ.setdefault("JAX_PLATFORMS", "cpu")

import jax  # noqa: E402

jax.config.update("jax_enable_x64", True)

import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402
import keras  # noqa: E402
from keras import layers as L  # noqa: E402
from keras.src import backend as keras_backend  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "data", "keras3_layers.json")

# Layer families, for the counts the generator prints (as in keras/layers/<family>/).
FAMILIES = {
    "core": ["Dense", "EinsumDense", "Embedding", "Identity", "Masking"],
    "activations": ["Activation", "ReLU", "LeakyReLU", "PReLU", "ELU", "Softmax"],
    "merging": ["Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate",
                "Dot"],
    "normalization": ["BatchNormalization", "LayerNormalization", "UnitNormalization"],
    "reshaping": ["Flatten", "Reshape", "Permute", "RepeatVector"],
    "regularization": ["Dropout", "SpatialDropout1D", "SpatialDropout2D", "AlphaDropout",
                       "GaussianNoise", "GaussianDropout", "ActivityRegularization"],
}

_seed = [1000]


def next_seed():
    _seed[0] += 1
    return _seed[0]


def uniform(shape, lo=-1.0, hi=1.0, dtype="float32"):
    return np.random.default_rng(next_seed()).uniform(lo, hi, size=shape).astype(dtype)


def integers(shape, lo, hi):
    return np.random.default_rng(next_seed()).integers(lo, hi, size=shape).astype("int32")


def bools(shape, keep_first=True):
    """A random bool mask; keep_first keeps entry 0 of every last-axis row."""
    m = np.random.default_rng(next_seed()).integers(0, 2, size=shape).astype(bool)
    if keep_first:
        m[..., 0] = True
    return m


def array(a):
    a = np.asarray(a)
    dtype = str(a.dtype)
    if dtype in ("float32", "float64"):
        data = [None if np.isnan(v) else float(v) for v in a.reshape(-1)]
    elif dtype == "bool":
        data = [bool(v) for v in a.reshape(-1)]
    else:
        data = [int(v) for v in a.reshape(-1)]
    return {"shape": list(a.shape), "dtype": dtype, "data": data}


def weight_values(layer, dtype):
    """Seeded values for every weight, in get_weights() order, in ranges that suit each."""
    values = []
    for w in layer.weights:
        name = w.path.split("/")[-1]
        if name in ("moving_variance", "renorm_stddev", "moving_stddev"):
            v = uniform(w.shape, 0.5, 2.0, dtype)
        elif name == "gamma":
            v = uniform(w.shape, 0.5, 1.5, dtype)
        elif name == "alpha":  # PReLU
            v = uniform(w.shape, 0.0, 1.0, dtype)
        else:
            v = uniform(w.shape, -1.0, 1.0, dtype)
        values.append(v)
    return values


def to_backend(x, mask):
    t = jnp.asarray(x)
    if mask is not None:
        keras_backend.set_keras_mask(t, jnp.asarray(mask))
    return t


def call_has_mask(layer):
    return "mask" in inspect.signature(layer.call).parameters


CASES = []


def case(name, layer, inputs, *, list_input=None, masks=None, training="deterministic",
         weights=None, grad=True, keras_bug=None, keras_precision=None, steps=None):
    """Runs `layer` (not yet built) on `inputs` and records a case.

    training: "deterministic" (training=True computes something fixed: compared), or "random"
    (noise layers with a rate > 0: not recorded).
    weights: explicit weight values (default: weight_values()).
    keras_bug: {"issue": url, "what": ...} where Keras 3.15.1 computes a wrong result (the C++
    test then checks that kerascpp does NOT agree, so the case is revisited once Keras is fixed).
    keras_precision: the dtype Keras really computes in where it is not the layer's (float64
    layers that Keras on JAX computes in float32: the C++ test uses that dtype's tolerances).
    steps: (batches, last) for layers with state: from the recorded weights, training calls on
    each batch in turn (each output recorded), the non-trainable weights after them, then an
    inference call on `last` (BatchNormalization's moving statistics over several steps).
    """
    keras.backend.clear_session()
    if list_input is None:
        list_input = len(inputs) > 1
    masks = masks or [None] * len(inputs)
    dtype = layer.dtype_policy.compute_dtype

    def structure(values):
        return list(values) if list_input else values[0]

    def fresh_inputs():
        return [to_backend(x, m) for x, m in zip(inputs, masks)]

    layer.build(structure([x.shape for x in inputs]) if list_input else inputs[0].shape)
    values = weights if weights is not None else weight_values(layer, dtype)
    layer.set_weights(values)
    config = layer.get_config()
    initial = [np.asarray(v) for v in layer.get_weights()]

    # Inference, with the losses it records.
    out = layer(structure(fresh_inputs()), training=False)
    output = np.asarray(out)
    out_mask = keras_backend.get_keras_mask(out)
    losses = [float(np.asarray(v)) for v in layer.losses]

    # Training.
    if training == "random":
        training_record = None
    else:
        t_out = layer(structure(fresh_inputs()), training=True)
        t_output = np.asarray(t_out)
        after = [np.asarray(v) for v in layer.non_trainable_weights]
        changed = any(not np.array_equal(a, b)
                      for a, b in zip(after, initial[len(layer.trainable_weights):]))
        if np.array_equal(t_output, output) and not changed:
            training_record = {"same_as_inference": True}
        else:
            training_record = {"output": array(t_output),
                               "non_trainable_after": [array(v) for v in after]}
        layer.set_weights(initial)

    # Gradients of sum(output * cotangent) through stateless_call.
    cotangent = uniform(output.shape, -1.0, 1.0, dtype)
    float_positions = [i for i, x in enumerate(inputs) if x.dtype.kind == "f"]
    trainable = [jnp.asarray(v.value) for v in layer.trainable_variables]
    non_trainable = [jnp.asarray(v.value) for v in layer.non_trainable_variables]
    takes_training = "training" in inspect.signature(layer.call).parameters
    mask_kwargs = {}
    if call_has_mask(layer) and any(m is not None for m in masks):
        mask_kwargs["mask"] = structure([None if m is None else jnp.asarray(m) for m in masks])

    def gradients(training_flag):
        def scalar(tv, float_inputs):
            xs = [jnp.asarray(x) for x in inputs]
            for p, v in zip(float_positions, float_inputs):
                xs[p] = v
            # The merging layers read their inputs' masks from the tensors themselves.
            for x, m in zip(xs, masks):
                if m is not None:
                    keras_backend.set_keras_mask(x, jnp.asarray(m))
            kwargs = dict(mask_kwargs)
            if takes_training:
                kwargs["training"] = training_flag
            y, _ = layer.stateless_call(tv, non_trainable, structure(xs), **kwargs)
            return jnp.sum(y * jnp.asarray(cotangent))

        g_weights, g_inputs = jax.grad(scalar, argnums=(0, 1))(
            trainable, [jnp.asarray(inputs[p]) for p in float_positions])
        per_input = [None] * len(inputs)
        for p, g in zip(float_positions, g_inputs):
            per_input[p] = array(np.asarray(g))
        return {"inputs": per_input, "weights": [array(np.asarray(g)) for g in g_weights]}

    # The function differentiated computes what the layer call computed.
    forward = [jnp.asarray(x) for x in inputs]
    for x, m in zip(forward, masks):
        if m is not None:
            keras_backend.set_keras_mask(x, jnp.asarray(m))
    kwargs = dict(mask_kwargs)
    if takes_training:
        kwargs["training"] = False
    y, _ = layer.stateless_call(trainable, non_trainable, structure(forward), **kwargs)
    if not np.array_equal(np.asarray(y), output):
        sys.exit(f"{name}: stateless_call computes another output than the layer call")

    grads = {}
    if grad:
        grads["inference"] = gradients(False)
        if training_record is not None:
            grads["training"] = gradients(True)

    CASES.append({
        "name": name,
        "inputs": [array(x) for x in inputs],
        "weights": [array(v) for v in initial],
        "outputs": [array(output)],
        "extra": {
            "class_name": layer.__class__.__name__,
            "config": config,
            "dtype": dtype,
            "list_input": list_input,
            "input_masks": [None if m is None else array(m) for m in masks],
            "output_mask": None if out_mask is None else array(np.asarray(out_mask)),
            "losses": losses,
            "training": training_record,
            "cotangent": array(cotangent),
            "gradients": grads,
        },
    })
    if steps is not None:
        batches, last = steps
        layer.set_weights(initial)
        outs = [array(np.asarray(layer(jnp.asarray(b), training=True))) for b in batches]
        CASES[-1]["extra"]["steps"] = {
            "inputs": [array(b) for b in batches],
            "outputs": outs,
            "non_trainable_after": [array(np.asarray(v)) for v in layer.non_trainable_weights],
            "last_input": array(last),
            "last_output": array(np.asarray(layer(jnp.asarray(last), training=False))),
        }
    if keras_bug is not None:
        CASES[-1]["extra"]["keras_bug"] = keras_bug
    if keras_precision is not None:
        CASES[-1]["extra"]["keras_precision"] = keras_precision


# ------------------------------------------------------------------------------------------------
# Core
for activation in ["linear", "relu", "sigmoid", "tanh", "softmax", "elu", "selu", "gelu", "silu"]:
    case(f"dense_{activation}", L.Dense(3, activation=activation), [uniform((4, 5))])
case("dense_rank3_no_bias", L.Dense(2, use_bias=False), [uniform((2, 3, 4))])
case("dense_rank4", L.Dense(3, activation="tanh"), [uniform((2, 2, 3, 4))])
case("dense_regularizers",
     L.Dense(3, kernel_regularizer=keras.regularizers.L1(0.01),
             bias_regularizer=keras.regularizers.L2(0.02),
             activity_regularizer=keras.regularizers.L1L2(l1=0.001, l2=0.003)),
     [uniform((4, 5))])
case("dense_mask_passes", L.Dense(2), [uniform((2, 4, 3))], masks=[bools((2, 4))])
case("dense_f64", L.Dense(4, activation="sigmoid", dtype="float64"),
     [uniform((3, 5), dtype="float64")])

# name, equation, input shape, output_shape, bias_axes, activation
EINSUM = [
    ("dense_like", "ab,bc->ac", (3, 4), 5, "c", None),
    ("sequence", "abc,cd->abd", (2, 3, 4), (None, 5), "d", None),
    ("two_output_axes", "abc,cde->abde", (2, 3, 4), (3, 2, 5), "de", None),
    ("ellipsis_rank3", "...b,bc->...c", (2, 3, 4), 6, "c", "relu"),
    ("ellipsis_rank2", "...b,bc->...c", (5, 4), 3, "c", None),
    ("attention_output", "abcd,cde->abe", (2, 3, 2, 4), (3, 5), "e", None),
    ("right_ellipsis", "ab...,bc->ac...", (2, 3, 4, 2), 5, "c", None),
    ("bias_two_axes", "abc,cd->abd", (2, 3, 4), (3, 5), "bd", "sigmoid"),
    ("shared_weight_axis", "...bc,bc->...b", (2, 3, 4), 3, None, None),
    ("no_bias", "abc,cd->abd", (2, 3, 4), (3, 2), None, "tanh"),
    ("transposed_output", "abc,cd->adb", (2, 3, 4), (5, 3), "d", None),
    ("heads", "abc,cde->abde", (2, 3, 4), (None, 2, 3), "e", "gelu"),
]
for name, equation, shape, output_shape, bias_axes, activation in EINSUM:
    case(f"einsum_dense_{name}",
         L.EinsumDense(equation, output_shape, activation=activation, bias_axes=bias_axes),
         [uniform(shape)])
case("einsum_dense_f64", L.EinsumDense("abc,cd->abd", (3, 4), bias_axes="d", dtype="float64"),
     [uniform((2, 3, 5), dtype="float64")])

case("embedding_rank1", L.Embedding(7, 3), [integers((5,), 0, 7)])
case("embedding_rank2", L.Embedding(10, 4), [integers((3, 5), 0, 10)])
case("embedding_rank3", L.Embedding(6, 2), [integers((2, 3, 2), 0, 6)])
case("embedding_mask_zero", L.Embedding(5, 3, mask_zero=True), [integers((3, 6), 0, 5)])
case("embedding_repeated_ids", L.Embedding(4, 2),
     [np.array([[1, 1, 3], [3, 1, 0]], dtype="int32")])
case("embedding_f64", L.Embedding(5, 3, dtype="float64"), [integers((2, 4), 0, 5)])

case("identity", L.Identity(), [uniform((3, 4))])
case("identity_mask_passes", L.Identity(), [uniform((2, 3, 2))], masks=[bools((2, 3))])


def with_masked_steps(x, steps, value):
    x = x.copy()
    for b, t in steps:
        x[b, t, :] = value
    return x


case("masking_zero", L.Masking(0.0),
     [with_masked_steps(uniform((3, 5, 4)), [(0, 1), (0, 4), (2, 0)], 0.0)])
case("masking_value", L.Masking(0.5),
     [with_masked_steps(uniform((2, 4, 3)), [(0, 2), (1, 0), (1, 3)], 0.5)])
partial = with_masked_steps(uniform((2, 3, 3)), [(1, 1)], 0.0)
partial[0, 0, :2] = 0.0  # only some features equal mask_value: the step is kept
case("masking_partial_step", L.Masking(0.0), [partial])
case("masking_rank4", L.Masking(-1.0),
     [with_masked_steps(uniform((2, 3, 2, 2)).reshape(2, 3, 4), [(1, 2)], -1.0).reshape(2, 3, 2, 2)])

# ------------------------------------------------------------------------------------------------
# Activations
ACTIVATIONS = ["linear", "relu", "relu6", "sigmoid", "tanh", "softmax", "log_softmax", "elu",
               "selu", "celu", "softplus", "softsign", "squareplus", "gelu", "mish", "silu", "swish",
               "hard_sigmoid", "hard_silu", "hard_swish", "hard_tanh", "hard_shrink", "soft_shrink",
               "tanh_shrink", "sparse_plus", "sparse_sigmoid", "sparsemax", "exponential",
               "leaky_relu", "log_sigmoid", "glu"]
SPARSEMAX_BUG = {
    "issue": "https://github.com/keras-team/keras/issues/23425",
    "fixed_by": "https://github.com/keras-team/keras/pull/23469",
    "what": "Keras 3.15.1's sparsemax takes its threshold from the sum of the cumulative sums "
            "over the support instead of the k-th cumulative sum: wrong (rows that do not sum "
            "to 1, or all zeros) whenever more than one logit is in the support",
}
for activation in ACTIVATIONS:
    # In [-4, 4): relu6 and the hard functions clip, shrinks cut, exp-based ones saturate a bit.
    case(f"activation_{activation}", L.Activation(activation), [uniform((4, 6), -4.0, 4.0)],
         keras_bug=SPARSEMAX_BUG if activation == "sparsemax" else None)
# Rows whose largest logit leads the next by more than 1: a support of one, where Keras's
# sparsemax is right.
one_hot_rows = uniform((4, 6), -1.0, 1.0)
one_hot_rows[np.arange(4), [2, 0, 5, 3]] += np.float32(3.0)
case("activation_sparsemax_support_1", L.Activation("sparsemax"), [one_hot_rows])
case("activation_mask_passes", L.Activation("tanh"), [uniform((2, 3, 2), -2, 2)],
     masks=[bools((2, 3))])

case("relu_default", L.ReLU(), [uniform((3, 7), -8, 8)])
case("relu_max_value", L.ReLU(max_value=2.5), [uniform((3, 7), -8, 8)])
case("relu_threshold", L.ReLU(threshold=1.5), [uniform((3, 7), -8, 8)])
case("relu_negative_slope", L.ReLU(negative_slope=0.2), [uniform((3, 7), -8, 8)])
case("relu_all", L.ReLU(max_value=4.0, negative_slope=0.1, threshold=0.5),
     [uniform((3, 7), -8, 8)])
case("relu_slope_threshold", L.ReLU(negative_slope=0.5, threshold=2.0), [uniform((3, 7), -8, 8)])
case("relu_f64", L.ReLU(max_value=3.0, negative_slope=0.25, dtype="float64"),
     [uniform((2, 5), -8, 8, "float64")])

case("leaky_relu_default", L.LeakyReLU(), [uniform((3, 7), -8, 8)])
case("leaky_relu_0.1", L.LeakyReLU(negative_slope=0.1), [uniform((3, 7), -8, 8)])
case("leaky_relu_rank3", L.LeakyReLU(negative_slope=0.7), [uniform((2, 3, 4), -8, 8)])

case("prelu", L.PReLU(), [uniform((4, 5), -4, 4)])
case("prelu_rank3", L.PReLU(), [uniform((2, 3, 4), -4, 4)])
case("prelu_shared_axes", L.PReLU(shared_axes=[1]), [uniform((2, 3, 4), -4, 4)])
case("prelu_shared_axes_1_2", L.PReLU(shared_axes=[1, 2]), [uniform((2, 3, 4, 2), -4, 4)])
case("prelu_shared_last", L.PReLU(shared_axes=[2]), [uniform((2, 3, 4), -4, 4)])

case("elu_default", L.ELU(), [uniform((3, 7), -4, 4)])
case("elu_alpha", L.ELU(alpha=0.5), [uniform((3, 7), -4, 4)])

case("softmax_last_axis", L.Softmax(), [uniform((3, 5), -8, 8)])
case("softmax_rank3", L.Softmax(axis=-1), [uniform((2, 3, 4), -8, 8)])
case("softmax_axis_1", L.Softmax(axis=1), [uniform((2, 3, 4), -8, 8)])
case("softmax_axes_1_2", L.Softmax(axis=[1, 2]), [uniform((2, 3, 4), -8, 8)])
case("softmax_masked", L.Softmax(), [uniform((3, 5), -8, 8)], masks=[bools((3, 5))])
fully = bools((3, 4))
fully[1, :] = False  # a row with every entry masked
case("softmax_masked_row", L.Softmax(), [uniform((3, 4), -8, 8)], masks=[fully])
case("softmax_f64", L.Softmax(axis=0, dtype="float64"), [uniform((3, 4), -8, 8, "float64")])

# ------------------------------------------------------------------------------------------------
# Normalization (BatchNormalization: training records the batch-normalized output and the moving
# statistics after one call; its training gradients flow through the batch statistics)
case("bn_2d", L.BatchNormalization(), [uniform((4, 3), -2, 2)])
case("bn_4d", L.BatchNormalization(), [uniform((2, 3, 3, 2), -2, 2)])
case("bn_axis1_3d", L.BatchNormalization(axis=1, epsilon=0.01), [uniform((2, 3, 4), -2, 2)])
case("bn_axis1_4d", L.BatchNormalization(axis=1, momentum=0.8), [uniform((3, 2, 4, 4), -1, 3)])
case("bn_momentum_epsilon", L.BatchNormalization(momentum=0.9, epsilon=0.05),
     [uniform((6, 4), -3, 5)])
# Several training steps, then inference with the moving statistics they leave.
case("bn_steps_2d", L.BatchNormalization(momentum=0.9), [uniform((6, 4), -3, 5)],
     steps=([uniform((6, 4), -3, 5) for _ in range(3)], uniform((6, 4), -3, 5)))
case("bn_steps_4d", L.BatchNormalization(momentum=0.8, epsilon=0.01),
     [uniform((3, 2, 4, 2), -1, 3)],
     steps=([uniform((3, 2, 4, 2), -1, 3) for _ in range(2)], uniform((3, 2, 4, 2), -1, 3)))
case("bn_steps_axis1_4d", L.BatchNormalization(axis=1, momentum=0.8, epsilon=0.01),
     [uniform((3, 2, 4, 4), -1, 3)],
     steps=([uniform((3, 2, 4, 4), -1, 3) for _ in range(2)], uniform((3, 2, 4, 4), -1, 3)))
case("bn_steps_axis1_3d", L.BatchNormalization(axis=1, momentum=0.9),
     [uniform((4, 3, 5), -2, 4)],
     steps=([uniform((4, 3, 5), -2, 4) for _ in range(3)], uniform((4, 3, 5), -2, 4)))
case("bn_no_center", L.BatchNormalization(center=False), [uniform((5, 3), -2, 2)])
case("bn_no_scale", L.BatchNormalization(scale=False), [uniform((5, 3), -2, 2)])
case("bn_no_center_no_scale", L.BatchNormalization(center=False, scale=False, momentum=0.5),
     [uniform((2, 5, 3), -2, 2)])
# (Keras 3's BatchNormalization takes one axis: int(axis). kerascpp also reads a list, as Keras 2
# configs wrote it; no Keras 3 case can show that.)
case("bn_masked", L.BatchNormalization(), [uniform((3, 4, 2), -2, 2)], masks=[bools((3, 4))])
case("bn_renorm",
     L.BatchNormalization(momentum=0.9, renorm=True,
                          renorm_clipping={"rmax": 3.0, "rmin": 0.3, "dmax": 5.0},
                          renorm_momentum=0.8),
     [uniform((6, 3), -2, 3)])
case("bn_renorm_default_clipping", L.BatchNormalization(renorm=True), [uniform((5, 2), -1, 1)])
# Keras on JAX computes float64 normalization layers in float32: they take their compute dtype
# from backend.result_type(inputs.dtype, "float32"), which maps float64 to float32 on every
# backend but TensorFlow (keras/src/backend/common/dtypes.py, BIT64_TO_BIT32_DTYPE). kerascpp
# keeps float64 (as Keras on TensorFlow does); these cases are compared at float32's tolerance.
FLOAT64_AS_FLOAT32 = "float32"
case("bn_f64", L.BatchNormalization(axis=1, momentum=0.7, dtype="float64"),
     [uniform((4, 3, 2), -2, 2, "float64")], keras_precision=FLOAT64_AS_FLOAT32)

case("ln_2d", L.LayerNormalization(), [uniform((3, 5), -2, 2)])
case("ln_3d_epsilon", L.LayerNormalization(epsilon=1e-5), [uniform((2, 3, 4), -2, 2)])
case("ln_axes_1_2", L.LayerNormalization(axis=[1, 2]), [uniform((2, 3, 4), -2, 2)])
case("ln_4d_axis1", L.LayerNormalization(axis=1, epsilon=0.1), [uniform((2, 3, 2, 2), -2, 2)])
case("ln_no_center", L.LayerNormalization(center=False), [uniform((3, 4), -2, 2)])
case("ln_no_scale", L.LayerNormalization(scale=False), [uniform((3, 4), -2, 2)])
case("ln_rms_scaling", L.LayerNormalization(rms_scaling=True), [uniform((3, 5), -2, 2)])
case("ln_rms_scaling_axes", L.LayerNormalization(axis=[-2, -1], rms_scaling=True, epsilon=0.01),
     [uniform((2, 3, 4), -2, 2)])
case("ln_f64", L.LayerNormalization(axis=-1, dtype="float64"),
     [uniform((2, 3, 4), -2, 2, "float64")], keras_precision=FLOAT64_AS_FLOAT32)
# Axes of both signs: Keras sorts them as given ([-1, 1]) and shapes gamma and beta that way.
case("ln_axes_mixed_signs", L.LayerNormalization(axis=[1, -1]), [uniform((2, 3, 4), -2, 2)])
case("ln_mask_passes", L.LayerNormalization(), [uniform((2, 3, 4), -2, 2)], masks=[bools((2, 3))])

case("unit_2d", L.UnitNormalization(), [uniform((4, 5))])
case("unit_3d_axis1", L.UnitNormalization(axis=1), [uniform((2, 3, 4))])
case("unit_3d_axes_12", L.UnitNormalization(axis=[1, 2]), [uniform((2, 3, 4))])
case("unit_4d_axes_0_3", L.UnitNormalization(axis=[0, 3]), [uniform((2, 2, 3, 2), -3, 3)])
tiny = uniform((3, 4))
tiny[1] = 0.0  # a zero row stays zero
tiny[2] = np.float32(1e-14) * np.sign(tiny[2])  # below Keras's epsilon: scaled by 1 / 1e-12
case("unit_epsilon", L.UnitNormalization(), [tiny], grad=False)
case("unit_f64", L.UnitNormalization(axis=-1, dtype="float64"), [uniform((3, 4), dtype="float64")])

# ------------------------------------------------------------------------------------------------
# Merging
ELEMENTWISE = {"add": L.Add, "subtract": L.Subtract, "multiply": L.Multiply, "average": L.Average,
               "maximum": L.Maximum, "minimum": L.Minimum}
for name, make in ELEMENTWISE.items():
    case(f"{name}_rank2", make(), [uniform((4, 5)), uniform((4, 5))])
    if name != "subtract":
        case(f"{name}_three_rank3", make(), [uniform((2, 3, 4)) for _ in range(3)])
        case(f"{name}_broadcast", make(),
             [uniform((2, 3, 4)), uniform((2, 1, 4)), uniform((2, 3, 1))])
    else:
        case(f"{name}_rank3", make(), [uniform((2, 3, 4)), uniform((2, 3, 4))])
        case(f"{name}_broadcast", make(), [uniform((2, 3, 4)), uniform((2, 1, 4))])
    case(f"{name}_ranks", make(), [uniform((2, 3, 4)), uniform((2, 4))])
    case(f"{name}_ranks_reversed", make(), [uniform((2, 4)), uniform((2, 3, 4))])
    case(f"{name}_masks", make(), [uniform((2, 3, 2)), uniform((2, 3, 2))],
         masks=[bools((2, 3)), bools((2, 3))])
case("add_one_mask", L.Add(), [uniform((2, 4, 2)), uniform((2, 4, 2))],
     masks=[bools((2, 4)), None])
case("add_f64", L.Add(dtype="float64"),
     [uniform((3, 4), dtype="float64"), uniform((3, 4), dtype="float64")])

CONCATENATIONS = [
    (-1, [(2, 3, 4), (2, 3, 2)]),
    (1, [(2, 3, 4), (2, 1, 4), (2, 2, 4)]),
    (2, [(2, 3, 1), (2, 3, 4)]),
    (1, [(3, 2), (3, 5)]),
    (-2, [(2, 2, 3, 2), (2, 2, 1, 2)]),
]
for axis, shapes in CONCATENATIONS:
    case(f"concatenate_axis{axis}_rank{len(shapes[0])}", L.Concatenate(axis=axis),
         [uniform(s) for s in shapes])
case("concatenate_masks_axis1", L.Concatenate(axis=1), [uniform((2, 3, 2)), uniform((2, 2, 2))],
     masks=[bools((2, 3)), None])
case("concatenate_masks_last", L.Concatenate(), [uniform((2, 3, 2)), uniform((2, 3, 4))],
     masks=[bools((2, 3)), bools((2, 3))])
case("concatenate_f64", L.Concatenate(axis=0, dtype="float64"),
     [uniform((2, 3), dtype="float64"), uniform((1, 3), dtype="float64")])

DOTS = [
    ("dot_rank2", {"axes": -1}, [(4, 5), (4, 5)]),
    ("dot_rank2_normalize", {"axes": 1, "normalize": True}, [(4, 5), (4, 5)]),
    ("dot_rank3_last", {"axes": -1}, [(2, 4, 5), (2, 4, 5)]),
    ("dot_rank3_axes12", {"axes": [1, 2]}, [(2, 3, 5), (2, 6, 3)]),
    ("dot_rank3_axes21_normalize", {"axes": [2, 1], "normalize": True}, [(2, 3, 4), (2, 4, 5)]),
    ("dot_rank3_axis1", {"axes": 1}, [(2, 3, 4), (2, 3, 5)]),
    ("dot_rank2_rank3", {"axes": [1, 2]}, [(2, 4), (2, 3, 4)]),
    ("dot_rank3_rank2_normalize", {"axes": [1, 1], "normalize": True}, [(2, 3, 4), (2, 3)]),
    ("dot_rank3_rank4", {"axes": [-2, -1]}, [(2, 3, 2), (2, 1, 2, 3)]),
    ("dot_rank4_rank4", {"axes": [3, 1]}, [(2, 3, 4, 5), (2, 5, 3, 2)]),
    ("dot_rank4_rank3_normalize", {"axes": [2, 1], "normalize": True}, [(2, 3, 4, 2), (2, 4, 5)]),
    ("dot_rank2_rank4", {"axes": [1, 2]}, [(2, 3), (2, 2, 3, 2)]),
]
for name, args, shapes in DOTS:
    case(name, L.Dot(**args), [uniform(s) for s in shapes])
case("dot_f64", L.Dot(axes=(2, 2), normalize=True, dtype="float64"),
     [uniform((2, 3, 4), dtype="float64"), uniform((2, 5, 4), dtype="float64")])

# ------------------------------------------------------------------------------------------------
# Reshaping
case("flatten_rank2", L.Flatten(), [uniform((3, 4))])
case("flatten_rank3", L.Flatten(), [uniform((2, 3, 4))])
case("flatten_rank4", L.Flatten(), [uniform((2, 3, 2, 4))])
case("flatten_channels_first", L.Flatten(data_format="channels_first"), [uniform((2, 3, 2, 4))])
case("flatten_channels_first_rank3", L.Flatten(data_format="channels_first"),
     [uniform((2, 3, 5))])
case("flatten_rank1", L.Flatten(), [uniform((4,))])
case("reshape_3_4", L.Reshape((3, 4)), [uniform((2, 12))])
case("reshape_infer", L.Reshape((-1, 2, 2)), [uniform((2, 3, 4))])
case("reshape_infer_last", L.Reshape((3, -1)), [uniform((2, 2, 6))])
case("reshape_flat", L.Reshape((24,)), [uniform((2, 2, 3, 4))])
case("permute_2_1", L.Permute((2, 1)), [uniform((2, 3, 4))])
case("permute_3_1_2", L.Permute((3, 1, 2)), [uniform((2, 3, 4, 5))])
case("permute_identity", L.Permute((1, 2, 3)), [uniform((2, 2, 3, 2))])
case("repeat_vector_3", L.RepeatVector(3), [uniform((2, 4))])
case("repeat_vector_1", L.RepeatVector(1), [uniform((3, 2))])

# ------------------------------------------------------------------------------------------------
# Regularization: inference is the identity (compared); training draws noise (not compared)
# unless the rate is 0, where Keras returns the inputs in training too.
case("dropout", L.Dropout(0.5, seed=3), [uniform((3, 4))], training="random")
case("dropout_noise_shape", L.Dropout(0.3, noise_shape=(None, 1, 4), seed=5),
     [uniform((2, 3, 4))], training="random")
case("dropout_rate_0", L.Dropout(0.0), [uniform((3, 4))])
case("dropout_mask_passes", L.Dropout(0.2), [uniform((2, 3, 2))], masks=[bools((2, 3))],
     training="random")
case("spatial_dropout1d", L.SpatialDropout1D(0.4, seed=2), [uniform((2, 3, 4))],
     training="random")
case("spatial_dropout1d_rate_0", L.SpatialDropout1D(0.0), [uniform((2, 3, 4))])
case("spatial_dropout2d", L.SpatialDropout2D(0.5, seed=4), [uniform((2, 2, 3, 2))],
     training="random")
case("spatial_dropout2d_channels_first",
     L.SpatialDropout2D(0.25, data_format="channels_first", seed=1), [uniform((2, 3, 2, 2))],
     training="random")
case("spatial_dropout2d_rate_0", L.SpatialDropout2D(0.0), [uniform((2, 2, 2, 3))])
case("alpha_dropout", L.AlphaDropout(0.2, seed=7), [uniform((3, 4))], training="random")
case("alpha_dropout_noise_shape", L.AlphaDropout(0.4, noise_shape=(None, 1), seed=1),
     [uniform((3, 4))], training="random")
case("alpha_dropout_rate_0", L.AlphaDropout(0.0), [uniform((3, 4))])
case("gaussian_noise", L.GaussianNoise(0.5, seed=3), [uniform((3, 4))], training="random")
case("gaussian_noise_stddev_0", L.GaussianNoise(0.0), [uniform((3, 4))])
case("gaussian_dropout", L.GaussianDropout(0.3, seed=9), [uniform((3, 4))], training="random")
case("gaussian_dropout_rate_0", L.GaussianDropout(0.0), [uniform((3, 4))])
case("activity_regularization_l1", L.ActivityRegularization(l1=0.01), [uniform((3, 4))])
case("activity_regularization_l2", L.ActivityRegularization(l2=0.05), [uniform((2, 3, 4))])
case("activity_regularization_both", L.ActivityRegularization(l1=0.2, l2=0.3),
     [uniform((4, 2))])
case("activity_regularization_default", L.ActivityRegularization(), [uniform((3, 2))])


def main():
    counts = {}
    for family, classes in FAMILIES.items():
        counts[family] = sum(1 for c in CASES if c["extra"]["class_name"] in classes)
    classes = sorted({c["extra"]["class_name"] for c in CASES})
    known = sorted(c for cs in FAMILIES.values() for c in cs)
    if classes != known:
        sys.exit(f"classes without a family or a case: {sorted(set(classes) ^ set(known))}")
    out = {
        "generator": "tests/golden/keras3/make_layers.py",
        "keras_version": keras.__version__,
        "backend": f"jax {jax.__version__}",
        "cases_per_family": counts,
        "cases": CASES,
    }
    with open(OUT, "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {len(CASES)} cases to {os.path.relpath(OUT)}: {counts}")


if __name__ == "__main__":
    main()
