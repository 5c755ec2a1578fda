#include "keras/metrics/probabilistic_metrics.h"

#include "keras/core/json.h"
#include "keras/metrics/detail/metric_args.h"

namespace keras::metrics {

namespace {

// Keras writes label_smoothing=0 (its default, an int) as 0.
struct SmoothingForm : args::ArgForm<double> {
  static Json write(double value) { return value == 0.0 ? Json(0) : Json(value); }
};

args::ArgList binary_args(BinaryCrossentropyOptions& o) {
  return {{"from_logits", o.from_logits},
          args::Arg::as<SmoothingForm>("label_smoothing", o.label_smoothing)};
}

args::ArgList categorical_args(CategoricalCrossentropyOptions& o) {
  return {{"from_logits", o.from_logits},
          args::Arg::as<SmoothingForm>("label_smoothing", o.label_smoothing),
          {"axis", o.axis}};
}

args::ArgList sparse_args(SparseCategoricalCrossentropyOptions& o) {
  return {{"from_logits", o.from_logits}, {"ignore_class", o.ignore_class}, {"axis", o.axis}};
}

}  // namespace

BinaryCrossentropyImpl::BinaryCrossentropyImpl(const BinaryCrossentropyOptions& options)
    : MeanMetricWrapperImpl(
          "BinaryCrossentropy", "binary_crossentropy",
          [options](const Tensor& y_true, const Tensor& y_pred) {
            return binary_crossentropy(y_true, y_pred, options.from_logits,
                                       options.label_smoothing);
          },
          options.metric_options()),
      options_(options) {}

Json BinaryCrossentropyImpl::get_config() const {
  return config_with(binary_args, options_);
}

std::shared_ptr<BinaryCrossentropyImpl> BinaryCrossentropyImpl::from_config(const Json& config) {
  return from_config_with<BinaryCrossentropyImpl>(binary_args, config, "BinaryCrossentropy");
}

CategoricalCrossentropyImpl::CategoricalCrossentropyImpl(
    const CategoricalCrossentropyOptions& options)
    : MeanMetricWrapperImpl(
          "CategoricalCrossentropy", "categorical_crossentropy",
          [options](const Tensor& y_true, const Tensor& y_pred) {
            return categorical_crossentropy(y_true, y_pred, options.from_logits,
                                            options.label_smoothing, options.axis);
          },
          options.metric_options()),
      options_(options) {}

Json CategoricalCrossentropyImpl::get_config() const {
  return config_with(categorical_args, options_);
}

std::shared_ptr<CategoricalCrossentropyImpl> CategoricalCrossentropyImpl::from_config(
    const Json& config) {
  return from_config_with<CategoricalCrossentropyImpl>(categorical_args, config,
                                                       "CategoricalCrossentropy");
}

SparseCategoricalCrossentropyImpl::SparseCategoricalCrossentropyImpl(
    const SparseCategoricalCrossentropyOptions& options)
    : MeanMetricWrapperImpl(
          "SparseCategoricalCrossentropy", "sparse_categorical_crossentropy",
          [options](const Tensor& y_true, const Tensor& y_pred) {
            return sparse_categorical_crossentropy(y_true, y_pred, options.from_logits,
                                                   options.ignore_class, options.axis);
          },
          options.metric_options()),
      options_(options) {}

Json SparseCategoricalCrossentropyImpl::get_config() const {
  return config_with(sparse_args, options_);
}

std::shared_ptr<SparseCategoricalCrossentropyImpl> SparseCategoricalCrossentropyImpl::from_config(
    const Json& config) {
  return from_config_with<SparseCategoricalCrossentropyImpl>(sparse_args, config,
                                                             "SparseCategoricalCrossentropy");
}

}  // namespace keras::metrics
