#include "keras/layers/regularization/gaussian_noise.h"

#include "keras/core/config_reading.h"
#include "keras/layers/regularization/noise_args.h"
#include "keras/ops/math.h"
#include "keras/ops/random.h"

namespace keras::layers {

GaussianNoiseImpl::GaussianNoiseImpl(double stddev, const GaussianNoiseOptions& options)
    : Layer("GaussianNoise", options.layer_options()), stddev_(stddev), seed_(options.seed) {
  detail::check_unit_interval(stddev, "stddev", str("GaussianNoise '", name(), "': "));
  if (stddev > 0.0) seed_generator_ = add_seed_generator(seed_);
  set_supports_masking(true);
  built_at_construction();
}

Tensors GaussianNoiseImpl::call(const Tensors& inputs, const CallContext& context) {
  const Tensor& x = inputs.single(str("GaussianNoise '", name(), "'"));
  if (!context.training || stddev_ == 0.0) return x;
  return ops::add(
      x,
      random::normal_like(
          x, {.mean = 0.0, .stddev = stddev_, .dtype = compute_dtype(), .seed = *seed_generator_}));
}

Json GaussianNoiseImpl::get_config() const {
  Json config = Layer::get_config();
  config["stddev"] = stddev_;
  config["seed"] = detail::seed_json(seed_);
  return config;
}

std::shared_ptr<GaussianNoiseImpl> GaussianNoiseImpl::from_config(const Json& config) {
  const std::string who = "GaussianNoise";
  GaussianNoiseOptions options;
  read_layer_options(options, config, who);
  double stddev = detail::required_number(config, "stddev", who);
  options.seed = config_reading::optional_integer(config, "seed", who);
  return std::make_shared<GaussianNoiseImpl>(stddev, options);
}

}  // namespace keras::layers
