#include "keras/layers/regularization/alpha_dropout.h"

#include <cmath>

#include "keras/core/json.h"
#include "keras/layers/detail/noise_args.h"
#include "keras/ops/math.h"
#include "keras/ops/random.h"
#include "keras/ops/shape.h"

namespace keras::layers {

AlphaDropoutImpl::AlphaDropoutImpl(double rate, const AlphaDropoutOptions& options)
    : Layer("AlphaDropout", options.layer_options()), rate_(rate), options_(options) {
  detail::check_unit_interval(rate, "rate", str("AlphaDropout '", name(), "': "));
  if (rate > 0.0) seed_generator_ = add_seed_generator(options_.seed);
  set_supports_masking(true);
  built_at_construction();
}

Tensors AlphaDropoutImpl::call(const Tensors& inputs, const CallContext& context) {
  std::string who = str("AlphaDropout '", name(), "'");
  const Tensor& x = inputs.single(who);
  if (!context.training || rate_ == 0.0) return x;
  if (rate_ == 1.0)
    throw ValueError(str(who, ": rate=1 drops every unit, and the output scale ",
                         "((1 - rate) * (1 + rate * alpha_p**2)) ** -0.5 is infinite"));

  // The mask is drawn on a tensor of the (concrete) noise shape: a size-1 slice of the inputs on
  // the broadcast axes and the whole axis elsewhere, so an unknown batch size needs no value.
  Tensor like = x;
  if (options_.noise_shape) {
    const Shape& shape = x.shape();
    if (options_.noise_shape->rank() != shape.rank())
      throw ValueError(str(who, ": noise_shape ", *options_.noise_shape,
                           " must have the rank of the inputs, ", shape.rank(),
                           "; received inputs of shape ", shape));
    std::vector<int64_t> begin(static_cast<size_t>(shape.rank()), 0), size(begin.size(), -1);
    bool broadcast = false;
    for (int i = 0; i < shape.rank(); ++i) {
      int64_t d = (*options_.noise_shape)[i];
      if (d == Shape::kUnknown) continue;  // None: the inputs' size
      if (d != 1 && (d < 0 || (shape[i] >= 0 && d != shape[i])))
        throw ValueError(str(who, ": noise_shape ", *options_.noise_shape,
                             " does not broadcast to the inputs' shape ", shape));
      if (d == 1 && shape[i] != 1) {
        size[static_cast<size_t>(i)] = 1;
        broadcast = true;
      }
    }
    if (broadcast) like = ops::slice(x, begin, size);
  }

  // keras/src/layers/regularization/alpha_dropout.py, call().
  const double alpha = 1.6732632423543772848170429916717;
  const double scale = 1.0507009873554804934193349852946;
  const double alpha_p = -alpha * scale;
  Tensor kept = ops::cast(
      ops::greater_equal(random::uniform_like(like, {.seed = *seed_generator_}), rate_), x.dtype());
  double a = std::pow((1.0 - rate_) * (1.0 + rate_ * alpha_p * alpha_p), -0.5);
  double b = -a * alpha_p * rate_;
  Tensor y = ops::add(ops::multiply(x, kept), ops::multiply(ops::subtract(1.0, kept), alpha_p));
  return ops::add(ops::multiply(y, a), b);
}

Json AlphaDropoutImpl::get_config() const {
  return detail::dropout_config(*this, rate_, options_);
}

std::shared_ptr<AlphaDropoutImpl> AlphaDropoutImpl::from_config(const Json& config) {
  return detail::dropout_from_config<AlphaDropoutImpl, AlphaDropoutOptions>(config, "AlphaDropout");
}

}  // namespace keras::layers
