// Conformance, bad-input and gradient tests for matmul, dense and activation_grad.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "keras/graph/node.h"
#include "keras/ops/linalg.h"
#include "keras/ops/op_def.h"
#include "tests/ops/harness.h"

namespace keras {
namespace {

KERAS_CONFORMANCE_COVERS("matmul", "dense", "activation_grad");
KERAS_GRADIENT_CHECKED("matmul", "dense");

// dense's and activation_grad's attributes for the activation Keras calls `name`.
ops::Attrs dense_attrs(const std::string& name) {
  return ops::FusedActivationAttrs{.activation = ops::fused_activation(name).value()};
}

std::vector<int64_t> dims(const Shape& s) {
  return s.dims();
}

// Plain-loop float64 matmul with NumPy batch broadcasting, independent of the kernels.
Tensor ref_matmul(const Tensor& a, const Tensor& b, bool ta, bool tb) {
  std::vector<int64_t> sa = dims(a.shape()), sb = dims(b.shape());
  int ra = static_cast<int>(sa.size()), rb = static_cast<int>(sb.size());
  int64_t m = ta ? sa[ra - 1] : sa[ra - 2], k = ta ? sa[ra - 2] : sa[ra - 1];
  int64_t n = tb ? sb[rb - 2] : sb[rb - 1];
  int batch_rank = std::max(ra, rb) - 2;
  std::vector<int64_t> ba(batch_rank, 1), bb(batch_rank, 1), bc(batch_rank);
  for (int i = 0; i < batch_rank; ++i) {
    int ia = ra - 2 - batch_rank + i, ib = rb - 2 - batch_rank + i;
    if (ia >= 0) ba[i] = sa[ia];
    if (ib >= 0) bb[i] = sb[ib];
    bc[i] = ba[i] == 1 ? bb[i] : ba[i];
  }
  std::vector<double> av = a.to_vector<double>(), bv = b.to_vector<double>();
  int64_t count = 1;
  for (int64_t d : bc) count *= d;
  std::vector<double> c(static_cast<size_t>(count * m * n));
  for (int64_t idx = 0; idx < count; ++idx) {
    // Decompose idx into the output batch index, then into a's and b's (broadcast) indices.
    int64_t rem = idx, oa = 0, ob = 0, stride_a = 1, stride_b = 1;
    for (int d = batch_rank - 1; d >= 0; --d) {
      int64_t i = rem % bc[d];
      rem /= bc[d];
      oa += (ba[d] == 1 ? 0 : i) * stride_a;
      ob += (bb[d] == 1 ? 0 : i) * stride_b;
      stride_a *= ba[d];
      stride_b *= bb[d];
    }
    const double* pa = av.data() + oa * m * k;
    const double* pb = bv.data() + ob * k * n;
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < n; ++j) {
        double s = 0;
        for (int64_t p = 0; p < k; ++p)
          s += (ta ? pa[p * m + i] : pa[i * k + p]) * (tb ? pb[j * k + p] : pb[p * n + j]);
        c[static_cast<size_t>((idx * m + i) * n + j)] = s;
      }
  }
  bc.push_back(m);
  bc.push_back(n);
  return Tensor::from_vector(c, Shape(bc));
}

double activate(const std::string& act, double x) {
  if (act == "relu") return x > 0 ? x : 0;
  if (act == "sigmoid") return 1 / (1 + std::exp(-x));
  if (act == "tanh") return std::tanh(x);
  return x;
}

Tensor ref_dense(const Tensor& x, const Tensor& kernel, const Tensor* bias,
                 const std::string& act) {
  int64_t k = kernel.shape()[0], n = kernel.shape()[1], m = 1;
  for (int i = 0; i + 1 < x.rank(); ++i) m *= x.shape()[i];
  std::vector<double> xv = x.to_vector<double>(), wv = kernel.to_vector<double>();
  std::vector<double> bv = bias ? bias->to_vector<double>() : std::vector<double>(n, 0.0);
  std::vector<double> y(static_cast<size_t>(m * n));
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j) {
      double s = bv[j];
      for (int64_t p = 0; p < k; ++p) s += xv[i * k + p] * wv[p * n + j];
      y[i * n + j] = activate(act, s);
    }
  std::vector<int64_t> shape = dims(x.shape());
  shape.back() = n;
  return Tensor::from_vector(y, Shape(shape));
}

