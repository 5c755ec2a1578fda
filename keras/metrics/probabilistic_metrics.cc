#include "keras/metrics/probabilistic_metrics.h"

#include "keras/core/config_reading.h"

namespace keras::metrics {

namespace {

// Keras writes label_smoothing=0 (its default, an int) as 0.
Json smoothing_json(double value) {
  if (value == 0.0) return 0;
  return value;
}

Json base_config(const Metric& metric) {
  return {{"name", metric.name()}, {"dtype", std::string(keras::name(metric.dtype()))}};
}

}  // namespace

// --- Classes ----------------------------------------------------------------------------------

BinaryCrossentropy::BinaryCrossentropy(const BinaryCrossentropyOptions& options)
    : MeanMetricWrapper("BinaryCrossentropy", "binary_crossentropy",
                        [options](const Tensor& y_true, const Tensor& y_pred) {
                          return binary_crossentropy(y_true, y_pred, options.from_logits,
                                                     options.label_smoothing);
                        },
                        {.name = options.name, .dtype = options.dtype}),
      options_(options) {}

Json BinaryCrossentropy::get_config() const {
  Json config = base_config(*this);
  config["from_logits"] = options_.from_logits;
  config["label_smoothing"] = smoothing_json(options_.label_smoothing);
  return config;
}

std::shared_ptr<BinaryCrossentropy> BinaryCrossentropy::from_config(const Json& config) {
  const std::string who = "BinaryCrossentropy";
  config_reading::check_keys(config, {"name", "dtype", "from_logits", "label_smoothing"}, who);
  MetricOptions base = options_from_config(config, who);
  return std::make_shared<BinaryCrossentropy>(BinaryCrossentropyOptions{
      .from_logits = config_reading::boolean(config, "from_logits", false, who),
      .label_smoothing = config_reading::number(config, "label_smoothing", 0.0, who),
      .name = base.name,
      .dtype = base.dtype});
}

CategoricalCrossentropy::CategoricalCrossentropy(const CategoricalCrossentropyOptions& options)
    : MeanMetricWrapper("CategoricalCrossentropy", "categorical_crossentropy",
                        [options](const Tensor& y_true, const Tensor& y_pred) {
                          return categorical_crossentropy(y_true, y_pred, options.from_logits,
                                                          options.label_smoothing, options.axis);
                        },
                        {.name = options.name, .dtype = options.dtype}),
      options_(options) {}

Json CategoricalCrossentropy::get_config() const {
  Json config = base_config(*this);
  config["from_logits"] = options_.from_logits;
  config["label_smoothing"] = smoothing_json(options_.label_smoothing);
  config["axis"] = options_.axis;
  return config;
}

std::shared_ptr<CategoricalCrossentropy> CategoricalCrossentropy::from_config(const Json& config) {
  const std::string who = "CategoricalCrossentropy";
  config_reading::check_keys(config, {"name", "dtype", "from_logits", "label_smoothing", "axis"},
                             who);
  MetricOptions base = options_from_config(config, who);
  return std::make_shared<CategoricalCrossentropy>(CategoricalCrossentropyOptions{
      .from_logits = config_reading::boolean(config, "from_logits", false, who),
      .label_smoothing = config_reading::number(config, "label_smoothing", 0.0, who),
      .axis = static_cast<int>(config_reading::integer(config, "axis", -1, who)),
      .name = base.name,
      .dtype = base.dtype});
}

SparseCategoricalCrossentropy::SparseCategoricalCrossentropy(
    const SparseCategoricalCrossentropyOptions& options)
    : MeanMetricWrapper("SparseCategoricalCrossentropy", "sparse_categorical_crossentropy",
                        [options](const Tensor& y_true, const Tensor& y_pred) {
                          return sparse_categorical_crossentropy(
                              y_true, y_pred, options.from_logits, options.ignore_class,
                              options.axis);
                        },
                        {.name = options.name, .dtype = options.dtype}),
      options_(options) {}

Json SparseCategoricalCrossentropy::get_config() const {
  Json config = base_config(*this);
  config["from_logits"] = options_.from_logits;
  config["ignore_class"] = options_.ignore_class ? Json(*options_.ignore_class) : Json(nullptr);
  config["axis"] = options_.axis;
  return config;
}

std::shared_ptr<SparseCategoricalCrossentropy> SparseCategoricalCrossentropy::from_config(
    const Json& config) {
  const std::string who = "SparseCategoricalCrossentropy";
  config_reading::check_keys(config, {"name", "dtype", "from_logits", "ignore_class", "axis"}, who);
  MetricOptions base = options_from_config(config, who);
  return std::make_shared<SparseCategoricalCrossentropy>(SparseCategoricalCrossentropyOptions{
      .from_logits = config_reading::boolean(config, "from_logits", false, who),
      .ignore_class = config_reading::optional_integer(config, "ignore_class", who),
      .axis = static_cast<int>(config_reading::integer(config, "axis", -1, who)),
      .name = base.name,
      .dtype = base.dtype});
}

}  // namespace keras::metrics
