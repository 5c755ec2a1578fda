"""Runs the parts of a Keras 3 golden generator (make_losses.py, make_metrics.py,
make_optimizers.py, make_activations.py, make_initializers.py, make_numerical_utils.py) under the
Keras backend each dtype needs, each part in its own Python process, and writes their cases as
one JSON file:

  float32  Keras 3 on JAX's CPU backend, in JAX's default 32-bit mode, as a Keras user runs it.
  float64  Keras 3 on TensorFlow's CPU backend (one thread, so sums are always added in one
           order), or, for a generator that asks for it, on JAX with jax_enable_x64 or on Torch
           (one thread; Torch is in the environment `scripts/setup-peers --race` makes).

No backend of Keras 3 computes everything in float64 as written:
  - on JAX, Torch and NumPy, its type promotion (keras/src/backend/common/dtypes.py,
    BIT64_TO_BIT32_DTYPE) maps float64 to float32, so ops.mean of a float64 tensor sums in
    float32 (on JAX ops.var, tanh and sigmoid even return float32), and with them every loss and
    metric that averages;
  - on TensorFlow, ops.cast(python_float, "float64") is tf.cast, which makes a float32 tensor of
    the number first, so an optimizer's momentum, betas and rho reach a float64 update rounded to
    float32 (0.9 becomes 0.8999999761581421), where JAX's cast keeps them exact; TensorFlow's own
    ops hold some constants in float32 too (tf.nn.leaky_relu's alpha is a float attribute,
    tf.nn.gelu's coefficients).
So losses, initializers and normalize take float64 from TensorFlow (their reductions stay
float64; their constants are weakly typed Python floats, exact there), optimizers from JAX with
jax_enable_x64 (no means in an update; every hyperparameter exact) and activations from Torch
(elementwise, its functions take double arguments). Metrics are float32 only (floatx variables).

A generator defines produce(dtype, keras) -> {"cases": [...], ...} and ends with
    backend_per_dtype.main(__file__, produce, "keras3_<name>.json", dtypes, float64_backend)
Run without arguments, main() starts `python <generator> --dtype D --backend B --out FILE` for
each dtype in order, then writes tests/golden/data/<file>: {"generator", "keras_version",
"backends": {dtype: backend}, "cases": the parts' cases in order, and the first part's other
keys}. Nothing random, no paths or times are recorded, so a rerun writes the same bytes.
"""
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def import_keras(backend):
    """Keras 3 on `backend` ("jax", "jax_x64", "tensorflow" or "torch"). KERAS_HOME is a scratch
    folder: importing Keras writes a keras.json there, and the user's ~/.keras (which kerascpp
    reads) stays untouched."""
    os.environ["KERAS_HOME"] = tempfile.mkdtemp(prefix="keras3-home-")
    os.environ["KERAS_BACKEND"] = "jax" if backend == "jax_x64" else backend
    if backend == "jax_x64":
        os.environ["JAX_ENABLE_X64"] = "1"
    os.environ.setdefault("JAX_PLATFORMS", "cpu")
    os.environ["CUDA_VISIBLE_DEVICES"] = ""
    os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
    os.environ["TF_ENABLE_ONEDNN_OPTS"] = "0"
    if backend == "tensorflow":
        import tensorflow as tf

        tf.config.threading.set_intra_op_parallelism_threads(1)
        tf.config.threading.set_inter_op_parallelism_threads(1)
    if backend == "torch":
        import torch

        torch.set_num_threads(1)
    import keras

    assert keras.backend.backend() == os.environ["KERAS_BACKEND"]
    return keras


def value_and_gradient(f, x):
    """f(x) and the gradient of its sum with respect to x (reverse mode of the backend:
    jax.vjp, tf.GradientTape), as NumPy arrays. f may attach a mask to x."""
    import numpy as np

    if os.environ["KERAS_BACKEND"] == "jax":
        import jax
        import jax.numpy as jnp

        value, vjp = jax.vjp(f, jnp.asarray(x))
        (grad,) = vjp(jnp.ones_like(value))
        return np.asarray(value), np.asarray(grad)
    import tensorflow as tf

    p = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(p)
        value = f(p)
    grad = tape.gradient(value, p)
    grad = np.zeros_like(x) if grad is None else grad.numpy()
    return np.asarray(value), grad


def array(x, dtype):
    """A golden array ({"shape", "dtype", "data"}, tests/support/golden.h) of x as `dtype`.
    float32 values are written as their shortest repr, which reads back as the same float32;
    JSON has no non-finite numbers: NaN is null, the infinities "inf" and "-inf"."""
    import numpy as np

    x = np.asarray(x)
    if dtype in ("float32", "float64"):
        x = x.astype(dtype)
        data = [float(str(v)) if np.isfinite(v) else None if np.isnan(v) else
                ("inf" if v > 0 else "-inf") for v in x.reshape(-1)]
    elif dtype == "bool":
        data = [bool(v) for v in x.reshape(-1)]
    else:
        data = [int(v) for v in x.reshape(-1)]
    return {"shape": list(x.shape), "dtype": dtype, "data": data}


def jsonable(value):
    """Keras arguments and configs as JSON: tuples become lists, NumPy numbers Python's."""
    import numpy as np

    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    if hasattr(value, "__array__"):  # a NumPy or backend array
        return jsonable(np.asarray(value).tolist())
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise TypeError(f"not JSON: {value!r}")


def main(script, produce, file, dtypes=("float32", "float64"), float64_backend="tensorflow"):
    backends = {"float32": "jax", "float64": float64_backend}
    args = sys.argv[1:]
    if args:  # a part: python <script> --dtype D --backend B --out FILE
        assert len(args) == 6 and args[0::2] == ["--dtype", "--backend", "--out"], args
        dtype, backend, out = args[1::2]
        keras = import_keras(backend)
        part = produce(dtype, keras)
        part["keras_version"] = keras.__version__
        with open(out, "w") as f:
            json.dump(part, f)
        return
    result = None
    with tempfile.TemporaryDirectory(prefix="keras3-parts-") as scratch:
        for dtype in dtypes:
            out = os.path.join(scratch, f"{dtype}.json")
            subprocess.run([sys.executable, os.path.abspath(script), "--dtype", dtype,
                            "--backend", backends[dtype], "--out", out], check=True)
            with open(out) as f:
                part = json.load(f)
            if result is None:
                result = {"generator": f"tests/golden/keras3/{os.path.basename(script)}",
                          "keras_version": part.pop("keras_version"),
                          "backends": {d: backends[d] for d in dtypes}, **part}
            else:
                assert part.pop("keras_version") == result["keras_version"]
                result["cases"] += part["cases"]
    target = os.path.join(HERE, "..", "data", file)
    with open(target, "w") as f:
        json.dump(result, f)
        f.write("\n")
    print(f"wrote {len(result['cases'])} cases to {os.path.relpath(target)}")
