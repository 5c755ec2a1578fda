"""Keras 3 training steps with class_weight and sample_weight: the loss it reports and the
weights after SGD, for the C++ test that also checks both against its own float64 computation
(tests/models/sample_and_class_weight_test.cc).

Every case starts a Dense layer from the same given weights (multiples of 1/8, exact in
float32) on the same inputs and trains with SGD (learning rate 0.25, exact in float32):
  - train_on_batch on all six samples: the returned loss and the weights after the step;
  - fit(batch_size=3, epochs=1, shuffle=False): two steps; History's loss and the weights after.
Targets come as sparse integer labels (shape (6,) and (6, 1)), one-hot rows, and binary 0/1
columns with a sigmoid unit; weights come as class_weight (a class left out weighs 1.0) or as
sample_weight. Keras turns class_weight into per-sample weights
(keras/src/trainers/data_adapters/data_adapter_utils.py: argmax of one-hot rows, else the
rounded label) and reduces the loss with sum_over_batch_size: sum(w_i * loss_i) / batch size.

Output: tests/golden/data/keras3_class_weight.json
  {"keras_version", "backend", "generator", "learning_rate", "x": [[...]],
   "cases": [{"name", "units", "activation", "loss", "y": [...], "class_weight": {"0": w, ...}
              or null, "sample_weight": [...] or null, "initial_weights": [kernel, bias],
              "train_on_batch": {"loss", "weights": [kernel, bias]},
              "fit": {"loss", "weights": [kernel, bias]}}]}

Run: PY=$(scripts/setup-peers) && "$PY" tests/golden/keras3/make_class_weight.py
"""
import json
import os
import sys
import tempfile

os.environ["KERAS_HOME"] = tempfile.mkdtemp(prefix="keras3-home-")
os.environ["KERAS_BACKEND"] = "jax"
os.environ.setdefault("JAX_PLATFORMS", "cpu")

import numpy as np  # noqa: E402
import keras  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "data", "keras3_class_weight.json")
LEARNING_RATE = 0.25
N, D = 6, 4

# Inputs and weights: multiples of 1/8 in [-5/8, 5/8], exact in float32.
X = np.array([[((i * 7 + j * 3) % 11 - 5) / 8 for j in range(D)] for i in range(N)], "float32")


def initial_weights(units):
    kernel = np.array([[((j * 5 + k * 3) % 7 - 3) / 8 for k in range(units)] for j in range(D)],
                      "float32")
    bias = np.array([(k - 1) / 8 for k in range(units)], "float32")
    return [kernel, bias]


SPARSE = [0, 2, 1, 1, 0, 2]
ONE_HOT = np.eye(3, dtype="float32")[SPARSE].tolist()
BINARY = [[0.0], [1.0], [1.0], [0.0], [1.0], [0.0]]
CLASS_WEIGHT_3 = {0: 2.0, 1: 0.5}  # class 2 left out: weight 1.0
CLASS_WEIGHT_2 = {0: 0.25, 1: 3.0}
SAMPLE_WEIGHT = [2.0, 1.0, 0.5, 0.5, 2.0, 1.0]  # = CLASS_WEIGHT_3 per sample of SPARSE
UNEVEN = [0.125, 3.0, 1.0, 0.0, 2.5, 0.75]

CASES = [
    ("sparse_class_weight", 3, "softmax", "sparse_categorical_crossentropy", SPARSE,
     CLASS_WEIGHT_3, None),
    ("sparse_column_class_weight", 3, "softmax", "sparse_categorical_crossentropy",
     [[v] for v in SPARSE], CLASS_WEIGHT_3, None),
    ("one_hot_class_weight", 3, "softmax", "categorical_crossentropy", ONE_HOT, CLASS_WEIGHT_3,
     None),
    ("sparse_sample_weight", 3, "softmax", "sparse_categorical_crossentropy", SPARSE, None,
     SAMPLE_WEIGHT),
    ("one_hot_uneven_sample_weight", 3, "softmax", "categorical_crossentropy", ONE_HOT, None,
     UNEVEN),
    ("binary_class_weight", 1, "sigmoid", "binary_crossentropy", BINARY, CLASS_WEIGHT_2, None),
    ("sparse_unweighted", 3, "softmax", "sparse_categorical_crossentropy", SPARSE, None, None),
]


def make_model(units, activation, loss):
    keras.backend.clear_session()
    model = keras.Sequential([keras.Input((D,)), keras.layers.Dense(units, activation=activation)])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=LEARNING_RATE), loss=loss)
    model.set_weights(initial_weights(units))
    return model


def weights_json(model):
    return [w.tolist() for w in model.get_weights()]


def main():
    cases = []
    for name, units, activation, loss, y, class_weight, sample_weight in CASES:
        y_arr = np.array(y, dtype="int32" if loss.startswith("sparse") else "float32")
        sw = None if sample_weight is None else np.array(sample_weight, "float32")

        model = make_model(units, activation, loss)
        step_loss = model.train_on_batch(X, y_arr, sample_weight=sw, class_weight=class_weight)
        after_step = weights_json(model)

        model = make_model(units, activation, loss)
        history = model.fit(X, y_arr, batch_size=3, epochs=1, shuffle=False, verbose=0,
                            sample_weight=sw, class_weight=class_weight)
        cases.append({
            "name": name, "units": units, "activation": activation, "loss": loss, "y": y,
            "class_weight": None if class_weight is None
            else {str(k): v for k, v in class_weight.items()},
            "sample_weight": sample_weight,
            "initial_weights": [w.tolist() for w in initial_weights(units)],
            "train_on_batch": {"loss": float(step_loss), "weights": after_step},
            "fit": {"loss": float(history.history["loss"][0]), "weights": weights_json(model)},
        })
    data = {"keras_version": keras.__version__, "backend": keras.backend.backend(),
            "generator": "tests/golden/keras3/make_class_weight.py",
            "learning_rate": LEARNING_RATE, "x": X.tolist(), "cases": cases}
    with open(OUT, "w") as f:
        f.write(json.dumps(data, indent=1, allow_nan=False) + "\n")
    print(f"wrote {os.path.relpath(OUT)}: {len(cases)} cases", file=sys.stderr)


if __name__ == "__main__":
    main()
