"""What Keras 3 itself does with every optimizer and learning-rate schedule kerascpp has.

Optimizers: each case makes three variables (keras.Variable, named "kernel", "bias" and "scale",
of shapes (3, 2), (2,) and (4,)) and the optimizer from its keyword arguments, then applies five
steps of scripted gradients with optimizer.apply_gradients; after every step it records the
variables and every variable of the optimizer (optimizer.variables: iteration, learning_rate
unless a schedule drives it, then the slots in the order and with the names Keras gives them).
Covered: SGD (momentum, nesterov), RMSprop (rho, momentum, centered, epsilon), Adagrad
(initial_accumulator_value, epsilon), Adadelta (rho, epsilon), Adam (betas, epsilon, amsgrad),
AdamW (weight_decay, amsgrad), Adamax, Nadam, LossScaleOptimizer (around RMSprop and Adam, with
an infinite gradient on one step, which it skips, halving the scale, and growth after
dynamic_growth_steps finite steps); and the base arguments weight_decay (with
exclude_from_weight_decay by variable name), clipnorm, clipvalue, global_clipnorm,
loss_scale_factor and a learning-rate schedule as the learning rate. Gradients are seeded draws,
one step of zeros for one variable, and larger ones where clipping is to bite. Each case starts
after keras.backend.clear_session(), so automatic names are the unsuffixed ones.

Each optimizer case runs in float32 on Keras 3.15's JAX backend and in float64 on JAX with
jax_enable_x64 (not on TensorFlow, whose ops.cast rounds the hyperparameters to float32 first:
backend_per_dtype.py), on the same draws: the variables and the gradients have the case's dtype;
the learning rate is a float32 variable in both, as Keras keeps it. The cases whose learning rate
is a schedule are float32 only (under jax_enable_x64 Keras's schedules compute in float64).

Schedules (float32 only: Keras computes them in floatx whatever the optimizer): ExponentialDecay
and InverseTimeDecay (staircase or not), PiecewiseConstantDecay, PolynomialDecay (power, cycle),
CosineDecay (alpha, warmup), CosineDecayRestarts (t_mul, m_mul, alpha), each called with the
step as an integer tensor, as the optimizer calls it with its iteration count, at 0..160 and a
few large steps.

Output, tests/golden/data/keras3_optimizers.json, in tests/support/golden.h's layout:
  optimizer cases: {"name", "inputs": [initial variables, then each step's gradients],
    "outputs": [per step: the variables, then the optimizer's variables],
    "extra": {"kind": "optimizer", "class_name", "args", "config": Keras's get_config(), from which
              the C++ test builds it, "dtype", "steps", "variables": their names,
              "optimizer_variables": the optimizer's variables' names, "exclude_from_weight_decay":
              {"var_names": [...]} when the case calls it}}
  schedule cases: {"name", "inputs": [steps (int64)], "outputs": [learning rates (float32)],
    "extra": {"kind": "schedule", "class_name", "config"}}
  and "not_in_kerascpp": {"optimizers": [...], "schedules": [...]}.

Run: PY=$(scripts/setup-peers) && "$PY" tests/golden/keras3/make_optimizers.py
"""
import os
import sys

import numpy as np

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import backend_per_dtype as runner  # noqa: E402

keras = None  # Keras 3 on the part's backend (backend_per_dtype.import_keras)

# What kerascpp registers (keras/optimizers/optimizers.cc, schedules/learning_rate_schedule.cc).
OPTIMIZERS = ["SGD", "RMSprop", "Adagrad", "Adadelta", "Adam", "AdamW", "Adamax", "Nadam",
              "LossScaleOptimizer"]
SCHEDULES = ["ExponentialDecay", "PiecewiseConstantDecay", "PolynomialDecay", "InverseTimeDecay",
             "CosineDecay", "CosineDecayRestarts"]

VARIABLES = [("kernel", (3, 2)), ("bias", (2,)), ("scale", (4,))]
STEPS = 5
cases = []
names = set()
seed = [4000]


def schedule(class_name, **config):
    return ("schedule", class_name, config)


def inner(class_name, **config):
    """An optimizer argument (LossScaleOptimizer's inner_optimizer)."""
    return ("optimizer", class_name, config)


# LossScaleOptimizer cases get scaled gradients (the gradient scale is the loss scale) with an
# infinite element at this (step, variable): Keras skips that step and halves the scale.
NON_FINITE_STEP = (1, 0)


