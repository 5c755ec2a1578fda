#include "keras/layers/core/dense.h"

#include "keras/core/config_reading.h"
#include "keras/ops/fused_activation.h"
#include "keras/ops/linalg.h"
#include "keras/ops/math.h"

namespace keras::layers {

DenseImpl::DenseImpl(int64_t units, const DenseOptions& options)
    : Layer("Dense", options.layer_options()),
      units_(units),
      activation_(options.activation),
      use_bias_(options.use_bias),
      kernel_and_bias_(detail::KernelAndBias::from_options(options)) {
  if (units <= 0)
    throw ValueError(
        str("Received an invalid value for `units`, expected a positive integer. "
            "Received: units=",
            units));
  set_input_spec({InputSpec{.min_ndim = 2}});
  set_supports_masking(true);
}

const Variable& DenseImpl::kernel() const {
  if (!kernel_.defined())
    throw ValueError(
        str("Layer '", name(), "': you must build the layer before accessing `kernel`"));
  return kernel_;
}

void DenseImpl::build_state(const Shapes& input_shape) {
  const Shape& shape = input_shape.single(str("Dense '", name(), "'"));
  if (shape.rank() < 2)
    throw ValueError(str("Input 0 of layer '", name(),
                         "' is incompatible with the layer: "
                         "expected min_ndim=2, found ndim=",
                         shape.rank(), ". Full shape received: ", shape));
  int64_t input_dim = shape.dim(-1);
  if (input_dim < 0)
    throw ValueError(str("Layer '", name(),
                         "': the last dimension of the inputs must be known, "
                         "got shape ",
                         shape));
  kernel_ = add_weight(kernel_and_bias_.kernel(Shape{input_dim, units_}));
  if (use_bias_) bias_ = add_weight(kernel_and_bias_.bias(Shape{units_}));
  set_input_spec({InputSpec{.min_ndim = 2, .axes = {{-1, input_dim}}}});
}

Tensors DenseImpl::call(const Tensors& inputs, const CallContext&) {
  const Tensor& x = inputs.single(str("Dense '", name(), "'"));
  std::string act = activation_.name();
  bool fused = activation_.is_builtin() && ops::fused_activation(act).has_value();
  Tensor bias = use_bias_ ? Tensor(bias_) : Tensor();
  Tensor y = ops::dense(x, kernel_, bias, fused ? act : "linear");
  return fused ? y : activation_.function()(y);
}

Shapes DenseImpl::compute_output_shape(const Shapes& input_shape) {
  std::vector<int64_t> dims = input_shape.single(str("Dense '", name(), "'")).dims();
  if (dims.empty()) throw ValueError(str("Dense '", name(), "': inputs must have rank >= 2"));
  dims.back() = units_;
  return Shapes(Shape(dims));
}

Json DenseImpl::get_config() const {
  Json config = Layer::get_config();
  config["units"] = units_;
  config["activation"] = activation_.name();
  config["use_bias"] = use_bias_;
  kernel_and_bias_.write_initializers_and_regularizers(config);
  kernel_and_bias_.write_constraints(config);
  config["quantization_config"] = nullptr;
  return config;
}

std::shared_ptr<DenseImpl> DenseImpl::from_config(const Json& config) {
  const std::string who = "Dense";
  DenseOptions options;
  read_layer_options(options, config, who);
  if (!config.contains("units") || !config.at("units").is_number_integer())
    throw ValueError(str("Dense config: 'units' must be an integer, got ",
                         config.contains("units") ? config.at("units").dump() : "nothing"));
  read_arg(config, "activation", options.activation);
  options.use_bias = config_reading::boolean(config, "use_bias", true, who);
  detail::read_kernel_and_bias_args(config, options);
  return std::make_shared<DenseImpl>(config.at("units").get<int64_t>(), options);
}

}  // namespace keras::layers
