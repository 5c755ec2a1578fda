// Two interleaved spirals, classified by a small MLP trained with the core engine alone:
// keras::ops on symbolic tensors build the model, graph::gradients differentiates it, and one
// graph::Program runs forward, backward and the RMSprop updates per step with no allocation.
// (Layers, Model and fit() come later; this is what they will be built on.)
#include <cmath>
#include <cstdio>
#include <numbers>
#include <random>

#include "keras/graph/gradients.h"
#include "keras/graph/program.h"
#include "keras/graph/symbolic.h"
#include "keras/keras.h"

using namespace keras;

int main() {
  // Data: 2 classes x 500 points on two spirals, with a little noise.
  const int n = 1000, classes = 2, hidden = 64, epochs = 60, batch = 50;
  std::mt19937_64 rng(42);
  std::normal_distribution<float> noise(0.0f, 0.1f);
  std::vector<float> points;
  std::vector<int64_t> labels;
  for (int i = 0; i < n; ++i) {
    int c = i % classes;
    float t = 0.25f + 3.0f * static_cast<float>(i / classes) / (n / classes);
    float angle = t * 2.2f + static_cast<float>(c) * std::numbers::pi_v<float>;
    points.push_back(t * std::cos(angle) + noise(rng));
    points.push_back(t * std::sin(angle) + noise(rng));
    labels.push_back(c);
  }
  Tensor x_all = Tensor::from_vector(points, Shape{n, 2});
  Tensor y_all = Tensor::from_vector(labels, Shape{n});

  // Weights (Glorot-uniform-like, seeded) and RMSprop velocities.
  keras::random::SeedGenerator seed(1337);
  auto glorot = [&](int64_t in, int64_t out) {
    double limit = std::sqrt(6.0 / static_cast<double>(in + out));
    return keras::random::uniform(Shape{in, out},
                                  {.minval = -limit, .maxval = limit, .seed = seed});
  };
  std::vector<Variable> weights{
      Variable(glorot(2, hidden), "dense/kernel"),
      Variable(Tensor::zeros(Shape{hidden}, DType::float32), "dense/bias"),
      Variable(glorot(hidden, hidden), "dense_1/kernel"),
      Variable(Tensor::zeros(Shape{hidden}, DType::float32), "dense_1/bias"),
      Variable(glorot(hidden, classes), "dense_2/kernel"),
      Variable(Tensor::zeros(Shape{classes}, DType::float32), "dense_2/bias"),
  };

  // The model, symbolically: batch size unknown (None).
  Tensor x = graph::placeholder({DType::float32, Shape{-1, 2}}, "x");
  Tensor y = graph::placeholder({DType::int64, Shape{-1}}, "y");
  Tensor h = ops::dense(x, weights[0], weights[1], "relu");
  h = ops::dense(h, weights[2], weights[3], "relu");
  Tensor probs = ops::softmax(ops::dense(h, weights[4], weights[5]));
  Tensor loss = ops::mean(ops::sparse_categorical_crossentropy(y, probs));
  Tensor accuracy = ops::mean(ops::cast(ops::equal(ops::argmax(probs, -1), y), DType::float32));

  std::vector<Tensor> params(weights.begin(), weights.end());
  std::vector<Tensor> grads = graph::gradients(loss, params);
  Tensor learning_rate = Tensor::scalar(0.003f);
  std::vector<Tensor> updates;
  std::vector<Variable> velocities;
  for (size_t i = 0; i < weights.size(); ++i) {
    velocities.emplace_back(Tensor::zeros(weights[i].shape(), DType::float32),
                            weights[i].name() + "/velocity", false);
    updates.push_back(ops::rmsprop_update(weights[i], grads[i], learning_rate, velocities[i]));
  }
  graph::Program train_step({x, y}, {loss, accuracy}, updates);
  graph::Program evaluate({x, y}, {loss, accuracy});

  for (int epoch = 1; epoch <= epochs; ++epoch) {
    double total_loss = 0, total_accuracy = 0;
    for (int start = 0; start < n; start += batch) {
      std::vector<Tensor> out =
          train_step.run({x_all.slice(start, start + batch), y_all.slice(start, start + batch)});
      total_loss += out[0].item<double>();
      total_accuracy += out[1].item<double>();
    }
    if (epoch % 10 == 0 || epoch == 1)
      std::printf("Epoch %d/%d - loss: %.4f - accuracy: %.4f\n", epoch, epochs,
                  total_loss / (n / batch), total_accuracy / (n / batch));
  }
  std::vector<Tensor> result = evaluate.run({x_all, y_all});
  std::printf("Final loss: %.4f\nFinal accuracy: %.4f\n", result[0].item<double>(),
              result[1].item<double>());
  return result[1].item<double>() > 0.9 ? 0 : 1;
}
