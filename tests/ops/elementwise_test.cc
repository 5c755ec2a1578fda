// Conformance, gradient and error tests of the elementwise ops (keras/ops/defs/elementwise.cc) and
// of their keras::ops functions and Tensor operators. References are plain float64 loops.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "keras/backend/backend.h"
#include "keras/graph/node.h"
#include "keras/ops/math.h"
#include "keras/ops/op_def.h"
#include "tests/ops/harness.h"

namespace keras {
namespace {

using testing::check_gradient;
using testing::check_op;
using testing::GradCase;
using testing::integers;
using testing::OpCase;
using testing::uniform;

KERAS_CONFORMANCE_COVERS("neg", "abs", "sign", "exp", "log", "sqrt", "rsqrt", "square", "tanh",
                         "sigmoid", "relu", "relu6", "leaky_relu", "elu", "selu", "gelu",
                         "softplus", "softsign", "silu", "hard_sigmoid", "clip", "stop_gradient",
                         "identity", "unary_grad", "add", "sub", "mul", "div", "pow", "maximum",
                         "minimum", "equal", "not_equal", "less", "less_equal", "greater",
                         "greater_equal", "where", "broadcast_like", "sum_to_like", "cast",
                         "fill_like");

// ElementwiseGradient.*: the unary ops of unary_refs() except sign, plus identity; the
// arithmetic_refs() binary ops; where, broadcast_like, sum_to_like and cast.
KERAS_GRADIENT_CHECKED("neg", "abs", "exp", "log", "sqrt", "rsqrt", "square", "tanh", "sigmoid",
                       "relu", "relu6", "leaky_relu", "elu", "selu", "gelu", "softplus", "softsign",
                       "silu", "hard_sigmoid", "clip", "identity", "add", "sub", "mul", "div",
                       "pow", "maximum", "minimum", "where", "broadcast_like", "sum_to_like",
                       "cast");

const std::vector<DType> kAll = {DType::float16, DType::bfloat16, DType::float32, DType::float64,
                                 DType::int32,   DType::int64,    DType::uint8,   DType::bool_};
const std::vector<DType> kNumeric = {DType::float32, DType::float64, DType::int32, DType::int64};

// --- Reference helpers ------------------------------------------------------------------------

std::vector<double> values(const Tensor& t) {
  return t.to_vector<double>();
}

Tensor make(const Shape& shape, const std::vector<double>& v, DType dtype = DType::float64) {
  Tensor t = Tensor::from_vector(v, shape);
  return dtype == DType::float64 ? t : t.astype(dtype);
}

Shape broadcast(const std::vector<Shape>& shapes) {
  int rank = 0;
  for (const Shape& s : shapes) rank = std::max(rank, s.rank());
  std::vector<int64_t> dims(static_cast<size_t>(rank), 1);
  for (const Shape& s : shapes)
    for (int i = 0; i < s.rank(); ++i) {
      int64_t& d = dims[static_cast<size_t>(rank - s.rank() + i)];
      if (s[i] != 1) d = s[i];
    }
  return Shape(dims);
}

// out[i] = f(inputs at i), NumPy broadcasting, computed with plain index arithmetic.
Tensor broadcast_map(const std::vector<Tensor>& in, DType out_dtype,
                     const std::function<double(const std::vector<double>&)>& f) {
  std::vector<Shape> shapes;
  std::vector<std::vector<double>> vals;
  for (const Tensor& t : in) {
    shapes.push_back(t.shape());
    vals.push_back(values(t));
  }
  Shape out = broadcast(shapes);
  int rank = out.rank();
  std::vector<double> result(static_cast<size_t>(out.num_elements()));
  std::vector<int64_t> index(static_cast<size_t>(rank));
  std::vector<double> args(in.size());
  for (int64_t o = 0; o < out.num_elements(); ++o) {
    int64_t rest = o;
    for (int a = rank - 1; a >= 0; --a) {
      index[static_cast<size_t>(a)] = rest % out[a];
      rest /= out[a];
    }
    for (size_t k = 0; k < in.size(); ++k) {
      const Shape& s = shapes[k];
      int64_t off = 0;
      for (int a = 0; a < s.rank(); ++a) {
        int64_t i = s[a] == 1 ? 0 : index[static_cast<size_t>(rank - s.rank() + a)];
        off = off * s[a] + i;
      }
      args[k] = vals[k][static_cast<size_t>(off)];
    }
    result[static_cast<size_t>(o)] = f(args);
  }
  return make(out, result, out_dtype);
}

Tensor map1(const Tensor& x, const std::function<double(double)>& f) {
  return broadcast_map({x}, DType::float64, [&](const std::vector<double>& a) { return f(a[0]); });
}

// Uniform values in [lo, hi) kept at least 0.05 away from each kink (for derivatives).
Tensor kinkless(Shape shape, std::vector<double> kinks, double lo, double hi, uint64_t seed = 3) {
  std::vector<double> v = values(uniform(shape, lo, hi, seed));
  for (double& x : v)
    for (double k : kinks)
      if (std::fabs(x - k) < 0.05) x = k + (x < k ? -0.1 : 0.1);
  return make(shape, v);
}

// --- Unary ops --------------------------------------------------------------------------------

constexpr double kSeluAlpha = 1.6732632423543772848170429916717;
constexpr double kSeluScale = 1.0507009873554804934193349852946;

double sigmoid_ref(double x) {
  return 1.0 / (1.0 + std::exp(-x));
}
double tanh_gelu_inner(double x) {
  return std::sqrt(2.0 / M_PI) * (x + 0.044715 * x * x * x);
}

struct UnaryRef {
  std::string op;
  ops::Attrs attrs;
  double lo, hi;              // input range
  std::vector<double> kinks;  // points the gradient check stays away from
  std::function<double(double)> f, df;
};

std::vector<UnaryRef> unary_refs() {
  auto step = [](bool c) { return c ? 1.0 : 0.0; };
  return {
      {"neg", {}, -4, 4, {}, [](double x) { return -x; }, [](double) { return -1.0; }},
      {"abs",
       {},
       -4,
       4,
       {0},
       [](double x) { return std::fabs(x); },
       [](double x) { return x > 0 ? 1.0 : (x < 0 ? -1.0 : 0.0); }},
      {"sign",
       {},
       -4,
       4,
       {0},
       [](double x) { return x > 0 ? 1.0 : (x < 0 ? -1.0 : 0.0); },
       [](double) { return 0.0; }},
      {"exp",
       {},
       -4,
       4,
       {},
       [](double x) { return std::exp(x); },
       [](double x) { return std::exp(x); }},
      {"log", {}, 0.1, 4, {}, [](double x) { return std::log(x); }, [](double x) { return 1 / x; }},
      {"sqrt",
       {},
       0.1,
       4,
       {},
       [](double x) { return std::sqrt(x); },
       [](double x) { return 0.5 / std::sqrt(x); }},
      {"rsqrt",
       {},
       0.1,
       4,
       {},
       [](double x) { return 1 / std::sqrt(x); },
       [](double x) { return -0.5 * std::pow(x, -1.5); }},
      {"square", {}, -4, 4, {}, [](double x) { return x * x; }, [](double x) { return 2 * x; }},
      {"tanh",
       {},
       -4,
       4,
       {},
       [](double x) { return std::tanh(x); },
       [](double x) { return 1 - std::tanh(x) * std::tanh(x); }},
      {"sigmoid",
       {},
       -8,
       8,
       {},
       sigmoid_ref,
       [](double x) { return sigmoid_ref(x) * (1 - sigmoid_ref(x)); }},
      {"relu",
       {},
       -4,
       4,
       {0},
       [](double x) { return std::max(x, 0.0); },
       [=](double x) { return step(x > 0); }},
      {"relu6",
       {},
       -3,
       9,
       {0, 6},
       [](double x) { return std::min(std::max(x, 0.0), 6.0); },
       [=](double x) { return step(x > 0 && x < 6); }},
      {"leaky_relu",
       ops::LeakyReluAttrs{.alpha = 0.3},
       -4,
       4,
       {0},
       [](double x) { return x >= 0 ? x : 0.3 * x; },
       [](double x) { return x >= 0 ? 1.0 : 0.3; }},
      {"elu",
       ops::EluAttrs{.alpha = 0.7},
       -4,
       4,
       {0},
       [](double x) { return x > 0 ? x : 0.7 * (std::exp(x) - 1); },
       [](double x) { return x > 0 ? 1.0 : 0.7 * std::exp(x); }},
      {"selu",
       {},
       -4,
       4,
       {0},
       [](double x) { return kSeluScale * (x > 0 ? x : kSeluAlpha * (std::exp(x) - 1)); },
       [](double x) { return kSeluScale * (x > 0 ? 1.0 : kSeluAlpha * std::exp(x)); }},
      {"gelu",
       ops::GeluAttrs{.approximate = false},
       -4,
       4,
       {},
       [](double x) { return 0.5 * x * (1 + std::erf(x / std::sqrt(2.0))); },
       [](double x) {
         return 0.5 * (1 + std::erf(x / std::sqrt(2.0))) +
                x * std::exp(-0.5 * x * x) / std::sqrt(2 * M_PI);
       }},
      {"gelu",
       ops::GeluAttrs{.approximate = true},
       -4,
       4,
       {},
       [](double x) { return 0.5 * x * (1 + std::tanh(tanh_gelu_inner(x))); },
       [](double x) {
         double t = std::tanh(tanh_gelu_inner(x));
         double du = std::sqrt(2.0 / M_PI) * (1 + 3 * 0.044715 * x * x);
         return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * du;
       }},
      {"softplus",
       {},
       -20,
       20,
       {},
       [](double x) { return x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x)); },
       sigmoid_ref},
      {"softsign",
       {},
       -4,
       4,
       {},
       [](double x) { return x / (1 + std::fabs(x)); },
       [](double x) { return 1 / ((1 + std::fabs(x)) * (1 + std::fabs(x))); }},
      {"silu",
       {},
       -8,
       8,
       {},
       [](double x) { return x * sigmoid_ref(x); },
       [](double x) { return sigmoid_ref(x) * (1 + x * (1 - sigmoid_ref(x))); }},
      {"hard_sigmoid",
       ops::HardSigmoidAttrs{.slope = 1.0 / 6, .offset = 0.5},
       -5,
       5,
       {-3, 3},
       [](double x) { return std::min(std::max(x / 6 + 0.5, 0.0), 1.0); },
       [=](double x) { return x > -3 && x < 3 ? 1.0 / 6 : 0.0; }},
      {"hard_sigmoid",
       ops::HardSigmoidAttrs{.slope = 0.2, .offset = 0.5},
       -5,
       5,
       {-2.5, 2.5},  // Keras 2
       [](double x) { return std::min(std::max(0.2 * x + 0.5, 0.0), 1.0); },
       [=](double x) { return x > -2.5 && x < 2.5 ? 0.2 : 0.0; }},
      {"clip",
       ops::ClipAttrs{.min = -0.5, .max = 0.75},
       -2,
       2,
       {-0.5, 0.75},
       [](double x) { return std::min(std::max(x, -0.5), 0.75); },
       [](double x) { return x >= -0.5 && x <= 0.75 ? 1.0 : 0.0; }},
  };
}

