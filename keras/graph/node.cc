#include "keras/graph/node.h"

#include <atomic>

#include "keras/core/variable.h"
#include "keras/graph/trace_scope.h"
#include "keras/ops/op_def.h"

namespace keras::graph {

namespace {

uint64_t next_id() {
  static std::atomic<uint64_t> counter{1};
  return counter.fetch_add(1);
}

Tensor make_leaf(const char* op, TensorMeta meta, const std::function<void(Node&)>& fill) {
  auto node = std::make_shared<Node>();
  node->op = &ops::get_op(op);
  node->outputs = {meta};
  node->id = next_id();
  fill(*node);
  return Tensor::symbolic(std::move(node), 0, std::move(meta));
}

}  // namespace

Tensor placeholder(TensorMeta meta, std::string name) {
  return make_leaf("placeholder", std::move(meta), [&](Node& n) { n.name = std::move(name); });
}

Tensor constant(const Tensor& value) {
  if (!value.is_concrete()) throw ValueError("graph::constant needs a concrete tensor");
  return make_leaf("constant", value.meta(), [&](Node& n) { n.constant = value; });
}

namespace {
thread_local int variable_read_scopes = 0;
thread_local Tensor update_guard;
}  // namespace

UpdateGuard::UpdateGuard(Tensor condition) : previous_(update_guard) {
  if (!condition.defined() || condition.dtype() != DType::bool_ || condition.rank() != 0)
    throw ValueError("UpdateGuard: the condition must be a bool scalar");
  update_guard = as_symbolic(condition);
}

UpdateGuard::~UpdateGuard() {
  update_guard = previous_;
}

VariableReadScope::VariableReadScope() {
  ++variable_read_scopes;
}
VariableReadScope::~VariableReadScope() {
  --variable_read_scopes;
}
bool VariableReadScope::active() {
  return variable_read_scopes > 0;
}

Tensor variable_read(const std::shared_ptr<detail::VariableState>& variable) {
  KERAS_ASSERT(variable, "null variable");
  return make_leaf("variable", variable->value.meta(), [&](Node& n) {
    n.variable = variable;
    n.name = variable->name;
  });
}

Tensor as_symbolic(const Tensor& tensor) {
  if (tensor.is_symbolic()) return tensor;
  if (tensor.variable()) return variable_read(tensor.variable());
  return constant(tensor);
}

std::vector<Tensor> add_node(const ops::OpDef& op, std::vector<Tensor> inputs, ops::Attrs attrs) {
  int n = static_cast<int>(inputs.size());
  if (n < op.min_inputs || (op.max_inputs >= 0 && n > op.max_inputs))
    throw ValueError(str("op '", op.name, "' takes ", op.min_inputs,
                         op.max_inputs == op.min_inputs ? "" : " or more", " inputs, got ", n));
  std::vector<TensorMeta> metas;
  for (Tensor& t : inputs) {
    if (!t.defined()) throw ValueError(str("op '", op.name, "' got an empty tensor as input"));
    t = as_symbolic(t);
    metas.push_back(t.meta());
  }
  auto node = std::make_shared<Node>();
  node->op = &op;
  node->outputs = op.infer(metas, attrs);
  node->inputs = std::move(inputs);
  node->attrs = std::move(attrs);
  node->id = next_id();
  if (op.has_side_effects) node->guard = update_guard;
  std::vector<Tensor> outs;
  if (node->outputs.empty()) {
    // Ops without outputs (variable updates) hand back a control handle: pass it to a Program's
    // `updates` to run the node. A step being traced collects it (trace_scope.h).
    outs.push_back(Tensor::symbolic(node, kControlIndex, TensorMeta{DType::bool_, Shape{}}));
    TraceScope::record(outs.back());
    return outs;
  }
  for (int i = 0; i < static_cast<int>(node->outputs.size()); ++i)
    outs.push_back(Tensor::symbolic(node, i, node->outputs[static_cast<size_t>(i)]));
  return outs;
}

}  // namespace keras::graph
