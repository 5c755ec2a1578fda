// compile / fit / evaluate / predict (Keras's Trainer: keras/src/trainers/trainer.py and the
// backends' trainers).
//
// Each mode is one compiled graph::Program, traced once per data signature:
//   train:   inputs (x, y, sample_weight) -> model(x, training) -> compiled loss + the layers'
//            losses and regularization penalties -> gradients -> updates in order: the layers'
//            state updates (BatchNormalization), the metrics' accumulations, the optimizer's
//            steps (iterations += 1 last);
//   test:    the same without gradients and optimizer, in inference mode;
//   predict: model(x) in inference mode;
//   results: the metrics' results from their variables (run after a step, for the logs).
// A step binds the batch (gathered ahead by a worker thread), runs one program into reused
// output buffers and reads a few scalars; plans are cached per input shape, so a partial last
// batch costs one more plan, once.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "keras/backend/backend.h"
#include "keras/callbacks/callback_list.h"
#include "keras/config/config.h"
#include "keras/core/random.h"
#include "keras/core/warnings.h"
#include "keras/graph/gradients.h"
#include "keras/graph/node.h"
#include "keras/graph/program.h"
#include "keras/layers/keras_tensor.h"
#include "keras/losses/losses.h"
#include "keras/metrics/metrics.h"
#include "keras/metrics/reduction_metrics.h"
#include "keras/models/array_data.h"
#include "keras/models/compile_utils.h"
#include "keras/models/model.h"
#include "keras/ops/math.h"
#include "keras/ops/reduction.h"
#include "keras/ops/shape.h"
#include "keras/ops/updates.h"
#include "keras/optimizers/optimizers.h"

namespace keras::models {

namespace {

enum Mode { kTrain = 0, kTest = 1, kPredict = 2 };

// What a program is traced for: the structure of x, and every array's dtype and shape with the
// batch dimension unknown.
struct Signature {
  Nested<int> x_structure;
  std::vector<TensorMeta> x, y, w;
  bool operator==(const Signature& other) const {
    return x_structure.kind() == other.x_structure.kind() &&
           x_structure.keys() == other.x_structure.keys() && x == other.x && y == other.y &&
           w == other.w;
  }
};

TensorMeta unknown_batch(const Tensor& t) {
  std::vector<int64_t> dims = t.shape().dims();
  if (!dims.empty()) dims[0] = Shape::kUnknown;
  return {t.dtype(), Shape(dims)};
}

std::vector<Tensor> placeholders(const std::vector<TensorMeta>& metas, const char* prefix) {
  std::vector<Tensor> out;
  for (size_t i = 0; i < metas.size(); ++i)
    out.push_back(graph::placeholder(metas[i], str(prefix, i)));
  return out;
}

// A program whose outputs are written into buffers kept per batch shape.
struct CompiledStep {
  graph::Program program;
  std::map<std::vector<Shape>, std::vector<Tensor>> buffers;

  explicit CompiledStep(graph::Program p) : program(std::move(p)) {}
  std::vector<Tensor>& run(const std::vector<Tensor>& inputs) {
    std::vector<Shape> shapes;
    for (const Tensor& t : inputs) shapes.push_back(t.shape());
    auto it = buffers.find(shapes);
    if (it == buffers.end())
      it = buffers.emplace(shapes, program.make_outputs(inputs, &backend::host())).first;
    program.run(inputs, it->second);
    return it->second;
  }
};

double scalar_of(const Tensor& t) {
  return t.size() == 1 ? t.item<double>() : ops::mean(t).item<double>();
}

int64_t checked_batch_size(const std::optional<int64_t>& batch_size, const char* argument) {
  int64_t b = batch_size.value_or(32);
  if (b <= 0)
    throw ValueError(
        str("Argument `", argument, "` must be a positive integer. Received: ", argument, "=", b));
  return b;
}

// Keras's class_weight_to_sample_weights: argmax of one-hot targets, else the rounded label.
Tensor class_weights_to_sample_weights(const Tensor& y, const std::map<int64_t, double>& weights) {
  Tensor labels = y;
  if (y.rank() > 1) labels = y.shape().dim(-1) != 1 ? ops::argmax(y, -1) : ops::squeeze(y, -1);
  std::vector<double> values = labels.to_vector<double>();
  std::vector<float> out(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    auto it = weights.find(static_cast<int64_t>(std::nearbyint(values[i])));
    out[i] = it == weights.end() ? 1.0f : static_cast<float>(it->second);
  }
  return Tensor::from_vector(out, Shape{static_cast<int64_t>(out.size())});
}

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

}  // namespace

struct ModelImpl::TrainingState {
  ModelImpl& model;
  CompileOptions options;
  optimizers::OptimizerPtr optimizer;
  std::unique_ptr<CompiledLoss> loss;
  std::unique_ptr<CompiledMetrics> metrics;
  std::shared_ptr<metrics::MeanImpl> loss_tracker;
  bool stop_training = false;
  std::optional<int> resume_epoch;  // set by resume_at_epoch() during on_train_begin
  std::shared_ptr<callbacks::HistoryImpl> history;

