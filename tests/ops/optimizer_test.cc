// Variable updates: assign, assign_add and the fused optimizer steps, against float64 references
// written here with plain loops from Keras 3's update rules (KERAS.md §6.2,
// keras/src/optimizers/*.py). Every option is covered over three consecutive steps on every
// backend, in float32 and float64.
#include "keras/ops/updates.h"

#include <gtest/gtest.h>
#include <omp.h>

#include <cmath>

#include "keras/backend/backend.h"
#include "keras/core/variable.h"
#include "keras/graph/node.h"
#include "keras/graph/program.h"
#include "keras/ops/op_def.h"
#include "tests/ops/harness.h"

// Options structs are filled the Keras way, naming only some fields; GCC 12's -Wextra warns
// about the others.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace keras {
namespace {

KERAS_CONFORMANCE_COVERS("assign", "assign_add", "sgd_update", "rmsprop_update", "adagrad_update",
                         "adadelta_update", "adam_update", "adamax_update", "nadam_update");

using Vec = std::vector<double>;

// ----- float64 references (state = the variable, then its slots in input order) ----------------

struct Step {
  const Vec& g;
  double lr;
  int64_t iterations;  // before this step: t = iterations + 1
  double u_product;    // Nadam only: includes this step's u_t
};
using Reference = std::function<void(std::vector<Vec>& state, const Step& s)>;

Reference sgd_ref(double momentum, bool nesterov) {
  return [=](std::vector<Vec>& x, const Step& s) {
    Vec& w = x[0];
    for (size_t i = 0; i < w.size(); ++i) {
      if (momentum == 0.0) {
        w[i] -= s.lr * s.g[i];
        continue;
      }
      double& m = x[1][i];
      m = momentum * m - s.lr * s.g[i];
      w[i] += nesterov ? momentum * m - s.lr * s.g[i] : m;
    }
  };
}

Reference rmsprop_ref(double rho, double momentum, double eps, bool centered) {
  return [=](std::vector<Vec>& x, const Step& s) {
    size_t mom_slot = 2, avg_slot = momentum > 0 ? 3 : 2;
    for (size_t i = 0; i < x[0].size(); ++i) {
      double g = s.g[i];
      double& v = x[1][i];
      v = rho * v + (1 - rho) * g * g;
      double denominator = v + eps;
      if (centered) {
        double& mg = x[avg_slot][i];
        mg = rho * mg + (1 - rho) * g;
        denominator = v - mg * mg + eps;
      }
      double increment = s.lr * g / std::sqrt(denominator);
      if (momentum > 0) {
        double& mom = x[mom_slot][i];
        mom = momentum * mom + increment;
        x[0][i] -= mom;
      } else {
        x[0][i] -= increment;
      }
    }
  };
}

Reference adagrad_ref(double eps) {
  return [=](std::vector<Vec>& x, const Step& s) {
    for (size_t i = 0; i < x[0].size(); ++i) {
      x[1][i] += s.g[i] * s.g[i];
      x[0][i] -= s.lr * s.g[i] / std::sqrt(x[1][i] + eps);
    }
  };
}

Reference adadelta_ref(double rho, double eps) {
  return [=](std::vector<Vec>& x, const Step& s) {
    for (size_t i = 0; i < x[0].size(); ++i) {
      double g = s.g[i];
      double& acc_grad = x[1][i];
      double& acc_delta = x[2][i];
      acc_grad = rho * acc_grad + (1 - rho) * g * g;
      double delta = g * std::sqrt(acc_delta + eps) / std::sqrt(acc_grad + eps);
      acc_delta = rho * acc_delta + (1 - rho) * delta * delta;
      x[0][i] -= s.lr * delta;
    }
  };
}

Reference adam_ref(double b1, double b2, double eps, bool amsgrad, double weight_decay) {
  return [=](std::vector<Vec>& x, const Step& s) {
    double t = static_cast<double>(s.iterations + 1);
    double alpha = s.lr * std::sqrt(1 - std::pow(b2, t)) / (1 - std::pow(b1, t));
    for (size_t i = 0; i < x[0].size(); ++i) {
      double g = s.g[i];
      double& w = x[0][i];
      w -= w * weight_decay * s.lr;
      double& m = x[1][i];
      double& v = x[2][i];
      m = b1 * m + (1 - b1) * g;
      v = b2 * v + (1 - b2) * g * g;
      double denominator_v = v;
      if (amsgrad) {
        x[3][i] = std::max(x[3][i], v);
        denominator_v = x[3][i];
      }
      w -= alpha * m / (std::sqrt(denominator_v) + eps);
    }
  };
}

Reference adamax_ref(double b1, double b2, double eps) {
  return [=](std::vector<Vec>& x, const Step& s) {
    double t = static_cast<double>(s.iterations + 1);
    for (size_t i = 0; i < x[0].size(); ++i) {
      double g = s.g[i];
      double& m = x[1][i];
      double& u = x[2][i];
      m = b1 * m + (1 - b1) * g;
      u = std::max(b2 * u, std::fabs(g));
      x[0][i] -= s.lr * m / ((1 - std::pow(b1, t)) * (u + eps));
    }
  };
}

double nadam_u(double b1, double t) {
  return b1 * (1 - 0.5 * std::pow(0.96, t));
}

Reference nadam_ref(double b1, double b2, double eps) {
  return [=](std::vector<Vec>& x, const Step& s) {
    double t = static_cast<double>(s.iterations + 1);
    double u_t = nadam_u(b1, t), u_t1 = nadam_u(b1, t + 1);
    double u_product_next = s.u_product * u_t1;
    for (size_t i = 0; i < x[0].size(); ++i) {
      double g = s.g[i];
      double& m = x[1][i];
      double& v = x[2][i];
      m = b1 * m + (1 - b1) * g;
      v = b2 * v + (1 - b2) * g * g;
      double m_hat = u_t1 * m / (1 - u_product_next) + (1 - u_t) * g / (1 - s.u_product);
      double v_hat = v / (1 - std::pow(b2, t));
      x[0][i] -= s.lr * m_hat / (std::sqrt(v_hat) + eps);
    }
  };
}

// ----- The sequence check ---------------------------------------------------------------------

// The attributes of a step op with these options, dense or row-sparse.
using SequenceAttrs = std::function<ops::Attrs(bool row_sparse)>;
template <class Options>
SequenceAttrs step_attrs(Options options) {
  return [options](bool row_sparse) -> ops::Attrs {
    return ops::StepAttrs<Options>{options, row_sparse};
  };
}

struct Sequence {
  std::string op;
  SequenceAttrs attrs;
  std::vector<Tensor> state;  // float64 host: the variable, then the slots in input order
  Reference reference;
  double lr = 0.01;
  bool iterations = false;  // input 3 is the step count
  bool u_product = false;   // last input is Nadam's u_product (beta_1 read from attrs)
  int steps = 3;
  int64_t first_iteration = 0;
};

void compare(const Tensor& got, const Vec& want, DType dtype, const std::string& where) {
  std::vector<double> g = got.to(backend::host()).to_vector<double>();
  ASSERT_EQ(g.size(), want.size()) << where;
  double rtol = dtype == DType::float32 ? 2e-5 : 1e-11,
         atol = dtype == DType::float32 ? 1e-6 : 1e-12;
  int reported = 0;
  for (size_t i = 0; i < g.size(); ++i)
    if (!(std::fabs(g[i] - want[i]) <= atol + rtol * std::fabs(want[i])) && reported++ < 5)
      ADD_FAILURE() << where << ": element " << i << " got " << g[i] << ", expected " << want[i];
}

// A row-sparse gradient for a variable of `shape` (keras/backend/row_sparse.h): rows and their
// indices, which repeat and miss some rows, and the dense gradient they stand for.
struct SparseGradient {
  Tensor rows, indices;
  Vec dense;
};

SparseGradient sparse_gradient(const Shape& shape, DType dtype, uint64_t seed) {
  const int64_t num_rows = shape[0], row = shape.num_elements() / std::max<int64_t>(num_rows, 1);
  const int64_t count = std::min<int64_t>(num_rows, 4096);
  std::vector<int64_t> indices;
  for (int64_t k = 0; k < count; ++k) indices.push_back((k * k + 3) % num_rows);  // squares: gaps
  Shape rows_shape = shape;
  rows_shape[0] = count;
  SparseGradient g{testing::uniform(rows_shape, -1, 1, seed).astype(dtype),
                   Tensor::from_vector(indices, Shape{count}),
                   {}};
  Vec rows = g.rows.to_vector<double>();
  g.dense.assign(static_cast<size_t>(shape.num_elements()), 0.0);
  for (int64_t k = 0; k < count; ++k)
    for (int64_t i = 0; i < row; ++i)
      g.dense[static_cast<size_t>(indices[k] * row + i)] += rows[static_cast<size_t>(k * row + i)];
  return g;
}

// Runs `steps` consecutive steps with fresh gradients on every backend and dtype, comparing the
// variable and every slot with the float64 reference after each step. Each sequence runs twice:
// with dense gradients, and with the same reference fed row-sparse gradients (row_sparse = true).
void check_sequence(const Sequence& c) {
  for (const std::string& backend_name : backend::available()) {
    backend::Backend& device = backend::get(backend_name);
    for (DType dtype : {DType::float32, DType::float64}) {
      for (bool sparse : {false, true}) {
        std::vector<Tensor> on_device;
        std::vector<Vec> ref;
        for (const Tensor& t : c.state) {
          Tensor converted = t.astype(dtype);
          ref.push_back(converted.to_vector<double>());
          on_device.push_back(converted.to(device));
        }
        Tensor lr = Tensor::full({}, c.lr, dtype, &device);
        double lr_seen = lr.to(backend::host()).item<double>();
        ops::Attrs attrs = c.attrs(sparse);
        double beta_1 = c.u_product ? attrs.as<ops::NadamUpdateAttrs>().beta_1 : 0.0;
        double u_product = 1.0;
        for (int64_t k = 0; k < c.first_iteration; ++k)
          u_product *= nadam_u(beta_1, static_cast<double>(k + 1));
        for (int step = 0; step < c.steps; ++step) {
          int64_t iterations = c.first_iteration + step;
          std::string where =
              str(c.op, " ", attrs.key(), " on ", backend_name, " in ", dtype, ", step ", step + 1);
          Tensor g;
          Vec g_seen;
          SparseGradient rows;
          if (sparse) {
            rows = sparse_gradient(c.state[0].shape(), dtype, 100 + step);
            g = rows.rows;
            g_seen = rows.dense;
          } else {
            g = testing::uniform(c.state[0].shape(), -1, 1, 100 + step).astype(dtype);
            g_seen = g.to_vector<double>();
          }
          std::vector<Tensor> inputs = {on_device[0], g.to(device), lr};
          if (c.iterations)
            inputs.push_back(
                Tensor::full({}, static_cast<double>(iterations), DType::int64, &device));
          for (size_t k = 1; k < on_device.size(); ++k) inputs.push_back(on_device[k]);
          double u_seen = 0;
          if (c.u_product) {
            u_product *= nadam_u(beta_1, static_cast<double>(iterations + 1));
            Tensor u = Tensor::full({}, u_product, dtype, &device);
            u_seen = u.to(backend::host()).item<double>();
            inputs.push_back(u);
          }
          if (sparse) inputs.push_back(rows.indices.to(device));
          try {
            std::vector<Tensor> out = ops::call(c.op, inputs, attrs);
            EXPECT_TRUE(out.empty()) << where;
          } catch (const std::exception& e) {
            ADD_FAILURE() << where << ": threw " << e.what();
            return;
          }
          c.reference(ref, {g_seen, lr_seen, iterations, u_seen});
          for (size_t k = 0; k < on_device.size(); ++k)
            compare(on_device[k], ref[k], dtype, str(where, ", state ", k));
        }
      }
    }
  }
}

Tensor param(Shape shape, uint64_t seed) {
  return testing::uniform(std::move(shape), -1, 1, seed);
}
Tensor positive(Shape shape, uint64_t seed, double lo = 0.0, double hi = 1.0) {
  return testing::uniform(std::move(shape), lo, hi, seed);
}

const Shape kShape{7, 5};

// ----- Optimizer conformance -------------------------------------------------------------------

TEST(OptimizerOps, SGD) {
  check_sequence({"sgd_update",
                  step_attrs(ops::SGDUpdateOptions{.momentum = 0.0, .nesterov = false}),
                  {param(kShape, 1)},
                  sgd_ref(0.0, false)});
  check_sequence({"sgd_update",
                  step_attrs(ops::SGDUpdateOptions{.momentum = 0.9, .nesterov = false}),
                  {param(kShape, 1), param(kShape, 2)},
                  sgd_ref(0.9, false)});
  check_sequence({"sgd_update",
                  step_attrs(ops::SGDUpdateOptions{.momentum = 0.5, .nesterov = true}),
                  {param(kShape, 1), param(kShape, 2)},
                  sgd_ref(0.5, true),
                  0.1});
}

TEST(OptimizerOps, RMSprop) {
  for (double momentum : {0.0, 0.9}) {
    for (bool centered : {false, true}) {
      std::vector<Tensor> state = {param(kShape, 3), positive(kShape, 4, 0.5, 1.0)};
      if (momentum > 0) state.push_back(param(kShape, 5));
      // Keep v - mg^2 well above 0, as it is when both start at zero.
      if (centered) state.push_back(testing::uniform(kShape, -0.1, 0.1, 6));
      check_sequence({"rmsprop_update",
                      step_attrs(ops::RMSpropUpdateOptions{
                          .rho = 0.9, .momentum = momentum, .epsilon = 1e-7, .centered = centered}),
                      state, rmsprop_ref(0.9, momentum, 1e-7, centered)});
    }
  }
  check_sequence({"rmsprop_update",
                  step_attrs(ops::RMSpropUpdateOptions{
                      .rho = 0.8, .momentum = 0.0, .epsilon = 1e-3, .centered = false}),
                  {param(kShape, 3), Tensor::zeros(kShape, DType::float64)},
                  rmsprop_ref(0.8, 0.0, 1e-3, false),
                  0.001});
}

TEST(OptimizerOps, Adagrad) {
  // Keras 3 starts the accumulator at 0.1.
  check_sequence({"adagrad_update",
                  step_attrs(ops::AdagradUpdateOptions{.epsilon = 1e-7}),
                  {param(kShape, 7), Tensor::full(kShape, 0.1, DType::float64)},
                  adagrad_ref(1e-7)});
  check_sequence({"adagrad_update",
                  step_attrs(ops::AdagradUpdateOptions{.epsilon = 1e-2}),
                  {param(kShape, 7), positive(kShape, 8)},
                  adagrad_ref(1e-2),
                  0.5});
}

TEST(OptimizerOps, Adadelta) {
  // lr 1.0 and rho 0.95: the mnist_cnn benchmark's settings.
  check_sequence({"adadelta_update",
                  step_attrs(ops::AdadeltaUpdateOptions{.rho = 0.95, .epsilon = 1e-7}),
                  {param(kShape, 9), positive(kShape, 10), positive(kShape, 11)},
                  adadelta_ref(0.95, 1e-7),
                  1.0});
  check_sequence({"adadelta_update",
                  step_attrs(ops::AdadeltaUpdateOptions{.rho = 0.5, .epsilon = 1e-3}),
                  {param(kShape, 9), Tensor::zeros(kShape, DType::float64),
                   Tensor::zeros(kShape, DType::float64)},
                  adadelta_ref(0.5, 1e-3),
                  0.1});
}

TEST(OptimizerOps, AdamAndAdamW) {
  for (bool amsgrad : {false, true}) {
    for (double wd : {0.0, 0.004}) {
      std::vector<Tensor> state = {param(kShape, 12), param(kShape, 13), positive(kShape, 14)};
      if (amsgrad) state.push_back(positive(kShape, 15));
      Sequence c{"adam_update",
                 step_attrs(ops::AdamUpdateOptions{.beta_1 = 0.9,
                                                   .beta_2 = 0.999,
                                                   .epsilon = 1e-7,
                                                   .amsgrad = amsgrad,
                                                   .weight_decay = wd}),
                 state, adam_ref(0.9, 0.999, 1e-7, amsgrad, wd)};
      c.iterations = true;
      check_sequence(c);
      c.first_iteration = 41;  // later steps: the bias corrections change
      check_sequence(c);
    }
  }
  Sequence c{
      "adam_update",
      step_attrs(ops::AdamUpdateOptions{
          .beta_1 = 0.5, .beta_2 = 0.75, .epsilon = 1e-3, .amsgrad = false, .weight_decay = 0.1}),
      {param(kShape, 12), Tensor::zeros(kShape, DType::float64),
       Tensor::zeros(kShape, DType::float64)},
      adam_ref(0.5, 0.75, 1e-3, false, 0.1),
      0.05};
  c.iterations = true;
  check_sequence(c);
}

TEST(OptimizerOps, Adamax) {
  Sequence c{"adamax_update",
             step_attrs(ops::AdamaxUpdateOptions{.beta_1 = 0.9, .beta_2 = 0.999, .epsilon = 1e-7}),
             {param(kShape, 16), param(kShape, 17), positive(kShape, 18)},
             adamax_ref(0.9, 0.999, 1e-7)};
  c.iterations = true;
  check_sequence(c);
  c.first_iteration = 10;
  check_sequence(c);
  Sequence zero{"adamax_update",
                step_attrs(ops::AdamaxUpdateOptions{.beta_1 = 0.8, .beta_2 = 0.9, .epsilon = 1e-3}),
                {param(kShape, 16), Tensor::zeros(kShape, DType::float64),
                 Tensor::zeros(kShape, DType::float64)},
                adamax_ref(0.8, 0.9, 1e-3)};
  zero.iterations = true;
  check_sequence(zero);
}

TEST(OptimizerOps, Nadam) {
  Sequence c{"nadam_update",
             step_attrs(ops::NadamUpdateOptions{.beta_1 = 0.9, .beta_2 = 0.999, .epsilon = 1e-7}),
             {param(kShape, 19), param(kShape, 20), positive(kShape, 21)},
             nadam_ref(0.9, 0.999, 1e-7)};
  c.iterations = true;
  c.u_product = true;
  check_sequence(c);
  c.first_iteration = 25;
  check_sequence(c);
  Sequence other{"nadam_update",
                 step_attrs(ops::NadamUpdateOptions{.beta_1 = 0.7, .beta_2 = 0.9, .epsilon = 1e-4}),
                 {param(kShape, 19), Tensor::zeros(kShape, DType::float64),
                  Tensor::zeros(kShape, DType::float64)},
                 nadam_ref(0.7, 0.9, 1e-4)};
  other.iterations = true;
  other.u_product = true;
  check_sequence(other);
}

// Large variables take the parallel path and leave partial SIMD blocks; the values must not
// depend on the thread count.
TEST(OptimizerOps, LargeVariablesInParallel) {
  const Shape big{100003};
  int saved = omp_get_max_threads();
  for (int threads : {1, 2}) {
    omp_set_num_threads(threads);
    check_sequence({"rmsprop_update",
                    step_attrs(ops::RMSpropUpdateOptions{
                        .rho = 0.9, .momentum = 0.9, .epsilon = 1e-7, .centered = true}),
                    {param(big, 3), positive(big, 4, 0.5, 1.0), param(big, 5),
                     testing::uniform(big, -0.1, 0.1, 6)},
                    rmsprop_ref(0.9, 0.9, 1e-7, true),
                    0.01,
                    false,
                    false,
                    1});
    check_sequence({"adadelta_update",
                    step_attrs(ops::AdadeltaUpdateOptions{.rho = 0.95, .epsilon = 1e-7}),
                    {param(big, 9), positive(big, 10), positive(big, 11)},
                    adadelta_ref(0.95, 1e-7),
                    1.0,
                    false,
                    false,
                    1});
    check_sequence({"adam_update",
                    step_attrs(ops::AdamUpdateOptions{.beta_1 = 0.9,
                                                      .beta_2 = 0.999,
                                                      .epsilon = 1e-7,
                                                      .amsgrad = true,
                                                      .weight_decay = 0.004}),
                    {param(big, 12), param(big, 13), positive(big, 14), positive(big, 15)},
                    adam_ref(0.9, 0.999, 1e-7, true, 0.004),
                    0.001,
                    true,
                    false,
                    1});
    check_sequence({"sgd_update",
                    step_attrs(ops::SGDUpdateOptions{.momentum = 0.9, .nesterov = true}),
                    {param(big, 1), param(big, 2)},
                    sgd_ref(0.9, true),
                    0.01,
                    false,
                    false,
                    1});
  }
  omp_set_num_threads(saved);
}

// The conformance harness on the cases whose optional slots are all present (one step).
TEST(OptimizerOps, ConformanceHarness) {
  const Shape s{4, 3};
  testing::OpCase c;
  c.op = "adam_update";
  c.inputs = {param(s, 1), param(s, 2),    Tensor::scalar(0.01), Tensor::scalar<int64_t>(4),
              param(s, 3), positive(s, 4), positive(s, 5)};
  c.attrs = ops::AdamUpdateAttrs{
      {.beta_1 = 0.9, .beta_2 = 0.999, .epsilon = 1e-7, .amsgrad = true, .weight_decay = 0.004}};
  c.reference = [](const std::vector<Tensor>& in) {
    std::vector<Vec> x = {in[0].to_vector<double>(), in[4].to_vector<double>(),
                          in[5].to_vector<double>(), in[6].to_vector<double>()};
    Vec g = in[1].to_vector<double>();
    adam_ref(0.9, 0.999, 1e-7, true, 0.004)(x, {g, in[2].item<double>(), 4, 0});
    std::vector<Tensor> out;
    for (const Vec& v : x) out.push_back(Tensor::from_vector(v, Shape{4, 3}));
    return out;
  };
  testing::check_op(c);

  c.op = "nadam_update";
  double u_product = nadam_u(0.9, 1) * nadam_u(0.9, 2) * nadam_u(0.9, 3);
  c.inputs = {param(s, 1), param(s, 2),    Tensor::scalar(0.01),     Tensor::scalar<int64_t>(2),
              param(s, 3), positive(s, 4), Tensor::scalar(u_product)};
  c.attrs = ops::NadamUpdateAttrs{{.beta_1 = 0.9, .beta_2 = 0.999, .epsilon = 1e-7}};
  c.reference = [](const std::vector<Tensor>& in) {
    std::vector<Vec> x = {in[0].to_vector<double>(), in[4].to_vector<double>(),
                          in[5].to_vector<double>()};
    Vec g = in[1].to_vector<double>();
    nadam_ref(0.9, 0.999, 1e-7)(x, {g, in[2].item<double>(), 2, in[6].item<double>()});
    std::vector<Tensor> out;
    for (const Vec& v : x) out.push_back(Tensor::from_vector(v, Shape{4, 3}));
    return out;
  };
  testing::check_op(c);

  c.op = "adadelta_update";
  c.inputs = {param(s, 1), param(s, 2), Tensor::scalar(1.0), positive(s, 3), positive(s, 4)};
  c.attrs = ops::AdadeltaUpdateAttrs{{.rho = 0.95, .epsilon = 1e-7}};
  c.reference = [](const std::vector<Tensor>& in) {
    std::vector<Vec> x = {in[0].to_vector<double>(), in[3].to_vector<double>(),
                          in[4].to_vector<double>()};
    Vec g = in[1].to_vector<double>();
    adadelta_ref(0.95, 1e-7)(x, {g, in[2].item<double>(), 0, 0});
    std::vector<Tensor> out;
    for (const Vec& v : x) out.push_back(Tensor::from_vector(v, Shape{4, 3}));
    return out;
  };
  testing::check_op(c);
}

// ----- Known answers from the Keras documentation ---------------------------------------------

TEST(OptimizerOps, KerasDocumentationExamples) {
  // keras.optimizers.SGD docstring: lr 0.1 on loss var²/2 (grad = var) from var = 1.0.
  Variable var(Tensor::scalar(1.0f), "var");
  ops::sgd_update(var, var.value().copy(), Tensor::scalar(0.1f));
  EXPECT_FLOAT_EQ(var.value().item<float>(), 0.9f);
  // With momentum 0.9: the first step moves 0.1, the second 0.18.
  Variable w(Tensor::scalar(1.0f), "w");
  Variable m(Tensor::scalar(0.0f), "m");
  ops::sgd_update(w, w.value().copy(), Tensor::scalar(0.1f), m, {.momentum = 0.9});
  float first = w.value().item<float>();
  ops::sgd_update(w, w.value().copy(), Tensor::scalar(0.1f), m, {.momentum = 0.9});
  EXPECT_NEAR(1.0f - first, 0.1f, 1e-6);
  EXPECT_NEAR(first - w.value().item<float>(), 0.18f, 1e-6);
}

// ----- assign, assign_add -----------------------------------------------------------------------

TEST(OptimizerOps, AssignConformance) {
  testing::OpCase c;
  c.op = "assign";
  c.inputs = {param({3, 4}, 1), param({3, 4}, 2)};
  c.reference = [](const std::vector<Tensor>& in) { return std::vector<Tensor>{in[1]}; };
  testing::check_op(c);
  c.inputs = {param({3, 4}, 1), Tensor::scalar(2.5)};  // a scalar fills the variable
  c.reference = [](const std::vector<Tensor>& in) {
    return std::vector<Tensor>{Tensor::full({3, 4}, 2.5, DType::float64)};
  };
  testing::check_op(c);
  // Integer variables (seed states, step counters).
  c.inputs = {Tensor::from_vector<int64_t>({1, 2}), Tensor::from_vector<int64_t>({7, -8})};
  c.reference = [](const std::vector<Tensor>& in) { return std::vector<Tensor>{in[1]}; };
  c.dtypes = {DType::int64};
  testing::check_op(c);
}

TEST(OptimizerOps, AssignAddConformance) {
  testing::OpCase c;
  c.op = "assign_add";
  c.inputs = {param({5, 2}, 1), param({5, 2}, 2)};
  c.reference = [](const std::vector<Tensor>& in) {
    Vec a = in[0].to_vector<double>(), b = in[1].to_vector<double>();
    for (size_t i = 0; i < a.size(); ++i) a[i] += b[i];
    return std::vector<Tensor>{Tensor::from_vector(a, in[0].shape())};
  };
  testing::check_op(c);
  c.inputs = {param({5, 2}, 1), Tensor::scalar(-0.5)};
  c.reference = [](const std::vector<Tensor>& in) {
    Vec a = in[0].to_vector<double>();
    for (double& v : a) v -= 0.5;
    return std::vector<Tensor>{Tensor::from_vector(a, in[0].shape())};
  };
  testing::check_op(c);
  for (DType dtype : {DType::int32, DType::int64}) {
    c.inputs = {Tensor::from_vector<int64_t>({41}).astype(dtype).reshape(Shape{}),
                Tensor::from_vector<int64_t>({1}).astype(dtype).reshape(Shape{})};
    c.reference = [dtype](const std::vector<Tensor>&) {
      return std::vector<Tensor>{Tensor::from_vector<int64_t>({42}).astype(dtype).reshape(Shape{})};
    };
    c.dtypes = {dtype};
    testing::check_op(c);
  }
}

// ----- Declarations and frontends --------------------------------------------------------------

TEST(OptimizerOps, DeclarationsMarkUpdatedInputs) {
  EXPECT_EQ(ops::get_op("assign").mutates, std::vector<int>{0});
  EXPECT_EQ(ops::get_op("sgd_update").mutates, (std::vector<int>{0, 3}));
  EXPECT_EQ(ops::get_op("rmsprop_update").mutates, (std::vector<int>{0, 3, 4, 5}));
  EXPECT_EQ(ops::get_op("adam_update").mutates, (std::vector<int>{0, 4, 5, 6}));
  EXPECT_EQ(ops::get_op("nadam_update").mutates, (std::vector<int>{0, 4, 5}));
  for (const char* op : {"assign", "assign_add", "sgd_update", "rmsprop_update", "adagrad_update",
                         "adadelta_update", "adam_update", "adamax_update", "nadam_update"}) {
    EXPECT_TRUE(ops::get_op(op).has_side_effects) << op;
    EXPECT_FALSE(ops::get_op(op).gradient) << op;
  }
}

TEST(OptimizerOps, FrontendUpdatesVariablesInPlace) {
  Variable w(Tensor::from_vector<float>({1, 2, 3}), "w");
  Variable m(Tensor::zeros({3}, DType::float32), "m");
  Variable v(Tensor::zeros({3}, DType::float32), "v");
  Variable iterations(Tensor::scalar<int64_t>(0), "iterations");
  Tensor g = Tensor::from_vector<float>({0.5f, -1.0f, 0.0f});
  // lr given in float64 and iterations handled as Keras does: t = iterations + 1.
  ops::adam_update(w, g, Tensor::scalar(0.001), iterations, m, v);
  ops::assign_add(iterations, 1);
  EXPECT_EQ(iterations.value().item<int64_t>(), 1);
  std::vector<float> after = w.value().to_vector<float>();
  // First Adam step: alpha·m/(sqrt(v)+eps) = lr·sign(g) up to epsilon.
  EXPECT_NEAR(after[0], 1.0f - 0.001f, 1e-6);
  EXPECT_NEAR(after[1], 2.0f + 0.001f, 1e-6);
  EXPECT_EQ(after[2], 3.0f);
  ops::assign(m, 0.0);
  EXPECT_EQ(m.value().to_vector<float>(), (std::vector<float>{0, 0, 0}));
  ops::assign(w, Tensor::from_vector<double>({4, 5, 6}));  // cast to the variable's dtype
  EXPECT_EQ(w.value().to_vector<float>(), (std::vector<float>{4, 5, 6}));
}

TEST(OptimizerOps, FrontendRecordsSymbolicUpdates) {
  Variable w(Tensor::zeros({2, 2}, DType::float32), "w");
  Tensor g = graph::placeholder({DType::float32, Shape{2, 2}}, "g");
  Tensor handle = ops::sgd_update(w, g, Tensor::scalar(0.1f));
  EXPECT_TRUE(handle.is_symbolic());
  EXPECT_EQ(w.value().to_vector<float>(), (std::vector<float>{0, 0, 0, 0}));  // nothing ran
}

using testing::expect_error;

TEST(OptimizerOps, BadInputs) {
  Tensor w = param({3}, 1), g = param({3}, 2), lr = Tensor::scalar(0.1);
  Tensor slot = param({3}, 3);
  expect_error<ValueError>(
      [&] {
        ops::call("sgd_update", {w, g, lr}, ops::SGDUpdateAttrs{{.momentum = 0.9}});
      },
      "'sgd_update' takes 4 inputs (var, grad, lr, momentum: momentum > 0), got 3");
  expect_error<ValueError>([&] { ops::call("sgd_update", {w, g, lr, slot}); }, "takes 3 inputs");
  expect_error<ValueError>(
      [&] {
        ops::call("rmsprop_update", {w, g, lr, slot}, ops::RMSpropUpdateAttrs{{.centered = true}});
      },
      "average_gradient");
  expect_error<ValueError>(
      [&] {
        ops::call("adam_update", {w, g, lr, Tensor::scalar<int64_t>(0), slot, slot},
                  ops::AdamUpdateAttrs{{.amsgrad = true}});
      },
      "amsgrad=true");
  expect_error<TypeError>(
      [&] {
        ops::call("adagrad_update", {w, g, lr, slot.astype(DType::float32)});
      },
      "the accumulator slot (input 3) must have the variable's dtype float64, got float32");
  expect_error<ValueError>(
      [&] {
        ops::call("adagrad_update", {w, g, lr, param({4}, 1)});
      },
      "must have the variable's shape (3,), got (4,)");
  expect_error<ValueError>(
      [&] {
        ops::call("adagrad_update", {w, param({2}, 1), lr, slot});
      },
      "the gradient (input 1)");
  expect_error<ValueError>(
      [&] {
        ops::call("adagrad_update", {w, g, param({1}, 1), slot});
      },
      "the learning rate (input 2) must be a scalar");
  expect_error<TypeError>(
      [&] {
        ops::call("adamax_update", {w, g, lr, Tensor::scalar<int32_t>(0), slot, slot});
      },
      "iterations (input 3) must be a int64 scalar");
  expect_error<ValueError>(
      [&] {
        ops::call("adadelta_update", {w, g, lr, slot, slot},
                  ops::AdadeltaUpdateAttrs{{.rho = 1.5}});
      },
      "rho must be in [0, 1]");
  expect_error<ValueError>(
      [&] {
        ops::call("rmsprop_update", {w, g, lr, slot}, ops::RMSpropUpdateAttrs{{.epsilon = -1.0}});
      },
      "epsilon must be >= 0");
  expect_error<TypeError>(
      [&] {
        ops::call("sgd_update", {Tensor::from_vector<int64_t>({1}), g, lr});
      },
      "sgd_update");
  expect_error<TypeError>(
      [&] {
        ops::call("assign", {w, Tensor::from_vector<float>({1, 2, 3})});
      },
      "the value must have the variable's dtype float64");
  expect_error<ValueError>(
      [&] {
        ops::call("assign", {w, param({2}, 1)});
      },
      "must have the variable's shape (3,) (or be a scalar)");
  expect_error<TypeError>(
      [&] {
        ops::call("assign_add",
                  {Tensor::from_vector<uint8_t>({1}), Tensor::from_vector<uint8_t>({1})});
      },
      "assign_add");
  expect_error<ValueError>([&] { ops::sgd_update(w, g, lr, {}, {.momentum = 0.9}); },
                           "the momentum slot is required when momentum > 0");
  expect_error<ValueError>(
      [&] {
        ops::adam_update(w, g, lr, Tensor::scalar<int64_t>(0), slot, slot, {}, {.amsgrad = true});
      },
      "the vhat slot is required when amsgrad");
}

TEST(OptimizerOps, GraphProgramRunsUpdates) {
  Variable w(Tensor::from_vector<float>({1, 2}), "w");
  Variable m(Tensor::zeros({2}, DType::float32), "m");
  Variable iterations(Tensor::scalar<int64_t>(0), "iterations");
  Tensor g = graph::placeholder({DType::float32, Shape{2}}, "g");
  Tensor step = ops::sgd_update(w, g, Tensor::scalar(0.1f), m, {.momentum = 0.9});
  // All-concrete inputs would run at once: as_symbolic records the update instead.
  Tensor count = ops::assign_add(graph::as_symbolic(iterations), 1);
  ASSERT_TRUE(step.is_symbolic());
  ASSERT_TRUE(count.is_symbolic());
  graph::Program program({g}, {}, {step, count});
  Tensor ones = Tensor::from_vector<float>({1, 1});
  program.run({ones});
  EXPECT_EQ(m.value().to_vector<float>(), (std::vector<float>{-0.1f, -0.1f}));
  program.run({ones});
  // m = 0.9·(-0.1) - 0.1 = -0.19; w = 1 - 0.1 - 0.19.
  std::vector<float> got = w.value().to_vector<float>();
  EXPECT_NEAR(got[0], 0.71f, 1e-6);
  EXPECT_NEAR(got[1], 1.71f, 1e-6);
  EXPECT_EQ(iterations.value().item<int64_t>(), 2);
  // Eager calls return no handle.
  EXPECT_FALSE(ops::assign_add(iterations, 1).defined());
}

}  // namespace
}  // namespace keras
