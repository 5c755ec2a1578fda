#include "keras/layers/regularization/dropout.h"

#include "keras/core/config_reading.h"
#include "keras/ops/math.h"
#include "keras/ops/random.h"

namespace keras::layers {

DropoutImpl::DropoutImpl(double rate, const DropoutOptions& options)
    : DropoutImpl("Dropout", rate, options.noise_shape, options.seed, options.layer_options()) {}

DropoutImpl::DropoutImpl(std::string class_name, double rate, std::optional<Shape> noise_shape,
                         std::optional<int64_t> seed, const LayerOptions& options)
    : Layer(std::move(class_name), options),
      rate_(rate),
      noise_shape_(std::move(noise_shape)),
      seed_(seed) {
  std::string who = str(this->class_name(), " '", name(), "': ");
  if (!(rate >= 0.0 && rate <= 1.0))
    throw ValueError(str(who,
                         "Invalid value received for argument `rate`. Expected a float value "
                         "between 0 and 1. Received: rate=",
                         rate));
  if (noise_shape_)
    for (int i = 0; i < noise_shape_->rank(); ++i) {
      int64_t d = (*noise_shape_)[i];
      if (d <= 0 && d != Shape::kUnknown)
        throw ValueError(str(who,
                             "Invalid value received for argument `noise_shape`. Expected all "
                             "dimensions to be positive integers or None. Received negative or "
                             "zero value at index ",
                             i, ": ", d));
    }
  if (rate > 0.0) seed_generator_ = add_seed_generator(seed);
  set_supports_masking(true);
  built_at_construction();
}

Tensor DropoutImpl::drop(const Tensor& x, const std::optional<Shape>& noise_shape) {
  if (rate_ == 0.0) return x;
  if (rate_ == 1.0) return ops::zeros_like(x);
  if (noise_shape && noise_shape->rank() != x.rank())
    throw ValueError(str(class_name(), " '", name(), "': noise_shape ", *noise_shape,
                         " must have the rank of the inputs, ", x.rank(),
                         "; received inputs of shape ", x.shape()));
  try {
    return random::dropout(x, rate_, {.noise_shape = noise_shape, .seed = *seed_generator_});
  } catch (const ValueError& e) {
    throw ValueError(str(class_name(), " '", name(), "': ", e.what()));
  }
}

Tensors DropoutImpl::call(const Tensors& inputs, const CallContext& context) {
  const Tensor& x = inputs.single(str(class_name(), " '", name(), "'"));
  return context.training ? drop(x, noise_shape_) : x;
}

Json DropoutImpl::get_config() const {
  Json config = Layer::get_config();
  config["rate"] = rate_;
  config["seed"] = seed_ ? Json(*seed_) : Json(nullptr);
  config["noise_shape"] =
      noise_shape_ ? config_reading::shape_to_json(*noise_shape_) : Json(nullptr);
  return config;
}

std::shared_ptr<DropoutImpl> DropoutImpl::from_config(const Json& config) {
  const std::string who = "Dropout";
  DropoutOptions options;
  read_layer_options(options, config, who);
  if (!config.contains("rate") || !config.at("rate").is_number())
    throw TypeError(str("Dropout config: 'rate' must be a number, got ",
                        config.contains("rate") ? config.at("rate").dump() : "nothing"));
  options.seed = config_reading::optional_integer(config, "seed", who);
  if (auto dims = config_reading::dims(config, "noise_shape", who))
    options.noise_shape = Shape(*dims);
  return std::make_shared<DropoutImpl>(config.at("rate").get<double>(), options);
}

}  // namespace keras::layers
