"""Interop with Python Keras, both ways, for every layer class kerascpp has.

  run_interop.py INTEROP_TOOL WORK_DIR      (the peers python; tests/interop/run_interop.sh)

1. kerascpp writes (`interop_tool write`): per layer case a model trained one epoch with Adam,
   saved as .keras, .weights.h5 (+ its JSON architecture) and legacy .h5, with its prediction and
   the weights after three more train_on_batch steps (results/kerascpp@self).
2. Keras 3.15 (on JAX) loads kerascpp.keras, kerascpp.weights.h5 (into the model read from
   kerascpp.json, compiled with Adam and MSE, its optimizer built so that the file's optimizer
   state can land) and kerascpp.h5; tf-keras 2.21 loads kerascpp.h5. Each predicts and takes the
   same three steps; both must match kerascpp's.
3. Keras 3 and tf-keras build the same models (tests/interop/layer_models.py), train one epoch on
   the same data and save keras3.{keras,weights.h5,h5} and tf_keras.{h5,keras}, with their own
   results; `interop_tool read` loads each in kerascpp, which must predict and train the same.

"Train the same" means the weights after the three steps agree: the steps start from the saved
optimizer state (Adam's iteration count and moments), so a file whose optimizer state was lost
or misplaced fails here. Layers that draw random numbers in training (dropout, noise) are
compared on predictions only: each implementation has its own random stream.

Tolerances (float32 throughout, the dtype of every case): predictions |a - b| <= 1e-5 + 1e-5 |b|
(GEMM and reduction orders differ between oneDNN, XLA and Eigen: a few ulps); weights after
three Adam steps |a - b| <= 1e-5 + 1e-4 |b| (Adam divides by sqrt(v), which amplifies the ulps
of small gradients, but each step moves a weight by at most about the learning rate 1e-3).

Prints the matrix (layer class x file x reader) and writes it to WORK_DIR/matrix.json and
WORK_DIR/matrix.md; exits 1 if any cell fails or a layer class has no case.
"""
import json
import os
import subprocess
import sys
import tempfile
import traceback
import warnings

# kerascpp runs with the environment this script was given (KERAS_BACKEND picks its backend, as
# for every test); Keras 3 runs on JAX in this process.
CPP_ENV = dict(os.environ)
os.environ["KERAS_BACKEND"] = "jax"
# Importing Keras writes keras.json into KERAS_HOME: a scratch folder, never the user's ~/.keras
# (which names kerascpp's backend "cpu", unknown to Python Keras).
os.environ["KERAS_HOME"] = tempfile.mkdtemp(prefix="kerascpp-interop-keras-home-")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

import numpy as np  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import layer_models  # noqa: E402

PREDICT_TOL = (1e-5, 1e-5)  # (atol, rtol)
TRAINED_TOL = (1e-5, 1e-4)
TRAIN_STEPS = 3
# Layer classes with no case, and why.
NOT_A_CASE = {
    "Lambda": "its C++ callable has no config; Keras refuses to deserialize Python lambdas in "
              "safe mode",
    "InputLayer": "in every case's model",
    "Functional": "every case's model is one",
    "Model": "Keras 2's name for Functional, read only",
    "Sequential": "the Sequential case",
}
# What the footnotes of the matrix say where a cell compares predictions only because Keras
# itself fails on its own file of that kind (each checked on every run by the control: the same
# operation on the file Keras 3 wrote must fail with the same type of error).
LIMITATIONS = {
    "kerascpp.h5@keras3": "Keras 3.15 loads the file and predicts the same, but cannot train a model "
                          "loaded from any legacy .h5, its own included (on JAX: `ValueError: "
                          "Argument optimizer_variables must be a list of tensors corresponding "
                          "1:1 to the trainable variables`; on TensorFlow: `Unknown variable`)"
}
KERASCPP_FILES = [("kerascpp.keras", "keras3"), ("kerascpp.weights.h5", "keras3"),
                  ("kerascpp.h5", "keras3"), ("kerascpp.h5", "tf_keras")]
