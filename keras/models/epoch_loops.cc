// fit / evaluate / predict and their *_on_batch forms (Keras's Trainer loops,
// keras/src/trainers/trainer.py and backend/*/trainer.py): the epochs, the batches of a pass, the
// callbacks' hooks in Keras's order, validation, and the logs.
//
// The loops only run: each batch goes to the mode's traced step (traced_step.h; traced again only
// when the batch's signature changes), whose logs the callbacks get after every batch. Metrics are
// reset (model.reset_metrics(), so a custom metrics() is reset too) at the start of every epoch
// and of every evaluation, as Keras does. The arguments become batch sources first
// (batch_source.h).
#include <algorithm>
#include <cmath>

#include "keras/callbacks/callback_list.h"
#include "keras/core/warnings.h"
#include "keras/models/batch_source.h"
#include "keras/models/training_state.h"
#include "keras/ops/shape.h"

namespace keras::models {

namespace {

bool should_eval(int epoch, const ValidationFreq& freq) {
  if (!freq.epochs.empty())
    return std::find(freq.epochs.begin(), freq.epochs.end(), epoch + 1) != freq.epochs.end();
  if (freq.every < 1)
    throw ValueError(
        str("`validation_freq` must be a positive integer or a list of epochs. "
            "Received: validation_freq=",
            freq.every));
  return (epoch + 1) % freq.every == 0;
}

// Logs as a list: `names` first, in order, then the other keys (sorted).
std::vector<double> in_order(const callbacks::Logs& logs, const std::vector<std::string>& names) {
  std::vector<double> out;
  for (const std::string& n : names)
    if (logs.count(n)) out.push_back(logs.at(n));
  for (const auto& [k, v] : logs)
    if (std::find(names.begin(), names.end(), k) == names.end()) out.push_back(v);
  return out;
}

}  // namespace

struct ModelImpl::Loops {
  // The traced step of `mode` for this batch, in `slot`: traced again when the signature changes.
  static TracedStep& traced(ModelImpl& model, std::shared_ptr<TracedStep>& slot, StepMode mode,
                            const BatchSource& source, const std::vector<Tensor>& batch) {
    Signature sig = signature_of(batch, source.nx, source.ny, source.x_structure,
                                 source.y_structure, source.w_structure);
    if (!slot || !(slot->signature() == sig))
      slot = std::make_shared<TracedStep>(model, mode, std::move(sig));
    return *slot;
  }

  // The logs when no step ran: the metrics' results now.
  static callbacks::Logs current_logs(const ModelImpl& model) {
    callbacks::Logs out;
    for (const auto& [name, value] : model.get_metrics_result()) out[name] = log_value(value);
    return out;
  }

  static callbacks::Logs evaluate(TrainingState& state, BatchSource& source,
                                  std::optional<int64_t> steps, callbacks::Callback& callbacks) {
    ModelImpl& model = state.model;
    model.reset_metrics();
    callbacks.on_test_begin({});
    source.start_pass();
    TracedStep* step = nullptr;
    for (int64_t b = 0; !steps || b < *steps; ++b) {
      const std::vector<Tensor>* batch = source.next();
      if (!batch) break;
      callbacks.on_test_batch_begin(b, {});
      step = &traced(model, state.test_step, StepMode::test, source, *batch);
      step->run(*batch);
      callbacks.on_test_batch_end(b, step->logs());
    }
    callbacks::Logs logs = step ? step->logs() : current_logs(model);
    callbacks.on_test_end(logs);
    return logs;
  }

