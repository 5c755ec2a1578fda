#include "keras/layers/serialization.h"

#include <map>
#include <mutex>
#include <vector>

#include "keras/core/json.h"
#include "keras/layers/detail/builtin_layers.h"

namespace keras::layers {

namespace {

// User classes: class name -> package (serialized as registered_name "package>name").
struct UserClasses {
  std::mutex mutex;
  std::map<std::string, std::string> packages;
};

UserClasses& user_classes() {
  static auto* u = new UserClasses;
  return *u;
}

std::string module_of(const std::string& class_name) {
  if (class_name == "Sequential" || class_name == "Model") return "keras";
  if (class_name == "Functional") return "keras.src.models.functional";
  return "keras.layers";
}

}  // namespace

ClassRegistry<Layer>& registry() {
  static auto* r = [] {
    auto* t = new ClassRegistry<Layer>;
    detail::register_builtin_layers(*t);
    return t;
  }();
  return *r;
}

void register_layer(const std::string& name, ClassRegistry<Layer>::Factory factory,
                    const std::string& package) {
  if (name.empty()) throw ValueError("register_layer: the class name is empty");
  registry().add(name, factory);
  registry().add(package + ">" + name, factory);
  UserClasses& u = user_classes();
  std::lock_guard lock(u.mutex);
  u.packages[name] = package;
}

Json serialize(const Layer& layer) {
  const std::string& class_name = layer.class_name();
  std::optional<std::string> package;
  {
    UserClasses& u = user_classes();
    std::lock_guard lock(u.mutex);
    auto it = u.packages.find(class_name);
    if (it != u.packages.end()) package = it->second;
  }
  Json out;
  if (package) {
    out["module"] = nullptr;
    out["class_name"] = class_name;
    out["config"] = layer.get_config();
    out["registered_name"] = *package + ">" + class_name;
  } else {
    out["module"] = module_of(class_name);
    out["class_name"] = class_name;
    out["config"] = layer.get_config();
    out["registered_name"] = class_name == "Functional" ? Json("Functional") : Json(nullptr);
  }
  Json build_config = layer.get_build_config();
  if (!build_config.is_null()) out["build_config"] = build_config;
  return out;
}

namespace {

[[noreturn]] void missing_class(const std::string& class_name, const Json& config) {
  throw ValueError(str("Could not locate class '", class_name,
                       "'. Make sure custom classes are registered with "
                       "keras::layers::register_layer(). Full object config: ",
                       config.dump()));
}

}  // namespace

// Keras 1 configs: the argument names Keras 2 renamed are each layer's old keys (its argument
// list), and Keras 1's regularizer dicts are read by regularizers::get. What is left is
// BatchNormalization's mode, of which Keras 2 kept only mode 0.
Json keras1_to_keras2(const std::string& class_name, Json config) {
  if (!config.is_object()) return config;
  if (class_name == "BatchNormalization" && config.contains("mode")) {
    if (config["mode"].is_number_integer() && config["mode"].get<int>() != 0)
      throw ValueError(str("BatchNormalization: Keras 1's mode=", config["mode"].dump(),
                           " has no Keras 2 equivalent (only mode 0 does)"));
  }
  return config;
}

void check_layer_classes(const Json& config) {
  if (!config.is_object() || !config.contains("class_name") || !config.at("class_name").is_string())
    return;
  std::string class_name = config.at("class_name").get<std::string>();
  bool registered =
      registry().contains(class_name) ||
      (config.contains("registered_name") && config.at("registered_name").is_string() &&
       registry().contains(config.at("registered_name").get<std::string>()));
  if (!registered) missing_class(class_name, config);
  if (!config.contains("config")) return;
  const Json& inner = config.at("config");
  // A model's layers (Keras <= 2.1 Sequential: the bare list), a wrapper's layer(s).
  const Json* list = inner.is_array()                                ? &inner
                     : inner.is_object() && inner.contains("layers") ? &inner.at("layers")
                                                                     : nullptr;
  if (list && list->is_array())
    for (const Json& layer : *list) check_layer_classes(layer);
  if (inner.is_object())
    for (const char* key : {"layer", "forward_layer", "backward_layer"})
      if (inner.contains(key)) check_layer_classes(inner.at(key));
}

LayerPtr deserialize(const Json& config) {
  if (!config.is_object() || !config.contains("class_name") || !config.at("class_name").is_string())
    throw ValueError(
        str("A layer config must be an object with a \"class_name\" string. "
            "Received: config=",
            config.dump()));
  const std::string class_name = config.at("class_name").get<std::string>();
  std::string lookup = class_name;
  if (config.contains("registered_name") && config.at("registered_name").is_string() &&
      registry().contains(config.at("registered_name").get<std::string>()))
    lookup = config.at("registered_name").get<std::string>();
  Json inner = config.contains("config") ? config.at("config") : Json::object();
  if (!config.contains("module")) inner = keras1_to_keras2(class_name, std::move(inner));
  LayerPtr layer = registry().create(lookup, inner, "layer");
  if (!layer) missing_class(class_name, config);
  if (config.contains("build_config") && !layer->built())
    layer->build_from_config(config.at("build_config"));
  return layer;
}

}  // namespace keras::layers
