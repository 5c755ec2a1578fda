#include "keras/layers/regularization/spatial_dropout.h"

#include <algorithm>
#include <cctype>

#include "keras/config/config.h"
#include "keras/core/config_reading.h"
#include "keras/layers/regularization/noise_args.h"

namespace keras::layers {

namespace {

// Keras's backend.standardize_data_format.
std::string standardize_data_format(const std::optional<std::string>& data_format,
                                    const std::string& who) {
  if (!data_format) return config::image_data_format();
  std::string value = *data_format;
  std::transform(value.begin(), value.end(), value.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (value != "channels_first" && value != "channels_last")
    throw ValueError(str(who,
                         "The `data_format` argument must be one of {'channels_first', "
                         "'channels_last'}. Received: data_format=",
                         value));
  return value;
}

LayerOptions base_options(const std::string& name, std::optional<DType> dtype) {
  LayerOptions options;
  options.name = name;
  options.dtype = dtype;
  return options;
}

}  // namespace

BaseSpatialDropoutImpl::BaseSpatialDropoutImpl(std::string class_name, double rate,
                                               std::optional<int64_t> seed, const std::string& name,
                                               std::optional<DType> dtype)
    : DropoutImpl(std::move(class_name), rate, std::nullopt, seed, base_options(name, dtype)) {}

Tensors BaseSpatialDropoutImpl::call(const Tensors& inputs, const CallContext& context) {
  const Tensor& x = inputs.single(str(class_name(), " '", name(), "'"));
  return context.training ? drop(x, spatial_noise_shape(x)) : x;
}

Json BaseSpatialDropoutImpl::get_config() const {
  Json config;
  config["rate"] = rate();
  config["seed"] = detail::seed_json(seed());
  config["name"] = name();
  config["dtype"] = std::string(keras::name(dtype()));
  return config;
}

// --- SpatialDropout1D -----------------------------------------------------------------------

SpatialDropout1DImpl::SpatialDropout1DImpl(double rate, const SpatialDropout1DOptions& options)
    : BaseSpatialDropoutImpl("SpatialDropout1D", rate, options.seed, options.name, options.dtype) {
  set_input_spec({InputSpec{.ndim = 3}});
}

Shape SpatialDropout1DImpl::spatial_noise_shape(const Tensor& x) const {
  return Shape{x.shape()[0], 1, x.shape()[2]};
}

std::shared_ptr<SpatialDropout1DImpl> SpatialDropout1DImpl::from_config(const Json& config) {
  const std::string who = "SpatialDropout1D";
  LayerOptions base = layer_options_from_config(config, who);
  double rate = detail::required_number(config, "rate", who);
  return std::make_shared<SpatialDropout1DImpl>(
      rate, SpatialDropout1DOptions{.seed = config_reading::optional_integer(config, "seed", who),
                                    .name = base.name,
                                    .dtype = base.dtype});
}

// --- SpatialDropout2D -----------------------------------------------------------------------

SpatialDropout2DImpl::SpatialDropout2DImpl(double rate, const SpatialDropout2DOptions& options)
    : BaseSpatialDropoutImpl("SpatialDropout2D", rate, options.seed, options.name, options.dtype),
      data_format_(
          standardize_data_format(options.data_format, str("SpatialDropout2D '", name(), "': "))) {
  set_input_spec({InputSpec{.ndim = 4}});
}

Shape SpatialDropout2DImpl::spatial_noise_shape(const Tensor& x) const {
  const Shape& s = x.shape();
  if (data_format_ == "channels_first") return Shape{s[0], s[1], 1, 1};
  return Shape{s[0], 1, 1, s[3]};
}

Json SpatialDropout2DImpl::get_config() const {
  Json config = BaseSpatialDropoutImpl::get_config();
  config["data_format"] = data_format_;
  return config;
}

std::shared_ptr<SpatialDropout2DImpl> SpatialDropout2DImpl::from_config(const Json& config) {
  const std::string who = "SpatialDropout2D";
  LayerOptions base = layer_options_from_config(config, who);
  double rate = detail::required_number(config, "rate", who);
  return std::make_shared<SpatialDropout2DImpl>(
      rate, SpatialDropout2DOptions{
                .data_format = config_reading::optional_string(config, "data_format", who),
                .seed = config_reading::optional_integer(config, "seed", who),
                .name = base.name,
                .dtype = base.dtype});
}

}  // namespace keras::layers
