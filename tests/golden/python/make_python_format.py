"""repr() of floats and csv quoting as CPython writes them, for keras/utils/python_format.h
(Keras's CSVLogger and messages print floats this way). Run: /usr/bin/python3 tests/golden/python/make_python_format.py
"""
import csv
import io
import json
import math
import os
import random
import struct

rnd = random.Random(7)
values = [0.0, -0.0, 1.0, 3.0, 0.1, 1e-4, 9.99e-5, 1e-5, 1e16, 9999999999999998.0, 1e15, 123.456,
          0.001, 1e-7, 0.0010000000474974513, 2.5e-300, 1.7976931348623157e308, 5e-324,
          12345678901234567.0, 0.30000000000000004, 100.0, 1e22]
for _ in range(300):
    kind = rnd.random()
    if kind < 0.4:
        v = rnd.uniform(-10, 10) * 10 ** rnd.randint(-12, 20)
    elif kind < 0.7:
        v = struct.unpack("d", struct.pack("Q", rnd.getrandbits(64)))[0]
        if math.isnan(v) or math.isinf(v):
            continue
    else:
        v = float(struct.unpack("f", struct.pack("I", rnd.getrandbits(32)))[0])
        if math.isnan(v) or math.isinf(v):
            continue
    values.append(v)
fields = ["plain", "a,b", 'say "hi"', "two\nlines", "semi;colon", ""]
quoted = {}
for sep in [",", ";"]:
    out = io.StringIO()
    class Dialect(csv.excel):
        delimiter = sep
    w = csv.writer(out, dialect=Dialect)
    w.writerow(fields)
    quoted[sep] = out.getvalue()
# str.format with named fields, as ModelCheckpoint fills its file name template.
format_values = {"epoch": 7, "batch": 12, "loss": 0.123456789, "val_loss": 1234.5678,
                 "acc": -0.5, "big": 1234567.891, "tiny": 1.5e-7, "n": -42}
patterns = ["weights.{epoch:02d}-{val_loss:.2f}.keras", "{epoch}", "{loss}", "{val_loss}",
            "{loss:.4f}", "{loss:.3e}", "{loss:g}", "{big:,.1f}", "{n:05d}", "{n:+d}",
            "{epoch:>5}|{epoch:<5}|{epoch:^5}", "{acc:+.2f}", "{acc: .1f}", "{tiny}", "{tiny:.2g}",
            "{loss:.1%}", "{big:,}", "{epoch:x<4d}", "{{literal}}-{batch:03d}", "{val_loss:10.3f}",
            "{acc:010.3f}", "{epoch:.2f}", "{big:E}", "{n}"]
formatted = [p.format(**format_values) for p in patterns]
path = os.path.join(os.path.dirname(__file__), "..", "data", "python_format.json")
with open(path, "w") as f:
    json.dump({"generator": "tests/golden/python/make_python_format.py (CPython)",
               "cases": [{"name": "floats", "extra": {"values": values,
                                                     "reprs": [repr(v) for v in values]}},
                         {"name": "csv", "extra": {"fields": fields, "rows": quoted}},
                         {"name": "str_format", "extra": {"values": format_values,
                                                          "patterns": patterns,
                                                          "formatted": formatted}}]}, f)
print("wrote", len(values), "floats")