PYTHON_WRITERS = {"keras3": ["keras3.keras", "keras3.weights.h5", "keras3.h5"],
                  "tf_keras": ["tf_keras.h5", "tf_keras.keras"]}


def modules():
    import keras
    import tf_keras
    return {"keras3": keras, "tf_keras": tf_keras}


def inputs_of(case_dir, count):
    x = [np.load(os.path.join(case_dir, f"x{i}.npy")) for i in range(count)]
    return x[0] if count == 1 else x


def save_results(model, x, y, random, out_dir, control=None):
    """predict.npy, then the weights after TRAIN_STEPS steps. `control` (a function loading the
    same kind of file written by Keras itself) is for what Keras cannot do with its own files
    either: when training fails here and fails the same way on the control, the limitation is
    recorded in limitation.txt and the predictions alone are compared."""
    os.makedirs(out_dir, exist_ok=True)
    np.save(os.path.join(out_dir, "predict.npy"), np.asarray(model.predict(x, verbose=0)))
    if random:
        return
    try:
        for _ in range(TRAIN_STEPS):
            model.train_on_batch(x, y)
    except Exception as error:  # noqa: BLE001
        if control is None:
            raise
        same = keras_fails_alike(error, lambda: [control().train_on_batch(x, y)
                                                 for _ in range(TRAIN_STEPS)])
        with open(os.path.join(out_dir, "limitation.txt"), "w") as f:
            f.write(same)
        return
    for i, w in enumerate(model.get_weights()):
        np.save(os.path.join(out_dir, f"trained_{i}.npy"), np.asarray(w))


def keras_fails_alike(error, on_keras_file):
    """The limitation's text when `on_keras_file` (the same on a file Keras wrote) raises the same
    type of error; otherwise `error` is raised again: kerascpp's file is at fault."""
    try:
        on_keras_file()
    except Exception as control:  # noqa: BLE001
        if type(control) is type(error):
            return (f"as with Keras's own file: {type(error).__name__}: "
                    f"{str(error).splitlines()[0][:200]}")
    raise error


def record_error(out_dir, error):
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "error.txt"), "w") as f:
        f.write(f"{type(error).__name__}: {error}")


def load_in_python(K, case_dir, file, keras3):
    path = os.path.join(case_dir, file)
    if file.endswith(".weights.h5"):
        writer = file[:-len(".weights.h5")]
        with open(os.path.join(case_dir, writer + ".json")) as f:
            model = K.models.model_from_json(f.read())
        model.compile(optimizer="adam", loss="mean_squared_error")
        # The file holds the optimizer's variables too; Keras loads them only into a built
        # optimizer (otherwise it warns that the counts differ and skips them).
        model.optimizer.build(model.trainable_variables)
        model.load_weights(path)
        return model
    if keras3:
        return K.saving.load_model(path)
    return K.models.load_model(path)


def python_reads_kerascpp(mods, root, case):
    """Runs after python_writes(): Keras's own files of the case are the controls."""
    case_dir = os.path.join(root, case["name"])
    x = inputs_of(case_dir, case["inputs"])
    y = np.load(os.path.join(case_dir, "y.npy"))
    for file, reader in KERASCPP_FILES:
        K = mods[reader]
        keras3 = reader == "keras3"
        K.backend.clear_session()
        out = os.path.join(case_dir, "results", f"{file}@{reader}")
        # The same kind of file as Keras 3 itself writes it.
        own = os.path.join(case_dir, "keras3" + file[len("kerascpp"):])

        def control():
            K.backend.clear_session()
            return load_in_python(K, case_dir, os.path.basename(own), keras3)

        try:
            model = load_in_python(K, case_dir, file, keras3)
            save_results(model, x, y, case["random"], out, control=control)
        except Exception as e:  # noqa: BLE001 - every failure becomes a cell of the matrix
            record_error(out, e)
            traceback.print_exc()


