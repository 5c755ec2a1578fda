// ClassRegistry<Base>: Keras class names mapped to factories that rebuild an object from its
// config (Keras's deserialize_keras_object for one family: layers, regularizers, constraints).
// Each family fills its registry with its built-in classes when first used; users add their own
// classes under a name with add(), as Keras's register_keras_serializable does, and may shadow
// a built-in that way.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "keras/core/error.h"
#include "keras/core/json_fwd.h"

namespace keras {

namespace detail {
// Calls `factory` with `config` (null as {}), turning nlohmann's type errors into keras::TypeError
// "<family> <name>: bad config ..." (out of line, so that this header needs no complete Json).
void run_factory(const std::function<void(const Json&)>& factory, const std::string& name,
                 const Json& config, const char* family);
}  // namespace detail

template <class Base>
class ClassRegistry {
 public:
  using Factory = std::function<std::shared_ptr<Base>(const Json& config)>;

  void add(const std::string& name, Factory factory) {
    std::lock_guard lock(mutex_);
    factories_[name] = std::move(factory);
  }
  bool contains(const std::string& name) const {
    std::lock_guard lock(mutex_);
    return factories_.count(name) != 0;
  }
  // A new object of class `name` from `config` (null means {}); nullptr when no class has that
  // name. A config value of the wrong JSON type becomes a TypeError naming `family` and `name`.
  std::shared_ptr<Base> create(const std::string& name, const Json& config,
                               const char* family) const {
    Factory factory;
    {
      std::lock_guard lock(mutex_);
      auto it = factories_.find(name);
      if (it == factories_.end()) return nullptr;
      factory = it->second;
    }
    std::shared_ptr<Base> out;
    detail::run_factory([&](const Json& c) { out = factory(c); }, name, config, family);
    return out;
  }
  std::vector<std::string> names() const {
    std::lock_guard lock(mutex_);
    std::vector<std::string> out;
    for (const auto& item : factories_) out.push_back(item.first);
    return out;
  }

 private:
  mutable std::mutex mutex_;
  std::map<std::string, Factory> factories_;
};

}  // namespace keras
