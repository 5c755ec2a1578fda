// keras.regularizers: penalties on weights or activations that are added to the loss, as Keras 3
// has them (keras/src/regularizers/regularizers.py): L1, L2, L1L2, OrthogonalRegularizer, and
// get / serialize / deserialize by name.
//
//   layers::Dense(64, {.kernel_regularizer = regularizers::L2(1e-4)});
//   layers::Dense(64, {.kernel_regularizer = regularizers::L1L2({.l1 = 1e-5, .l2 = 1e-4})});
//   layers::Dense(64, {.kernel_regularizer = "l1"});  // L1 with its default factor 0.01
//
// A regularizer maps a tensor to a scalar of its dtype, built from keras::ops (so it runs at
// once on concrete tensors and adds graph nodes on symbolic ones).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "keras/core/class_registry.h"
#include "keras/core/json_fwd.h"
#include "keras/core/object_arg.h"
#include "keras/core/tensor.h"

namespace keras::regularizers {

class Regularizer {
 public:
  virtual ~Regularizer() = default;
  virtual Tensor operator()(const Tensor& x) const = 0;
  virtual std::string class_name() const = 0;  // "L2"
  virtual Json get_config() const = 0;         // the constructor arguments, Keras's key names
};

using RegularizerPtr = std::shared_ptr<Regularizer>;
using RegularizerArg = ObjectArg<Regularizer>;

// l1 * sum(|x|). Keras keeps l1 as a float32 tensor, so the config holds the float32 value.
// ValueError for a negative or non-finite factor (here and below), with Keras's message.
struct L1Options {
  double l1 = 0.01;
};

class L1 : public Regularizer {
 public:
  explicit L1(const L1Options& options = {});
  explicit L1(double l1) : L1(L1Options{.l1 = l1}) {}
  Tensor operator()(const Tensor& x) const override;
  std::string class_name() const override { return "L1"; }
  Json get_config() const override;
  static std::shared_ptr<L1> from_config(const Json& config);
  double l1() const { return options_.l1; }

 private:
  L1Options options_;
};

// l2 * sum(x²).
struct L2Options {
  double l2 = 0.01;
};

class L2 : public Regularizer {
 public:
  explicit L2(const L2Options& options = {});
  explicit L2(double l2) : L2(L2Options{.l2 = l2}) {}
  Tensor operator()(const Tensor& x) const override;
  std::string class_name() const override { return "L2"; }
  Json get_config() const override;
  static std::shared_ptr<L2> from_config(const Json& config);
  double l2() const { return options_.l2; }

 private:
  L2Options options_;
};

// l1 * sum(|x|) + l2 * sum(x²); a zero factor adds no term.
struct L1L2Options {
  double l1 = 0.0;
  double l2 = 0.0;
};

class L1L2 : public Regularizer {
 public:
  explicit L1L2(const L1L2Options& options = {});
  Tensor operator()(const Tensor& x) const override;
  std::string class_name() const override { return "L1L2"; }
  Json get_config() const override;
  static std::shared_ptr<L1L2> from_config(const Json& config);

 private:
  L1L2Options options_;
};

// factor * 0.5 * mean over pairs i != j of |<u_i, u_j>|, with u the L2-normalized rows
// (mode "rows") or columns ("columns") of a rank-2 input: pushes them towards orthogonality.
// factor is kept as float32, as Keras does.
struct OrthogonalRegularizerOptions {
  double factor = 0.01;
  std::string mode = "rows";
};

class OrthogonalRegularizer : public Regularizer {
 public:
  explicit OrthogonalRegularizer(const OrthogonalRegularizerOptions& options = {});
  Tensor operator()(const Tensor& x) const override;
  std::string class_name() const override { return "OrthogonalRegularizer"; }
  Json get_config() const override;
  static std::shared_ptr<OrthogonalRegularizer> from_config(const Json& config);

 private:
  OrthogonalRegularizerOptions options_;
};

// A regularizer from a name ("l2", "L2", "l1_l2", "orthogonal_regularizer"; made with default
// arguments), a config ({"class_name": "L2", "config": {"l2": 0.01}}; also Keras 1's
// {"name": "WeightRegularizer", "l1": ..., "l2": ...}, read as L1L2), an object, or nothing
// (nullptr). Unknown names throw ValueError "Could not interpret regularizer identifier: ...".
RegularizerPtr get(const RegularizerArg& identifier);
RegularizerPtr get(const Json& identifier);
// A config value (a name, a serialized object, or null) as an argument
// (keras/core/detail/keras_args.h).
void object_arg_from_config(RegularizerArg& out, const Json& value);
// {"module": "keras.regularizers", "class_name": ..., "config": ..., "registered_name": null}.
Json serialize(const Regularizer& regularizer);
RegularizerPtr deserialize(const Json& config);

// Custom regularizer classes, rebuilt from their configs by name (Keras's
// register_keras_serializable); a name may shadow a built-in.
ClassRegistry<Regularizer>& registry();

}  // namespace keras::regularizers
