#include "keras/layers/regularization/activity_regularization.h"

#include "keras/layers/detail/layer_config.h"

namespace keras::layers {

namespace {

LayerOptions with_penalty(const ActivityRegularizationOptions& options) {
  std::string who = str("ActivityRegularization",
                        options.name.empty() ? std::string() : str(" '", options.name, "'"), ": ");
  if (!options.activity_regularizer.is_none())
    throw TypeError(
        str(who,
            "keras.src.layers.layer.Layer.__init__() got multiple values for keyword argument "
            "'activity_regularizer' (the layer's regularizer is L1L2(l1, l2))"));
  LayerOptions base = options.layer_options();
  try {
    base.activity_regularizer = regularizers::L1L2({.l1 = options.l1, .l2 = options.l2});
  } catch (const ValueError& e) {
    throw ValueError(who + e.what());
  }
  return base;
}

args::ArgList activity_regularization_args(ActivityRegularizationOptions& o) {
  return {{"l1", o.l1}, {"l2", o.l2}};
}

}  // namespace

ActivityRegularizationImpl::ActivityRegularizationImpl(const ActivityRegularizationOptions& options)
    : Layer("ActivityRegularization", with_penalty(options)), options_(options) {
  set_supports_masking(true);
  built_at_construction();
}

Tensors ActivityRegularizationImpl::call(const Tensors& inputs, const CallContext&) {
  return inputs.single(str("ActivityRegularization '", name(), "'"));
}

Json ActivityRegularizationImpl::get_config() const {
  Json config = options_config(*this, options_, activity_regularization_args);
  config.erase("activity_regularizer");
  return config;
}

std::shared_ptr<ActivityRegularizationImpl> ActivityRegularizationImpl::from_config(
    const Json& config) {
  ActivityRegularizationOptions options;
  read_config(options, config, activity_regularization_args(options), "ActivityRegularization");
  options.activity_regularizer = {};  // the layer's own penalty, made from l1 and l2
  return std::make_shared<ActivityRegularizationImpl>(options);
}

}  // namespace keras::layers
