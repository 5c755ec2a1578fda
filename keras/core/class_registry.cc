#include "keras/core/class_registry.h"

#include "keras/core/json.h"

namespace keras::detail {

void run_factory(const std::function<void(const Json&)>& factory, const std::string& name,
                 const Json& config, const char* family) {
  try {
    factory(config.is_null() ? Json::object() : config);
  } catch (const Json::exception& e) {
    throw TypeError(str(family, " ", name, ": bad config ", config.dump(), " (", e.what(), ")"));
  }
}

}  // namespace keras::detail
