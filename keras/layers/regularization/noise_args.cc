#include "keras/layers/regularization/noise_args.h"

#include "keras/core/error.h"

namespace keras::layers::detail {

void check_unit_interval(double value, const char* argument, const std::string& who) {
  if (!(value >= 0.0 && value <= 1.0))
    throw ValueError(str(who, "Invalid value received for argument `", argument,
                         "`. Expected a float value between 0 and 1. Received: ", argument, "=",
                         value));
}

double required_number(const Json& config, const char* key, const std::string& who) {
  if (!config.contains(key) || !config.at(key).is_number())
    throw TypeError(str(who, " config: '", key, "' must be a number, got ",
                        config.contains(key) ? config.at(key).dump() : "nothing"));
  return config.at(key).get<double>();
}

Json seed_json(const std::optional<int64_t>& seed) {
  return seed ? Json(*seed) : Json(nullptr);
}

Json with_dropout_args(Json config, double rate, const std::optional<int64_t>& seed,
                       const std::optional<Shape>& noise_shape) {
  config["rate"] = rate;
  config["seed"] = seed_json(seed);
  config["noise_shape"] = noise_shape ? config_reading::shape_to_json(*noise_shape) : Json(nullptr);
  return config;
}

}  // namespace keras::layers::detail
