// keras.Model: a layer that organises layers (keras/src/models/model.py). Three kinds, as in
// Keras:
//  - functional: Model(inputs, outputs) over the layer graph that calling layers on
//    keras::Input tensors built (functional.h);
//  - Sequential: a stack of single-input layers built by add() (sequential.h);
//  - subclassed: a C++ class derived from ModelImpl whose call() runs its tracked layers.
// Any of them may override the training steps (train_step, test_step, predict_step, and the
// compute_loss / compute_metrics / metrics() they are made of), as in Keras's guide "Customizing
// what happens in fit()": a subclass of FunctionalImpl made from inputs and outputs,
//   class CustomModel : public models::FunctionalImpl {
//    public:
//     using FunctionalImpl::FunctionalImpl;
//     MetricResults train_step(const StepData& data) override;
//   };
//   auto model = models::make_model<CustomModel>(inputs, outputs);
//
// A model is used through a handle (Model, Sequential, or ModelHandle<YourModelImpl>) whose
// methods are the Keras model API, so code reads as it does in Python:
//
//   Tensor x = keras::Input({784});
//   Tensor h = layers::Dense(512, {.activation = "relu"})(x);
//   keras::Model model(x, layers::Dense(10, {.activation = "softmax"})(h));
//   model.summary();
//   Tensor probabilities = model(batch);   // eager forward pass
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "keras/callbacks/history.h"
#include "keras/layers/layer.h"
#include "keras/models/training_options.h"

namespace keras::models {

using layers::AnyLayer;
using layers::LayerPtr;
using layers::Shapes;
using layers::Tensors;

struct ModelOptions {
  std::string name;  // empty: functional, sequential, or the subclass's name, made unique
  bool trainable = true;
  // The model's own dtype policy (compile wraps the optimizer under mixed_float16); unset: the
  // global one. Its layers have their own.
  std::optional<DTypePolicy> dtype;
};

// model.load_weights()'s arguments.
struct LoadWeightsOptions {
  // Warn and leave a layer unchanged when its variable count or shapes differ (Keras's
  // skip_mismatch); otherwise that is a ValueError.
  bool skip_mismatch = false;
  // Keras 2 `.h5` files only: match layers by name instead of by position.
  bool by_name = false;
};

// model.summary()'s arguments (keras/src/utils/summary_utils.py).
struct SummaryOptions {
  std::optional<int> line_length;  // default: min(88 or 108, terminal columns - 4)
  std::vector<double> positions;   // column ends as fractions (or absolute positions > 1)
  // Receives the whole summary text at once; unset: print to stdout.
  std::function<void(const std::string&)> print_fn;
  bool expand_nested = false;
  bool show_trainable = false;
  // The first and last layer to show, by name (regular expressions); unset: every layer.
  std::optional<std::pair<std::string, std::string>> layer_range;
};

class TracedStep;

class ModelImpl : public layers::Layer {
 public:
  // class_name: "Functional", "Sequential", or a subclass's own name.
  explicit ModelImpl(std::string class_name, const ModelOptions& options = {});

  // Keras's model.layers: a functional model's layers in graph order (InputLayers included);
  // a Sequential's added layers (without its InputLayer); a subclassed model's tracked layers.
  virtual std::vector<LayerPtr> layers() const;
  // By name, or by index into layers(); ValueError with Keras's messages when there is none.
  LayerPtr get_layer(const std::string& name) const;
  LayerPtr get_layer(int index) const;

  // Prints the Keras 3 summary table (or hands it to options.print_fn).
  void summary(const SummaryOptions& options = {}) const;
  // The same text, returned.
  std::string summary_text(const SummaryOptions& options = {}) const;

  // The model's input and output Keras tensors, in their structure (Keras's model.inputs,
  // model.outputs) and the names of the layers that make the outputs; ValueError for models
  // without a graph (subclassed, or a Sequential not built yet).
  virtual Tensors inputs() const;
  virtual Tensors outputs() const;
  virtual std::vector<std::string> output_names() const;

