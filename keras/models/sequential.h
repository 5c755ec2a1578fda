// keras.Sequential (keras/src/models/sequential.py): a linear stack of single-input layers.
//
//   keras::Sequential model({keras::Input({784}),
//                            layers::Dense(512, {.activation = "relu"}),
//                            layers::Dense(10, {.activation = "softmax"})});
//   model.add(layers::Dropout(0.2));
//
// With a known input (a leading Input, or a first layer with input_shape) the model is built as
// layers are added: a functional graph runs it. Without one it is built on its first call, with
// the shape of that first batch (as Keras does), or by build(input_shape).
#pragma once

#include <variant>
#include <vector>

#include "keras/models/functional.h"

namespace keras::models {

// An entry of Sequential's layer list: a layer, or the Keras tensor of keras::Input.
class SequentialEntry {
 public:
  SequentialEntry(const Tensor& input) : input_(input) {}  // NOLINT
  template <class Impl>
  SequentialEntry(const layers::LayerHandle<Impl>& layer) : layer_(layer.ptr()) {}  // NOLINT
  SequentialEntry(LayerPtr layer) : layer_(std::move(layer)) {}                     // NOLINT
  const Tensor& input() const { return input_; }
  const LayerPtr& layer() const { return layer_; }

 private:
  Tensor input_;
  LayerPtr layer_;
};

class SequentialImpl : public ModelImpl {
 public:
  explicit SequentialImpl(const std::vector<SequentialEntry>& layers = {},
                          const ModelOptions& options = {});

  // Appends a layer, or the InputLayer behind a keras::Input tensor, and rebuilds when the input
  // shape is known. ValueError for a duplicate layer name or a second InputLayer.
  void add(const SequentialEntry& entry, bool rebuild = true);
  // Removes and returns the last layer; ValueError when there is none.
  LayerPtr pop(bool rebuild = true);

  std::vector<LayerPtr> layers() const override;  // without the InputLayer
  Tensors inputs() const override;
  DType input_dtype() const override;
  Tensors outputs() const override;
  std::vector<std::string> output_names() const override;
  // The functional graph behind a built model (nullptr before).
  const std::shared_ptr<FunctionalImpl>& functional() const { return functional_; }
  // Every layer, the InputLayer first when there is one (Keras's _layers).
  const std::vector<LayerPtr>& all_layers() const { return layers_; }

  // {"name", "trainable", "dtype", "layers": [...], "build_input_shape"} as Keras writes it.
  Json get_config() const override;
  static std::shared_ptr<SequentialImpl> from_config(const Json& config);

 protected:
  Tensors call(const Tensors& inputs, const layers::CallContext& context) override;
  // For inputs of this shape (batch dimension included, -1 for unknown): adds an InputLayer when
  // there is none and runs the layers on its tensor.
  void build_state(const Shapes& input_shape) override;

 private:
  void maybe_rebuild();
  void retrack();

  std::vector<LayerPtr> layers_;
  std::shared_ptr<FunctionalImpl> functional_;
};

class Sequential : public ModelHandle<SequentialImpl> {
 public:
  using ModelHandle::ModelHandle;
  Sequential() : Sequential(std::vector<SequentialEntry>{}) {}
  explicit Sequential(const std::vector<SequentialEntry>& layers, const ModelOptions& options = {})
      : ModelHandle(std::make_shared<SequentialImpl>(layers, options)) {}
  Sequential(std::initializer_list<SequentialEntry> layers, const ModelOptions& options = {})
      : Sequential(std::vector<SequentialEntry>(layers), options) {}

  void add(const SequentialEntry& entry, bool rebuild = true) const {
    (*this)->add(entry, rebuild);
  }
  LayerPtr pop(bool rebuild = true) const { return (*this)->pop(rebuild); }
};

}  // namespace keras::models

namespace keras {
using models::Sequential;
}  // namespace keras
