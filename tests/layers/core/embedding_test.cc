#include "keras/layers/core/embedding.h"

#include <gtest/gtest.h>

#include <cmath>

#include "keras/backend/backend.h"
#include "keras/core/json.h"
#include "keras/graph/gradients.h"
#include "keras/graph/node.h"
#include "keras/graph/program.h"
#include "keras/layers/core/input_layer.h"
#include "keras/ops/math.h"
#include "keras/ops/reduction.h"
#include "keras/optimizers/optimizers.h"
#include "tests/layers/layer_test.h"
#include "tests/ops/harness.h"

namespace keras {
namespace {

using layers::Embedding;

TEST(Embedding, LayerTest) {
  testing::run_layer_test({
      .make = [](DType dtype) { return Embedding(10, 3, {.dtype = dtype}); },
      .input_shapes = {Shape{4, 5}},
      .make_inputs =
          [](DType) {
            return std::vector<Tensor>{testing::integers({4, 5}, 0, 10, DType::int32, 3)};
          },
      .constant_inputs = {0},
      .expected_output_shapes = {Shape{4, 5, 3}},
      .expected_trainable_weights = 1,
  });
}

// mask_zero makes its own mask (ids != 0) instead of passing one through.
TEST(Embedding, LayerTestMaskZeroInt64Rank3) {
  testing::run_layer_test({
      .make = [](DType dtype) { return Embedding(6, 2, {.mask_zero = true, .dtype = dtype}); },
      .input_shapes = {Shape{2, 3, 4}},
      .make_inputs =
          [](DType) {
            return std::vector<Tensor>{testing::integers({2, 3, 4}, 0, 6, DType::int64, 4)};
          },
      .constant_inputs = {0},
      .expected_output_shapes = {Shape{2, 3, 4, 2}},
      .expected_trainable_weights = 1,
  });
}

TEST(Embedding, LooksUpRowsForEveryIdDtype) {
  Embedding layer(5, 2);
  Tensor ids32 = Tensor::from_vector(std::vector<int32_t>{4, 0, 2, 2}, Shape{2, 2});
  Tensor out = layer(ids32);
  EXPECT_EQ(out.shape(), Shape({2, 2, 2}));
  EXPECT_EQ(out.dtype(), DType::float32);
  std::vector<float> table = layer->embeddings().value().to_vector<float>(),
                     got = out.to_vector<float>();
  std::vector<int> rows = {4, 0, 2, 2};
  for (size_t i = 0; i < rows.size(); ++i)
    for (size_t j = 0; j < 2; ++j)
      EXPECT_EQ(got[i * 2 + j], table[static_cast<size_t>(rows[i]) * 2 + j]);
  // int64, uint8 and float ids (cast to int32, truncating as Keras does) give the same rows.
  EXPECT_EQ(layer(ids32.astype(DType::int64)).to_vector<float>(), got);
  EXPECT_EQ(layer(ids32.astype(DType::uint8)).to_vector<float>(), got);
  Tensor float_ids = Tensor::from_vector(std::vector<double>{4.0, 0.3, 2.9, 2.0}, Shape{2, 2});
  EXPECT_EQ(layer(float_ids).to_vector<float>(), got);
  EXPECT_EQ(layer(float_ids.astype(DType::float32)).to_vector<float>(), got);
  // Embeddings in float64 give float64 rows.
  Embedding wide(5, 2, {.dtype = DType::float64});
  EXPECT_EQ(wide(ids32).dtype(), DType::float64);
}

TEST(Embedding, DefaultInitializerIsUniform005) {
  Embedding layer(50, 40);
  layer(Tensor::from_vector(std::vector<int32_t>{1}));
  std::vector<float> v = layer->embeddings().value().to_vector<float>();
  float lo = *std::min_element(v.begin(), v.end()), hi = *std::max_element(v.begin(), v.end());
  EXPECT_GE(lo, -0.05f);
  EXPECT_LT(hi, 0.05f);
  EXPECT_LT(lo, -0.045f);  // 2000 draws fill the range
  EXPECT_GT(hi, 0.045f);
  EXPECT_EQ(layer->get_config().at("embeddings_initializer").at("class_name"), "RandomUniform");
}

TEST(Embedding, MaskZero) {
  Embedding layer(5, 3, {.mask_zero = true});
  Tensor ids = Tensor::from_vector(std::vector<int32_t>{1, 0, 3, 0, 0, 4}, Shape{2, 3});
  Tensor out = layer(ids);
  ASSERT_TRUE(out.keras_mask().defined());
  EXPECT_EQ(out.keras_mask().to_vector<uint8_t>(), (std::vector<uint8_t>{1, 0, 1, 0, 0, 1}));
  EXPECT_EQ(layer->compute_mask(ids, {})[0].to_vector<uint8_t>(),
            (std::vector<uint8_t>{1, 0, 1, 0, 0, 1}));
  // Without mask_zero there is no mask.
  Embedding plain(5, 3);
  EXPECT_FALSE(plain(ids).keras_mask().defined());
  EXPECT_TRUE(plain->compute_mask(ids, {}).empty() || !plain->compute_mask(ids, {})[0].defined());
  // In a functional model the mask rides on the Keras tensor.
  Tensor in = Input(Shape{3}, {.dtype = DType::int32});
  Tensor emb = layer(in);
  EXPECT_TRUE(emb.keras_mask().defined());
  EXPECT_EQ(emb.shape(), Shape({-1, 3, 3}));
}

// The gradient of a lookup is a row-wise scatter: every row receives the sum of the output
// gradients at the positions that looked it up (gather's gradient, gather_grad).
TEST(Embedding, GradientIsARowScatter) {
  Embedding layer(6, 2, {.dtype = DType::float64});
  std::vector<int32_t> ids = {3, 1, 3, 5, 3, 0};
  Tensor id_tensor = Tensor::from_vector(ids, Shape{2, 3});
  layer(id_tensor);
  Tensor p = graph::placeholder(id_tensor.meta(), "ids");
  Tensor r = testing::uniform({2, 3, 2}, -1.0, 1.0, 5);
  Tensor loss = ops::sum(ops::multiply(layer(p), r));
  Tensor grad = graph::gradients(loss, {layer->embeddings().value()})[0];
  EXPECT_EQ(grad.shape(), Shape({6, 2}));
  std::vector<double> got = graph::Program({p}, {grad}).run({id_tensor})[0].to_vector<double>();
  std::vector<double> rv = r.to_vector<double>(), want(12, 0.0);
  for (size_t i = 0; i < ids.size(); ++i)
    for (size_t j = 0; j < 2; ++j) want[static_cast<size_t>(ids[i]) * 2 + j] += rv[i * 2 + j];
  for (size_t k = 0; k < want.size(); ++k) EXPECT_NEAR(got[k], want[k], 1e-12) << k;
  EXPECT_EQ(got[4], 0.0);  // row 4 was not looked up
}

// A training step takes that gradient row-wise (keras/backend/row_sparse.h): the optimizer's
// update reads the looked-up rows, so the program never holds a table-sized gradient, and the
// step lands exactly where the same update with the dense gradient lands.
TEST(Embedding, TrainingStepNeverMakesADenseGradientTable) {
  const int64_t rows = 20000, width = 16;
  std::vector<int64_t> ids = {7, 19999, 7, 0, 512, 7, 0, 13};
  Tensor id_tensor = Tensor::from_vector(ids, Shape{2, 4});
  Tensor r = testing::uniform({2, 4, width}, -1.0, 1.0, 9).astype(DType::float64);
  auto make_optimizers = [] {
    return std::vector<optimizers::OptimizerPtr>{
        optimizers::SGD({.learning_rate = 0.5}),
        optimizers::SGD({.learning_rate = 0.1, .momentum = 0.9}), optimizers::Adagrad(),
        optimizers::Adam({.learning_rate = 0.01}), optimizers::RMSprop()};
  };
  std::vector<optimizers::OptimizerPtr> traced = make_optimizers(), eager = make_optimizers();
  for (size_t o = 0; o < traced.size(); ++o) {
    std::string where = traced[o]->class_name();
    Embedding layer(rows, width, {.dtype = DType::float64});
    layer(id_tensor);
    Variable table = layer->embeddings();
    Variable copy(table.value().to(backend::host()), "copy");
    Tensor p = graph::placeholder(id_tensor.meta(), "ids");
    Tensor loss = ops::sum(ops::multiply(layer(p), r));
    Tensor grad = graph::gradients(loss, {table.value()})[0];
    std::vector<Tensor> updates = traced[o]->apply({grad}, {table});
    graph::Program step({p}, {loss}, updates);
    // Nothing table-sized but the variable and the optimizer's slots, which live outside.
    EXPECT_LT(step.stats({id_tensor}).arena_bytes, rows * width * 8 / 10) << where;
    // The reference: the dense gradient, applied eagerly by a twin optimizer to a copy.
    graph::Program dense_gradient({p}, {grad});
    for (int t = 0; t < 3; ++t) {
      Tensor g = dense_gradient.run({id_tensor})[0];
      step.run({id_tensor});
      eager[o]->apply({g}, {copy});
    }
    std::vector<double> got = table.value().to_vector<double>();
    std::vector<double> want = copy.value().to_vector<double>();
    ASSERT_EQ(got.size(), want.size());
    int reported = 0;
    for (size_t k = 0; k < got.size(); ++k)
      if (!(std::fabs(got[k] - want[k]) <= 1e-12) && reported++ < 5)
        ADD_FAILURE() << where << ": element " << k << " got " << got[k] << ", want " << want[k];
  }
}

TEST(Embedding, Config) {
  Embedding layer(100, 8, {.mask_zero = true, .name = "tokens"});
  Json config = layer->get_config();
  std::vector<std::string> keys;
  for (auto it = config.begin(); it != config.end(); ++it) keys.push_back(it.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"name", "trainable", "dtype", "input_dim", "output_dim",
                                            "embeddings_initializer", "embeddings_regularizer",
                                            "activity_regularizer", "embeddings_constraint",
                                            "mask_zero", "quantization_config"}));
  EXPECT_EQ(config.at("input_dim"), 100);
  EXPECT_EQ(config.at("output_dim"), 8);
  EXPECT_EQ(config.at("mask_zero"), true);
  auto copy = layers::EmbeddingImpl::from_config(config);
  EXPECT_EQ(copy->input_dim(), 100);
  EXPECT_TRUE(copy->mask_zero());
  // A regularizer on the embeddings adds its penalty to the losses.
  Embedding reg(4, 2, {.embeddings_regularizer = "l2"});
  reg(Tensor::from_vector(std::vector<int32_t>{1, 2}));
  EXPECT_EQ(reg->losses().size(), 1u);
}

