"""Golden update sequences and learning-rate schedules for what TensorFlow.js cannot make
(tests/golden/tfjs/optimizers.js has the rest), computed in float64 from float32-rounded inputs.

Each optimizer case starts two variables from seeded values and applies six steps of seeded
gradients; the outputs are the variables after every step. Learning rates are rounded to
float32 first, because Keras keeps the learning rate in a float32 variable (so a float64 run of
kerascpp sees exactly these values).

- Adadelta: torch.optim.Adadelta (rho and eps set to Keras's; its rule is Keras 3's, with the
  updated accumulator in the denominator, which TensorFlow.js's is not).
- AdamW and Adam with weight_decay: torch.optim.AdamW, whose decoupled decay p *= 1 - lr·wd
  before the Adam step is Keras's _apply_weight_decay.
- Adam with amsgrad: torch.optim.Adam(amsgrad=True).
  PyTorch adds eps to sqrt(v̂) (v̂ = v/(1-β2^t)); Keras 3 adds it to sqrt(v) after folding both
  bias corrections into the step. They agree when eps_torch = eps/sqrt(1-β2^t), which the
  script sets before every step.
- SGD with weight_decay: torch.optim.SGD(weight_decay=wd) without momentum: p -= lr·(g + wd·p)
  is Keras's w -= w·wd·lr followed by w -= lr·g.
- Clipping: torch.nn.utils.clip_grad_norm_ per tensor (Keras's clipnorm) and over all
  gradients (global_clipnorm), clip_grad_value_ (clipvalue), then torch.optim.SGD / Adam.
  PyTorch scales by max_norm/(norm + 1e-6) where Keras uses max_norm/max(norm, max_norm), so
  the script passes max_norm·(norm + 1e-6)/norm, with the norm PyTorch computes itself.
- Nadam: NumPy written from Keras 3's formula (keras/src/optimizers/nadam.py). PyTorch 1.13's
  NAdam with momentum_decay=1 has Keras 3's momentum schedule u_t = β1(1 - 0.5·0.96^t), but
  it computes the next product as u_product·u_t·u_{t+1} (u_t counted twice), where Keras uses
  u_product·u_{t+1}, so it cannot serve.
- Learning-rate schedules: NumPy written from Keras 3's formulas
  (keras/src/optimizers/schedules/learning_rate_schedule.py), in float64, at many steps.

Run: /usr/bin/python3 tests/golden/torch/optimizers.py
"""
import json
import math
import os

import numpy as np
import torch

torch.set_default_dtype(torch.float64)

SHAPES = [(3, 2), (4,)]
STEPS = 6


def f32(x):
    return float(np.float32(x))


def array(x, dtype):
    x = np.asarray(x)
    return {"shape": list(x.shape), "dtype": dtype, "data": [float(v) for v in x.reshape(-1)]}


def data(seed, scale):
    rng = np.random.RandomState(seed)
    initial = [rng.uniform(-1, 1, size=s).astype(np.float32) for s in SHAPES]
    grads = [[(scale * rng.uniform(-1, 1, size=s)).astype(np.float32) for s in SHAPES]
             for _ in range(STEPS)]
    return initial, grads


def case(name, initial, grads, outputs, class_name, config):
    extra = {"class_name": class_name, "config": config, "steps": STEPS, "variables": len(SHAPES)}
    return {
        "name": name,
        "inputs": [array(x, "float32") for x in initial] + [array(g, "float32")
                                                          for step in grads for g in step],
        "weights": [],
        "outputs": [array(y, "float64") for y in outputs],
        "extra": extra,
    }


def run_torch(make, initial, grads, before=None, clip=None):
    params = [torch.tensor(x.astype(np.float64), requires_grad=True) for x in initial]
    optimizer = make(params)
    outputs = []
    for t in range(1, STEPS + 1):
        for p, g in zip(params, grads[t - 1]):
            p.grad = torch.tensor(g.astype(np.float64))
        if clip is not None:
            clip(params)
        if before is not None:
            before(t, optimizer)
        optimizer.step()
        outputs += [p.detach().numpy().copy() for p in params]
    return outputs


def clip_norm(params, max_norm):
    # clip_grad_norm_'s own norm (2-norm of the per-tensor 2-norms), then Keras's threshold.
    norm = float(torch.norm(torch.stack([torch.norm(p.grad.detach(), 2.0) for p in params]), 2.0))
    torch.nn.utils.clip_grad_norm_(params, max_norm * (norm + 1e-6) / norm)


