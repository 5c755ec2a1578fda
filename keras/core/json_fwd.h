// The name of the JSON type, for headers that only pass configs along (get_config(),
// from_config()): nlohmann/json's forward declarations, not its 25,000 lines. Code that reads or
// builds a config includes keras/core/json.h.
#pragma once

#include <nlohmann/json_fwd.hpp>

namespace keras {

// An object that keeps its keys in insertion order, as Python dicts do, so configs are written
// in Keras's key order.
using Json = nlohmann::ordered_json;

}  // namespace keras
