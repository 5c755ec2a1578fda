// A node of a symbolic graph: one op applied to symbolic inputs. Nodes own their inputs (through
// the input tensors), so a graph stays alive as long as any of its output tensors does.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "keras/core/tensor.h"
#include "keras/graph/symbolic.h"
#include "keras/ops/attrs.h"

namespace keras::ops {
struct OpDef;
}
namespace keras::layers {
struct KerasHistory;
}

namespace keras::graph {

struct Node {
  const ops::OpDef* op = nullptr;
  ops::Attrs attrs;
  std::vector<Tensor> inputs;       // symbolic tensors
  std::vector<TensorMeta> outputs;  // inferred when the node was made (batch may be unknown)
  uint64_t id = 0;                  // creation order; unique in the process

  // Leaf payloads: "constant" holds its value, "variable" its variable, "placeholder" a name.
  Tensor constant;
  std::shared_ptr<detail::VariableState> variable;
  std::string name;
  // Set on the placeholders that stand for Keras tensors of the functional API: the layer call
  // that made the tensor (keras/layers/keras_tensor.h).
  std::shared_ptr<const layers::KerasHistory> keras_history;
  // A side-effecting node made inside an UpdateGuard: a bool scalar; the node runs only when it
  // is true (undefined: always).
  Tensor guard;
};

// Leaf makers (placeholder, constant and as_symbolic are in keras/graph/symbolic.h).
Tensor variable_read(const std::shared_ptr<detail::VariableState>& variable);

// While one lives on the calling thread, an op whose concrete inputs include a variable's value
// records a graph node that reads the variable when a program runs, instead of running at once on
// the variable's current value. A layer's call on symbolic inputs opens one
// (Layer::call_tensors): an op on a weight alone (a transpose of a kernel, the negated alpha of
// PReLU) would otherwise leave the value it had while tracing behind as a constant, which neither
// trains nor follows later assignments.
class VariableReadScope {
 public:
  VariableReadScope();
  ~VariableReadScope();
  VariableReadScope(const VariableReadScope&) = delete;
  VariableReadScope& operator=(const VariableReadScope&) = delete;
  static bool active();
};

// While one lives on the calling thread, the side-effecting nodes made on it (variable updates)
// run only when `condition` (a bool scalar, symbolic) is true when the program runs: Keras's
// ops.cond around a group of updates, as LossScaleOptimizer skips the inner optimizer's step on
// non-finite gradients. Nested guards: the innermost applies (make the condition a conjunction).
class UpdateGuard {
 public:
  explicit UpdateGuard(Tensor condition);  // ValueError unless a bool scalar
  ~UpdateGuard();
  UpdateGuard(const UpdateGuard&) = delete;
  UpdateGuard& operator=(const UpdateGuard&) = delete;

 private:
  Tensor previous_;
};

// Output index of the control handle returned for a node that has no outputs.
inline constexpr int kControlIndex = -1;

// Adds a node for `op` (shape rule checked now) and returns its symbolic outputs.
std::vector<Tensor> add_node(const ops::OpDef& op, std::vector<Tensor> inputs, ops::Attrs attrs);

}  // namespace keras::graph
