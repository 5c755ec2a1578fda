#include "tests/support/keras3_args.h"

#include <cmath>
#include <fstream>

#include "keras/core/error.h"
#include "tests/support/paths.h"

namespace keras::testing {

namespace {

const Json& golden() {
  static const Json data = [] {
    std::filesystem::path path = source_dir() / "tests/golden/data/keras3_args.json";
    std::ifstream in(path);
    if (!in) throw IOError(str("cannot read ", path.string()));
    return Json::parse(in);
  }();
  return data;
}

bool close(double a, double b) {
  return a == b || std::fabs(a - b) <= 1e-6 * std::max(std::fabs(a), std::fabs(b));
}

}  // namespace

const Json& keras3_classes(const std::string& family) {
  return golden().at("classes").at(family);
}

std::vector<std::string> config_differences(const Json& ours, const Json& keras,
                                            const std::string& path) {
  std::vector<std::string> out;
  if (ours.is_number() && keras.is_number()) {
    if (!close(ours.get<double>(), keras.get<double>()))
      out.push_back(str(path, ": ", ours.dump(), " against Keras's ", keras.dump()));
    return out;
  }
  if (ours.type() != keras.type()) {
    out.push_back(str(path, ": ", ours.dump(), " against Keras's ", keras.dump()));
    return out;
  }
  if (ours.is_object()) {
    std::vector<std::string> ours_keys, keras_keys;
    for (const auto& item : ours.items()) ours_keys.push_back(item.key());
    for (const auto& item : keras.items()) keras_keys.push_back(item.key());
    if (ours_keys != keras_keys) {
      out.push_back(str(path, ": keys ", Json(ours_keys).dump(), " against Keras's ",
                        Json(keras_keys).dump()));
      return out;
    }
    for (const std::string& k : ours_keys)
      for (std::string& d : config_differences(ours.at(k), keras.at(k), path + "." + k))
        out.push_back(std::move(d));
    return out;
  }
  if (ours.is_array()) {
    if (ours.size() != keras.size()) {
      out.push_back(str(path, ": ", ours.dump(), " against Keras's ", keras.dump()));
      return out;
    }
    for (size_t i = 0; i < ours.size(); ++i)
      for (std::string& d :
           config_differences(ours[i], keras[i], path + "[" + std::to_string(i) + "]"))
        out.push_back(std::move(d));
    return out;
  }
  if (ours != keras) out.push_back(str(path, ": ", ours.dump(), " against Keras's ", keras.dump()));
  return out;
}

}  // namespace keras::testing
