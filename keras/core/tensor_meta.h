// What a kernel or a shape rule knows about a tensor: its dtype and its shape.
#pragma once

#include <string>

#include "keras/core/dtype.h"
#include "keras/core/error.h"
#include "keras/core/shape.h"

namespace keras {

struct TensorMeta {
  DType dtype = DType::float32;
  Shape shape;

  int64_t size() const { return shape.num_elements(); }
  std::size_t bytes() const { return static_cast<std::size_t>(size()) * size_of(dtype); }
  std::string to_string() const { return str(name(dtype), shape.to_string()); }
  friend bool operator==(const TensorMeta&, const TensorMeta&) = default;
};

}  // namespace keras
