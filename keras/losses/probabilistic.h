// The probabilistic loss classes of keras.losses (keras/src/losses/losses.py): KLDivergence,
// Poisson, BinaryCrossentropy, BinaryFocalCrossentropy, CategoricalCrossentropy,
// CategoricalFocalCrossentropy and SparseCategoricalCrossentropy, LossFunctionWrappers around
// the functions of keras/losses/functions.h. The crossentropies run the fused ops of
// keras/ops/nn.h (label smoothing and axes applied around them, as Keras does).
//
//   losses::SparseCategoricalCrossentropy loss({.from_logits = true, .ignore_class = -1});
//   Tensor value = loss(labels, logits);
#pragma once

#include <optional>

#include "keras/losses/functions.h"
#include "keras/losses/loss_function_wrapper.h"

namespace keras::losses {

using KLDivergenceOptions = LossOptions;
using PoissonOptions = LossOptions;

// Name "kl_divergence"; config {"name", "reduction"}.
class KLDivergence : public LossFunctionWrapper {
 public:
  explicit KLDivergence(const KLDivergenceOptions& options = {});
  Json get_config() const override;
  static std::shared_ptr<KLDivergence> from_config(const Json& config);
};

// Name "poisson".
class Poisson : public LossFunctionWrapper {
 public:
  explicit Poisson(const PoissonOptions& options = {});
  Json get_config() const override;
  static std::shared_ptr<Poisson> from_config(const Json& config);
};

struct BinaryCrossentropyOptions {
  bool from_logits = false;
  double label_smoothing = 0.0;  // labels squeezed towards 0.5
  int axis = -1;                 // the axis the elementwise losses are averaged over
  KERAS_LOSS_OPTIONS
};

// Name "binary_crossentropy"; config {"name", "reduction", "from_logits", "label_smoothing",
// "axis"}.
class BinaryCrossentropy : public LossFunctionWrapper {
 public:
  explicit BinaryCrossentropy(const BinaryCrossentropyOptions& options = {});
  bool from_logits() const { return options_.from_logits; }
  double label_smoothing() const { return options_.label_smoothing; }
  int axis() const { return options_.axis; }
  Json get_config() const override;
  static std::shared_ptr<BinaryCrossentropy> from_config(const Json& config);
  // The class's own arguments (keras/core/detail/keras_args.h) and the function they make.
  static args::ArgList arguments(BinaryCrossentropyOptions& o);
  static LossFunction bind(const BinaryCrossentropyOptions& o);

 private:
  BinaryCrossentropyOptions options_;
};

struct BinaryFocalCrossentropyOptions {
  bool apply_class_balancing = false;
  double alpha = 0.25;  // the weight of class 1 with apply_class_balancing (class 0: 1 - alpha)
  double gamma = 2.0;   // the focusing parameter
  bool from_logits = false;
  double label_smoothing = 0.0;
  int axis = -1;
  KERAS_LOSS_OPTIONS
};

// Name "binary_focal_crossentropy"; config {"name", "reduction", "from_logits",
// "label_smoothing", "axis", "apply_class_balancing", "alpha", "gamma"}.
class BinaryFocalCrossentropy : public LossFunctionWrapper {
 public:
  explicit BinaryFocalCrossentropy(const BinaryFocalCrossentropyOptions& options = {});
  const BinaryFocalCrossentropyOptions& options() const { return options_; }
  Json get_config() const override;
  static std::shared_ptr<BinaryFocalCrossentropy> from_config(const Json& config);
  static args::ArgList arguments(BinaryFocalCrossentropyOptions& o);
  static LossFunction bind(const BinaryFocalCrossentropyOptions& o);

 private:
  BinaryFocalCrossentropyOptions options_;
};

struct CategoricalCrossentropyOptions {
  bool from_logits = false;
  double label_smoothing = 0.0;  // labels mixed with the uniform distribution
  int axis = -1;                 // the class axis
  KERAS_LOSS_OPTIONS
};

// Name "categorical_crossentropy"; config {"name", "reduction", "from_logits",
// "label_smoothing", "axis"}.
class CategoricalCrossentropy : public LossFunctionWrapper {
 public:
  explicit CategoricalCrossentropy(const CategoricalCrossentropyOptions& options = {});
  bool from_logits() const { return options_.from_logits; }
  double label_smoothing() const { return options_.label_smoothing; }
  int axis() const { return options_.axis; }
  Json get_config() const override;
  static std::shared_ptr<CategoricalCrossentropy> from_config(const Json& config);
  static args::ArgList arguments(CategoricalCrossentropyOptions& o);
  static LossFunction bind(const CategoricalCrossentropyOptions& o);

 private:
  CategoricalCrossentropyOptions options_;
};

struct CategoricalFocalCrossentropyOptions {
  FocalAlpha alpha = 0.25;  // one weight, or one per class
  double gamma = 2.0;
  bool from_logits = false;
  double label_smoothing = 0.0;
  int axis = -1;
  KERAS_LOSS_OPTIONS
};

// Name "categorical_focal_crossentropy"; config {"name", "reduction", "from_logits",
// "label_smoothing", "axis", "alpha", "gamma"}.
class CategoricalFocalCrossentropy : public LossFunctionWrapper {
 public:
  explicit CategoricalFocalCrossentropy(const CategoricalFocalCrossentropyOptions& options = {});
  const CategoricalFocalCrossentropyOptions& options() const { return options_; }
  Json get_config() const override;
  static std::shared_ptr<CategoricalFocalCrossentropy> from_config(const Json& config);
  static args::ArgList arguments(CategoricalFocalCrossentropyOptions& o);
  static LossFunction bind(const CategoricalFocalCrossentropyOptions& o);

 private:
  CategoricalFocalCrossentropyOptions options_;
};

struct SparseCategoricalCrossentropyOptions {
  bool from_logits = false;
  std::optional<int64_t> ignore_class;  // a label whose entries are left out of the loss
  int axis = -1;                        // the class axis of y_pred
  KERAS_LOSS_OPTIONS
};

// Name "sparse_categorical_crossentropy"; config {"name", "reduction", "from_logits",
// "ignore_class", "axis"}.
class SparseCategoricalCrossentropy : public LossFunctionWrapper {
 public:
  explicit SparseCategoricalCrossentropy(const SparseCategoricalCrossentropyOptions& options = {});
  bool from_logits() const { return options_.from_logits; }
  std::optional<int64_t> ignore_class() const { return options_.ignore_class; }
  int axis() const { return options_.axis; }
  Json get_config() const override;
  static std::shared_ptr<SparseCategoricalCrossentropy> from_config(const Json& config);
  static args::ArgList arguments(SparseCategoricalCrossentropyOptions& o);
  static LossFunction bind(const SparseCategoricalCrossentropyOptions& o);

 private:
  SparseCategoricalCrossentropyOptions options_;
};

}  // namespace keras::losses
