// keras::activations against Keras 3's formulas (keras/src/activations/activations.py and the
// backends' nn.py), each checked on concrete float32 and float64 tensors against a float64
// reference written here with plain loops, through a symbolic graph (placeholder + Program), and
// through graph::gradients against central differences; plus get / serialize by name.
#include "keras/activations/activations.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <numbers>
#include <string>
#include <vector>

#include "keras/backend/backend.h"
#include "keras/config/config.h"
#include "keras/graph/gradients.h"
#include "keras/graph/node.h"
#include "keras/graph/program.h"
#include "keras/ops/math.h"
#include "keras/ops/reduction.h"
#include "keras/ops/shape.h"

namespace keras {
namespace {

namespace act = keras::activations;
using Fn = std::function<Tensor(const Tensor&)>;

// ----- float64 references -----------------------------------------------------------------------

double softplus_ref(double x) {
  return std::max(x, 0.0) + std::log1p(std::exp(-std::abs(x)));
}
double sigmoid_ref(double x) {
  return 1.0 / (1.0 + std::exp(-x));
}
double hard_sigmoid_ref(double x) {
  return std::clamp(x / 6.0 + 0.5, 0.0, 1.0);
}
double elu_ref(double x, double alpha) {
  return x > 0 ? x : alpha * std::expm1(x);
}
// Keras's ReLU.static_call, step by step.
double relu_ref(double x, double slope, std::optional<double> max_value, double threshold) {
  if (slope != 0 && !max_value && threshold == 0) return x >= 0 ? x : slope * x;
  double y;
  bool clip = max_value.has_value();
  if (threshold != 0) {
    y = x > threshold ? x : 0.0;
  } else if (max_value == 6.0) {
    y = std::min(std::max(x, 0.0), 6.0);
    clip = false;
  } else {
    y = std::max(x, 0.0);
  }
  if (clip) y = std::min(std::max(y, 0.0), *max_value);
  if (slope != 0) y -= slope * std::max(threshold - x, 0.0);
  return y;
}
double gelu_ref(double x, bool approximate) {
  if (approximate) {
    double k = std::sqrt(2.0 / std::numbers::pi);
    return 0.5 * x * (1.0 + std::tanh(k * (x + 0.044715 * x * x * x)));
  }
  return 0.5 * x * (1.0 + std::erf(x / std::sqrt(2.0)));
}

struct ElementwiseCase {
  std::string name;
  Fn fn;
  std::function<double(double)> ref;
};

std::vector<ElementwiseCase> elementwise_cases() {
  const double selu_alpha = 1.6732632423543772848170429916717;
  const double selu_scale = 1.0507009873554804934193349852946;
  return {
      {"linear", act::linear, [](double x) { return x; }},
      {"relu", [](const Tensor& x) { return act::relu(x); },
       [](double x) { return std::max(x, 0.0); }},
      {"relu(negative_slope=0.1)", [](const Tensor& x) { return act::relu(x, 0.1); },
       [](double x) { return relu_ref(x, 0.1, std::nullopt, 0); }},
      {"relu(max_value=4)", [](const Tensor& x) { return act::relu(x, 0, 4.0); },
       [](double x) { return std::min(std::max(x, 0.0), 4.0); }},
      {"relu(max_value=6)", [](const Tensor& x) { return act::relu(x, 0, 6.0); },
       [](double x) { return std::min(std::max(x, 0.0), 6.0); }},
      {"relu(threshold=0.5)", [](const Tensor& x) { return act::relu(x, 0, std::nullopt, 0.5); },
       [](double x) { return x > 0.5 ? x : 0.0; }},
      {"relu(0.1, 4, 0.5)", [](const Tensor& x) { return act::relu(x, 0.1, 4.0, 0.5); },
       [](double x) { return relu_ref(x, 0.1, 4.0, 0.5); }},
      {"relu(0.2, 3)", [](const Tensor& x) { return act::relu(x, 0.2, 3.0); },
       [](double x) { return relu_ref(x, 0.2, 3.0, 0.0); }},
      {"relu(0.3, None, -1)", [](const Tensor& x) { return act::relu(x, 0.3, std::nullopt, -1.0); },
       [](double x) { return x > -1 ? x : 0.3 * (x + 1); }},
      {"relu6", act::relu6, [](double x) { return std::min(std::max(x, 0.0), 6.0); }},
      {"leaky_relu", [](const Tensor& x) { return act::leaky_relu(x); },
       [](double x) { return x >= 0 ? x : 0.2 * x; }},
      {"leaky_relu(0.05)", [](const Tensor& x) { return act::leaky_relu(x, 0.05); },
       [](double x) { return x >= 0 ? x : 0.05 * x; }},
      {"sigmoid", act::sigmoid, sigmoid_ref},
      {"hard_sigmoid", act::hard_sigmoid, hard_sigmoid_ref},
      {"tanh", act::tanh, [](double x) { return std::tanh(x); }},
      {"elu", [](const Tensor& x) { return act::elu(x); },
       [](double x) { return elu_ref(x, 1.0); }},
      {"elu(0.5)", [](const Tensor& x) { return act::elu(x, 0.5); },
       [](double x) { return elu_ref(x, 0.5); }},
      {"selu", act::selu, [=](double x) { return selu_scale * elu_ref(x, selu_alpha); }},
      {"softplus", act::softplus, softplus_ref},
      {"softsign", act::softsign, [](double x) { return x / (1 + std::abs(x)); }},
      {"exponential", act::exponential, [](double x) { return std::exp(x); }},
      {"silu", act::silu, [](double x) { return x * sigmoid_ref(x); }},
      {"gelu", [](const Tensor& x) { return act::gelu(x); },
       [](double x) { return gelu_ref(x, false); }},
      {"gelu(approximate)", [](const Tensor& x) { return act::gelu(x, true); },
       [](double x) { return gelu_ref(x, true); }},
      {"mish", act::mish, [](double x) { return x * std::tanh(softplus_ref(x)); }},
      {"celu", [](const Tensor& x) { return act::celu(x); },
       [](double x) { return std::max(x, 0.0) + std::expm1(std::min(x, 0.0)); }},
      {"celu(2)", [](const Tensor& x) { return act::celu(x, 2.0); },
       [](double x) { return std::max(x, 0.0) + 2.0 * std::expm1(std::min(x, 0.0) / 2.0); }},
      {"hard_silu", act::hard_silu, [](double x) { return x * hard_sigmoid_ref(x); }},
      {"hard_tanh", act::hard_tanh, [](double x) { return std::clamp(x, -1.0, 1.0); }},
      {"hard_shrink", [](const Tensor& x) { return act::hard_shrink(x); },
       [](double x) { return std::abs(x) > 0.5 ? x : 0.0; }},
      {"hard_shrink(0.3)", [](const Tensor& x) { return act::hard_shrink(x, 0.3); },
       [](double x) { return std::abs(x) > 0.3 ? x : 0.0; }},
      {"soft_shrink", [](const Tensor& x) { return act::soft_shrink(x); },
       [](double x) { return x > 0.5    ? x - 0.5
                             : x < -0.5 ? x + 0.5
                                        : 0.0; }},
      {"soft_shrink(1)", [](const Tensor& x) { return act::soft_shrink(x, 1.0); },
       [](double x) { return x > 1    ? x - 1
                             : x < -1 ? x + 1
                                      : 0.0; }},
      {"tanh_shrink", act::tanh_shrink, [](double x) { return x - std::tanh(x); }},
      {"squareplus", [](const Tensor& x) { return act::squareplus(x); },
       [](double x) { return (x + std::sqrt(x * x + 4)) / 2; }},
      {"squareplus(1)", [](const Tensor& x) { return act::squareplus(x, 1.0); },
       [](double x) { return (x + std::sqrt(x * x + 1)) / 2; }},
      {"sparse_plus", act::sparse_plus,
       [](double x) { return x <= -1  ? 0.0
                             : x >= 1 ? x
                                      : (x + 1) * (x + 1) / 4; }},
      {"sparse_sigmoid", act::sparse_sigmoid,
       [](double x) { return x <= -1  ? 0.0
                             : x >= 1 ? 1.0
                                      : 0.5 * (x + 1); }},
      {"log_sigmoid", act::log_sigmoid, [](double x) { return -softplus_ref(-x); }},
      {"threshold(0.5, -2)", [](const Tensor& x) { return act::threshold(x, 0.5, -2.0); },
       [](double x) { return x > 0.5 ? x : -2.0; }},
  };
}

// A grid over [-8, 8] in steps of 1/8 (exact in float32, so it hits the kinks at 0, ±0.5, ±1,
// ±3 and 6 exactly) plus a few other values.
std::vector<double> grid() {
  std::vector<double> v;
  for (int i = -64; i <= 64; ++i) v.push_back(i / 8.0);
  for (double x : {-30.0, -12.5, 0.31, -0.29, 12.5, 30.0}) v.push_back(x);
  return v;
}

bool close(double got, double want, DType dtype) {
  if (std::isnan(want)) return std::isnan(got);
  double rtol = dtype == DType::float64 ? 1e-11 : 2e-5;
  double atol = dtype == DType::float64 ? 1e-12 : 1e-6;
  return std::abs(got - want) <= atol + rtol * std::abs(want);
}

// Host float64 values of `t` (any backend, any dtype).
std::vector<double> values_of(const Tensor& t) {
  return t.to(backend::host()).to_vector<double>();
}

// Runs fn on a placeholder of x's dtype with an unknown first dimension, compiled.
Tensor run_symbolic(const Fn& fn, const Tensor& x) {
  std::vector<int64_t> dims = x.shape().dims();
  dims[0] = -1;
  Tensor p = graph::placeholder({x.dtype(), Shape(dims)}, "x");
  Tensor y = fn(p);
  EXPECT_TRUE(y.is_symbolic());
  graph::Program program({p}, {y});
  return program.run({x})[0];
}

// ----- Elementwise activations ------------------------------------------------------------------

TEST(Activations, ElementwiseMatchTheFloat64Reference) {
  std::vector<double> xs = grid();
  const int64_t n = static_cast<int64_t>(xs.size());
  for (DType dtype : {DType::float32, DType::float64}) {
    Tensor x = Tensor::from_vector(xs, Shape{n}).astype(dtype);
    std::vector<double> seen = values_of(x);  // the inputs as the dtype holds them
    for (const ElementwiseCase& c : elementwise_cases()) {
      Tensor y = c.fn(x);
      EXPECT_EQ(y.dtype(), dtype) << c.name;
      EXPECT_EQ(y.shape(), x.shape()) << c.name;
      std::vector<double> got = values_of(y);
      for (int64_t i = 0; i < n; ++i)
        EXPECT_PRED3(close, got[i], c.ref(seen[i]), dtype)
            << c.name << " " << dtype << " at x = " << seen[i];
    }
  }
}

TEST(Activations, ElementwiseRunSymbolically) {
  std::vector<double> xs = grid();
  const int64_t n = static_cast<int64_t>(xs.size());
  for (DType dtype : {DType::float32, DType::float64}) {
    // Two rows so that the batch dimension is a real one.
    std::vector<double> two_rows(xs);
    for (double v : xs) two_rows.push_back(-v);
    Tensor x = Tensor::from_vector(two_rows, Shape{2, n}).astype(dtype);
    std::vector<double> seen = values_of(x);
    for (const ElementwiseCase& c : elementwise_cases()) {
      if (c.name == "linear") continue;  // returns the placeholder itself: nothing to compile
      Tensor y = run_symbolic(c.fn, x);
      EXPECT_EQ(y.shape(), x.shape()) << c.name;
      std::vector<double> got = values_of(y);
      for (size_t i = 0; i < got.size(); ++i)
        EXPECT_PRED3(close, got[i], c.ref(seen[i]), dtype)
            << c.name << " (symbolic) " << dtype << " at x = " << seen[i];
    }
  }
}

TEST(Activations, IntegerInputs) {
  Tensor ints = Tensor::from_vector<int32_t>({-2, -1, 0, 1, 2, 7});
  Tensor r = act::relu(ints);
  EXPECT_EQ(r.dtype(), DType::int32);
  EXPECT_EQ(r.to_vector<int32_t>(), (std::vector<int32_t>{0, 0, 0, 1, 2, 7}));
  EXPECT_EQ(act::relu6(ints).to_vector<int32_t>(), (std::vector<int32_t>{0, 0, 0, 1, 2, 6}));
  Tensor s = act::sigmoid(ints);
  EXPECT_EQ(s.dtype(), config::floatx_dtype());
  EXPECT_NEAR(values_of(s)[3], sigmoid_ref(1.0), 1e-6);
  Tensor sq = act::squareplus(ints);
  EXPECT_EQ(sq.dtype(), config::floatx_dtype());
  EXPECT_NEAR(values_of(sq)[0], (-2 + std::sqrt(8.0)) / 2, 1e-6);
}

// ----- Activations along an axis ----------------------------------------------------------------

// Applies `ref` (one 1-D slice -> its output) along `axis` of a row-major (rows, cols) matrix.
std::vector<double> along_axis(const std::vector<double>& x, int64_t rows, int64_t cols, int axis,
                               const std::function<std::vector<double>(std::vector<double>)>& ref,
                               int64_t out_len) {
  int64_t out_rows = axis == 1 ? rows : out_len, out_cols = axis == 1 ? out_len : cols;
  std::vector<double> out(out_rows * out_cols);
  int64_t count = axis == 1 ? rows : cols, len = axis == 1 ? cols : rows;
  for (int64_t k = 0; k < count; ++k) {
    std::vector<double> slice(len);
    for (int64_t i = 0; i < len; ++i) slice[i] = axis == 1 ? x[k * cols + i] : x[i * cols + k];
    std::vector<double> r = ref(slice);
    for (int64_t i = 0; i < out_len; ++i) {
      if (axis == 1)
        out[k * out_cols + i] = r[i];
      else
        out[i * out_cols + k] = r[i];
    }
  }
  return out;
}

std::vector<double> softmax_ref(std::vector<double> v) {
  double m = *std::max_element(v.begin(), v.end()), s = 0;
  for (double& x : v) s += (x = std::exp(x - m));
  for (double& x : v) x /= s;
  return v;
}
std::vector<double> log_softmax_ref(std::vector<double> v) {
  double m = *std::max_element(v.begin(), v.end()), s = 0;
  for (double x : v) s += std::exp(x - m);
  for (double& x : v) x = x - m - std::log(s);
  return v;
}
std::vector<double> glu_ref(std::vector<double> v) {
  size_t h = v.size() / 2;
  std::vector<double> out(h);
  for (size_t i = 0; i < h; ++i) out[i] = v[i] * sigmoid_ref(v[h + i]);
  return out;
}
// Martins & Astudillo (2016), Algorithm 1: sort, find the support size k, threshold tau.
std::vector<double> sparsemax_ref(std::vector<double> v) {
  std::vector<double> z(v);
  std::sort(z.begin(), z.end(), std::greater<>());
  double cumsum = 0, support_sum = 0;
  size_t k = 0;
  for (size_t j = 0; j < z.size(); ++j) {
    cumsum += z[j];
    if (1 + static_cast<double>(j + 1) * z[j] > cumsum) {
      k = j + 1;
      support_sum = cumsum;
    }
  }
  double tau = (support_sum - 1) / static_cast<double>(k);
  for (double& x : v) x = std::max(x - tau, 0.0);
  return v;
}

struct AxisCase {
  std::string name;
  std::function<Tensor(const Tensor&, int)> fn;
  std::function<std::vector<double>(std::vector<double>)> ref;
  bool halves;  // the output has half the axis (glu)
};

std::vector<AxisCase> axis_cases() {
  return {
      {"softmax", [](const Tensor& x, int a) { return act::softmax(x, a); }, softmax_ref, false},
      {"log_softmax", [](const Tensor& x, int a) { return act::log_softmax(x, a); },
       log_softmax_ref, false},
      {"glu", [](const Tensor& x, int a) { return act::glu(x, a); }, glu_ref, true},
      {"sparsemax", [](const Tensor& x, int a) { return act::sparsemax(x, a); }, sparsemax_ref,
       false},
  };
}

TEST(Activations, AlongAnAxisMatchTheFloat64Reference) {
  const int64_t rows = 6, cols = 8;
  // Rows with several supports for sparsemax: spread, close together, ties, one dominant.
  std::vector<double> xs = {
      0.1,  0.2,  0.3,  0.4,  0.5,  -1.0, 0.0,  0.45,  // support of 5 elements
      3.0,  -1.0, 0.5,  0.2,  -2.0, 1.0,  0.0,  2.5,   // support of 2
      0.7,  0.7,  0.7,  0.7,  0.1,  0.1,  0.1,  0.1,   // ties
      9.0,  1.0,  2.0,  3.0,  4.0,  5.0,  6.0,  7.0,   // one dominant
      -0.3, 1.25, -2.5, 0.75, 2.0,  -1.5, 0.25, 1.0,   //
      0.0,  0.0,  0.0,  0.0,  0.0,  0.0,  0.0,  0.0,   // uniform
  };
  for (DType dtype : {DType::float32, DType::float64}) {
    Tensor x = Tensor::from_vector(xs, Shape{rows, cols}).astype(dtype);
    std::vector<double> seen = values_of(x);
    for (const AxisCase& c : axis_cases()) {
      for (int axis : {-1, 1, 0, -2}) {
        int a = axis < 0 ? axis + 2 : axis;
        int64_t len = a == 1 ? cols : rows;
        int64_t out_len = c.halves ? len / 2 : len;
        std::vector<double> want = along_axis(seen, rows, cols, a, c.ref, out_len);
        for (bool symbolic : {false, true}) {
          Fn f = [&](const Tensor& t) { return c.fn(t, axis); };
          Tensor y = symbolic ? run_symbolic(f, x) : f(x);
          EXPECT_EQ(y.dtype(), dtype);
          EXPECT_EQ(y.shape(), a == 1 ? Shape({rows, out_len}) : Shape({out_len, cols}))
              << c.name << " axis " << axis;
          std::vector<double> got = values_of(y);
          ASSERT_EQ(got.size(), want.size());
          for (size_t i = 0; i < got.size(); ++i)
            EXPECT_PRED3(close, got[i], want[i], dtype)
                << c.name << " axis " << axis << (symbolic ? " symbolic " : " ") << dtype << " at "
                << i;
        }
      }
    }
  }
}

TEST(Activations, SparsemaxSumsToOneAndHandlesRank3) {
  std::vector<double> xs(2 * 3 * 5);
  for (size_t i = 0; i < xs.size(); ++i) xs[i] = std::sin(1.7 * static_cast<double>(i)) * 1.3;
  Tensor x = Tensor::from_vector(xs, Shape{2, 3, 5});
  for (int axis : {0, 1, 2}) {
    Tensor y = act::sparsemax(x, axis);
    Tensor sums = ops::sum(y, axis);
    for (double s : values_of(sums)) EXPECT_NEAR(s, 1.0, 1e-12) << "axis " << axis;
    for (double v : values_of(y)) EXPECT_GE(v, 0.0);
  }
}

TEST(Activations, AxisErrors) {
  Tensor odd = Tensor::from_vector<double>({1, 2, 3, 4, 5, 6}, Shape{2, 3});
  try {
    act::glu(odd);
    FAIL() << "odd axis accepted";
  } catch (const ValueError& e) {
    EXPECT_STREQ(e.what(),
                 "axis size must be divisible by 2. Received: x.shape=(2, 3) with axis=-1");
  }
  EXPECT_NO_THROW(act::glu(odd, 0));
  EXPECT_THROW(act::softmax(odd, 2), ValueError);
  EXPECT_THROW(act::sparsemax(odd, -3), ValueError);
  EXPECT_THROW(act::relu(Tensor()), ValueError);
}

// ----- Gradients through the compositions -------------------------------------------------------

// d/dx Σ w·f(x) from graph::gradients against central differences of the eager function, in
// float64, at points away from every kink.
void check_activation_gradient(const std::string& name, const Fn& f, const Tensor& x0) {
  const int64_t n = x0.size();
  // Fixed weights over the output (glu's output is half the input).
  std::vector<double> w(static_cast<size_t>(f(x0).size()));
  for (size_t i = 0; i < w.size(); ++i) w[i] = 0.5 + 0.37 * static_cast<double>((i * 7) % 5);
  Tensor weights = Tensor::from_vector(w);
  auto loss_of = [&](const Tensor& y) {
    return ops::sum(ops::multiply(ops::reshape(y, Shape{-1}), weights));
  };
  Tensor p = graph::placeholder({DType::float64, x0.shape()}, "x");
  Tensor loss = loss_of(f(p));
  std::vector<Tensor> grads = graph::gradients(loss, {p});
  graph::Program program({p}, {grads[0]});
  std::vector<double> got = values_of(program.run({x0})[0]);
  std::vector<double> xv = values_of(x0);
  const double h = 1e-6;
  for (int64_t i = 0; i < n; ++i) {
    std::vector<double> plus(xv), minus(xv);
    plus[i] += h;
    minus[i] -= h;
    double lp = loss_of(f(Tensor::from_vector(plus, x0.shape()))).item<double>();
    double lm = loss_of(f(Tensor::from_vector(minus, x0.shape()))).item<double>();
    double want = (lp - lm) / (2 * h);
    EXPECT_NEAR(got[i], want, 1e-6 + 1e-6 * std::abs(want)) << name << " at x = " << xv[i];
  }
}

TEST(Activations, GradientsMatchFiniteDifferences) {
  // Away from the kinks at 0, ±0.3, ±0.5, ±1, ±3 and 6.
  std::vector<double> xs = {-6.2, -3.7, -2.6, -1.4, -0.83, -0.41, -0.17,
                            0.13, 0.37, 0.71, 1.33, 2.45,  3.9,   6.4};
  Tensor x = Tensor::from_vector(xs);
  for (const ElementwiseCase& c : elementwise_cases()) {
    if (c.name == "linear") continue;
    check_activation_gradient(c.name, c.fn, x);
  }
  Tensor m = Tensor::from_vector<double>(
      {0.1, 0.2, 0.33, 0.47, -1.0, 0.05, 3.0, -1.0, 0.5, 0.2, 1.1, 2.6}, Shape{3, 4});
  for (const AxisCase& c : axis_cases())
    for (int axis : {-1, 0}) {
      if (c.halves && axis == 0) continue;  // 3 rows: not divisible by 2
      check_activation_gradient(
          c.name + " axis " + std::to_string(axis), [&](const Tensor& t) { return c.fn(t, axis); },
          m);
    }
}

// ----- By name ----------------------------------------------------------------------------------

TEST(Activations, GetAndSerializeByKerasName) {
  const std::vector<std::string> keras_names = {
      "celu",           "elu",         "exponential", "gelu",       "glu",         "hard_shrink",
      "hard_sigmoid",   "hard_silu",   "hard_tanh",   "leaky_relu", "linear",      "log_sigmoid",
      "log_softmax",    "mish",        "relu",        "relu6",      "selu",        "sigmoid",
      "silu",           "soft_shrink", "softmax",     "softplus",   "softsign",    "sparse_plus",
      "sparse_sigmoid", "sparsemax",   "squareplus",  "tanh",       "tanh_shrink", "threshold",
      "swish",          "hard_swish"};
  std::vector<std::string> sorted(keras_names);
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(act::names(), sorted);
  for (const std::string& name : keras_names) {
    EXPECT_NO_THROW(act::get(name)) << name;
    std::string canonical = act::serialize(name);
    if (name == "swish")
      EXPECT_EQ(canonical, "silu");
    else if (name == "hard_swish")
      EXPECT_EQ(canonical, "hard_silu");
    else
      EXPECT_EQ(canonical, name);
  }
  // get() gives the function with its defaults.
  Tensor x = Tensor::from_vector<double>({-2.0, -0.5, 0.25, 1.5}, Shape{2, 2});
  auto same = [](const Tensor& a, const Tensor& b) { return values_of(a) == values_of(b); };
  EXPECT_TRUE(same(act::get("relu")(x), act::relu(x)));
  EXPECT_TRUE(same(act::get("leaky_relu")(x), act::leaky_relu(x, 0.2)));
  EXPECT_TRUE(same(act::get("gelu")(x), act::gelu(x, false))) << "the activation is exact gelu";
  EXPECT_TRUE(same(act::get("swish")(x), act::silu(x)));
  EXPECT_TRUE(same(act::get("hard_swish")(x), act::hard_silu(x)));
  EXPECT_TRUE(same(act::get("softmax")(x), act::softmax(x, -1)));
  EXPECT_TRUE(same(act::get(std::nullopt)(x), x)) << "None is linear";
  EXPECT_THROW(act::get("threshold")(x), TypeError);
}

TEST(Activations, UnknownNamesListTheKnownOnes) {
  try {
    act::get("rellu");
    FAIL();
  } catch (const ValueError& e) {
    std::string m = e.what();
    EXPECT_EQ(m.rfind("Could not interpret activation function identifier: rellu", 0), 0u) << m;
    EXPECT_NE(m.find("relu6"), std::string::npos) << m;
    EXPECT_NE(m.find("swish"), std::string::npos) << m;
  }
  EXPECT_THROW(act::serialize("Relu"), ValueError);
}

}  // namespace
}  // namespace keras
