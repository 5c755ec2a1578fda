#include "keras/layers/activations/elu.h"

#include <gtest/gtest.h>

#include <cmath>

#include "keras/core/json.h"
#include "keras/layers/serialization.h"
#include "tests/layers/layer_test.h"
#include "tests/ops/harness.h"

namespace keras {
namespace {

using layers::ELU;

TEST(ELU, LayerTest) {
  testing::run_layer_test({
      .make = [](DType dtype) { return ELU({.dtype = dtype}); },
      .input_shapes = {Shape{4, 5}},
      .expected_output_shapes = {Shape{4, 5}},
      .supports_masking = true,
  });
  testing::run_layer_test({
      .make = [](DType dtype) { return ELU({.alpha = 0.5, .dtype = dtype}); },
      .input_shapes = {Shape{2, 3, 4}},
      .expected_output_shapes = {Shape{2, 3, 4}},
      .supports_masking = true,
  });
}

TEST(ELU, Formula) {
  Tensor x = testing::uniform(Shape{4, 6}, -4.0, 4.0, 12);
  for (double alpha : {1.0, 0.5, 2.0}) {
    std::vector<double> v = x.to_vector<double>();
    for (double& e : v) e = e > 0 ? e : alpha * std::expm1(e);
    testing::expect_near(ELU({.alpha = alpha, .dtype = DType::float64})(x),
                         Tensor::from_vector(v, x.shape()), 1e-12, 1e-12, str("alpha ", alpha));
  }
}

TEST(ELU, ConfigKeepsAlpha) {
  ELU layer({.alpha = 0.7});
  Json config = layer->get_config();
  std::vector<std::string> keys;
  for (const auto& item : config.items()) keys.push_back(item.key());
  // Keras 3.15 writes alpha right after the name (tests/golden/data/keras3_args.json).
  EXPECT_EQ(keys, (std::vector<std::string>{"name", "alpha", "trainable", "dtype"}));
  layers::LayerPtr copy = layers::deserialize(layers::serialize(*layer));
  EXPECT_EQ(copy->get_config().at("alpha"), 0.7);
  // Keras 3 releases before 3.15 wrote no alpha: such configs read back with the default.
  layers::LayerPtr keras3 =
      layers::deserialize(Json{{"class_name", "ELU"}, {"config", {{"name", "e"}}}});
  EXPECT_EQ(keras3->get_config().at("alpha"), 1.0);
}

}  // namespace
}  // namespace keras
