#include "keras/ops/random.h"

#include "keras/backend/backend.h"
#include "keras/config/config.h"
#include "keras/ops/op_attrs.h"
#include "keras/ops/op_def.h"
#include "keras/ops/shape.h"

namespace keras::random {

namespace {

DType dtype_or_floatx(const std::optional<DType>& dtype) {
  return dtype ? *dtype : config::floatx_dtype();
}

void check_defined(const Shape& shape, const char* function) {
  for (int64_t d : shape)
    if (d < 0)
      throw ValueError(str("keras::random::", function, ": shape ", shape,
                           " must be fully defined; use ", function,
                           "_like(tensor) for shapes with an unknown (batch) dimension"));
}

// The device a state for `like` must live on: the tensor's when concrete.
backend::Backend* device_of(const Tensor& like) {
  return like.is_concrete() ? &like.backend() : nullptr;
}

// `attrs`: the op's RandomUniformAttrs or RandomNormalAttrs, its dtype and shape filled here.
template <class A>
Tensor draw(const char* op, const Tensor* like, const Shape& shape, A attrs, const Seed& seed,
            DType dtype) {
  attrs.dtype = dtype;
  if (like) {
    if (!like->defined())
      throw ValueError(str("keras::random: `like` is an empty tensor (", op, ")"));
    return ops::call1(op, {seed.state(device_of(*like)), *like}, std::move(attrs));
  }
  attrs.shape = shape.dims();
  return ops::call1(op, {seed.state()}, std::move(attrs));
}

ops::RandomUniformAttrs uniform_attrs(const UniformOptions& o) {
  return {.minval = o.minval, .maxval = o.maxval};
}
ops::RandomNormalAttrs normal_attrs(const NormalOptions& o) {
  return {.mean = o.mean, .stddev = o.stddev};
}

}  // namespace

Tensor Seed::state(backend::Backend* device) const {
  if (generator_) return generator_->state().value();
  if (seed_) {
    Tensor fresh = Tensor::from_vector<int64_t>({*seed_, 0});
    return fresh.to(device ? *device : backend::current());
  }
  return global_seed_generator().state().value();
}

Tensor uniform(const Shape& shape, const UniformOptions& options) {
  check_defined(shape, "uniform");
  return draw("random_uniform", nullptr, shape, uniform_attrs(options), options.seed,
              dtype_or_floatx(options.dtype));
}

Tensor normal(const Shape& shape, const NormalOptions& options) {
  check_defined(shape, "normal");
  return draw("random_normal", nullptr, shape, normal_attrs(options), options.seed,
              dtype_or_floatx(options.dtype));
}

Tensor truncated_normal(const Shape& shape, const NormalOptions& options) {
  check_defined(shape, "truncated_normal");
  return draw("truncated_normal", nullptr, shape, normal_attrs(options), options.seed,
              dtype_or_floatx(options.dtype));
}

Tensor uniform_like(const Tensor& like, const UniformOptions& options) {
  return draw("random_uniform", &like, {}, uniform_attrs(options), options.seed,
              dtype_or_floatx(options.dtype));
}

Tensor normal_like(const Tensor& like, const NormalOptions& options) {
  return draw("random_normal", &like, {}, normal_attrs(options), options.seed,
              dtype_or_floatx(options.dtype));
}

Tensor truncated_normal_like(const Tensor& like, const NormalOptions& options) {
  return draw("truncated_normal", &like, {}, normal_attrs(options), options.seed,
              dtype_or_floatx(options.dtype));
}

Tensor dropout(const Tensor& inputs, double rate, const DropoutOptions& options) {
  if (!inputs.defined()) throw ValueError("keras::random::dropout: the input is an empty tensor");
  if (!(rate >= 0.0 && rate < 1.0))
    throw ValueError(str("keras::random::dropout: rate must be in [0, 1), got ", rate));
  const Shape& shape = inputs.shape();
  if (options.noise_shape) {
    const Shape& requested = *options.noise_shape;
    if (requested.rank() != shape.rank())
      throw ValueError(str("keras::random::dropout: noise_shape ", requested,
                           " must have the input's rank ", shape.rank(), " (input shape ", shape,
                           ")"));
    std::vector<int64_t> noise(requested.dims());
    // The mask is drawn on a `like` tensor of the noise shape: a size-1 slice of the input on
    // the broadcast axes, the whole axis elsewhere, so unknown (batch) sizes need no value.
    std::vector<int64_t> begin(static_cast<size_t>(shape.rank()), 0), size(begin.size(), -1);
    for (int i = 0; i < shape.rank(); ++i) {
      auto a = static_cast<size_t>(i);
      if (noise[a] == -1) noise[a] = shape[i];
      int64_t d = noise[a];
      if (d != 1 && shape[i] >= 0 && d != shape[i])
        throw ValueError(str("keras::random::dropout: noise_shape ", requested,
                             " does not broadcast to the input shape ", shape));
      if (d == 1 && shape[i] != 1) size[a] = 1;
    }
    Shape resolved(noise);
    if (resolved != shape) {
      // A broadcast mask: keep = u >= rate on the noise shape, as the fused op decides.
      Tensor u =
          ops::call1("random_uniform",
                     {options.seed.state(device_of(inputs)), ops::slice(inputs, begin, size)},
                     ops::RandomUniformAttrs{.dtype = DType::float32});
      Tensor keep =
          ops::call1("greater_equal", {u, Tensor::scalar<float>(static_cast<float>(rate))});
      Tensor scaled =
          ops::call1("mul", {ops::call1("cast", {keep}, ops::CastAttrs{.dtype = inputs.dtype()}),
                             Tensor::scalar<double>(1.0 / (1.0 - rate)).astype(inputs.dtype())});
      return ops::call1("mul", {inputs, scaled});
    }
  }
  // The op advances the state in place, so it must run where the state lives: a host input (a
  // cpu tensor under the torch backend) moves there.
  Tensor state = options.seed.state(device_of(inputs));
  Tensor x = inputs;
  if (x.is_concrete() && state.is_concrete() && &x.backend() != &state.backend() &&
      x.backend().is_host())
    x = x.to(state.backend());
  return ops::call("dropout", {x, state}, ops::DropoutAttrs{.rate = rate})[0];
}

}  // namespace keras::random
