// Keras 3's crossentropy metrics (keras/src/metrics/probabilistic_metrics.py), the means of the
// per-sample crossentropies of keras/losses/functions.h (keras.metrics exports the same
// functions).
//
//   metrics::CategoricalCrossentropy cce({.from_logits = true, .label_smoothing = 0.1});
//   metrics::SparseCategoricalCrossentropy scce({.ignore_class = 0});
//
// From probabilities the predictions are clipped to [epsilon, 1 - epsilon] (categorical ones are
// first divided by their sum); from logits the stable log-softmax / sigmoid forms are used
// (KERAS.md §7.2). Label smoothing: categorical y·(1 - s) + s / classes, binary
// y·(1 - s) + s / 2.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>

#include "keras/losses/functions.h"
#include "keras/metrics/reduction_metrics.h"

namespace keras::metrics {

// --- Per-sample functions ---------------------------------------------------------------------

// keras.metrics exports the loss functions themselves (keras/losses/functions.h).
using losses::binary_crossentropy;
using losses::categorical_crossentropy;
using losses::sparse_categorical_crossentropy;

// --- Classes ----------------------------------------------------------------------------------

struct BinaryCrossentropyOptions {
  bool from_logits = false;
  double label_smoothing = 0.0;
  KERAS_METRIC_OPTIONS
};

// Name "binary_crossentropy".
class BinaryCrossentropyImpl : public MeanMetricWrapperImpl {
 public:
  explicit BinaryCrossentropyImpl(const BinaryCrossentropyOptions& options = {});
  Json get_config() const override;  // name, dtype, from_logits, label_smoothing
  static std::shared_ptr<BinaryCrossentropyImpl> from_config(const Json& config);

 private:
  BinaryCrossentropyOptions options_;
};
using BinaryCrossentropy = MetricHandle<BinaryCrossentropyImpl, BinaryCrossentropyOptions>;

struct CategoricalCrossentropyOptions {
  bool from_logits = false;
  double label_smoothing = 0.0;
  int axis = -1;
  KERAS_METRIC_OPTIONS
};

// Name "categorical_crossentropy".
class CategoricalCrossentropyImpl : public MeanMetricWrapperImpl {
 public:
  explicit CategoricalCrossentropyImpl(const CategoricalCrossentropyOptions& options = {});
  Json get_config() const override;  // name, dtype, from_logits, label_smoothing, axis
  static std::shared_ptr<CategoricalCrossentropyImpl> from_config(const Json& config);

 private:
  CategoricalCrossentropyOptions options_;
};
using CategoricalCrossentropy =
    MetricHandle<CategoricalCrossentropyImpl, CategoricalCrossentropyOptions>;

struct SparseCategoricalCrossentropyOptions {
  bool from_logits = false;
  std::optional<int64_t> ignore_class;
  int axis = -1;
  KERAS_METRIC_OPTIONS
};

// Name "sparse_categorical_crossentropy". With ignore_class, the ignored entries are left out of
// the mean when sample weights are given (Keras folds the values' mask into the weights only
// then); without weights they count as zeros, as in Keras.
class SparseCategoricalCrossentropyImpl : public MeanMetricWrapperImpl {
 public:
  explicit SparseCategoricalCrossentropyImpl(
      const SparseCategoricalCrossentropyOptions& options = {});
  Json get_config() const override;  // name, dtype, from_logits, ignore_class, axis
  static std::shared_ptr<SparseCategoricalCrossentropyImpl> from_config(const Json& config);

 private:
  SparseCategoricalCrossentropyOptions options_;
};
using SparseCategoricalCrossentropy =
    MetricHandle<SparseCategoricalCrossentropyImpl, SparseCategoricalCrossentropyOptions>;

}  // namespace keras::metrics
