#include "keras/layers/activations/relu.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "keras/core/json.h"
#include "keras/layers/serialization.h"
#include "tests/layers/layer_test.h"
#include "tests/ops/harness.h"

namespace keras {
namespace {

using layers::ReLU;

// Keras's ReLU formula in float64.
Tensor reference(const Tensor& x, std::optional<double> max_value, double slope, double threshold) {
  std::vector<double> v = x.to_vector<double>();
  for (double& e : v) {
    if (e >= threshold)
      e = max_value ? std::min(e, *max_value) : e;
    else
      e = slope * (e - threshold);
  }
  return Tensor::from_vector(v, x.shape());
}

TEST(ReLU, LayerTest) {
  testing::run_layer_test({
      .make = [](DType dtype) { return ReLU({.dtype = dtype}); },
      .input_shapes = {Shape{4, 5}},
      .expected_output_shapes = {Shape{4, 5}},
      .supports_masking = true,
  });
  testing::run_layer_test({
      .make =
          [](DType dtype) {
            return ReLU(
                {.max_value = 0.6, .negative_slope = 0.1, .threshold = 0.2, .dtype = dtype});
          },
      .input_shapes = {Shape{2, 3, 4}},
      .expected_output_shapes = {Shape{2, 3, 4}},
      .supports_masking = true,
  });
}

TEST(ReLU, Formula) {
  Tensor x = testing::uniform(Shape{6, 7}, -3.0, 3.0, 3);
  struct Case {
    std::optional<double> max_value;
    double slope, threshold;
  };
  for (Case c : {Case{std::nullopt, 0.0, 0.0}, Case{6.0, 0.0, 0.0}, Case{1.5, 0.0, 0.0},
                 Case{std::nullopt, 0.2, 0.0}, Case{std::nullopt, 0.0, 0.5}, Case{2.0, 0.3, 0.5}}) {
    ReLU layer({.max_value = c.max_value,
                .negative_slope = c.slope,
                .threshold = c.threshold,
                .dtype = DType::float64});
    testing::expect_near(layer(x), reference(x, c.max_value, c.slope, c.threshold), 1e-12, 1e-12,
                         str("max_value ", c.max_value.value_or(-1), " slope ", c.slope,
                             " threshold ", c.threshold));
  }
  // Integer inputs keep their dtype.
  Tensor ints = Tensor::from_vector<int32_t>({-2, 0, 3, 9});
  Tensor y = ReLU()(ints);
  EXPECT_EQ(y.dtype(), DType::int32);
  EXPECT_EQ(y.to_vector<int32_t>(), (std::vector<int32_t>{0, 0, 3, 9}));
}

TEST(ReLU, Config) {
  ReLU layer({.max_value = 2.5, .negative_slope = 0.1});
  EXPECT_EQ(layer->name().rfind("re_lu", 0), 0u) << layer->name();
  Json config = layer->get_config();
  std::vector<std::string> keys;
  for (const auto& item : config.items()) keys.push_back(item.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"name", "trainable", "dtype", "max_value",
                                            "negative_slope", "threshold"}));
  EXPECT_EQ(config.at("max_value"), 2.5);
  EXPECT_EQ(config.at("negative_slope"), 0.1);
  EXPECT_EQ(config.at("threshold"), 0.0);
  EXPECT_TRUE(ReLU()->get_config().at("max_value").is_null());
  layers::LayerPtr copy = layers::deserialize(layers::serialize(*layer));
  EXPECT_EQ(copy->get_config().dump(), config.dump());
}

TEST(ReLU, BadArguments) {
  testing::expect_error<ValueError>([] { ReLU({.max_value = -1.0, .name = "r1"}); },
                                    {"'r1'", "max_value of a ReLU layer", "max_value=-1"});
  testing::expect_error<ValueError>([] { ReLU({.negative_slope = -0.5, .name = "r2"}); },
                                    {"'r2'", "negative_slope", "negative_slope=-0.5"});
  testing::expect_error<ValueError>([] { ReLU({.threshold = -0.25, .name = "r3"}); },
                                    {"'r3'", "threshold", "threshold=-0.25"});
}

}  // namespace
}  // namespace keras
