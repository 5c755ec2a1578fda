#include "keras/layers/core/dense.h"

#include <gtest/gtest.h>

#include "keras/core/json.h"
#include "tests/layers/layer_test.h"
#include "tests/ops/harness.h"

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
