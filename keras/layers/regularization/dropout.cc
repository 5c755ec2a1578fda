#include "keras/layers/regularization/dropout.h"

#include "keras/core/json.h"
#include "keras/layers/detail/noise_args.h"
#include "keras/ops/math.h"
#include "keras/ops/random.h"

namespace keras::layers {

DropoutImpl::DropoutImpl(double rate, const DropoutOptions& options)
    : DropoutImpl("Dropout", rate, options) {}

DropoutImpl::DropoutImpl(std::string class_name, double rate, const DropoutOptions& options)
    : Layer(std::move(class_name), options.layer_options()), rate_(rate), options_(options) {
  std::string who = str(this->class_name(), " '", name(), "': ");
  detail::check_unit_interval(rate, "rate", who);
  if (options_.noise_shape)
    for (int i = 0; i < options_.noise_shape->rank(); ++i) {
      int64_t d = (*options_.noise_shape)[i];
      if (d <= 0 && d != Shape::kUnknown)
        throw ValueError(str(who,
                             "Invalid value received for argument `noise_shape`. Expected all "
                             "dimensions to be positive integers or None. Received negative or "
                             "zero value at index ",
                             i, ": ", d));
    }
  if (rate > 0.0) seed_generator_ = add_seed_generator(options_.seed);
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
  return context.training ? drop(x, options_.noise_shape) : x;
}

Json DropoutImpl::get_config() const {
  return detail::dropout_config(*this, rate_, options_);
}

std::shared_ptr<DropoutImpl> DropoutImpl::from_config(const Json& config) {
  return detail::dropout_from_config<DropoutImpl, DropoutOptions>(config, "Dropout");
}

}  // namespace keras::layers
