#!/usr/bin/python3
"""mnist_mlp (BENCHMARKS.md): Keras's mnist_mlp example on Fashion-MNIST.

Dense 512 relu, Dropout 0.2, Dense 512 relu, Dropout 0.2, Dense 10 softmax; RMSprop(0.001),
categorical crossentropy, batch 128, shuffled every epoch.

bench/run imports this module for the workload's facts and `prepare`, and runs it as a script
for the PyTorch side:

  bench/workloads/mnist_mlp.py pytorch --data DIR --epochs N [--threads T]

which prints one JSON line with the same keys as build/bench/workload_mnist_mlp (the kerascpp
side, bench/workloads/mnist_mlp.cc).
"""
import argparse
import gzip
import json
import os
import resource
import sys
import time

import numpy as np

ID = "mnist_mlp"
EPOCHS = 20  # Keras's example; bench/run --epochs runs fewer for timing
TRAIN_SAMPLES = 60000
LAYERS = [(784, 512), (512, 512), (512, 10)]
# GEMM work of one training epoch: forward and weight gradient for every layer, input gradient
# for all but the first (nothing needs d(loss)/d(pixels)). 2 FLOPs per multiply-add.
FLOPS_PER_EPOCH = TRAIN_SAMPLES * 2 * (3 * sum(i * o for i, o in LAYERS) - LAYERS[0][0] * LAYERS[0][1])

FASHION_MNIST = "/usr/share/datasets/fashion-mnist"  # Debian's dataset-fashion-mnist


def read_idx(path):
    """An IDX file (gzip'd), as numpy: magic 0x0000 dtype ndim, big-endian dims, then data."""
    with gzip.open(path, "rb") as f:
        raw = f.read()
    if raw[0] != 0 or raw[1] != 0 or raw[2] != 0x08:
        raise ValueError(f"{path}: not an IDX file of unsigned bytes")
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(raw, np.uint8, offset=4 + 4 * ndim).reshape(dims)


def prepare(out_dir):
    """Writes the data and the initial weights both libraries start from, as .npy files."""
    os.makedirs(out_dir, exist_ok=True)
    for split, prefix in (("train", "train"), ("test", "t10k")):
        images = read_idx(os.path.join(FASHION_MNIST, f"{prefix}-images-idx3-ubyte.gz"))
        labels = read_idx(os.path.join(FASHION_MNIST, f"{prefix}-labels-idx1-ubyte.gz"))
        x = images.reshape(len(images), 784).astype(np.float32) / np.float32(255)
        np.save(os.path.join(out_dir, f"x_{split}.npy"), x)
        np.save(os.path.join(out_dir, f"y_{split}.npy"), labels.astype(np.int64))
    # Keras's defaults: glorot_uniform kernels (fan_in, fan_out), zero biases.
    rng = np.random.default_rng(0)
    for i, (fan_in, fan_out) in enumerate(LAYERS):
        limit = np.sqrt(6.0 / (fan_in + fan_out))
        kernel = rng.uniform(-limit, limit, size=(fan_in, fan_out)).astype(np.float32)
        np.save(os.path.join(out_dir, f"kernel_{i}.npy"), kernel)
        np.save(os.path.join(out_dir, f"bias_{i}.npy"), np.zeros(fan_out, np.float32))


def train_pytorch(data, epochs, threads):
    """The model as a PyTorch user writes it: nn.Sequential, torch.optim.RMSprop, logits into
    CrossEntropyLoss (softmax + categorical crossentropy fused, PyTorch's idiom), batches
    indexed from one tensor by a fresh permutation each epoch (faster than a DataLoader)."""
    import torch
    from torch import nn

    if threads:
        torch.set_num_threads(threads)
    load = lambda name: torch.from_numpy(np.load(os.path.join(data, name + ".npy")))
    x_train, y_train = load("x_train"), load("y_train")
    x_test, y_test = load("x_test"), load("y_test")

    model = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Dropout(0.2),
                          nn.Linear(512, 512), nn.ReLU(), nn.Dropout(0.2),
                          nn.Linear(512, 10))
    with torch.no_grad():
        for i, linear in enumerate(m for m in model if isinstance(m, nn.Linear)):
            linear.weight.copy_(load(f"kernel_{i}").T)  # Keras (in, out); PyTorch (out, in)
            linear.bias.copy_(load(f"bias_{i}"))
    # Keras's RMSprop: rho 0.9, epsilon 1e-7. (Keras adds epsilon under the square root,
    # PyTorch after it; at 1e-7 that changes no result here.)
    optimizer = torch.optim.RMSprop(model.parameters(), lr=0.001, alpha=0.9, eps=1e-7)
    loss_fn = nn.CrossEntropyLoss()
    batch = 128
    epoch_seconds = []
    for _ in range(epochs):
        start = time.perf_counter()
        model.train()
        order = torch.randperm(len(x_train))
        for i in range(0, len(x_train), batch):
            idx = order[i:i + batch]
            optimizer.zero_grad()
            loss = loss_fn(model(x_train[idx]), y_train[idx])
            loss.backward()
            optimizer.step()
        epoch_seconds.append(time.perf_counter() - start)

    start = time.perf_counter()
    model.eval()
    total_loss, correct = 0.0, 0
    with torch.no_grad():
        for i in range(0, len(x_test), batch):
            logits = model(x_test[i:i + batch])
            total_loss += loss_fn(logits, y_test[i:i + batch]).item() * len(logits)
            correct += (logits.argmax(1) == y_test[i:i + batch]).sum().item()
    eval_seconds = time.perf_counter() - start
    return {"library": "pytorch", "version": torch.__version__,
            "threads": torch.get_num_threads(), "epoch_seconds": epoch_seconds,
            "eval_seconds": eval_seconds, "test_loss": total_loss / len(x_test),
            "test_accuracy": correct / len(x_test),
            "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("side", choices=["pytorch"])
    parser.add_argument("--data", required=True)
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--threads", type=int, default=0, help="torch.set_num_threads; 0: default")
    args = parser.parse_args()
    print(json.dumps(train_pytorch(args.data, args.epochs, args.threads)), flush=True)


if __name__ == "__main__":
    sys.exit(main())
