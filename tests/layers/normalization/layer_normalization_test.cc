#include "keras/layers/normalization/layer_normalization.h"

#include <gtest/gtest.h>

#include <cmath>

#include "keras/core/json.h"
#include "keras/initializers/random_initializers.h"
#include "tests/layers/layer_test.h"
#include "tests/ops/harness.h"

namespace keras {
namespace {

using layers::LayerNormalization;
using testing::expect_near;

// Float64 layer normalization of a (rows, n) view: each row of the last n elements is one group
// (the normalized axes are the trailing ones). gamma and beta have n elements or none.
Tensor reference(const Tensor& x, int64_t n, const std::vector<double>& gamma,
                 const std::vector<double>& beta, double eps, bool rms = false) {
  std::vector<double> v = x.to_vector<double>();
  for (size_t start = 0; start < v.size(); start += static_cast<size_t>(n)) {
    double mean = 0, var = 0;
    for (int64_t j = 0; j < n; ++j) mean += v[start + j];
    mean /= static_cast<double>(n);
    for (int64_t j = 0; j < n; ++j) var += (v[start + j] - mean) * (v[start + j] - mean);
    var /= static_cast<double>(n);
    for (int64_t j = 0; j < n; ++j) {
      size_t k = static_cast<size_t>(j);
      double centered = rms ? v[start + k] : v[start + k] - mean;
      double y = centered / std::sqrt(var + eps) * (gamma.empty() ? 1.0 : gamma[k]);
      v[start + k] = y + (beta.empty() ? 0.0 : beta[k]);
    }
  }
  return Tensor::from_vector(v, x.shape());
}

TEST(LayerNormalization, LayerTest) {
  testing::run_layer_test({
      .make =
          [](DType dtype) {
            return LayerNormalization({.gamma_initializer = initializers::RandomUniform(
                                           {.minval = 0.5, .maxval = 1.5, .seed = 1}),
                                       .dtype = dtype});
          },
      .input_shapes = {Shape{4, 5}},
      .expected_output_shapes = {Shape{4, 5}},
      .expected_trainable_weights = 2,
      .supports_masking = true,
  });
}

TEST(LayerNormalization, SeveralAxes) {
  testing::run_layer_test({
      .make =
          [](DType dtype) {
            return LayerNormalization({.axis = {1, 2},
                                       .beta_initializer = initializers::RandomUniform(
                                           {.minval = -1, .maxval = 1, .seed = 2}),
                                       .gamma_regularizer = "l2",
                                       .dtype = dtype});
          },
      .input_shapes = {Shape{2, 3, 4}},
      .expected_output_shapes = {Shape{2, 3, 4}},
      .expected_trainable_weights = 2,
      .supports_masking = true,
  });
  // Keras shapes gamma in the order of the sorted axes as given: [-1, 1] gives (4, 3)
  // (keras3_layers.json's ln_axes_mixed_signs); [1, 2] gives (3, 4).
  LayerNormalization ln({.axis = {-1, 1}});
  ln(Tensor::ones(Shape{2, 3, 4}, DType::float32));
  EXPECT_EQ(ln->gamma().shape(), (Shape{4, 3}));
  LayerNormalization positive({.axis = {2, 1}});
  positive(Tensor::ones(Shape{2, 3, 4}, DType::float32));
  EXPECT_EQ(positive->gamma().shape(), (Shape{3, 4}));
}

TEST(LayerNormalization, WithoutCenterOrScale) {
  for (bool center : {false, true}) {
    testing::run_layer_test({
        .make =
            [center](DType dtype) {
              return LayerNormalization(
                  {.epsilon = 1e-5, .center = center, .scale = !center, .dtype = dtype});
            },
        .input_shapes = {Shape{3, 2, 4}},
        .expected_output_shapes = {Shape{3, 2, 4}},
        .expected_trainable_weights = 1,
        .supports_masking = true,
    });
  }
}

TEST(LayerNormalization, RmsScaling) {
  testing::run_layer_test({
      .make = [](DType dtype) { return LayerNormalization({.rms_scaling = true, .dtype = dtype}); },
      .input_shapes = {Shape{3, 5}},
      .expected_output_shapes = {Shape{3, 5}},
      .expected_trainable_weights = 1,
      .supports_masking = true,
  });
  // Keras's deprecated formula: x / sqrt(variance + epsilon) · gamma, no centering, no beta.
  LayerNormalization ln({.rms_scaling = true});
  Tensor x = testing::uniform(Shape{3, 5}, -1.0, 3.0, 4).astype(DType::float32);
  ln(x);
  EXPECT_FALSE(ln->beta().defined());
  std::vector<double> gamma{0.5, 1, 1.5, 2, 2.5};
  ln->set_weights({Tensor::from_vector(gamma).astype(DType::float32)});
  expect_near(ln(x), reference(x, 5, gamma, {}, 1e-3, /*rms=*/true), 1e-5, 1e-6, "rms_scaling");
}

TEST(LayerNormalization, MatchesTheFormula) {
  LayerNormalization ln({.axis = {1, -1}, .epsilon = 0.01});
  Tensor x = testing::uniform(Shape{3, 2, 4}, -5.0, 5.0, 3).astype(DType::float32);
  ln(x);
  std::vector<double> gamma, beta;
  for (int i = 0; i < 8; ++i) {
    gamma.push_back(0.5 + 0.25 * i);
    beta.push_back(0.1 * i - 0.3);
  }
  // Shaped (4, 2) as Keras's sorted [-1, 1]; read in row-major order over axes 1 and 2.
  ln->set_weights({Tensor::from_vector(gamma, Shape{4, 2}).astype(DType::float32),
                   Tensor::from_vector(beta, Shape{4, 2}).astype(DType::float32)});
  expect_near(ln(x), reference(x, 8, gamma, beta, 0.01), 1e-5, 1e-5, "axes 1, 2");
  // Training changes nothing.
  expect_near(ln(x, {.training = true}), ln(x), 0, 0, "training");
}

TEST(LayerNormalization, DoesNotAutocastItsInputs) {
  // Keras sets autocast=False: float64 inputs are normalized in float64, then cast to the
  // layer's float32. A large offset would leave nothing of the signal in float32.
  LayerNormalization ln;
  Tensor x = testing::uniform(Shape{4, 6}, -1.0, 1.0, 5);
  Tensor shifted = Tensor::from_vector(x.to_vector<double>(), x.shape());
  std::vector<double> v = shifted.to_vector<double>();
  for (double& e : v) e = 1e4 + 0.01 * e;
  shifted = Tensor::from_vector(v, x.shape());
  Tensor y = ln(shifted);
  EXPECT_EQ(y.dtype(), DType::float32);
  EXPECT_EQ(ln->gamma().dtype(), DType::float32);
  expect_near(y, reference(shifted, 6, {}, {}, 1e-3), 1e-4, 1e-5, "float64 input");
}

TEST(LayerNormalization, Config) {
  LayerNormalization ln({.epsilon = 1e-5, .name = "ln"});
  Json config = ln->get_config();
  std::vector<std::string> keys;
  for (const auto& item : config.items()) keys.push_back(item.key());
  EXPECT_EQ(keys, (std::vector<std::string>{
                      "name", "trainable", "dtype", "axis", "epsilon", "center", "scale",
                      "rms_scaling", "beta_initializer", "gamma_initializer", "beta_regularizer",
                      "gamma_regularizer", "beta_constraint", "gamma_constraint"}));
  EXPECT_EQ(config.at("axis"), -1);
  EXPECT_EQ(config.at("epsilon"), 1e-5);
  EXPECT_FALSE(config.at("rms_scaling").get<bool>());
  // Keras's build makes axis a list and sorts it, keeping the values as given (Keras 3.15.1
  // writes [-1] after the build: keras3_layers.json).
  ln(Tensor::ones(Shape{2, 3, 4}, DType::float32));
  EXPECT_EQ(ln->get_config().at("axis").dump(), "[-1]");
  LayerNormalization two({.axis = {1, -1}});
  two(Tensor::ones(Shape{2, 3, 4}, DType::float32));
  EXPECT_EQ(two->get_config().at("axis").dump(), "[-1,1]");
  auto back = layers::LayerNormalizationImpl::from_config(two->get_config());
  EXPECT_EQ(back->get_config().at("axis").dump(), "[-1,1]");
}

TEST(LayerNormalization, BadInput) {
  testing::expect_error<ValueError>(
      [] {
        LayerNormalization ln({.axis = 2, .name = "ln"});
        ln(Tensor::ones(Shape{4, 3}, DType::float32));
      },
      {"'ln'", "axis 2 is out of bounds for an array with dimension 2", "(4, 3)"});
  testing::expect_error<ValueError>(
      [] {
        LayerNormalization ln({.axis = {1, -1}, .name = "ln"});
        ln(Tensor::ones(Shape{4, 3}, DType::float32));
      },
      {"'ln'", "Duplicate axes", "axis=[1, -1]"});
  LayerNormalization ln({.name = "ln"});
  ln(Tensor::ones(Shape{2, 3, 4}, DType::float32));
  testing::expect_error<ValueError>(
      [&] {
        ln(Tensor::ones(Shape{2, 4}, DType::float32));
      },
      {"'ln'", "expected min_ndim=3", "found ndim=2"});
  testing::expect_error<ValueError>(
      [&] {
        ln(Tensor::ones(Shape{2, 3, 5}, DType::float32));
      },
      {"'ln'", "axis 2", "value 4", "(2, 3, 5)"});
  testing::expect_error<TypeError>(
      [] { layers::LayerNormalizationImpl::from_config(Json::parse(R"({"axis": 1.5})")); },
      {"Expected an int or a list/tuple of ints for the argument 'axis'", "1.5"});
}

}  // namespace
}  // namespace keras
