#include "keras/layers/normalization/batch_normalization.h"

#include <gtest/gtest.h>

#include <cmath>

#include "keras/core/json.h"
#include "keras/graph/gradients.h"
#include "keras/graph/node.h"
#include "keras/graph/program.h"
#include "keras/initializers/constant_initializers.h"
#include "keras/initializers/random_initializers.h"
#include "keras/layers/serialization.h"
#include "keras/ops/math.h"
#include "keras/ops/reduction.h"
#include "tests/layers/layer_test.h"
#include "tests/ops/harness.h"

namespace keras {
namespace {

using layers::BatchNormalization;
using testing::expect_near;

constexpr double kEps = 1e-3;  // the layer's default epsilon

Tensor f32(const Tensor& t) {
  return t.astype(DType::float32);
}

// Per-channel statistics of a (rows, C) view in float64: channel c is every element whose index
// along `axis` of `shape` is c.
struct Channels {
  std::vector<double> mean, variance;
};

Channels channel_moments(const Tensor& x, int axis, const std::vector<double>& weights = {}) {
  std::vector<double> v = x.to_vector<double>();
  const Shape& s = x.shape();
  int64_t c = s[axis], inner = 1;
  for (int a = axis + 1; a < s.rank(); ++a) inner *= s[a];
  Channels out{std::vector<double>(static_cast<size_t>(c)),
               std::vector<double>(static_cast<size_t>(c))};
  std::vector<double> count(static_cast<size_t>(c));
  auto channel = [&](size_t i) {
    return static_cast<size_t>((static_cast<int64_t>(i) / inner) % c);
  };
  auto weight = [&](size_t i) { return weights.empty() ? 1.0 : weights[i]; };
  for (size_t i = 0; i < v.size(); ++i) {
    out.mean[channel(i)] += weight(i) * v[i];
    count[channel(i)] += weight(i);
  }
  // Unweighted: divide by N; weighted: Keras divides by the weight sum plus backend epsilon.
  double extra = weights.empty() ? 0.0 : 1e-7;
  for (size_t k = 0; k < count.size(); ++k) out.mean[k] /= count[k] + extra;
  for (size_t i = 0; i < v.size(); ++i) {
    double d = v[i] - out.mean[channel(i)];
    out.variance[channel(i)] += weight(i) * d * d;
  }
  for (size_t k = 0; k < count.size(); ++k) out.variance[k] /= count[k] + extra;
  return out;
}

// gamma · (x - mean) / sqrt(variance + eps) + beta, per channel along `axis`, in float64.
Tensor normalized(const Tensor& x, int axis, const std::vector<double>& mean,
                  const std::vector<double>& variance, const std::vector<double>& gamma,
                  const std::vector<double>& beta, double eps = kEps) {
  std::vector<double> v = x.to_vector<double>();
  const Shape& s = x.shape();
  int64_t c = s[axis], inner = 1;
  for (int a = axis + 1; a < s.rank(); ++a) inner *= s[a];
  for (size_t i = 0; i < v.size(); ++i) {
    size_t k = static_cast<size_t>((static_cast<int64_t>(i) / inner) % c);
    double g = gamma.empty() ? 1.0 : gamma[k], b = beta.empty() ? 0.0 : beta[k];
    v[i] = g * (v[i] - mean[k]) / std::sqrt(variance[k] + eps) + b;
  }
  return Tensor::from_vector(v, s);
}

Tensor vec(const std::vector<double>& v) {
  return Tensor::from_vector(v);
}

std::vector<double> values(const Variable& v) {
  return v.value().to_vector<double>();
}

TEST(BatchNormalization, LayerTest) {
  testing::run_layer_test({
      .make =
          [](DType dtype) {
            return BatchNormalization({.gamma_initializer = initializers::RandomUniform(
                                           {.minval = 0.5, .maxval = 1.5, .seed = 3}),
                                       .moving_mean_initializer = initializers::Constant(0.2),
                                       .moving_variance_initializer = initializers::Constant(1.5),
                                       .dtype = dtype});
          },
      .input_shapes = {Shape{4, 3}},
      .expected_output_shapes = {Shape{4, 3}},
      .expected_trainable_weights = 2,
      .expected_non_trainable_weights = 2,
      .training_differs = true,
      .supports_masking = true,
  });
}

TEST(BatchNormalization, ChannelsFirstImagesWithRegularizers) {
  testing::run_layer_test({
      .make =
          [](DType dtype) {
            return BatchNormalization({.axis = 1,
                                       .momentum = 0.5,
                                       .beta_regularizer = "l2",
                                       .gamma_regularizer = "l2",
                                       .dtype = dtype});
          },
      .input_shapes = {Shape{2, 3, 2, 2}},
      .expected_output_shapes = {Shape{2, 3, 2, 2}},
      .expected_trainable_weights = 2,
      .expected_non_trainable_weights = 2,
      .training_differs = true,
      .supports_masking = true,
  });
}

TEST(BatchNormalization, WithoutCenterAndScale) {
  testing::run_layer_test({
      .make =
          [](DType dtype) {
            return BatchNormalization({.center = false, .scale = false, .dtype = dtype});
          },
      .input_shapes = {Shape{5, 2, 3}},
      .expected_output_shapes = {Shape{5, 2, 3}},
      .expected_non_trainable_weights = 2,
      .training_differs = true,
      .supports_masking = true,
  });
}

TEST(BatchNormalization, SeveralAxes) {
  testing::run_layer_test({
      .make =
          [](DType dtype) {
            return BatchNormalization({.axis = {1, -1}, .dtype = dtype});
          },
      .input_shapes = {Shape{4, 2, 3, 2}},
      .expected_output_shapes = {Shape{4, 2, 3, 2}},
      .expected_trainable_weights = 2,
      .expected_non_trainable_weights = 2,
      .training_differs = true,
      .supports_masking = true,
  });
  BatchNormalization bn({.axis = {1, -1}});
  bn(Tensor::ones(Shape{4, 2, 3, 2}, DType::float32));
  EXPECT_EQ(bn->gamma().shape(), (Shape{2, 2}));
  EXPECT_EQ(bn->get_config().at("axis").dump(), "[1,-1]");
}

TEST(BatchNormalization, Renorm) {
  testing::LayerTestCase c{
      .make =
          [](DType dtype) {
            return BatchNormalization({.momentum = 0.9,
                                       .renorm = true,
                                       .renorm_clipping = layers::RenormClipping{3.0, 0.3, 5.0},
                                       .renorm_momentum = 0.8,
                                       .dtype = dtype});
          },
      .input_shapes = {Shape{4, 3}},
      .expected_output_shapes = {Shape{4, 3}},
      .expected_trainable_weights = 2,
      .expected_non_trainable_weights = 5,
      .training_differs = true,
      // Keras holds the renorm corrections r and d constant (stop_gradient), so training-mode
      // gradients are not those of the function: check inference only.
      .gradients = false,
      .supports_masking = true,
  };
  testing::run_layer_test(c);
  testing::check_layer_gradients(c, /*training=*/false);
}

// Keras's test_correctness: three training calls with momentum 0 leave outputs of zero mean and
// unit deviation per channel, and moving statistics equal to the last batch's.
TEST(BatchNormalization, TrainingNormalizesWithBatchStatistics) {
  for (int axis : {-1, 1}) {
    for (Shape shape : {Shape{5, 2, 3}, Shape{5, 3, 3, 2}}) {
      SCOPED_TRACE(str("axis ", axis, " shape ", shape));
      BatchNormalization bn({.axis = axis, .momentum = 0.0});
      Tensor x = f32(testing::uniform(shape, -12.0, 22.0, 5));
      Tensor out = x;
      for (int i = 0; i < 3; ++i) out = bn(out, {.training = true});
      int a = axis < 0 ? axis + shape.rank() : axis;
      Channels m = channel_moments(out, a);
      for (size_t k = 0; k < m.mean.size(); ++k) {
        EXPECT_NEAR(m.mean[k], 0.0, 1e-5);
        // Each call divides by sqrt(variance + eps), so the deviation is just below 1.
        EXPECT_NEAR(std::sqrt(m.variance[k]), 1.0, 2e-3);
      }
      EXPECT_EQ(bn->moving_mean().shape(), Shape{shape[a]});
      expect_near(bn->moving_mean().value(), vec(std::vector<double>(shape[a], 0.0)), 0, 1e-5,
                  "moving_mean");
      expect_near(bn->moving_variance().value(), vec(std::vector<double>(shape[a], 1.0)), 0, 2e-3,
                  "moving_variance");

      // One call, against the float64 formula with the batch's own moments.
      BatchNormalization fresh({.axis = axis});
      Tensor y = fresh(x, {.training = true});
      Channels s = channel_moments(x, a);
      expect_near(y, normalized(x, a, s.mean, s.variance, {}, {}), 1e-5, 1e-5, "training output");
    }
  }
}

TEST(BatchNormalization, MovingStatisticsMatchAFloat64Reference) {
  BatchNormalization bn({.axis = 1,
                         .momentum = 0.9,
                         .beta_initializer = initializers::Constant(-0.5),
                         .gamma_initializer = initializers::Constant(1.5),
                         .moving_mean_initializer = initializers::Constant(0.5),
                         .moving_variance_initializer = initializers::Constant(2.0)});
  std::vector<double> mean(3, 0.5), variance(3, 2.0);
  for (int step = 0; step < 6; ++step) {
    SCOPED_TRACE(str("step ", step));
    Tensor x = f32(testing::uniform(Shape{4, 3, 5}, -1.0 + step, 2.0 + 2 * step, 20 + step));
    Tensor y = bn(x, {.training = true});
    Channels batch = channel_moments(x, 1);
    expect_near(y, normalized(x, 1, batch.mean, batch.variance, {1.5, 1.5, 1.5}, {-.5, -.5, -.5}),
                1e-5, 1e-5, "training output");
    for (size_t k = 0; k < 3; ++k) {
      // Keras 3: the biased batch variance, no correction.
      mean[k] = mean[k] * 0.9 + batch.mean[k] * (1 - 0.9);
      variance[k] = variance[k] * 0.9 + batch.variance[k] * (1 - 0.9);
    }
    expect_near(bn->moving_mean().value(), vec(mean), 1e-6, 1e-6, "moving_mean");
    expect_near(bn->moving_variance().value(), vec(variance), 1e-6, 1e-6, "moving_variance");
  }
  // Inference normalizes with them.
  Tensor x = f32(testing::uniform(Shape{2, 3, 5}, -1.0, 1.0, 40));
  expect_near(bn(x), normalized(x, 1, mean, variance, {1.5, 1.5, 1.5}, {-.5, -.5, -.5}), 1e-5, 1e-5,
              "inference output");
}

TEST(BatchNormalization, InferenceUsesTheMovingStatistics) {
  BatchNormalization bn({.epsilon = 0.01});
  Tensor x = f32(testing::uniform(Shape{3, 4, 2}, -3.0, 3.0, 9));
  bn(x);
  std::vector<double> gamma{0.5, 2.0}, beta{1.0, -1.0}, mean{0.25, -0.75}, variance{0.5, 3.0};
  bn->set_weights({f32(vec(gamma)), f32(vec(beta)), f32(vec(mean)), f32(vec(variance))});
  Tensor want = normalized(x, 2, mean, variance, gamma, beta, 0.01);
  expect_near(bn(x), want, 1e-6, 1e-6, "default call");
  expect_near(bn(x, {.training = false}), want, 1e-6, 1e-6, "training=false");
  EXPECT_EQ(values(bn->moving_mean()), mean);
  EXPECT_EQ(values(bn->moving_variance()), variance);
}

// Keras 3 (and tf.keras): a frozen BatchNormalization runs in inference mode and updates nothing,
// even when called with training=true.
TEST(BatchNormalization, FrozenLayerRunsInInferenceMode) {
  BatchNormalization bn({.momentum = 0.8, .epsilon = 1e-7});
  Tensor x = f32(testing::uniform(Shape{50, 3}, -5.0, 15.0, 3));
  bn(x);
  bn->set_trainable(false);
  EXPECT_EQ(bn->weights().size(), 4u);
  EXPECT_TRUE(bn->trainable_weights().empty());
  std::vector<double> mean = values(bn->moving_mean()), variance = values(bn->moving_variance());
  Tensor frozen = bn(x, {.training = true});
  expect_near(frozen, bn(x, {.training = false}), 0, 0, "frozen training call");
  expect_near(frozen, x, 1e-6, 1e-6, "identity statistics");
  EXPECT_EQ(values(bn->moving_mean()), mean);
  EXPECT_EQ(values(bn->moving_variance()), variance);

  // Nor does a traced training call record updates.
  Tensor p = graph::placeholder(TensorMeta{DType::float32, Shape{-1, 3}}, "x");
  bn(p, {.training = true});
  EXPECT_TRUE(bn->call_updates().empty());

  bn->set_trainable(true);
  Tensor trained = bn(x, {.training = true});
  EXPECT_NE(trained.to_vector<double>(), x.to_vector<double>());
  EXPECT_NE(values(bn->moving_mean()), mean);
}

// A graph::Program traced from a training call, run with the layer's call_updates(), moves the
// moving statistics exactly as eager training calls do.
TEST(BatchNormalization, GraphProgramUpdatesLikeEagerCalls) {
  for (bool masked : {false, true}) {
    SCOPED_TRACE(masked ? "masked" : "unmasked");
    auto make = [] { return BatchNormalization({.momentum = 0.7}); };
    BatchNormalization eager = make(), traced = make();
    Tensor first = f32(testing::uniform(Shape{4, 5, 3}, -1.0, 2.0, 1));
    eager(first);
    traced(first);
    std::vector<Tensor> start = eager->get_weights();
    start[2] = f32(vec({0.1, -0.2, 0.3}));
    start[3] = f32(vec({0.9, 1.1, 1.3}));
    eager->set_weights(start);
    traced->set_weights(start);

    Tensor x = graph::placeholder(TensorMeta{DType::float32, Shape{-1, 5, 3}}, "x");
    Tensor m = graph::placeholder(TensorMeta{DType::bool_, Shape{-1, 5}}, "mask");
    Tensor y = masked ? traced(x, {.training = true, .mask = layers::Tensors(m)})
                      : traced(x, {.training = true});
    std::vector<Tensor> updates = traced->call_updates();
    ASSERT_EQ(updates.size(), 2u);
    std::vector<Tensor> inputs{x};
    if (masked) inputs.push_back(m);
    graph::Program program(inputs, {y}, updates);
    graph::Program without_updates(inputs, {y});

    for (int step = 0; step < 4; ++step) {
      SCOPED_TRACE(str("step ", step));
      Tensor value = f32(testing::uniform(Shape{4, 5, 3}, -step, 3.0 + step, 10 + step));
      Tensor mask = testing::integers(Shape{4, 5}, 0, 2, DType::bool_, 30 + step);
      std::vector<Tensor> feed{value};
      if (masked) feed.push_back(mask);
      Tensor want = masked ? eager(value, {.training = true, .mask = layers::Tensors(mask)})
                           : eager(value, {.training = true});
      expect_near(program.run(feed)[0], want, 0, 0, "output");
      expect_near(traced->moving_mean().value(), eager->moving_mean().value(), 0, 0, "moving_mean");
      expect_near(traced->moving_variance().value(), eager->moving_variance().value(), 0, 0,
                  "moving_variance");
    }
    std::vector<double> mean = values(traced->moving_mean());
    EXPECT_NE(mean, start[2].to_vector<double>());
    std::vector<Tensor> feed{first};
    if (masked) feed.push_back(Tensor::ones(Shape{4, 5}, DType::bool_));
    without_updates.run(feed);
    EXPECT_EQ(values(traced->moving_mean()), mean) << "a program without the updates";
  }
}

// Keras's weighted moments: Σ m·x / (Σ m + 1e-7) and Σ m·(x - mean)² / (Σ m + 1e-7), the mask
// broadcast over the channel axis.
TEST(BatchNormalization, MaskWeightsTheMoments) {
  Tensor x = f32(testing::uniform(Shape{3, 4, 2}, -2.0, 4.0, 6));
  Tensor mask = testing::integers(Shape{3, 4}, 0, 2, DType::bool_, 8);
  std::vector<uint8_t> m = mask.to_vector<uint8_t>();
  std::vector<double> weights;
  for (uint8_t keep : m)
    for (int c = 0; c < 2; ++c) weights.push_back(keep);
  Channels want = channel_moments(x, 2, weights), plain = channel_moments(x, 2);
  ASSERT_NE(want.mean, plain.mean);

  // The mask the input carries, and one passed to the call, act alike.
  for (bool carried : {true, false}) {
    SCOPED_TRACE(carried ? "carried mask" : "mask argument");
    BatchNormalization bn({.momentum = 0.0});
    Tensor y = carried ? bn(x.with_keras_mask(mask), {.training = true})
                       : bn(x, {.training = true, .mask = layers::Tensors(mask)});
    expect_near(bn->moving_mean().value(), vec(want.mean), 1e-6, 1e-6, "moving_mean");
    expect_near(bn->moving_variance().value(), vec(want.variance), 1e-6, 1e-6, "moving_variance");
    expect_near(y, normalized(x, 2, want.mean, want.variance, {}, {}), 1e-5, 1e-5, "output");
    ASSERT_TRUE(y.keras_mask().defined());
    EXPECT_EQ(y.keras_mask().to_vector<uint8_t>(), m);
  }

  // Inference ignores the mask.
  BatchNormalization bn;
  expect_near(bn(x.with_keras_mask(mask)), bn(x), 0, 0, "inference with a mask");

  // A fully masked batch gives zero moments (Keras's test_input_fully_masked).
  BatchNormalization none({.center = false, .scale = false});
  Tensor zeros = Tensor::zeros(Shape{4, 5}, DType::float32);
  Tensor y = none(
      zeros, {.training = true, .mask = layers::Tensors(Tensor::zeros(Shape{4}, DType::float32))});
  expect_near(y, zeros, 0, 0, "fully masked");
  EXPECT_EQ(values(none->moving_mean()), std::vector<double>(5, 0.0));

  // Keras's test_masked_broadcast_normalization: a (1, 2, 1) mask over (1, 2, 3, 4) inputs.
  BatchNormalization broadcast({.momentum = 0.0});
  Tensor ones = Tensor::ones(Shape{1, 2, 3, 4}, DType::float32);
  Tensor out = broadcast(
      ones,
      {.training = true, .mask = layers::Tensors(Tensor::ones(Shape{1, 2, 1}, DType::float32))});
  expect_near(out, Tensor::zeros(Shape{1, 2, 3, 4}, DType::float64), 0, 1e-6, "broadcast mask");
  expect_near(broadcast->moving_mean().value(), vec({1, 1, 1, 1}), 0, 1e-6, "moving_mean");
  expect_near(broadcast->moving_variance().value(), vec({0, 0, 0, 0}), 0, 1e-6, "moving_variance");
}

// The weighted moments are differentiable: float64 gradients of a masked training call against
// central differences (run_layer_test's check feeds no masks).
TEST(BatchNormalization, MaskedGradients) {
  BatchNormalization bn(
      {.gamma_initializer = initializers::RandomUniform({.minval = 0.5, .maxval = 1.5, .seed = 2}),
       .dtype = DType::float64});
  Tensor x = testing::uniform(Shape{3, 4, 2}, -1.0, 1.0, 4);
  Tensor mask = testing::integers(Shape{3, 4}, 0, 2, DType::bool_, 8);
  bn(x);
  Tensor p = graph::placeholder(x.meta(), "x");
  Tensor y = bn(p, {.training = true, .mask = layers::Tensors(mask)});
  Tensor loss = ops::sum(ops::multiply(y, testing::uniform(Shape{3, 4, 2}, -1.0, 1.0, 99)));
  Variable gamma = bn->gamma(), beta = bn->beta();
  std::vector<Tensor> grads = graph::gradients(loss, {p, gamma.value(), beta.value()});
  graph::Program backward({p}, grads), forward({p}, {loss});
  std::vector<Tensor> analytic = backward.run({x});
  const double h = 1e-6;
  auto numeric = [&](Tensor value, auto set) {
    std::vector<double> v = value.to_vector<double>(), out(v.size());
    for (size_t i = 0; i < v.size(); ++i) {
      std::vector<double> plus = v, minus = v;
      plus[i] += h;
      minus[i] -= h;
      set(Tensor::from_vector(plus, value.shape()));
      double up = forward.run({x})[0].item<double>();
      set(Tensor::from_vector(minus, value.shape()));
      double down = forward.run({x})[0].item<double>();
      set(value);
      out[i] = (up - down) / (2 * h);
    }
    return Tensor::from_vector(out, value.shape());
  };
  // The input, through a Program fed with perturbed copies.
  std::vector<double> xv = x.to_vector<double>(), dx(xv.size());
  for (size_t i = 0; i < xv.size(); ++i) {
    std::vector<double> plus = xv, minus = xv;
    plus[i] += h;
    minus[i] -= h;
    dx[i] = (forward.run({Tensor::from_vector(plus, x.shape())})[0].item<double>() -
             forward.run({Tensor::from_vector(minus, x.shape())})[0].item<double>()) /
            (2 * h);
  }
  expect_near(analytic[0], Tensor::from_vector(dx, x.shape()), 1e-6, 1e-8, "d/dx");
  Tensor g0 = gamma.value().copy(), b0 = beta.value().copy();
  expect_near(analytic[1], numeric(g0, [&](const Tensor& t) { gamma.assign(t); }), 1e-6, 1e-8,
              "d/dgamma");
  expect_near(analytic[2], numeric(b0, [&](const Tensor& t) { beta.assign(t); }), 1e-6, 1e-8,
              "d/dbeta");
  // Masked positions still receive gradient through the output, but not through the moments:
  // the gradient differs from the unmasked one.
  Tensor unmasked = bn(p, {.training = true});
  Tensor loss2 = ops::sum(ops::multiply(unmasked, testing::uniform(Shape{3, 4, 2}, -1.0, 1.0, 99)));
  graph::Program plain({p}, graph::gradients(loss2, {p}));
  EXPECT_NE(plain.run({x})[0].to_vector<double>(), analytic[0].to_vector<double>());
}

TEST(BatchNormalization, Float16InputsComputeInFloat32) {
  // Squares of 300 overflow float16 (max 65504); Keras upcasts to float32 for the moments.
  BatchNormalization bn({.dtype = DType::float16});
  Tensor x = testing::uniform(Shape{8, 2}, 250.0, 350.0, 12).astype(DType::float16);
  Tensor y = bn(x, {.training = true});
  EXPECT_EQ(y.dtype(), DType::float16);
  EXPECT_EQ(bn->moving_variance().dtype(), DType::float16);
  Channels s = channel_moments(x, 1);
  expect_near(y, normalized(x, 1, s.mean, s.variance, {}, {}), 2e-3, 2e-3, "float16 output");
  std::vector<double> variance = values(bn->moving_variance());
  for (size_t k = 0; k < 2; ++k)
    EXPECT_NEAR(variance[k], 0.99 + 0.01 * s.variance[k], 0.05) << "channel " << k;
}

// Keras's test_renorm_correctness.
TEST(BatchNormalization, RenormMatchesKerasFormulas) {
  const double eps = 1e-3, momentum = 0.9, renorm_momentum = 0.8;
  BatchNormalization bn(
      {.momentum = momentum, .epsilon = eps, .renorm = true, .renorm_momentum = renorm_momentum});
  Tensor x = f32(Tensor::from_vector(std::vector<double>{4, 6, 2, 8, -2, 5, 6, 4, 3}, Shape{3, 3}));
  bn(x);  // builds
  std::vector<double> gamma{1.1, 0.9, 1.05}, beta{0.1, -0.1, 0.05}, moving_mean{0.3, -0.4, 1.0},
      moving_variance{1.2, 0.6, 0.9}, moving_stddev, renorm_mean{0.5, -0.2, 0.1},
      renorm_stddev{1.3, 0.7, 0.4};
  for (double v : moving_variance) moving_stddev.push_back(std::sqrt(v));
  bn->set_weights({f32(vec(gamma)), f32(vec(beta)), f32(vec(moving_mean)),
                   f32(vec(moving_variance)), f32(vec(moving_stddev)), f32(vec(renorm_mean)),
                   f32(vec(renorm_stddev))});
  std::vector<double> given = x.to_vector<double>();
  Channels batch = channel_moments(x, 1);
  std::vector<double> want(9), stddev(3);
  for (size_t k = 0; k < 3; ++k) stddev[k] = std::sqrt(batch.variance[k] + eps);
  for (size_t i = 0; i < 9; ++i) {
    size_t k = i % 3;
    double r = stddev[k] / renorm_stddev[k],
           d = (batch.mean[k] - renorm_mean[k]) / renorm_stddev[k];
    want[i] = ((given[i] - batch.mean[k]) / stddev[k] * r + d) * gamma[k] + beta[k];
  }
  expect_near(bn(x, {.training = true}), Tensor::from_vector(want, Shape{3, 3}), 1e-5, 1e-5,
              "output");
  std::vector<double> new_renorm_mean(3), new_renorm_stddev(3), new_mean(3), new_stddev(3),
      new_variance(3);
  for (size_t k = 0; k < 3; ++k) {
    new_renorm_mean[k] = renorm_mean[k] * renorm_momentum + batch.mean[k] * (1 - renorm_momentum);
    new_renorm_stddev[k] = renorm_stddev[k] * renorm_momentum + stddev[k] * (1 - renorm_momentum);
    new_mean[k] = moving_mean[k] * momentum + batch.mean[k] * (1 - momentum);
    new_stddev[k] = moving_stddev[k] * momentum + stddev[k] * (1 - momentum);
    new_variance[k] = new_stddev[k] * new_stddev[k] - eps;
  }
  expect_near(bn->renorm_mean().value(), vec(new_renorm_mean), 1e-5, 1e-6, "renorm_mean");
  expect_near(bn->renorm_stddev().value(), vec(new_renorm_stddev), 1e-5, 1e-6, "renorm_stddev");
  expect_near(bn->moving_mean().value(), vec(new_mean), 1e-5, 1e-6, "moving_mean");
  expect_near(bn->moving_stddev().value(), vec(new_stddev), 1e-5, 1e-6, "moving_stddev");
  expect_near(bn->moving_variance().value(), vec(new_variance), 1e-5, 1e-6, "moving_variance");

  // Inference is that of a layer without renorm on the same four weights.
  BatchNormalization plain;
  plain(x);
  std::vector<Tensor> w = bn->get_weights();
  plain->set_weights({w[0], w[1], w[2], w[3]});
  expect_near(bn(x), plain(x), 1e-6, 1e-6, "renorm inference");

  // The standard deviations start at the square root of the variance initializer.
  BatchNormalization four(
      {.moving_variance_initializer = initializers::Constant(4.0), .renorm = true});
  four(Tensor::ones(Shape{2, 5}, DType::float32));
  EXPECT_EQ(values(four->moving_stddev()), std::vector<double>(5, 2.0));
  EXPECT_EQ(values(four->renorm_stddev()), std::vector<double>(5, 2.0));
}

TEST(BatchNormalization, Config) {
  BatchNormalization bn({.axis = 1, .momentum = 0.9, .epsilon = 1e-5, .name = "bn"});
  Json config = bn->get_config();
  std::vector<std::string> keys;
  for (const auto& item : config.items()) keys.push_back(item.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"name",
                                            "trainable",
                                            "dtype",
                                            "axis",
                                            "momentum",
                                            "epsilon",
                                            "center",
                                            "scale",
                                            "beta_initializer",
                                            "gamma_initializer",
                                            "moving_mean_initializer",
                                            "moving_variance_initializer",
                                            "beta_regularizer",
                                            "gamma_regularizer",
                                            "beta_constraint",
                                            "gamma_constraint",
                                            "synchronized",
                                            "renorm",
                                            "renorm_clipping",
                                            "renorm_momentum"}));
  EXPECT_EQ(config.at("axis"), 1);
  EXPECT_EQ(config.at("momentum"), 0.9);
  EXPECT_EQ(config.at("epsilon"), 1e-5);
  EXPECT_EQ(config.at("gamma_initializer").at("class_name"), "Ones");
  EXPECT_TRUE(config.at("renorm_clipping").is_null());
  EXPECT_EQ(config.at("renorm_momentum"), 0.99);

