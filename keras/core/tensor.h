// Tensor: the value type of kerascpp.
//
// A Tensor is either
//  - concrete: a dtype, a fully defined shape and shared storage (a Buffer) on one backend's
//    device; copies of a Tensor share the storage, like NumPy views; or
//  - symbolic: an output of a node in a graph (see keras/graph/), with a dtype and a shape whose
//    batch dimension may be unknown. Layers called on symbolic inputs build graphs; the same
//    keras::ops calls on concrete tensors run at once through the same kernels.
// A concrete tensor read from a Variable remembers that Variable, so a graph built from it refers
// to the variable (and sees its updates) rather than to a frozen copy.
#pragma once

#include <cstring>
#include <memory>
#include <optional>
#include <ranges>
#include <string>
#include <vector>

#include "keras/core/buffer.h"
#include "keras/core/tensor_meta.h"

namespace keras {

namespace backend {
class Backend;
}
namespace graph {
struct Node;
}
namespace detail {
struct VariableState;
}

class Tensor {
 public:
  Tensor() = default;

  // --- Host tensors (on the cpu backend), values copied in ------------------------------------
  static Tensor from_data(const void* data, Shape shape, DType dtype);
  template <class T>
  static Tensor from_pointer(const T* data, Shape shape) {
    return from_data(data, std::move(shape), dtype_of<T>());
  }
  // A 1-D tensor, or `shape` when given (its element count must match).
  template <class T>
  static Tensor from_vector(const std::vector<T>& values, std::optional<Shape> shape = {});
  template <std::ranges::input_range R>
  static Tensor from_range(R&& range, std::optional<Shape> shape = {}) {
    using T = std::ranges::range_value_t<R>;
    // A loop, not the iterator-pair constructor: C++20-only iterators (iota over int64_t,
    // transform views) are not the legacy iterators that constructor requires.
    std::vector<T> values;
    for (auto&& value : range) values.push_back(value);
    return from_vector(values, std::move(shape));
  }
  template <class T>
  static Tensor scalar(T value) {
    return from_data(&value, Shape{}, dtype_of<T>());
  }

  // --- Tensors on a backend (the host when none is given) -------------------------------------
  static Tensor empty(Shape shape, DType dtype, backend::Backend* on = nullptr);  // uninitialized
  static Tensor full(Shape shape, double value, DType dtype, backend::Backend* on = nullptr);
  static Tensor zeros(Shape shape, DType dtype, backend::Backend* on = nullptr);
  static Tensor ones(Shape shape, DType dtype, backend::Backend* on = nullptr);

  bool defined() const { return buffer_ != nullptr || node_ != nullptr; }
  bool is_symbolic() const { return node_ != nullptr; }
  bool is_concrete() const { return buffer_ != nullptr; }

  DType dtype() const { return meta_.dtype; }
  const Shape& shape() const { return meta_.shape; }
  const TensorMeta& meta() const { return meta_; }
  int rank() const { return meta_.shape.rank(); }
  int64_t size() const { return meta_.shape.num_elements(); }  // element count
  std::size_t nbytes() const { return meta_.bytes(); }

  // --- Concrete tensors ------------------------------------------------------------------------
  backend::Backend& backend() const;
  const std::shared_ptr<Buffer>& buffer() const { return buffer_; }
  std::size_t byte_offset() const { return offset_; }
  // Device pointer of the first element (host-readable only on host backends).
  void* raw_data() const;
  // Host-readable typed pointer; throws TypeError on a dtype mismatch, ValueError when the tensor
  // lives on a non-host device (use to(backend::host()) first).
  template <class T>
  T* data() const {
    check_host_access(dtype_of<T>());
    return static_cast<T*>(raw_data());
  }
  // Copies the values out, converting to T when the dtype differs.
  template <class T>
  std::vector<T> to_vector() const;
  template <class T>
  T item() const;  // the value of a one-element tensor, converted to T

  Tensor to(backend::Backend& target) const;  // a copy on `target` (shares when already there)
  Tensor copy() const;                        // a fresh copy on the same backend
  void copy_from(const Tensor& source);       // overwrite values in place; same dtype and shape

