// Arrays cut into batches for fit(), evaluate() and predict() (Keras's ArrayDataAdapter,
// keras/src/trainers/data_adapters/array_data_adapter.py): consecutive slices of an index
// array that is permuted at the start of every epoch when shuffling; the last batch is partial.
//
// Batches are gathered into buffers that are reused from step to step, and the next batch is
// gathered on a background thread while the current step runs (BatchPrefetcher).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "keras/core/tensor.h"

namespace keras::models {

// Every array of one dataset, flat: the model's inputs, then the targets, then sample weights.
class ArrayData {
 public:
  // All tensors concrete with the same first dimension (ValueError naming x, y and
  // sample_weight sizes otherwise, as Keras's "Data cardinality is ambiguous").
  ArrayData(std::vector<Tensor> x, std::vector<Tensor> y, std::vector<Tensor> sample_weight);

  int64_t num_samples() const { return num_samples_; }
  size_t num_x() const { return x_count_; }
  size_t num_y() const { return y_count_; }
  size_t num_sample_weight() const { return arrays_.size() - x_count_ - y_count_; }
  const std::vector<Tensor>& arrays() const { return arrays_; }

  // Rows [begin, end) of the order `indices` gathered into `out` (host tensors of the batch
  // shape, made by make_batch_buffers).
  void gather(const std::vector<int64_t>& indices, int64_t begin, int64_t end,
              std::vector<Tensor>& out) const;
  std::vector<Tensor> make_batch_buffers(int64_t rows) const;
  // The arrays split at `split_at` rows: [0, split_at) and [split_at, n).
  std::pair<ArrayData, ArrayData> split(int64_t split_at) const;

 private:
  std::vector<Tensor> arrays_;
  size_t x_count_, y_count_;
  int64_t num_samples_ = 0;
};

// One pass over ArrayData in batches, gathered ahead on a worker thread.
class BatchPrefetcher {
 public:
  BatchPrefetcher(const ArrayData& data, int64_t batch_size, std::vector<int64_t> order);
  ~BatchPrefetcher();
  BatchPrefetcher(const BatchPrefetcher&) = delete;
  BatchPrefetcher& operator=(const BatchPrefetcher&) = delete;

  int64_t num_batches() const { return num_batches_; }
  // The next batch (valid until the following call), or nullptr after the last one.
  const std::vector<Tensor>* next();

 private:
  void work();

  const ArrayData& data_;
  int64_t batch_size_, num_batches_;
  std::vector<int64_t> order_;
  // Two slots: the consumer reads one while the worker fills the other.
  std::vector<Tensor> slots_[2], partial_[2];
  bool ready_[2] = {false, false};
  int64_t produced_ = 0, consumed_ = 0;
  bool stop_ = false;
  std::exception_ptr error_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::thread worker_;
};

}  // namespace keras::models
