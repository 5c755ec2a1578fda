#include "keras/layers/merging/maximum.h"

#include <gtest/gtest.h>

#include "keras/layers/core/input_layer.h"
#include "keras/layers/keras_tensor.h"
#include "tests/layers/merging/merging_test_util.h"
#include "tests/ops/harness.h"

namespace keras {
namespace {

using layers::Maximum;
using layers::Tensors;
using testing::bool_mask;
using testing::f32;

TEST(Maximum, LayerTest) {
  testing::run_layer_test({
      .make = [](DType dtype) { return Maximum({.dtype = dtype}); },
      .input_shapes = {Shape{2, 4, 5}, Shape{2, 4, 5}},
      .list_input = true,
      .expected_output_shapes = {Shape{2, 4, 5}},
  });
}

TEST(Maximum, LayerTestBroadcasting) {
  testing::run_layer_test({
      .make = [](DType dtype) { return Maximum({.dtype = dtype}); },
      .input_shapes = {Shape{2, 3, 4}, Shape{2, 1, 4}, Shape{2, 3, 1}},
      .list_input = true,
      .expected_output_shapes = {Shape{2, 3, 4}},
  });
}

TEST(Maximum, LayerTestDifferentRanks) {
  testing::run_layer_test({
      .make = [](DType dtype) { return Maximum({.dtype = dtype}); },
      .input_shapes = {Shape{2, 4}, Shape{2, 3, 4}},
      .list_input = true,
      .expected_output_shapes = {Shape{2, 3, 4}},
  });
}

// Keras's test_maximum_with_mask: a masked-out entry takes the other input's value, so it does
// not win the maximum; the mask is the OR of the masks.
TEST(Maximum, WithMask) {
  Tensor x1 = f32({0, 0, -1, -2, 0, 0, -3, -4}, Shape{1, 4, 2});
  Tensor x2 = f32({0, 0, 0, 0, -1, -2, -3, -4}, Shape{1, 4, 2});
  Tensor m1 = bool_mask({0, 1, 0, 1}, Shape{1, 4});
  Tensor m2 = bool_mask({0, 0, 1, 1}, Shape{1, 4});
  Tensor y = Maximum()(Tensors{x1.with_keras_mask(m1), x2});
  testing::expect_near(y, f32({0, 0, 0, 0, -1, -2, -3, -4}, Shape{1, 4, 2}), 0, 0, "one mask");
  EXPECT_FALSE(y.keras_mask().defined());
  y = Maximum()(Tensors{x1.with_keras_mask(m1), x2.with_keras_mask(m2)});
  testing::expect_near(y, f32({0, 0, -1, -2, -1, -2, -3, -4}, Shape{1, 4, 2}), 0, 0, "two masks");
  ASSERT_TRUE(y.keras_mask().defined());
  EXPECT_EQ(y.keras_mask().to_vector<uint8_t>(), (std::vector<uint8_t>{0, 1, 1, 1}));
}

TEST(Maximum, FunctionalForm) {
  Tensor a = f32({1, 2, 3, 4}, Shape{2, 2}), b = f32({10, 20, 30, 40}, Shape{2, 2});
  testing::expect_near(layers::maximum({a, b}), f32({10, 20, 30, 40}, Shape{2, 2}), 0, 0,
                       "maximum");
  Tensor k = layers::maximum({Input({2}), Input({2})}, {.name = "my_maximum"});
  EXPECT_TRUE(layers::is_keras_tensor(k));
  EXPECT_EQ(k.shape(), (Shape{-1, 2}));
}

TEST(Maximum, BadInput) {
  Maximum layer;
  testing::expect_error<ValueError>(
      [&] {
        layer(Tensors{Tensor::ones(Shape{2, 3, 4}, DType::float32),
                      Tensor::ones(Shape{2, 2, 4}, DType::float32)});
      },
      {layer->name(), "Inputs have incompatible shapes", "(3, 4) and (2, 4)"});
  testing::expect_error<ValueError>(
      [&] {
        layer(Tensor::ones(Shape{2, 3}, DType::float32));
      },
      {layer->name(), "list of inputs", "(2, 3)"});
}

// TensorFlow.js layers computed these (tests/golden/tfjs/layers_merging.js).
TEST(Maximum, MatchesTensorFlowJs) {
  auto cases = testing::load_golden("layers_merging.json");
  for (const char* name :
       {"maximum_rank2", "maximum_three_rank3", "maximum_broadcast", "maximum_ranks"})
    testing::expect_matches_golden(cases, name, [] { return Maximum(); });
}

}  // namespace
}  // namespace keras
