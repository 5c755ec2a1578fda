#include "keras/losses/probabilistic.h"

#include "keras/core/json.h"
#include "keras/losses/detail/loss_args.h"

namespace keras::losses {

namespace {

// from_logits, label_smoothing and axis: the arguments of the binary and categorical
// crossentropies and their focal forms, in Keras's order.
template <class O>
args::ArgList crossentropy_args(O& o) {
  return {{"from_logits", o.from_logits}, {"label_smoothing", o.label_smoothing}, {"axis", o.axis}};
}

}  // namespace

KLDivergence::KLDivergence(const KLDivergenceOptions& options)
    : LossFunctionWrapper("KLDivergence", "kl_divergence", "kl_divergence", kl_divergence,
                          Json::object(), options) {}

std::shared_ptr<KLDivergence> KLDivergence::from_config(const Json& config) {
  return from_config_with<KLDivergence>(no_arguments, config, "KLDivergence");
}

Json KLDivergence::get_config() const {
  return Loss::get_config();
}

Poisson::Poisson(const PoissonOptions& options)
    : LossFunctionWrapper("Poisson", "poisson", "poisson", poisson, Json::object(), options) {}

std::shared_ptr<Poisson> Poisson::from_config(const Json& config) {
  return from_config_with<Poisson>(no_arguments, config, "Poisson");
}

Json Poisson::get_config() const {
  return Loss::get_config();
}

args::ArgList BinaryCrossentropy::arguments(BinaryCrossentropyOptions& o) {
  return crossentropy_args(o);
}

LossFunction BinaryCrossentropy::bind(const BinaryCrossentropyOptions& o) {
  return [o](const Tensor& t, const Tensor& p) {
    return binary_crossentropy(t, p, o.from_logits, o.label_smoothing, o.axis);
  };
}

BinaryCrossentropy::BinaryCrossentropy(const BinaryCrossentropyOptions& options)
    : LossFunctionWrapper("BinaryCrossentropy", "binary_crossentropy", "binary_crossentropy", bind,
                          arguments, options),
      options_(options) {}

Json BinaryCrossentropy::get_config() const {
  return config_with(arguments, options_);
}

std::shared_ptr<BinaryCrossentropy> BinaryCrossentropy::from_config(const Json& config) {
  return from_config_with<BinaryCrossentropy>(arguments, config, "BinaryCrossentropy");
}

args::ArgList BinaryFocalCrossentropy::arguments(BinaryFocalCrossentropyOptions& o) {
  args::ArgList list = crossentropy_args(o);
  list.insert(
      list.end(),
      {{"apply_class_balancing", o.apply_class_balancing}, {"alpha", o.alpha}, {"gamma", o.gamma}});
  return list;
}

LossFunction BinaryFocalCrossentropy::bind(const BinaryFocalCrossentropyOptions& o) {
  return [o](const Tensor& t, const Tensor& p) {
    return binary_focal_crossentropy(t, p, o.apply_class_balancing, o.alpha, o.gamma, o.from_logits,
                                     o.label_smoothing, o.axis);
  };
}

BinaryFocalCrossentropy::BinaryFocalCrossentropy(const BinaryFocalCrossentropyOptions& options)
    : LossFunctionWrapper("BinaryFocalCrossentropy", "binary_focal_crossentropy",
                          "binary_focal_crossentropy", bind, arguments, options),
      options_(options) {}

Json BinaryFocalCrossentropy::get_config() const {
  return config_with(arguments, options_);
}

std::shared_ptr<BinaryFocalCrossentropy> BinaryFocalCrossentropy::from_config(const Json& config) {
  return from_config_with<BinaryFocalCrossentropy>(arguments, config, "BinaryFocalCrossentropy");
}

args::ArgList CategoricalCrossentropy::arguments(CategoricalCrossentropyOptions& o) {
  return crossentropy_args(o);
}

LossFunction CategoricalCrossentropy::bind(const CategoricalCrossentropyOptions& o) {
  return [o](const Tensor& t, const Tensor& p) {
    return categorical_crossentropy(t, p, o.from_logits, o.label_smoothing, o.axis);
  };
}

CategoricalCrossentropy::CategoricalCrossentropy(const CategoricalCrossentropyOptions& options)
    : LossFunctionWrapper("CategoricalCrossentropy", "categorical_crossentropy",
                          "categorical_crossentropy", bind, arguments, options),
      options_(options) {}

Json CategoricalCrossentropy::get_config() const {
  return config_with(arguments, options_);
}

std::shared_ptr<CategoricalCrossentropy> CategoricalCrossentropy::from_config(const Json& config) {
  return from_config_with<CategoricalCrossentropy>(arguments, config, "CategoricalCrossentropy");
}

args::ArgList CategoricalFocalCrossentropy::arguments(CategoricalFocalCrossentropyOptions& o) {
  args::ArgList list = crossentropy_args(o);
  list.insert(list.end(), {{"alpha", o.alpha}, {"gamma", o.gamma}});
  return list;
}

LossFunction CategoricalFocalCrossentropy::bind(const CategoricalFocalCrossentropyOptions& o) {
  return [o](const Tensor& t, const Tensor& p) {
    return categorical_focal_crossentropy(t, p, o.alpha, o.gamma, o.from_logits, o.label_smoothing,
                                          o.axis);
  };
}

CategoricalFocalCrossentropy::CategoricalFocalCrossentropy(
    const CategoricalFocalCrossentropyOptions& options)
    : LossFunctionWrapper("CategoricalFocalCrossentropy", "categorical_focal_crossentropy",
                          "categorical_focal_crossentropy", bind, arguments, options),
      options_(options) {}

Json CategoricalFocalCrossentropy::get_config() const {
  return config_with(arguments, options_);
}

std::shared_ptr<CategoricalFocalCrossentropy> CategoricalFocalCrossentropy::from_config(
    const Json& config) {
  return from_config_with<CategoricalFocalCrossentropy>(arguments, config,
                                                        "CategoricalFocalCrossentropy");
}

// Keras's class takes no axis (its function does); kerascpp's takes the function's and writes it
// so that a config round trip keeps it.
args::ArgList SparseCategoricalCrossentropy::arguments(SparseCategoricalCrossentropyOptions& o) {
  return {{"from_logits", o.from_logits}, {"ignore_class", o.ignore_class}, {"axis", o.axis}};
}

LossFunction SparseCategoricalCrossentropy::bind(const SparseCategoricalCrossentropyOptions& o) {
  return [o](const Tensor& t, const Tensor& p) {
    return sparse_categorical_crossentropy(t, p, o.from_logits, o.ignore_class, o.axis);
  };
}

SparseCategoricalCrossentropy::SparseCategoricalCrossentropy(
    const SparseCategoricalCrossentropyOptions& options)
    : LossFunctionWrapper("SparseCategoricalCrossentropy", "sparse_categorical_crossentropy",
                          "sparse_categorical_crossentropy", bind, arguments, options),
      options_(options) {}

Json SparseCategoricalCrossentropy::get_config() const {
  return config_with(arguments, options_);
}

std::shared_ptr<SparseCategoricalCrossentropy> SparseCategoricalCrossentropy::from_config(
    const Json& config) {
  return from_config_with<SparseCategoricalCrossentropy>(arguments, config,
                                                         "SparseCategoricalCrossentropy");
}

}  // namespace keras::losses
