// The README's API tour, compiled and checked, so the README cannot drift from the code.
#include <gtest/gtest.h>

#include "keras/keras.h"

namespace keras {
namespace {

TEST(ReadmeTour, EagerAndSymbolic) {
  // --- as in the README ---
  Tensor x = Tensor::from_vector<float>({1, -2, 3, -4}, Shape{2, 2});
  Tensor y = ops::relu(x) * 2.0;  // [[2, 0], [6, 0]]

  Variable w(Tensor::zeros(Shape{2, 1}, DType::float32), "w");
  Tensor in = graph::placeholder({DType::float32, Shape{-1, 2}}, "x");
  Tensor target = graph::placeholder({DType::float32, Shape{-1, 1}}, "y");
  Tensor loss = ops::mean(ops::square(ops::matmul(in, w) - target));
  std::vector<Tensor> grads = graph::gradients(loss, {w});
  Tensor learning_rate = Tensor::scalar(0.1f);
  graph::Program step({in, target}, {loss}, {ops::sgd_update(w, grads[0], learning_rate)});
  // --- end ---

  EXPECT_EQ(y.to_vector<float>(), (std::vector<float>{2, 0, 6, 0}));
  // Fit y = x0 - x1 on a few points: the loss must fall to nearly zero.
  Tensor xs = Tensor::from_vector<float>({1, 0, 0, 1, 1, 1, 2, 1}, Shape{4, 2});
  Tensor ys = Tensor::from_vector<float>({1, -1, 0, 1}, Shape{4, 1});
  double first = step.run({xs, ys})[0].item<double>(), last = first;
  for (int i = 0; i < 200; ++i) last = step.run({xs, ys})[0].item<double>();
  EXPECT_GT(first, 0.5);
  EXPECT_LT(last, 1e-6);
  std::vector<float> learned = w.value().to_vector<float>();
  EXPECT_NEAR(learned[0], 1.0f, 1e-3);
  EXPECT_NEAR(learned[1], -1.0f, 1e-3);
}

}  // namespace
}  // namespace keras
