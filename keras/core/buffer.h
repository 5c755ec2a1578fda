// A block of device memory owned by one backend. Tensors share Buffers through shared_ptr; the
// memory goes back to its backend when the last tensor lets go.
#pragma once

#include <cstddef>
#include <memory>

namespace keras {

namespace backend {
class Backend;
}

class Buffer {
 public:
  Buffer(backend::Backend& backend, std::size_t bytes);
  ~Buffer();
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;

  backend::Backend& backend() const { return *backend_; }
  void* data() const { return data_; }
  std::size_t bytes() const { return bytes_; }

 private:
  backend::Backend* backend_;
  void* data_;
  std::size_t bytes_;
};

}  // namespace keras
