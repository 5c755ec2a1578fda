// ObjectArg<Base>: a Keras argument that names a built-in object or passes one, as
// `kernel_initializer="glorot_uniform"`, `kernel_regularizer=L2(0.01)` or `None` do in Python.
//
//   layers::Dense(64, {.kernel_initializer = "he_normal",
//                      .kernel_regularizer = regularizers::L2(1e-4)});
//
// Each family resolves it with its get() (initializers::get, regularizers::get, ...), which
// turns a name into a new object with default arguments.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include "keras/core/handle.h"

namespace keras {

template <class Base>
class ObjectArg {
 public:
  ObjectArg() = default;                                   // None
  ObjectArg(std::nullptr_t) {}                             // NOLINT: None
  ObjectArg(const char* name) : name_(name) {}             // NOLINT: a built-in by name
  ObjectArg(std::string name) : name_(std::move(name)) {}  // NOLINT
  template <class T>
  requires std::is_base_of_v<Base, T> ObjectArg(std::shared_ptr<T> object)
      : object_(std::move(object)) {}  // NOLINT: shared
  template <class T>
  requires(std::is_base_of_v<Base, T>&& std::is_copy_constructible_v<T>) ObjectArg(const T& object)
      : object_(std::make_shared<T>(object)) {}  // NOLINT: by value
  template <class T>
  requires std::is_base_of_v<Base, T> ObjectArg(const Handle<T>& handle)
      : object_(handle.ptr()) {}  // NOLINT: shared (optimizers, metrics)

  bool is_none() const { return !name_ && !object_; }
  const std::optional<std::string>& name() const { return name_; }
  const std::shared_ptr<Base>& object() const { return object_; }

 private:
  std::optional<std::string> name_;
  std::shared_ptr<Base> object_;
};

}  // namespace keras