def python_writes(mods, root, case):
    case_dir = os.path.join(root, case["name"])
    x = inputs_of(case_dir, case["inputs"])
    y = np.load(os.path.join(case_dir, "y.npy"))
    for writer, files in PYTHON_WRITERS.items():
        K = mods[writer]
        K.backend.clear_session()
        try:
            model = layer_models.build(K, case["name"], writer == "keras3")
            model.compile(optimizer="adam", loss="mean_squared_error")
            model.fit(x, y, batch_size=8, epochs=1, shuffle=False, verbose=0)
            for file in files:
                path = os.path.join(case_dir, file)
                if file.endswith(".weights.h5"):
                    model.save_weights(path)
                else:
                    model.save(path)
            with open(os.path.join(case_dir, writer + ".json"), "w") as f:
                f.write(model.to_json())
            save_results(model, x, y, case["random"], os.path.join(case_dir, "results",
                                                                    writer + "@self"))
        except Exception as e:  # noqa: BLE001
            for file in files:
                record_error(os.path.join(case_dir, "results", f"{file}@writer"), e)
            traceback.print_exc()


def compare(case_dir, reference, result, random):
    """'ok' or what differs, for results/<result> against results/<reference>."""
    ref_dir = os.path.join(case_dir, "results", reference)
    out_dir = os.path.join(case_dir, "results", result)
    for d in (ref_dir, out_dir):
        if os.path.exists(os.path.join(d, "error.txt")):
            with open(os.path.join(d, "error.txt")) as f:
                return f"error ({os.path.basename(d)}): {f.read().strip()[:300]}"
        if not os.path.exists(os.path.join(d, "predict.npy")):
            return f"no results in {os.path.basename(d)}"

    def close(name, tol):
        a = np.load(os.path.join(out_dir, name)).astype(np.float64)
        b = np.load(os.path.join(ref_dir, name)).astype(np.float64)
        if a.shape != b.shape:
            return f"{name}: shape {a.shape} against {b.shape}"
        excess = np.abs(a - b) - (tol[0] + tol[1] * np.abs(b))
        if not np.all(np.isfinite(a)) or np.any(excess > 0):
            return f"{name}: max |diff| {np.max(np.abs(a - b)):.3g}"
        return None

    problem = close("predict.npy", PREDICT_TOL)
    if problem:
        return problem
    if random:
        return "ok"
    for d in (ref_dir, out_dir):
        if os.path.exists(os.path.join(d, "limitation.txt")):
            with open(os.path.join(d, "limitation.txt")) as f:
                return "ok (predictions only: " + f.read().strip() + ")"
    ref_count = len([f for f in os.listdir(ref_dir) if f.startswith("trained_")])
    out_count = len([f for f in os.listdir(out_dir) if f.startswith("trained_")])
    if ref_count != out_count:
        return f"{out_count} weights against {ref_count}"
    for i in range(ref_count):
        problem = close(f"trained_{i}.npy", TRAINED_TOL)
        if problem:
            return problem
    return "ok"


POLICIES = ["mixed_bfloat16", "mixed_float16"]


def load_npy(path):
    """np.load, with bfloat16 as ml_dtypes's type (a .npy stores it as raw '<V2')."""
    a = np.load(path)
    if a.dtype.kind == "V" and a.dtype.itemsize == 2:
        import ml_dtypes
        a = a.view(ml_dtypes.bfloat16)
    return a


