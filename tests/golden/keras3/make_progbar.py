"""What Keras 3's progress bar prints, byte for byte: keras.utils.Progbar driven directly, and
the bars model.fit(), evaluate() and predict() print through ProgbarLogger.

The clock. Progbar reads the time only through `time.time()` in keras/src/utils/progbar.py; the
script replaces that module's `time` with a fake clock whose reading it sets, so every elapsed
time, ETA and time per step printed is decided by the script:
  - "progbar" cases replay (time, update(current, values, finalize) | add(n, values)) steps
    through one keras.utils.Progbar, the clock set before each call and before the constructor;
  - "fit" cases (fit / evaluate / predict on a tiny model) put a callback first in the list (a
    user's callbacks run before the ProgbarLogger that Keras adds) which sets the clock at each
    hook from a script: an epoch (or an evaluate / predict run) starts at 1000 + 100 × epoch,
    batch b ends `step_seconds[0] + ... + step_seconds[b]` later, and the epoch ends 0.01 s
    after its last batch.

Output captured with stdout not a terminal (sys.stdout a StringIO: print_msg writes there).
Keras 3 redraws in place ("\\b" × the previous width, then "\\r") whenever "posix" is among the
loaded modules, so on Linux always; each case also records "static": the same run with every
Progbar's `_dynamic_display` set to False after its constructor (the one place the script
reaches into Keras), which is what Keras prints where its test says "not dynamic", and what
kerascpp prints into a pipe or file (keras/utils/progbar.h says why).

The fit model: Sequential([Input((2,)), Dense(1)]) with the kernel and bias given, SGD at the
given learning rate, loss "mse", metrics ["mae"], shuffle=False, on the given float32 arrays; the
logs are running means, printed "%.4f", so kerascpp must reach the same values to 4 decimals:
the script checks that no printed value lies within a millionth of itself of a rounding
boundary.

Output: tests/golden/data/keras3_progbar.json, in the layout of tests/support/golden.h:
  {"keras_version", "backend", "generator",
   "cases": [{"name", "extra": {"kind": "progbar", "target", "start", "options", "steps",
                                "dynamic", "static"}},
             {"name", "extra": {"kind": "progbar_error", "options", "error": {"type",
                                "message"}}},
             {"name", "extra": {"kind": "fit" | "evaluate" | "predict", "model", "data", "args",
                                "step_seconds", "dynamic", "static"}}]}
"progbar" steps: {"time", "update", "values": [[name, value]], "finalize"} or
{"time", "add", "values"} (NaN and infinities as the strings "nan", "inf", "-inf"); "args": the keyword arguments of fit / evaluate / predict besides the
data ("generator": true: the batches come from a Python generator, so their number is unknown).

Run: PY=$(scripts/setup-peers) && "$PY" tests/golden/keras3/make_progbar.py
"""
import contextlib
import io
import json
import math
import os
import tempfile

os.environ["KERAS_HOME"] = tempfile.mkdtemp(prefix="keras3-home-")
os.environ["KERAS_BACKEND"] = "jax"
os.environ.setdefault("JAX_PLATFORMS", "cpu")

import numpy as np  # noqa: E402
import keras  # noqa: E402
from keras.src.utils import progbar as progbar_module  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "data", "keras3_progbar.json")


class FakeClock:
    """Stands in for the `time` module inside keras/src/utils/progbar.py."""

    def __init__(self):
        self.now = 0.0

    def time(self):
        return self.now


CLOCK = FakeClock()
progbar_module.time = CLOCK
ORIGINAL_INIT = progbar_module.Progbar.__init__


@contextlib.contextmanager
def dynamic_display(dynamic):
    """Every Progbar made inside: Keras's own display test (dynamic) or not dynamic."""
    if dynamic:
        yield
        return

    def static_init(self, *args, **kwargs):
        ORIGINAL_INIT(self, *args, **kwargs)
        self._dynamic_display = False

    progbar_module.Progbar.__init__ = static_init
    try:
        yield
    finally:
        progbar_module.Progbar.__init__ = ORIGINAL_INIT


def captured(fn):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        fn()
    return out.getvalue()


# --------------------------------------------------------------------------------------------
# keras.utils.Progbar driven directly


def replay(target, steps, start, options):
    def run():
        CLOCK.now = start
        bar = keras.utils.Progbar(target, **options)
        for step in steps:
            CLOCK.now = step[0]
            values = [(k, float(v)) for k, v in (step[3] if len(step) > 3 else [])]
            if step[1] == "update":
                bar.update(step[2], values, finalize=step[4] if len(step) > 4 else None)
            else:
                bar.add(step[2], values)
    return run


