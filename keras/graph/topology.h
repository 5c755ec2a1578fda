// Graph traversal shared by autodiff and the program builder.
#pragma once

#include <memory>
#include <vector>

#include "keras/graph/node.h"

namespace keras::graph {

// Every node that `roots` depend on, inputs before consumers; ties broken by creation order so
// the result is deterministic. Iterative: deep graphs do not overflow the stack.
std::vector<std::shared_ptr<Node>> topological_order(
    const std::vector<std::shared_ptr<Node>>& roots);

}  // namespace keras::graph
