// keras::losses classes and functions: the values Keras 3 documents and asserts (docstrings of
// keras/src/losses/losses.py and its losses_test.py), configs in Keras's key order, round trips
// through serialize / deserialize, the names get() accepts, and errors with Keras's messages.
// Numerical agreement over many inputs is tests/losses/losses_golden_test.cc's job.
#include "keras/losses/losses.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "keras/backend/backend.h"
#include "keras/config/config.h"
#include "keras/core/json.h"
#include "keras/graph/node.h"
#include "keras/graph/program.h"
#include "keras/ops/math.h"
#include "keras/ops/nn.h"
#include "keras/ops/shape.h"
#include "keras/utils/naming.h"
#include "tests/ops/harness.h"

namespace keras {
namespace {

using namespace keras::losses;

Tensor f32(std::vector<float> v, std::optional<Shape> shape = {}) {
  return Tensor::from_vector(v, shape);
}
Tensor i32(std::vector<int32_t> v, std::optional<Shape> shape = {}) {
  return Tensor::from_vector(v, shape);
}

void expect_values(const Tensor& got, std::vector<double> want, double tol) {
  std::vector<double> g = got.to_vector<double>();
  ASSERT_EQ(g.size(), want.size());
  for (size_t i = 0; i < g.size(); ++i) EXPECT_NEAR(g[i], want[i], tol) << "element " << i;
}

// --- Values Keras documents
// -----------------------------------------------------------------------

TEST(Losses, KerasDocumentedRegressionValues) {
  EXPECT_NEAR(MeanSquaredError()(f32({1, 0, 1}), f32({0.9f, 0.1f, 0.8f})).item<double>(), 0.02,
              1e-6);
  EXPECT_NEAR(MeanAbsoluteError()(f32({1, 0.3f, 1}), f32({1.9f, 0.3f, 1.8f})).item<double>(),
              0.5666667, 1e-6);
  EXPECT_NEAR(
      MeanAbsolutePercentageError()(f32({100, 200, 300}), f32({90, 210, 310})).item<double>(),
      6.111111, 1e-5);
  // losses_test.py MeanSquaredErrorTest: unweighted, scalar, per-sample and timestep weights.
  Tensor t = i32({1, 9, 2, -5, -2, 6}, Shape{2, 3});
  Tensor p = f32({4, 8, 12, 8, 1, 3}, Shape{2, 3});
  EXPECT_NEAR(MeanSquaredError()(t, p).item<double>(), 49.5, 1e-4);
  EXPECT_NEAR(MeanSquaredError()(t, p, Tensor::scalar(2.3f)).item<double>(), 113.85, 1e-3);
  EXPECT_NEAR(MeanSquaredError()(t, p, f32({1.2f, 3.4f}, Shape{2, 1})).item<double>(), 767.8 / 6,
              1e-3);
  EXPECT_NEAR(MeanSquaredError()(t, p, Tensor::scalar(0.0f)).item<double>(), 0.0, 1e-7);
  expect_values(MeanSquaredError({.reduction = "none"})(t, p, Tensor::scalar(2.3f)),
                {84.3333, 143.3666}, 1e-3);
  EXPECT_NEAR(MeanSquaredError({.reduction = "sum"})(t, p, Tensor::scalar(2.3f)).item<double>(),
              227.69998, 1e-3);
  EXPECT_NEAR(MeanSquaredError({.reduction = "mean_with_sample_weight"})(
                  t, p, f32({1.2f, 3.4f}, Shape{2, 1}))
                  .item<double>(),
              (110.0 / 3 * 1.2 + 187.0 / 3 * 3.4) / (1.2 + 3.4), 1e-3);
  Tensor tt = i32({1, 9, 2, -5, -2, 6}, Shape{2, 3, 1});
  Tensor tp = f32({4, 8, 12, 8, 1, 3}, Shape{2, 3, 1});
  EXPECT_NEAR(MeanSquaredError()(tt, tp, i32({3, 6, 5, 0, 4, 2}, Shape{2, 3})).item<double>(),
              97.833336, 1e-4);
  // (3,) labels against (3, 1) predictions give per-sample values of shape (3,).
  EXPECT_EQ(mean_squared_error(i32({4, 8, 12}), f32({3, 0, 1}, Shape{3, 1})).shape(), Shape({3}));
  // mean_absolute_error on the same data: 5.5 unweighted.
  EXPECT_NEAR(MeanAbsoluteError()(t, p).item<double>(), 5.5, 1e-5);
  EXPECT_NEAR(MeanAbsolutePercentageError()(t, p).item<double>(), 211.8518, 1e-3);
}

TEST(Losses, KerasDocumentedCrossentropyValues) {
  Tensor onehot = f32({0, 1, 0, 0, 0, 1}, Shape{2, 3});
  Tensor probs = f32({0.05f, 0.95f, 0, 0.1f, 0.8f, 0.1f}, Shape{2, 3});
  EXPECT_NEAR(CategoricalCrossentropy()(onehot, probs).item<double>(), 1.177, 1e-3);
  EXPECT_NEAR(CategoricalCrossentropy()(onehot, probs, f32({0.3f, 0.7f})).item<double>(), 0.814,
              1e-3);
  EXPECT_NEAR(CategoricalCrossentropy({.reduction = "sum"})(onehot, probs).item<double>(), 2.354,
              1e-3);
  expect_values(CategoricalCrossentropy({.reduction = "none"})(onehot, probs), {0.0513, 2.303},
                1e-3);
  Tensor labels = i32({1, 2});
  EXPECT_NEAR(SparseCategoricalCrossentropy()(labels, probs).item<double>(), 1.177, 1e-3);
  EXPECT_NEAR(SparseCategoricalCrossentropy()(labels, probs, f32({0.3f, 0.7f})).item<double>(),
              0.814, 1e-3);
  expect_values(sparse_categorical_crossentropy(labels, probs), {0.0513, 2.303}, 1e-3);
  // loss_test.py test_get_method and losses_test.py test_ignore_class.
  Tensor logits = f32({8, 1, 1, 0, 9, 1, 2, 3, 5}, Shape{3, 3});
  expect_values(SparseCategoricalCrossentropy({.from_logits = true, .reduction = "none"})(
                    i32({0, 1, 2}, Shape{3, 1}), logits),
                {0.001822, 0.000459, 0.169846}, 1e-5);
  Tensor seg = f32({0.854f, 0.698f, 0.598f, 0.088f, 0.86f, 0.018f}, Shape{1, 2, 3});
  SparseCategoricalCrossentropy ignoring(
      {.from_logits = true, .ignore_class = -1, .reduction = "none"});
  expect_values(ignoring(i32({-1, 2}, Shape{1, 2}), seg), {0.0, 1.480129}, 1e-5);
  expect_values(ignoring(i32({-1, 2}, Shape{1, 2, 1}), seg), {0.0, 1.480129}, 1e-5);
  // The ignored entry leaves the mean: sum_over_batch_size averages the valid entries.
  EXPECT_NEAR(SparseCategoricalCrossentropy({.from_logits = true, .ignore_class = -1})(
                  i32({-1, 2}, Shape{1, 2}), seg)
                  .item<double>(),
              1.480129, 1e-5);

  Tensor bt = f32({0, 1, 0, 0}), bx = f32({-18.6f, 0.51f, 2.94f, -12.8f});
  EXPECT_NEAR(BinaryCrossentropy({.from_logits = true})(bt, bx).item<double>(), 0.8654, 1e-4);
  Tensor bt2 = f32({0, 1, 0, 0}, Shape{2, 2}),
         bx2 = f32({-18.6f, 0.51f, 2.94f, -12.8f}, Shape{2, 2});
  EXPECT_NEAR(BinaryCrossentropy({.from_logits = true})(bt2, bx2).item<double>(), 0.8654, 1e-4);
  EXPECT_NEAR(BinaryCrossentropy({.from_logits = true})(bt2, bx2, f32({0.8f, 0.2f})).item<double>(),
              0.243, 1e-3);
  EXPECT_NEAR(
      BinaryCrossentropy({.from_logits = true, .reduction = "sum"})(bt2, bx2).item<double>(), 1.730,
      1e-3);
  expect_values(BinaryCrossentropy({.from_logits = true, .reduction = "none"})(bt2, bx2),
                {0.235, 1.496}, 1e-3);
  expect_values(binary_crossentropy(f32({0, 1, 0, 0}, Shape{2, 2}),
                                    f32({0.6f, 0.4f, 0.4f, 0.6f}, Shape{2, 2})),
                {0.916, 0.714}, 1e-3);
}

TEST(Losses, KerasDocumentedFocalValues) {
  Tensor t = f32({0, 1, 0, 0}), x = f32({-18.6f, 0.51f, 2.94f, -12.8f});
  EXPECT_NEAR(BinaryFocalCrossentropy({.gamma = 2, .from_logits = true})(t, x).item<double>(),
              0.691, 1e-3);
  EXPECT_NEAR(BinaryFocalCrossentropy(
                  {.apply_class_balancing = true, .gamma = 2, .from_logits = true})(t, x)
                  .item<double>(),
              0.51, 1e-2);
  Tensor t2 = f32({0, 1, 0, 0}, Shape{2, 2}), x2 = f32({-18.6f, 0.51f, 2.94f, -12.8f}, Shape{2, 2});
  EXPECT_NEAR(BinaryFocalCrossentropy({.gamma = 3, .from_logits = true})(t2, x2).item<double>(),
              0.647, 1e-3);
  EXPECT_NEAR(BinaryFocalCrossentropy(
                  {.apply_class_balancing = true, .gamma = 3, .from_logits = true})(t2, x2)
                  .item<double>(),
              0.482, 1e-3);
  EXPECT_NEAR(BinaryFocalCrossentropy({.gamma = 3, .from_logits = true})(t2, x2, f32({0.8f, 0.2f}))
                  .item<double>(),
              0.133, 1e-3);
  EXPECT_NEAR(
      BinaryFocalCrossentropy({.apply_class_balancing = true, .gamma = 3, .from_logits = true})(
          t2, x2, f32({0.8f, 0.2f}))
          .item<double>(),
      0.097, 1e-3);
  EXPECT_NEAR(BinaryFocalCrossentropy({.gamma = 4, .from_logits = true, .reduction = "sum"})(t2, x2)
                  .item<double>(),
              1.222, 1e-3);
  expect_values(
      BinaryFocalCrossentropy({.gamma = 5, .from_logits = true, .reduction = "none"})(t2, x2),
      {0.0017, 1.1561}, 1e-4);
  expect_values(
      BinaryFocalCrossentropy(
          {.apply_class_balancing = true, .gamma = 5, .from_logits = true, .reduction = "none"})(
          t2, x2),
      {0.0004, 0.8670}, 1e-4);
  expect_values(binary_focal_crossentropy(f32({0, 1, 0, 0}, Shape{2, 2}),
                                          f32({0.6f, 0.4f, 0.4f, 0.6f}, Shape{2, 2})),
                {0.330, 0.206}, 1e-3);

  Tensor onehot = f32({0, 1, 0, 0, 0, 1}, Shape{2, 3});
  Tensor probs = f32({0.05f, 0.95f, 0, 0.1f, 0.8f, 0.1f}, Shape{2, 3});
  EXPECT_NEAR(CategoricalFocalCrossentropy()(onehot, probs).item<double>(), 0.23315276, 1e-6);
  EXPECT_NEAR(CategoricalFocalCrossentropy()(onehot, probs, f32({0.3f, 0.7f})).item<double>(),
              0.1632, 1e-4);
  EXPECT_NEAR(CategoricalFocalCrossentropy({.reduction = "sum"})(onehot, probs).item<double>(),
              0.46631, 1e-5);
  expect_values(CategoricalFocalCrossentropy({.reduction = "none"})(onehot, probs),
                {3.2058331e-05, 4.6627346e-01}, 1e-6);
  // A per-class alpha weighs each class's term.
  CategoricalFocalCrossentropy per_class({.alpha = std::vector<double>{1.0, 0.25, 0.5}});
  Tensor none = CategoricalFocalCrossentropy({.alpha = 1.0, .reduction = "none"})(onehot, probs);
  std::vector<double> base = none.to_vector<double>();
  expect_values(CategoricalFocalCrossentropy({.alpha = std::vector<double>{1.0, 0.25, 0.5},
                                              .reduction = "none"})(onehot, probs),
                {base[0] * 0.25, base[1] * 0.5}, 1e-7);
  EXPECT_EQ(per_class.get_config().at("alpha").dump(), "[1.0,0.25,0.5]");
}

TEST(Losses, HingeLabelConversion) {
  // {0, 1} labels are read as {-1, 1}; labels with any other value are used as they are.
  Tensor p = f32({0.6f, -0.4f, 2.0f, 0.1f}, Shape{2, 2});
  Tensor binary = f32({1, 0, 0, 1}, Shape{2, 2});
  Tensor signs = f32({1, -1, -1, 1}, Shape{2, 2});
  expect_values(hinge(binary, p), hinge(signs, p).to_vector<double>(), 1e-7);
  expect_values(squared_hinge(binary, p), squared_hinge(signs, p).to_vector<double>(), 1e-7);
  // 0.5 is not binary: nothing is converted, so 1 - 0·p = 1 where the label is 0.
  Tensor mixed = f32({1, 0, 0.5f, 1}, Shape{2, 2});
  expect_values(hinge(mixed, p), {(0.4 + 1.0) / 2, (0.0 + 0.9) / 2}, 1e-6);
  // The test runs on the whole tensor in a graph too.
  Tensor pt = graph::placeholder({DType::float32, Shape{Shape::kUnknown, 2}});
  Tensor pp = graph::placeholder({DType::float32, Shape{Shape::kUnknown, 2}});
  graph::Program program({pt, pp}, {Hinge()(pt, pp)});
  EXPECT_NEAR(program.run({binary, p})[0].to(backend::host()).item<double>(),
              Hinge()(signs, p).item<double>(), 1e-6);
  EXPECT_NEAR(program.run({mixed, p})[0].to(backend::host()).item<double>(),
              Hinge()(mixed, p).item<double>(), 1e-6);
}

TEST(Losses, CrossentropyAxesAndSmoothing) {
  // Class axis 1 of (2, 3, 2) equals the last axis of the transposed input.
  Tensor logits = testing::uniform(Shape{2, 3, 2}, -2, 2, 11);
  Tensor labels = ops::softmax(testing::uniform(Shape{2, 3, 2}, -1, 1, 12), 1);
  Tensor moved_logits = ops::transpose(logits, {0, 2, 1});
  Tensor moved_labels = ops::transpose(labels, {0, 2, 1});
  expect_values(
      categorical_crossentropy(labels, logits, true, 0.1, 1),
      categorical_crossentropy(moved_labels, moved_logits, true, 0.1, -1).to_vector<double>(),
      1e-12);
  // Label smoothing is the same as smoothing the labels by hand.
  Tensor smoothed = ops::add(ops::multiply(moved_labels, 0.8), 0.2 / 3.0);
  expect_values(categorical_crossentropy(moved_labels, moved_logits, true, 0.2),
                categorical_crossentropy(smoothed, moved_logits, true).to_vector<double>(), 1e-12);
  Tensor b = f32({1, 0, 1, 1}, Shape{2, 2}), bp = f32({0.7f, 0.2f, 0.9f, 0.4f}, Shape{2, 2});
  Tensor bs = ops::add(ops::multiply(b, 0.7), 0.15);
  expect_values(binary_crossentropy(b, bp, false, 0.3),
                binary_crossentropy(bs, bp).to_vector<double>(), 1e-6);
  // Sparse labels along axis 0.
  Tensor scores = testing::uniform(Shape{3, 4}, -1, 1, 13);
  Tensor classes = Tensor::from_vector(std::vector<int64_t>{2, 0, 1, 2});
  expect_values(
      sparse_categorical_crossentropy(classes, scores, true, std::nullopt, 0),
      sparse_categorical_crossentropy(classes, ops::transpose(scores), true).to_vector<double>(),
      1e-12);
  // An unknown class count: label smoothing counts the classes when the graph runs.
  Tensor pl = graph::placeholder({DType::float64, Shape{2, Shape::kUnknown}});
  Tensor pt = graph::placeholder({DType::float64, Shape{2, Shape::kUnknown}});
  graph::Program program({pt, pl}, {categorical_crossentropy(pt, pl, true, 0.2)});
  Tensor y = ops::softmax(testing::uniform(Shape{2, 5}, -1, 1, 14));
  Tensor x = testing::uniform(Shape{2, 5}, -2, 2, 15);
  expect_values(program.run({y, x})[0].to(backend::host()),
                categorical_crossentropy(y, x, true, 0.2).to_vector<double>(), 1e-12);
}

TEST(Losses, EveryClassDefaultsAndConfigs) {
  struct Expected {
    LossPtr loss;
    std::string config;
  };
  std::vector<Expected> expected = {
      {std::make_shared<MeanSquaredError>(),
       R"({"name":"mean_squared_error","reduction":"sum_over_batch_size"})"},
      {std::make_shared<MeanAbsoluteError>(),
       R"({"name":"mean_absolute_error","reduction":"sum_over_batch_size"})"},
      {std::make_shared<MeanAbsolutePercentageError>(),
       R"({"name":"mean_absolute_percentage_error","reduction":"sum_over_batch_size"})"},
      {std::make_shared<MeanSquaredLogarithmicError>(),
       R"({"name":"mean_squared_logarithmic_error","reduction":"sum_over_batch_size"})"},
      {std::make_shared<CosineSimilarity>(),
       R"({"name":"cosine_similarity","reduction":"sum_over_batch_size","axis":-1})"},
      {std::make_shared<Huber>(),
       R"({"name":"huber_loss","reduction":"sum_over_batch_size","delta":1.0})"},
      {std::make_shared<LogCosh>(), R"({"name":"log_cosh","reduction":"sum_over_batch_size"})"},
      {std::make_shared<Hinge>(), R"({"name":"hinge","reduction":"sum_over_batch_size"})"},
      {std::make_shared<SquaredHinge>(),
       R"({"name":"squared_hinge","reduction":"sum_over_batch_size"})"},
      {std::make_shared<CategoricalHinge>(),
       R"({"name":"categorical_hinge","reduction":"sum_over_batch_size"})"},
      {std::make_shared<KLDivergence>(),
       R"({"name":"kl_divergence","reduction":"sum_over_batch_size"})"},
      {std::make_shared<Poisson>(), R"({"name":"poisson","reduction":"sum_over_batch_size"})"},
      {std::make_shared<BinaryCrossentropy>(),
       R"({"name":"binary_crossentropy","reduction":"sum_over_batch_size","from_logits":false,)"
       R"("label_smoothing":0.0,"axis":-1})"},
      {std::make_shared<BinaryFocalCrossentropy>(),
       R"({"name":"binary_focal_crossentropy","reduction":"sum_over_batch_size",)"
       R"("from_logits":false,"label_smoothing":0.0,"axis":-1,"apply_class_balancing":false,)"
       R"("alpha":0.25,"gamma":2.0})"},
      {std::make_shared<CategoricalCrossentropy>(),
       R"({"name":"categorical_crossentropy","reduction":"sum_over_batch_size",)"
       R"("from_logits":false,"label_smoothing":0.0,"axis":-1})"},
      {std::make_shared<CategoricalFocalCrossentropy>(),
       R"({"name":"categorical_focal_crossentropy","reduction":"sum_over_batch_size",)"
       R"("from_logits":false,"label_smoothing":0.0,"axis":-1,"alpha":0.25,"gamma":2.0})"},
      {std::make_shared<SparseCategoricalCrossentropy>(),
       R"({"name":"sparse_categorical_crossentropy","reduction":"sum_over_batch_size",)"
       R"("from_logits":false,"ignore_class":null,"axis":-1})"},
  };
  for (const Expected& e : expected) {
    SCOPED_TRACE(e.loss->class_name());
    EXPECT_EQ(e.loss->get_config().dump(), e.config);
    EXPECT_EQ(e.loss->dtype(), DType::float32);
    Json serialized = serialize(*e.loss);
    EXPECT_EQ(serialized.at("module"), "keras.losses");
    EXPECT_EQ(serialized.at("class_name"), e.loss->class_name());
    EXPECT_TRUE(serialized.at("registered_name").is_null());
    LossPtr back = deserialize(serialized);
    EXPECT_EQ(back->class_name(), e.loss->class_name());
    EXPECT_EQ(back->get_config().dump(), e.config);
    // get() by class name makes the class with its defaults.
    EXPECT_EQ(get(LossArg(e.loss->class_name()))->get_config().dump(), e.config);
  }
  EXPECT_EQ(expected.size(), 17u);  // every built-in class
}

TEST(Losses, NonDefaultConfigsRoundTrip) {
  std::vector<LossPtr> losses = {
      std::make_shared<MeanSquaredError>(
          MeanSquaredErrorOptions{.reduction = "sum", .name = "mymse"}),
      std::make_shared<CosineSimilarity>(CosineSimilarityOptions{.axis = 1, .reduction = "none"}),
      std::make_shared<Huber>(HuberOptions{.delta = 0.3, .name = "h", .dtype = DType::float64}),
      std::make_shared<BinaryCrossentropy>(BinaryCrossentropyOptions{
          .from_logits = true, .label_smoothing = 0.1, .axis = 0, .reduction = "mean"}),
      std::make_shared<CategoricalCrossentropy>(
          CategoricalCrossentropyOptions{.from_logits = true,
                                         .label_smoothing = 0.2,
                                         .axis = 1,
                                         .reduction = "mean_with_sample_weight"}),
      std::make_shared<SparseCategoricalCrossentropy>(SparseCategoricalCrossentropyOptions{
          .from_logits = true, .ignore_class = 3, .axis = 0, .name = "scce"}),
      std::make_shared<BinaryFocalCrossentropy>(BinaryFocalCrossentropyOptions{
          .apply_class_balancing = true, .alpha = 0.4, .gamma = 3.0, .label_smoothing = 0.05}),
      std::make_shared<CategoricalFocalCrossentropy>(CategoricalFocalCrossentropyOptions{
          .alpha = std::vector<double>{0.1, 0.9}, .gamma = 1.0, .from_logits = true}),
  };
  for (const LossPtr& loss : losses) {
    SCOPED_TRACE(loss->class_name());
    LossPtr back = deserialize(serialize(*loss));
    EXPECT_EQ(back->get_config().dump(), loss->get_config().dump());
    EXPECT_EQ(back->reduction(), loss->reduction());
    EXPECT_EQ(back->name(), loss->name());
  }
  EXPECT_EQ(losses[5]->get_config().dump(),
            R"({"name":"scce","reduction":"sum_over_batch_size","from_logits":true,)"
            R"("ignore_class":3,"axis":0})");
  // dtype is read (a name or a DTypePolicy) but not written, as Keras 3 does.
  LossPtr wide = deserialize(Json::parse(
      R"({"class_name": "Huber", "config": {"delta": 2.0, "dtype": {"module": "keras",
          "class_name": "DTypePolicy", "config": {"name": "float64"}}}})"));
  EXPECT_EQ(wide->dtype(), DType::float64);
  EXPECT_FALSE(wide->get_config().contains("dtype"));
  // Keras writes reduction=None as null.
  LossPtr none = deserialize(
      Json::parse(R"({"class_name": "MeanSquaredError", "config": {"reduction": null}})"));
  EXPECT_EQ(none->reduction(), "none");
}

