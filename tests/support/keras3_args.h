// Keras 3's own configs for every class kerascpp registers, made with default arguments
// (tests/golden/data/keras3_args.json, written by tests/golden/keras3/make_keras_args.py), and a
// comparison of a kerascpp config with one of them: the same keys in the same order, the same
// values (numbers to a relative 1e-6, since Keras writes some defaults rounded to float32, e.g.
// 0.0010000000474974513 for Adam's learning rate).
#pragma once

#include <string>
#include <vector>

#include "keras/core/json.h"

namespace keras::testing {

// classes[family] of the golden file: {"Dense": {"args": {...}, "keys": [...], "config": {...}}}.
const Json& keras3_classes(const std::string& family);

// The differences between `ours` and `keras` (empty when they agree), each naming the path of
// the value ("config.kernel_initializer.config.seed: ...").
std::vector<std::string> config_differences(const Json& ours, const Json& keras,
                                            const std::string& path = "config");

}  // namespace keras::testing
