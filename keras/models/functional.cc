#include "keras/models/functional.h"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "keras/core/detail/keras_args.h"
#include "keras/core/warnings.h"
#include "keras/layers/core/input_layer.h"
#include "keras/layers/serialization.h"
#include "keras/ops/shape.h"

namespace keras::models {

using layers::CallNode;
using layers::KerasHistory;

namespace {

CallNode* node_of(const Tensor& t) {
  return layers::keras_history(t).node.get();
}

// Keras's path of a flat output in its structure: "" for a single tensor, the index in a
// list, the key in a dict.
std::string path_of(const Tensors& structure, size_t i) {
  if (structure.is_single()) return "";
  if (structure.is_dict()) return structure.keys()[i];
  return std::to_string(i);
}

// Python's insertion-ordered dict, for the depth maps of map_graph (their order decides the
// order of layers with equal depth).
template <class K>
class OrderedDepths {
 public:
  bool contains(K key) const { return index_.count(key) != 0; }
  int get(K key, int fallback) const {
    auto it = index_.find(key);
    return it == index_.end() ? fallback : entries_[it->second].second;
  }
  void set(K key, int depth) {
    auto it = index_.find(key);
    if (it == index_.end()) {
      index_[key] = entries_.size();
      entries_.emplace_back(key, depth);
    } else {
      entries_[it->second].second = depth;
    }
  }
  const std::vector<std::pair<K, int>>& entries() const { return entries_; }

 private:
  std::unordered_map<K, size_t> index_;
  std::vector<std::pair<K, int>> entries_;
};

// Keras's _build_map: a depth-first walk from the outputs; nodes come out inputs first.
struct GraphMap {
  std::vector<CallNode*> nodes_in_decreasing_depth;
  std::unordered_map<layers::Layer*, int> operation_indices;
  std::set<CallNode*> finished, in_progress;
  std::set<const graph::Node*> input_keys;

