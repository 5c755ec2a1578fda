#include "keras/layers/merging/subtract.h"

#include <gtest/gtest.h>

#include "keras/core/json.h"
#include "keras/layers/core/input_layer.h"
#include "keras/layers/keras_tensor.h"
#include "tests/layers/merging/merging_test_util.h"
#include "tests/ops/harness.h"

namespace keras {
namespace {

using layers::Subtract;
using layers::Tensors;
using testing::f32;

TEST(Subtract, LayerTest) {
  testing::run_layer_test({
      .make = [](DType dtype) { return Subtract({.dtype = dtype}); },
      .input_shapes = {Shape{2, 4, 5}, Shape{2, 4, 5}},
      .list_input = true,
      .expected_output_shapes = {Shape{2, 4, 5}},
  });
}

TEST(Subtract, LayerTestBroadcastingAndRanks) {
  testing::run_layer_test({
      .make = [](DType dtype) { return Subtract({.dtype = dtype}); },
      .input_shapes = {Shape{2, 3, 1}, Shape{2, 4}},
      .list_input = true,
      .expected_output_shapes = {Shape{2, 3, 4}},
  });
}

// Against a float64 reference: the second input, expanded after the batch axis, is taken away.
TEST(Subtract, MatchesAFloat64Reference) {
  Tensor a = testing::uniform(Shape{2, 3, 4}, -1, 1, 3);
  Tensor b = testing::uniform(Shape{2, 4}, -1, 1, 4);
  Tensor y = Subtract({.dtype = DType::float64})(Tensors{a, b});
  ASSERT_EQ(y.shape(), (Shape{2, 3, 4}));
  std::vector<double> av = a.to_vector<double>(), bv = b.to_vector<double>(),
                      got = y.to_vector<double>();
  for (int n = 0; n < 2; ++n)
    for (int t = 0; t < 3; ++t)
      for (int c = 0; c < 4; ++c)
        EXPECT_EQ(got[(n * 3 + t) * 4 + c], av[(n * 3 + t) * 4 + c] - bv[n * 4 + c]);
}

// Keras's test_subtract_with_mask.
TEST(Subtract, WithMask) {
  Tensor x1 = f32({0, 0, 1, 2, 0, 0, 3, 4}, Shape{1, 4, 2});
  Tensor x2 = f32({0, 0, 0, 0, 1, 2, 3, 4}, Shape{1, 4, 2});
  Tensor want = f32({0, 0, 1, 2, -1, -2, 0, 0}, Shape{1, 4, 2});
  testing::expect_merge_with_masks<Subtract>(x1, x2, want, want);
}

TEST(Subtract, FunctionalForm) {
  testing::expect_functional_form(layers::subtract, f32({-9, -18, -27, -36}, Shape{2, 2}),
                                  "difference");
}

// Keras's test_subtract_layer_inputs_length_errors.
TEST(Subtract, BadInput) {
  Tensor x = Tensor::ones(Shape{2, 3}, DType::float32);
  Subtract three;
  testing::expect_error<ValueError>(
      [&] {
        three(Tensors{x, x, x});
      },
      {three->name(), "A `Subtract` layer should be called on exactly 2 inputs",
       "input_shape=[(2, 3), (2, 3), (2, 3)]"});
  Subtract one;
  testing::expect_error<ValueError>([&] { one(Tensors{x}); },
                                    {one->name(), "exactly 2 inputs", "input_shape=[(2, 3)]"});
  Subtract symbolic;
  testing::expect_error<ValueError>(
      [&] {
        symbolic(Tensors{Input({4, 5}), Input({4, 5}), Input({4, 5})});
      },
      {symbolic->name(), "exactly 2 inputs", "(None, 4, 5)"});
  Subtract incompatible;
  testing::expect_error<ValueError>(
      [&] {
        incompatible(Tensors{x, Tensor::ones(Shape{2, 4}, DType::float32)});
      },
      {incompatible->name(), "Inputs have incompatible shapes", "(3,) and (4,)"});
  // A built Subtract still refuses three inputs.
  Subtract built;
  built(Tensors{x, x});
  testing::expect_error<ValueError>(
      [&] {
        built(Tensors{x, x, x});
      },
      {built->name(), "exactly 2 inputs"});
}

}  // namespace
}  // namespace keras
