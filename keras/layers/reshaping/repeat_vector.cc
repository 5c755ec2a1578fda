#include "keras/layers/reshaping/repeat_vector.h"

#include "keras/layers/detail/layer_config.h"
#include "keras/ops/math.h"
#include "keras/ops/shape.h"

namespace keras::layers {

namespace {

// Keras's message for an `n` that is not an integer.
struct CountForm {
  static Json write(const std::optional<int64_t>& n) { return *n; }
  static void read(const Json& value, std::optional<int64_t>& out, const args::Site&) {
    if (!value.is_number_integer())
      throw TypeError(str("Expected an integer value for `n`, got ", value.dump(), "."));
    out = value.get<int64_t>();
  }
};

struct RepeatVectorArgs {
  std::optional<int64_t> n;
  RepeatVectorOptions options;
};

args::ArgList repeat_vector_args(RepeatVectorArgs& a) {
  return {args::Arg::as<CountForm>("n", a.n)};
}

}  // namespace

RepeatVectorImpl::RepeatVectorImpl(int64_t n, const RepeatVectorOptions& options)
    : Layer("RepeatVector", options.layer_options()), n_(n), options_(options) {
  if (n <= 0) throw ValueError(str("Argument `n` should be a positive integer. Received: n=", n));
  set_input_spec({InputSpec{.ndim = 2}});
}

Tensors RepeatVectorImpl::call(const Tensors& inputs, const CallContext&) {
  // (batch, 1, features) broadcast against ones of shape (1, n, 1): exact for every value and
  // dtype, and the gradient sums the n copies. (A concatenation of n copies would do too, but the
  // graph gradient of a concat that repeats one computed input is wrong at present.)
  Tensor x = ops::expand_dims(inputs.single(str("RepeatVector '", name(), "'")), 1);
  if (n_ == 1) return x;
  return ops::multiply(x, Tensor::ones(Shape{1, n_, 1}, x.dtype()));
}

Shapes RepeatVectorImpl::compute_output_shape(const Shapes& input_shape) {
  const Shape& shape = input_shape.single(str("RepeatVector '", name(), "'"));
  if (shape.rank() != 2)
    throw ValueError(str("Input 0 of layer '", name(),
                         "' is incompatible with the layer: expected ndim=2, found ndim=",
                         shape.rank(), ". Full shape received: ", shape));
  return Shapes(Shape{shape[0], n_, shape[1]});
}

Json RepeatVectorImpl::get_config() const {
  RepeatVectorArgs a{n_, options_};
  return config_with(Layer::get_config(), repeat_vector_args(a));
}

std::shared_ptr<RepeatVectorImpl> RepeatVectorImpl::from_config(const Json& config) {
  RepeatVectorArgs a;
  read_config(a.options, config, repeat_vector_args(a), "RepeatVector");
  return std::make_shared<RepeatVectorImpl>(args::required(a.n, "RepeatVector", "n"), a.options);
}

}  // namespace keras::layers
