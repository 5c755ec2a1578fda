#include "keras/layers/core/masking.h"

#include "keras/layers/detail/layer_config.h"
#include "keras/ops/math.h"
#include "keras/ops/reduction.h"
#include "keras/ops/shape.h"

namespace keras::layers {

namespace {

args::ArgList masking_args(MaskingOptions& o) {
  return {{"mask_value", o.mask_value}};
}

}  // namespace

MaskingImpl::MaskingImpl(const MaskingOptions& options)
    : Layer("Masking", options.layer_options()), options_(options) {
  set_supports_masking(true);
  built_at_construction();
}

Tensor MaskingImpl::timestep_mask(const Tensor& x, bool keepdims) const {
  if (x.rank() < 1)
    throw ValueError(str("Masking '", name(),
                         "': inputs need at least one axis (the features), "
                         "got shape ",
                         x.shape()));
  // ops::any as a max over 0/1 values: reductions run on float kernels.
  Tensor differs = ops::cast(ops::not_equal(x, options_.mask_value), DType::float32);
  return ops::greater(ops::max(differs, -1, keepdims), 0.0);
}

Tensors MaskingImpl::compute_mask(const Tensors& inputs, const Tensors&) {
  return Tensors(timestep_mask(inputs.single(str("Masking '", name(), "'")), false));
}

Tensors MaskingImpl::call(const Tensors& inputs, const CallContext&) {
  const Tensor& x = inputs.single(str("Masking '", name(), "'"));
  Tensor keep = timestep_mask(x, true);
  Tensor outputs = ops::where(keep, x, 0.0);
  // The mask is set with the outputs, as Keras's call does, so compute_mask need not run again.
  return Tensors(outputs.with_keras_mask(ops::squeeze(keep, -1)));
}

Json MaskingImpl::get_config() const {
  MaskingOptions o = options_;
  return config_with(Layer::get_config(), masking_args(o));
}

std::shared_ptr<MaskingImpl> MaskingImpl::from_config(const Json& config) {
  MaskingOptions o;
  read_config(o, config, masking_args(o), "Masking");
  return std::make_shared<MaskingImpl>(o);
}

}  // namespace keras::layers