TEST(Embedding, BadInput) {
  testing::expect_error<ValueError>(
      [] { Embedding(0, 3); }, "`input_dim` must be a positive integer. Received: input_dim=0");
  testing::expect_error<ValueError>(
      [] { Embedding(3, -1); }, "`output_dim` must be a positive integer. Received: output_dim=-1");
  Embedding layer(5, 2, {.name = "vocab"});
  for (std::vector<int32_t> ids : {std::vector<int32_t>{1, 5}, std::vector<int32_t>{-1, 2}})
    testing::expect_error<ValueError>([&] { layer(Tensor::from_vector(ids)); },
                                      {"Embedding 'vocab'", "[0, input_dim=5)", "out of range",
                                       str("index ", ids[0] == 1 ? 5 : -1)});
  // Float ids are truncated first: 5.5 becomes 5, which is out of range.
  testing::expect_error<ValueError>(
      [&] {
        layer(Tensor::from_vector(std::vector<double>{0.0, 5.5}));
      },
      {"'vocab'", "index 5"});
  // Symbolic ids are checked by the lookup kernel when the program runs.
  Tensor p = graph::placeholder({DType::int32, Shape{-1}}, "ids");
  graph::Program program({p}, {layer(p)});
  testing::expect_error<ValueError>(
      [&] {
        program.run({Tensor::from_vector(std::vector<int32_t>{0, 7})});
      },
      {"index 7", "out of range", "size 5"});
}

}  // namespace
}  // namespace keras
