// keras::layers::Layer: the base of every layer and model, with Keras 3's life cycle
// (keras/src/layers/layer.py).
//
// A layer is called on tensors. Its first call builds it: build(input_shape) creates its
// weights through initializers, in the layer's dtype (floatx unless given). call() is written
// with keras::ops only, so one definition serves every backend and every kind of input:
//  - concrete tensors: the ops run at once (eager);
//  - symbolic tensors of the core graph: the ops are recorded (how programs for training and
//    prediction are traced);
//  - Keras tensors (the functional API, from keras::Input): the call is traced on placeholders to
//    learn the outputs' shapes and dtypes, and recorded as a CallNode of the layer graph that
//    Model(inputs, outputs) later walks (keras_tensor.h).
// Masks ride on tensors as Keras's `_keras_mask` does (Tensor::keras_mask): a layer receives the
// mask of its inputs, and sets the mask of its outputs through compute_mask() when it supports
// masking.
//
// Layers are shared objects: a layer called twice shares its weights, and the layer graph refers
// to the layers it was built from. Code holds them through handles (LayerHandle below): every
// built-in layer Foo has a class FooImpl (the layer) and a handle Foo, in libtorch's manner:
//
//   layers::Dense dense(64, {.activation = "relu"});   // a handle; dense-> reaches DenseImpl
//   Tensor y = dense(x);                               // calls the layer
//   auto kernel = dense->kernel();
//
// Writing a layer: derive from Layer, pass the Keras class name to the constructor, create
// weights in build_state() (Keras's build) with add_weight(), compute in call() with keras::ops,
// and register the class (serialization.h) if configs must read it back.
//
// Not thread-safe: one thread uses a layer at a time.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "keras/activations/activations.h"
#include "keras/constraints/constraints.h"
#include "keras/core/arg_form.h"
#include "keras/core/autocast_scope.h"
#include "keras/core/handle.h"
#include "keras/core/json_fwd.h"
#include "keras/core/nested.h"
#include "keras/core/random.h"
#include "keras/core/tensor.h"
#include "keras/core/variable.h"
#include "keras/dtype_policies/dtype_policy.h"
#include "keras/initializers/initializers.h"
#include "keras/regularizers/regularizers.h"

