"""Golden outputs of keras.layers.EinsumDense computed with torch.einsum.

TensorFlow.js has no EinsumDense. Each case applies Keras's formula,
activation(einsum(equation, inputs, kernel) + bias), with the kernel and bias shapes Keras
derives from the equation, output_shape and bias_axes (written out per case), to float32-rounded
inputs and weights, in float64.

Run: /usr/bin/python3 tests/golden/torch/einsum_dense.py
"""
import json
import os

import numpy as np
import torch

# name, equation, input shape, output_shape (None: from the input), bias_axes, activation,
# kernel shape, bias shape
CASES = [
    ("dense_like", "ab,bc->ac", (3, 4), (5,), "c", "linear", (4, 5), (5,)),
    ("sequence", "abc,cd->abd", (2, 3, 4), (None, 5), "d", "linear", (4, 5), (5,)),
    ("two_output_axes", "abc,cde->abde", (2, 3, 4), (3, 2, 5), "de", "linear", (4, 2, 5), (2, 5)),
    ("ellipsis_rank3", "...b,bc->...c", (2, 3, 4), (6,), "c", "relu", (4, 6), (6,)),
    ("ellipsis_rank2", "...b,bc->...c", (5, 4), (3,), "c", "linear", (4, 3), (3,)),
    ("attention_output", "abcd,cde->abe", (2, 3, 2, 4), (3, 5), "e", "linear", (2, 4, 5), (5,)),
    ("right_ellipsis", "ab...,bc->ac...", (2, 3, 4, 2), (5,), "c", "linear", (3, 5), (5, 1, 1)),
    ("bias_two_axes", "abc,cd->abd", (2, 3, 4), (3, 5), "bd", "sigmoid", (4, 5), (3, 5)),
    ("shared_weight_axis", "...bc,bc->...b", (2, 3, 4), (3,), None, "linear", (3, 4), None),
    ("no_bias", "abc,cd->abd", (2, 3, 4), (3, 2), None, "tanh", (4, 2), None),
]

ACTIVATIONS = {
    "linear": lambda y: y,
    "relu": torch.relu,
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
}


def array(values):
    return {"shape": list(values.shape), "dtype": "float32",
            "data": [float(v) for v in values.reshape(-1)]}


def uniform(rng, shape):
    return rng.uniform(-1.0, 1.0, size=shape).astype(np.float32)


def main():
    rng = np.random.default_rng(20240611)
    cases = []
    for name, equation, input_shape, output_shape, bias_axes, activation, kernel_shape, \
            bias_shape in CASES:
        x = uniform(rng, input_shape)
        kernel = uniform(rng, kernel_shape)
        weights = [kernel]
        y = torch.einsum(equation, torch.from_numpy(x).double(), torch.from_numpy(kernel).double())
        if bias_shape is not None:
            bias = uniform(rng, bias_shape)
            weights.append(bias)
            y = y + torch.from_numpy(bias).double()
        y = ACTIVATIONS[activation](y)
        cases.append({
            "name": name,
            "inputs": [array(x)],
            "weights": [array(w) for w in weights],
            "outputs": [array(y.numpy())],
            "extra": {"equation": equation, "output_shape": list(output_shape),
                      "bias_axes": bias_axes, "activation": activation},
        })
    out = {"generator": f"tests/golden/torch/einsum_dense.py (torch {torch.__version__})",
           "cases": cases}
    target = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data",
                          "einsum_dense.json")
    with open(target, "w") as f:
        f.write(json.dumps(out) + "\n")
    print(f"wrote {len(cases)} cases to {os.path.relpath(target)}")


if __name__ == "__main__":
    main()
