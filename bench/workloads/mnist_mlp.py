#!/usr/bin/python3
"""mnist_mlp (BENCHMARKS.md): Keras's mnist_mlp example on Fashion-MNIST.

Dense 512 relu, Dropout 0.2, Dense 512 relu, Dropout 0.2, Dense 10 softmax; RMSprop(0.001),
categorical crossentropy, batch 128, shuffled every epoch.

bench/run imports this module for the workload's facts and `prepare` (Debian's Python), and runs
it as a script, in a fresh process for each run, for every peer:

  bench/workloads/mnist_mlp.py pytorch --data DIR --epochs N [--threads T] [--precision P]
  KERAS_BACKEND=B KERAS_HOME=SCRATCH bench/workloads/mnist_mlp.py keras --data DIR --epochs N
      [--threads T] [--precision P]

--precision (float32 by default) is one of bench/run's precisions: float16 or bfloat16 throughout,
or the mixed_bfloat16 / mixed_float16 policies; how each side realizes it is in bench/run's help.

The keras side runs Keras 3 (on jax, tensorflow or torch) and the seed's Keras 2.3.1 (on cntk or
tensorflow 1.15) alike, so it stays Python 3.6 code. Each prints one JSON line with the same keys
as build/bench/workload_mnist_mlp (the kerascpp side, bench/workloads/mnist_mlp.cc), plus the
versions and the thread and precision settings it applied.
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


def pytorch_precision(torch, precision):
    """How a PyTorch user runs `precision`: (the dtype of the model and the data, a factory of
    the autocast context that forward and loss run in, the GradScaler or None, the setting in
    words). float16 and bfloat16 put the whole model and the data in that type. The mixed ones
    keep float32 weights and data and let CPU autocast run forward and loss in the half type;
    float16's narrow range loses small gradients, so mixed_float16 also scales the loss with
    a GradScaler (PyTorch's AMP recipe; Keras's LossScaleOptimizer does the same)."""
    whole = {"float32": torch.float32, "float16": torch.float16, "bfloat16": torch.bfloat16}
    mixed = {"mixed_bfloat16": torch.bfloat16, "mixed_float16": torch.float16}
    if precision in whole:
        # A disabled autocast, so that one training loop serves every precision.
        off = lambda: torch.autocast("cpu", enabled=False)
        words = ("float32 throughout" if precision == "float32" else
                 f"model.to(torch.{precision}), data in {precision}")
        return whole[precision], off, None, words
    if precision not in mixed:
        raise SystemExit(f"mnist_mlp.py: unknown --precision '{precision}'; expected one of "
                         f"{', '.join(list(whole) + list(mixed))}")
    half = mixed[precision]
    words = f'torch.autocast("cpu", dtype={half}) around forward and loss, float32 weights'
    scaler = None
    if precision == "mixed_float16":
        grad_scaler = getattr(getattr(torch, "amp", None), "GradScaler", None)
        if grad_scaler is None:
            raise SystemExit(f"mnist_mlp.py: torch {torch.__version__} has no "
                             f"torch.amp.GradScaler for the CPU: mixed_float16 not run")
        scaler = grad_scaler("cpu")
        words += ', torch.amp.GradScaler("cpu")'
    autocast = lambda: torch.autocast("cpu", dtype=half)
    # A torch whose CPU autocast lacks the type warns and runs float32 instead (1.13 with
    # float16): refuse rather than time float32 under the half type's name.
    with autocast():
        probe = torch.ones(1, 1) @ torch.ones(1, 1)
    if probe.dtype != half:
        raise SystemExit(f"mnist_mlp.py: torch {torch.__version__}'s CPU autocast does not run "
                         f"{half} (it computed in {probe.dtype}): {precision} not run")
    return torch.float32, autocast, scaler, words


def train_pytorch(data, epochs, threads, precision):
    """The model as a PyTorch user writes it: nn.Sequential, torch.optim.RMSprop, logits into
    CrossEntropyLoss (softmax + categorical crossentropy fused, PyTorch's idiom), batches
    indexed from one tensor by a fresh permutation each epoch (faster than a DataLoader), at
    `precision` as pytorch_precision says."""
    import torch
    from torch import nn

    if threads:
        torch.set_num_threads(threads)
    setting = (f"torch.set_num_threads({threads})" if threads else
               f"library defaults: torch.get_num_threads() = {torch.get_num_threads()}")
    dtype, autocast, scaler, precision_setting = pytorch_precision(torch, precision)
    load = lambda name: torch.from_numpy(np.load(os.path.join(data, name + ".npy")))
    x_train, y_train = load("x_train").to(dtype), load("y_train")
    x_test, y_test = load("x_test").to(dtype), load("y_test")

    model = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Dropout(0.2),
                          nn.Linear(512, 512), nn.ReLU(), nn.Dropout(0.2),
                          nn.Linear(512, 10))
    with torch.no_grad():
        for i, linear in enumerate(m for m in model if isinstance(m, nn.Linear)):
            linear.weight.copy_(load(f"kernel_{i}").T)  # Keras (in, out); PyTorch (out, in)
            linear.bias.copy_(load(f"bias_{i}"))
    model.to(dtype)
    # Keras's RMSprop: rho 0.9, epsilon 1e-7. (Keras adds epsilon under the square root,
    # PyTorch after it; at 1e-7 that changes no result here.)
    optimizer = torch.optim.RMSprop(model.parameters(), lr=0.001, alpha=0.9, eps=1e-7)
    loss_fn = nn.CrossEntropyLoss()
    batch = 128
    epoch_seconds, epoch_cpu_seconds = [], []
    for _ in range(epochs):
        start, cpu_start = time.perf_counter(), time.process_time()
        model.train()
        order = torch.randperm(len(x_train))
        for i in range(0, len(x_train), batch):
            idx = order[i:i + batch]
            optimizer.zero_grad()
            with autocast():
                loss = loss_fn(model(x_train[idx]), y_train[idx])
            if scaler:
                scaler.scale(loss).backward()
                scaler.step(optimizer)
                scaler.update()
            else:
                loss.backward()
                optimizer.step()
        epoch_seconds.append(time.perf_counter() - start)
        epoch_cpu_seconds.append(time.process_time() - cpu_start)

    start = time.perf_counter()
    model.eval()
    total_loss, correct = 0.0, 0
    with torch.no_grad(), autocast():
        for i in range(0, len(x_test), batch):
            logits = model(x_test[i:i + batch])
            total_loss += loss_fn(logits, y_test[i:i + batch]).item() * len(logits)
            correct += (logits.argmax(1) == y_test[i:i + batch]).sum().item()
    eval_seconds = time.perf_counter() - start
    return {"library": "pytorch", "version": torch.__version__, "thread_setting": setting,
            "precision_setting": precision_setting,
            "threads": torch.get_num_threads(), "epoch_seconds": epoch_seconds,
            "epoch_cpu_seconds": epoch_cpu_seconds,
            "eval_seconds": eval_seconds, "test_loss": total_loss / len(x_test),
            "test_accuracy": correct / len(x_test),
            "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def keras_model(keras):
    """The Keras example's model on either Keras: 3 takes an Input, 2.3.1 an input_shape."""
    from keras import layers

    if keras.__version__.startswith("2."):
        first = [layers.Dense(512, activation="relu", input_shape=(784,))]
    else:
        first = [keras.Input(shape=(784,)), layers.Dense(512, activation="relu")]
    return keras.Sequential(first + [layers.Dropout(0.2), layers.Dense(512, activation="relu"),
                                     layers.Dropout(0.2), layers.Dense(10, activation="softmax")])


def default_threads(backend):
    """What a backend does about threads when nothing is set, for the table's notes."""
    if backend == "torch":
        import torch

        return f"torch.get_num_threads() = {torch.get_num_threads()}"
    if backend == "cntk":
        import cntk

        return f"cntk get_max_num_cputhreads() = {cntk.cntk_py.get_max_num_cputhreads()}"
    if backend == "tensorflow":
        return "intra-op and inter-op pools of one thread per core"
    if backend == "jax":
        flags = os.environ.get("XLA_FLAGS")
        return "XLA:CPU's pool of one thread per CPU" + (f"; XLA_FLAGS={flags}" if flags else "")
    return "?"


def set_keras_threads(backend, threads):
    """Applies --threads with the backend's own knob before Keras builds anything, and says
    what it did. Each of these backends uses every core when left alone (the defaults)."""
    if not threads:
        return "library defaults: " + default_threads(backend)
    if backend == "torch":
        import torch

        torch.set_num_threads(threads)
        return f"torch.set_num_threads({threads})"
    if backend == "tensorflow":
        import tensorflow as tf

        # One op at a time (inter-op 1), each on `threads` threads. The defaults run up to
        # `cores` ops at once, each on up to `cores` threads.
        if tf.__version__.startswith("1."):
            import keras.backend as K

            config = tf.compat.v1.ConfigProto(intra_op_parallelism_threads=threads,
                                              inter_op_parallelism_threads=1)
            K.set_session(tf.compat.v1.Session(config=config))
        else:
            tf.config.threading.set_intra_op_parallelism_threads(threads)
            tf.config.threading.set_inter_op_parallelism_threads(1)
        return f"tensorflow intra-op {threads}, inter-op 1"
    if backend == "cntk":
        import cntk

        cntk.cntk_py.set_max_num_cputhreads(threads)
        return f"cntk set_max_num_cputhreads({threads})"
    if backend == "jax":
        # XLA:CPU has no thread-count call (with XLA_FLAGS' --xla_cpu_multi_thread_eigen=false
        # and intra_op_parallelism_threads=1 its pool threads still work beside Python's); it
        # sizes that pool from the CPUs the process may run on, so bench/run pins the process.
        cpus = len(os.sched_getaffinity(0))
        if cpus != threads:
            raise SystemExit(f"mnist_mlp.py: --threads {threads} on jax needs the process pinned "
                             f"to {threads} CPUs (taskset); it may use {cpus}")
        return f"XLA:CPU's pool sized from the {cpus} CPU(s) the process may use"
    raise SystemExit(f"mnist_mlp.py: no thread setting known for the {backend} backend")


def set_keras_precision(keras, precision):
    """Applies --precision before the model is built, as a Keras user does: floatx for one type
    throughout, the global dtype policy for the mixed ones (float32 variables, computations in
    the half type; under mixed_float16 compile() wraps the optimizer in a LossScaleOptimizer).
    Says what it did."""
    if keras.__version__.startswith("2."):
        # Keras 2.3.1 has floatx but no dtype policies and no bfloat16: the seed's peers race
        # float32 only (bench/run does not ask them for more).
        if precision != "float32":
            raise SystemExit(f"mnist_mlp.py: Keras {keras.__version__} runs float32 only here; "
                             f"{precision} not run")
        return "float32 (Keras's default floatx)"
    if precision.startswith("mixed_"):
        keras.config.set_dtype_policy(precision)
        return f'keras.config.set_dtype_policy("{precision}")'
    keras.config.set_floatx(precision)
    return f'keras.config.set_floatx("{precision}")'


def mpi_initialized():
    """Whether the process called MPI_Init (CNTK links Open MPI but needs it only for
    distributed training; bench/run's CNTK runs on another Open MPI than it was built for,
    so this records that no MPI call ran)."""
    import ctypes

    flag = ctypes.c_int(0)
    ctypes.CDLL("libmpi.so.12").MPI_Initialized(ctypes.byref(flag))
    return bool(flag.value)


def train_keras(data, epochs, threads, precision):
    """The Keras example as written for Keras (3 or 2.3.1): Sequential, RMSprop, one-hot labels
    into categorical crossentropy, fit() with verbose 0 and a callback timing each epoch,
    evaluate() on the test set, at `precision` as set_keras_precision says. The backend comes
    from KERAS_BACKEND (bench/run sets it, and KERAS_HOME to a scratch folder so that no
    ~/.keras is read or written)."""
    backend = os.environ.get("KERAS_BACKEND")
    if not backend or not os.environ.get("KERAS_HOME"):
        raise SystemExit("mnist_mlp.py keras: set KERAS_BACKEND and KERAS_HOME (bench/run does)")
    setting = set_keras_threads(backend, threads)
    import keras

    if keras.backend.backend() != backend:
        raise SystemExit(f"mnist_mlp.py: Keras runs on {keras.backend.backend()}, not {backend}")
    backend_module = {"torch": "torch", "tensorflow": "tensorflow", "jax": "jax",
                      "cntk": "cntk"}[backend]
    backend_version = __import__(backend_module).__version__
    precision_setting = set_keras_precision(keras, precision)

    load = lambda name: np.load(os.path.join(data, name + ".npy"))
    x_train, x_test = load("x_train"), load("x_test")
    y_train = keras.utils.to_categorical(load("y_train"), 10)
    y_test = keras.utils.to_categorical(load("y_test"), 10)

    model = keras_model(keras)
    model.set_weights([load(f"{kind}_{i}") for i in range(len(LAYERS))
                       for kind in ("kernel", "bias")])
    model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=0.001, rho=0.9, epsilon=1e-7),
                  loss="categorical_crossentropy", metrics=["accuracy"])

    class EpochTimer(keras.callbacks.Callback):
        """Training time of each epoch, on_epoch_begin to on_epoch_end (no validation), on
        the wall clock and in CPU time of all the process's threads."""

        def __init__(self):
            super().__init__()
            self.seconds, self.cpu_seconds = [], []

        def on_epoch_begin(self, epoch, logs=None):
            self.start, self.cpu_start = time.perf_counter(), time.process_time()

        def on_epoch_end(self, epoch, logs=None):
            self.seconds.append(time.perf_counter() - self.start)
            self.cpu_seconds.append(time.process_time() - self.cpu_start)

    timer = EpochTimer()
    model.fit(x_train, y_train, batch_size=128, epochs=epochs, verbose=0, callbacks=[timer])
    start = time.perf_counter()
    test_loss, test_accuracy = model.evaluate(x_test, y_test, batch_size=128, verbose=0)
    eval_seconds = time.perf_counter() - start
    result = {"library": "keras", "version": keras.__version__, "backend": backend,
              "backend_version": backend_version, "thread_setting": setting,
              "precision_setting": precision_setting,
              "threads": threads or "auto", "epoch_seconds": timer.seconds,
              "epoch_cpu_seconds": timer.cpu_seconds,
              "eval_seconds": eval_seconds, "test_loss": float(test_loss),
              "test_accuracy": float(test_accuracy),
              "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    if backend == "cntk":
        result["mpi_initialized"] = mpi_initialized()
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("side", choices=["pytorch", "keras"])
    parser.add_argument("--data", required=True)
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--threads", type=int, default=0,
                        help="the library's own thread setting; 0: its defaults")
    parser.add_argument("--precision", default="float32",
                        help="float32, float16, bfloat16, mixed_bfloat16 or mixed_float16")
    args = parser.parse_args()
    train = train_pytorch if args.side == "pytorch" else train_keras
    print(json.dumps(train(args.data, args.epochs, args.threads, args.precision)), flush=True)


if __name__ == "__main__":
    sys.exit(main())
