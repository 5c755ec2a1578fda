// A 784-512-512-10 MLP training step compiled into one Program: forward (dense relu x2, dense,
// softmax), Keras's categorical crossentropy from probabilities, gradients, RMSprop updates.
// Checked against a hand-written float64 implementation step by step, and shown to make no
// device allocation after the first step.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "keras/backend/backend.h"
#include "keras/core/variable.h"
#include "keras/graph/gradients.h"
#include "keras/graph/node.h"
#include "keras/graph/program.h"
#include "keras/ops/op_attrs.h"
#include "keras/ops/op_def.h"

namespace keras {
namespace {

constexpr int kBatch = 32, kIn = 784, kHidden = 512, kOut = 10, kSteps = 4;
constexpr double kLr = 1e-3, kRho = 0.9, kEps = 1e-7;

std::vector<double> random_values(size_t n, double scale, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> dist(-scale, scale);
  std::vector<double> v(n);
  for (double& x : v) x = dist(rng);
  return v;
}

// The reference: plain loops, float64, written from the formulas (KERAS.md §6.2, §7.2).
struct Reference {
  std::vector<std::vector<double>> w, b, vw, vb;  // 3 layers
  std::vector<int> fan_in{kIn, kHidden, kHidden}, fan_out{kHidden, kHidden, kOut};

