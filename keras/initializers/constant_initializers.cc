#include "keras/initializers/constant_initializers.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <variant>
#include <vector>

#include "keras/backend/backend.h"
#include "keras/core/detail/keras_args.h"
#include "keras/core/error.h"
#include "keras/core/json.h"

namespace keras::initializers {

namespace {

Tensor filled(const Shape& shape, double value, const std::optional<DType>& dtype,
              const std::string& who) {
  detail::check_shape(shape, who);
  return Tensor::full(shape, value, detail::resolve_dtype(dtype), &backend::current());
}

// float64 host values -> `dtype` on the current backend.
Tensor from_host(const std::vector<double>& values, const Shape& shape, DType dtype) {
  Tensor t = Tensor::from_vector(values, shape);
  if (dtype != DType::float64) t = t.astype(dtype);
  return t.to(backend::current());
}

// --- scipy.signal windows (the cosine-sum family, Bartlett and boxcar) ------------------------

// scipy's canonical window name for `name` (its aliases included), or "" when unknown.
std::string canonical_window(const std::string& name) {
  static const std::vector<std::pair<std::string, std::vector<std::string>>> kAliases = {
      {"hann", {"hann", "han"}},
      {"hamming", {"hamming", "hamm", "ham"}},
      {"blackman", {"blackman", "black", "blk"}},
      {"bartlett", {"bartlett", "bart", "brt"}},
      {"boxcar", {"boxcar", "box", "ones", "rect", "rectangular"}},
  };
  for (const auto& [canonical, aliases] : kAliases)
    for (const auto& alias : aliases)
      if (alias == name) return canonical;
  return "";
}

// scipy.signal.get_window(name, m, fftbins=periodic): a periodic window is the symmetric window
// of m + 1 points without its last point.
std::vector<double> window_values(const std::string& canonical, int64_t m, bool periodic) {
  if (m <= 1) return std::vector<double>(static_cast<size_t>(std::max<int64_t>(m, 0)), 1.0);
  int64_t n = periodic ? m + 1 : m;
  std::vector<double> w(static_cast<size_t>(n));
  std::vector<double> a;  // cosine-sum coefficients
  if (canonical == "hann") a = {0.5, 0.5};
  if (canonical == "hamming") a = {0.54, 0.46};
  if (canonical == "blackman") a = {0.42, 0.50, 0.08};
  const double pi = std::numbers::pi;
  for (int64_t i = 0; i < n; ++i) {
    double value = 1.0;
    if (!a.empty()) {
      // scipy's general_cosine: fac runs over linspace(-π, π, n).
      double fac = -pi + 2.0 * pi * static_cast<double>(i) / static_cast<double>(n - 1);
      value = 0.0;
      for (size_t k = 0; k < a.size(); ++k) value += a[k] * std::cos(static_cast<double>(k) * fac);
    } else if (canonical == "bartlett") {
      double x = static_cast<double>(i), last = static_cast<double>(n - 1);
      value = x <= last / 2.0 ? 2.0 * x / last : 2.0 - 2.0 * x / last;
    }
    w[static_cast<size_t>(i)] = value;
  }
  w.resize(static_cast<size_t>(m));
  return w;
}

// The argument lists, in the order of Keras's get_config.
args::ArgList constant_args(ConstantOptions& o) {
  return {{"value", o.value}};
}
args::ArgList identity_args(IdentityOptions& o) {
  return {{"gain", o.gain}};
}
// STFT's window: a name, a list of values or null (the name is checked by the constructor).
using Window = decltype(STFTOptions::window);
struct WindowForm {
  static Json write(const Window& window) {
    if (const auto* name = std::get_if<std::string>(&window)) return *name;
    if (const auto* values = std::get_if<std::vector<double>>(&window)) return *values;
    return nullptr;
  }
  static void read(const Json& value, Window& out, const args::Site& site) {
    if (value.is_null()) {
      out = nullptr;
    } else if (value.is_string()) {
      out = value.get<std::string>();
    } else if (value.is_array() && std::all_of(value.begin(), value.end(),
                                               [](const Json& v) { return v.is_number(); })) {
      out = value.get<std::vector<double>>();
    } else {
      site.wrong_type("a window name, a list of numbers or null", value);
    }
  }
};
args::ArgList stft_args(STFTOptions& o) {
  return {{"side", o.side},
          args::Arg::as<WindowForm>("window", o.window),
          {"periodic", o.periodic},
          {"scaling", o.scaling}};
}

constexpr args::UnknownKeys kUnknown = args::UnknownKeys::type_error;

}  // namespace

// --- Zeros, Ones, Constant ----------------------------------------------------------------------

Tensor Zeros::operator()(const Shape& shape, std::optional<DType> dtype) {
  return filled(shape, 0.0, dtype, "Zeros");
}
std::shared_ptr<Zeros> Zeros::from_config(const Json& config) {
  args::read({}, config, "Zeros", kUnknown);
  return std::make_shared<Zeros>();
}

Tensor Ones::operator()(const Shape& shape, std::optional<DType> dtype) {
  return filled(shape, 1.0, dtype, "Ones");
}
std::shared_ptr<Ones> Ones::from_config(const Json& config) {
  args::read({}, config, "Ones", kUnknown);
  return std::make_shared<Ones>();
}

Tensor Constant::operator()(const Shape& shape, std::optional<DType> dtype) {
  return filled(shape, options_.value, dtype, "Constant");
}
Json Constant::get_config() const {
  return args::config_of(constant_args, options_);
}
std::shared_ptr<Constant> Constant::from_config(const Json& config) {
  return std::make_shared<Constant>(
      args::options_from(constant_args, config, "Constant", kUnknown));
}

// --- Identity -----------------------------------------------------------------------------------

Tensor Identity::operator()(const Shape& shape, std::optional<DType> dtype) {
  if (shape.rank() != 2)
    throw ValueError(
        str("Identity matrix initializer can only be used for 2D matrices. "
            "Received: shape=",
            shape, " of rank ", shape.rank(), "."));
  detail::check_shape(shape, "Identity");
  std::vector<double> values(static_cast<size_t>(shape[0] * shape[1]), 0.0);
  for (int64_t i = 0; i < std::min(shape[0], shape[1]); ++i)
    values[static_cast<size_t>(i * shape[1] + i)] = options_.gain;
  return from_host(values, shape, detail::resolve_dtype(dtype));
}
Json Identity::get_config() const {
  return args::config_of(identity_args, options_);
}
std::shared_ptr<Identity> Identity::from_config(const Json& config) {
  return std::make_shared<Identity>(
      args::options_from(identity_args, config, "Identity", kUnknown));
}

// --- STFT ---------------------------------------------------------------------------------------

STFT::STFT(const STFTOptions& options) : options_(options) {
  const std::string& side = options_.side;
  const std::optional<std::string>& scaling = options_.scaling;
  if (side != "real" && side != "imag")
    throw ValueError(str("side should be 'real' or 'imag', not ", side));
  if (const auto* name = std::get_if<std::string>(&options_.window);
      name && canonical_window(*name).empty())
    throw ValueError(str("Unknown window type. (STFT window '", *name,
                         "'; supported: hann, hamming, blackman, bartlett, boxcar)"));
  if (scaling && *scaling != "density" && *scaling != "spectrum")
    throw ValueError(
        str("Scaling is invalid, it must be `None`, 'density' or 'spectrum'. "
            "Received scaling=",
            *scaling));
}

Tensor STFT::operator()(const Shape& shape, std::optional<DType> dtype) {
  if (shape.rank() != 3)
    throw ValueError(
        str("STFT: the shape must be (frame_length, channels, fft_length // 2 + 1), "
            "got ",
            shape));
  detail::check_shape(shape, "STFT");
  const int64_t frames = shape[0], channels = shape[1], bins = shape[2];

  const Window& window = options_.window;
  std::vector<double> win;
  double scaling = 1.0;
  if (!std::holds_alternative<std::nullptr_t>(window)) {
    if (const auto* name = std::get_if<std::string>(&window))
      win = window_values(canonical_window(*name), frames, options_.periodic);
    else
      win = std::get<std::vector<double>>(window);
    if (static_cast<int64_t>(win.size()) != frames)
      throw ValueError(
          str("The shape of `window` must be equal to [frame_length].Received: "
              "window shape=(",
              win.size(), ",)"));
    if (options_.scaling == "density") {
      double s = 0.0;
      for (double w : win) s += w * w;
      scaling = std::sqrt(s);
    } else if (options_.scaling == "spectrum") {
      double s = 0.0;
      for (double w : win) s += std::abs(w);
      scaling = s;
    }
  }

  const double fft_length = static_cast<double>((bins - 1) * 2);
  std::vector<double> values(static_cast<size_t>(frames * channels * bins));
  for (int64_t t = 0; t < frames; ++t) {
    for (int64_t f = 0; f < bins; ++f) {
      double arg =
          -2.0 * static_cast<double>(t) * (static_cast<double>(f) / fft_length) * std::numbers::pi;
      double v = options_.side == "real" ? std::cos(arg) : std::sin(arg);
      if (!win.empty()) v = v * win[static_cast<size_t>(t)] / scaling;
      for (int64_t c = 0; c < channels; ++c)
        values[static_cast<size_t>((t * channels + c) * bins + f)] = v;
    }
  }
  return from_host(values, shape, detail::resolve_dtype(dtype));
}

Json STFT::get_config() const {
  return args::config_of(stft_args, options_);
}

std::shared_ptr<STFT> STFT::from_config(const Json& config) {
  return std::make_shared<STFT>(args::options_from(stft_args, config, "STFT", kUnknown));
}

}  // namespace keras::initializers
