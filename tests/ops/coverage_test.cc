// Guards the conformance suite itself: every op in the registry must be exercised by some test
// file, and every backend must have every (op, dtype) kernel that the cpu backend has, so an op
// added to one backend cannot be forgotten in another.
#include <gtest/gtest.h>

#include <algorithm>

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
