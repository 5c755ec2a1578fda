// Conformance, shape-inference, bad-input and gradient tests for the reductions (sum, mean, max,
// min, prod, logsumexp, argmax, argmin) and reduce_grad.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <string>

#include "keras/graph/gradients.h"
#include "keras/graph/node.h"
#include "keras/graph/program.h"
#include "keras/ops/op_def.h"
#include "keras/ops/reduction.h"
#include "tests/ops/harness.h"

namespace keras {
namespace {

KERAS_CONFORMANCE_COVERS("sum", "mean", "max", "min", "prod", "logsumexp", "argmax", "argmin",
                         "reduce_grad");
KERAS_GRADIENT_CHECKED("sum", "mean", "max", "min", "prod", "logsumexp", "reduce_grad");

using Ints = std::vector<int64_t>;
using Values = std::vector<double>;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

bool reduced(const Ints& axes, int a) {
  return axes.empty() || std::find(axes.begin(), axes.end(), a) != axes.end();
}

Shape reduced_shape(const Shape& s, const Ints& axes, bool keepdims) {
  Ints out;
  for (int a = 0; a < s.rank(); ++a) {
    if (!reduced(axes, a))
      out.push_back(s[a]);
    else if (keepdims)
      out.push_back(1);
  }
  return Shape(out);
}

// For every element of a tensor of `shape`, the flat index of its output when `axes` are
// reduced (plain multi-index arithmetic).
std::vector<int64_t> output_index(const Shape& shape, const Ints& axes) {
  int64_t n = shape.num_elements();
  std::vector<int64_t> out(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    int64_t rem = i, o = 0, stride = 1;
    for (int a = shape.rank() - 1; a >= 0; --a) {
      int64_t idx = rem % shape[a];
      rem /= shape[a];
      if (!reduced(axes, a)) {
        o += idx * stride;
        stride *= shape[a];
      }
    }
    out[static_cast<size_t>(i)] = o;
  }
  return out;
}

// Groups x's values by output (in input order) and applies f to each group.
Tensor reduce_ref(const Tensor& x, const Ints& axes, bool keepdims,
                  const std::function<double(const Values&)>& f) {
  Shape out_shape = reduced_shape(x.shape(), axes, keepdims);
  std::vector<Values> groups(static_cast<size_t>(out_shape.num_elements()));
  Values v = x.to_vector<double>();
  std::vector<int64_t> where = output_index(x.shape(), axes);
  for (size_t i = 0; i < v.size(); ++i) groups[static_cast<size_t>(where[i])].push_back(v[i]);
  Values out;
  for (const Values& g : groups) out.push_back(f(g));
  return Tensor::from_vector(out, out_shape);
}

double ref_sum(const Values& g) {
  double s = 0;
  for (double v : g) s += v;
  return s;
}
double ref_mean(const Values& g) {
  return ref_sum(g) / static_cast<double>(g.size());
}
double ref_prod(const Values& g) {
  double p = 1;
  for (double v : g) p *= v;
  return p;
}
double ref_max(const Values& g) {
  double m = -kInf;
  for (double v : g) {
    if (std::isnan(v)) return v;
    m = std::max(m, v);
  }
  return m;
}
double ref_min(const Values& g) {
  double m = kInf;
  for (double v : g) {
    if (std::isnan(v)) return v;
    m = std::min(m, v);
  }
  return m;
}
// As tf.reduce_logsumexp (Keras 3): the shift is the maximum, or 0 when that is not finite.
double ref_logsumexp(const Values& g) {
  double m = ref_max(g);
  if (!std::isfinite(m)) m = 0;
  double s = 0;
  for (double v : g) s += std::exp(v - m);
  return m + std::log(s);
}
double ref_argmax(const Values& g) {
  size_t best = 0;
  for (size_t i = 0; i < g.size(); ++i) {
    if (std::isnan(g[i])) return static_cast<double>(i);
    if (g[i] > g[best]) best = i;
  }
  return static_cast<double>(best);
}
double ref_argmin(const Values& g) {
  size_t best = 0;
  for (size_t i = 0; i < g.size(); ++i) {
    if (std::isnan(g[i])) return static_cast<double>(i);
    if (g[i] < g[best]) best = i;
  }
  return static_cast<double>(best);
}

std::function<double(const Values&)> reference_of(const std::string& op) {
  if (op == "sum") return ref_sum;
  if (op == "mean") return ref_mean;
  if (op == "prod") return ref_prod;
  if (op == "max") return ref_max;
  if (op == "min") return ref_min;
  if (op == "logsumexp") return ref_logsumexp;
  if (op == "argmax") return ref_argmax;
  return ref_argmin;
}

ops::Attrs reduce_attrs(const Ints& axes, bool keepdims) {
  return ops::ReduceAttrs{.axes = axes, .keepdims = keepdims};
}

void check_reduction(const std::string& op, const Tensor& x, const Ints& axes, bool keepdims,
                     double rtol32 = 2e-5) {
  SCOPED_TRACE(str(op, " of ", x.shape(), " over ", Shape(axes), keepdims ? " keepdims" : ""));
  testing::OpCase c;
  c.op = op;
  c.inputs = {x};
  c.attrs = reduce_attrs(axes, keepdims);
  auto f = reference_of(op);
  c.reference = [=](const std::vector<Tensor>& in) {
    return std::vector<Tensor>{reduce_ref(in[0], axes, keepdims, f)};
  };
  c.rtol32 = rtol32;
  testing::check_op(c);
}

const std::vector<Ints> kAxisSets = {{}, {0}, {1}, {2}, {0, 1}, {0, 2}, {1, 2}};

TEST(Reduction, SmallShapesEveryAxisSet) {
  Tensor x = testing::uniform({4, 5, 6}, -1, 1, 7);
  for (const char* op : {"sum", "mean", "max", "min", "logsumexp"})
    for (const Ints& axes : kAxisSets)
      for (bool keepdims : {false, true}) check_reduction(op, x, axes, keepdims);
  Tensor p = testing::uniform({4, 5, 6}, 0.5, 1.5, 8);
  for (const Ints& axes : kAxisSets)
    for (bool keepdims : {false, true}) check_reduction("prod", p, axes, keepdims);
}

TEST(Reduction, SizeOneAxesAndScalars) {
  // Size-1 axes vanish in the kernels' geometry; reducing only them is a copy.
  Tensor x = testing::uniform({3, 1, 4, 1}, -1, 1, 9);
  for (const char* op : {"sum", "mean", "max", "min", "prod", "logsumexp"}) {
    for (const Ints& axes : std::vector<Ints>{{1}, {1, 3}, {0, 1}, {2, 3}, {}})
      check_reduction(op, x, axes, false);
    check_reduction(op, Tensor::scalar(0.25), {}, false);
  }
}

TEST(Reduction, FourDimensionalAlternatingAxes) {
  // Reduced and kept axes alternate: the offset-table paths in both row and column modes.
  Tensor x = testing::uniform({3, 4, 5, 6}, -1, 1, 10);
  for (const char* op : {"sum", "max", "logsumexp"})
    for (const Ints& axes : std::vector<Ints>{{0, 2}, {1, 3}, {0, 3}, {0, 1, 3}})
      check_reduction(op, x, axes, true);
}

TEST(Reduction, LargeShapesUseEveryThreadingPath) {
  // Few outputs and long reductions (split over threads), many outputs (over outputs), last
  // axis and leading axis, plus a whole-tensor reduction.
  struct Case {
    Shape shape;
    Ints axes;
  };
  std::vector<Case> cases = {{{3, 100003}, {1}},     {{100003, 3}, {0}}, {{2000, 67}, {1}},
                             {{67, 2000}, {0}},      {{300001}, {}},     {{20, 300, 40}, {1}},
                             {{64, 50, 300}, {0, 1}}};
  for (const Case& c : cases) {
    Tensor x = testing::uniform(c.shape, -1, 1, 11);
    for (const char* op : {"sum", "mean", "max", "min"}) check_reduction(op, x, c.axes, false);
  }
  Tensor x = testing::uniform({5, 70001}, 0.9999, 1.0001, 12);
  check_reduction("prod", x, {1}, false, 1e-4);
  check_reduction("logsumexp", testing::uniform({3, 70001}, -5, 5, 13), {1}, false);
  check_reduction("logsumexp", testing::uniform({70001, 3}, -5, 5, 14), {0}, false);
}

TEST(Reduction, NaNAndInfinities) {
  Tensor x = Tensor::from_vector(Values{1, kNaN, 3, -kInf, -kInf, -kInf, 2, kInf, 5, 7, 8, 9},
                                 Shape{4, 3});
  for (const char* op : {"sum", "max", "min", "logsumexp"}) check_reduction(op, x, {1}, false);
  // Long rows exercise the vectorized max with a NaN in the middle.
  Values v(1000);
  for (size_t i = 0; i < v.size(); ++i) v[i] = static_cast<double>(i % 17);
  v[613] = kNaN;
  Tensor row = Tensor::from_vector(v, Shape{2, 500});
  check_reduction("max", row, {1}, false);
  check_reduction("min", row, {0}, false);
}

TEST(Reduction, EmptyReductionGivesIdentity) {
  Tensor x = Tensor::zeros({3, 0}, DType::float32);
  EXPECT_EQ(ops::sum(x, 1).to_vector<float>(), std::vector<float>(3, 0.0f));
  EXPECT_EQ(ops::prod(x, 1).to_vector<float>(), std::vector<float>(3, 1.0f));
  EXPECT_EQ(ops::max(x, 1).to_vector<float>(), std::vector<float>(3, -INFINITY));
  EXPECT_TRUE(std::isnan(ops::mean(x, 1).to_vector<float>()[0]));
  EXPECT_EQ(ops::sum(x, 0).shape(), Shape({0}));
}

void check_arg(const std::string& op, const Tensor& x, int64_t axis, bool keepdims) {
  SCOPED_TRACE(str(op, " of ", x.shape(), " axis ", axis));
  testing::OpCase c;
  c.op = op;
  c.inputs = {x};
  c.attrs = ops::ArgReduceAttrs{.axis = axis, .keepdims = keepdims};
  auto f = reference_of(op);
  c.reference = [=](const std::vector<Tensor>& in) {
    return std::vector<Tensor>{reduce_ref(in[0], {axis}, keepdims, f).astype(DType::int64)};
  };
  testing::check_op(c);
}

TEST(Reduction, ArgmaxArgminFirstIndexOnTies) {
  // Small integers: many ties, and exact in both dtypes.
  Tensor x = testing::integers({6, 7, 8}, 0, 4, DType::int64, 3).astype(DType::float64);
  for (const char* op : {"argmax", "argmin"})
    for (int64_t axis : {0, 1, 2})
      for (bool keepdims : {false, true}) check_arg(op, x, axis, keepdims);
  Tensor big = testing::uniform({3, 5000}, -1, 1, 4);
  check_arg("argmax", big, 1, false);
  check_arg("argmin", testing::uniform({5000, 300}, -1, 1, 5), 0, false);
}

TEST(Reduction, ArgmaxNaNWins) {
  Tensor x = Tensor::from_vector(Values{1, kNaN, 3, kNaN, 2, 9, 9, 1}, Shape{2, 4});
  for (const char* op : {"argmax", "argmin"}) {
    check_arg(op, x, 1, false);
    check_arg(op, x, 0, false);
  }
  EXPECT_EQ(ops::argmax(x.astype(DType::float32)).item<int64_t>(), 1);
}

TEST(Reduction, ReduceGrad) {
  Tensor x = testing::uniform({4, 5, 6}, -1, 1, 15);
  for (const Ints& axes : kAxisSets)
    for (bool keepdims : {false, true})
      for (bool mean : {false, true}) {
        SCOPED_TRACE(str("axes ", Shape(axes), " keepdims ", keepdims, " mean ", mean));
        Shape rs = reduced_shape(x.shape(), axes, keepdims);
        testing::OpCase c;
        c.op = "reduce_grad";
        c.inputs = {testing::uniform(rs, -1, 1, 16), x};
        c.attrs = ops::ReduceGradAttrs{.axes = axes, .keepdims = keepdims, .mean = mean};
        c.reference = [=](const std::vector<Tensor>& in) {
          Values dy = in[0].to_vector<double>();
          std::vector<int64_t> where = output_index(in[1].shape(), axes);
          double count = static_cast<double>(in[1].size()) / static_cast<double>(in[0].size());
          Values out;
          for (int64_t w : where) out.push_back(dy[static_cast<size_t>(w)] / (mean ? count : 1.0));
          return std::vector<Tensor>{Tensor::from_vector(out, in[1].shape())};
        };
        testing::check_op(c);
      }
  // Large: both threading directions.
  for (const Ints& axes : std::vector<Ints>{{0}, {1}}) {
    Tensor big = testing::uniform({300, 400}, -1, 1, 17);
    Tensor dy = testing::uniform(reduced_shape(big.shape(), axes, false), -1, 1, 18);
    Tensor got = ops::call1("reduce_grad", {dy, big},
                            ops::ReduceGradAttrs{.axes = axes, .keepdims = false, .mean = true});
    Values g = got.to_vector<double>(), d = dy.to_vector<double>();
    std::vector<int64_t> where = output_index(big.shape(), axes);
    for (size_t i = 0; i < g.size(); i += 997)
      EXPECT_DOUBLE_EQ(g[i], d[static_cast<size_t>(where[i])] / (axes[0] == 0 ? 300.0 : 400.0));
  }
}

// --- Frontend
// -------------------------------------------------------------------------------------

TEST(ReductionFrontend, KerasDefaultsAndAxes) {
  Tensor x = Tensor::from_vector(std::vector<float>{1, 2, 3, 4, 5, 6}, Shape{2, 3});
  EXPECT_FLOAT_EQ(ops::sum(x).item<float>(), 21);
  EXPECT_EQ(ops::sum(x).shape(), Shape{});
  EXPECT_EQ(ops::sum(x, {}, true).shape(), Shape({1, 1}));
  EXPECT_EQ(ops::sum(x, 0).to_vector<float>(), (std::vector<float>{5, 7, 9}));
  EXPECT_EQ(ops::sum(x, -1).to_vector<float>(), (std::vector<float>{6, 15}));
  EXPECT_EQ(ops::sum(x, {0, 1}).shape(), Shape{});
  EXPECT_EQ(ops::sum(x, {-1, 0}, true).shape(), Shape({1, 1}));
  EXPECT_EQ(ops::sum(x, std::vector<int>{}).shape(), Shape({2, 3}));  // no axis: unchanged
  EXPECT_EQ(ops::mean(x, 1).to_vector<float>(), (std::vector<float>{2, 5}));
  EXPECT_EQ(ops::max(x, 0, true).to_vector<float>(), (std::vector<float>{4, 5, 6}));
  EXPECT_EQ(ops::min(x, 1).to_vector<float>(), (std::vector<float>{1, 4}));
  EXPECT_FLOAT_EQ(ops::prod(x).item<float>(), 720);
  EXPECT_NEAR(ops::logsumexp(x, 1).to_vector<float>()[0],
              std::log(std::exp(1.f) + std::exp(2.f) + std::exp(3.f)), 1e-5);
  EXPECT_EQ(ops::argmax(x).item<int64_t>(), 5);
  EXPECT_EQ(ops::argmax(x, 1).to_vector<int64_t>(), (std::vector<int64_t>{2, 2}));
  EXPECT_EQ(ops::argmin(x, 0, true).shape(), Shape({1, 3}));
  EXPECT_EQ(ops::argmax(x, std::nullopt, true).shape(), Shape({1, 1}));
  EXPECT_EQ(ops::argmax(x).dtype(), DType::int64);
}

TEST(ReductionFrontend, IntegerInputs) {
  Tensor x = Tensor::from_vector(std::vector<int32_t>{1, 7, 3, 4}, Shape{2, 2});
  Tensor s = ops::sum(x, 0);
  EXPECT_EQ(s.dtype(), DType::int32);
  EXPECT_EQ(s.to_vector<int32_t>(), (std::vector<int32_t>{4, 11}));
  EXPECT_EQ(ops::max(x).item<int32_t>(), 7);
  EXPECT_EQ(ops::mean(x).dtype(), DType::float32);
  EXPECT_EQ(ops::argmax(x, 1).to_vector<int64_t>(), (std::vector<int64_t>{1, 1}));
  Tensor flags = Tensor::from_vector(std::vector<bool>{true, false, true});
  EXPECT_EQ(ops::sum(flags).dtype(), DType::int32);
  EXPECT_EQ(ops::sum(flags).item<int32_t>(), 2);
  EXPECT_EQ(ops::max(flags).dtype(), DType::bool_);
}

TEST(ReductionFrontend, SymbolicUnknownBatch) {
  Tensor p = graph::placeholder({DType::float32, Shape{-1, 3, 4}});
  EXPECT_EQ(ops::sum(p, 1).shape(), Shape({-1, 4}));
  EXPECT_EQ(ops::mean(p, -1, true).shape(), Shape({-1, 3, 1}));
  EXPECT_EQ(ops::max(p, 0).shape(), Shape({3, 4}));
  EXPECT_EQ(ops::min(p, {0, 2}, true).shape(), Shape({1, 3, 1}));
  EXPECT_EQ(ops::logsumexp(p).shape(), Shape{});
  EXPECT_EQ(ops::prod(p, {1, 2}).shape(), Shape({-1}));
  EXPECT_EQ(ops::argmax(p, -1).shape(), Shape({-1, 3}));
  EXPECT_EQ(ops::argmin(p, 1, true).shape(), Shape({-1, 1, 4}));
  EXPECT_EQ(ops::argmax(p, -1).dtype(), DType::int64);
  EXPECT_EQ(ops::argmax(p).shape(), Shape{});
  Tensor g = ops::call1("reduce_grad", {ops::sum(p, 1), p}, ops::ReduceGradAttrs{.axes = {1}});
  EXPECT_EQ(g.shape(), Shape({-1, 3, 4}));
}

using testing::expect_error;

TEST(ReductionErrors, BadAxesAndDtypes) {
  Tensor x = testing::uniform({2, 3});
  EXPECT_THROW(ops::sum(x, 2), ValueError);
  expect_error([&] { ops::sum(x, 2); }, "axis 2 is out of bounds");
  EXPECT_THROW(ops::mean(x, -3), ValueError);
  expect_error([&] { ops::max(x, {0, -2}); }, "repeated axis");
  EXPECT_THROW(ops::argmax(x, 2), ValueError);
  // Unnormalized attributes through ops::call name the op.
  expect_error([&] { ops::call1("sum", {x}, ops::ReduceAttrs{.axes = {5}}); },
               "op 'sum': axis 5 is out of range");
  expect_error(
      [&] {
        ops::call1("sum", {x}, ops::ReduceAttrs{.axes = {1, 0}});
      },
      "sorted and unique");
  EXPECT_THROW(ops::call1("sum", {x.astype(DType::int32)}, {}), TypeError);
  EXPECT_THROW(ops::call1("argmax", {x}, ops::ArgReduceAttrs{.axis = -1}), ValueError);
  expect_error(
      [&] {
        ops::call1("argmax", {Tensor::zeros({2, 0}, DType::float32)},
                   ops::ArgReduceAttrs{.axis = 1});
      },
      "empty axis");
  expect_error(
      [&] {
        ops::call1("reduce_grad", {testing::uniform({3}), x}, ops::ReduceGradAttrs{.axes = {1}});
      },
      "op 'reduce_grad'");
}

// --- Gradients -----------------------------------------------------------------------------------

void check_grad(const std::string& op, const Tensor& x, const Ints& axes, bool keepdims) {
  SCOPED_TRACE(str(op, " over ", Shape(axes), keepdims ? " keepdims" : ""));
  testing::GradCase c;
  c.op = op;
  c.inputs = {x};
  c.attrs = reduce_attrs(axes, keepdims);
  testing::check_gradient(c);
}

TEST(ReductionGradient, SumMeanLogsumexp) {
  Tensor x = testing::uniform({3, 4, 5}, -1, 1, 20);
  for (const char* op : {"sum", "mean", "logsumexp"})
    for (const Ints& axes : std::vector<Ints>{{}, {1}, {0, 2}})
      for (bool keepdims : {false, true}) check_grad(op, x, axes, keepdims);
}

TEST(ReductionGradient, MaxMinProd) {
  // Distinct values (no ties) for max/min; values away from zero for prod.
  Tensor x = testing::uniform({3, 4, 5}, -1, 1, 21);
  for (const char* op : {"max", "min"})
    for (const Ints& axes : std::vector<Ints>{{}, {2}, {0, 1}}) check_grad(op, x, axes, false);
  Tensor p = testing::uniform({3, 4, 5}, 0.5, 1.5, 22);
  for (const Ints& axes : std::vector<Ints>{{}, {1}}) check_grad("prod", p, axes, true);
}

TEST(ReductionGradient, MaxSharesTiesEqually) {
  // Central differences cannot see a tie; the symbolic gradient of max([1, 3, 3, 2]) is
  // (0, 1/2, 1/2, 0), as TensorFlow's (which Keras 3 uses).
  Tensor x = graph::placeholder({DType::float64, Shape{4}});
  Tensor g = graph::gradients(ops::max(x), {x})[0];
  graph::Program program({x}, {g});
  Tensor value = Tensor::from_vector(Values{1, 3, 3, 2}, Shape{4});
  EXPECT_EQ(program.run({value})[0].to_vector<double>(), (Values{0, 0.5, 0.5, 0}));
}

TEST(ReductionGradient, ReduceGrad) {
  testing::GradCase c;
  c.op = "reduce_grad";
  c.inputs = {testing::uniform({3, 5}, -1, 1, 23), testing::uniform({3, 4, 5}, -1, 1, 24)};
  c.attrs = ops::ReduceGradAttrs{.axes = {1}, .keepdims = false, .mean = true};
  c.wrt = {0};
  testing::check_gradient(c);
}

}  // namespace
}  // namespace keras
