// keras::losses::Loss and reduce_weighted_values (keras/src/losses/loss.py): reductions, masks
// from y_pred.keras_mask() and from call()'s result, sample weights of several ranks,
// squeeze_or_expand_to_same_rank, dtypes, symbolic inputs with an unknown batch, and Keras's
// reduction message. References are float64 sums written here from Keras's rules, and the
// values Keras's own loss_test.py asserts.
#include "keras/losses/loss.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "keras/backend/backend.h"
#include "keras/core/json.h"
#include "keras/graph/node.h"
#include "keras/graph/program.h"
#include "keras/ops/math.h"
#include "tests/ops/harness.h"

namespace keras {
namespace {

using losses::Loss;
using losses::reduce_weighted_values;
using losses::squeeze_or_expand_to_same_rank;

Tensor vec(std::vector<double> v, std::optional<Shape> shape = {}) {
  return Tensor::from_vector(v, shape);
}
Tensor bools(std::vector<bool> v, std::optional<Shape> shape = {}) {
  return Tensor::from_vector(v, shape);
}

// Keras's loss_test.py ExampleLoss: (y_true - y_pred)² with no reduction of its own.
class SquareLoss : public Loss {
 public:
  explicit SquareLoss(const std::string& reduction = "sum_over_batch_size",
                      std::optional<DType> dtype = std::nullopt)
      : Loss("SquareLoss", "square_loss", {.reduction = reduction, .dtype = dtype}) {}
  Tensor call(const Tensor& y_true, const Tensor& y_pred) const override {
    return ops::square(ops::subtract(y_true, y_pred));
  }
};

// A loss whose per-sample values carry a mask of their own (as ignore_class does).
class MaskingLoss : public Loss {
 public:
  MaskingLoss() : Loss("MaskingLoss", "masking_loss", {}) {}
  Tensor call(const Tensor& y_true, const Tensor& y_pred) const override {
    Tensor values = ops::square(ops::subtract(y_true, y_pred));
    return values.with_keras_mask(ops::greater_equal(y_true, 0.0));
  }
};

const std::vector<double> kTrue = {1.0, 0.0, 1.0, 0.0};
const std::vector<double> kPred = {0.1, 0.2, 0.3, 0.4};

double squares(const std::vector<double>& w, const std::vector<bool>& m) {
  double s = 0;
  for (size_t i = 0; i < kTrue.size(); ++i)
    if (m[i]) s += w[i] * (kTrue[i] - kPred[i]) * (kTrue[i] - kPred[i]);
  return s;
}

TEST(Loss, Reductions) {
  Tensor t = vec(kTrue), p = vec(kPred);
  std::vector<double> ones(4, 1.0);
  std::vector<bool> all(4, true);
  double total = squares(ones, all);
  Tensor none = SquareLoss("none")(t, p);
  EXPECT_EQ(none.shape(), Shape({4}));
  EXPECT_EQ(none.dtype(), DType::float32);
  EXPECT_NEAR(SquareLoss("sum")(t, p).item<double>(), total, 1e-6);
  EXPECT_NEAR(SquareLoss("sum_over_batch_size")(t, p).item<double>(), total / 4, 1e-6);
  EXPECT_NEAR(SquareLoss("mean")(t, p).item<double>(), total / 4, 1e-6);
  EXPECT_NEAR(SquareLoss("mean_with_sample_weight")(t, p).item<double>(), total / 4, 1e-6);
  EXPECT_EQ(SquareLoss("sum")(t, p).shape(), Shape{});

  std::vector<double> w = {0.4, 0.3, 0.2, 0.1};
  Tensor sw = vec(w);
  EXPECT_NEAR(SquareLoss()(t, p, sw).item<double>(), squares(w, all) / 4, 1e-6);
  EXPECT_NEAR(SquareLoss("mean_with_sample_weight")(t, p, sw).item<double>(), squares(w, all) / 1.0,
              1e-6);
  // Every weight 0: no NaN.
  Tensor zeros = vec({0, 0, 0, 0});
  EXPECT_EQ(SquareLoss()(t, p, zeros).item<double>(), 0.0);
  EXPECT_EQ(SquareLoss("mean_with_sample_weight")(t, p, zeros).item<double>(), 0.0);
}

TEST(Loss, MasksFromPredictions) {
  std::vector<bool> m = {true, false, true, true};
  Tensor t = vec(kTrue), p = vec(kPred).with_keras_mask(bools(m));
  std::vector<double> ones(4, 1.0), w = {0.4, 0.3, 0.2, 0.1};
  // sum_over_batch_size and mean: the mean over the valid entries.
  EXPECT_NEAR(SquareLoss()(t, p).item<double>(), squares(ones, m) / 3, 1e-6);
  EXPECT_NEAR(SquareLoss("mean")(t, p, vec(w)).item<double>(), squares(w, m) / 3, 1e-6);
  // sum and none: the mask multiplies.
  EXPECT_NEAR(SquareLoss("sum")(t, p, vec(w)).item<double>(), squares(w, m), 1e-6);
  std::vector<float> none = SquareLoss("none")(t, p).to_vector<float>();
  EXPECT_EQ(none[1], 0.0f);
  EXPECT_NEAR(none[2], 0.49, 1e-6);
  // mean_with_sample_weight: divided by the sum of the masked weights.
  EXPECT_NEAR(SquareLoss("mean_with_sample_weight")(t, p, vec(w)).item<double>(),
              squares(w, m) / (0.4 + 0.2 + 0.1), 1e-6);
  // Everything masked: 0, not NaN.
  Tensor dead = vec(kPred).with_keras_mask(bools({false, false, false, false}));
  EXPECT_EQ(SquareLoss()(t, dead).item<double>(), 0.0);
  // A numeric mask works as a bool one.
  Tensor numeric = vec(kPred).with_keras_mask(vec({1, 0, 1, 1}));
  EXPECT_NEAR(SquareLoss()(t, numeric).item<double>(), squares(ones, m) / 3, 1e-6);
}

TEST(Loss, MaskOfTheValuesIsCombinedWithTheInputMask) {
  // The values' own mask drops label -1; y_pred's mask drops entry 0.
  Tensor t = vec({1.0, -1.0, 2.0, 0.5}), p = vec({0.5, 0.0, 1.0, 1.5});
  EXPECT_NEAR(MaskingLoss()(t, p).item<double>(), (0.25 + 1.0 + 1.0) / 3, 1e-6);
  Tensor masked = p.with_keras_mask(bools({false, true, true, true}));
  EXPECT_NEAR(MaskingLoss()(t, masked).item<double>(), (1.0 + 1.0) / 2, 1e-6);
}

// Keras's loss_test.py test_rank_adjustment: a mask, weights or labels with an extra last axis
// of size 1 give the same loss.
TEST(Loss, RankAdjustment) {
  std::vector<bool> m = {true, false, true, true};
  std::vector<double> w = {0.4, 0.3, 0.2, 0.1};
  double want = squares(w, m) / 3;
  Shape column{4, 1};
  auto run = [&](Tensor t, Tensor p, Tensor sw, Tensor mask) {
    return SquareLoss()(t, p.with_keras_mask(mask), sw).item<double>();
  };
  EXPECT_NEAR(run(vec(kTrue), vec(kPred), vec(w), bools(m)), want, 1e-6);
  EXPECT_NEAR(run(vec(kTrue), vec(kPred), vec(w), bools(m, column)), want, 1e-6);
  EXPECT_NEAR(run(vec(kTrue), vec(kPred), vec(w, column), bools(m)), want, 1e-6);
  EXPECT_NEAR(run(vec(kTrue, column), vec(kPred, column), vec(w), bools(m)), want, 1e-6);
  // Duplicated rows (rank 2 values, mask and weights) give the same mean.
  auto twice = [](const std::vector<double>& v) {
    std::vector<double> out = v;
    out.insert(out.end(), v.begin(), v.end());
    return out;
  };
  Shape rows{2, 4};
  std::vector<bool> mm = {true, false, true, true, true, false, true, true};
  EXPECT_NEAR(
      run(vec(twice(kTrue), rows), vec(twice(kPred), rows), vec(twice(w), rows), bools(mm, rows)),
      want, 1e-6);
}

TEST(Loss, DtypesFollowTheLoss) {
  // Integer labels, float64 weights and float32 predictions compute in the loss's dtype.
  Tensor t = Tensor::from_vector(std::vector<int32_t>{1, 0, 1, 0});
  Tensor p = Tensor::from_vector(std::vector<float>{0.1f, 0.2f, 0.3f, 0.4f});
  Tensor sw = vec({0.4, 0.3, 0.2, 0.1});
  Tensor value = SquareLoss()(t, p, sw);
  EXPECT_EQ(value.dtype(), DType::float32);
  EXPECT_NEAR(value.item<double>(), squares({0.4, 0.3, 0.2, 0.1}, {true, true, true, true}) / 4,
              1e-6);
  Tensor wide = SquareLoss("sum", DType::float64)(t, p);
  EXPECT_EQ(wide.dtype(), DType::float64);
  EXPECT_EQ(SquareLoss("none", DType::float64)(vec(kTrue), vec(kPred)).dtype(), DType::float64);
  EXPECT_EQ(SquareLoss().dtype(), DType::float32);
  EXPECT_EQ(SquareLoss().name(), "square_loss");
  EXPECT_EQ(SquareLoss().get_config().dump(),
            R"({"name":"square_loss","reduction":"sum_over_batch_size"})");
}

TEST(Loss, SqueezeOrExpandToSameRank) {
  auto shapes = [](Shape a, Shape b, bool expand = true) {
    auto [x, y] = squeeze_or_expand_to_same_rank(Tensor::ones(a, DType::float32),
                                                 Tensor::ones(b, DType::float32), expand);
    return std::pair{x.shape(), y.shape()};
  };
  // Keras's loss_test.py test_squeeze_or_expand.
  EXPECT_EQ(shapes({3}, {3, 1}), (std::pair{Shape{3, 1}, Shape{3, 1}}));
  EXPECT_EQ(shapes({3, 2}, {3, 2, 1}), (std::pair{Shape{3, 2}, Shape{3, 2}}));
  EXPECT_EQ(shapes({3, 1}, {3}), (std::pair{Shape{3, 1}, Shape{3, 1}}));
  EXPECT_EQ(shapes({3, 2, 1}, {3, 2}), (std::pair{Shape{3, 2}, Shape{3, 2}}));
  // Without expand_rank_1 the longer one is squeezed; other rank gaps are left alone.
  EXPECT_EQ(shapes({3}, {3, 1}, false), (std::pair{Shape{3}, Shape{3}}));
  EXPECT_EQ(shapes({3, 2}, {3, 2}), (std::pair{Shape{3, 2}, Shape{3, 2}}));
  EXPECT_EQ(shapes({3, 2}, {3}), (std::pair{Shape{3, 2}, Shape{3}}));
  EXPECT_EQ(shapes({3}, {3, 2, 1}), (std::pair{Shape{3}, Shape{3, 2, 1}}));
  // An unknown last dimension is not known to be 1.
  Tensor a = graph::placeholder({DType::float32, Shape{Shape::kUnknown}});
  Tensor b = graph::placeholder({DType::float32, Shape{4, Shape::kUnknown}});
  auto [x, y] = squeeze_or_expand_to_same_rank(a, b);
  EXPECT_EQ(x.shape(), Shape({Shape::kUnknown}));
  EXPECT_EQ(y.shape(), Shape({4, Shape::kUnknown}));
}

TEST(Loss, ReduceWeightedValuesDirectly) {
  Tensor values = vec({1, 2, 3, 4, 5, 6}, Shape{2, 3});
  // Weights (2, 1) broadcast over the time axis; mean_with_sample_weight divides by their sum,
  // not by the broadcast sum (Keras's rule).
  Tensor w = vec({0.5, 2.0}, Shape{2, 1});
  EXPECT_NEAR(reduce_weighted_values(values, w, {}, "mean_with_sample_weight", DType::float64)
                  .item<double>(),
              (0.5 * 6 + 2.0 * 15) / 2.5, 1e-12);
  EXPECT_NEAR(
      reduce_weighted_values(values, w, {}, "sum_over_batch_size", DType::float64).item<double>(),
      (0.5 * 6 + 2.0 * 15) / 6, 1e-12);
  // A scalar weight.
  Tensor s = Tensor::scalar(2.0);
  EXPECT_NEAR(reduce_weighted_values(values, s, {}, "sum", DType::float64).item<double>(), 42.0,
              1e-12);
  EXPECT_NEAR(reduce_weighted_values(values, s, {}, "mean_with_sample_weight", DType::float64)
                  .item<double>(),
              21.0, 1e-12);
  // A scalar value and an empty vector come back as they are.
  EXPECT_EQ(reduce_weighted_values(Tensor::scalar(3.0), {}, {}, "sum", DType::float64).shape(),
            Shape{});
  EXPECT_EQ(reduce_weighted_values(Tensor::zeros(Shape{0}, DType::float64), {}, {},
                                   "sum_over_batch_size", DType::float64)
                .shape(),
            Shape({0}));
  // The dtype argument converts.
  EXPECT_EQ(reduce_weighted_values(values, {}, {}, "sum", DType::float32).dtype(), DType::float32);
  // Weights that broadcast with neither the values nor Keras's rank rule.
  testing::expect_error<ValueError>(
      [&] {
        reduce_weighted_values(values, vec({1, 2}), {}, "sum", DType::float64);
      },
      "(2, 3)");
}

TEST(Loss, SymbolicWithUnknownBatch) {
  // The element count and the mask's valid count are computed when the program runs.
  Tensor pt = graph::placeholder({DType::float32, Shape{Shape::kUnknown, 3}}, "t");
  Tensor pp = graph::placeholder({DType::float32, Shape{Shape::kUnknown, 3}}, "p");
  Tensor pw = graph::placeholder({DType::float32, Shape{Shape::kUnknown, 1}}, "w");
  Tensor pm = graph::placeholder({DType::bool_, Shape{Shape::kUnknown, 3}}, "m");
  std::vector<Tensor> outs;
  for (const char* r : {"sum_over_batch_size", "sum", "mean_with_sample_weight"})
    outs.push_back(SquareLoss(r)(pt, pp.with_keras_mask(pm), pw));
  graph::Program program({pt, pp, pw, pm}, outs);
  for (int64_t batch : {2, 5}) {
    Tensor t = testing::uniform(Shape{batch, 3}, -1, 1, 3).astype(DType::float32);
    Tensor p = testing::uniform(Shape{batch, 3}, -1, 1, 4).astype(DType::float32);
    Tensor w = testing::uniform(Shape{batch, 1}, 0.5, 2, 5).astype(DType::float32);
    Tensor m = ops::greater(testing::uniform(Shape{batch, 3}, -1, 1, 6), -0.4);
    std::vector<Tensor> got = program.run({t, p, w, m});
    for (size_t i = 0; i < got.size(); ++i) {
      std::string r = i == 0 ? "sum_over_batch_size" : i == 1 ? "sum" : "mean_with_sample_weight";
      double eager = SquareLoss(r)(t, p.with_keras_mask(m), w).item<double>();
      EXPECT_NEAR(got[i].to(backend::host()).item<double>(), eager, 1e-5 * (1 + std::fabs(eager)))
          << r << " batch " << batch;
    }
  }
}

TEST(Loss, ReductionValidation) {
  testing::expect_error<ValueError>(
      [] { SquareLoss("abc"); },
      {"Invalid value for argument `reduction`. Expected one of {'sum_over_batch_size', 'sum', "
       "None, 'none', 'mean', 'mean_with_sample_weight'}. Received: reduction=abc"});
  testing::expect_error<ValueError>(
      [] { reduce_weighted_values(vec({1}), {}, {}, "auto", DType::float32); }, "reduction=auto");
  EXPECT_EQ(losses::standardize_reduction("none"), "none");
  testing::expect_error<ValueError>([] { SquareLoss()(Tensor(), vec({1})); }, "y_true");
}

}  // namespace
}  // namespace keras
