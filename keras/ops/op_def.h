// The primitive op registry. Each op is declared once (keras/ops/defs/*.cc): its attribute struct
// (keras/ops/op_attrs.h, the defaults written there once), its shape and dtype rule, and its
// gradient written in other ops. Rules and kernels read the attributes typed,
// `attrs.as<MatmulAttrs>()`. Backends provide one kernel per op and dtype; keras/ops/README.md
// lists every op with its inputs, attributes and semantics.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <vector>

#include "keras/core/tensor.h"
#include "keras/ops/attrs.h"

namespace keras::ops {

// What a gradient rule sees: the node's inputs and outputs (symbolic) and the gradient flowing
// into each output (undefined when that output does not reach the loss).
struct GradContext {
  std::span<const Tensor> inputs;
  std::span<const Tensor> outputs;
  std::span<const Tensor> output_grads;
  const Attrs& attrs;
};

using ShapeRule = std::function<std::vector<TensorMeta>(std::span<const TensorMeta>, const Attrs&)>;
// Returns one gradient per input; an undefined Tensor means "no gradient" (integer inputs,
// indices, masks).
using GradientRule = std::function<std::vector<Tensor>(const GradContext&)>;

struct OpDef {
  std::string name;
  // The op's attribute struct, default-constructed (keras/ops/op_attrs.h); empty when the op has
  // none. A call without attributes gets these; a call with another struct is an internal error.
  Attrs attrs;
  int min_inputs = 1;
  int max_inputs = 1;  // -1: any number
  ShapeRule infer;
  GradientRule gradient;          // empty: the op is not differentiable
  int kernel_dtype_input = 0;     // which input's dtype selects the kernel; -1: output 0's dtype
  bool has_side_effects = false;  // writes its `mutates` inputs; never removed or merged
  std::vector<int> mutates;       // inputs written in place (variables)
  bool is_random = false;         // draws random numbers: never merged with a twin
  int inplace_input = -1;         // output 0 may share this input's buffer when it dies here
  bool is_leaf = false;  // placeholder, constant, variable: bound by the program, no kernel
};

// Looks an op up by name; throws ValueError naming the unknown op.
const OpDef& get_op(std::string_view name);
std::vector<std::string> op_names();

// Runs (concrete inputs) or records (any symbolic input) one op. Concrete inputs run on their
// backend (all must be on one backend); ops without inputs run on backend::current().
std::vector<Tensor> call(std::string_view op, std::vector<Tensor> inputs, Attrs attrs = {});
Tensor call1(std::string_view op, std::vector<Tensor> inputs, Attrs attrs = {});

// The attributes a call of `op` runs with: `attrs`, or the op's defaults when it is empty. Another
// struct than the op's is an internal error that names the op and both structs.
Attrs attrs_for(const OpDef& op, Attrs attrs);

// The dtype that selects an op's kernel (see OpDef::kernel_dtype_input).
DType kernel_dtype(const OpDef& op, std::span<const TensorMeta> inputs,
                   std::span<const TensorMeta> outputs);

namespace detail {
// The registry, filled once by register_all(); op files add their definitions through these.
void add_op(OpDef def);
void register_elementwise_ops();
void register_reduction_ops();
void register_linalg_ops();
void register_nn_ops();
void register_shape_ops();
void register_random_ops();
void register_optimizer_ops();
}  // namespace detail

}  // namespace keras::ops
