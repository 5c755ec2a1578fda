// Layer: Keras's __call__ protocol (keras/src/layers/layer.py) in three paths:
//   1. Keras tensors: trace call() on fresh placeholders of the same metas (losses ignored), then
//      record a CallNode and return new Keras tensors;
//   2. concrete or graph tensors: autocast, check the input spec, build on first use, resolve
//      `training` and masks, call(), add the activity penalty, set the outputs' masks;
// with a thread-local stack of call frames carrying `training` down to nested calls.
#include "keras/layers/layer.h"
#include "keras/layers/detail/layer_config.h"

#include <algorithm>
#include <deque>
#include <optional>
#include <set>

#include "keras/backend/backend.h"
#include "keras/config/config.h"
#include "keras/core/warnings.h"
#include "keras/graph/node.h"
#include "keras/graph/trace_scope.h"
#include "keras/layers/keras_tensor.h"
#include "keras/ops/math.h"
#include "keras/ops/reduction.h"
#include "keras/ops/shape.h"
#include "keras/utils/naming.h"

namespace keras::layers {

namespace {

struct CallFrame {
  bool training = false;
  bool tracing = false;  // a functional call being traced for its shapes: losses are dropped
  CallFrame* parent = nullptr;
};

thread_local CallFrame* t_frame = nullptr;

// One frame per layer call: `training` as Keras resolves it (the call's own argument, else the
// enclosing call's, else inference).
class CallScope {
 public:
  CallScope(const std::optional<bool>& training, bool tracing) {
    frame_.parent = t_frame;
    frame_.training = training ? *training : (t_frame ? t_frame->training : false);
    frame_.tracing = tracing || (t_frame && t_frame->tracing);
    t_frame = &frame_;
    // A trace for shapes runs on stand-ins that no step program binds: a step being traced
    // around it must not collect its updates (graph/trace_scope.h).
    if (tracing) pause_.emplace();
  }
  ~CallScope() { t_frame = frame_.parent; }
  CallScope(const CallScope&) = delete;
  CallScope& operator=(const CallScope&) = delete;
  bool is_outermost() const { return frame_.parent == nullptr; }
  bool training() const { return frame_.training; }