# (name, class, keyword arguments, gradient scale, exclude_from_weight_decay var_names)
OPTIMIZER_CASES = [
    ("SGD", "SGD", {"learning_rate": 0.1}, 1.0, None),
    ("SGD_momentum", "SGD", {"learning_rate": 0.1, "momentum": 0.9}, 1.0, None),
    ("SGD_nesterov", "SGD", {"learning_rate": 0.05, "momentum": 0.8, "nesterov": True}, 1.0,
     None),
    ("SGD_weight_decay", "SGD", {"learning_rate": 0.1, "weight_decay": 0.05}, 1.0, None),
    ("SGD_weight_decay_exclude_bias", "SGD",
     {"learning_rate": 0.1, "momentum": 0.5, "weight_decay": 0.2}, 1.0, ["bias"]),
    ("SGD_clipnorm", "SGD", {"learning_rate": 0.1, "clipnorm": 1.0}, 3.0, None),
    ("SGD_clipvalue", "SGD", {"learning_rate": 0.1, "clipvalue": 0.3}, 1.0, None),
    ("SGD_global_clipnorm", "SGD", {"learning_rate": 0.1, "global_clipnorm": 1.5}, 3.0, None),
    ("SGD_loss_scale_factor", "SGD", {"learning_rate": 0.1, "momentum": 0.9,
                                      "loss_scale_factor": 128.0}, 128.0, None),
    ("SGD_exponential_decay", "SGD",
     {"learning_rate": schedule("ExponentialDecay", initial_learning_rate=0.2, decay_steps=2,
                                decay_rate=0.5), "momentum": 0.5}, 1.0, None),
    ("RMSprop", "RMSprop", {"learning_rate": 0.01}, 1.0, None),
    ("RMSprop_rho_epsilon", "RMSprop", {"learning_rate": 0.01, "rho": 0.8, "epsilon": 1e-3},
     1.0, None),
    ("RMSprop_momentum", "RMSprop", {"learning_rate": 0.01, "momentum": 0.5}, 1.0, None),
    ("RMSprop_centered", "RMSprop", {"learning_rate": 0.01, "centered": True}, 1.0, None),
    ("RMSprop_centered_momentum", "RMSprop",
     {"learning_rate": 0.01, "centered": True, "momentum": 0.7}, 1.0, None),
    ("RMSprop_weight_decay", "RMSprop", {"learning_rate": 0.01, "weight_decay": 0.1}, 1.0, None),
    ("Adagrad", "Adagrad", {"learning_rate": 0.1}, 1.0, None),
    ("Adagrad_accumulator_epsilon", "Adagrad",
     {"learning_rate": 0.1, "initial_accumulator_value": 0.5, "epsilon": 1e-3}, 1.0, None),
    ("Adadelta", "Adadelta", {"learning_rate": 1.0}, 1.0, None),
    ("Adadelta_rho_epsilon", "Adadelta", {"learning_rate": 0.5, "rho": 0.9, "epsilon": 1e-4},
     1.0, None),
    ("Adam", "Adam", {"learning_rate": 0.01}, 1.0, None),
    ("Adam_betas_epsilon", "Adam",
     {"learning_rate": 0.01, "beta_1": 0.5, "beta_2": 0.9, "epsilon": 1e-4}, 1.0, None),
    ("Adam_amsgrad", "Adam", {"learning_rate": 0.01, "amsgrad": True}, 1.0, None),
    ("Adam_weight_decay", "Adam", {"learning_rate": 0.01, "weight_decay": 0.1}, 1.0, None),
    ("Adam_clipnorm", "Adam", {"learning_rate": 0.01, "clipnorm": 0.5}, 3.0, None),
    ("Adam_cosine_decay", "Adam",
     {"learning_rate": schedule("CosineDecay", initial_learning_rate=0.05, decay_steps=4,
                                alpha=0.1)}, 1.0, None),
    ("AdamW", "AdamW", {"learning_rate": 0.01}, 1.0, None),
    ("AdamW_weight_decay_exclude_bias", "AdamW",
     {"learning_rate": 0.01, "weight_decay": 0.2}, 1.0, ["bias"]),
    ("AdamW_amsgrad", "AdamW", {"learning_rate": 0.01, "weight_decay": 0.1, "amsgrad": True},
     1.0, None),
    ("Adamax", "Adamax", {"learning_rate": 0.01}, 1.0, None),
    ("Adamax_betas_epsilon", "Adamax",
     {"learning_rate": 0.02, "beta_1": 0.7, "beta_2": 0.9, "epsilon": 1e-3}, 1.0, None),
    ("Adamax_global_clipnorm", "Adamax", {"learning_rate": 0.01, "global_clipnorm": 1.0}, 3.0,
     None),
    ("Nadam", "Nadam", {"learning_rate": 0.01}, 1.0, None),
    ("Nadam_betas_epsilon", "Nadam",
     {"learning_rate": 0.02, "beta_1": 0.8, "beta_2": 0.95, "epsilon": 1e-4}, 1.0, None),
    ("Nadam_clipvalue_weight_decay", "Nadam",
     {"learning_rate": 0.01, "clipvalue": 0.5, "weight_decay": 0.05}, 1.0, None),
    ("LossScaleOptimizer_RMSprop", "LossScaleOptimizer",
     {"inner_optimizer": inner("RMSprop", learning_rate=0.01), "initial_scale": 1024.0,
      "dynamic_growth_steps": 2}, 1024.0, None),
    ("LossScaleOptimizer_Adam", "LossScaleOptimizer",
     {"inner_optimizer": inner("Adam", learning_rate=0.01)}, 32768.0, None),
]


