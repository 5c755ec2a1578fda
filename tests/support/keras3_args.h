// What Keras 3 itself writes for every class kerascpp registers, made with default arguments:
// tests/golden/data/keras3_args.json (made by tests/golden/keras3/make_keras_args.py with the
// peers environment, scripts/setup-peers). The <Family>KerasArgs tests rebuild each class from
// Keras's "args" alone and compare its get_config() with Keras's.
#pragma once

#include <string>
#include <vector>

#include "keras/core/json.h"

namespace keras::testing {

// classes[family] of the golden file: {"Dense": {"args": {...}, "keys": [...], "config": {...}}}.
const Json& keras3_classes(const std::string& family);
// Their names, in file order.
std::vector<std::string> keras3_class_names(const std::string& family);
// One class's entry; fails the test (and returns null) when the file has none.
const Json& keras3_args(const std::string& family, const std::string& class_name);

// The differences between a kerascpp config and Keras's (empty when they agree), each naming the
// path of the value: the same keys in the same order, numbers within 1e-6 relative (Keras writes
// some defaults rounded to float32, e.g. 0.0010000000474974513 for Adam's learning rate) and an
// integer wherever Keras wrote one, everything else equal.
std::vector<std::string> config_differences(const Json& ours, const Json& keras,
                                            const std::string& path = "config");
// EXPECTs that there are none, listing them with both configs.
void expect_keras_config(const Json& ours, const Json& keras, const std::string& where);

}  // namespace keras::testing
