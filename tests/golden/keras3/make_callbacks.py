"""What Keras 3's own callbacks do on scripted metric sequences: EarlyStopping, ReduceLROnPlateau,
CSVLogger, LearningRateScheduler and TerminateOnNaN, driven through their hooks as fit() drives
them, on a tiny real Keras model and optimizer.

The driver (drive_epochs) does what Keras 3's fit() does around the callbacks
(keras/src/backend/jax/trainer.py): model.stop_training = False, on_train_begin, then per epoch
on_epoch_begin, the epoch's scripted logs, on_epoch_end, and a break when stop_training is set;
on_train_end at the end. Before every on_epoch_end the model's one weight (a Dense(1) kernel
without bias) is set to the epoch number, so the weight left after on_train_end tells which
epoch's weights restore_best_weights restored. Logs are Python floats in sorted key order, as
fit() hands them to callbacks (_pythonify_logs converts and sorts them before the hooks run).
Warnings are recorded every time they are raised; Python shows a warning once per place and
kerascpp once per message, so the C++ test compares the distinct ones.

Cases record, per epoch, what the callback exposes (model.stop_training, wait, best,
stopped_epoch, best_epoch, the optimizer's learning rate, the logs after the hook, which the
callback may extend), plus what it printed (stdout), the warnings it raised and the final weight;
CSVLogger cases record the file's bytes; cases whose construction or first epoch raises record
the error's type and message.

Numbers that JSON cannot hold (NaN, +-inf) are written as the strings "nan", "inf", "-inf".

Output: tests/golden/data/keras3_callbacks.json
  {"keras_version", "backend", "generator",
   "early_stopping": [case], "reduce_lr_on_plateau": [case], "csv_logger": [case],
   "learning_rate_scheduler": [case], "terminate_on_nan": [case]}
Each case: {"name", "args" (the callback's keyword arguments), "model" ({"learning_rate",
"metrics", "build_metrics"}), "logs" (one dict per scripted epoch or batch), then the results
(see each maker below).

Run: PY=$(scripts/setup-peers) && "$PY" tests/golden/keras3/make_callbacks.py
"""
import contextlib
import io
import json
import math
import os
import sys
import tempfile
import warnings

os.environ["KERAS_HOME"] = tempfile.mkdtemp(prefix="keras3-home-")
os.environ["KERAS_BACKEND"] = "jax"
os.environ.setdefault("JAX_PLATFORMS", "cpu")

import numpy as np  # noqa: E402
import keras  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "data", "keras3_callbacks.json")
NAN, INF = float("nan"), float("inf")


def num(x):
    """A float for JSON: NaN and infinities as strings."""
    if x is None:
        return None
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def logs_json(logs):
    return {k: num(v) for k, v in sorted(logs.items())}


def make_model(learning_rate=0.1, metrics=(), build_metrics=False):
    """Dense(1) without bias on one input, SGD; metrics built by one evaluate() when asked (the
    "auto" mode looks them up in model.metrics, which exist only once a step ran)."""
    keras.backend.clear_session()
    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1, use_bias=False)])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=learning_rate), loss="mse",
                  metrics=list(metrics))
    if build_metrics:
        model.evaluate(np.zeros((1, 1)), np.zeros((1, 1)), verbose=0)
    return model


def kernel(model):
    return float(model.layers[0].kernel.numpy().reshape(-1)[0])


def set_kernel(model, value):
    model.layers[0].kernel.assign(np.full((1, 1), value, dtype="float32"))


def lr_of(model):
    return float(keras.ops.convert_to_numpy(model.optimizer.learning_rate))


def error_json(e):
    return {"type": type(e).__name__, "message": str(e)}


def keras_warnings(caught):
    """The callbacks' own warnings (UserWarning); NumPy's DeprecationWarnings about JAX arrays
    are noise of this environment."""
    return [str(w.message) for w in caught if issubclass(w.category, UserWarning)]


