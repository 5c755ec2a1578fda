"""What Keras 3's own `model.summary()` prints, captured byte for byte.

Each case builds a real Keras 3 model (on JAX) of a kind kerascpp builds, calls
`model.summary(**args)` and records what came out:
  - "stdout": the bytes Keras wrote to file descriptor 1 while it was redirected to a temporary
    file (so stdout is not a terminal, as under ctest or in a pipe), print_fn unset;
  - "print_fn": the strings handed to `print_fn` (Keras calls it once with the whole text); the
    generator checks that they equal the stdout text and records how many calls there were;
  - for an error (an Insufficient console width, a layer_range that matches nothing): its type
    and message, raised before anything is printed.
The C++ test (tests/models/summary_test.cc) builds the same model with its builder of the same
name (the builders below and the C++ ones are written side by side, in the same order), passes
the same `args`, and compares the text.

Terminal width. Keras takes the table's default width from shutil.get_terminal_size() and rich
crops the printed lines at its console width; both read $COLUMNS first (rich: when it is all
digits), and otherwise ask the terminal (rich: stdin, stdout, then stderr), so the generator sets
COLUMNS for every case (80 unless the case says otherwise, recorded as "columns") and the result
does not depend on the terminal it runs in. It also removes FORCE_COLOR, NO_COLOR,
TTY_COMPATIBLE, TTY_INTERACTIVE, COLORTERM, JUPYTER_COLUMNS, LINES and TERM, which rich reads.

Terminal cases ("env" not empty) are what Keras prints to a terminal: rich treats a stdout that
is not a terminal as one when FORCE_COLOR is set; TERM=xterm-256color selects its 256-colour
system (Keras's palette colours print as themselves), TERM=xterm its 16-colour one (the nearest
standard colours), COLORTERM=truecolor its truecolor one, NO_COLOR=1 drops the colours and keeps
bold, TERM=dumb drops every escape and makes the console 80 columns wide whatever COLUMNS says.
The C++ test sets the same variables and captures what model.summary() writes to std::cout.

Backends. Keras's optimizer counts its steps in an int32 variable on JAX and torch and in an
int64 one on TensorFlow ("int" resolves per backend); kerascpp's is int64, as TensorFlow's, so the
cases with a built optimizer ("Optimizer params") are captured from Keras on TensorFlow (the
peers environment has it) ("backend": "tensorflow"); on JAX they would print 4 bytes fewer.
Every other case is Keras on JAX. The plain JAX cases run in this process, every other group
of cases (one backend, one console environment) in a child process of its own (see group_of).

Tables ("rich_table_<i>"): random tables drawn by `rich.table.Table(..., width=W, show_lines=True)` with fixed
column widths, as Keras builds its table, through the `rich` that Keras 3.15.1 installs (the
peers environment): they exercise word wrapping, overlong words cut with an ellipsis,
justification and width reduction beyond what the model summaries reach. kerascpp's table
drawer (utils::render_table) must draw the same characters.

Output: tests/golden/data/keras3_summaries.json, in the layout of tests/support/golden.h:
  {"keras_version", "rich_version", "backend", "generator",
   "cases": [{"name", "extra": {"model" (the builder), "backend", "columns", "env", "args",
                                "stdout" | "error": {"type", "message"}, "print_fn_calls"}},
             ...,
             {"name": "rich_table_<i>", "extra": {"table": {"columns": [{"header", "justify",
                                                  "width"}], "rows", "width"}, "text"}}]}

Run: PY=$(scripts/setup-peers) && "$PY" tests/golden/keras3/make_summaries.py
"""
import json
import os
import random
import subprocess
import sys
import tempfile

# Child processes (see group_of) get --backend, --group and --out.
BACKEND = sys.argv[sys.argv.index("--backend") + 1] if "--backend" in sys.argv else "jax"
os.environ["KERAS_HOME"] = tempfile.mkdtemp(prefix="keras3-home-")
os.environ["KERAS_BACKEND"] = BACKEND
os.environ.setdefault("JAX_PLATFORMS", "cpu")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
for variable in ("FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "COLORTERM",
                 "JUPYTER_COLUMNS", "LINES", "TERM"):
    os.environ.pop(variable, None)
