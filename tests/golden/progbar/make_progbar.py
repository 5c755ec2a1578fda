"""Expected keras.utils.Progbar output, printed by Keras 3's own Progbar class.

The script imports keras/src/utils/progbar.py from a Keras 3 source tree (default /tmp/k3, or
the directory given as the first argument) directly, not a re-implementation: it works with
Debian's python3 and python3-numpy, with two stub modules for the file's Keras imports
(`keras.src.api_export.keras_export`, an identity decorator, and
`keras.src.utils.io_utils.print_msg`, which collects the text instead of writing stdout) and the
module's `time` replaced by a fake clock that the script sets before each call.

Each case replays a fixed sequence of (time, update(current, values, finalize) or add(n,
values)) through one Progbar and records every byte printed (escape codes, "\\b", "\\r"
included). Keras 3 always uses the dynamic display on Linux (`"posix" in sys.modules`), so the
non-dynamic cases set the bar's `_dynamic_display` to False after construction, the one place
the script reaches into the object.

Writes tests/golden/data/progbar.json, read by tests/utils/progbar_test.cc.
Run: /usr/bin/python3 tests/golden/progbar/make_progbar.py [/path/to/keras-3-source]
"""
import importlib.util
import json
import os
import sys
import types


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def time(self):
        return self.now


