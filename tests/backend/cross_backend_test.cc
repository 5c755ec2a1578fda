// The torch backend against the cpu backend: the same small model trained from the same weights
// on each, step by step, plus how the torch backend is chosen (KERAS_BACKEND, keras.json, the
// banner), its memory, and its run-time errors. Skipped when the torch backend is not built.
//
// The op conformance suite (tests/ops/) already runs every op on every built backend; this file
// checks that the ops compose the same way: forward, crossentropy, reverse-mode gradients and
// RMSprop updates through one graph::Program per backend.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "keras/backend/backend.h"
#include "keras/config/config.h"
#include "keras/core/json.h"
#include "keras/core/variable.h"
#include "keras/graph/gradients.h"
#include "keras/graph/node.h"
#include "keras/graph/program.h"
#include "keras/ops/linalg.h"
#include "keras/ops/nn.h"
#include "keras/ops/op_attrs.h"
#include "keras/ops/op_def.h"
#include "keras/ops/reduction.h"
#include "keras/ops/updates.h"
#include "tests/support/paths.h"
#include "tests/support/saved_environment.h"

namespace keras {
namespace {

bool torch_built() {
  std::vector<std::string> names = backend::available();
  return std::find(names.begin(), names.end(), "torch") != names.end();
}

#define SKIP_WITHOUT_TORCH() \
  SKIP_OR_FAIL_UNLESS(torch_built(), "the torch backend is not built (KERAS_WITH_TORCH)")

// --- Training the same MLP on cpu and on torch ------------------------------------------------

constexpr int kIn = 20, kHidden1 = 32, kHidden2 = 16, kOut = 3, kBatch = 16, kSteps = 5;
constexpr double kLearningRate = 0.01;

std::vector<double> uniform_values(size_t n, double limit, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> dist(-limit, limit);
  std::vector<double> v(n);
  for (double& x : v) x = dist(rng);
  return v;
}

struct Layer {
  int in, out;
};
constexpr Layer kLayers[] = {{kIn, kHidden1}, {kHidden1, kHidden2}, {kHidden2, kOut}};

// One run: the loss of every step and the final weights (kernel, bias per layer), in float64.
struct Trace {
  std::vector<double> losses;
  std::vector<std::vector<double>> weights;
};

// A 20-32-16-3 MLP (dense relu, dense relu, dense, softmax), Keras's categorical crossentropy
// from probabilities averaged over the batch, reverse-mode gradients and RMSprop (ρ = 0.9,
// ε = 1e-7), compiled into one Program on `device`; the Variables live on `device` too. Initial
// weights and batches are the same for every device and dtype (drawn in float64, then rounded).
Trace train(backend::Backend& device, DType dtype) {
  std::vector<Variable> params, velocities;
  for (int l = 0; l < 3; ++l) {
    const Layer& layer = kLayers[l];
    double limit = std::sqrt(6.0 / (layer.in + layer.out));  // Glorot uniform
    auto kernel = uniform_values(static_cast<size_t>(layer.in * layer.out), limit, 100 + l);
    auto bias = uniform_values(static_cast<size_t>(layer.out), 0.1, 200 + l);
    params.emplace_back(Tensor::from_vector(kernel, Shape{layer.in, layer.out}).astype(dtype),
                        str("dense_", l, "/kernel"), true, &device);
    params.emplace_back(Tensor::from_vector(bias, Shape{layer.out}).astype(dtype),
                        str("dense_", l, "/bias"), true, &device);
  }
  for (const Variable& p : params)
    velocities.emplace_back(Tensor::zeros(p.shape(), dtype), p.name() + "/velocity", false,
                            &device);

  Tensor x = graph::placeholder({dtype, Shape{-1, kIn}}, "x");
  Tensor y = graph::placeholder({dtype, Shape{-1, kOut}}, "y");
  Tensor h = ops::dense(x, params[0], params[1], "relu");
  h = ops::dense(h, params[2], params[3], "relu");
  Tensor probs = ops::softmax(ops::dense(h, params[4], params[5]));
  Tensor loss = ops::mean(ops::categorical_crossentropy(y, probs));
  std::vector<Tensor> wrt(params.begin(), params.end());
  std::vector<Tensor> grads = graph::gradients(loss, wrt);
  Tensor learning_rate = Tensor::scalar(kLearningRate).astype(dtype).to(device);
  std::vector<Tensor> updates;
  for (size_t i = 0; i < params.size(); ++i)
    updates.push_back(ops::rmsprop_update(params[i], grads[i], learning_rate, velocities[i]));
  graph::Program step({x, y}, {loss}, updates, &device);

  // Batches labelled by a fixed linear teacher (argmax of x·T), so the loss falls.
  auto teacher = uniform_values(static_cast<size_t>(kIn * kOut), 1.0, 400);
  Trace trace;
  for (int s = 0; s < kSteps; ++s) {
    auto xs = uniform_values(static_cast<size_t>(kBatch * kIn), 1.0, 300 + s);
    std::vector<double> ys(static_cast<size_t>(kBatch * kOut), 0.0);
    for (int i = 0; i < kBatch; ++i) {
      int best = 0;
      double best_score = -1e300;
      for (int c = 0; c < kOut; ++c) {
        double score = 0;
        for (int k = 0; k < kIn; ++k)
          score +=
              xs[static_cast<size_t>(i * kIn + k)] * teacher[static_cast<size_t>(k * kOut + c)];
        if (score > best_score) best_score = score, best = c;
      }
      ys[static_cast<size_t>(i * kOut + best)] = 1.0;
    }
    Tensor xb = Tensor::from_vector(xs, Shape{kBatch, kIn}).astype(dtype).to(device);
    Tensor yb = Tensor::from_vector(ys, Shape{kBatch, kOut}).astype(dtype).to(device);
    trace.losses.push_back(step.run({xb, yb})[0].to(backend::host()).item<double>());
  }
  for (const Variable& p : params)
    trace.weights.push_back(p.value().to(backend::host()).to_vector<double>());
  return trace;
}

// Tolerances: |torch - cpu| <= rtol·|cpu| for every step's loss; for every final weight
// |torch - cpu| <= atol + rtol·max(|cpu|, 1e-3). The floor keeps weights that pass near zero from
// turning a difference of 1e-17 into a large relative one; it is small next to the weights' scale
// (Glorot limits 0.2-0.6, biases 0.1).
struct Bounds {
  double loss_rtol, weight_rtol, weight_atol;
};

void expect_same_training(DType dtype, Bounds bounds) {
  Trace cpu = train(backend::get("cpu"), dtype);
  Trace torch = train(backend::get("torch"), dtype);
  ASSERT_EQ(cpu.losses.size(), static_cast<size_t>(kSteps));
  ASSERT_EQ(torch.losses.size(), static_cast<size_t>(kSteps));
  double loss_gap = 0, weight_gap = 0;
  for (int s = 0; s < kSteps; ++s) {
    EXPECT_TRUE(std::isfinite(cpu.losses[s])) << "step " << s;
    EXPECT_NEAR(torch.losses[s], cpu.losses[s], bounds.loss_rtol * std::fabs(cpu.losses[s]))
        << name(dtype) << ", step " << s;
    loss_gap = std::max(loss_gap, std::fabs(torch.losses[s] - cpu.losses[s]) / cpu.losses[s]);
  }
  EXPECT_LT(cpu.losses.back(), cpu.losses.front()) << "the model did not learn";
  ASSERT_EQ(torch.weights.size(), cpu.weights.size());
  int reported = 0;
  for (size_t t = 0; t < cpu.weights.size(); ++t)
    for (size_t e = 0; e < cpu.weights[t].size(); ++e) {
      double want = cpu.weights[t][e], got = torch.weights[t][e], diff = std::fabs(got - want);
      weight_gap = std::max(weight_gap, diff);
      if (diff > bounds.weight_atol + bounds.weight_rtol * std::max(std::fabs(want), 1e-3) &&
          reported++ < 5)
        ADD_FAILURE() << name(dtype) << ": weight " << t << "[" << e << "] torch " << got
                      << ", cpu " << want << " (|diff| " << diff << ")";
    }
  std::printf("%s, %d steps, torch vs cpu: largest loss gap %.3g relative, weight gap %.3g\n",
              std::string(name(dtype)).c_str(), kSteps, loss_gap, weight_gap);
}

// float64: both backends evaluate every formula in the same order (the optimizer kernels mirror
// each other term by term); they differ only in the summation order inside GEMMs and reductions
// and in the last bit of exp/log: ~1e-16 relative per op. Measured: losses within 2.2e-16
// relative, weights within 2.2e-16 absolute.
TEST(CrossBackend, MlpTrainsIdenticallyInFloat64) {
  SKIP_WITHOUT_TORCH();
  expect_same_training(DType::float64,
                       {.loss_rtol = 1e-12, .weight_rtol = 1e-12, .weight_atol = 0});
}

// float32: the same differences at float32's unit roundoff (6e-8): oneDNN's and ATen's GEMMs block
// their sums differently and their exp/softmax agree to a few ulp. RMSprop divides each gradient
// by its running RMS, so a step moves a weight by at most lr·√10 ≈ 0.03 whatever the gradient's
// size; only where a gradient is tiny (g² comparable to ε = 1e-7) does its rounding reach the
// weight, as lr·Δg/√ε. Measured (1 and 2 threads): losses equal, weights within 1.6e-7 absolute
// (a few ulps of the largest weights); with random labels instead of the teacher's, losses
// within 1.1e-7 relative (two ulps). Bounds: 1e-6 relative on the losses, 2e-6 absolute on the
// weights (2e-4 of the learning rate), ~10x the measurements, for other instruction sets.
TEST(CrossBackend, MlpTrainsAlikeInFloat32) {
  SKIP_WITHOUT_TORCH();
  expect_same_training(DType::float32, {.loss_rtol = 1e-6, .weight_rtol = 0, .weight_atol = 2e-6});
}

// --- Choosing the backend --------------------------------------------------------------------

namespace fs = std::filesystem;

// A private KERAS_HOME and KERAS_BACKEND for one test; both restored afterwards.
class TorchSelection : public ::testing::Test {
 protected:
  void SetUp() override {
    saved_ = testing::SavedEnvironment({"KERAS_HOME", "KERAS_BACKEND"});
    char pattern[] = "/tmp/keras_torch_selection_XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    home_ = pattern;
    ::setenv("KERAS_HOME", home_.c_str(), 1);
    ::unsetenv("KERAS_BACKEND");
    config::reload();
  }
  void TearDown() override {
    saved_.restore();
    config::reload();
    std::error_code ec;
    fs::remove_all(home_, ec);
  }
  // The backend current() picks, and what it printed.
  std::pair<std::string, std::string> choose() {
    ::testing::internal::CaptureStderr();
    std::string chosen = backend::current().name();
    return {chosen, ::testing::internal::GetCapturedStderr()};
  }

