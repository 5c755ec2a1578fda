// Keras 3's constant initializers (keras/src/initializers/constant_initializers.py): Zeros, Ones,
// Constant, Identity and STFT. They draw no random numbers; any dtype works except where noted.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "keras/initializers/initializer.h"

namespace keras::initializers {

// All zeros ("zeros", alias "zero").
class Zeros : public Initializer {
 public:
  Tensor operator()(const Shape& shape, std::optional<DType> dtype = std::nullopt) override;
  std::string class_name() const override { return "Zeros"; }
  static std::shared_ptr<Zeros> from_config(const Json& config);
};

// All ones ("ones", alias "one").
class Ones : public Initializer {
 public:
  Tensor operator()(const Shape& shape, std::optional<DType> dtype = std::nullopt) override;
  std::string class_name() const override { return "Ones"; }
  static std::shared_ptr<Ones> from_config(const Json& config);
};

// Every element `value` ("constant").
struct ConstantOptions {
  double value = 0.0;
};

class Constant : public Initializer {
 public:
  explicit Constant(const ConstantOptions& options = {}) : options_(options) {}
  explicit Constant(double value) : Constant(ConstantOptions{.value = value}) {}
  Tensor operator()(const Shape& shape, std::optional<DType> dtype = std::nullopt) override;
  std::string class_name() const override { return "Constant"; }
  Json get_config() const override;
  static std::shared_ptr<Constant> from_config(const Json& config);
  double value() const { return options_.value; }

 private:
  ConstantOptions options_;
};

// gain · eye(rows, cols), 2-D shapes only ("identity"; Keras also accepts "IdentityInitializer").
struct IdentityOptions {
  double gain = 1.0;
};

class Identity : public Initializer {
 public:
  explicit Identity(const IdentityOptions& options = {}) : options_(options) {}
  Tensor operator()(const Shape& shape, std::optional<DType> dtype = std::nullopt) override;
  std::string class_name() const override { return "Identity"; }
  // {"gain": ...}: Keras 3 writes {} (its Identity has no get_config, so a gain is lost on a
  // round trip); kerascpp keeps it, and reads both.
  Json get_config() const override;
  static std::shared_ptr<Identity> from_config(const Json& config);
  double gain() const { return options_.gain; }

 private:
  IdentityOptions options_;
};

// The kernel of a short-time Fourier transform as a convolution ("stft"; Keras also accepts
// "STFTInitializer"), for shapes (frame_length, channels, fft_length // 2 + 1): element
// (t, c, f) is cos (side "real") or sin (side "imag") of -2π·t·f / ((fft_length - 1)·2), times
// the window and divided by the scaling. Computed in float64, then cast.
struct STFTOptions {
  std::string side = "real";
  // A scipy.signal.get_window name (supported here: "hann", "hamming", "blackman", "bartlett",
  // "boxcar" and scipy's aliases of these), frame_length values, or nullptr for none.
  std::variant<std::nullptr_t, std::string, std::vector<double>> window = "hann";
  // "density" (divide by sqrt(Σ w²)), "spectrum" (divide by Σ |w|) or none.
  std::optional<std::string> scaling = "density";
  // The window is periodic (scipy's fftbins) rather than symmetric.
  bool periodic = false;
};

class STFT : public Initializer {
 public:
  // ValueError, with Keras's messages, for an unknown side, window or scaling.
  explicit STFT(const STFTOptions& options = {});
  Tensor operator()(const Shape& shape, std::optional<DType> dtype = std::nullopt) override;
  std::string class_name() const override { return "STFT"; }
  Json get_config() const override;
  static std::shared_ptr<STFT> from_config(const Json& config);

 private:
  STFTOptions options_;
};

}  // namespace keras::initializers
