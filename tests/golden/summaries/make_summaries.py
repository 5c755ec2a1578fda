"""Expected model.summary() texts, drawn by `rich` (Debian's python3-rich), the library Keras 3
draws its summary with, following keras/src/utils/summary_utils.py: the same Table (show_lines,
column widths from the positions, right-aligned Param #) and the same header and footer lines.

Each model is described here by hand (layer names, classes, output shapes, parameter counts,
connections) as Keras would report it; the tests build the same models with kerascpp and compare
the whole text. Run: /usr/bin/python3 tests/golden/summaries/make_summaries.py
"""
import json
import os

import rich.console
import rich.table


def readable_memory_size(size):
    for unit in ["B", "KB", "MB", "GB", "TB", "PB"]:
        if size / 1024 < 1:
            return "{:.2f} {}".format(size, unit)
        size /= 1024
    return "{:.2f} {}".format(size, "PB")


def summary(name, rows, trainable, non_trainable, sequential_like=True, line_length=None,
            positions=None, show_trainable=False, terminal_columns=80):
    """rows: [name_cell, shape, params, (connections), (trainable)]; counts are (n, bytes)."""
    if sequential_like:
        default_line_length = 88
        positions = positions or [0.45, 0.80, 1.0]
        header = ["Layer (type)", "Output Shape", "Param #"]
        alignment = ["left", "left", "right"]
    else:
        default_line_length = 108
        positions = positions or [0.3, 0.56, 0.74, 1.0]
        header = ["Layer (type)", "Output Shape", "Param #", "Connected to"]
        alignment = ["left", "left", "right", "left"]
    if show_trainable:
        default_line_length += 12
        positions = [p * 0.90 for p in positions] + [1.0]
        header.append("Trainable")
        alignment.append("center")
    default_line_length = min(default_line_length, terminal_columns - 4)
    line_length = line_length or default_line_length
    widths, current = [], 0
    for pos in positions:
        width = int(pos * line_length) - current
        widths.append(width)
        current += width
    columns = [rich.table.Column(h, justify=a, width=w) for h, a, w in zip(header, alignment, widths)]
    table = rich.table.Table(*columns, width=line_length, show_lines=True)
    for row in rows:
        table.add_row(*[rich.markup.escape(c) for c in row])
    # Keras's capturing console; its width is the terminal's, and rich crops longer lines.
    console = rich.console.Console(highlight=False, force_terminal=False, color_system=None,
                                   width=terminal_columns)
    console.begin_capture()
    console.print(f'Model: "{name}"')
    console.print(table)
    total = (trainable[0] + non_trainable[0], trainable[1] + non_trainable[1])
    for label, (count, size) in [(" Total params: ", total), (" Trainable params: ", trainable),
                                 (" Non-trainable params: ", non_trainable)]:
        console.print(label + f"{count:,}" + f" ({readable_memory_size(size)})")
    return console.end_capture()


def f32(n):
    return (n, 4 * n)


cases = []

# Keras's mnist_mlp model: Sequential([Input((784,)), Dense(512, relu), Dropout(0.2),
# Dense(512, relu), Dropout(0.2), Dense(10, softmax)]).
cases.append(("mnist_mlp", summary("sequential", [
    ["dense (Dense)", "(None, 512)", "401,920"],
    ["dropout (Dropout)", "(None, 512)", "0"],
    ["dense_1 (Dense)", "(None, 512)", "262,656"],
    ["dropout_1 (Dropout)", "(None, 512)", "0"],
    ["dense_2 (Dense)", "(None, 10)", "5,130"],
], f32(669706), f32(0))))

# A functional model with one input and two outputs: non-sequential, four columns.
cases.append(("two_heads", summary("two_heads", [
    ["features (InputLayer)", "(None, 8)", "0", "-"],
    ["hidden (Dense)", "(None, 16)", "144", "features[0][0]"],
    ["head_a (Dense)", "(None, 3)", "51", "hidden[0][0]"],
    ["head_b (Dense)", "(None, 1)", "17", "hidden[0][0]"],
], f32(212), f32(0), sequential_like=False)))