  // --- Training (Keras's Trainer, keras/src/trainers/trainer.py) -------------------------------
  // compile.cc, epoch_loops.cc, compile_config.cc; the steps they run: steps.cc, traced_step.h.
  //
  // Configures training: the optimizer, the loss of each output and their weights, metrics.
  // Names resolve as Keras does ("rmsprop", "categorical_crossentropy", "accuracy").
  void compile(const CompileOptions& options = {});
  bool compiled() const;
  // Trains on arrays (x with the model's input structure, y one target per output) for
  // options.epochs epochs, calling the callbacks and, with verbose, printing Keras's progress
  // bar. Returns the History (also kept as history()).
  callbacks::History fit(const Tensors& x, const Tensors& y = {}, const FitOptions& options = {});
  // Trains on batches from a generator (batch_size, shuffle, validation_split and class_weight
  // do not apply; steps_per_epoch is needed when the generator has no size).
  callbacks::History fit(BatchGenerator& data, const FitOptions& options = {});
  // The loss and metrics on data, in inference mode: a list in metrics_names() order (Keras's
  // evaluate() default; one element when there are no metrics).
  std::vector<double> evaluate(const Tensors& x, const Tensors& y = {},
                               const EvaluateOptions& options = {});
  std::vector<double> evaluate(BatchGenerator& data, const EvaluateOptions& options = {});
  // The same as a dict by name (Keras's return_dict=True).
  callbacks::Logs evaluate_dict(const Tensors& x, const Tensors& y = {},
                                const EvaluateOptions& options = {});
  // The outputs for every sample, batches concatenated, in inference mode. Needs no compile()
  // and leaves the model as it was (uncompiled models stay uncompiled), as in Keras.
  Tensors predict(const Tensors& x, const PredictOptions& options = {});
  Tensors predict(BatchGenerator& data, const PredictOptions& options = {});
  // One step on one batch; the loss and metrics after it (metrics accumulate, as in Keras).
  std::vector<double> train_on_batch(const Tensors& x, const Tensors& y = {},
                                     const Tensors& sample_weight = {},
                                     const std::map<int64_t, double>& class_weight = {});
  std::vector<double> test_on_batch(const Tensors& x, const Tensors& y = {},
                                    const Tensors& sample_weight = {});
  Tensors predict_on_batch(const Tensors& x);

  // --- Customizing fit() (Keras 3's extension points; steps.cc) --------------------------------
  // fit() and train_on_batch() run train_step, evaluate() and test_on_batch() test_step,
  // predict() predict_step. Each is traced, not run per batch: it is called once per data
  // signature (the structure, dtypes and per-sample shapes of a batch) with symbolic tensors,
  // and what it builds is compiled into a program that every batch then runs (DESIGN.md,
  // "compile once, then only run"). The values a step returns become the program's outputs (the
  // logs); the state changes it makes (optimizer()->apply, a metric's update_state, a layer's
  // moving statistics, ops::assign) become the program's updates by themselves, as in a
  // tf.function (graph/trace_scope.h). Gradients inside a step: graph::gradients(loss,
  // trainable_weights()), the counterpart of tape.gradient and jax.grad. A returned value of
  // variables alone (a metric's result()) is read after the run's updates; one that depends on
  // the batch (the batch's loss) as the run computes it. Ops on concrete tensors alone run at
  // once, during the trace: inside a step, graph::as_symbolic(variable) is a variable's value
  // when the program runs (a Variable on its own is its value now). Override them in a subclass of
  // FunctionalImpl (built as models::make_model<CustomModel>(inputs, outputs)), SequentialImpl
  // or ModelImpl; examples/custom_train_step.cc ports Keras's guide "Customizing what happens in
  // fit()".
  //
  // Keras's default: the forward pass in training mode, compute_loss, the loss tracker, the
  // optimizer's step on the trainable weights (a warning when there are none), compute_metrics.
  virtual MetricResults train_step(const StepData& data);
  // The same in inference mode, without the optimizer.
  virtual MetricResults test_step(const StepData& data);
  // The model's outputs in inference mode.
  virtual Tensors predict_step(const StepData& data);
  // The total loss of a batch: the compiled loss when compiled (each output's loss, weighted;
  // the per-output trackers updated), the losses the layers added during the last call (add_loss)
  // and the trainable weights' regularization penalties. ValueError when there is none ("No loss to
  // compute"), or when a compiled loss has no targets.
  virtual Tensor compute_loss(const Tensors& x, const Tensors& y, const Tensors& y_pred,
                              const Tensors& sample_weight = {}, bool training = true);
  // Updates the compiled metrics (weighted_metrics with the sample weights) and returns
  // get_metrics_result().
  virtual MetricResults compute_metrics(const Tensors& x, const Tensors& y, const Tensors& y_pred,
                                        const Tensors& sample_weight = {});
  // Keras's model.metrics: the metrics fit() resets at the start of every epoch and evaluate()
  // at its start: the loss tracker "loss", the per-output loss trackers of multi-output models,
  // and "compile_metrics" (compile()'s metrics as one, compile_utils.h); none before compile().
  // Override it to list a custom step's own metrics.
  virtual std::vector<metrics::MetricPtr> metrics() const;
  // Every metric of metrics() by name, compile_metrics' one per compiled metric (Keras's
  // get_metrics_result()); graph values while a step is traced.
  MetricResults get_metrics_result() const;
  // Resets every metric of metrics().
  virtual void reset_metrics();

