// Attributes of an op instance: axis lists, flags, hyperparameters. Each op that has attributes
// declares one plain struct for them in keras/ops/op_attrs.h, every field written once with its
// default; Attrs holds one such struct, type-erased, so that graph nodes, kernel specs and caches
// can carry any op's attributes, and shape rules, gradient rules and kernels read it back typed:
//
//   const auto& a = attrs.as<ReduceAttrs>();  // a.axes, a.keepdims
//
// A struct lists its fields once, in a member
//
//   void fields(auto&& v) const { v("axes", axes); v("keepdims", keepdims); }
//
// and the canonical key (equal attributes give equal keys: common-subexpression elimination and
// kernel caches use it), equality and printing all follow from that list. Field types: bool,
// int64_t, double, std::string, std::vector<int64_t>, enums with a name() (DType,
// FusedActivation), std::optional of those, and Attrs (unary_grad carries its forward op's).
//
// An Attrs is immutable and cheap to copy (a shared pointer). Reading it as a struct other than
// the one it holds is an internal error; ops::call checks a call's struct against the op's.
#pragma once

#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <type_traits>
#include <typeinfo>
#include <vector>

#include "keras/core/dtype.h"

namespace keras::ops {

class Attrs;

// What an attribute struct must have: the list of its fields.
template <class T>
concept AttrStruct = requires(const T& t) {
  t.fields([](const char*, const auto&) {});
};

// The canonical text of one field value, appended to `out`.
namespace attr_text {
void append(std::string& out, bool value);
void append(std::string& out, int64_t value);
void append(std::string& out, double value);  // %.17g: distinct doubles give distinct text
void append(std::string& out, const std::string& value);
void append(std::string& out, const std::vector<int64_t>& value);
void append(std::string& out, const Attrs& value);
template <class E>
requires std::is_enum_v<E>
void append(std::string& out, E value) {
  out += name(value);
}
template <class T>
void append(std::string& out, const std::optional<T>& value) {
  if (value)
    append(out, *value);
  else
    out += "none";
}
}  // namespace attr_text

class Attrs {
 public:
  Attrs() = default;  // no attributes
  template <AttrStruct T>
  Attrs(T value) : held_(std::make_shared<const Held<T>>(std::move(value))) {}  // NOLINT: implicit

  bool empty() const { return held_ == nullptr; }
  template <class T>
  bool is() const {
    return held_ && held_->type() == typeid(T);
  }
  // The struct held; reading another type is an internal error naming both.
  template <class T>
  const T& as() const {
    if (!is<T>()) wrong_type(typeid(T));
    return static_cast<const Held<T>&>(*held_).value;
  }

  bool same_type(const Attrs& other) const;
  // The struct's name ("ReduceAttrs"); "no attributes" when empty.
  std::string type_name() const;
  // Canonical text, "axes=[0],keepdims=false" ("" when empty).
  std::string key() const { return held_ ? held_->key() : std::string(); }

  friend bool operator==(const Attrs& a, const Attrs& b) {
    return a.same_type(b) && a.key() == b.key();
  }

 private:
  struct Base {
    virtual ~Base() = default;
    virtual const std::type_info& type() const = 0;
    virtual std::string key() const = 0;
  };
  template <class T>
  struct Held final : Base {
    explicit Held(T v) : value(std::move(v)) {}
    const std::type_info& type() const override { return typeid(T); }
    std::string key() const override {
      std::string out;
      value.fields([&out](const char* name, const auto& field) {
        if (!out.empty()) out += ',';
        out += name;
        out += '=';
        attr_text::append(out, field);
      });
      return out;
    }
    T value;
  };

  [[noreturn]] void wrong_type(const std::type_info& wanted) const;
  std::shared_ptr<const Base> held_;
};

// "ReduceAttrs{axes=[0],keepdims=false}", for messages and debugging.
std::ostream& operator<<(std::ostream& out, const Attrs& attrs);

}  // namespace keras::ops
