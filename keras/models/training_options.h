// The arguments of compile(), fit(), evaluate() and predict(), named and defaulted as Keras 3's
// keyword arguments (keras/src/trainers/trainer.py; KERAS.md §8), and the batch generators fit()
// accepts besides arrays.
//
//   model.compile({.optimizer = "rmsprop", .loss = "categorical_crossentropy",
//                  .metrics = {"accuracy"}});
//   model.fit(x_train, y_train, {.batch_size = 128, .epochs = 20,
//                                .validation_data = ValidationData{x_test, y_test}});
#pragma once

#include <functional>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "keras/callbacks/callback.h"
#include "keras/core/nested.h"
#include "keras/core/tensor.h"
#include "keras/losses/loss.h"
#include "keras/metrics/metric.h"
#include "keras/optimizers/optimizer.h"

namespace keras::models {

using Tensors = Nested<Tensor>;

// compile(loss=...): one loss for every output, one per output (a list in output order), or a
// dict by output name. A loss is a name ("mse", "categorical_crossentropy", Keras 3's
// "crossentropy") or a Loss object.
class LossSpec {
 public:
  LossSpec() = default;
  LossSpec(const char* name) : one_(losses::LossArg(name)) {}                 // NOLINT
  LossSpec(std::string name) : one_(losses::LossArg(std::move(name))) {}      // NOLINT
  LossSpec(losses::LossPtr loss) : one_(losses::LossArg(std::move(loss))) {}  // NOLINT
  template <class L>
  requires std::is_base_of_v<losses::Loss, L> LossSpec(std::shared_ptr<L> loss)
      : one_(losses::LossArg(std::move(loss))) {}  // NOLINT
  template <class L>  // a loss object, copied: .loss = losses::Huber({.delta = 2.0})
  requires std::is_base_of_v<losses::Loss, L> LossSpec(const L& loss)
      : one_(losses::LossArg(loss)) {}  // NOLINT
  static LossSpec per_output(std::vector<losses::LossArg> losses) {
    LossSpec s;
    s.list_ = std::move(losses);
    return s;
  }
  static LossSpec by_name(std::map<std::string, losses::LossArg> losses) {
    LossSpec s;
    s.dict_ = std::move(losses);
    return s;
  }
  bool empty() const { return !one_ && list_.empty() && dict_.empty(); }
  const std::optional<losses::LossArg>& one() const { return one_; }
  const std::vector<losses::LossArg>& list() const { return list_; }
  const std::map<std::string, losses::LossArg>& dict() const { return dict_; }

 private:
  std::optional<losses::LossArg> one_;
  std::vector<losses::LossArg> list_;
  std::map<std::string, losses::LossArg> dict_;
};

// compile(metrics=...): a list for a single-output model (names such as "accuracy", "mse",
// "auc", or Metric objects), or per output: a list of lists in output order, or a dict by
// output name.
class MetricSpec {
 public:
  MetricSpec() = default;
  MetricSpec(std::initializer_list<metrics::MetricArg> metrics) : one_(metrics) {}
  MetricSpec(std::vector<metrics::MetricArg> metrics) : one_(std::move(metrics)) {}  // NOLINT
  static MetricSpec per_output(std::vector<std::vector<metrics::MetricArg>> metrics) {
    MetricSpec s;
    s.list_ = std::move(metrics);
    return s;
  }
  static MetricSpec by_name(std::map<std::string, std::vector<metrics::MetricArg>> metrics) {
    MetricSpec s;
    s.dict_ = std::move(metrics);
    return s;
  }
  bool empty() const { return one_.empty() && list_.empty() && dict_.empty(); }
  const std::vector<metrics::MetricArg>& one() const { return one_; }
  const std::vector<std::vector<metrics::MetricArg>>& list() const { return list_; }
  const std::map<std::string, std::vector<metrics::MetricArg>>& dict() const { return dict_; }

