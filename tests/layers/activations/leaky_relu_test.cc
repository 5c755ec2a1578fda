#include "keras/layers/activations/leaky_relu.h"

#include <gtest/gtest.h>

#include "keras/activations/activations.h"
#include "keras/core/json.h"
#include "keras/layers/serialization.h"
#include "tests/layers/layer_test.h"
#include "tests/ops/harness.h"

namespace keras {
namespace {

using layers::LeakyReLU;

Tensor reference(const Tensor& x, double slope) {
  std::vector<double> v = x.to_vector<double>();
  for (double& e : v) e = e >= 0 ? e : slope * e;
  return Tensor::from_vector(v, x.shape());
}

TEST(LeakyReLU, LayerTest) {
  testing::run_layer_test({
      .make = [](DType dtype) { return LeakyReLU({.dtype = dtype}); },
      .input_shapes = {Shape{4, 5}},
      .expected_output_shapes = {Shape{4, 5}},
      .supports_masking = true,
  });
  testing::run_layer_test({
      .make = [](DType dtype) { return LeakyReLU({.negative_slope = 0.05, .dtype = dtype}); },
      .input_shapes = {Shape{2, 3, 4}},
      .expected_output_shapes = {Shape{2, 3, 4}},
      .supports_masking = true,
  });
}

TEST(LeakyReLU, DefaultSlopeIsTheLayers) {
  Tensor x = testing::uniform(Shape{5, 6}, -2.0, 2.0, 8);
  LeakyReLU layer({.dtype = DType::float64});
  EXPECT_EQ(layer->negative_slope(), 0.3);
  testing::expect_near(layer(x), reference(x, 0.3), 1e-12, 1e-12, "layer default 0.3");
  // The function's default is 0.2 (Keras has the two defaults too).
  testing::expect_near(activations::leaky_relu(x), reference(x, 0.2), 1e-12, 1e-12,
                       "function default 0.2");
  testing::expect_near(LeakyReLU({.negative_slope = 0.0, .dtype = DType::float64})(x),
                       reference(x, 0.0), 0, 0, "slope 0");
}

TEST(LeakyReLU, Config) {
  LeakyReLU layer({.negative_slope = 0.1});
  EXPECT_EQ(layer->name().rfind("leaky_re_lu", 0), 0u) << layer->name();
  Json config = layer->get_config();
  std::vector<std::string> keys;
  for (const auto& item : config.items()) keys.push_back(item.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"name", "trainable", "dtype", "negative_slope"}));
  EXPECT_EQ(config.at("negative_slope"), 0.1);
  layers::LayerPtr copy = layers::deserialize(layers::serialize(*layer));
  EXPECT_EQ(copy->get_config().dump(), config.dump());
  // Keras 2 configs name the slope `alpha`.
  layers::LayerPtr old = layers::deserialize(
      Json{{"class_name", "LeakyReLU"}, {"config", {{"name", "old"}, {"alpha", 0.25}}}});
  EXPECT_EQ(old->get_config().at("negative_slope"), 0.25);
}

TEST(LeakyReLU, BadArguments) {
  testing::expect_error<ValueError>([] { LeakyReLU({.negative_slope = -0.1, .name = "lr"}); },
                                    {"'lr'", "Leaky ReLU", "negative_slope=-0.1"});
}

}  // namespace
}  // namespace keras