def make_args(args):
    """The keyword arguments with schedules made."""
    out = {}
    for k, v in args.items():
        if isinstance(v, tuple) and v[0] == "schedule":
            v = getattr(keras.optimizers.schedules, v[1])(**v[2])
        elif isinstance(v, tuple) and v[0] == "optimizer":
            v = getattr(keras.optimizers, v[1])(**v[2])
        out[k] = v
    return out


def args_json(args):
    return {k: {v[0]: v[1], "config": v[2]} if isinstance(v, tuple) else v
            for k, v in args.items()}


def optimizer_case(dtype, name, class_name, args, scale, exclude):
    # Automatic names restart: the optimizer is "sgd", not "sgd_9", and Nadam's unnamed
    # u_product is "variable".
    keras.backend.clear_session()
    seed[0] += 1
    rng = np.random.RandomState(seed[0])
    initial = [rng.uniform(-1, 1, size=s) for _, s in VARIABLES]
    grads = [[scale * rng.uniform(-1, 1, size=s) for _, s in VARIABLES] for _ in range(STEPS)]
    grads[2][1] = np.zeros(VARIABLES[1][1])  # a step with a zero gradient
    grads[3][0] *= 4.0  # one large step
    if class_name == "LossScaleOptimizer":
        grads[NON_FINITE_STEP[0]][NON_FINITE_STEP[1]][0] = np.inf
    initial = [x.astype(dtype) for x in initial]
    grads = [[g.astype(dtype) for g in step] for step in grads]

    variables = [keras.Variable(x, name=n, dtype=dtype) for x, (n, _) in zip(initial, VARIABLES)]
    optimizer = getattr(keras.optimizers, class_name)(**make_args(args))
    if exclude:
        optimizer.exclude_from_weight_decay(var_names=exclude)
    outputs = []
    for step in grads:
        step = [keras.ops.convert_to_tensor(g) for g in step]
        if class_name == "LossScaleOptimizer":
            # On JAX, Keras's LossScaleOptimizer steps only through stateless_apply (its trainer's
            # path): apply_gradients' cond of stateful updates leaks tracers.
            if not optimizer.built:
                optimizer.build(variables)
            new_values, new_optimizer_values = optimizer.stateless_apply(
                [v.value for v in optimizer.variables], step, [v.value for v in variables])
            for v, value in zip(variables, new_values):
                v.assign(value)
            for v, value in zip(optimizer.variables, new_optimizer_values):
                v.assign(value)
        else:
            optimizer.apply_gradients(zip(step, variables))
        for v in variables:
            value = np.asarray(v)
            assert str(value.dtype) == dtype
            outputs.append(runner.array(value, dtype))
        for v in optimizer.variables:
            value = np.asarray(v)
            kind = "int64" if value.dtype.kind in "iu" else str(value.dtype)
            outputs.append(runner.array(value, kind))
    skipped = 1 if class_name == "LossScaleOptimizer" else 0  # the non-finite step
    assert int(np.asarray(optimizer.iterations)) == STEPS - skipped
    extra = {"kind": "optimizer", "class_name": class_name,
             "args": runner.jsonable(args_json(args)),
             "config": runner.jsonable(optimizer.get_config()), "dtype": dtype, "steps": STEPS,
             "variables": [n for n, _ in VARIABLES],
             "optimizer_variables": [v.name for v in optimizer.variables]}
    if exclude:
        extra["exclude_from_weight_decay"] = {"var_names": exclude}
    inputs = [runner.array(x, dtype) for x in initial]
    inputs += [runner.array(g, dtype) for step in grads for g in step]
    key = f"{name}_{dtype}"
    assert key not in names
    names.add(key)
    cases.append({"name": key, "inputs": inputs, "outputs": outputs, "extra": extra})


