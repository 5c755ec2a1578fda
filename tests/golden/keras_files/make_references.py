#!/usr/bin/python3
"""Expected outputs of Python Keras files whose folder stores none, computed independently of
kerascpp: NumPy in float64 from the weights h5py reads out of the file, layer by layer as Keras
defines each layer (Dense: x @ kernel + bias, then the activation; BatchNormalization in
inference: gamma * (x - moving_mean) / sqrt(moving_variance + epsilon) + beta; Activation).

  tests/golden/keras_files/make_references.py [../shared/keras-files]

writes <file stem>.input.npy and <file stem>.expected.npy next to this script for each model
listed in MODELS (sequential chains only: every layer takes the previous layer's output).
"""
import json
import os
import sys

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
# (architecture JSON, weights file, input shape without the batch)
MODELS = [("k2.0.8_dense_bn_functional.arch.json", "k2.0.8_dense_bn_functional.weights.h5", (16,))]


def activation(name, x):
    if name == "linear":
        return x
    if name == "relu":
        return np.maximum(x, 0)
    if name == "softmax":
        e = np.exp(x - x.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)
    raise ValueError(f"activation {name} not in this reference")


def weights_of(weights, layer_name):
    group = weights[layer_name]
    names = [n.decode() if isinstance(n, bytes) else n for n in group.attrs["weight_names"]]
    return [np.asarray(group[n], dtype=np.float64) for n in names]


def forward(config, weights, x):
    for layer in config["config"]["layers"]:
        kind, cfg, name = layer["class_name"], layer["config"], layer["name"]
        if kind == "InputLayer":
            continue
        if kind == "Dense":
            w = weights_of(weights, name)
            x = activation(cfg["activation"], x @ w[0] + (w[1] if cfg["use_bias"] else 0))
        elif kind == "BatchNormalization":
            gamma, beta, mean, var = weights_of(weights, name)
            x = gamma * (x - mean) / np.sqrt(var + cfg["epsilon"]) + beta
        elif kind == "Activation":
            x = activation(cfg["activation"], x)
        else:
            raise ValueError(f"layer {kind} not in this reference")
    return x


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "..", "..",
                                                                "shared", "keras-files")
    rng = np.random.default_rng(0)
    for arch, weights_file, shape in MODELS:
        with open(os.path.join(folder, arch)) as f:
            config = json.load(f)
        x = rng.standard_normal((8,) + shape).astype(np.float32)
        with h5py.File(os.path.join(folder, weights_file), "r") as weights:
            y = forward(config, weights, x.astype(np.float64))
        stem = weights_file[: -len(".weights.h5")]
        np.save(os.path.join(HERE, stem + ".input.npy"), x)
        np.save(os.path.join(HERE, stem + ".expected.npy"), y)
        print(stem, x.shape, "->", y.shape)


if __name__ == "__main__":
    main()