void check_matmul(Shape a, Shape b, bool ta, bool tb, uint64_t seed = 1) {
  SCOPED_TRACE(str("matmul ", a, " x ", b, " ta=", ta, " tb=", tb));
  testing::OpCase c;
  c.op = "matmul";
  c.inputs = {testing::uniform(a, -1, 1, seed), testing::uniform(b, -1, 1, seed + 100)};
  c.attrs = ops::MatmulAttrs{.transpose_a = ta, .transpose_b = tb};
  c.reference = [ta, tb](const std::vector<Tensor>& in) {
    return std::vector<Tensor>{ref_matmul(in[0], in[1], ta, tb)};
  };
  int64_t k = ta ? a.dim(-2) : a.dim(-1);
  c.rtol32 = 1e-5;
  c.atol32 = 2e-6 * static_cast<double>(k);
  c.atol64 = 1e-13 * static_cast<double>(k);
  testing::check_op(c);
}

TEST(LinalgOps, MatmulPlain) {
  check_matmul({3, 5}, {5, 4}, false, false);
  check_matmul({1, 1}, {1, 1}, false, false);
  check_matmul({1, 7}, {7, 1}, false, false);
}

TEST(LinalgOps, MatmulTransposes) {
  for (bool ta : {false, true})
    for (bool tb : {false, true})
      check_matmul(ta ? Shape{5, 3} : Shape{3, 5}, tb ? Shape{4, 5} : Shape{5, 4}, ta, tb);
}

TEST(LinalgOps, MatmulBatched) {
  check_matmul({2, 3, 5}, {2, 5, 4}, false, false);
  check_matmul({2, 5, 3}, {2, 4, 5}, true, true);
  check_matmul({2, 2, 3, 5}, {2, 2, 4, 5}, false, true, 7);
}

TEST(LinalgOps, MatmulBroadcastBatch) {
  check_matmul({2, 1, 3, 5}, {4, 5, 6}, false, false);  // [2,1] x [4] -> [2,4]
  check_matmul({3, 5}, {4, 5, 6}, false, false);        // rank-2 a against a batch of b
  check_matmul({4, 3, 5}, {5, 6}, false, false);        // a batch against one b
  check_matmul({4, 5, 3}, {1, 6, 5}, true, true);
  check_matmul({1, 3, 3, 5}, {2, 1, 5, 2}, false, false);
  check_matmul({2, 3, 1, 2, 3, 5}, {1, 4, 2, 5, 6}, false, false);  // batch dims merged
  check_matmul({2, 1, 3, 1, 5, 3}, {2, 4, 3, 1, 4, 5}, true, true);
}

TEST(LinalgOps, MatmulLargerThanOneBlock) {
  // Crosses the float64 GEMM's K block (256), partial register tiles and several row blocks.
  check_matmul({130, 300}, {300, 70}, false, false);
  check_matmul({300, 130}, {70, 300}, true, true, 3);
  // More columns than one column block (2016).
  check_matmul({9, 40}, {40, 2100}, false, false, 5);
  // Many small products: spread one product per thread.
  check_matmul({64, 9, 7}, {64, 7, 11}, false, false, 9);
  check_matmul({64, 7, 9}, {7, 11}, true, false, 11);
}

TEST(LinalgOps, MatmulEmpty) {
  check_matmul({0, 5}, {5, 4}, false, false);
  check_matmul({3, 0}, {0, 4}, false, false);  // K = 0: zeros
  check_matmul({2, 0, 3, 5}, {5, 4}, false, false);
}

