// Nested<T>: one value, a list of values or a dict of named values, the three structures Keras
// layers and models are called on and return (Keras's "nested structures", flattened one level).
//
//   Tensors one = x;                       // a single tensor
//   Tensors both = {a, b};                 // a list: merge layers, multi-input models
//   Tensors named = {{"image", a}, {"meta", b}};  // a dict (flattened in sorted key order)
//   Tensor y = model(both);                // a single value converts back to T
//
// Flattening follows Keras (keras.tree): a list in order, a dict by sorted key. Index access is
// into the flat order.
#pragma once

#include <algorithm>
#include <initializer_list>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "keras/core/error.h"

namespace keras {

template <class T>
class Nested {
 public:
  enum class Kind { single, list, dict };

  Nested() : kind_(Kind::list) {}                                      // an empty list
  Nested(T value) : kind_(Kind::single), values_{std::move(value)} {}  // NOLINT: implicit by design
  Nested(std::vector<T> values) : kind_(Kind::list), values_(std::move(values)) {}  // NOLINT
  Nested(std::initializer_list<T> values) : kind_(Kind::list), values_(values) {}
  Nested(std::map<std::string, T> values) : kind_(Kind::dict) {  // NOLINT
    for (auto& [key, value] : values) {
      keys_.push_back(key);
      values_.push_back(std::move(value));
    }
  }
  Nested(std::initializer_list<std::pair<const std::string, T>> values)
      : Nested(std::map<std::string, T>(values)) {}

  Kind kind() const { return kind_; }
  bool is_single() const { return kind_ == Kind::single; }
  bool is_list() const { return kind_ == Kind::list; }
  bool is_dict() const { return kind_ == Kind::dict; }
  std::size_t size() const { return values_.size(); }
  bool empty() const { return values_.empty(); }

  // The flat values: the single value, the list, or the dict's values by sorted key.
  const std::vector<T>& flat() const { return values_; }
  std::vector<T>& flat() { return values_; }
  const T& operator[](std::size_t index) const { return values_.at(index); }
  T& operator[](std::size_t index) { return values_.at(index); }
  auto begin() const { return values_.begin(); }
  auto end() const { return values_.end(); }

  // Dict access.
  const std::vector<std::string>& keys() const { return keys_; }
  bool contains(const std::string& key) const { return index_of(key) >= 0; }
  const T& at(const std::string& key) const {
    int i = index_of(key);
    if (i < 0) throw ValueError(str("no entry named '", key, "'"));
    return values_[static_cast<std::size_t>(i)];
  }

  // The one value of a single (or of a one-element list, as Keras's unpack_singleton); throws
  // ValueError naming `who` otherwise.
  const T& single(const std::string& who = "") const {
    if (values_.size() != 1 || kind_ == Kind::dict)
      throw ValueError(
          str(who.empty() ? "" : who + ": ", "expected a single value, got ", describe()));
    return values_.front();
  }
  operator const T&() const { return single(); }  // NOLINT: `Tensor y = layer(x)`

  // The same structure with new flat values (count must match).
  template <class U>
  Nested<U> with_values(std::vector<U> values) const {
    KERAS_ASSERT(values.size() == values_.size(), "structure of ", values_.size(), " gets ",
                 values.size(), " values");
    Nested<U> out;
    out.kind_ = static_cast<typename Nested<U>::Kind>(kind_);
    out.keys_ = keys_;
    out.values_ = std::move(values);
    return out;
  }
  template <class F>
  auto map(F&& f) const -> Nested<std::decay_t<decltype(f(std::declval<const T&>()))>> {
    std::vector<std::decay_t<decltype(f(std::declval<const T&>()))>> out;
    out.reserve(values_.size());
    for (const T& value : values_) out.push_back(f(value));
    return with_values(std::move(out));
  }

  // "a single value", "a list of 2", "a dict with keys [a, b]".
  std::string describe() const {
    switch (kind_) {
      case Kind::single:
        return "a single value";
      case Kind::list:
        return str("a list of ", values_.size());
      case Kind::dict: {
        std::string keys;
        for (const auto& key : keys_) keys += (keys.empty() ? "" : ", ") + key;
        return str("a dict with keys [", keys, "]");
      }
    }
    return "?";
  }

 private:
  template <class U>
  friend class Nested;
  int index_of(const std::string& key) const {
    auto it = std::find(keys_.begin(), keys_.end(), key);
    return it == keys_.end() ? -1 : static_cast<int>(it - keys_.begin());
  }

  Kind kind_;
  std::vector<std::string> keys_;  // dict only, sorted
  std::vector<T> values_;
};

}  // namespace keras
