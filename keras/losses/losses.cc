#include "keras/losses/losses.h"

#include <map>
#include <mutex>
#include <optional>
#include <set>

#include "keras/core/error.h"
#include "keras/core/json.h"

namespace keras::losses {

namespace {

// The classes of keras/src/losses/__init__.py that kerascpp has (module "keras.losses").
const std::set<std::string>& builtin_classes() {
  static const std::set<std::string> names = {"MeanSquaredError",
                                              "MeanAbsoluteError",
                                              "MeanAbsolutePercentageError",
                                              "MeanSquaredLogarithmicError",
                                              "CosineSimilarity",
                                              "Huber",
                                              "LogCosh",
                                              "Hinge",
                                              "SquaredHinge",
                                              "CategoricalHinge",
                                              "KLDivergence",
                                              "Poisson",
                                              "BinaryCrossentropy",
                                              "BinaryFocalCrossentropy",
                                              "CategoricalCrossentropy",
                                              "CategoricalFocalCrossentropy",
                                              "SparseCategoricalCrossentropy"};
  return names;
}

struct UserClasses {
  std::mutex mutex;
  std::map<std::string, std::string> packages;  // class name -> package
};

UserClasses& user_classes() {
  static auto* u = new UserClasses;
  return *u;
}

std::optional<std::string> package_of(const std::string& class_name) {
  UserClasses& u = user_classes();
  std::lock_guard lock(u.mutex);
  auto it = u.packages.find(class_name);
  if (it == u.packages.end()) return std::nullopt;
  return it->second;
}

[[noreturn]] void cannot_interpret(const std::string& identifier) {
  throw ValueError(str("Could not interpret loss identifier: ", identifier));
}

LossPtr from_name(const std::string& name) {
  // Classes (Keras's and registered ones) first, then functions (Keras's and registered ones);
  // Keras's names never collide.
  if (registry().contains(name)) return registry().create(name, Json::object(), "loss");
  if (loss_function_name(name))
    return std::make_shared<LossFunctionWrapper>(name, Json::object(), LossOptions{.name = name});
  cannot_interpret(name);
}

template <class L>
void add(ClassRegistry<Loss>& r, const char* name) {
  r.add(name, [](const Json& c) -> LossPtr { return L::from_config(c); });
}

}  // namespace

ClassRegistry<Loss>& registry() {
  static auto* r = [] {
    auto* t = new ClassRegistry<Loss>;
    add<LossFunctionWrapper>(*t, "LossFunctionWrapper");
    add<KLDivergence>(*t, "KLDivergence");
    add<Poisson>(*t, "Poisson");
    add<BinaryCrossentropy>(*t, "BinaryCrossentropy");
    add<BinaryFocalCrossentropy>(*t, "BinaryFocalCrossentropy");
    add<CategoricalCrossentropy>(*t, "CategoricalCrossentropy");
    add<CategoricalFocalCrossentropy>(*t, "CategoricalFocalCrossentropy");
    add<SparseCategoricalCrossentropy>(*t, "SparseCategoricalCrossentropy");
    add<MeanSquaredError>(*t, "MeanSquaredError");
    add<MeanAbsoluteError>(*t, "MeanAbsoluteError");
    add<MeanAbsolutePercentageError>(*t, "MeanAbsolutePercentageError");
    add<MeanSquaredLogarithmicError>(*t, "MeanSquaredLogarithmicError");
    add<CosineSimilarity>(*t, "CosineSimilarity");
    add<LogCosh>(*t, "LogCosh");
    add<Huber>(*t, "Huber");
    add<Hinge>(*t, "Hinge");
    add<SquaredHinge>(*t, "SquaredHinge");
    add<CategoricalHinge>(*t, "CategoricalHinge");
    return t;
  }();
  return *r;
}

void register_loss(const std::string& name, ClassRegistry<Loss>::Factory factory,
                   const std::string& package) {
  if (name.empty()) throw ValueError("register_loss: the class name is empty");
  registry().add(name, factory);
  registry().add(package + ">" + name, factory);
  UserClasses& u = user_classes();
  std::lock_guard lock(u.mutex);
  u.packages[name] = package;
}

LossPtr get(const LossArg& identifier) {
  if (identifier.object()) return identifier.object();
  if (identifier.name()) return from_name(*identifier.name());
  return nullptr;
}

LossPtr get(const Json& identifier) {
  if (identifier.is_null()) return nullptr;
  return deserialize(identifier);
}

Json serialize(const Loss& loss) {
  const std::string& class_name = loss.class_name();
  Json out;
  if (auto package = package_of(class_name)) {
    out["module"] = nullptr;
    out["class_name"] = class_name;
    out["config"] = loss.get_config();
    out["registered_name"] = *package + ">" + class_name;
  } else if (builtin_classes().count(class_name)) {
    out["module"] = "keras.losses";
    out["class_name"] = class_name;
    out["config"] = loss.get_config();
    out["registered_name"] = nullptr;
  } else {
    // LossFunctionWrapper is not exported by Keras: serialized under its source module and its
    // own name, as Keras does for classes without a public name (and so are unregistered ones).
    out["module"] =
        class_name == "LossFunctionWrapper" ? Json("keras.src.losses.losses") : Json(nullptr);
    out["class_name"] = class_name;
    out["config"] = loss.get_config();
    out["registered_name"] = class_name;
  }
  return out;
}

LossPtr deserialize(const Json& config) {
  if (config.is_string()) return from_name(config.get<std::string>());
  if (!config.is_object() || !config.contains("class_name") || !config.at("class_name").is_string())
    cannot_interpret(config.dump());
  const std::string class_name = config.at("class_name").get<std::string>();
  if (class_name == "function") {
    // A serialized function: Keras returns the function, compile() wraps it under its name.
    std::string fn = loss_function_from_config(config);
    return std::make_shared<LossFunctionWrapper>(fn, Json::object(), LossOptions{.name = fn});
  }
  std::string lookup = class_name;
  if (config.contains("registered_name") && config.at("registered_name").is_string() &&
      registry().contains(config.at("registered_name").get<std::string>()))
    lookup = config.at("registered_name").get<std::string>();
  LossPtr loss = registry().create(lookup, config.value("config", Json::object()), "loss");
  if (!loss)
    throw TypeError(str("Could not locate class '", class_name,
                        "'. Make sure custom classes are registered with "
                        "keras::losses::register_loss(). Full object config: ",
                        config.dump()));
  return loss;
}

}  // namespace keras::losses