def number(x):
    """A float for JSON: NaN and infinities as the strings "nan", "inf", "-inf"."""
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def progbar_case(name, target, steps, start=1000.0, **options):
    recorded = []
    for step in steps:
        values = [[k, number(v)] for k, v in (step[3] if len(step) > 3 else [])]
        if step[1] == "update":
            recorded.append({"time": step[0], "update": step[2], "values": values,
                             "finalize": step[4] if len(step) > 4 else None})
        else:
            recorded.append({"time": step[0], "add": step[2], "values": values})
    texts = {}
    for dynamic in (True, False):
        with dynamic_display(dynamic):
            texts["dynamic" if dynamic else "static"] = captured(
                replay(target, steps, start, options))
    full = {"width": 20, "verbose": 1, "interval": 0.05, "stateful_metrics": None,
            "stateless_metrics": None, "unit_name": "step"}
    full.update({k: sorted(v) if k.endswith("_metrics") and v is not None else v
                 for k, v in options.items()})
    return {"name": name, "extra": {"kind": "progbar", "target": target, "start": start,
                                    "options": full, "steps": recorded, **texts}}


def even_steps(first, last, t0, dt, values=None, finalize_last=None):
    """update(i) for i in [first, last] at t0 + (i - first + 1) * dt; values(i) -> pairs."""
    steps = []
    for i in range(first, last + 1):
        step = (t0 + (i - first + 1) * dt, "update", i, values(i) if values else [])
        if finalize_last is not None and i == last:
            step = step + (finalize_last,)
        steps.append(step)
    return steps


def loss_curve(i):
    return [("loss", 2.0 / (i + 1)), ("accuracy", 0.5 + 0.04 * i)]


