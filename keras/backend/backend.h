// The backend plug. A Backend owns device memory and builds kernels for the primitive ops; the
// rest of the library speaks to it only through this interface, so adding a backend touches
// nothing above keras/backend/.
//
// Backends are process-wide singletons, created on first use and never destroyed, so memory
// handles may keep a plain pointer to theirs. All methods are thread-safe except where noted.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "keras/backend/kernel.h"

namespace keras::backend {

struct AllocationStats {
  int64_t allocations = 0;  // calls to allocate() since start (or since reset)
  int64_t deallocations = 0;
  int64_t bytes_in_use = 0;
  int64_t peak_bytes = 0;
};

class Backend {
 public:
  virtual ~Backend() = default;

  virtual std::string name() const = 0;
  // One line for `keras info`: the device and the libraries behind it.
  virtual std::string device_description() const = 0;
  // True when device memory is host memory (pointers can be read by the CPU directly).
  virtual bool is_host() const = 0;

  // Device memory. allocate(0) returns a valid unique pointer. Alignment is at least 64 bytes.
  void* allocate(std::size_t bytes);
  void deallocate(void* pointer, std::size_t bytes);
  AllocationStats allocation_stats() const;
  void reset_allocation_stats();  // zeroes the counters (not bytes_in_use)

  virtual void copy_from_host(void* device_dst, const void* host_src, std::size_t bytes) = 0;
  virtual void copy_to_host(void* host_dst, const void* device_src, std::size_t bytes) = 0;
  virtual void copy_on_device(void* dst, const void* src, std::size_t bytes) = 0;
  // Waits for queued work; a no-op on synchronous backends.
  virtual void synchronize() {}

  bool supports(std::string_view op, DType dtype) const;
  // Builds a kernel; throws NotImplementedError naming the op, the dtype and what this backend
  // supports for the op.
  std::unique_ptr<Kernel> make_kernel(const KernelSpec& spec) const;
  const KernelTable& kernels() const { return kernels_; }

 protected:
  virtual void* do_allocate(std::size_t bytes) = 0;
  virtual void do_deallocate(void* pointer, std::size_t bytes) = 0;
  KernelTable kernels_;

 private:
  std::atomic<int64_t> allocations_{0}, deallocations_{0}, bytes_in_use_{0}, peak_bytes_{0};
};

// The registry. Backends are compiled in and registered by name ("cpu", later "torch", "cuda").
// get() creates the backend on first use; an unknown or unbuilt name throws ValueError listing
// the available backends.
Backend& get(const std::string& name);
std::vector<std::string> available();
// The backend chosen by the configuration (KERAS_BACKEND, keras.json); prints the
// "Using <name> backend." line the first time.
Backend& current();
// Host memory: the cpu backend, where tensors made from std::vector live.
Backend& host();

using BackendFactory = std::unique_ptr<Backend> (*)();
void register_backend(const std::string& name, BackendFactory factory);

}  // namespace keras::backend
