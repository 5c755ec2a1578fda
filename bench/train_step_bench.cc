// Times the compiled training step of Keras's mnist_mlp model (784-512-512-10, relu, dropout 0.2,
// softmax, categorical crossentropy, RMSprop, batch 128) built directly on the core engine: ops
// on placeholders, graph::gradients, one graph::Program per step. Synthetic data of Fashion-MNIST's
// size (60,000 samples, 469 steps per epoch). The whole-workload race against PyTorch lives with
// the training loop; this measures the engine's step cost alone.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <vector>

#include "keras/backend/backend.h"
#include "keras/backend/cpu/cpu_backend.h"
#include "keras/graph/gradients.h"
#include "keras/graph/program.h"
#include "keras/graph/symbolic.h"
#include "keras/keras.h"

using namespace keras;

int main() {
  constexpr int kBatch = 128, kSteps = 469, kEpochs = 3;
  backend::Backend& cpu = backend::get("cpu");
  keras::random::SeedGenerator seed(1);
  auto glorot = [&](int64_t in, int64_t out) {
    double limit = std::sqrt(6.0 / static_cast<double>(in + out));
    return keras::random::uniform(Shape{in, out},
                                  {.minval = -limit, .maxval = limit, .seed = seed});
  };
  std::vector<Variable> weights{
      Variable(glorot(784, 512), "k0", true, &cpu),
      Variable(Tensor::zeros(Shape{512}, DType::float32), "b0", true, &cpu),
      Variable(glorot(512, 512), "k1", true, &cpu),
      Variable(Tensor::zeros(Shape{512}, DType::float32), "b1", true, &cpu),
      Variable(glorot(512, 10), "k2", true, &cpu),
      Variable(Tensor::zeros(Shape{10}, DType::float32), "b2", true, &cpu)};

  Tensor x = graph::placeholder({DType::float32, Shape{-1, 784}}, "x");
  Tensor y = graph::placeholder({DType::float32, Shape{-1, 10}}, "y");
  keras::random::SeedGenerator dropout_seed(2);
  Tensor h = keras::random::dropout(ops::dense(x, weights[0], weights[1], "relu"), 0.2,
                                    {.seed = dropout_seed});
  h = keras::random::dropout(ops::dense(h, weights[2], weights[3], "relu"), 0.2,
                             {.seed = dropout_seed});
  Tensor probs = ops::softmax(ops::dense(h, weights[4], weights[5]));
  Tensor loss = ops::mean(ops::categorical_crossentropy(y, probs));
  std::vector<Tensor> params(weights.begin(), weights.end());
  std::vector<Tensor> grads = graph::gradients(loss, params);
  Tensor lr = Tensor::scalar(0.001f);
  std::vector<Variable> velocities;
  std::vector<Tensor> updates;
  for (size_t i = 0; i < weights.size(); ++i) {
    velocities.emplace_back(Tensor::zeros(weights[i].shape(), DType::float32), "v", false, &cpu);
    updates.push_back(ops::rmsprop_update(weights[i], grads[i], lr, velocities[i]));
  }
  graph::Program step({x, y}, {loss}, updates, &cpu);

  Tensor xs = keras::random::uniform(Shape{kBatch, 784}, {.seed = 3});
  Tensor ys = ops::one_hot(
      keras::random::uniform(Shape{kBatch}, {.maxval = 10, .seed = 4}).astype(DType::int64), 10);
  std::vector<Tensor> out = step.make_outputs({xs, ys});
  graph::PlanStats stats = step.stats({xs, ys});
  std::printf("threads: %d; kernels per step: %d; arena %.1f MiB (one buffer each: %.1f MiB)\n",
              backend::cpu::num_threads(), stats.nodes, stats.arena_bytes / 1048576.0,
              stats.naive_bytes / 1048576.0);
  for (int epoch = 0; epoch < kEpochs; ++epoch) {
    std::vector<double> times;
    for (int s = 0; s < kSteps; ++s) {
      auto t0 = std::chrono::steady_clock::now();
      step.run({xs, ys}, out);
      times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    double total = 0;
    for (double t : times) total += t;
    std::sort(times.begin(), times.end());
    std::printf("epoch %d: %.3f s for %d steps (median step %.2f ms), loss %.4f\n", epoch + 1,
                total, kSteps, times[times.size() / 2] * 1e3, out[0].item<double>());
  }
  return 0;
}
