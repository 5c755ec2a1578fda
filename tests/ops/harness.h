// The op test harness: conformance (every op x every built backend x dtype against a float64
// reference written in the test) and gradient checks (central finite differences in float64).
#pragma once

#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "keras/core/error.h"
#include "keras/core/tensor.h"
#include "keras/ops/op_attrs.h"

namespace keras::testing {

// A float64 host tensor with values uniform in [lo, hi), the same for the same seed.
Tensor uniform(Shape shape, double lo = -1.0, double hi = 1.0, uint64_t seed = 1);
// A host tensor of integers uniform in [lo, hi), of the given dtype.
Tensor integers(Shape shape, int64_t lo, int64_t hi, DType dtype = DType::int64, uint64_t seed = 1);

struct OpCase {
  std::string op;
  // Host tensors. float64 inputs are converted to the dtype under test; other dtypes (indices,
  // labels, masks) are passed as they are.
  std::vector<Tensor> inputs;
  ops::Attrs attrs;  // the op's struct (keras/ops/op_attrs.h); empty: the op's defaults
  // The expected outputs (for ops with side effects: the expected values of the inputs the op
  // mutates, in OpDef::mutates order), computed in float64 from the inputs as the backend saw
  // them (already rounded to the dtype under test, then widened back to float64).
  std::function<std::vector<Tensor>(const std::vector<Tensor>&)> reference;
  std::vector<DType> dtypes = {DType::float32, DType::float64};
  // Wherever float32 runs, float16 and bfloat16 run too unless this is false: they compute in
  // float32 and round once, so their tolerance is float32's plus the type's unit roundoff
  // (2^-11 and 2^-8 relative; 2^-25 absolute for float16's subnormals).
  bool halves = true;
  // |got - want| <= atol + rtol * |want|, per dtype.
  double rtol32 = 2e-5, atol32 = 1e-6;
  double rtol64 = 1e-11, atol64 = 1e-12;
};

// Runs the case on every backend in backend::available() for every dtype in `dtypes`; reports
// each mismatch with the backend, dtype, output index, element index, got and expected.
void check_op(const OpCase& c);

struct GradCase {
  std::string op;
  std::vector<Tensor> inputs;  // float64 inputs are differentiated; others are held fixed
  ops::Attrs attrs;
  std::vector<int> wrt;  // inputs to check (default: every float64 input)
  double eps = 1e-6;     // finite-difference step
  double rtol = 1e-6, atol = 1e-8;
  // Also the gradient pass in float16 and bfloat16 against the float64 one (check_gradient).
  bool halves = true;
};

// Builds y = op(inputs) as a graph, L = Σ_i Σ w_i·y_i with fixed random weights w_i, takes
// graph::gradients(L, inputs) through a Program on the cpu backend in float64, and compares each
// component with (L(x+eps) - L(x-eps)) / 2eps. Inputs the op updates in place (OpDef::mutates: a
// seed state) are copied afresh for every evaluation, so a random op draws the same numbers each
// time, as the Program (which restores such constants before every run) does. Then, unless
// `halves` is false, the same gradient pass in float16 and bfloat16 against the float64 one at
// the same rounded inputs: within 16 units of the type's precision relative to the gradients'
// largest magnitude (each op of the backward pass rounds once).
void check_gradient(const GradCase& c);

// Expects f() to throw E (any keras::Error by default) whose message contains every fragment.
template <class E = Error, class F>
void expect_error(F&& f, std::initializer_list<std::string_view> fragments) {
  try {
    f();
    ADD_FAILURE() << "expected an exception";
  } catch (const E& e) {
    std::string_view what = e.what();
    for (std::string_view fragment : fragments)
      EXPECT_NE(what.find(fragment), std::string_view::npos)
          << "message '" << what << "' lacks '" << fragment << "'";
  }
}
template <class E = Error, class F>
void expect_error(F&& f, std::string_view fragment) {
  expect_error<E>(std::forward<F>(f), {fragment});
}

// Conformance coverage: each test file names the ops it covers; a test fails when an op in the
// registry is named by no file, or when a backend lacks an (op, dtype) pair that the cpu backend
// has.
bool register_covered(std::initializer_list<const char*> ops);
const std::vector<std::string>& covered_ops();

// Gradient coverage: each test file names the ops it runs check_gradient on; a test fails when an
// op with a gradient rule that gives some input a gradient is named by no file.
bool register_gradient_checked(std::initializer_list<const char*> ops);
const std::vector<std::string>& gradient_checked_ops();

}  // namespace keras::testing

#define KERAS_CONCAT_INNER(a, b) a##b
#define KERAS_CONCAT(a, b) KERAS_CONCAT_INNER(a, b)
#define KERAS_CONFORMANCE_COVERS(...)                                        \
  [[maybe_unused]] static const bool KERAS_CONCAT(keras_covers_, __LINE__) = \
      ::keras::testing::register_covered({__VA_ARGS__})
#define KERAS_GRADIENT_CHECKED(...)                                                    \
  [[maybe_unused]] static const bool KERAS_CONCAT(keras_gradient_checked_, __LINE__) = \
      ::keras::testing::register_gradient_checked({__VA_ARGS__})