  double step(const std::vector<double>& x, const std::vector<double>& y) {
    std::vector<std::vector<double>> act{x};  // activations: input, h1, h2, logits
    for (int l = 0; l < 3; ++l) {
      int k = fan_in[l], n = fan_out[l];
      std::vector<double> out(static_cast<size_t>(kBatch * n));
      for (int i = 0; i < kBatch; ++i)
        for (int j = 0; j < n; ++j) {
          double s = b[l][j];
          for (int q = 0; q < k; ++q) s += act[l][i * k + q] * w[l][q * n + j];
          out[i * n + j] = l < 2 ? std::max(s, 0.0) : s;
        }
      act.push_back(out);
    }
    std::vector<double> p(static_cast<size_t>(kBatch * kOut)), dz(p.size());
    double loss = 0;
    for (int i = 0; i < kBatch; ++i) {
      const double* z = &act[3][i * kOut];
      double m = *std::max_element(z, z + kOut), s = 0;
      for (int j = 0; j < kOut; ++j) s += p[i * kOut + j] = std::exp(z[j] - m);
      double total = 0;
      for (int j = 0; j < kOut; ++j) total += p[i * kOut + j] /= s;
      // Keras: divide by the sum, clip to [eps, 1 - eps], -Σ t log p; mean over the batch.
      std::vector<double> dp(kOut);
      for (int j = 0; j < kOut; ++j) {
        double q = p[i * kOut + j] / total, c = std::clamp(q, kEps, 1 - kEps);
        loss -= y[i * kOut + j] * std::log(c) / kBatch;
        dp[j] = (q >= kEps && q <= 1 - kEps) ? -y[i * kOut + j] / c / kBatch : 0.0;
      }
      // Through the normalization q = p / Σp, then through softmax.
      double dot = 0;
      for (int j = 0; j < kOut; ++j) dot += dp[j] * p[i * kOut + j] / total;
      std::vector<double> dprob(kOut);
      for (int j = 0; j < kOut; ++j) dprob[j] = (dp[j] - dot) / total;
      double inner = 0;
      for (int j = 0; j < kOut; ++j) inner += dprob[j] * p[i * kOut + j];
      for (int j = 0; j < kOut; ++j) dz[i * kOut + j] = p[i * kOut + j] * (dprob[j] - inner);
    }
    std::vector<double> delta = dz;
    for (int l = 2; l >= 0; --l) {
      int k = fan_in[l], n = fan_out[l];
      std::vector<double> gw(static_cast<size_t>(k * n), 0.0), gb(static_cast<size_t>(n), 0.0),
          dx(static_cast<size_t>(kBatch * k), 0.0);
      for (int i = 0; i < kBatch; ++i)
        for (int j = 0; j < n; ++j) {
          double d = delta[i * n + j];
          gb[j] += d;
          for (int q = 0; q < k; ++q) {
            gw[q * n + j] += act[l][i * k + q] * d;
            dx[i * k + q] += d * w[l][q * n + j];
          }
        }
      if (l > 0)
        for (size_t e = 0; e < dx.size(); ++e) dx[e] = act[l][e] > 0 ? dx[e] : 0.0;
      auto rmsprop = [](std::vector<double>& var, std::vector<double>& v,
                        const std::vector<double>& g) {
        for (size_t e = 0; e < var.size(); ++e) {
          v[e] = kRho * v[e] + (1 - kRho) * g[e] * g[e];
          var[e] -= kLr * g[e] / std::sqrt(v[e] + kEps);
        }
      };
      rmsprop(w[l], vw[l], gw);
      rmsprop(b[l], vb[l], gb);
      delta = dx;
    }
    return loss;
  }
};

TEST(GraphTrainingStep, MlpMatchesFloat64ReferenceWithoutAllocations) {
  backend::Backend& cpu = backend::get("cpu");
  Reference ref;
  std::vector<Variable> weights, slots;
  std::vector<Tensor> wrt;
  for (int l = 0; l < 3; ++l) {
    int k = ref.fan_in[l], n = ref.fan_out[l];
    ref.w.push_back(random_values(static_cast<size_t>(k * n), std::sqrt(6.0 / (k + n)), 10 + l));
    ref.b.push_back(random_values(static_cast<size_t>(n), 0.1, 20 + l));
    ref.vw.emplace_back(ref.w.back().size(), 0.0);
    ref.vb.emplace_back(ref.b.back().size(), 0.0);
    weights.emplace_back(Tensor::from_vector(ref.w.back(), Shape{k, n}), str("kernel_", l), true,
                         &cpu);
    weights.emplace_back(Tensor::from_vector(ref.b.back(), Shape{n}), str("bias_", l), true, &cpu);
  }
  for (const Variable& v : weights) {
    slots.emplace_back(Tensor::zeros(v.shape(), DType::float64), v.name() + "_velocity", false,
                       &cpu);
    wrt.push_back(v.value());
  }

  Tensor x = graph::placeholder({DType::float64, Shape{-1, kIn}}, "x");
  Tensor y = graph::placeholder({DType::float64, Shape{-1, kOut}}, "y");
  Tensor h = x;
  for (int l = 0; l < 3; ++l)
    h = ops::call1("dense", {h, weights[2 * l].value(), weights[2 * l + 1].value()},
                   ops::FusedActivationAttrs{.activation = l < 2 ? ops::FusedActivation::relu
                                                                 : ops::FusedActivation::linear});
  Tensor probs = ops::call1("softmax", {h}, ops::SoftmaxAttrs{.axis = 1});
  Tensor per_sample =
      ops::call1("categorical_crossentropy", {y, probs},
                 ops::CrossentropyAttrs{.from_logits = false, .epsilon = kEps, .axis = 1});
  Tensor loss = ops::call1("mean", {per_sample}, ops::ReduceAttrs{.axes = {0}, .keepdims = false});
  std::vector<Tensor> grads = graph::gradients(loss, wrt);
  Tensor lr = Tensor::scalar(kLr);
  std::vector<Tensor> updates;
  for (size_t i = 0; i < weights.size(); ++i)
    updates.push_back(
        ops::call("rmsprop_update", {weights[i].value(), grads[i], lr, slots[i].value()},
                  ops::RMSpropUpdateAttrs{
                      {.rho = kRho, .momentum = 0.0, .epsilon = kEps, .centered = false}})[0]);
  graph::Program step({x, y}, {loss}, updates, &cpu);

  std::vector<Tensor> batches_x, batches_y;
  std::mt19937_64 rng(7);
  for (int s = 0; s < kSteps; ++s) {
    std::vector<double> xs = random_values(static_cast<size_t>(kBatch * kIn), 1.0, 100 + s);
    std::vector<double> ys(static_cast<size_t>(kBatch * kOut), 0.0);
    for (int i = 0; i < kBatch; ++i)
      ys[static_cast<size_t>(i * kOut + static_cast<int>(rng() % kOut))] = 1;
    batches_x.push_back(Tensor::from_vector(xs, Shape{kBatch, kIn}));
    batches_y.push_back(Tensor::from_vector(ys, Shape{kBatch, kOut}));
  }
  std::vector<Tensor> out = step.make_outputs({batches_x[0], batches_y[0]});

  int64_t allocations_after_first = 0;
  for (int s = 0; s < kSteps; ++s) {
    step.run({batches_x[s], batches_y[s]}, out);
    if (s == 0) allocations_after_first = cpu.allocation_stats().allocations;
    double want = ref.step(batches_x[s].to_vector<double>(), batches_y[s].to_vector<double>());
    EXPECT_NEAR(out[0].item<double>(), want, 1e-10 * std::fabs(want)) << "step " << s;
  }
  EXPECT_EQ(cpu.allocation_stats().allocations, allocations_after_first)
      << "a training step allocated device memory after the first";
  for (int l = 0; l < 3; ++l) {
    std::vector<double> got = weights[2 * l].value().to_vector<double>();
    double worst = 0;
    for (size_t e = 0; e < got.size(); ++e)
      worst = std::max(worst, std::fabs(got[e] - ref.w[l][e]));
    EXPECT_LT(worst, 1e-10) << "kernel " << l << " after " << kSteps << " steps";
  }
  graph::PlanStats stats = step.stats({batches_x[0], batches_y[0]});
  EXPECT_LT(stats.arena_bytes, stats.naive_bytes) << "the memory plan reused no buffer";
}

}  // namespace
}  // namespace keras