def construct(cls, args):
    """cls(**args) and the warnings its constructor raised (an unknown mode warns there)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        obj = cls(**args)
    return obj, keras_warnings(caught)


def drive_epochs(callback, model, epoch_logs, inspect):
    """Runs the hooks as fit() would over the scripted epochs; inspect(epoch, logs) records
    each epoch. Returns (records, stdout, warnings)."""
    records = []
    out = io.StringIO()
    with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stdout(out):
        warnings.simplefilter("always")
        callback.set_model(model)
        model.stop_training = False
        callback.on_train_begin({})
        for epoch, scripted in enumerate(epoch_logs):
            callback.on_epoch_begin(epoch, {})
            set_kernel(model, float(epoch))
            logs = dict(sorted(scripted.items()))  # fit() sorts the logs (_pythonify_logs)
            callback.on_epoch_end(epoch, logs)
            records.append(inspect(epoch, logs))
            if model.stop_training:
                break
        callback.on_train_end({})
    return records, out.getvalue(), keras_warnings(caught)


# --------------------------------------------------------------------------------------------
# EarlyStopping


def seq(name, values, **extra):
    """Per-epoch logs: `name` takes the scripted values; extra names take constants or lists."""
    out = []
    for i, v in enumerate(values):
        logs = {name: v}
        for k, e in extra.items():
            logs[k] = e[i] if isinstance(e, list) else e
        out.append(logs)
    return out


DOWN = [1.0, 0.9, 0.95, 0.85, 0.86, 0.87, 0.88, 0.8, 0.9, 0.91, 0.92, 0.93]
UP = [0.5, 0.6, 0.55, 0.7, 0.69, 0.68, 0.67, 0.75, 0.7, 0.7, 0.7, 0.7]
SMALL_STEPS = [1.0, 0.97, 0.94, 0.91, 0.85, 0.84, 0.83, 0.82, 0.81, 0.8]  # steps of 0.03, one 0.06
IMPROVING = [1.0, 0.9, 0.8, 0.7, 0.6, 0.5]

EARLY_STOPPING = [
    ("patience0", {"patience": 0}, {}, seq("val_loss", DOWN, loss=0.5)),
    ("patience1", {"patience": 1}, {}, seq("val_loss", DOWN, loss=0.5)),
    ("patience3", {"patience": 3}, {}, seq("val_loss", DOWN, loss=0.5)),
    ("patience3_never_stops", {"patience": 3}, {}, seq("val_loss", IMPROVING, loss=0.5)),
    ("min_delta", {"patience": 1, "min_delta": 0.05}, {}, seq("val_loss", SMALL_STEPS)),
    ("min_delta_negative_sign_ignored", {"patience": 1, "min_delta": -0.05}, {},
     seq("val_loss", SMALL_STEPS)),
    ("baseline_not_reached", {"patience": 2, "baseline": 0.5}, {},
     seq("val_loss", [0.9, 0.8, 0.7, 0.6, 0.55, 0.52])),
    ("baseline_reached", {"patience": 2, "baseline": 0.75}, {},
     seq("val_loss", [0.9, 0.8, 0.7, 0.6, 0.65, 0.66, 0.67, 0.68])),
    ("restore_best_weights_stopped", {"patience": 2, "restore_best_weights": True, "verbose": 1},
     {}, seq("val_loss", DOWN)),
    ("restore_best_weights_ran_to_the_end",
     {"patience": 5, "restore_best_weights": True, "verbose": 1}, {},
     seq("val_loss", [1.0, 0.7, 0.8, 0.9, 0.75, 0.72])),
    ("restore_best_weights_first_epoch_best", {"patience": 2, "restore_best_weights": True}, {},
     seq("val_loss", [0.5, 0.6, 0.7, 0.8])),
    ("no_restore_verbose", {"patience": 1, "verbose": 1}, {}, seq("val_loss", DOWN)),
    ("start_from_epoch", {"patience": 1, "start_from_epoch": 3}, {},
     seq("val_loss", [1.0, 2.0, 3.0, 0.9, 0.95, 0.97, 0.5])),
    ("start_from_epoch_restore", {"patience": 1, "start_from_epoch": 2, "restore_best_weights": True},
     {}, seq("val_loss", [0.1, 0.2, 0.9, 0.8, 0.85, 0.86])),
    ("mode_max", {"monitor": "val_accuracy", "mode": "max", "patience": 2}, {},
     seq("val_accuracy", UP, val_loss=0.3)),
    ("mode_min_on_accuracy", {"monitor": "val_accuracy", "mode": "min", "patience": 2}, {},
     seq("val_accuracy", UP, val_loss=0.3)),
    ("mode_auto_accuracy", {"monitor": "val_accuracy", "patience": 2},
     {"metrics": ["accuracy", "mae"], "build_metrics": True}, seq("val_accuracy", UP)),
    ("mode_auto_mae", {"monitor": "val_mae", "patience": 2},
     {"metrics": ["accuracy", "mae"], "build_metrics": True}, seq("val_mae", DOWN)),
    ("mode_auto_loss", {"monitor": "loss", "patience": 1}, {}, seq("loss", DOWN)),
    ("mode_unknown_falls_back_to_auto", {"mode": "bogus", "patience": 1}, {},
     seq("val_loss", DOWN)),
    ("mode_auto_unknown_metric", {"monitor": "val_foo", "patience": 1}, {},
     seq("val_foo", DOWN)),
    ("monitor_missing", {"monitor": "val_loss", "patience": 0}, {},
     seq("loss", DOWN[:4], accuracy=0.5)),
    ("nan_values", {"patience": 2}, {}, seq("val_loss", [1.0, NAN, 0.9, NAN, NAN, NAN, 0.1])),
    ("nan_first", {"patience": 2}, {}, seq("val_loss", [NAN, 0.5, 0.4, 0.3, 0.2])),
    ("infinities", {"patience": 1}, {}, seq("val_loss", [INF, 5.0, -INF, 0.0, 1.0, 2.0])),
    ("mode_max_nan", {"monitor": "val_accuracy", "mode": "max", "patience": 1}, {},
     seq("val_accuracy", [0.5, NAN, 0.6, NAN, NAN])),
]


def make_early_stopping():
    cases = []
    for name, args, model_args, logs in EARLY_STOPPING:
        model_spec = {"learning_rate": 0.1, "metrics": [], "build_metrics": False, **model_args}
        model = make_model(model_spec["learning_rate"], model_spec["metrics"],
                           model_spec["build_metrics"])
        case = {"name": name, "args": args, "model": model_spec,
                "logs": [logs_json(l) for l in logs]}
        cb, ctor_warns = construct(keras.callbacks.EarlyStopping, args)

        def inspect(epoch, logs, cb=cb, model=model):
            return {"stop_training": bool(model.stop_training), "wait": cb.wait,
                    "best": num(cb.best), "stopped_epoch": cb.stopped_epoch,
                    "best_epoch": cb.best_epoch}

        try:
            records, stdout, warns = drive_epochs(cb, model, logs, inspect)
        except ValueError as e:
            case["error"] = error_json(e)
        else:
            case.update(epochs=records, stdout=stdout, warnings=ctor_warns + warns,
                        final_weight=kernel(model))
        cases.append(case)
    return cases


# --------------------------------------------------------------------------------------------
# ReduceLROnPlateau

PLATEAU = [1.0, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.85, 0.85, 0.85, 0.85, 0.85, 0.85]
TINY_STEPS = [1.0, 0.99995, 0.9999, 0.99985, 0.9998, 0.99975, 0.9997, 0.99965]  # steps of 5e-5
ACC = [0.5, 0.6, 0.6, 0.6, 0.65, 0.6, 0.6, 0.6, 0.6, 0.6]

REDUCE_LR = [
    ("defaults_patience10", {}, {}, seq("val_loss", PLATEAU)),
    ("patience2_factor_half", {"patience": 2, "factor": 0.5}, {}, seq("val_loss", PLATEAU)),
    ("patience0", {"patience": 0, "factor": 0.5}, {}, seq("val_loss", PLATEAU[:6])),
    ("cooldown2", {"patience": 1, "factor": 0.5, "cooldown": 2}, {}, seq("val_loss", PLATEAU)),
    ("cooldown_with_improvements", {"patience": 1, "factor": 0.5, "cooldown": 3}, {},
     seq("val_loss", [1.0, 1.0, 0.9, 1.0, 0.8, 1.0, 1.0, 1.0, 1.0, 1.0])),
    ("min_lr_floor", {"patience": 1, "factor": 0.1, "min_lr": 0.001, "verbose": 1},
     {"learning_rate": 0.1}, seq("val_loss", PLATEAU)),
    ("min_lr_between", {"patience": 1, "factor": 0.1, "min_lr": 0.004, "verbose": 1},
     {"learning_rate": 0.1}, seq("val_loss", PLATEAU)),
    ("min_delta_default", {"patience": 2, "factor": 0.5}, {}, seq("val_loss", TINY_STEPS)),
    ("min_delta_zero", {"patience": 2, "factor": 0.5, "min_delta": 0.0}, {},
     seq("val_loss", TINY_STEPS)),
    ("min_delta_large", {"patience": 2, "factor": 0.5, "min_delta": 0.06}, {},
     seq("val_loss", SMALL_STEPS)),
    ("mode_max", {"monitor": "val_accuracy", "mode": "max", "patience": 2, "factor": 0.5}, {},
     seq("val_accuracy", ACC)),
    ("mode_min_on_accuracy",
     {"monitor": "val_accuracy", "mode": "min", "patience": 2, "factor": 0.5}, {},
     seq("val_accuracy", ACC)),
    ("mode_auto_accuracy", {"monitor": "val_accuracy", "patience": 2, "factor": 0.5},
     {"metrics": ["accuracy"], "build_metrics": True}, seq("val_accuracy", ACC)),
    ("mode_auto_loss", {"monitor": "loss", "patience": 2, "factor": 0.5}, {},
     seq("loss", PLATEAU)),
    ("verbose", {"patience": 2, "factor": 0.3, "verbose": 1}, {"learning_rate": 0.01},
     seq("val_loss", PLATEAU)),
    ("nan_values", {"patience": 1, "factor": 0.5}, {},
     seq("val_loss", [1.0, NAN, 0.9, NAN, NAN, 0.5, 0.6])),
    ("monitor_missing", {"patience": 1}, {}, seq("loss", PLATEAU[:3])),
    ("factor_one_rejected", {"factor": 1.0}, {}, seq("val_loss", PLATEAU[:2])),
    ("mode_auto_unknown_metric", {"monitor": "val_foo"}, {}, seq("val_foo", PLATEAU[:2])),
]


def make_reduce_lr():
    cases = []
    for name, args, model_args, logs in REDUCE_LR:
        model_spec = {"learning_rate": 0.1, "metrics": [], "build_metrics": False, **model_args}
        case = {"name": name, "args": args, "model": model_spec,
                "logs": [logs_json(l) for l in logs]}
        try:
            cb, ctor_warns = construct(keras.callbacks.ReduceLROnPlateau, args)
            model = make_model(model_spec["learning_rate"], model_spec["metrics"],
                               model_spec["build_metrics"])

            def inspect(epoch, logs, cb=cb, model=model):
                return {"learning_rate": lr_of(model), "logs": logs_json(logs),
                        "wait": cb.wait, "cooldown_counter": cb.cooldown_counter,
                        "best": num(cb.best), "stop_training": bool(model.stop_training)}

            records, stdout, warns = drive_epochs(cb, model, logs, inspect)
        except ValueError as e:
            case["error"] = error_json(e)
        else:
            case.update(epochs=records, stdout=stdout, warnings=ctor_warns + warns)
        cases.append(case)
    return cases


# --------------------------------------------------------------------------------------------
# CSVLogger


def csv_run_logs(rows):
    return [dict(r) for r in rows]


BASIC = [{"loss": 0.5, "accuracy": 0.75, "val_loss": 0.625, "val_accuracy": 0.5},
         {"loss": 0.25, "accuracy": 0.875, "val_loss": 0.3125, "val_accuracy": 0.8125},
         {"loss": 0.1, "accuracy": 0.9, "val_loss": 0.2, "val_accuracy": 0.8}]
# Values whose printing is easy to get wrong: Python's repr switches to exponents below 1e-4 and
# from 1e16, keeps ".0" on integral values, prints float32 values with all their digits.
AWKWARD = [{"loss": 1e-05, "accuracy": 1.0, "val_loss": 1e16, "val_accuracy": 0.0},
           {"loss": 0.1 + 0.2, "accuracy": 0.10000000149011612, "val_loss": 123456789.0,
            "val_accuracy": -0.0},
           {"loss": 0.0001, "accuracy": 2.5e-07, "val_loss": 9999999999999998.0,
            "val_accuracy": 1.5e300},
           {"loss": NAN, "accuracy": INF, "val_loss": -INF, "val_accuracy": 1 / 3}]
NO_VAL = [{"loss": 0.5, "accuracy": 0.75}, {"loss": 0.25, "accuracy": 0.875}]
VAL_LATER = [{"loss": 0.5}, {"loss": 0.25, "val_loss": 0.375}, {"loss": 0.125}]
MISSING_LATER = [{"loss": 0.5, "val_loss": 0.25, "mae": 0.125},
                 {"loss": 0.5, "mae": 0.375}, {"val_loss": 0.5, "extra": 7.0}]

# (name, args, runs: a list of fit() runs, each a list of epoch logs, "pre": file text before)
CSV = [
    ("default", {}, [BASIC], None),
    ("separator_semicolon", {"separator": ";"}, [BASIC], None),
    ("separator_tab", {"separator": "\t"}, [BASIC], None),
    ("separator_dot_quotes_numbers", {"separator": "."}, [BASIC], None),
    ("separator_minus_quotes_negatives", {"separator": "-"}, [AWKWARD], None),
    ("number_formats", {}, [AWKWARD], None),
    ("no_validation_adds_val_columns", {}, [NO_VAL], None),
    ("val_keys_appear_later", {}, [VAL_LATER], None),
    ("keys_missing_later", {}, [MISSING_LATER], None),
    ("append_two_runs", {"append": True, "separator": ";"}, [BASIC[:2], BASIC[1:]], None),
    ("append_to_existing", {"append": True}, [NO_VAL], "epoch,x\r\n0,1\r\n"),
    ("append_to_empty_file", {"append": True}, [NO_VAL], ""),
    ("no_append_overwrites", {}, [BASIC[:1], NO_VAL], "old text\n"),
    ("no_append_two_runs", {}, [BASIC[:2], BASIC[2:]], None),
]


def make_csv_logger():
    cases = []
    tmp = tempfile.mkdtemp(prefix="keras3-csv-")
    for name, args, runs, pre in CSV:
        path = os.path.join(tmp, name + ".csv")
        if pre is not None:
            with open(path, "w", newline="") as f:
                f.write(pre)
        model = make_model()
        cb = keras.callbacks.CSVLogger(path, **args)
        after_runs = []
        for run in runs:
            drive_epochs(cb, model, run, lambda epoch, logs: None)
            with open(path, "rb") as f:
                after_runs.append(f.read().decode("utf-8"))
        cases.append({"name": name, "args": args, "existing": pre,
                      "runs": [[logs_json(l) for l in run] for run in runs],
                      "file_after_each_run": after_runs})
    return cases


# --------------------------------------------------------------------------------------------
# LearningRateScheduler: schedules written the same way in the C++ test.

SCHEDULES = {
    # The current rate halved on odd epochs.
    "halve_odd_epochs": lambda epoch, lr: lr * 0.5 if epoch % 2 == 1 else lr,
    # A fixed formula of the epoch alone.
    "inverse_time": lambda epoch, lr: 0.1 / (1 + epoch),
    # Keras's documented example (with math.exp: the docstring's ops.exp returns a tensor).
    "exp_after_2": lambda epoch, lr: lr if epoch < 2 else lr * math.exp(-0.1),
}

LR_SCHEDULER = [
    ("halve_odd_epochs", "halve_odd_epochs", {"verbose": 1}, 0.1, 6),
    ("inverse_time", "inverse_time", {"verbose": 1}, 0.01, 5),
    ("exp_after_2", "exp_after_2", {}, 0.01, 6),
    ("exp_after_2_verbose", "exp_after_2", {"verbose": 1}, 0.01, 4),
]


def make_lr_scheduler():
    cases = []
    for name, schedule, args, lr0, epochs in LR_SCHEDULER:
        model = make_model(lr0)
        cb = keras.callbacks.LearningRateScheduler(SCHEDULES[schedule], **args)
        begin_lrs = []

        class Probe(keras.callbacks.Callback):
            def on_epoch_begin(self, epoch, logs=None):
                begin_lrs.append(lr_of(model))

        probe = Probe()
        probe.set_model(model)
        logs = [{"loss": 1.0 / (e + 1)} for e in range(epochs)]
        records = []
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            model.stop_training = False
            cb.set_model(model)
            cb.on_train_begin({})
            for epoch in range(epochs):
                cb.on_epoch_begin(epoch, {})
                probe.on_epoch_begin(epoch, {})
                epoch_logs = dict(logs[epoch])
                cb.on_epoch_end(epoch, epoch_logs)
                records.append({"learning_rate_after_begin": begin_lrs[-1],
                                "logs": logs_json(epoch_logs)})
            cb.on_train_end({})
        cases.append({"name": name, "schedule": schedule, "args": args,
                      "model": {"learning_rate": lr0, "metrics": [], "build_metrics": False},
                      "logs": [logs_json(l) for l in logs], "epochs": records,
                      "stdout": out.getvalue()})
    return cases


# --------------------------------------------------------------------------------------------
# TerminateOnNaN: batch losses through on_train_batch_end, fit()'s batch loop breaking on
# stop_training.

TERMINATE = [
    ("finite_runs_through", {}, [0.5, 0.4, 0.3, 0.2]),
    ("nan_at_batch_2", {}, [0.5, 0.4, NAN, 0.3, 0.2]),
    ("inf_at_batch_0", {}, [INF, 0.4, 0.3]),
    ("minus_inf_at_batch_3", {}, [0.5, 0.4, 0.3, -INF, 0.1]),
    ("raise_error_nan", {"raise_error": True}, [0.5, NAN, 0.3]),
    ("raise_error_inf", {"raise_error": True}, [0.5, 0.4, INF]),
    ("no_loss_key", {}, [None, None]),
]


def make_terminate_on_nan():
    cases = []
    for name, args, losses in TERMINATE:
        model = make_model()
        cb = keras.callbacks.TerminateOnNaN(**args)
        cb.set_model(model)
        batches = [({"loss": l} if l is not None else {"accuracy": 0.5}) for l in losses]
        out = io.StringIO()
        ran, error = [], None
        with contextlib.redirect_stdout(out):
            model.stop_training = False
            cb.on_train_begin({})
            try:
                for batch, logs in enumerate(batches):
                    cb.on_train_batch_begin(batch, {})
                    cb.on_train_batch_end(batch, dict(logs))
                    ran.append({"batch": batch, "stop_training": bool(model.stop_training)})
                    if model.stop_training:
                        break
            except RuntimeError as e:
                error = error_json(e)
        case = {"name": name, "args": args, "batch_logs": [logs_json(l) for l in batches],
                "batches": ran, "stdout": out.getvalue()}
        if error:
            case["error"] = error
        cases.append(case)
    return cases


def main():
    data = {
        "keras_version": keras.__version__,
        "backend": keras.backend.backend(),
        "generator": "tests/golden/keras3/make_callbacks.py",
        "early_stopping": make_early_stopping(),
        "reduce_lr_on_plateau": make_reduce_lr(),
        "csv_logger": make_csv_logger(),
        "learning_rate_scheduler": make_lr_scheduler(),
        "terminate_on_nan": make_terminate_on_nan(),
    }
    with open(OUT, "w") as f:
        f.write(json.dumps(data, indent=1, allow_nan=False) + "\n")
    counts = {k: len(v) for k, v in data.items() if isinstance(v, list)}
    print(f"wrote {os.path.relpath(OUT)}: keras {keras.__version__}, {counts}", file=sys.stderr)


if __name__ == "__main__":
    main()