os.environ["COLUMNS"] = "80"

import numpy as np  # noqa: E402
import rich  # noqa: E402
import rich.console  # noqa: E402
import rich.markup  # noqa: E402
import rich.table  # noqa: E402
import keras  # noqa: E402
from importlib.metadata import version  # noqa: E402

L = keras.layers
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "data", "keras3_summaries.json")


def capture_stdout(fn):
    """Runs fn() with file descriptor 1 on a temporary file; returns (bytes as text, error)."""
    sys.stdout.flush()
    error = None
    with tempfile.TemporaryFile() as f:
        saved = os.dup(1)
        os.dup2(f.fileno(), 1)
        try:
            fn()
        except ValueError as e:
            error = e
        finally:
            sys.stdout.flush()
            os.dup2(saved, 1)
            os.close(saved)
        f.seek(0)
        return f.read().decode("utf-8"), error


# --------------------------------------------------------------------------------------------
# The models. Every builder starts after keras.backend.clear_session(), so automatic names
# (dense, dense_1, input_layer, functional, ...) start again, as after utils::clear_session().


def mnist_mlp():
    return keras.Sequential([keras.Input((784,)), L.Dense(512, activation="relu"), L.Dropout(0.2),
                             L.Dense(512, activation="relu"), L.Dropout(0.2),
                             L.Dense(10, activation="softmax")])


def lazy_sequential():
    return keras.Sequential([L.Dense(4), L.Dense(2)], name="lazy")


def sequential_built_by_build():
    model = keras.Sequential([L.Dense(4), L.Dense(2)])
    model.build((None, 3))
    return model


def sequential_built_by_call():
    # Built on its first batch: the shapes keep that batch's size.
    model = keras.Sequential([L.Dense(4), L.Dense(2)])
    model(np.zeros((2, 3), dtype="float32"))
    return model


def empty_sequential():
    return keras.Sequential()


def rank_one_input():
    return keras.Sequential([keras.Input(()), L.Activation("relu")])


def fixed_batch_and_unknown_dims():
    return keras.Sequential([keras.Input((None, 8), batch_size=16), L.Dense(4),
                             L.LayerNormalization()])


def core_layers():
    tokens = keras.Input((10,), dtype="int32", name="tokens")
    x = L.Embedding(1000, 8, name="embedding")(tokens)
    x = L.Identity(name="identity")(x)
    x = L.Lambda(lambda t: t * 2.0, name="doubled")(x)
    x = L.EinsumDense("abc,cd->abd", output_shape=(10, 5), bias_axes="d",
                      name="einsum_dense")(x)
    x = L.Dense(3, name="dense")(x)
    return keras.Model(tokens, x, name="core")


def masking_sequential():
    # In a functional model Keras would list the mask's NotEqual and Any operations as rows; a
    # Sequential lists its layers only.
    return keras.Sequential([keras.Input((10, 8)), L.Masking(), L.Dense(3)], name="masked")


def reshaping_layers():
    return keras.Sequential([keras.Input((6, 4)), L.Permute((2, 1)), L.Reshape((3, 8)),
                             L.Flatten(), L.RepeatVector(3), L.Reshape((-1,))],
                            name="reshaping")


def activation_layers():
    return keras.Sequential([keras.Input((5,)), L.Activation("tanh"), L.ReLU(), L.LeakyReLU(),
                             L.PReLU(), L.ELU(), L.Softmax()], name="activations")


def regularization_layers():
    return keras.Sequential([keras.Input((4, 6)), L.Dropout(0.5), L.SpatialDropout1D(0.5),
                             L.AlphaDropout(0.5), L.GaussianNoise(0.1), L.GaussianDropout(0.1),
                             L.ActivityRegularization(l1=0.01), L.Reshape((2, 2, 6)),
                             L.SpatialDropout2D(0.5)], name="regularization")


def normalization_layers():
    return keras.Sequential([keras.Input((6,)), L.Dense(8), L.BatchNormalization(),
                             L.LayerNormalization(), L.UnitNormalization(), L.Dense(1)],
                            name="normalization")


