// keras::initializers::Initializer: the base class of weight initializers, as Keras 3's
// keras.Initializer (keras/src/initializers/initializer.py).
//
// An initializer is called with a fully defined shape and an optional dtype (floatx when none)
// and returns a concrete tensor on the current backend. Initializers are values: each class
// takes its Keras arguments in an options struct and keeps it; its configuration is the JSON
// object Keras writes under "config" (get_config), listed once per class in Keras's order; each
// class has a static from_config that rebuilds it, and keras::initializers::serialize /
// deserialize / get (initializers.h) go through names.
//
//   keras::initializers::GlorotUniform init({.seed = 42});
//   Tensor kernel = init(Shape{784, 512});
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "keras/core/arg_form.h"
#include "keras/core/dtype.h"
#include "keras/core/json_fwd.h"
#include "keras/core/shape.h"
#include "keras/core/tensor.h"

namespace keras::initializers {

class Initializer {
 public:
  virtual ~Initializer() = default;

  // A new tensor of `shape` (fully defined) and `dtype` (keras::config::floatx() when none).
  virtual Tensor operator()(const Shape& shape, std::optional<DType> dtype = std::nullopt) = 0;

  // The Keras class name written in configs ("GlorotUniform").
  virtual std::string class_name() const = 0;
  // The constructor arguments, with Keras's key names ({"seed": null} for GlorotUniform).
  virtual Json get_config() const;  // {} unless the class has arguments

  // A new initializer of the same class and configuration (Keras's clone()).
  std::shared_ptr<Initializer> clone() const;
};

namespace detail {
// The dtype an initializer produces: `dtype`, or floatx when none.
DType resolve_dtype(const std::optional<DType>& dtype);
// Throws ValueError naming `who` when `shape` has an unknown dimension.
void check_shape(const Shape& shape, const std::string& who);
}  // namespace detail

}  // namespace keras::initializers
