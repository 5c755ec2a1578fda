// Conformance, bad-input and gradient tests for softmax, log_softmax and the crossentropies.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "keras/config/config.h"
#include "keras/ops/nn.h"
#include "keras/ops/op_def.h"
#include "tests/ops/harness.h"

namespace keras {
namespace {

KERAS_CONFORMANCE_COVERS("softmax", "log_softmax", "softmax_grad", "log_softmax_grad",
                         "categorical_crossentropy", "categorical_crossentropy_grad",
                         "sparse_categorical_crossentropy", "sparse_categorical_crossentropy_grad",
                         "binary_crossentropy", "binary_crossentropy_grad");
KERAS_GRADIENT_CHECKED("softmax", "log_softmax", "categorical_crossentropy",
                       "sparse_categorical_crossentropy", "binary_crossentropy");

constexpr double kEps = 1e-7;

// outer x n x inner view of a shape around `axis`.
struct Lanes {
  int64_t outer = 1, n = 1, inner = 1;
  Lanes(const Shape& s, int axis) {
    for (int i = 0; i < s.rank(); ++i) (i < axis ? outer : i == axis ? n : inner) *= s[i];
  }
  size_t at(int64_t o, int64_t a, int64_t j) const {
    return static_cast<size_t>((o * n + a) * inner + j);
  }
};

Shape drop_axis(const Shape& s, int axis) {
  std::vector<int64_t> d;
  for (int i = 0; i < s.rank(); ++i)
    if (i != axis) d.push_back(s[i]);
  return Shape(d);
}

Tensor ref_softmax(const Tensor& x, int axis, bool log) {
  Lanes l(x.shape(), axis);
  std::vector<double> v = x.to_vector<double>(), y(v.size());
  for (int64_t o = 0; o < l.outer; ++o)
    for (int64_t j = 0; j < l.inner; ++j) {
      double m = -INFINITY, s = 0;
      for (int64_t a = 0; a < l.n; ++a) m = std::max(m, v[l.at(o, a, j)]);
      for (int64_t a = 0; a < l.n; ++a) s += std::exp(v[l.at(o, a, j)] - m);
      for (int64_t a = 0; a < l.n; ++a) {
        double z = v[l.at(o, a, j)] - m;
        y[l.at(o, a, j)] = log ? z - std::log(s) : std::exp(z) / s;
      }
    }
  return Tensor::from_vector(y, x.shape());
}

// Keras 3: categorical from probabilities normalizes by the sum, clips to [eps, 1-eps].
Tensor ref_categorical(const Tensor& t, const Tensor& o, int axis, bool logits) {
  Lanes l(o.shape(), axis);
  std::vector<double> tv = t.to_vector<double>(), ov = o.to_vector<double>();
  std::vector<double> loss(static_cast<size_t>(l.outer * l.inner));
  Tensor lsm = ref_softmax(o, axis, true);
  std::vector<double> lv = lsm.to_vector<double>();
  for (int64_t oo = 0; oo < l.outer; ++oo)
    for (int64_t j = 0; j < l.inner; ++j) {
      double sum = 0, acc = 0;
      for (int64_t a = 0; a < l.n; ++a) sum += ov[l.at(oo, a, j)];
      for (int64_t a = 0; a < l.n; ++a) {
        size_t i = l.at(oo, a, j);
        double logp = logits ? lv[i] : std::log(std::clamp(ov[i] / sum, kEps, 1 - kEps));
        acc += tv[i] * logp;
      }
      loss[static_cast<size_t>(oo * l.inner + j)] = -acc;
    }
  return Tensor::from_vector(loss, drop_axis(o.shape(), axis));
}

Tensor ref_sparse(const Tensor& labels, const Tensor& o, bool logits) {
  int axis = o.rank() - 1;
  std::vector<double> onehot(static_cast<size_t>(o.size()), 0.0);
  std::vector<int64_t> lv = labels.to_vector<int64_t>();
  int64_t n = o.shape().dim(-1);
  for (size_t r = 0; r < lv.size(); ++r) onehot[r * static_cast<size_t>(n) + lv[r]] = 1;
  return ref_categorical(Tensor::from_vector(onehot, o.shape()), o, axis, logits);
}

// `hi` is the upper clip bound: 1 - eps, or that value rounded to float32 as Keras's float32
// tensors hold it.
Tensor ref_binary(const Tensor& t, const Tensor& o, bool logits, double hi = 1 - kEps) {
  std::vector<double> tv = t.to_vector<double>(), ov = o.to_vector<double>(), loss(tv.size());
  for (size_t i = 0; i < tv.size(); ++i) {
    if (logits) {
      double sig = 1 / (1 + std::exp(-ov[i]));
      loss[i] = -(tv[i] * std::log(sig) + (1 - tv[i]) * std::log(1 - sig));
    } else {
      double p = std::clamp(ov[i], kEps, hi);
      loss[i] = -(tv[i] * std::log(p) + (1 - tv[i]) * std::log(1 - p));
    }
  }
  return Tensor::from_vector(loss, o.shape());
}

// Probabilities per lane with a few entries far below epsilon (the clip region).
Tensor probabilities(Shape shape, int axis, uint64_t seed, bool tiny) {
  Tensor u = testing::uniform(shape, 0.05, 1.0, seed);
  std::vector<double> v = u.to_vector<double>();
  Lanes l(shape, axis);
  for (int64_t o = 0; o < l.outer; ++o)
    for (int64_t j = 0; j < l.inner; ++j) {
      double s = 0;
      for (int64_t a = 0; a < l.n; ++a) s += v[l.at(o, a, j)];
      for (int64_t a = 0; a < l.n; ++a) v[l.at(o, a, j)] /= s;
      if (tiny) v[l.at(o, (o + j) % l.n, j)] = 1e-9;  // below epsilon: clipped
    }
  return Tensor::from_vector(v, shape);
}

Tensor one_hot_targets(Shape shape, int axis, uint64_t seed, bool soft) {
  Lanes l(shape, axis);
  std::vector<double> v(static_cast<size_t>(shape.num_elements()), 0.0);
  Tensor r = testing::uniform(shape, 0, 1, seed);
  std::vector<double> rv = r.to_vector<double>();
  for (int64_t o = 0; o < l.outer; ++o)
    for (int64_t j = 0; j < l.inner; ++j) {
      if (soft) {
        for (int64_t a = 0; a < l.n; ++a) v[l.at(o, a, j)] = rv[l.at(o, a, j)];
      } else {
        v[l.at(o, (o * 7 + j * 3) % l.n, j)] = 1;
      }
    }
  return Tensor::from_vector(v, shape);
}

// --- softmax -------------------------------------------------------------------------------------

TEST(NnOps, SoftmaxAndLogSoftmaxAlongAxes) {
  for (bool log : {false, true})
    for (auto [shape, axis] : std::vector<std::pair<Shape, int>>{
             {{4, 10}, 1}, {{4, 10}, 0}, {{2, 3, 5}, 1}, {{2, 3, 5}, 0}, {{7}, 0}, {{3, 300}, 1}}) {
      SCOPED_TRACE(str(log ? "log_softmax " : "softmax ", shape, " axis ", axis));
      testing::OpCase c;
      c.op = log ? "log_softmax" : "softmax";
      c.inputs = {testing::uniform(shape, -5, 5, 3)};
      c.attrs = ops::SoftmaxAttrs{.axis = axis};
      c.reference = [axis, log](const std::vector<Tensor>& in) {
        return std::vector<Tensor>{ref_softmax(in[0], axis, log)};
      };
      testing::check_op(c);
    }
}

TEST(NnOps, SoftmaxLargeLogitsStayFinite) {
  Tensor x = Tensor::from_vector(std::vector<double>{1000, 0, -1000, 999}, Shape{1, 4});
  std::vector<double> y = ops::softmax(x).to_vector<double>();
  EXPECT_NEAR(y[0], 1 / (1 + std::exp(-1.0)), 1e-12);
  EXPECT_NEAR(y[3], 1 / (1 + std::exp(1.0)), 1e-12);
  EXPECT_EQ(y[2], 0.0);
  std::vector<double> ly = ops::log_softmax(x.astype(DType::float32)).to_vector<double>();
  EXPECT_NEAR(ly[2], -2000 - std::log1p(std::exp(-1.0)), 1e-2);
}

TEST(NnOps, SoftmaxGrads) {
  for (bool log : {false, true})
    for (auto [shape, axis] :
         std::vector<std::pair<Shape, int>>{{{4, 10}, 1}, {{2, 3, 5}, 1}, {{3, 4}, 0}}) {
      SCOPED_TRACE(str(log ? "log_softmax_grad " : "softmax_grad ", shape, " axis ", axis));
      testing::OpCase c;
      c.op = log ? "log_softmax_grad" : "softmax_grad";
      Tensor y = ref_softmax(testing::uniform(shape, -2, 2, 4), axis, log);
      c.inputs = {testing::uniform(shape, -1, 1, 5), y};
      c.attrs = ops::SoftmaxAttrs{.axis = axis};
      c.reference = [axis, log](const std::vector<Tensor>& in) {
        Lanes l(in[0].shape(), axis);
        std::vector<double> dy = in[0].to_vector<double>(), yv = in[1].to_vector<double>();
        std::vector<double> dx(dy.size());
        for (int64_t o = 0; o < l.outer; ++o)
          for (int64_t j = 0; j < l.inner; ++j) {
            double s = 0;
            for (int64_t a = 0; a < l.n; ++a)
              s += log ? dy[l.at(o, a, j)] : dy[l.at(o, a, j)] * yv[l.at(o, a, j)];
            for (int64_t a = 0; a < l.n; ++a) {
              size_t i = l.at(o, a, j);
              dx[i] = log ? dy[i] - std::exp(yv[i]) * s : yv[i] * (dy[i] - s);
            }
          }
        return std::vector<Tensor>{Tensor::from_vector(dx, in[0].shape())};
      };
      testing::check_op(c);
    }
}

// --- categorical crossentropy -------------------------------------------------------------------

TEST(NnOps, CategoricalCrossentropy) {
  for (bool logits : {false, true})
    for (auto [shape, axis] :
         std::vector<std::pair<Shape, int>>{{{6, 10}, 1}, {{2, 3, 4}, 1}, {{5}, 0}, {{4, 3}, 0}})
      for (bool soft : {false, true}) {
        SCOPED_TRACE(str("categorical ", shape, " axis ", axis, logits ? " logits" : " probs",
                         soft ? " soft" : ""));
        testing::OpCase c;
        c.op = "categorical_crossentropy";
        Tensor output = logits ? testing::uniform(shape, -4, 4, 6)
                               : probabilities(shape, axis, 6, /*tiny=*/true);
        c.inputs = {one_hot_targets(shape, axis, 7, soft), output};
        c.attrs = ops::CrossentropyAttrs{.from_logits = logits, .epsilon = kEps, .axis = axis};
        c.reference = [axis, logits](const std::vector<Tensor>& in) {
          return std::vector<Tensor>{ref_categorical(in[0], in[1], axis, logits)};
        };
        c.rtol32 = 1e-5;
        testing::check_op(c);
      }
}

// Finite differences of the float64 reference: an independent check of the _grad kernels.
Tensor numeric_grad(const std::function<Tensor(const Tensor&)>& loss, const Tensor& dy,
                    const Tensor& output, double h = 1e-7) {
  std::vector<double> o = output.to_vector<double>(), g(o.size());
  std::vector<double> w = dy.to_vector<double>();
  for (size_t i = 0; i < o.size(); ++i) {
    double keep = o[i], step = h * std::max(1.0, std::fabs(keep));
    o[i] = keep + step;
    std::vector<double> up = loss(Tensor::from_vector(o, output.shape())).to_vector<double>();
    o[i] = keep - step;
    std::vector<double> down = loss(Tensor::from_vector(o, output.shape())).to_vector<double>();
    o[i] = keep;
    double s = 0;
    for (size_t r = 0; r < w.size(); ++r) s += w[r] * (up[r] - down[r]) / (2 * step);
    g[i] = s;
  }
  return Tensor::from_vector(g, output.shape());
}

TEST(NnOps, CategoricalCrossentropyGrad) {
  for (bool logits : {false, true})
    for (auto [shape, axis] : std::vector<std::pair<Shape, int>>{{{6, 10}, 1}, {{2, 3, 4}, 1}}) {
      SCOPED_TRACE(str("categorical grad ", shape, " axis ", axis, logits ? " logits" : " probs"));
      testing::OpCase c;
      c.op = "categorical_crossentropy_grad";
      // Unnormalized probabilities exercise the normalization's Jacobian; one entry per lane is
      // below epsilon (zero gradient through the clip).
      Tensor output =
          logits ? testing::uniform(shape, -4, 4, 6) : probabilities(shape, axis, 6, true);
      if (!logits) {
        std::vector<double> v = output.to_vector<double>();
        for (double& x : v) x *= 1.7;
        output = Tensor::from_vector(v, shape);
      }
      c.inputs = {testing::uniform(drop_axis(shape, axis), 0.5, 2, 8),
                  one_hot_targets(shape, axis, 7, true), output};
      c.attrs = ops::CrossentropyAttrs{.from_logits = logits, .epsilon = kEps, .axis = axis};
      c.reference = [axis, logits](const std::vector<Tensor>& in) {
        Tensor target = in[1];
        return std::vector<Tensor>{
            numeric_grad([&](const Tensor& o) { return ref_categorical(target, o, axis, logits); },
                         in[0], in[2], logits ? 1e-6 : 1e-8)};
      };
      c.rtol64 = 1e-5;
      c.atol64 = 1e-6;
      c.rtol32 = 1e-4;
      c.atol32 = 1e-4;
      testing::check_op(c);
    }
}

// --- sparse categorical crossentropy ------------------------------------------------------------

TEST(NnOps, SparseCategoricalCrossentropy) {
  for (DType label_dtype : {DType::int32, DType::int64})
    for (bool logits : {false, true})
      for (Shape shape : {Shape{6, 10}, Shape{2, 3, 4}, Shape{5}}) {
        SCOPED_TRACE(str("sparse ", shape, " ", label_dtype, logits ? " logits" : " probs"));
        int axis = shape.rank() - 1;
        testing::OpCase c;
        c.op = "sparse_categorical_crossentropy";
        Tensor output =
            logits ? testing::uniform(shape, -4, 4, 6) : probabilities(shape, axis, 6, true);
        Tensor labels = testing::integers(drop_axis(shape, axis), 0, shape.dim(-1), label_dtype, 3);
        if (!logits) {
          // Put some labels on the entries below epsilon (the clip region).
          std::vector<int64_t> lv = labels.to_vector<int64_t>();
          for (size_t r = 0; r < lv.size(); r += 2)
            lv[r] = static_cast<int64_t>(r % static_cast<size_t>(shape.dim(-1)));
          labels = Tensor::from_vector(lv, labels.shape()).astype(label_dtype);
        }
        c.inputs = {labels, output};
        c.attrs = ops::CrossentropyAttrs{.from_logits = logits, .epsilon = kEps, .axis = axis};
        c.reference = [logits](const std::vector<Tensor>& in) {
          return std::vector<Tensor>{ref_sparse(in[0], in[1], logits)};
        };
        testing::check_op(c);

        SCOPED_TRACE("grad");
        testing::OpCase g;
        g.op = "sparse_categorical_crossentropy_grad";
        std::vector<double> ov = output.to_vector<double>();
        for (double& x : ov) x *= logits ? 1.0 : 1.3;
        Tensor out2 = Tensor::from_vector(ov, shape);
        g.inputs = {testing::uniform(drop_axis(shape, axis), 0.5, 2, 8), labels, out2};
        g.attrs = c.attrs;
        g.reference = [logits](const std::vector<Tensor>& in) {
          Tensor lab = in[1];
          return std::vector<Tensor>{
              numeric_grad([&](const Tensor& o) { return ref_sparse(lab, o, logits); }, in[0],
                           in[2], logits ? 1e-6 : 1e-8)};
        };
        g.rtol64 = 1e-5;
        g.atol64 = 1e-6;
        g.rtol32 = 1e-4;
        g.atol32 = 1e-4;
        testing::check_op(g);
      }
}

TEST(NnOps, SparseLabelOutOfRange) {
  Tensor output = testing::uniform({3, 4}, 0.1, 1, 1).astype(DType::float32);
  for (DType d : {DType::int32, DType::int64}) {
    for (int64_t bad : {4, -1}) {
      Tensor labels = Tensor::from_vector(std::vector<int64_t>{0, bad, 2}).astype(d);
      try {
        ops::sparse_categorical_crossentropy(labels, output);
        ADD_FAILURE() << "expected ValueError for label " << bad;
      } catch (const ValueError& e) {
        std::string what = e.what();
        EXPECT_NE(what.find("sparse_categorical_crossentropy"), std::string::npos) << what;
        EXPECT_NE(what.find(std::to_string(bad)), std::string::npos) << what;
      }
      EXPECT_THROW(ops::call("sparse_categorical_crossentropy_grad",
                             {Tensor::ones({3}, DType::float32), labels, output}),
                   ValueError);
    }
  }
}

// --- binary crossentropy ------------------------------------------------------------------------

TEST(NnOps, BinaryCrossentropy) {
  for (bool logits : {false, true}) {
    SCOPED_TRACE(logits ? "logits" : "probs");
    Shape shape{4, 6};
    Tensor output = testing::uniform(shape, logits ? -6 : 0.0, logits ? 6 : 1.0, 6);
    std::vector<double> ov = output.to_vector<double>();
    if (!logits) {  // the clip region on both ends
      ov[0] = 1e-9;
      ov[1] = 1 - 1e-9;
      ov[2] = 0;
      ov[3] = 1;
    }
    output = Tensor::from_vector(ov, shape);
    Tensor target = testing::uniform(shape, 0, 1, 7);
    testing::OpCase c;
    c.op = "binary_crossentropy";
    c.inputs = {target, output};
    c.attrs = ops::CrossentropyAttrs{.from_logits = logits, .epsilon = kEps};
    for (DType dtype : {DType::float32, DType::float64}) {
      // Keras clips float32 tensors to float32(1 - eps) = 1 - 1.19e-7.
      double hi = dtype == DType::float32 ? double(float(1 - kEps)) : 1 - kEps;
      c.dtypes = {dtype};
      c.reference = [logits, hi](const std::vector<Tensor>& in) {
        return std::vector<Tensor>{ref_binary(in[0], in[1], logits, hi)};
      };
      c.rtol32 = 1e-5;
      c.atol32 = 2e-6;
      testing::check_op(c);
    }

    testing::OpCase g;
    g.op = "binary_crossentropy_grad";
    g.inputs = {testing::uniform(shape, 0.5, 2, 8), target, output};
    g.attrs = c.attrs;
    g.reference = [logits](const std::vector<Tensor>& in) {
      std::vector<double> dy = in[0].to_vector<double>(), t = in[1].to_vector<double>(),
                          o = in[2].to_vector<double>(), dx(dy.size());
      for (size_t i = 0; i < dy.size(); ++i) {
        if (logits) {
          dx[i] = dy[i] * (1 / (1 + std::exp(-o[i])) - t[i]);
        } else {
          bool passes = o[i] >= kEps && o[i] <= 1 - kEps;
          dx[i] = passes ? dy[i] * (-t[i] / o[i] + (1 - t[i]) / (1 - o[i])) : 0;
        }
      }
      return std::vector<Tensor>{Tensor::from_vector(dx, in[0].shape())};
    };
    g.rtol32 = 1e-4;
    testing::check_op(g);
  }
}

// --- frontend ------------------------------------------------------------------------------------

TEST(NnOps, FrontendCrossentropies) {
  Tensor logits = testing::uniform({4, 5}, -3, 3, 1);
  Tensor target = one_hot_targets({4, 5}, 1, 2, false);
  Tensor probs = ref_softmax(logits, 1, false);
  std::vector<double> a = ops::categorical_crossentropy(target, logits, true).to_vector<double>();
  std::vector<double> b = ops::categorical_crossentropy(target, probs).to_vector<double>();
  ASSERT_EQ(a.size(), 4u);
  for (size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(a[i], b[i], 1e-9);

  // Integer one-hot targets are converted to the output's dtype.
  EXPECT_EQ(ops::categorical_crossentropy(target.astype(DType::int32), probs).dtype(),
            DType::float64);

  // Sparse: (batch, 1) labels are squeezed; float labels are accepted; class axis may move.
  std::vector<int64_t> lv;
  std::vector<double> tv = target.to_vector<double>();
  for (int r = 0; r < 4; ++r)
    for (int j = 0; j < 5; ++j)
      if (tv[static_cast<size_t>(r * 5 + j)] == 1) lv.push_back(j);
  Tensor labels = Tensor::from_vector(lv, Shape{4, 1});
  std::vector<double> s =
      ops::sparse_categorical_crossentropy(labels, logits, true).to_vector<double>();
  ASSERT_EQ(s.size(), 4u);
  for (size_t i = 0; i < s.size(); ++i) EXPECT_NEAR(s[i], a[i], 1e-9);
  std::vector<double> sf =
      ops::sparse_categorical_crossentropy(labels.astype(DType::float32), probs)
          .to_vector<double>();
  for (size_t i = 0; i < sf.size(); ++i) EXPECT_NEAR(sf[i], a[i], 1e-9);

  // A class axis other than the last is moved there: logits (5, 4) with axis 0.
  std::vector<double> lt = logits.to_vector<double>(), transposed(lt.size());
  for (int r = 0; r < 4; ++r)
    for (int j = 0; j < 5; ++j)
      transposed[static_cast<size_t>(j * 4 + r)] = lt[static_cast<size_t>(r * 5 + j)];
  std::vector<double> st =
      ops::sparse_categorical_crossentropy(Tensor::from_vector(lv),
                                           Tensor::from_vector(transposed, Shape{5, 4}), true, 0)
          .to_vector<double>();
  ASSERT_EQ(st.size(), 4u);
  for (size_t i = 0; i < st.size(); ++i) EXPECT_NEAR(st[i], a[i], 1e-9);

  // Keras's default epsilon comes from the config.
  double keep = config::epsilon();
  config::set_epsilon(0.1);
  Tensor p = Tensor::from_vector(std::vector<double>{0.0, 1.0}, Shape{1, 2});
  Tensor t = Tensor::from_vector(std::vector<double>{1.0, 0.0}, Shape{1, 2});
  EXPECT_NEAR(ops::categorical_crossentropy(t, p).item<double>(), -std::log(0.1), 1e-12);
  config::set_epsilon(keep);

  Tensor bt = Tensor::from_vector(std::vector<double>{0, 1, 1});
  Tensor bo = Tensor::from_vector(std::vector<double>{-1, 2, 0.5});
  std::vector<double> bl = ops::binary_crossentropy(bt, bo, true).to_vector<double>();
  std::vector<double> want = ref_binary(bt, bo, true).to_vector<double>();
  for (size_t i = 0; i < 3; ++i) EXPECT_NEAR(bl[i], want[i], 1e-12);
}

TEST(NnOps, FrontendSoftmaxAxis) {
  Tensor x = testing::uniform({2, 3, 4}, -1, 1, 1);
  std::vector<double> got = ops::softmax(x, 1).to_vector<double>();
  std::vector<double> want = ref_softmax(x, 1, false).to_vector<double>();
  for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], 1e-12);
  got = ops::log_softmax(x, -3).to_vector<double>();
  want = ref_softmax(x, 0, true).to_vector<double>();
  for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], 1e-12);
}