def adam_epsilon(eps, beta_2):
    def before(t, optimizer):
        for group in optimizer.param_groups:
            group["eps"] = eps / math.sqrt(1.0 - beta_2**t)
    return before


cases = []
seed = 900


def next_data(scale=1.0):
    global seed
    seed += 1
    return data(seed, scale)


# ----- Adadelta ---------------------------------------------------------------------------------
for name, lr, rho, eps in [("adadelta", 1.0, 0.95, 1e-7), ("adadelta_rho_epsilon", 0.5, 0.8, 1e-4)]:
    initial, grads = next_data()
    out = run_torch(lambda p: torch.optim.Adadelta(p, lr=f32(lr), rho=rho, eps=eps), initial, grads)
    cases.append(case(name, initial, grads, out, "Adadelta",
                      {"learning_rate": lr, "rho": rho, "epsilon": eps}))

# ----- AdamW, Adam with weight decay, AMSGrad ---------------------------------------------------
for name, class_name, config in [
    ("adamw", "AdamW", {"learning_rate": 0.01}),
    ("adamw_decay_amsgrad", "AdamW", {"learning_rate": 0.02, "weight_decay": 0.1, "amsgrad": True}),
    ("adam_weight_decay", "Adam", {"learning_rate": 0.01, "weight_decay": 0.05}),
    ("adam_amsgrad", "Adam", {"learning_rate": 0.01, "amsgrad": True}),
    ("adam_amsgrad_betas", "Adam",
     {"learning_rate": 0.005, "beta_1": 0.5, "beta_2": 0.9, "epsilon": 1e-4, "amsgrad": True}),
]:
    initial, grads = next_data()
    lr = f32(config["learning_rate"])
    b1, b2 = config.get("beta_1", 0.9), config.get("beta_2", 0.999)
    eps = config.get("epsilon", 1e-7)
    amsgrad = config.get("amsgrad", False)
    wd = config.get("weight_decay", 0.004 if class_name == "AdamW" else 0.0)

    def make(p):
        return torch.optim.AdamW(p, lr=lr, betas=(b1, b2), eps=eps, weight_decay=wd,
                                 amsgrad=amsgrad)
    out = run_torch(make, initial, grads, before=adam_epsilon(eps, b2))
    cases.append(case(name, initial, grads, out, class_name, config))

# ----- SGD with weight decay --------------------------------------------------------------------
initial, grads = next_data()
out = run_torch(lambda p: torch.optim.SGD(p, lr=f32(0.1), weight_decay=0.3), initial, grads)
cases.append(case("sgd_weight_decay", initial, grads, out, "SGD",
                  {"learning_rate": 0.1, "weight_decay": 0.3}))

# ----- Clipping ---------------------------------------------------------------------------------
# Gradients of 3·U(-1, 1): per-tensor norms near 4, joint norms near 5.5, so the thresholds
# below clip on some steps and not on others.
initial, grads = next_data(3.0)
out = run_torch(lambda p: torch.optim.SGD(p, lr=f32(0.05), momentum=0.9), initial, grads,
                clip=lambda ps: [clip_norm([p], 4.0) for p in ps])
cases.append(case("sgd_momentum_clipnorm", initial, grads, out, "SGD",
                  {"learning_rate": 0.05, "momentum": 0.9, "clipnorm": 4.0}))

initial, grads = next_data(3.0)
out = run_torch(lambda p: torch.optim.SGD(p, lr=f32(0.05), momentum=0.5, nesterov=True), initial,
                grads, clip=lambda ps: torch.nn.utils.clip_grad_value_(ps, 2.0))
cases.append(case("sgd_nesterov_clipvalue", initial, grads, out, "SGD",
                  {"learning_rate": 0.05, "momentum": 0.5, "nesterov": True, "clipvalue": 2.0}))

initial, grads = next_data(3.0)
out = run_torch(lambda p: torch.optim.Adam(p, lr=f32(0.01), eps=1e-7), initial, grads,
                before=adam_epsilon(1e-7, 0.999),
                clip=lambda ps: clip_norm(ps, 5.5))
cases.append(case("adam_global_clipnorm", initial, grads, out, "Adam",
                  {"learning_rate": 0.01, "global_clipnorm": 5.5}))

initial, grads = next_data(3.0)
out = run_torch(lambda p: torch.optim.SGD(p, lr=f32(0.1)), initial, grads,
                clip=lambda ps: clip_norm(ps, 100.0))