 private:
  CallFrame frame_;
  std::optional<graph::TraceScope::Pause> pause_;
};

bool tracing() {
  return t_frame && t_frame->tracing;
}

std::string shape_list(const Tensors& inputs) {
  std::string out;
  for (const Tensor& t : inputs) out += (out.empty() ? "" : ", ") + t.shape().to_string();
  return inputs.size() == 1 ? out : "[" + out + "]";
}

// The batch size of `x` as a scalar of `dtype`, at least 1 (for the activity penalty's
// divide_no_nan: an empty batch has a zero penalty anyway).
Tensor batch_size(const Tensor& x, DType dtype) {
  return ops::maximum(ops::dim_size(x, 0, dtype), 1.0);
}

Json shapes_to_json(const Shapes& shapes) {
  if (shapes.is_single()) return args::ArgForm<Shape>::write(shapes[0]);
  if (shapes.is_list()) {
    Json out = Json::array();
    for (const Shape& s : shapes) out.push_back(args::ArgForm<Shape>::write(s));
    return out;
  }
  Json out = Json::object();
  for (size_t i = 0; i < shapes.size(); ++i)
    out[shapes.keys()[i]] = args::ArgForm<Shape>::write(shapes[i]);
  return out;
}

Shapes shapes_from_json(const Json& value, const std::string& who) {
  if (value.is_object()) {
    std::map<std::string, Shape> out;
    for (const auto& item : value.items())
      out[item.key()] = args::shape_from_json(item.value(), who);
    return Shapes(out);
  }
  // A list of lists is a list of shapes; a list of numbers and nulls is one shape.
  if (value.is_array() && !value.empty() && value.front().is_array()) {
    std::vector<Shape> out;
    for (const Json& s : value) out.push_back(args::shape_from_json(s, who));
    return Shapes(out);
  }
  return Shapes(args::shape_from_json(value, who));
}

}  // namespace

bool in_training_call() {
  return t_frame && t_frame->training;
}

WeightArgs::WeightArgs(const initializers::InitializerArg& initializer,
                       const regularizers::RegularizerArg& regularizer,
                       const constraints::ConstraintArg& constraint)
    : initializer(initializers::get(initializer)),
      regularizer(regularizers::get(regularizer)),
      constraint(constraints::get(constraint)) {}

WeightOptions WeightArgs::weight(std::string name, Shape shape, bool trainable) const {
  return {.name = std::move(name),
          .shape = std::move(shape),
          .initializer = initializer,
          .trainable = trainable,
          .regularizer = regularizer,
          .constraint = constraint};
}

Json config_with(Json base, const args::ArgList& own) {
  args::write(own, base);
  return base;
}

LayerOptions layer_options_from_config(const Json& config, const std::string& who) {
  if (!config.is_object())
    throw TypeError(str(who, ": a layer config must be a JSON object, got ", config.dump()));
  LayerOptions options;
  std::optional<Shape> batch_input_shape;
  std::optional<int64_t> input_dim;
  args::read({{"name", options.name},
              {"trainable", options.trainable},
              {"activity_regularizer", options.activity_regularizer},
              {"batch_input_shape", batch_input_shape},
              {"input_dim", input_dim}},
             config, who);
  if (config.contains("dtype") && !config.at("dtype").is_null())
    options.dtype = DTypePolicy::from_json(config.at("dtype"), who + " (dtype)");
  // Keras 2's shape spellings, on a model's first layer.
  if (batch_input_shape && batch_input_shape->rank() > 0)
    options.input_shape =
        Shape(std::vector<int64_t>(batch_input_shape->begin() + 1, batch_input_shape->end()));
  else if (input_dim)
    options.input_shape = Shape{*input_dim};
  return options;
}

Layer::Layer(std::string class_name, const LayerOptions& options)
    : class_name_(std::move(class_name)),
      name_(options.name.empty() ? utils::auto_name(class_name_) : options.name),
      dtype_policy_(options.dtype.value_or(config::dtype_policy())),
      trainable_(options.trainable),
      input_shape_arg_(options.input_shape),
      activity_regularizer_(regularizers::get(options.activity_regularizer)) {
  if (name_.find('/') != std::string::npos)
    throw ValueError(
        str("Argument `name` must be a string and cannot contain character `/`. "
            "Received: name=",
            name_, " (of type str)"));
}

Layer::~Layer() = default;

void Layer::set_trainable(bool trainable) {
  trainable_ = trainable;
  for (WeightRecord& w : weights_)
    if (w.created_trainable) w.variable.set_trainable(trainable);
  for (const LayerPtr& layer : sublayers_) layer->set_trainable(trainable);
}

// --- Calling ------------------------------------------------------------------------------------

Tensor Layer::operator()(const Tensor& inputs, const CallOptions& options) {
  Tensors outputs = (*this)(Tensors(inputs), options);
  if (outputs.size() != 1)
    throw ValueError(str("Layer '", name_, "' returned ", outputs.describe(),
                         " outputs; call it with a Tensors argument to receive them all"));
  return outputs[0];
}

Tensors Layer::operator()(const Tensors& inputs, const CallOptions& options) {
  if (inputs.empty()) throw ValueError(str("Layer '", name_, "' was called on no inputs"));
  size_t keras = 0;
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (!inputs[i].defined())
      throw ValueError(str("Layer '", name_, "': input ", i, " is an empty tensor"));
    keras += is_keras_tensor(inputs[i]) ? 1 : 0;
  }
  if (keras != 0 && keras != inputs.size())
    throw ValueError(str("Layer '", name_,
                         "' was called on Keras tensors (from keras::Input) "
                         "mixed with other tensors; in a functional model every input of a "
                         "layer must come from keras::Input or another layer"));
  if (!options.mask.empty() && options.mask.size() != inputs.size())
    throw ValueError(str("Layer '", name_, "': got ", options.mask.size(), " masks for ",
                         inputs.size(), " inputs"));
  return keras != 0 ? call_keras_tensors(inputs, options) : call_tensors(inputs, options);
}

