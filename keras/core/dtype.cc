#include "keras/core/dtype.h"

#include <bit>
#include <cmath>
#include <cstring>
#include <ostream>

#include "keras/core/error.h"

namespace keras {

namespace {
constexpr DType kAll[] = {DType::float16, DType::bfloat16, DType::float32, DType::float64,
                          DType::int32,   DType::int64,    DType::uint8,   DType::bool_};
}  // namespace

// binary16 <-> binary32 by bit manipulation, round to nearest even (as numpy does).
float16::float16(float value) {
  uint32_t f = std::bit_cast<uint32_t>(value);
  uint32_t sign = (f >> 16) & 0x8000u;
  uint32_t abs = f & 0x7fffffffu;
  if (abs >= 0x7f800000u) {  // inf or NaN
    bits = static_cast<uint16_t>(sign | 0x7c00u | (abs > 0x7f800000u ? 0x200u : 0u));
    return;
  }
  if (abs >= 0x477ff000u) {  // rounds to >= 65520: overflow to inf
    bits = static_cast<uint16_t>(sign | 0x7c00u);
    return;
  }
  if (abs < 0x38800000u) {  // subnormal half (or zero)
    // value = abs_float * 2^24 rounded; use float arithmetic for correct rounding.
    float magnitude = std::bit_cast<float>(abs);
    uint32_t h = static_cast<uint32_t>(std::nearbyint(magnitude * 16777216.0f));
    bits = static_cast<uint16_t>(sign | h);
    return;
  }
  uint32_t mant = abs & 0x7fffffu;
  uint32_t exp = (abs >> 23) - 112;  // rebias 127 -> 15
  uint32_t h = (exp << 10) | (mant >> 13);
  uint32_t rest = mant & 0x1fffu;
  if (rest > 0x1000u || (rest == 0x1000u && (h & 1u))) ++h;  // carries into exponent correctly
  bits = static_cast<uint16_t>(sign | h);
}

float16::operator float() const {
  uint32_t sign = (bits & 0x8000u) << 16;
  uint32_t exp = (bits >> 10) & 0x1fu;
  uint32_t mant = bits & 0x3ffu;
  if (exp == 0) {
    float magnitude = std::ldexp(static_cast<float>(mant), -24);
    return sign ? -magnitude : magnitude;
  }
  uint32_t f = exp == 31 ? (sign | 0x7f800000u | (mant << 13))
                         : (sign | ((exp + 112) << 23) | (mant << 13));
  return std::bit_cast<float>(f);
}

bfloat16::bfloat16(float value) {
  uint32_t f = std::bit_cast<uint32_t>(value);
  if ((f & 0x7fffffffu) > 0x7f800000u) {
    bits = static_cast<uint16_t>((f >> 16) | 0x40u);  // quiet NaN
    return;
  }
  uint32_t rounding = 0x7fffu + ((f >> 16) & 1u);
  bits = static_cast<uint16_t>((f + rounding) >> 16);
}

bfloat16::operator float() const { return std::bit_cast<float>(static_cast<uint32_t>(bits) << 16); }

std::size_t size_of(DType dtype) {
  switch (dtype) {
    case DType::float16:
    case DType::bfloat16: return 2;
    case DType::float32:
    case DType::int32: return 4;
    case DType::float64:
    case DType::int64: return 8;
    case DType::uint8:
    case DType::bool_: return 1;
  }
  KERAS_UNREACHABLE("unknown dtype");
}

std::string_view name(DType dtype) {
  switch (dtype) {
    case DType::float16: return "float16";
    case DType::bfloat16: return "bfloat16";
    case DType::float32: return "float32";
    case DType::float64: return "float64";
    case DType::int32: return "int32";
    case DType::int64: return "int64";
    case DType::uint8: return "uint8";
    case DType::bool_: return "bool";
  }
  KERAS_UNREACHABLE("unknown dtype");
}

DType dtype_from_name(std::string_view text) {
  for (DType d : kAll)
    if (name(d) == text) return d;
  std::string valid;
  for (DType d : kAll) valid += str(valid.empty() ? "" : ", ", name(d));
  throw ValueError(str("Invalid dtype: expected one of {", valid, "}. Received: dtype=", text));
}

bool is_floating(DType d) {
  return d == DType::float16 || d == DType::bfloat16 || d == DType::float32 || d == DType::float64;
}

bool is_integer(DType d) { return d == DType::int32 || d == DType::int64 || d == DType::uint8; }

std::ostream& operator<<(std::ostream& out, DType dtype) { return out << name(dtype); }

}  // namespace keras
