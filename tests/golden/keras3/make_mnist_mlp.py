"""Keras 3 training the mnist_mlp model (examples/mnist_mlp.cc, Keras's mnist_mlp.py) on real
Fashion-MNIST, deterministically: the reference that tests/models/mnist_mlp_reference_test.cc
compares kerascpp's run of the same steps with.

What makes it repeatable across implementations:
  - the data: Debian's dataset-fashion-mnist (/usr/share/datasets/fashion-mnist), the first
    STEPS * 128 training images in file order, scaled by 1/255 in float32, one-hot labels;
  - the initial weights: Glorot-uniform kernels drawn from a counter-based generator that both
    languages compute (splitmix64 of layer << 32 | flat index, the top 53 bits as u in [0, 1),
    limit * (2u - 1) rounded to float32), zero biases as Keras's default;
  - no randomness while training: dropout off (Keras's Dropout(0.2) layers are left out: at rate
    0 they are the identity), no shuffling (fit(shuffle=False)), batch 128, categorical
    crossentropy, as the example;
  - SGD (learning rate 0.01) where the example has RMSprop: RMSprop divides each gradient by its
    own running RMS, so a weight whose gradient is float32 noise around zero (a pixel that is
    almost never lit) moves by about the learning rate in a direction set by rounding; two
    correct implementations then drift apart by ~1e-3 per such weight and step (measured with
    RMSprop: biases 6e-3 apart after 60 steps, kernel sums 2 %). SGD carries rounding through
    unamplified. RMSprop's own rule is checked against references in
    tests/optimizers/optimizers_golden_test.cc.
Recorded: the running mean loss fit() reports after every batch (what the progress bar shows),
every bias after training, the sum and sum of squares of every kernel, and evaluate() on the
first 2000 test images (loss, accuracy).

Output: tests/golden/data/keras3_mnist_mlp.json
  {"keras_version", "backend", "generator", "steps", "batch_size", "test_samples",
   "batch_loss": [...], "biases": [[512], [512], [10]], "kernel_sums": [...],
   "kernel_sums_of_squares": [...], "test_loss", "test_accuracy"}

Run: PY=$(scripts/setup-peers) && "$PY" tests/golden/keras3/make_mnist_mlp.py
"""
import gzip
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
OUT = os.path.join(HERE, "..", "data", "keras3_mnist_mlp.json")
DATA = "/usr/share/datasets/fashion-mnist"
STEPS, BATCH, TEST_SAMPLES = 60, 128, 2000
LEARNING_RATE = 0.01
UNITS = [784, 512, 512, 10]


def idx(name, offset):
    with gzip.open(os.path.join(DATA, name), "rb") as f:
        return np.frombuffer(f.read(), np.uint8, offset=offset)


def splitmix64(x):
    x = x + np.uint64(0x9E3779B97F4A7C15)
    z = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def glorot_kernel(layer, fan_in, fan_out):
    counter = (np.uint64(layer) << np.uint64(32)) + np.arange(fan_in * fan_out, dtype=np.uint64)
    u = (splitmix64(counter) >> np.uint64(11)).astype(np.float64) * 2.0**-53
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return (limit * (2.0 * u - 1.0)).astype(np.float32).reshape(fan_in, fan_out)


def main():
    n = STEPS * BATCH
    x_train = idx("train-images-idx3-ubyte.gz", 16).reshape(-1, 784)[:n].astype("float32") / 255
    y_train = keras.utils.to_categorical(idx("train-labels-idx1-ubyte.gz", 8)[:n], 10)
    x_test = idx("t10k-images-idx3-ubyte.gz", 16).reshape(-1, 784)[:TEST_SAMPLES]
    x_test = x_test.astype("float32") / 255
    y_test = keras.utils.to_categorical(idx("t10k-labels-idx1-ubyte.gz", 8)[:TEST_SAMPLES], 10)

    model = keras.Sequential([
        keras.Input((784,)),
        keras.layers.Dense(512, activation="relu"),
        keras.layers.Dense(512, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    weights = []
    for layer in range(3):
        weights += [glorot_kernel(layer, UNITS[layer], UNITS[layer + 1]),
                    np.zeros(UNITS[layer + 1], "float32")]
    model.set_weights(weights)
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=LEARNING_RATE),
                  loss="categorical_crossentropy",
                  metrics=["accuracy"])

    batch_loss = []

    class Record(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            batch_loss.append(float(logs["loss"]))

    model.fit(x_train, y_train, batch_size=BATCH, epochs=1, shuffle=False, verbose=0,
              callbacks=[Record()])
    test_loss, test_accuracy = model.evaluate(x_test, y_test, batch_size=BATCH, verbose=0)
    final = model.get_weights()
    kernels, biases = final[0::2], final[1::2]
    data = {
        "keras_version": keras.__version__, "backend": keras.backend.backend(),
        "generator": "tests/golden/keras3/make_mnist_mlp.py",
        "steps": STEPS, "batch_size": BATCH, "test_samples": TEST_SAMPLES,
        "optimizer": "SGD", "learning_rate": LEARNING_RATE,
        "batch_loss": batch_loss,
        "biases": [b.astype(np.float64).tolist() for b in biases],
        "kernel_sums": [float(k.astype(np.float64).sum()) for k in kernels],
        "kernel_sums_of_squares": [float((k.astype(np.float64) ** 2).sum()) for k in kernels],
        "test_loss": float(test_loss), "test_accuracy": float(test_accuracy),
    }
    with open(OUT, "w") as f:
        f.write(json.dumps(data, indent=1, allow_nan=False) + "\n")
    print(f"wrote {os.path.relpath(OUT)}: loss {batch_loss[0]:.4f} -> {batch_loss[-1]:.4f}, "
          f"test accuracy {test_accuracy:.4f}", file=sys.stderr)


if __name__ == "__main__":
    main()
