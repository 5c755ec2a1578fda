#include "keras/layers/reshaping/flatten.h"

#include <algorithm>
#include <cctype>

#include "keras/config/config.h"
#include "keras/layers/detail/layer_config.h"
#include "keras/ops/shape.h"

namespace keras::layers {

namespace {

// Keras's standardize_data_format (keras/src/backend/config.py).
std::string standardize_data_format(const std::optional<std::string>& data_format) {
  if (!data_format) return config::image_data_format();
  std::string lower = *data_format;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower != "channels_first" && lower != "channels_last")
    throw ValueError(
        str("The `data_format` argument must be one of {'channels_first', 'channels_last'}. "
            "Received: data_format=",
            lower));
  return lower;
}

// The size of the flattened axis: 1 without non-batch axes, -1 when one of them is unknown.
int64_t flattened_size(const Shape& shape) {
  int64_t n = 1;
  for (int a = 1; a < shape.rank(); ++a) {
    if (shape[a] < 0) return Shape::kUnknown;
    n *= shape[a];
  }
  return n;
}

args::ArgList flatten_args(FlattenOptions& o) {
  return {{"data_format", o.data_format}};
}

}  // namespace

FlattenImpl::FlattenImpl(const FlattenOptions& options)
    : Layer("Flatten", options.layer_options()), options_(options) {
  options_.data_format = standardize_data_format(options.data_format);
  set_input_spec({InputSpec{.min_ndim = 1}});
}

Tensors FlattenImpl::call(const Tensors& inputs, const CallContext&) {
  Tensor x = inputs.single(str("Flatten '", name(), "'"));
  const Shape shape = x.shape();
  int rank = shape.rank();
  if ((*options_.data_format) == "channels_first" && rank > 1) {
    std::vector<int> perm{0};
    for (int a = 2; a < rank; ++a) perm.push_back(a);
    perm.push_back(1);
    x = ops::transpose(x, perm);
  }
  int64_t batch = shape[0], flat = flattened_size(shape);
  // reshape takes one unknown dimension: the batch when the rest is known, else the rest.
  if (batch >= 0) return ops::reshape(x, Shape{batch, -1});
  if (flat >= 0) return ops::reshape(x, Shape{-1, flat});
  throw ValueError(str("Flatten '", name(), "': cannot flatten inputs of shape ", shape,
                       ": the batch size and another dimension are both unknown"));
}

Shapes FlattenImpl::compute_output_shape(const Shapes& input_shape) {
  const Shape& shape = input_shape.single(str("Flatten '", name(), "'"));
  if (shape.rank() < 1)
    throw ValueError(str("Input 0 of layer '", name(),
                         "' is incompatible with the layer: expected min_ndim=1, found ndim=0. "
                         "Full shape received: ",
                         shape));
  return Shapes(Shape{shape[0], flattened_size(shape)});
}

Json FlattenImpl::get_config() const {
  return options_config(*this, options_, flatten_args);
}

std::shared_ptr<FlattenImpl> FlattenImpl::from_config(const Json& config) {
  return from_options_config<FlattenImpl>(config, flatten_args, "Flatten");
}

}  // namespace keras::layers