def merging_layers():
    a = keras.Input((4,), name="a")
    b = keras.Input((4,), name="b")
    added = L.Add(name="add")([a, b])
    subtracted = L.Subtract(name="subtract")([a, b])
    multiplied = L.Multiply(name="multiply")([added, subtracted])
    averaged = L.Average(name="average")([a, b, multiplied])
    largest = L.Maximum(name="maximum")([a, averaged])
    smallest = L.Minimum(name="minimum")([b, averaged])
    joined = L.Concatenate(name="concatenate")([largest, smallest])
    dotted = L.Dot(axes=1, name="dot")([largest, smallest])
    return keras.Model([a, b], [joined, dotted], name="merging")


def merging_functions():
    # The functional forms make their layers with automatic names.
    a = keras.Input((3,))
    b = keras.Input((3,))
    return keras.Model([a, b], keras.layers.concatenate([keras.layers.add([a, b]),
                                                         keras.layers.multiply([a, b])]))


def two_heads():
    x = keras.Input((8,), name="features")
    h = L.Dense(16, activation="relu", name="hidden")(x)
    return keras.Model(x, [L.Dense(3, name="head_a")(h), L.Dense(1, name="head_b")(h)],
                       name="two_heads")


def two_inputs():
    a = keras.Input((32,), name="a")
    b = keras.Input((16,), name="b")
    joined = L.Concatenate(name="concat")([L.Dense(8, name="dense_a")(a),
                                           L.Dense(8, name="dense_b")(b)])
    return keras.Model([a, b], L.Dense(1, name="score")(joined), name="two_inputs")


def diamond():
    x = keras.Input((4,))
    left = L.Dense(3)(x)
    right = L.Dense(3)(x)
    return keras.Model(x, L.Add()([left, right]))


def functional_chain():
    # One node per depth and one input each: printed like a Sequential, InputLayer included.
    x = keras.Input((4,), name="x")
    y = L.Dense(2, name="second")(L.Dense(3, name="first")(x))
    return keras.Model(x, y, name="chain")


def shared_layer():
    a = keras.Input((4,), name="left")
    b = keras.Input((4,), name="right")
    shared = L.Dense(2, name="shared")
    return keras.Model([a, b], L.Add(name="sum")([shared(a), shared(b)]), name="siamese")


def shared_layer_in_a_chain():
    # The same layer twice in a row: one node per depth, but a shared layer.
    x = keras.Input((3,), name="x")
    twice = L.Dense(3, name="twice")
    return keras.Model(x, twice(twice(x)), name="repeated")


def nested():
    encoder = keras.Sequential([keras.Input((4,)), L.Dense(8, name="inner_dense")],
                               name="encoder")
    x = keras.Input((4,), name="x")
    return keras.Model(x, L.Dense(2, name="out")(encoder(x)), name="outer")


def nested_two_levels():
    inner = keras.Sequential([keras.Input((4,)), L.Dense(5, name="deep")], name="inner")
    x = keras.Input((4,), name="mid_in")
    middle = keras.Model(x, L.Dense(3, name="mid_dense")(inner(x)), name="middle")
    return keras.Sequential([keras.Input((4,)), middle, L.Dense(1, name="top")], name="outer")


def nested_multi_output():
    x = keras.Input((4,), name="x")
    inner = keras.Model(x, [L.Dense(2, name="ha")(x), L.Dense(3, name="hb")(x)], name="inner")
    y = keras.Input((4,), name="y")
    first, second = inner(y)
    return keras.Model(y, L.Concatenate(name="join")([first, second]), name="outer")


def nested_dict_output():
    x = keras.Input((4,), name="x")
    inner = keras.Model(x, {"b": L.Dense(3, name="hb")(x), "a": L.Dense(2, name="ha")(x)},
                        name="inner")
    y = keras.Input((4,), name="y")
    outputs = inner(y)
    return keras.Model(y, [outputs["a"], outputs["b"]], name="outer")