TEST(Losses, NamesAndFunctionWrappers) {
  // Function names and aliases give a LossFunctionWrapper named by the identifier.
  std::vector<std::pair<std::string, std::string>> names = {
      {"mean_squared_error", "mean_squared_error"},
      {"mse", "mean_squared_error"},
      {"MSE", "mean_squared_error"},
      {"mae", "mean_absolute_error"},
      {"MAE", "mean_absolute_error"},
      {"mape", "mean_absolute_percentage_error"},
      {"MAPE", "mean_absolute_percentage_error"},
      {"msle", "mean_squared_logarithmic_error"},
      {"MSLE", "mean_squared_logarithmic_error"},
      {"kld", "kl_divergence"},
      {"KLD", "kl_divergence"},
      {"kullback_leibler_divergence", "kl_divergence"},
      {"bce", "binary_crossentropy"},
      {"BCE", "binary_crossentropy"},
      {"log_cosh", "log_cosh"},
      {"logcosh", "log_cosh"},
      {"huber", "huber"},
      {"huber_loss", "huber"},
      {"cosine_similarity", "cosine_similarity"},
      {"hinge", "hinge"},
      {"squared_hinge", "squared_hinge"},
      {"categorical_hinge", "categorical_hinge"},
      {"poisson", "poisson"},
      {"categorical_crossentropy", "categorical_crossentropy"},
      {"sparse_categorical_crossentropy", "sparse_categorical_crossentropy"},
      {"binary_focal_crossentropy", "binary_focal_crossentropy"},
      {"categorical_focal_crossentropy", "categorical_focal_crossentropy"},
      {"mean_absolute_percentage_error", "mean_absolute_percentage_error"},
      {"mean_squared_logarithmic_error", "mean_squared_logarithmic_error"},
      {"mean_absolute_error", "mean_absolute_error"},
  };
  for (const auto& [name, fn] : names) {
    SCOPED_TRACE(name);
    LossPtr loss = get(LossArg(name));
    ASSERT_TRUE(loss);
    EXPECT_EQ(loss->class_name(), "LossFunctionWrapper");
    EXPECT_EQ(loss->name(), name);
    auto* wrapper = dynamic_cast<LossFunctionWrapper*>(loss.get());
    ASSERT_TRUE(wrapper);
    EXPECT_EQ(wrapper->fn_name(), fn);
    // The snake_case class names are the function names, as in Keras.
    EXPECT_EQ(utils::to_snake_case(fn), fn);
  }
  // Keras's config of a wrapped function, and its serialized form.
  LossPtr mse = get(LossArg("mse"));
  EXPECT_EQ(mse->get_config().dump(),
            R"({"name":"mse","reduction":"sum_over_batch_size","fn":{"module":)"
            R"("keras.src.losses.losses","class_name":"function","config":"mean_squared_error",)"
            R"("registered_name":"mean_squared_error"}})");
  Json serialized = serialize(*mse);
  EXPECT_EQ(serialized.at("module"), "keras.src.losses.losses");
  EXPECT_EQ(serialized.at("class_name"), "LossFunctionWrapper");
  EXPECT_EQ(serialized.at("registered_name"), "LossFunctionWrapper");
  LossPtr back = deserialize(serialized);
  EXPECT_EQ(back->get_config().dump(), mse->get_config().dump());
  Tensor t = testing::uniform(Shape{3, 4}, -1, 1, 1), p = testing::uniform(Shape{3, 4}, -1, 1, 2);
  EXPECT_NEAR((*back)(t, p).item<double>(), MeanSquaredError()(t, p).item<double>(), 1e-6);

  // Keyword arguments are written after "fn" and reach the function.
  LossFunctionWrapper cce("categorical_crossentropy", {{"from_logits", true}}, {.name = "cce"});
  EXPECT_EQ(cce.get_config().dump(),
            R"({"name":"cce","reduction":"sum_over_batch_size","fn":{"module":)"
            R"("keras.src.losses.losses","class_name":"function","config":)"
            R"("categorical_crossentropy","registered_name":"categorical_crossentropy"},)"
            R"("from_logits":true})");
  Tensor y = ops::softmax(testing::uniform(Shape{3, 4}, -1, 1, 3));
  EXPECT_NEAR(cce(y, p).item<double>(),
              CategoricalCrossentropy({.from_logits = true})(y, p).item<double>(), 1e-6);
  LossPtr cce_back = deserialize(serialize(cce));
  EXPECT_EQ(cce_back->get_config().dump(), cce.get_config().dump());
  // Keras 3 writes no dtype, so both compute in floatx.
  EXPECT_NEAR((*cce_back)(y, p).item<double>(), cce(y, p).item<double>(), 1e-7);
  // An unnamed wrapper gets Keras's automatic name.
  EXPECT_EQ(LossFunctionWrapper("mse").name().rfind("loss_function_wrapper", 0), 0u);

  // A serialized function (as Keras writes one in a compile config) and a config by name.
  LossPtr from_fn = deserialize(Json::parse(
      R"({"module": "keras.src.losses.losses", "class_name": "function",
          "config": "poisson", "registered_name": "poisson"})"));
  EXPECT_EQ(dynamic_cast<LossFunctionWrapper&>(*from_fn).fn_name(), "poisson");
  EXPECT_EQ(from_fn->name(), "poisson");
  EXPECT_EQ(get(Json("KLD"))->name(), "KLD");
  EXPECT_EQ(get(Json::parse(R"({"class_name": "CategoricalCrossentropy",
                                "config": {"from_logits": true}})"))
                ->get_config()
                .at("from_logits"),
            true);
  EXPECT_EQ(get(Json(nullptr)), nullptr);
  EXPECT_EQ(get(LossArg()), nullptr);
  // An object comes back as it is.
  auto huber = std::make_shared<Huber>();
  EXPECT_EQ(get(LossArg(huber)), huber);
}