// Inputs for a unary op: the range plus its kinks and zero, where the op is defined there.
Tensor unary_input(const UnaryRef& r, Shape shape, uint64_t seed = 1) {
  std::vector<double> v = values(uniform(shape, r.lo, r.hi, seed));
  size_t i = 0;
  std::vector<double> specials = r.kinks;
  if (r.lo < 0) specials.push_back(0.0);
  for (double k : specials)
    if (i < v.size()) v[i++] = k;
  return make(shape, v);
}

TEST(Elementwise, UnaryMatchesReference) {
  for (const UnaryRef& r : unary_refs()) {
    for (Shape shape : {Shape{5, 41}, Shape{}, Shape{70001}}) {
      SCOPED_TRACE(r.op + " " + r.attrs.key() + " " + shape.to_string());
      OpCase c;
      c.op = r.op;
      c.attrs = r.attrs;
      c.inputs = {unary_input(r, shape)};
      auto f = r.f;
      c.reference = [f](const std::vector<Tensor>& in) {
        return std::vector<Tensor>{map1(in[0], f)};
      };
      check_op(c);
    }
  }
}

TEST(Elementwise, UnaryGradMatchesReference) {
  for (const UnaryRef& r : unary_refs()) {
    for (Shape shape : {Shape{5, 41}, Shape{40000}}) {
      SCOPED_TRACE(r.op + " " + r.attrs.key() + " " + shape.to_string());
      OpCase c;
      c.op = "unary_grad";
      c.attrs = ops::UnaryGradAttrs{.fn = r.op, .fn_attrs = r.attrs};
      // hard_sigmoid's kinks move with float32 rounding of slope * x: test them in float64 only.
      Tensor x =
          r.op == "hard_sigmoid" ? kinkless(shape, r.kinks, r.lo, r.hi) : unary_input(r, shape);
      c.inputs = {x, uniform(shape, -2, 2, 7)};
      auto df = r.df;
      c.reference = [df](const std::vector<Tensor>& in) {
        return std::vector<Tensor>{
            broadcast_map({in[0], in[1]}, DType::float64,
                          [&](const std::vector<double>& a) { return a[1] * df(a[0]); })};
      };
      check_op(c);
    }
  }
  // identity passes dy; stop_gradient and sign give zeros.
  for (const char* fn : {"identity", "stop_gradient"}) {
    OpCase c;
    c.op = "unary_grad";
    c.attrs = ops::UnaryGradAttrs{.fn = fn};
    c.inputs = {uniform({3, 7}), uniform({3, 7}, -1, 1, 2)};
    bool pass = std::string(fn) == "identity";
    c.reference = [pass](const std::vector<Tensor>& in) {
      return std::vector<Tensor>{map1(in[1], [&](double v) { return pass ? v : 0.0; })};
    };
    check_op(c);
  }
}