def nested_shared():
    # One nested model called on two inputs: its layers' nodes are not the outer model's.
    x = keras.Input((4,), name="x")
    tower = keras.Model(x, L.Dense(2, name="tower_dense")(x), name="tower")
    a = keras.Input((4,), name="a")
    b = keras.Input((4,), name="b")
    return keras.Model([a, b], L.Add(name="sum")([tower(a), tower(b)]), name="twins")


def nested_sequential_in_sequential():
    block = keras.Sequential([L.Dense(6, name="block_dense"), L.ReLU(name="block_relu")],
                             name="block")
    return keras.Sequential([keras.Input((3,)), block, L.Dense(2, name="head")],
                            name="stack")


def frozen_layer():
    model = keras.Sequential([keras.Input((4,)),
                              L.Dense(6, name="a_layer_with_a_very_long_name_that_wraps"),
                              L.Dropout(0.1, name="drop"), L.Dense(1, name="top")],
                             name="frozen_and_long")
    model.layers[0].trainable = False
    return model


def frozen_model_with_batch_norm():
    model = keras.Sequential([keras.Input((5,)), L.Dense(4), L.BatchNormalization(),
                              L.Dense(2)], name="frozen")
    model.trainable = False
    return model


def frozen_nested():
    encoder = keras.Sequential([keras.Input((3,)), L.Dense(4, name="enc_dense"),
                                L.BatchNormalization(name="enc_bn")], name="encoder")
    encoder.layers[0].trainable = False
    x = keras.Input((3,), name="x")
    return keras.Model(x, L.Dense(1, name="out")(encoder(x)), name="partly_frozen")


def long_names():
    return keras.Sequential([
        keras.Input((3,)),
        L.Dense(2, name="x" * 50),
        L.Dense(2, name="a name with spaces that is long enough to wrap over lines"),
        L.BatchNormalization(name="bn_" + "y" * 40)], name="m" * 90)


def large_counts():
    return keras.Sequential([keras.Input((20,), dtype="int32"), L.Embedding(50000, 128),
                             L.Flatten(), L.Dense(1000), L.Dense(10)], name="large")


def kilobytes():
    return keras.Sequential([keras.Input((10,)), L.Dense(100)])


def float64_and_float16_weights():
    return keras.Sequential([keras.Input((3,)), L.Dense(4, dtype="float64"),
                             L.Dense(4, dtype="float16"), L.Dense(2)], name="dtypes")


def subclassed():
    class TwoDense(keras.Model):
        def __init__(self):
            super().__init__()
            self.first = L.Dense(4)
            self.second = L.Dense(2)

        def call(self, x):
            return self.second(self.first(x))

    model = TwoDense()
    model(np.zeros((2, 3), dtype="float32"))
    return model


def compiled_not_trained():
    model = keras.Sequential([keras.Input((3,)), L.Dense(2)])
    model.compile(optimizer="adam", loss="mse")
    return model


def data(n, inputs, outputs):
    x = (np.arange(n * inputs, dtype="float32").reshape(n, inputs) % 5) / 4.0
    y = (np.arange(n * outputs, dtype="float32").reshape(n, outputs) % 3) / 2.0
    return x, y


def compiled_and_trained_adam():
    model = keras.Sequential([keras.Input((3,)), L.Dense(4), L.BatchNormalization(),
                              L.Dense(2)])
    model.compile(optimizer="adam", loss="mse")
    model.fit(*data(4, 3, 2), batch_size=4, epochs=1, verbose=0)
    return model


def compiled_and_trained_sgd():
    model = keras.Sequential([keras.Input((3,)), L.Dense(2)])
    model.compile(optimizer="sgd", loss="mse")
    model.fit(*data(4, 3, 2), batch_size=4, epochs=1, verbose=0)
    return model


def compiled_and_trained_momentum_frozen():
    # SGD with momentum keeps one slot per trainable variable: the frozen layer has none.
    model = keras.Sequential([keras.Input((3,)), L.Dense(4, name="frozen"), L.Dense(2)])
    model.layers[0].trainable = False
    model.compile(optimizer=keras.optimizers.SGD(momentum=0.9), loss="mse")
    model.fit(*data(4, 3, 2), batch_size=4, epochs=1, verbose=0)
    return model


