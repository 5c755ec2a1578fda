// Text as Python prints it, where kerascpp's output must match Keras's byte for byte: a float's
// repr (the shortest digits that read back, scientific below 1e-4 and from 1e16), str.format's
// named fields, and a field as Python's csv module quotes it.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <variant>

#include "keras/core/json_fwd.h"

namespace keras::utils {

// repr(float(value)): "0.1", "1e-05", "1234.5", "1e+16", "nan", "inf", "-inf", "3.0".
std::string python_float(double value);
// Python's str.format with named fields, for file name templates such as ModelCheckpoint's
// "weights.{epoch:02d}-{val_loss:.2f}.keras": "{name}" or "{name:spec}" with the format-spec
// mini-language ([[fill]align][sign][0][width][,][.precision][type], types d, f, F, e, E, g, G,
// %), "{{" and "}}" for braces. A float without a type prints as repr(). ValueError for a name
// not in `values` (naming it and the template) and for a malformed template or spec.
using FormatValue = std::variant<int64_t, double>;
std::string python_str_format(const std::string& pattern,
                              const std::map<std::string, FormatValue>& values);
// json.dumps(value) with Python's default separators (", " and ": "), keys in their order,
// floats as repr() writes them (NaN, Infinity and -Infinity as json.dumps spells those), text
// escaped to ASCII: what Keras writes into config.json, model_config and keras.json.
std::string python_json_dumps(const Json& value);
// A csv field with QUOTE_MINIMAL: quoted (and inner quotes doubled) when it holds the
// separator, a quote, \r or \n.
std::string csv_field(const std::string& field, char separator = ',');

}  // namespace keras::utils
