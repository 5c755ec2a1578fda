// The `keras` command-line tool, run as a user runs it, on files written here.
#include <gtest/gtest.h>

#include "keras/keras.h"
#include "tests/support/paths.h"
#include "tests/support/temp_dir.h"

namespace keras {
namespace {

using testing::command_output;
using testing::TempDir;

std::string tool(const std::string& args, int* status = nullptr) {
  return command_output(testing::keras_tool().string() + " " + args + " 2>&1", status);
}

TEST(KerasTool, SummaryConvertAndPredictOnAKerasFile) {
  TempDir dir;
  Sequential model({layers::Input({4}), layers::Dense(3, {.activation = "relu"}),
                    layers::Dense(2, {.activation = "softmax"})});
  model.compile({.optimizer = "adam", .loss = "categorical_crossentropy"});
  std::string file = (dir / "m.keras").string();
  model.save(file);

  int status = -1;
  std::string summary = tool("summary " + file, &status);
  EXPECT_EQ(status, 0) << summary;
  EXPECT_NE(summary.find(model.summary_text()), std::string::npos) << summary;

  // .keras -> legacy .h5 -> .keras.
  std::string legacy = (dir / "m.h5").string(), copy = (dir / "copy.keras").string();
  tool("convert " + file + " " + legacy, &status);
  EXPECT_EQ(status, 0);
  tool("convert " + legacy + " " + copy, &status);
  EXPECT_EQ(status, 0);
  EXPECT_NE(tool("summary " + legacy).find(model.summary_text()), std::string::npos);
  Tensor x = random::uniform(Shape{5, 4}, {.seed = 7});
  save_npy(dir / "x.npy", x);
  std::string printed = tool(
      "predict " + copy + " " + (dir / "x.npy").string() + " " + (dir / "y.npy").string(), &status);
  EXPECT_EQ(status, 0) << printed;
  Tensor y = load_npy(dir / "y.npy");
  EXPECT_EQ(y.to_vector<float>(), model.predict(x, {.verbose = 0})[0].to_vector<float>());
}

TEST(KerasTool, BadArgumentsAndFilesFailWithAMessage) {
  int status = 0;
  std::string out = tool("summary /nonexistent/m.keras", &status);
  EXPECT_NE(status, 0);
  EXPECT_NE(out.find("keras: Cannot read /nonexistent/m.keras: no such file"), std::string::npos)
      << out;
  out = tool("predict only-one-argument", &status);
  EXPECT_NE(status, 0);
  EXPECT_NE(out.find("usage:"), std::string::npos) << out;
}

}  // namespace
}  // namespace keras