  static callbacks::History fit(TrainingState& state, BatchSource& source, BatchSource* validation,
                                const FitOptions& options) {
    if (options.epochs < 0)
      throw ValueError(
          str("`epochs` must be a non-negative integer. Received: epochs=", options.epochs));
    if (options.steps_per_epoch && *options.steps_per_epoch <= 0)
      throw ValueError(
          str("`steps_per_epoch` must be a positive integer. Received: "
              "steps_per_epoch=",
              *options.steps_per_epoch));
    ModelImpl& model = state.model;
    std::optional<int64_t> steps =
        options.steps_per_epoch ? options.steps_per_epoch : source.size();
    callbacks::CallbackList callbacks(options.callbacks, /*add_history=*/true,
                                      /*add_progbar=*/options.verbose != 0, &model,
                                      {options.verbose, options.epochs, steps});
    state.history = callbacks.history();
    state.stop_training = false;
    bool in_pass = false;
    callbacks::Logs epoch_logs;
    TracedStep* step = nullptr;
    state.resume_epoch.reset();
    callbacks.on_train_begin({});
    int first_epoch = state.resume_epoch.value_or(options.initial_epoch);
    state.resume_epoch.reset();
    for (int epoch = first_epoch; epoch < options.epochs; ++epoch) {
      model.reset_metrics();
      callbacks.on_epoch_begin(epoch, {});
      // With steps_per_epoch a pass carries over between epochs and restarts (reshuffled) once
      // every batch was used, as Keras 3 does; otherwise each epoch is one pass.
      if (!in_pass || !options.steps_per_epoch) {
        source.start_pass();
        in_pass = true;
      }
      for (int64_t b = 0; !steps || b < *steps; ++b) {
        const std::vector<Tensor>* batch = source.next();
        if (!batch && options.steps_per_epoch && source.size()) {
          source.start_pass();
          batch = source.next();
        }
        if (!batch) {
          if (options.steps_per_epoch)
            warn(
                "Your input ran out of data; interrupting training. Make sure that your dataset "
                "or generator can generate at least `steps_per_epoch * epochs` batches.");
          if (options.steps_per_epoch) state.stop_training = true;
          break;
        }
        callbacks.on_train_batch_begin(b, {});
        step = &traced(model, state.train_step, StepMode::train, source, *batch);
        step->run(*batch);
        callbacks.on_train_batch_end(b, step->logs());
        if (state.stop_training) break;
      }
      source.end_epoch();
      epoch_logs = step ? step->logs() : current_logs(model);
      if (validation && should_eval(epoch, options.validation_freq)) {
        callbacks::Logs val = evaluate(state, *validation, options.validation_steps, callbacks);
        for (const auto& [k, v] : val) epoch_logs["val_" + k] = v;
      }
      callbacks.on_epoch_end(epoch, epoch_logs);
      if (state.stop_training) break;
    }
    callbacks.on_train_end(epoch_logs);
    return state.history;
  }

