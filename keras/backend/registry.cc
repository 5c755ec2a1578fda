// The list of backends compiled into this build, and the process-wide instances.
#include <map>
#include <mutex>

#include "keras/backend/backend.h"
#include "keras/backend/cpu/cpu_backend.h"
#ifdef KERAS_WITH_TORCH
#include "keras/backend/torch/torch_backend.h"
#endif
#include "keras/config/config.h"
#include "keras/core/error.h"

namespace keras::backend {

namespace {

struct Registry {
  std::mutex mutex;
  std::map<std::string, BackendFactory> factories;
  std::map<std::string, std::unique_ptr<Backend>> instances;

  Registry() {
    factories["cpu"] = &cpu::make_cpu_backend;
#ifdef KERAS_WITH_TORCH
    factories["torch"] = &torch::make_torch_backend;
#endif
  }
};

Registry& registry() {
  static Registry* r = new Registry;  // never destroyed: buffers may outlive static destructors
  return *r;
}

}  // namespace

void register_backend(const std::string& name, BackendFactory factory) {
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  r.factories[name] = factory;
}

std::vector<std::string> available() {
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  std::vector<std::string> names;
  for (const auto& [name, factory] : r.factories) names.push_back(name);
  return names;
}

Backend& get(const std::string& name) {
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  if (auto it = r.instances.find(name); it != r.instances.end()) return *it->second;
  auto f = r.factories.find(name);
  if (f == r.factories.end()) {
    std::string list;
    for (const auto& [n, factory] : r.factories) list += str(list.empty() ? "" : ", ", "'", n, "'");
    throw ValueError(
        str("Unable to import backend : ", name, ". Backends built into kerascpp: ", list, "."));
  }
  return *(r.instances[name] = f->second());
}

Backend& host() {
  return get("cpu");
}

Backend& current() {
  std::string name = config::backend();
  Backend& chosen = get(name);
  config::detail::announce_backend(name);
  return chosen;
}

}  // namespace keras::backend