namespace keras::layers {

using Tensors = Nested<Tensor>;
using Shapes = Nested<Shape>;

class Layer;
using LayerPtr = std::shared_ptr<Layer>;
struct CallNode;

// The keyword arguments every Keras layer takes, declared once here. Each layer's options struct
// ends with them (KERAS_LAYER_OPTIONS), so designated initializers name the layer's own arguments
// first: {.units = 64, .activation = "relu", .name = "hidden"}.
#define KERAS_LAYER_BASE_FIELDS                                                             \
  std::string name; /* empty: an automatic Keras name (dense, dense_1, ...) */              \
  /* the dtype policy: a dtype ("float64") or "mixed_bfloat16"; unset: the global policy */ \
  std::optional<::keras::DTypePolicy> dtype;                                                \
  bool trainable = true;                                                                    \
  /* Keras's input_shape= (per sample): a Sequential that starts with this layer gets an */ \
  /* InputLayer of that shape. */                                                           \
  std::optional<::keras::Shape> input_shape;                                                \
  ::keras::regularizers::RegularizerArg activity_regularizer; /* penalty on the outputs */

struct LayerOptions {
  KERAS_LAYER_BASE_FIELDS
};

// The base fields from one options struct into another.
template <class From, class To>
void copy_layer_base(const From& from, To& to) {
  to.name = from.name;
  to.dtype = from.dtype;
  to.trainable = from.trainable;
  to.input_shape = from.input_shape;
  to.activity_regularizer = from.activity_regularizer;
}

#define KERAS_LAYER_OPTIONS                             \
  KERAS_LAYER_BASE_FIELDS                               \
  ::keras::layers::LayerOptions layer_options() const { \
    ::keras::layers::LayerOptions base;                 \
    ::keras::layers::copy_layer_base(*this, base);      \
    return base;                                        \
  }

// Arguments of a call besides the inputs (Keras's `training=` and `mask=`).
struct CallOptions {
  // Training or inference behaviour (Dropout, BatchNormalization). Unset: the enclosing layer's
  // call decides (a model passes its own down), else inference.
  std::optional<bool> training;
  // Masks with the inputs' structure; empty: the masks the inputs carry.
  Tensors mask;
};

// What call() receives besides the inputs.
struct CallContext {
  bool training = false;
  // The inputs' masks, one per flat input (undefined tensors where there is none).
  Tensors mask;
  // The mask of the only (or first) input, or an undefined tensor.
  Tensor first_mask() const { return mask.empty() ? Tensor() : mask[0]; }
};

// Keras's InputSpec: what a layer accepts as its inputs, checked before build (on the spec set
// at construction) and after it, with Keras's messages.
struct InputSpec {
  std::optional<DType> dtype;
  std::optional<Shape> shape;  // full shape with batch; unknown dimensions match anything
  std::optional<int> ndim, max_ndim, min_ndim;
  std::map<int, int64_t> axes;  // axis (may be negative) -> required size
  bool allow_last_axis_squeeze = false;
  std::string name;
};

// add_weight's arguments (Keras's keyword names).
struct WeightOptions {
  std::string name;
  Shape shape;
  // Unset: glorot_uniform for float weights, zeros for others.
  initializers::InitializerArg initializer;
  std::optional<DType> dtype;  // unset: the layer's variable dtype
  bool trainable = true;
  // Read cast to the compute dtype in a mixed-precision layer's call (Keras's autocast=).
  bool autocast = true;
  regularizers::RegularizerArg regularizer;
  constraints::ConstraintArg constraint;
};

// The initializer, regularizer and constraint that a layer's options give one of its weights
// (kernel, bias, gamma, embeddings, ...), resolved once when the layer is made. Unknown names
// throw then, as Keras's constructors do.
struct WeightArgs {
  WeightArgs() = default;
  explicit WeightArgs(const initializers::InitializerArg& initializer,
                      const regularizers::RegularizerArg& regularizer = {},
                      const constraints::ConstraintArg& constraint = {});
  // add_weight's arguments for a weight of this name and shape.
  WeightOptions weight(std::string name, Shape shape, bool trainable = true) const;

  std::shared_ptr<initializers::Initializer> initializer;
  regularizers::RegularizerPtr regularizer;
  constraints::ConstraintPtr constraint;
};

class Layer : public std::enable_shared_from_this<Layer> {
 public:
  // class_name: the Keras class name ("Dense"), used for the automatic name and in configs.
  explicit Layer(std::string class_name, const LayerOptions& options = {});
  virtual ~Layer();
  Layer(const Layer&) = delete;
  Layer& operator=(const Layer&) = delete;

  // --- Identity --------------------------------------------------------------------------------
  const std::string& name() const { return name_; }
  const std::string& class_name() const { return class_name_; }
  // Keras's dtype: the variable dtype of the layer's policy.
  DType dtype() const { return dtype_policy_.variable_dtype(); }
  const DTypePolicy& dtype_policy() const { return dtype_policy_; }
  DType variable_dtype() const { return dtype_policy_.variable_dtype(); }
  // The dtype of computations and outputs (Keras's compute_dtype): bfloat16 under
  // mixed_bfloat16, else the same as dtype().
  DType compute_dtype() const { return dtype_policy_.compute_dtype(); }
  bool trainable() const { return trainable_; }
  // Freezes or unfreezes the layer, its sublayers and their weights (Keras's trainable setter).
  virtual void set_trainable(bool trainable);
  bool built() const { return built_; }

