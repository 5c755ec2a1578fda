// keras.Model: a layer that organises layers (keras/src/models/model.py). Three kinds, as in
// Keras:
//  - functional: Model(inputs, outputs) over the layer graph that calling layers on
//    keras::Input tensors built (functional.h);
//  - Sequential: a stack of single-input layers built by add() (sequential.h);
//  - subclassed: a C++ class derived from ModelImpl whose call() runs its tracked layers.
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

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "keras/layers/layer.h"

namespace keras::models {

using layers::AnyLayer;
using layers::LayerPtr;
using layers::Shapes;
using layers::Tensors;

struct ModelOptions {
  std::string name;  // empty: functional, sequential, or the subclass's name, made unique
  bool trainable = true;
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

  // The optimizer's variables once it is built (summary() counts them, as Keras does); none
  // before training.
  virtual std::vector<Variable> optimizer_variables() const { return {}; }
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
  Json get_config() const { return (*this)->get_config(); }
  std::vector<Tensor> losses() const { return (*this)->losses(); }
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
