// Internal to keras/layers: the six arguments that say how a layer's kernel and bias are made
// (an initializer, a regularizer and a constraint for each), as Dense and EinsumDense take them:
// resolved once from the options struct, handed to add_weight, written to configs and read back.
#pragma once

#include <memory>

#include "keras/layers/layer.h"

namespace keras::layers::detail {

struct KernelAndBias {
  std::shared_ptr<initializers::Initializer> kernel_initializer, bias_initializer;
  regularizers::RegularizerPtr kernel_regularizer, bias_regularizer;
  constraints::ConstraintPtr kernel_constraint, bias_constraint;

  // From an options struct with Keras's six fields (DenseOptions, EinsumDenseOptions).
  template <class Options>
  static KernelAndBias from_options(const Options& o) {
    return {initializers::get(o.kernel_initializer), initializers::get(o.bias_initializer),
            regularizers::get(o.kernel_regularizer), regularizers::get(o.bias_regularizer),
            constraints::get(o.kernel_constraint),   constraints::get(o.bias_constraint)};
  }

  // add_weight's arguments for the weights "kernel" and "bias" of this shape.
  WeightOptions kernel(Shape shape) const;
  WeightOptions bias(Shape shape) const;

  // The config keys, appended in Keras's order: kernel_initializer, bias_initializer,
  // kernel_regularizer, bias_regularizer, then (apart, since EinsumDense writes
  // activity_regularizer between them) kernel_constraint, bias_constraint.
  void write_initializers_and_regularizers(Json& config) const;
  void write_constraints(Json& config) const;
};

// The six keys of a config, where present, into an options struct.
template <class Options>
void read_kernel_and_bias_args(const Json& config, Options& options) {
  read_arg(config, "kernel_initializer", options.kernel_initializer);
  read_arg(config, "bias_initializer", options.bias_initializer);
  read_arg(config, "kernel_regularizer", options.kernel_regularizer);
  read_arg(config, "bias_regularizer", options.bias_regularizer);
  read_arg(config, "kernel_constraint", options.kernel_constraint);
  read_arg(config, "bias_constraint", options.bias_constraint);
}

}  // namespace keras::layers::detail
