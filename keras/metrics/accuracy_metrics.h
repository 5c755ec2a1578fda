// Keras 3's accuracy metrics (keras/src/metrics/accuracy_metrics.py): the per-sample functions
// and the MeanMetricWrapper classes over them.
//
//   metrics::BinaryAccuracy binary({.threshold = 0.7});          // y_pred > 0.7 is a 1
//   metrics::SparseTopKCategoricalAccuracy top3({.k = 3});
//   Tensor hits = metrics::categorical_accuracy(one_hot_labels, probabilities);  // per sample
//
// Ties: argmax takes the first maximum; in_top_k counts the label as in the top k when fewer
// than k scores are strictly greater (ties at the boundary are in), as Keras's backends do.
#pragma once

#include <cstdint>
#include <memory>

#include "keras/metrics/reduction_metrics.h"

namespace keras::metrics {

// --- Per-sample functions (floatx values, one per compared element) ---------------------------

// y_true == y_pred, elementwise after rank alignment.
Tensor accuracy(const Tensor& y_true, const Tensor& y_pred);
// y_true == (y_pred > threshold), elementwise (Keras 3 does not reduce the last axis here; the
// metric's mean does).
Tensor binary_accuracy(const Tensor& y_true, const Tensor& y_pred, double threshold = 0.5);
// argmax(y_true) == argmax(y_pred) along the last axis.
Tensor categorical_accuracy(const Tensor& y_true, const Tensor& y_pred);
// y_true (class indices; a trailing size-1 axis is dropped) == argmax(y_pred).
Tensor sparse_categorical_accuracy(const Tensor& y_true, const Tensor& y_pred);
// argmax(y_true) among the k highest scores of y_pred (k >= 1).
Tensor top_k_categorical_accuracy(const Tensor& y_true, const Tensor& y_pred, int64_t k = 5);
// y_true (class indices) among the k highest scores; from_sorted_ids: y_pred already holds
// class ids sorted by decreasing score, and the first k are compared.
Tensor sparse_top_k_categorical_accuracy(const Tensor& y_true, const Tensor& y_pred, int64_t k = 5,
                                         bool from_sorted_ids = false);

// --- Classes ----------------------------------------------------------------------------------

// How often predictions equal labels. Name "accuracy".
class AccuracyImpl : public MeanMetricWrapperImpl {
 public:
  explicit AccuracyImpl(const MetricOptions& options = {});
  Json get_config() const override;
  static std::shared_ptr<AccuracyImpl> from_config(const Json& config);
};
using Accuracy = MetricHandle<AccuracyImpl, MetricOptions>;

struct BinaryAccuracyOptions {
  double threshold = 0.5;
  KERAS_METRIC_OPTIONS
};

// How often (y_pred > threshold) matches binary labels. Name "binary_accuracy".
class BinaryAccuracyImpl : public MeanMetricWrapperImpl {
 public:
  explicit BinaryAccuracyImpl(const BinaryAccuracyOptions& options = {});
  double threshold() const { return options_.threshold; }
  Json get_config() const override;  // name, dtype, threshold
  static std::shared_ptr<BinaryAccuracyImpl> from_config(const Json& config);

 private:
  BinaryAccuracyOptions options_;
};
using BinaryAccuracy = MetricHandle<BinaryAccuracyImpl, BinaryAccuracyOptions>;

// How often argmax matches one-hot labels. Name "categorical_accuracy".
class CategoricalAccuracyImpl : public MeanMetricWrapperImpl {
 public:
  explicit CategoricalAccuracyImpl(const MetricOptions& options = {});
  Json get_config() const override;
  static std::shared_ptr<CategoricalAccuracyImpl> from_config(const Json& config);
};
using CategoricalAccuracy = MetricHandle<CategoricalAccuracyImpl, MetricOptions>;

// How often argmax matches integer labels. Name "sparse_categorical_accuracy".
class SparseCategoricalAccuracyImpl : public MeanMetricWrapperImpl {
 public:
  explicit SparseCategoricalAccuracyImpl(const MetricOptions& options = {});
  Json get_config() const override;
  static std::shared_ptr<SparseCategoricalAccuracyImpl> from_config(const Json& config);
};
using SparseCategoricalAccuracy = MetricHandle<SparseCategoricalAccuracyImpl, MetricOptions>;

struct TopKCategoricalAccuracyOptions {
  int64_t k = 5;
  KERAS_METRIC_OPTIONS
};

// How often the one-hot label is among the k highest scores. Name "top_k_categorical_accuracy".
class TopKCategoricalAccuracyImpl : public MeanMetricWrapperImpl {
 public:
  explicit TopKCategoricalAccuracyImpl(const TopKCategoricalAccuracyOptions& options = {});
  int64_t k() const { return options_.k; }
  Json get_config() const override;  // name, dtype, k
  static std::shared_ptr<TopKCategoricalAccuracyImpl> from_config(const Json& config);

 private:
  TopKCategoricalAccuracyOptions options_;
};
using TopKCategoricalAccuracy =
    MetricHandle<TopKCategoricalAccuracyImpl, TopKCategoricalAccuracyOptions>;

struct SparseTopKCategoricalAccuracyOptions {
  int64_t k = 5;
  bool from_sorted_ids = false;
  KERAS_METRIC_OPTIONS
};

// How often the integer label is among the k highest scores (or, from_sorted_ids, among the
// first k ids of y_pred). Name "sparse_top_k_categorical_accuracy".
class SparseTopKCategoricalAccuracyImpl : public MeanMetricWrapperImpl {
 public:
  explicit SparseTopKCategoricalAccuracyImpl(
      const SparseTopKCategoricalAccuracyOptions& options = {});
  int64_t k() const { return options_.k; }
  // name, dtype, k, and from_sorted_ids only when true (as Keras writes it).
  Json get_config() const override;
  static std::shared_ptr<SparseTopKCategoricalAccuracyImpl> from_config(const Json& config);

 private:
  SparseTopKCategoricalAccuracyOptions options_;
};
using SparseTopKCategoricalAccuracy =
    MetricHandle<SparseTopKCategoricalAccuracyImpl, SparseTopKCategoricalAccuracyOptions>;

}  // namespace keras::metrics
