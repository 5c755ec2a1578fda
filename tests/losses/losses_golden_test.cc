// keras::losses against independent implementations:
//  - tests/golden/data/losses_tfjs.json (tests/golden/tfjs/losses.js): TensorFlow.js in float32,
//    tfjs-layers' Keras loss functions and tf.losses (softmax / sigmoid crossentropy with label
//    smoothing, huber, computeWeightedLoss for weights, masks and reductions);
//  - tests/golden/data/losses_torch.json (tests/golden/torch/losses.py): PyTorch in float64
//    where it has the function, NumPy from Keras 3's formulas where it has not (focal losses,
//    hinges, MAPE, MSLE, the reductions with Keras's weight-shape rules).
// Each case names a function and its keyword arguments (run through bind_loss_function, the
// path configs and compile() take) or a class and its config (built by deserialize). Every case
// runs twice: eagerly, and as a graph::Program on placeholders whose batch size is unknown (on
// the configured backend), which must give the same values.
//
// Tolerances, per element |got - want| <= atol + rtol·|want|:
//  - float64: rtol 1e-11, atol 1e-12: the same formulas in float64, a few ulps apart (torch's
//    log_softmax / softplus differ from ours in the last bits).
//  - float32: rtol 2e-5, atol 2e-5: each side rounds in float32 in its own order (sums of 4-6
//    terms, log of clipped probabilities), about 100 ulps of values near 1; MAPE's quotients by
//    epsilon reach 1e7 and are compared relatively.
//  - the float64 cases rerun in float32 (inputs rounded): rtol 5e-5, atol 5e-6.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "keras/backend/backend.h"
#include "keras/core/json.h"
#include "keras/graph/node.h"
#include "keras/graph/program.h"
#include "keras/losses/losses.h"
#include "tests/layers/layer_test.h"
#include "tests/support/golden.h"

