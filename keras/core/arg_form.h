// The names a public header needs to declare the JSON form of its own argument types beside them
// (ArgForm<ActivationArg>, ArgForm<LearningRate>, ...) and the argument lists of its classes,
// without the argument machinery itself (keras/core/detail/keras_args.h, which the .cc files
// that write and read configs include).
#pragma once

#include <vector>

#include "keras/core/json_fwd.h"

namespace keras::args {

struct Site;
class Arg;
using ArgList = std::vector<Arg>;

// The JSON form of T. Specializations provide
//   static Json write(const T& value);
//   static void read(const Json& value, T& out, const Site& site);  // value is never absent
template <class T, class = void>
struct ArgForm;

}  // namespace keras::args
