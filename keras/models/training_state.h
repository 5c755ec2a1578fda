// What compile() gives a model (the state of Keras's Trainer): the optimizer, the compiled loss
// and metrics, the loss tracker, the traced train and test steps, and what fit() shares with its
// callbacks. compile() makes a new one each time, so a recompiled model traces its steps again,
// as Keras drops its train_function. predict() keeps its step apart (ModelImpl::predict_step_):
// predicting needs no compile. Internal to the trainer.
#pragma once

#include <memory>
#include <optional>

#include "keras/callbacks/history.h"
#include "keras/metrics/reduction_metrics.h"
#include "keras/models/compile_utils.h"
#include "keras/models/model.h"
#include "keras/models/traced_step.h"

namespace keras::models {

struct ModelImpl::TrainingState {
  explicit TrainingState(ModelImpl& m) : model(m) {}

  ModelImpl& model;
  CompileOptions options;
  optimizers::OptimizerPtr optimizer;
  // The optimizer compile() was given, when it wrapped it in a LossScaleOptimizer itself
  // (mixed_float16): compile configs name that one, as Keras's do.
  optimizers::OptimizerPtr given_optimizer;
  std::unique_ptr<CompiledLoss> loss;
  std::shared_ptr<CompileMetrics> metrics;
  std::shared_ptr<metrics::MeanImpl> loss_tracker;
  bool stop_training = false;
  std::optional<int> resume_epoch;  // set by resume_at_epoch() during on_train_begin
  std::shared_ptr<callbacks::HistoryImpl> history;
  std::shared_ptr<TracedStep> train_step, test_step;
};

// The output names losses and metrics use: the model's, or output_1, output_2, ... for models
// without a graph (subclassed) or when the count differs.
std::vector<std::string> loss_output_names(const ModelImpl& model, size_t count);

}  // namespace keras::models