  // renorm=True with no clipping writes {} as Keras does; clipping keys survive a round trip.
  BatchNormalization renorm({.renorm = true});
  EXPECT_EQ(renorm->get_config().at("renorm_clipping").dump(), "{}");
  BatchNormalization clipped(
      {.renorm = true, .renorm_clipping = layers::RenormClipping{.rmax = 3.0, .dmax = 5.0}});
  Json c = clipped->get_config();
  EXPECT_EQ(c.at("renorm_clipping").dump(), R"({"rmax":3.0,"dmax":5.0})");
  auto back = layers::BatchNormalizationImpl::from_config(c);
  EXPECT_EQ(back->get_config().dump(), c.dump());

  // A config as Keras 3 writes it (with synchronized, which changes nothing on one device).
  Json keras = Json::parse(R"({"name": "batch_normalization_7", "trainable": false,
      "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"},
                "registered_name": null},
      "axis": -1, "momentum": 0.95, "epsilon": 0.001, "center": true, "scale": false,
      "beta_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {},
                           "registered_name": null},
      "gamma_initializer": {"module": "keras.initializers", "class_name": "Ones", "config": {},
                            "registered_name": null},
      "moving_mean_initializer": {"module": "keras.initializers", "class_name": "Zeros",
                                  "config": {}, "registered_name": null},
      "moving_variance_initializer": {"module": "keras.initializers", "class_name": "Ones",
                                      "config": {}, "registered_name": null},
      "beta_regularizer": null, "gamma_regularizer": null, "beta_constraint": null,
      "gamma_constraint": null, "synchronized": true, "renorm": false, "renorm_clipping": null,
      "renorm_momentum": 0.99, "some_future_key": 1})");
  layers::LayerPtr layer =
      layers::deserialize({{"class_name", "BatchNormalization"}, {"config", keras}});
  auto* read = dynamic_cast<layers::BatchNormalizationImpl*>(layer.get());
  ASSERT_NE(read, nullptr);
  EXPECT_EQ(read->name(), "batch_normalization_7");
  EXPECT_FALSE(read->trainable());
  EXPECT_EQ(read->momentum(), 0.95);
  (*layer)(Tensor::ones(Shape{2, 3}, DType::float32));
  EXPECT_EQ(layer->weights().size(), 3u) << "beta, moving_mean, moving_variance";
  EXPECT_TRUE(read->get_config().at("synchronized").get<bool>());
}

