#include "keras/layers/axis_arg.h"

#include "keras/core/detail/keras_args.h"
#include "keras/core/json.h"

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

}  // namespace keras::layers

namespace keras::args {

Json ArgForm<layers::AxisArg>::write(const layers::AxisArg& axis) {
  return axis.to_json();
}

void ArgForm<layers::AxisArg>::read(const Json& value, layers::AxisArg& out, const Site& site) {
  if (value.is_null()) return;
  std::optional<layers::AxisArg> axis = layers::AxisArg::from_json(value);
  if (!axis) site.wrong_type("an int or a list of ints", value);
  out = *axis;
}

}  // namespace keras::args
