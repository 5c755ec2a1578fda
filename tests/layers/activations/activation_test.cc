#include "keras/layers/activations/activation.h"

#include <gtest/gtest.h>

#include <cmath>

#include "keras/core/json.h"
#include "keras/layers/serialization.h"
#include "keras/ops/math.h"
#include "tests/layers/layer_test.h"
#include "tests/ops/harness.h"

namespace keras {
namespace {

using layers::Activation;

TEST(Activation, LayerTest) {
  for (const char* name : {"relu", "tanh", "softmax", "gelu", "linear"}) {
    SCOPED_TRACE(name);
    testing::run_layer_test({
        .make = [name](DType dtype) { return Activation(name, {.dtype = dtype}); },
        .input_shapes = {Shape{4, 5}},
        .expected_output_shapes = {Shape{4, 5}},
        .supports_masking = true,
    });
  }
}

TEST(Activation, RankThreeInputs) {
  testing::run_layer_test({
      .make = [](DType dtype) { return Activation("silu", {.dtype = dtype}); },
      .input_shapes = {Shape{2, 3, 4}},
      .expected_output_shapes = {Shape{2, 3, 4}},
      .supports_masking = true,
  });
}

TEST(Activation, AppliesTheFunction) {
  Tensor x = testing::uniform(Shape{3, 4}, -3.0, 3.0, 5);
  std::vector<double> v = x.to_vector<double>();
  std::vector<double> want;
  for (double e : v) want.push_back(e * std::tanh(std::log1p(std::exp(e))));  // mish
  testing::expect_near(Activation("mish", {.dtype = DType::float64})(x),
                       Tensor::from_vector(want, x.shape()), 1e-12, 1e-12, "mish");
  // A C++ function, written to configs under its name.
  Activation twice(
      activations::ActivationArg([](const Tensor& t) { return ops::multiply(t, 2.0); }, "twice"),
      {.dtype = DType::float64});
  testing::expect_near(twice(x), ops::multiply(x, 2.0), 0, 0, "custom function");
  EXPECT_EQ(twice->get_config().at("activation"), "twice");
  // No activation is linear.
  testing::expect_near(Activation(activations::ActivationArg(), {.dtype = DType::float64})(x), x, 0,
                       0, "linear");
}

TEST(Activation, Config) {
  Activation layer("swish", {.name = "act"});
  Json config = layer->get_config();
  std::vector<std::string> keys;
  for (const auto& item : config.items()) keys.push_back(item.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"name", "trainable", "dtype", "activation"}));
  EXPECT_EQ(config.at("activation"), "silu");  // Keras writes the function's own name
  EXPECT_EQ(config.at("name"), "act");
  EXPECT_TRUE(layer->built());
  EXPECT_TRUE(layer->get_build_config().is_null());
  layers::LayerPtr copy = layers::deserialize(layers::serialize(*layer));
  EXPECT_EQ(copy->get_config().dump(), config.dump());
}

TEST(Activation, BadInput) {
  testing::expect_error<ValueError>(
      [] { Activation("no_such_function"); },
      {"Could not interpret activation function identifier", "no_such_function"});
  testing::expect_error<TypeError>(
      [] {
        layers::deserialize(Json{{"class_name", "Activation"}, {"config", {{"name", "a"}}}});
      },
      {"Activation", "'activation'"});
}

}  // namespace
}  // namespace keras