  static Tensors predict(ModelImpl& model, BatchSource& source, const PredictOptions& options) {
    callbacks::CallbackList callbacks(
        options.callbacks, false, options.verbose != 0, &model,
        {options.verbose, 1, options.steps ? options.steps : source.size()});
    callbacks.on_predict_begin({});
    source.start_pass();
    std::vector<std::vector<Tensor>> parts;
    TracedStep* step = nullptr;
    for (int64_t b = 0; !options.steps || b < *options.steps; ++b) {
      const std::vector<Tensor>* batch = source.next();
      if (!batch) break;
      callbacks.on_predict_batch_begin(b, {});
      std::vector<Tensor> x(batch->begin(), batch->begin() + static_cast<long>(source.nx));
      // predict()'s step lives apart from compile()'s state: no compile needed, none made.
      step = &traced(model, model.predict_step_, StepMode::predict, source, x);
      const std::vector<Tensor>& out = step->run(x);
      std::vector<Tensor> copies;
      for (const Tensor& t : out) copies.push_back(t.copy());
      parts.push_back(std::move(copies));
      callbacks.on_predict_batch_end(b, {});
    }
    callbacks.on_predict_end({});
    if (parts.empty()) throw ValueError("predict: the data gave no batches");
    std::vector<Tensor> joined;
    for (size_t o = 0; o < parts[0].size(); ++o) {
      std::vector<Tensor> pieces;
      for (const auto& p : parts) pieces.push_back(p[o]);
      joined.push_back(pieces.size() == 1 ? pieces[0] : ops::concatenate(pieces, 0));
    }
    return step->output_structure().with_values(std::move(joined));
  }
};

// --- The entry points: arguments to batch sources
// -------------------------------------------------

callbacks::History ModelImpl::fit(const Tensors& x, const Tensors& y, const FitOptions& options) {
  TrainingState& state = training("fit");
  int64_t batch_size = checked_batch_size(options.batch_size, "batch_size");
  if (!(options.validation_split >= 0.0 && options.validation_split < 1.0))
    throw ValueError(str("`validation_split` must be in [0, 1). Received: validation_split=",
                         options.validation_split));
  Arrays a = flatten(x, y, options.sample_weight, options.class_weight, "fit");
  ArrayData data(a.x, a.y, a.w);
  std::unique_ptr<ArraySource> validation;
  int64_t val_batch = checked_batch_size(
      options.validation_batch_size ? options.validation_batch_size : std::optional(batch_size),
      "validation_batch_size");
  if (options.validation_data) {
    const ValidationData& v = *options.validation_data;
    Arrays av = flatten(v.x, v.y, v.sample_weight, {}, "fit (validation_data)");
    validation = std::make_unique<ArraySource>(av, val_batch, false);
  } else if (options.validation_split > 0) {
    int64_t n = data.num_samples();
    auto split_at =
        static_cast<int64_t>(std::floor(static_cast<double>(n) * (1.0 - options.validation_split)));
    if (split_at == 0 || split_at == n)
      throw ValueError(str("Training data contains ", n,
                           " samples, which is not sufficient to split it into a validation and "
                           "training set as specified by `validation_split=",
                           options.validation_split,
                           "`. Either provide more data, or a different value for the "
                           "`validation_split` argument."));
    auto [train, val] = data.split(split_at);
    data = std::move(train);
    validation = std::make_unique<ArraySource>(std::move(val), a, val_batch, false);
  }
  ArraySource source(std::move(data), a, batch_size, options.shuffle);
  return Loops::fit(state, source, validation.get(), options);
}

callbacks::History ModelImpl::fit(BatchGenerator& generator, const FitOptions& options) {
  TrainingState& state = training("fit");
  if (options.validation_split > 0)
    throw ValueError("`validation_split` is only supported for arrays, not for a generator.");
  if (!options.class_weight.empty())
    throw ValueError("`class_weight` is only supported for arrays, not for a generator.");
  if (!generator.size() && !options.steps_per_epoch)
    warn(
        "fit: the generator has no size and no steps_per_epoch was given: each epoch runs "
        "until the generator returns nothing.");
  GeneratorSource source(generator);
  std::unique_ptr<ArraySource> validation;
  if (options.validation_data) {
    const ValidationData& v = *options.validation_data;
    Arrays av = flatten(v.x, v.y, v.sample_weight, {}, "fit (validation_data)");
    validation = std::make_unique<ArraySource>(
        av, checked_batch_size(options.validation_batch_size, "validation_batch_size"), false);
  }
  return Loops::fit(state, source, validation.get(), options);
}

callbacks::Logs ModelImpl::evaluate_dict(const Tensors& x, const Tensors& y,
                                         const EvaluateOptions& options) {
  TrainingState& state = training("evaluate");
  Arrays a = flatten(x, y, options.sample_weight, {}, "evaluate");
  ArraySource source(a, checked_batch_size(options.batch_size, "batch_size"), false);
  callbacks::CallbackList callbacks(
      options.callbacks, false, options.verbose != 0, this,
      {options.verbose, 1, options.steps ? options.steps : source.size()});
  return Loops::evaluate(state, source, options.steps, callbacks);
}

std::vector<double> ModelImpl::evaluate(const Tensors& x, const Tensors& y,
                                        const EvaluateOptions& options) {
  return in_order(evaluate_dict(x, y, options), metrics_names());
}

std::vector<double> ModelImpl::evaluate(BatchGenerator& generator, const EvaluateOptions& options) {
  TrainingState& state = training("evaluate");
  GeneratorSource source(generator);
  callbacks::CallbackList callbacks(
      options.callbacks, false, options.verbose != 0, this,
      {options.verbose, 1, options.steps ? options.steps : source.size()});
  return in_order(Loops::evaluate(state, source, options.steps, callbacks), metrics_names());
}

Tensors ModelImpl::predict(const Tensors& x, const PredictOptions& options) {
  Arrays a = flatten(x, {}, {}, {}, "predict");
  ArraySource source(a, checked_batch_size(options.batch_size, "batch_size"), false);
  return Loops::predict(*this, source, options);
}

Tensors ModelImpl::predict(BatchGenerator& generator, const PredictOptions& options) {
  GeneratorSource source(generator);
  return Loops::predict(*this, source, options);
}

std::vector<double> ModelImpl::train_on_batch(const Tensors& x, const Tensors& y,
                                              const Tensors& sample_weight,
                                              const std::map<int64_t, double>& class_weight) {
  TrainingState& state = training("train_on_batch");
  Arrays a = flatten(x, y, sample_weight, class_weight, "train_on_batch");
  ArrayData data(a.x, a.y, a.w);
  int64_t rows = std::max<int64_t>(data.num_samples(), 1);
  ArraySource source(std::move(data), a, rows, false);
  source.start_pass();
  const std::vector<Tensor>* batch = source.next();
  TracedStep& step = Loops::traced(*this, state.train_step, StepMode::train, source, *batch);
  step.run(*batch);
  return in_order(step.logs(), metrics_names());
}

std::vector<double> ModelImpl::test_on_batch(const Tensors& x, const Tensors& y,
                                             const Tensors& sample_weight) {
  TrainingState& state = training("test_on_batch");
  Arrays a = flatten(x, y, sample_weight, {}, "test_on_batch");
  ArrayData data(a.x, a.y, a.w);
  int64_t rows = std::max<int64_t>(data.num_samples(), 1);
  ArraySource source(std::move(data), a, rows, false);
  reset_metrics();
  source.start_pass();
  const std::vector<Tensor>* batch = source.next();
  TracedStep& step = Loops::traced(*this, state.test_step, StepMode::test, source, *batch);
  step.run(*batch);
  return in_order(step.logs(), metrics_names());
}

Tensors ModelImpl::predict_on_batch(const Tensors& x) {
  return predict(
      x, {.batch_size = x.empty() || x[0].rank() == 0 ? 1 : std::max<int64_t>(x[0].shape()[0], 1),
          .verbose = 0});
}

}  // namespace keras::models
