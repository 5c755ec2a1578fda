// Random ops. No other generator can serve as a reference, so the conformance cases check what
// can be checked: the seed state advances; every backend reproduces the generator of
// keras/core/random.h; the same state gives the same values whatever the thread count; a new
// state gives new values; the values have the right distribution; dropout masks and scales.
#include "keras/ops/random.h"

#include <gtest/gtest.h>
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <optional>

#include "keras/backend/backend.h"
#include "keras/config/config.h"
#include "keras/graph/node.h"
#include "keras/graph/program.h"
#include "keras/ops/op_def.h"
#include "tests/ops/harness.h"

// Options structs are filled the Keras way, naming only some fields; GCC 12's -Wextra warns
// about the others.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace keras {
namespace {

KERAS_CONFORMANCE_COVERS("random_uniform", "random_normal", "truncated_normal", "dropout",
                         "dropout_grad");
KERAS_GRADIENT_CHECKED("dropout", "dropout_grad");

// The attributes of a draw op (random_uniform, or the normal ones) with a shape or a `like`.
ops::Attrs draw_attrs(const std::string& op, std::optional<std::vector<int64_t>> shape,
                      DType dtype) {
  if (op == "random_uniform") return ops::RandomUniformAttrs{.shape = shape, .dtype = dtype};
  return ops::RandomNormalAttrs{.shape = shape, .dtype = dtype};
}

Tensor state_tensor(int64_t seed, int64_t counter) {
  return Tensor::from_vector<int64_t>({seed, counter});
}

// The reference for a random op's only checkable output: the state, counter + 1. (Built from
// the known initial state: the harness hands references its non-float inputs after the run.)
std::function<std::vector<Tensor>(const std::vector<Tensor>&)> advanced_state(int64_t seed,
                                                                              int64_t counter) {
  return [seed, counter](const std::vector<Tensor>&) {
    return std::vector<Tensor>{state_tensor(seed, counter + 1)};
  };
}

struct Stats {
  double mean = 0, variance = 0, min = INFINITY, max = -INFINITY;
};
Stats stats_of(const Tensor& t) {
  std::vector<double> v = t.to_vector<double>();
  Stats s;
  for (double x : v) {
    s.mean += x;
    s.min = std::min(s.min, x);
    s.max = std::max(s.max, x);
  }
  s.mean /= static_cast<double>(v.size());
  for (double x : v) s.variance += (x - s.mean) * (x - s.mean);
  s.variance /= static_cast<double>(v.size() - 1);
  return s;
}

// Runs f with OpenMP limited to `threads`, restoring the setting after.
template <class F>
auto with_threads(int threads, F&& f) {
  int saved = omp_get_max_threads();
  omp_set_num_threads(threads);
  auto result = f();
  omp_set_num_threads(saved);
  return result;
}

std::vector<uint8_t> bytes_of(const Tensor& t) {
  Tensor host = t.to(backend::host());
  const auto* p = static_cast<const uint8_t*>(host.raw_data());
  return std::vector<uint8_t>(p, p + host.nbytes());
}

// ----- Conformance: the state advances on every backend ----------------------------------------

TEST(RandomOps, ConformanceStateAdvances) {
  testing::OpCase
      c;  // one case reused: GCC 12 misreports a fresh OpCase in a loop as uninitialized
  for (const char* op : {"random_uniform", "random_normal", "truncated_normal"}) {
    for (DType dtype : {DType::float32, DType::float64}) {
      c.op = op;
      c.inputs = {state_tensor(12345, 7)};
      c.attrs = draw_attrs(op, std::vector<int64_t>{3, 5}, dtype);
      c.reference = advanced_state(12345, 7);
      c.dtypes = {dtype};
      testing::check_op(c);
      // With a `like` input instead of the shape attribute.
      c.inputs = {state_tensor(-3, 0), testing::uniform({4, 2})};
      c.attrs = draw_attrs(op, std::nullopt, dtype);
      c.reference = advanced_state(-3, 0);
      testing::check_op(c);
    }
  }
  c.op = "dropout";
  c.inputs = {testing::uniform({6, 7}), state_tensor(99, 41)};
  c.attrs = ops::DropoutAttrs{.rate = 0.3};
  c.reference = advanced_state(99, 41);
  c.dtypes = {DType::float32, DType::float64};
  testing::check_op(c);
}

TEST(RandomOps, ConformanceDropoutGrad) {
  testing::OpCase c;
  c.op = "dropout_grad";
  c.inputs = {testing::uniform({5, 9}), testing::integers({5, 9}, 0, 2, DType::uint8)};
  c.attrs = ops::DropoutAttrs{.rate = 0.25};
  c.reference = [](const std::vector<Tensor>& in) {
    std::vector<double> dy = in[0].to_vector<double>(), mask = in[1].to_vector<double>();
    for (size_t i = 0; i < dy.size(); ++i) dy[i] = dy[i] * mask[i] / (1.0 - 0.25);
    return std::vector<Tensor>{Tensor::from_vector(dy, in[0].shape())};
  };
  testing::check_op(c);
}

// ----- Every backend reproduces keras/core/random.h --------------------------------------------

template <class T>
std::vector<T> core_values(const char* op, int64_t n, uint64_t seed, uint64_t counter) {
  std::vector<T> v(static_cast<size_t>(n));
  if (std::string(op) == "random_uniform")
    random::fill_uniform(v.data(), 0, n, seed, counter, -1.0, 2.0);
  else if (std::string(op) == "random_normal")
    random::fill_normal(v.data(), 0, n, seed, counter, 0.5, 2.0);
  else
    random::fill_truncated_normal(v.data(), 0, n, seed, counter, 0.5, 2.0);
  return v;
}

TEST(RandomOps, EveryBackendMatchesTheCoreGenerator) {
  const int64_t n = 4099;
  for (const std::string& name : backend::available()) {
    backend::Backend& device = backend::get(name);
    for (const char* op : {"random_uniform", "random_normal", "truncated_normal"}) {
      for (DType dtype : {DType::float32, DType::float64}) {
        ops::Attrs attrs =
            std::string(op) == "random_uniform"
                ? ops::Attrs(ops::RandomUniformAttrs{.shape = std::vector<int64_t>{n},
                                                     .dtype = dtype,
                                                     .minval = -1.0,
                                                     .maxval = 2.0})
                : ops::Attrs(ops::RandomNormalAttrs{.shape = std::vector<int64_t>{n},
                                                    .dtype = dtype,
                                                    .mean = 0.5,
                                                    .stddev = 2.0});
        Tensor got = ops::call1(op, {state_tensor(2024, 3).to(device)}, attrs).to(backend::host());
        std::vector<double> want;
        if (dtype == DType::float32) {
          std::vector<float> f = core_values<float>(op, n, 2024, 3);
          want.assign(f.begin(), f.end());
        } else {
          want = core_values<double>(op, n, 2024, 3);
        }
        std::vector<double> g = got.to_vector<double>();
        bool exact = std::string(op) == "random_uniform" || name == "cpu";
        for (int64_t i = 0; i < n; ++i) {
          if (exact)
            ASSERT_EQ(g[i], want[i]) << name << " " << op << " " << dtype << " at " << i;
          else
            ASSERT_NEAR(g[i], want[i], 4e-7 * std::max(1.0, std::fabs(want[i])))
                << name << " " << op;
        }
      }
    }
    // Dropout masks are exact: keep where the float32 uniform of the same state is >= rate.
    Tensor x = testing::uniform({n}).to(device);
    std::vector<Tensor> out =
        ops::call("dropout", {x, state_tensor(77, 0).to(device)}, ops::DropoutAttrs{.rate = 0.4});
    std::vector<uint32_t> bits(static_cast<size_t>(n));
    random::fill_bits(bits.data(), 0, n, 77, 0);
    std::vector<uint8_t> mask = out[1].to(backend::host()).to_vector<uint8_t>();
    for (int64_t i = 0; i < n; ++i) {
      float u = static_cast<float>(bits[static_cast<size_t>(i)] >> 8) * 0x1p-24f;
      ASSERT_EQ(mask[static_cast<size_t>(i)], u >= 0.4 ? 1 : 0) << name << " at " << i;
    }
  }
}

// ----- Determinism ------------------------------------------------------------------------------

TEST(RandomOps, SameStateSameValuesWhateverTheThreadCount) {
  const int64_t n = 100000;  // several parallel chunks
  for (const char* op : {"random_uniform", "random_normal", "truncated_normal"}) {
    for (DType dtype : {DType::float32, DType::float64}) {
      ops::Attrs attrs = draw_attrs(op, std::vector<int64_t>{n}, dtype);
      auto draw = [&] { return bytes_of(ops::call1(op, {state_tensor(5, 9)}, attrs)); };
      auto one = with_threads(1, draw), two = with_threads(2, draw), three = with_threads(3, draw);
      EXPECT_EQ(one, two) << op << " " << dtype;
      EXPECT_EQ(one, three) << op << " " << dtype;
    }
  }
  for (DType dtype : {DType::float32, DType::float64}) {
    Tensor x = testing::uniform({n}).astype(dtype);
    auto draw = [&] {
      std::vector<Tensor> out =
          ops::call("dropout", {x, state_tensor(5, 9)}, ops::DropoutAttrs{.rate = 0.5});
      std::vector<uint8_t> b = bytes_of(out[0]), m = bytes_of(out[1]);
      b.insert(b.end(), m.begin(), m.end());
      return b;
    };
    auto one = with_threads(1, draw), two = with_threads(2, draw);
    EXPECT_EQ(one, two) << "dropout " << dtype;
  }
}

TEST(RandomOps, CounterAdvancesAndTheNextDrawDiffers) {
  for (const char* op : {"random_uniform", "random_normal", "truncated_normal"}) {
    Tensor state = state_tensor(31, 0);
    ops::Attrs attrs = draw_attrs(op, std::vector<int64_t>{64}, DType::float32);
    std::vector<float> first = ops::call1(op, {state}, attrs).to_vector<float>();
    EXPECT_EQ(state.to_vector<int64_t>(), (std::vector<int64_t>{31, 1})) << op;
    std::vector<float> second = ops::call1(op, {state}, attrs).to_vector<float>();
    EXPECT_EQ(state.to_vector<int64_t>(), (std::vector<int64_t>{31, 2})) << op;
    int same = 0;
    for (size_t i = 0; i < first.size(); ++i) same += first[i] == second[i];
    EXPECT_LE(same, 1) << op;
    // Going back to counter 0 repeats the first draw.
    EXPECT_EQ(ops::call1(op, {state_tensor(31, 0)}, attrs).to_vector<float>(), first) << op;
  }
}

// ----- Distributions (1e5 samples, 5-sigma bounds) ---------------------------------------------

constexpr int64_t kSamples = 100000;

TEST(RandomOps, UniformStatistics) {
  for (DType dtype : {DType::float32, DType::float64}) {
    const double lo = -1.0, hi = 3.0;
    Tensor t = ops::call1(
        "random_uniform", {state_tensor(1, 0)},
        ops::RandomUniformAttrs{
            .shape = std::vector<int64_t>{kSamples}, .dtype = dtype, .minval = lo, .maxval = hi});
    EXPECT_EQ(t.dtype(), dtype);
    Stats s = stats_of(t);
    const double w = hi - lo, var = w * w / 12.0, mu4 = std::pow(w, 4) / 80.0;
    EXPECT_NEAR(s.mean, (lo + hi) / 2, 5 * std::sqrt(var / kSamples)) << dtype;
    EXPECT_NEAR(s.variance, var, 5 * std::sqrt((mu4 - var * var) / kSamples)) << dtype;
    EXPECT_GE(s.min, lo);
    EXPECT_LT(s.max, hi);
    EXPECT_LT(s.min, lo + 0.001);
    EXPECT_GT(s.max, hi - 0.001);
  }
}

TEST(RandomOps, NormalStatistics) {
  for (DType dtype : {DType::float32, DType::float64}) {
    const double mean = 0.5, stddev = 2.0;
    Tensor t = ops::call1("random_normal", {state_tensor(2, 0)},
                          ops::RandomNormalAttrs{.shape = std::vector<int64_t>{kSamples},
                                                 .dtype = dtype,
                                                 .mean = mean,
                                                 .stddev = stddev});
    Stats s = stats_of(t);
    const double var = stddev * stddev;
    EXPECT_NEAR(s.mean, mean, 5 * stddev / std::sqrt(kSamples)) << dtype;
    EXPECT_NEAR(s.variance, var, 5 * std::sqrt(2 * var * var / kSamples)) << dtype;
    // Both tails are reached: beyond 4 sigma is about 6 in 1e5.
    EXPECT_LT(s.min, mean - 3.5 * stddev);
    EXPECT_GT(s.max, mean + 3.5 * stddev);
  }
}

TEST(RandomOps, TruncatedNormalStatistics) {
  // Moments of N(0, 1) truncated to [-2, 2].
  const double a = 2.0, z = std::erf(a / std::numbers::sqrt2);
  const double phi = std::exp(-a * a / 2) / std::sqrt(2 * std::numbers::pi);
  const double var = 1 - 2 * a * phi / z, mu4 = 3 - 2 * (a * a * a + 3 * a) * phi / z;
  EXPECT_NEAR(std::sqrt(var), 0.87962566103423978, 1e-12);  // Keras's VarianceScaling constant
  for (DType dtype : {DType::float32, DType::float64}) {
    const double mean = -1.0, stddev = 0.5;
    Tensor t = ops::call1("truncated_normal", {state_tensor(3, 0)},
                          ops::RandomNormalAttrs{.shape = std::vector<int64_t>{kSamples},
                                                 .dtype = dtype,
                                                 .mean = mean,
                                                 .stddev = stddev});
    Stats s = stats_of(t);
    EXPECT_NEAR(s.mean, mean, 5 * stddev * std::sqrt(var / kSamples)) << dtype;
    EXPECT_NEAR(s.variance / (stddev * stddev), var, 5 * std::sqrt((mu4 - var * var) / kSamples))
        << dtype;
    EXPECT_GE(s.min, mean - 2 * stddev - 1e-6);
    EXPECT_LE(s.max, mean + 2 * stddev + 1e-6);
    EXPECT_LT(s.min, mean - 1.99 * stddev);
    EXPECT_GT(s.max, mean + 1.99 * stddev);
  }
}

// ----- Dropout ----------------------------------------------------------------------------------

TEST(RandomOps, DropoutMasksAndScalesExactly) {
  for (DType dtype : {DType::float32, DType::float64}) {
    for (double rate : {0.0, 0.2, 0.5, 0.9}) {
      Tensor x = testing::uniform({kSamples}, -3, 3, 11).astype(dtype);
      std::vector<Tensor> out =
          ops::call("dropout", {x, state_tensor(8, 0)}, ops::DropoutAttrs{.rate = rate});
      ASSERT_EQ(out.size(), 2u);
      EXPECT_EQ(out[0].dtype(), dtype);
      EXPECT_EQ(out[1].dtype(), DType::uint8);
      std::vector<double> xv = x.to_vector<double>(), y = out[0].to_vector<double>();
      std::vector<uint8_t> mask = out[1].to_vector<uint8_t>();
      int64_t kept = 0;
      for (size_t i = 0; i < y.size(); ++i) {
        ASSERT_LE(mask[i], 1);
        kept += mask[i];
        double want;
        if (dtype == DType::float32) {
          float scale = static_cast<float>(1.0 / (1.0 - rate));
          want = mask[i] ? static_cast<double>(static_cast<float>(xv[i]) * scale) : 0.0;
        } else {
          want = mask[i] ? xv[i] * (1.0 / (1.0 - rate)) : 0.0;
        }
        ASSERT_EQ(y[i], want) << "rate " << rate << " at " << i;
      }
      double p = 1 - rate, fraction = static_cast<double>(kept) / kSamples;
      EXPECT_NEAR(fraction, p, 5 * std::sqrt(p * (1 - p) / kSamples) + 1e-12) << rate;
    }
  }
}

TEST(RandomOps, DropoutGradientIsTheMask) {
  // Finite differences cannot see through the draw: check the gradient rule against the mask.
  const ops::OpDef& def = ops::get_op("dropout");
  Tensor x = testing::uniform({64, 8});
  std::vector<Tensor> outputs =
      ops::call("dropout", {x, state_tensor(4, 4)}, ops::DropoutAttrs{.rate = 0.3});
  Tensor dy = testing::uniform({64, 8}, -1, 1, 99);
  std::vector<Tensor> inputs = {x, state_tensor(4, 5)};
  ops::Attrs attrs = ops::DropoutAttrs{.rate = 0.3};
  std::vector<Tensor> grads =
      def.gradient({std::span<const Tensor>(inputs), std::span<const Tensor>(outputs),
                    std::span<const Tensor>(&dy, 1), attrs});
  ASSERT_EQ(grads.size(), 2u);
  EXPECT_FALSE(grads[1].defined());  // no gradient for the seed state
  std::vector<double> g = grads[0].to_vector<double>(), d = dy.to_vector<double>();
  std::vector<uint8_t> mask = outputs[1].to_vector<uint8_t>();
  for (size_t i = 0; i < g.size(); ++i) ASSERT_EQ(g[i], mask[i] ? d[i] * (1.0 / 0.7) : 0.0) << i;
  // And y is linear in x with that derivative: y == x · dx/dy elementwise.
  std::vector<double> y = outputs[0].to_vector<double>(), xv = x.to_vector<double>();
  for (size_t i = 0; i < y.size(); ++i) ASSERT_EQ(y[i], mask[i] ? xv[i] * (1.0 / 0.7) : 0.0);
}

TEST(RandomOps, DropoutGradientCheck) {
  // check_gradient gives every evaluation a fresh copy of the seed state (dropout's mutated
  // input), so the eager runs draw the mask the Program draws: central differences then see the
  // linear map x -> mask * x / (1 - rate) and must agree with dropout_grad on that mask.
  Tensor x = testing::uniform({6, 5});
  Tensor state = state_tensor(4, 4);
  std::vector<uint8_t> mask =
      ops::call("dropout", {x, state.copy()}, ops::DropoutAttrs{.rate = 0.4})[1]
          .to_vector<uint8_t>();
  int64_t kept = std::count(mask.begin(), mask.end(), uint8_t{1});
  ASSERT_GT(kept, 0);  // both kept and dropped elements, so the check can tell them apart
  ASSERT_LT(kept, static_cast<int64_t>(mask.size()));
  testing::GradCase c;
  c.op = "dropout";
  c.inputs = {x, state};
  c.attrs = ops::DropoutAttrs{.rate = 0.4};
  c.wrt = {0};  // the seed state gets no gradient
  testing::check_gradient(c);
  EXPECT_EQ(state.to_vector<int64_t>(), (std::vector<int64_t>{4, 4}));  // never advanced
}

TEST(RandomOps, DropoutGradGradient) {
  // dropout_grad is linear in dy; its own gradient is the same masking.
  testing::GradCase c;
  c.op = "dropout_grad";
  c.inputs = {testing::uniform({6, 5}), testing::integers({6, 5}, 0, 2, DType::uint8)};
  c.attrs = ops::DropoutAttrs{.rate = 0.4};
  testing::check_gradient(c);
}

TEST(RandomOps, RandomDrawsPassNoGradient) {
  for (const char* op : {"random_uniform", "random_normal", "truncated_normal"}) {
    const ops::OpDef& def = ops::get_op(op);
    ASSERT_TRUE(def.gradient) << op;
    std::vector<Tensor> inputs = {state_tensor(0, 0), testing::uniform({2})};
    std::vector<Tensor> outputs = {testing::uniform({2})};
    std::vector<Tensor> grads =
        def.gradient({inputs, outputs, std::span<const Tensor>(outputs), ops::Attrs{}});
    ASSERT_EQ(grads.size(), 2u);
    EXPECT_FALSE(grads[0].defined());
    EXPECT_FALSE(grads[1].defined());
  }
}

// ----- Op declarations --------------------------------------------------------------------------

TEST(RandomOps, DeclarationsMarkStateAndRandomness) {
  for (const char* op : {"random_uniform", "random_normal", "truncated_normal"}) {
    const ops::OpDef& def = ops::get_op(op);
    EXPECT_TRUE(def.is_random);
    EXPECT_TRUE(def.has_side_effects);
    EXPECT_EQ(def.mutates, std::vector<int>{0});
    EXPECT_EQ(def.kernel_dtype_input, -1);
  }
  EXPECT_EQ(ops::get_op("dropout").mutates, std::vector<int>{1});
  EXPECT_TRUE(ops::get_op("dropout").is_random);
  EXPECT_FALSE(ops::get_op("dropout_grad").is_random);
}

TEST(RandomOps, LikeInputGivesSymbolicShapes) {
  Tensor p = graph::placeholder({DType::float32, Shape{-1, 4}}, "x");
  Tensor n = random::normal_like(p, {.stddev = 0.1, .seed = 3});
  EXPECT_TRUE(n.is_symbolic());
  EXPECT_EQ(n.shape(), (Shape{-1, 4}));
  EXPECT_EQ(n.dtype(), config::floatx_dtype());
  Tensor y = random::dropout(p, 0.5, {.seed = 1});
  EXPECT_TRUE(y.is_symbolic());
  EXPECT_EQ(y.shape(), (Shape{-1, 4}));
  EXPECT_EQ(y.node()->outputs.size(), 2u);
  EXPECT_EQ(y.node()->outputs[1].dtype, DType::uint8);
}

// ----- Bad input --------------------------------------------------------------------------------

using testing::expect_error;

TEST(RandomOps, BadInputs) {
  expect_error<TypeError>(
      [&] {
        ops::call("random_uniform", {Tensor::from_vector<int32_t>({1, 0})},
                  draw_attrs("random_uniform", std::vector<int64_t>{3}, DType::float32));
      },
      "seed state and must be int64");
  expect_error<ValueError>(
      [&] {
        ops::call("random_normal", {Tensor::from_vector<int64_t>({1, 0, 0})},
                  draw_attrs("random_normal", std::vector<int64_t>{3}, DType::float32));
      },
      "must have shape (2,)");
  expect_error<TypeError>(
      [&] {
        ops::call("random_uniform", {state_tensor(1, 0)},
                  ops::RandomUniformAttrs{.shape = std::vector<int64_t>{3}, .dtype = DType::int32});
      },
      "dtype must be a float type");
  expect_error<ValueError>(
      [&] {
        ops::call("random_uniform", {state_tensor(1, 0)},
                  ops::RandomUniformAttrs{
                      .shape = std::vector<int64_t>{3}, .minval = 2.0, .maxval = 1.0});
      },
      "minval (2) must not exceed maxval (1)");
  expect_error<ValueError>([&] { ops::call("truncated_normal", {state_tensor(1, 0)}); },
                           "needs a `shape` attribute or a `like` input");
  expect_error<ValueError>(
      [&] {
        ops::call("random_normal", {state_tensor(1, 0)},
                  ops::RandomNormalAttrs{.shape = std::vector<int64_t>{-1, 3}});
      },
      "must be fully defined");
  expect_error<ValueError>(
      [&] {
        ops::call("dropout", {testing::uniform({3}), state_tensor(1, 0)},
                  ops::DropoutAttrs{.rate = 1.0});
      },
      "rate must be in [0, 1), got 1");
  expect_error<ValueError>(
      [&] {
        ops::call("dropout", {testing::uniform({3}), state_tensor(1, 0)},
                  ops::DropoutAttrs{.rate = -0.1});
      },
      "rate must be in [0, 1)");
  expect_error<TypeError>(
      [&] {
        ops::call("dropout", {Tensor::from_vector<int64_t>({1, 2}), state_tensor(1, 0)},
                  ops::DropoutAttrs{.rate = 0.5});
      },
      "dropout");
  expect_error<ValueError>(
      [&] {
        ops::call("dropout_grad",
                  {testing::uniform({3}), Tensor::from_vector<uint8_t>({1, 0, 1, 1})},
                  ops::DropoutAttrs{.rate = 0.5});
      },
      "must have the same shape");
  expect_error<ValueError>([&] { random::dropout(testing::uniform({3}), 1.0); },
                           "rate must be in [0, 1), got 1");
  expect_error<ValueError>([&] { random::uniform({-1, 2}); }, "uniform_like");
}

// ----- keras::random frontend -------------------------------------------------------------------

TEST(KerasRandom, IntegerSeedRepeatsGeneratorAdvances) {
  std::vector<float> a = random::uniform({16}, {.seed = 42}).to_vector<float>();
  std::vector<float> b = random::uniform({16}, {.seed = 42}).to_vector<float>();
  EXPECT_EQ(a, b);  // Keras: the same integer seed gives the same values every call
  random::SeedGenerator generator(42);
  std::vector<float> c = random::uniform({16}, {.seed = generator}).to_vector<float>();
  std::vector<float> d = random::uniform({16}, {.seed = generator}).to_vector<float>();
  EXPECT_EQ(c, a);  // the generator starts at (42, 0) like the integer seed
  EXPECT_NE(c, d);
  EXPECT_EQ(generator.state().value().to_vector<int64_t>(), (std::vector<int64_t>{42, 2}));
}

TEST(KerasRandom, DefaultsAndOptions) {
  Tensor u = random::uniform({2, 3});
  EXPECT_EQ(u.dtype(), config::floatx_dtype());
  EXPECT_EQ(u.shape(), (Shape{2, 3}));
  Tensor n = random::normal({1000}, {.mean = 10.0, .stddev = 0.01, .dtype = DType::float64});
  EXPECT_EQ(n.dtype(), DType::float64);
  EXPECT_NEAR(stats_of(n).mean, 10.0, 0.01);
  Tensor t = random::truncated_normal({1000}, {.stddev = 0.05, .seed = 1});
  Stats s = stats_of(t);
  EXPECT_GE(s.min, -0.1 - 1e-6);
  EXPECT_LE(s.max, 0.1 + 1e-6);
  Tensor r = random::uniform({1000}, {.minval = -0.05, .maxval = 0.05, .seed = 5});
  EXPECT_GE(stats_of(r).min, -0.05);
  EXPECT_LT(stats_of(r).max, 0.05);
  Tensor like = random::uniform_like(testing::uniform({3, 4}), {.seed = 2});
  EXPECT_EQ(like.shape(), (Shape{3, 4}));
  EXPECT_EQ(random::truncated_normal_like(like).shape(), (Shape{3, 4}));
}

TEST(KerasRandom, UnseededCallsUseTheGlobalGenerator) {
  random::set_global_seed(2024);
  std::vector<float> a = random::normal({8}).to_vector<float>();
  std::vector<float> b = random::normal({8}).to_vector<float>();
  EXPECT_NE(a, b);
  random::set_global_seed(2024);
  EXPECT_EQ(random::normal({8}).to_vector<float>(), a);
  EXPECT_EQ(random::normal({8}).to_vector<float>(), b);
}

TEST(KerasRandom, DropoutFrontend) {
  Tensor x = Tensor::ones({1000}, DType::float32);
  Tensor y = random::dropout(x, 0.5, {.seed = 3});
  std::vector<float> v = y.to_vector<float>();
  int kept = 0;
  for (float e : v) {
    ASSERT_TRUE(e == 0.0f || e == 2.0f);
    kept += e != 0.0f;
  }
  EXPECT_NEAR(kept, 500, 5 * std::sqrt(250.0));
  EXPECT_EQ(random::dropout(x, 0.5, {.seed = 3}).to_vector<float>(), v);
}

TEST(KerasRandom, DropoutNoiseShapeBroadcastsTheMask) {
  Tensor x = Tensor::ones({50, 6}, DType::float32);
  Tensor y = random::dropout(x, 0.5, {.noise_shape = Shape{1, 6}, .seed = 9});
  std::vector<float> v = y.to_vector<float>();
  for (int r = 1; r < 50; ++r)
    for (int c = 0; c < 6; ++c)
      ASSERT_EQ(v[static_cast<size_t>(r * 6 + c)], v[static_cast<size_t>(c)]);
  // -1 takes the input's size: the full-shape (fused) path.
  Tensor z = random::dropout(x, 0.5, {.noise_shape = Shape{-1, 6}, .seed = 9});
  EXPECT_EQ(z.shape(), (Shape{50, 6}));
  expect_error<ValueError>(
      [&] {
        random::dropout(x, 0.5, {.noise_shape = Shape{2, 6}});
      },
      "does not broadcast");
}

TEST(KerasRandom, GraphDrawsAdvanceTheGenerator) {
  random::SeedGenerator generator(5);
  Tensor x = graph::placeholder({DType::float32, Shape{-1, 3}}, "x");
  Tensor y = random::dropout(x, 0.5, {.seed = generator});
  Tensor n = random::normal_like(x, {.seed = generator});
  graph::Program program({x}, {y, n});
  Tensor ones = Tensor::ones({40, 3}, DType::float32);
  std::vector<Tensor> first = program.run({ones}), second = program.run({ones});
  EXPECT_EQ(first[0].shape(), (Shape{40, 3}));
  EXPECT_NE(first[0].to_vector<float>(), second[0].to_vector<float>());
  EXPECT_NE(first[1].to_vector<float>(), second[1].to_vector<float>());
  // Two draws per run, two runs.
  EXPECT_EQ(generator.state().value().to_vector<int64_t>()[1], 4);
  // The graph draws what eager calls draw from the same states; the two independent draws
  // may run in either order.
  auto eager_dropout = [&](int64_t counter) {
    return ops::call("dropout", {ones, state_tensor(5, counter)}, ops::DropoutAttrs{.rate = 0.5})[0]
        .to_vector<float>();
  };
  auto eager_normal = [&](int64_t counter) {
    return ops::call1("random_normal", {state_tensor(5, counter), ones},
                      ops::RandomNormalAttrs{.dtype = DType::float32, .mean = 0.0, .stddev = 1.0})
        .to_vector<float>();
  };
  std::vector<float> y0 = first[0].to_vector<float>(), n0 = first[1].to_vector<float>();
  EXPECT_TRUE((y0 == eager_dropout(0) && n0 == eager_normal(1)) ||
              (y0 == eager_dropout(1) && n0 == eager_normal(0)));
}

}  // namespace
}  // namespace keras