namespace keras {
namespace {

using testing::GoldenCase;

struct Prepared {
  Tensor y_true, y_pred, sample_weight, mask;
};

Prepared inputs_of(const GoldenCase& c) {
  Prepared p;
  p.y_true = c.inputs.at(0);
  p.y_pred = c.inputs.at(1);
  size_t next = 2;
  if (c.extra.at("kind") == "class") {
    if (c.extra.at("sample_weight").get<bool>()) p.sample_weight = c.inputs.at(next++);
    if (c.extra.at("mask").get<bool>()) p.mask = c.inputs.at(next++);
  }
  return p;
}

// The per-sample function or the class's reduced value, on concrete or symbolic tensors.
Tensor evaluate(const GoldenCase& c, const Prepared& in) {
  const Json& extra = c.extra;
  if (extra.at("kind") == "function") {
    losses::LossFunction fn =
        losses::bind_loss_function(extra.at("fn").get<std::string>(), extra.at("kwargs"));
    return fn(in.y_true, in.y_pred);
  }
  losses::LossPtr loss =
      losses::deserialize({{"class_name", extra.at("class_name")}, {"config", extra.at("config")}});
  Tensor y_pred = in.mask.defined() ? in.y_pred.with_keras_mask(in.mask) : in.y_pred;
  return (*loss)(in.y_true, y_pred, in.sample_weight);
}

Tensor placeholder_like(const Tensor& x, const std::string& name) {
  if (!x.defined()) return x;
  Shape shape = x.shape();
  if (shape.rank() > 0) shape[0] = Shape::kUnknown;  // the batch size is unknown
  return graph::placeholder({x.dtype(), shape}, name);
}

// The case with its float inputs and its class's dtype narrowed to float32 (the float64 cases
// rerun in float32).
GoldenCase as_float32(GoldenCase c) {
  for (Tensor& x : c.inputs)
    if (x.dtype() == DType::float64) x = x.astype(DType::float32);
  if (c.extra.at("kind") == "class") c.extra["config"]["dtype"] = "float32";
  return c;
}

void run_cases(const std::string& file, double rtol, double atol, std::set<std::string>& fns,
               std::set<std::string>& classes, bool narrow = false) {
  std::vector<GoldenCase> cases = testing::load_golden(file);
  ASSERT_FALSE(cases.empty());
  for (GoldenCase& c : cases) {
    if (narrow) c = as_float32(c);
    SCOPED_TRACE(file + (narrow ? " in float32: " : ": ") + c.name);
    if (c.extra.at("kind") == "function")
      fns.insert(c.extra.at("fn").get<std::string>());
    else
      classes.insert(c.extra.at("class_name").get<std::string>());
    Prepared in = inputs_of(c);
    const Tensor& want = c.outputs.at(0);
    Tensor got;
    ASSERT_NO_THROW(got = evaluate(c, in));
    testing::expect_near(got, want, rtol, atol, "eager");

    // The same through a program with an unknown batch size.
    Prepared sym{placeholder_like(in.y_true, "y_true"), placeholder_like(in.y_pred, "y_pred"),
                 placeholder_like(in.sample_weight, "sample_weight"),
                 placeholder_like(in.mask, "mask")};
    Tensor out = evaluate(c, sym);
    ASSERT_TRUE(out.is_symbolic());
    std::vector<Tensor> feeds_in, feeds;
    for (auto [p, v] :
         {std::pair{sym.y_true, in.y_true}, std::pair{sym.y_pred, in.y_pred},
          std::pair{sym.sample_weight, in.sample_weight}, std::pair{sym.mask, in.mask}})
      if (p.defined()) {
        feeds_in.push_back(p);
        feeds.push_back(v);
      }
    graph::Program program(feeds_in, {out});
    Tensor ran = program.run(feeds)[0].to(backend::host());
    testing::expect_near(ran, want, rtol, atol, "program");
  }
}

TEST(LossesGolden, TensorFlowJsFloat32) {
  std::set<std::string> fns, classes;
  run_cases("losses_tfjs.json", 2e-5, 2e-5, fns, classes);
  // Every function tfjs has an equivalent of, and every class, has a case.
  for (const char* fn :
       {"mean_squared_error", "mean_absolute_error", "mean_absolute_percentage_error",
        "mean_squared_logarithmic_error", "cosine_similarity", "huber", "log_cosh", "hinge",
        "squared_hinge", "categorical_hinge", "kl_divergence", "poisson", "binary_crossentropy",
        "categorical_crossentropy", "sparse_categorical_crossentropy"})
    EXPECT_TRUE(fns.count(fn)) << fn << " has no TensorFlow.js case";
  for (const char* cls :
       {"MeanSquaredError", "MeanAbsoluteError", "MeanAbsolutePercentageError",
        "MeanSquaredLogarithmicError", "CosineSimilarity", "Huber", "LogCosh", "Hinge",
        "SquaredHinge", "CategoricalHinge", "KLDivergence", "Poisson", "BinaryCrossentropy",
        "CategoricalCrossentropy", "SparseCategoricalCrossentropy"})
    EXPECT_TRUE(classes.count(cls)) << cls << " has no TensorFlow.js case";
}

TEST(LossesGolden, TorchAndNumPyFloat64) {
  std::set<std::string> fns, classes;
  run_cases("losses_torch.json", 1e-11, 1e-12, fns, classes);
  for (const char* fn :
       {"mean_squared_error", "mean_absolute_error", "mean_absolute_percentage_error",
        "mean_squared_logarithmic_error", "cosine_similarity", "huber", "log_cosh", "hinge",
        "squared_hinge", "categorical_hinge", "kl_divergence", "poisson", "binary_crossentropy",
        "categorical_crossentropy", "sparse_categorical_crossentropy", "binary_focal_crossentropy",
        "categorical_focal_crossentropy"})
    EXPECT_TRUE(fns.count(fn)) << fn << " has no float64 case";
  EXPECT_TRUE(classes.count("MeanSquaredError"));
  EXPECT_TRUE(classes.count("SparseCategoricalCrossentropy"));
}

// The float64 cases computed in float32 (the focal losses have no TensorFlow.js equivalent):
// float32 rounding of inputs and arithmetic against float64 references, about 1e-6 relative.
TEST(LossesGolden, TorchAndNumPyInFloat32) {
  std::set<std::string> fns, classes;
  run_cases("losses_torch.json", 5e-5, 5e-6, fns, classes, /*narrow=*/true);
}

}  // namespace
}  // namespace keras
