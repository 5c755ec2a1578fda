// The torch backend's module: the Backend (ATen storage as device memory, memcpy copies, ATen's
// thread count set from the cpu backend's) and the helpers its kernel files share (aten_kernel.h).
// keras_torch_backend_create, at the end, is what torch_loader.cc looks up.
#include "keras/backend/torch/torch_backend.h"
#include "keras/backend/host_backend.h"

#include <ATen/Parallel.h>
#include <c10/core/InferenceMode.h>
#include <torch/version.h>

#include <dlfcn.h>

#include <cstdlib>
#include <cstring>
#include <mutex>
#include <unordered_map>

#include "keras/backend/cpu/cpu_backend.h"
#include "keras/backend/half_promotion.h"
#include "keras/backend/torch/aten_kernel.h"
#include "keras/core/error.h"
#include "keras/core/tensor.h"

namespace keras::backend::torch {

at::ScalarType scalar_type(DType dtype) {
  switch (dtype) {
    case DType::float16:
      return at::kHalf;
    case DType::bfloat16:
      return at::kBFloat16;
    case DType::float32:
      return at::kFloat;
    case DType::float64:
      return at::kDouble;
    case DType::int32:
      return at::kInt;
    case DType::int64:
      return at::kLong;
    case DType::uint8:
      return at::kByte;
    case DType::bool_:
      return at::kBool;
  }
  KERAS_UNREACHABLE("unknown dtype");
}

std::vector<int64_t> sizes_of(const Shape& shape) {
  return shape.dims();
}

at::Tensor view(const void* data, DType dtype, const std::vector<int64_t>& sizes) {
  return at::from_blob(const_cast<void*>(data), sizes,
                       at::TensorOptions().dtype(scalar_type(dtype)));
}

at::Tensor view(const void* data, const TensorMeta& meta) {
  return view(data, meta.dtype, sizes_of(meta.shape));
}

namespace {

class AtenKernel final : public Kernel {
 public:
  AtenKernel(const KernelSpec& spec, Body body)
      : inputs_(spec.inputs), outputs_(spec.outputs), body_(std::move(body)) {}

  void run(std::span<const void* const> in, std::span<void* const> out) override {
    // No autograd bookkeeping: these are plain computations on borrowed memory.
    c10::InferenceMode guard;
    Views in_views, out_views;
    in_views.reserve(inputs_.size());
    out_views.reserve(outputs_.size());
    for (size_t i = 0; i < inputs_.size(); ++i) in_views.push_back(view(in[i], inputs_[i]));
    for (size_t i = 0; i < outputs_.size(); ++i) out_views.push_back(view(out[i], outputs_[i]));
    try {
      body_(in_views, out_views);
    } catch (const c10::Error& e) {  // ATen refused the values (our own checks come first)
      throw ValueError(str("op '", op_, "' on the torch backend: ", e.what_without_backtrace()));
    }
  }

 private:
  std::string op_;
  std::vector<TensorMeta> inputs_, outputs_;
  Body body_;
};

}  // namespace

std::unique_ptr<Kernel> aten_kernel(const KernelSpec& spec, Body body) {
  return std::make_unique<AtenKernel>(spec, std::move(body));
}

void add(KernelTable& table, const std::string& op, std::vector<DType> dtypes,
         std::function<Body(const KernelSpec&)> make) {
  table.add(op, std::move(dtypes), [make = std::move(make)](const KernelSpec& spec) {
    return aten_kernel(spec, make(spec));
  });
}

void fill_converted(const at::Tensor& out, DType dtype, double value) {
  // The value's bits in the output dtype, converted by the library's own routine (so NaN to int,
  // or rounding to float16, give what the cpu backend gives), then filled as an integer of that
  // width.
  int64_t bits = 0;
  convert_elements(&value, DType::float64, &bits, dtype, 1);
  switch (size_of(dtype)) {
    case 1:
      out.view(at::kByte).fill_(static_cast<int64_t>(static_cast<uint8_t>(bits)));
      break;
    case 2:
      out.view(at::kShort).fill_(static_cast<int64_t>(static_cast<int16_t>(bits)));
      break;
    case 4:
      out.view(at::kInt).fill_(static_cast<int64_t>(static_cast<int32_t>(bits)));
      break;
    default:
      out.view(at::kLong).fill_(bits);
  }
}

std::vector<int64_t> reduction_axes(const std::vector<int64_t>& axes, int rank) {
  if (!axes.empty()) return axes;
  std::vector<int64_t> all;
  for (int64_t a = 0; a < rank; ++a) all.push_back(a);
  return all;
}

namespace {

// ATen's OpenMP pool already spreads work over the cores; an OpenBLAS that starts its own threads
// for each GEMM besides oversubscribes them (measured: mnist_mlp steps twice as slow on 2 cores).
// So, unless the user chose with OPENBLAS_NUM_THREADS, OpenBLAS (when it is the BLAS libtorch
// loaded) runs each GEMM on the calling thread.
void keep_openblas_on_calling_thread() {
  if (std::getenv("OPENBLAS_NUM_THREADS")) return;
  using SetThreads = void (*)(int);
  if (auto set = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads")))
    set(1);
}

class TorchBackend final : public HostBackend {
 public:
  TorchBackend() {
    // The cpu backend's thread rule, for ATen's intra-op pool (OpenMP, as ours).
    at::set_num_threads(cpu::num_threads());
    keep_openblas_on_calling_thread();
    register_math_kernels(kernels_);
    register_nn_kernels(kernels_);
    register_shape_kernels(kernels_);
    register_state_kernels(kernels_);
    add_half_promotions(kernels_);  // float16 / bfloat16 computed in float32
  }

  std::string name() const override { return "torch"; }
  std::string device_description() const override {
    return str("torch: libtorch ", TORCH_VERSION, " ATen on CPU, ", at::get_num_threads(),
               " threads");
  }

 protected:
  // ATen's CPU allocator aligns to 64 bytes. The tensor is kept until deallocate so its storage
  // stays alive; one byte at least, so allocate(0) still gives a unique pointer.
  void* do_allocate(std::size_t bytes) override {
    at::Tensor storage =
        at::empty({static_cast<int64_t>(bytes ? bytes : 1)}, at::TensorOptions().dtype(at::kByte));
    void* pointer = storage.data_ptr();
    std::lock_guard lock(mutex_);
    live_.emplace(pointer, std::move(storage));
    return pointer;
  }
  void do_deallocate(void* pointer, std::size_t) override {
    std::lock_guard lock(mutex_);
    live_.erase(pointer);
  }

 private:
  std::mutex mutex_;
  std::unordered_map<void*, at::Tensor> live_;
};

}  // namespace

}  // namespace keras::backend::torch

// The module's entry point, looked up by torch_loader.cc.
extern "C" keras::backend::Backend* keras_torch_backend_create() {
  return new keras::backend::torch::TorchBackend();
}