def progbar_cases():
    cases = []
    case = lambda *a, **k: cases.append(progbar_case(*a, **k))  # noqa: E731

    # verbose 1, the look of fit(): 10 steps of 0.1 s, loss averaged, accuracy stateful.
    case("v1", 10, even_steps(1, 10, 1000.0, 0.1, loss_curve), stateful_metrics=["accuracy"])
    case("v1_all_averaged", 10, even_steps(1, 10, 1000.0, 0.1, loss_curve))
    # Lines that get shorter (ETA 1:40 -> 59s, values with fewer digits) are padded.
    case("v1_shrinking", 100,
         [(1002.0, "update", 1, [("loss", 12345.678)]),
          (1004.0, "update", 2, [("loss", -12345.678)]),
          (1100.0, "update", 50, [("loss", 0.5)]),
          (1190.0, "update", 90, [("loss", 0.25)]),
          (1200.0, "update", 100, [("loss", 0.125)])], stateful_metrics=["loss"])
    case("v1_unknown_target", None,
         even_steps(1, 5, 1000.0, 0.5, lambda i: [("loss", 1.0 / i)]) +
         [(1003.5, "update", 5, [("loss", 0.3)], True)])

    # Throttling: updates less than `interval` after the last drawn one are skipped unless final;
    # the step estimate is still taken at step 1 even when step 1 is not drawn.
    case("v1_throttled", 8,
         [(1000.01, "update", 1, [("loss", 1.0)]), (1000.02, "update", 2, [("loss", 2.0)]),
          (1000.08, "update", 3, [("loss", 3.0)]), (1000.10, "update", 4, [("loss", 4.0)]),
          (1000.20, "update", 5, [("loss", 5.0)]), (1000.21, "update", 6, [("loss", 6.0)]),
          (1000.215, "update", 8, [("loss", 8.0)])])
    case("v1_interval_1s", 6, even_steps(1, 6, 1000.0, 0.4, lambda i: [("loss", i)]),
         interval=1.0)
    # A clock that reads near 0: Keras's "last drawn at time 0" holds back the first update.
    case("v1_clock_near_zero", 3,
         [(0.01, "update", 1, []), (0.07, "update", 2, []), (0.08, "update", 3, [])], start=0.0)

    # ETA formats (bold number while unfinished): seconds, m:ss over 60 s, h:mm:ss over 3600 s.
    case("eta_seconds", 100, [(1001.0, "update", 1), (1001.5, "update", 2),
                              (1030.0, "update", 60)])
    case("eta_minutes", 100, [(1010.0, "update", 1), (1020.0, "update", 2),
                              (1030.0, "update", 3), (1085.0, "update", 10)])
    case("eta_exactly_60_and_3600", 61, [(1001.0, "update", 1), (1002.0, "update", 2),
                                         (1003.0, "update", 3)])
    case("eta_hours", 1000, [(1010.0, "update", 1), (1030.0, "update", 2),
                             (1040.0, "update", 3), (4000.0, "update", 500),
                             (9000.0, "update", 1000)])
    case("eta_days", 10, [(91000.0, "update", 1), (181000.0, "update", 2)])

    # Time per unit: s, ms, us; exactly 0 (current 0) prints "0s/step".
    case("per_step_seconds", 4, even_steps(1, 4, 1000.0, 2.5))
    case("per_step_milliseconds", 4, even_steps(1, 4, 1000.0, 0.0123))
    case("per_step_microseconds", 4, even_steps(1, 4, 1000.0, 0.0000456), interval=0.0)
    case("per_step_boundaries", 5,
         [(1001.0, "update", 1), (1002.0, "update", 2), (1002.001, "update", 3),
          (1002.0019995, "update", 4), (1002.0019996, "update", 5)], interval=0.0)
    case("current_zero", 5, [(1000.5, "update", 0, [("loss", 1.5)]),
                             (1001.0, "update", 0, [("loss", 2.5)])])
    case("unit_sample_width_30", 60000,
         [(1000.2, "update", 128), (1000.4, "update", 256), (1005.0, "update", 60000)],
         width=30, unit_name="sample")
    # Step 1 twice (a finalizing call right after it), and no step 1 at all.
    case("first_step_repeated", 1, [(1000.3, "update", 1, [], False),
                                    (1000.5, "update", 1, [], True)])
    case("no_first_step", 10, [(1000.5, "update", 4), (1001.5, "update", 10)])

    # Value formats: %.4f when |v| > 1e-3, else %.4e; negatives; exactly 1e-3; zero; large.
    values = [("tiny", 1e-4), ("neg_tiny", -5e-4), ("neg", -2.5), ("edge", 0.001),
              ("above_edge", 0.0010001), ("zero", 0.0), ("big", 123456789.125),
              ("huge", 3.5e20), ("rounding", 0.00015), ("half", 2.00005)]
    names = [k for k, _ in values]
    case("value_formats_v1", 2, [(1000.1, "update", 1, values), (1000.2, "update", 2, values)],
         stateful_metrics=names)
    case("value_formats_v2", 2, [(1000.1, "update", 1, values), (1000.2, "update", 2, values)],
         stateful_metrics=names, verbose=2)
    special = [("nan", math.nan), ("neg_nan", -math.nan), ("inf", math.inf), ("neg_inf", -math.inf)]
    case("value_formats_special", 1, [(1000.1, "update", 1, special)],
         stateful_metrics=[k for k, _ in special])
    case("value_formats_special_v2", 1, [(1000.1, "update", 1, special)],
         stateful_metrics=[k for k, _ in special], verbose=2)

    # Averaging weighted by the units since the last update; stateful values as given; a final
    # update replaces the average with the value given.
    averaging_steps = [(1000.1, "add", 1, [("loss", 1.0), ("acc", 0.1)]),
                       (1000.2, "add", 3, [("loss", 2.0), ("acc", 0.2)]),
                       (1000.3, "add", 2, [("loss", 4.0), ("acc", 0.3)]),
                       (1000.4, "update", 8, [("loss", 3.0), ("acc", 0.4)], False),
                       (1000.5, "update", 10, [("loss", 5.0), ("acc", 0.5)])]
    case("stateful_vs_averaged", 10, averaging_steps, stateful_metrics=["acc"])
    case("stateless_metrics", 10, averaging_steps, stateless_metrics=["loss"])
    case("all_averaged", 10, averaging_steps)
    case("all_averaged_v2", 10, averaging_steps, verbose=2)
    case("metric_appears_later", 4,
         [(1000.1, "update", 1, [("loss", 1.0)]),
          (1000.2, "update", 2, [("loss", 1.0), ("val_loss", 0.5)]),
          (1000.3, "update", 3, [("accuracy", 0.75)]),
          (1000.4, "update", 4, [("loss", 0.5), ("val_loss", 0.25)])])
    # Widths count characters, not bytes.
    case("non_ascii_names", 3, [(1000.1, "update", 1, [("überloss", 123.5)]),
                                (1000.2, "update", 2, [("überloss", 1.5)]),
                                (1000.3, "update", 3, [("überloss", 0.5)])])

    # verbose 2: one line at the end, only with a known target; verbose 0: nothing.
    case("v2", 10, even_steps(1, 10, 1000.0, 0.1, loss_curve), verbose=2,
         stateful_metrics=["accuracy"])
    case("v2_finalize_early", 10,
         even_steps(1, 3, 1000.0, 0.25, loss_curve) + [(1001.0, "update", 3, loss_curve(3), True)],
         verbose=2)
    case("v2_unknown_target", None,
         even_steps(1, 3, 1000.0, 0.25, loss_curve) + [(1001.0, "update", 3, loss_curve(3), True)],
         verbose=2)
    case("v2_minutes", 1000, [(1000.0 + 0.2 * i, "update", i, [("loss", 1.0)])
                              for i in (1, 500, 1000)] + [(2234.5, "update", 1000)], verbose=2)
    case("v0", 10, even_steps(1, 10, 1000.0, 0.1, loss_curve), verbose=0)

    # Counter padding, target 0 (shown as Unknown), current past the target, explicit finalize.
    case("target_1000_padding", 1000, [(1000.1, "update", 7), (1000.2, "update", 70),
                                       (1000.3, "update", 700), (1000.4, "update", 1000)])
    case("target_zero", 0, [(1000.1, "update", 0), (1000.2, "update", 3),
                            (1000.3, "update", 3, [], True)])
    case("past_target", 4, [(1000.1, "update", 2), (1000.2, "update", 6, [], False),
                            (1000.3, "update", 7)])
    case("finalize_false_at_target", 5,
         [(1000.1, "update", 5, [("loss", 1.0)], False),
          (1000.2, "update", 5, [("loss", 2.0)], False),
          (1000.3, "update", 5, [("loss", 3.0)], True)])
    case("width_7_rounding", 3, even_steps(1, 3, 1000.0, 0.1), width=7)

    try:
        keras.utils.Progbar(3, stateful_metrics=["a"], stateless_metrics=["b"])
    except ValueError as e:
        cases.append({"name": "both_metric_lists", "extra": {
            "kind": "progbar_error", "options": {"stateful_metrics": ["a"],
                                                 "stateless_metrics": ["b"]},
            "error": {"type": type(e).__name__, "message": str(e)}}})
    return cases