TEST(Elementwise, UnaryEdgeValues) {
  // NaN passes through relu and clip; sign keeps NaN; softplus does not overflow.
  Tensor x = Tensor::from_vector<float>({NAN, -INFINITY, INFINITY, 100.f, -100.f, 0.f});
  auto v = [](const Tensor& t) { return t.to_vector<float>(); };
  EXPECT_TRUE(std::isnan(v(ops::relu(x))[0]));
  EXPECT_TRUE(std::isnan(v(ops::clip(x, -1, 1))[0]));
  EXPECT_TRUE(std::isnan(v(ops::sign(x))[0]));
  std::vector<float> sp = v(ops::softplus(x));
  EXPECT_EQ(sp[3], 100.f);
  EXPECT_NEAR(sp[4], 0.f, 1e-30);
  EXPECT_EQ(sp[2], INFINITY);
  std::vector<float> sg = v(ops::sigmoid(x));
  EXPECT_EQ(sg[1], 0.f);
  EXPECT_EQ(sg[2], 1.f);
  EXPECT_EQ(sg[5], 0.5f);
  std::vector<float> e = v(ops::elu(x));
  EXPECT_EQ(e[1], -1.f);
  EXPECT_TRUE(std::isnan(e[0]));
  EXPECT_EQ(v(ops::exp(x))[4], 0.f);  // a subnormal result flushes to 0
  EXPECT_EQ(v(ops::exp(x))[3], INFINITY);
}

TEST(Elementwise, IdentityAndStopGradientMoveEveryDtype) {
  for (const char* op : {"identity", "stop_gradient"}) {
    OpCase c;
    c.op = op;
    c.inputs = {integers({4, 9}, -3, 4, DType::float64)};
    c.dtypes = kAll;
    c.reference = [](const std::vector<Tensor>& in) { return std::vector<Tensor>{in[0]}; };
    check_op(c);
  }
}

// --- Binary ops -------------------------------------------------------------------------------

struct BinaryRef {
  std::string op;
  std::function<double(double, double)> f;
  bool ints;  // int32/int64 kernels too
};

std::vector<BinaryRef> arithmetic_refs() {
  return {
      {"add", [](double a, double b) { return a + b; }, true},
      {"sub", [](double a, double b) { return a - b; }, true},
      {"mul", [](double a, double b) { return a * b; }, true},
      {"div", [](double a, double b) { return a / b; }, false},
      {"pow", [](double a, double b) { return std::pow(a, b); }, false},
      {"maximum", [](double a, double b) { return std::max(a, b); }, true},
      {"minimum", [](double a, double b) { return std::min(a, b); }, true},
  };
}

// Shape pairs: same, scalar either side, bias-like row, column, rank mismatch, both broadcast,
// general N-d, empty, and one large enough to split across threads mid-row.
const std::vector<std::pair<Shape, Shape>> kShapePairs = {
    {{4, 5}, {4, 5}}, {{}, {4, 5}},        {{4, 5}, {}},           {{3, 4, 5}, {5}},
    {{4, 1}, {4, 5}}, {{2, 1, 5}, {3, 1}}, {{4, 1}, {1, 5}},       {{2, 3, 4, 5}, {3, 1, 5}},
    {{0, 3}, {3}},    {{300, 257}, {257}}, {{7, 1, 3}, {7, 2, 1}}, {{}, {}},
};

Tensor positive(Shape s, uint64_t seed) {
  return uniform(std::move(s), 0.5, 2.0, seed);
}

TEST(Elementwise, BinaryMatchesReference) {
  for (const BinaryRef& r : arithmetic_refs()) {
    for (const auto& [sa, sb] : kShapePairs) {
      SCOPED_TRACE(r.op + " " + sa.to_string() + " " + sb.to_string());
      OpCase c;
      c.op = r.op;
      if (r.op == "pow")
        c.inputs = {positive(sa, 1), uniform(sb, -2, 2, 2)};
      else if (r.op == "div")
        c.inputs = {uniform(sa, -2, 2, 1), positive(sb, 2)};
      else
        c.inputs = {uniform(sa, -2, 2, 1), uniform(sb, -2, 2, 2)};
      auto f = r.f;
      c.reference = [f](const std::vector<Tensor>& in) {
        return std::vector<Tensor>{broadcast_map(
            in, DType::float64, [&](const std::vector<double>& a) { return f(a[0], a[1]); })};
      };
      check_op(c);
      if (r.ints) {  // integer values, integer kernels: exact
        c.inputs = {integers(sa, -9, 10, DType::float64, 1),
                    integers(sb, -9, 10, DType::float64, 2)};
        c.dtypes = {DType::int32, DType::int64};
        check_op(c);
      }
    }
  }
}

