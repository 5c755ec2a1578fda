#include "keras/ops/linalg.h"

#include "keras/core/error.h"
#include "keras/ops/op_attrs.h"
#include "keras/ops/op_def.h"

namespace keras::ops {

Tensor matmul(const Tensor& a, const Tensor& b) {
  if (!a.defined() || !b.defined()) throw ValueError("matmul: got an empty (undefined) tensor");
  if (a.rank() == 0 || b.rank() == 0)
    throw ValueError(str("matmul: operands must have rank >= 1, got shapes ", a.shape(), " and ",
                         b.shape(), " (use multiply for scalars)"));
  bool a_vector = a.rank() == 1, b_vector = b.rank() == 1;
  int64_t ka = a.shape().dim(-1), kb = b_vector ? b.shape()[0] : b.shape().dim(-2);
  if (ka != kb && ka != Shape::kUnknown && kb != Shape::kUnknown)
    throw ValueError(str("matmul: inner dimensions do not match: a has shape ", a.shape(),
                         " and b has shape ", b.shape(), " (", ka, " vs ", kb, ")"));
  Tensor a2 = a_vector ? call1("expand_dims", {a}, AxesAttrs{.axes = {0}}) : a;
  Tensor b2 = b_vector ? call1("expand_dims", {b}, AxesAttrs{.axes = {1}}) : b;
  Tensor c = call1("matmul", {a2, b2});
  std::vector<int64_t> drop;
  if (a_vector) drop.push_back(c.rank() - 2);
  if (b_vector) drop.push_back(c.rank() - 1);
  if (!drop.empty()) c = call1("squeeze", {c}, AxesAttrs{.axes = drop});
  return c;
}

Tensor dense(const Tensor& x, const Tensor& kernel, const Tensor& bias,
             const std::string& activation) {
  std::optional<FusedActivation> act =
      activation.empty() ? FusedActivation::linear : fused_activation(activation);
  if (!act)
    throw ValueError(
        str("dense: activation must be ", fused_activation_names(), ", got '", activation, "'"));
  std::vector<Tensor> inputs = {x, kernel};
  if (bias.defined()) inputs.push_back(bias);
  return call1("dense", std::move(inputs), FusedActivationAttrs{.activation = *act});
}

}  // namespace keras::ops
