#include "keras/ops/op_def.h"

namespace keras::ops::detail {

void register_random_ops() {}

}  // namespace keras::ops::detail
