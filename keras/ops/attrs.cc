#include "keras/ops/attrs.h"

#include <cxxabi.h>

#include <cstdio>
#include <cstdlib>

#include "keras/core/error.h"

namespace keras::ops {

namespace {

// "keras::ops::StepAttrs<keras::ops::AdamUpdateOptions>" -> "StepAttrs<AdamUpdateOptions>".
std::string readable_name(const std::type_info& type) {
  int status = 0;
  char* demangled = abi::__cxa_demangle(type.name(), nullptr, nullptr, &status);
  std::string name = status == 0 && demangled ? demangled : type.name();
  std::free(demangled);
  const std::string prefix = "keras::ops::";
  for (size_t at; (at = name.find(prefix)) != std::string::npos;) name.erase(at, prefix.size());
  return name;
}

}  // namespace

namespace attr_text {

void append(std::string& out, bool value) {
  out += value ? "true" : "false";
}

void append(std::string& out, int64_t value) {
  out += std::to_string(value);
}

void append(std::string& out, double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", value);
  out += buf;
}

void append(std::string& out, const std::string& value) {
  out += '"';
  out += value;
  out += '"';
}

void append(std::string& out, const std::vector<int64_t>& value) {
  out += '[';
  for (size_t i = 0; i < value.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(value[i]);
  }
  out += ']';
}

void append(std::string& out, const Attrs& value) {
  out += '{';
  out += value.key();
  out += '}';
}

}  // namespace attr_text

bool Attrs::same_type(const Attrs& other) const {
  if (!held_ || !other.held_) return !held_ && !other.held_;
  return held_->type() == other.held_->type();
}

std::string Attrs::type_name() const {
  return held_ ? readable_name(held_->type()) : "no attributes";
}

void Attrs::wrong_type(const std::type_info& wanted) const {
  KERAS_UNREACHABLE("op attributes ", *this, " read as ", readable_name(wanted));
}

std::ostream& operator<<(std::ostream& out, const Attrs& attrs) {
  if (attrs.empty()) return out << "{}";
  return out << attrs.type_name() << '{' << attrs.key() << '}';
}

}  // namespace keras::ops
