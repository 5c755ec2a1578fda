// The JSON type of every Keras configuration (get_config, config.json, compile_config): an
// object that keeps its keys in insertion order, as Python dicts do, so configs are written in
// Keras's key order.
#pragma once

#include <nlohmann/json.hpp>

namespace keras {

using Json = nlohmann::ordered_json;

}  // namespace keras
