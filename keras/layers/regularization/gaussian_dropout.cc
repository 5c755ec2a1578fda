#include "keras/layers/regularization/gaussian_dropout.h"

#include <cmath>

#include "keras/core/config_reading.h"
#include "keras/layers/regularization/noise_args.h"
#include "keras/ops/math.h"
#include "keras/ops/random.h"

namespace keras::layers {

GaussianDropoutImpl::GaussianDropoutImpl(double rate, const GaussianDropoutOptions& options)
    : Layer("GaussianDropout", options.layer_options()), rate_(rate), seed_(options.seed) {
  detail::check_unit_interval(rate, "rate", str("GaussianDropout '", name(), "': "));
  if (rate > 0.0) seed_generator_ = add_seed_generator(seed_);
  set_supports_masking(true);
  built_at_construction();
}

Tensors GaussianDropoutImpl::call(const Tensors& inputs, const CallContext& context) {
  std::string who = str("GaussianDropout '", name(), "'");
  const Tensor& x = inputs.single(who);
  if (!context.training || rate_ == 0.0) return x;
  if (rate_ == 1.0)
    throw ValueError(str(who, ": rate=1 gives noise of infinite standard deviation ",
                         "sqrt(rate / (1 - rate))"));
  return ops::multiply(x, random::normal_like(x, {.mean = 1.0,
                                                  .stddev = std::sqrt(rate_ / (1.0 - rate_)),
                                                  .dtype = compute_dtype(),
                                                  .seed = *seed_generator_}));
}

Json GaussianDropoutImpl::get_config() const {
  Json config = Layer::get_config();
  config["rate"] = rate_;
  config["seed"] = detail::seed_json(seed_);
  return config;
}

std::shared_ptr<GaussianDropoutImpl> GaussianDropoutImpl::from_config(const Json& config) {
  const std::string who = "GaussianDropout";
  GaussianDropoutOptions options;
  read_layer_options(options, config, who);
  double rate = detail::required_number(config, "rate", who);
  options.seed = config_reading::optional_integer(config, "seed", who);
  return std::make_shared<GaussianDropoutImpl>(rate, options);
}

}  // namespace keras::layers