// --- bad inputs ----------------------------------------------------------------------------------

using testing::expect_error;

TEST(NnOps, BadInputs) {
  Tensor o = Tensor::zeros({4, 5}, DType::float32);
  expect_error<ValueError>([&] { ops::softmax(o, 2); }, {"softmax"});
  expect_error<ValueError>([&] { ops::softmax(Tensor::scalar(1.0f)); }, {"softmax"});
  expect_error<ValueError>(
      [&] {
        ops::categorical_crossentropy(Tensor::zeros({4, 6}, DType::float32), o);
      },
      {"categorical_crossentropy", "(4, 6)", "(4, 5)"});
  expect_error<ValueError>(
      [&] { ops::categorical_crossentropy(Tensor::zeros({4}, DType::float32), o); },
      {"categorical_crossentropy", "rank"});
  expect_error<ValueError>(
      [&] { ops::sparse_categorical_crossentropy(Tensor::zeros({3}, DType::int32), o); },
      {"sparse_categorical_crossentropy", "(3,)", "(4, 5)"});
  expect_error<TypeError>(
      [&] {
        ops::call("sparse_categorical_crossentropy", {Tensor::zeros({4}, DType::float32), o});
      },
      {"sparse_categorical_crossentropy", "int32"});
  expect_error<ValueError>(
      [&] {
        ops::binary_crossentropy(Tensor::zeros({4, 6}, DType::float32), o);
      },
      {"binary_crossentropy", "(4, 6)", "(4, 5)"});
  expect_error<TypeError>([&] { ops::call("softmax", {Tensor::zeros({3}, DType::int32)}); },
                          {"softmax", "int32"});
  expect_error<ValueError>(
      [&] {
        ops::call("categorical_crossentropy_grad", {Tensor::zeros({5}, DType::float32), o, o},
                  ops::CrossentropyAttrs{.axis = 1});
      },
      {"categorical_crossentropy_grad", "dy", "(5,)"});
}

