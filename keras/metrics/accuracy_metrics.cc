#include "keras/metrics/accuracy_metrics.h"

#include "keras/config/config.h"
#include "keras/core/config_reading.h"
#include "keras/core/error.h"
#include "keras/metrics/metrics_utils.h"
#include "keras/ops/math.h"
#include "keras/ops/reduction.h"
#include "keras/ops/shape.h"

namespace keras::metrics {

namespace {

using metrics_utils::squeeze_or_expand_to_same_rank;

DType floatx() {
  return config::floatx_dtype();
}

void check_defined(const Tensor& y_true, const Tensor& y_pred, const char* who) {
  if (!y_true.defined() || !y_pred.defined())
    throw ValueError(str(who, ": y_true and y_pred must be given"));
}

int64_t check_k(int64_t k) {
  if (k < 1)
    throw ValueError(
        str("Invalid value for argument `k`. Expected an integer >= 1. Received: k=", k));
  return k;
}

// Predictions flattened to [samples, classes] and labels to [samples], as Keras's top-k
// accuracies do; reshape_matches: the matches go back to the labels' shape.
void flatten_for_top_k(Tensor& y_true, Tensor& y_pred, bool& reshape_matches, const char* who) {
  if (y_pred.rank() < 2)
    throw ValueError(str(who,
                         ": `y_pred` must have rank >= 2 (samples, classes). Received: "
                         "y_pred.shape=",
                         y_pred.shape()));
  if (y_pred.rank() > 2)
    y_pred = ops::reshape(y_pred, Shape{-1, y_pred.shape()[y_pred.rank() - 1]});
  if (y_true.rank() > 1) {
    reshape_matches = true;
    y_true = ops::reshape(y_true, Shape{-1});
  }
}

}  // namespace

// --- Functions --------------------------------------------------------------------------------

Tensor accuracy(const Tensor& y_true, const Tensor& y_pred) {
  check_defined(y_true, y_pred, "accuracy");
  Tensor p = y_pred;
  Tensor t = ops::cast(y_true, p.dtype());
  squeeze_or_expand_to_same_rank(t, p);
  return ops::cast(ops::equal(t, p), floatx());
}

Tensor binary_accuracy(const Tensor& y_true, const Tensor& y_pred, double threshold) {
  check_defined(y_true, y_pred, "binary_accuracy");
  Tensor t = y_true, p = y_pred;
  squeeze_or_expand_to_same_rank(t, p);
  p = ops::cast(ops::greater(p, threshold), t.dtype());
  return ops::cast(ops::equal(t, p), floatx());
}

Tensor categorical_accuracy(const Tensor& y_true, const Tensor& y_pred) {
  check_defined(y_true, y_pred, "categorical_accuracy");
  Tensor t = ops::cast(ops::argmax(y_true, -1), y_pred.dtype());
  Shape original = t.shape();
  bool reshape_matches = false;
  if (t.rank() == y_pred.rank()) {
    t = ops::squeeze(t, -1);
    reshape_matches = true;
  }
  Tensor p = ops::cast(ops::argmax(y_pred, -1), t.dtype());
  Tensor matches = ops::cast(ops::equal(t, p), floatx());
  if (reshape_matches) matches = ops::reshape(matches, original);
  return matches;
}

Tensor sparse_categorical_accuracy(const Tensor& y_true, const Tensor& y_pred) {
  check_defined(y_true, y_pred, "sparse_categorical_accuracy");
  Tensor t = ops::cast(y_true, y_pred.dtype());
  Shape original = t.shape();
  bool reshape_matches = false;
  if (t.rank() == y_pred.rank() && t.rank() > 0 && t.shape()[t.rank() - 1] == 1) {
    t = ops::squeeze(t, -1);
    reshape_matches = true;
  }
  Tensor p = ops::cast(ops::argmax(y_pred, -1), t.dtype());
  Tensor matches = ops::cast(ops::equal(t, p), floatx());
  if (reshape_matches) matches = ops::reshape(matches, original);
  if (matches.rank() > 1 && matches.shape()[matches.rank() - 1] == 1)
    matches = ops::squeeze(matches, -1);
  return matches;
}

Tensor top_k_categorical_accuracy(const Tensor& y_true, const Tensor& y_pred, int64_t k) {
  check_defined(y_true, y_pred, "top_k_categorical_accuracy");
  check_k(k);
  Tensor p = y_pred;
  Tensor t = ops::argmax(ops::cast(y_true, p.dtype()), -1);
  Shape original = t.shape();
  bool reshape_matches = false;
  flatten_for_top_k(t, p, reshape_matches, "top_k_categorical_accuracy");
  Tensor matches = ops::cast(metrics_utils::in_top_k(t, p, k), floatx());
  if (reshape_matches) matches = ops::reshape(matches, original);
  return matches;
}

Tensor sparse_top_k_categorical_accuracy(const Tensor& y_true, const Tensor& y_pred, int64_t k,
                                         bool from_sorted_ids) {
  check_defined(y_true, y_pred, "sparse_top_k_categorical_accuracy");
  check_k(k);
  Tensor p = y_pred;
  Tensor t = ops::cast(y_true, from_sorted_ids ? p.dtype() : DType::int32);
  Shape original = t.shape();
  bool reshape_matches = false;
  flatten_for_top_k(t, p, reshape_matches, "sparse_top_k_categorical_accuracy");
  Tensor matches;
  if (from_sorted_ids) {
    // The first k ids (all of them when there are fewer); `any` counts a repeated id once.
    int64_t n = p.shape()[1];
    Tensor first = ops::slice(p, {0, 0}, {-1, n >= 0 && n < k ? n : k});
    Tensor equal = ops::equal(ops::expand_dims(t, 1), first);
    matches = ops::greater(ops::max(ops::cast(equal, floatx()), 1), 0.0);
  } else {
    matches = metrics_utils::in_top_k(t, p, k);
  }
  matches = ops::cast(matches, floatx());
  if (reshape_matches) matches = ops::reshape(matches, original);
  return matches;
}

// --- Classes ----------------------------------------------------------------------------------

namespace {

Json base_config(const Metric& metric) {
  return {{"name", metric.name()}, {"dtype", std::string(keras::name(metric.dtype()))}};
}

}  // namespace

Accuracy::Accuracy(const MetricOptions& options)
    : MeanMetricWrapper("Accuracy", "accuracy", accuracy, options) {}

Json Accuracy::get_config() const {
  return base_config(*this);
}

std::shared_ptr<Accuracy> Accuracy::from_config(const Json& config) {
  config_reading::check_keys(config, {"name", "dtype"}, "Accuracy");
  return std::make_shared<Accuracy>(options_from_config(config, "Accuracy"));
}

BinaryAccuracy::BinaryAccuracy(const BinaryAccuracyOptions& options)
    : MeanMetricWrapper(
          "BinaryAccuracy", "binary_accuracy",
          [threshold = options.threshold](const Tensor& y_true, const Tensor& y_pred) {
            return binary_accuracy(y_true, y_pred, threshold);
          },
          {.name = options.name, .dtype = options.dtype}),
      threshold_(options.threshold) {}

Json BinaryAccuracy::get_config() const {
  Json config = base_config(*this);
  config["threshold"] = threshold_;
  return config;
}

std::shared_ptr<BinaryAccuracy> BinaryAccuracy::from_config(const Json& config) {
  const std::string who = "BinaryAccuracy";
  config_reading::check_keys(config, {"name", "dtype", "threshold"}, who);
  MetricOptions base = options_from_config(config, who);
  return std::make_shared<BinaryAccuracy>(
      BinaryAccuracyOptions{.threshold = config_reading::number(config, "threshold", 0.5, who),
                            .name = base.name,
                            .dtype = base.dtype});
}

CategoricalAccuracy::CategoricalAccuracy(const MetricOptions& options)
    : MeanMetricWrapper("CategoricalAccuracy", "categorical_accuracy", categorical_accuracy,
                        options) {}

Json CategoricalAccuracy::get_config() const {
  return base_config(*this);
}

std::shared_ptr<CategoricalAccuracy> CategoricalAccuracy::from_config(const Json& config) {
  config_reading::check_keys(config, {"name", "dtype"}, "CategoricalAccuracy");
  return std::make_shared<CategoricalAccuracy>(options_from_config(config, "CategoricalAccuracy"));
}

SparseCategoricalAccuracy::SparseCategoricalAccuracy(const MetricOptions& options)
    : MeanMetricWrapper("SparseCategoricalAccuracy", "sparse_categorical_accuracy",
                        sparse_categorical_accuracy, options) {}

Json SparseCategoricalAccuracy::get_config() const {
  return base_config(*this);
}

std::shared_ptr<SparseCategoricalAccuracy> SparseCategoricalAccuracy::from_config(
    const Json& config) {
  config_reading::check_keys(config, {"name", "dtype"}, "SparseCategoricalAccuracy");
  return std::make_shared<SparseCategoricalAccuracy>(
      options_from_config(config, "SparseCategoricalAccuracy"));
}

TopKCategoricalAccuracy::TopKCategoricalAccuracy(const TopKCategoricalAccuracyOptions& options)
    : MeanMetricWrapper("TopKCategoricalAccuracy", "top_k_categorical_accuracy",
                        [k = check_k(options.k)](const Tensor& y_true, const Tensor& y_pred) {
                          return top_k_categorical_accuracy(y_true, y_pred, k);
                        },
                        {.name = options.name, .dtype = options.dtype}),
      k_(options.k) {}

Json TopKCategoricalAccuracy::get_config() const {
  Json config = base_config(*this);
  config["k"] = k_;
  return config;
}

std::shared_ptr<TopKCategoricalAccuracy> TopKCategoricalAccuracy::from_config(const Json& config) {
  const std::string who = "TopKCategoricalAccuracy";
  config_reading::check_keys(config, {"name", "dtype", "k"}, who);
  MetricOptions base = options_from_config(config, who);
  return std::make_shared<TopKCategoricalAccuracy>(TopKCategoricalAccuracyOptions{
      .k = config_reading::integer(config, "k", 5, who), .name = base.name, .dtype = base.dtype});
}

SparseTopKCategoricalAccuracy::SparseTopKCategoricalAccuracy(
    const SparseTopKCategoricalAccuracyOptions& options)
    : MeanMetricWrapper("SparseTopKCategoricalAccuracy", "sparse_top_k_categorical_accuracy",
                        [k = check_k(options.k), sorted = options.from_sorted_ids](
                            const Tensor& y_true, const Tensor& y_pred) {
                          return sparse_top_k_categorical_accuracy(y_true, y_pred, k, sorted);
                        },
                        {.name = options.name, .dtype = options.dtype}),
      k_(options.k),
      from_sorted_ids_(options.from_sorted_ids) {}

Json SparseTopKCategoricalAccuracy::get_config() const {
  Json config = base_config(*this);
  config["k"] = k_;
  if (from_sorted_ids_) config["from_sorted_ids"] = true;
  return config;
}

std::shared_ptr<SparseTopKCategoricalAccuracy> SparseTopKCategoricalAccuracy::from_config(
    const Json& config) {
  const std::string who = "SparseTopKCategoricalAccuracy";
  config_reading::check_keys(config, {"name", "dtype", "k", "from_sorted_ids"}, who);
  MetricOptions base = options_from_config(config, who);
  return std::make_shared<SparseTopKCategoricalAccuracy>(SparseTopKCategoricalAccuracyOptions{
      .k = config_reading::integer(config, "k", 5, who),
      .from_sorted_ids = config_reading::boolean(config, "from_sorted_ids", false, who),
      .name = base.name,
      .dtype = base.dtype});
}

}  // namespace keras::metrics
