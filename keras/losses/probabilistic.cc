#include "keras/losses/probabilistic.h"

#include "keras/core/config_reading.h"
#include "keras/core/error.h"
#include "keras/losses/loss_reading.h"

namespace keras::losses {

namespace {

using config_reading::boolean;
using config_reading::number;

int axis_of(const Json& config, const std::string& who) {
  return static_cast<int>(config_reading::integer(config, "axis", -1, who));
}

Json alpha_json(const FocalAlpha& alpha) {
  if (const auto* scalar = std::get_if<double>(&alpha)) return *scalar;
  return Json(std::get<std::vector<double>>(alpha));
}

FocalAlpha alpha_of(const Json& config, const std::string& who) {
  if (config.is_object() && config.contains("alpha") && config.at("alpha").is_array()) {
    std::vector<double> values;
    for (const Json& v : config.at("alpha")) {
      if (!v.is_number())
        throw TypeError(str(who, ": config key 'alpha' must be a number or a list of numbers, got ",
                            config.at("alpha").dump()));
      values.push_back(v.get<double>());
    }
    return values;
  }
  return number(config, "alpha", 0.25, who);
}

Json optional_json(const std::optional<int64_t>& value) {
  return value ? Json(*value) : Json(nullptr);
}

// from_logits, label_smoothing and axis: the arguments of the binary and categorical
// crossentropies and their focal forms, appended to `config` in Keras's order.
template <class Options>
Json with_crossentropy_args(Json config, const Options& o) {
  config["from_logits"] = o.from_logits;
  config["label_smoothing"] = o.label_smoothing;
  config["axis"] = o.axis;
  return config;
}

template <class Options>
void read_crossentropy_args(const Json& config, const std::string& who, Options& o) {
  o.from_logits = boolean(config, "from_logits", false, who);
  o.label_smoothing = number(config, "label_smoothing", 0.0, who);
  o.axis = axis_of(config, who);
}

// from_config of BinaryCrossentropy and CategoricalCrossentropy, whose only own arguments are
// those three.
template <class L, class Options>
std::shared_ptr<L> crossentropy_from_config(const Json& config, const std::string& who) {
  check_loss_keys(config, {"from_logits", "label_smoothing", "axis"}, who);
  Options o;
  read_crossentropy_args(config, who, o);
  set_base_options(o, read_loss_options(config, who));
  return std::make_shared<L>(o);
}

}  // namespace

KLDivergence::KLDivergence(const KLDivergenceOptions& options)
    : LossFunctionWrapper("KLDivergence", "kl_divergence", "kl_divergence", kl_divergence,
                          Json::object(), options) {}

std::shared_ptr<KLDivergence> KLDivergence::from_config(const Json& config) {
  return plain_from_config<KLDivergence>(config, "KLDivergence");
}

Poisson::Poisson(const PoissonOptions& options)
    : LossFunctionWrapper("Poisson", "poisson", "poisson", poisson, Json::object(), options) {}

std::shared_ptr<Poisson> Poisson::from_config(const Json& config) {
  return plain_from_config<Poisson>(config, "Poisson");
}

BinaryCrossentropy::BinaryCrossentropy(const BinaryCrossentropyOptions& options)
    : LossFunctionWrapper(
          "BinaryCrossentropy", "binary_crossentropy", "binary_crossentropy",
          [o = options](const Tensor& t, const Tensor& p) {
            return binary_crossentropy(t, p, o.from_logits, o.label_smoothing, o.axis);
          },
          with_crossentropy_args(Json::object(), options), base_options(options)),
      options_(options) {}

Json BinaryCrossentropy::get_config() const {
  return with_crossentropy_args(Loss::get_config(), options_);
}

std::shared_ptr<BinaryCrossentropy> BinaryCrossentropy::from_config(const Json& config) {
  return crossentropy_from_config<BinaryCrossentropy, BinaryCrossentropyOptions>(
      config, "BinaryCrossentropy");
}

BinaryFocalCrossentropy::BinaryFocalCrossentropy(const BinaryFocalCrossentropyOptions& options)
    : LossFunctionWrapper(
          "BinaryFocalCrossentropy", "binary_focal_crossentropy", "binary_focal_crossentropy",
          [o = options](const Tensor& t, const Tensor& p) {
            return binary_focal_crossentropy(t, p, o.apply_class_balancing, o.alpha, o.gamma,
                                             o.from_logits, o.label_smoothing, o.axis);
          },
          with_crossentropy_args(Json{{"apply_class_balancing", options.apply_class_balancing},
                                      {"alpha", options.alpha},
                                      {"gamma", options.gamma}},
                                 options),
          base_options(options)),
      options_(options) {}

Json BinaryFocalCrossentropy::get_config() const {
  Json config = with_crossentropy_args(Loss::get_config(), options_);
  config["apply_class_balancing"] = options_.apply_class_balancing;
  config["alpha"] = options_.alpha;
  config["gamma"] = options_.gamma;
  return config;
}

std::shared_ptr<BinaryFocalCrossentropy> BinaryFocalCrossentropy::from_config(const Json& config) {
  const std::string who = "BinaryFocalCrossentropy";
  check_loss_keys(
      config, {"apply_class_balancing", "alpha", "gamma", "from_logits", "label_smoothing", "axis"},
      who);
  BinaryFocalCrossentropyOptions o;
  o.apply_class_balancing = boolean(config, "apply_class_balancing", false, who);
  o.alpha = number(config, "alpha", 0.25, who);
  o.gamma = number(config, "gamma", 2.0, who);
  read_crossentropy_args(config, who, o);
  set_base_options(o, read_loss_options(config, who));
  return std::make_shared<BinaryFocalCrossentropy>(o);
}

CategoricalCrossentropy::CategoricalCrossentropy(const CategoricalCrossentropyOptions& options)
    : LossFunctionWrapper(
          "CategoricalCrossentropy", "categorical_crossentropy", "categorical_crossentropy",
          [o = options](const Tensor& t, const Tensor& p) {
            return categorical_crossentropy(t, p, o.from_logits, o.label_smoothing, o.axis);
          },
          with_crossentropy_args(Json::object(), options), base_options(options)),
      options_(options) {}

Json CategoricalCrossentropy::get_config() const {
  return with_crossentropy_args(Loss::get_config(), options_);
}

std::shared_ptr<CategoricalCrossentropy> CategoricalCrossentropy::from_config(const Json& config) {
  return crossentropy_from_config<CategoricalCrossentropy, CategoricalCrossentropyOptions>(
      config, "CategoricalCrossentropy");
}

CategoricalFocalCrossentropy::CategoricalFocalCrossentropy(
    const CategoricalFocalCrossentropyOptions& options)
    : LossFunctionWrapper(
          "CategoricalFocalCrossentropy", "categorical_focal_crossentropy",
          "categorical_focal_crossentropy",
          [o = options](const Tensor& t, const Tensor& p) {
            return categorical_focal_crossentropy(t, p, o.alpha, o.gamma, o.from_logits,
                                                  o.label_smoothing, o.axis);
          },
          with_crossentropy_args(
              Json{{"alpha", alpha_json(options.alpha)}, {"gamma", options.gamma}}, options),
          base_options(options)),
      options_(options) {}

Json CategoricalFocalCrossentropy::get_config() const {
  Json config = with_crossentropy_args(Loss::get_config(), options_);
  config["alpha"] = alpha_json(options_.alpha);
  config["gamma"] = options_.gamma;
  return config;
}

std::shared_ptr<CategoricalFocalCrossentropy> CategoricalFocalCrossentropy::from_config(
    const Json& config) {
  const std::string who = "CategoricalFocalCrossentropy";
  check_loss_keys(config, {"alpha", "gamma", "from_logits", "label_smoothing", "axis"}, who);
  CategoricalFocalCrossentropyOptions o;
  o.alpha = alpha_of(config, who);
  o.gamma = number(config, "gamma", 2.0, who);
  read_crossentropy_args(config, who, o);
  set_base_options(o, read_loss_options(config, who));
  return std::make_shared<CategoricalFocalCrossentropy>(o);
}

SparseCategoricalCrossentropy::SparseCategoricalCrossentropy(
    const SparseCategoricalCrossentropyOptions& options)
    : LossFunctionWrapper(
          "SparseCategoricalCrossentropy", "sparse_categorical_crossentropy",
          "sparse_categorical_crossentropy",
          [o = options](const Tensor& t, const Tensor& p) {
            return sparse_categorical_crossentropy(t, p, o.from_logits, o.ignore_class, o.axis);
          },
          Json{{"from_logits", options.from_logits},
               {"ignore_class", optional_json(options.ignore_class)},
               {"axis", options.axis}},
          base_options(options)),
      options_(options) {}

Json SparseCategoricalCrossentropy::get_config() const {
  // Keras writes LossFunctionWrapper's config without "fn": the keyword arguments in order.
  Json config = LossFunctionWrapper::get_config();
  config.erase("fn");
  return config;
}

std::shared_ptr<SparseCategoricalCrossentropy> SparseCategoricalCrossentropy::from_config(
    const Json& config) {
  const std::string who = "SparseCategoricalCrossentropy";
  check_loss_keys(config, {"from_logits", "ignore_class", "axis"}, who);
  SparseCategoricalCrossentropyOptions o;
  o.from_logits = boolean(config, "from_logits", false, who);
  o.ignore_class = config_reading::optional_integer(config, "ignore_class", who);
  o.axis = axis_of(config, who);
  set_base_options(o, read_loss_options(config, who));
  return std::make_shared<SparseCategoricalCrossentropy>(o);
}

}  // namespace keras::losses
