// keras.losses (keras/src/losses/__init__.py): every loss class and function, and get /
// serialize / deserialize by Keras's names.
//
//   losses::LossPtr loss = losses::get("categorical_crossentropy");  // as compile(loss=...)
//   Tensor value = (*loss)(labels, probabilities);
//   Json config = losses::serialize(losses::Huber({.delta = 2.0}));
//
// Names get() accepts: the class names ("CategoricalCrossentropy", made with default
// arguments), the function names ("categorical_crossentropy", which are also the snake_case
// class names) and Keras's aliases (mse, MSE, mae, MAE, mape, MAPE, msle, MSLE, kld, KLD, bce,
// BCE), plus Keras 2's logcosh, huber_loss and kullback_leibler_divergence. A function name
// gives a LossFunctionWrapper named by the identifier, as Keras's compile() wraps a function.
// "crossentropy" / "ce" depend on the model's outputs and are resolved by the trainer.
#pragma once

#include <string>

#include "keras/core/class_registry.h"
#include "keras/losses/functions.h"
#include "keras/losses/hinge.h"
#include "keras/losses/loss.h"
#include "keras/losses/loss_function_wrapper.h"
#include "keras/losses/probabilistic.h"
#include "keras/losses/regression.h"

namespace keras::losses {

// A loss from a name, an object (returned as it is) or nothing (nullptr). Unknown names throw
// ValueError "Could not interpret loss identifier: <name>".
LossPtr get(const LossArg& identifier);
// From a name, a config ({"class_name": "CategoricalCrossentropy", "config": {...}}) or null.
LossPtr get(const Json& identifier);
// {"module": "keras.losses", "class_name": ..., "config": ..., "registered_name": null} for the
// built-in classes; LossFunctionWrapper as Keras writes it (module "keras.src.losses.losses",
// registered_name "LossFunctionWrapper"); registered user classes with module null and
// registered_name "<package>><name>".
Json serialize(const Loss& loss);
// The inverse of serialize (also a name, or a serialized function, which comes back wrapped).
// TypeError "Could not locate class ..." for a class no registry knows.
LossPtr deserialize(const Json& config);

// Every loss class by its Keras class name (user classes: also "<package>><name>").
ClassRegistry<Loss>& registry();
// A user loss class, rebuilt from its config by `factory` (Keras's register_keras_serializable);
// a name may shadow a built-in.
void register_loss(const std::string& name, ClassRegistry<Loss>::Factory factory,
                   const std::string& package = "Custom");

}  // namespace keras::losses
