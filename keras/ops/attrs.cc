#include "keras/ops/attrs.h"

#include <cstdio>

#include "keras/core/error.h"

namespace keras::ops {

Attrs& Attrs::set(const std::string& key, AttrValue value) {
  values_[key] = std::move(value);
  return *this;
}

const AttrValue& Attrs::lookup(const std::string& key, const char* expected) const {
  auto it = values_.find(key);
  if (it == values_.end()) throw ValueError(str("missing attribute '", key, "' (", expected, ")"));
  return it->second;
}

namespace {
template <class T>
const T& typed(const AttrValue& value, const std::string& key, const char* expected) {
  if (const T* v = std::get_if<T>(&value)) return *v;
  throw TypeError(str("attribute '", key, "' must be ", expected));
}
}  // namespace

bool Attrs::get_bool(const std::string& key) const {
  return typed<bool>(lookup(key, "a bool"), key, "a bool");
}
bool Attrs::get_bool(const std::string& key, bool fallback) const {
  return has(key) ? get_bool(key) : fallback;
}
int64_t Attrs::get_int(const std::string& key) const {
  return typed<int64_t>(lookup(key, "an integer"), key, "an integer");
}
int64_t Attrs::get_int(const std::string& key, int64_t fallback) const {
  return has(key) ? get_int(key) : fallback;
}
double Attrs::get_float(const std::string& key) const {
  const AttrValue& v = lookup(key, "a number");
  if (const int64_t* i = std::get_if<int64_t>(&v)) return static_cast<double>(*i);
  return typed<double>(v, key, "a number");
}
double Attrs::get_float(const std::string& key, double fallback) const {
  return has(key) ? get_float(key) : fallback;
}
const std::string& Attrs::get_string(const std::string& key) const {
  return typed<std::string>(lookup(key, "a string"), key, "a string");
}
std::string Attrs::get_string(const std::string& key, const std::string& fallback) const {
  return has(key) ? get_string(key) : fallback;
}
const std::vector<int64_t>& Attrs::get_ints(const std::string& key) const {
  return typed<std::vector<int64_t>>(lookup(key, "a list of integers"), key, "a list of integers");
}
std::vector<int64_t> Attrs::get_ints(const std::string& key, std::vector<int64_t> fallback) const {
  return has(key) ? get_ints(key) : fallback;
}
DType Attrs::get_dtype(const std::string& key) const {
  return typed<DType>(lookup(key, "a dtype"), key, "a dtype");
}

std::string Attrs::key() const {
  std::string out;
  for (const auto& [k, v] : values_) {
    if (!out.empty()) out += ',';
    out += k;
    out += '=';
    std::visit(
        [&](const auto& x) {
          using T = std::decay_t<decltype(x)>;
          if constexpr (std::is_same_v<T, bool>) out += x ? "true" : "false";
          else if constexpr (std::is_same_v<T, int64_t>) out += std::to_string(x);
          else if constexpr (std::is_same_v<T, double>) {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%.17g", x);
            out += buf;
          } else if constexpr (std::is_same_v<T, std::string>) {
            out += '"';
            out += x;
            out += '"';
          }
          else if constexpr (std::is_same_v<T, DType>) out += name(x);
          else {
            out += '[';
            for (size_t i = 0; i < x.size(); ++i) {
              if (i) out += ',';
              out += std::to_string(x[i]);
            }
            out += ']';
          }
        },
        v);
  }
  return out;
}

}  // namespace keras::ops
