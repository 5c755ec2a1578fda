// Helpers for reading the config objects that from_config() receives, with Keras's errors:
// Keras passes a config as keyword arguments, so an unknown key is an unexpected argument.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "keras/core/dtype.h"
#include "keras/core/json.h"
#include "keras/core/shape.h"

namespace keras::config_reading {

// TypeError "<who>.__init__() got an unexpected keyword argument '<key>'" for a key of `config`
// not in `allowed`; TypeError when `config` is neither null nor an object.
void check_keys(const Json& config, std::initializer_list<const char*> allowed,
                const std::string& who);
// config[key] as a number (also a one-element `__tensor__` / `__numpy__` marker, as Keras writes
// tensor-valued arguments); `fallback` when absent or null; TypeError when not a number.
double number(const Json& config, const char* key, double fallback, const std::string& who);
// config[key] as an integer; `fallback` when absent or null; TypeError otherwise.
int64_t integer(const Json& config, const char* key, int64_t fallback, const std::string& who);
std::optional<int64_t> optional_integer(const Json& config, const char* key,
                                        const std::string& who);
bool boolean(const Json& config, const char* key, bool fallback, const std::string& who);
std::string string(const Json& config, const char* key, const std::string& fallback,
                   const std::string& who);
std::optional<std::string> optional_string(const Json& config, const char* key,
                                           const std::string& who);
// An int or a list of ints (Keras's `axis=-1` / `axis=[1, 2]`); `fallback` when absent.
std::vector<int> axes(const Json& config, const char* key, std::vector<int> fallback,
                      const std::string& who);
// A list of ints, nulls as -1 (shapes, noise shapes); nullopt when absent or null.
std::optional<std::vector<int64_t>> dims(const Json& config, const char* key,
                                         const std::string& who);

// A shape as Keras writes it: a list with null for unknown dimensions ([null, 784]).
Json shape_to_json(const Shape& shape);
// The inverse; ValueError naming `who` for anything but a list of integers and nulls.
Shape shape_from_json(const Json& value, const std::string& who);
// A dtype from a config: a name ("float32") or a DTypePolicy object
// ({"class_name": "DTypePolicy", "config": {"name": "float32"}}); nullopt when absent or null.
std::optional<DType> dtype(const Json& config, const char* key, const std::string& who);
// Keras 3's serialized DTypePolicy for a dtype.
Json dtype_policy_json(DType dtype);

}  // namespace keras::config_reading
