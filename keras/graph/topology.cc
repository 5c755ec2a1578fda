#include "keras/graph/topology.h"

#include <algorithm>
#include <unordered_set>

namespace keras::graph {

std::vector<std::shared_ptr<Node>> topological_order(
    const std::vector<std::shared_ptr<Node>>& roots) {
  std::vector<std::shared_ptr<Node>> order;
  std::unordered_set<const Node*> done, on_stack;
  // Depth-first post-order with an explicit stack of (node, next input to visit).
  std::vector<std::pair<std::shared_ptr<Node>, size_t>> stack;
  std::vector<std::shared_ptr<Node>> sorted_roots = roots;
  std::stable_sort(sorted_roots.begin(), sorted_roots.end(),
                   [](const auto& a, const auto& b) { return a->id < b->id; });
  for (const auto& root : sorted_roots) {
    if (!root || done.count(root.get())) continue;
    stack.emplace_back(root, 0);
    while (!stack.empty()) {
      auto& [node, next] = stack.back();
      // The inputs, then the guard of a guarded update (graph/node.h), which runs before it.
      size_t count = node->inputs.size() + (node->guard.defined() ? 1 : 0);
      if (next < count) {
        const Tensor& t = next < node->inputs.size() ? node->inputs[next] : node->guard;
        ++next;
        const std::shared_ptr<Node>& input = t.node_ptr();
        if (!done.count(input.get())) stack.emplace_back(input, 0);
        continue;
      }
      if (done.insert(node.get()).second) order.push_back(node);
      stack.pop_back();
    }
  }
  return order;
}

}  // namespace keras::graph