TEST(Elementwise, IntegerArithmeticWrapsAround) {
  Tensor big = Tensor::from_vector<int32_t>({2147483647, -2147483647 - 1});
  Tensor one = Tensor::from_vector<int32_t>({1, 1});
  EXPECT_EQ(ops::call1("add", {big, one}).to_vector<int32_t>(),
            (std::vector<int32_t>{-2147483647 - 1, -2147483647}));
  EXPECT_EQ(ops::call1("sub", {big, one}).to_vector<int32_t>()[1], 2147483647);
}

TEST(Elementwise, MaximumMinimumPropagateNaN) {
  Tensor a = Tensor::from_vector<double>({NAN, 1.0, 2.0});
  Tensor b = Tensor::from_vector<double>({1.0, NAN, 1.0});
  std::vector<double> mx = ops::maximum(a, b).to_vector<double>();
  std::vector<double> mn = ops::minimum(a, b).to_vector<double>();
  EXPECT_TRUE(std::isnan(mx[0]) && std::isnan(mx[1]));
  EXPECT_TRUE(std::isnan(mn[0]) && std::isnan(mn[1]));
  EXPECT_EQ(mx[2], 2.0);
  EXPECT_EQ(mn[2], 1.0);
}

TEST(Elementwise, ComparisonsMatchReference) {
  std::vector<std::pair<std::string, std::function<bool(double, double)>>> refs = {
      {"equal", [](double a, double b) { return a == b; }},
      {"not_equal", [](double a, double b) { return a != b; }},
      {"less", [](double a, double b) { return a < b; }},
      {"less_equal", [](double a, double b) { return a <= b; }},
      {"greater", [](double a, double b) { return a > b; }},
      {"greater_equal", [](double a, double b) { return a >= b; }},
  };
  for (const auto& [op, f] : refs) {
    for (const auto& [sa, sb] : kShapePairs) {
      SCOPED_TRACE(op + " " + sa.to_string() + " " + sb.to_string());
      OpCase c;
      c.op = op;
      c.inputs = {integers(sa, -2, 3, DType::float64, 1), integers(sb, -2, 3, DType::float64, 2)};
      c.dtypes = {DType::float32, DType::float64, DType::int32, DType::int64, DType::bool_};
      auto g = f;
      c.reference = [g](const std::vector<Tensor>& in) {
        return std::vector<Tensor>{
            broadcast_map(in, DType::bool_,
                          [&](const std::vector<double>& a) { return g(a[0], a[1]) ? 1.0 : 0.0; })};
      };
      check_op(c);
    }
  }
}

// --- where, broadcast_like, sum_to_like -------------------------------------------------------

TEST(Elementwise, WhereMatchesReference) {
  std::vector<std::array<Shape, 3>> shapes = {
      {Shape{4, 5}, Shape{4, 5}, Shape{4, 5}}, {Shape{4, 1}, Shape{1, 5}, Shape{}},
      {Shape{}, Shape{3, 4}, Shape{4}},        {Shape{2, 1, 6}, Shape{3, 1}, Shape{2, 3, 6}},
      {Shape{50000}, Shape{50000}, Shape{}},   {Shape{3, 1}, Shape{}, Shape{}},
  };
  for (const auto& s : shapes) {
    SCOPED_TRACE(s[0].to_string() + s[1].to_string() + s[2].to_string());
    OpCase c;
    c.op = "where";
    c.inputs = {integers(s[0], 0, 2, DType::bool_, 5), integers(s[1], -9, 10, DType::float64, 1),
                integers(s[2], -9, 10, DType::float64, 2)};
    c.dtypes = kAll;
    c.reference = [](const std::vector<Tensor>& in) {
      return std::vector<Tensor>{
          broadcast_map(in, DType::float64,
                        [](const std::vector<double>& a) { return a[0] != 0 ? a[1] : a[2]; })};
    };
    check_op(c);
  }
}

TEST(Elementwise, BroadcastLikeMatchesReference) {
  std::vector<std::pair<Shape, Shape>> shapes = {
      {{3, 1}, {2, 3, 4}}, {{}, {5, 2}}, {{4}, {3, 4}}, {{3, 4}, {3, 4}}, {{1, 300}, {250, 300}}};
  for (const auto& [sx, sr] : shapes) {
    OpCase c;
    c.op = "broadcast_like";
    c.inputs = {integers(sx, -9, 10, DType::float64, 1), uniform(sr)};
    c.dtypes = kAll;
    Shape target = sr;
    c.reference = [target](const std::vector<Tensor>& in) {
      Tensor zeros = Tensor::zeros(target, DType::float64);
      return std::vector<Tensor>{broadcast_map({in[0], zeros}, DType::float64,
                                               [](const std::vector<double>& a) { return a[0]; })};
    };
    check_op(c);
  }
}

// Sum of x over the axes where `ref` (right-aligned) has size 1 or is missing.
Tensor sum_to_ref(const Tensor& x, const Shape& ref) {
  std::vector<double> v = values(x), out(static_cast<size_t>(ref.num_elements()), 0.0);
  const Shape& s = x.shape();
  for (int64_t i = 0; i < s.num_elements(); ++i) {
    int64_t rest = i, off = 0, mul = 1;
    for (int a = s.rank() - 1; a >= 0; --a) {
      int64_t idx = rest % s[a];
      rest /= s[a];
      int r = a - (s.rank() - ref.rank());
      if (r >= 0 && ref[r] != 1) {
        off += idx * mul;
        mul *= ref[r];
      }
    }
    out[static_cast<size_t>(off)] += v[static_cast<size_t>(i)];
  }
  return make(ref, out);
}

