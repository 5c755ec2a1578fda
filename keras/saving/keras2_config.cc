#include "keras/saving/detail/keras2_config.h"

#include <string>
#include <vector>

namespace keras::saving {

namespace {

// Keras 3-only arguments, dropped when they hold this (their default).
struct DefaultOnlyArgument {
  const char* class_name;  // nullptr: every class
  const char* key;
  Json default_value;
};

const std::vector<DefaultOnlyArgument>& keras3_only_arguments() {
  static const std::vector<DefaultOnlyArgument> arguments = {
      {"Dense", "quantization_config", nullptr},
      {"EinsumDense", "quantization_config", nullptr},
      {"Embedding", "quantization_config", nullptr},
      {"LayerNormalization", "rms_scaling", false},
  };
  return arguments;
}

// Arguments Keras 3 renamed: {class, Keras 3 name, Keras 2 name}.
struct RenamedArgument {
  const char* class_name;
  const char* keras3_key;
  const char* keras2_key;
};

constexpr RenamedArgument kRenamedArguments[] = {
    {"InputLayer", "batch_shape", "batch_input_shape"},
    {"LeakyReLU", "negative_slope", "alpha"},
};

// The optimizers tf-keras registers under its "Custom" package (TF >= 2.11); the bare name would
// give its legacy optimizer, which knows no weight_decay, ema or global_clipnorm.
constexpr const char* kTfKerasOptimizers[] = {"Adadelta", "Adafactor", "Adagrad", "Adam",
                                              "AdamW",    "Adamax",    "Ftrl",    "Lion",
                                              "Nadam",    "RMSprop",   "SGD"};

bool is_object_of(const Json& value, const char* module_prefix) {
  return value.is_object() && value.contains("class_name") && value.contains("config") &&
         value.value("module", "").rfind(module_prefix, 0) == 0;
}

// A DTypePolicy object -> "float32"; a mixed one -> tf-keras's Policy; others (quantized
// policies) stay as they are.
Json keras2_dtype(const Json& dtype) {
  if (!dtype.is_object() || !dtype.contains("config") || !dtype["config"].is_object()) return dtype;
  const std::string class_name = dtype.value("class_name", "");
  if (class_name != "DTypePolicy" && class_name != "FloatDTypePolicy") return dtype;
  const Json& name = dtype["config"].value("name", Json());
  if (!name.is_string()) return dtype;
  if (name.get<std::string>().rfind("mixed_", 0) == 0)
    return {{"class_name", "Policy"}, {"config", {{"name", name}}}};
  return name;
}

// Keras 3.15's initializers added input_axes/output_axes (null by default).
Json keras2_initializer(Json initializer) {
  Json& config = initializer["config"];
  if (!config.is_object()) return initializer;
  for (const char* key : {"input_axes", "output_axes"})
    if (config.contains(key) && config[key].is_null()) config.erase(key);
  return initializer;
}

Json keras2_layer_arguments(const std::string& class_name, Json config) {
  for (auto& [key, value] : config.items()) {
    if (key == "dtype")
      value = keras2_dtype(value);
    else if (is_object_of(value, "keras.initializers"))
      value = keras2_initializer(value);
  }
  for (const DefaultOnlyArgument& a : keras3_only_arguments())
    if ((!a.class_name || class_name == a.class_name) && config.contains(a.key) &&
        config[a.key] == a.default_value)
      config.erase(a.key);
  for (const RenamedArgument& a : kRenamedArguments)
    if (class_name == a.class_name && config.contains(a.keras3_key)) {
      config[a.keras2_key] = config[a.keras3_key];
      config.erase(a.keras3_key);
    }
  return config;
}

// {"class_name": "__keras_tensor__", "config": {"keras_history": [layer, node, tensor]}} ->
// [layer, node, tensor, kwargs]; null when `value` is no such tensor.
Json keras2_node_input(const Json& value, const Json& kwargs) {
  if (!value.is_object() || value.value("class_name", "") != "__keras_tensor__" ||
      !value.contains("config") || !value["config"].contains("keras_history"))
    return nullptr;
  const Json& history = value["config"]["keras_history"];
  if (!history.is_array() || history.size() != 3) return nullptr;
  return {history[0], history[1], history[2], kwargs};
}

bool holds_tensor(const Json& value) {
  if (value.is_object() && value.value("class_name", "") == "__keras_tensor__") return true;
  if (value.is_structured())
    for (const Json& item : value)
      if (holds_tensor(item)) return true;
  return false;
}

// A Keras 3 node {"args": [tensor or [tensors]], "kwargs": {...}} -> Keras 2's list of inputs.
// A node Keras 2 cannot express (more positional arguments, tensors among the keyword
// arguments) stays in Keras 3's form, which Keras 3 and kerascpp read node by node.
Json keras2_node(const Json& node) {
  if (!node.is_object() || !node.contains("args") || !node["args"].is_array() ||
      node["args"].size() != 1)
    return node;
  Json kwargs = node.value("kwargs", Json::object());
  if (holds_tensor(kwargs)) return node;
  const Json& first = node["args"][0];
  Json inputs = Json::array();
  if (first.is_array()) {
    for (const Json& tensor : first) inputs.push_back(keras2_node_input(tensor, kwargs));
  } else {
    inputs.push_back(keras2_node_input(first, kwargs));
  }
  for (const Json& input : inputs)
    if (input.is_null()) return node;
  return inputs;
}

Json keras2_layer(const Json& layer);

// A model's or wrapper's nested layers, in place.
void keras2_nested_layers(Json& config) {
  if (!config.is_object()) return;
  if (config.contains("layers") && config["layers"].is_array())
    for (Json& layer : config["layers"]) layer = keras2_layer(layer);
  for (const char* key : {"layer", "forward_layer", "backward_layer"})
    if (config.contains(key) && config[key].is_object()) config[key] = keras2_layer(config[key]);
}

Json keras2_layer(const Json& layer) {
  if (!layer.is_object() || !layer.contains("class_name") || !layer["class_name"].is_string())
    return layer;
  const std::string class_name = layer["class_name"].get<std::string>();
  Json out = {{"class_name", class_name}};
  if (layer.contains("config")) {
    Json config = layer["config"];
    if (config.is_object()) {
      config = keras2_layer_arguments(class_name, std::move(config));
      keras2_nested_layers(config);
    }
    out["config"] = std::move(config);
  }
  if (layer.contains("name")) out["name"] = layer["name"];
  if (layer.contains("inbound_nodes") && layer["inbound_nodes"].is_array()) {
    Json nodes = Json::array();
    for (const Json& node : layer["inbound_nodes"]) nodes.push_back(keras2_node(node));
    out["inbound_nodes"] = std::move(nodes);
  }
  return out;
}

Json keras2_optimizer(Json optimizer) {
  const std::string class_name = optimizer.value("class_name", "");
  for (const char* name : kTfKerasOptimizers)
    if (class_name == name) optimizer["class_name"] = "Custom>" + class_name;
  Json& config = optimizer["config"];
  if (config.is_object()) {
    for (const char* key : {"loss_scale_factor", "gradient_accumulation_steps"})
      if (config.contains(key) && config[key].is_null()) config.erase(key);
    config["is_legacy_optimizer"] = false;
  }
  return optimizer;
}

}  // namespace

Json keras2_model_config(const Json& keras3_config) {
  return keras2_layer(keras3_config);
}

Json keras2_training_config(const Json& keras3_training_config) {
  Json training = keras3_training_config;
  for (const char* key : {"run_eagerly", "steps_per_execution", "jit_compile"}) training.erase(key);
  if (training.contains("optimizer_config") && training["optimizer_config"].is_object())
    training["optimizer_config"] = keras2_optimizer(training["optimizer_config"]);
  return training;
}

}  // namespace keras::saving
