#include "keras/models/array_data.h"

#include <cstring>

#include "keras/backend/backend.h"
#include "keras/core/error.h"

namespace keras::models {

namespace {

std::string sizes(const std::vector<Tensor>& arrays, size_t begin, size_t end) {
  std::string out;
  for (size_t i = begin; i < end; ++i)
    out += (out.empty() ? "" : ", ") + std::to_string(arrays[i].rank() ? arrays[i].shape()[0] : 0);
  return out;
}

}  // namespace

ArrayData::ArrayData(std::vector<Tensor> x, std::vector<Tensor> y,
                     std::vector<Tensor> sample_weight)
    : x_count_(x.size()), y_count_(y.size()) {
  for (auto* group : {&x, &y, &sample_weight})
    for (Tensor& t : *group) {
      if (!t.defined()) throw ValueError("fit/evaluate/predict: an input array is empty");
      if (!t.is_concrete())
        throw ValueError(
            str("fit/evaluate/predict expects concrete arrays, got a symbolic tensor "
                "of shape ",
                t.shape()));
      if (t.rank() == 0)
        throw ValueError(
            str("fit/evaluate/predict: arrays need a first (sample) axis, got a "
                "scalar"));
      // Batches are gathered on the host.
      arrays_.push_back(t.backend().is_host() ? t : t.to(backend::host()));
    }
  if (arrays_.empty()) throw ValueError("fit/evaluate/predict: no data (x is empty)");
  num_samples_ = arrays_[0].shape()[0];
  for (const Tensor& t : arrays_)
    if (t.shape()[0] != num_samples_) {
      size_t nx = x_count_, ny = x_count_ + y_count_;
      throw ValueError(
          str("Data cardinality is ambiguous. Make sure all arrays contain the same "
              "number of samples.'x' sizes: ",
              sizes(arrays_, 0, nx), "\n'y' sizes: ", sizes(arrays_, nx, ny),
              "\n'sample_weight' sizes: ", sizes(arrays_, ny, arrays_.size()), "\n"));
    }
}

std::vector<Tensor> ArrayData::make_batch_buffers(int64_t rows) const {
  std::vector<Tensor> out;
  for (const Tensor& t : arrays_) {
    std::vector<int64_t> dims = t.shape().dims();
    dims[0] = rows;
    out.push_back(Tensor::empty(Shape(dims), t.dtype(), &backend::host()));
  }
  return out;
}

void ArrayData::gather(const std::vector<int64_t>& indices, int64_t begin, int64_t end,
                       std::vector<Tensor>& out) const {
  for (size_t a = 0; a < arrays_.size(); ++a) {
    const Tensor& src = arrays_[a];
    std::size_t row = src.nbytes() / static_cast<std::size_t>(num_samples_ ? num_samples_ : 1);
    const auto* from = static_cast<const uint8_t*>(src.raw_data());
    auto* to = static_cast<uint8_t*>(out[a].raw_data());
    // Consecutive indices (no shuffling) copy as one block.
    int64_t i = begin;
    while (i < end) {
      int64_t run = 1;
      while (i + run < end &&
             indices[static_cast<size_t>(i + run)] == indices[static_cast<size_t>(i)] + run)
        ++run;
      std::memcpy(to + static_cast<std::size_t>(i - begin) * row,
                  from + static_cast<std::size_t>(indices[static_cast<size_t>(i)]) * row,
                  static_cast<std::size_t>(run) * row);
      i += run;
    }
  }
}

std::pair<ArrayData, ArrayData> ArrayData::split(int64_t split_at) const {
  auto part = [&](int64_t begin, int64_t end) {
    std::vector<Tensor> x, y, w;
    for (size_t a = 0; a < arrays_.size(); ++a) {
      Tensor s = arrays_[a].slice(begin, end);
      (a < x_count_ ? x : a < x_count_ + y_count_ ? y : w).push_back(s);
    }
    return ArrayData(x, y, w);
  };
  return {part(0, split_at), part(split_at, num_samples_)};
}

BatchPrefetcher::BatchPrefetcher(const ArrayData& data, int64_t batch_size,
                                 std::vector<int64_t> order)
    : data_(data),
      batch_size_(batch_size),
      num_batches_((static_cast<int64_t>(order.size()) + batch_size - 1) / batch_size),
      order_(std::move(order)) {
  worker_ = std::thread([this] { work(); });
}

BatchPrefetcher::~BatchPrefetcher() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  cv_.notify_all();
  worker_.join();
}

void BatchPrefetcher::work() {
  try {
    for (int64_t b = 0; b < num_batches_; ++b) {
      int slot = static_cast<int>(b % 2);
      {
        std::unique_lock lock(mutex_);
        cv_.wait(lock, [&] { return stop_ || !ready_[slot]; });
        if (stop_) return;
      }
      int64_t begin = b * batch_size_;
      int64_t end = std::min<int64_t>(begin + batch_size_, static_cast<int64_t>(order_.size()));
      std::vector<Tensor>& buffers = end - begin == batch_size_ ? slots_[slot] : partial_[slot];
      if (buffers.empty() || buffers[0].shape()[0] != end - begin)
        buffers = data_.make_batch_buffers(end - begin);
      data_.gather(order_, begin, end, buffers);
      {
        std::lock_guard lock(mutex_);
        ready_[slot] = true;
        ++produced_;
      }
      cv_.notify_all();
    }
  } catch (...) {
    std::lock_guard lock(mutex_);
    error_ = std::current_exception();
    stop_ = true;
    cv_.notify_all();
  }
}

const std::vector<Tensor>* BatchPrefetcher::next() {
  std::unique_lock lock(mutex_);
  if (consumed_ > 0) {  // the previous batch is done with: its slot may be refilled
    ready_[(consumed_ - 1) % 2] = false;
    cv_.notify_all();
  }
  if (consumed_ >= num_batches_) return nullptr;
  int slot = static_cast<int>(consumed_ % 2);
  cv_.wait(lock, [&] { return ready_[slot] || error_ != nullptr; });
  if (error_) std::rethrow_exception(error_);
  int64_t begin = consumed_ * batch_size_;
  int64_t rows = std::min<int64_t>(batch_size_, static_cast<int64_t>(order_.size()) - begin);
  ++consumed_;
  return rows == batch_size_ ? &slots_[slot] : &partial_[slot];
}

}  // namespace keras::models