def name_with_markup():
    # rich markup in names is escaped by Keras and printed as written.
    return keras.Sequential([keras.Input((2,)), L.Dense(2, name="dense[bold]")],
                            name="model[red]")


COLOUR = {"env": {"FORCE_COLOR": "1", "TERM": "xterm-256color"}}
TENSORFLOW = {"backend": "tensorflow"}

# name, builder, summary() arguments, and what else the case sets: "columns" (80), "env" (the
# variables set while Keras prints), "backend" (jax).
CASES = [
    ("mnist_mlp", mnist_mlp, {}),
    ("mnist_mlp_columns_124", mnist_mlp, {}, {"columns": 124}),
    ("mnist_mlp_columns_200", mnist_mlp, {}, {"columns": 200}),
    ("mnist_mlp_columns_60", mnist_mlp, {}, {"columns": 60}),
    ("mnist_mlp_columns_30", mnist_mlp, {}, {"columns": 30}),
    ("mnist_mlp_columns_20", mnist_mlp, {}, {"columns": 20}),
    ("mnist_mlp_columns_12", mnist_mlp, {}, {"columns": 12}),  # too narrow: ValueError
    ("mnist_mlp_line_length_100", mnist_mlp, {"line_length": 100}),  # cropped at 80
    ("mnist_mlp_line_length_100_columns_124", mnist_mlp, {"line_length": 100},
     {"columns": 124}),
    ("mnist_mlp_line_length_50", mnist_mlp, {"line_length": 50}),
    ("mnist_mlp_line_length_9", mnist_mlp, {"line_length": 9}),  # ValueError
    ("mnist_mlp_positions", mnist_mlp, {"positions": [0.3, 0.7, 1.0]}),
    ("mnist_mlp_positions_absolute", mnist_mlp, {"positions": [30, 55, 70]}),
    ("mnist_mlp_positions_trainable", mnist_mlp,
     {"positions": [0.5, 0.75, 1.0], "show_trainable": True}),
    ("mnist_mlp_show_trainable", mnist_mlp, {"show_trainable": True}),
    ("mnist_mlp_show_trainable_columns_200", mnist_mlp, {"show_trainable": True},
     {"columns": 200}),
    ("mnist_mlp_range", mnist_mlp, {"layer_range": ["dense_1", "dropout_1"]}),
    ("mnist_mlp_range_regex", mnist_mlp, {"layer_range": ["drop", "dense"]}),
    ("mnist_mlp_range_reversed", mnist_mlp, {"layer_range": ["dense_2", "dense_1"]}),
    ("mnist_mlp_range_no_match", mnist_mlp, {"layer_range": ("conv", "dense")}),
    ("lazy_sequential", lazy_sequential, {}),
    ("lazy_sequential_show_trainable", lazy_sequential, {"show_trainable": True}),
    ("sequential_built_by_build", sequential_built_by_build, {}),
    ("sequential_built_by_call", sequential_built_by_call, {}),
    ("empty_sequential", empty_sequential, {}),
    ("rank_one_input", rank_one_input, {}),
    ("fixed_batch_and_unknown_dims", fixed_batch_and_unknown_dims, {}),
    ("core_layers", core_layers, {}),
    ("masking_sequential", masking_sequential, {}),
    ("reshaping_layers", reshaping_layers, {}),
    ("activation_layers", activation_layers, {"show_trainable": True}),
    ("regularization_layers", regularization_layers, {}),
    ("normalization_layers", normalization_layers, {"show_trainable": True}),
    ("merging_layers", merging_layers, {}),
    ("merging_layers_columns_124", merging_layers, {}, {"columns": 124}),
    ("merging_functions", merging_functions, {}),
    ("two_heads", two_heads, {}),
    ("two_heads_show_trainable", two_heads, {"show_trainable": True}, {"columns": 200}),
    ("two_inputs", two_inputs, {}),
    ("two_inputs_positions", two_inputs, {"positions": [0.25, 0.5, 0.6, 1.0]}),
    ("diamond", diamond, {}),
    ("functional_chain", functional_chain, {}),
    ("shared_layer", shared_layer, {}),
    ("shared_layer_in_a_chain", shared_layer_in_a_chain, {}),
    ("nested", nested, {}),
    ("nested_expanded", nested, {"expand_nested": True}),
    ("nested_two_levels", nested_two_levels, {}),
    ("nested_two_levels_expanded", nested_two_levels, {"expand_nested": True}),
    ("nested_multi_output", nested_multi_output, {"expand_nested": True}),
    ("nested_dict_output", nested_dict_output, {"expand_nested": True}),
    ("nested_shared_expanded", nested_shared, {"expand_nested": True}),
    ("nested_sequential_in_sequential", nested_sequential_in_sequential,
     {"expand_nested": True}),
    ("nested_range", nested_two_levels, {"expand_nested": True, "layer_range": ["middle", "top"]}),
    ("frozen_layer", frozen_layer, {"show_trainable": True, "line_length": 70}),
    ("frozen_model_with_batch_norm", frozen_model_with_batch_norm, {"show_trainable": True}),
    ("frozen_nested", frozen_nested, {"show_trainable": True, "expand_nested": True}),
    ("long_names", long_names, {}),
    ("long_names_line_length_60", long_names, {"line_length": 60}),
    ("large_counts", large_counts, {}),
    ("kilobytes", kilobytes, {}),
    ("float64_and_float16_weights", float64_and_float16_weights, {}),
    ("subclassed", subclassed, {}),
    ("compiled_not_trained", compiled_not_trained, {}),
    ("compiled_and_trained_adam", compiled_and_trained_adam, {}, TENSORFLOW),
    ("compiled_and_trained_sgd", compiled_and_trained_sgd, {}, TENSORFLOW),
    ("compiled_and_trained_momentum_frozen", compiled_and_trained_momentum_frozen,
     {"show_trainable": True}, TENSORFLOW),
    ("name_with_markup", name_with_markup, {}),
    # Terminals.
    ("terminal_mnist_mlp", mnist_mlp, {"show_trainable": True}, COLOUR),
    ("terminal_mnist_mlp_columns_30", mnist_mlp, {}, {"columns": 30, **COLOUR}),
    ("terminal_frozen_layer", frozen_layer, {"show_trainable": True, "line_length": 70}, COLOUR),
    ("terminal_two_inputs", two_inputs, {}, COLOUR),
    ("terminal_two_inputs_positions", two_inputs, {"positions": [0.25, 0.5, 0.6, 1.0]}, COLOUR),
    ("terminal_lazy_sequential", lazy_sequential, {"show_trainable": True}, COLOUR),
    ("terminal_nested_expanded", nested_two_levels, {"expand_nested": True}, COLOUR),
    ("terminal_compiled_and_trained_adam", compiled_and_trained_adam, {},
     {**COLOUR, **TENSORFLOW}),
    ("terminal_long_names", long_names, {"line_length": 60}, COLOUR),
    ("terminal_sixteen_colours", frozen_layer, {"show_trainable": True},
     {"env": {"FORCE_COLOR": "1", "TERM": "xterm"}}),
    ("terminal_truecolor", frozen_layer, {"show_trainable": True},
     {"env": {"FORCE_COLOR": "1", "TERM": "xterm", "COLORTERM": "truecolor"}}),
    ("terminal_no_color", frozen_layer, {"show_trainable": True},
     {"env": {"FORCE_COLOR": "1", "TERM": "xterm-256color", "NO_COLOR": "1"}}),
    ("terminal_dumb_columns_124", mnist_mlp, {}, {"columns": 124,
                                                  "env": {"FORCE_COLOR": "1", "TERM": "dumb"}}),
]


