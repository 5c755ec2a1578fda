// Reverse-mode differentiation over symbolic graphs.
#pragma once

#include <concepts>
#include <vector>

#include "keras/core/tensor.h"
#include "keras/core/variable.h"

namespace keras::graph {

// d(loss)/d(x) for each x in `wrt`, as symbolic tensors added to the graph. `loss` is usually a
// scalar; for a non-scalar loss the gradient of its sum is taken (seed of ones). A `wrt` entry is
// a symbolic tensor of the graph or a Variable (its value): all reads of that variable in the
// graph contribute. Where no path leads from x to the loss the gradient is zeros of x's shape.
// Paths through ops without a gradient rule (argmax, comparisons, integer casts) carry none.
std::vector<Tensor> gradients(const Tensor& loss, const std::vector<Tensor>& wrt);

// The same for a list of variables, as a custom train_step takes them (Keras's
// tape.gradient(loss, model.trainable_variables)):
//   std::vector<Tensor> grads = graph::gradients(loss, trainable_weights());
template <class V>
requires std::same_as<V, Variable> std::vector<Tensor> gradients(const Tensor& loss,
                                                                 const std::vector<V>& variables) {
  return gradients(loss, std::vector<Tensor>(variables.begin(), variables.end()));
}

// The vector-Jacobian product: Σ_i <output_grads[i], d outputs[i] / d x> for each x in `wrt`.
// `output_grads[i]` has outputs[i]'s shape and dtype (symbolic or concrete).
std::vector<Tensor> gradients(const std::vector<Tensor>& outputs,
                              const std::vector<Tensor>& output_grads,
                              const std::vector<Tensor>& wrt);

}  // namespace keras::graph