def check_policies(tool, root, keras):
    """Keras 3's mixed-precision policies both ways: a model made under the policy (Dense,
    BatchNormalization, Dense; mixed_float16 compiles a LossScaleOptimizer) saved as .keras by one
    side and loaded by the other with no global policy set must give its layers the policy and
    predict the same, in the compute dtype, within two units of the half type's precision
    relative to the outputs' scale (the GEMMs round once, in different orders). Returns failures."""
    failures = []
    subprocess.run([tool, "write-policies", root], check=True, env=CPP_ENV)
    for policy in POLICIES:
        d = os.path.join(root, policy)
        x, y = np.load(os.path.join(d, "x.npy")), np.load(os.path.join(d, "y.npy"))
        compute = keras.DTypePolicy(policy).compute_dtype
        unit = 2.0 ** (-8 if compute == "bfloat16" else -11)

        def agree(got, want, what):
            got, want = np.asarray(got), np.asarray(want)
            if str(got.dtype) != compute:
                failures.append(f"{policy}: {what} predicts in {got.dtype}, not {compute}")
                return
            got, want = got.astype(np.float64), want.astype(np.float64)
            tol = 2 * unit * max(1.0, float(np.abs(want).max()))
            if got.shape != want.shape or not np.all(np.abs(got - want) <= tol):
                failures.append(f"{policy}: {what}: max |diff| "
                                f"{float(np.abs(got - want).max())} > {tol}")

        # kerascpp wrote, Keras 3 reads (no global policy: the file says it).
        keras.backend.clear_session()
        keras.config.set_dtype_policy("float32")  # the default (floatx): the file decides
        model = keras.saving.load_model(os.path.join(d, "kerascpp.keras"))
        for layer in model.layers:
            if layer.dtype_policy.name != policy:
                failures.append(f"{policy}: Keras 3 reads layer {layer.name} of kerascpp.keras "
                                f"as {layer.dtype_policy.name}")
        agree(model.predict(x, verbose=0), load_npy(os.path.join(d, "kerascpp@self.npy")),
              "kerascpp.keras in Keras 3")

        # Keras 3 writes, kerascpp reads.
        keras.backend.clear_session()
        keras.config.set_dtype_policy(policy)
        model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(8, activation="relu"),
                                  keras.layers.BatchNormalization(), keras.layers.Dense(3)])
        model.compile(optimizer="adam", loss="mean_squared_error")
        model.fit(x, y, batch_size=8, epochs=1, shuffle=False, verbose=0)
        keras.config.set_dtype_policy("float32")  # the default (floatx): the file decides
        model.save(os.path.join(d, "keras3.keras"))
        np.save(os.path.join(d, "keras3@self.npy"), np.asarray(model.predict(x, verbose=0)))
    subprocess.run([tool, "read-policies", root], check=True, env=CPP_ENV)
    for policy in POLICIES:
        d = os.path.join(root, policy)
        with open(os.path.join(d, "keras3.keras@kerascpp.json")) as f:
            seen = json.load(f)
        for name, got in seen.items():
            if not name.startswith("<") and got != policy:
                failures.append(f"{policy}: kerascpp reads layer {name} of keras3.keras as {got}")
        want_optimizer = "LossScaleOptimizer" if policy == "mixed_float16" else "Adam"
        if seen["<model>"] != policy or seen["<optimizer>"] != want_optimizer:
            failures.append(f"{policy}: kerascpp reads keras3.keras as a {seen['<model>']} model "
                            f"with {seen['<optimizer>']}")
        np_dtype = keras.DTypePolicy(policy).compute_dtype
        got = load_npy(os.path.join(d, "keras3.keras@kerascpp.npy"))
        want = load_npy(os.path.join(d, "keras3@self.npy"))
        unit = 2.0 ** (-8 if np_dtype == "bfloat16" else -11)
        tol = 2 * unit * max(1.0, float(np.abs(want.astype(np.float64)).max()))
        diff = np.abs(got.astype(np.float64) - want.astype(np.float64))
        if str(got.dtype) != np_dtype or got.shape != want.shape or not np.all(diff <= tol):
            failures.append(f"{policy}: keras3.keras in kerascpp predicts {got.dtype} "
                            f"max |diff| {float(diff.max())} > {tol}")
    print(f"interop: dtype policies {', '.join(POLICIES)} both ways: "
          f"{'ok' if not failures else f'{len(failures)} failures'}")
    return failures


