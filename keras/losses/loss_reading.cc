#include "keras/losses/loss_reading.h"

#include <vector>

#include "keras/core/config_reading.h"
#include "keras/core/error.h"

namespace keras::losses {

void check_loss_keys(const Json& config, std::initializer_list<const char*> own,
                     const std::string& who) {
  if (config.is_null()) return;
  if (!config.is_object())
    throw TypeError(str(who, ": a config must be an object, got ", config.dump()));
  for (const auto& item : config.items()) {
    bool known = item.key() == "name" || item.key() == "reduction" || item.key() == "dtype";
    for (const char* key : own) known = known || item.key() == key;
    if (!known)
      throw TypeError(
          str(who, ".__init__() got an unexpected keyword argument '", item.key(), "'"));
  }
}

LossOptions read_loss_options(const Json& config, const std::string& who) {
  LossOptions options;
  if (!config.is_object()) return options;
  options.name = config_reading::string(config, "name", "", who);
  if (config.contains("reduction")) {
    const Json& r = config.at("reduction");
    if (r.is_null())
      options.reduction = "none";
    else if (r.is_string())
      options.reduction = r.get<std::string>();
    else
      throw TypeError(
          str(who, ": config key 'reduction' must be a string or null, got ", r.dump()));
  }
  options.dtype = config_reading::dtype(config, "dtype", who);
  return options;
}

}  // namespace keras::losses
