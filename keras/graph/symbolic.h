// The leaves of a symbolic graph that user code makes: the inputs of a hand-written program
// (placeholders), constants, and the symbolic value of a variable. With keras/graph/gradients.h
// and keras/graph/program.h this is the op-level API below Keras's Model (keras/keras.h does not
// include it):
//
//   Tensor x = graph::placeholder({DType::float32, Shape{-1, 2}}, "x");
//   Tensor loss = ops::mean(ops::square(ops::matmul(x, w)));
//   graph::Program step({x}, {loss}, {ops::sgd_update(w, graph::gradients(loss, {w})[0], 0.1)});
//
// Ownership: a symbolic tensor owns its node, and a node its inputs, so a graph lives as long as
// any tensor of it. Thread safety: any thread may make leaves and ops at once (node ids come from
// an atomic counter); a graph itself is not changed after it is made.
#pragma once

#include <string>

#include "keras/core/tensor.h"

namespace keras::graph {

// A graph input: a symbolic tensor of `meta`'s dtype and shape (-1 for a dimension known only
// when a program runs, such as the batch).
Tensor placeholder(TensorMeta meta, std::string name = "");
// A concrete tensor as a graph constant (its value is captured now).
Tensor constant(const Tensor& value);
// A concrete tensor used in a graph: its variable when it has one (read when the graph runs,
// as a custom train_step reads the model's weights), else a constant.
Tensor as_symbolic(const Tensor& tensor);

}  // namespace keras::graph
