#include "keras/layers/regularization/spatial_dropout.h"

#include <algorithm>
#include <cctype>

#include "keras/config/config.h"
#include "keras/layers/detail/noise_args.h"

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

// The spatial dropouts' arguments as their configs hold them (no trainable; dtype by name).
template <class Options>
using SpatialArgs = detail::DropoutArgs<Options>;

template <class Options>
args::ArgList spatial_args(SpatialArgs<Options>& a) {
  args::ArgList list = {{"rate", a.rate, {"p"}},
                        {"seed", a.options.seed},
                        {"name", a.options.name},
                        {"dtype", a.options.dtype}};
  if constexpr (requires { a.options.data_format; })
    list.emplace_back("data_format", a.options.data_format);
  return list;
}

template <class Impl, class Options>
std::shared_ptr<Impl> spatial_from_config(const Json& config, const std::string& who) {
  SpatialArgs<Options> a;
  args::read(spatial_args(a), config, who);
  return std::make_shared<Impl>(args::required(a.rate, who, "rate"), a.options);
}

}  // namespace

BaseSpatialDropoutImpl::BaseSpatialDropoutImpl(std::string class_name, double rate,
                                               std::optional<int64_t> seed, const std::string& name,
                                               std::optional<DTypePolicy> dtype)
    : DropoutImpl(std::move(class_name), rate, {.seed = seed, .name = name, .dtype = dtype}) {}

Tensors BaseSpatialDropoutImpl::call(const Tensors& inputs, const CallContext& context) {
  const Tensor& x = inputs.single(str(class_name(), " '", name(), "'"));
  return context.training ? drop(x, spatial_noise_shape(x)) : x;
}

Json BaseSpatialDropoutImpl::get_config() const {
  SpatialArgs<SpatialDropout1DOptions> a{rate(),
                                         {.seed = seed(), .name = name(), .dtype = dtype()}};
  Json config = Json::object();
  args::write(spatial_args(a), config);
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
  return spatial_from_config<SpatialDropout1DImpl, SpatialDropout1DOptions>(config,
                                                                            "SpatialDropout1D");
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
  SpatialArgs<SpatialDropout2DOptions> a{
      rate(), {.data_format = data_format_, .seed = seed(), .name = name(), .dtype = dtype()}};
  Json config = Json::object();
  args::write(spatial_args(a), config);
  return config;
}

std::shared_ptr<SpatialDropout2DImpl> SpatialDropout2DImpl::from_config(const Json& config) {
  return spatial_from_config<SpatialDropout2DImpl, SpatialDropout2DOptions>(config,
                                                                            "SpatialDropout2D");
}

}  // namespace keras::layers