TEST(Elementwise, SumToLikeMatchesReference) {
  std::vector<std::pair<Shape, Shape>> shapes = {
      {{2, 3, 4}, {3, 1}},     {{5, 6}, {6}},
      {{5, 6}, {5, 1}},        {{4, 5}, {}},
      {{300, 257}, {257}},     {{2, 3, 4, 5}, {3, 1, 5}},
      {{3, 4}, {3, 4}},        {{2, 3, 4, 5}, {2, 1, 4, 1}},
      {{1000, 70}, {1000, 1}}, {{0, 3}, {3}},
      {{3, 0}, {1, 0}},        {{4096, 64}, {64}},
      {{64, 4096}, {64, 1}},   {{6, 1, 4}, {1, 1}},
  };
  for (const auto& [sx, sr] : shapes) {
    SCOPED_TRACE(sx.to_string() + " -> " + sr.to_string());
    OpCase c;
    c.op = "sum_to_like";
    c.inputs = {integers(sx, -9, 10, DType::float64, 1), uniform(sr)};
    c.dtypes = kNumeric;
    Shape target = sr;
    c.reference = [target](const std::vector<Tensor>& in) {
      return std::vector<Tensor>{sum_to_ref(in[0], target)};
    };
    check_op(c);
    c.inputs[0] = uniform(sx, -1, 1, 4);  // non-integers, float kernels
    c.dtypes = {DType::float32, DType::float64};
    check_op(c);
  }
}

// --- cast, fill_like --------------------------------------------------------------------------

// `v` as stored in dtype d, widened to double (values chosen exactly representable in halves).
double stored(double v, DType d) {
  switch (d) {
    case DType::float16:
    case DType::bfloat16:
    case DType::float32:
      return static_cast<double>(static_cast<float>(v));
    case DType::bool_:
      return v != 0 ? 1.0 : 0.0;
    case DType::float64:
      return v;
    default:
      return std::trunc(v);
  }
}

TEST(Elementwise, CastEveryPair) {
  const std::vector<double> signed_values = {-3.75, -2.5, -1.0, -0.5,  0.0,
                                             0.25,  1.0,  2.75, 100.5, 7};
  const std::vector<double> unsigned_values = {0.0, 0.25,  0.5,   1.0, 2.75,
                                               3.0, 100.5, 200.0, 7,   1.5};
  for (DType from : kAll) {
    for (DType to : kAll) {
      SCOPED_TRACE(str(from, " -> ", to));
      bool unsigned_only = from == DType::uint8 || to == DType::uint8;
      OpCase c;
      c.op = "cast";
      c.attrs = ops::CastAttrs{.dtype = to};
      c.inputs = {make({2, 5}, unsigned_only ? unsigned_values : signed_values)};
      c.dtypes = {from};
      c.reference = [to](const std::vector<Tensor>& in) {
        std::vector<double> v = values(in[0]);
        for (double& x : v) x = stored(x, to);
        Tensor want = make(in[0].shape(), v);
        return std::vector<Tensor>{is_floating(to) ? want : want.astype(to)};
      };
      check_op(c);
    }
  }
  // Large enough to convert in parallel chunks.
  OpCase big;
  big.op = "cast";
  big.attrs = ops::CastAttrs{.dtype = DType::int32};
  big.inputs = {integers({100003}, -1000, 1000, DType::float64)};
  big.reference = [](const std::vector<Tensor>& in) {
    return std::vector<Tensor>{in[0].astype(DType::int32)};
  };
  check_op(big);
}

TEST(Elementwise, FillLikeMatchesReference) {
  for (DType d : kAll) {
    SCOPED_TRACE(str(d));
    OpCase c;
    c.op = "fill_like";
    c.attrs = ops::FillLikeAttrs{.value = 2.5};
    c.inputs = {uniform({3, 4, 5})};
    c.dtypes = {d};
    c.reference = [d](const std::vector<Tensor>& in) {
      Tensor want = Tensor::full(in[0].shape(), stored(2.5, d), DType::float64);
      return std::vector<Tensor>{is_floating(d) ? want : want.astype(d)};
    };
    check_op(c);
    c.attrs = ops::FillLikeAttrs{.value = 2.5, .dtype = d};  // explicit dtype, from float64
    c.dtypes = {DType::float64};
    check_op(c);
  }
}

// --- In-place: output pointer == input pointer --------------------------------------------------

std::unique_ptr<backend::Kernel> cpu_kernel(const std::string& op, std::vector<TensorMeta> inputs,
                                            const ops::Attrs& attrs) {
  backend::KernelSpec spec;
  spec.op = op;
  spec.attrs = attrs;
  spec.inputs = std::move(inputs);
  spec.outputs = ops::get_op(op).infer(spec.inputs, attrs);
  spec.dtype = ops::kernel_dtype(ops::get_op(op), spec.inputs, spec.outputs);
  return backend::get("cpu").make_kernel(spec);
}

TEST(Elementwise, UnaryKernelsRunInPlace) {
  for (const UnaryRef& r : unary_refs()) {
    for (DType d : {DType::float32, DType::float64}) {
      SCOPED_TRACE(r.op + " " + std::string(name(d)));
      Tensor x = unary_input(r, {50001}).astype(d);
      Tensor expected = ops::call1(r.op, {x}, r.attrs);
      auto kernel = cpu_kernel(r.op, {x.meta()}, r.attrs);
      const void* in[] = {x.raw_data()};
      void* out[] = {x.raw_data()};
      kernel->run(in, out);
      EXPECT_EQ(x.to_vector<double>(), expected.to_vector<double>());
    }
  }
  for (DType d : kAll) {
    Tensor x = integers({1000}, 0, 5, d);
    Tensor before = x.copy();
    auto kernel = cpu_kernel("identity", {x.meta()}, {});
    const void* in[] = {x.raw_data()};
    void* out[] = {x.raw_data()};
    kernel->run(in, out);
    EXPECT_EQ(x.to_vector<double>(), before.to_vector<double>());
  }
}

TEST(Elementwise, UnaryGradRunsInPlaceOnDy) {
  for (const UnaryRef& r : unary_refs()) {
    SCOPED_TRACE(r.op);
    ops::Attrs attrs = ops::UnaryGradAttrs{.fn = r.op, .fn_attrs = r.attrs};
    Tensor x = unary_input(r, {3001}).astype(DType::float32);
    Tensor dy = uniform({3001}, -1, 1, 9).astype(DType::float32);
    Tensor expected = ops::call1("unary_grad", {x, dy}, attrs);
    auto kernel = cpu_kernel("unary_grad", {x.meta(), dy.meta()}, attrs);
    const void* in[] = {x.raw_data(), dy.raw_data()};
    void* out[] = {dy.raw_data()};
    kernel->run(in, out);
    EXPECT_EQ(dy.to_vector<float>(), expected.to_vector<float>());
  }
}

