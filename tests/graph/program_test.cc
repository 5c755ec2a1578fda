// The graph passes and the Program: common subexpressions, dead nodes, in-place reuse, plan
// caching per input shape, variables seen by reference, and errors.
#include <gtest/gtest.h>

#include <cmath>

#include "keras/backend/backend.h"
#include "keras/core/variable.h"
#include "keras/graph/gradients.h"
#include "keras/graph/node.h"
#include "keras/graph/program.h"
#include "keras/ops/math.h"
#include "keras/ops/op_def.h"
#include "keras/ops/random.h"
#include "keras/ops/reduction.h"
#include "keras/ops/shape.h"
#include "keras/ops/updates.h"

namespace keras {
namespace {

Tensor relu(const Tensor& x) {
  return ops::call1("relu", {x});
}
Tensor exp(const Tensor& x) {
  return ops::call1("exp", {x});
}
Tensor add(const Tensor& a, const Tensor& b) {
  return ops::call1("add", {a, b});
}

TEST(Program, RunsAndMergesCommonSubexpressions) {
  Tensor x = graph::placeholder({DType::float32, Shape{-1, 3}}, "x");
  Tensor y = add(relu(x), relu(x));  // the second relu is the same computation
  graph::Program program({x}, {y}, {}, &backend::get("cpu"));
  Tensor in = Tensor::from_vector<float>({-1, 2, 3, -4, 5, -6}, Shape{2, 3});
  std::vector<Tensor> out = program.run({in});
  EXPECT_EQ(out[0].to_vector<float>(), (std::vector<float>{0, 4, 6, 0, 10, 0}));
  graph::PlanStats stats = program.stats({in});
  EXPECT_EQ(stats.merged, 1);
  EXPECT_EQ(stats.nodes, 2);
}

TEST(Program, DropsDeadNodesAndReusesBuffersInPlace) {
  Tensor x = graph::placeholder({DType::float64, Shape{-1, 4}}, "x");
  Tensor a = exp(x), b = exp(x);
  Tensor chain = relu(exp(relu(add(a, b))));  // unary ops may take their input's buffer
  graph::Program program({x}, {chain}, {}, &backend::get("cpu"));
  Tensor in = Tensor::zeros(Shape{8, 4}, DType::float64);
  graph::PlanStats stats = program.stats({in});
  EXPECT_EQ(stats.merged, 1) << "exp(x) twice";
  EXPECT_EQ(stats.nodes, 5);
  EXPECT_GE(stats.in_place, 3);
  EXPECT_LT(stats.arena_bytes, stats.naive_bytes);
  EXPECT_NEAR(program.run({in})[0].to_vector<double>()[0], std::exp(2.0), 1e-12);

  // Nodes the fetches do not need are never scheduled.
  Tensor dead = exp(x);
  graph::Program only_relu({x}, {relu(x)}, {}, &backend::get("cpu"));
  EXPECT_EQ(only_relu.stats({in}).nodes, 1);
  (void)dead;
}

TEST(Program, CachesOnePlanPerInputShape) {
  Tensor x = graph::placeholder({DType::float32, Shape{-1, 2}}, "x");
  graph::Program program({x}, {relu(x)}, {}, &backend::get("cpu"));
  Tensor full = Tensor::ones(Shape{4, 2}, DType::float32),
         last = Tensor::ones(Shape{1, 2}, DType::float32);
  program.run({full});
  program.run({full});
  EXPECT_EQ(program.plans_built(), 1);
  program.run({last});
  program.run({full});
  program.run({last});
  EXPECT_EQ(program.plans_built(), 2);
}

TEST(Program, ReadsVariablesByReference) {
  backend::Backend& cpu = backend::get("cpu");
  Variable v(Tensor::from_vector<float>({1, 2}), "v", true, &cpu);
  Tensor x = graph::placeholder({DType::float32, Shape{2}}, "x");
  graph::Program program({x}, {add(x, v)}, {}, &cpu);
  Tensor in = Tensor::from_vector<float>({10, 20});
  EXPECT_EQ(program.run({in})[0].to_vector<float>(), (std::vector<float>{11, 22}));
  v.assign(Tensor::from_vector<float>({100, 200}));
  EXPECT_EQ(program.run({in})[0].to_vector<float>(), (std::vector<float>{110, 220}));
}

// Updates made inside an UpdateGuard run only when its condition is true at run time; the others
// (and the fetches) always run.
TEST(Program, GuardedUpdatesRunOnlyWhenTheirConditionHolds) {
  backend::Backend& cpu = backend::get("cpu");
  Variable guarded(Tensor::from_vector<float>({1, 2}), "guarded", true, &cpu);
  Variable always(Tensor::from_vector<float>({0}), "always", true, &cpu);
  Tensor x = graph::placeholder({DType::float32, Shape{2}}, "x");
  Tensor finite = ops::equal(ops::sum(ops::multiply(x, 0.0)), 0.0);  // inf·0 and NaN·0 are NaN
  std::vector<Tensor> updates;
  graph::VariableReadScope reads;  // updates of the variables become graph nodes
  {
    graph::UpdateGuard guard(finite);
    updates.push_back(ops::assign_add(guarded, x));
  }
  updates.push_back(ops::assign_add(always, 1.0));
  graph::Program program({x}, {ops::sum(x)}, updates, &cpu);
  program.run({Tensor::from_vector<float>({10, 20})});
  EXPECT_EQ(guarded.value().to_vector<float>(), (std::vector<float>{11, 22}));
  std::vector<Tensor> out = program.run({Tensor::from_vector<float>({INFINITY, 1})});
  EXPECT_EQ(guarded.value().to_vector<float>(), (std::vector<float>{11, 22}));  // skipped
  EXPECT_TRUE(std::isinf(out[0].item<float>()));
  program.run({Tensor::from_vector<float>({1, 1})});
  EXPECT_EQ(guarded.value().to_vector<float>(), (std::vector<float>{12, 23}));
  EXPECT_EQ(always.value().item<float>(), 3.0f);
  EXPECT_THROW(graph::UpdateGuard{x}, ValueError);  // not a bool scalar
}

TEST(Program, ConvertsInputDtypeLikeKeras) {
  Tensor x = graph::placeholder({DType::float32, Shape{-1}}, "x");
  graph::Program program({x}, {relu(x)}, {}, &backend::get("cpu"));
  std::vector<Tensor> out = program.run({Tensor::from_vector<double>({-1.5, 2.5})});
  EXPECT_EQ(out[0].dtype(), DType::float32);
  EXPECT_EQ(out[0].to_vector<float>(), (std::vector<float>{0.0f, 2.5f}));
}

TEST(Program, ClearErrors) {
  Tensor x = graph::placeholder({DType::float32, Shape{-1, 3}}, "x");
  Tensor other = graph::placeholder({DType::float32, Shape{3}}, "other");
  graph::Program program({x}, {relu(x)}, {}, &backend::get("cpu"));
  try {
    program.run({Tensor::zeros(Shape{2, 4}, DType::float32)});
    FAIL() << "expected a ValueError";
  } catch (const ValueError& e) {
    EXPECT_NE(std::string(e.what()).find("expected shape (None, 3), got (2, 4)"), std::string::npos)
        << e.what();
  }
  EXPECT_THROW(program.run({}), ValueError);
  graph::Program missing({x}, {add(x, other)}, {}, &backend::get("cpu"));
  try {
    missing.run({Tensor::zeros(Shape{2, 3}, DType::float32)});
    FAIL() << "expected a ValueError";
  } catch (const ValueError& e) {
    EXPECT_NE(std::string(e.what()).find("'other'"), std::string::npos) << e.what();
  }
  EXPECT_THROW(graph::Program({relu(x)}, {x}), ValueError);
  EXPECT_THROW(ops::call("no_such_op", {x}), ValueError);
}

TEST(Gradients, SumsOverEveryUseAndGivesZerosWithoutAPath) {
  backend::Backend& cpu = backend::get("cpu");
  Variable w(Tensor::from_vector<double>({1, -2, 3}), "w", true, &cpu);
  Variable unused(Tensor::from_vector<double>({5}), "unused", true, &cpu);
  Tensor x = graph::placeholder({DType::float64, Shape{3}}, "x");
  // L = Σ relu(w·x) + w·x, with w read twice: dL/dw = ([w·x > 0] + 1)·x, dL/dx = ([w·x > 0] + 1)·w.
  Tensor y = add(relu(ops::call1("mul", {w, x})), ops::call1("mul", {w, x}));
  std::vector<Tensor> g = graph::gradients(y, {w.value(), unused.value(), x});
  graph::Program program({x}, g, {}, &cpu);
  std::vector<Tensor> out = program.run({Tensor::from_vector<double>({10, 20, 30})});
  EXPECT_EQ(out[0].to_vector<double>(), (std::vector<double>{20, 20, 60}));
  EXPECT_EQ(out[1].to_vector<double>(), (std::vector<double>{0}));
  EXPECT_EQ(out[2].to_vector<double>(), (std::vector<double>{2, -2, 6}));
}

}  // namespace
}  // namespace keras

