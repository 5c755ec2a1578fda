#include "keras/layers/normalization/axis_arg.h"

#include "keras/graph/node.h"
#include "keras/ops/math.h"

namespace keras::layers {

Json AxisArg::to_json() const {
  if (!is_list_) return axes_.front();
  Json out = Json::array();
  for (int a : axes_) out.push_back(a);
  return out;
}

std::string AxisArg::to_string() const {
  if (!is_list_) return std::to_string(axes_.front());
  std::string out = "[";
  for (size_t i = 0; i < axes_.size(); ++i) out += (i ? ", " : "") + std::to_string(axes_[i]);
  return out + "]";
}

std::optional<AxisArg> AxisArg::from_json(const Json& value) {
  if (value.is_number_integer()) return AxisArg(value.get<int>());
  if (!value.is_array()) return std::nullopt;
  std::vector<int> axes;
  for (const Json& a : value) {
    if (!a.is_number_integer()) return std::nullopt;
    axes.push_back(a.get<int>());
  }
  return AxisArg(std::move(axes));
}

namespace normalization_detail {

Tensor read(const Variable& variable, const Tensor& like, DType dtype) {
  Tensor value = like.is_symbolic() ? graph::variable_read(variable.state_ptr()) : variable.value();
  return ops::cast(value, dtype);
}

DType at_least_float32(DType dtype) {
  return dtype == DType::float64 ? DType::float64 : DType::float32;
}

}  // namespace normalization_detail

}  // namespace keras::layers
