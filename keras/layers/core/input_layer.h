// keras.Input and keras.layers.InputLayer (keras/src/layers/core/input_layer.py): where a
// functional model starts. Input(shape) returns a Keras tensor of shape (None, *shape); calling
// layers on it builds the layer graph that Model(inputs, outputs) turns into a model.
//
//   Tensor x = keras::Input({784});                     // (None, 784), floatx
//   Tensor ids = keras::Input({-1}, {.dtype = DType::int32, .name = "tokens"});  // (None, None)
//
// Unknown dimensions (Keras's None) are -1.
#pragma once

#include <optional>

#include "keras/layers/layer.h"

namespace keras::layers {

struct InputOptions {
  std::optional<int64_t> batch_size;  // a fixed batch dimension (unknown by default)
  std::optional<DType> dtype;         // floatx by default
  bool sparse = false;                // accepted for configs; kerascpp tensors are dense
  // The full shape with the batch dimension, instead of shape (which must then be {}).
  std::optional<Shape> batch_shape;
  std::string name;  // empty: input_layer, input_layer_1, ...
  bool optional = false;
};

class InputLayerImpl : public Layer {
 public:
  // `shape` is per sample; with options.batch_shape it must be empty ({}).
  InputLayerImpl(Shape shape, const InputOptions& options = {});

  const Shape& batch_shape() const { return batch_shape_; }
  bool sparse() const { return sparse_; }
  bool optional() const { return optional_; }
  // The Keras tensor this layer stands for (its node is made on first use; the tensor is the
  // same one while anything holds it, keras_tensor.h).
  Tensor output();

  // {"batch_shape", "dtype", "sparse", "ragged", "name", "optional"}: InputLayer writes its own
  // config, without trainable and without a dtype policy.
  Json get_config() const override;
  // Also reads Keras 2's batch_input_shape and input_shape keys.
  static std::shared_ptr<InputLayerImpl> from_config(const Json& config);

 protected:
  Tensors call(const Tensors& inputs, const CallContext& context) override;

 private:
  Shape batch_shape_;
  bool sparse_, optional_;
  // Its one call, owned: the node has no inputs, so owning it closes no cycle. Its output
  // tensor owns this layer, and is therefore not owned here.
  std::shared_ptr<CallNode> node_;
};

class InputLayer : public LayerHandle<InputLayerImpl> {
 public:
  using LayerHandle::LayerHandle;
  explicit InputLayer(Shape shape, const InputOptions& options = {})
      : LayerHandle(std::make_shared<InputLayerImpl>(std::move(shape), options)) {}
};

// A Keras tensor of shape (batch_size, *shape) from a new InputLayer (or of
// options.batch_shape: Input({}, {.batch_shape = Shape{32, 10}})).
Tensor Input(Shape shape, const InputOptions& options = {});

}  // namespace keras::layers

namespace keras {
using layers::Input;
}  // namespace keras
