#include "keras/optimizers/optimizers.h"

#include <algorithm>
#include <cctype>

#include "keras/core/json.h"

namespace keras::optimizers {

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// Keras 3's ALL_OBJECTS_DICT keys that name classes kerascpp does not have.
bool keras_only(const std::string& lowered) {
  static const char* names[] = {"adafactor",      "ftrl",         "lion",
                                "lamb",           "muon",         "lossscaleoptimizer",
                                "multioptimizer", "optimizermap", "schedulefreeadamw",
                                "optimizer"};
  for (const char* n : names)
    if (lowered == n) return true;
  return false;
}

OptimizerPtr build(const std::string& class_name, const Json& config,
                   const std::string& identifier) {
  ClassRegistry<Optimizer>& r = registry();
  // An exact match first (custom classes, shadows), then the built-ins in any case.
  std::string name = r.contains(class_name) ? class_name : lower(class_name);
  OptimizerPtr out = r.create(name, config, "optimizer");
  if (out) return out;
  if (keras_only(lower(class_name)))
    throw NotImplementedError(str("The Keras optimizer '", class_name,
                                  "' is not implemented in kerascpp yet. Available: sgd, rmsprop, "
                                  "adam, adamw, adagrad, adadelta, adamax, nadam"));
  throw ValueError(str("Could not interpret optimizer identifier: ", identifier));
}

}  // namespace

OptimizerPtr get(const OptimizerArg& identifier) {
  if (identifier.object()) return identifier.object();
  if (identifier.name()) return build(*identifier.name(), Json::object(), *identifier.name());
  return nullptr;
}

OptimizerPtr get(const char* name) {
  return get(OptimizerArg(name));
}

OptimizerPtr get(const std::string& name) {
  return get(OptimizerArg(name));
}

OptimizerPtr get(const Json& identifier) {
  if (identifier.is_null()) return nullptr;
  return deserialize(identifier);
}

Json serialize(const Optimizer& optimizer) {
  return {{"module", "keras.optimizers"},
          {"class_name", optimizer.class_name()},
          {"config", optimizer.get_config()},
          {"registered_name", nullptr}};
}

OptimizerPtr deserialize(const Json& config) {
  if (config.is_string()) return build(config.get<std::string>(), Json::object(), config.dump());
  if (!config.is_object() || !config.contains("class_name") || !config.at("class_name").is_string())
    throw ValueError(str("Could not interpret optimizer identifier: ", config.dump()));
  Json inner = config.contains("config") ? config.at("config") : Json::object();
  return build(config.at("class_name").get<std::string>(), inner, config.dump());
}

ClassRegistry<Optimizer>& registry() {
  static auto* r = [] {
    auto* t = new ClassRegistry<Optimizer>;
    auto add = [&](const std::string& class_name, auto make) {
      ClassRegistry<Optimizer>::Factory factory = [make](const Json& c) -> OptimizerPtr {
        return make(c);
      };
      t->add(class_name, factory);
      t->add(lower(class_name), factory);
    };
    add("SGD", SGDImpl::from_config);
    add("RMSprop", RMSpropImpl::from_config);
    add("Adagrad", AdagradImpl::from_config);
    add("Adadelta", AdadeltaImpl::from_config);
    add("Adam", AdamImpl::from_config);
    add("AdamW", AdamWImpl::from_config);
    add("Adamax", AdamaxImpl::from_config);
    add("Nadam", NadamImpl::from_config);
    add("LossScaleOptimizer", LossScaleOptimizerImpl::from_config);
    return t;
  }();
  return *r;
}

}  // namespace keras::optimizers
