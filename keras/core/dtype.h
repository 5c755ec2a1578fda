// Element types. Names and spellings follow Keras ("float32", "int64", "bool").
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

namespace keras {

enum class DType : uint8_t { float16, bfloat16, float32, float64, int32, int64, uint8, bool_ };

// IEEE binary16 and bfloat16 storage types. Arithmetic happens in float; these only convert.
struct float16 {
  uint16_t bits = 0;
  float16() = default;
  explicit float16(float value);
  explicit operator float() const;
};

struct bfloat16 {
  uint16_t bits = 0;
  bfloat16() = default;
  explicit bfloat16(float value);  // round to nearest even, NaN stays NaN
  explicit operator float() const;
};

std::size_t size_of(DType dtype);
std::string_view name(DType dtype);
// Parses a Keras dtype name ("float32", "bool", ...); throws ValueError listing the valid names.
DType dtype_from_name(std::string_view name);
bool is_floating(DType dtype);
bool is_integer(DType dtype);  // int32, int64, uint8 (not bool)
std::ostream& operator<<(std::ostream& out, DType dtype);

// dtype_of<T>: the DType that stores T.
template <class T>
constexpr DType dtype_of() {
  if constexpr (std::is_same_v<T, float>) return DType::float32;
  else if constexpr (std::is_same_v<T, double>) return DType::float64;
  else if constexpr (std::is_same_v<T, int32_t>) return DType::int32;
  else if constexpr (std::is_same_v<T, int64_t>) return DType::int64;
  else if constexpr (std::is_same_v<T, uint8_t>) return DType::uint8;
  else if constexpr (std::is_same_v<T, bool>) return DType::bool_;
  else if constexpr (std::is_same_v<T, float16>) return DType::float16;
  else if constexpr (std::is_same_v<T, bfloat16>) return DType::bfloat16;
  else static_assert(sizeof(T) == 0, "no keras::DType stores this C++ type");
}

// Calls f(T{}) with the C++ type stored by `dtype` (a switch written once).
template <class F>
decltype(auto) visit_dtype(DType dtype, F&& f) {
  switch (dtype) {
    case DType::float16: return f(float16{});
    case DType::bfloat16: return f(bfloat16{});
    case DType::float32: return f(float{});
    case DType::float64: return f(double{});
    case DType::int32: return f(int32_t{});
    case DType::int64: return f(int64_t{});
    case DType::uint8: return f(uint8_t{});
    case DType::bool_: return f(bool{});
  }
  return f(float{});
}

}  // namespace keras
