#include "keras/losses/regression.h"

#include "keras/core/config_reading.h"
#include "keras/losses/functions.h"
#include "keras/losses/loss_reading.h"

namespace keras::losses {

namespace {

// LossFunctionWrapper's config without "fn": the keys Keras's CosineSimilarity and Huber write.
Json without_fn(Json config) {
  config.erase("fn");
  return config;
}

}  // namespace

MeanSquaredError::MeanSquaredError(const MeanSquaredErrorOptions& options)
    : LossFunctionWrapper("MeanSquaredError", "mean_squared_error", "mean_squared_error",
                          mean_squared_error, Json::object(), options) {}

std::shared_ptr<MeanSquaredError> MeanSquaredError::from_config(const Json& config) {
  return plain_from_config<MeanSquaredError>(config, "MeanSquaredError");
}

MeanAbsoluteError::MeanAbsoluteError(const MeanAbsoluteErrorOptions& options)
    : LossFunctionWrapper("MeanAbsoluteError", "mean_absolute_error", "mean_absolute_error",
                          mean_absolute_error, Json::object(), options) {}

std::shared_ptr<MeanAbsoluteError> MeanAbsoluteError::from_config(const Json& config) {
  return plain_from_config<MeanAbsoluteError>(config, "MeanAbsoluteError");
}

MeanAbsolutePercentageError::MeanAbsolutePercentageError(
    const MeanAbsolutePercentageErrorOptions& options)
    : LossFunctionWrapper("MeanAbsolutePercentageError", "mean_absolute_percentage_error",
                          "mean_absolute_percentage_error", mean_absolute_percentage_error,
                          Json::object(), options) {}

std::shared_ptr<MeanAbsolutePercentageError> MeanAbsolutePercentageError::from_config(
    const Json& config) {
  return plain_from_config<MeanAbsolutePercentageError>(config, "MeanAbsolutePercentageError");
}

MeanSquaredLogarithmicError::MeanSquaredLogarithmicError(
    const MeanSquaredLogarithmicErrorOptions& options)
    : LossFunctionWrapper("MeanSquaredLogarithmicError", "mean_squared_logarithmic_error",
                          "mean_squared_logarithmic_error", mean_squared_logarithmic_error,
                          Json::object(), options) {}

std::shared_ptr<MeanSquaredLogarithmicError> MeanSquaredLogarithmicError::from_config(
    const Json& config) {
  return plain_from_config<MeanSquaredLogarithmicError>(config, "MeanSquaredLogarithmicError");
}

CosineSimilarity::CosineSimilarity(const CosineSimilarityOptions& options)
    : LossFunctionWrapper(
          "CosineSimilarity", "cosine_similarity", "cosine_similarity",
          [axis = options.axis](const Tensor& t, const Tensor& p) {
            return cosine_similarity(t, p, axis);
          },
          Json{{"axis", options.axis}}, base_options(options)),
      axis_(options.axis) {}

Json CosineSimilarity::get_config() const {
  return without_fn(LossFunctionWrapper::get_config());
}

std::shared_ptr<CosineSimilarity> CosineSimilarity::from_config(const Json& config) {
  const char* who = "CosineSimilarity";
  check_loss_keys(config, {"axis"}, who);
  CosineSimilarityOptions o;
  o.axis = static_cast<int>(config_reading::integer(config, "axis", -1, who));
  set_base_options(o, read_loss_options(config, who));
  return std::make_shared<CosineSimilarity>(o);
}

Huber::Huber(const HuberOptions& options)
    : LossFunctionWrapper(
          "Huber", "huber_loss", "huber",
          [delta = options.delta](const Tensor& t, const Tensor& p) { return huber(t, p, delta); },
          Json{{"delta", options.delta}}, base_options(options)),
      delta_(options.delta) {}

Json Huber::get_config() const {
  return without_fn(LossFunctionWrapper::get_config());
}

std::shared_ptr<Huber> Huber::from_config(const Json& config) {
  const char* who = "Huber";
  check_loss_keys(config, {"delta"}, who);
  HuberOptions o;
  o.delta = config_reading::number(config, "delta", 1.0, who);
  set_base_options(o, read_loss_options(config, who));
  return std::make_shared<Huber>(o);
}

LogCosh::LogCosh(const LogCoshOptions& options)
    : LossFunctionWrapper("LogCosh", "log_cosh", "log_cosh", log_cosh, Json::object(), options) {}

std::shared_ptr<LogCosh> LogCosh::from_config(const Json& config) {
  return plain_from_config<LogCosh>(config, "LogCosh");
}

}  // namespace keras::losses
