#include "keras/layers/core/lambda_layer.h"

#include "keras/core/json.h"

namespace keras::layers {

LambdaImpl::LambdaImpl(Function function, const LambdaOptions& options)
    : Layer("Lambda", options.layer_options()),
      function_(std::move(function)),
      output_shape_(options.output_shape) {
  if (!function_) throw ValueError(str("Lambda '", name(), "': `function` must not be empty"));
}

Tensors LambdaImpl::call(const Tensors& inputs, const CallContext&) {
  Tensor out = function_(inputs.single(str("Lambda '", name(), "'")));
  if (!out.defined())
    throw ValueError(str("Lambda '", name(), "': the function returned an empty tensor"));
  return out;
}

Shapes LambdaImpl::compute_output_shape(const Shapes& input_shape) {
  if (!output_shape_) return Layer::compute_output_shape(input_shape);
  const Shape& shape = input_shape.single(str("Lambda '", name(), "'"));
  if (shape.rank() == 0)
    throw ValueError(str("Lambda '", name(),
                         "': output_shape is per sample, so the inputs need "
                         "a batch axis; got shape ",
                         shape));
  std::vector<int64_t> dims{shape[0]};
  dims.insert(dims.end(), output_shape_->begin(), output_shape_->end());
  return Shapes(Shape(dims));
}

Json LambdaImpl::get_config() const {
  throw NotImplementedError(
      str("Lambda '", name(),
          "': get_config() cannot serialize the layer's function: a C++ function has no "
          "serialized form (Keras stores Python bytecode). To save a model with this "
          "computation, write a Layer subclass with its own get_config() and register it"));
}

std::shared_ptr<LambdaImpl> LambdaImpl::from_config(const Json& config) {
  std::string name = config.is_object() && config.contains("name") && config.at("name").is_string()
                         ? str(" '", config.at("name").get<std::string>(), "'")
                         : std::string();
  throw NotImplementedError(
      str("Lambda", name,
          ": cannot be created from a config: its `function` would be Python code (a lambda's "
          "bytecode or a function's name), which kerascpp cannot run. Rebuild the layer in C++ "
          "with layers::Lambda(function), or replace it with a registered Layer subclass"));
}

}  // namespace keras::layers