Tensors Layer::call_keras_tensors(const Tensors& inputs, const CallOptions& options) {
  // Stand-ins of the same dtypes and shapes (and masks) for the trace.
  auto stand_in = [](const Tensor& t) {
    if (!t.defined()) return t;
    Tensor p = graph::placeholder(t.meta(), is_keras_tensor(t) ? keras_tensor_name(t) : "");
    Tensor mask = t.keras_mask();
    return mask.defined() ? p.with_keras_mask(graph::placeholder(mask.meta(), "keras_mask")) : p;
  };
  CallOptions traced = options;
  traced.mask = options.mask.map(stand_in);
  Tensors outputs;
  {
    CallScope scope(options.training, /*tracing=*/true);
    outputs = call_tensors(inputs.map(stand_in), traced);
  }
  std::vector<std::optional<TensorMeta>> masks;
  for (const Tensor& out : outputs) {
    Tensor mask = out.keras_mask();
    masks.push_back(mask.defined() ? std::optional<TensorMeta>(mask.meta()) : std::nullopt);
  }
  return record_call(*this, inputs, options.training, options.mask,
                     outputs.map([](const Tensor& t) { return t.meta(); }), masks);
}

Tensors Layer::call_tensors(const Tensors& raw_inputs, const CallOptions& options) {
  Tensors inputs = autocast(raw_inputs);
  check_input_compatibility(inputs);
  maybe_build(inputs);
  Tensors masks = resolve_masks(inputs, options);

  CallScope scope(options.training, /*tracing=*/false);
  if (scope.is_outermost()) clear_losses();
  CallContext context{scope.training(), masks};
  std::optional<AutocastScope> autocast_scope;
  open_autocast_scope(autocast_scope);
  // On symbolic inputs, weights enter the graph as reads (graph/node.h).
  std::optional<graph::VariableReadScope> reads;
  if (std::any_of(inputs.begin(), inputs.end(), [](const Tensor& t) { return t.is_symbolic(); }))
    reads.emplace();
  Tensors outputs = call(inputs, context);
  reads.reset();
  built_ = true;
  if (outputs.empty()) throw ValueError(str("Layer '", name_, "': call() returned no outputs"));
  for (size_t i = 0; i < outputs.size(); ++i)
    if (!outputs[i].defined())
      throw ValueError(str("Layer '", name_, "': call() returned an empty tensor as output ", i));

  if (activity_regularizer_) {
    for (const Tensor& out : outputs) {
      Tensor penalty = (*activity_regularizer_)(out);
      // Keras ≥ 3.14 divides by the batch size, so the penalty does not grow with the batch.
      if (out.rank() > 0) penalty = ops::divide(penalty, batch_size(out, penalty.dtype()));
      add_loss(penalty);
    }
  }

  bool any_mask =
      std::any_of(masks.begin(), masks.end(), [](const Tensor& m) { return m.defined(); });
  if (supports_masking_) return attach_output_masks(inputs, std::move(outputs), masks);
  if (any_mask)
    warn(str("Layer '", name_, "' (of type ", class_name_,
             ") was passed an input with a mask attached to it. However, this layer does not "
             "support masking and will therefore destroy the mask information. Downstream "
             "layers will not see the mask."));
  return outputs;
}

// Keras's Layer.__call__: a mixed layer reads its float variables in its compute dtype; inside
// such a layer, one that must not autocast (or computes in no float dtype) clears the scope, and
// one of another compute dtype replaces it.
void Layer::open_autocast_scope(std::optional<AutocastScope>& scope) const {
  std::optional<DType> current = AutocastScope::current();
  DType compute = compute_dtype();
  if (current) {
    if (!autocast_ || !is_floating(compute))
      scope.emplace(std::nullopt);
    else if (*current != compute)
      scope.emplace(compute);
  } else if (dtype_policy_.is_mixed() && is_floating(compute)) {
    scope.emplace(compute);
  }
}

Tensors Layer::autocast(const Tensors& inputs) const {
  // Keras's DTypePolicy.convert_input: float inputs of another dtype are cast.
  if (!autocast_ || !convert_input_args_) return inputs;
  DType target = input_dtype();
  return inputs.map([&](const Tensor& t) {
    if (!is_floating(t.dtype()) || t.dtype() == target) return t;
    return t.astype(target).with_keras_mask(t.keras_mask());
  });
}

Tensors Layer::resolve_masks(const Tensors& inputs, const CallOptions& options) const {
  if (!options.mask.empty()) return options.mask;
  return inputs.map([](const Tensor& t) { return t.keras_mask(); });
}