def load_keras_progbar(keras_root):
    printed = []

    def keras_export(*args, **kwargs):
        return lambda obj: obj

    def print_msg(message, line_break=True):
        message = str(message)
        printed.append(f"{message}\n" if line_break else message)

    stubs = {
        "keras": types.ModuleType("keras"),
        "keras.src": types.ModuleType("keras.src"),
        "keras.src.api_export": types.ModuleType("keras.src.api_export"),
        "keras.src.utils": types.ModuleType("keras.src.utils"),
        "keras.src.utils.io_utils": types.ModuleType("keras.src.utils.io_utils"),
    }
    stubs["keras.src.api_export"].keras_export = keras_export
    stubs["keras.src.utils.io_utils"].print_msg = print_msg
    stubs["keras.src.utils"].io_utils = stubs["keras.src.utils.io_utils"]
    sys.modules.update(stubs)

    path = os.path.join(keras_root, "keras", "src", "utils", "progbar.py")
    spec = importlib.util.spec_from_file_location("keras_progbar", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    clock = FakeClock()
    module.time = clock  # the module calls time.time()
    return module, clock, printed


def run_case(module, clock, printed, name, target, steps, start=1000.0, dynamic=True, **kwargs):
    """steps: (time, "update", current, values, finalize) or (time, "add", n, values)."""
    printed.clear()
    clock.now = start
    bar = module.Progbar(target, **kwargs)
    if not dynamic:
        bar._dynamic_display = False
    recorded = []
    for step in steps:
        clock.now = step[0]
        pairs = step[3] if len(step) > 3 else []
        values = [[k, float(v)] for k, v in pairs]
        if step[1] == "update":
            finalize = step[4] if len(step) > 4 else None
            bar.update(step[2], [tuple(v) for v in values], finalize=finalize)
            recorded.append({"time": step[0], "update": step[2], "values": values,
                             "finalize": finalize})
        else:
            bar.add(step[2], [tuple(v) for v in values])
            recorded.append({"time": step[0], "add": step[2], "values": values})
    options = {"width": 20, "verbose": 1, "interval": 0.05, "stateful_metrics": None,
               "stateless_metrics": None, "unit_name": "step"}
    options.update(kwargs)
    if options["stateful_metrics"] is not None:
        options["stateful_metrics"] = list(options["stateful_metrics"])
    if options["stateless_metrics"] is not None:
        options["stateless_metrics"] = list(options["stateless_metrics"])
    return {"name": name, "extra": {"target": target, "start": start, "dynamic": dynamic,
                                    "options": options, "steps": recorded,
                                    "text": "".join(printed)}}


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


def main():
    keras_root = sys.argv[1] if len(sys.argv) > 1 else "/tmp/k3"
    module, clock, printed = load_keras_progbar(keras_root)
    cases = []

    def case(*args, **kwargs):
        cases.append(run_case(module, clock, printed, *args, **kwargs))

    # verbose 1, the look of fit(): 10 steps of 0.1 s, loss averaged, accuracy stateful.
    for dynamic in (True, False):
        suffix = "dynamic" if dynamic else "static"
        case(f"v1_{suffix}", 10, even_steps(1, 10, 1000.0, 0.1, loss_curve), dynamic=dynamic,
             stateful_metrics=["accuracy"])
        case(f"v1_all_averaged_{suffix}", 10, even_steps(1, 10, 1000.0, 0.1, loss_curve),
             dynamic=dynamic)
        # Lines that get shorter: ETA 1:40 -> 59s, values with fewer digits, are padded.
        case(f"v1_shrinking_{suffix}", 100,
             [(1000.0 + 2.0, "update", 1, [("loss", 12345.678)]),
              (1000.0 + 4.0, "update", 2, [("loss", -12345.678)]),
              (1000.0 + 100.0, "update", 50, [("loss", 0.5)]),
              (1000.0 + 190.0, "update", 90, [("loss", 0.25)]),
              (1000.0 + 200.0, "update", 100, [("loss", 0.125)])],
             dynamic=dynamic, stateful_metrics=["loss"])
        case(f"v1_unknown_target_{suffix}", None,
             even_steps(1, 5, 1000.0, 0.5, lambda i: [("loss", 1.0 / i)]) +
             [(1003.5, "update", 5, [("loss", 0.3)], True)], dynamic=dynamic)

    # Throttling: updates less than `interval` after the last drawn one are skipped unless final;
    # the step estimate is still taken at step 1 even when step 1 is not drawn.
    case("v1_throttled", 8,
         [(1000.01, "update", 1, [("loss", 1.0)]), (1000.02, "update", 2, [("loss", 2.0)]),
          (1000.08, "update", 3, [("loss", 3.0)]), (1000.10, "update", 4, [("loss", 4.0)]),
          (1000.20, "update", 5, [("loss", 5.0)]), (1000.21, "update", 6, [("loss", 6.0)]),
          (1000.215, "update", 8, [("loss", 8.0)])], interval=0.05)
    case("v1_interval_1s", 6, even_steps(1, 6, 1000.0, 0.4, lambda i: [("loss", i)]),
         interval=1.0)
    # A clock that reads near 0: Keras's "last drawn at time 0" holds back the first update.
    case("v1_clock_near_zero", 3,
         [(0.01, "update", 1, []), (0.07, "update", 2, []), (0.08, "update", 3, [])],
         start=0.0)

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
    case("eta_days", 10, [(1000.0 + 90000.0, "update", 1), (1000.0 + 2 * 90000.0, "update", 2)])

    # Time per unit: s, ms, us; exactly 0 (current 0) prints "0s/step".
    case("per_step_seconds", 4, even_steps(1, 4, 1000.0, 2.5), unit_name="step")
    case("per_step_milliseconds", 4, even_steps(1, 4, 1000.0, 0.0123))
    case("per_step_microseconds", 4, even_steps(1, 4, 1000.0, 0.0000456), interval=0.0)
    case("per_step_boundaries", 5,
         [(1001.0, "update", 1), (1002.0, "update", 2), (1002.001, "update", 3),
          (1002.0019995, "update", 4), (1002.0019996, "update", 5)], interval=0.0)
    case("current_zero", 5, [(1000.5, "update", 0, [("loss", 1.5)]),
                             (1001.0, "update", 0, [("loss", 2.5)])])
    case("unit_sample_width_30", 60000,
         [(1000.0 + 0.2, "update", 128), (1000.0 + 0.4, "update", 256),
          (1000.0 + 5.0, "update", 60000)], width=30, unit_name="sample")
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
                              for i in (1, 500, 1000)] + [(1000.0 + 1234.5, "update", 1000)],
         verbose=2)
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

    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "progbar.json")
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"generator": "tests/golden/progbar/make_progbar.py (Keras 3's progbar.py, "
                                "imported with stub modules and a fake clock)",
                   "cases": cases}, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"wrote {len(cases)} cases to {os.path.normpath(out)}")


if __name__ == "__main__":
    main()
