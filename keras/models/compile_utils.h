// What compile() resolves once the model's outputs are known (keras/src/trainers/
// compile_utils.py): the loss of each output with its weight, the per-output loss trackers of
// multi-output models, and the compiled metrics, with Keras's name rules ("accuracy" becomes
// binary, sparse categorical or categorical accuracy from the shapes; "crossentropy" / "ce" the
// matching crossentropy; multi-output names get the output's name in front).
//
// Both work on concrete tensors (updating their trackers and metrics at once) and on symbolic
// ones inside a traced step, where the step's graph::TraceScope collects the updates they make.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "keras/metrics/reduction_metrics.h"
#include "keras/models/training_options.h"

namespace keras::models {

// Keras's is_binary_or_sparse_categorical: from the shapes of targets and predictions.
struct TargetKind {
  bool binary = false;
  bool sparse_categorical = false;
};
TargetKind target_kind(const Shape& y_true, const Shape& y_pred);

// The output names losses and metrics are matched to and prefixed with, for `count` outputs.
using OutputNames = std::function<std::vector<std::string>(size_t count)>;

class CompiledLoss {
 public:
  CompiledLoss(LossSpec spec, LossWeights weights);

  // Resolves the spec for outputs of these shapes (targets `y_true`) and names.
  void build(const std::vector<Shape>& y_true, const std::vector<Shape>& y_pred,
             const std::vector<std::string>& output_names);
  bool built() const { return built_; }
  // The weighted total of the per-output losses (a scalar), updating the per-output trackers.
  // Empty when no output has a loss.
  Tensor compute(const std::vector<Tensor>& y_true, const std::vector<Tensor>& y_pred,
                 const std::vector<Tensor>& sample_weight) const;
  // "<output>_loss" trackers, when there is more than one loss.
  std::vector<metrics::MetricPtr> metrics() const {
    return std::vector<metrics::MetricPtr>(trackers_.begin(), trackers_.end());
  }

 private:
  struct OutputLoss {
    size_t output;
    losses::LossPtr loss;
    std::optional<double> weight;
  };
  LossSpec spec_;
  LossWeights weights_;
  bool built_ = false;
  std::vector<OutputLoss> losses_;
  std::vector<metrics::Mean> trackers_;
};

// Keras's CompileMetrics: the metrics given to compile() as one Metric named "compile_metrics"
// (an entry of model.metrics()), built on its first update from the shapes it sees.
// update_state(y, y_pred, sample_weight) updates every metric: those from `metrics` without the
// sample weights, those from `weighted_metrics` with them, as Keras does. Its result is one value
// per metric (Keras's dict): read them with named() or model.get_metrics_result(); result()
// itself is a ValueError saying so.
class CompileMetrics : public metrics::Metric {
 public:
  CompileMetrics(MetricSpec metrics, MetricSpec weighted_metrics, OutputNames output_names);

  void build(const std::vector<Shape>& y_true, const std::vector<Shape>& y_pred,
             const std::vector<std::string>& output_names);
  bool built() const { return built_; }
  // One output's targets, predictions and weights (the Metric interface); builds first.
  std::vector<Tensor> update_state(const Tensor& y_true, const Tensor& y_pred,
                                   const Tensor& sample_weight = {}) override;
  // Every output's, in output order (undefined weights: none); builds first. Both return the
  // metrics' update handles when the inputs are symbolic.
  std::vector<Tensor> update_state(const std::vector<Tensor>& y_true,
                                   const std::vector<Tensor>& y_pred,
                                   const std::vector<Tensor>& sample_weight);
  void reset_state() override;
  // The metrics with their log names (output prefixes and Keras's de-duplication applied), in
  // compile order: unweighted first, then weighted. Empty before the first update.
  const std::vector<std::pair<std::string, metrics::MetricPtr>>& named() const { return named_; }

 protected:
  Tensor compute_result(const std::vector<Tensor>& values) const override;

 private:
  struct OutputMetric {
    size_t output;
    metrics::MetricPtr metric;
    bool weighted;
  };
  std::vector<OutputMetric> resolve(const MetricSpec& spec, bool weighted,
                                    const std::vector<Shape>& y_true,
                                    const std::vector<Shape>& y_pred,
                                    const std::vector<std::string>& output_names) const;

  MetricSpec metrics_, weighted_metrics_;
  OutputNames output_names_;
  bool built_ = false;
  std::vector<OutputMetric> all_;
  std::vector<std::pair<std::string, metrics::MetricPtr>> named_;
};

}  // namespace keras::models
