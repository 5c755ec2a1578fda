#include "keras/layers/regularization/gaussian_dropout.h"

#include <cmath>

#include "keras/layers/detail/layer_config.h"
#include "keras/layers/detail/noise_args.h"
#include "keras/ops/math.h"
#include "keras/ops/random.h"

namespace keras::layers {

namespace {

struct NoiseArgs {
  std::optional<double> rate;
  GaussianDropoutOptions options;
};

// Keras 1 called rate `p`.
args::ArgList gaussian_dropout_args(NoiseArgs& a) {
  return {{"rate", a.rate, {"p"}}, {"seed", a.options.seed}};
}

}  // namespace

GaussianDropoutImpl::GaussianDropoutImpl(double rate, const GaussianDropoutOptions& options)
    : Layer("GaussianDropout", options.layer_options()), rate_(rate), options_(options) {
  detail::check_unit_interval(rate, "rate", str("GaussianDropout '", name(), "': "));
  if (rate > 0.0) seed_generator_ = add_seed_generator(options_.seed);
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
  NoiseArgs a{rate_, options_};
  return config_with(Layer::get_config(), gaussian_dropout_args(a));
}

std::shared_ptr<GaussianDropoutImpl> GaussianDropoutImpl::from_config(const Json& config) {
  NoiseArgs a;
  read_config(a.options, config, gaussian_dropout_args(a), "GaussianDropout");
  return std::make_shared<GaussianDropoutImpl>(args::required(a.rate, "GaussianDropout", "rate"),
                                               a.options);
}

}  // namespace keras::layers
