#include "keras/backend/cpu/dnnl_context.h"

#include "keras/core/error.h"

namespace keras::backend::cpu {

const dnnl::engine& dnnl_engine() {
  static const auto* engine = new dnnl::engine(dnnl::engine::kind::cpu, 0);
  return *engine;
}

const dnnl::stream& dnnl_stream() {
  static const auto* stream = new dnnl::stream(dnnl_engine());
  return *stream;
}

dnnl::memory::data_type dnnl_type(DType dtype) {
  switch (dtype) {
    case DType::float32:
      return dnnl::memory::data_type::f32;
    case DType::float16:
      return dnnl::memory::data_type::f16;
    case DType::bfloat16:
      return dnnl::memory::data_type::bf16;
    case DType::int32:
      return dnnl::memory::data_type::s32;
    case DType::uint8:
      return dnnl::memory::data_type::u8;
    default:
      break;
  }
  KERAS_UNREACHABLE("oneDNN has no data type for ", dtype);
}

dnnl::primitive_attr dnnl_default_attr() {
  dnnl::primitive_attr attr;
  attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
  return attr;
}

DnnlCall::DnnlCall(dnnl::primitive primitive, const dnnl::memory::desc& scratchpad)
    : primitive_(std::move(primitive)) {
  if (scratchpad.get_size() > 0) {
    scratchpad_ = dnnl::memory(scratchpad, dnnl_engine());  // owned by oneDNN, freed with us
    args_.push_back({DNNL_ARG_SCRATCHPAD, scratchpad_.get()});
  }
}

int DnnlCall::add(int arg, const dnnl::memory::desc& desc) {
  memories_.push_back(dnnl::memory(desc, dnnl_engine(), nullptr));  // pointer set per run
  args_.push_back({arg, memories_.back().get()});
  return static_cast<int>(memories_.size()) - 1;
}

void DnnlCall::set(int slot, const void* data) const {
  // oneDNN takes a non-const handle for every argument; inputs are only read.
  memories_[static_cast<size_t>(slot)].set_data_handle(const_cast<void*>(data));
}

void DnnlCall::execute() const {
  dnnl_status_t status = dnnl_primitive_execute(primitive_.get(), dnnl_stream().get(),
                                                static_cast<int>(args_.size()), args_.data());
  KERAS_ASSERT(status == dnnl_success, "oneDNN primitive failed with status ", int(status));
}

}  // namespace keras::backend::cpu
