#include <map>
#include <mutex>

#include "keras/core/error.h"
#include "keras/ops/op_def.h"

namespace keras::ops {

namespace {

std::map<std::string, OpDef, std::less<>>& table() {
  static auto* t = new std::map<std::string, OpDef, std::less<>>;
  return *t;
}

void register_leaf_ops() {
  // Leaves carry no computation: programs bind them to inputs, constants and variable storage.
  for (const char* name : {"placeholder", "constant", "variable"}) {
    OpDef def;
    def.name = name;
    def.min_inputs = def.max_inputs = 0;
    def.is_leaf = true;
    def.infer = [](std::span<const TensorMeta>, const Attrs&) -> std::vector<TensorMeta> {
      KERAS_UNREACHABLE("leaf nodes carry their meta");
    };
    detail::add_op(std::move(def));
  }
}

const std::map<std::string, OpDef, std::less<>>& ops() {
  static std::once_flag once;
  std::call_once(once, [] {
    register_leaf_ops();
    detail::register_elementwise_ops();
    detail::register_reduction_ops();
    detail::register_linalg_ops();
    detail::register_nn_ops();
    detail::register_shape_ops();
    detail::register_random_ops();
    detail::register_optimizer_ops();
  });
  return table();
}

}  // namespace

void detail::add_op(OpDef def) {
  KERAS_ASSERT(!table().count(def.name), "op ", def.name, " declared twice");
  std::string name = def.name;
  table().emplace(std::move(name), std::move(def));
}

const OpDef& get_op(std::string_view name) {
  const auto& t = ops();
  auto it = t.find(name);
  if (it == t.end()) throw ValueError(str("unknown op '", name, "'"));
  return it->second;
}

std::vector<std::string> op_names() {
  std::vector<std::string> names;
  for (const auto& [name, def] : ops()) names.push_back(name);
  return names;
}

}  // namespace keras::ops
