// Keras tensors and the layer graph of the functional API (Keras's KerasTensor, Node and
// KerasHistory: keras/src/backend/common/keras_tensor.py, keras/src/ops/node.py).
//
// A Keras tensor is a symbolic Tensor whose graph node is a placeholder carrying a KerasHistory:
// the layer that produced it, which call of that layer (node_index into the layer's
// inbound_nodes) and which output (tensor_index). keras::Input makes the first ones; calling a
// layer on Keras tensors records a CallNode and returns new Keras tensors. Model(inputs, outputs)
// walks these histories back from the outputs.
//
// Ownership runs one way, from outputs back to inputs: a Keras tensor owns its history, the
// history its layer, the layer its CallNodes, a CallNode its input tensors. A CallNode knows its
// outputs only weakly (their placeholders), so no cycle forms.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "keras/core/tensor.h"
#include "keras/graph/node.h"
#include "keras/layers/layer.h"

namespace keras::layers {

struct KerasHistory {
  LayerPtr layer;
  int node_index = 0;
  int tensor_index = 0;
};

// One functional call of a layer (Keras's Node).
struct CallNode {
  Layer* layer = nullptr;           // the layer called; it owns this node
  Tensors inputs;                   // the Keras tensors it was called on, in their structure
  std::optional<bool> training;     // an explicit `training` argument, kept for re-runs
  Tensors mask;                     // explicit `mask` arguments (Keras tensors); usually empty
  Nested<TensorMeta> output_metas;  // the outputs' dtypes and shapes, in their structure
  // The outputs' placeholders, by tensor index (expired when nothing holds that output).
  std::vector<std::weak_ptr<graph::Node>> outputs;
  bool is_input = false;  // the node of an InputLayer: no inputs

  int node_index() const;  // this node's position in layer->inbound_nodes()
  // The nodes that made this node's inputs (Keras's parent_nodes), in input order.
  std::vector<CallNode*> parent_nodes() const;
};

// True for a Keras tensor (the functional API's symbolic tensors).
bool is_keras_tensor(const Tensor& tensor);
// Its history; ValueError naming `who` when the tensor is not a Keras tensor.
const KerasHistory& keras_history(const Tensor& tensor, const std::string& who = "");
// The name of a Keras tensor ("keras_tensor_3", or an Input's name).
const std::string& keras_tensor_name(const Tensor& tensor);
// The identity of a Keras tensor: the address of its placeholder (stable while it lives).
inline const graph::Node* keras_tensor_key(const Tensor& tensor) {
  return tensor.node();
}

// Records a call of `layer` on Keras tensors: makes the CallNode (appended to the layer's
// inbound nodes) and one Keras tensor per output meta, with `output_masks` (undefined: none;
// else a mask meta placeholder) attached. Returns the outputs in the structure of `metas`.
Tensors record_call(Layer& layer, const Tensors& inputs, const std::optional<bool>& training,
                    const Tensors& mask_arg, const Nested<TensorMeta>& metas,
                    const std::vector<std::optional<TensorMeta>>& output_masks);
// The Keras tensor of an InputLayer: its CallNode (is_input) and its output.
Tensor record_input(Layer& input_layer, TensorMeta meta, const std::string& name);

}  // namespace keras::layers
