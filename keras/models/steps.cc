// Keras 3's extension points of training (keras/src/trainers/trainer.py and the backends'
// train_step / test_step / predict_step): the default steps and the pieces a custom step is
// written with: compute_loss, compute_metrics, the metrics property and get_metrics_result.
//
// The defaults are Keras's, traced once per data signature into programs (traced_step.h):
//   train_step: model(x, training=True); compute_loss (compiled loss, per-output trackers, the
//               layers' added losses, regularization); the loss tracker, weighted by the batch
//               size; the optimizer's scale_loss, graph::gradients and apply on the trainable
//               weights; compute_metrics;
//   test_step:  the same in inference mode without the optimizer;
//   predict_step: model(x, training=False).
// None of them passes update handles around: the trace collects them (graph/trace_scope.h).
// The programs they make are the ones the trainer built before steps could be overridden: for
// mnist_mlp the same 58 nodes per training step and 31 per test step, with the same in-place
// reuse, and arenas at most 1 KiB smaller (the total loss is no longer fetched); training with a
// fixed seed gives the same numbers as before.
#include "keras/config/config.h"
#include "keras/core/warnings.h"
#include "keras/graph/gradients.h"
#include "keras/models/training_state.h"
#include "keras/ops/math.h"
#include "keras/ops/reduction.h"
#include "keras/ops/shape.h"

namespace keras::models {

namespace {

// A step argument's tensors; none when it is None (an undefined tensor) or empty.
std::vector<Tensor> present(const Tensors& t) {
  if (t.size() == 1 && !t[0].defined()) return {};
  return t.flat();
}

bool any_symbolic(const Tensors& t) {
  for (const Tensor& v : t)
    if (v.defined() && v.is_symbolic()) return true;
  return false;
}

// The batch size, what Keras weights the loss tracker's update with.
Tensor batch_size_of(const Tensors& x, DType dtype) {
  for (const Tensor& t : x)
    if (t.defined()) return ops::dim_size(t, 0, dtype);
  throw ValueError("the step's x holds no tensor");
}

}  // namespace

MetricResults ModelImpl::train_step(const StepData& data) {
  const auto& [x, y, sample_weight] = data;
  TrainingState& state = training("train_step");
  Tensors y_pred = (*this)(x, {.training = true});
  Tensor loss = compute_loss(x, y, y_pred, sample_weight, /*training=*/true);
  state.loss_tracker->update_state(loss, batch_size_of(x, loss.dtype()));
  // Keras updates the metrics after the optimizer's step; here both are updates of one program,
  // which runs them after all of its computations, so the order changes no value. Metrics first
  // keeps the program the trainer always built (the same memory plan).
  MetricResults results = compute_metrics(x, y, y_pred, sample_weight);
  loss = state.optimizer->scale_loss(loss);
  std::vector<Variable> variables = trainable_weights();
  if (variables.empty())
    warn("The model does not have any trainable weights.");
  else
    state.optimizer->apply(graph::gradients(loss, variables), variables);
  return results;
}

MetricResults ModelImpl::test_step(const StepData& data) {
  const auto& [x, y, sample_weight] = data;
  TrainingState& state = training("test_step");
  Tensors y_pred = (*this)(x, {.training = false});
  Tensor loss = compute_loss(x, y, y_pred, sample_weight, /*training=*/false);
  state.loss_tracker->update_state(loss, batch_size_of(x, loss.dtype()));
  return compute_metrics(x, y, y_pred, sample_weight);
}

Tensors ModelImpl::predict_step(const StepData& data) {
  return (*this)(data.x, {.training = false});
}

Tensor ModelImpl::compute_loss(const Tensors&, const Tensors& y, const Tensors& y_pred,
                               const Tensors& sample_weight, bool) {
  // Without compile() there is no compiled loss, only the layers' (as in Keras).
  CompiledLoss* compiled = training_ ? training_->loss.get() : nullptr;
  Tensor total;
  if (compiled) {
    std::vector<Tensor> targets = present(y), predictions = y_pred.flat();
    if (targets.empty())
      throw ValueError(
          str("Model '", name(), "' has a compiled loss, so fit and evaluate need targets `y`"));
    if (!compiled->built()) {
      std::vector<Shape> true_shapes, pred_shapes;
      for (const Tensor& t : targets) true_shapes.push_back(t.shape());
      for (const Tensor& t : predictions) pred_shapes.push_back(t.shape());
      compiled->build(true_shapes, pred_shapes, loss_output_names(*this, predictions.size()));
    }
    total = compiled->compute(targets, predictions, present(sample_weight));
  }
  // Keras's _aggregate_additional_loss: each added loss summed, in floatx when it is not float.
  auto add = [&](const Tensor& term) {
    Tensor t = is_floating(term.dtype()) ? term : ops::cast(term, config::floatx_dtype());
    t = ops::sum(t);
    total = total.defined() ? ops::add(total, ops::cast(t, total.dtype())) : t;
  };
  for (const Tensor& l : call_losses()) add(l);
  for (const Tensor& l : regularization_losses(/*symbolic=*/any_symbolic(y_pred))) add(l);
  if (!total.defined())
    throw ValueError("No loss to compute. Provide a `loss` argument in `compile()`.");
  return total;
}

MetricResults ModelImpl::compute_metrics(const Tensors&, const Tensors& y, const Tensors& y_pred,
                                         const Tensors& sample_weight) {
  if (training_ && training_->metrics)
    training_->metrics->update_state(present(y), y_pred.flat(), present(sample_weight));
  return get_metrics_result();
}

std::vector<metrics::MetricPtr> ModelImpl::metrics() const {
  if (!training_) return {};
  std::vector<metrics::MetricPtr> out{training_->loss_tracker};
  if (training_->loss)
    for (const metrics::MetricPtr& m : training_->loss->metrics()) out.push_back(m);
  if (training_->metrics) out.push_back(training_->metrics);
  return out;
}

MetricResults ModelImpl::get_metrics_result() const {
  MetricResults out;
  for (const metrics::MetricPtr& m : metrics()) {
    if (auto compiled = std::dynamic_pointer_cast<CompileMetrics>(m)) {
      for (const auto& [n, metric] : compiled->named()) out[n] = metric->result();
    } else {
      out[m->name()] = m->result();
    }
  }
  return out;
}

}  // namespace keras::models