void check_dense(Shape x, int64_t n, bool with_bias, const std::string& act, uint64_t seed = 1) {
  SCOPED_TRACE(str("dense ", x, " units ", n, " bias=", with_bias, " ", act));
  int64_t k = x.dim(-1);
  testing::OpCase c;
  c.op = "dense";
  c.inputs = {testing::uniform(x, -1, 1, seed), testing::uniform({k, n}, -1, 1, seed + 1)};
  if (with_bias) c.inputs.push_back(testing::uniform({n}, -1, 1, seed + 2));
  c.attrs = dense_attrs(act);
  c.reference = [act, with_bias](const std::vector<Tensor>& in) {
    return std::vector<Tensor>{ref_dense(in[0], in[1], with_bias ? &in[2] : nullptr, act)};
  };
  c.atol32 = 2e-6 * static_cast<double>(k);
  c.atol64 = 1e-13 * static_cast<double>(k);
  testing::check_op(c);
}

TEST(LinalgOps, Dense) {
  for (const char* act : {"linear", "relu", "sigmoid", "tanh"})
    for (bool bias : {false, true}) {
      check_dense({4, 6}, 5, bias, act);
      check_dense({2, 3, 6}, 5, bias, act, 4);  // rank-3 input
    }
  check_dense({6}, 3, true, "relu");             // rank-1 input
  check_dense({130, 300}, 70, true, "tanh", 8);  // several blocks
  check_dense({3, 0}, 4, true, "sigmoid");       // K = 0: act(bias)
  check_dense({0, 5}, 4, true, "relu");          // no rows
}

TEST(LinalgOps, ActivationGrad) {
  for (const char* act : {"linear", "relu", "sigmoid", "tanh"}) {
    SCOPED_TRACE(act);
    std::string a = act;
    testing::OpCase c;
    c.op = "activation_grad";
    Tensor y = a == "sigmoid" ? testing::uniform({5, 7}, 0.01, 0.99, 2)
                              : testing::uniform({5, 7}, -0.99, 0.99, 2);
    c.inputs = {testing::uniform({5, 7}, -2, 2, 1), y};
    c.attrs = dense_attrs(a);
    c.reference = [a](const std::vector<Tensor>& in) {
      std::vector<double> dy = in[0].to_vector<double>(), yv = in[1].to_vector<double>();
      for (size_t i = 0; i < dy.size(); ++i) {
        double d = 1;
        if (a == "relu") d = yv[i] > 0 ? 1 : 0;
        if (a == "sigmoid") d = yv[i] * (1 - yv[i]);
        if (a == "tanh") d = 1 - yv[i] * yv[i];
        dy[i] *= d;
      }
      return std::vector<Tensor>{Tensor::from_vector(dy, in[0].shape())};
    };
    testing::check_op(c);
  }
}

// --- frontend ------------------------------------------------------------------------------------

TEST(LinalgOps, FrontendMatmulVectors) {
  Tensor m = testing::uniform({3, 4}, -1, 1, 1), v = testing::uniform({4}, -1, 1, 2);
  Tensor w = testing::uniform({3}, -1, 1, 3);
  std::vector<double> mv = m.to_vector<double>(), vv = v.to_vector<double>(),
                      wv = w.to_vector<double>();

  Tensor mv_out = ops::matmul(m, v);  // (3, 4) @ (4,) -> (3,)
  ASSERT_EQ(mv_out.shape(), Shape({3}));
  for (int i = 0; i < 3; ++i) {
    double s = 0;
    for (int k = 0; k < 4; ++k) s += mv[i * 4 + k] * vv[k];
    EXPECT_NEAR(mv_out.to_vector<double>()[i], s, 1e-12);
  }
  Tensor wm = ops::matmul(w, m);  // (3,) @ (3, 4) -> (4,)
  ASSERT_EQ(wm.shape(), Shape({4}));
  for (int j = 0; j < 4; ++j) {
    double s = 0;
    for (int i = 0; i < 3; ++i) s += wv[i] * mv[i * 4 + j];
    EXPECT_NEAR(wm.to_vector<double>()[j], s, 1e-12);
  }
  Tensor dot = ops::matmul(v, v);  // (4,) @ (4,) -> ()
  ASSERT_EQ(dot.shape(), Shape({}));
  double s = 0;
  for (double x : vv) s += x * x;
  EXPECT_NEAR(dot.item<double>(), s, 1e-12);

  Tensor batched = ops::matmul(testing::uniform({2, 3, 4}), v);  // (2, 3, 4) @ (4,) -> (2, 3)
  EXPECT_EQ(batched.shape(), Shape({2, 3}));
}

