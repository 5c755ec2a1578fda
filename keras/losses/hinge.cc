#include "keras/losses/hinge.h"

#include "keras/losses/functions.h"
#include "keras/losses/loss_reading.h"

namespace keras::losses {

Hinge::Hinge(const HingeOptions& options)
    : LossFunctionWrapper("Hinge", "hinge", "hinge", hinge, Json::object(), options) {}

std::shared_ptr<Hinge> Hinge::from_config(const Json& config) {
  return plain_from_config<Hinge>(config, "Hinge");
}

SquaredHinge::SquaredHinge(const SquaredHingeOptions& options)
    : LossFunctionWrapper("SquaredHinge", "squared_hinge", "squared_hinge", squared_hinge,
                          Json::object(), options) {}

std::shared_ptr<SquaredHinge> SquaredHinge::from_config(const Json& config) {
  return plain_from_config<SquaredHinge>(config, "SquaredHinge");
}

CategoricalHinge::CategoricalHinge(const CategoricalHingeOptions& options)
    : LossFunctionWrapper("CategoricalHinge", "categorical_hinge", "categorical_hinge",
                          categorical_hinge, Json::object(), options) {}

std::shared_ptr<CategoricalHinge> CategoricalHinge::from_config(const Json& config) {
  return plain_from_config<CategoricalHinge>(config, "CategoricalHinge");
}

}  // namespace keras::losses
