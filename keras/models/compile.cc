// Model.compile and what it leaves behind (keras/src/trainers/trainer.py): the optimizer resolved
// by name, the compiled loss and metrics (resolved against the outputs at the first step,
// compile_utils.h), the loss tracker, and the accessors fit()'s callbacks use. The steps and the
// loops that run them: steps.cc, traced_step.h, epoch_loops.cc.
#include <algorithm>

#include "keras/models/training_state.h"
#include "keras/optimizers/optimizers.h"

namespace keras::models {

std::vector<std::string> loss_output_names(const ModelImpl& model, size_t count) {
  std::vector<std::string> names;
  try {
    names = model.output_names();
  } catch (const ValueError&) {
  }
  if (names.size() != count) {
    names.clear();
    for (size_t i = 0; i < count; ++i) names.push_back(str("output_", i + 1));
  }
  return names;
}

ModelImpl::TrainingState& ModelImpl::training(const char* method) const {
  if (!training_)
    throw ValueError(str("You must call `compile()` before using the model (`", method,
                         "` was called on model '", name(), "')."));
  return *training_;
}

bool ModelImpl::compiled() const {
  return training_ != nullptr;
}

void ModelImpl::compile(const CompileOptions& options) {
  auto state = std::make_shared<TrainingState>(*this);
  state->options = options;
  state->optimizer = optimizers::get(options.optimizer);
  if (!state->optimizer)
    throw ValueError(str("compile: `optimizer` is None for model '", name(), "'"));
  if (options.auto_scale_loss && dtype_policy().name() == "mixed_float16" &&
      !std::dynamic_pointer_cast<optimizers::LossScaleOptimizerImpl>(state->optimizer)) {
    state->given_optimizer = state->optimizer;
    state->optimizer = std::make_shared<optimizers::LossScaleOptimizerImpl>(
        state->optimizer, optimizers::LossScaleOptimizerOptions{.name = "loss_scale_optimizer"});
  }
  if (!options.loss.empty())
    state->loss = std::make_unique<CompiledLoss>(options.loss, options.loss_weights);
  if (!options.metrics.empty() || !options.weighted_metrics.empty()) {
    // A MetricPtr handed out by metrics() may outlive the model: a model that a handle owns is
    // asked for its names through a weak reference.
    std::weak_ptr<Layer> self = weak_from_this();
    bool owned = !self.expired();
    state->metrics = std::make_shared<CompileMetrics>(
        options.metrics, options.weighted_metrics, [self, owned, raw = this](size_t count) {
          std::shared_ptr<Layer> model = self.lock();
          if (owned && !model) throw ValueError("compile_metrics: its model no longer exists");
          return loss_output_names(owned ? static_cast<const ModelImpl&>(*model) : *raw, count);
        });
  }
  state->loss_tracker = std::make_shared<metrics::MeanImpl>(metrics::MetricOptions{.name = "loss"});
  if (options.steps_per_execution != 1)
    throw NotImplementedError(str("compile: steps_per_execution=", options.steps_per_execution,
                                  " is not supported; use 1"));
  training_ = std::move(state);
  predict_step_.reset();  // as Keras drops its predict_function
}

optimizers::OptimizerPtr ModelImpl::optimizer() const {
  return training_ ? training_->optimizer : nullptr;
}

void ModelImpl::resume_at_epoch(int epoch) {
  training("resume_at_epoch").resume_epoch = epoch;
}

bool ModelImpl::stop_training() const {
  return training_ && training_->stop_training;
}

void ModelImpl::set_stop_training(bool value) {
  training("stop_training").stop_training = value;
}

std::shared_ptr<callbacks::HistoryImpl> ModelImpl::history() const {
  return training_ ? training_->history : nullptr;
}

std::vector<Variable> ModelImpl::optimizer_variables() const {
  if (!training_ || !training_->optimizer || !training_->optimizer->built()) return {};
  return training_->optimizer->variables();
}

std::vector<std::string> ModelImpl::metrics_names() const {
  std::vector<std::string> out;
  for (const metrics::MetricPtr& m : metrics()) {
    if (auto compiled = std::dynamic_pointer_cast<CompileMetrics>(m)) {
      for (const auto& [n, metric] : compiled->named()) out.push_back(n);
    } else {
      out.push_back(m->name());
    }
  }
  return out;
}

std::vector<std::pair<std::string, metrics::MetricPtr>> ModelImpl::compiled_metrics() const {
  if (!training_ || !training_->metrics) return {};
  return training_->metrics->named();
}

void ModelImpl::reset_metrics() {
  for (const metrics::MetricPtr& m : metrics()) m->reset_state();
}

}  // namespace keras::models
