// Keras 3's automatic object names (keras/src/utils/naming.py): a class name in snake_case,
// made unique by a process-wide counter per name: dense, dense_1, dense_2, ...
#pragma once

#include <string>
#include <string_view>

namespace keras::utils {

// "Conv2D" -> "conv2d", "MaxPooling2D" -> "max_pooling2d", "ReLU" -> "re_lu",
// "BatchNormalization" -> "batch_normalization": non-word characters dropped, "_" before an
// upper-case letter that starts a lower-case run, "_" between a lower- and an upper-case letter,
// then lower case.
std::string to_snake_case(std::string_view name);
// `name` the first time, then name_1, name_2, ... (Keras's uniquify; thread-safe).
std::string uniquify(const std::string& name);
// uniquify(to_snake_case(prefix)).
std::string auto_name(std::string_view prefix);
// Forgets every name handed out, as keras.backend.clear_session() does: the next Dense is
// "dense" again.
void clear_session();

}  // namespace keras::utils
