#include "keras/initializers/initializers.h"

#include <algorithm>
#include <functional>
#include <map>

#include "keras/core/error.h"
#include "keras/core/json.h"

namespace keras::initializers {

namespace {

using Factory = std::function<std::shared_ptr<Initializer>(const Json&)>;

template <class T>
Factory factory() {
  return [](const Json& config) -> std::shared_ptr<Initializer> { return T::from_config(config); };
}

// keras/src/initializers/__init__.py: ALL_OBJECTS by class name and snake_case name, then the
// aliases.
const std::map<std::string, Factory>& table() {
  static const std::map<std::string, Factory> kTable = [] {
    std::map<std::string, Factory> t;
    auto add = [&](const char* class_name, const char* snake, Factory f) {
      t[class_name] = f;
      t[snake] = f;
    };
    add("Constant", "constant", factory<Constant>());
    add("Identity", "identity", factory<Identity>());
    add("Ones", "ones", factory<Ones>());
    add("STFT", "stft", factory<STFT>());
    add("Zeros", "zeros", factory<Zeros>());
    add("GlorotNormal", "glorot_normal", factory<GlorotNormal>());
    add("GlorotUniform", "glorot_uniform", factory<GlorotUniform>());
    add("HeNormal", "he_normal", factory<HeNormal>());
    add("HeUniform", "he_uniform", factory<HeUniform>());
    add("LecunNormal", "lecun_normal", factory<LecunNormal>());
    add("LecunUniform", "lecun_uniform", factory<LecunUniform>());
    add("Orthogonal", "orthogonal", factory<Orthogonal>());
    add("RandomNormal", "random_normal", factory<RandomNormal>());
    add("RandomUniform", "random_uniform", factory<RandomUniform>());
    add("TruncatedNormal", "truncated_normal", factory<TruncatedNormal>());
    add("VarianceScaling", "variance_scaling", factory<VarianceScaling>());
    t["IdentityInitializer"] = factory<Identity>();
    t["normal"] = factory<RandomNormal>();
    t["one"] = factory<Ones>();
    t["STFTInitializer"] = factory<STFT>();
    t["OrthogonalInitializer"] = factory<Orthogonal>();
    t["uniform"] = factory<RandomUniform>();
    t["zero"] = factory<Zeros>();
    return t;
  }();
  return kTable;
}

[[noreturn]] void cannot_interpret(const std::string& identifier) {
  throw ValueError(str("Could not interpret initializer identifier: ", identifier));
}

std::shared_ptr<Initializer> build(const std::string& name, const Json& config,
                                   const std::string& identifier) {
  auto it = table().find(name);
  if (it == table().end()) cannot_interpret(identifier);
  try {
    return it->second(config.is_null() ? Json::object() : config);
  } catch (const Json::exception& e) {
    // A value of the wrong JSON type inside the config (e.g. "mode": 3).
    throw TypeError(str("initializer ", name, ": bad config ", config.dump(), " (", e.what(), ")"));
  }
}

}  // namespace

std::shared_ptr<Initializer> get(const std::string& identifier) {
  return build(identifier, Json::object(), identifier);
}

std::shared_ptr<Initializer> get(const char* identifier) {
  return get(std::string(identifier));
}

std::shared_ptr<Initializer> get(const Json& identifier) {
  if (identifier.is_null()) return nullptr;
  return deserialize(identifier);
}

std::shared_ptr<Initializer> get(const InitializerArg& identifier) {
  if (identifier.object()) return identifier.object();
  if (identifier.name()) return get(*identifier.name());
  return nullptr;
}

Json serialize(const Initializer& initializer) {
  return {{"module", "keras.initializers"},
          {"class_name", initializer.class_name()},
          {"config", initializer.get_config()},
          {"registered_name", nullptr}};
}

std::shared_ptr<Initializer> deserialize(const Json& config) {
  if (config.is_string()) return get(config.get<std::string>());
  if (!config.is_object()) cannot_interpret(config.dump());
  if (!config.contains("class_name"))
    throw ValueError(str("Unknown `config` as a `dict`, config=", config.dump()));
  const Json& class_name = config.at("class_name");
  if (!class_name.is_string()) cannot_interpret(config.dump());
  return build(class_name.get<std::string>(), config.value("config", Json::object()),
               config.dump());
}

std::vector<std::string> names() {
  std::vector<std::string> out;
  for (const auto& item : table()) out.push_back(item.first);
  return out;
}

}  // namespace keras::initializers

namespace keras::initializers {

void object_arg_from_config(InitializerArg& out, const Json& value) {
  out = get(value);
}

}  // namespace keras::initializers
