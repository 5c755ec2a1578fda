// Helpers shared by the merging layers' tests: small host tensors, masks, and the checks every
// elementwise merge layer (Add, Average, Maximum, Minimum, Multiply) goes through. The expected
// values stay in each layer's test, worked out by hand; Keras 3's own numbers for every merging
// layer are compared in tests/layers/layers_keras3_golden_test.cc.
#pragma once

#include <string>
#include <vector>

#include "keras/layers/core/input_layer.h"
#include "keras/layers/keras_tensor.h"
#include "keras/layers/layer.h"
#include "keras/layers/merging/base_merge.h"
#include "tests/layers/layer_test.h"
#include "tests/ops/harness.h"

namespace keras::testing {

// A float32 host tensor.
inline Tensor f32(const std::vector<double>& values, Shape shape) {
  return Tensor::from_vector(values, std::move(shape)).astype(DType::float32);
}

// A bool host tensor from 0/1 values.
inline Tensor bool_mask(const std::vector<int64_t>& values, Shape shape) {
  return Tensor::from_vector(values, std::move(shape)).astype(DType::bool_);
}

// run_layer_test of the elementwise merge layer L on two inputs of one shape, on three inputs
// that broadcast, and on two inputs of different ranks.
template <class L>
void run_elementwise_merge_layer_tests() {
  struct Case {
    const char* what;
    std::vector<Shape> inputs;
    Shape output;
  };
  for (const Case& c :
       {Case{"one shape", {Shape{2, 4, 5}, Shape{2, 4, 5}}, Shape{2, 4, 5}},
        Case{"broadcasting", {Shape{2, 3, 4}, Shape{2, 1, 4}, Shape{2, 3, 1}}, Shape{2, 3, 4}},
        Case{"different ranks", {Shape{2, 4}, Shape{2, 3, 4}}, Shape{2, 3, 4}}}) {
    SCOPED_TRACE(c.what);
    run_layer_test({
        .make = [](DType dtype) { return L({.dtype = dtype}); },
        .input_shapes = c.inputs,
        .list_input = true,
        .expected_output_shapes = {c.output},
    });
  }
}

// Keras's test_<layer>_with_mask: x1 and x2 of shape (1, 4, 2), x1 masked [0, 1, 0, 1] along
// its 4 steps, then x2 too, masked [0, 0, 1, 1]. With one mask the output has none; with both
// it carries their OR.
template <class L>
void expect_merge_with_masks(const Tensor& x1, const Tensor& x2, const Tensor& want_one_mask,
                             const Tensor& want_two_masks) {
  Tensor m1 = bool_mask({0, 1, 0, 1}, Shape{1, 4});
  Tensor m2 = bool_mask({0, 0, 1, 1}, Shape{1, 4});
  Tensor y = L()(layers::Tensors{x1.with_keras_mask(m1), x2});
  expect_near(y, want_one_mask, 0, 0, "one mask");
  EXPECT_FALSE(y.keras_mask().defined());
  y = L()(layers::Tensors{x1.with_keras_mask(m1), x2.with_keras_mask(m2)});
  expect_near(y, want_two_masks, 0, 0, "two masks");
  ASSERT_TRUE(y.keras_mask().defined());
  EXPECT_EQ(y.keras_mask().to_vector<uint8_t>(), (std::vector<uint8_t>{0, 1, 1, 1}));
}

// A merge layer's functional form (layers::add, ...).
using MergeFunction = Tensor (*)(const std::vector<Tensor>&, const layers::MergeOptions&);

// `fn` on a = [[1, 2], [3, 4]] and b = [[10, 20], [30, 40]] gives `want`; on two Inputs of
// shape (2,) it gives a Keras tensor of shape (None, 2), the layer named `name`.
inline void expect_functional_form(MergeFunction fn, const Tensor& want, const std::string& name) {
  Tensor a = f32({1, 2, 3, 4}, Shape{2, 2}), b = f32({10, 20, 30, 40}, Shape{2, 2});
  expect_near(fn({a, b}, {}), want, 0, 0, name);
  Tensor k = fn({Input({2}), Input({2})}, {.name = name});
  EXPECT_TRUE(layers::is_keras_tensor(k));
  EXPECT_EQ(k.shape(), (Shape{-1, 2}));
}

// The elementwise merge layer L refuses inputs whose shapes do not broadcast, and one tensor
// that is not a list; the messages name the layer and the shapes.
template <class L>
void expect_elementwise_merge_input_errors() {
  L layer;
  expect_error<ValueError>(
      [&] {
        layer(layers::Tensors{Tensor::ones(Shape{2, 3, 4}, DType::float32),
                              Tensor::ones(Shape{2, 2, 4}, DType::float32)});
      },
      {layer->name(), "Inputs have incompatible shapes", "(3, 4) and (2, 4)"});
  expect_error<ValueError>(
      [&] {
        layer(Tensor::ones(Shape{2, 3}, DType::float32));
      },
      {layer->name(), "list of inputs", "(2, 3)"});
}

}  // namespace keras::testing
