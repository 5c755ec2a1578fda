"""What Keras 3 itself returns from get_config() for every class that kerascpp registers, made
with default arguments (plus the fewest required ones), so the C++ side can check its argument
lists, their order and their defaults against the real thing.

The classes are the ones kerascpp registers (keep this list in step with the registries):
  layers        keras/layers/*/register.cc, keras/models/register.cc
  optimizers    keras/optimizers/optimizers.cc
  schedules     keras/optimizers/schedules/learning_rate_schedule.cc
  losses        keras/losses/losses.cc
  metrics       keras/metrics/metrics.cc
  initializers  keras/initializers/initializers.cc
  regularizers  keras/regularizers/regularizers.cc
  constraints   keras/constraints/constraints.cc
Snake-case aliases ("glorot_uniform", "mse") name the same classes and are not repeated.

Output, tests/golden/data/keras3_args.json:
  {"keras_version": "3.15.1", "backend": "jax", "floatx": "float32", "generator": <this file>,
   "classes": {"layers": {"Dense": {"args": {"units": 2}, "config": {<get_config() in its order>},
                                    "keys": [<the config's keys in order>]}, ...},
               "optimizers": {...}, "schedules": {...}, "losses": {...}, "metrics": {...},
               "initializers": {...}, "regularizers": {...}, "constraints": {...}},
   "not_in_keras": {"layers": {"Model": "<why>"}, ...}}
"args" are the keyword arguments the object was made with (Keras's own names; values in JSON:
tuples become lists); "config" is get_config() as Keras returns it, written with json.dumps so
floats are Python's repr (a float32 learning rate shows as 0.0010000000474974513, as Keras's
optimizer config really holds it). Layers are made after keras.backend.clear_session(), so their
automatic names are the unsuffixed ones ("dense", not "dense_3"). A case whose args cannot be
written in JSON (Lambda's function, the wrappers' fn) says so in "args_note".

Run: PY=$(scripts/setup-peers) && "$PY" tests/golden/keras3/make_keras_args.py
"""
import json
import os
import sys
import tempfile

# Keras writes keras.json into KERAS_HOME on import: keep the user's ~/.keras (which kerascpp
# reads) untouched. The backend is JAX on CPU; floatx etc. stay as shipped.
os.environ["KERAS_HOME"] = tempfile.mkdtemp(prefix="keras3-home-")
os.environ["KERAS_BACKEND"] = "jax"
os.environ.setdefault("JAX_PLATFORMS", "cpu")

import keras  # noqa: E402
from keras.src.losses.losses import LossFunctionWrapper  # noqa: E402
from keras.src.metrics.reduction_metrics import MeanMetricWrapper  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "data", "keras3_args.json")


