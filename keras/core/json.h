// The JSON type of every Keras configuration (get_config, config.json, compile_config), complete:
// include this to read or build a config. Headers that only name the type include
// keras/core/json_fwd.h.
#pragma once

#include <nlohmann/json.hpp>

#include "keras/core/json_fwd.h"
