#include "keras/core/detail/keras_args.h"

#include <algorithm>
#include <cstring>

#include "keras/core/error.h"

namespace keras::args {

void Site::wrong_type(const char* expected, const Json& value) const {
  throw TypeError(str(who, ": config key '", key, "' must be ", expected, ", got ", value.dump()));
}

void missing_required(const std::string& who, const char* key) {
  throw TypeError(str(who, ".__init__() missing 1 required positional argument: '", key, "'"));
}

Arg Arg::fixed(const char* key, Json value) {
  Arg arg;
  arg.key_ = key;
  arg.fixed_ = std::move(value);
  return arg;
}

void write(const ArgList& args, Json& config) {
  for (const Arg& arg : args)
    if (!arg.is_read_only()) config[arg.key()] = arg.write();
}

namespace {

bool declared(const ArgList& args, std::initializer_list<const char*> also_allowed,
              const std::string& key) {
  for (const Arg& arg : args) {
    if (key == arg.key()) return true;
    for (const char* old : arg.old_keys())
      if (key == old) return true;
  }
  return std::any_of(also_allowed.begin(), also_allowed.end(),
                     [&](const char* k) { return key == k; });
}

// Python's repr of a JSON value, as Keras's messages print a kwargs dict: {'a': 'x', 'b': True,
// 'c': None, 'd': [1, 2]}.
std::string python_repr(const Json& value) {
  if (value.is_string()) return str("'", value.get<std::string>(), "'");
  if (value.is_boolean()) return value.get<bool>() ? "True" : "False";
  if (value.is_null()) return "None";
  if (value.is_array()) {
    std::string out = "[";
    for (size_t i = 0; i < value.size(); ++i) out += (i ? ", " : "") + python_repr(value[i]);
    return out + "]";
  }
  if (value.is_object()) {
    std::string out = "{";
    bool first = true;
    for (const auto& item : value.items()) {
      out += str(first ? "'" : ", '", item.key(), "': ", python_repr(item.value()));
      first = false;
    }
    return out + "}";
  }
  return value.dump();
}

}  // namespace

void read(const ArgList& args, const Json& config, const std::string& who, UnknownKeys unknown,
          std::initializer_list<const char*> also_allowed) {
  if (config.is_null()) return;
  if (!config.is_object())
    throw TypeError(str(who, ": a config must be a JSON object, got ", config.dump()));
  if (unknown != UnknownKeys::ignore) {
    Json extra = Json::object();
    for (const auto& item : config.items()) {
      if (declared(args, also_allowed, item.key())) continue;
      if (unknown == UnknownKeys::type_error)
        throw TypeError(
            str(who, ".__init__() got an unexpected keyword argument '", item.key(), "'"));
      extra[item.key()] = item.value();
    }
    if (!extra.empty()) throw ValueError(str("Argument(s) not recognized: ", python_repr(extra)));
  }
  for (const Arg& arg : args) {
    auto it = config.find(arg.key());
    for (size_t i = 0; it == config.end() && i < arg.old_keys().size(); ++i)
      it = config.find(arg.old_keys()[i]);
    if (it != config.end()) arg.read(*it, who);
  }
}

// --- Forms --------------------------------------------------------------------------------------

void ArgForm<bool>::read(const Json& value, bool& out, const Site& site) {
  if (value.is_null()) return;
  if (!value.is_boolean()) site.wrong_type("a boolean", value);
  out = value.get<bool>();
}

template <class T>
int64_t
ArgForm<T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>>>::read_integer(
    const Json& value, const Site& site) {
  if (value.is_number_integer()) return value.get<int64_t>();
  // Python writes 3.0 for a float that holds an integer; accept integral floats.
  if (value.is_number_float() && value.get<double>() == static_cast<double>(value.get<int64_t>()))
    return value.get<int64_t>();
  site.wrong_type("an integer", value);
}
template struct ArgForm<int>;
template struct ArgForm<int64_t>;

void ArgForm<double>::read(const Json& value, double& out, const Site& site) {
  if (value.is_null()) return;
  // Keras serializes a tensor or NumPy value as {"class_name": "__tensor__" or "__numpy__",
  // "config": {"value": ..., "dtype": ...}}; one element where a number belongs is that number.
  if (value.is_object() && value.contains("config") && value["config"].is_object() &&
      (value.value("class_name", "") == "__tensor__" ||
       value.value("class_name", "") == "__numpy__")) {
    const Json& v = value["config"].value("value", Json());
    if (v.is_number()) {
      out = v.get<double>();
      return;
    }
    if (v.is_array() && v.size() == 1 && v[0].is_number()) {
      out = v[0].get<double>();
      return;
    }
  }
  if (!value.is_number()) site.wrong_type("a number", value);
  out = value.get<double>();
}

void ArgForm<std::string>::read(const Json& value, std::string& out, const Site& site) {
  if (value.is_null()) return;
  if (!value.is_string()) site.wrong_type("a string", value);
  out = value.get<std::string>();
}

Json IntOrList::write(const std::optional<std::vector<int>>& axes) {
  return axes ? Json(*axes) : Json(nullptr);
}

void IntOrList::read(const Json& value, std::optional<std::vector<int>>& out, const Site& site) {
  if (value.is_null()) {
    out.reset();
    return;
  }
  if (value.is_number_integer()) {
    out = std::vector<int>{value.get<int>()};
    return;
  }
  if (!value.is_array()) site.wrong_type("an int or a list of ints", value);
  std::vector<int> axes;
  for (const Json& a : value) {
    if (!a.is_number_integer()) site.wrong_type("an int or a list of ints", value);
    axes.push_back(a.get<int>());
  }
  out = std::move(axes);
}

Json ArgForm<Shape>::write(const Shape& shape) {
  Json out = Json::array();
  for (int64_t d : shape) {
    if (d < 0)
      out.push_back(nullptr);
    else
      out.push_back(d);
  }
  return out;
}

void ArgForm<Shape>::read(const Json& value, Shape& out, const Site& site) {
  if (!value.is_null()) out = shape_from_json(value, str(site.who, " '", site.key, "'"));
}

Shape shape_from_json(const Json& value, const std::string& who) {
  auto wrong = [&] {
    return ValueError(
        str(who, ": expected a shape (a list of integers and nulls), got ", value.dump()));
  };
  if (!value.is_array()) throw wrong();
  std::vector<int64_t> dims;
  for (const Json& d : value) {
    if (d.is_null())
      dims.push_back(Shape::kUnknown);
    else if (d.is_number_integer() && d.get<int64_t>() >= 0)
      dims.push_back(d.get<int64_t>());
    else
      throw wrong();
  }
  return Shape(dims);
}

Json ArgForm<DType>::write(DType dtype) {
  return std::string(name(dtype));
}

void ArgForm<DType>::read(const Json& value, DType& out, const Site& site) {
  if (value.is_null()) return;
  if (value.is_string()) {
    out = dtype_from_name(value.get<std::string>());
    return;
  }
  const Json* policy =
      value.is_object() && value.contains("config") ? &value.at("config") : nullptr;
  if (!policy || !policy->is_object() || !policy->contains("name") ||
      !policy->at("name").is_string())
    site.wrong_type("a dtype name or a DTypePolicy", value);
  std::string name = policy->at("name").get<std::string>();
  // Mixed policies name two dtypes ("mixed_float16"): where one dtype is expected (an InputLayer,
  // a loss or metric) they are refused; layers read their dtype as a DTypePolicy.
  if (name.rfind("mixed_", 0) == 0)
    throw NotImplementedError(str(site.who, ": the mixed-precision dtype policy '", name,
                                  "' is not supported; use a plain dtype such as float32"));
  out = dtype_from_name(name);
}

Json dtype_policy_json(DType dtype) {
  return {{"module", "keras"},
          {"class_name", "DTypePolicy"},
          {"config", {{"name", std::string(name(dtype))}}},
          {"registered_name", nullptr}};
}

}  // namespace keras::args
