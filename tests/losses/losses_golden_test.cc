// keras::losses against Keras 3 itself: tests/golden/data/keras3_losses.json, made by
// tests/golden/keras3/make_losses.py (Keras 3.15: float32 on JAX, float64 on TensorFlow), holds
// every loss function and class kerascpp has, in both dtypes, with their arguments, every
// reduction, sample weights of every shape Keras takes, masks, and the gradient of each result
// with respect to y_pred (the backend's autodiff of Keras's formulas), so kerascpp's backward
// passes (its fused crossentropies among them) are checked too.
// tests/golden/data/losses_torch.json (tests/golden/torch/losses.py) keeps what Keras 3 cannot
// compute: sparse_categorical_crossentropy along a class axis other than the last
// (keras-team/keras#21097), from PyTorch in float64.
//
// Each case runs twice: eagerly (the value), and as a graph::Program on placeholders whose batch
// size is unknown, on the configured backend (the value again, and graph::gradients of its sum
// with respect to y_pred).
//
// Tolerances, per element |got - want| <= atol + rtol·|want|:
//  - float64 (Keras on TensorFlow): rtol 1e-13, atol 1e-15 for values and gradients: the same
//    formulas in float64, a few ulps apart (log_softmax, softplus and their derivatives come in
//    other but equivalent forms); the largest difference seen is 1e-14 relative.
//  - float32 (Keras on JAX): rtol 1e-6, atol 1e-7 (values), rtol 2e-6 (gradients): each side
//    rounds in float32 in its own order (XLA's exp and log are its own approximations, sums of a
//    few terms associate differently); about 8 ulps of a value, 16 of a gradient, which passes
//    through one more rounded operation per op of the loss. The largest seen are 2e-7 and 2.3e-7.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "keras/backend/backend.h"
#include "keras/core/json.h"
#include "keras/graph/gradients.h"
#include "keras/graph/node.h"
#include "keras/graph/program.h"
#include "keras/losses/losses.h"
#include "tests/support/golden.h"
#include "tests/support/paths.h"