TEST(LinalgOps, FrontendDense) {
  Tensor x = testing::uniform({4, 6}, -1, 1, 1), w = testing::uniform({6, 5}, -1, 1, 2);
  Tensor b = testing::uniform({5}, -1, 1, 3);
  Tensor got = ops::dense(x, w, b, "relu");
  Tensor want = ref_dense(x, w, &b, "relu");
  std::vector<double> g = got.to_vector<double>(), e = want.to_vector<double>();
  for (size_t i = 0; i < g.size(); ++i) EXPECT_NEAR(g[i], e[i], 1e-12);
  EXPECT_EQ(ops::dense(x, w).shape(), Shape({4, 5}));
}

TEST(LinalgOps, SymbolicShapes) {
  Tensor x = graph::placeholder(TensorMeta{DType::float32, Shape{-1, 784}});
  Tensor w = Tensor::zeros({784, 512}, DType::float32);
  EXPECT_EQ(ops::matmul(x, w).shape(), Shape({-1, 512}));
  EXPECT_EQ(ops::dense(x, w, Tensor::zeros({512}, DType::float32), "relu").shape(),
            Shape({-1, 512}));
  Tensor xs = graph::placeholder(TensorMeta{DType::float32, Shape{-1, 10, 784}});
  EXPECT_EQ(ops::dense(xs, w).shape(), Shape({-1, 10, 512}));
}

// --- bad inputs ----------------------------------------------------------------------------------

using testing::expect_error;

TEST(LinalgOps, MatmulBadInputs) {
  Tensor a = Tensor::zeros({2, 3}, DType::float32), b = Tensor::zeros({4, 5}, DType::float32);
  expect_error<ValueError>([&] { ops::matmul(a, b); }, {"matmul", "(2, 3)", "(4, 5)"});
  expect_error<ValueError>([&] { ops::call("matmul", {a, b}); }, {"matmul", "(2, 3)", "(4, 5)"});
  expect_error<ValueError>(
      [&] {
        ops::call("matmul", {a, Tensor::zeros({3, 5}, DType::float32)},
                  ops::MatmulAttrs{.transpose_a = true});
      },
      {"(2, 3)", "transposed"});
  expect_error<ValueError>([&] { ops::matmul(Tensor::zeros({3}, DType::float32), b); },
                           {"(3,)", "(4, 5)"});
  expect_error<ValueError>(
      [&] {
        ops::call("matmul", {Tensor::zeros({3}, DType::float32), b});
      },
      {"matmul", "rank"});
  expect_error<ValueError>(
      [&] {
        ops::matmul(Tensor::zeros({2, 2, 3}, DType::float32),
                    Tensor::zeros({3, 3, 4}, DType::float32));
      },
      {"batch", "(2, 2, 3)", "(3, 3, 4)"});
  expect_error<TypeError>(
      [&] {
        ops::matmul(a, Tensor::zeros({3, 5}, DType::float64));
      },
      {"matmul"});
  expect_error<TypeError>(
      [&] {
        ops::matmul(Tensor::zeros({2, 3}, DType::int32), Tensor::zeros({3, 5}, DType::int32));
      },
      {"matmul", "int32"});
  // Symbolic inputs are checked when the node is made.
  Tensor x = graph::placeholder(TensorMeta{DType::float32, Shape{-1, 3}});
  expect_error<ValueError>([&] { ops::matmul(x, b); }, {"(None, 3)", "(4, 5)"});
}