  // --- Calling ---------------------------------------------------------------------------------
  // Calls the layer on one tensor; throws ValueError when it returns several (call the Tensors
  // form then).
  Tensor operator()(const Tensor& inputs, const CallOptions& options = {});
  // Calls the layer on a structure of tensors: one, a list (merge layers, multi-input models) or
  // a dict (models with named inputs).
  Tensors operator()(const Tensors& inputs, const CallOptions& options = {});

  // --- Life cycle --------------------------------------------------------------------------------
  // Builds the layer for inputs of these shapes (unknown dimensions are -1): runs build_state()
  // and remembers the shapes for get_build_config(), as Keras's build wrapper does. The first
  // call of the layer builds it this way.
  void build(const Shapes& input_shape);
  // Output shapes for these input shapes. The default traces call() on placeholders.
  virtual Shapes compute_output_shape(const Shapes& input_shape);
  // The masks of the outputs, given the inputs and their masks. The default passes the first
  // input's mask through when the layer supports masking.
  virtual Tensors compute_mask(const Tensors& inputs, const Tensors& previous_mask);
  bool supports_masking() const { return supports_masking_; }

  // --- State ------------------------------------------------------------------------------------
  // Keras's weights: this layer's own variables (trainable ones first, in creation order), then
  // each sublayer's weights; no duplicates.
  std::vector<Variable> weights() const;
  std::vector<Variable> trainable_weights() const;      // none when the layer is frozen
  std::vector<Variable> non_trainable_weights() const;  // all of them when frozen
  // The weights plus the states of random seed generators (Keras's variables).
  std::vector<Variable> variables() const;
  // This layer's own weights without its sublayers' (trainable ones first, in creation order):
  // what Keras's save_own_variables writes into the layer's `vars` group.
  std::vector<Variable> own_weights() const;
  // Copies of the weights' values, in weights() order.
  std::vector<Tensor> get_weights() const;
  // Assigns values in weights() order; ValueError naming the layer on a wrong count or shape.
  void set_weights(const std::vector<Tensor>& values);
  // The number of scalars in weights(); ValueError when the layer is not built.
  int64_t count_params() const;
  // The regularizer and constraint add_weight gave a weight (nullptr when none or not ours).
  regularizers::RegularizerPtr regularizer_of(const Variable& weight) const;
  constraints::ConstraintPtr constraint_of(const Variable& weight) const;
  // Sublayers registered with track(), in order (Keras's _layers).
  const std::vector<LayerPtr>& sublayers() const { return sublayers_; }
  // This layer (when include_self) and every sublayer below it, each once, breadth first as
  // Keras's _flatten_layers.
  std::vector<Layer*> flatten_layers(bool include_self = true) const;

  // --- Losses -----------------------------------------------------------------------------------
  // Adds a scalar to the loss (from call(): activity penalties, custom terms). Ignored while a
  // functional model is being built (shape tracing); cleared when the outermost call starts.
  void add_loss(const Tensor& loss);
  // Keras's layer.losses: the losses added in the last call by this layer and its sublayers,
  // then the penalties of every trainable weight that has a regularizer, computed now from the
  // weights' values.
  std::vector<Tensor> losses() const;
  // The first part alone: what add_loss() collected in the last call (symbolic when that call
  // was traced into a graph).
  std::vector<Tensor> call_losses() const;
  // The second part alone; `symbolic` reads the weights as graph nodes, for training programs.
  std::vector<Tensor> regularization_losses(bool symbolic) const;

  // --- State updates ----------------------------------------------------------------------------
  // Records a variable update made in call() (BatchNormalization's moving statistics): on
  // concrete tensors it has already run; on graph tensors it is the update's control handle,
  // which the program that runs this call must include (see call_updates()).
  void add_update(const Tensor& handle);
  // The control handles of the updates recorded in the last traced call of this layer and its
  // sublayers, in order.
  std::vector<Tensor> call_updates() const;