  std::optional<Signature> signature[3];
  std::unique_ptr<CompiledStep> steps[3];
  std::unique_ptr<CompiledStep> results;
  std::unique_ptr<graph::Program> constraints;
  Nested<int> predict_structure;  // the model's output structure

  explicit TrainingState(ModelImpl& m) : model(m) {}

  // The loss tracker, the per-output loss trackers, then the compiled metrics, by log name.
  std::vector<std::pair<std::string, metrics::MetricPtr>> named_metrics() const {
    std::vector<std::pair<std::string, metrics::MetricPtr>> out{{"loss", loss_tracker}};
    if (loss)
      for (const auto& m : loss->metrics()) out.emplace_back(m->name(), m);
    if (metrics && metrics->built())
      for (const auto& m : metrics->named()) out.push_back(m);
    return out;
  }

  std::vector<std::string> output_names(size_t count) const {
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

  // y in output order: a dict of targets is matched to the outputs by name.
  std::vector<Tensor> targets_in_output_order(const Tensors& y, size_t outputs) const {
    if (!y.is_dict()) return y.flat();
    std::vector<std::string> names = output_names(outputs);
    std::vector<Tensor> out;
    for (const std::string& n : names) {
      if (!y.contains(n))
        throw ValueError(str("fit: y is a dict without the output '", n, "' (model '", model.name(),
                             "' has outputs ", Nested<std::string>(names).describe(), ")"));
      out.push_back(y.at(n));
    }
    return out;
  }

  // Traces the program of `mode` for `sig` (again only when the signature changes).
  CompiledStep& step(Mode mode, const Signature& sig) {
    if (steps[mode] && signature[mode] && *signature[mode] == sig) return *steps[mode];
    std::vector<Tensor> x_ph = placeholders(sig.x, "x"), y_ph = placeholders(sig.y, "y"),
                        w_ph = placeholders(sig.w, "sample_weight");
    Tensors x = sig.x_structure.with_values(x_ph);
    Tensors y_pred = model(x, {.training = mode == kTrain});
    std::vector<Tensor> inputs = x_ph;
    if (mode == kPredict) {
      predict_structure = y_pred.map([](const Tensor&) { return 0; });
      steps[mode] = std::make_unique<CompiledStep>(graph::Program(inputs, y_pred.flat()));
      signature[mode] = sig;
      return *steps[mode];
    }
    inputs.insert(inputs.end(), y_ph.begin(), y_ph.end());
    inputs.insert(inputs.end(), w_ph.begin(), w_ph.end());
    std::vector<Tensor> preds = y_pred.flat();
    std::vector<Shape> true_shapes, pred_shapes;
    for (const Tensor& t : y_ph) true_shapes.push_back(t.shape());
    for (const Tensor& t : preds) pred_shapes.push_back(t.shape());
    std::vector<std::string> names = output_names(preds.size());
    if (loss && !loss->built()) loss->build(true_shapes, pred_shapes, names);
    if (metrics && !metrics->built()) metrics->build(true_shapes, pred_shapes, names);

    std::vector<Tensor> updates = model.call_updates();
    std::vector<Tensor> metric_updates;
    Tensor total;
    if (loss) {
      if (y_ph.empty())
        throw ValueError(str("Model '", model.name(),
                             "' has a compiled loss, so fit and "
                             "evaluate need targets `y`"));
      total = loss->compute(y_ph, preds, w_ph, metric_updates);
    }
    auto add = [&](const Tensor& term) {
      Tensor t = is_floating(term.dtype()) ? term : ops::cast(term, config::floatx_dtype());
      t = ops::sum(t);
      total = total.defined() ? ops::add(total, ops::cast(t, total.dtype())) : t;
    };
    for (const Tensor& l : model.call_losses()) add(l);
    for (const Tensor& l : model.regularization_losses(/*symbolic=*/true)) add(l);
    if (!total.defined())
      throw ValueError("No loss to compute. Provide a `loss` argument in `compile()`.");
    Tensor batch = ops::dim_size(x_ph.front(), 0, total.dtype());
    for (Tensor& h : loss_tracker->update_state(total, batch)) metric_updates.push_back(h);
    if (metrics) metrics->update_state(y_ph, preds, w_ph, metric_updates);
    updates.insert(updates.end(), metric_updates.begin(), metric_updates.end());

    if (mode == kTrain) {
      std::vector<Variable> variables = model.trainable_weights();
      if (variables.empty()) {
        warn("The model does not have any trainable weights.");
      } else {
        std::vector<Tensor> wrt(variables.begin(), variables.end());
        std::vector<Tensor> grads = graph::gradients(total, wrt);
        for (Tensor& h : optimizer->apply(grads, variables)) updates.push_back(h);
      }
      // Constraints run after the step, on the updated values.
      std::vector<Tensor> assigns;
      for (const Variable& v : variables)
        if (auto c = model.constraint_of(v)) {
          Tensor read = graph::variable_read(v.state_ptr());
          assigns.push_back(ops::assign(read, (*c)(read)));
        }
      constraints = assigns.empty() ? nullptr
                                    : std::make_unique<graph::Program>(
                                          std::vector<Tensor>{}, std::vector<Tensor>{}, assigns);
    }
    steps[mode] = std::make_unique<CompiledStep>(graph::Program(inputs, {total}, updates));
    signature[mode] = sig;
    results.reset();  // the metrics may have been built now
    return *steps[mode];
  }

  // The current logs: every metric's result by log name.
  callbacks::Logs logs() {
    std::vector<std::pair<std::string, metrics::MetricPtr>> named = named_metrics();
    if (!results) {
      std::vector<Tensor> outputs;
      for (const auto& [n, m] : named) outputs.push_back(m->result_graph());
      results = std::make_unique<CompiledStep>(graph::Program({}, outputs));
    }
    std::vector<Tensor>& values = results->run({});
    callbacks::Logs out;
    for (size_t i = 0; i < named.size(); ++i) out[named[i].first] = scalar_of(values[i]);
    return out;
  }

  void reset() {
    for (const auto& [n, m] : named_metrics()) m->reset_state();
  }
};

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
  if (!options.loss.empty())
    state->loss = std::make_unique<CompiledLoss>(options.loss, options.loss_weights);
  if (!options.metrics.empty() || !options.weighted_metrics.empty())
    state->metrics = std::make_unique<CompiledMetrics>(options.metrics, options.weighted_metrics);
  state->loss_tracker = std::make_shared<metrics::MeanImpl>(metrics::MetricOptions{.name = "loss"});
  if (options.steps_per_execution != 1)
    throw NotImplementedError(str("compile: steps_per_execution=", options.steps_per_execution,
                                  " is not supported; use 1"));
  training_ = std::move(state);
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
  if (!training_) return out;
  for (const auto& [n, m] : training_->named_metrics()) out.push_back(n);
  return out;
}

std::vector<std::pair<std::string, metrics::MetricPtr>> ModelImpl::compiled_metrics() const {
  if (!training_ || !training_->metrics || !training_->metrics->built()) return {};
  return training_->metrics->named();
}

void ModelImpl::reset_metrics() {
  if (training_) training_->reset();
}

Json ModelImpl::get_compile_config() const {
  if (!training_) return nullptr;
  const CompileOptions& o = training_->options;
  auto name_or_config = [](const auto& arg, auto serialize) -> Json {
    if (arg.name()) return *arg.name();
    if (arg.object()) return serialize(*arg.object());
    return nullptr;
  };
  auto loss_json = [&]() -> Json {
    auto one = [&](const losses::LossArg& a) {
      return name_or_config(a, [](const losses::Loss& l) { return losses::serialize(l); });
    };
    const LossSpec& s = o.loss;
    if (s.one()) return one(*s.one());
    if (!s.list().empty()) {
      Json out = Json::array();
      for (const auto& a : s.list()) out.push_back(one(a));
      return out;
    }
    if (!s.dict().empty()) {
      Json out = Json::object();
      for (const auto& [k, a] : s.dict()) out[k] = one(a);
      return out;
    }
    return nullptr;
  };
  auto metrics_json = [&](const MetricSpec& s) -> Json {
    auto list = [&](const std::vector<metrics::MetricArg>& l) {
      Json out = Json::array();
      for (const auto& a : l)
        out.push_back(
            name_or_config(a, [](const metrics::Metric& m) { return metrics::serialize(m); }));
      return out;
    };
    if (!s.one().empty()) return list(s.one());
    if (!s.list().empty()) {
      Json out = Json::array();
      for (const auto& l : s.list()) out.push_back(list(l));
      return out;
    }
    if (!s.dict().empty()) {
      Json out = Json::object();
      for (const auto& [k, l] : s.dict()) out[k] = list(l);
      return out;
    }
    return nullptr;
  };
  Json weights = nullptr;
  if (o.loss_weights.one) weights = *o.loss_weights.one;
  if (!o.loss_weights.list.empty()) weights = o.loss_weights.list;
  if (!o.loss_weights.dict.empty()) weights = o.loss_weights.dict;
  return {{"optimizer", optimizers::serialize(*training_->optimizer)},
          {"loss", loss_json()},
          {"loss_weights", weights},
          {"metrics", metrics_json(o.metrics)},
          {"weighted_metrics", metrics_json(o.weighted_metrics)},
          {"run_eagerly", o.run_eagerly},
          {"steps_per_execution", o.steps_per_execution},
          {"jit_compile", false}};
}

// --- Running ------------------------------------------------------------------------------------

namespace {

// Where batches come from: arrays (shuffled and gathered ahead) or a user's generator. Each
// batch is the flat arrays x..., y..., sample_weight...
class BatchSource {
 public:
  virtual ~BatchSource() = default;
  // Batches in one pass, when known.
  virtual std::optional<int64_t> size() const = 0;
  // Starts a pass (reshuffled when asked).
  virtual void start_pass() = 0;
  // The next batch of the pass (valid until the next call); nullptr at its end.
  virtual const std::vector<Tensor>* next() = 0;
  virtual void end_epoch() {}
  Nested<int> x_structure;
  size_t nx = 0, ny = 0;
};

class ArraySource : public BatchSource {
 public:
  ArraySource(ArrayData data, Nested<int> structure, int64_t batch_size, bool shuffle)
      : data_(std::move(data)),
        batch_size_(batch_size),
        shuffle_(shuffle),
        rng_(static_cast<uint64_t>(random::make_default_seed())) {
    x_structure = std::move(structure);
    nx = data_.num_x();
    ny = data_.num_y();
    order_.resize(static_cast<size_t>(data_.num_samples()));
    std::iota(order_.begin(), order_.end(), 0);
  }
  std::optional<int64_t> size() const override {
    return (data_.num_samples() + batch_size_ - 1) / batch_size_;
  }
  void start_pass() override {
    pass_.reset();
    if (shuffle_) std::shuffle(order_.begin(), order_.end(), rng_);
    pass_ = std::make_unique<BatchPrefetcher>(data_, batch_size_, order_);
  }
  const std::vector<Tensor>* next() override { return pass_ ? pass_->next() : nullptr; }

