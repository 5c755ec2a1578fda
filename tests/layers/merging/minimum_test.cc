#include "keras/layers/merging/minimum.h"

#include <gtest/gtest.h>

#include "keras/layers/core/input_layer.h"
#include "keras/layers/keras_tensor.h"
#include "tests/layers/merging/merging_test_util.h"
#include "tests/ops/harness.h"

namespace keras {
namespace {

using layers::Minimum;
using layers::Tensors;
using testing::bool_mask;
using testing::f32;

TEST(Minimum, LayerTest) {
  testing::run_layer_test({
      .make = [](DType dtype) { return Minimum({.dtype = dtype}); },
      .input_shapes = {Shape{2, 4, 5}, Shape{2, 4, 5}},
      .list_input = true,
      .expected_output_shapes = {Shape{2, 4, 5}},
  });
}

TEST(Minimum, LayerTestBroadcasting) {
  testing::run_layer_test({
      .make = [](DType dtype) { return Minimum({.dtype = dtype}); },
      .input_shapes = {Shape{2, 3, 4}, Shape{2, 1, 4}, Shape{2, 3, 1}},
      .list_input = true,
      .expected_output_shapes = {Shape{2, 3, 4}},
  });
}

TEST(Minimum, LayerTestDifferentRanks) {
  testing::run_layer_test({
      .make = [](DType dtype) { return Minimum({.dtype = dtype}); },
      .input_shapes = {Shape{2, 4}, Shape{2, 3, 4}},
      .list_input = true,
      .expected_output_shapes = {Shape{2, 3, 4}},
  });
}

// Keras's test_minimum_with_mask: a masked-out entry takes the other input's value, so it does
// not win the minimum; the mask is the OR of the masks.
TEST(Minimum, WithMask) {
  Tensor x1 = f32({0, 0, 1, 2, 0, 0, 3, 4}, Shape{1, 4, 2});
  Tensor x2 = f32({0, 0, 0, 0, 1, 2, 3, 4}, Shape{1, 4, 2});
  Tensor m1 = bool_mask({0, 1, 0, 1}, Shape{1, 4});
  Tensor m2 = bool_mask({0, 0, 1, 1}, Shape{1, 4});
  Tensor y = Minimum()(Tensors{x1.with_keras_mask(m1), x2});
  testing::expect_near(y, f32({0, 0, 0, 0, 1, 2, 3, 4}, Shape{1, 4, 2}), 0, 0, "one mask");
  EXPECT_FALSE(y.keras_mask().defined());
  y = Minimum()(Tensors{x1.with_keras_mask(m1), x2.with_keras_mask(m2)});
  testing::expect_near(y, f32({0, 0, 1, 2, 1, 2, 3, 4}, Shape{1, 4, 2}), 0, 0, "two masks");
  ASSERT_TRUE(y.keras_mask().defined());
  EXPECT_EQ(y.keras_mask().to_vector<uint8_t>(), (std::vector<uint8_t>{0, 1, 1, 1}));
}

// With three inputs the running result stands in for masked-out entries; once an input has no
// mask, the output has none.
TEST(Minimum, ThreeInputsWithAndWithoutMasks) {
  Tensor x1 = f32({5, -5}, Shape{2, 1}), x2 = f32({1, 1}, Shape{2, 1}),
         x3 = f32({3, 3}, Shape{2, 1});
  Tensor on_off = bool_mask({1, 0}, Shape{2}), off_on = bool_mask({0, 1}, Shape{2});
  Tensor y = Minimum()(
      Tensors{x1.with_keras_mask(on_off), x2.with_keras_mask(off_on), x3.with_keras_mask(on_off)});
  // Sample 0: x2 is masked out and takes x1's 5, then min(5, 5, 3) = 3. Sample 1: x1 is masked
  // out and takes x2's 1, x3 is masked out and takes 1: min = 1.
  testing::expect_near(y, f32({3, 1}, Shape{2, 1}), 0, 0, "three masks");
  EXPECT_EQ(y.keras_mask().to_vector<uint8_t>(), (std::vector<uint8_t>{1, 1}));
  y = Minimum()(Tensors{x1.with_keras_mask(on_off), x2, x3.with_keras_mask(off_on)});
  // Sample 0: min(5, 1) = 1, then x3 (masked out) takes 1. Sample 1: x1 (masked out) takes x2's
  // 1, then min(1, 3) = 1.
  testing::expect_near(y, f32({1, 1}, Shape{2, 1}), 0, 0, "an unmasked input");
  EXPECT_FALSE(y.keras_mask().defined());
}

TEST(Minimum, FunctionalForm) {
  Tensor a = f32({1, 2, 3, 4}, Shape{2, 2}), b = f32({10, 20, 30, 40}, Shape{2, 2});
  testing::expect_near(layers::minimum({a, b}), f32({1, 2, 3, 4}, Shape{2, 2}), 0, 0, "minimum");
  Tensor k = layers::minimum({Input({2}), Input({2})}, {.name = "my_minimum"});
  EXPECT_TRUE(layers::is_keras_tensor(k));
  EXPECT_EQ(k.shape(), (Shape{-1, 2}));
}

TEST(Minimum, BadInput) {
  Minimum layer;
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
TEST(Minimum, MatchesTensorFlowJs) {
  auto cases = testing::load_golden("layers_merging.json");
  for (const char* name :
       {"minimum_rank2", "minimum_three_rank3", "minimum_broadcast", "minimum_ranks"})
    testing::expect_matches_golden(cases, name, [] { return Minimum(); });
}

}  // namespace
}  // namespace keras