TEST(BatchNormalization, BadInput) {
  testing::expect_error<ValueError>(
      [] {
        BatchNormalization bn({.axis = 2, .name = "bn"});
        bn(Tensor::ones(Shape{4, 3}, DType::float32));
      },
      {"'bn'", "Axis 2 is out of bounds", "(4, 3)", "axis=2"});
  testing::expect_error<ValueError>(
      [] {
        BatchNormalization bn({.axis = -3, .name = "bn"});
        bn->compute_output_shape(layers::Shapes(Shape{4, 3}));
      },
      {"'bn'", "Axis -3", "(4, 3)"});

  BatchNormalization bn({.name = "bn"});
  bn(Tensor::ones(Shape{4, 3}, DType::float32));
  testing::expect_error<ValueError>(
      [&] {
        bn(Tensor::ones(Shape{2, 4, 3}, DType::float32));
      },
      {"'bn'", "expected ndim=2", "found ndim=3", "(2, 4, 3)"});
  testing::expect_error<ValueError>(
      [&] {
        bn(Tensor::ones(Shape{4, 5}, DType::float32));
      },
      {"'bn'", "axis -1", "value 3", "(4, 5)"});
  testing::expect_error<ValueError>(
      [&] {
        bn(Tensor::ones(Shape{4, 3}, DType::float32),
           {.training = true, .mask = layers::Tensors(Tensor::ones(Shape{4, 3}, DType::bool_))});
      },
      {"'bn'", "one dimension less", "mask.shape=(4, 3)", "inputs.shape=(4, 3)"});
  testing::expect_error<ValueError>(
      [] {
        BatchNormalization({.axis = {1, 1}, .name = "bn2"});
      },
      {"'bn2'", "axis=[1, 1]"});
  testing::expect_error<ValueError>(
      [] {
        BatchNormalization b({.axis = {1, -1}, .name = "bn"});
        b(Tensor::ones(Shape{2, 3}, DType::float32));
      },
      {"'bn'", "axis=[1, -1]", "(2, 3)"});
  testing::expect_error<ValueError>(
      [] {
        BatchNormalization({.renorm = true,
                            .renorm_clipping = layers::RenormClipping{.rmax = 0.0, .rmin = 1.0},
                            .name = "bn"});
      },
      {"'bn'", "rmax should be greater than rmin", "rmax=0.0", "rmin=1.0"});
  testing::expect_error<ValueError>(
      [] {
        BatchNormalization(
            {.renorm = true, .renorm_clipping = layers::RenormClipping{.dmax = -1.0}});
      },
      {"batch_normalization", "dmax should be non-negative", "dmax=-1.0"});
  testing::expect_error<ValueError>(
      [] {
        layers::BatchNormalizationImpl::from_config(
            Json::parse(R"({"renorm": true, "renorm_clipping": {"random_key": 1.0}})"));
      },
      {"invalid keys for `renorm_clipping`", "random_key", "'rmax', 'rmin', 'dmax'"});
  testing::expect_error<TypeError>(
      [] { layers::BatchNormalizationImpl::from_config(Json::parse(R"({"axis": "last"})")); },
      {"BatchNormalization", "axis", "\"last\""});
  testing::expect_error<ValueError>(
      [] {
        BatchNormalization b({.name = "bn"});
        (void)b->moving_mean();
      },
      {"'bn'", "build the layer", "moving_mean"});
}

}  // namespace
}  // namespace keras

namespace keras {
namespace {}  // namespace
}  // namespace keras