def run_case(name, builder, args, extra):
    columns = extra.get("columns", 80)
    env = extra.get("env", {})
    keras.backend.clear_session()
    model = builder()
    os.environ["COLUMNS"] = str(columns)
    os.environ.update(env)
    try:
        text, error = capture_stdout(lambda: model.summary(**args))
    finally:
        for variable in env:
            del os.environ[variable]
    case = {"model": builder.__name__, "backend": BACKEND, "columns": columns, "env": env,
            "args": {k: list(v) if isinstance(v, tuple) else v for k, v in args.items()}}
    if error is not None:
        assert text == "", (name, text)
        case["error"] = {"type": type(error).__name__, "message": str(error)}
    else:
        case["stdout"] = text
        if not env:
            calls = []
            model.summary(print_fn=calls.append, **args)
            assert "".join(calls) == text, name
            case["print_fn_calls"] = len(calls)
    os.environ["COLUMNS"] = "80"
    return {"name": name, "extra": case}


def group_of(case):
    """Cases run in one process per backend and console environment: Keras cannot switch
    backends in a process, and rich keeps a style's escape codes from its first use (for the first
    colour system that printed it)."""
    extra = case[3] if len(case) > 3 else {}
    return extra.get("backend", "jax"), json.dumps(extra.get("env", {}), sort_keys=True)


