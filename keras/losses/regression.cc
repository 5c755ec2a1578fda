#include "keras/losses/regression.h"

#include "keras/core/json.h"
#include "keras/losses/detail/loss_args.h"
#include "keras/losses/functions.h"

namespace keras::losses {

MeanSquaredError::MeanSquaredError(const MeanSquaredErrorOptions& options)
    : LossFunctionWrapper("MeanSquaredError", "mean_squared_error", "mean_squared_error",
                          mean_squared_error, Json::object(), options) {}

std::shared_ptr<MeanSquaredError> MeanSquaredError::from_config(const Json& config) {
  return from_config_with<MeanSquaredError>(no_arguments, config, "MeanSquaredError");
}

Json MeanSquaredError::get_config() const {
  return Loss::get_config();
}

MeanAbsoluteError::MeanAbsoluteError(const MeanAbsoluteErrorOptions& options)
    : LossFunctionWrapper("MeanAbsoluteError", "mean_absolute_error", "mean_absolute_error",
                          mean_absolute_error, Json::object(), options) {}

std::shared_ptr<MeanAbsoluteError> MeanAbsoluteError::from_config(const Json& config) {
  return from_config_with<MeanAbsoluteError>(no_arguments, config, "MeanAbsoluteError");
}

Json MeanAbsoluteError::get_config() const {
  return Loss::get_config();
}

MeanAbsolutePercentageError::MeanAbsolutePercentageError(
    const MeanAbsolutePercentageErrorOptions& options)
    : LossFunctionWrapper("MeanAbsolutePercentageError", "mean_absolute_percentage_error",
                          "mean_absolute_percentage_error", mean_absolute_percentage_error,
                          Json::object(), options) {}

std::shared_ptr<MeanAbsolutePercentageError> MeanAbsolutePercentageError::from_config(
    const Json& config) {
  return from_config_with<MeanAbsolutePercentageError>(no_arguments, config,
                                                       "MeanAbsolutePercentageError");
}

Json MeanAbsolutePercentageError::get_config() const {
  return Loss::get_config();
}

MeanSquaredLogarithmicError::MeanSquaredLogarithmicError(
    const MeanSquaredLogarithmicErrorOptions& options)
    : LossFunctionWrapper("MeanSquaredLogarithmicError", "mean_squared_logarithmic_error",
                          "mean_squared_logarithmic_error", mean_squared_logarithmic_error,
                          Json::object(), options) {}

std::shared_ptr<MeanSquaredLogarithmicError> MeanSquaredLogarithmicError::from_config(
    const Json& config) {
  return from_config_with<MeanSquaredLogarithmicError>(no_arguments, config,
                                                       "MeanSquaredLogarithmicError");
}

Json MeanSquaredLogarithmicError::get_config() const {
  return Loss::get_config();
}

// Keras 3's CosineSimilarity and Huber write Loss.get_config() only, which loses axis and delta
// (a config round trip gives the defaults); kerascpp writes them so that the round trip holds.
args::ArgList CosineSimilarity::arguments(CosineSimilarityOptions& o) {
  return {{"axis", o.axis}};
}

LossFunction CosineSimilarity::bind(const CosineSimilarityOptions& o) {
  return
      [axis = o.axis](const Tensor& t, const Tensor& p) { return cosine_similarity(t, p, axis); };
}

CosineSimilarity::CosineSimilarity(const CosineSimilarityOptions& options)
    : LossFunctionWrapper("CosineSimilarity", "cosine_similarity", "cosine_similarity", bind,
                          arguments, options),
      options_(options) {}

Json CosineSimilarity::get_config() const {
  return config_with(arguments, options_);
}

std::shared_ptr<CosineSimilarity> CosineSimilarity::from_config(const Json& config) {
  return from_config_with<CosineSimilarity>(arguments, config, "CosineSimilarity");
}

args::ArgList Huber::arguments(HuberOptions& o) {
  return {{"delta", o.delta}};
}

LossFunction Huber::bind(const HuberOptions& o) {
  return [delta = o.delta](const Tensor& t, const Tensor& p) { return huber(t, p, delta); };
}

Huber::Huber(const HuberOptions& options)
    : LossFunctionWrapper("Huber", "huber_loss", "huber", bind, arguments, options),
      options_(options) {}

Json Huber::get_config() const {
  return config_with(arguments, options_);
}

std::shared_ptr<Huber> Huber::from_config(const Json& config) {
  return from_config_with<Huber>(arguments, config, "Huber");
}

LogCosh::LogCosh(const LogCoshOptions& options)
    : LossFunctionWrapper("LogCosh", "log_cosh", "log_cosh", log_cosh, Json::object(), options) {}

std::shared_ptr<LogCosh> LogCosh::from_config(const Json& config) {
  return from_config_with<LogCosh>(no_arguments, config, "LogCosh");
}

Json LogCosh::get_config() const {
  return Loss::get_config();
}

}  // namespace keras::losses
