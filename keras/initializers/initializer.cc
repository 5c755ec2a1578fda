#include "keras/initializers/initializer.h"

#include <algorithm>

#include "keras/config/config.h"
#include "keras/core/error.h"
#include "keras/initializers/initializers.h"

namespace keras::initializers {

std::shared_ptr<Initializer> Initializer::clone() const {
  return deserialize(nlohmann::json{{"class_name", class_name()}, {"config", get_config()}});
}

namespace detail {

DType resolve_dtype(const std::optional<DType>& dtype) {
  return dtype ? *dtype : config::floatx_dtype();
}

void check_shape(const Shape& shape, const std::string& who) {
  if (!shape.is_fully_defined())
    throw ValueError(str(who, ": the shape to initialize must be fully defined, got ", shape));
}

void check_keys(const nlohmann::json& config, std::initializer_list<const char*> allowed,
                const std::string& who) {
  if (config.is_null()) return;
  if (!config.is_object())
    throw TypeError(str(who, ": a config must be a JSON object, got ", config.dump()));
  for (const auto& item : config.items()) {
    bool known = std::any_of(allowed.begin(), allowed.end(),
                             [&](const char* key) { return item.key() == key; });
    if (!known)
      throw TypeError(
          str(who, ".__init__() got an unexpected keyword argument '", item.key(), "'"));
  }
}

double number_or(const nlohmann::json& config, const char* key, double fallback,
                 const std::string& who) {
  if (!config.is_object() || !config.contains(key)) return fallback;
  const nlohmann::json& value = config.at(key);
  if (!value.is_number())
    throw TypeError(str(who, ": config key '", key, "' must be a number, got ", value.dump()));
  return value.get<double>();
}

}  // namespace detail

}  // namespace keras::initializers