 private:
  ArrayData data_;
  int64_t batch_size_;
  bool shuffle_;
  std::mt19937_64 rng_;
  std::vector<int64_t> order_;
  std::unique_ptr<BatchPrefetcher> pass_;
};

class GeneratorSource : public BatchSource {
 public:
  explicit GeneratorSource(BatchGenerator& generator) : generator_(generator) {}
  std::optional<int64_t> size() const override { return generator_.size(); }
  void start_pass() override { index_ = 0; }
  const std::vector<Tensor>* next() override {
    if (generator_.size() && index_ >= *generator_.size()) return nullptr;
    std::optional<Batch> batch = generator_.get(index_++);
    if (!batch) return nullptr;
    if (batch->x.empty()) throw ValueError(str("the generator's batch ", index_ - 1, " has no x"));
    Nested<int> structure = batch->x.map([](const Tensor&) { return 0; });
    if (!seen_) {
      x_structure = structure;
      nx = batch->x.size();
      ny = batch->y.size();
      seen_ = true;
    } else if (batch->x.size() != nx || batch->y.size() != ny) {
      throw ValueError(str("the generator's batch ", index_ - 1, " has ", batch->x.size(),
                           " inputs and ", batch->y.size(), " targets; the first had ", nx, " and ",
                           ny));
    }
    current_ = batch->x.flat();
    current_.insert(current_.end(), batch->y.begin(), batch->y.end());
    current_.insert(current_.end(), batch->sample_weight.begin(), batch->sample_weight.end());
    for (Tensor& t : current_)
      if (!t.backend().is_host()) t = t.to(backend::host());
    return &current_;
  }
  void end_epoch() override { generator_.on_epoch_end(); }

