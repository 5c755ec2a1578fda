#include "keras/initializers/initializer.h"

#include <algorithm>

#include "keras/config/config.h"
#include "keras/core/config_reading.h"
#include "keras/core/error.h"
#include "keras/initializers/initializers.h"

namespace keras::initializers {

std::shared_ptr<Initializer> Initializer::clone() const {
  return deserialize(Json{{"class_name", class_name()}, {"config", get_config()}});
}

namespace detail {

DType resolve_dtype(const std::optional<DType>& dtype) {
  return dtype ? *dtype : config::floatx_dtype();
}

void check_shape(const Shape& shape, const std::string& who) {
  if (!shape.is_fully_defined())
    throw ValueError(str(who, ": the shape to initialize must be fully defined, got ", shape));
}

void check_keys(const Json& config, std::initializer_list<const char*> allowed,
                const std::string& who) {
  config_reading::check_keys(config, allowed, who);
}

double number_or(const Json& config, const char* key, double fallback, const std::string& who) {
  return config_reading::number(config, key, fallback, who);
}

}  // namespace detail

}  // namespace keras::initializers
