#include "keras/layers/regularization/activity_regularization.h"

#include "keras/core/config_reading.h"

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

}  // namespace

ActivityRegularizationImpl::ActivityRegularizationImpl(const ActivityRegularizationOptions& options)
    : Layer("ActivityRegularization", with_penalty(options)), l1_(options.l1), l2_(options.l2) {
  set_supports_masking(true);
  built_at_construction();
}

Tensors ActivityRegularizationImpl::call(const Tensors& inputs, const CallContext&) {
  return inputs.single(str("ActivityRegularization '", name(), "'"));
}

Json ActivityRegularizationImpl::get_config() const {
  Json config = Layer::get_config();
  config.erase("activity_regularizer");
  config["l1"] = l1_;
  config["l2"] = l2_;
  return config;
}

std::shared_ptr<ActivityRegularizationImpl> ActivityRegularizationImpl::from_config(
    const Json& config) {
  const std::string who = "ActivityRegularization";
  LayerOptions base = layer_options_from_config(config, who);
  ActivityRegularizationOptions options;
  options.l1 = config_reading::number(config, "l1", 0.0, who);
  options.l2 = config_reading::number(config, "l2", 0.0, who);
  options.name = base.name;
  options.dtype = base.dtype;
  options.trainable = base.trainable;
  return std::make_shared<ActivityRegularizationImpl>(options);
}

}  // namespace keras::layers
