// Keras 3's confusion-matrix metrics (keras/src/metrics/confusion_metrics.py): TruePositives,
// FalsePositives, TrueNegatives, FalseNegatives, Precision, Recall and AUC.
//
//   metrics::Precision precision({.thresholds = {0.3, 0.5, 0.7}});   // one value per threshold
//   metrics::Recall recall({.top_k = 1, .class_id = 2});
//   metrics::AUC pr_auc({.curve = "PR"});
//
// Each keeps weighted counts per threshold (metrics_utils::confusion_matrix_counts): a prediction
// is positive at threshold t when y_pred > t, a label is positive when it is not 0. A metric
// with one threshold reports a scalar, otherwise one value per threshold. Without thresholds
// these metrics use 0.5 (with top_k, every kept prediction counts as positive). AUC uses
// num_thresholds evenly spaced thresholds in [0, 1] with -epsilon and 1 + epsilon at the ends,
// and sums the curve by Riemann rectangles (interpolation: trapezoids; PR with interpolation:
// Davis & Goadrich's interpolation, as Keras).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "keras/metrics/metric.h"
#include "keras/metrics/metrics_utils.h"

namespace keras::metrics {

struct ConfusionCountOptions {
  Thresholds thresholds;  // None: 0.5; values in [0, 1]
  KERAS_METRIC_OPTIONS
};

// Keras's _ConfusionMatrixConditionCount: one variable, `accumulator`, of one count per
// threshold.
class ConfusionMatrixConditionCount : public Metric {
 public:
  std::vector<Tensor> update_state(const Tensor& y_true, const Tensor& y_pred,
                                   const Tensor& sample_weight = {}) override;
  const std::vector<double>& thresholds() const { return thresholds_; }
  Json get_config() const override;  // name, dtype, thresholds (as given)

 protected:
  ConfusionMatrixConditionCount(std::string class_name, metrics_utils::ConfusionCells cell,
                                const ConfusionCountOptions& options);
  Tensor compute_result(const std::vector<Tensor>& values) const override;
  static args::ArgList arguments(ConfusionCountOptions& o);

 private:
  metrics_utils::ConfusionCells cell_;
  ConfusionCountOptions options_;
  std::vector<double> thresholds_;
  bool evenly_;
  Variable accumulator_;
};

// Weighted count of positive labels predicted positive. Name "true_positives" (made unique).
class TruePositivesImpl : public ConfusionMatrixConditionCount {
 public:
  explicit TruePositivesImpl(const ConfusionCountOptions& options = {});
  static std::shared_ptr<TruePositivesImpl> from_config(const Json& config);
};
using TruePositives = MetricHandle<TruePositivesImpl, ConfusionCountOptions>;

// Weighted count of negative labels predicted positive. Name "false_positives".
class FalsePositivesImpl : public ConfusionMatrixConditionCount {
 public:
  explicit FalsePositivesImpl(const ConfusionCountOptions& options = {});
  static std::shared_ptr<FalsePositivesImpl> from_config(const Json& config);
};
using FalsePositives = MetricHandle<FalsePositivesImpl, ConfusionCountOptions>;

// Weighted count of negative labels predicted negative. Name "true_negatives".
class TrueNegativesImpl : public ConfusionMatrixConditionCount {
 public:
  explicit TrueNegativesImpl(const ConfusionCountOptions& options = {});
  static std::shared_ptr<TrueNegativesImpl> from_config(const Json& config);
};
using TrueNegatives = MetricHandle<TrueNegativesImpl, ConfusionCountOptions>;

// Weighted count of positive labels predicted negative. Name "false_negatives".
class FalseNegativesImpl : public ConfusionMatrixConditionCount {
 public:
  explicit FalseNegativesImpl(const ConfusionCountOptions& options = {});
  static std::shared_ptr<FalseNegativesImpl> from_config(const Json& config);
};
using FalseNegatives = MetricHandle<FalseNegativesImpl, ConfusionCountOptions>;

struct PrecisionOptions {
  Thresholds thresholds;            // None: 0.5 (or, with top_k, every kept prediction)
  std::optional<int64_t> top_k;     // only the k highest scores of each sample can be positive
  std::optional<int64_t> class_id;  // only this class (last axis) is counted
  KERAS_METRIC_OPTIONS
};
using RecallOptions = PrecisionOptions;

// What Precision and Recall share: tp / (tp + other) per threshold, `other` being the false
// positives or the false negatives, counted with top_k and class_id as Keras counts them.
// Variables `true_positives` and the other cell's name.
class PrecisionRecallBase : public Metric {
 public:
  std::vector<Tensor> update_state(const Tensor& y_true, const Tensor& y_pred,
                                   const Tensor& sample_weight = {}) override;
  const std::vector<double>& thresholds() const { return thresholds_; }
  Json get_config() const override;  // name, dtype, thresholds, top_k, class_id

