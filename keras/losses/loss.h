// keras.losses.Loss (keras/src/losses/loss.py): the base of every loss class.
//
// A loss maps (y_true, y_pred) to per-sample values with call() and reduces them as Keras does:
// sample weights multiply the values, the mask that y_pred carries (Tensor::keras_mask) is
// folded into the weights, and the reduction is one of "sum_over_batch_size" (default: the sum
// divided by the number of per-sample values), "sum", "mean", "mean_with_sample_weight" (divided
// by the sum of the weights) or "none". Everything is built from keras::ops, so a loss runs at
// once on concrete tensors and adds graph nodes on symbolic ones (how training programs use it).
//
//   losses::CategoricalCrossentropy loss({.label_smoothing = 0.1});
//   Tensor value = loss(y_true, y_pred);        // a scalar
//   Tensor per_sample = losses::mean_squared_error(y_true, y_pred);
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "keras/core/json.h"
#include "keras/core/object_arg.h"
#include "keras/core/tensor.h"

namespace keras::losses {

// The arguments every Keras loss class takes, last in each loss's options struct.
#define KERAS_LOSS_OPTIONS                                                       \
  std::string reduction = "sum_over_batch_size";                                 \
  std::string name;               /* empty: the Keras default name of the class */ \
  std::optional<::keras::DType> dtype; /* floatx when empty */

class Loss {
 public:
  // class_name: "CategoricalCrossentropy"; default_name: the name Keras gives when none is
  // passed ("categorical_crossentropy"). reduction is validated with Keras's message.
  Loss(std::string class_name, std::string default_name, const std::string& reduction,
       const std::string& name, std::optional<DType> dtype);
  virtual ~Loss() = default;

  // The reduced loss (a scalar unless reduction is "none"). y_true and y_pred are converted to
  // the loss's dtype; sample_weight (optional) broadcasts against the per-sample values.
  Tensor operator()(const Tensor& y_true, const Tensor& y_pred,
                    const Tensor& sample_weight = {}) const;
  // The per-sample values (the class's formula), before weighting and reduction.
  virtual Tensor call(const Tensor& y_true, const Tensor& y_pred) const = 0;

  const std::string& class_name() const { return class_name_; }
  const std::string& name() const { return name_; }
  const std::string& reduction() const { return reduction_; }
  DType dtype() const { return dtype_; }
  // {"name", "reduction", then the class's own keys} as Keras writes them.
  virtual Json get_config() const;

 private:
  std::string class_name_, name_, reduction_;
  DType dtype_;
};

using LossPtr = std::shared_ptr<Loss>;
using LossArg = ObjectArg<Loss>;

// Keras's reduce_weighted_values (keras/src/losses/loss.py): weights and a mask applied to
// per-sample `values`, then reduced. Exposed for metrics and the trainer.
Tensor reduce_weighted_values(const Tensor& values, const Tensor& sample_weight,
                              const Tensor& mask, const std::string& reduction, DType dtype);

}  // namespace keras::losses