  void visit(const Tensor& tensor) {
    const KerasHistory& history = layers::keras_history(tensor);
    CallNode* node = node_of(tensor);
    if (finished.count(node)) return;
    if (!node->is_input && input_keys.count(layers::keras_tensor_key(tensor))) {
      finished.insert(node);
      return;
    }
    if (in_progress.count(node))
      throw ValueError(str("Tensor ", layers::keras_tensor_name(tensor), " from operation '",
                           history.layer->name(), "' is part of a cycle."));
    operation_indices.emplace(history.layer.get(), static_cast<int>(operation_indices.size()));
    in_progress.insert(node);
    if (!node->is_input)
      for (const Tensor& input : node->inputs) visit(input);
    finished.insert(node);
    in_progress.erase(node);
    nodes_in_decreasing_depth.push_back(node);
  }
};

}  // namespace

FunctionalImpl::FunctionalImpl(const Tensors& inputs, const Tensors& outputs,
                               const ModelOptions& options)
    : ModelImpl("Functional", options), inputs_(inputs), outputs_(outputs) {
  if (inputs.empty())
    throw ValueError(
        str("`inputs` argument cannot be empty. Received: inputs=[] (model '", name(), "')"));
  if (outputs.empty())
    throw ValueError(
        str("`outputs` argument cannot be empty. Received: outputs=[] (model '", name(), "')"));
  for (const Tensor& x : inputs)
    if (!layers::is_keras_tensor(x))
      throw ValueError(
          str("All `inputs` values must be KerasTensors (from keras::Input). "
              "Received a ",
              x.defined() ? (x.is_concrete() ? "concrete tensor" : "graph tensor") : "empty tensor",
              " (model '", name(), "')"));
  for (const Tensor& x : outputs)
    if (!layers::is_keras_tensor(x))
      throw ValueError(
          str("All `outputs` values must be KerasTensors (outputs of layers called "
              "on keras::Input tensors). Received a ",
              x.defined() ? (x.is_concrete() ? "concrete tensor" : "graph tensor") : "empty tensor",
              " (model '", name(), "')"));
  for (const Tensor& x : inputs)
    if (!node_of(x)->is_input)
      throw NotImplementedError(str(
          "model '", name(),
          "': every input must come straight from keras::Input; models "
          "that start from an intermediate tensor (Keras clones the graph) are not supported yet"));
  if (inputs.is_dict())
    for (size_t i = 0; i < inputs.size(); ++i)
      if (inputs.keys()[i] != layers::keras_tensor_name(inputs[i]))
        warn(
            str("When providing `inputs` as a dict, all keys in the dict must match the names "
                "of the corresponding tensors. Received key '",
                inputs.keys()[i], "' mapping to value with name '",
                layers::keras_tensor_name(inputs[i]), "'. Change the tensor name to '",
                inputs.keys()[i], "' (via `Input(..., {.name = '", inputs.keys()[i], "'})`)"));

  // --- map_graph ---
  GraphMap map;
  for (const Tensor& x : inputs) map.input_keys.insert(layers::keras_tensor_key(x));
  for (const Tensor& y : outputs) map.visit(y);
  std::set<CallNode*> in_graph(map.nodes_in_decreasing_depth.begin(),
                               map.nodes_in_decreasing_depth.end());
  OrderedDepths<CallNode*> node_depths;
  OrderedDepths<layers::Layer*> operation_depths;
  for (auto it = map.nodes_in_decreasing_depth.rbegin(); it != map.nodes_in_decreasing_depth.rend();
       ++it) {
    CallNode* node = *it;
    if (!node_depths.contains(node)) node_depths.set(node, 0);
    int depth = std::max(node_depths.get(node, 0), operation_depths.get(node->layer, 0));
    operation_depths.set(node->layer, depth);
    node_depths.set(node, depth);
    if (node->is_input) continue;
    for (CallNode* parent : node->parent_nodes()) {
      if (!in_graph.count(parent)) continue;
      node_depths.set(parent, std::max(depth + 1, node_depths.get(parent, 0)));
    }
  }
  // Inputs that no output depends on still count (losses and metrics may use them).
  for (const Tensor& x : inputs) {
    CallNode* node = node_of(x);
    if (!operation_depths.contains(node->layer)) {
      operation_depths.set(node->layer, 0);
      map.operation_indices[node->layer] = -1;
      node_depths.set(node, 0);
    }
  }
  for (const auto& [node, depth] : node_depths.entries()) {
    nodes_by_depth_[depth].push_back(node);
    nodes_.push_back(node->shared_from_this());
  }
  std::map<int, std::vector<layers::Layer*>> operations_by_depth;
  for (const auto& [layer, depth] : operation_depths.entries())
    operations_by_depth[depth].push_back(layer);
  for (auto it = operations_by_depth.rbegin(); it != operations_by_depth.rend(); ++it) {
    std::vector<layers::Layer*> ops = it->second;
    std::stable_sort(ops.begin(), ops.end(), [&](layers::Layer* a, layers::Layer* b) {
      return map.operation_indices[a] < map.operation_indices[b];
    });
    for (layers::Layer* layer : ops) operations_.push_back(layer->shared_from_this());
  }

  // Every tensor a node needs must be computable from the inputs.
  std::set<const graph::Node*> computable(map.input_keys.begin(), map.input_keys.end());
  std::vector<std::string> accessed;
  for (auto it = nodes_by_depth_.rbegin(); it != nodes_by_depth_.rend(); ++it) {
    for (CallNode* node : it->second) {
      for (const Tensor& x : node->inputs) {
        if (!computable.count(layers::keras_tensor_key(x))) {
          std::string list;
          for (const auto& a : accessed) list += (list.empty() ? "'" : ", '") + a + "'";
          throw ValueError(str("Graph disconnected: cannot find parent for tensor ",
                               layers::keras_tensor_name(x), " ", x.shape(), " at operation '",
                               node->layer->name(),
                               "'. The following previous operations were accessed without "
                               "issue: [",
                               list, "]"));
        }
        accessed.push_back(node->layer->name());
      }
      for (const auto& out : node->outputs)
        if (auto p = out.lock()) computable.insert(p.get());
    }
  }

  // Names must be unique: serialized graphs refer to layers by name.
  std::map<std::string, int> name_counts;
  for (const LayerPtr& layer : operations_) ++name_counts[layer->name()];
  for (const LayerPtr& layer : operations_)
    if (name_counts[layer->name()] != 1)
      throw ValueError(str("The name \"", layer->name(), "\" is used ", name_counts[layer->name()],
                           " times in the model. All operation names should be unique."));

  // Every output must be reachable from the inputs (an output of another Input is not).
  std::set<const graph::Node*> reachable(map.input_keys.begin(), map.input_keys.end());
  for (auto it = nodes_by_depth_.rbegin(); it != nodes_by_depth_.rend(); ++it)
    for (CallNode* node : it->second) {
      if (node->is_input) continue;
      bool ready = std::all_of(node->inputs.begin(), node->inputs.end(), [&](const Tensor& x) {
        return reachable.count(layers::keras_tensor_key(x)) != 0;
      });
      if (!ready) continue;
      for (const auto& out : node->outputs)
        if (auto p = out.lock()) reachable.insert(p.get());
    }
  for (size_t i = 0; i < outputs.size(); ++i)
    if (!reachable.count(layers::keras_tensor_key(outputs[i])))
      throw ValueError(str("Output with path `", path_of(outputs, i),
                           "` is not connected to `inputs` (model '", name(), "')"));

  for (const LayerPtr& layer : operations_) track_layer(layer);
  set_convert_input_args(false);  // inputs are converted to each Input's dtype instead
  built_at_construction();
}

std::vector<LayerPtr> FunctionalImpl::layers() const {
  return operations_;
}

std::vector<std::string> FunctionalImpl::output_names() const {
  std::vector<std::string> out;
  for (const Tensor& y : outputs_) out.push_back(layers::keras_history(y).layer->name());
  return out;
}

bool FunctionalImpl::owns_node(const layers::CallNode* node) const {
  return std::any_of(nodes_.begin(), nodes_.end(),
                     [&](const std::shared_ptr<const CallNode>& n) { return n.get() == node; });
}

std::vector<Tensor> FunctionalImpl::standardize_inputs(const Tensors& given,
                                                       const std::string& who) const {
  // Match the given structure to the model's (Keras's _standardize_inputs).
  std::vector<Tensor> flat;
  if (given.is_dict() && !inputs_.is_dict()) {
    for (const Tensor& x : inputs_) {
      const std::string& key = layers::keras_tensor_name(x);
      if (!given.contains(key))
        throw ValueError(str(
            "Model '", who, "': missing data for input \"", key,
            "\". You passed a data dictionary with keys ", given.describe(),
            "; expected the following keys: ",
            inputs_.map([](const Tensor& t) { return layers::keras_tensor_name(t); }).describe()));
      flat.push_back(given.at(key));
    }
  } else if (given.is_dict() && inputs_.is_dict()) {
    for (const std::string& key : inputs_.keys()) {
      if (!given.contains(key))
        throw ValueError(str("Model '", who, "': missing data for input \"", key, "\". You passed ",
                             given.describe()));
      flat.push_back(given.at(key));
    }
  } else {
    flat = given.flat();
  }
  if (flat.size() != inputs_.size())
    throw ValueError(str("Model '", who, "' expects ", inputs_.size(),
                         " input(s), but it received ", flat.size(), " input tensors"));
  // Convert to each Input's dtype and reconcile a trailing axis of size 1 (Keras's
  // _adjust_input_rank), keeping masks.
  for (size_t i = 0; i < flat.size(); ++i) {
    const Tensor& ref = inputs_[i];
    Tensor x = flat[i];
    Tensor mask = x.keras_mask();
    if (x.dtype() != ref.dtype()) x = x.astype(ref.dtype());
    const Shape& want = ref.shape();
    int rank = x.rank(), ref_rank = want.rank();
    if (rank == ref_rank + 1 && x.shape().dim(-1) == 1)
      x = ops::squeeze(x, -1);
    else if (rank == ref_rank - 1 && ref_rank > 0 && want.dim(-1) == 1)
      x = ops::expand_dims(x, -1);
    else if (rank != ref_rank)
      throw ValueError(str("Invalid input shape for input with name '",
                           layers::keras_tensor_name(ref), "' and path '", path_of(inputs_, i),
                           "'. Expected shape ", want, ", but input has incompatible shape ",
                           x.shape()));
    for (int d = 0; d < want.rank(); ++d)
      if (want[d] >= 0 && x.shape()[d] >= 0 && want[d] != x.shape()[d])
        throw ValueError(str("Input ", i, " with name '", layers::keras_tensor_name(ref),
                             "' of layer '", who,
                             "' is incompatible with the layer: expected shape=", Shape([&] {
                               std::vector<int64_t> s = want.dims();
                               if (!s.empty()) s[0] = Shape::kUnknown;
                               return s;
                             }()),
                             ", found shape=", x.shape()));
    flat[i] = x.with_keras_mask(mask);
  }
  return flat;
}

Tensors FunctionalImpl::run(const Tensors& given, const std::string& who) {
  std::vector<Tensor> flat = standardize_inputs(given, who.empty() ? name() : who);
  std::unordered_map<const graph::Node*, Tensor> values;
  for (size_t i = 0; i < flat.size(); ++i) values[layers::keras_tensor_key(inputs_[i])] = flat[i];
  auto lookup = [&](const Tensor& keras_tensor) -> const Tensor* {
    auto it = values.find(layers::keras_tensor_key(keras_tensor));
    return it == values.end() ? nullptr : &it->second;
  };
  for (auto it = nodes_by_depth_.rbegin(); it != nodes_by_depth_.rend(); ++it) {
    for (CallNode* node : it->second) {
      if (node->is_input) continue;
      bool ready = std::all_of(node->inputs.begin(), node->inputs.end(),
                               [&](const Tensor& x) { return lookup(x) != nullptr; });
      if (!ready) continue;
      Tensors args = node->inputs.map([&](const Tensor& x) { return *lookup(x); });
      layers::CallOptions options;
      options.training = node->training;
      if (!node->mask.empty())
        options.mask = node->mask.map([&](const Tensor& m) {
          const Tensor* v = m.defined() ? lookup(m) : nullptr;
          return v ? *v : Tensor();
        });
      Tensors outputs = (*node->layer)(args, options);
      for (size_t i = 0; i < node->outputs.size() && i < outputs.size(); ++i)
        if (auto key = node->outputs[i].lock()) values[key.get()] = outputs[i];
    }
  }
  std::vector<Tensor> results;
  for (size_t i = 0; i < outputs_.size(); ++i) {
    const Tensor* v = lookup(outputs_[i]);
    if (!v)
      throw ValueError(str("Output with path `", path_of(outputs_, i),
                           "` is not connected to `inputs` (model '", name(), "')"));
    results.push_back(*v);
  }
  return outputs_.with_values(std::move(results));
}

Tensors FunctionalImpl::call(const Tensors& inputs, const layers::CallContext& context) {
  // Masks passed to the model's call ride on its inputs into the graph.
  Tensors with_masks = inputs;
  for (size_t i = 0; i < with_masks.size() && i < context.mask.size(); ++i)
    if (context.mask[i].defined())
      with_masks.flat()[i] = inputs[i].with_keras_mask(context.mask[i]);
  return run(with_masks);
}

Model::Model(const Tensors& inputs, const Tensors& outputs, const ModelOptions& options)
    : ModelHandle(std::make_shared<FunctionalImpl>(inputs, outputs, options)) {}

}  // namespace keras::models

