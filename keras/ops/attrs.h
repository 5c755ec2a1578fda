// Attributes of an op instance: axis lists, activation names, hyperparameters. Each op declares
// which keys it reads (see keras/ops/README.md); kernels read them once, when they are built.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "keras/core/dtype.h"

namespace keras::ops {

using AttrValue = std::variant<bool, int64_t, double, std::string, std::vector<int64_t>, DType>;

class Attrs {
 public:
  Attrs() = default;
  Attrs(std::initializer_list<std::pair<const std::string, AttrValue>> values) : values_(values) {}

  Attrs& set(const std::string& key, AttrValue value);
  bool has(const std::string& key) const { return values_.count(key) != 0; }

  // Typed getters; the one-argument forms throw ValueError when the key is missing or has
  // another type. get_float accepts integer values too.
  bool get_bool(const std::string& key) const;
  bool get_bool(const std::string& key, bool fallback) const;
  int64_t get_int(const std::string& key) const;
  int64_t get_int(const std::string& key, int64_t fallback) const;
  double get_float(const std::string& key) const;
  double get_float(const std::string& key, double fallback) const;
  const std::string& get_string(const std::string& key) const;
  std::string get_string(const std::string& key, const std::string& fallback) const;
  const std::vector<int64_t>& get_ints(const std::string& key) const;
  std::vector<int64_t> get_ints(const std::string& key, std::vector<int64_t> fallback) const;
  DType get_dtype(const std::string& key) const;

  // Canonical text ("axis=1,keepdims=true"): equal attributes give equal keys. Used by caches
  // and by common-subexpression elimination.
  std::string key() const;
  const std::map<std::string, AttrValue>& values() const { return values_; }
  friend bool operator==(const Attrs&, const Attrs&) = default;

 private:
  const AttrValue& lookup(const std::string& key, const char* expected) const;
  std::map<std::string, AttrValue> values_;
};

}  // namespace keras::ops
