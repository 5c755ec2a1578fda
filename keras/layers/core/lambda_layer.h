// keras.layers.Lambda (keras/src/layers/core/lambda_layer.py): wraps a C++ function of one
// tensor, written with keras::ops, as a layer:
//
//   layers::Lambda square([](const Tensor& x) { return ops::square(x); });
//
// The output shape comes from tracing the function, or from output_shape (per sample, without
// the batch dimension) when given. Keras saves a Lambda by serializing Python bytecode; a C++
// function cannot be serialized, so get_config() and from_config() throw NotImplementedError:
// a model holding a Lambda cannot be saved as a config. Write a Layer subclass with its own
// get_config() for that.
#pragma once

#include <functional>
#include <optional>

#include "keras/layers/layer.h"

namespace keras::layers {

struct LambdaOptions {
  std::optional<Shape> output_shape;  // per sample; -1 for unknown dimensions
  KERAS_LAYER_OPTIONS
};

class LambdaImpl : public Layer {
 public:
  using Function = std::function<Tensor(const Tensor&)>;
  // function must not be empty (ValueError otherwise).
  explicit LambdaImpl(Function function, const LambdaOptions& options = {});

  const Function& function() const { return function_; }

  Shapes compute_output_shape(const Shapes& input_shape) override;
  // NotImplementedError: a C++ function has no serialized form.
  Json get_config() const override;
  static std::shared_ptr<LambdaImpl> from_config(const Json& config);

 protected:
  Tensors call(const Tensors& inputs, const CallContext& context) override;

 private:
  Function function_;
  std::optional<Shape> output_shape_;
};

class Lambda : public LayerHandle<LambdaImpl> {
 public:
  using LayerHandle::LayerHandle;
  explicit Lambda(LambdaImpl::Function function, const LambdaOptions& options = {})
      : LayerHandle(std::make_shared<LambdaImpl>(std::move(function), options)) {}
};

}  // namespace keras::layers
