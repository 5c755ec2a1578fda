// Guards the conformance suite itself: every op in the registry must be exercised by some test
// file, every differentiable op must have a finite-difference gradient check, and every backend
// must have every (op, dtype) kernel that the cpu backend has, so an op added to one backend
// cannot be forgotten in another.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "keras/backend/backend.h"
#include "keras/ops/op_def.h"
#include "tests/ops/harness.h"

namespace keras {

TEST(Conformance, EveryOpHasAConformanceCase) {
  const auto& covered = testing::covered_ops();
  for (const std::string& op : ops::op_names()) {
    if (ops::get_op(op).is_leaf) continue;
    EXPECT_NE(std::find(covered.begin(), covered.end(), op), covered.end())
        << "op '" << op << "' has no conformance case (KERAS_CONFORMANCE_COVERS)";
  }
}

TEST(Conformance, EveryDifferentiableOpHasAGradientCheck) {
  // Ops whose gradient rule gives no input a gradient (it returns only undefined Tensors), so
  // there is nothing for finite differences to check. Ops without a rule (argmax, one_hot, the
  // *_grad helpers of fused ops, the optimizer updates) are skipped on their own.
  const std::vector<std::string> no_gradient = {
      "sign",           // flat almost everywhere (keras/ops/defs/elementwise.cc, UnaryGrad::none)
      "stop_gradient",  // blocks the gradient by definition (UnaryGrad::none)
      // Comparisons: boolean output (no_grad2).
      "equal", "not_equal", "less", "less_equal", "greater", "greater_equal",
      "fill_like",  // a constant shaped like its input; the input's values are never read
      // Random draws: the values do not depend on the inputs (random.cc, no_gradients). dropout
      // is differentiable and gradient-checked (random_test.cc).
      "random_uniform", "random_normal", "truncated_normal"};
  const auto& checked = testing::gradient_checked_ops();
  auto contains = [](const std::vector<std::string>& list, const std::string& op) {
    return std::find(list.begin(), list.end(), op) != list.end();
  };
  for (const std::string& op : ops::op_names()) {
    const ops::OpDef& def = ops::get_op(op);
    if (def.is_leaf || !def.gradient || contains(no_gradient, op)) continue;
    EXPECT_TRUE(contains(checked, op))
        << "op '" << op << "' has a gradient rule but no gradient check (KERAS_GRADIENT_CHECKED)";
  }
  // Neither list may go stale or contradict the other.
  for (const std::string& op : no_gradient) {
    EXPECT_TRUE(ops::get_op(op).gradient) << "op '" << op << "' has no gradient rule at all";
    EXPECT_FALSE(contains(checked, op)) << "op '" << op << "' is gradient-checked, yet listed "
                                        << "as giving no gradient";
  }
  for (const std::string& op : checked)
    EXPECT_TRUE(ops::get_op(op).gradient)
        << "op '" << op << "' is named by KERAS_GRADIENT_CHECKED but has no gradient rule";
}

TEST(Conformance, EveryOpHasACpuKernel) {
  backend::Backend& cpu = backend::get("cpu");
  for (const std::string& op : ops::op_names()) {
    if (ops::get_op(op).is_leaf) continue;
    EXPECT_FALSE(cpu.kernels().dtypes(op).empty()) << "the cpu backend has no kernel for " << op;
  }
}

TEST(Conformance, EveryBackendHasEveryCpuKernel) {
  backend::Backend& cpu = backend::get("cpu");
  for (const std::string& name : backend::available()) {
    backend::Backend& other = backend::get(name);
    for (const std::string& op : cpu.kernels().ops())
      for (DType d : cpu.kernels().dtypes(op))
        EXPECT_TRUE(other.supports(op, d)) << "backend " << name << " lacks " << op << " for " << d;
  }
}

}  // namespace keras