cases.append(case("sgd_global_clipnorm_inactive", initial, grads, out, "SGD",
                  {"learning_rate": 0.1, "global_clipnorm": 100.0}))


# ----- Nadam (NumPy, Keras 3's formula) ---------------------------------------------------------
def nadam(initial, grads, lr, b1=0.9, b2=0.999, eps=1e-7):
    w = [x.astype(np.float64) for x in initial]
    m = [np.zeros_like(x) for x in w]
    v = [np.zeros_like(x) for x in w]
    u_product = 1.0
    outputs = []
    for t in range(1, STEPS + 1):
        u_t = b1 * (1.0 - 0.5 * 0.96**t)
        u_t1 = b1 * (1.0 - 0.5 * 0.96**(t + 1))
        u_product *= u_t  # _backend_update_step, before every variable's update
        u_product_t1 = u_product * u_t1
        for i, g in enumerate(grads[t - 1]):
            g = g.astype(np.float64)
            m[i] += (g - m[i]) * (1 - b1)
            v[i] += (g * g - v[i]) * (1 - b2)
            m_hat = u_t1 * m[i] / (1 - u_product_t1) + (1 - u_t) * g / (1 - u_product)
            v_hat = v[i] / (1 - b2**t)
            w[i] = w[i] - m_hat * lr / (np.sqrt(v_hat) + eps)
        outputs += [x.copy() for x in w]
    return outputs


for name, config in [("nadam", {"learning_rate": 0.01}),
                     ("nadam_betas_epsilon",
                      {"learning_rate": 0.02, "beta_1": 0.8, "beta_2": 0.95, "epsilon": 1e-3})]:
    initial, grads = next_data()
    out = nadam(initial, grads, f32(config["learning_rate"]), config.get("beta_1", 0.9),
                config.get("beta_2", 0.999), config.get("epsilon", 1e-7))
    cases.append(case(name, initial, grads, out, "Nadam", config))


# ----- Schedules (NumPy, Keras 3's formulas, float64) -------------------------------------------
def exponential(step, initial_learning_rate, decay_steps, decay_rate, staircase=False, **_):
    p = step / decay_steps
    if staircase:
        p = np.floor(p)
    return initial_learning_rate * decay_rate**p


def inverse_time(step, initial_learning_rate, decay_steps, decay_rate, staircase=False, **_):
    p = step / decay_steps
    if staircase:
        p = np.floor(p)
    return initial_learning_rate / (1 + decay_rate * p)


def piecewise(step, boundaries, values, **_):
    out = np.where(step <= boundaries[0], values[0], 0.0)
    out = out + np.where(step > boundaries[-1], values[-1], 0.0)
    for low, high, value in zip(boundaries[:-1], boundaries[1:], values[1:-1]):
        out = out + np.where((step > low) & (step <= high), value, 0.0)
    return out


def polynomial(step, initial_learning_rate, decay_steps, end_learning_rate=0.0001, power=1.0,
               cycle=False, **_):
    decay = np.full_like(step, float(decay_steps))
    if cycle:
        decay = decay * np.where(step == 0, 1.0, np.ceil(step / decay_steps))
    else:
        step = np.minimum(step, decay_steps)
    p = step / decay
    return (initial_learning_rate - end_learning_rate) * (1 - p)**power + end_learning_rate


def cosine(step, initial_learning_rate, decay_steps, alpha=0.0, warmup_target=None,
           warmup_steps=0, **_):
    def decayed(s, start):
        fraction = s / decay_steps
        return start * ((1 - alpha) * 0.5 * (1.0 + np.cos(np.pi * fraction)) + alpha)
    if warmup_target is None:
        return decayed(np.minimum(step, decay_steps), initial_learning_rate)
    s = np.minimum(step, decay_steps + warmup_steps)
    with np.errstate(divide="ignore", invalid="ignore"):
        warm = (warmup_target - initial_learning_rate) * (s / warmup_steps) + initial_learning_rate
    return np.where(s < warmup_steps, warm, decayed(s - warmup_steps, warmup_target))


