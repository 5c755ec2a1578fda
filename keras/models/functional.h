// The functional model (keras/src/models/functional.py, keras/src/ops/function.py): a model
// defined by the layer graph between Keras tensors from keras::Input and output Keras tensors.
//
// Construction walks the graph back from the outputs (Keras's map_graph): it orders the layer
// calls by depth, lists the layers in Keras's order, and rejects graphs whose outputs cannot be
// computed from the inputs or that use a layer name twice. Calling the model re-runs those layer
// calls, in depth order, on the tensors given: concrete ones (eager), graph placeholders (when a
// program is traced), or Keras tensors (the model used as a layer of another model).
//
// Inputs and outputs keep the structure they were given in (one tensor, a list, a dict); a
// model with a dict of inputs takes its inputs as a dict by name or as a list in sorted-key
// order.
//
// The model owns its layers, its input and output Keras tensors and the layer calls of its graph
// (keras/layers/keras_tensor.h): the graph stays whole while the model lives, though the Keras
// tensors it was made from are gone, and nothing in it refers back to the model.
#pragma once

#include <map>
#include <vector>

#include "keras/layers/keras_tensor.h"
#include "keras/models/model.h"

namespace keras::models {

class FunctionalImpl : public ModelImpl {
 public:
  // inputs: Keras tensors from keras::Input; outputs: Keras tensors computed from them.
  FunctionalImpl(const Tensors& inputs, const Tensors& outputs, const ModelOptions& options = {});

  Tensors inputs() const override { return inputs_; }
  Tensors outputs() const override { return outputs_; }
  std::vector<LayerPtr> layers() const override;
  std::vector<std::string> output_names() const override;

  // The layer graph, as Keras's _nodes_by_depth: depth 0 holds the calls that make the outputs.
  const std::map<int, std::vector<layers::CallNode*>>& nodes_by_depth() const {
    return nodes_by_depth_;
  }
  // Whether a layer call belongs to this model's graph (Keras's _nodes).
  bool owns_node(const layers::CallNode* node) const;

  // Runs the graph on `inputs` (standardized to the model's input structure) inside the current
  // call; what call() does, for Sequential's use (`who` names the model in errors; this one's
  // name when empty).
  Tensors run(const Tensors& inputs, const std::string& who = "");

  // Keras 3's Functional config: {"name", "trainable", "layers": [each layer's serialization
  // with "name" and "inbound_nodes"], "input_layers", "output_layers"}, node indices counting
  // only this model's calls.
  Json get_config() const override;
  // Rebuilds the graph by calling freshly made layers on each other as the config records.
  static std::shared_ptr<FunctionalImpl> from_config(const Json& config);

 protected:
  Tensors call(const Tensors& inputs, const layers::CallContext& context) override;

 private:
  std::vector<Tensor> standardize_inputs(const Tensors& inputs, const std::string& who) const;

  Tensors inputs_, outputs_;
  std::vector<LayerPtr> operations_;  // every layer of the graph, in Keras's order
  std::map<int, std::vector<layers::CallNode*>> nodes_by_depth_;
  // The calls that belong to this graph (Keras's _nodes), owned: the model keeps its graph.
  std::vector<std::shared_ptr<const layers::CallNode>> nodes_;
};

}  // namespace keras::models
