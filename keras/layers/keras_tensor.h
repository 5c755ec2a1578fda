// Keras tensors and the layer graph of the functional API (Keras's KerasTensor, Node and
// KerasHistory: keras/src/backend/common/keras_tensor.py, keras/src/ops/node.py).
//
// A Keras tensor is a symbolic Tensor whose graph node is a placeholder carrying a KerasHistory:
// the layer that produced it, the call of that layer (a CallNode; node_index counts the calls
// before it, as Keras's index into the layer's _inbound_nodes) and which output
// (tensor_index). keras::Input makes the first ones; calling a layer on Keras tensors records a
// CallNode and returns new Keras tensors. Model(inputs, outputs) walks these histories back from
// the outputs.
//
// Who owns what. Python's Keras lets every object point at every other (a layer lists its
// nodes, a node its layer, its input and its output tensors, a tensor its node) and leaves the
// cycles to the garbage collector. Reference counting frees nothing that is part of a cycle, so
// here ownership runs one way only, from what a user holds towards where the graph started:
//  - a Keras tensor owns its history: the layer that made it and the CallNode of that call;
//  - a CallNode owns the Keras tensors it was called on (inputs and explicit masks), hence,
//    through their histories, every layer and call upstream of it;
//  - a model owns its layers, its input and output tensors and the CallNodes of its graph; a
//    Sequential owns its layers and the functional graph it runs;
//  - an InputLayer owns its single CallNode, which has no inputs.
// What points the other way does not own:
//  - a layer lists its calls weakly (Layer::inbound_nodes() gives those something still holds).
//    Owning them would close a cycle as soon as a layer is called on a tensor downstream of
//    itself (a shared layer applied twice in a row, a model's layer applied to that model's
//    output), and in general the layer never learns which of its calls are still wanted;
//  - a CallNode knows its layer by address (whoever holds the node holds the layer) and its
//    output tensors weakly (their placeholders). An output nothing holds any more is made
//    again, with the same name, mask and history, when CallNode::output() asks for it: nothing
//    can tell it from the first, since nothing kept the first.
// So a graph lives exactly as long as a tensor or model that reaches it, and a model dropped by
// its last handle frees its layers, its graph and its weights. The difference from Keras shows
// only where nothing reaches a call any more: a layer that outlives every tensor and model of
// one of its calls no longer lists that call (Keras keeps it, with its tensors, for as long as
// the layer lives); node indices still count it, as Keras's do.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "keras/core/tensor.h"
#include "keras/layers/layer.h"

namespace keras::graph {
struct Node;  // keras/graph/node.h
}  // namespace keras::graph

namespace keras::layers {

struct CallNode;

struct KerasHistory {
  LayerPtr layer;                  // the layer that made the tensor (owned)
  std::shared_ptr<CallNode> node;  // the call that made it (owned)
  int node_index = 0;              // node->index
  int tensor_index = 0;
};

// One functional call of a layer (Keras's Node).
struct CallNode : std::enable_shared_from_this<CallNode> {
  Layer* layer = nullptr;           // the layer called; whoever holds this node holds the layer
  int index = 0;                    // the calls of the layer before this one (Keras's node_index)
  Tensors inputs;                   // the Keras tensors it was called on, in their structure
  std::optional<bool> training;     // an explicit `training` argument, kept for re-runs
  Tensors mask;                     // explicit `mask` arguments (Keras tensors); usually empty
  Nested<TensorMeta> output_metas;  // the outputs' dtypes and shapes, in their structure
  std::vector<std::optional<TensorMeta>> output_masks;  // the outputs' masks, by tensor index
  std::vector<std::string> output_names;                // the outputs' Keras tensor names
  // The outputs' placeholders, by tensor index (expired when nothing holds that output).
  std::vector<std::weak_ptr<graph::Node>> outputs;
  bool is_input = false;  // the node of an InputLayer: no inputs

  int node_index() const { return index; }
  // The nodes that made this node's inputs (Keras's parent_nodes), in input order.
  std::vector<CallNode*> parent_nodes() const;
  // Output `tensor_index` as a Keras tensor: the one alive, else a new one standing for it.
  Tensor output(size_t tensor_index);
  // Every output, in their structure.
  Tensors output_tensors();
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

// Records a call of `layer` on Keras tensors: makes the CallNode (listed among the layer's
// inbound nodes) and one Keras tensor per output meta, with `output_masks` (nullopt: none; else
// a mask meta placeholder) attached. Returns the outputs in the structure of `metas`; they own
// the node.
Tensors record_call(Layer& layer, const Tensors& inputs, const std::optional<bool>& training,
                    const Tensors& mask_arg, const Nested<TensorMeta>& metas,
                    const std::vector<std::optional<TensorMeta>>& output_masks);
// The CallNode of an InputLayer (is_input): one output of `meta` named `name`. The InputLayer
// keeps it; its Keras tensor is node->output(0).
std::shared_ptr<CallNode> record_input(Layer& input_layer, TensorMeta meta,
                                       const std::string& name);

}  // namespace keras::layers