GROUPS = sorted({group_of(c) for c in CASES}, key=lambda g: (g != ("jax", "{}"), g))


def run_group(group):
    return [run_case(c[0], c[1], c[2], c[3] if len(c) > 3 else {}) for c in CASES
            if group_of(c) == group]


def run_in_child(index):
    """The cases of GROUPS[index], from a child process of this script."""
    with tempfile.NamedTemporaryFile(suffix=".json") as f:
        subprocess.run([sys.executable, os.path.abspath(__file__), "--backend",
                        GROUPS[index][0], "--group", str(index), "--out", f.name], check=True)
        return json.load(open(f.name, encoding="utf-8"))


def rich_tables():
    """Random tables through rich.table as Keras calls it (see the docstring)."""
    rnd = random.Random(1234)
    words = ["a", "bb", "dense", "(None,", "512)", "conv2d_transpose", "x" * 23, "[0][0],", "└",
             "max_pooling2d", "(Dense)", "0", "1,234", "-"]
    tables = []
    for t in range(40):
        ncols = rnd.randint(1, 5)
        cols = [("h%d" % i + " head" * rnd.randint(0, 2), rnd.choice(["left", "right", "center"]),
                 rnd.randint(4, 20)) for i in range(ncols)]
        width = rnd.randint(sum(w for _, _, w in cols) // 2 + 3 * ncols + 2,
                            sum(w for _, _, w in cols) + 3 * ncols + 6)
        rows = [[" ".join(rnd.choice(words) for _ in range(rnd.randint(0, 5))) for _ in cols]
                for _ in range(rnd.randint(1, 4))]
        table = rich.table.Table(*[rich.table.Column(h, justify=j, width=w) for h, j, w in cols],
                                 width=width, show_lines=True)
        for row in rows:
            table.add_row(*[rich.markup.escape(c) for c in row])
        console = rich.console.Console(highlight=False, force_terminal=False, color_system=None,
                                       width=width)
        console.begin_capture()
        console.print(table)
        tables.append({"name": "rich_table_%d" % t, "extra": {
            "table": {"columns": [{"header": h, "justify": j[0], "width": w} for h, j, w in cols],
                      "rows": rows, "width": width},
            "text": console.end_capture()}})
    return tables


def main():
    if "--group" in sys.argv:  # a child process: its group only
        group = GROUPS[int(sys.argv[sys.argv.index("--group") + 1])]
        with open(sys.argv[sys.argv.index("--out") + 1], "w", encoding="utf-8") as f:
            json.dump(run_group(group), f)
        return
    results = run_group(GROUPS[0])  # plain text on JAX, here
    for index in range(1, len(GROUPS)):
        results += run_in_child(index)
    by_name = {c["name"]: c for c in results}
    cases = [by_name[c[0]] for c in CASES]  # in the order of CASES
    tables = rich_tables()
    data = {
        "keras_version": keras.__version__,
        "rich_version": version("rich"),
        "backend": keras.backend.backend(),
        "generator": "tests/golden/keras3/make_summaries.py",
        "cases": cases + tables,
    }
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {len(cases)} summaries and {len(tables)} tables to {os.path.relpath(OUT)}")


if __name__ == "__main__":
    main()
