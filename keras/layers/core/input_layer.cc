#include "keras/layers/core/input_layer.h"

#include "keras/config/config.h"
#include "keras/core/config_reading.h"
#include "keras/layers/keras_tensor.h"

namespace keras::layers {

namespace {

LayerOptions base_options(const InputOptions& options) {
  LayerOptions base;
  base.name = options.name;
  base.dtype = options.dtype;
  return base;
}

}  // namespace

InputLayerImpl::InputLayerImpl(Shape shape, const InputOptions& options)
    : Layer("InputLayer", base_options(options)),
      sparse_(options.sparse),
      optional_(options.optional) {
  if (shape.rank() > 0 && options.batch_shape)
    throw ValueError("You cannot pass both `shape` and `batch_shape` at the same time.");
  if (options.batch_size && options.batch_shape)
    throw ValueError("You cannot pass both `batch_size` and `batch_shape` at the same time.");
  if (options.batch_shape) {
    batch_shape_ = *options.batch_shape;
  } else {
    std::vector<int64_t> dims{options.batch_size.value_or(Shape::kUnknown)};
    dims.insert(dims.end(), shape.begin(), shape.end());
    batch_shape_ = Shape(dims);
  }
  for (int64_t d : batch_shape_)
    if (d < Shape::kUnknown)
      throw ValueError(str("InputLayer '", name(), "': invalid shape ", batch_shape_,
                           "; dimensions are sizes or -1 (None)"));
  built_at_construction();
}

Tensor InputLayerImpl::output() {
  if (!node_) node_ = record_input(*this, {dtype(), batch_shape_}, name());
  return node_->output(0);
}

Json InputLayerImpl::get_config() const {
  return {{"batch_shape", config_reading::shape_to_json(batch_shape_)},
          {"dtype", std::string(keras::name(dtype()))},
          {"sparse", sparse_},
          {"ragged", false},
          {"name", name()},
          {"optional", optional_}};
}

std::shared_ptr<InputLayerImpl> InputLayerImpl::from_config(const Json& config) {
  const std::string who = "InputLayer";
  if (!config.is_object())
    throw TypeError(str(who, ": a layer config must be a JSON object, got ", config.dump()));
  InputOptions options;
  options.name = config_reading::string(config, "name", "", who);
  options.dtype = config_reading::dtype(config, "dtype", who);
  options.sparse = config_reading::boolean(config, "sparse", false, who);
  options.optional = config_reading::boolean(config, "optional", false, who);
  if (config_reading::boolean(config, "ragged", false, who))
    throw NotImplementedError(
        str("InputLayer '", options.name, "': ragged inputs are not supported by kerascpp"));
  options.batch_size = config_reading::optional_integer(config, "batch_size", who);
  Shape shape;
  bool has_shape = false;
  for (const char* key : {"batch_shape", "batch_input_shape"})
    if (config.contains(key) && !config.at(key).is_null())
      options.batch_shape = config_reading::shape_from_json(config.at(key), who + " " + key);
  for (const char* key : {"shape", "input_shape"})
    if (!options.batch_shape && config.contains(key) && !config.at(key).is_null()) {
      shape = config_reading::shape_from_json(config.at(key), who + " " + key);
      has_shape = true;
    }
  if (!options.batch_shape && !has_shape) throw ValueError("You must pass a `shape` argument.");
  return std::make_shared<InputLayerImpl>(shape, options);
}

Tensors InputLayerImpl::call(const Tensors&, const CallContext&) {
  throw ValueError(
      str("InputLayer '", name(), "' cannot be called: use its output (keras::Input returns it)"));
}

Tensor Input(Shape shape, const InputOptions& options) {
  InputLayer layer(std::move(shape), options);
  return layer->output();
}

}  // namespace keras::layers
