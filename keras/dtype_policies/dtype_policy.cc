#include "keras/dtype_policies/dtype_policy.h"

#include <mutex>

#include "keras/config/config.h"
#include "keras/core/detail/keras_args.h"
#include "keras/core/error.h"
#include "keras/core/json.h"

namespace keras {

namespace {

struct GlobalPolicy {
  std::mutex mutex;
  std::optional<DTypePolicy> policy;
};

GlobalPolicy& global() {
  static auto* state = new GlobalPolicy;
  return *state;
}

}  // namespace

DTypePolicy::DTypePolicy() : DTypePolicy(config::dtype_policy()) {}

DTypePolicy::DTypePolicy(const char* name) : DTypePolicy(std::string(name ? name : "")) {}

DTypePolicy::DTypePolicy(DType dtype)
    : name_(std::string(keras::name(dtype))), compute_(dtype), variable_(dtype) {}

DTypePolicy::DTypePolicy(const std::string& name) : name_(name) {
  if (name == "mixed_float16") {
    compute_ = DType::float16;
    return;
  }
  if (name == "mixed_bfloat16") {
    compute_ = DType::bfloat16;
    return;
  }
  try {
    compute_ = variable_ = dtype_from_name(name);
  } catch (const ValueError&) {
    throw ValueError(str("Cannot convert '", name,
                         "' to a mixed precision DTypePolicy. Valid policies include "
                         "'mixed_float16', 'mixed_bfloat16', and the name of any float dtype "
                         "such as 'float32'."));
  }
}

Json DTypePolicy::to_json() const {
  return {{"module", "keras"},
          {"class_name", "DTypePolicy"},
          {"config", {{"name", name_}}},
          {"registered_name", nullptr}};
}

DTypePolicy DTypePolicy::from_json(const Json& value, const std::string& who) {
  if (value.is_string()) return DTypePolicy(value.get<std::string>());
  if (value.is_object() && value.contains("class_name") && value.contains("config")) {
    const Json& class_name = value.at("class_name");
    const Json& config = value.at("config");
    bool known = class_name == "DTypePolicy" || class_name == "FloatDTypePolicy" ||
                 class_name == "Policy";  // tf-keras's mixed-precision policy
    if (known && config.is_object() && config.contains("name") && config.at("name").is_string())
      return DTypePolicy(config.at("name").get<std::string>());
    if (class_name.is_string() && !known)
      throw ValueError(str(who, ": the dtype policy class '", class_name.get<std::string>(),
                           "' is not supported (DTypePolicy is; quantized policies are not)"));
  }
  throw ValueError(
      str(who, ": expected a dtype policy name or a DTypePolicy object, got ", value.dump()));
}

namespace args {

Json ArgForm<DTypePolicy>::write(const DTypePolicy& policy) {
  return policy.name();
}

void ArgForm<DTypePolicy>::read(const Json& value, DTypePolicy& out, const Site& site) {
  out = DTypePolicy::from_json(value, site.who);
}

}  // namespace args

namespace config {

DTypePolicy dtype_policy() {
  GlobalPolicy& g = global();
  std::lock_guard lock(g.mutex);
  if (g.policy) return *g.policy;
  return DTypePolicy(floatx_dtype());
}

void set_dtype_policy(const std::optional<DTypePolicy>& policy) {
  GlobalPolicy& g = global();
  std::lock_guard lock(g.mutex);
  g.policy = policy;
}

}  // namespace config

}  // namespace keras