// --- Gradient rules: structure ------------------------------------------------------------------

std::vector<Tensor> run_gradient(const std::string& op, const std::vector<Tensor>& inputs,
                                 const ops::Attrs& attrs = {}) {
  std::vector<Tensor> outputs = ops::call(op, inputs, attrs);
  std::vector<Tensor> grads;
  for (const Tensor& y : outputs) grads.push_back(graph::placeholder(y.meta()));
  ops::GradContext ctx{inputs, outputs, grads, attrs};
  std::vector<Tensor> result = ops::get_op(op).gradient(ctx);
  result.push_back(grads[0]);  // the incoming gradient, last
  return result;
}

std::string op_of(const Tensor& t) {
  return t.defined() ? t.node()->op->name : "(none)";
}

TEST(Elementwise, BroadcastGradientsReduceOnlyWhenNeeded) {
  using graph::placeholder;
  Tensor x = placeholder({DType::float32, Shape{-1, 10}});
  Tensor bias = placeholder({DType::float32, Shape{10}});
  Tensor other = placeholder({DType::float32, Shape{-1, 10}});
  Tensor fixed = placeholder({DType::float32, Shape{4, 10}});

  auto g = run_gradient("add", {x, bias});  // dense bias: x's gradient is dy itself
  EXPECT_EQ(g[0].node(), g[2].node());
  EXPECT_EQ(op_of(g[1]), "sum_to_like");
  EXPECT_EQ(g[1].shape(), (Shape{10}));

  g = run_gradient("add", {x, other});  // unknown vs unknown: either may be 1 at run time
  EXPECT_EQ(op_of(g[0]), "sum_to_like");
  EXPECT_EQ(op_of(g[1]), "sum_to_like");

  g = run_gradient("mul", {fixed, fixed});  // static and equal: no reduction
  EXPECT_EQ(op_of(g[0]), "mul");
  EXPECT_EQ(op_of(g[1]), "mul");

  g = run_gradient("relu", {x});
  EXPECT_EQ(op_of(g[0]), "unary_grad");
  EXPECT_EQ(g[0].node()->attrs.as<ops::UnaryGradAttrs>().fn, "relu");
  g = run_gradient("leaky_relu", {x}, ops::LeakyReluAttrs{.alpha = 0.1});
  EXPECT_EQ(g[0].node()->attrs.as<ops::UnaryGradAttrs>().fn_attrs.as<ops::LeakyReluAttrs>().alpha,
            0.1);
  EXPECT_EQ(op_of(run_gradient("neg", {x})[0]), "neg");
  auto gi = run_gradient("identity", {x});
  EXPECT_EQ(gi[0].node(), gi[1].node());
  EXPECT_FALSE(run_gradient("stop_gradient", {x})[0].defined());
  EXPECT_FALSE(run_gradient("sign", {x})[0].defined());
  EXPECT_EQ(op_of(run_gradient("maximum", {x, bias})[0]), "where");
  Tensor ints = placeholder({DType::int32, Shape{3}});
  EXPECT_FALSE(run_gradient("add", {ints, ints})[0].defined());
}

// --- Gradient checks (finite differences, float64) ---------------------------------------------

TEST(ElementwiseGradient, UnaryOps) {
  for (const UnaryRef& r : unary_refs()) {
    if (r.op == "sign") continue;  // flat: no gradient by definition
    SCOPED_TRACE(r.op + " " + r.attrs.key());
    GradCase c;
    c.op = r.op;
    c.attrs = r.attrs;
    double lo = r.op == "softplus" ? -4 : r.lo, hi = r.op == "softplus" ? 4 : r.hi;
    c.inputs = {kinkless({3, 5}, r.kinks, lo, hi)};
    check_gradient(c);
  }
  GradCase identity;
  identity.op = "identity";
  identity.inputs = {uniform({4, 3})};
  check_gradient(identity);
}

TEST(ElementwiseGradient, BinaryOpsWithBroadcasting) {
  for (const BinaryRef& r : arithmetic_refs()) {
    for (const auto& [sa, sb] : std::vector<std::pair<Shape, Shape>>{
             {{3, 4}, {3, 4}}, {{3, 4}, {4}}, {{2, 1, 4}, {3, 1}}, {{}, {2, 3}}}) {
      SCOPED_TRACE(r.op + " " + sa.to_string() + " " + sb.to_string());
      GradCase c;
      c.op = r.op;
      if (r.op == "pow")
        c.inputs = {positive(sa, 1), uniform(sb, -2, 2, 2)};
      else if (r.op == "div")
        c.inputs = {uniform(sa, -2, 2, 1), positive(sb, 2)};
      else
        c.inputs = {uniform(sa, -2, 2, 1), uniform(sb, -2, 2, 2)};  // ties have measure zero
      check_gradient(c);
    }
  }
}

TEST(ElementwiseGradient, WhereAndBroadcastHelpers) {
  GradCase w;
  w.op = "where";
  w.inputs = {integers({3, 1}, 0, 2, DType::bool_, 5), uniform({3, 4}, -1, 1, 1),
              uniform({4}, -1, 1, 2)};
  w.wrt = {1, 2};
  check_gradient(w);

  GradCase b;
  b.op = "broadcast_like";
  b.inputs = {uniform({3, 1}), uniform({2, 3, 4})};
  b.wrt = {0};
  check_gradient(b);

  GradCase s;
  s.op = "sum_to_like";
  s.inputs = {uniform({2, 3, 4}), uniform({3, 1})};
  s.wrt = {0};
  check_gradient(s);

  GradCase c;
  c.op = "cast";
  c.attrs = ops::CastAttrs{.dtype = DType::float64};
  c.inputs = {uniform({5})};
  check_gradient(c);
  c.attrs =
      ops::CastAttrs{.dtype = DType::float32};  // through float32: coarse differences, loose bounds
  c.eps = 1e-2;
  c.rtol = 1e-3;
  c.atol = 1e-4;
  check_gradient(c);
}

// --- Frontend (keras::ops) and Tensor operators
// ---------------------------------------------------

