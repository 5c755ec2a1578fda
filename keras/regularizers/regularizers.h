// keras.regularizers: penalties on weights or activations that are added to the loss, as Keras 3
// has them (keras/src/regularizers/regularizers.py): L1, L2, L1L2, OrthogonalRegularizer, and
// get / serialize / deserialize by name.
//
//   layers::Dense(64, {.kernel_regularizer = regularizers::L2(1e-4)});
//   layers::Dense(64, {.kernel_regularizer = "l1"});  // L1 with its default factor 0.01
//
// A regularizer maps a tensor to a scalar of its dtype, built from keras::ops (so it runs at
// once on concrete tensors and adds graph nodes on symbolic ones).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "keras/core/class_registry.h"
#include "keras/core/json.h"
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
class L1 : public Regularizer {
 public:
  explicit L1(double l1 = 0.01);
  Tensor operator()(const Tensor& x) const override;
  std::string class_name() const override { return "L1"; }
  Json get_config() const override;
  static std::shared_ptr<L1> from_config(const Json& config);
  double l1() const { return l1_; }

 private:
  double l1_;
};

// l2 * sum(x²).
class L2 : public Regularizer {
 public:
  explicit L2(double l2 = 0.01);
  Tensor operator()(const Tensor& x) const override;
  std::string class_name() const override { return "L2"; }
  Json get_config() const override;
  static std::shared_ptr<L2> from_config(const Json& config);
  double l2() const { return l2_; }

 private:
  double l2_;
};

// l1 * sum(|x|) + l2 * sum(x²); a zero factor adds no term.
class L1L2 : public Regularizer {
 public:
  explicit L1L2(double l1 = 0.0, double l2 = 0.0);
  Tensor operator()(const Tensor& x) const override;
  std::string class_name() const override { return "L1L2"; }
  Json get_config() const override;
  static std::shared_ptr<L1L2> from_config(const Json& config);

 private:
  double l1_, l2_;
};

// factor * 0.5 * mean over pairs i != j of |<u_i, u_j>|, with u the L2-normalized rows
// (mode "rows") or columns ("columns") of a rank-2 input: pushes them towards orthogonality.
class OrthogonalRegularizer : public Regularizer {
 public:
  explicit OrthogonalRegularizer(double factor = 0.01, std::string mode = "rows");
  Tensor operator()(const Tensor& x) const override;
  std::string class_name() const override { return "OrthogonalRegularizer"; }
  Json get_config() const override;
  static std::shared_ptr<OrthogonalRegularizer> from_config(const Json& config);

 private:
  double factor_;
  std::string mode_;
};

// A regularizer from a name ("l2", "L2", "l1_l2", "orthogonal_regularizer"; made with default
// arguments), a config ({"class_name": "L2", "config": {"l2": 0.01}}), an object, or nothing
// (nullptr). Unknown names throw ValueError "Could not interpret regularizer identifier: ...".
RegularizerPtr get(const RegularizerArg& identifier);
RegularizerPtr get(const Json& identifier);
// A config value (a name, a serialized object, or null) as an argument (keras/core/keras_args.h).
inline void object_arg_from_config(RegularizerArg& out, const Json& value) {
  out = get(value);
}
// {"module": "keras.regularizers", "class_name": ..., "config": ..., "registered_name": null}.
Json serialize(const Regularizer& regularizer);
RegularizerPtr deserialize(const Json& config);

// Custom regularizer classes, rebuilt from their configs by name (Keras's
// register_keras_serializable); a name may shadow a built-in.
ClassRegistry<Regularizer>& registry();

}  // namespace keras::regularizers
