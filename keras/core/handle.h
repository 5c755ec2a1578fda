// Handle<Impl>: how users hold kerascpp's stateful objects (layers, models, optimizers, metrics,
// callbacks), in libtorch's manner. Each such class Foo is two types: FooImpl, the object, and
// Foo, a shared handle to a new FooImpl made from Keras's arguments. A handle is constructed
// the way Keras constructs the object, copies share it, and `->` reaches the object:
//
//   optimizers::Adam adam({.learning_rate = 1e-3});       // a new AdamImpl
//   model.compile({.optimizer = adam, .loss = "mse"});   // the model shares it
//   double lr = adam->learning_rate();
//   callbacks::EarlyStopping stop({.patience = 3});
//   model.fit(x, y, {.callbacks = {stop}});
//   int stopped_at = stop->stopped_epoch();
//
// Stateless configuration objects (initializers, regularizers, constraints, losses, learning-rate
// schedules) are plain values instead, copied where they are passed; both are written Foo(args).
//
// Handles convert to std::shared_ptr of any base of Impl, which is what the library stores; user
// subclasses are made with std::make_shared (or a family's make<T>(...)) and passed as they are.
#pragma once

#include <memory>
#include <type_traits>
#include <utility>

#include "keras/core/error.h"

namespace keras {

template <class Impl>
class Handle {
 public:
  using element_type = Impl;

  Handle() = default;  // empty; using it throws ValueError
  Handle(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}  // NOLINT: adopts an object
  template <class Other>
  requires std::is_base_of_v<Impl, Other> Handle(const Handle<Other>& other)
      : impl_(other.ptr()) {}  // NOLINT: upcast

  Impl* operator->() const { return &checked(); }
  Impl& operator*() const { return checked(); }
  Impl* get() const { return impl_.get(); }
  const std::shared_ptr<Impl>& ptr() const { return impl_; }
  explicit operator bool() const { return impl_ != nullptr; }
  // The object as a pointer to any of its bases (what containers and arguments hold).
  template <class Base>
  requires std::is_base_of_v<Base, Impl>
  operator std::shared_ptr<Base>() const { return impl_; }  // NOLINT

 protected:
  Impl& checked() const {
    if (!impl_) throw ValueError("this handle is empty (default-constructed)");
    return *impl_;
  }

 private:
  std::shared_ptr<Impl> impl_;
};

// The handle of a class made from its options struct alone: Foo({...}) makes a new FooImpl.
//   using EarlyStopping = OptionsHandle<EarlyStoppingImpl, EarlyStoppingOptions>;
// Base is the handle type it extends (LayerHandle<Impl> for layers, which are also callable).
template <class Impl, class Options, class Base = Handle<Impl>>
class OptionsHandle : public Base {
 public:
  using Base::Base;
  explicit OptionsHandle(const Options& options = {}) : Base(std::make_shared<Impl>(options)) {}
};

}  // namespace keras