  // The logged metrics: "loss", the per-output losses, then the compiled metrics (once a step
  // built them), by name: metrics() with compile_metrics spread out.
  std::vector<std::string> metrics_names() const;
  // The compiled metrics with their log names (built once a step was traced).
  std::vector<std::pair<std::string, metrics::MetricPtr>> compiled_metrics() const;
  // The optimizer given to compile() (nullptr before).
  optimizers::OptimizerPtr optimizer() const;
  // BackupAndRestore: the fit() that is starting (called from on_train_begin) begins at this
  // epoch instead of its initial_epoch, as Keras's model._initial_epoch.
  void resume_at_epoch(int epoch);
  // A callback sets this to end training after the current batch or epoch.
  bool stop_training() const;
  void set_stop_training(bool value);
  // The History of the last fit() (nullptr before).
  std::shared_ptr<callbacks::HistoryImpl> history() const;
  // Keras's compile_config: {"optimizer": the serialized optimizer, "loss", "loss_weights",
  // "metrics", "weighted_metrics", "run_eagerly", "steps_per_execution", "jit_compile"}; {}
  // before compile, as Keras 3.15 returns (and writes into .keras files).
  Json get_compile_config() const;
  // Compiles from what get_compile_config() returned (Keras's compile_from_config): the
  // optimizer deserialized, losses and metrics by name or from their configs.
  void compile_from_config(const Json& config);

  // The optimizer's variables once it is built (summary() counts them, as Keras does); none
  // before training.
  virtual std::vector<Variable> optimizer_variables() const;

  // --- Files (keras/saving/) --------------------------------------------------------------------
  // Keras's model.save: a `.keras` archive (config, compile config, weights, optimizer state);
  // other names are a ValueError, as in Keras 3. Crash-safe: a temporary file renamed into place.
  void save(const std::filesystem::path& path) const;
  // Keras 3's weights file; the name must end in `.weights.h5`.
  void save_weights(const std::filesystem::path& path) const;
  // From a `.weights.h5` file, a `.keras` archive, or a Keras 2 `.h5` file (weights-only or a
  // full model's model_weights); see LoadWeightsOptions.
  void load_weights(const std::filesystem::path& path, const LoadWeightsOptions& options = {});
  // Keras's model.to_json(): the serialized model (layers::serialize, with compile_config when
  // compiled) as one line of JSON; models::model_from_json reads it back.
  std::string to_json() const;

 private:
  struct TrainingState;  // what compile() set up (training_state.h)
  struct Loops;          // fit, evaluate and predict over batches (epoch_loops.cc)
  TrainingState& training(const char* method) const;
  std::shared_ptr<TrainingState> training_;
  // predict()'s traced step, apart from the training state: predicting needs no compile().
  std::shared_ptr<TracedStep> predict_step_;
};

// A handle to a model of class Impl: the Keras model API with `.` (and Impl's own members with
// `->`).
template <class Impl>
class ModelHandle : public layers::LayerHandle<Impl> {
 public:
  using layers::LayerHandle<Impl>::LayerHandle;

