// The regression loss classes of keras.losses (keras/src/losses/losses.py): MeanSquaredError,
// MeanAbsoluteError, MeanAbsolutePercentageError, MeanSquaredLogarithmicError,
// CosineSimilarity, Huber and LogCosh, each a LossFunctionWrapper around the function of
// keras/losses/functions.h with Keras 3's default name, arguments and config.
//
//   losses::Huber loss({.delta = 0.5, .reduction = "sum"});
#pragma once

#include "keras/losses/loss_function_wrapper.h"

namespace keras::losses {

using MeanSquaredErrorOptions = LossOptions;
using MeanAbsoluteErrorOptions = LossOptions;
using MeanAbsolutePercentageErrorOptions = LossOptions;
using MeanSquaredLogarithmicErrorOptions = LossOptions;
using LogCoshOptions = LossOptions;

// Name "mean_squared_error"; config {"name", "reduction"}.
class MeanSquaredError : public LossFunctionWrapper {
 public:
  explicit MeanSquaredError(const MeanSquaredErrorOptions& options = {});
  Json get_config() const override;
  static std::shared_ptr<MeanSquaredError> from_config(const Json& config);
};

// Name "mean_absolute_error".
class MeanAbsoluteError : public LossFunctionWrapper {
 public:
  explicit MeanAbsoluteError(const MeanAbsoluteErrorOptions& options = {});
  Json get_config() const override;
  static std::shared_ptr<MeanAbsoluteError> from_config(const Json& config);
};

// Name "mean_absolute_percentage_error".
class MeanAbsolutePercentageError : public LossFunctionWrapper {
 public:
  explicit MeanAbsolutePercentageError(const MeanAbsolutePercentageErrorOptions& options = {});
  Json get_config() const override;
  static std::shared_ptr<MeanAbsolutePercentageError> from_config(const Json& config);
};

// Name "mean_squared_logarithmic_error".
class MeanSquaredLogarithmicError : public LossFunctionWrapper {
 public:
  explicit MeanSquaredLogarithmicError(const MeanSquaredLogarithmicErrorOptions& options = {});
  Json get_config() const override;
  static std::shared_ptr<MeanSquaredLogarithmicError> from_config(const Json& config);
};

struct CosineSimilarityOptions {
  int axis = -1;  // the features axis
  KERAS_LOSS_OPTIONS
};

// Name "cosine_similarity"; config {"name", "reduction", "axis"}.
class CosineSimilarity : public LossFunctionWrapper {
 public:
  explicit CosineSimilarity(const CosineSimilarityOptions& options = {});
  int axis() const { return options_.axis; }
  Json get_config() const override;
  static std::shared_ptr<CosineSimilarity> from_config(const Json& config);
  // The class's own arguments (keras/core/detail/keras_args.h) and the function they make.
  static args::ArgList arguments(CosineSimilarityOptions& o);
  static LossFunction bind(const CosineSimilarityOptions& o);

 private:
  CosineSimilarityOptions options_;
};

struct HuberOptions {
  double delta = 1.0;  // where the loss turns from quadratic to linear
  KERAS_LOSS_OPTIONS
};

// Name "huber_loss"; config {"name", "reduction", "delta"}.
class Huber : public LossFunctionWrapper {
 public:
  explicit Huber(const HuberOptions& options = {});
  double delta() const { return options_.delta; }
  Json get_config() const override;
  static std::shared_ptr<Huber> from_config(const Json& config);
  static args::ArgList arguments(HuberOptions& o);
  static LossFunction bind(const HuberOptions& o);

 private:
  HuberOptions options_;
};

// Name "log_cosh".
class LogCosh : public LossFunctionWrapper {
 public:
  explicit LogCosh(const LogCoshOptions& options = {});
  Json get_config() const override;
  static std::shared_ptr<LogCosh> from_config(const Json& config);
};

}  // namespace keras::losses
