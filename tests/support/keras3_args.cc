#include "tests/support/keras3_args.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>

#include "keras/core/error.h"
#include "keras/core/json.h"
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

std::string against(const std::string& path, const Json& ours, const Json& keras) {
  return str(path, ": ", ours.dump(), " against Keras's ", keras.dump());
}

}  // namespace

const Json& keras3_classes(const std::string& family) {
  return golden().at("classes").at(family);
}

std::vector<std::string> keras3_class_names(const std::string& family) {
  std::vector<std::string> out;
  for (const auto& item : keras3_classes(family).items()) out.push_back(item.key());
  return out;
}

const Json& keras3_args(const std::string& family, const std::string& class_name) {
  static const Json none;
  const Json& classes = keras3_classes(family);
  if (!classes.contains(class_name)) {
    ADD_FAILURE() << "keras3_args.json has no " << family << "." << class_name;
    return none;
  }
  return classes.at(class_name);
}

std::vector<std::string> config_differences(const Json& ours, const Json& keras,
                                            const std::string& path) {
  std::vector<std::string> out;
  if (ours.is_number() && keras.is_number()) {
    if (!close(ours.get<double>(), keras.get<double>()) ||
        (keras.is_number_integer() && !ours.is_number_integer()))
      out.push_back(against(path, ours, keras));
    return out;
  }
  if (ours.type() != keras.type()) {
    out.push_back(against(path, ours, keras));
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
      out.push_back(against(path, ours, keras));
      return out;
    }
    for (size_t i = 0; i < ours.size(); ++i)
      for (std::string& d :
           config_differences(ours[i], keras[i], path + "[" + std::to_string(i) + "]"))
        out.push_back(std::move(d));
    return out;
  }
  if (ours != keras) out.push_back(against(path, ours, keras));
  return out;
}

void expect_keras_config(const Json& ours, const Json& keras, const std::string& where) {
  std::vector<std::string> differences = config_differences(ours, keras);
  EXPECT_TRUE(differences.empty()) << where << ":\n  " << Json(differences).dump(2)
                                   << "\nours:  " << ours.dump() << "\nKeras: " << keras.dump();
}

}  // namespace keras::testing