 private:
  BatchGenerator& generator_;
  int64_t index_ = 0;
  bool seen_ = false;
  std::vector<Tensor> current_;
};

Signature signature_of(const BatchSource& source, const std::vector<Tensor>& batch) {
  Signature s;
  s.x_structure = source.x_structure;
  for (size_t i = 0; i < batch.size(); ++i)
    (i < source.nx               ? s.x
     : i < source.nx + source.ny ? s.y
                                 : s.w)
        .push_back(unknown_batch(batch[i]));
  return s;
}

std::vector<double> in_order(const callbacks::Logs& logs, const std::vector<std::string>& names) {
  std::vector<double> out;
  for (const std::string& n : names)
    if (logs.count(n)) out.push_back(logs.at(n));
  for (const auto& [k, v] : logs)
    if (std::find(names.begin(), names.end(), k) == names.end()) out.push_back(v);
  return out;
}

struct Arrays {
  Nested<int> x_structure;
  std::vector<Tensor> x, y, w;
};

Arrays flatten(const Tensors& x, const Tensors& y, const Tensors& sample_weight,
               const std::map<int64_t, double>& class_weight, const char* method) {
  if (x.empty()) throw ValueError(str("`", method, "` needs input data `x` (got nothing)"));
  Arrays a;
  a.x_structure = x.map([](const Tensor&) { return 0; });
  a.x = x.flat();
  a.y = y.flat();
  a.w = sample_weight.flat();
  if (!class_weight.empty()) {
    if (!a.w.empty())
      throw ValueError("You cannot `class_weight` and `sample_weight` at the same time.");
    if (a.y.size() != 1)
      throw ValueError("`class_weight` is only supported for Models with a single output.");
    a.w.push_back(class_weights_to_sample_weights(a.y[0], class_weight));
  }
  for (const Tensor& t : a.w)
    if (t.defined() && !is_floating(t.dtype()) && !is_integer(t.dtype()))
      throw TypeError(str("`sample_weight` must hold numbers, got a ", t.dtype(), " tensor"));
  return a;
}

// Float data into an integer input (token ids, say) would be truncated silently by the
// conversion Keras does; kerascpp refuses it instead.
void check_input_dtypes(const ModelImpl& model, const std::vector<TensorMeta>& x) {
  Tensors inputs;
  try {
    inputs = model.inputs();
  } catch (const ValueError&) {
    return;  // no graph yet (subclassed, or a Sequential built on its first call)
  }
  for (size_t i = 0; i < x.size() && i < inputs.size(); ++i)
    if (is_integer(inputs[i].dtype()) && is_floating(x[i].dtype))
      throw TypeError(str("Input '", layers::keras_tensor_name(inputs[i]), "' of model '",
                          model.name(), "' expects ", inputs[i].dtype(), " data; got ", x[i].dtype,
                          " data (convert it with astype if that is intended)"));
}

}  // namespace

// The loops, shared by arrays and generators.
struct ModelImpl::Loops {
  static CompiledStep& step(TrainingState& state, Mode mode, const BatchSource& source,
                            const std::vector<Tensor>& batch) {
    Signature sig = signature_of(source, batch);
    check_input_dtypes(state.model, sig.x);
    return state.step(mode, sig);
  }

