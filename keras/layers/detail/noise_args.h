// Internal to keras/layers/regularization: what the dropout and noise layers share: the check of
// a rate (or stddev) in [0, 1], and the arguments Dropout and AlphaDropout declare alike.
#pragma once

#include <optional>
#include <string>

#include "keras/layers/detail/layer_config.h"

namespace keras::layers::detail {

// ValueError "<who>Invalid value received for argument `<argument>`. Expected a float value
// between 0 and 1. Received: <argument>=<value>"; `who` ends with ": ".
void check_unit_interval(double value, const char* argument, const std::string& who);

// A dropout layer's arguments as from_config reads them: the required rate, and the options.
template <class Options>
struct DropoutArgs {
  std::optional<double> rate;
  Options options;
};

// Dropout's and AlphaDropout's arguments in Keras's order (Keras 1 called the rate `p`).
template <class Options>
args::ArgList dropout_args(DropoutArgs<Options>& a) {
  return {
      {"rate", a.rate, {"p"}}, {"seed", a.options.seed}, {"noise_shape", a.options.noise_shape}};
}

// Their get_config and from_config.
template <class Options>
Json dropout_config(const Layer& layer, double rate, const Options& options) {
  DropoutArgs<Options> a{rate, options};
  return config_with(layer.Layer::get_config(), dropout_args(a));
}
template <class Impl, class Options>
std::shared_ptr<Impl> dropout_from_config(const Json& config, const std::string& who) {
  DropoutArgs<Options> a;
  read_config(a.options, config, dropout_args(a), who);
  return std::make_shared<Impl>(args::required(a.rate, who, "rate"), a.options);
}

}  // namespace keras::layers::detail
