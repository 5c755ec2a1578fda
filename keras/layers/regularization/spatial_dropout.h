// keras.layers.SpatialDropout1D and SpatialDropout2D
// (keras/src/layers/regularization/spatial_dropout.py): Dropout that drops whole feature maps,
// for convolutional features whose neighbouring positions are strongly correlated. The mask has
// noise shape (batch, 1, channels) for 1D inputs (batch, steps, channels), and (batch, 1, 1,
// channels) or (batch, channels, 1, 1) for 2D inputs by data_format. Keras's constructors take
// only rate, (data_format,) seed, name and dtype, and their configs hold just those keys.
#pragma once

#include <optional>
#include <string>

#include "keras/layers/regularization/dropout.h"

namespace keras::layers {

// Keras's BaseSpatialDropout: a Dropout whose noise shape comes from the inputs.
class BaseSpatialDropoutImpl : public DropoutImpl {
 public:
  // Keras's config: rate, seed, name and dtype (the dtype's name).
  Json get_config() const override;

 protected:
  BaseSpatialDropoutImpl(std::string class_name, double rate, std::optional<int64_t> seed,
                         const std::string& name, std::optional<DTypePolicy> dtype);

  Tensors call(const Tensors& inputs, const CallContext& context) override;
  virtual Shape spatial_noise_shape(const Tensor& x) const = 0;
};

struct SpatialDropout1DOptions {
  std::optional<int64_t> seed;
  std::string name;
  std::optional<DTypePolicy> dtype;
};

class SpatialDropout1DImpl : public BaseSpatialDropoutImpl {
 public:
  // Inputs must have rank 3 (batch, steps, channels).
  explicit SpatialDropout1DImpl(double rate, const SpatialDropout1DOptions& options = {});
  static std::shared_ptr<SpatialDropout1DImpl> from_config(const Json& config);

 protected:
  Shape spatial_noise_shape(const Tensor& x) const override;
};

class SpatialDropout1D : public LayerHandle<SpatialDropout1DImpl> {
 public:
  using LayerHandle::LayerHandle;
  explicit SpatialDropout1D(double rate, const SpatialDropout1DOptions& options = {})
      : LayerHandle(std::make_shared<SpatialDropout1DImpl>(rate, options)) {}
};

struct SpatialDropout2DOptions {
  // "channels_last" or "channels_first"; none: keras::config::image_data_format().
  std::optional<std::string> data_format;
  std::optional<int64_t> seed;
  std::string name;
  std::optional<DTypePolicy> dtype;
};

class SpatialDropout2DImpl : public BaseSpatialDropoutImpl {
 public:
  // Inputs must have rank 4; ValueError for a data_format other than the two above.
  explicit SpatialDropout2DImpl(double rate, const SpatialDropout2DOptions& options = {});

  const std::string& data_format() const { return data_format_; }

  Json get_config() const override;
  static std::shared_ptr<SpatialDropout2DImpl> from_config(const Json& config);

 protected:
  Shape spatial_noise_shape(const Tensor& x) const override;

 private:
  std::string data_format_;
};

class SpatialDropout2D : public LayerHandle<SpatialDropout2DImpl> {
 public:
  using LayerHandle::LayerHandle;
  explicit SpatialDropout2D(double rate, const SpatialDropout2DOptions& options = {})
      : LayerHandle(std::make_shared<SpatialDropout2DImpl>(rate, options)) {}
};

}  // namespace keras::layers
