// Reverse-mode autodiff: walk the graph from the outputs back, asking each op's gradient rule
// for the gradients of its inputs and summing where a tensor feeds several consumers.
#include "keras/graph/gradients.h"

#include <map>
#include <unordered_set>

#include "keras/core/variable.h"
#include "keras/graph/topology.h"
#include "keras/ops/op_attrs.h"
#include "keras/ops/op_def.h"

namespace keras::graph {

namespace {

using Key = std::pair<const Node*, int>;

Tensor output_of(const std::shared_ptr<Node>& node, int index) {
  return Tensor::symbolic(node, index, node->outputs[static_cast<size_t>(index)]);
}

Tensor fill_like(const Tensor& ref, double value) {
  return ops::call1("fill_like", {ref}, ops::FillLikeAttrs{.value = value});
}

}  // namespace

std::vector<Tensor> gradients(const std::vector<Tensor>& outputs,
                              const std::vector<Tensor>& output_grads,
                              const std::vector<Tensor>& wrt) {
  if (outputs.size() != output_grads.size())
    throw ValueError(str("gradients: got ", outputs.size(), " outputs but ", output_grads.size(),
                         " output gradients"));
  std::vector<Tensor> targets;
  std::vector<std::shared_ptr<Node>> roots;
  for (size_t i = 0; i < outputs.size(); ++i) {
    if (!outputs[i].is_symbolic())
      throw ValueError("gradients: the outputs must be symbolic tensors of a graph");
    if (output_grads[i].shape() != outputs[i].shape() && outputs[i].shape().is_fully_defined())
      throw ValueError(str("gradients: output ", i, " has shape ", outputs[i].shape(),
                           " but its gradient has shape ", output_grads[i].shape()));
    roots.push_back(outputs[i].node_ptr());
  }
  std::vector<std::shared_ptr<Node>> order = topological_order(roots);

  // Which nodes lie on a path from a `wrt` entry: only those are differentiated.
  std::unordered_set<const Node*> wrt_nodes;
  std::unordered_set<const detail::VariableState*> wrt_variables;
  for (const Tensor& x : wrt) {
    if (!x.defined()) throw ValueError("gradients: an entry of wrt is empty");
    if (x.is_symbolic())
      wrt_nodes.insert(x.node());
    else if (x.variable())
      wrt_variables.insert(x.variable().get());
    else
      throw ValueError("gradients: wrt entries must be symbolic tensors or variables");
  }
  std::unordered_set<const Node*> relevant;
  for (const auto& node : order) {
    bool r = wrt_nodes.count(node.get()) ||
             (node->variable && wrt_variables.count(node->variable.get()));
    for (const Tensor& in : node->inputs) r = r || relevant.count(in.node());
    if (r) relevant.insert(node.get());
  }

  std::map<Key, Tensor> grads;
  auto accumulate = [&](Key key, const Tensor& g) {
    auto [it, inserted] = grads.emplace(key, g);
    if (!inserted) it->second = ops::call1("add", {it->second, g});
  };
  for (size_t i = 0; i < outputs.size(); ++i)
    accumulate({outputs[i].node(), outputs[i].output_index()}, output_grads[i]);

  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    const std::shared_ptr<Node>& node = *it;
    if (node->op->is_leaf || !relevant.count(node.get()) || !node->op->gradient) continue;
    std::vector<Tensor> outs, out_grads;
    bool any = false;
    for (int i = 0; i < static_cast<int>(node->outputs.size()); ++i) {
      outs.push_back(output_of(node, i));
      auto g = grads.find({node.get(), i});
      out_grads.push_back(g == grads.end() ? Tensor() : g->second);
      any = any || g != grads.end();
    }
    if (!any) continue;
    std::vector<Tensor> in_grads =
        node->op->gradient(ops::GradContext{node->inputs, outs, out_grads, node->attrs});
    KERAS_ASSERT(in_grads.size() == node->inputs.size(), "gradient rule of '", node->op->name,
                 "' returned ", in_grads.size(), " gradients for ", node->inputs.size(), " inputs");
    for (size_t k = 0; k < in_grads.size(); ++k) {
      const Tensor& input = node->inputs[k];
      if (in_grads[k].defined() && relevant.count(input.node()))
        accumulate({input.node(), input.output_index()}, in_grads[k]);
    }
  }

  std::vector<Tensor> result;
  for (const Tensor& x : wrt) {
    Tensor total;
    if (x.is_symbolic()) {
      if (auto g = grads.find({x.node(), x.output_index()}); g != grads.end()) total = g->second;
    } else {
      // Every read of the variable contributes.
      for (const auto& node : order) {
        if (node->variable != x.variable()) continue;
        if (auto g = grads.find({node.get(), 0}); g != grads.end())
          total = total.defined() ? ops::call1("add", {total, g->second}) : g->second;
      }
    }
    result.push_back(total.defined() ? total : fill_like(as_symbolic(x), 0.0));
  }
  return result;
}

std::vector<Tensor> gradients(const Tensor& loss, const std::vector<Tensor>& wrt) {
  if (!loss.is_symbolic()) throw ValueError("gradients: the loss must be a symbolic tensor");
  return gradients({loss}, {fill_like(loss, 1.0)}, wrt);
}

}  // namespace keras::graph
