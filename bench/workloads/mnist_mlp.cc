// The kerascpp side of the mnist_mlp workload (BENCHMARKS.md): Keras's mnist_mlp model written
// with the Keras API as in examples/mnist_mlp.cc, started from the initial weights that
// bench/workloads/mnist_mlp.py wrote, trained with fit() (verbose 0) and evaluated with
// evaluate(). Prints one JSON line for bench/run.
//
//   build/bench/workload_mnist_mlp --data build/bench-data/mnist_mlp --epochs 5 [--floatx float16]
//       [--dtype-policy mixed_bfloat16]
#include <sys/resource.h>
#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>

#include "keras/backend/cpu/cpu_backend.h"
#include "keras/core/json.h"
#include "keras/keras.h"

using namespace keras;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// CPU time of all the process's threads so far (bench/run's "cores" column: CPU over wall time).
double process_cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + 1e-9 * static_cast<double>(now.tv_nsec);
}

// Training time of each epoch, from on_epoch_begin to on_epoch_end (no validation runs), on the
// wall clock and in CPU time.
class EpochTimer : public callbacks::Callback {
 public:
  void on_epoch_begin(int, const callbacks::Logs&) override {
    start_ = Clock::now();
    cpu_start_ = process_cpu_seconds();
  }
  void on_epoch_end(int, callbacks::Logs&) override {
    seconds.push_back(seconds_since(start_));
    cpu_seconds.push_back(process_cpu_seconds() - cpu_start_);
  }
  std::vector<double> seconds, cpu_seconds;

 private:
  Clock::time_point start_;
  double cpu_start_ = 0;
};

int run(int argc, char** argv) {
  std::filesystem::path data;
  int epochs = 20;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--data") && i + 1 < argc)
      data = argv[++i];
    else if (!std::strcmp(argv[i], "--epochs") && i + 1 < argc)
      epochs = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--floatx") && i + 1 < argc)
      config::set_floatx(argv[++i]);  // keras.config.set_floatx: Keras's bfloat16 too
    else if (!std::strcmp(argv[i], "--dtype-policy") && i + 1 < argc)
      config::set_dtype_policy(DTypePolicy(argv[++i]));  // mixed_bfloat16, mixed_float16
    else {
      std::fprintf(stderr,
                   "usage: %s --data DIR [--epochs N] [--floatx DTYPE] [--dtype-policy NAME]\n",
                   argv[0]);
      return 2;
    }
  }
  if (data.empty()) throw ValueError("--data DIR is required (bench/run prepares it)");

  Tensor x_train = load_npy(data / "x_train.npy"), x_test = load_npy(data / "x_test.npy");
  Tensor y_train = utils::to_categorical(load_npy(data / "y_train.npy"), 10);
  Tensor y_test = utils::to_categorical(load_npy(data / "y_test.npy"), 10);

  Sequential model;
  model.add(layers::Dense(512, {.activation = "relu", .input_shape = Shape{784}}));
  model.add(layers::Dropout(0.2));
  model.add(layers::Dense(512, {.activation = "relu"}));
  model.add(layers::Dropout(0.2));
  model.add(layers::Dense(10, {.activation = "softmax"}));
  std::vector<Tensor> initial;
  for (const char* name : {"kernel_0", "bias_0", "kernel_1", "bias_1", "kernel_2", "bias_2"})
    initial.push_back(load_npy(data / (std::string(name) + ".npy")));
  model.set_weights(initial);
  model.compile({.optimizer = optimizers::RMSprop(),
                 .loss = "categorical_crossentropy",
                 .metrics = {"accuracy"}});

  auto timer = std::make_shared<EpochTimer>();
  model.fit(x_train, y_train,
            {.batch_size = 128, .epochs = epochs, .verbose = 0, .callbacks = {timer}});
  auto start = Clock::now();
  std::vector<double> score = model.evaluate(x_test, y_test, {.batch_size = 128, .verbose = 0});
  double eval_seconds = seconds_since(start);

  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::string backend = config::backend();
  Json line = {{"library", "kerascpp"},
               {"backend", backend},
               {"threads", backend == "cpu" ? backend::cpu::num_threads() : 0},
               {"epoch_seconds", timer->seconds},
               {"epoch_cpu_seconds", timer->cpu_seconds},
               {"eval_seconds", eval_seconds},
               {"test_loss", score[0]},
               {"test_accuracy", score[1]},
               {"peak_rss_mib", static_cast<double>(usage.ru_maxrss) / 1024.0}};
  std::cout << line.dump() << std::endl;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "workload_mnist_mlp: %s\n", e.what());
    return 1;
  }
}