 protected:
  // `other`: the one cell besides true_positives in the denominator.
  PrecisionRecallBase(std::string class_name, metrics_utils::ConfusionCells other,
                      const PrecisionOptions& options);
  Tensor compute_result(const std::vector<Tensor>& values) const override;
  static args::ArgList arguments(PrecisionOptions& o);

 private:
  PrecisionOptions options_;
  metrics_utils::ConfusionCells other_cell_;
  std::vector<double> thresholds_;
  bool evenly_;
  Variable true_positives_, other_;
};

// tp / (tp + fp) per threshold (0 when nothing was predicted positive). Variables
// `true_positives`, `false_positives`. Name "precision" (made unique).
class PrecisionImpl : public PrecisionRecallBase {
 public:
  explicit PrecisionImpl(const PrecisionOptions& options = {});
  static std::shared_ptr<PrecisionImpl> from_config(const Json& config);
};
using Precision = MetricHandle<PrecisionImpl, PrecisionOptions>;

// tp / (tp + fn) per threshold (0 when there was no positive label). Variables
// `true_positives`, `false_negatives`. Name "recall" (made unique).
class RecallImpl : public PrecisionRecallBase {
 public:
  explicit RecallImpl(const RecallOptions& options = {});
  static std::shared_ptr<RecallImpl> from_config(const Json& config);
};
using Recall = MetricHandle<RecallImpl, RecallOptions>;

struct AUCOptions {
  int64_t num_thresholds = 200;                    // > 1; ignored when `thresholds` is given
  std::string curve = "ROC";                       // "ROC", "PR" or "PRGAIN" (or lower case)
  std::string summation_method = "interpolation";  // "interpolation", "minoring", "majoring"
  std::optional<std::vector<double>> thresholds;   // used (sorted) instead of an even grid
  bool multi_label = false;                        // one curve per label (y_pred [N, L]), averaged
  std::optional<int64_t> num_labels;               // multi_label: build the variables now
  std::optional<std::vector<double>> label_weights;  // per-label weights
  bool from_logits = false;                          // y_pred goes through a sigmoid first
  KERAS_METRIC_OPTIONS
};

// Area under the ROC or precision-recall curve, from confusion counts at num_thresholds
// thresholds. Variables `true_positives`, `false_positives`, `true_negatives`,
// `false_negatives` of shape [num_thresholds] ([num_thresholds, num_labels] when multi_label;
// made at the first update_state when num_labels is not given). Name "auc" (made unique).
class AUCImpl : public Metric {
 public:
  explicit AUCImpl(const AUCOptions& options = {});
  std::vector<Tensor> update_state(const Tensor& y_true, const Tensor& y_pred,
                                   const Tensor& sample_weight = {}) override;
  // Every threshold, with the -epsilon and 1 + epsilon ends.
  const std::vector<double>& thresholds() const { return thresholds_; }
  int64_t num_thresholds() const { return options_.num_thresholds; }
  // name, dtype, num_thresholds, curve, summation_method, multi_label, num_labels,
  // label_weights, from_logits, and thresholds (without the ends) when they were given.
  Json get_config() const override;
  static std::shared_ptr<AUCImpl> from_config(const Json& config);

 protected:
  Tensor compute_result(const std::vector<Tensor>& values) const override;

 private:
  void build(const Shape& y_pred_shape);
  Tensor interpolate_pr_auc(const std::vector<Tensor>& values) const;
  Tensor average_labels(const Tensor& by_threshold) const;

  // As given, but with curve and summation_method in Keras's spelling, thresholds sorted and
  // num_thresholds counting the ends, as get_config writes them.
  AUCOptions options_;
  std::vector<double> thresholds_;
  bool evenly_;
  bool built_ = false;
  int64_t built_labels_ = 0;
  Tensor label_weights_;
  Variable true_positives_, false_positives_, true_negatives_, false_negatives_;
};
using AUC = MetricHandle<AUCImpl, AUCOptions>;

}  // namespace keras::metrics