TEST(Losses, UserClassesAndFunctions) {
  register_loss_function("doubled_mse", [](const Tensor& t, const Tensor& p) {
    return ops::multiply(mean_squared_error(t, p), 2.0);
  });
  LossPtr loss = get(LossArg("doubled_mse"));
  Tensor t = testing::uniform(Shape{3, 2}, -1, 1, 4), p = testing::uniform(Shape{3, 2}, -1, 1, 5);
  EXPECT_NEAR((*loss)(t, p).item<double>(), 2 * MeanSquaredError()(t, p).item<double>(), 1e-6);
  EXPECT_EQ(loss->get_config().at("fn").dump(),
            R"({"module":null,"class_name":"function","config":"Custom>doubled_mse",)"
            R"("registered_name":"Custom>doubled_mse"})");
  LossPtr back = deserialize(serialize(*loss));
  EXPECT_NEAR((*back)(t, p).item<double>(), (*loss)(t, p).item<double>(), 1e-7);

  // A user class built on LossFunctionWrapper under its own class name, and a user class built
  // on Loss, registered so that configs find it.
  class Scaled : public LossFunctionWrapper {
   public:
    explicit Scaled(double scale)
        : LossFunctionWrapper(
              "Scaled", "scaled", "scaled_mae",
              [scale](const Tensor& y, const Tensor& q) {
                return ops::multiply(mean_absolute_error(y, q), scale);
              },
              Json{{"scale", scale}}, LossOptions{}) {}
  };
  class Tripled : public Loss {
   public:
    Tripled() : Loss("Tripled", "tripled", {.reduction = "sum"}) {}
    Tensor call(const Tensor& y, const Tensor& q) const override {
      return ops::multiply(mean_squared_error(y, q), 3.0);
    }
  };
  register_loss(
      "Tripled", [](const Json&) -> LossPtr { return std::make_shared<Tripled>(); }, "my_package");
  Json s = serialize(Tripled());
  EXPECT_EQ(s.dump(),
            R"({"module":null,"class_name":"Tripled","config":{"name":"tripled","reduction":)"
            R"("sum"},"registered_name":"my_package>Tripled"})");
  EXPECT_EQ(deserialize(s)->class_name(), "Tripled");
  EXPECT_EQ(get(LossArg("Tripled"))->reduction(), "sum");
  Scaled scaled(2.0);
  EXPECT_EQ(scaled.name(), "scaled");
  EXPECT_NEAR(scaled(t, p).item<double>(), 2 * MeanAbsoluteError()(t, p).item<double>(), 1e-6);
  // Unregistered: serialized under its own name, with its function by name.
  EXPECT_EQ(serialize(scaled).at("registered_name"), "Scaled");
  EXPECT_EQ(scaled.get_config().at("fn").at("config"), "scaled_mae");
  EXPECT_EQ(scaled.get_config().at("scale"), 2.0);
}

