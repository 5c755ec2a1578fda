#include "keras/metrics/probabilistic_metrics.h"

#include "keras/core/config_reading.h"
#include "keras/core/error.h"
#include "keras/core/warnings.h"
#include "keras/ops/math.h"
#include "keras/ops/nn.h"
#include "keras/ops/reduction.h"
#include "keras/ops/shape.h"

namespace keras::metrics {

namespace {

void check_defined(const Tensor& y_true, const Tensor& y_pred, const char* who) {
  if (!y_true.defined() || !y_pred.defined())
    throw ValueError(str(who, ": y_true and y_pred must be given"));
}

int canonical_axis(int axis, int rank, const char* who) {
  if (axis < -rank || axis >= rank)
    throw ValueError(str(who, ": axis ", axis, " is out of bounds for y_pred of rank ", rank));
  return axis < 0 ? axis + rank : axis;
}

// Keras writes label_smoothing=0 (its default, an int) as 0.
Json smoothing_json(double value) {
  if (value == 0.0) return 0;
  return value;
}

Json base_config(const Metric& metric) {
  return {{"name", metric.name()}, {"dtype", std::string(keras::name(metric.dtype()))}};
}

}  // namespace

// --- Functions --------------------------------------------------------------------------------

Tensor binary_crossentropy(const Tensor& y_true, const Tensor& y_pred, bool from_logits,
                           double label_smoothing, int axis) {
  check_defined(y_true, y_pred, "binary_crossentropy");
  Tensor t = ops::cast(y_true, y_pred.dtype());
  if (label_smoothing != 0.0)
    t = ops::add(ops::multiply(t, 1.0 - label_smoothing), 0.5 * label_smoothing);
  if (t.shape() != y_pred.shape())
    throw ValueError(
        str("Arguments `target` and `output` must have the same shape. Received: "
            "target.shape=",
            y_true.shape(), ", output.shape=", y_pred.shape()));
  return ops::mean(ops::binary_crossentropy(t, y_pred, from_logits), axis);
}

Tensor categorical_crossentropy(const Tensor& y_true, const Tensor& y_pred, bool from_logits,
                                double label_smoothing, int axis) {
  check_defined(y_true, y_pred, "categorical_crossentropy");
  Tensor t = ops::cast(y_true, y_pred.dtype());
  int a = canonical_axis(axis, y_pred.rank(), "categorical_crossentropy");
  int64_t classes = y_pred.shape()[a];
  if (classes == 1)
    warn(
        str("In loss categorical_crossentropy, expected y_pred.shape to be (batch_size, "
            "num_classes) with num_classes > 1. Received: y_pred.shape=",
            y_pred.shape(), ". Consider using 'binary_crossentropy' if you only have 2 classes."));
  if (label_smoothing != 0.0) {
    if (classes < 0)
      throw ValueError(
          str("categorical_crossentropy: label_smoothing needs a known number of "
              "classes; received y_pred.shape=",
              y_pred.shape()));
    t = ops::add(ops::multiply(t, 1.0 - label_smoothing),
                 label_smoothing / static_cast<double>(classes));
  }
  if (t.shape() != y_pred.shape())
    throw ValueError(
        str("Arguments `target` and `output` must have the same shape. Received: "
            "target.shape=",
            y_true.shape(), ", output.shape=", y_pred.shape()));
  return ops::categorical_crossentropy(t, y_pred, from_logits, a);
}

Tensor sparse_categorical_crossentropy(const Tensor& y_true, const Tensor& y_pred, bool from_logits,
                                       std::optional<int64_t> ignore_class, int axis) {
  check_defined(y_true, y_pred, "sparse_categorical_crossentropy");
  int a = canonical_axis(axis, y_pred.rank(), "sparse_categorical_crossentropy");
  Tensor t = y_true;
  if (t.rank() == y_pred.rank() && t.shape()[a] == 1) t = ops::squeeze(t, a);
  Tensor p = y_pred;
  Tensor valid;
  if (ignore_class) {
    valid = ops::not_equal(t, static_cast<double>(*ignore_class));
    t = ops::where(valid, t, ops::zeros_like(t));
    p = ops::where(ops::expand_dims(valid, a), p, 0.0);
  }
  Tensor result = ops::sparse_categorical_crossentropy(t, p, from_logits, a);
  if (ignore_class) {
    valid = ops::reshape(valid, result.shape());
    result = ops::where(valid, result, 0.0).with_keras_mask(valid);
  }
  return result;
}

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
