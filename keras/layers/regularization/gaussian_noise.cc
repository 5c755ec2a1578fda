#include "keras/layers/regularization/gaussian_noise.h"

#include "keras/layers/detail/layer_config.h"
#include "keras/layers/detail/noise_args.h"
#include "keras/ops/math.h"
#include "keras/ops/random.h"

namespace keras::layers {

namespace {

struct NoiseArgs {
  std::optional<double> stddev;
  GaussianNoiseOptions options;
};

// Keras 1 called stddev `sigma`.
args::ArgList gaussian_noise_args(NoiseArgs& a) {
  return {{"stddev", a.stddev, {"sigma"}}, {"seed", a.options.seed}};
}

}  // namespace

GaussianNoiseImpl::GaussianNoiseImpl(double stddev, const GaussianNoiseOptions& options)
    : Layer("GaussianNoise", options.layer_options()), stddev_(stddev), options_(options) {
  detail::check_unit_interval(stddev, "stddev", str("GaussianNoise '", name(), "': "));
  if (stddev > 0.0) seed_generator_ = add_seed_generator(options_.seed);
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
  NoiseArgs a{stddev_, options_};
  return config_with(Layer::get_config(), gaussian_noise_args(a));
}

std::shared_ptr<GaussianNoiseImpl> GaussianNoiseImpl::from_config(const Json& config) {
  NoiseArgs a;
  read_config(a.options, config, gaussian_noise_args(a), "GaussianNoise");
  return std::make_shared<GaussianNoiseImpl>(args::required(a.stddev, "GaussianNoise", "stddev"),
                                             a.options);
}

}  // namespace keras::layers