Tensors Layer::attach_output_masks(const Tensors& inputs, Tensors outputs, const Tensors& masks) {
  bool all_set = std::all_of(outputs.begin(), outputs.end(),
                             [](const Tensor& t) { return t.keras_mask().defined(); });
  if (all_set) return outputs;
  Tensors out_masks = compute_mask(inputs, masks);
  for (size_t i = 0; i < outputs.size() && i < out_masks.size(); ++i)
    if (!outputs[i].keras_mask().defined() && out_masks[i].defined())
      outputs[i] = outputs[i].with_keras_mask(out_masks[i]);
  return outputs;
}

void Layer::maybe_build(const Tensors& inputs) {
  if (built_) return;
  build(inputs.map([](const Tensor& t) { return t.shape(); }));
  check_input_compatibility(inputs);  // build_state() may have set the spec
}

void Layer::build(const Shapes& input_shape) {
  build_is_default_ = false;
  building_ = true;
  try {
    build_state(input_shape);
  } catch (...) {
    building_ = false;
    throw;
  }
  building_ = false;
  if (!build_is_default_) build_shapes_ = input_shape;
  built_ = true;
}

void Layer::check_input_compatibility(const Tensors& inputs) const {
  if (input_spec_.empty()) return;
  if (inputs.size() != input_spec_.size())
    throw ValueError(str("Layer \"", name_, "\" expects ", input_spec_.size(),
                         " input(s), but it received ", inputs.size(),
                         " input tensors. Inputs received: ", shape_list(inputs)));
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (!input_spec_[i]) continue;
    const InputSpec& spec = *input_spec_[i];
    const Shape& shape = inputs[i].shape();
    int ndim = shape.rank();
    std::string where = str("Input ", i, " with name '", spec.name.empty() ? "None" : spec.name,
                            "' of layer '", name_, "' is incompatible with the layer: ");
    if (spec.ndim && !spec.allow_last_axis_squeeze && ndim != *spec.ndim)
      throw ValueError(str(where, "expected ndim=", *spec.ndim, ", found ndim=", ndim,
                           ". Full shape received: ", shape));
    if (spec.max_ndim && ndim > *spec.max_ndim)
      throw ValueError(str(where, "expected max_ndim=", *spec.max_ndim, ", found ndim=", ndim));
    if (spec.min_ndim && ndim < *spec.min_ndim)
      throw ValueError(str(where, "expected min_ndim=", *spec.min_ndim, ", found ndim=", ndim,
                           ". Full shape received: ", shape));
    if (spec.dtype && inputs[i].dtype() != *spec.dtype)
      throw ValueError(
          str(where, "expected dtype=", *spec.dtype, ", found dtype=", inputs[i].dtype()));
    for (const auto& [axis, value] : spec.axes) {
      int a = axis < 0 ? axis + ndim : axis;
      if (a < 0 || a >= ndim)
        throw ValueError(str(where, "expected axis ", axis, " of input shape to have value ", value,
                             ", but received input with shape ", shape));
      if (value >= 0 && shape[a] >= 0 && shape[a] != value)
        throw ValueError(str(where, "expected axis ", axis, " of input shape to have value ", value,
                             ", but received input with shape ", shape));
    }
    if (spec.shape) {
      std::vector<int64_t> want = spec.shape->dims(), got = shape.dims();
      if (spec.allow_last_axis_squeeze) {
        if (!got.empty() && got.back() == 1) got.pop_back();
        if (!want.empty() && want.back() == 1) want.pop_back();
      }
      for (size_t d = 0; d < std::min(want.size(), got.size()); ++d)
        if (want[d] >= 0 && got[d] >= 0 && want[d] != got[d])
          throw ValueError(
              str(where, "expected shape=", *spec.shape, ", found shape=", Shape(got)));
    }
  }
}

// --- Life cycle defaults ----------------------------------------------------------------------

void Layer::build_state(const Shapes&) {
  build_is_default_ = true;
}

Shapes Layer::compute_output_shape(const Shapes& input_shape) {
  // Trace call() on placeholders of these shapes (in the layer's dtype) and read the outputs.
  Tensors stand_ins = input_shape.map([&](const Shape& s) {
    return graph::placeholder(TensorMeta{compute_dtype(), s}, "");
  });
  CallScope scope(std::nullopt, /*tracing=*/true);
  Tensors outputs = call_tensors(stand_ins, {});
  return outputs.map([](const Tensor& t) { return t.shape(); });
}

Tensors Layer::compute_mask(const Tensors& inputs, const Tensors& previous_mask) {
  return supports_masking_ ? previous_mask : Tensors();
}

// --- State
// ----------------------------------------------------------------------------------------