// --- gradients -----------------------------------------------------------------------------------

TEST(NnGradients, SoftmaxAndLogSoftmax) {
  for (const char* op : {"softmax", "log_softmax"})
    for (auto [shape, axis] :
         std::vector<std::pair<Shape, int>>{{{3, 5}, 1}, {{3, 5}, 0}, {{2, 3, 4}, 1}}) {
      SCOPED_TRACE(str(op, " gradient ", shape, " axis ", axis));
      testing::GradCase c;
      c.op = op;
      c.inputs = {testing::uniform(shape, -2, 2, 1)};
      c.attrs = ops::SoftmaxAttrs{.axis = axis};
      testing::check_gradient(c);
    }
}

TEST(NnGradients, Crossentropies) {
  for (bool logits : {false, true}) {
    SCOPED_TRACE(logits ? "from logits" : "from probabilities");
    ops::Attrs attrs_last =
        ops::CrossentropyAttrs{.from_logits = logits, .epsilon = kEps, .axis = 1};
    {
      // Probabilities unnormalized (scaled) so the normalization's Jacobian shows.
      Tensor out =
          logits ? testing::uniform({4, 5}, -3, 3, 1) : testing::uniform({4, 5}, 0.1, 1, 1);
      testing::GradCase c;
      c.op = "categorical_crossentropy";
      c.inputs = {one_hot_targets({4, 5}, 1, 2, true), out};
      c.attrs = attrs_last;
      c.wrt = {1};  // the target is held fixed (no gradient)
      testing::check_gradient(c);
      c.inputs = {
          one_hot_targets({2, 3, 4}, 1, 2, true),
          logits ? testing::uniform({2, 3, 4}, -3, 3, 1) : testing::uniform({2, 3, 4}, 0.1, 1, 1)};
      testing::check_gradient(c);
    }
    {
      testing::GradCase c;
      c.op = "sparse_categorical_crossentropy";
      c.inputs = {
          testing::integers({4}, 0, 5, DType::int64, 3),
          logits ? testing::uniform({4, 5}, -3, 3, 1) : testing::uniform({4, 5}, 0.1, 1, 1)};
      c.attrs = attrs_last;
      c.wrt = {1};
      testing::check_gradient(c);
      c.inputs[0] = c.inputs[0].astype(DType::int32);
      testing::check_gradient(c);
    }
    {
      testing::GradCase c;
      c.op = "binary_crossentropy";
      c.inputs = {testing::uniform({3, 4}, 0, 1, 2), logits
                                                         ? testing::uniform({3, 4}, -3, 3, 1)
                                                         : testing::uniform({3, 4}, 0.05, 0.95, 1)};
      c.attrs = ops::CrossentropyAttrs{.from_logits = logits, .epsilon = kEps};
      c.wrt = {1};
      testing::check_gradient(c);
    }
  }
}

}  // namespace
}  // namespace keras
