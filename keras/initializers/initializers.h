// keras.initializers: every built-in initializer, and Keras 3's get / serialize / deserialize
// (keras/src/initializers/__init__.py).
//
// Names resolve as in Keras 3: the class name ("GlorotUniform"), its snake_case form
// ("glorot_uniform") and the aliases "normal" (RandomNormal), "uniform" (RandomUniform),
// "zero", "one", "IdentityInitializer", "OrthogonalInitializer" and "STFTInitializer".
//
//   auto init = keras::initializers::get("he_normal");
//   auto same = keras::initializers::get(keras::initializers::serialize(*init));
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "keras/core/json_fwd.h"
#include "keras/core/object_arg.h"

#include "keras/initializers/constant_initializers.h"
#include "keras/initializers/initializer.h"
#include "keras/initializers/random_initializers.h"

namespace keras::initializers {

// An initializer from a name (made with its default arguments) or from a config: a JSON string
// (a name), an object {"class_name": ..., "config": {...}} as serialize() writes it (a "module"
// key is accepted and ignored), or null (returns nullptr, as Keras's get(None)). An unknown name
// throws ValueError "Could not interpret initializer identifier: <identifier>"; a config with
// bad arguments throws the class's ValueError or TypeError.
std::shared_ptr<Initializer> get(const std::string& identifier);
std::shared_ptr<Initializer> get(const char* identifier);
std::shared_ptr<Initializer> get(const Json& identifier);

// A layer argument such as `kernel_initializer`: a name ("he_normal"), an initializer object
// (shared or by value), or nothing.
using InitializerArg = ObjectArg<Initializer>;
// The initializer an argument names (nullptr for nothing).
std::shared_ptr<Initializer> get(const InitializerArg& identifier);
// A config value (a name, a serialized object, or null) as an argument
// (keras/core/detail/keras_args.h).
void object_arg_from_config(InitializerArg& out, const Json& value);

// Keras's serialize_keras_object for an initializer: {"module": "keras.initializers",
// "class_name": "GlorotUniform", "config": {"seed": null, ...}, "registered_name": null}.
Json serialize(const Initializer& initializer);
// The inverse of serialize (also takes a plain name); throws as get() does, also for null.
std::shared_ptr<Initializer> deserialize(const Json& config);

// Every identifier get() accepts, sorted.
std::vector<std::string> names();

}  // namespace keras::initializers
