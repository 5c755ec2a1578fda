#include "keras/layers/core/dense.h"

#include "keras/layers/detail/layer_config.h"
#include "keras/ops/fused_activation.h"
#include "keras/ops/linalg.h"
#include "keras/ops/math.h"

namespace keras::layers {

namespace {

struct DenseArgs {
  int64_t units = 0;
  DenseOptions options;
};

// keras/src/layers/core/dense.py's get_config order; Keras 1's spellings read too.
args::ArgList dense_args(DenseArgs& a) {
  DenseOptions& o = a.options;
  return {{"units", a.units, {"output_dim"}},
          {"activation", o.activation},
          {"use_bias", o.use_bias, {"bias"}},
          {"kernel_initializer", o.kernel_initializer, {"init"}},
          {"bias_initializer", o.bias_initializer},
          {"kernel_regularizer", o.kernel_regularizer, {"W_regularizer"}},
          {"bias_regularizer", o.bias_regularizer, {"b_regularizer"}},
          {"kernel_constraint", o.kernel_constraint, {"W_constraint"}},
          {"bias_constraint", o.bias_constraint, {"b_constraint"}},
          args::Arg::fixed("quantization_config", nullptr)};
}

}  // namespace

DenseImpl::DenseImpl(int64_t units, const DenseOptions& options)
    : Layer("Dense", options.layer_options()),
      units_(units),
      options_(options),
      kernel_args_(options.kernel_initializer, options.kernel_regularizer,
                   options.kernel_constraint),
      bias_args_(options.bias_initializer, options.bias_regularizer, options.bias_constraint) {
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
  kernel_ = add_weight(kernel_args_.weight("kernel", Shape{input_dim, units_}));
  if (options_.use_bias) bias_ = add_weight(bias_args_.weight("bias", Shape{units_}));
  set_input_spec({InputSpec{.min_ndim = 2, .axes = {{-1, input_dim}}}});
}

Tensors DenseImpl::call(const Tensors& inputs, const CallContext&) {
  const Tensor& x = inputs.single(str("Dense '", name(), "'"));
  const activations::ActivationArg& activation = options_.activation;
  std::string act = activation.name();
  bool fused = activation.is_builtin() && ops::fused_activation(act).has_value();
  Tensor bias = options_.use_bias ? Tensor(bias_) : Tensor();
  Tensor y = ops::dense(x, kernel_, bias, fused ? act : "linear");
  return fused ? y : activation.function()(y);
}

Shapes DenseImpl::compute_output_shape(const Shapes& input_shape) {
  std::vector<int64_t> dims = input_shape.single(str("Dense '", name(), "'")).dims();
  if (dims.empty()) throw ValueError(str("Dense '", name(), "': inputs must have rank >= 2"));
  dims.back() = units_;
  return Shapes(Shape(dims));
}

Json DenseImpl::get_config() const {
  DenseArgs a{units_, options_};
  return config_with(Layer::get_config(), dense_args(a));
}

std::shared_ptr<DenseImpl> DenseImpl::from_config(const Json& config) {
  DenseArgs a;
  read_config(a.options, config, dense_args(a), "Dense");
  return std::make_shared<DenseImpl>(a.units, a.options);
}

}  // namespace keras::layers
