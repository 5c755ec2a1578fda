#include "keras/ops/math.h"

#include <cmath>
#include <string>

#include "keras/config/config.h"
#include "keras/ops/op_attrs.h"
#include "keras/ops/op_def.h"

namespace keras::ops {

namespace {

void check_defined(const Tensor& x, const char* function) {
  if (!x.defined())
    throw ValueError(
        str("keras::ops::", function, ": the input tensor is empty (default-constructed)"));
}

bool is_half(DType d) {
  return d == DType::float16 || d == DType::bfloat16;
}
bool is_int_like(DType d) {
  return is_integer(d) || d == DType::bool_;
}

int int_rank(DType d) {
  switch (d) {
    case DType::bool_:
      return 0;
    case DType::uint8:
      return 1;
    case DType::int32:
      return 2;
    default:
      return 3;  // int64
  }
}

// Keras 3's result dtype of two tensors (see math.h).
DType promote(DType a, DType b) {
  if (a == b) return a;
  bool fa = is_floating(a), fb = is_floating(b);
  if (fa && fb) {
    if (a == DType::float64 || b == DType::float64) return DType::float64;
    return DType::float32;  // float32 with a half type, or float16 with bfloat16
  }
  if (fa) return a;
  if (fb) return b;
  return int_rank(a) >= int_rank(b) ? a : b;
}

// floatx, computed in float32 when it is a storage-only half type.
DType floatx() {
  return config::floatx_dtype();
}

// The dtype a weakly typed double takes next to a tensor of dtype `t`.
DType scalar_dtype(DType t, double value) {
  bool integral = std::isfinite(value) && std::trunc(value) == value;
  if (!is_int_like(t)) return t;
  if (!integral) return floatx();
  return t == DType::bool_ ? DType::int32 : t;
}

Tensor scalar(double value, DType dtype) {
  return Tensor::full(Shape{}, value, dtype);
}

// The dtype whose kernels compute for values of dtype d (ops with integer kernels).
DType arithmetic_dtype(DType d) {
  if (is_half(d)) return DType::float32;
  if (d == DType::uint8 || d == DType::bool_) return DType::int32;
  return d;
}

enum class Kind { arithmetic, divide, power, compare };

Tensor binary(const char* op, Kind kind, const Tensor& x1, const Tensor& x2, const char* function) {
  check_defined(x1, function);
  check_defined(x2, function);
  DType d = promote(x1.dtype(), x2.dtype());
  DType compute = d, result = d;
  switch (kind) {
    case Kind::arithmetic:
      compute = arithmetic_dtype(d);
      break;
    case Kind::divide:
      if (is_int_like(d)) result = floatx();
      compute = is_half(result) ? DType::float32 : result;
      break;
    case Kind::power:
      compute = is_half(d) ? DType::float32 : is_int_like(d) ? DType::float64 : d;
      break;
    case Kind::compare:
      compute = d == DType::bool_ ? d : arithmetic_dtype(d);
      result = DType::bool_;
      break;
  }
  Tensor y = call1(op, {cast(x1, compute), cast(x2, compute)});
  return cast(y, result);
}

Tensor binary(const char* op, Kind kind, const Tensor& x1, double x2, const char* function) {
  check_defined(x1, function);
  return binary(op, kind, x1, scalar(x2, scalar_dtype(x1.dtype(), x2)), function);
}

Tensor binary(const char* op, Kind kind, double x1, const Tensor& x2, const char* function) {
  check_defined(x2, function);
  return binary(op, kind, scalar(x1, scalar_dtype(x2.dtype(), x1)), x2, function);
}

// A float-only unary op: float32/float64 directly, half types through float32, integers and
// bool in floatx (as Keras).
Tensor float_unary(const char* op, const Tensor& x, Attrs attrs = {}) {
  check_defined(x, op);
  DType d = x.dtype();
  if (d == DType::float32 || d == DType::float64) return call1(op, {x}, std::move(attrs));
  DType result = is_int_like(d) ? floatx() : d;
  DType compute = is_half(result) ? DType::float32 : result;
  return cast(call1(op, {cast(x, compute)}, std::move(attrs)), result);
}

}  // namespace

// --- Unary --------------------------------------------------------------------------------------

Tensor negative(const Tensor& x) {
  check_defined(x, "negative");
  if (is_int_like(x.dtype())) return subtract(0.0, x);
  return float_unary("neg", x);
}

Tensor abs(const Tensor& x) {
  check_defined(x, "abs");
  DType d = x.dtype();
  if (d == DType::uint8 || d == DType::bool_) return x;
  if (is_integer(d)) return maximum(x, negative(x));
  return float_unary("abs", x);
}

Tensor sign(const Tensor& x) {
  check_defined(x, "sign");
  DType d = x.dtype();
  if (d == DType::bool_) return x;
  if (d == DType::uint8) return cast(greater(x, 0.0), d);
  if (is_integer(d)) return subtract(cast(greater(x, 0.0), d), cast(less(x, 0.0), d));
  return float_unary("sign", x);
}

Tensor exp(const Tensor& x) {
  return float_unary("exp", x);
}
Tensor log(const Tensor& x) {
  return float_unary("log", x);
}
Tensor sqrt(const Tensor& x) {
  return float_unary("sqrt", x);
}
Tensor rsqrt(const Tensor& x) {
  return float_unary("rsqrt", x);
}

Tensor square(const Tensor& x) {
  check_defined(x, "square");
  if (is_int_like(x.dtype())) return multiply(x, x);
  return float_unary("square", x);
}

Tensor tanh(const Tensor& x) {
  return float_unary("tanh", x);
}
Tensor sigmoid(const Tensor& x) {
  return float_unary("sigmoid", x);
}

Tensor relu(const Tensor& x) {
  check_defined(x, "relu");
  if (is_int_like(x.dtype())) return maximum(x, 0.0);
  return float_unary("relu", x);
}

Tensor relu6(const Tensor& x) {
  return float_unary("relu6", x);
}

Tensor leaky_relu(const Tensor& x, double negative_slope) {
  return float_unary("leaky_relu", x, LeakyReluAttrs{.alpha = negative_slope});
}

Tensor elu(const Tensor& x, double alpha) {
  return float_unary("elu", x, EluAttrs{.alpha = alpha});
}
Tensor selu(const Tensor& x) {
  return float_unary("selu", x);
}

Tensor gelu(const Tensor& x, bool approximate) {
  return float_unary("gelu", x, GeluAttrs{.approximate = approximate});
}

Tensor softplus(const Tensor& x) {
  return float_unary("softplus", x);
}
Tensor softsign(const Tensor& x) {
  return float_unary("softsign", x);
}
Tensor silu(const Tensor& x) {
  return float_unary("silu", x);
}

Tensor hard_sigmoid(const Tensor& x) {
  // keras/src/activations/activations.py: hard_sigmoid = relu6(x + 3) / 6, the op's default
  return float_unary("hard_sigmoid", x, HardSigmoidAttrs{});
}

Tensor clip(const Tensor& x, double x_min, double x_max) {
  check_defined(x, "clip");
  if (std::isnan(x_min) || std::isnan(x_max))
    throw ValueError(
        str("keras::ops::clip: the bounds must be numbers, got ", x_min, " and ", x_max));
  if (is_int_like(x.dtype())) return minimum(maximum(x, x_min), x_max);
  return float_unary("clip", x, ClipAttrs{.min = x_min, .max = x_max});
}

Tensor stop_gradient(const Tensor& x) {
  check_defined(x, "stop_gradient");
  return call1("stop_gradient", {x});
}

// --- Binary -------------------------------------------------------------------------------------

#define KERAS_BINARY(function, op, kind)                \
  Tensor function(const Tensor& x1, const Tensor& x2) { \
    return binary(op, kind, x1, x2, #function);         \
  }                                                     \
  Tensor function(const Tensor& x1, double x2) {        \
    return binary(op, kind, x1, x2, #function);         \
  }                                                     \
  Tensor function(double x1, const Tensor& x2) {        \
    return binary(op, kind, x1, x2, #function);         \
  }

KERAS_BINARY(add, "add", Kind::arithmetic)
KERAS_BINARY(subtract, "sub", Kind::arithmetic)
KERAS_BINARY(multiply, "mul", Kind::arithmetic)
KERAS_BINARY(divide, "div", Kind::divide)
KERAS_BINARY(power, "pow", Kind::power)
KERAS_BINARY(maximum, "maximum", Kind::arithmetic)
KERAS_BINARY(minimum, "minimum", Kind::arithmetic)
KERAS_BINARY(equal, "equal", Kind::compare)
KERAS_BINARY(not_equal, "not_equal", Kind::compare)
KERAS_BINARY(less, "less", Kind::compare)
KERAS_BINARY(less_equal, "less_equal", Kind::compare)
KERAS_BINARY(greater, "greater", Kind::compare)
KERAS_BINARY(greater_equal, "greater_equal", Kind::compare)

#undef KERAS_BINARY

Tensor where(const Tensor& condition, const Tensor& x1, const Tensor& x2) {
  check_defined(condition, "where");
  check_defined(x1, "where");
  check_defined(x2, "where");
  DType d = promote(x1.dtype(), x2.dtype());
  return call1("where", {cast(condition, DType::bool_), cast(x1, d), cast(x2, d)});
}

Tensor where(const Tensor& condition, const Tensor& x1, double x2) {
  check_defined(x1, "where");
  return where(condition, x1, scalar(x2, scalar_dtype(x1.dtype(), x2)));
}

Tensor where(const Tensor& condition, double x1, const Tensor& x2) {
  check_defined(x2, "where");
  return where(condition, scalar(x1, scalar_dtype(x2.dtype(), x1)), x2);
}

// --- Dtype and fillers --------------------------------------------------------------------------

Tensor cast(const Tensor& x, DType dtype) {
  check_defined(x, "cast");
  if (x.dtype() == dtype) return x;
  return call1("cast", {x}, CastAttrs{.dtype = dtype});
}

Tensor full_like(const Tensor& x, double fill_value, std::optional<DType> dtype) {
  check_defined(x, "full_like");
  return call1("fill_like", {x},
               FillLikeAttrs{.value = fill_value, .dtype = dtype.value_or(x.dtype())});
}

Tensor ones_like(const Tensor& x, std::optional<DType> dtype) {
  return full_like(x, 1.0, dtype);
}
Tensor zeros_like(const Tensor& x, std::optional<DType> dtype) {
  return full_like(x, 0.0, dtype);
}

}  // namespace keras::ops
