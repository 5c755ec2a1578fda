#include "keras/metrics/accuracy_metrics.h"

#include "keras/config/config.h"
#include "keras/core/error.h"
#include "keras/core/json.h"
#include "keras/metrics/detail/metric_args.h"
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

args::ArgList binary_accuracy_args(BinaryAccuracyOptions& o) {
  return {{"threshold", o.threshold}};
}

args::ArgList top_k_args(TopKCategoricalAccuracyOptions& o) {
  return {{"k", o.k}};
}

args::ArgList sparse_top_k_args(SparseTopKCategoricalAccuracyOptions& o) {
  return {{"k", o.k}, {"from_sorted_ids", o.from_sorted_ids}};
}

}  // namespace

AccuracyImpl::AccuracyImpl(const MetricOptions& options)
    : MeanMetricWrapperImpl("Accuracy", "accuracy", accuracy, options) {}

std::shared_ptr<AccuracyImpl> AccuracyImpl::from_config(const Json& config) {
  return from_config_with<AccuracyImpl>(no_arguments, config, "Accuracy");
}

Json AccuracyImpl::get_config() const {
  return Metric::get_config();
}

BinaryAccuracyImpl::BinaryAccuracyImpl(const BinaryAccuracyOptions& options)
    : MeanMetricWrapperImpl(
          "BinaryAccuracy", "binary_accuracy",
          [threshold = options.threshold](const Tensor& y_true, const Tensor& y_pred) {
            return binary_accuracy(y_true, y_pred, threshold);
          },
          options.metric_options()),
      options_(options) {}

Json BinaryAccuracyImpl::get_config() const {
  return config_with(binary_accuracy_args, options_);
}

std::shared_ptr<BinaryAccuracyImpl> BinaryAccuracyImpl::from_config(const Json& config) {
  return from_config_with<BinaryAccuracyImpl>(binary_accuracy_args, config, "BinaryAccuracy");
}

CategoricalAccuracyImpl::CategoricalAccuracyImpl(const MetricOptions& options)
    : MeanMetricWrapperImpl("CategoricalAccuracy", "categorical_accuracy", categorical_accuracy,
                            options) {}

std::shared_ptr<CategoricalAccuracyImpl> CategoricalAccuracyImpl::from_config(const Json& config) {
  return from_config_with<CategoricalAccuracyImpl>(no_arguments, config, "CategoricalAccuracy");
}

Json CategoricalAccuracyImpl::get_config() const {
  return Metric::get_config();
}

SparseCategoricalAccuracyImpl::SparseCategoricalAccuracyImpl(const MetricOptions& options)
    : MeanMetricWrapperImpl("SparseCategoricalAccuracy", "sparse_categorical_accuracy",
                            sparse_categorical_accuracy, options) {}

std::shared_ptr<SparseCategoricalAccuracyImpl> SparseCategoricalAccuracyImpl::from_config(
    const Json& config) {
  return from_config_with<SparseCategoricalAccuracyImpl>(no_arguments, config,
                                                         "SparseCategoricalAccuracy");
}

Json SparseCategoricalAccuracyImpl::get_config() const {
  return Metric::get_config();
}

TopKCategoricalAccuracyImpl::TopKCategoricalAccuracyImpl(
    const TopKCategoricalAccuracyOptions& options)
    : MeanMetricWrapperImpl(
          "TopKCategoricalAccuracy", "top_k_categorical_accuracy",
          [k = check_k(options.k)](const Tensor& y_true, const Tensor& y_pred) {
            return top_k_categorical_accuracy(y_true, y_pred, k);
          },
          options.metric_options()),
      options_(options) {}

Json TopKCategoricalAccuracyImpl::get_config() const {
  return config_with(top_k_args, options_);
}

std::shared_ptr<TopKCategoricalAccuracyImpl> TopKCategoricalAccuracyImpl::from_config(
    const Json& config) {
  return from_config_with<TopKCategoricalAccuracyImpl>(top_k_args, config,
                                                       "TopKCategoricalAccuracy");
}

SparseTopKCategoricalAccuracyImpl::SparseTopKCategoricalAccuracyImpl(
    const SparseTopKCategoricalAccuracyOptions& options)
    : MeanMetricWrapperImpl(
          "SparseTopKCategoricalAccuracy", "sparse_top_k_categorical_accuracy",
          [k = check_k(options.k), sorted = options.from_sorted_ids](const Tensor& y_true,
                                                                     const Tensor& y_pred) {
            return sparse_top_k_categorical_accuracy(y_true, y_pred, k, sorted);
          },
          options.metric_options()),
      options_(options) {}

Json SparseTopKCategoricalAccuracyImpl::get_config() const {
  Json config = config_with(sparse_top_k_args, options_);
  // Keras writes from_sorted_ids only when it is true.
  if (!options_.from_sorted_ids) config.erase("from_sorted_ids");
  return config;
}

std::shared_ptr<SparseTopKCategoricalAccuracyImpl> SparseTopKCategoricalAccuracyImpl::from_config(
    const Json& config) {
  return from_config_with<SparseTopKCategoricalAccuracyImpl>(sparse_top_k_args, config,
                                                             "SparseTopKCategoricalAccuracy");
}

}  // namespace keras::metrics
