#include "keras/models/batch_source.h"

#include <cmath>
#include <numeric>

#include "keras/backend/backend.h"
#include "keras/core/random.h"
#include "keras/ops/math.h"
#include "keras/ops/shape.h"

namespace keras::models {

namespace {

Nested<int> structure_of(const Tensors& t) {
  return t.map([](const Tensor&) { return 0; });
}

// Keras's class_weight_to_sample_weights: argmax of one-hot targets, else the rounded label.
Tensor class_weights_to_sample_weights(const Tensor& y, const std::map<int64_t, double>& weights) {
  Tensor labels = y;
  if (y.rank() > 1) labels = y.shape().dim(-1) != 1 ? ops::argmax(y, -1) : ops::squeeze(y, -1);
  std::vector<double> values = labels.to_vector<double>();
  std::vector<float> out(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    auto it = weights.find(static_cast<int64_t>(std::nearbyint(values[i])));
    out[i] = it == weights.end() ? 1.0f : static_cast<float>(it->second);
  }
  return Tensor::from_vector(out, Shape{static_cast<int64_t>(out.size())});
}

}  // namespace

Arrays flatten(const Tensors& x, const Tensors& y, const Tensors& sample_weight,
               const std::map<int64_t, double>& class_weight, const char* method) {
  if (x.empty()) throw ValueError(str("`", method, "` needs input data `x` (got nothing)"));
  Arrays a;
  a.x_structure = structure_of(x);
  a.y_structure = structure_of(y);
  a.w_structure = structure_of(sample_weight);
  a.x = x.flat();
  a.y = y.flat();
  a.w = sample_weight.flat();
  if (!class_weight.empty()) {
    if (!a.w.empty())
      throw ValueError("You cannot `class_weight` and `sample_weight` at the same time.");
    if (a.y.size() != 1)
      throw ValueError("`class_weight` is only supported for Models with a single output.");
    a.w.push_back(class_weights_to_sample_weights(a.y[0], class_weight));
    a.w_structure = Nested<int>(0);
  }
  for (const Tensor& t : a.w)
    if (t.defined() && !is_floating(t.dtype()) && !is_integer(t.dtype()))
      throw TypeError(str("`sample_weight` must hold numbers, got a ", t.dtype(), " tensor"));
  return a;
}

ArraySource::ArraySource(const Arrays& arrays, int64_t batch_size, bool shuffle)
    : ArraySource(ArrayData(arrays.x, arrays.y, arrays.w), arrays, batch_size, shuffle) {}

ArraySource::ArraySource(ArrayData data, const Arrays& like, int64_t batch_size, bool shuffle)
    : data_(std::move(data)),
      batch_size_(batch_size),
      shuffle_(shuffle),
      rng_(static_cast<uint64_t>(random::make_default_seed())) {
  x_structure = like.x_structure;
  y_structure = like.y_structure;
  w_structure = like.w_structure;
  nx = data_.num_x();
  ny = data_.num_y();
  order_.resize(static_cast<size_t>(data_.num_samples()));
  std::iota(order_.begin(), order_.end(), 0);
}

std::optional<int64_t> ArraySource::size() const {
  return (data_.num_samples() + batch_size_ - 1) / batch_size_;
}

void ArraySource::start_pass() {
  pass_.reset();
  if (shuffle_) std::shuffle(order_.begin(), order_.end(), rng_);
  pass_ = std::make_unique<BatchPrefetcher>(data_, batch_size_, order_);
}

const std::vector<Tensor>* ArraySource::next() {
  return pass_ ? pass_->next() : nullptr;
}

const std::vector<Tensor>* GeneratorSource::next() {
  if (generator_.size() && index_ >= *generator_.size()) return nullptr;
  std::optional<Batch> batch = generator_.get(index_++);
  if (!batch) return nullptr;
  if (batch->x.empty()) throw ValueError(str("the generator's batch ", index_ - 1, " has no x"));
  if (!seen_) {
    x_structure = structure_of(batch->x);
    y_structure = structure_of(batch->y);
    w_structure = structure_of(batch->sample_weight);
    nx = batch->x.size();
    ny = batch->y.size();
    seen_ = true;
  } else if (batch->x.size() != nx || batch->y.size() != ny) {
    throw ValueError(str("the generator's batch ", index_ - 1, " has ", batch->x.size(),
                         " inputs and ", batch->y.size(), " targets; the first had ", nx, " and ",
                         ny));
  }
  current_ = batch->x.flat();
  current_.insert(current_.end(), batch->y.begin(), batch->y.end());
  current_.insert(current_.end(), batch->sample_weight.begin(), batch->sample_weight.end());
  for (Tensor& t : current_)
    if (!t.backend().is_host()) t = t.to(backend::host());
  return &current_;
}

int64_t checked_batch_size(const std::optional<int64_t>& batch_size, const char* argument) {
  int64_t b = batch_size.value_or(32);
  if (b <= 0)
    throw ValueError(
        str("`", argument, "` must be a positive integer. Received: ", argument, "=", b));
  return b;
}

}  // namespace keras::models
