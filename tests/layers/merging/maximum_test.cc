#include "keras/layers/merging/maximum.h"

#include <gtest/gtest.h>

#include "tests/layers/merging/merging_test_util.h"

namespace keras {
namespace {

using layers::Maximum;
using testing::f32;

TEST(Maximum, LayerTest) {
  testing::run_elementwise_merge_layer_tests<Maximum>();
}

// Keras's test_maximum_with_mask: a masked-out entry takes the other input's value, so it does
// not win the maximum; the mask is the OR of the masks.
TEST(Maximum, WithMask) {
  Tensor x1 = f32({0, 0, -1, -2, 0, 0, -3, -4}, Shape{1, 4, 2});
  Tensor x2 = f32({0, 0, 0, 0, -1, -2, -3, -4}, Shape{1, 4, 2});
  testing::expect_merge_with_masks<Maximum>(
      x1, x2, /*want_one_mask=*/f32({0, 0, 0, 0, -1, -2, -3, -4}, Shape{1, 4, 2}),
      /*want_two_masks=*/f32({0, 0, -1, -2, -1, -2, -3, -4}, Shape{1, 4, 2}));
}

TEST(Maximum, FunctionalForm) {
  testing::expect_functional_form(layers::maximum, f32({10, 20, 30, 40}, Shape{2, 2}),
                                  "my_maximum");
}

TEST(Maximum, BadInput) {
  testing::expect_elementwise_merge_input_errors<Maximum>();
}

}  // namespace
}  // namespace keras
