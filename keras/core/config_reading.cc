#include "keras/core/config_reading.h"

#include "keras/core/error.h"

namespace keras::config_reading {

namespace {

const Json* find(const Json& config, const char* key) {
  if (!config.is_object()) return nullptr;
  auto it = config.find(key);
  if (it == config.end() || it->is_null()) return nullptr;
  return &*it;
}

[[noreturn]] void wrong_type(const std::string& who, const char* key, const char* expected,
                             const Json& value) {
  throw TypeError(str(who, ": config key '", key, "' must be ", expected, ", got ", value.dump()));
}

}  // namespace

void check_keys(const Json& config, std::initializer_list<const char*> allowed,
                const std::string& who) {
  if (config.is_null()) return;
  if (!config.is_object())
    throw TypeError(str(who, ": a config must be a JSON object, got ", config.dump()));
  for (const auto& item : config.items()) {
    bool known = false;
    for (const char* key : allowed) known = known || item.key() == key;
    if (!known)
      throw TypeError(
          str(who, ".__init__() got an unexpected keyword argument '", item.key(), "'"));
  }
}

double number(const Json& config, const char* key, double fallback, const std::string& who) {
  const Json* v = find(config, key);
  if (!v) return fallback;
  // Keras serializes a tensor or NumPy value as {"class_name": "__tensor__" or "__numpy__",
  // "config": {"value": ..., "dtype": ...}}; one element where a number belongs is that number.
  if (v->is_object() && v->contains("config") && (*v)["config"].is_object() &&
      (v->value("class_name", "") == "__tensor__" || v->value("class_name", "") == "__numpy__")) {
    const Json& value = (*v)["config"].value("value", Json());
    if (value.is_number()) return value.get<double>();
    if (value.is_array() && value.size() == 1 && value[0].is_number())
      return value[0].get<double>();
  }
  if (!v->is_number()) wrong_type(who, key, "a number", *v);
  return v->get<double>();
}

int64_t integer(const Json& config, const char* key, int64_t fallback, const std::string& who) {
  return optional_integer(config, key, who).value_or(fallback);
}

std::optional<int64_t> optional_integer(const Json& config, const char* key,
                                        const std::string& who) {
  const Json* v = find(config, key);
  if (!v) return std::nullopt;
  if (v->is_number_integer()) return v->get<int64_t>();
  // Python writes 3.0 for a float that holds an integer; accept integral floats.
  if (v->is_number_float() && v->get<double>() == static_cast<double>(v->get<int64_t>()))
    return v->get<int64_t>();
  wrong_type(who, key, "an integer", *v);
}

bool boolean(const Json& config, const char* key, bool fallback, const std::string& who) {
  const Json* v = find(config, key);
  if (!v) return fallback;
  if (!v->is_boolean()) wrong_type(who, key, "a boolean", *v);
  return v->get<bool>();
}

std::string string(const Json& config, const char* key, const std::string& fallback,
                   const std::string& who) {
  return optional_string(config, key, who).value_or(fallback);
}

std::optional<std::string> optional_string(const Json& config, const char* key,
                                           const std::string& who) {
  const Json* v = find(config, key);
  if (!v) return std::nullopt;
  if (!v->is_string()) wrong_type(who, key, "a string", *v);
  return v->get<std::string>();
}

std::vector<int> axes(const Json& config, const char* key, std::vector<int> fallback,
                      const std::string& who) {
  const Json* v = find(config, key);
  if (!v) return fallback;
  if (v->is_number_integer()) return {v->get<int>()};
  if (!v->is_array()) wrong_type(who, key, "an int or a list of ints", *v);
  std::vector<int> out;
  for (const Json& a : *v) {
    if (!a.is_number_integer()) wrong_type(who, key, "an int or a list of ints", *v);
    out.push_back(a.get<int>());
  }
  return out;
}

std::optional<std::vector<int64_t>> dims(const Json& config, const char* key,
                                         const std::string& who) {
  const Json* v = find(config, key);
  if (!v) return std::nullopt;
  if (!v->is_array()) wrong_type(who, key, "a list of dimensions", *v);
  std::vector<int64_t> out;
  for (const Json& d : *v) {
    if (d.is_null())
      out.push_back(-1);
    else if (d.is_number_integer())
      out.push_back(d.get<int64_t>());
    else
      wrong_type(who, key, "a list of dimensions", *v);
  }
  return out;
}

Json shape_to_json(const Shape& shape) {
  Json out = Json::array();
  for (int64_t d : shape) {
    if (d < 0)
      out.push_back(nullptr);
    else
      out.push_back(d);
  }
  return out;
}

Shape shape_from_json(const Json& value, const std::string& who) {
  if (!value.is_array())
    throw ValueError(
        str(who, ": expected a shape (a list of integers and nulls), got ", value.dump()));
  std::vector<int64_t> dims;
  for (const Json& d : value) {
    if (d.is_null())
      dims.push_back(Shape::kUnknown);
    else if (d.is_number_integer() && d.get<int64_t>() >= 0)
      dims.push_back(d.get<int64_t>());
    else
      throw ValueError(
          str(who, ": expected a shape (a list of integers and nulls), got ", value.dump()));
  }
  return Shape(dims);
}

std::optional<DType> dtype(const Json& config, const char* key, const std::string& who) {
  const Json* v = find(config, key);
  if (!v) return std::nullopt;
  if (v->is_string()) return dtype_from_name(v->get<std::string>());
  if (v->is_object() && v->contains("config") && v->at("config").is_object() &&
      v->at("config").contains("name") && v->at("config").at("name").is_string()) {
    std::string name = v->at("config").at("name").get<std::string>();
    // Mixed policies name two dtypes ("mixed_float16"); kerascpp computes in one dtype.
    if (name.rfind("mixed_", 0) == 0)
      throw NotImplementedError(str(who, ": the mixed-precision dtype policy '", name,
                                    "' is not supported; use a plain dtype such as float32"));
    return dtype_from_name(name);
  }
  wrong_type(who, key, "a dtype name or a DTypePolicy", *v);
}

Json dtype_policy_json(DType dtype) {
  return {{"module", "keras"},
          {"class_name", "DTypePolicy"},
          {"config", {{"name", std::string(name(dtype))}}},
          {"registered_name", nullptr}};
}

}  // namespace keras::config_reading
