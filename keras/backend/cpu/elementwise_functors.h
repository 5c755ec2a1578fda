// The math of the elementwise ops, one small struct per op, written once for float and double:
//   unary:  fwd(x, p) = f(x);  bwd(x, dy, p) = dy * f'(x)   (unary_grad)
//   binary: f(a, b)
// Every function is branch-free straight-line code (selects, not ifs; transcendental calls made
// unconditionally) so that the generic loops in elementwise.cc vectorize; see elementwise_math.h.
// Ops marked kSqrt receive s = sqrt(x) computed by a packed square root beforehand.
// Derivatives at kinks follow keras/ops/README.md (TensorFlow's conventions).
#pragma once

#include <cstdint>
#include <type_traits>

#include "keras/backend/cpu/elementwise_math.h"

namespace keras::backend::cpu::fn {

// Attributes of a unary op, converted to the kernel's type: alpha (leaky_relu, elu), slope and
// offset (hard_sigmoid), min and max (clip).
template <class T>
struct UnaryParams {
  T a = 0, b = 0;
};

// Transcendental ops spread over threads at a finer grain than loads and stores.
struct Cheap {
  static constexpr bool kHeavy = false;
  static constexpr bool kSqrt = false;
};
struct Heavy {
  static constexpr bool kHeavy = true;
  static constexpr bool kSqrt = false;
};

// libmvec takes a slow scalar path for arguments whose results overflow or underflow, so the
// exponential is evaluated on an argument clamped to the finite range, and the out-of-range
// results are selected afterwards (subnormal results flush to 0).
template <class T>
struct ExpRange;
template <>
struct ExpRange<float> {
  static constexpr float lo = -87.3f, hi = 88.72f;
};
template <>
struct ExpRange<double> {
  static constexpr double lo = -708.3, hi = 709.78;
};

template <class T>
inline T exp(T x) {
  constexpr T lo = ExpRange<T>::lo, hi = ExpRange<T>::hi;
  T c = x < lo ? lo : x;
  c = c > hi ? hi : c;
  // A product rather than a select, so that GCC keeps the call unconditional (and vectorized).
  T scale = x < lo ? T(0) : (x > hi ? T(INFINITY) : T(1));
  return vm::exp(c) * scale;
}

template <class T>
inline T expm1_nonpositive(T x) {  // x <= 0 or NaN; expm1(-50) is -1 in float and double
  return vm::expm1(x < T(-50) ? T(-50) : x);
}

template <class T>
inline T tanh(T x) {  // tanh(+-20) is +-1 in float and double
  T c = x < T(-20) ? T(-20) : x;
  return vm::tanh(c > T(20) ? T(20) : c);
}

template <class T>
inline T erf(T x) {  // erf(+-10) is +-1 in float and double
  T c = x < T(-10) ? T(-10) : x;
  return vm::erf(c > T(10) ? T(10) : c);
}

template <class T>
inline T sigmoid(T x) {
  return T(1) / (T(1) + exp(-x));  // exp(-x) = inf gives 0, = 0 gives 1: no NaN
}

struct Neg : Cheap {
  template <class T>
  static T fwd(T x, const UnaryParams<T>&) {
    return -x;
  }
  template <class T>
  static T bwd(T, T dy, const UnaryParams<T>&) {
    return -dy;
  }
};
struct Abs : Cheap {
  template <class T>
  static T fwd(T x, const UnaryParams<T>&) {
    return std::fabs(x);
  }
  template <class T>
  static T bwd(T x, T dy, const UnaryParams<T>&) {
    return x > T(0) ? dy : (x < T(0) ? -dy : T(0));
  }
};
struct Sign : Cheap {  // sign(0) = 0 and sign(NaN) = NaN, as NumPy
  template <class T>
  static T fwd(T x, const UnaryParams<T>&) {
    return x > T(0) ? T(1) : (x < T(0) ? T(-1) : x);
  }
  template <class T>
  static T bwd(T, T, const UnaryParams<T>&) {
    return T(0);
  }
};
struct Exp : Heavy {
  template <class T>
  static T fwd(T x, const UnaryParams<T>&) {
    return exp(x);
  }
  template <class T>
  static T bwd(T x, T dy, const UnaryParams<T>&) {
    return dy * exp(x);
  }
};
struct Log : Heavy {
  template <class T>
  static T fwd(T x, const UnaryParams<T>&) {
    return vm::log(x);
  }
  template <class T>
  static T bwd(T x, T dy, const UnaryParams<T>&) {
    return dy / x;
  }
};
struct Sqrt {
  static constexpr bool kHeavy = false, kSqrt = true;
  template <class T>
  static T fwd(T, T s, const UnaryParams<T>&) {
    return s;
  }
  template <class T>
  static T bwd(T, T s, T dy, const UnaryParams<T>&) {
    return dy * T(0.5) / s;
  }
};
struct Rsqrt {
  static constexpr bool kHeavy = false, kSqrt = true;
  template <class T>
  static T fwd(T, T s, const UnaryParams<T>&) {
    return T(1) / s;
  }
  template <class T>
  static T bwd(T x, T s, T dy, const UnaryParams<T>&) {
    return dy * T(-0.5) / (x * s);  // d x^-1/2 = -1/2 x^-3/2
  }
};
struct Square : Cheap {
  template <class T>
  static T fwd(T x, const UnaryParams<T>&) {
    return x * x;
  }
  template <class T>
  static T bwd(T x, T dy, const UnaryParams<T>&) {
    return T(2) * x * dy;
  }
};
struct Tanh : Heavy {
  template <class T>
  static T fwd(T x, const UnaryParams<T>&) {
    return tanh(x);
  }
  template <class T>
  static T bwd(T x, T dy, const UnaryParams<T>&) {
    T t = tanh(x);
    return dy * (T(1) - t * t);
  }
};
struct Sigmoid : Heavy {
  template <class T>
  static T fwd(T x, const UnaryParams<T>&) {
    return sigmoid(x);
  }
  template <class T>
  static T bwd(T x, T dy, const UnaryParams<T>&) {
    T s = sigmoid(x);
    return dy * s * (T(1) - s);
  }
};
struct Relu : Cheap {  // NaN passes through
  template <class T>
  static T fwd(T x, const UnaryParams<T>&) {
    return x < T(0) ? T(0) : x;
  }
  template <class T>
  static T bwd(T x, T dy, const UnaryParams<T>&) {
    return x > T(0) ? dy : T(0);
  }
};
struct Relu6 : Cheap {
  template <class T>
  static T fwd(T x, const UnaryParams<T>&) {
    T r = x < T(0) ? T(0) : x;
    return r > T(6) ? T(6) : r;
  }
  template <class T>
  static T bwd(T x, T dy, const UnaryParams<T>&) {
    return (x > T(0)) & (x < T(6)) ? dy : T(0);
  }
};
struct LeakyRelu : Cheap {  // p.a = alpha
  template <class T>
  static T fwd(T x, const UnaryParams<T>& p) {
    return x >= T(0) ? x : p.a * x;
  }
  template <class T>
  static T bwd(T x, T dy, const UnaryParams<T>& p) {
    return x >= T(0) ? dy : p.a * dy;
  }
};
// elu and selu are written without a select around the exponential (GCC would sink the call into
// the branch and give up vectorizing): exp(min(x, 0)) is 1 and expm1(min(x, 0)) is 0 for x > 0.
struct Elu : Heavy {  // p.a = alpha
  template <class T>
  static T fwd(T x, const UnaryParams<T>& p) {
    T neg = x > T(0) ? T(0) : x;  // NaN stays NaN
    T pos = x > T(0) ? x : T(0);
    return pos + p.a * expm1_nonpositive(neg);
  }
  template <class T>
  static T bwd(T x, T dy, const UnaryParams<T>& p) {
    T neg = x > T(0) ? T(0) : x;  // NaN stays NaN
    return dy * (x > T(0) ? T(1) : p.a) * exp(neg);
  }
};
struct Selu : Heavy {
  static constexpr double kAlpha = 1.6732632423543772848170429916717;
  static constexpr double kScale = 1.0507009873554804934193349852946;
  template <class T>
  static T fwd(T x, const UnaryParams<T>&) {
    T neg = x > T(0) ? T(0) : x;  // NaN stays NaN
    T pos = x > T(0) ? x : T(0);
    return T(kScale) * (pos + T(kAlpha) * expm1_nonpositive(neg));
  }
  template <class T>
  static T bwd(T x, T dy, const UnaryParams<T>&) {
    T neg = x > T(0) ? T(0) : x;  // NaN stays NaN
    return dy * T(kScale) * (x > T(0) ? T(1) : T(kAlpha)) * exp(neg);
  }
};
struct GeluErf : Heavy {  // 0.5 x (1 + erf(x / sqrt 2))
  static constexpr double kInvSqrt2 = 0.70710678118654752440084436210485;
  static constexpr double kInvSqrt2Pi = 0.39894228040143267793994605993438;
  template <class T>
  static T fwd(T x, const UnaryParams<T>&) {
    return T(0.5) * x * (T(1) + erf(x * T(kInvSqrt2)));
  }
  template <class T>
  static T bwd(T x, T dy, const UnaryParams<T>&) {
    T cdf = T(0.5) * (T(1) + erf(x * T(kInvSqrt2)));
    T pdf = T(kInvSqrt2Pi) * exp(T(-0.5) * x * x);
    return dy * (cdf + x * pdf);
  }
};
struct GeluTanh : Heavy {  // 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
  static constexpr double kC = 0.79788456080286535587989211986876;  // sqrt(2/pi)
  static constexpr double kK = 0.044715;
  template <class T>
  static T fwd(T x, const UnaryParams<T>&) {
    T t = tanh(T(kC) * (x + T(kK) * x * x * x));
    return T(0.5) * x * (T(1) + t);
  }
  template <class T>
  static T bwd(T x, T dy, const UnaryParams<T>&) {
    T x2 = x * x;
    T t = tanh(T(kC) * (x + T(kK) * x2 * x));
    T du = T(kC) * (T(1) + T(3 * kK) * x2);
    return dy * (T(0.5) * (T(1) + t) + T(0.5) * x * (T(1) - t * t) * du);
  }
};
struct Softplus : Heavy {  // max(x, 0) + log1p(exp(-|x|)): no overflow for large |x|
  template <class T>
  static T fwd(T x, const UnaryParams<T>&) {
    T l = vm::log1p(exp(-std::fabs(x)));
    return (x > T(0) ? x : T(0)) + l;
  }
  template <class T>
  static T bwd(T x, T dy, const UnaryParams<T>&) {
    return dy * sigmoid(x);
  }
};
struct Softsign : Cheap {
  template <class T>
  static T fwd(T x, const UnaryParams<T>&) {
    return x / (T(1) + std::fabs(x));
  }
  template <class T>
  static T bwd(T x, T dy, const UnaryParams<T>&) {
    T d = T(1) + std::fabs(x);
    return dy / (d * d);
  }
};
struct Silu : Heavy {  // x * sigmoid(x)
  template <class T>
  static T fwd(T x, const UnaryParams<T>&) {
    return x * sigmoid(x);
  }
  template <class T>
  static T bwd(T x, T dy, const UnaryParams<T>&) {
    T s = sigmoid(x);
    return dy * s * (T(1) + x * (T(1) - s));
  }
};
struct HardSigmoid : Cheap {  // clip(slope x + offset, 0, 1); p.a = slope, p.b = offset
  template <class T>
  static T fwd(T x, const UnaryParams<T>& p) {
    T v = p.a * x + p.b;
    v = v < T(0) ? T(0) : v;
    return v > T(1) ? T(1) : v;
  }
  template <class T>
  static T bwd(T x, T dy, const UnaryParams<T>& p) {
    T v = p.a * x + p.b;
    return (v > T(0)) & (v < T(1)) ? p.a * dy : T(0);
  }
};
struct Clip : Cheap {  // p.a = min, p.b = max; NaN passes through
  template <class T>
  static T fwd(T x, const UnaryParams<T>& p) {
    T v = x < p.a ? p.a : x;
    return v > p.b ? p.b : v;
  }
  template <class T>
  static T bwd(T x, T dy, const UnaryParams<T>& p) {
    return (x >= p.a) & (x <= p.b) ? dy : T(0);
  }
};
struct Identity : Cheap {
  template <class T>
  static T fwd(T x, const UnaryParams<T>&) {
    return x;
  }
  template <class T>
  static T bwd(T, T dy, const UnaryParams<T>&) {
    return dy;
  }
};
struct StopGradient : Cheap {
  template <class T>
  static T fwd(T x, const UnaryParams<T>&) {
    return x;
  }
  template <class T>
  static T bwd(T, T, const UnaryParams<T>&) {
    return T(0);
  }
};

// --- Binary ------------------------------------------------------------------------------------
// Integer add/sub/mul wrap around (computed unsigned: signed overflow is undefined in C++).
template <class T>
struct WideOf {
  using type = T;
};
template <class T>
requires std::is_integral_v<T>
struct WideOf<T> {
  using type = std::make_unsigned_t<T>;
};
template <class T>
using Wide = typename WideOf<T>::type;

struct Add {
  template <class T>
  static T f(T a, T b) {
    return T(Wide<T>(a) + Wide<T>(b));
  }
};
struct Sub {
  template <class T>
  static T f(T a, T b) {
    return T(Wide<T>(a) - Wide<T>(b));
  }
};
struct Mul {
  template <class T>
  static T f(T a, T b) {
    return T(Wide<T>(a) * Wide<T>(b));
  }
};
struct Div {
  template <class T>
  static T f(T a, T b) {
    return a / b;
  }
};
struct Pow {
  template <class T>
  static T f(T a, T b) {
    return vm::pow(a, b);
  }
};
struct Maximum {  // NaN in either input gives NaN, as NumPy
  template <class T>
  static T f(T a, T b) {
    if constexpr (std::is_floating_point_v<T>)
      return (a >= b) | (a != a) ? a : b;
    else
      return a > b ? a : b;
  }
};
struct Minimum {
  template <class T>
  static T f(T a, T b) {
    if constexpr (std::is_floating_point_v<T>)
      return (a <= b) | (a != a) ? a : b;
    else
      return a < b ? a : b;
  }
};
struct Equal {
  template <class T>
  static uint8_t f(T a, T b) {
    return a == b;
  }
};
struct NotEqual {
  template <class T>
  static uint8_t f(T a, T b) {
    return a != b;
  }
};
struct Less {
  template <class T>
  static uint8_t f(T a, T b) {
    return a < b;
  }
};
struct LessEqual {
  template <class T>
  static uint8_t f(T a, T b) {
    return a <= b;
  }
};
struct Greater {
  template <class T>
  static uint8_t f(T a, T b) {
    return a > b;
  }
};
struct GreaterEqual {
  template <class T>
  static uint8_t f(T a, T b) {
    return a >= b;
  }
};

}  // namespace keras::backend::cpu::fn
