#include "keras/layers/detail/noise_args.h"

#include "keras/core/error.h"

namespace keras::layers::detail {

void check_unit_interval(double value, const char* argument, const std::string& who) {
  if (!(value >= 0.0 && value <= 1.0))
    throw ValueError(str(who, "Invalid value received for argument `", argument,
                         "`. Expected a float value between 0 and 1. Received: ", argument, "=",
                         value));
}

}  // namespace keras::layers::detail
