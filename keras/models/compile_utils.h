// What compile() resolves once the model's outputs are known (keras/src/trainers/
// compile_utils.py): the loss of each output with its weight, the per-output loss trackers of
// multi-output models, and the compiled metrics, with Keras's name rules ("accuracy" becomes
// binary, sparse categorical or categorical accuracy from the shapes; "crossentropy" / "ce" the
// matching crossentropy; multi-output names get the output's name in front).
#pragma once

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

class CompiledLoss {
 public:
  CompiledLoss(LossSpec spec, LossWeights weights);

  // Resolves the spec for outputs of these shapes (targets `y_true`) and names.
  void build(const std::vector<Shape>& y_true, const std::vector<Shape>& y_pred,
             const std::vector<std::string>& output_names);
  bool built() const { return built_; }
  // The weighted total of the per-output losses (a scalar), adding the trackers' update
  // handles (or updating them now, eagerly) to `updates`. Empty when no output has a loss.
  Tensor compute(const std::vector<Tensor>& y_true, const std::vector<Tensor>& y_pred,
                 const std::vector<Tensor>& sample_weight, std::vector<Tensor>& updates) const;
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

class CompiledMetrics {
 public:
  CompiledMetrics(MetricSpec metrics, MetricSpec weighted_metrics);

  void build(const std::vector<Shape>& y_true, const std::vector<Shape>& y_pred,
             const std::vector<std::string>& output_names);
  bool built() const { return built_; }
  // Accumulates every metric; update handles (symbolic inputs) go to `updates`.
  void update_state(const std::vector<Tensor>& y_true, const std::vector<Tensor>& y_pred,
                    const std::vector<Tensor>& sample_weight, std::vector<Tensor>& updates) const;
  // The metrics with their log names (output prefixes and Keras's de-duplication applied), in
  // compile order: unweighted first, then weighted.
  const std::vector<std::pair<std::string, metrics::MetricPtr>>& named() const { return named_; }

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
  bool built_ = false;
  std::vector<OutputMetric> all_;
  std::vector<std::pair<std::string, metrics::MetricPtr>> named_;
};

}  // namespace keras::models
