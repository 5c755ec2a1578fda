#include "keras/layers/core/embedding.h"

#include "keras/layers/detail/layer_config.h"
#include "keras/ops/math.h"
#include "keras/ops/shape.h"

namespace keras::layers {

namespace {

struct EmbeddingArgs {
  int64_t input_dim = 0, output_dim = 0;
  EmbeddingOptions options;
};

// keras/src/layers/core/embedding.py's get_config order (activity_regularizer among its own keys,
// null when none); Keras 1's spellings read too.
args::ArgList embedding_args(EmbeddingArgs& a) {
  EmbeddingOptions& o = a.options;
  return {{"input_dim", a.input_dim},
          {"output_dim", a.output_dim},
          {"embeddings_initializer", o.embeddings_initializer, {"init"}},
          {"embeddings_regularizer", o.embeddings_regularizer, {"W_regularizer"}},
          {"activity_regularizer", o.activity_regularizer},
          {"embeddings_constraint", o.embeddings_constraint, {"W_constraint"}},
          {"mask_zero", o.mask_zero},
          args::Arg::fixed("quantization_config", nullptr)};
}

}  // namespace

EmbeddingImpl::EmbeddingImpl(int64_t input_dim, int64_t output_dim, const EmbeddingOptions& options)
    : Layer("Embedding", options.layer_options()),
      input_dim_(input_dim),
      output_dim_(output_dim),
      options_(options),
      embeddings_args_(options.embeddings_initializer, options.embeddings_regularizer,
                       options.embeddings_constraint) {
  if (input_dim <= 0)
    throw ValueError(str("`input_dim` must be a positive integer. Received: input_dim=", input_dim,
                         " (of type int)."));
  if (output_dim <= 0)
    throw ValueError(str("`output_dim` must be a positive integer. Received: output_dim=",
                         output_dim, " (of type int)."));
  set_supports_masking(options_.mask_zero);
  // Ids are not cast to the layer's dtype (a float32 id loses integers above 2^24).
  set_autocast(false);
}

const Variable& EmbeddingImpl::embeddings() const {
  if (!embeddings_.defined())
    throw ValueError(
        str("Layer '", name(), "': you must build the layer before accessing `embeddings`"));
  return embeddings_;
}

void EmbeddingImpl::build_state(const Shapes&) {
  embeddings_ = add_weight(embeddings_args_.weight("embeddings", Shape{input_dim_, output_dim_}));
}

Tensors EmbeddingImpl::call(const Tensors& inputs, const CallContext&) {
  Tensor ids = inputs.single(str("Embedding '", name(), "'"));
  if (ids.dtype() != DType::int32 && ids.dtype() != DType::int64)
    ids = ops::cast(ids, DType::int32);
  // gather's gradient scatters the output gradient's rows back onto the rows looked up; an
  // optimizer step takes those rows as they are (keras/ops/updates.h), never a dense table.
  Tensor out;
  try {
    out = ops::take(embeddings_, ids, 0);
  } catch (const ValueError& e) {
    // Concrete ids are checked now; symbolic ones when their program runs (the kernel's error).
    throw ValueError(str("Embedding '", name(), "': ids must be in [0, input_dim=", input_dim_,
                         "); ", e.what()));
  }
  return ops::cast(out, compute_dtype());
}

Tensors EmbeddingImpl::compute_mask(const Tensors& inputs, const Tensors&) {
  if (!options_.mask_zero) return Tensors();
  return Tensors(ops::not_equal(inputs.single(str("Embedding '", name(), "'")), 0.0));
}

Shapes EmbeddingImpl::compute_output_shape(const Shapes& input_shape) {
  std::vector<int64_t> dims = input_shape.single(str("Embedding '", name(), "'")).dims();
  dims.push_back(output_dim_);
  return Shapes(Shape(dims));
}

Json EmbeddingImpl::get_config() const {
  EmbeddingArgs a{input_dim_, output_dim_, options_};
  return config_with(Layer::get_config(), embedding_args(a));
}

std::shared_ptr<EmbeddingImpl> EmbeddingImpl::from_config(const Json& config) {
  EmbeddingArgs a;
  read_config(a.options, config, embedding_args(a), "Embedding");
  // Embedding's input_dim is the vocabulary size, not Keras 1's input_dim=N shape shorthand.
  if (!config.contains("batch_input_shape")) a.options.input_shape.reset();
  return std::make_shared<EmbeddingImpl>(a.input_dim, a.output_dim, a.options);
}

}  // namespace keras::layers