  static callbacks::Logs evaluate(TrainingState& state, BatchSource& source,
                                  std::optional<int64_t> steps, callbacks::Callback& callbacks) {
    state.reset();
    callbacks.on_test_begin({});
    source.start_pass();
    callbacks::Logs logs;
    for (int64_t b = 0; !steps || b < *steps; ++b) {
      const std::vector<Tensor>* batch = source.next();
      if (!batch) break;
      callbacks.on_test_batch_begin(b, {});
      step(state, kTest, source, *batch).run(*batch);
      logs = state.logs();
      callbacks.on_test_batch_end(b, logs);
    }
    logs = state.logs();
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
    std::optional<int64_t> steps =
        options.steps_per_epoch ? options.steps_per_epoch : source.size();
    callbacks::CallbackList callbacks(options.callbacks, /*add_history=*/true,
                                      /*add_progbar=*/options.verbose != 0, &state.model,
                                      {options.verbose, options.epochs, steps});
    state.history = callbacks.history();
    state.stop_training = false;
    bool in_pass = false;
    callbacks::Logs epoch_logs;
    state.resume_epoch.reset();
    callbacks.on_train_begin({});
    int first_epoch = state.resume_epoch.value_or(options.initial_epoch);
    state.resume_epoch.reset();
    for (int epoch = first_epoch; epoch < options.epochs; ++epoch) {
      state.reset();
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
        step(state, kTrain, source, *batch).run(*batch);
        if (state.constraints) state.constraints->run({});
        callbacks.on_train_batch_end(b, state.logs());
        if (state.stop_training) break;
      }
      source.end_epoch();
      epoch_logs = state.logs();
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

  static Tensors predict(TrainingState& state, BatchSource& source, const PredictOptions& options) {
    callbacks::CallbackList callbacks(
        options.callbacks, false, options.verbose != 0, &state.model,
        {options.verbose, 1, options.steps ? options.steps : source.size()});
    callbacks.on_predict_begin({});
    source.start_pass();
    std::vector<std::vector<Tensor>> parts;
    for (int64_t b = 0; !options.steps || b < *options.steps; ++b) {
      const std::vector<Tensor>* batch = source.next();
      if (!batch) break;
      callbacks.on_predict_batch_begin(b, {});
      std::vector<Tensor> x(batch->begin(), batch->begin() + static_cast<long>(source.nx));
      std::vector<Tensor>& out = step(state, kPredict, source, x).run(x);
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
    return state.predict_structure.with_values(std::move(joined));
  }
};

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
    validation = std::make_unique<ArraySource>(ArrayData(av.x, av.y, av.w), av.x_structure,
                                               val_batch, false);
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
    validation = std::make_unique<ArraySource>(std::move(val), a.x_structure, val_batch, false);
  }
  ArraySource source(std::move(data), a.x_structure, batch_size, options.shuffle);
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
        ArrayData(av.x, av.y, av.w), av.x_structure,
        checked_batch_size(options.validation_batch_size, "validation_batch_size"), false);
  }
  return Loops::fit(state, source, validation.get(), options);
}

