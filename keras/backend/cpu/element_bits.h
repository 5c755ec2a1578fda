// Element-size dispatch for kernels that only move elements: one instantiation per element size
// serves every dtype of that size.
#pragma once

#include <cstddef>
#include <cstdint>

namespace keras::backend::cpu {

// Calls f(U{}) with the unsigned integer type of `bytes` (1, 2, 4 or 8).
template <class F>
decltype(auto) visit_element_bits(std::size_t bytes, F&& f) {
  switch (bytes) {
    case 1:
      return f(uint8_t{});
    case 2:
      return f(uint16_t{});
    case 4:
      return f(uint32_t{});
    default:
      return f(uint64_t{});
  }
}

}  // namespace keras::backend::cpu
