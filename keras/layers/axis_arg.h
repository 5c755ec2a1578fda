// The `axis=` argument of Softmax and the normalization layers: one axis or a list of axes.
// Keras writes back what it was given, so an int and a one-element list stay apart in configs
// ("axis": -1 against "axis": [-1]).
//
//   layers::LayerNormalization ln({.axis = {1, 2}});
//   layers::Softmax softmax({.axis = -1});
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "keras/core/arg_form.h"

namespace keras::layers {

class AxisArg {
 public:
  AxisArg(int axis) : axes_{axis} {}  // NOLINT: axis = -1
  AxisArg(std::initializer_list<int> axes) : axes_(axes), is_list_(true) {}
  AxisArg(std::vector<int> axes) : axes_(std::move(axes)), is_list_(true) {}  // NOLINT

  bool is_list() const { return is_list_; }
  const std::vector<int>& axes() const { return axes_; }

  // An int or a list of ints, as Keras writes it.
  Json to_json() const;
  // Python's repr of the value: -1 or [1, 2].
  std::string to_string() const;
  // The value of a config's "axis"; nullopt for anything but an int or a list of ints.
  static std::optional<AxisArg> from_json(const Json& value);

 private:
  std::vector<int> axes_;
  bool is_list_ = false;
};

}  // namespace keras::layers

namespace keras::args {

template <>
struct ArgForm<layers::AxisArg> {
  static Json write(const layers::AxisArg& axis);
  static void read(const Json& value, layers::AxisArg& out, const Site& site);
};

}  // namespace keras::args
