// The Keras 3 callback goldens (tests/golden/data/keras3_callbacks.json, made by
// tests/golden/keras3/make_callbacks.py): the parsed file and its numbers, for the callback tests.
#pragma once

#include <cmath>
#include <optional>
#include <string>

#include "keras/callbacks/callback.h"
#include "keras/core/json.h"

namespace keras::testing {

// The whole file, parsed once; IOError when it is missing.
const Json& keras3_callbacks_golden();
// A number as the generator writes it: JSON numbers, and NaN and the infinities as the strings
// "nan", "inf", "-inf".
double golden_number(const Json& v);
// null as nullopt (Keras's None).
std::optional<double> golden_optional(const Json& v);
// One epoch's logs.
callbacks::Logs golden_logs(const Json& logs);
// Equal as Python's recorded values compare, NaN equal to NaN.
inline bool same_number(double a, double b) {
  return (std::isnan(a) && std::isnan(b)) || a == b;
}

}  // namespace keras::testing