def main():
    tool, root = sys.argv[1], sys.argv[2]
    if os.path.exists(root):
        import shutil
        shutil.rmtree(root)
    os.makedirs(root)
    subprocess.run([tool, "write", root], check=True, env=CPP_ENV)
    with open(os.path.join(root, "manifest.json")) as f:
        manifest = json.load(f)
    cases = manifest["cases"]
    failures = []

    cpp_names = sorted(c["name"] for c in cases)
    if cpp_names != layer_models.names():
        failures.append(f"the catalogs differ: C++ {cpp_names}, Python {layer_models.names()}")
    for cls in manifest["layer_classes"]:
        if cls not in cpp_names and cls not in NOT_A_CASE:
            failures.append(f"layer class {cls} has no interop case")

    warnings.simplefilter("ignore")
    mods = modules()
    versions = {"keras3": mods["keras3"].__version__, "tf_keras": mods["tf_keras"].__version__,
                "backend": mods["keras3"].backend.backend()}
    for case in cases:
        python_writes(mods, root, case)
        python_reads_kerascpp(mods, root, case)
    subprocess.run([tool, "read", root], check=True, env=CPP_ENV)

    matrix = []
    for case in cases:
        case_dir = os.path.join(root, case["name"])
        for file, reader in KERASCPP_FILES:
            matrix.append((case["name"], file, "kerascpp", reader,
                           compare(case_dir, "kerascpp@self", f"{file}@{reader}", case["random"])))
        for writer, files in PYTHON_WRITERS.items():
            for file in files:
                matrix.append((case["name"], file, writer, "kerascpp",
                               compare(case_dir, writer + "@self", f"{file}@kerascpp",
                                       case["random"])))
    failures += [f"{name}: {file} ({writer} -> {reader}): {outcome}"
                 for name, file, writer, reader, outcome in matrix
                 if not outcome.startswith("ok")]

    columns = sorted({(file, writer, reader) for _, file, writer, reader, _ in matrix},
                     key=lambda c: (c[1] != "kerascpp", c))
    table = {}
    for name, file, writer, reader, outcome in matrix:
        table.setdefault(name, {})[(file, writer, reader)] = outcome
    random = {case["name"]: case["random"] for case in cases}
    notes = []  # footnotes: what Keras cannot do with its own files either

    def cell(name, column, outcome):
        if not outcome.startswith("ok"):
            return "✗"
        if outcome == "ok":
            return "✓ (predict)" if random[name] else "✓"
        text = LIMITATIONS.get(column[0] + "@" + column[2], outcome)
        if text not in notes:
            notes.append(text)
        return f"✓ (predict) [{notes.index(text) + 1}]"

    header = [f"{f} → {r}" if w == "kerascpp" else f"{f} → kerascpp" for f, w, r in columns]
    lines = ["| layer class | " + " | ".join(header) + " |", "|---|" + "---|" * len(columns)]
    for name in sorted(table):
        lines.append(f"| {name} | " + " | ".join(cell(name, c, table[name][c]) for c in columns)
                     + " |")
    lines += [""] + [f"[{i + 1}] {text}" for i, text in enumerate(notes)]
    with open(os.path.join(root, "matrix.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(os.path.join(root, "matrix.json"), "w") as f:
        json.dump({"versions": versions, "cells": matrix}, f, indent=1)

    failures += check_policies(tool, os.path.join(root, "policies"), mods["keras3"])
    ok = sum(1 for *_, outcome in matrix if outcome.startswith("ok"))
    print(f"interop: Keras {versions['keras3']} on {versions['backend']}, tf-keras "
          f"{versions['tf_keras']}: {ok} of {len(matrix)} cells agree "
          f"({len(cases)} layer classes x {len(columns)} file/direction pairs)")
    for failure in failures:
        print("FAIL", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
