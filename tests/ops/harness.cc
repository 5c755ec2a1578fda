#include "tests/ops/harness.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "keras/backend/backend.h"
#include "keras/graph/gradients.h"
#include "keras/graph/node.h"
#include "keras/graph/program.h"
#include "keras/ops/op_def.h"

namespace keras::testing {

Tensor uniform(Shape shape, double lo, double hi, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> dist(lo, hi);
  std::vector<double> v(static_cast<size_t>(shape.num_elements()));
  for (double& x : v) x = dist(rng);
  return Tensor::from_vector(v, shape);
}

Tensor integers(Shape shape, int64_t lo, int64_t hi, DType dtype, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int64_t> dist(lo, hi - 1);
  std::vector<int64_t> v(static_cast<size_t>(shape.num_elements()));
  for (int64_t& x : v) x = dist(rng);
  return Tensor::from_vector(v, shape).astype(dtype);
}

namespace {

void compare(const Tensor& got, const Tensor& want, double rtol, double atol,
             const std::string& where) {
  ASSERT_EQ(got.shape(), want.shape()) << where << ": shape";
  if (!is_floating(want.dtype())) {
    EXPECT_EQ(got.dtype(), want.dtype()) << where << ": dtype";
  }
  std::vector<double> g = got.to_vector<double>(), w = want.to_vector<double>();
  int reported = 0;
  for (size_t i = 0; i < g.size(); ++i) {
    bool ok = (std::isnan(w[i]) && std::isnan(g[i])) || (std::isinf(w[i]) && g[i] == w[i]) ||
              std::fabs(g[i] - w[i]) <= atol + rtol * std::fabs(w[i]);
    if (!ok && reported++ < 5)
      ADD_FAILURE() << where << ": element " << i << " got " << g[i] << ", expected " << w[i]
                    << " (|diff| " << std::fabs(g[i] - w[i]) << ")";
  }
}

}  // namespace

namespace {

// |got - want| <= atol + rtol |want| for `dtype` (see OpCase::halves).
std::pair<double, double> tolerance(const OpCase& c, DType dtype) {
  switch (dtype) {
    case DType::float64:
      return {c.rtol64, c.atol64};
    case DType::float16:
      return {c.rtol32 + std::ldexp(1.0, -11), c.atol32 + std::ldexp(1.0, -25)};
    case DType::bfloat16:
      return {c.rtol32 + std::ldexp(1.0, -8), c.atol32};
    default:
      return {c.rtol32, c.atol32};
  }
}

std::vector<DType> dtypes_of(const OpCase& c) {
  std::vector<DType> out = c.dtypes;
  bool has_float32 = std::find(out.begin(), out.end(), DType::float32) != out.end();
  if (c.halves && has_float32)
    for (DType half : {DType::float16, DType::bfloat16})
      if (std::find(out.begin(), out.end(), half) == out.end()) out.push_back(half);
  return out;
}

}  // namespace

void check_op(const OpCase& c) {
  const ops::OpDef& def = ops::get_op(c.op);
  for (const std::string& backend_name : backend::available()) {
    backend::Backend& device = backend::get(backend_name);
    for (DType dtype : dtypes_of(c)) {
      std::string where = str(c.op, " on ", backend_name, " in ", name(dtype));
      std::vector<Tensor> device_inputs, seen;
      for (const Tensor& t : c.inputs) {
        Tensor converted = t.dtype() == DType::float64 ? t.astype(dtype) : t.copy();
        // A private copy: the op may update its inputs in place (seed states, variables).
        seen.push_back(converted.dtype() == dtype ? converted.astype(t.dtype()) : converted.copy());
        device_inputs.push_back(converted.to(device));
      }
      std::vector<Tensor> got;
      try {
        got = ops::call(c.op, device_inputs, c.attrs);
      } catch (const std::exception& e) {
        ADD_FAILURE() << where << ": threw " << e.what();
        continue;
      }
      if (!def.mutates.empty()) {
        got.clear();
        for (int m : def.mutates)  // optional slots may be absent
          if (m < static_cast<int>(device_inputs.size()))
            got.push_back(device_inputs[static_cast<size_t>(m)]);
      }
      std::vector<Tensor> want = c.reference(seen);
      ASSERT_EQ(got.size(), want.size()) << where << ": number of outputs";
      auto [rtol, atol] = tolerance(c, dtype);
      for (size_t i = 0; i < got.size(); ++i)
        compare(got[i].to(backend::host()), want[i], rtol, atol, str(where, ", output ", i));
    }
  }
}

namespace {

// L = Σ_i Σ w_i·y_i for the op run eagerly on `inputs` (float outputs only).
double weighted_sum(const GradCase& c, std::vector<Tensor> inputs,
                    const std::vector<Tensor>& weights) {
  // A private copy of each input the op updates in place, so every evaluation sees the same state.
  for (int m : ops::get_op(c.op).mutates)
    if (m < static_cast<int>(inputs.size()))
      inputs[static_cast<size_t>(m)] = inputs[static_cast<size_t>(m)].copy();
  std::vector<Tensor> outputs = ops::call(c.op, inputs, c.attrs);
  double total = 0;
  size_t k = 0;
  for (const Tensor& y : outputs) {
    if (!is_floating(y.dtype())) continue;
    std::vector<double> v = y.to_vector<double>(), w = weights[k++].to_vector<double>();
    for (size_t j = 0; j < v.size(); ++j) total += v[j] * w[j];
  }
  return total;
}

}  // namespace

namespace {

// Autodiff of L = Σ_i Σ w_i·y_i with respect to the inputs `wrt`: the case's float64 inputs and
// the weights w_i in `dtype` (the weights drawn in float64 and rounded to `weights_in` first);
// the gradients as float64.
std::vector<Tensor> autodiff(const GradCase& c, const std::vector<Tensor>& inputs,
                             const std::vector<int>& wrt, DType dtype, DType weights_in) {
  std::vector<Tensor> symbolic_inputs, placeholders, feed;
  for (size_t i = 0; i < inputs.size(); ++i) {
    Tensor x = inputs[i].dtype() == DType::float64 ? inputs[i].astype(dtype) : inputs[i];
    if (std::find(wrt.begin(), wrt.end(), static_cast<int>(i)) != wrt.end()) {
      Tensor p = graph::placeholder(x.meta(), str("x", i));
      placeholders.push_back(p);
      symbolic_inputs.push_back(p);
      feed.push_back(x);
    } else {
      symbolic_inputs.push_back(x);
    }
  }
  std::vector<Tensor> outputs = ops::call(c.op, symbolic_inputs, c.attrs);
  std::vector<Tensor> float_outputs, weights;
  for (size_t i = 0; i < outputs.size(); ++i) {
    if (!is_floating(outputs[i].dtype())) continue;
    float_outputs.push_back(outputs[i]);
    weights.push_back(uniform(outputs[i].shape(), -1.0, 1.0, 100 + i)
                          .astype(weights_in)
                          .astype(outputs[i].dtype()));
  }
  if (float_outputs.empty()) return {};
  std::vector<Tensor> grads = graph::gradients(float_outputs, weights, placeholders);
  graph::Program program(placeholders, grads, {}, &backend::get("cpu"));
  std::vector<Tensor> out;
  for (const Tensor& g : program.run(feed)) out.push_back(g.astype(DType::float64));
  return out;
}

// The gradient pass in float16 and bfloat16 (every op of it computing in float32 and rounding
// once): near the float64 gradients at the same rounded inputs and weights, within 16 units of
// the type's precision relative to the gradients' scale (the backward pass rounds at every op).
void check_half_gradients(const GradCase& c, const std::vector<int>& wrt) {
  for (DType half : {DType::float16, DType::bfloat16}) {
    std::vector<Tensor> rounded = c.inputs;
    for (Tensor& x : rounded)
      if (x.dtype() == DType::float64) x = x.astype(half).astype(DType::float64);
    std::vector<Tensor> want = autodiff(c, rounded, wrt, DType::float64, half);
    std::vector<Tensor> got = autodiff(c, rounded, wrt, half, half);
    ASSERT_EQ(got.size(), want.size()) << c.op << " in " << name(half);
    double unit = half == DType::bfloat16 ? std::ldexp(1.0, -8) : std::ldexp(1.0, -11);
    for (size_t k = 0; k < got.size(); ++k) {
      std::vector<double> g = got[k].to_vector<double>(), w = want[k].to_vector<double>();
      double scale = 1.0;
      for (double v : w) scale = std::max(scale, std::fabs(v));
      int reported = 0;
      for (size_t j = 0; j < g.size(); ++j)
        if (!(std::fabs(g[j] - w[j]) <= 16 * unit * scale) && reported++ < 5)
          ADD_FAILURE() << c.op << " in " << name(half) << ": d/d input " << wrt[k] << " element "
                        << j << ": " << g[j] << ", float64 " << w[j];
    }
  }
}

}  // namespace

void check_gradient(const GradCase& c) {
  std::vector<int> wrt = c.wrt;
  if (wrt.empty())
    for (size_t i = 0; i < c.inputs.size(); ++i)
      if (c.inputs[i].dtype() == DType::float64) wrt.push_back(static_cast<int>(i));
  ASSERT_FALSE(wrt.empty()) << c.op << ": nothing to differentiate";
  std::vector<Tensor> analytic = autodiff(c, c.inputs, wrt, DType::float64, DType::float64);
  ASSERT_FALSE(analytic.empty()) << c.op << ": no float output to differentiate";
  std::vector<Tensor> weights;  // the w_i of L, drawn as autodiff drew them
  {
    std::vector<Tensor> copies;  // the op may update an input in place (a seed state)
    for (const Tensor& x : c.inputs) copies.push_back(x.copy());
    std::vector<Tensor> outputs = ops::call(c.op, copies, c.attrs);
    for (size_t i = 0; i < outputs.size(); ++i)
      if (is_floating(outputs[i].dtype()))
        weights.push_back(uniform(outputs[i].shape(), -1.0, 1.0, 100 + i));
  }
  if (c.halves) check_half_gradients(c, wrt);

  for (size_t k = 0; k < wrt.size(); ++k) {
    int index = wrt[k];
    std::vector<Tensor> inputs = c.inputs;
    std::vector<double> x = c.inputs[static_cast<size_t>(index)].to_vector<double>();
    std::vector<double> got = analytic[k].to_vector<double>();
    ASSERT_EQ(got.size(), x.size())
        << c.op << ": gradient of input " << index << " has the wrong size";
    int reported = 0;
    for (size_t j = 0; j < x.size(); ++j) {
      auto evaluate = [&](double value) {
        std::vector<double> moved = x;
        moved[j] = value;
        inputs[static_cast<size_t>(index)] =
            Tensor::from_vector(moved, c.inputs[static_cast<size_t>(index)].shape());
        return weighted_sum(c, inputs, weights);
      };
      double numeric = (evaluate(x[j] + c.eps) - evaluate(x[j] - c.eps)) / (2 * c.eps);
      if (std::fabs(got[j] - numeric) > c.atol + c.rtol * std::fabs(numeric) && reported++ < 5)
        ADD_FAILURE() << c.op << ": d/d input " << index << " element " << j << ": autodiff "
                      << got[j] << ", finite differences " << numeric;
    }
  }
}

namespace {
std::vector<std::string>& covered() {
  static std::vector<std::string> ops;
  return ops;
}
}  // namespace

bool register_covered(std::initializer_list<const char*> ops) {
  for (const char* op : ops) covered().emplace_back(op);
  return true;
}

const std::vector<std::string>& covered_ops() {
  return covered();
}

namespace {
std::vector<std::string>& gradient_checked() {
  static std::vector<std::string> ops;
  return ops;
}
}  // namespace

bool register_gradient_checked(std::initializer_list<const char*> ops) {
  for (const char* op : ops) gradient_checked().emplace_back(op);
  return true;
}

const std::vector<std::string>& gradient_checked_ops() {
  return gradient_checked();
}

}  // namespace keras::testing
