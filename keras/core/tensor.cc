#include "keras/core/tensor.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <ostream>

#include "keras/backend/backend.h"
#include "keras/backend/half_promotion.h"
#include "keras/core/variable.h"
#include "keras/ops/op_attrs.h"
#include "keras/ops/op_def.h"

namespace keras {

namespace {

template <class T>
constexpr bool is_int_like = std::is_integral_v<T>;  // includes bool

template <class T>
double to_double(T v) {
  if constexpr (std::is_same_v<T, float16> || std::is_same_v<T, bfloat16>)
    return static_cast<double>(static_cast<float>(v));
  else
    return static_cast<double>(v);
}

template <class D>
D from_double(double v) {
  if constexpr (std::is_same_v<D, bool>) {
    return v != 0.0;
  } else if constexpr (std::is_integral_v<D>) {
    // Truncate toward zero; saturate instead of undefined behaviour; NaN becomes 0.
    if (std::isnan(v)) return 0;
    double t = std::trunc(v);
    if (t <= static_cast<double>(std::numeric_limits<D>::lowest()))
      return std::numeric_limits<D>::lowest();
    if (t >= static_cast<double>(std::numeric_limits<D>::max()))
      return std::numeric_limits<D>::max();
    return static_cast<D>(t);
  } else if constexpr (std::is_same_v<D, float16> || std::is_same_v<D, bfloat16>) {
    // Round to odd into float first: then float -> 16 bits rounds once, as NumPy's direct
    // float64 -> float16 does (plain double -> float -> half would round twice).
    float f = static_cast<float>(v);
    if (std::isfinite(f) && static_cast<double>(f) != v) {
      if (std::fabs(static_cast<double>(f)) > std::fabs(v)) f = std::nextafter(f, 0.0f);
      f = std::bit_cast<float>(std::bit_cast<uint32_t>(f) | 1u);
    }
    return D(f);
  } else {
    return static_cast<D>(v);
  }
}

template <class S, class D>
void convert_typed(const S* src, D* dst, int64_t n) {
  if constexpr (std::is_same_v<S, D>) {
    if (n > 0) std::memcpy(dst, src, static_cast<size_t>(n) * sizeof(S));
  } else if constexpr (is_int_like<S> && is_int_like<D>) {
    for (int64_t i = 0; i < n; ++i) {
      if constexpr (std::is_same_v<D, bool>)
        dst[i] = src[i] != 0;
      else
        dst[i] = static_cast<D>(static_cast<int64_t>(src[i]));  // wraps like NumPy
    }
  } else if constexpr (std::is_same_v<S, float> && std::is_same_v<D, double>) {
    for (int64_t i = 0; i < n; ++i) dst[i] = src[i];
  } else {
    for (int64_t i = 0; i < n; ++i) dst[i] = from_double<D>(to_double(src[i]));
  }
}

std::shared_ptr<Buffer> new_buffer(backend::Backend& b, std::size_t bytes) {
  return std::make_shared<Buffer>(b, bytes);
}

}  // namespace

void convert_elements(const void* src, DType src_dtype, void* dst, DType dst_dtype, int64_t count) {
  // float32 <-> float16 / bfloat16, every mixed-precision cast: the vectorized conversions
  // (F16C, branch-free rounding), about 10x the scalar ones.
  auto half = [](DType d) { return d == DType::float16 || d == DType::bfloat16; };
  if (src_dtype == DType::float32 && half(dst_dtype)) {
    backend::narrow_from_float(static_cast<const float*>(src), dst_dtype, dst, count);
    return;
  }
  if (half(src_dtype) && dst_dtype == DType::float32) {
    backend::widen_to_float(src, src_dtype, static_cast<float*>(dst), count);
    return;
  }
  visit_dtype(src_dtype, [&](auto s) {
    using S = decltype(s);
    visit_dtype(dst_dtype, [&](auto d) {
      using D = decltype(d);
      convert_typed(static_cast<const S*>(src), static_cast<D*>(dst), count);
    });
  });
}

Tensor Tensor::from_buffer(std::shared_ptr<Buffer> buffer, std::size_t offset, TensorMeta meta) {
  Tensor t;
  t.meta_ = std::move(meta);
  t.buffer_ = std::move(buffer);
  t.offset_ = offset;
  return t;
}

Tensor Tensor::symbolic(std::shared_ptr<graph::Node> node, int index, TensorMeta meta) {
  Tensor t;
  t.meta_ = std::move(meta);
  t.node_ = std::move(node);
  t.index_ = index;
  return t;
}

Tensor Tensor::with_variable(std::shared_ptr<detail::VariableState> variable) const {
  Tensor t = *this;
  t.variable_ = std::move(variable);
  return t;
}

Tensor Tensor::keras_mask() const {
  return keras_mask_ ? *keras_mask_ : Tensor();
}

Tensor Tensor::with_keras_mask(const Tensor& mask) const {
  Tensor t = *this;
  t.keras_mask_ = mask.defined() ? std::make_shared<const Tensor>(mask) : nullptr;
  return t;
}

Tensor Tensor::empty(Shape shape, DType dtype, backend::Backend* on) {
  if (!shape.is_fully_defined())
    throw ValueError(
        str("cannot allocate a tensor of shape ", shape, ": every dimension must be known"));
  for (int64_t d : shape)
    if (d < 0) throw ValueError(str("negative dimension in shape ", shape));
  backend::Backend& b = on ? *on : backend::host();
  TensorMeta meta{dtype, std::move(shape)};
  if (meta.size() > std::numeric_limits<int64_t>::max() / static_cast<int64_t>(size_of(dtype)))
    throw ValueError(str("cannot allocate a tensor of shape ", meta.shape, ": too many bytes"));
  return from_buffer(new_buffer(b, meta.bytes()), 0, meta);
}

Tensor Tensor::from_data(const void* data, Shape shape, DType dtype) {
  Tensor t = empty(std::move(shape), dtype);
  if (t.nbytes()) {
    if (!data) throw ValueError("Tensor::from_data: data is null");
    std::memcpy(t.raw_data(), data, t.nbytes());
  }
  return t;
}

Tensor Tensor::full(Shape shape, double value, DType dtype, backend::Backend* on) {
  Tensor host = empty(std::move(shape), dtype);
  std::vector<double> one{value};
  int64_t n = host.size();
  if (n > 0) {
    convert_elements(one.data(), DType::float64, host.raw_data(), dtype, 1);
    std::size_t item = size_of(dtype);
    auto* bytes = static_cast<uint8_t*>(host.raw_data());
    for (int64_t i = 1; i < n; ++i) std::memcpy(bytes + i * item, bytes, item);
  }
  return on ? host.to(*on) : host;
}

Tensor Tensor::zeros(Shape shape, DType dtype, backend::Backend* on) {
  return full(std::move(shape), 0.0, dtype, on);
}
Tensor Tensor::ones(Shape shape, DType dtype, backend::Backend* on) {
  return full(std::move(shape), 1.0, dtype, on);
}

backend::Backend& Tensor::backend() const {
  if (!buffer_) throw ValueError("this tensor is symbolic (or empty) and has no device storage");
  return buffer_->backend();
}

void* Tensor::raw_data() const {
  if (!buffer_) throw ValueError("this tensor is symbolic (or empty) and has no data");
  return static_cast<uint8_t*>(buffer_->data()) + offset_;
}

void Tensor::check_host_access(DType expected) const {
  if (!buffer_) throw ValueError("this tensor is symbolic (or empty) and has no data");
  if (expected != dtype())
    throw TypeError(str("tensor has dtype ", dtype(), " but was read as ", expected));
  if (!backend().is_host())
    throw ValueError(str("tensor lives on the ", backend().name(),
                         " device; copy it to the host first with to(backend::host())"));
}

void Tensor::copy_out(void* host, DType as) const {
  if (!buffer_) throw ValueError("this tensor is symbolic (or empty) and has no values yet");
  if (backend().is_host()) {
    convert_elements(raw_data(), dtype(), host, as, size());
  } else {
    std::vector<uint8_t> staging(nbytes());
    backend().copy_to_host(staging.data(), raw_data(), nbytes());
    convert_elements(staging.data(), dtype(), host, as, size());
  }
}

Tensor Tensor::to(backend::Backend& target) const {
  if (!buffer_) throw ValueError("cannot move a symbolic (or empty) tensor to a device");
  if (&backend() == &target) return *this;
  Tensor out = empty(shape(), dtype(), &target);
  if (backend().is_host()) {
    target.copy_from_host(out.raw_data(), raw_data(), nbytes());
  } else if (target.is_host()) {
    backend().copy_to_host(out.raw_data(), raw_data(), nbytes());
  } else {
    std::vector<uint8_t> staging(nbytes());
    backend().copy_to_host(staging.data(), raw_data(), nbytes());
    target.copy_from_host(out.raw_data(), staging.data(), nbytes());
  }
  return out;
}

Tensor Tensor::copy() const {
  Tensor out = empty(shape(), dtype(), &backend());
  backend().copy_on_device(out.raw_data(), raw_data(), nbytes());
  return out;
}

void Tensor::copy_from(const Tensor& source) {
  if (source.dtype() != dtype() || source.shape() != shape())
    throw ValueError(str("copy_from: expected a ", meta().to_string(), " tensor, got ",
                         source.meta().to_string()));
  Tensor src = source.to(backend());
  backend().copy_on_device(raw_data(), src.raw_data(), nbytes());
}

Tensor Tensor::astype(DType target) const {
  if (!defined()) throw ValueError("astype on an empty tensor");
  if (is_symbolic()) return ops::call1("cast", {*this}, ops::CastAttrs{.dtype = target});
  if (target == dtype()) return copy();
  Tensor host_out = empty(shape(), target);
  copy_out(host_out.raw_data(), target);
  return backend().is_host() ? host_out : host_out.to(backend());
}

Tensor Tensor::reshape(Shape target) const {
  if (!defined()) throw ValueError("reshape on an empty tensor");
  if (is_symbolic())
    return ops::call1("reshape", {*this}, ops::ReshapeAttrs{.shape = target.dims()});
  int64_t known = 1, unknown_axis = -1;
  for (int i = 0; i < target.rank(); ++i) {
    if (target[i] == -1) {
      if (unknown_axis >= 0)
        throw ValueError(str("reshape: at most one dimension may be -1, got ", target));
      unknown_axis = i;
    } else if (target[i] < 0) {
      throw ValueError(str("reshape: invalid dimension in ", target));
    } else {
      known *= target[i];
    }
  }
  if (unknown_axis >= 0) {
    if (known == 0 || size() % known != 0)
      throw ValueError(str("cannot reshape a tensor of shape ", shape(), " into ", target));
    target[static_cast<int>(unknown_axis)] = size() / known;
  }
  if (target.num_elements() != size())
    throw ValueError(str("cannot reshape a tensor of shape ", shape(), " (", size(),
                         " elements) into shape ", target));
  Tensor t = *this;
  t.meta_.shape = std::move(target);
  t.variable_ = nullptr;
  return t;
}

Tensor Tensor::slice(int64_t begin, int64_t end) const {
  if (!defined()) throw ValueError("slice on an empty tensor");
  if (rank() == 0) throw ValueError("cannot slice a scalar (rank-0) tensor");
  int64_t n = shape()[0];
  if (n < 0) {
    if (begin < 0 || end < 0)
      throw ValueError("slice: negative indices need a known first dimension");
  } else {
    if (begin < 0) begin += n;
    if (end < 0) end += n;
    begin = std::clamp<int64_t>(begin, 0, n);
    end = std::clamp<int64_t>(end, begin, n);
  }
  if (end < begin) throw ValueError(str("slice: end ", end, " is before begin ", begin));
  if (is_symbolic()) {
    std::vector<int64_t> b(static_cast<size_t>(rank()), 0), s(static_cast<size_t>(rank()), -1);
    b[0] = begin;
    s[0] = end - begin;
    return ops::call1("slice", {*this}, ops::SliceAttrs{.begin = b, .size = s});
  }
  int64_t row_bytes = n ? static_cast<int64_t>(nbytes()) / n : 0;
  Tensor t = *this;
  t.meta_.shape[0] = end - begin;
  t.offset_ += static_cast<std::size_t>(begin * row_bytes);
  t.variable_ = nullptr;
  return t;
}

Tensor Tensor::operator[](int64_t index) const {
  if (rank() == 0) throw ValueError("cannot index a scalar (rank-0) tensor");
  int64_t n = shape()[0];
  if (n >= 0 && (index < -n || index >= n))
    throw ValueError(str("index ", index, " is out of bounds for axis 0 with size ", n));
  if (index < 0) index += n;
  std::vector<int64_t> rest(shape().begin() + 1, shape().end());
  return slice(index, index + 1).reshape(Shape(rest));
}

namespace {
// Nested brackets as NumPy prints; an axis longer than 6 shows its first and last 3 entries.
template <class Format>
void print_nested(std::string& out, const Format& format, const Shape& shape, int axis,
                  int64_t offset) {
  if (axis == shape.rank()) {
    out += format(static_cast<size_t>(offset));
    return;
  }
  int64_t n = shape[axis], stride = 1;
  for (int a = axis + 1; a < shape.rank(); ++a) stride *= shape[a];
  out += "[";
  for (int64_t i = 0; i < n; ++i) {
    if (n > 6 && i == 3) {
      out += ", ...";
      i = n - 3;
    }
    if (i) out += ", ";
    print_nested(out, format, shape, axis + 1, offset + i * stride);
  }
  out += "]";
}
}  // namespace

std::string Tensor::to_string() const {
  if (!defined()) return "<Tensor (empty)>";
  if (is_symbolic()) return str("<KerasTensor ", dtype(), " ", shape(), ">");
  std::string out = str("<Tensor ", dtype(), " ", shape(), " ");
  if (dtype() == DType::bool_ || is_integer(dtype())) {
    std::vector<int64_t> v = to_vector<int64_t>();  // exact, unlike a trip through double
    bool is_bool = dtype() == DType::bool_;
    print_nested(
        out,
        [&](size_t i) {
          return is_bool ? std::string(v[i] ? "True" : "False") : std::to_string(v[i]);
        },
        shape(), 0, 0);
  } else {
    std::vector<double> v = to_vector<double>();
    print_nested(
        out, [&](size_t i) { return str(v[i]); }, shape(), 0, 0);
  }
  return out + ">";
}

std::ostream& operator<<(std::ostream& out, const Tensor& tensor) {
  return out << tensor.to_string();
}

}  // namespace keras