  const std::string& name() const { return (*this)->name(); }
  std::vector<LayerPtr> layers() const { return (*this)->layers(); }
  LayerPtr get_layer(const std::string& name) const { return (*this)->get_layer(name); }
  LayerPtr get_layer(int index) const { return (*this)->get_layer(index); }
  void summary(const SummaryOptions& options = {}) const { (*this)->summary(options); }
  std::string summary_text(const SummaryOptions& options = {}) const {
    return (*this)->summary_text(options);
  }
  int64_t count_params() const { return (*this)->count_params(); }
  std::vector<Variable> weights() const { return (*this)->weights(); }
  std::vector<Variable> trainable_weights() const { return (*this)->trainable_weights(); }
  std::vector<Variable> non_trainable_weights() const { return (*this)->non_trainable_weights(); }
  std::vector<Tensor> get_weights() const { return (*this)->get_weights(); }
  void set_weights(const std::vector<Tensor>& values) const { (*this)->set_weights(values); }
  bool trainable() const { return (*this)->trainable(); }
  void set_trainable(bool value) const { (*this)->set_trainable(value); }
  void build(const Shapes& input_shape) const { (*this)->build(input_shape); }
  bool built() const { return (*this)->built(); }
  // A template only so that this header can leave Json incomplete (keras/core/json_fwd.h): the
  // caller, who reads the config, includes keras/core/json.h.
  template <class J = Json>
  J get_config() const {
    return (*this)->get_config();
  }
  std::vector<Tensor> losses() const { return (*this)->losses(); }

  void compile(const CompileOptions& options = {}) const { (*this)->compile(options); }
  callbacks::History fit(const Tensors& x, const Tensors& y = {},
                         const FitOptions& options = {}) const {
    return (*this)->fit(x, y, options);
  }
  callbacks::History fit(BatchGenerator& data, const FitOptions& options = {}) const {
    return (*this)->fit(data, options);
  }
  std::vector<double> evaluate(const Tensors& x, const Tensors& y = {},
                               const EvaluateOptions& options = {}) const {
    return (*this)->evaluate(x, y, options);
  }
  std::vector<double> evaluate(BatchGenerator& data, const EvaluateOptions& options = {}) const {
    return (*this)->evaluate(data, options);
  }
  callbacks::Logs evaluate_dict(const Tensors& x, const Tensors& y = {},
                                const EvaluateOptions& options = {}) const {
    return (*this)->evaluate_dict(x, y, options);
  }
  Tensors predict(const Tensors& x, const PredictOptions& options = {}) const {
    return (*this)->predict(x, options);
  }
  Tensors predict(BatchGenerator& data, const PredictOptions& options = {}) const {
    return (*this)->predict(data, options);
  }
  std::vector<double> train_on_batch(const Tensors& x, const Tensors& y = {},
                                     const Tensors& sample_weight = {},
                                     const std::map<int64_t, double>& class_weight = {}) const {
    return (*this)->train_on_batch(x, y, sample_weight, class_weight);
  }
  std::vector<double> test_on_batch(const Tensors& x, const Tensors& y = {},
                                    const Tensors& sample_weight = {}) const {
    return (*this)->test_on_batch(x, y, sample_weight);
  }
  Tensors predict_on_batch(const Tensors& x) const { return (*this)->predict_on_batch(x); }
  bool compiled() const { return (*this)->compiled(); }
  std::vector<std::string> metrics_names() const { return (*this)->metrics_names(); }
  std::vector<metrics::MetricPtr> metrics() const { return (*this)->metrics(); }
  void reset_metrics() const { (*this)->reset_metrics(); }
  optimizers::OptimizerPtr optimizer() const { return (*this)->optimizer(); }
  std::shared_ptr<callbacks::HistoryImpl> history() const { return (*this)->history(); }

  void save(const std::filesystem::path& path) const { (*this)->save(path); }
  void save_weights(const std::filesystem::path& path) const { (*this)->save_weights(path); }
  void load_weights(const std::filesystem::path& path,
                    const LoadWeightsOptions& options = {}) const {
    (*this)->load_weights(path, options);
  }
  std::string to_json() const { return (*this)->to_json(); }
};

class FunctionalImpl;

// keras.Model: Model(inputs, outputs) makes a functional model; a ModelHandle of a subclass
// converts to it.
class Model : public ModelHandle<ModelImpl> {
 public:
  using ModelHandle::ModelHandle;
  Model(const Tensors& inputs, const Tensors& outputs, const ModelOptions& options = {});
};

// A handle to a new model of a user-defined subclass of ModelImpl.
template <class Impl, class... Args>
ModelHandle<Impl> make_model(Args&&... args) {
  return ModelHandle<Impl>(std::make_shared<Impl>(std::forward<Args>(args)...));
}

}  // namespace keras::models

namespace keras {
using models::Model;
using models::ModelImpl;
}  // namespace keras
