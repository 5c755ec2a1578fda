#include "keras/layers/merging/minimum.h"

#include <gtest/gtest.h>

#include "tests/layers/merging/merging_test_util.h"

namespace keras {
namespace {

using layers::Minimum;
using layers::Tensors;
using testing::bool_mask;
using testing::f32;

TEST(Minimum, LayerTest) {
  testing::run_elementwise_merge_layer_tests<Minimum>();
}

// Keras's test_minimum_with_mask: a masked-out entry takes the other input's value, so it does
// not win the minimum; the mask is the OR of the masks.
TEST(Minimum, WithMask) {
  Tensor x1 = f32({0, 0, 1, 2, 0, 0, 3, 4}, Shape{1, 4, 2});
  Tensor x2 = f32({0, 0, 0, 0, 1, 2, 3, 4}, Shape{1, 4, 2});
  testing::expect_merge_with_masks<Minimum>(
      x1, x2, /*want_one_mask=*/f32({0, 0, 0, 0, 1, 2, 3, 4}, Shape{1, 4, 2}),
      /*want_two_masks=*/f32({0, 0, 1, 2, 1, 2, 3, 4}, Shape{1, 4, 2}));
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
  testing::expect_functional_form(layers::minimum, f32({1, 2, 3, 4}, Shape{2, 2}), "my_minimum");
}

TEST(Minimum, BadInput) {
  testing::expect_elementwise_merge_input_errors<Minimum>();
}

}  // namespace
}  // namespace keras