  // --- Config -----------------------------------------------------------------------------------
  // The constructor arguments with Keras's keys and order. The base gives name, trainable, dtype
  // (a DTypePolicy object) and activity_regularizer when set; layers append their own keys.
  virtual Json get_config() const;
  // {"input_shape": [null, 784]} (or {"shapes_dict": ...}) when build() ran on shapes; null
  // otherwise (layers built at construction).
  Json get_build_config() const;
  // Builds from what get_build_config() returned.
  virtual void build_from_config(const Json& config);

  // --- Functional API bookkeeping ---------------------------------------------------------------
  // The functional calls of this layer that a Keras tensor or a model still holds, in call order
  // (Keras's _inbound_nodes; keras_tensor.h says why the layer does not hold them itself).
  std::vector<std::shared_ptr<CallNode>> inbound_nodes() const;
  // Keras's layer.input and layer.output: the Keras tensors of the first of those calls, in
  // their structure; ValueError when there is none.
  Tensors input() const;
  Tensors output() const;
  const std::optional<Shape>& input_shape_arg() const { return input_shape_arg_; }
  const regularizers::RegularizerPtr& activity_regularizer() const { return activity_regularizer_; }
  // The shapes the layer was built with (empty when built at construction or not built).
  const std::optional<Shapes>& build_shapes() const { return build_shapes_; }

  // Internal: lists a functional call and numbers it (keras_tensor.cc, which defines these).
  void add_inbound_node(const std::shared_ptr<CallNode>& node);

 protected:
  // Computes the outputs. `inputs` has the structure the layer was called with; single-input
  // layers read `inputs.single()`, or convert: `const Tensor& x = inputs;`.
  virtual Tensors call(const Tensors& inputs, const CallContext& context) = 0;
  // What Keras's build(input_shape) does: creates the weights (add_weight) and builds the
  // sublayers for inputs of these shapes. The default creates nothing (and such layers write
  // no build_config, as in Keras).
  virtual void build_state(const Shapes& input_shape);

  // Creates a weight now (in build_state() or a constructor) and tracks it; the layer's name is
  // not part of the variable's name ("kernel", as Keras's variable.name). ValueError once the
  // layer is built (Keras locks a built layer's state).
  Variable add_weight(const WeightOptions& options);
  // Registers a sublayer: its weights, losses and trainable flag become part of this layer's.
  template <class H>
  H track(H layer) {
    track_layer(layer.ptr());
    return layer;
  }
  void track_layer(LayerPtr layer);
  // Replaces every tracked sublayer (containers whose layer list changes: Sequential).
  void set_tracked_layers(std::vector<LayerPtr> layers) { sublayers_ = std::move(layers); }
  // A seed generator whose state is one of this layer's variables (Dropout's noise).
  random::SeedGenerator add_seed_generator(std::optional<int64_t> seed);

  // One spec per flat input (nullopt: unchecked); empty: no checks.
  void set_input_spec(std::vector<std::optional<InputSpec>> specs) {
    input_spec_ = std::move(specs);
  }
  void set_supports_masking(bool value) { supports_masking_ = value; }
  // For layers without a build step: marks the layer built now, as Keras does for layers that
  // do not override build() (they write no build_config).
  void built_at_construction() { built_ = true; }
  // Keras's Layer.autocast: off, float inputs keep their dtype and the variables read in call()
  // are not cast to the compute dtype (layers that compute in float32 themselves:
  // LayerNormalization, Embedding).
  void set_autocast(bool value) { autocast_ = value; }
  // Keras's _convert_input_args: off for layers whose call() converts inputs itself (Functional
  // models, to each Input's dtype).
  void set_convert_input_args(bool value) { convert_input_args_ = value; }

 public:
  // The dtype float inputs are cast to before call() (Keras's input_dtype): the compute dtype;
  // a Sequential with an InputLayer uses that layer's dtype.
  virtual DType input_dtype() const { return compute_dtype(); }

 protected:
 private:
  struct WeightRecord {
    Variable variable;
    regularizers::RegularizerPtr regularizer;
    constraints::ConstraintPtr constraint;
    bool created_trainable;  // Keras tracks trainable and non-trainable variables apart
  };

