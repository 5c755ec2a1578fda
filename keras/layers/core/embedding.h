// keras.layers.Embedding (keras/src/layers/core/embedding.py): turns non-negative integer ids
// into dense vectors, embeddings[ids], output shape (*ids.shape, output_dim). Weight: embeddings
// (input_dim, output_dim). Ids of any integer dtype are taken as they are; other dtypes are cast
// to int32 first (float ids truncate toward zero), as Keras does. An id outside [0, input_dim)
// throws ValueError when the lookup runs. With mask_zero, id 0 is padding: the output carries the
// mask ids != 0 (so input_dim must be the vocabulary size + 1).
#pragma once

#include "keras/layers/layer.h"

namespace keras::layers {

struct EmbeddingOptions {
  initializers::InitializerArg embeddings_initializer = "uniform";
  regularizers::RegularizerArg embeddings_regularizer;
  constraints::ConstraintArg embeddings_constraint;
  bool mask_zero = false;
  KERAS_LAYER_OPTIONS
};

class EmbeddingImpl : public Layer {
 public:
  // input_dim (the vocabulary size) and output_dim must be positive (ValueError otherwise).
  EmbeddingImpl(int64_t input_dim, int64_t output_dim, const EmbeddingOptions& options = {});

  int64_t input_dim() const { return input_dim_; }
  int64_t output_dim() const { return output_dim_; }
  bool mask_zero() const { return options_.mask_zero; }
  // The weight; ValueError before the layer is built.
  const Variable& embeddings() const;

  Tensors compute_mask(const Tensors& inputs, const Tensors& previous_mask) override;
  Shapes compute_output_shape(const Shapes& input_shape) override;
  Json get_config() const override;
  static std::shared_ptr<EmbeddingImpl> from_config(const Json& config);

 protected:
  void build_state(const Shapes& input_shape) override;
  Tensors call(const Tensors& inputs, const CallContext& context) override;

 private:
  int64_t input_dim_, output_dim_;
  EmbeddingOptions options_;
  WeightArgs embeddings_args_;
  Variable embeddings_;
};

class Embedding : public LayerHandle<EmbeddingImpl> {
 public:
  using LayerHandle::LayerHandle;
  Embedding(int64_t input_dim, int64_t output_dim, const EmbeddingOptions& options = {})
      : LayerHandle(std::make_shared<EmbeddingImpl>(input_dim, output_dim, options)) {}
};

}  // namespace keras::layers
