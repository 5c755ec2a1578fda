#include "keras/layers/keras_tensor.h"

#include <algorithm>

#include "keras/graph/node.h"
#include "keras/utils/naming.h"

namespace keras::layers {

std::vector<CallNode*> CallNode::parent_nodes() const {
  std::vector<CallNode*> out;
  for (const Tensor& t : inputs) out.push_back(keras_history(t).node.get());
  return out;
}

Tensor CallNode::output(size_t tensor_index) {
  KERAS_ASSERT(tensor_index < output_metas.size(), "a layer call has no output ", tensor_index);
  const TensorMeta& meta = output_metas[tensor_index];
  outputs.resize(output_metas.size());
  std::shared_ptr<graph::Node> placeholder = outputs[tensor_index].lock();
  Tensor out;
  if (placeholder) {
    out = Tensor::symbolic(std::move(placeholder), 0, meta);
  } else {
    out = graph::placeholder(meta, output_names[tensor_index]);
    out.node_ptr()->keras_history = std::make_shared<KerasHistory>(KerasHistory{
        layer->shared_from_this(), shared_from_this(), index, static_cast<int>(tensor_index)});
    outputs[tensor_index] = out.node_ptr();
  }
  // The mask is a stand-in for its dtype and shape (calls on Keras tensors trace on stand-ins).
  if (tensor_index < output_masks.size() && output_masks[tensor_index])
    out = out.with_keras_mask(graph::placeholder(*output_masks[tensor_index], "keras_mask"));
  return out;
}

Tensors CallNode::output_tensors() {
  std::vector<Tensor> flat;
  for (size_t i = 0; i < output_metas.size(); ++i) flat.push_back(output(i));
  return output_metas.with_values(std::move(flat));
}

bool is_keras_tensor(const Tensor& tensor) {
  return tensor.is_symbolic() && tensor.node()->keras_history != nullptr;
}

const KerasHistory& keras_history(const Tensor& tensor, const std::string& who) {
  if (!is_keras_tensor(tensor))
    throw ValueError(
        str(who.empty() ? "" : who + ": ",
            "expected a Keras tensor (from keras::Input or a layer called on one), got ",
            tensor.is_concrete() ? "a concrete tensor" : "a symbolic graph tensor", " of shape ",
            tensor.shape()));
  return *tensor.node()->keras_history;
}

const std::string& keras_tensor_name(const Tensor& tensor) {
  return tensor.node()->name;
}

Tensors record_call(Layer& layer, const Tensors& inputs, const std::optional<bool>& training,
                    const Tensors& mask_arg, const Nested<TensorMeta>& metas,
                    const std::vector<std::optional<TensorMeta>>& output_masks) {
  auto node = std::make_shared<CallNode>();
  node->layer = &layer;
  node->inputs = inputs;
  node->training = training;
  node->mask = mask_arg;
  node->output_metas = metas;
  for (size_t i = 0; i < metas.size(); ++i) {
    node->output_masks.push_back(i < output_masks.size() ? output_masks[i] : std::nullopt);
    node->output_names.push_back(utils::uniquify("keras_tensor"));
  }
  layer.add_inbound_node(node);
  return node->output_tensors();
}

std::shared_ptr<CallNode> record_input(Layer& input_layer, TensorMeta meta,
                                       const std::string& name) {
  auto node = std::make_shared<CallNode>();
  node->layer = &input_layer;
  node->is_input = true;
  node->output_metas = Nested<TensorMeta>(std::move(meta));
  node->output_masks = {std::nullopt};
  node->output_names = {name};
  input_layer.add_inbound_node(node);
  return node;
}

// --- Layer's functional bookkeeping (declared in layer.h) ---------------------------------------

std::vector<std::shared_ptr<CallNode>> Layer::inbound_nodes() const {
  std::vector<std::shared_ptr<CallNode>> alive;
  for (const auto& weak : inbound_nodes_)
    if (auto node = weak.lock()) alive.push_back(std::move(node));
  return alive;
}

void Layer::add_inbound_node(const std::shared_ptr<CallNode>& node) {
  // Calls that nothing holds any more are forgotten, so that a layer called again and again
  // (in a loop that builds models) keeps a short list; their indices stay counted.
  std::erase_if(inbound_nodes_, [](const std::weak_ptr<CallNode>& n) { return n.expired(); });
  node->index = inbound_calls_++;
  inbound_nodes_.push_back(node);
}

namespace {

// The first call something still holds, for Keras's layer.input and layer.output.
std::shared_ptr<CallNode> first_call(const Layer& layer, int calls, const char* attribute) {
  std::vector<std::shared_ptr<CallNode>> nodes = layer.inbound_nodes();
  if (!nodes.empty()) return nodes.front();
  if (calls == 0)
    throw ValueError(str("The layer ", layer.name(),
                         " has never been called and thus has no defined ", attribute, "."));
  throw ValueError(str("The layer ", layer.name(), " has no defined ", attribute,
                       ": no Keras tensor or model holds any of its ", calls,
                       " calls any more (keras/layers/keras_tensor.h)"));
}

}  // namespace

Tensors Layer::input() const {
  return first_call(*this, inbound_calls_, "input")->inputs;
}

Tensors Layer::output() const {
  return first_call(*this, inbound_calls_, "output")->output_tensors();
}

}  // namespace keras::layers
