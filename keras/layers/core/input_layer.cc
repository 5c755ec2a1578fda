#include "keras/layers/core/input_layer.h"

#include "keras/config/config.h"
#include "keras/core/detail/keras_args.h"
#include "keras/core/json.h"
#include "keras/layers/keras_tensor.h"

namespace keras::layers {

namespace {

struct InputLayerArgs {
  std::optional<Shape> batch_shape, shape;
  bool ragged = false;
  InputOptions options;
};

// keras/src/layers/core/input_layer.py's get_config (no trainable, dtype as a name); Keras 2's
// batch_input_shape and the constructor's shape and batch_size are read too.
args::ArgList input_layer_args(InputLayerArgs& a) {
  InputOptions& o = a.options;
  return {{"batch_shape", a.batch_shape, {"batch_input_shape"}},
          {"dtype", o.dtype},
          {"sparse", o.sparse},
          {"ragged", a.ragged},
          {"name", o.name},
          {"optional", o.optional},
          args::Arg("shape", a.shape, {"input_shape"}).read_only(),
          args::Arg("batch_size", o.batch_size).read_only()};
}

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
  InputLayerArgs a{
      .batch_shape = batch_shape_,
      .options = {.dtype = dtype(), .sparse = sparse_, .name = name(), .optional = optional_}};
  Json config = Json::object();
  args::write(input_layer_args(a), config);
  return config;
}

std::shared_ptr<InputLayerImpl> InputLayerImpl::from_config(const Json& config) {
  const std::string who = "InputLayer";
  InputLayerArgs a;
  args::read(input_layer_args(a), config, who);
  if (a.ragged)
    throw NotImplementedError(
        str("InputLayer '", a.options.name, "': ragged inputs are not supported by kerascpp"));
  if (a.batch_shape) {
    a.options.batch_shape = a.batch_shape;
    a.shape = Shape();
  } else if (!a.shape) {
    throw ValueError("You must pass a `shape` argument.");
  }
  return std::make_shared<InputLayerImpl>(*a.shape, a.options);
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