TEST(LinalgOps, DenseBadInputs) {
  Tensor x = Tensor::zeros({2, 3}, DType::float32), w = Tensor::zeros({4, 5}, DType::float32);
  expect_error<ValueError>([&] { ops::dense(x, w); }, {"dense", "(2, 3)", "(4, 5)"});
  Tensor w2 = Tensor::zeros({3, 5}, DType::float32);
  expect_error<ValueError>([&] { ops::dense(x, w2, Tensor::zeros({4}, DType::float32)); },
                           {"dense", "bias", "(4,)"});
  expect_error<ValueError>([&] { ops::dense(x, w2, {}, "softmax"); }, {"softmax"});
  expect_error<ValueError>([&] { ops::dense(x, w2, {}, "elu"); }, {"dense", "elu"});
  expect_error<ValueError>([&] { ops::dense(x, Tensor::zeros({3}, DType::float32)); },
                           {"dense", "rank"});
  expect_error<TypeError>([&] { ops::dense(x, Tensor::zeros({3, 5}, DType::float64)); }, {"dense"});
  expect_error<ValueError>(
      [&] {
        ops::call("activation_grad", {x, Tensor::zeros({3, 2}, DType::float32)},
                  dense_attrs("relu"));
      },
      {"activation_grad", "(2, 3)", "(3, 2)"});
}

// --- gradients -----------------------------------------------------------------------------------

void grad_matmul(Shape a, Shape b, bool ta, bool tb) {
  SCOPED_TRACE(str("matmul gradient ", a, " x ", b, " ta=", ta, " tb=", tb));
  testing::GradCase c;
  c.op = "matmul";
  c.inputs = {testing::uniform(a, -1, 1, 1), testing::uniform(b, -1, 1, 2)};
  c.attrs = ops::MatmulAttrs{.transpose_a = ta, .transpose_b = tb};
  testing::check_gradient(c);
}

TEST(LinalgGradients, Matmul) {
  for (bool ta : {false, true})
    for (bool tb : {false, true})
      grad_matmul(ta ? Shape{5, 3} : Shape{3, 5}, tb ? Shape{4, 5} : Shape{5, 4}, ta, tb);
}

TEST(LinalgGradients, MatmulBatchedAndBroadcast) {
  grad_matmul({2, 3, 5}, {2, 5, 4}, false, false);
  grad_matmul({2, 1, 3, 5}, {4, 5, 2}, false, false);
  grad_matmul({2, 3, 4}, {4, 5}, false, false);  // shared b: the flattened dW path
  grad_matmul({2, 3, 4}, {5, 4}, false, true);
  grad_matmul({2, 4, 3}, {4, 5}, true, false);
  grad_matmul({3, 4}, {2, 4, 5}, false, false);
}

TEST(LinalgGradients, Dense) {
  for (const char* act : {"linear", "relu", "sigmoid", "tanh"})
    for (bool bias : {false, true})
      for (Shape x : {Shape{4, 6}, Shape{2, 3, 6}, Shape{6}}) {
        SCOPED_TRACE(str("dense gradient ", x, " ", act, " bias=", bias));
        testing::GradCase c;
        c.op = "dense";
        c.inputs = {testing::uniform(x, -1, 1, 1), testing::uniform({6, 5}, -1, 1, 2)};
        if (bias) c.inputs.push_back(testing::uniform({5}, -1, 1, 3));
        c.attrs = dense_attrs(act);
        testing::check_gradient(c);
      }
}

}  // namespace
}  // namespace keras