TEST(ElementwiseFrontend, DtypePromotion) {
  Tensor f32 = Tensor::from_vector<float>({1, 2, 3});
  Tensor f64 = Tensor::from_vector<double>({1, 2, 3});
  Tensor i32 = Tensor::from_vector<int32_t>({1, 2, 3});
  Tensor i64 = Tensor::from_vector<int64_t>({1, 2, 3});
  Tensor u8 = Tensor::from_vector<uint8_t>({250, 2, 3});
  Tensor b = Tensor::from_vector<bool>({true, false, true});
  EXPECT_EQ(ops::add(f32, f64).dtype(), DType::float64);
  EXPECT_EQ(ops::add(i32, f32).dtype(), DType::float32);
  EXPECT_EQ(ops::add(i32, i64).dtype(), DType::int64);
  EXPECT_EQ(ops::add(u8, i32).dtype(), DType::int32);
  EXPECT_EQ(ops::add(b, f32).dtype(), DType::float32);
  EXPECT_EQ(ops::multiply(i32, 2.0).dtype(), DType::int32);
  EXPECT_EQ(ops::multiply(i32, 0.5).dtype(), DType::float32);
  EXPECT_EQ(ops::multiply(i32, 0.5).to_vector<float>(), (std::vector<float>{0.5f, 1.f, 1.5f}));
  EXPECT_EQ(ops::multiply(f64, 0.5).dtype(), DType::float64);
  EXPECT_EQ(ops::divide(i32, i32).dtype(), DType::float32);
  EXPECT_EQ(ops::divide(1.0, i64).to_vector<double>()[1], 0.5);
  EXPECT_EQ(ops::add(u8, 10.0).dtype(), DType::uint8);
  EXPECT_EQ(ops::add(u8, 10.0).to_vector<int>()[0], 4);  // wraps like NumPy
  EXPECT_EQ(ops::power(i32, 2.0).to_vector<int>(), (std::vector<int>{1, 4, 9}));
  EXPECT_EQ(ops::power(i32, 2.0).dtype(), DType::int32);
  EXPECT_EQ(ops::less(i32, 2.5).dtype(), DType::bool_);
  EXPECT_EQ(ops::less(i32, 2.5).to_vector<uint8_t>(), (std::vector<uint8_t>{1, 1, 0}));
  EXPECT_EQ(ops::equal(b, b).to_vector<uint8_t>(), (std::vector<uint8_t>{1, 1, 1}));
  EXPECT_EQ(ops::maximum(b, b).dtype(), DType::bool_);
  Tensor h = Tensor::from_vector<float>({1, -2}).astype(DType::float16);
  EXPECT_EQ(ops::relu(h).dtype(), DType::float16);
  EXPECT_EQ(ops::relu(h).to_vector<float>(), (std::vector<float>{1, 0}));
  EXPECT_EQ(ops::add(h, h).dtype(), DType::float16);
  EXPECT_EQ(ops::exp(i32).dtype(), DType::float32);
}

TEST(ElementwiseFrontend, IntegerUnaryKeepDtype) {
  Tensor i = Tensor::from_vector<int32_t>({-3, 0, 4});
  EXPECT_EQ(ops::negative(i).to_vector<int>(), (std::vector<int>{3, 0, -4}));
  EXPECT_EQ(ops::abs(i).to_vector<int>(), (std::vector<int>{3, 0, 4}));
  EXPECT_EQ(ops::sign(i).to_vector<int>(), (std::vector<int>{-1, 0, 1}));
  EXPECT_EQ(ops::square(i).to_vector<int>(), (std::vector<int>{9, 0, 16}));
  EXPECT_EQ(ops::relu(i).to_vector<int>(), (std::vector<int>{0, 0, 4}));
  EXPECT_EQ(ops::clip(i, -1, 2).to_vector<int>(), (std::vector<int>{-1, 0, 2}));
  for (const Tensor& t :
       {ops::negative(i), ops::abs(i), ops::sign(i), ops::square(i), ops::relu(i)})
    EXPECT_EQ(t.dtype(), DType::int32);
}

TEST(ElementwiseFrontend, ActivationDefaultsFollowKeras3) {
  Tensor x = Tensor::from_vector<double>({-2.0, 1.0, 4.0});
  std::vector<double> lr = ops::leaky_relu(x).to_vector<double>();
  EXPECT_DOUBLE_EQ(lr[0], -0.4);  // negative_slope 0.2
  std::vector<double> hs = ops::hard_sigmoid(x).to_vector<double>();
  EXPECT_DOUBLE_EQ(hs[0], -2.0 / 6 + 0.5);  // slope 1/6
  EXPECT_DOUBLE_EQ(hs[2], 1.0);
  double approx = 0.5 * (1 + std::tanh(std::sqrt(2 / M_PI) * (1 + 0.044715)));
  EXPECT_NEAR(ops::gelu(x).to_vector<double>()[1], approx, 1e-14);  // approximate=true
  EXPECT_NEAR(ops::gelu(x, false).to_vector<double>()[1], 0.5 * (1 + std::erf(1 / std::sqrt(2.0))),
              1e-14);
  EXPECT_DOUBLE_EQ(ops::elu(x).to_vector<double>()[0], std::exp(-2.0) - 1);
  EXPECT_DOUBLE_EQ(ops::relu6(x).to_vector<double>()[2], 4.0);
  EXPECT_EQ(ops::clip(x, -1, 2).to_vector<double>(), (std::vector<double>{-1, 1, 2}));
}

TEST(ElementwiseFrontend, WhereCastAndFillers) {
  Tensor c = Tensor::from_vector<bool>({true, false, true});
  Tensor x = Tensor::from_vector<float>({1, 2, 3});
  EXPECT_EQ(ops::where(c, x, 0.0).to_vector<float>(), (std::vector<float>{1, 0, 3}));
  EXPECT_EQ(ops::where(c, -1.0, x).to_vector<float>(), (std::vector<float>{-1, 2, -1}));
  Tensor ci = Tensor::from_vector<int32_t>({0, 5, 0});  // non-bool condition: != 0
  EXPECT_EQ(ops::where(ci, x, x * 10.0).to_vector<float>(), (std::vector<float>{10, 2, 30}));
  EXPECT_EQ(ops::where(c, x, Tensor::from_vector<double>({9})).dtype(), DType::float64);
  EXPECT_EQ(ops::cast(x, DType::float32).raw_data(), x.raw_data());  // no copy
  EXPECT_EQ(ops::cast(Tensor::from_vector<float>({-1.7f, 2.9f}), DType::int32).to_vector<int>(),
            (std::vector<int>{-1, 2}));
  EXPECT_EQ(ops::ones_like(x).to_vector<float>(), (std::vector<float>{1, 1, 1}));
  EXPECT_EQ(ops::zeros_like(x, DType::int64).dtype(), DType::int64);
  EXPECT_EQ(ops::full_like(x, 7.5, DType::int32).to_vector<int>(), (std::vector<int>{7, 7, 7}));
  EXPECT_EQ(ops::stop_gradient(x).to_vector<float>(), x.to_vector<float>());
}

