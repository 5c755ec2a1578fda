// keras.optimizers (keras/src/optimizers/__init__.py): every optimizer class, and get /
// serialize / deserialize by name or config, as compile(optimizer=...) resolves them.
//
//   model.compile({.optimizer = optimizers::Adam({.learning_rate = 1e-3}), .loss = "mse"});
//   optimizers::OptimizerPtr adam = optimizers::get("adam");  // Adam with its defaults
//   Json config = optimizers::serialize(*adam);
//   optimizers::OptimizerPtr again = optimizers::deserialize(config);
#pragma once

#include <string>

#include "keras/core/class_registry.h"
#include "keras/optimizers/adadelta.h"
#include "keras/optimizers/adagrad.h"
#include "keras/optimizers/adam.h"
#include "keras/optimizers/adamax.h"
#include "keras/optimizers/adamw.h"
#include "keras/optimizers/loss_scale_optimizer.h"
#include "keras/optimizers/nadam.h"
#include "keras/optimizers/optimizer.h"
#include "keras/optimizers/rmsprop.h"
#include "keras/optimizers/schedules/learning_rate_schedule.h"
#include "keras/optimizers/sgd.h"

namespace keras::optimizers {

// An optimizer from a name (a class name in any case, as Keras's deserialize lower-cases the
// built-ins: "sgd", "rmsprop", "adam", "adamw", "adagrad", "adadelta", "adamax", "nadam",
// "Adam", ...; made with default arguments), a config, an object (returned as it is), or
// nothing (nullptr). Unknown names throw ValueError "Could not interpret optimizer identifier:
// ..."; the Keras 3 optimizers kerascpp lacks (Adafactor, Ftrl, Lion, Lamb, ...) throw
// NotImplementedError naming them.
OptimizerPtr get(const OptimizerArg& identifier);
OptimizerPtr get(const Json& identifier);
// A name (also reachable through the two above; these make get("adam") unambiguous).
OptimizerPtr get(const char* name);
OptimizerPtr get(const std::string& name);
// {"module": "keras.optimizers", "class_name": ..., "config": ..., "registered_name": null}.
Json serialize(const Optimizer& optimizer);
OptimizerPtr deserialize(const Json& config);

// Optimizer classes rebuilt from configs by name (Keras's register_keras_serializable); the
// built-ins are there under their class names and lower-case names; a name may shadow one.
ClassRegistry<Optimizer>& registry();

}  // namespace keras::optimizers
