// What Keras 3 itself writes for every class kerascpp registers, made with default arguments:
// tests/golden/data/keras3_args.json (made by tests/golden/keras3/make_keras_args.py). The
// <Family>KerasArgs tests rebuild each class from Keras's "args" alone and compare its
// get_config() with Keras's: the same keys in the same order, the same values.
#pragma once

#include <string>
#include <vector>

#include "keras/core/json.h"

namespace keras::testing {

// The class names recorded for a family ("initializers", "regularizers", ...), in file order.
std::vector<std::string> keras3_classes(const std::string& family);
// {"args": {...}, "keys": [...], "config": {...}} of one class; fails the test when absent.
const Json& keras3_args(const std::string& family, const std::string& class_name);
// EXPECTs that `config` has exactly Keras's keys, in Keras's order, with Keras's values: numbers
// within 1e-6 relative (Keras writes float32-rounded values for some), the rest equal
// (recursively through objects and lists).
void expect_keras_config(const Json& config, const Json& keras, const std::string& where);

}  // namespace keras::testing
