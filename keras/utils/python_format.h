// Text as Python prints it, where kerascpp's output must match Keras's byte for byte: a float's
// repr (the shortest digits that read back, scientific below 1e-4 and from 1e16), and a field as
// Python's csv module quotes it.
#pragma once

#include <string>

namespace keras::utils {

// repr(float(value)): "0.1", "1e-05", "1234.5", "1e+16", "nan", "inf", "-inf", "3.0".
std::string python_float(double value);
// A csv field with QUOTE_MINIMAL: quoted (and inner quotes doubled) when it holds the
// separator, a quote, \r or \n.
std::string csv_field(const std::string& field, char separator = ',');

}  // namespace keras::utils