  Tensors call_keras_tensors(const Tensors& inputs, const CallOptions& options);
  Tensors call_tensors(const Tensors& inputs, const CallOptions& options);
  void maybe_build(const Tensors& inputs);
  void check_input_compatibility(const Tensors& inputs) const;
  Tensors autocast(const Tensors& inputs) const;
  void open_autocast_scope(std::optional<AutocastScope>& scope) const;
  Tensors resolve_masks(const Tensors& inputs, const CallOptions& options) const;
  Tensors attach_output_masks(const Tensors& inputs, Tensors outputs, const Tensors& masks);
  void clear_losses();
  std::vector<Variable> collect(bool with_seed_states) const;
  const WeightRecord* record_of(const Variable& weight) const;

  std::string class_name_, name_;
  DTypePolicy dtype_policy_;
  bool trainable_ = true;
  bool built_ = false;
  bool supports_masking_ = false;
  bool autocast_ = true;
  bool convert_input_args_ = true;
  bool build_is_default_ = false;  // set by Layer::build_state: no build_config is written
  bool building_ = false;          // inside build_state(): weights may be added
  std::optional<Shape> input_shape_arg_;
  regularizers::RegularizerPtr activity_regularizer_;
  std::vector<WeightRecord> weights_;
  std::vector<random::SeedGenerator> seed_generators_;
  std::vector<LayerPtr> sublayers_;
  std::vector<std::optional<InputSpec>> input_spec_;
  std::optional<Shapes> build_shapes_;
  std::vector<Tensor> losses_;
  std::vector<Tensor> updates_;
  std::vector<std::weak_ptr<CallNode>> inbound_nodes_;  // not owned (keras_tensor.h)
  int inbound_calls_ = 0;                               // calls recorded, alive or not
};

// A shared handle to a layer of class Impl (keras/core/handle.h) that is also callable.
template <class Impl>
class LayerHandle : public Handle<Impl> {
 public:
  LayerHandle() = default;
  LayerHandle(std::shared_ptr<Impl> impl) : Handle<Impl>(std::move(impl)) {}  // NOLINT
  template <class Other>
  requires std::is_base_of_v<Impl, Other> LayerHandle(const LayerHandle<Other>& other)
      : Handle<Impl>(other.ptr()) {}  // NOLINT: upcast

  Tensor operator()(const Tensor& inputs, const CallOptions& options = {}) const {
    return this->checked()(inputs, options);
  }
  Tensors operator()(const Tensors& inputs, const CallOptions& options = {}) const {
    return this->checked()(inputs, options);
  }
};

// Any layer.
using AnyLayer = LayerHandle<Layer>;

// The handle of a layer made from its options alone: using ReLU = OptionsLayer<ReLUImpl,
// ReLUOptions>, so ReLU({.max_value = 6}) makes a new ReLUImpl.
template <class Impl, class Options>
using OptionsLayer = OptionsHandle<Impl, Options, LayerHandle<Impl>>;

// A handle to a new layer of a user-defined class: auto scale = layers::make<Scale>(2.0);
template <class Impl, class... Args>
LayerHandle<Impl> make(Args&&... args) {
  return LayerHandle<Impl>(std::make_shared<Impl>(std::forward<Args>(args)...));
}

// The training flag of the innermost layer call in progress on this thread (false outside).
bool in_training_call();

// The base arguments of a layer config (name, trainable, dtype as a name or a DTypePolicy,
// activity_regularizer), for from_config(); also Keras 2's batch_input_shape (and Keras 1's
// input_dim) on a model's first layer, as the input_shape a Sequential starts from.
LayerOptions layer_options_from_config(const Json& config, const std::string& who);
// The same, written into a layer's options struct (one that ends with KERAS_LAYER_OPTIONS).
template <class Options>
void read_layer_options(Options& options, const Json& config, const std::string& who) {
  copy_layer_base(layer_options_from_config(config, who), options);
}

}  // namespace keras::layers