  // --- Both kinds -------------------------------------------------------------------------------
  // Converts (a new tensor; symbolic tensors get a cast node). Float to int truncates toward
  // zero, as NumPy does; to bool tests != 0.
  Tensor astype(DType dtype) const;
  // Same elements, new shape; one dimension may be -1. Concrete tensors share storage.
  Tensor reshape(Shape shape) const;
  // Rows [begin, end) along the first axis; negative indices count from the end like Python.
  // Concrete tensors share storage.
  Tensor slice(int64_t begin, int64_t end) const;
  // Row i along the first axis, with that axis dropped.
  Tensor operator[](int64_t index) const;

  std::string to_string() const;  // "<Tensor float32 (2, 3) [[1, 2, 3], [4, 5, 6]]>" (abridged)

  // Keras's `_keras_mask`: the mask a layer attached to its output (Embedding with mask_zero,
  // Masking), or an undefined Tensor. Ops never carry it; layers read and set it (see
  // keras/layers/layer.h).
  Tensor keras_mask() const;
  Tensor with_keras_mask(const Tensor& mask) const;  // a copy carrying `mask` (undefined: none)

  // --- Internal: graph and variable links ------------------------------------------------------
  static Tensor symbolic(std::shared_ptr<graph::Node> node, int index, TensorMeta meta);
  graph::Node* node() const { return node_.get(); }
  const std::shared_ptr<graph::Node>& node_ptr() const { return node_; }
  int output_index() const { return index_; }
  const std::shared_ptr<detail::VariableState>& variable() const { return variable_; }
  Tensor with_variable(std::shared_ptr<detail::VariableState> variable) const;
  static Tensor from_buffer(std::shared_ptr<Buffer> buffer, std::size_t offset, TensorMeta meta);

 private:
  void check_host_access(DType expected) const;
  void copy_out(void* host, DType as) const;  // converting copy to host memory

  TensorMeta meta_;
  std::shared_ptr<Buffer> buffer_;
  std::size_t offset_ = 0;
  std::shared_ptr<graph::Node> node_;
  int index_ = 0;
  std::shared_ptr<detail::VariableState> variable_;
  std::shared_ptr<const Tensor> keras_mask_;
};

std::ostream& operator<<(std::ostream& out, const Tensor& tensor);

// Converts `count` elements between any two dtypes (host memory). Used by astype and by the cpu
// backend's cast kernel.
void convert_elements(const void* src, DType src_dtype, void* dst, DType dst_dtype, int64_t count);

template <class T>
Tensor Tensor::from_vector(const std::vector<T>& values, std::optional<Shape> shape) {
  Shape s = shape ? *shape : Shape{static_cast<int64_t>(values.size())};
  if constexpr (std::is_same_v<T, bool>) {  // std::vector<bool> is packed
    std::vector<uint8_t> bytes(values.begin(), values.end());
    Tensor t = from_vector(bytes, s);
    t.meta_.dtype = DType::bool_;
    return t;
  } else {
    if (s.num_elements() != static_cast<int64_t>(values.size()))
      throw ValueError(
          str("cannot make a tensor of shape ", s, " from ", values.size(), " values"));
    return from_data(values.data(), s, dtype_of<T>());
  }
}

template <class T>
std::vector<T> Tensor::to_vector() const {
  static_assert(!std::is_same_v<T, bool>, "std::vector<bool> is packed: use to_vector<uint8_t>()");
  std::vector<T> out(static_cast<std::size_t>(size()));
  copy_out(out.data(), dtype_of<T>());
  return out;
}

template <class T>
T Tensor::item() const {
  if (size() != 1)
    throw ValueError(str("item() needs a tensor with one element; this one has shape ", shape()));
  T value;
  copy_out(&value, dtype_of<T>());
  return value;
}

}  // namespace keras

// Arithmetic operators (+, -, *, / with tensors and doubles), declared beside the class.
#include "keras/core/tensor_ops.h"
