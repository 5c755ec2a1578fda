#include "keras/models/traced_step.h"

#include "keras/backend/backend.h"
#include "keras/graph/node.h"
#include "keras/graph/topology.h"
#include "keras/graph/trace_scope.h"
#include "keras/layers/keras_tensor.h"
#include "keras/ops/op_def.h"
#include "keras/ops/reduction.h"
#include "keras/ops/updates.h"

namespace keras::models {

namespace {

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

bool same_structure(const Nested<int>& a, const Nested<int>& b) {
  return a.kind() == b.kind() && a.keys() == b.keys() && a.size() == b.size();
}

// A step's y or sample_weight: the placeholders in their structure, or None (one undefined
// tensor) when the data has none.
Tensors step_argument(const Nested<int>& structure, std::vector<Tensor> values) {
  if (values.empty()) return Tensors(Tensor());
  return structure.with_values(std::move(values));
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

// Whether a value depends on the step's data, or only on variables and constants.
bool reads_data(const Tensor& value) {
  for (const auto& node : graph::topological_order({value.node_ptr()}))
    if (node->op->name == "placeholder") return true;
  return false;
}

// After the step: each constrained trainable weight = constraint(weight).
std::unique_ptr<graph::Program> constraints_program(const ModelImpl& model) {
  std::vector<Tensor> assigns;
  for (const Variable& v : model.trainable_weights())
    if (auto c = model.constraint_of(v)) {
      Tensor read = graph::variable_read(v.state_ptr());
      assigns.push_back(ops::assign(read, (*c)(read)));
    }
  if (assigns.empty()) return nullptr;
  return std::make_unique<graph::Program>(std::vector<Tensor>{}, std::vector<Tensor>{}, assigns);
}

}  // namespace

bool Signature::operator==(const Signature& other) const {
  return same_structure(x_structure, other.x_structure) &&
         same_structure(y_structure, other.y_structure) &&
         same_structure(w_structure, other.w_structure) && x == other.x && y == other.y &&
         w == other.w;
}

Signature signature_of(const std::vector<Tensor>& batch, size_t nx, size_t ny,
                       const Nested<int>& x_structure, const Nested<int>& y_structure,
                       const Nested<int>& w_structure) {
  Signature s{x_structure, y_structure, w_structure, {}, {}, {}};
  for (size_t i = 0; i < batch.size(); ++i)
    (i < nx ? s.x : i < nx + ny ? s.y : s.w).push_back(unknown_batch(batch[i]));
  return s;
}

std::vector<Tensor>& CompiledStep::run(const std::vector<Tensor>& inputs) {
  std::vector<Shape> shapes;
  shapes.reserve(inputs.size());
  for (const Tensor& t : inputs) shapes.push_back(t.shape());
  auto it = buffers_.find(shapes);
  if (it == buffers_.end())
    it = buffers_.emplace(shapes, program_.make_outputs(inputs, &backend::host())).first;
  program_.run(inputs, it->second);
  return it->second;
}

double log_value(const Tensor& value) {
  return value.size() == 1 ? value.item<double>() : ops::mean(value).item<double>();
}

TracedStep::TracedStep(ModelImpl& model, StepMode mode, Signature signature)
    : signature_(std::move(signature)) {
  check_input_dtypes(model, signature_.x);
  std::vector<Tensor> x = placeholders(signature_.x, "x");
  std::vector<Tensor> inputs = x;
  StepData data{signature_.x_structure.with_values(x), Tensors(Tensor()), Tensors(Tensor())};
  if (mode != StepMode::predict) {
    std::vector<Tensor> y = placeholders(signature_.y, "y");
    std::vector<Tensor> w = placeholders(signature_.w, "sample_weight");
    inputs.insert(inputs.end(), y.begin(), y.end());
    inputs.insert(inputs.end(), w.begin(), w.end());
    data.y = step_argument(signature_.y_structure, std::move(y));
    data.sample_weight = step_argument(signature_.w_structure, std::move(w));
  }

  MetricResults returned;
  Tensors predictions;
  std::vector<Tensor> updates;
  {
    graph::TraceScope scope;
    if (mode == StepMode::train)
      returned = model.train_step(data);
    else if (mode == StepMode::test)
      returned = model.test_step(data);
    else
      predictions = model.predict_step(data);
    updates = scope.take_updates();
  }

  std::vector<Tensor> step_outputs, results;
  if (mode == StepMode::predict) {
    for (const Tensor& t : predictions)
      if (!t.defined())
        throw ValueError(str("Model '", model.name(),
                             "': predict_step returned an "
                             "empty tensor"));
    output_structure_ = predictions.map([](const Tensor&) { return 0; });
    step_outputs = predictions.flat();
  } else {
    for (const auto& [name, value] : returned) {
      if (!value.defined())
        throw ValueError(str("Model '", model.name(),
                             "': ", mode == StepMode::train ? "train_step" : "test_step",
                             " returned an empty tensor for '", name, "'"));
      if (!value.is_symbolic()) {
        sources_.push_back({name, Source::constant, 0, log_value(value)});
      } else if (value.output_index() == graph::kControlIndex) {
        throw ValueError(str("Model '", model.name(), "': the step returned an update handle as '",
                             name, "'; return values (a metric's result()), not updates"));
      } else if (reads_data(value)) {
        sources_.push_back({name, Source::step, step_outputs.size(), 0});
        step_outputs.push_back(value);
      } else {
        sources_.push_back({name, Source::results, results.size(), 0});
        results.push_back(value);
      }
    }
  }
  step_ = std::make_unique<CompiledStep>(graph::Program(inputs, step_outputs, updates));
  if (!results.empty()) results_ = std::make_unique<CompiledStep>(graph::Program({}, results));
  if (mode == StepMode::train) constraints_ = constraints_program(model);
}

const std::vector<Tensor>& TracedStep::run(const std::vector<Tensor>& batch) {
  last_outputs_ = &step_->run(batch);
  if (constraints_) constraints_->run({});
  return *last_outputs_;
}

callbacks::Logs TracedStep::logs() {
  const std::vector<Tensor>* results = results_ ? &results_->run({}) : nullptr;
  callbacks::Logs out;
  for (const Source& s : sources_) {
    if (s.program == Source::constant)
      out[s.name] = s.value;
    else if (s.program == Source::results)
      out[s.name] = log_value((*results)[s.index]);
    else if (last_outputs_)
      out[s.name] = log_value((*last_outputs_)[s.index]);
  }
  return out;
}

}  // namespace keras::models
