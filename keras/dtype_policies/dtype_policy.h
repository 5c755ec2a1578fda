// keras.DTypePolicy (keras/src/dtype_policies/dtype_policy.py): a layer's compute and variable
// dtypes. "float32" (any float dtype name) computes and stores in that dtype; "mixed_float16" and
// "mixed_bfloat16" compute in float16 / bfloat16 and keep the variables in float32, which
// Layer::call casts to the compute dtype where they are read (AutocastScope).
//
//   keras::config::set_dtype_policy("mixed_bfloat16");       // every new layer, as in Keras
//   auto head = layers::Dense(10, {.activation = "softmax", .dtype = "float32"});
//
// The global policy (config::dtype_policy) is the one set, else floatx's; layers take it when
// constructed. Setting it is not synchronized with layers being built on other threads: set it
// before building models, as Keras programs do.
#pragma once

#include <optional>
#include <string>

#include "keras/core/arg_form.h"
#include "keras/core/dtype.h"
#include "keras/core/json_fwd.h"

namespace keras {

class DTypePolicy {
 public:
  // The global policy (config::dtype_policy()).
  DTypePolicy();
  // A policy name: "mixed_float16", "mixed_bfloat16", or a dtype name ("float32", "int32", ...).
  // ValueError as Keras's for anything else.
  DTypePolicy(const std::string& name);  // NOLINT: a name is usable wherever a policy is
  DTypePolicy(const char* name);         // NOLINT
  DTypePolicy(DType dtype);              // NOLINT: the policy of that one dtype

  const std::string& name() const { return name_; }
  DType compute_dtype() const { return compute_; }
  DType variable_dtype() const { return variable_; }
  // Compute and variable dtypes differ: variables are cast where they are read.
  bool is_mixed() const { return compute_ != variable_; }

  // Keras 3's serialized form: {"module": "keras", "class_name": "DTypePolicy", "config":
  // {"name": ...}, "registered_name": null}.
  Json to_json() const;
  // A policy name, Keras 3's DTypePolicy / FloatDTypePolicy object, or tf-keras's Policy object;
  // ValueError naming `who` otherwise.
  static DTypePolicy from_json(const Json& value, const std::string& who);

  friend bool operator==(const DTypePolicy& a, const DTypePolicy& b) { return a.name_ == b.name_; }

 private:
  std::string name_;
  DType compute_ = DType::float32, variable_ = DType::float32;
};

namespace config {
// keras.config.dtype_policy(): the policy set, else the policy of floatx().
DTypePolicy dtype_policy();
// keras.config.set_dtype_policy(): the policy of layers made from now on; nullopt unsets it
// (floatx's then).
void set_dtype_policy(const std::optional<DTypePolicy>& policy);
}  // namespace config

// A dtype policy as a config argument: written as its name (as layers that write `self.dtype`
// do), read from a name or a policy object (DTypePolicy::from_json).
namespace args {
template <>
struct ArgForm<DTypePolicy> {
  static Json write(const DTypePolicy& policy);
  static void read(const Json& value, DTypePolicy& out, const Site& site);
};
}  // namespace args

// Keras's legacy names for the same (keras.mixed_precision).
namespace mixed_precision {
using Policy = DTypePolicy;
inline DTypePolicy global_policy() {
  return config::dtype_policy();
}
inline void set_global_policy(const std::optional<DTypePolicy>& policy) {
  config::set_dtype_policy(policy);
}
}  // namespace mixed_precision

}  // namespace keras