def cosine_restarts(step, initial_learning_rate, first_decay_steps, t_mul=2.0, m_mul=1.0,
                    alpha=0.0, **_):
    fraction = step / first_decay_steps
    if t_mul == 1.0:
        i = np.floor(fraction)
        fraction = fraction - i
    else:
        i = np.floor(np.log(1.0 - fraction * (1.0 - t_mul)) / np.log(t_mul))
        sum_r = (1.0 - t_mul**i) / (1.0 - t_mul)
        fraction = (fraction - sum_r) / t_mul**i
    m_fac = m_mul**i
    cosine_decayed = 0.5 * m_fac * (1.0 + np.cos(np.pi * fraction))
    return initial_learning_rate * ((1 - alpha) * cosine_decayed + alpha)


# Steps 0..150 plus a few far ones; restart boundaries of the SGDR cases (10, 30, 70, 150 for
# t_mul 2) are whole steps, where float32 and float64 agree on floor(log(..)/log(t_mul)).
steps = np.concatenate([np.arange(0, 151), [199, 200, 201, 999, 1000, 12345]]).astype(np.float32)
schedules = [
    ("exponential_decay", "ExponentialDecay", exponential,
     {"initial_learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.5, "staircase": False,
      "name": "ExponentialDecay"}),
    ("exponential_decay_staircase", "ExponentialDecay", exponential,
     {"initial_learning_rate": 0.2, "decay_steps": 7, "decay_rate": 0.9, "staircase": True,
      "name": "ExponentialDecay"}),
    ("inverse_time_decay", "InverseTimeDecay", inverse_time,
     {"initial_learning_rate": 0.1, "decay_steps": 5, "decay_rate": 0.5, "staircase": False,
      "name": "InverseTimeDecay"}),
    ("inverse_time_decay_staircase", "InverseTimeDecay", inverse_time,
     {"initial_learning_rate": 0.3, "decay_steps": 8, "decay_rate": 2.0, "staircase": True,
      "name": "InverseTimeDecay"}),
    ("piecewise_constant_decay", "PiecewiseConstantDecay", piecewise,
     {"boundaries": [10, 20, 35], "values": [0.1, 0.05, 0.01, 0.001], "name": "PiecewiseConstant"}),
    ("piecewise_constant_decay_one", "PiecewiseConstantDecay", piecewise,
     {"boundaries": [100], "values": [1.0, 0.5], "name": "PiecewiseConstant"}),
    ("polynomial_decay", "PolynomialDecay", polynomial,
     {"initial_learning_rate": 0.1, "decay_steps": 50, "end_learning_rate": 0.01, "power": 0.5,
      "cycle": False, "name": "PolynomialDecay"}),
    ("polynomial_decay_cycle", "PolynomialDecay", polynomial,
     {"initial_learning_rate": 0.1, "decay_steps": 30, "end_learning_rate": 0.001, "power": 2.0,
      "cycle": True, "name": "PolynomialDecay"}),
    ("cosine_decay", "CosineDecay", cosine,
     {"initial_learning_rate": 0.1, "decay_steps": 40, "alpha": 0.1, "name": "CosineDecay",
      "warmup_target": None, "warmup_steps": 0}),
    ("cosine_decay_warmup", "CosineDecay", cosine,
     {"initial_learning_rate": 0.0, "decay_steps": 40, "alpha": 0.0, "name": "CosineDecay",
      "warmup_target": 0.1, "warmup_steps": 10}),
    ("cosine_decay_restarts", "CosineDecayRestarts", cosine_restarts,
     {"initial_learning_rate": 0.1, "first_decay_steps": 10, "t_mul": 2.0, "m_mul": 0.5,
      "alpha": 0.05, "name": "SGDRDecay"}),
    ("cosine_decay_restarts_t_mul_1", "CosineDecayRestarts", cosine_restarts,
     {"initial_learning_rate": 0.05, "first_decay_steps": 12, "t_mul": 1.0, "m_mul": 0.9,
      "alpha": 0.0, "name": "SGDRDecay"}),
]
for name, class_name, formula, config in schedules:
    values = formula(steps.astype(np.float64), **config)
    cases.append({
        "name": name,
        "inputs": [array(steps, "float32")],
        "weights": [],
        "outputs": [array(values, "float64")],
        "extra": {"class_name": class_name, "config": config},
    })

target = os.path.join(os.path.dirname(__file__), "..", "data", "optimizers_torch.json")
with open(target, "w") as f:
    json.dump({"generator": "tests/golden/torch/optimizers.py (PyTorch %s, NumPy %s)"
               % (torch.__version__, np.__version__), "cases": cases}, f)
    f.write("\n")
print("wrote %d cases to %s" % (len(cases), os.path.relpath(target)))
