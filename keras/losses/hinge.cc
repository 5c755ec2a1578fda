#include "keras/losses/hinge.h"

#include "keras/core/json.h"
#include "keras/losses/detail/loss_args.h"
#include "keras/losses/functions.h"

namespace keras::losses {

Hinge::Hinge(const HingeOptions& options)
    : LossFunctionWrapper("Hinge", "hinge", "hinge", hinge, Json::object(), options) {}

std::shared_ptr<Hinge> Hinge::from_config(const Json& config) {
  return from_config_with<Hinge>(no_arguments, config, "Hinge");
}

Json Hinge::get_config() const {
  return Loss::get_config();
}

SquaredHinge::SquaredHinge(const SquaredHingeOptions& options)
    : LossFunctionWrapper("SquaredHinge", "squared_hinge", "squared_hinge", squared_hinge,
                          Json::object(), options) {}

std::shared_ptr<SquaredHinge> SquaredHinge::from_config(const Json& config) {
  return from_config_with<SquaredHinge>(no_arguments, config, "SquaredHinge");
}

Json SquaredHinge::get_config() const {
  return Loss::get_config();
}

CategoricalHinge::CategoricalHinge(const CategoricalHingeOptions& options)
    : LossFunctionWrapper("CategoricalHinge", "categorical_hinge", "categorical_hinge",
                          categorical_hinge, Json::object(), options) {}

std::shared_ptr<CategoricalHinge> CategoricalHinge::from_config(const Json& config) {
  return from_config_with<CategoricalHinge>(no_arguments, config, "CategoricalHinge");
}

Json CategoricalHinge::get_config() const {
  return Loss::get_config();
}

}  // namespace keras::losses