namespace keras {
namespace {

TEST(Program, IntegerSeedRepeatsAndSeedGeneratorAdvances) {
  Tensor x = graph::placeholder({DType::float32, Shape{-1, 4}}, "x");
  graph::Program fixed({x}, {random::uniform_like(x, {.seed = 42})}, {}, &backend::get("cpu"));
  Tensor in = Tensor::zeros(Shape{2, 4}, DType::float32);
  std::vector<float> first = fixed.run({in})[0].to_vector<float>();
  EXPECT_EQ(fixed.run({in})[0].to_vector<float>(), first) << "an int seed draws the same numbers";

  random::SeedGenerator generator(42);
  graph::Program advancing({x}, {random::uniform_like(x, {.seed = generator})}, {},
                           &backend::get("cpu"));
  std::vector<float> a = advancing.run({in})[0].to_vector<float>();
  EXPECT_NE(advancing.run({in})[0].to_vector<float>(), a) << "a SeedGenerator advances";
}

}  // namespace
}  // namespace keras

namespace keras {
namespace {

// Regression: a value read several times by one op (concat of x with itself, x * x) had its
// arena slot freed once per read, so later values shared the slot while it was still live.
TEST(ProgramMemory, ValuesReadTwiceByOneOpKeepTheirSlot) {
  for (const std::string& name : backend::available()) {
    backend::Backend& device = backend::get(name);
    Tensor p = graph::placeholder({DType::float64, Shape{2, 3}}, "p");
    Tensor rp = ops::reshape(p, Shape{2, 1, 3});
    Tensor y = ops::concatenate({rp, rp, rp}, 1);
    std::vector<double> weights;
    for (int b = 0; b < 2; ++b)
      for (int k = 0; k < 3; ++k)
        for (int j = 0; j < 3; ++j)
          weights.push_back(b == 0 ? (k < 2 ? 1 : 10) : (k == 0 ? 10 : 100));
    Tensor r = Tensor::from_vector(weights, Shape{2, 3, 3});
    std::vector<Tensor> grad = graph::gradients(ops::sum(ops::multiply(y, r)), {p});
    graph::Program backward({p}, grad, {}, &device);
    std::vector<double> g =
        backward.run({Tensor::ones(Shape{2, 3}, DType::float64)})[0].to_vector<double>();
    EXPECT_EQ(g, (std::vector<double>{12, 12, 12, 210, 210, 210})) << name;

    Tensor e = ops::multiply(p, 2.0);
    Tensor r2 = Tensor::from_vector(std::vector<double>{1, 2, 3, -1, 0.5, 4}, Shape{2, 3});
    Tensor loss = ops::sum(ops::multiply(ops::multiply(e, e), r2));
    graph::Program forward({p}, {loss}, {}, &device);
    Tensor x = Tensor::from_vector(std::vector<double>{0.5, -1, 2, 1.5, -0.25, 3}, Shape{2, 3});
    double want = 0;
    std::vector<double> xs = x.to_vector<double>(), rs = r2.to_vector<double>();
    for (size_t i = 0; i < xs.size(); ++i) want += 4 * xs[i] * xs[i] * rs[i];
    EXPECT_DOUBLE_EQ(forward.run({x})[0].item<double>(), want) << name;
  }
}

}  // namespace
}  // namespace keras
