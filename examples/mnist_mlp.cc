// Keras's mnist_mlp example, line for line in C++: a multilayer perceptron on Fashion-MNIST
// (Debian's dataset-fashion-mnist, or the Keras cache), trained with RMSprop.
//
//   build/examples/mnist_mlp                # 20 epochs, as the Keras example
//   build/examples/mnist_mlp --epochs 3     # fewer; --min-accuracy A exits 1 below A
//   build/examples/mnist_mlp --seed 1       # utils::set_random_seed(1) first: a repeatable run
//   build/examples/mnist_mlp --floatx bfloat16              # keras.config.set_floatx
//   build/examples/mnist_mlp --dtype-policy mixed_float16   # keras.config.set_dtype_policy
//
// Prints what the Python script prints: the sample counts, model.summary(), the Keras 3 progress
// bar, and "Test loss:" / "Test accuracy:".
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <optional>

#include "keras/keras.h"

using namespace keras;

static int run(int argc, char** argv) {
  int epochs = 20;
  double min_accuracy = 0.0;
  std::optional<int64_t> seed;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--epochs") && i + 1 < argc)
      epochs = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--min-accuracy") && i + 1 < argc)
      min_accuracy = std::atof(argv[++i]);
    else if (!std::strcmp(argv[i], "--seed") && i + 1 < argc)
      seed = std::atoll(argv[++i]);
    else if (!std::strcmp(argv[i], "--floatx") && i + 1 < argc)
      config::set_floatx(argv[++i]);
    else if (!std::strcmp(argv[i], "--dtype-policy") && i + 1 < argc)
      config::set_dtype_policy(DTypePolicy(argv[++i]));
    else {
      std::fprintf(stderr,
                   "usage: %s [--epochs N] [--min-accuracy A] [--seed S] [--floatx DTYPE] "
                   "[--dtype-policy NAME]\n",
                   argv[0]);
      return 2;
    }
  }

  // Not in Keras's script: the weights, dropout masks and batch order then repeat run to run.
  if (seed) utils::set_random_seed(*seed);

  const int64_t batch_size = 128;
  const int64_t num_classes = 10;

  // The data, split between train and test sets.
  auto [train, test] = datasets::fashion_mnist::load_data();
  auto [x_train, y_train] = train;
  auto [x_test, y_test] = test;

  x_train = x_train.reshape(Shape{60000, 784});
  x_test = x_test.reshape(Shape{10000, 784});
  x_train = x_train.astype(DType::float32);
  x_test = x_test.astype(DType::float32);
  x_train = x_train / 255.0;
  x_test = x_test / 255.0;
  std::cout << x_train.shape()[0] << " train samples\n";
  std::cout << x_test.shape()[0] << " test samples\n";

  // Convert class vectors to binary class matrices.
  y_train = utils::to_categorical(y_train, num_classes);
  y_test = utils::to_categorical(y_test, num_classes);

  Sequential model;
  model.add(layers::Dense(512, {.activation = "relu", .input_shape = Shape{784}}));
  model.add(layers::Dropout(0.2));
  model.add(layers::Dense(512, {.activation = "relu"}));
  model.add(layers::Dropout(0.2));
  model.add(layers::Dense(num_classes, {.activation = "softmax"}));

  model.summary();

  model.compile({.optimizer = optimizers::RMSprop(),
                 .loss = "categorical_crossentropy",
                 .metrics = {"accuracy"}});

  callbacks::History history =
      model.fit(x_train, y_train,
                {.batch_size = batch_size,
                 .epochs = epochs,
                 .verbose = 1,
                 .validation_data = models::ValidationData{x_test, y_test}});
  std::vector<double> score = model.evaluate(x_test, y_test, {.verbose = 0});
  std::cout << "Test loss: " << utils::python_float(score[0]) << "\n";
  std::cout << "Test accuracy: " << utils::python_float(score[1]) << "\n";
  return score[1] >= min_accuracy ? 0 : 1;
}

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {  // e.g. no Fashion-MNIST: say where it was looked for
    std::fprintf(stderr, "mnist_mlp: %s\n", e.what());
    return 1;
  }
}