# --------------------------------------------------------------------------------------------
# fit / evaluate / predict


def float32_values(rng, shape):
    return np.asarray(rng.uniform(-1.0, 1.0, shape), "float32").tolist()


# Seeded values rounded to float32 (JSON holds them exactly), so no printed mean sits on a
# decimal tie.
RNG = np.random.default_rng(2024)
MODEL = {"kernel": float32_values(RNG, (2, 1)), "bias": float32_values(RNG, (1,)),
         "learning_rate": 0.1}
DATA = {"x": float32_values(RNG, (8, 2)), "y": float32_values(RNG, (8, 1)),
        "x_val": float32_values(RNG, (3, 2)), "y_val": float32_values(RNG, (3, 1))}


class ScriptedClock(keras.callbacks.Callback):
    """Sets the progbar's clock at every hook, before ProgbarLogger reads it; records the logs."""

    def __init__(self, step_seconds):
        super().__init__()
        self.step_seconds = step_seconds
        self.logs = []

    def start(self, epoch):
        self.base = 1000.0 + 100.0 * epoch
        CLOCK.now = self.base
        self.last = self.base

    def batch_end(self, batch, logs):
        CLOCK.now = self.base + sum(self.step_seconds[:batch + 1])
        self.last = CLOCK.now
        self.logs.append(dict(logs or {}))

    def end(self, logs):
        CLOCK.now = self.last + 0.01
        self.logs.append(dict(logs or {}))

    def on_epoch_begin(self, epoch, logs=None):
        self.start(epoch)

    def on_train_batch_end(self, batch, logs=None):
        self.batch_end(batch, logs)

    def on_epoch_end(self, epoch, logs=None):
        self.end(logs)

    def on_test_begin(self, logs=None):
        if not self.in_fit():
            self.start(0)

    def on_test_batch_end(self, batch, logs=None):
        if not self.in_fit():
            self.batch_end(batch, logs)

    def on_test_end(self, logs=None):
        if not self.in_fit():
            self.end(logs)

    def on_predict_begin(self, logs=None):
        self.start(0)

    def on_predict_batch_end(self, batch, logs=None):
        self.batch_end(batch, None)

    def on_predict_end(self, logs=None):
        self.end(None)

    def on_train_begin(self, logs=None):
        self.fitting = True

    def on_train_end(self, logs=None):
        self.fitting = False

    def in_fit(self):
        return getattr(self, "fitting", False)


def make_model():
    keras.backend.clear_session()
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.layers[0].set_weights([np.array(MODEL["kernel"], "float32"),
                                 np.array(MODEL["bias"], "float32")])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=MODEL["learning_rate"]),
                  loss="mse", metrics=["mae"])
    return model


def batches(x, y, batch_size):
    for i in range(0, len(x), batch_size):
        yield x[i:i + batch_size], y[i:i + batch_size]


