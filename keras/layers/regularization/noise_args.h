// Internal to keras/layers/regularization: the arguments the dropout and noise layers share
// (a rate or stddev in [0, 1], a seed, a noise shape), checked, written to configs and read back
// alike.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "keras/core/config_reading.h"
#include "keras/layers/layer.h"

namespace keras::layers::detail {

// ValueError "<who>Invalid value received for argument `<argument>`. Expected a float value
// between 0 and 1. Received: <argument>=<value>"; `who` ends with ": ".
void check_unit_interval(double value, const char* argument, const std::string& who);

// config[key], which must be a number: TypeError "<who> config: '<key>' must be a number, got
// ..." otherwise.
double required_number(const Json& config, const char* key, const std::string& who);

// The seed as configs write it: the number, or null.
Json seed_json(const std::optional<int64_t>& seed);

// rate, seed and noise_shape (null when none) after `config`: Dropout's and AlphaDropout's own
// arguments, in Keras's order.
Json with_dropout_args(Json config, double rate, const std::optional<int64_t>& seed,
                       const std::optional<Shape>& noise_shape);

// from_config of Dropout and AlphaDropout: the base arguments, then rate, seed and noise_shape.
template <class Impl, class Options>
std::shared_ptr<Impl> dropout_from_config(const Json& config, const std::string& who) {
  Options options;
  read_layer_options(options, config, who);
  double rate = required_number(config, "rate", who);
  options.seed = config_reading::optional_integer(config, "seed", who);
  if (auto dims = config_reading::dims(config, "noise_shape", who))
    options.noise_shape = Shape(*dims);
  return std::make_shared<Impl>(rate, options);
}

}  // namespace keras::layers::detail
