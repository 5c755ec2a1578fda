// Optimizers inside training programs: apply() on symbolic gradients returns update handles
// (weight decay, Nadam's u_product, one fused update per variable, iterations += 1 last); a
// graph::Program running them N times must leave every variable, slot and the iteration count
// where N eager steps leave them, for every optimizer class and option, with constant learning
// rates and schedules of the symbolic iteration count.
#include <gtest/gtest.h>

#include <functional>

#include "keras/graph/gradients.h"
#include "keras/graph/node.h"
#include "keras/graph/program.h"
#include "keras/ops/linalg.h"
#include "keras/ops/math.h"
#include "keras/ops/op_def.h"
#include "keras/ops/reduction.h"
#include "keras/optimizers/optimizers.h"
#include "tests/layers/layer_test.h"
#include "tests/ops/harness.h"

namespace keras {
namespace {

using namespace keras::optimizers;

std::vector<Variable> fresh(DType dtype) {
  return {Variable(testing::uniform(Shape{2, 3}, -1, 1, 3).astype(dtype), "kernel"),
          Variable(testing::uniform(Shape{3}, -1, 1, 4).astype(dtype), "bias")};
}

std::vector<Tensor> step_gradients(int step, DType dtype) {
  return {testing::uniform(Shape{2, 3}, -2, 2, 100 + 2 * step).astype(dtype),
          testing::uniform(Shape{3}, -2, 2, 101 + 2 * step).astype(dtype)};
}

const char* op_of(const Tensor& handle) {
  return handle.node()->op->name.c_str();
}

struct TraceCase {
  std::string name;
  std::function<OptimizerPtr()> make;
  size_t decay_handles = 0;   // weight-decay assignments before the updates
  size_t extra_handles = 0;   // updates before the variables' (Nadam's u_product)
  bool missing_bias = false;  // the bias gets no gradient
};

void check_trace(const TraceCase& c, DType dtype) {
  const int steps = 5;
  std::string where = str(c.name, " (", name(dtype), ")");
  // Eager.
  std::vector<Variable> eager_vars = fresh(dtype);
  OptimizerPtr eager = c.make();
  for (int t = 0; t < steps; ++t) {
    std::vector<Tensor> g = step_gradients(t, dtype);
    if (c.missing_bias) g[1] = Tensor();
    EXPECT_TRUE(eager->apply(g, eager_vars).empty()) << where;
  }
  // Traced: one program, run `steps` times.
  std::vector<Variable> traced_vars = fresh(dtype);
  OptimizerPtr traced = c.make();
  Tensor g0 = graph::placeholder({dtype, Shape{2, 3}}, "g0");
  Tensor g1 = graph::placeholder({dtype, Shape{3}}, "g1");
  std::vector<Tensor> handles = traced->apply({g0, c.missing_bias ? Tensor() : g1}, traced_vars);
  size_t updated = c.missing_bias ? 1 : 2;
  ASSERT_EQ(handles.size(), c.decay_handles + c.extra_handles + updated + 1) << where;
  for (const Tensor& h : handles) ASSERT_TRUE(h.is_symbolic()) << where;
  for (size_t i = 0; i < c.decay_handles; ++i) EXPECT_STREQ(op_of(handles[i]), "assign") << where;
  EXPECT_STREQ(op_of(handles.back()), "assign_add") << where;  // iterations += 1, last
  // Nothing ran at trace time.
  EXPECT_EQ(traced->iterations().value().item<int64_t>(), 0) << where;
  EXPECT_EQ(traced_vars[0].value().to_vector<double>(),
            fresh(dtype)[0].value().to_vector<double>());
  std::vector<Tensor> inputs = {g0};
  if (!c.missing_bias) inputs.push_back(g1);
  graph::Program program(inputs, {}, handles);
  for (int t = 0; t < steps; ++t) {
    std::vector<Tensor> g = step_gradients(t, dtype);
    if (c.missing_bias) g.pop_back();
    program.run(g);
  }
  EXPECT_EQ(traced->iterations().value().item<int64_t>(), steps) << where;
  double rtol = dtype == DType::float64 ? 1e-13 : 1e-6;
  for (size_t i = 0; i < 2; ++i)
    testing::expect_near(traced_vars[i].value(), eager_vars[i].value(), rtol, rtol,
                         str(where, " variable ", i));
  std::vector<Variable> a = traced->variables(), b = eager->variables();
  ASSERT_EQ(a.size(), b.size()) << where;
  for (size_t i = 0; i < a.size(); ++i)
    testing::expect_near(a[i].value(), b[i].value(), rtol, rtol,
                         str(where, " optimizer variable ", a[i].name()));
}

TEST(OptimizerTrace, ProgramStepsEqualEagerSteps) {
  using schedules::CosineDecay;
  using schedules::ExponentialDecay;
  using schedules::PiecewiseConstantDecay;
  std::vector<TraceCase> cases = {
      {"sgd", [] { return SGD({.learning_rate = 0.1}); }},
      {"sgd_momentum_decay_clipnorm",
       [] {
         return SGD({.learning_rate = 0.1, .momentum = 0.9, .weight_decay = 0.2, .clipnorm = 1.5});
       },
       2},
      {"sgd_nesterov_schedule",
       [] {
         return SGD({.learning_rate = PiecewiseConstantDecay({1, 3}, {0.1, 0.05, 0.01}),
                     .momentum = 0.5,
                     .nesterov = true});
       }},
      {"rmsprop_centered_momentum_clipvalue",
       [] { return RMSprop({.momentum = 0.5, .centered = true, .clipvalue = 0.5}); }},
      {"rmsprop_weight_decay_missing", [] { return RMSprop({.weight_decay = 0.1}); }, 1, 0, true},
      {"adagrad_global_clipnorm", [] { return Adagrad({.global_clipnorm = 1.0}); }},
      {"adadelta_schedule",
       [] {
         return Adadelta({.learning_rate = ExponentialDecay(1.0, 2, 0.5, {.staircase = true})});
       }},
      {"adam_amsgrad_decay_schedule",
       [] {
         return Adam({.learning_rate = CosineDecay(0.01, 4), .amsgrad = true, .weight_decay = 0.1});
       }},
      {"adamw", [] { return AdamW(); }},
      {"adamw_missing", [] { return AdamW(); }, 0, 0, true},
      {"adamax_loss_scale", [] { return Adamax({.loss_scale_factor = 2.0}); }},
      {"nadam", [] { return Nadam(); }, 0, 1},
      {"nadam_decay_schedule",
       [] {
         return Nadam({.learning_rate = ExponentialDecay(0.01, 3, 0.9), .weight_decay = 0.05});
       },
       2, 1},
  };
  for (const TraceCase& c : cases) {
    check_trace(c, DType::float32);
    check_trace(c, DType::float64);
  }
}

// LossScaleOptimizer in a program: the inner step is a guarded update (graph::UpdateGuard) that
// the program skips on a non-finite gradient, and the scale and counter follow through where():
// the same as its eager steps, which the Keras 3 goldens check (optimizers_golden_test.cc).
TEST(OptimizerTrace, LossScaleOptimizerSkipsNonFiniteStepsAsEagerly) {
  auto make = [] {
    return LossScaleOptimizer(RMSprop({.learning_rate = 0.01}),
                              {.initial_scale = 64.0, .dynamic_growth_steps = 2});
  };
  auto gradients = [](int step) {
    std::vector<Tensor> g = step_gradients(step, DType::float32);
    for (Tensor& t : g) t = ops::multiply(t, 64.0);  // scaled, as the training step makes them
    if (step == 1) g[0] = ops::divide(g[0], 0.0);    // ±inf (and no NaN: no zero in the draw)
    return g;
  };
  std::vector<Variable> eager_vars = fresh(DType::float32), traced_vars = fresh(DType::float32);
  LossScaleOptimizer eager = make(), traced = make();
  Tensor g0 = graph::placeholder({DType::float32, Shape{2, 3}}, "g0");
  Tensor g1 = graph::placeholder({DType::float32, Shape{3}}, "g1");
  graph::Program program({g0, g1}, {}, traced->apply({g0, g1}, traced_vars));
  for (int t = 0; t < 5; ++t) {
    eager->apply(gradients(t), eager_vars);
    program.run(gradients(t));
    EXPECT_EQ(traced->dynamic_scale(), eager->dynamic_scale()) << "step " << t;
  }
  EXPECT_EQ(eager->iterations().value().item<int64_t>(), 4);  // one step skipped
  EXPECT_EQ(eager->dynamic_scale(), 64.0);  // halved once, doubled after two finite steps
  for (size_t i = 0; i < 2; ++i)
    testing::expect_near(traced_vars[i].value(), eager_vars[i].value(), 1e-6, 1e-7,
                         str("variable ", i));
  std::vector<Variable> a = traced->variables(), b = eager->variables();
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i)
    testing::expect_near(a[i].value().astype(DType::float64), b[i].value().astype(DType::float64),
                         1e-6, 1e-7, str("optimizer variable ", a[i].name()));
}

TEST(OptimizerTrace, MixedConcreteAndSymbolicGradients) {
  // A concrete gradient beside a symbolic one becomes a graph constant: nothing runs early.
  std::vector<Variable> vars = fresh(DType::float32);
  Adam adam;
  Tensor g0 = graph::placeholder({DType::float32, Shape{2, 3}}, "g0");
  Tensor concrete = Tensor::ones(Shape{3}, DType::float32);
  std::vector<Tensor> handles = adam->apply({g0, concrete}, vars);
  ASSERT_EQ(handles.size(), 3u);
  EXPECT_EQ(vars[1].value().to_vector<float>(),
            fresh(DType::float32)[1].value().to_vector<float>());
  graph::Program program({g0}, {}, handles);
  program.run({Tensor::ones(Shape{2, 3}, DType::float32)});
  // Adam's first step moves every weight by lr·g/(|g| + ε') ≈ lr against the gradient.
  std::vector<float> before = fresh(DType::float32)[1].value().to_vector<float>();
  std::vector<float> after = vars[1].value().to_vector<float>();
  for (size_t i = 0; i < after.size(); ++i) EXPECT_NEAR(after[i], before[i] - 0.001f, 1e-6f);
}

TEST(OptimizerTrace, ProgramsReadTheLearningRateWhenTheyRun) {
  // set_learning_rate writes the float32 variable in place, so a traced step sees the new value
  // (what a LearningRateScheduler callback relies on).
  Variable w(Tensor::zeros(Shape{2}, DType::float32), "w");
  SGD sgd({.learning_rate = 0.1});
  Tensor g = graph::placeholder({DType::float32, Shape{2}}, "g");
  graph::Program program({g}, {}, sgd->apply({g}, {w}));
  Tensor ones = Tensor::ones(Shape{2}, DType::float32);
  program.run({ones});
  sgd->set_learning_rate(0.5);
  program.run({ones});
  EXPECT_NEAR(w.value().to_vector<float>()[0], -0.6f, 1e-6f);
  EXPECT_EQ(sgd->iterations().value().item<int64_t>(), 2);
}

TEST(OptimizerTrace, TrainsALinearModelInOneProgram) {
  // loss = mean((x·w + b - y)²) with gradients from graph::gradients: the program fetches the
  // loss and runs the updates; the same steps done eagerly (gradients fetched by a program
  // without updates, then applied eagerly) give the same weights, and the loss falls.
  Tensor x_data = testing::uniform(Shape{8, 3}, -1, 1, 41).astype(DType::float32);
  Tensor true_w = testing::uniform(Shape{3, 1}, -1, 1, 42).astype(DType::float32);
  Tensor y_data = ops::matmul(x_data, true_w);
  auto model = [](const std::vector<Variable>& v) {
    Tensor x = graph::placeholder({DType::float32, Shape{-1, 3}}, "x");
    Tensor y = graph::placeholder({DType::float32, Shape{-1, 1}}, "y");
    Tensor loss = ops::mean(ops::square(ops::subtract(ops::add(ops::matmul(x, v[0]), v[1]), y)));
    return std::make_tuple(x, y, loss, graph::gradients(loss, {v[0], v[1]}));
  };
  auto make_vars = [] {
    return std::vector<Variable>{Variable(Tensor::zeros(Shape{3, 1}, DType::float32), "w"),
                                 Variable(Tensor::zeros(Shape{1}, DType::float32), "b")};
  };
  std::vector<Variable> traced_vars = make_vars(), eager_vars = make_vars();
  Adam traced({.learning_rate = 0.05}), eager({.learning_rate = 0.05});
  auto [x, y, loss, grads] = model(traced_vars);
  graph::Program train({x, y}, {loss}, traced->apply(grads, traced_vars));
  auto [ex, ey, eloss, egrads] = model(eager_vars);
  graph::Program gradient_only({ex, ey}, egrads);
  double first = 0, last = 0;
  for (int step = 0; step < 40; ++step) {
    double value = train.run({x_data, y_data})[0].item<double>();
    if (step == 0) first = value;
    last = value;
    eager->apply(gradient_only.run({x_data, y_data}), eager_vars);
  }
  EXPECT_LT(last, first * 0.2);
  testing::expect_near(traced_vars[0].value(), eager_vars[0].value(), 1e-5, 1e-6, "w");
  testing::expect_near(traced_vars[1].value(), eager_vars[1].value(), 1e-5, 1e-6, "b");
  EXPECT_EQ(traced->iterations().value().item<int64_t>(), 40);
}

}  // namespace
}  // namespace keras
