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
#include <utility>

#include "keras/core/arg_form.h"
#include "keras/core/json_fwd.h"
#include "keras/core/object_arg.h"
#include "keras/core/tensor.h"

namespace keras::losses {

// The arguments every Keras loss class takes, last in each loss's options struct. Keras's
// reduction=None is "none" here (a config's null reads as "none").
#define KERAS_LOSS_OPTIONS                                                              \
  std::string reduction = "sum_over_batch_size";                                        \
  std::string name;                    /* empty: the Keras default name of the class */ \
  std::optional<::keras::DType> dtype; /* floatx when empty */                          \
  ::keras::losses::LossOptions loss_options() const {                                   \
    return {reduction, name, dtype};                                                    \
  }

// The options of a loss class that has no arguments of its own.
struct LossOptions {
  KERAS_LOSS_OPTIONS
};

class Loss {
 public:
  // class_name: "CategoricalCrossentropy"; default_name: the name Keras gives when none is
  // passed ("categorical_crossentropy"). reduction is validated with Keras's message.
  Loss(std::string class_name, std::string default_name, const LossOptions& options);
  virtual ~Loss() = default;

  // The reduced loss (a scalar unless reduction is "none"). y_true and y_pred are converted to
  // the loss's dtype; sample_weight (optional) broadcasts against the per-sample values.
  Tensor operator()(const Tensor& y_true, const Tensor& y_pred,
                    const Tensor& sample_weight = {}) const;
  // The per-sample values (the class's formula), before weighting and reduction. The result may
  // carry a mask (Tensor::keras_mask: SparseCategoricalCrossentropy's ignore_class), which
  // operator() folds into the weights with y_pred's.
  virtual Tensor call(const Tensor& y_true, const Tensor& y_pred) const = 0;

  const std::string& class_name() const { return class_name_; }
  const std::string& name() const { return name_; }
  const std::string& reduction() const { return reduction_; }
  DType dtype() const { return dtype_; }
  // {"name", "reduction", then the class's own keys} as Keras writes them.
  virtual Json get_config() const;

 protected:
  // Loss::get_config() followed by the arguments `own` lists (a class's get_config). Defined in
  // keras/losses/detail/loss_args.h, as are the two below.
  template <class O>
  Json config_with(args::ArgList (*own)(O&), O options) const;
  // A class's from_config: its options (the base arguments and `own`) read from `config`.
  template <class L, class O>
  static std::shared_ptr<L> from_config_with(args::ArgList (*own)(O&), const Json& config,
                                             const std::string& who);
  // The own arguments of a class that has none.
  static args::ArgList no_arguments(LossOptions&);

 private:
  std::string class_name_, name_, reduction_;
  DType dtype_;
};

using LossPtr = std::shared_ptr<Loss>;
using LossArg = ObjectArg<Loss>;

// Keras's standardize_reduction: `reduction` itself when it is one of Keras's names, else
// ValueError "Invalid value for argument `reduction`. Expected one of {...}. Received:
// reduction=...".
const std::string& standardize_reduction(const std::string& reduction);

// Keras's squeeze_or_expand_to_same_rank: when the ranks differ by one and the longer tensor's
// last dimension is known to be 1, that axis is squeezed, or (a rank-1 partner with
// expand_rank_1) the shorter one gains a last axis. Otherwise both come back as they are.
std::pair<Tensor, Tensor> squeeze_or_expand_to_same_rank(const Tensor& x1, const Tensor& x2,
                                                         bool expand_rank_1 = true);

// Keras's reduce_weighted_values (keras/src/losses/loss.py): weights and a mask applied to
// per-sample `values`, then reduced. Exposed for metrics and the trainer. The mask (bool or
// numeric, nonzero = valid) is folded into the weights: for "sum_over_batch_size" and "mean"
// valid entries weigh total/valid, so the result is the mean over valid entries; otherwise the
// mask multiplies the weights. sample_weight and mask may be undefined.
Tensor reduce_weighted_values(const Tensor& values, const Tensor& sample_weight, const Tensor& mask,
                              const std::string& reduction, DType dtype);

}  // namespace keras::losses
