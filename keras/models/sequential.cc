#include "keras/models/sequential.h"

#include "keras/core/detail/keras_args.h"
#include "keras/layers/core/input_layer.h"
#include "keras/layers/serialization.h"

namespace keras::models {

namespace {

std::shared_ptr<layers::InputLayerImpl> as_input_layer(const LayerPtr& layer) {
  return std::dynamic_pointer_cast<layers::InputLayerImpl>(layer);
}

}  // namespace

SequentialImpl::SequentialImpl(const std::vector<SequentialEntry>& entries,
                               const ModelOptions& options)
    : ModelImpl("Sequential", options) {
  for (const SequentialEntry& entry : entries) add(entry, /*rebuild=*/false);
  if (!layers_.empty()) maybe_rebuild();
}

void SequentialImpl::add(const SequentialEntry& entry, bool rebuild) {
  LayerPtr layer = entry.layer();
  if (!layer) {
    const Tensor& input = entry.input();
    if (!input.defined())
      throw ValueError(str("Sequential model '", name(), "': cannot add an empty layer"));
    const layers::KerasHistory& history = layers::keras_history(input, "Sequential.add");
    if (!as_input_layer(history.layer))
      throw ValueError(
          str("Only instances of `keras.Layer` can be added to a Sequential model "
              "'",
              name(), "'. Received a Keras tensor made by layer '", history.layer->name(),
              "' (only keras::Input tensors are accepted)"));
    layer = history.layer;
  }
  // Legacy: a first layer with input_shape gets an InputLayer of that shape.
  if (layers_.empty() && layer->input_shape_arg() && !as_input_layer(layer))
    add(SequentialEntry(
            LayerPtr(std::make_shared<layers::InputLayerImpl>(*layer->input_shape_arg()))),
        /*rebuild=*/false);
  for (const LayerPtr& existing : layers_)
    if (existing->name() == layer->name() && existing != layer)
      throw ValueError(
          str("All layers added to a Sequential model should have unique names. "
              "Name '",
              layer->name(),
              "' is already the name of a layer in this model. Update the `name` "
              "argument to pass a unique name."));
  if (as_input_layer(layer) && !layers_.empty() && as_input_layer(layers_.front()))
    throw ValueError(str("Sequential model '", name(),
                         "' has already been configured to use input shape ",
                         as_input_layer(layers_.front())->batch_shape(),
                         ". You cannot add a different Input layer to it."));
  if (as_input_layer(layer) && !layers_.empty())
    throw ValueError(str("Sequential model '", name(), "': an InputLayer ('", layer->name(),
                         "') can only be the first layer"));
  layers_.push_back(layer);
  retrack();
  if (rebuild)
    maybe_rebuild();
  else
    functional_.reset();
}

LayerPtr SequentialImpl::pop(bool rebuild) {
  if (layers().empty())
    throw ValueError(str("Sequential model '", name(), "' has no layers to pop"));
  LayerPtr layer = layers_.back();
  layers_.pop_back();
  functional_.reset();
  retrack();
  if (rebuild) maybe_rebuild();
  return layer;
}

void SequentialImpl::retrack() {
  set_tracked_layers(layers_);
}

void SequentialImpl::maybe_rebuild() {
  functional_.reset();
  if (layers_.size() > 1) {
    if (auto input = as_input_layer(layers_.front())) build(Shapes(input->batch_shape()));
  }
}

std::vector<LayerPtr> SequentialImpl::layers() const {
  if (!layers_.empty() && as_input_layer(layers_.front()))
    return std::vector<LayerPtr>(layers_.begin() + 1, layers_.end());
  return layers_;
}

DType SequentialImpl::input_dtype() const {
  if (!layers_.empty())
    if (auto input = as_input_layer(layers_.front())) return input->dtype();
  return Layer::input_dtype();
}

Tensors SequentialImpl::inputs() const {
  if (!functional_)
    throw ValueError(str("Sequential model '", name(), "' has no defined inputs yet."));
  return functional_->inputs();
}

Tensors SequentialImpl::outputs() const {
  if (!functional_)
    throw ValueError(str("Sequential model '", name(), "' has no defined outputs yet."));
  return functional_->outputs();
}

std::vector<std::string> SequentialImpl::output_names() const {
  if (!functional_)
    throw ValueError(str("Sequential model '", name(), "' has no defined outputs yet."));
  return functional_->output_names();
}

void SequentialImpl::build_state(const Shapes& input_shape) {
  if (!input_shape.is_single()) return;  // Keras builds only for a single input tensor
  const Shape& shape = input_shape[0];
  if (layers_.empty())
    throw ValueError(str("Sequential model ", name(),
                         " cannot be built because it has no layers. Call `model.add(layer)`."));
  if (auto input = as_input_layer(layers_.front())) {
    if (input->batch_shape() != shape)
      throw ValueError(str("Sequential model '", name(),
                           "' has already been configured to use input shape ",
                           input->batch_shape(), ". You cannot build it with input_shape ", shape));
  } else {
    layers::InputOptions options;
    options.batch_shape = shape;
    options.dtype = layers_.front()->dtype();
    layers_.insert(layers_.begin(), std::make_shared<layers::InputLayerImpl>(Shape{}, options));
    retrack();
  }
  Tensor inputs = as_input_layer(layers_.front())->output();
  Tensor x = inputs;
  for (size_t i = 1; i < layers_.size(); ++i) x = (*layers_[i])(x);
  functional_ = std::make_shared<FunctionalImpl>(Tensors(inputs), Tensors(x));
}

Tensors SequentialImpl::call(const Tensors& inputs, const layers::CallContext& context) {
  if (!functional_ && inputs.is_single() && !layers_.empty() && !as_input_layer(layers_.front()))
    build(Shapes(inputs[0].shape()));  // built on the first call, with that batch's shape
  if (layers().empty())
    throw ValueError(str("Sequential model '", name(), "' has no layers to call"));
  Tensors x = inputs;
  for (size_t i = 0; i < x.size() && i < context.mask.size(); ++i)
    if (context.mask[i].defined()) x.flat()[i] = x[i].with_keras_mask(context.mask[i]);
  if (functional_) return functional_->run(x, name());
  // Without a graph (inputs that are not one tensor): apply the layers in turn.
  for (const LayerPtr& layer : layers()) x = (*layer)(x);
  return x;
}

Json SequentialImpl::get_config() const {
  Json config = Layer::get_config();
  Json layer_configs = Json::array();
  for (const LayerPtr& layer : layers_) layer_configs.push_back(layers::serialize(*layer));
  config["layers"] = layer_configs;
  if (functional_)
    config["build_input_shape"] =
        args::ArgForm<Shape>::write(as_input_layer(layers_.front())->batch_shape());
  return config;
}

std::shared_ptr<SequentialImpl> SequentialImpl::from_config(const Json& given) {
  // Keras <= 2.1 wrote a Sequential's config as the bare list of its layers.
  const Json config = given.is_array() ? Json{{"name", ""}, {"layers", given}} : given;
  if (!config.is_object() || !config.contains("name") || !config.contains("layers"))
    throw ValueError(
        str("A Sequential model configuration must be a dictionary containing the "
            "'name' and 'layers' keys. Received: config=",
            config.dump()));
  ModelOptions options;
  args::read({{"name", options.name}, {"trainable", options.trainable}}, config, "Sequential");
  // Not Keras 3.15's from_config, which makes the model under the global policy: a
  // mixed_float16 model reloaded in a fresh process then compiles without its LossScaleOptimizer
  // and drops the saved optimizer state (measured). The config holds the model's policy.
  if (config.contains("dtype") && !config.at("dtype").is_null())
    options.dtype = DTypePolicy::from_json(config.at("dtype"), "Sequential config (dtype)");
  auto model = std::make_shared<SequentialImpl>(std::vector<SequentialEntry>{}, options);
  if (!config.at("layers").is_array())
    throw ValueError(
        str("Sequential config: 'layers' must be a list, got ", config.at("layers").dump()));
  for (const Json& layer_config : config.at("layers"))
    model->add(SequentialEntry(layers::deserialize(layer_config)));
  if (!model->functional_ && config.contains("build_input_shape") &&
      config.at("build_input_shape").is_array())
    model->build(Shapes(
        args::shape_from_json(config.at("build_input_shape"), "Sequential build_input_shape")));
  return model;
}

}  // namespace keras::models