// --- Config -------------------------------------------------------------------------------------

namespace keras::models {

namespace {

const char kKerasTensor[] = "__keras_tensor__";

bool is_functional(const layers::Layer& layer) {
  return dynamic_cast<const FunctionalImpl*>(&layer) != nullptr;
}

// A Keras 2 node, [[layer, node, tensor, kwargs], ...] (one entry per input), as the Keras 3
// record Keras's deserialize_node makes of it: the inputs as one argument (a single tensor, or
// a list of them) and the first entry's call kwargs.
Json keras3_node(const Json& node, const std::string& who) {
  Json inputs = Json::array();
  Json kwargs = Json::object();
  for (const Json& entry : node) {
    if (!entry.is_array() || entry.size() < 3 || !entry[0].is_string() ||
        !entry[1].is_number_integer() || !entry[2].is_number_integer())
      throw ValueError(str(who,
                           ": a Keras 2 inbound node entry must be [layer, node, tensor, "
                           "kwargs]; got ",
                           entry.dump().substr(0, 200)));
    inputs.push_back({{"class_name", kKerasTensor},
                      {"config", {{"keras_history", {entry[0], entry[1], entry[2]}}}}});
    if (entry.size() > 3 && entry[3].is_object() && kwargs.empty()) kwargs = entry[3];
  }
  Json args = Json::array();
  args.push_back(inputs.size() == 1 ? inputs[0] : inputs);
  return {{"args", args}, {"kwargs", kwargs}};
}

}  // namespace

Json FunctionalImpl::get_config() const {
  Json config = {{"name", name()}, {"trainable", trainable()}};
  // A history's node index among the nodes of its layer that belong to this model (Keras's
  // serialize_node: the index less the calls outside this model before it); input/output layers
  // use Keras's other numbering, which starts nested functional models at 1.
  auto own_index = [&](const layers::KerasHistory& h) {
    int before = 0;
    for (const auto& node : h.layer->inbound_nodes())
      if (node->index < h.node_index && owns_node(node.get())) ++before;
    return before;
  };
  auto keras_tensor = [&](const Tensor& t) -> Json {
    const layers::KerasHistory& h = layers::keras_history(t);
    return {{"class_name", kKerasTensor},
            {"config",
             {{"shape", args::ArgForm<Shape>::write(t.shape())},
              {"dtype", std::string(keras::name(t.dtype()))},
              {"keras_history", {h.layer->name(), own_index(h), h.tensor_index}}}}};
  };
  auto structure = [&](const Tensors& tensors, auto&& leaf) -> Json {
    if (tensors.is_single()) return leaf(tensors[0]);
    if (tensors.is_dict()) {
      Json out = Json::object();
      for (size_t i = 0; i < tensors.size(); ++i) out[tensors.keys()[i]] = leaf(tensors[i]);
      return out;
    }
    Json out = Json::array();
    for (const Tensor& t : tensors) out.push_back(leaf(t));
    return out;
  };

  Json layer_configs = Json::array();
  for (const LayerPtr& op : operations_) {
    Json inbound = Json::array();
    for (const auto& node : op->inbound_nodes()) {
      if (!owns_node(node.get()) || node->is_input) continue;
      Json kwargs = Json::object();
      if (node->training) kwargs["training"] = *node->training;
      if (!node->mask.empty())
        kwargs["mask"] = structure(node->mask, [&](const Tensor& m) {
          return m.defined() ? keras_tensor(m) : Json(nullptr);
        });
      inbound.push_back(
          {{"args", Json::array({structure(node->inputs, keras_tensor)})}, {"kwargs", kwargs}});
    }
    Json layer_config = layers::serialize(*op);
    layer_config["name"] = op->name();
    layer_config["inbound_nodes"] = inbound;
    layer_configs.push_back(layer_config);
  }
  config["layers"] = layer_configs;

  std::map<const layers::CallNode*, int> reindexed;
  for (const LayerPtr& op : operations_) {
    int kept = is_functional(*op) ? 1 : 0;
    for (const auto& node : op->inbound_nodes())
      if (owns_node(node.get())) reindexed[node.get()] = kept++;
  }
  auto triple = [&](const Tensor& t) -> Json {
    const layers::KerasHistory& h = layers::keras_history(t);
    return {h.layer->name(), reindexed.at(h.node.get()), h.tensor_index};
  };
  config["input_layers"] = structure(inputs_, triple);
  config["output_layers"] = structure(outputs_, triple);
  return config;
}

std::shared_ptr<FunctionalImpl> FunctionalImpl::from_config(const Json& config) {
  const std::string who = "Functional config";
  if (!config.is_object() || !config.contains("layers") || !config.at("layers").is_array() ||
      !config.contains("input_layers") || !config.contains("output_layers"))
    throw ValueError(str(who,
                         ": expected an object with 'layers', 'input_layers' and "
                         "'output_layers', got ",
                         config.dump().substr(0, 200)));
  struct Made {
    LayerPtr layer;
    std::vector<Json> pending;     // inbound nodes not yet called
    std::vector<Tensors> outputs;  // per node already made, by node index
  };
  std::vector<std::string> order;
  std::map<std::string, Made> made;
  for (const Json& layer_data : config.at("layers")) {
    if (!layer_data.is_object() || !layer_data.contains("name") ||
        !layer_data.at("name").is_string())
      throw ValueError(
          str(who, ": every layer entry needs a \"name\", got ", layer_data.dump().substr(0, 200)));
    std::string layer_name = layer_data.at("name").get<std::string>();
    Made m;
    m.layer = layers::deserialize(layer_data);
    if (auto input = std::dynamic_pointer_cast<layers::InputLayerImpl>(m.layer))
      m.outputs.push_back(Tensors(input->output()));
    if (layer_data.contains("inbound_nodes") && layer_data.at("inbound_nodes").is_array())
      for (const Json& node : layer_data.at("inbound_nodes"))
        m.pending.push_back(node.is_array() ? keras3_node(node, who) : node);
    order.push_back(layer_name);
    made[layer_name] = std::move(m);
  }

  // A tensor named by (layer, node, tensor); nullptr when that call is not made yet.
  auto find_tensor = [&](const std::string& layer_name, int node_index,
                         int tensor_index) -> const Tensor* {
    auto it = made.find(layer_name);
    if (it == made.end())
      throw ValueError(str(who, ": invalid configuration, missing node: ", layer_name));
    if (node_index < 0) node_index += static_cast<int>(it->second.outputs.size());  // Python's -1
    if (node_index < 0 || static_cast<size_t>(node_index) >= it->second.outputs.size())
      return nullptr;
    const Tensors& outs = it->second.outputs[static_cast<size_t>(node_index)];
    if (tensor_index < 0 || static_cast<size_t>(tensor_index) >= outs.size())
      throw ValueError(str(who, ": layer '", layer_name, "' has no output ", tensor_index));
    return &outs[static_cast<size_t>(tensor_index)];
  };
  // A node argument: a __keras_tensor__ marker, or a list/dict of them (Keras 3), or Keras 2's
  // [[layer, node, tensor, kwargs], ...].
  std::function<std::optional<Tensors>(const Json&)> revive =
      [&](const Json& v) -> std::optional<Tensors> {
    if (v.is_object() && v.value("class_name", "") == kKerasTensor) {
      const Json& h = v.at("config").at("keras_history");
      const Tensor* t =
          find_tensor(h.at(0).get<std::string>(), h.at(1).get<int>(), h.at(2).get<int>());
      if (!t) return std::nullopt;
      return Tensors(*t);
    }
    if (v.is_array()) {
      std::vector<Tensor> list;
      for (const Json& item : v) {
        auto t = revive(item);
        if (!t) return std::nullopt;
        list.push_back(t->single());
      }
      return Tensors(list);
    }
    if (v.is_object()) {
      std::map<std::string, Tensor> dict;
      for (const auto& item : v.items()) {
        auto t = revive(item.value());
        if (!t) return std::nullopt;
        dict[item.key()] = t->single();
      }
      return Tensors(dict);
    }
    throw ValueError(str(who, ": cannot read the node argument ", v.dump().substr(0, 200)));
  };

  for (bool progress = true; progress;) {
    progress = false;
    for (const std::string& layer_name : order) {
      Made& m = made[layer_name];
      while (!m.pending.empty()) {
        const Json& node = m.pending.front();
        if (!node.is_object() || !node.contains("args") || !node.at("args").is_array() ||
            node.at("args").empty())
          throw NotImplementedError(str(who, ": layer '", layer_name,
                                        "': only Keras 3 node records ({\"args\", \"kwargs\"}) are "
                                        "read here, got ",
                                        node.dump().substr(0, 200)));
        std::optional<Tensors> args = revive(node.at("args").at(0));
        if (!args) break;  // its inputs are made later
        layers::CallOptions options;
        const Json& kwargs = node.value("kwargs", Json::object());
        if (kwargs.contains("training") && kwargs.at("training").is_boolean())
          options.training = kwargs.at("training").get<bool>();
        if (kwargs.contains("mask") && !kwargs.at("mask").is_null()) {
          std::optional<Tensors> mask = revive(kwargs.at("mask"));
          if (!mask) break;
          options.mask = *mask;
        }
        m.outputs.push_back((*m.layer)(*args, options));
        m.pending.erase(m.pending.begin());
        progress = true;
      }
    }
  }
  for (const std::string& layer_name : order)
    if (!made[layer_name].pending.empty())
      throw ValueError(str(who,
                           ": invalid Functional model configuration. The graph either has "
                           "loops or disconnected nodes; the calls of layer '",
                           layer_name, "' could not be resolved"));

  // Input and output triples; a nested functional model's numbering starts at 1 (Keras).
  std::function<Tensors(const Json&)> tensors = [&](const Json& v) -> Tensors {
    if (v.is_array() && v.size() == 3 && v.at(0).is_string()) {
      std::string layer_name = v.at(0).get<std::string>();
      int node_index = v.at(1).get<int>();
      auto it = made.find(layer_name);
      if (it != made.end() && is_functional(*it->second.layer)) --node_index;
      const Tensor* t = find_tensor(layer_name, node_index, v.at(2).get<int>());
      if (!t)
        throw ValueError(str(who, ": layer '", layer_name, "' has no call ", v.at(1).get<int>()));
      return Tensors(*t);
    }
    if (v.is_object()) {
      std::map<std::string, Tensor> dict;
      for (const auto& item : v.items()) dict[item.key()] = tensors(item.value()).single();
      return Tensors(dict);
    }
    if (v.is_array()) {
      std::vector<Tensor> list;
      for (const Json& item : v) list.push_back(tensors(item).single());
      return Tensors(list);
    }
    throw ValueError(str(who, ": cannot read the tensor reference ", v.dump()));
  };
  ModelOptions options;
  args::read({{"name", options.name}, {"trainable", options.trainable}}, config, who);
  return std::make_shared<FunctionalImpl>(tensors(config.at("input_layers")),
                                          tensors(config.at("output_layers")), options);
}

}  // namespace keras::models