// --- Errors
// ---------------------------------------------------------------------------------------

TEST(Losses, Errors) {
  testing::expect_error<ValueError>([] { get(LossArg("crossentropy")); },
                                    "Could not interpret loss identifier: crossentropy");
  testing::expect_error<ValueError>([] { get(LossArg("mean_squared")); },
                                    "Could not interpret loss identifier: mean_squared");
  testing::expect_error<ValueError>([] { get(Json(3)); }, "Could not interpret loss identifier: 3");
  testing::expect_error<TypeError>(
      [] { deserialize(Json::parse(R"({"class_name": "FancyLoss", "config": {}})")); },
      {"Could not locate class 'FancyLoss'", "Full object config"});
  testing::expect_error<TypeError>(
      [] {
        deserialize(Json::parse(
            R"({"class_name": "function", "config": "nope", "registered_name": "nope"})"));
      },
      "Could not locate function 'nope'");
  testing::expect_error<ValueError>([] { CategoricalCrossentropy({.reduction = "auto"}); },
                                    {"`reduction`", "Received: reduction=auto"});
  testing::expect_error<TypeError>(
      [] {
        deserialize(Json::parse(
            R"({"class_name": "CategoricalCrossentropy", "config": {"from_logit": true}})"));
      },
      "CategoricalCrossentropy.__init__() got an unexpected keyword argument 'from_logit'");
  testing::expect_error<TypeError>(
      [] { deserialize(Json::parse(R"({"class_name": "Huber", "config": {"delta": "big"}})")); },
      {"delta"});
  testing::expect_error<TypeError>(
      [] {
        LossFunctionWrapper("mse", {{"axis", 1}});
      },
      "mean_squared_error() got an unexpected keyword argument 'axis'");
  testing::expect_error<TypeError>(
      [] { LossFunctionWrapper::from_config(Json::parse(R"({"name": "x"})")); },
      "missing 1 required positional argument: 'fn'");
  testing::expect_error<ValueError>([] { LossFunctionWrapper("no_such_loss"); },
                                    "Could not interpret loss identifier: no_such_loss");

  // Shapes that do not match.
  Tensor a = Tensor::ones(Shape{2, 3}, DType::float32),
         b = Tensor::ones(Shape{2, 4}, DType::float32);
  testing::expect_error<ValueError>(
      [&] { categorical_crossentropy(a, b); },
      "Arguments `target` and `output` must have the same shape. Received: "
      "target.shape=(2, 3), output.shape=(2, 4)");
  testing::expect_error<ValueError>([&] { BinaryCrossentropy()(a, b); },
                                    {"target.shape=(2, 3)", "output.shape=(2, 4)"});
  testing::expect_error<ValueError>([&] { MeanSquaredError()(a, b); }, {"(2, 3)", "(2, 4)"});
  testing::expect_error<ValueError>(
      [&] { sparse_categorical_crossentropy(Tensor::zeros(Shape{3}, DType::int32), b); },
      "Arguments `target` and `output` must have the same shape up until the last dimension: "
      "target.shape=(3,), output.shape=(2, 4)");
  testing::expect_error<ValueError>(
      [&] {
        sparse_categorical_crossentropy(Tensor::zeros(Shape{}, DType::int32), Tensor::scalar(1.0f));
      },
      "Argument `output` must be at least rank 1. Received: output.shape=()");
  testing::expect_error<ValueError>([&] { categorical_crossentropy(a, a, false, 0.0, 2); },
                                    "axis 2 is out of bounds for an array with dimension 2.");
  testing::expect_error<ValueError>([&] { CosineSimilarity({.axis = -3})(a, a); },
                                    "axis -3 is out of bounds");
  // Labels out of range: the op reports them when it runs.
  testing::expect_error<ValueError>(
      [&] {
        SparseCategoricalCrossentropy()(Tensor::from_vector(std::vector<int32_t>{0, 4}), b);
      },
      "4");
  testing::expect_error<ValueError>(
      [&] {
        sparse_categorical_crossentropy(Tensor::from_vector(std::vector<int32_t>{-1, 1}), b, true);
      },
      "-1");
  // ... also inside a program.
  Tensor pl = graph::placeholder({DType::int32, Shape{Shape::kUnknown}});
  Tensor pp = graph::placeholder({DType::float32, Shape{Shape::kUnknown, 4}});
  graph::Program program({pl, pp}, {SparseCategoricalCrossentropy()(pl, pp)});
  testing::expect_error<ValueError>(
      [&] {
        program.run({Tensor::from_vector(std::vector<int32_t>{1, 7}), b});
      },
      "7");
}

}  // namespace
}  // namespace keras
