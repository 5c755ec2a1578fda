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
};

// Leaf makers (placeholder, constant and as_symbolic are in keras/graph/symbolic.h).
Tensor variable_read(const std::shared_ptr<detail::VariableState>& variable);

// Output index of the control handle returned for a node that has no outputs.
inline constexpr int kControlIndex = -1;

// Adds a node for `op` (shape rule checked now) and returns its symbolic outputs.
std::vector<Tensor> add_node(const ops::OpDef& op, std::vector<Tensor> inputs, ops::Attrs attrs);

}  // namespace keras::graph
