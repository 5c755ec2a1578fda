#include "keras/layers/activations/relu.h"

#include "keras/activations/activations.h"
#include "keras/layers/detail/layer_config.h"

namespace keras::layers {

namespace {

args::ArgList relu_args(ReLUOptions& o) {
  return {
      {"max_value", o.max_value}, {"negative_slope", o.negative_slope}, {"threshold", o.threshold}};
}

}  // namespace

ReLUImpl::ReLUImpl(const ReLUOptions& options)
    : Layer("ReLU", options.layer_options()), options_(options) {
  // Keras's checks and messages; NaN fails them too (Keras's None does).
  std::string who = str("ReLU '", name(), "': ");
  if (options_.max_value && !(*options_.max_value >= 0.0))
    throw ValueError(str(who,
                         "max_value of a ReLU layer cannot be a negative value. Received: "
                         "max_value=",
                         *options_.max_value));
  if (!(options_.negative_slope >= 0.0))
    throw ValueError(str(who,
                         "negative_slope of a ReLU layer cannot be None or a negative value. "
                         "Received: negative_slope=",
                         options_.negative_slope));
  if (!(options_.threshold >= 0.0))
    throw ValueError(str(who,
                         "threshold of a ReLU layer cannot be None or a negative value. "
                         "Received: threshold=",
                         options_.threshold));
  set_supports_masking(true);
  built_at_construction();
}

Tensors ReLUImpl::call(const Tensors& inputs, const CallContext&) {
  return activations::relu(inputs.single(str("ReLU '", name(), "'")), options_.negative_slope,
                           options_.max_value, options_.threshold);
}

Json ReLUImpl::get_config() const {
  return options_config(*this, options_, relu_args);
}

std::shared_ptr<ReLUImpl> ReLUImpl::from_config(const Json& config) {
  return from_options_config<ReLUImpl>(config, relu_args, "ReLU");
}

}  // namespace keras::layers
