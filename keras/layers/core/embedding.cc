#include "keras/layers/core/embedding.h"

#include "keras/core/config_reading.h"
#include "keras/ops/math.h"
#include "keras/ops/shape.h"

namespace keras::layers {

EmbeddingImpl::EmbeddingImpl(int64_t input_dim, int64_t output_dim, const EmbeddingOptions& options)
    : Layer("Embedding", options.layer_options()),
      input_dim_(input_dim),
      output_dim_(output_dim),
      embeddings_initializer_(initializers::get(options.embeddings_initializer)),
      embeddings_regularizer_(regularizers::get(options.embeddings_regularizer)),
      embeddings_constraint_(constraints::get(options.embeddings_constraint)),
      mask_zero_(options.mask_zero) {
  if (input_dim <= 0)
    throw ValueError(str("`input_dim` must be a positive integer. Received: input_dim=", input_dim,
                         " (of type int)."));
  if (output_dim <= 0)
    throw ValueError(str("`output_dim` must be a positive integer. Received: output_dim=",
                         output_dim, " (of type int)."));
  set_supports_masking(mask_zero_);
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
  embeddings_ = add_weight({.name = "embeddings",
                            .shape = Shape{input_dim_, output_dim_},
                            .initializer = embeddings_initializer_,
                            .regularizer = embeddings_regularizer_,
                            .constraint = embeddings_constraint_});
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
  if (!mask_zero_) return Tensors();
  return Tensors(ops::not_equal(inputs.single(str("Embedding '", name(), "'")), 0.0));
}

Shapes EmbeddingImpl::compute_output_shape(const Shapes& input_shape) {
  std::vector<int64_t> dims = input_shape.single(str("Embedding '", name(), "'")).dims();
  dims.push_back(output_dim_);
  return Shapes(Shape(dims));
}

Json EmbeddingImpl::get_config() const {
  Json config = Layer::get_config();
  config["input_dim"] = input_dim_;
  config["output_dim"] = output_dim_;
  config["embeddings_initializer"] = to_config(embeddings_initializer_);
  config["embeddings_regularizer"] = to_config(embeddings_regularizer_);
  // Keras writes activity_regularizer here too (null when none; in place when the base has it).
  config["activity_regularizer"] = to_config(activity_regularizer());
  config["embeddings_constraint"] = to_config(embeddings_constraint_);
  config["mask_zero"] = mask_zero_;
  config["quantization_config"] = nullptr;
  return config;
}

std::shared_ptr<EmbeddingImpl> EmbeddingImpl::from_config(const Json& config) {
  const std::string who = "Embedding";
  EmbeddingOptions options;
  read_layer_options(options, config, who);
  for (const char* key : {"input_dim", "output_dim"})
    if (!config.contains(key) || !config.at(key).is_number_integer())
      throw ValueError(str("Embedding config: '", key, "' must be an integer, got ",
                           config.contains(key) ? config.at(key).dump() : "nothing"));
  read_arg(config, "embeddings_initializer", options.embeddings_initializer);
  read_arg(config, "embeddings_regularizer", options.embeddings_regularizer);
  read_arg(config, "embeddings_constraint", options.embeddings_constraint);
  options.mask_zero = config_reading::boolean(config, "mask_zero", false, who);
  return std::make_shared<EmbeddingImpl>(config.at("input_dim").get<int64_t>(),
                                         config.at("output_dim").get<int64_t>(), options);
}

}  // namespace keras::layers
