// keras/core/detail/keras_args.h: one argument list gives a config and reads it back, with Keras's
// rules for absent keys, None, older spellings, unknown keys and missing required arguments.
#include "keras/core/detail/keras_args.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "keras/core/error.h"
#include "keras/core/json.h"

namespace keras {
namespace {

struct Options {
  int64_t units = 0;
  double rate = 0.5;
  bool flag = true;
  std::string mode = "auto";
  std::optional<double> clip;
  std::vector<int> axes = {1};
  std::optional<Shape> shape;
};

args::ArgList options_args(Options& o) {
  return {{"units", o.units, {"output_dim"}},
          {"rate", o.rate, {"p"}},
          {"flag", o.flag},
          {"mode", o.mode},
          {"clip", o.clip},
          {"axes", o.axes},
          {"shape", o.shape},
          args::Arg::fixed("quantization_config", nullptr)};
}

Json write(Options o) {
  Json config = Json::object();
  args::write(options_args(o), config);
  return config;
}

Options read(const Json& config, args::UnknownKeys unknown = args::UnknownKeys::ignore) {
  Options o;
  args::read(options_args(o), config, "Thing", unknown);
  return o;
}

TEST(KerasArgs, WritesEveryArgumentInOrder) {
  Json config = write({.units = 3, .clip = 1.5, .shape = Shape{-1, 4}});
  std::vector<std::string> keys;
  for (const auto& item : config.items()) keys.push_back(item.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"units", "rate", "flag", "mode", "clip", "axes",
                                            "shape", "quantization_config"}));
  EXPECT_EQ(config.at("units"), 3);
  EXPECT_EQ(config.at("rate"), 0.5);
  EXPECT_EQ(config.at("clip"), 1.5);
  EXPECT_EQ(config.at("axes"), Json::array({1}));
  EXPECT_EQ(config.at("shape"), Json::parse("[null, 4]"));
  EXPECT_TRUE(config.at("quantization_config").is_null());
  EXPECT_TRUE(write({}).at("clip").is_null());  // None
}

TEST(KerasArgs, ReadsBackWhatItWrote) {
  Options o = read(write({.units = 7,
                          .rate = 0.25,
                          .flag = false,
                          .mode = "min",
                          .clip = 2.0,
                          .axes = {2, 3},
                          .shape = Shape{5}}));
  EXPECT_EQ(o.units, 7);
  EXPECT_EQ(o.rate, 0.25);
  EXPECT_FALSE(o.flag);
  EXPECT_EQ(o.mode, "min");
  EXPECT_EQ(o.clip, 2.0);
  EXPECT_EQ(o.axes, (std::vector<int>{2, 3}));
  EXPECT_EQ(o.shape, Shape{5});
}

TEST(KerasArgs, AbsentKeysAndNullKeepTheDefaults) {
  Options o = read({{"rate", nullptr}, {"flag", nullptr}, {"mode", nullptr}});
  EXPECT_EQ(o.rate, 0.5);
  EXPECT_TRUE(o.flag);
  EXPECT_EQ(o.mode, "auto");
  // An optional's null is None, even over a set value.
  Options with_clip;
  with_clip.clip = 3.0;
  args::read(options_args(with_clip), {{"clip", nullptr}}, "Thing");
  EXPECT_FALSE(with_clip.clip);
}

TEST(KerasArgs, OlderSpellingsAreRead) {
  Options o = read({{"output_dim", 12}, {"p", 0.1}});
  EXPECT_EQ(o.units, 12);
  EXPECT_EQ(o.rate, 0.1);
  // The current spelling wins where both are present.
  EXPECT_EQ(read({{"units", 4}, {"output_dim", 12}}).units, 4);
}

TEST(KerasArgs, NumbersAsKerasWritesThem) {
  EXPECT_EQ(read({{"units", 3.0}}).units, 3);  // Python's 3.0 for an int-valued float
  EXPECT_THROW(read({{"units", 3.5}}), TypeError);
  Json tensor = {{"class_name", "__tensor__"},
                 {"config", {{"value", {0.125}}, {"dtype", "float32"}}}};
  EXPECT_EQ(read({{"rate", tensor}}).rate, 0.125);
}

TEST(KerasArgs, WrongTypesNameTheClassAndKey) {
  try {
    read({{"flag", "yes"}});
    FAIL() << "expected TypeError";
  } catch (const TypeError& e) {
    EXPECT_NE(std::string(e.what()).find("Thing: config key 'flag' must be a boolean"),
              std::string::npos)
        << e.what();
  }
  EXPECT_THROW(read({{"mode", 3}}), TypeError);
  EXPECT_THROW(read({{"axes", 3}}), TypeError);
  EXPECT_THROW(read(Json::array({1})), TypeError);
}

TEST(KerasArgs, UnknownKeysFollowTheClassPolicy) {
  Json config = {{"units", 2}, {"bogus", 1}};
  EXPECT_EQ(read(config).units, 2);  // ignored
  try {
    read(config, args::UnknownKeys::type_error);
    FAIL() << "expected TypeError";
  } catch (const TypeError& e) {
    EXPECT_EQ(std::string(e.what()), "Thing.__init__() got an unexpected keyword argument 'bogus'");
  }
  try {
    read(config, args::UnknownKeys::not_recognized);
    FAIL() << "expected ValueError";
  } catch (const ValueError& e) {
    EXPECT_EQ(std::string(e.what()), "Argument(s) not recognized: {'bogus': 1}");  // Python's dict
  }
  // Older spellings and fixed keys are known keys.
  EXPECT_NO_THROW(
      read({{"output_dim", 2}, {"quantization_config", nullptr}}, args::UnknownKeys::type_error));
}

TEST(KerasArgs, ReadOnlyArgumentsAreNotWritten) {
  std::optional<Shape> batch_shape, shape;
  args::ArgList list = {{"batch_shape", batch_shape},
                        args::Arg("shape", shape, {"input_shape"}).read_only()};
  args::read(list, {{"input_shape", {3}}}, "InputLayer");
  EXPECT_EQ(shape, Shape{3});
  Json config = Json::object();
  args::write(list, config);
  EXPECT_FALSE(config.contains("shape"));
  EXPECT_TRUE(config.contains("batch_shape"));
}

TEST(KerasArgs, RequiredArgumentsAsPython) {
  std::optional<double> rate;
  EXPECT_EQ(args::required(std::optional<double>(0.5), "Dropout", "rate"), 0.5);
  try {
    args::required(rate, "Dropout", "rate");
    FAIL() << "expected TypeError";
  } catch (const TypeError& e) {
    EXPECT_EQ(std::string(e.what()),
              "Dropout.__init__() missing 1 required positional argument: 'rate'");
  }
}

}  // namespace
}  // namespace keras