 private:
  std::vector<metrics::MetricArg> one_;
  std::vector<std::vector<metrics::MetricArg>> list_;
  std::map<std::string, std::vector<metrics::MetricArg>> dict_;
};

// compile(loss_weights=...): one factor, a list in output order, or a dict by output name.
struct LossWeights {
  LossWeights() = default;
  LossWeights(double weight) : one(weight) {}  // NOLINT
  LossWeights(std::initializer_list<double> weights) : list(weights) {}
  LossWeights(std::map<std::string, double> weights) : dict(std::move(weights)) {}  // NOLINT
  std::optional<double> one;
  std::vector<double> list;
  std::map<std::string, double> dict;
  bool empty() const { return !one && list.empty() && dict.empty(); }
};

struct CompileOptions {
  optimizers::OptimizerArg optimizer = "rmsprop";
  LossSpec loss;
  LossWeights loss_weights;
  MetricSpec metrics;
  MetricSpec weighted_metrics;  // weighted by sample_weight / class_weight
  bool run_eagerly = false;     // accepted; programs are always compiled here
  int64_t steps_per_execution = 1;
  // Under the mixed_float16 dtype policy, wrap the optimizer in a LossScaleOptimizer (Keras's
  // auto_scale_loss).
  bool auto_scale_loss = true;
};

// One batch from a generator: inputs, targets (empty for predict) and optional sample weights.
struct Batch {
  Tensors x, y, sample_weight;
};

// Keras's `data` argument of train_step, test_step and predict_step: one batch as
// (x, y, sample_weight), symbolic while the step is traced (model.h), x in the structure the data
// came in. y and sample_weight hold one undefined tensor when there are none (Python's None), so
// they read as in Python:
//   const auto& [x, y, sample_weight] = data;
//   metric->update_state(y, y_pred, sample_weight);   // sample_weight may be None
struct StepData {
  Tensors x, y, sample_weight;
};

// What a train_step or test_step returns: values by log name (Keras's dict of metric results),
// graph values while the step is traced. The logs of fit() and evaluate() are these values.
using MetricResults = std::map<std::string, Tensor>;

// A user's source of batches (Keras's PyDataset / Python generator): fit() and evaluate() call
// get(0), get(1), ... each epoch.
class BatchGenerator {
 public:
  virtual ~BatchGenerator() = default;
  // Batches in one pass (Keras's __len__), when known.
  virtual std::optional<int64_t> size() const { return std::nullopt; }
  // Batch `index` of the current pass; nullopt when the data ran out.
  virtual std::optional<Batch> get(int64_t index) = 0;
  // Called after each epoch (Keras's on_epoch_end), e.g. to reshuffle.
  virtual void on_epoch_end() {}
};

// validation_data=(x, y) or (x, y, sample_weight).
struct ValidationData {
  Tensors x, y, sample_weight;
};

// validation_freq: every n epochs, or the listed 1-based epochs.
struct ValidationFreq {
  ValidationFreq(int every = 1) : every(every) {}  // NOLINT
  ValidationFreq(std::initializer_list<int> epochs) : epochs(epochs) {}
  int every = 1;
  std::vector<int> epochs;
};

struct FitOptions {
  std::optional<int64_t> batch_size;  // 32 when unset (arrays only)
  int epochs = 1;
  int verbose = 1;  // Keras's "auto": 1; 2 prints one line per epoch; 0 nothing
  std::vector<callbacks::CallbackPtr> callbacks;
  double validation_split = 0.0;  // the last fraction of the arrays, before shuffling
  std::optional<ValidationData> validation_data;
  bool shuffle = true;
  std::map<int64_t, double> class_weight;
  Tensors sample_weight;
  int initial_epoch = 0;
  std::optional<int64_t> steps_per_epoch;
  std::optional<int64_t> validation_steps;
  std::optional<int64_t> validation_batch_size;
  ValidationFreq validation_freq = 1;
};

struct EvaluateOptions {
  std::optional<int64_t> batch_size;  // 32 when unset
  int verbose = 1;
  Tensors sample_weight;
  std::optional<int64_t> steps;
  std::vector<callbacks::CallbackPtr> callbacks;
};

struct PredictOptions {
  std::optional<int64_t> batch_size;  // 32 when unset
  int verbose = 1;                    // Keras 3 shows a progress bar for predict too
  std::optional<int64_t> steps;
  std::vector<callbacks::CallbackPtr> callbacks;
};

}  // namespace keras::models
