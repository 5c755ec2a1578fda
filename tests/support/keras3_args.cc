#include "tests/support/keras3_args.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "tests/support/paths.h"

namespace keras::testing {

namespace {

const Json& classes() {
  static const Json data = [] {
    std::filesystem::path path = source_dir() / "tests/golden/data/keras3_args.json";
    std::ifstream in(path);
    Json j = Json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object() || !j.contains("classes")) {
      ADD_FAILURE() << path << ": missing or not Keras's argument data";
      return Json::object();
    }
    return j.at("classes");
  }();
  return data;
}

void expect_same_value(const Json& got, const Json& want, const std::string& where) {
  if (want.is_number() && got.is_number()) {
    double w = want.get<double>(), g = got.get<double>();
    EXPECT_LE(std::fabs(g - w), 1e-6 * std::fabs(w)) << where << ": " << g << " vs Keras's " << w;
  } else if (want.is_object() && got.is_object()) {
    expect_keras_config(got, want, where);
  } else if (want.is_array() && got.is_array() && want.size() == got.size()) {
    for (size_t i = 0; i < want.size(); ++i)
      expect_same_value(got[i], want[i], where + "[" + std::to_string(i) + "]");
  } else {
    EXPECT_EQ(got, want) << where;
  }
}

}  // namespace

std::vector<std::string> keras3_classes(const std::string& family) {
  std::vector<std::string> out;
  if (classes().contains(family))
    for (const auto& item : classes().at(family).items()) out.push_back(item.key());
  return out;
}

const Json& keras3_args(const std::string& family, const std::string& class_name) {
  static const Json none;
  if (!classes().contains(family) || !classes().at(family).contains(class_name)) {
    ADD_FAILURE() << "keras3_args.json has no " << family << "." << class_name;
    return none;
  }
  return classes().at(family).at(class_name);
}

void expect_keras_config(const Json& config, const Json& keras, const std::string& where) {
  std::vector<std::string> got_keys, want_keys;
  for (const auto& item : config.items()) got_keys.push_back(item.key());
  for (const auto& item : keras.items()) want_keys.push_back(item.key());
  EXPECT_EQ(got_keys, want_keys) << where << ": keys (in order) differ from Keras's";
  for (const auto& item : keras.items())
    if (config.contains(item.key()))
      expect_same_value(config.at(item.key()), item.value(), where + "." + item.key());
}

}  // namespace keras::testing
