// Helpers shared by the merging layers' tests: small host tensors, masks, and the comparison of a
// merge layer with the golden cases of tests/golden/data (TensorFlow.js and PyTorch).
#pragma once

#include <string>
#include <vector>

#include "keras/layers/layer.h"
#include "tests/layers/layer_test.h"
#include "tests/support/golden.h"

namespace keras::testing {

// A float32 host tensor.
inline Tensor f32(const std::vector<double>& values, Shape shape) {
  return Tensor::from_vector(values, std::move(shape)).astype(DType::float32);
}

// A bool host tensor from 0/1 values.
inline Tensor bool_mask(const std::vector<int64_t>& values, Shape shape) {
  return Tensor::from_vector(values, std::move(shape)).astype(DType::bool_);
}

// Calls a new layer (from `make`) on the golden case's inputs and compares its output.
template <class Make>
void expect_matches_golden(const std::vector<GoldenCase>& cases, const std::string& name,
                           Make make) {
  SCOPED_TRACE(name);
  const GoldenCase& g = golden_case(cases, name);
  layers::AnyLayer layer = make();
  Tensor y = layer(layers::Tensors(g.inputs));
  expect_near(y, g.outputs[0], 1e-5, 1e-6, name);
}

}  // namespace keras::testing
