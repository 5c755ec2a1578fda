#include "keras/layers/merging/average.h"

#include <gtest/gtest.h>

#include "tests/layers/merging/merging_test_util.h"

namespace keras {
namespace {

using layers::Average;
using layers::Tensors;
using testing::f32;

TEST(Average, LayerTest) {
  testing::run_elementwise_merge_layer_tests<Average>();
}

// Keras's test_average_with_mask: the values are plain means; the mask is the OR of the masks.
TEST(Average, WithMask) {
  Tensor x1 = f32({0, 0, 1, 2, 0, 0, 3, 4}, Shape{1, 4, 2});
  Tensor x2 = f32({0, 0, 0, 0, 1, 2, 3, 4}, Shape{1, 4, 2});
  Tensor want = f32({0, 0, 0.5, 1, 0.5, 1, 3, 4}, Shape{1, 4, 2});
  testing::expect_merge_with_masks<Average>(x1, x2, want, want);
}

// Keras divides with ops.divide, which gives a float for integer inputs.
TEST(Average, IntegerInputsGiveFloats) {
  Tensor a = Tensor::from_vector(std::vector<int32_t>{1, 2}, Shape{2, 1});
  Tensor b = Tensor::from_vector(std::vector<int32_t>{2, 2}, Shape{2, 1});
  Tensor y = Average()(Tensors{a, b});
  EXPECT_EQ(y.dtype(), DType::float32);
  EXPECT_EQ(y.to_vector<double>(), (std::vector<double>{1.5, 2}));
}

TEST(Average, FunctionalForm) {
  testing::expect_functional_form(layers::average, f32({5.5, 11, 16.5, 22}, Shape{2, 2}),
                                  "my_average");
}

TEST(Average, BadInput) {
  testing::expect_elementwise_merge_input_errors<Average>();
}

}  // namespace
}  // namespace keras