def run(kind, args, step_seconds):
    model = make_model()
    clock = ScriptedClock(step_seconds)
    x, y = np.array(DATA["x"], "float32"), np.array(DATA["y"], "float32")
    kwargs = {k: v for k, v in args.items() if k not in ("generator", "validation")}
    if args.get("validation"):
        kwargs["validation_data"] = (np.array(DATA["x_val"], "float32"),
                                     np.array(DATA["y_val"], "float32"))
    if args.get("generator"):
        data = (batches(x, y, args["batch_size"]),)
        kwargs.pop("batch_size")
    else:
        data = (x, y) if kind != "predict" else (x,)
    if kind == "predict" and args.get("generator"):
        data = ((bx,) for bx, _ in batches(x, y, args["batch_size"])),
    method = getattr(model, kind)
    text = captured(lambda: method(*data, callbacks=[clock], **kwargs))
    return text, clock.logs


def check_rounding(logs, name):
    """No printed value may lie within 1e-6 × itself of a boundary of its 4-decimal rounding
    (float32 sums in another order differ by far less)."""
    for entry in logs:
        for key, value in entry.items():
            scaled = abs(value) * 1e4
            assert abs(value) > 1e-3, (name, key, value)
            assert abs(scaled - math.floor(scaled) - 0.5) > scaled * 1e-6, (name, key, value)


def fit_case(name, kind, args, step_seconds):
    texts = {}
    for dynamic in (True, False):
        with dynamic_display(dynamic):
            text, logs = run(kind, args, step_seconds)
        check_rounding(logs, name)
        texts["dynamic" if dynamic else "static"] = text
    return {"name": name, "extra": {"kind": kind, "model": MODEL, "data": DATA, "args": args,
                                    "step_seconds": step_seconds, **texts}}


# Uneven steps: the first long (Keras leaves it out of the time per step once there are more),
# some shorter than the 0.05 s between drawn updates (skipped).
STEPS = [0.5, 0.02, 0.04, 0.3, 0.01, 0.25, 0.03, 0.2]


def fit_cases():
    cases = []
    case = lambda *a: cases.append(fit_case(*a))  # noqa: E731
    fit = {"batch_size": 3, "shuffle": False}
    case("fit_verbose1", "fit", {**fit, "epochs": 3, "validation": True}, STEPS)
    case("fit_verbose2", "fit", {**fit, "epochs": 3, "validation": True, "verbose": 2}, STEPS)
    case("fit_one_epoch", "fit", {**fit, "epochs": 1}, STEPS)
    case("fit_initial_epoch", "fit", {**fit, "epochs": 3, "initial_epoch": 1}, STEPS)
    case("fit_batch_size_1", "fit", {"batch_size": 1, "shuffle": False, "epochs": 2}, STEPS)
    case("fit_slow_steps", "fit", {**fit, "epochs": 2}, [70.0, 65.0, 80.0])
    case("fit_even_steps", "fit", {**fit, "epochs": 2, "validation": True}, [0.25] * 3)
    case("fit_generator", "fit", {"batch_size": 3, "epochs": 1, "generator": True}, STEPS)
    case("fit_generator_verbose2", "fit",
         {"batch_size": 3, "epochs": 1, "generator": True, "verbose": 2}, STEPS)
    case("evaluate_verbose1", "evaluate", {"batch_size": 3}, STEPS)
    case("evaluate_verbose2", "evaluate", {"batch_size": 3, "verbose": 2}, STEPS)
    case("evaluate_batch_size_1", "evaluate", {"batch_size": 1}, STEPS)
    case("evaluate_generator", "evaluate", {"batch_size": 3, "generator": True}, STEPS)
    case("predict_verbose1", "predict", {"batch_size": 3}, STEPS)
    case("predict_verbose2", "predict", {"batch_size": 3, "verbose": 2}, STEPS)
    case("predict_generator", "predict", {"batch_size": 3, "generator": True}, STEPS)
    return cases


def main():
    cases = progbar_cases() + fit_cases()
    data = {"keras_version": keras.__version__, "backend": keras.backend.backend(),
            "generator": "tests/golden/keras3/make_progbar.py", "cases": cases}
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(json.dumps(data, indent=1, ensure_ascii=False, allow_nan=False) + "\n")
    fits = sum(c["extra"]["kind"] in ("fit", "evaluate", "predict") for c in cases)
    print(f"wrote {len(cases) - fits} Progbar cases and {fits} fit / evaluate / predict cases "
          f"to {os.path.relpath(OUT)}")


if __name__ == "__main__":
    main()