# Two inputs joined by Concatenate: the order is by depth, then by traversal from the output.
cases.append(("two_inputs", summary("two_inputs", [
    ["a (InputLayer)", "(None, 32)", "0", "-"],
    ["b (InputLayer)", "(None, 16)", "0", "-"],
    ["dense_a (Dense)", "(None, 8)", "264", "a[0][0]"],
    ["dense_b (Dense)", "(None, 8)", "136", "b[0][0]"],
    ["concat (Concatenate)", "(None, 16)", "0", "dense_a[0][0], dense_b[0][0]"],
    ["score (Dense)", "(None, 1)", "17", "concat[0][0]"],
], f32(417), f32(0), sequential_like=False)))

# A Sequential used as a layer of a functional model, with and without expand_nested.
nested_rows = [
    ["x (InputLayer)", "(None, 4)", "0"],
    ["encoder (Sequential)", "(None, 8)", "40"],
    ["out (Dense)", "(None, 2)", "18"],
]
cases.append(("nested", summary("outer", nested_rows, f32(58), f32(0))))
cases.append(("nested_expanded", summary("outer", [
    nested_rows[0], nested_rows[1], ["   └ inner_dense (Dense)", "(None, 8)", "40"],
    nested_rows[2]], f32(58), f32(0))))

# A Sequential without an input: layers not built yet.
cases.append(("unbuilt", summary("lazy", [
    ["d1 (Dense)", "?", "0 (unbuilt)"],
    ["d2 (Dense)", "?", "0 (unbuilt)"],
], f32(0), f32(0))))

# Frozen first layer, show_trainable, a long layer name that wraps, and a wide line.
cases.append(("trainable_wrapping", summary("frozen_and_long", [
    ["a_layer_with_a_very_long_name_that_wraps (Dense)", "(None, 6)", "30", "N"],
    ["top (Dense)", "(None, 1)", "7", "Y"],
], f32(7), f32(30), show_trainable=True, line_length=70)))

# The same Sequential as mnist_mlp at 120 columns.
cases.append(("mnist_mlp_120", summary("sequential", [
    ["dense (Dense)", "(None, 512)", "401,920"],
    ["dropout (Dropout)", "(None, 512)", "0"],
    ["dense_1 (Dense)", "(None, 512)", "262,656"],
    ["dropout_1 (Dropout)", "(None, 512)", "0"],
    ["dense_2 (Dense)", "(None, 10)", "5,130"],
], f32(669706), f32(0), terminal_columns=124)))

# line_length beyond the terminal: rich crops the table at the console width.
cases.append(("cropped", summary("sequential", [
    ["dense (Dense)", "(None, 512)", "401,920"],
], f32(401920), f32(0), line_length=100)))

# Random tables through rich.table directly: word wrapping, overlong words, justification,
# width reduction. The test renders the same cells with kerascpp's table drawer.
import random
rnd = random.Random(1234)
words = ["a", "bb", "dense", "(None,", "512)", "conv2d_transpose", "x" * 23, "[0][0],", "└",
         "max_pooling2d", "(Dense)", "0", "1,234", "-"]
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
    cases.append(("table_%d" % t, console.end_capture(),
                  {"columns": [{"header": h, "justify": j[0], "width": w} for h, j, w in cols],
                   "rows": rows, "width": width}))

out = {"generator": "tests/golden/summaries/make_summaries.py (rich %s)" % rich.__version__
       if hasattr(rich, "__version__") else "tests/golden/summaries/make_summaries.py (rich)",
       "cases": [{"name": c[0], "extra": {"text": c[1], **(c[2] if len(c) > 2 else {})}}
                 for c in cases]}
path = os.path.join(os.path.dirname(__file__), "..", "data", "summaries.json")
with open(path, "w") as f:
    json.dump(out, f, ensure_ascii=False, indent=1)
    f.write("\n")
print(f"wrote {len(cases)} summaries to {os.path.relpath(path)}")
