// Damaged model files: truncated and bit-flipped copies of valid .keras, .weights.h5 and Keras 2
// .h5 files go to the loaders, which must answer with a keras:: error or a model, never crash
// (the debug build runs this under AddressSanitizer).
#include <gtest/gtest.h>

#include <fstream>
#include <random>

#include "keras/keras.h"
#include "tests/support/temp_dir.h"
#include "tests/support/paths.h"

namespace keras {
namespace {

using testing::TempDir;

std::vector<char> read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_bytes(const std::filesystem::path& path, const std::vector<char>& bytes) {
  std::ofstream(path, std::ios::binary)
      .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

Sequential small_model() {
  return Sequential({layers::Input({6}), layers::Dense(5, {.activation = "relu"}),
                     layers::BatchNormalization(), layers::Dense(3)});
}

// Feeds `variants` damaged copies of `original` to `load`; counts the outcomes.
void fuzz(const std::filesystem::path& original, const std::filesystem::path& scratch,
          const std::function<void(const std::filesystem::path&)>& load, int variants) {
  std::vector<char> bytes = read_bytes(original);
  ASSERT_GT(bytes.size(), 100u);
  std::mt19937_64 rng(12345);
  int errors = 0, loaded = 0;
  for (int v = 0; v < variants; ++v) {
    std::vector<char> damaged = bytes;
    if (v % 3 == 0) {
      damaged.resize(rng() % bytes.size());  // truncated anywhere
    } else {
      int flips = 1 + static_cast<int>(rng() % 8);
      for (int f = 0; f < flips; ++f)
        damaged[rng() % damaged.size()] ^= static_cast<char>(1 << (rng() % 8));
    }
    write_bytes(scratch, damaged);
    try {
      load(scratch);
      ++loaded;
    } catch (const Error&) {
      ++errors;
    }
  }
  EXPECT_EQ(errors + loaded, variants);
  EXPECT_GT(errors, 0);  // damage is noticed at least sometimes
}

TEST(SavingFuzz, DamagedKerasFilesAreErrorsNotCrashes) {
  TempDir dir;
  Sequential model = small_model();
  model.compile({.optimizer = "adam", .loss = "mse"});
  model.fit(random::uniform(Shape{8, 6}, {.seed = 1}), random::uniform(Shape{8, 3}, {.seed = 2}),
            {.epochs = 1, .verbose = 0});
  model.save(dir / "m.keras");
  fuzz(
      dir / "m.keras", dir / "bad.keras", [](const auto& p) { models::load_model(p); }, 300);
}

TEST(SavingFuzz, DamagedWeightsFilesAreErrorsNotCrashes) {
  TempDir dir;
  Sequential model = small_model();
  model.save_weights(dir / "m.weights.h5");
  fuzz(
      dir / "m.weights.h5", dir / "bad.weights.h5",
      [](const auto& p) { small_model().load_weights(p); }, 300);
}

TEST(SavingFuzz, DamagedKeras2FilesAreErrorsNotCrashes) {
  std::filesystem::path file = testing::shared_dir() / "keras-files" /
                               "k2.0.8_dense_bn_functional.weights.h5";
  SKIP_OR_FAIL_UNLESS(std::filesystem::exists(file), "no " << file);
  std::string arch = [&] {
    std::ifstream in(testing::shared_dir() / "keras-files" /
                     "k2.0.8_dense_bn_functional.arch.json");
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }();
  TempDir dir;
  fuzz(
      file, dir / "bad.h5", [&](const auto& p) { models::model_from_json(arch).load_weights(p); },
      300);
}

}  // namespace
}  // namespace keras
