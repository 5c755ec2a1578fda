// Shared by backends whose device memory is host memory (cpu, torch on CPU): copies are memcpy.
#pragma once

#include <cstring>

#include "keras/backend/backend.h"

namespace keras::backend {

class HostBackend : public Backend {
 public:
  bool is_host() const override { return true; }
  void copy_from_host(void* dst, const void* src, std::size_t bytes) override {
    if (bytes) std::memcpy(dst, src, bytes);
  }
  void copy_to_host(void* dst, const void* src, std::size_t bytes) override {
    if (bytes) std::memcpy(dst, src, bytes);
  }
  void copy_on_device(void* dst, const void* src, std::size_t bytes) override {
    if (bytes && dst != src) std::memmove(dst, src, bytes);
  }
};

}  // namespace keras::backend
