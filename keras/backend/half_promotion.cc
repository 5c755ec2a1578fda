#include "keras/backend/half_promotion.h"

#include <algorithm>
#include <bit>
#include <cstdlib>
#include <memory>
#include <vector>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "keras/backend/cpu/parallel.h"
#include "keras/core/error.h"
#include "keras/ops/op_def.h"

namespace keras::backend {

namespace {

using cpu::parallel_for;

bool is_narrow(DType dtype) {
  return dtype == DType::float16 || dtype == DType::bfloat16;
}

// Conversions of large tensors are split across threads (cpu::parallel_for); below this many
// elements one thread is faster than waking the pool.
constexpr int64_t kConvertGrain = 1 << 16;

void widen_range(const void* narrow, DType dtype, float* out, int64_t begin, int64_t end) {
  const auto* bits = static_cast<const uint16_t*>(narrow);
  if (dtype == DType::bfloat16) {
    for (int64_t i = begin; i < end; ++i)
      out[i] = std::bit_cast<float>(static_cast<uint32_t>(bits[i]) << 16);
    return;
  }
  int64_t i = begin;
#if defined(__F16C__)
  for (; i + 8 <= end; i += 8) {
    __m128i h = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bits + i));
    _mm256_storeu_ps(out + i, _mm256_cvtph_ps(h));
  }
#endif
  for (; i < end; ++i) {
    float16 h;
    h.bits = bits[i];
    out[i] = static_cast<float>(h);
  }
}

void narrow_range(const float* wide, DType dtype, void* narrow, int64_t begin, int64_t end) {
  auto* bits = static_cast<uint16_t*>(narrow);
  if (dtype == DType::bfloat16) {
    // Branch-free round to nearest even, so that the loop vectorizes; NaN keeps its sign and
    // becomes quiet.
    for (int64_t i = begin; i < end; ++i) {
      uint32_t f = std::bit_cast<uint32_t>(wide[i]);
      uint32_t rounded = (f + 0x7fffu + ((f >> 16) & 1u)) >> 16;
      uint32_t nan = (f >> 16) | 0x40u;
      bits[i] = static_cast<uint16_t>((f & 0x7fffffffu) > 0x7f800000u ? nan : rounded);
    }
    return;
  }
  int64_t i = begin;
#if defined(__F16C__)
  for (; i + 8 <= end; i += 8) {
    __m128i h = _mm256_cvtps_ph(_mm256_loadu_ps(wide + i), _MM_FROUND_TO_NEAREST_INT);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(bits + i), h);
  }
#endif
  for (; i < end; ++i) bits[i] = float16(wide[i]).bits;
}

struct FreeDeleter {
  void operator()(float* p) const { std::free(p); }
};
using FloatBuffer = std::unique_ptr<float, FreeDeleter>;

FloatBuffer float_buffer(int64_t n) {
  size_t bytes = (static_cast<size_t>(std::max<int64_t>(n, 1)) * sizeof(float) + 63) / 64 * 64;
  auto* p = static_cast<float*>(std::aligned_alloc(64, bytes));
  if (!p) throw std::bad_alloc();
  return FloatBuffer(p);
}

// One narrow tensor of the kernel and its float32 stand-in.
struct Staged {
  size_t index;
  DType dtype;
  int64_t size;
  FloatBuffer buffer;
};

class HalfPromotedKernel final : public Kernel {
 public:
  HalfPromotedKernel(const KernelSpec& spec, const KernelFactory& float_factory) {
    KernelSpec wide = spec;
    wide.dtype = DType::float32;
    const std::vector<int>& mutates = ops::get_op(spec.op).mutates;
    for (size_t i = 0; i < wide.inputs.size(); ++i) {
      TensorMeta& meta = wide.inputs[i];
      if (!is_narrow(meta.dtype)) continue;
      bool updated =
          std::find(mutates.begin(), mutates.end(), static_cast<int>(i)) != mutates.end();
      (updated ? updated_ : inputs_)
          .push_back({i, meta.dtype, meta.size(), float_buffer(meta.size())});
      meta.dtype = DType::float32;
    }
    for (size_t i = 0; i < wide.outputs.size(); ++i) {
      TensorMeta& meta = wide.outputs[i];
      if (!is_narrow(meta.dtype)) continue;
      outputs_.push_back({i, meta.dtype, meta.size(), float_buffer(meta.size())});
      meta.dtype = DType::float32;
    }
    inner_ = float_factory(wide);
    KERAS_ASSERT(inner_ != nullptr, "no float32 kernel for '", spec.op, "'");
    in_.resize(spec.inputs.size());
    out_.resize(spec.outputs.size());
  }

  void run(std::span<const void* const> in, std::span<void* const> out) override {
    std::copy(in.begin(), in.end(), in_.begin());
    std::copy(out.begin(), out.end(), out_.begin());
    for (std::vector<Staged>* group : {&inputs_, &updated_})
      for (Staged& s : *group) {
        float* buffer = s.buffer.get();
        parallel_for(
            s.size, [&](int64_t b, int64_t e) { widen_range(in[s.index], s.dtype, buffer, b, e); },
            kConvertGrain);
        in_[s.index] = buffer;
      }
    for (Staged& s : outputs_) out_[s.index] = s.buffer.get();
    inner_->run(in_, out_);
    for (Staged& s : outputs_) {
      const float* buffer = s.buffer.get();
      parallel_for(
          s.size, [&](int64_t b, int64_t e) { narrow_range(buffer, s.dtype, out[s.index], b, e); },
          kConvertGrain);
    }
    for (Staged& s : updated_) {
      const float* buffer = s.buffer.get();
      void* target = const_cast<void*>(in[s.index]);  // the op's `mutates`: written in place
      parallel_for(
          s.size, [&](int64_t b, int64_t e) { narrow_range(buffer, s.dtype, target, b, e); },
          kConvertGrain);
    }
  }

 private:
  std::unique_ptr<Kernel> inner_;
  std::vector<Staged> inputs_, updated_, outputs_;
  std::vector<const void*> in_;
  std::vector<void*> out_;
};

}  // namespace

void widen_to_float(const void* narrow, DType dtype, float* out, int64_t n) {
  KERAS_ASSERT(is_narrow(dtype), "widen_to_float: ", name(dtype));
  parallel_for(
      n, [&](int64_t b, int64_t e) { widen_range(narrow, dtype, out, b, e); }, kConvertGrain);
}

void narrow_from_float(const float* wide, DType dtype, void* out, int64_t n) {
  KERAS_ASSERT(is_narrow(dtype), "narrow_from_float: ", name(dtype));
  parallel_for(
      n, [&](int64_t b, int64_t e) { narrow_range(wide, dtype, out, b, e); }, kConvertGrain);
}

std::unique_ptr<Kernel> make_half_promoted_kernel(const KernelSpec& spec,
                                                  const KernelFactory& float_factory) {
  return std::make_unique<HalfPromotedKernel>(spec, float_factory);
}

void add_half_promotions(KernelTable& table) {
  for (const std::string& op : table.ops()) {
    const KernelFactory* float_factory = table.find(op, DType::float32);
    if (!float_factory) continue;
    std::vector<DType> missing;
    for (DType narrow : {DType::float16, DType::bfloat16})
      if (!table.find(op, narrow)) missing.push_back(narrow);
    if (missing.empty()) continue;
    table.add(op, missing, [factory = *float_factory](const KernelSpec& spec) {
      return make_half_promoted_kernel(spec, factory);
    });
  }
}

}  // namespace keras::backend
