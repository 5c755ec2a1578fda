// Gradients of every loss with respect to y_pred, in float64: graph::gradients of the loss built
// on a placeholder, run as a graph::Program, against central finite differences of the eager
// loss (the check testing::check_gradient makes for single ops). Inputs stay away from the kinks
// (clips, max, |x| = delta) so that the finite differences see one smooth branch. Covers
// from_logits, label smoothing, axes, ignore_class, sample weights, masks and the reductions.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "keras/backend/backend.h"
#include "keras/graph/gradients.h"
#include "keras/graph/node.h"
#include "keras/graph/program.h"
#include "keras/losses/losses.h"
#include "keras/ops/math.h"
#include "keras/ops/nn.h"
#include "keras/ops/reduction.h"
#include "tests/ops/harness.h"

namespace keras {
namespace {

using namespace keras::losses;

using LossOf = std::function<Tensor(const Tensor& y_pred)>;

double total(const Tensor& x) {
  double s = 0;
  for (double v : x.to(backend::host()).to_vector<double>()) s += v;
  return s;
}

void check_loss_gradient(const std::string& name, const LossOf& loss, const Tensor& y_pred,
                         double rtol = 1e-6, double atol = 1e-8) {
  SCOPED_TRACE(name);
  ASSERT_EQ(y_pred.dtype(), DType::float64);
  Tensor p = graph::placeholder(y_pred.meta(), "y_pred");
  Tensor value = loss(p);
  graph::Program program({p}, graph::gradients(value, {p}));
  std::vector<double> analytic = program.run({y_pred})[0].to(backend::host()).to_vector<double>();
  std::vector<double> x = y_pred.to_vector<double>();
  ASSERT_EQ(analytic.size(), x.size());
  const double eps = 1e-6;
  int reported = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    std::vector<double> up = x, down = x;
    up[i] += eps;
    down[i] -= eps;
    double numeric = (total(loss(Tensor::from_vector(up, y_pred.shape()))) -
                      total(loss(Tensor::from_vector(down, y_pred.shape())))) /
                     (2 * eps);
    if (std::fabs(analytic[i] - numeric) > atol + rtol * std::fabs(numeric) && reported++ < 5)
      ADD_FAILURE() << name << ": d/dy_pred[" << i << "] is " << analytic[i]
                    << ", finite differences give " << numeric;
  }
}

constexpr DType f64 = DType::float64;

Tensor uniform(Shape shape, double lo, double hi, uint64_t seed) {
  return testing::uniform(std::move(shape), lo, hi, seed);
}
Tensor one_hot(const std::vector<int64_t>& labels, int64_t classes, Shape shape) {
  std::vector<double> v;
  for (int64_t l : labels)
    for (int64_t c = 0; c < classes; ++c) v.push_back(c == l ? 1.0 : 0.0);
  return Tensor::from_vector(v, shape);
}

TEST(LossGradients, Regression) {
  Tensor t = uniform({4, 3}, -2, 2, 1), p = uniform({4, 3}, -2, 2, 2);
  check_loss_gradient(
      "mse", [&](const Tensor& y) { return MeanSquaredError({.dtype = f64})(t, y); }, p);
  check_loss_gradient(
      "mae", [&](const Tensor& y) { return MeanAbsoluteError({.dtype = f64})(t, y); }, p);
  check_loss_gradient(
      "mape", [&](const Tensor& y) { return MeanAbsolutePercentageError({.dtype = f64})(t, y); },
      p);
  Tensor pos = uniform({4, 3}, 0.1, 3, 3), q = uniform({4, 3}, 0.1, 3, 4);
  check_loss_gradient(
      "msle", [&](const Tensor& y) { return MeanSquaredLogarithmicError({.dtype = f64})(pos, y); },
      q);
  check_loss_gradient(
      "cosine", [&](const Tensor& y) { return CosineSimilarity({.dtype = f64})(t, y); }, p);
  Tensor t3 = uniform({2, 3, 2}, -1, 1, 5), p3 = uniform({2, 3, 2}, -1, 1, 6);
  check_loss_gradient(
      "cosine axis 1",
      [&](const Tensor& y) { return CosineSimilarity({.axis = 1, .dtype = f64})(t3, y); }, p3);
  check_loss_gradient(
      "huber", [&](const Tensor& y) { return Huber({.delta = 0.7, .dtype = f64})(t, y); }, p);
  check_loss_gradient(
      "log_cosh", [&](const Tensor& y) { return LogCosh({.dtype = f64})(t, y); }, p);
  // Labels (4,) against predictions (4, 1).
  Tensor t1 = uniform({4}, -1, 1, 7), p1 = uniform({4, 1}, -1, 1, 8);
  check_loss_gradient(
      "mse rank-1 labels", [&](const Tensor& y) { return MeanSquaredError({.dtype = f64})(t1, y); },
      p1);
}

TEST(LossGradients, Hinge) {
  Tensor b = ops::cast(ops::greater(uniform({4, 3}, -1, 1, 9), 0.0), f64);
  Tensor p = uniform({4, 3}, -2, 2, 10);
  check_loss_gradient(
      "hinge", [&](const Tensor& y) { return Hinge({.dtype = f64})(b, y); }, p);
  check_loss_gradient(
      "squared_hinge", [&](const Tensor& y) { return SquaredHinge({.dtype = f64})(b, y); }, p);
  Tensor c = one_hot({0, 2, 1, 2}, 3, Shape{4, 3});
  check_loss_gradient(
      "categorical_hinge", [&](const Tensor& y) { return CategoricalHinge({.dtype = f64})(c, y); },
      p);
}

TEST(LossGradients, Probabilistic) {
  Tensor d = ops::softmax(uniform({4, 3}, -1, 1, 11));
  Tensor q = uniform({4, 3}, 0.05, 0.95, 12);
  check_loss_gradient(
      "kld", [&](const Tensor& y) { return KLDivergence({.dtype = f64})(d, y); }, q);
  Tensor counts = uniform({4, 3}, 0, 4, 13);
  check_loss_gradient(
      "poisson", [&](const Tensor& y) { return Poisson({.dtype = f64})(counts, y); }, q);

  Tensor b = ops::cast(ops::greater(uniform({4, 3}, -1, 1, 14), 0.0), f64);
  Tensor x = uniform({4, 3}, -3, 3, 15);
  for (double s : {0.0, 0.2}) {
    check_loss_gradient(
        str("bce probs ls", s),
        [&](const Tensor& y) {
          return BinaryCrossentropy({.label_smoothing = s, .dtype = f64})(b, y);
        },
        q);
    check_loss_gradient(
        str("bce logits ls", s),
        [&](const Tensor& y) {
          return BinaryCrossentropy({.from_logits = true, .label_smoothing = s, .dtype = f64})(b,
                                                                                               y);
        },
        x);
  }
  check_loss_gradient(
      "bce logits axis 0",
      [&](const Tensor& y) {
        return BinaryCrossentropy({.from_logits = true, .axis = 0, .dtype = f64})(b, y);
      },
      x);

  Tensor c = one_hot({0, 2, 1, 2}, 3, Shape{4, 3});
  for (double s : {0.0, 0.1}) {
    check_loss_gradient(
        str("cce probs ls", s),
        [&](const Tensor& y) {
          return CategoricalCrossentropy({.label_smoothing = s, .dtype = f64})(c, y);
        },
        q);
    check_loss_gradient(
        str("cce logits ls", s),
        [&](const Tensor& y) {
          return CategoricalCrossentropy({.from_logits = true, .label_smoothing = s, .dtype = f64})(
              c, y);
        },
        x);
  }
  Tensor c3 = ops::softmax(uniform({2, 3, 2}, -1, 1, 16), 1);
  Tensor x3 = uniform({2, 3, 2}, -2, 2, 17);
  check_loss_gradient(
      "cce logits axis 1",
      [&](const Tensor& y) {
        return CategoricalCrossentropy(
            {.from_logits = true, .label_smoothing = 0.1, .axis = 1, .dtype = f64})(c3, y);
      },
      x3);

  Tensor labels = Tensor::from_vector(std::vector<int64_t>{0, 2, 1, 2});
  check_loss_gradient(
      "scce probs",
      [&](const Tensor& y) { return SparseCategoricalCrossentropy({.dtype = f64})(labels, y); }, q);
  check_loss_gradient(
      "scce logits",
      [&](const Tensor& y) {
        return SparseCategoricalCrossentropy({.from_logits = true, .dtype = f64})(labels, y);
      },
      x);
  Tensor ignored = Tensor::from_vector(std::vector<int64_t>{0, -1, 1, 2});
  check_loss_gradient(
      "scce ignore_class logits",
      [&](const Tensor& y) {
        return SparseCategoricalCrossentropy(
            {.from_logits = true, .ignore_class = -1, .dtype = f64})(ignored, y);
      },
      x);
  check_loss_gradient(
      "scce ignore_class probs",
      [&](const Tensor& y) {
        return SparseCategoricalCrossentropy({.ignore_class = -1, .dtype = f64})(ignored, y);
      },
      q);
  Tensor column = Tensor::from_vector(std::vector<int64_t>{2, 0, 1}, Shape{1, 3});
  check_loss_gradient(
      "scce axis 0",
      [&](const Tensor& y) {
        return SparseCategoricalCrossentropy({.from_logits = true, .axis = 0, .dtype = f64})(column,
                                                                                             y);
      },
      uniform({4, 3}, -2, 2, 18));

  check_loss_gradient(
      "binary focal",
      [&](const Tensor& y) {
        return BinaryFocalCrossentropy({.apply_class_balancing = true, .gamma = 2.5, .dtype = f64})(
            b, y);
      },
      q);
  check_loss_gradient(
      "binary focal logits ls",
      [&](const Tensor& y) {
        return BinaryFocalCrossentropy({.from_logits = true, .label_smoothing = 0.1, .dtype = f64})(
            b, y);
      },
      x);
  check_loss_gradient(
      "categorical focal",
      [&](const Tensor& y) { return CategoricalFocalCrossentropy({.dtype = f64})(c, y); }, q);
  check_loss_gradient(
      "categorical focal logits alpha list",
      [&](const Tensor& y) {
        return CategoricalFocalCrossentropy({.alpha = std::vector<double>{0.2, 0.5, 0.3},
                                             .gamma = 1.5,
                                             .from_logits = true,
                                             .label_smoothing = 0.05,
                                             .dtype = f64})(c, y);
      },
      x);
}

TEST(LossGradients, WeightsMasksAndReductions) {
  Tensor t = uniform({4, 3, 2}, -1, 1, 20), p = uniform({4, 3, 2}, -1, 1, 21);
  Tensor w = uniform({4, 1}, 0.2, 2, 22);
  Tensor mask = Tensor::from_vector(
      std::vector<bool>{true, true, false, true, false, false, true, true, true, false, true, true},
      Shape{4, 3});
  for (const char* reduction :
       {"sum_over_batch_size", "sum", "mean", "mean_with_sample_weight", "none"}) {
    check_loss_gradient(
        str("mse weights ", reduction),
        [&](const Tensor& y) {
          return MeanSquaredError({.reduction = reduction, .dtype = f64})(t, y, w);
        },
        p);
    check_loss_gradient(
        str("mse weights and mask ", reduction),
        [&](const Tensor& y) {
          return MeanSquaredError({.reduction = reduction, .dtype = f64})(
              t, y.with_keras_mask(mask), w);
        },
        p);
  }
}

}  // namespace
}  // namespace keras
