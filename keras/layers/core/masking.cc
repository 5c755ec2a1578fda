#include "keras/layers/core/masking.h"

#include "keras/core/config_reading.h"
#include "keras/ops/math.h"
#include "keras/ops/reduction.h"
#include "keras/ops/shape.h"

namespace keras::layers {

MaskingImpl::MaskingImpl(const MaskingOptions& options)
    : Layer("Masking", options.layer_options()), mask_value_(options.mask_value) {
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
  Tensor differs = ops::cast(ops::not_equal(x, mask_value_), DType::float32);
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
  Json config = Layer::get_config();
  config["mask_value"] = mask_value_;
  return config;
}

std::shared_ptr<MaskingImpl> MaskingImpl::from_config(const Json& config) {
  const std::string who = "Masking";
  MaskingOptions options;
  read_layer_options(options, config, who);
  options.mask_value = config_reading::number(config, "mask_value", 0.0, who);
  return std::make_shared<MaskingImpl>(options);
}

}  // namespace keras::layers
