// Where fit(), evaluate() and predict() take their batches from (Keras's data adapters and
// EpochIterator, keras/src/trainers/): arrays, cut into batches that are shuffled and gathered
// ahead on a worker thread (array_data.h), or a user's BatchGenerator. Internal to the trainer.
//
// Every batch is handed on flat, as the arrays the step's program takes: x..., y...,
// sample_weight..., with the structures they came in kept beside them for the traced step
// (traced_step.h). The arguments' checks follow Keras's messages (class_weight with
// sample_weight, class_weight for several outputs, a validation_split that leaves nothing).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <random>
#include <vector>

#include "keras/models/array_data.h"
#include "keras/models/training_options.h"

namespace keras::models {

class BatchSource {
 public:
  virtual ~BatchSource() = default;
  // Batches in one pass, when known.
  virtual std::optional<int64_t> size() const = 0;
  // Starts a pass (reshuffled when asked).
  virtual void start_pass() = 0;
  // The next batch of the pass (valid until the next call); nullptr at its end.
  virtual const std::vector<Tensor>* next() = 0;
  virtual void end_epoch() {}

  // The structures of x, y and sample_weight, and how many flat arrays x and y have.
  Nested<int> x_structure, y_structure, w_structure;
  size_t nx = 0, ny = 0;
};

// The data arguments of fit(), evaluate() or predict() made flat, with their structures;
// class_weight becomes sample weights (Keras's class_weight_to_sample_weights).
struct Arrays {
  Nested<int> x_structure, y_structure, w_structure;
  std::vector<Tensor> x, y, w;
};
Arrays flatten(const Tensors& x, const Tensors& y, const Tensors& sample_weight,
               const std::map<int64_t, double>& class_weight, const char* method);

class ArraySource : public BatchSource {
 public:
  ArraySource(const Arrays& arrays, int64_t batch_size, bool shuffle);
  // Rows of arrays already gathered (a validation split), with the structures of `like`.
  ArraySource(ArrayData data, const Arrays& like, int64_t batch_size, bool shuffle);
  std::optional<int64_t> size() const override;
  void start_pass() override;
  const std::vector<Tensor>* next() override;

 private:
  ArrayData data_;
  int64_t batch_size_;
  bool shuffle_;
  std::mt19937_64 rng_;
  std::vector<int64_t> order_;
  std::unique_ptr<BatchPrefetcher> pass_;
};

class GeneratorSource : public BatchSource {
 public:
  explicit GeneratorSource(BatchGenerator& generator) : generator_(generator) {}
  std::optional<int64_t> size() const override { return generator_.size(); }
  void start_pass() override { index_ = 0; }
  const std::vector<Tensor>* next() override;
  void end_epoch() override { generator_.on_epoch_end(); }

 private:
  BatchGenerator& generator_;
  int64_t index_ = 0;
  bool seen_ = false;
  std::vector<Tensor> current_;
};

// batch_size (or validation_batch_size): 32 when unset; ValueError unless positive.
int64_t checked_batch_size(const std::optional<int64_t>& batch_size, const char* argument);

}  // namespace keras::models
