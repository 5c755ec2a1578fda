#include "keras/layers/core/dense.h"

#include <gtest/gtest.h>

#include "keras/core/json.h"
#include "tests/layers/layer_test.h"
#include "tests/ops/harness.h"
#include "tests/support/golden.h"

namespace keras {
namespace {

using layers::Dense;

TEST(Dense, LayerTest) {
  testing::run_layer_test({
      .make = [](DType dtype) { return Dense(3, {.activation = "tanh", .dtype = dtype}); },
      .input_shapes = {Shape{4, 5}},
      .expected_output_shapes = {Shape{4, 3}},
      .expected_trainable_weights = 2,
      .supports_masking = true,
  });
}

TEST(Dense, ActsOnTheLastAxisOfAnyRank) {
  testing::run_layer_test({
      .make = [](DType dtype) { return Dense(2, {.activation = "gelu", .dtype = dtype}); },
      .input_shapes = {Shape{2, 3, 4}},
      .expected_output_shapes = {Shape{2, 3, 2}},
      .expected_trainable_weights = 2,
      .supports_masking = true,
  });
}

TEST(Dense, WithoutBias) {
  testing::run_layer_test({
      .make = [](DType dtype) { return Dense(2, {.use_bias = false, .dtype = dtype}); },
      .input_shapes = {Shape{3, 4}},
      .expected_output_shapes = {Shape{3, 2}},
      .expected_trainable_weights = 1,
      .supports_masking = true,
  });
}

TEST(Dense, BadInput) {
  Dense dense(3);
  testing::expect_error<ValueError>([&] { dense(Tensor::ones(Shape{4}, DType::float32)); },
                                    {"dense", "min_ndim=2", "ndim=1"});
  dense(Tensor::ones(Shape{2, 5}, DType::float32));
  testing::expect_error<ValueError>(
      [&] {
        dense(Tensor::ones(Shape{2, 6}, DType::float32));
      },
      {dense->name(), "axis -1", "value 5", "(2, 6)"});
  testing::expect_error<ValueError>([] { Dense(0); }, "units=0");
}

}  // namespace
}  // namespace keras

namespace keras {
namespace {

// TensorFlow.js layers computed these (tests/golden/tfjs/layers_core.js).
TEST(Dense, MatchesTensorFlowJs) {
  auto cases = testing::load_golden("layers_core.json");
  for (const char* activation : {"linear", "relu", "sigmoid", "tanh", "softmax", "elu", "selu"}) {
    const auto& g = testing::golden_case(cases, str("dense_", activation));
    layers::Dense dense(3, {.activation = activation});
    dense(g.inputs[0]);
    dense->set_weights(g.weights);
    testing::expect_near(dense(g.inputs[0]), g.outputs[0], 1e-5, 1e-6, g.name);
  }
  const auto& g = testing::golden_case(cases, "dense_rank3_no_bias");
  layers::Dense dense(2, {.use_bias = false});
  dense(g.inputs[0]);
  dense->set_weights(g.weights);
  testing::expect_near(dense(g.inputs[0]), g.outputs[0], 1e-5, 1e-6, g.name);
}

}  // namespace
}  // namespace keras
