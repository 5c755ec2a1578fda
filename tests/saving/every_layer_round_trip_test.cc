// Every layer through both file formats (.keras and legacy .h5): a small model around the layer
// is trained, saved, loaded back, and must predict the same values and, for layers without
// randomness, train on with the same losses (optimizer state included). Lambda is left out: its
// C++ callable cannot be serialized, as Keras refuses to deserialize lambdas in safe mode.
#include <gtest/gtest.h>

#include <functional>

#include "keras/core/json.h"
#include "keras/keras.h"
#include "tests/support/layer_catalog.h"
#include "tests/support/temp_dir.h"

namespace keras {
namespace {

class EveryLayer : public ::testing::TestWithParam<testing::LayerCase> {};

std::vector<double> values(const Tensor& t) {
  return t.astype(DType::float64).to_vector<double>();
}

TEST_P(EveryLayer, RoundTripsThroughBothFormats) {
  const testing::LayerCase& c = GetParam();
  Model model = testing::layer_case_model(c);
  model.compile({.optimizer = "adam", .loss = "mse"});
  Tensor y = random::uniform(Shape{16, 3}, {.seed = 20});
  layers::Tensors x(testing::layer_case_data(c));
  model.fit(x, {y}, {.batch_size = 8, .epochs = 1, .verbose = 0, .shuffle = false});

  testing::TempDir dir;
  for (const char* name : {"m.keras", "m.h5"}) model.save(dir / name);
  Tensor expected = model.predict(x, {.verbose = 0})[0];
  model->reset_metrics();
  std::vector<std::vector<double>> losses;
  for (int step = 0; step < 3; ++step) losses.push_back(model.train_on_batch(x, {y}));

  for (const char* name : {"m.keras", "m.h5"}) {
    SCOPED_TRACE(name);
    Model loaded = models::load_model(dir / name);
    EXPECT_EQ(loaded.get_config(), model.get_config());
    EXPECT_EQ(values(loaded.predict(x, {.verbose = 0})[0]), values(expected));
    if (c.random) continue;
    for (int step = 0; step < 3; ++step)
      EXPECT_EQ(loaded.train_on_batch(x, {y}), losses[static_cast<size_t>(step)]) << step;
  }
}

INSTANTIATE_TEST_SUITE_P(Saving, EveryLayer, ::testing::ValuesIn(testing::layer_cases()),
                         [](const ::testing::TestParamInfo<testing::LayerCase>& info) {
                           return std::string(info.param.name);
                         });

}  // namespace
}  // namespace keras
