#include "keras/initializers/initializer.h"

#include <algorithm>

#include "keras/config/config.h"
#include "keras/core/error.h"
#include "keras/core/json.h"
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

}  // namespace detail

}  // namespace keras::initializers

namespace keras::initializers {

Json Initializer::get_config() const {
  return Json::object();
}

}  // namespace keras::initializers