  testing::SavedEnvironment saved_;
  fs::path home_;
};

TEST_F(TorchSelection, KerasBackendEnvironmentVariable) {
  SKIP_WITHOUT_TORCH();
  ::setenv("KERAS_BACKEND", "torch", 1);
  config::reload();
  auto [chosen, banner] = choose();
  EXPECT_EQ(chosen, "torch");
  EXPECT_EQ(banner, "Using torch backend.\n");
}

TEST_F(TorchSelection, KerasJson) {
  SKIP_WITHOUT_TORCH();
  {
    std::ofstream out(home_ / "keras.json");
    out << "{\"backend\": \"torch\"}";
  }
  config::reload();
  auto [chosen, banner] = choose();
  EXPECT_EQ(chosen, "torch");
  EXPECT_EQ(banner, "Using torch backend.\n");
  // Tensors made without a device still live on the host; ops on them run where they live.
  Tensor x = Tensor::from_vector<float>({-1, 2}, Shape{2});
  EXPECT_EQ(x.backend().name(), "cpu");
  Variable v(x, "v");  // the current backend
  EXPECT_EQ(v.value().backend().name(), "torch");
}

TEST_F(TorchSelection, UnknownBackendListsTorch) {
  SKIP_WITHOUT_TORCH();
  ::setenv("KERAS_BACKEND", "jax", 1);
  config::reload();
  try {
    backend::current();
    ADD_FAILURE() << "an unknown backend was accepted";
  } catch (const ValueError& e) {
    std::string message = e.what();
    EXPECT_NE(message.find("'cpu'"), std::string::npos) << message;
    EXPECT_NE(message.find("'torch'"), std::string::npos) << message;
  }
}

// --- Memory and errors ------------------------------------------------------------------------

TEST(TorchBackend, MemoryIsAlignedHostMemoryThatStaysUntilFreed) {
  SKIP_WITHOUT_TORCH();
  backend::Backend& torch = backend::get("torch");
  EXPECT_EQ(torch.name(), "torch");
  EXPECT_TRUE(torch.is_host());
  EXPECT_NE(torch.device_description().find("torch"), std::string::npos);
  backend::AllocationStats before = torch.allocation_stats();
  void* empty_a = torch.allocate(0);
  void* empty_b = torch.allocate(0);
  EXPECT_NE(empty_a, nullptr);
  EXPECT_NE(empty_a, empty_b);
  void* p = torch.allocate(1000);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % 64, 0u);
  std::vector<uint8_t> bytes(1000);
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<uint8_t>(i * 7);
  torch.copy_from_host(p, bytes.data(), bytes.size());
  std::vector<uint8_t> back(1000);
  torch.copy_to_host(back.data(), p, back.size());
  EXPECT_EQ(back, bytes);
  torch.deallocate(p, 1000);
  torch.deallocate(empty_a, 0);
  torch.deallocate(empty_b, 0);
  backend::AllocationStats after = torch.allocation_stats();
  EXPECT_EQ(after.allocations - before.allocations, 3);
  EXPECT_EQ(after.deallocations - before.deallocations, 3);
  EXPECT_EQ(after.bytes_in_use, before.bytes_in_use);
}

TEST(TorchBackend, OutOfRangeIndicesRaiseValueError) {
  SKIP_WITHOUT_TORCH();
  backend::Backend& torch = backend::get("torch");
  Tensor params = Tensor::from_vector<float>({1, 2, 3, 4, 5, 6}, Shape{3, 2}).to(torch);
  Tensor indices = Tensor::from_vector<int64_t>({0, 3}).to(torch);
  try {
    ops::call("gather", {params, indices}, ops::AxisAttrs{.axis = 0});
    ADD_FAILURE() << "gather accepted index 3 for an axis of size 3";
  } catch (const ValueError& e) {
    EXPECT_EQ(std::string(e.what()),
              "op 'gather': index 3 (position 1 of the indices) is out of range for axis 0 of "
              "size 3 (expected 0 <= index < 3)");
  }
  Tensor probs = Tensor::from_vector<float>({0.5f, 0.5f, 0.2f, 0.8f}, Shape{2, 2}).to(torch);
  Tensor labels = Tensor::from_vector<int32_t>({1, -1}).to(torch);
  EXPECT_THROW(ops::call("sparse_categorical_crossentropy", {labels, probs},
                         ops::CrossentropyAttrs{.from_logits = false, .epsilon = 1e-7, .axis = 1}),
               ValueError);
}

}  // namespace
}  // namespace keras
