#include "keras/layers/merging/multiply.h"

#include <gtest/gtest.h>

#include "tests/layers/merging/merging_test_util.h"

namespace keras {
namespace {

using layers::Multiply;
using testing::f32;

TEST(Multiply, LayerTest) {
  testing::run_elementwise_merge_layer_tests<Multiply>();
}

// Keras's test_multiply_with_mask: masked-out entries count as 1 in the product; when both
// inputs have masks, entries masked out of both are 0 and the mask is the OR of the masks.
TEST(Multiply, WithMask) {
  Tensor x1 = f32({0, 0, 1, 2, 0, 0, 3, 4}, Shape{1, 4, 2});
  Tensor x2 = f32({0, 0, 0, 0, 1, 2, 3, 4}, Shape{1, 4, 2});
  testing::expect_merge_with_masks<Multiply>(
      x1, x2, /*want_one_mask=*/f32({0, 0, 0, 0, 1, 2, 9, 16}, Shape{1, 4, 2}),
      /*want_two_masks=*/f32({0, 0, 1, 2, 1, 2, 9, 16}, Shape{1, 4, 2}));
}

TEST(Multiply, FunctionalForm) {
  testing::expect_functional_form(layers::multiply, f32({10, 40, 90, 160}, Shape{2, 2}),
                                  "my_multiply");
}

TEST(Multiply, BadInput) {
  testing::expect_elementwise_merge_input_errors<Multiply>();
}

}  // namespace
}  // namespace keras
