#include "keras/layers/keras_tensor.h"

#include <algorithm>

#include "keras/utils/naming.h"

namespace keras::layers {

namespace {

Tensor make_keras_tensor(const TensorMeta& meta, const std::string& name,
                         std::shared_ptr<const KerasHistory> history) {
  Tensor t = graph::placeholder(meta, name);
  t.node_ptr()->keras_history = std::move(history);
  return t;
}

}  // namespace

int CallNode::node_index() const {
  const auto& nodes = layer->inbound_nodes();
  for (size_t i = 0; i < nodes.size(); ++i)
    if (nodes[i].get() == this) return static_cast<int>(i);
  KERAS_UNREACHABLE("a CallNode that is not among its layer's inbound nodes");
}

std::vector<CallNode*> CallNode::parent_nodes() const {
  std::vector<CallNode*> out;
  for (const Tensor& t : inputs) {
    const KerasHistory& h = keras_history(t);
    out.push_back(h.layer->inbound_nodes()[static_cast<size_t>(h.node_index)].get());
  }
  return out;
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
  layer.add_inbound_node(node);
  int node_index = static_cast<int>(layer.inbound_nodes().size()) - 1;
  LayerPtr owner = layer.shared_from_this();
  std::vector<Tensor> outputs;
  for (size_t i = 0; i < metas.size(); ++i) {
    auto history =
        std::make_shared<KerasHistory>(KerasHistory{owner, node_index, static_cast<int>(i)});
    Tensor out = make_keras_tensor(metas[i], utils::uniquify("keras_tensor"), std::move(history));
    if (i < output_masks.size() && output_masks[i])
      out = out.with_keras_mask(graph::placeholder(*output_masks[i], "keras_mask"));
    node->outputs.push_back(out.node_ptr());
    outputs.push_back(out);
  }
  return metas.with_values(std::move(outputs));
}

Tensor record_input(Layer& input_layer, TensorMeta meta, const std::string& name) {
  auto node = std::make_shared<CallNode>();
  node->layer = &input_layer;
  node->is_input = true;
  node->output_metas = Nested<TensorMeta>(meta);
  input_layer.add_inbound_node(node);
  auto history = std::make_shared<KerasHistory>(KerasHistory{input_layer.shared_from_this(), 0, 0});
  Tensor out = make_keras_tensor(meta, name, std::move(history));
  node->outputs.push_back(out.node_ptr());
  return out;
}

}  // namespace keras::layers
