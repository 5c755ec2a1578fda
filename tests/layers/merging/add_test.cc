#include "keras/layers/merging/add.h"

#include <gtest/gtest.h>

#include "tests/layers/merging/merging_test_util.h"

namespace keras {
namespace {

using layers::Add;
using testing::f32;

TEST(Add, LayerTest) {
  testing::run_elementwise_merge_layer_tests<Add>();
}

// Keras's test_add_with_mask: the values are plain sums; the mask is the OR of the masks when
// both inputs have one.
TEST(Add, WithMask) {
  Tensor x1 = f32({0, 0, 1, 2, 0, 0, 3, 4}, Shape{1, 4, 2});
  Tensor x2 = f32({0, 0, 0, 0, 1, 2, 3, 4}, Shape{1, 4, 2});
  Tensor want = f32({0, 0, 1, 2, 1, 2, 6, 8}, Shape{1, 4, 2});
  testing::expect_merge_with_masks<Add>(x1, x2, want, want);
}

TEST(Add, FunctionalForm) {
  testing::expect_functional_form(layers::add, f32({11, 22, 33, 44}, Shape{2, 2}), "sum");
}

TEST(Add, BadInput) {
  testing::expect_elementwise_merge_input_errors<Add>();
}

}  // namespace
}  // namespace keras