Variable Layer::add_weight(const WeightOptions& options) {
  if (built_ && !building_)
    throw ValueError(str("Layer '", name_,
                         "': you cannot add new elements of state (variables or "
                         "sub-layers) to a layer that is already built. All state must be created "
                         "in the constructor or in build_state()."));
  DType dtype = options.dtype.value_or(variable_dtype());
  if (!options.shape.is_fully_defined())
    throw ValueError(str("Layer '", name_, "': cannot create the weight '", options.name,
                         "' of shape ", options.shape, "; every dimension must be known"));
  std::shared_ptr<initializers::Initializer> init = initializers::get(options.initializer);
  if (!init) init = initializers::get(is_floating(dtype) ? "glorot_uniform" : "zeros");
  Tensor value = (*init)(options.shape, dtype);
  Variable variable(value, options.name, options.trainable);
  variable.set_autocast(options.autocast);
  weights_.push_back({variable, regularizers::get(options.regularizer),
                      constraints::get(options.constraint), options.trainable});
  return variable;
}

void Layer::track_layer(LayerPtr layer) {
  if (!layer) throw ValueError(str("Layer '", name_, "': cannot track an empty layer"));
  if (layer.get() == this) throw ValueError(str("Layer '", name_, "' cannot contain itself"));
  if (std::find(sublayers_.begin(), sublayers_.end(), layer) == sublayers_.end())
    sublayers_.push_back(std::move(layer));
}

random::SeedGenerator Layer::add_seed_generator(std::optional<int64_t> seed) {
  seed_generators_.emplace_back(seed, "seed_generator");
  return seed_generators_.back();
}

std::vector<Variable> Layer::collect(bool with_seed_states) const {
  // Keras's weights / variables: own trainable then own non-trainable variables (creation
  // order), the seed states for variables, then each sublayer's; no duplicates.
  std::vector<Variable> out;
  std::set<const void*> seen;
  auto add = [&](const Variable& v) {
    if (seen.insert(v.state_ptr().get()).second) out.push_back(v);
  };
  for (const WeightRecord& w : weights_)
    if (w.created_trainable) add(w.variable);
  for (const WeightRecord& w : weights_)
    if (!w.created_trainable) add(w.variable);
  if (with_seed_states)
    for (const random::SeedGenerator& g : seed_generators_) add(g.state());
  for (const LayerPtr& layer : sublayers_)
    for (const Variable& v : layer->collect(with_seed_states)) add(v);
  return out;
}

std::vector<Variable> Layer::weights() const {
  return collect(false);
}

std::vector<Variable> Layer::own_weights() const {
  std::vector<Variable> out;
  for (const WeightRecord& w : weights_)
    if (w.created_trainable) out.push_back(w.variable);
  for (const WeightRecord& w : weights_)
    if (!w.created_trainable) out.push_back(w.variable);
  return out;
}

std::vector<Variable> Layer::trainable_weights() const {
  if (!trainable_) return {};
  std::vector<Variable> out;
  for (const Variable& v : weights())
    if (v.trainable()) out.push_back(v);
  return out;
}

std::vector<Variable> Layer::non_trainable_weights() const {
  if (!trainable_) return weights();
  std::vector<Variable> out;
  for (const Variable& v : weights())
    if (!v.trainable()) out.push_back(v);
  return out;
}

std::vector<Variable> Layer::variables() const {
  return collect(true);
}

std::vector<Tensor> Layer::get_weights() const {
  std::vector<Tensor> out;
  for (const Variable& v : weights()) out.push_back(v.value().to(backend::host()).copy());
  return out;
}

void Layer::set_weights(const std::vector<Tensor>& values) {
  std::vector<Variable> w = weights();
  if (w.size() != values.size())
    throw ValueError(str("You called `set_weights(weights)` on layer '", name_,
                         "' with a weight list of length ", values.size(),
                         ", but the layer was expecting ", w.size(), " weights."));
  for (size_t i = 0; i < w.size(); ++i) {
    if (!values[i].is_concrete())
      throw ValueError(
          str("Layer ", name_, ": weight ", i, " (", w[i].name(), ") must be a concrete tensor"));
    if (values[i].shape() != w[i].shape())
      throw ValueError(str("Layer ", name_, " weight shape ", w[i].shape(),
                           " is not compatible with provided weight shape ", values[i].shape(),
                           "."));
  }
  for (size_t i = 0; i < w.size(); ++i) w[i].assign(values[i]);
}