namespace keras {
namespace {

using testing::GoldenCase;

struct Tolerance {
  double rtol, atol;
};
constexpr Tolerance kValue64{1e-13, 1e-15}, kGradient64{1e-13, 1e-15};
constexpr Tolerance kValue32{1e-6, 1e-7}, kGradient32{2e-6, 1e-7};

struct Inputs {
  Tensor y_true, y_pred, sample_weight, mask;
};

Inputs inputs_of(const GoldenCase& c) {
  Inputs in{c.inputs.at(0), c.inputs.at(1), {}, {}};
  size_t next = 2;
  if (c.extra.at("sample_weight").get<bool>()) in.sample_weight = c.inputs.at(next++);
  if (c.extra.at("mask").get<bool>()) in.mask = c.inputs.at(next++);
  return in;
}

// The per-sample function or the class's reduced value, on concrete or symbolic tensors.
Tensor evaluate(const GoldenCase& c, const Inputs& in) {
  const Json& extra = c.extra;
  if (extra.at("kind") == "function") {
    losses::LossFunction fn =
        losses::bind_loss_function(extra.at("fn").get<std::string>(), extra.at("kwargs"));
    return fn(in.y_true, in.y_pred);
  }
  Json config = extra.at("args");
  config["dtype"] = extra.at("dtype");
  losses::LossPtr loss =
      losses::deserialize({{"class_name", extra.at("class_name")}, {"config", config}});
  Tensor y_pred = in.mask.defined() ? in.y_pred.with_keras_mask(in.mask) : in.y_pred;
  return (*loss)(in.y_true, y_pred, in.sample_weight);
}

Tensor placeholder_like(const Tensor& x, const std::string& name) {
  if (!x.defined()) return x;
  Shape shape = x.shape();
  if (shape.rank() > 0) shape[0] = Shape::kUnknown;  // the batch size is unknown
  return graph::placeholder({x.dtype(), shape}, name);
}

// One failure per comparison, naming the worst element and how many are out of tolerance.
void expect_close(const Tensor& got, const Tensor& want, Tolerance tol, const std::string& what) {
  ASSERT_TRUE(got.defined()) << what;
  ASSERT_EQ(got.dtype(), want.dtype()) << what;
  ASSERT_EQ(got.shape(), want.shape()) << what;
  std::vector<double> g = got.to(backend::host()).to_vector<double>(), w = want.to_vector<double>();
  size_t bad = 0, worst = 0;
  double worst_ratio = 0;
  for (size_t i = 0; i < g.size(); ++i) {
    double ratio = std::fabs(g[i] - w[i]) / (tol.atol + tol.rtol * std::fabs(w[i]));
    if (!(ratio <= 1)) {
      ++bad;
      if (!(ratio <= worst_ratio)) worst_ratio = ratio, worst = i;
    }
  }
  EXPECT_EQ(bad, 0u) << what << ": " << bad << " of " << g.size()
                     << " elements out of tolerance; the worst, element " << worst << ", is "
                     << (g.empty() ? 0 : g[worst]) << ", Keras gives " << (w.empty() ? 0 : w[worst])
                     << " (" << worst_ratio << " x tolerance)";
}

struct Covered {
  std::set<std::pair<std::string, std::string>> functions, classes;  // (name, dtype)
};

void run_cases(const std::string& file, Covered& covered) {
  std::vector<GoldenCase> cases = testing::load_golden(file);
  ASSERT_FALSE(cases.empty());
  for (const GoldenCase& c : cases) {
    SCOPED_TRACE(file + ": " + c.name);
    const std::string dtype = c.extra.at("dtype").get<std::string>();
    if (c.extra.at("kind") == "function")
      covered.functions.insert({c.extra.at("fn").get<std::string>(), dtype});
    else
      covered.classes.insert({c.extra.at("class_name").get<std::string>(), dtype});
    const bool f64 = dtype == "float64";
    const Tolerance value_tol = f64 ? kValue64 : kValue32;
    const Tolerance gradient_tol = f64 ? kGradient64 : kGradient32;
    Inputs in = inputs_of(c);
    Tensor got;
    ASSERT_NO_THROW(got = evaluate(c, in));
    expect_close(got, c.outputs.at(0), value_tol, "eager value");

    // The same through a program with an unknown batch size, and the gradient of its sum.
    Inputs sym{placeholder_like(in.y_true, "y_true"), placeholder_like(in.y_pred, "y_pred"),
               placeholder_like(in.sample_weight, "sample_weight"),
               placeholder_like(in.mask, "mask")};
    Tensor out = evaluate(c, sym);
    ASSERT_TRUE(out.is_symbolic());
    std::vector<Tensor> outputs = {out};
    const bool gradient = c.extra.at("gradient").get<bool>();
    if (gradient) outputs.push_back(graph::gradients(out, {sym.y_pred})[0]);
    std::vector<Tensor> placeholders, feeds;
    for (auto [p, v] :
         {std::pair{sym.y_true, in.y_true}, std::pair{sym.y_pred, in.y_pred},
          std::pair{sym.sample_weight, in.sample_weight}, std::pair{sym.mask, in.mask}})
      if (p.defined()) {
        placeholders.push_back(p);
        feeds.push_back(v);
      }
    graph::Program program(placeholders, outputs);
    std::vector<Tensor> ran = program.run(feeds);
    expect_close(ran[0], c.outputs.at(0), value_tol, "program value");
    if (gradient) expect_close(ran[1], c.outputs.at(1), gradient_tol, "d sum(loss) / d y_pred");
  }
}

TEST(LossesGolden, Keras3) {
  Covered covered;
  run_cases("keras3_losses.json", covered);
}

TEST(LossesGolden, TorchSparseCrossentropyAlongAnotherAxis) {
  Covered covered;
  run_cases("losses_torch.json", covered);
  EXPECT_TRUE(covered.functions.count({"sparse_categorical_crossentropy", "float64"}));
  EXPECT_TRUE(covered.classes.count({"SparseCategoricalCrossentropy", "float64"}));
}

// Every loss class kerascpp registers, and the function each wraps, has Keras 3 cases in float32
// and float64; the names Keras has and kerascpp lacks are recorded (for the README) and really
// are missing here.
TEST(LossesGolden, EveryClassAndFunctionHasKeras3Cases) {
  Covered covered;
  for (const GoldenCase& c : testing::load_golden("keras3_losses.json")) {
    const std::string dtype = c.extra.at("dtype").get<std::string>();
    if (c.extra.at("kind") == "function")
      covered.functions.insert({c.extra.at("fn").get<std::string>(), dtype});
    else
      covered.classes.insert({c.extra.at("class_name").get<std::string>(), dtype});
  }
  int classes = 0;
  for (const std::string& name : losses::registry().names()) {
    if (name == "LossFunctionWrapper" || name.find('>') != std::string::npos) continue;
    losses::LossPtr loss = losses::get(Json(name));
    if (loss->class_name() != name) continue;  // an alias
    ++classes;
    auto* wrapper = dynamic_cast<const losses::LossFunctionWrapper*>(loss.get());
    ASSERT_TRUE(wrapper) << name;
    for (const char* dtype : {"float32", "float64"}) {
      EXPECT_TRUE(covered.classes.count({name, dtype}))
          << name << " has no Keras 3 case in " << dtype
          << " (add it to tests/golden/keras3/make_losses.py)";
      EXPECT_TRUE(covered.functions.count({wrapper->fn_name(), dtype}))
          << wrapper->fn_name() << " has no Keras 3 case in " << dtype;
    }
  }
  EXPECT_EQ(classes, 17);

  std::ifstream in(testing::source_dir() / "tests/golden/data/keras3_losses.json");
  Json data = Json::parse(in);
  for (const Json& name : data.at("not_in_kerascpp").at("classes"))
    EXPECT_FALSE(losses::registry().contains(name.get<std::string>()))
        << name << " is in kerascpp now: make its Keras 3 cases";
  for (const Json& name : data.at("not_in_kerascpp").at("functions"))
    EXPECT_FALSE(losses::loss_function_name(name.get<std::string>()))
        << name << " is in kerascpp now: make its Keras 3 cases";
}

}  // namespace
}  // namespace keras
