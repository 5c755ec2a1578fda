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
  static ConfusionCountOptions read_config(const Json& config, const std::string& who);

 private:
  metrics_utils::ConfusionCells cell_;
  Thresholds init_thresholds_;
  std::vector<double> thresholds_;
  bool evenly_;
  Variable accumulator_;
};

// Weighted count of positive labels predicted positive. Name "true_positives" (made unique).
class TruePositives : public ConfusionMatrixConditionCount {
 public:
  explicit TruePositives(const ConfusionCountOptions& options = {});
  static std::shared_ptr<TruePositives> from_config(const Json& config);
};

// Weighted count of negative labels predicted positive. Name "false_positives".
class FalsePositives : public ConfusionMatrixConditionCount {
 public:
  explicit FalsePositives(const ConfusionCountOptions& options = {});
  static std::shared_ptr<FalsePositives> from_config(const Json& config);
};

// Weighted count of negative labels predicted negative. Name "true_negatives".
class TrueNegatives : public ConfusionMatrixConditionCount {
 public:
  explicit TrueNegatives(const ConfusionCountOptions& options = {});
  static std::shared_ptr<TrueNegatives> from_config(const Json& config);
};

// Weighted count of positive labels predicted negative. Name "false_negatives".
class FalseNegatives : public ConfusionMatrixConditionCount {
 public:
  explicit FalseNegatives(const ConfusionCountOptions& options = {});
  static std::shared_ptr<FalseNegatives> from_config(const Json& config);
};

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
  static PrecisionOptions read_config(const Json& config, const std::string& who);

 private:
  PrecisionOptions options_;
  metrics_utils::ConfusionCells other_cell_;
  std::vector<double> thresholds_;
  bool evenly_;
  Variable true_positives_, other_;
};

// tp / (tp + fp) per threshold (0 when nothing was predicted positive). Variables
// `true_positives`, `false_positives`. Name "precision" (made unique).
class Precision : public PrecisionRecallBase {
 public:
  explicit Precision(const PrecisionOptions& options = {});
  static std::shared_ptr<Precision> from_config(const Json& config);
};

// tp / (tp + fn) per threshold (0 when there was no positive label). Variables
// `true_positives`, `false_negatives`. Name "recall" (made unique).
class Recall : public PrecisionRecallBase {
 public:
  explicit Recall(const RecallOptions& options = {});
  static std::shared_ptr<Recall> from_config(const Json& config);
};

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
class AUC : public Metric {
 public:
  explicit AUC(const AUCOptions& options = {});
  std::vector<Tensor> update_state(const Tensor& y_true, const Tensor& y_pred,
                                   const Tensor& sample_weight = {}) override;
  // Every threshold, with the -epsilon and 1 + epsilon ends.
  const std::vector<double>& thresholds() const { return thresholds_; }
  int64_t num_thresholds() const { return num_thresholds_; }
  // name, dtype, num_thresholds, curve, summation_method, multi_label, num_labels,
  // label_weights, from_logits, and thresholds (without the ends) when they were given.
  Json get_config() const override;
  static std::shared_ptr<AUC> from_config(const Json& config);

 protected:
  Tensor compute_result(const std::vector<Tensor>& values) const override;

 private:
  void build(const Shape& y_pred_shape);
  Tensor interpolate_pr_auc(const std::vector<Tensor>& values) const;
  Tensor average_labels(const Tensor& by_threshold) const;

  AUCOptions options_;
  std::string curve_, summation_method_;
  int64_t num_thresholds_;
  std::vector<double> thresholds_;
  bool evenly_;
  bool built_ = false;
  int64_t built_labels_ = 0;
  Tensor label_weights_;
  Variable true_positives_, false_positives_, true_negatives_, false_negatives_;
};

}  // namespace keras::metrics