TEST(ElementwiseFrontend, TensorOperators) {
  Tensor a = Tensor::from_vector<float>({1, 2, 3, 4}, Shape{2, 2});
  Tensor row = Tensor::from_vector<float>({10, 20});
  EXPECT_EQ((a + row).to_vector<float>(), (std::vector<float>{11, 22, 13, 24}));
  EXPECT_EQ((a - row).to_vector<float>(), (std::vector<float>{-9, -18, -7, -16}));
  EXPECT_EQ((a * row).to_vector<float>(), (std::vector<float>{10, 40, 30, 80}));
  EXPECT_EQ((row / a).to_vector<float>(), (std::vector<float>{10, 10, 10.f / 3, 5}));
  EXPECT_EQ((a + 1.0).to_vector<float>(), (std::vector<float>{2, 3, 4, 5}));
  EXPECT_EQ((1.0 - a).to_vector<float>(), (std::vector<float>{0, -1, -2, -3}));
  EXPECT_EQ((2 * a).to_vector<float>(), (std::vector<float>{2, 4, 6, 8}));
  EXPECT_EQ((a / 2).to_vector<float>(), (std::vector<float>{0.5, 1, 1.5, 2}));
  EXPECT_EQ((12.0 / a).to_vector<float>(), (std::vector<float>{12, 6, 4, 3}));
  EXPECT_EQ((-a).to_vector<float>(), (std::vector<float>{-1, -2, -3, -4}));
  Tensor pixels = Tensor::from_vector<uint8_t>({0, 51, 255});
  Tensor scaled = pixels / 255.0;  // the classic preprocessing step
  EXPECT_EQ(scaled.dtype(), DType::float32);
  EXPECT_FLOAT_EQ(scaled.to_vector<float>()[1], 0.2f);
}

TEST(ElementwiseFrontend, SymbolicInputsBuildNodes) {
  Tensor x = graph::placeholder({DType::float32, Shape{-1, 3}});
  Tensor bias = Tensor::from_vector<float>({1, 2, 3});
  Tensor y = ops::relu(x * 2.0 + bias);
  ASSERT_TRUE(y.is_symbolic());
  EXPECT_EQ(y.shape(), (Shape{-1, 3}));
  EXPECT_EQ(op_of(y), "relu");
  EXPECT_EQ(ops::less(x, 0.0).dtype(), DType::bool_);
  EXPECT_EQ(ops::cast(x, DType::float64).shape(), (Shape{-1, 3}));
  EXPECT_EQ(ops::zeros_like(x).shape(), (Shape{-1, 3}));
}

// --- Bad input
// ------------------------------------------------------------------------------------

using testing::expect_error;

TEST(ElementwiseErrors, BadInputsThrowClearErrors) {
  Tensor f32 = Tensor::from_vector<float>({1, 2, 3});
  Tensor f64 = Tensor::from_vector<double>({1, 2, 3});
  Tensor i32 = Tensor::from_vector<int32_t>({1, 2, 3});
  Tensor m23 = Tensor::zeros({2, 3}, DType::float32);
  Tensor v4 = Tensor::zeros({4}, DType::float32);
  expect_error<TypeError>([&] { ops::call1("add", {f32, f64}); }, {"add", "float32", "float64"});
  expect_error<ValueError>(
      [&] {
        ops::call1("add", {m23, v4});
      },
      {"add", "(2, 3)", "(4,)", "broadcast"});
  expect_error<ValueError>([&] { ops::add(m23, v4); }, {"add", "broadcast"});
  expect_error<TypeError>([&] { ops::call1("relu", {i32}); }, {"relu", "int32"});
  expect_error<TypeError>([&] { ops::call1("div", {i32, i32}); }, {"div", "int32"});
  expect_error<TypeError>([&] { ops::call1("where", {f32, f32, f32}); }, {"where", "bool"});
  expect_error<TypeError>(
      [&] {
        ops::call1("where", {ops::less(f32, 2.0), f32, f64});
      },
      {"where", "float32", "float64"});
  expect_error<ValueError>([&] { ops::call1("clip", {f32}); }, {"clip", "min"});
  expect_error<ValueError>(
      [&] {
        ops::call1("unary_grad", {f32, f32}, ops::UnaryGradAttrs{.fn = "nope"});
      },
      {"unary_grad", "nope"});
  expect_error<ValueError>(
      [&] {
        ops::call1("unary_grad", {f32, v4}, ops::UnaryGradAttrs{.fn = "relu"});
      },
      {"unary_grad", "(3,)", "(4,)"});
  expect_error<ValueError>(
      [&] {
        ops::call1("broadcast_like", {v4, m23});
      },
      {"broadcast_like", "(4,)", "(2, 3)"});
  expect_error<ValueError>(
      [&] {
        ops::call1("sum_to_like", {m23, v4});
      },
      {"sum_to_like", "(4,)", "(2, 3)"});
  expect_error<ValueError>([&] { ops::call1("fill_like", {f32}); }, {"value"});
  expect_error<ValueError>([&] { ops::call1("cast", {f32}); }, {"dtype"});
  expect_error<ValueError>([&] { ops::negative(Tensor()); }, {"negative", "empty"});
  expect_error<ValueError>([&] { ops::add(Tensor(), 1.0); }, {"add", "empty"});
  expect_error<ValueError>([&] { ops::clip(f32, NAN, 1); }, {"clip"});
  Tensor x = graph::placeholder({DType::float32, Shape{-1, 3}});
  expect_error<ValueError>([&] { ops::add(x, v4); }, {"add", "broadcast"});
}

}  // namespace
}  // namespace keras