def jsonable(value):
    """get_config() values as JSON: tuples become lists, everything else must already fit."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise TypeError(f"get_config() value of type {type(value).__name__} is not JSON: {value!r}")


# (class name, keyword arguments, note). The keyword arguments are the fewest Keras requires.
L = keras.layers
LAYERS = [
    # keras/layers/activations/register.cc
    ("Activation", L.Activation, {"activation": "relu"}),
    ("ELU", L.ELU, {}),
    ("LeakyReLU", L.LeakyReLU, {}),
    ("PReLU", L.PReLU, {}),
    ("ReLU", L.ReLU, {}),
    ("Softmax", L.Softmax, {}),
    # keras/layers/core/register.cc
    ("InputLayer", L.InputLayer, {"shape": [2]}),
    ("Dense", L.Dense, {"units": 2}),
    ("EinsumDense", L.EinsumDense, {"equation": "ab,bc->ac", "output_shape": 2}),
    ("Embedding", L.Embedding, {"input_dim": 4, "output_dim": 2}),
    ("Identity", L.Identity, {}),
    ("Lambda", L.Lambda, {"function": None}),  # the function is set below
    ("Masking", L.Masking, {}),
    # keras/layers/merging/register.cc
    ("Add", L.Add, {}),
    ("Subtract", L.Subtract, {}),
    ("Multiply", L.Multiply, {}),
    ("Average", L.Average, {}),
    ("Maximum", L.Maximum, {}),
    ("Minimum", L.Minimum, {}),
    ("Concatenate", L.Concatenate, {}),
    ("Dot", L.Dot, {"axes": 1}),
    # keras/layers/normalization/register.cc
    ("BatchNormalization", L.BatchNormalization, {}),
    ("LayerNormalization", L.LayerNormalization, {}),
    ("UnitNormalization", L.UnitNormalization, {}),
    # keras/layers/regularization/register.cc
    ("ActivityRegularization", L.ActivityRegularization, {}),
    ("AlphaDropout", L.AlphaDropout, {"rate": 0.5}),
    ("Dropout", L.Dropout, {"rate": 0.5}),
    ("GaussianDropout", L.GaussianDropout, {"rate": 0.5}),
    ("GaussianNoise", L.GaussianNoise, {"stddev": 0.5}),
    ("SpatialDropout1D", L.SpatialDropout1D, {"rate": 0.5}),
    ("SpatialDropout2D", L.SpatialDropout2D, {"rate": 0.5}),
    # keras/layers/reshaping/register.cc
    ("Flatten", L.Flatten, {}),
    ("Permute", L.Permute, {"dims": [2, 1]}),
    ("RepeatVector", L.RepeatVector, {"n": 2}),
    ("Reshape", L.Reshape, {"target_shape": [2, 1]}),
]

O = keras.optimizers
OPTIMIZERS = [(n, getattr(O, n), {}) for n in
              ["SGD", "RMSprop", "Adagrad", "Adadelta", "Adam", "AdamW", "Adamax", "Nadam"]]

S = keras.optimizers.schedules
SCHEDULES = [
    ("ExponentialDecay", S.ExponentialDecay,
     {"initial_learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.9}),
    ("PiecewiseConstantDecay", S.PiecewiseConstantDecay, {"boundaries": [10], "values": [1.0, 0.5]}),
    ("PolynomialDecay", S.PolynomialDecay, {"initial_learning_rate": 0.1, "decay_steps": 10}),
    ("InverseTimeDecay", S.InverseTimeDecay,
     {"initial_learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.5}),
    ("CosineDecay", S.CosineDecay, {"initial_learning_rate": 0.1, "decay_steps": 10}),
    ("CosineDecayRestarts", S.CosineDecayRestarts,
     {"initial_learning_rate": 0.1, "first_decay_steps": 10}),
]

LS = keras.losses
LOSSES = [("LossFunctionWrapper", LossFunctionWrapper, {"fn": None})] + [
    (n, getattr(LS, n), {}) for n in [
        "KLDivergence", "Poisson", "BinaryCrossentropy", "BinaryFocalCrossentropy",
        "CategoricalCrossentropy", "CategoricalFocalCrossentropy",
        "SparseCategoricalCrossentropy", "MeanSquaredError", "MeanAbsoluteError",
        "MeanAbsolutePercentageError", "MeanSquaredLogarithmicError", "CosineSimilarity",
        "LogCosh", "Huber", "Hinge", "SquaredHinge", "CategoricalHinge"]]

M = keras.metrics
METRICS = [("MeanMetricWrapper", MeanMetricWrapper, {"fn": None})] + [
    (n, getattr(M, n), {}) for n in [
        "Mean", "Sum", "MeanSquaredError", "RootMeanSquaredError", "MeanAbsoluteError", "AUC",
        "FalseNegatives", "FalsePositives", "Precision", "Recall", "TrueNegatives",
        "TruePositives", "BinaryCrossentropy", "CategoricalCrossentropy",
        "SparseCategoricalCrossentropy", "Accuracy", "BinaryAccuracy", "CategoricalAccuracy",
        "SparseCategoricalAccuracy", "TopKCategoricalAccuracy", "SparseTopKCategoricalAccuracy"]]

I = keras.initializers
INITIALIZERS = [(n, getattr(I, n), {}) for n in [
    "Constant", "Identity", "Ones", "STFT", "Zeros", "GlorotNormal", "GlorotUniform", "HeNormal",
    "HeUniform", "LecunNormal", "LecunUniform", "Orthogonal", "RandomNormal", "RandomUniform",
    "TruncatedNormal", "VarianceScaling"]]

R = keras.regularizers
REGULARIZERS = [(n, getattr(R, n), {}) for n in ["L1", "L2", "L1L2", "OrthogonalRegularizer"]]

C = keras.constraints
CONSTRAINTS = [(n, getattr(C, n), {}) for n in ["MaxNorm", "MinMaxNorm", "NonNeg", "UnitNorm"]]

# Arguments that are Python objects, not JSON: what the generator passes, and what "args" says.
PYTHON_ARGS = {
    ("layers", "Lambda"): ({"function": lambda x: x},
                           "function is the Python `lambda x: x`; Keras stores its marshalled "
                           "bytecode (base64), which only Python can read"),
    ("losses", "LossFunctionWrapper"): ({"fn": keras.losses.mean_squared_error},
                                        "fn is keras.losses.mean_squared_error"),
    ("metrics", "MeanMetricWrapper"): ({"fn": keras.metrics.mean_squared_error},
                                       "fn is keras.metrics.mean_squared_error"),
}


def python_args(args):
    """JSON args as Keras takes them (lists stay lists except where Keras wants tuples)."""
    out = {}
    for k, v in args.items():
        out[k] = tuple(v) if k in ("shape", "dims", "target_shape") else v
    return out


def record(category, cases):
    out = {}
    for name, cls, args in cases:
        keras.backend.clear_session()
        entry = {"args": args}
        kwargs = python_args(args)
        if (category, name) in PYTHON_ARGS:
            kwargs, note = PYTHON_ARGS[(category, name)]
            entry["args"] = {k: "<python object>" for k in kwargs}
            entry["args_note"] = note
        obj = cls(**kwargs)
        config = jsonable(obj.get_config())
        if (category, name) == ("layers", "Lambda"):
            # The marshalled bytecode embeds this file's path and Python's version: keep the
            # data reproducible by recording what it is, not its bytes.
            config["function"]["config"]["code"] = "<base64 of the marshalled bytecode>"
        entry["keys"] = list(config.keys())
        entry["config"] = config
        out[name] = entry
    return out


def functional_case():
    """Functional needs a graph: the smallest one, Input((2,)) -> Dense(2)."""
    keras.backend.clear_session()
    inputs = keras.Input(shape=(2,))
    model = keras.Model(inputs, L.Dense(2)(inputs))
    config = jsonable(model.get_config())
    return {"args": {"inputs": "keras.Input(shape=(2,))", "outputs": "Dense(units=2)(inputs)"},
            "args_note": "keras.Model(inputs, outputs) on the smallest graph; its class is "
                         + type(model).__name__,
            "keys": list(config.keys()), "config": config}


def sequential_case():
    keras.backend.clear_session()
    model = keras.Sequential()
    config = jsonable(model.get_config())
    return {"args": {}, "keys": list(config.keys()), "config": config}


def main():
    layers = record("layers", LAYERS)
    layers["Sequential"] = sequential_case()
    layers["Functional"] = functional_case()
    data = {
        "keras_version": keras.__version__,
        "backend": keras.backend.backend(),
        "floatx": keras.config.floatx(),
        "generator": "tests/golden/keras3/make_keras_args.py",
        "classes": {
            "layers": layers,
            "optimizers": record("optimizers", OPTIMIZERS),
            "schedules": record("schedules", SCHEDULES),
            "losses": record("losses", LOSSES),
            "metrics": record("metrics", METRICS),
            "initializers": record("initializers", INITIALIZERS),
            "regularizers": record("regularizers", REGULARIZERS),
            "constraints": record("constraints", CONSTRAINTS),
        },
        "not_in_keras": {
            "layers": {
                "Model": "kerascpp reads class_name \"Model\" as Functional because Keras 2 (and "
                         "tf.keras <= 2.3) wrote functional models so; Keras 3's "
                         "keras.Model(inputs, outputs) makes a Functional, whose case is above",
            },
        },
    }
    with open(OUT, "w") as f:
        f.write(json.dumps(data, indent=1, allow_nan=False) + "\n")
    counts = {k: len(v) for k, v in data["classes"].items()}
    print(f"wrote {os.path.relpath(OUT)}: keras {keras.__version__}, {counts}", file=sys.stderr)


if __name__ == "__main__":
    main()