callbacks::Logs ModelImpl::evaluate_dict(const Tensors& x, const Tensors& y,
                                         const EvaluateOptions& options) {
  TrainingState& state = training("evaluate");
  Arrays a = flatten(x, y, options.sample_weight, {}, "evaluate");
  ArraySource source(ArrayData(a.x, a.y, a.w), a.x_structure,
                     checked_batch_size(options.batch_size, "batch_size"), false);
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
  if (!training_) compile();  // predict needs no loss; the programs live in the training state
  Arrays a = flatten(x, {}, {}, {}, "predict");
  ArraySource source(ArrayData(a.x, {}, {}), a.x_structure,
                     checked_batch_size(options.batch_size, "batch_size"), false);
  return Loops::predict(*training_, source, options);
}

Tensors ModelImpl::predict(BatchGenerator& generator, const PredictOptions& options) {
  if (!training_) compile();
  GeneratorSource source(generator);
  return Loops::predict(*training_, source, options);
}

std::vector<double> ModelImpl::train_on_batch(const Tensors& x, const Tensors& y,
                                              const Tensors& sample_weight,
                                              const std::map<int64_t, double>& class_weight) {
  TrainingState& state = training("train_on_batch");
  Arrays a = flatten(x, y, sample_weight, class_weight, "train_on_batch");
  ArrayData data(a.x, a.y, a.w);
  ArraySource source(std::move(data), a.x_structure, std::max<int64_t>(data.num_samples(), 1),
                     false);
  source.start_pass();
  const std::vector<Tensor>* batch = source.next();
  Loops::step(state, kTrain, source, *batch).run(*batch);
  if (state.constraints) state.constraints->run({});
  return in_order(state.logs(), metrics_names());
}

std::vector<double> ModelImpl::test_on_batch(const Tensors& x, const Tensors& y,
                                             const Tensors& sample_weight) {
  TrainingState& state = training("test_on_batch");
  Arrays a = flatten(x, y, sample_weight, {}, "test_on_batch");
  ArrayData data(a.x, a.y, a.w);
  int64_t n = data.num_samples();
  ArraySource source(std::move(data), a.x_structure, std::max<int64_t>(n, 1), false);
  state.reset();
  source.start_pass();
  const std::vector<Tensor>* batch = source.next();
  Loops::step(state, kTest, source, *batch).run(*batch);
  return in_order(state.logs(), metrics_names());
}

Tensors ModelImpl::predict_on_batch(const Tensors& x) {
  return predict(
      x, {.batch_size = x.empty() || x[0].rank() == 0 ? 1 : std::max<int64_t>(x[0].shape()[0], 1),
          .verbose = 0});
}

}  // namespace keras::models