int64_t Layer::count_params() const {
  if (!built_)
    throw ValueError(str("You tried to call `count_params` on layer '", name_,
                         "', but the layer isn't built. You can build it manually via: "
                         "`layer.build(input_shape)`."));
  int64_t total = 0;
  for (const Variable& v : weights()) total += v.shape().num_elements();
  return total;
}

const Layer::WeightRecord* Layer::record_of(const Variable& weight) const {
  for (const Layer* layer : flatten_layers())
    for (const WeightRecord& w : layer->weights_)
      if (w.variable == weight) return &w;
  return nullptr;
}

regularizers::RegularizerPtr Layer::regularizer_of(const Variable& weight) const {
  const WeightRecord* w = record_of(weight);
  return w ? w->regularizer : nullptr;
}

constraints::ConstraintPtr Layer::constraint_of(const Variable& weight) const {
  const WeightRecord* w = record_of(weight);
  return w ? w->constraint : nullptr;
}

std::vector<Layer*> Layer::flatten_layers(bool include_self) const {
  // Keras's _flatten_layers: a deque fed at the front with each layer's sublayers (so children
  // come out in reverse order, as in Keras).
  std::vector<Layer*> out;
  if (include_self) out.push_back(const_cast<Layer*>(this));
  std::set<const Layer*> seen;
  std::deque<Layer*> queue;
  for (const LayerPtr& l : sublayers_) queue.push_back(l.get());
  while (!queue.empty()) {
    Layer* layer = queue.front();
    queue.pop_front();
    if (!seen.insert(layer).second) continue;
    out.push_back(layer);
    for (const LayerPtr& l : layer->sublayers_) queue.push_front(l.get());
  }
  return out;
}

// --- Losses -----------------------------------------------------------------------------------

void Layer::add_loss(const Tensor& loss) {
  if (!loss.defined()) throw ValueError(str("Layer '", name_, "': add_loss() got an empty tensor"));
  if (tracing()) return;
  losses_.push_back(loss);
}

void Layer::clear_losses() {
  for (Layer* layer : flatten_layers()) {
    layer->losses_.clear();
    layer->updates_.clear();
  }
}

void Layer::add_update(const Tensor& handle) {
  // Eager updates have run already; a trace for shapes must not keep its stand-ins' updates.
  if (!handle.defined() || !handle.is_symbolic() || tracing()) return;
  updates_.push_back(handle);
}

std::vector<Tensor> Layer::call_updates() const {
  std::vector<Tensor> out;
  for (const Layer* layer : flatten_layers())
    out.insert(out.end(), layer->updates_.begin(), layer->updates_.end());
  return out;
}

std::vector<Tensor> Layer::call_losses() const {
  std::vector<Tensor> out;
  for (const Layer* layer : flatten_layers())
    out.insert(out.end(), layer->losses_.begin(), layer->losses_.end());
  return out;
}

std::vector<Tensor> Layer::regularization_losses(bool symbolic) const {
  std::vector<Tensor> out;
  for (const Variable& v : trainable_weights()) {
    regularizers::RegularizerPtr reg = regularizer_of(v);
    if (!reg) continue;
    out.push_back((*reg)(symbolic ? graph::variable_read(v.state_ptr()) : v.value()));
  }
  return out;
}

std::vector<Tensor> Layer::losses() const {
  std::vector<Tensor> out = call_losses();
  for (const Tensor& t : regularization_losses(/*symbolic=*/false)) out.push_back(t);
  return out;
}

// --- Config -----------------------------------------------------------------------------------

Json Layer::get_config() const {
  Json config = {{"name", name_}, {"trainable", trainable_}, {"dtype", dtype_policy_.to_json()}};
  if (activity_regularizer_)
    config["activity_regularizer"] = regularizers::serialize(*activity_regularizer_);
  return config;
}

Json Layer::get_build_config() const {
  if (!build_shapes_) return nullptr;
  return {{"input_shape", shapes_to_json(*build_shapes_)}};
}

void Layer::build_from_config(const Json& config) {
  if (!config.is_object()) return;
  if (config.contains("input_shape") && !config.at("input_shape").is_null()) {
    build(shapes_from_json(config.at("input_shape"), str("layer '", name_, "' build_config")));
  }
}

}  // namespace keras::layers