SCHEDULE_CASES = [
    ("ExponentialDecay", {"initial_learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.9}),
    ("ExponentialDecay", {"initial_learning_rate": 0.5, "decay_steps": 7, "decay_rate": 0.5,
                          "staircase": True}),
    ("PiecewiseConstantDecay", {"boundaries": [10, 50, 100], "values": [1.0, 0.5, 0.1, 0.01]}),
    ("PiecewiseConstantDecay", {"boundaries": [3], "values": [0.3, 0.03]}),
    ("PolynomialDecay", {"initial_learning_rate": 0.1, "decay_steps": 100}),
    ("PolynomialDecay", {"initial_learning_rate": 0.1, "decay_steps": 40,
                         "end_learning_rate": 0.01, "power": 2.0}),
    ("PolynomialDecay", {"initial_learning_rate": 0.1, "decay_steps": 30,
                         "end_learning_rate": 0.001, "power": 0.5, "cycle": True}),
    ("InverseTimeDecay", {"initial_learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.5}),
    ("InverseTimeDecay", {"initial_learning_rate": 0.2, "decay_steps": 8, "decay_rate": 2.0,
                          "staircase": True}),
    ("CosineDecay", {"initial_learning_rate": 0.1, "decay_steps": 100}),
    ("CosineDecay", {"initial_learning_rate": 0.1, "decay_steps": 50, "alpha": 0.2}),
    ("CosineDecay", {"initial_learning_rate": 0.0, "decay_steps": 100, "warmup_target": 0.1,
                     "warmup_steps": 20}),
    ("CosineDecay", {"initial_learning_rate": 0.01, "decay_steps": 60, "alpha": 0.1,
                     "warmup_target": 0.2, "warmup_steps": 15}),
    ("CosineDecayRestarts", {"initial_learning_rate": 0.1, "first_decay_steps": 20}),
    ("CosineDecayRestarts", {"initial_learning_rate": 0.1, "first_decay_steps": 10,
                             "t_mul": 1.0, "m_mul": 0.5, "alpha": 0.1}),
    ("CosineDecayRestarts", {"initial_learning_rate": 0.05, "first_decay_steps": 7,
                             "t_mul": 3.0, "m_mul": 0.8}),
]
SCHEDULE_STEPS = list(range(161)) + [199, 200, 201, 500, 1000, 12345]


def schedule_case(index, class_name, config):
    s = getattr(keras.optimizers.schedules, class_name)(**config)
    rates = []
    for step in SCHEDULE_STEPS:
        rate = np.asarray(s(keras.ops.convert_to_tensor(step, dtype="int64")))
        assert rate.dtype == np.float32, (class_name, rate.dtype)
        rates.append(rate)
    cases.append({"name": f"{class_name}_{index}",
                  "inputs": [runner.array(SCHEDULE_STEPS, "int64")],
                  "outputs": [runner.array(np.stack(rates), "float32")],
                  "extra": {"kind": "schedule", "class_name": class_name,
                            "config": runner.jsonable(s.get_config())}})


def produce(dtype, keras_module):
    global keras
    keras = keras_module
    for c in OPTIMIZER_CASES:
        # A schedule drives the learning rate: float32 only. Under jax_enable_x64 Keras's
        # schedules compute in float64 (ops.convert_to_tensor of a Python float is float64
        # there), which no Keras without x64 does: its schedules compute in floatx, as
        # kerascpp's.
        if dtype == "float64" and any(isinstance(v, tuple) and v[0] == "schedule"
                                      for v in c[2].values()):
            continue
        optimizer_case(dtype, *c)
    if dtype == "float32":
        for i, (class_name, config) in enumerate(SCHEDULE_CASES):
            schedule_case(i, class_name, config)
    public = {k for k, v in keras.optimizers.__dict__.items()
              if not k.startswith("_") and isinstance(v, type)}
    keras_optimizers = public - {"Optimizer", "MultiOptimizer", "OptimizerMap"}
    keras_schedules = {k for k, v in keras.optimizers.schedules.__dict__.items()
                       if not k.startswith("_") and isinstance(v, type)} - {
                           "LearningRateSchedule"}
    assert set(OPTIMIZERS) <= keras_optimizers and set(SCHEDULES) <= keras_schedules
    assert {c[1] for c in OPTIMIZER_CASES} == set(OPTIMIZERS)
    assert {c[0] for c in SCHEDULE_CASES} == set(SCHEDULES)
    return {"cases": cases,
            "not_in_kerascpp": {"optimizers": sorted(keras_optimizers - set(OPTIMIZERS)),
                                "schedules": sorted(keras_schedules - set(SCHEDULES)),
                                "wrappers": ["MultiOptimizer"]}}


if __name__ == "__main__":
    runner.main(__file__, produce, "keras3_optimizers.json", float64_backend="jax_x64")
