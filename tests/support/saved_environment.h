// Saves environment variables and puts them back (set or unset as they were) when destroyed, so a
// test may change HOME, KERAS_HOME or KERAS_BACKEND freely.
#pragma once

#include <cstdlib>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace keras::testing {

class SavedEnvironment {
 public:
  SavedEnvironment() = default;
  explicit SavedEnvironment(std::initializer_list<const char*> names) {
    for (const char* name : names) {
      const char* value = std::getenv(name);
      saved_.emplace_back(name, value ? std::optional<std::string>(value) : std::nullopt);
    }
  }
  SavedEnvironment(const SavedEnvironment&) = delete;
  SavedEnvironment& operator=(const SavedEnvironment&) = delete;
  SavedEnvironment(SavedEnvironment&& other) noexcept : saved_(std::move(other.saved_)) {
    other.saved_.clear();
  }
  SavedEnvironment& operator=(SavedEnvironment&& other) noexcept {
    restore();
    saved_ = std::move(other.saved_);
    other.saved_.clear();
    return *this;
  }
  ~SavedEnvironment() { restore(); }

  void restore() {
    for (const auto& [name, value] : saved_) {
      if (value)
        ::setenv(name.c_str(), value->c_str(), 1);
      else
        ::unsetenv(name.c_str());
    }
    saved_.clear();
  }

 private:
  std::vector<std::pair<std::string, std::optional<std::string>>> saved_;
};

}  // namespace keras::testing
