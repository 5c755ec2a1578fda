#include "keras/activations/activations.h"

#include <map>

#include "keras/config/config.h"
#include "keras/core/error.h"
#include "keras/core/json.h"
#include "keras/ops/math.h"
#include "keras/ops/nn.h"
#include "keras/ops/reduction.h"
#include "keras/ops/shape.h"

namespace keras::activations {

namespace {

void check_defined(const Tensor& x, const char* fn) {
  if (!x.defined())
    throw ValueError(str("keras::activations::", fn, ": the input is an empty tensor"));
}

// Float math on integer or bool input runs in floatx, as keras.ops does.
Tensor to_float(const Tensor& x, const char* fn) {
  check_defined(x, fn);
  return is_floating(x.dtype()) ? x : ops::cast(x, config::floatx_dtype());
}

}  // namespace

Tensor linear(const Tensor& x) {
  return x;
}

// keras/src/activations/activations.py, ReLU.static_call.
Tensor relu(const Tensor& x, double negative_slope, std::optional<double> max_value,
            double threshold) {
  check_defined(x, "relu");
  Tensor negative_part;
  if (negative_slope != 0.0) {
    if (!max_value && threshold == 0.0) return ops::leaky_relu(x, negative_slope);
    negative_part = threshold != 0.0 ? ops::relu(ops::add(ops::negative(x), threshold))
                                     : ops::relu(ops::negative(x));
  }
  bool clip_max = max_value.has_value();
  Tensor y;
  if (threshold != 0.0) {
    y = ops::where(ops::greater(x, threshold), x, 0.0);
  } else if (max_value == 6.0) {
    y = ops::relu6(x);
    clip_max = false;
  } else {
    y = ops::relu(x);
  }
  if (clip_max) y = ops::clip(y, 0.0, *max_value);
  if (negative_slope != 0.0) y = ops::subtract(y, ops::multiply(negative_part, negative_slope));
  return y;
}

Tensor relu6(const Tensor& x) {
  check_defined(x, "relu6");
  return ops::relu6(x);
}

Tensor leaky_relu(const Tensor& x, double negative_slope) {
  return ops::leaky_relu(to_float(x, "leaky_relu"), negative_slope);
}

Tensor sigmoid(const Tensor& x) {
  return ops::sigmoid(to_float(x, "sigmoid"));
}

Tensor hard_sigmoid(const Tensor& x) {
  return ops::hard_sigmoid(to_float(x, "hard_sigmoid"));
}

Tensor tanh(const Tensor& x) {
  return ops::tanh(to_float(x, "tanh"));
}

Tensor softmax(const Tensor& x, int axis) {
  return ops::softmax(to_float(x, "softmax"), axis);
}

Tensor log_softmax(const Tensor& x, int axis) {
  return ops::log_softmax(to_float(x, "log_softmax"), axis);
}

Tensor elu(const Tensor& x, double alpha) {
  return ops::elu(to_float(x, "elu"), alpha);
}

Tensor selu(const Tensor& x) {
  return ops::selu(to_float(x, "selu"));
}

Tensor softplus(const Tensor& x) {
  return ops::softplus(to_float(x, "softplus"));
}

Tensor softsign(const Tensor& x) {
  return ops::softsign(to_float(x, "softsign"));
}

Tensor exponential(const Tensor& x) {
  return ops::exp(to_float(x, "exponential"));
}

Tensor silu(const Tensor& x) {
  return ops::silu(to_float(x, "silu"));
}

Tensor gelu(const Tensor& x, bool approximate) {
  return ops::gelu(to_float(x, "gelu"), approximate);
}

Tensor mish(const Tensor& x) {
  Tensor f = to_float(x, "mish");
  return ops::multiply(f, ops::tanh(ops::softplus(f)));
}

// max(x, 0) + alpha·expm1(min(x, 0) / alpha); elu(z) is expm1(z) for z <= 0, and exactly 0
// where x > 0.
Tensor celu(const Tensor& x, double alpha) {
  Tensor f = to_float(x, "celu");
  Tensor negative = ops::elu(ops::divide(ops::minimum(f, 0.0), alpha));
  return ops::add(ops::relu(f), ops::multiply(negative, alpha));
}

Tensor glu(const Tensor& x, int axis) {
  Tensor f = to_float(x, "glu");
  int a = normalize_axis(axis, f.rank(), "keras::activations::glu");
  int64_t size = f.shape()[a];
  if (size >= 0) {
    if (size % 2 != 0)
      throw ValueError(str("axis size must be divisible by 2. Received: x.shape=", f.shape(),
                           " with axis=", axis));
    std::vector<Tensor> halves = ops::split(f, 2, a);
    return ops::multiply(halves[0], ops::sigmoid(halves[1]));
  }
  // An unknown (None) size, as Keras allows on symbolic inputs: the axis becomes (2, size / 2)
  // by a reshape, which needs every other dimension known.
  std::vector<int64_t> dims = f.shape().dims();
  for (int i = 0; i < f.rank(); ++i)
    if (i != a && dims[static_cast<size_t>(i)] < 0)
      throw ValueError(str("keras::activations::glu: the size of axis ", axis,
                           " of x.shape=", f.shape(), " is unknown, and so is another dimension"));
  dims[static_cast<size_t>(a)] = -1;
  dims.insert(dims.begin() + a, 2);
  Tensor pairs = ops::reshape(f, Shape(dims));
  std::vector<int64_t> begin(dims.size(), 0), extent(dims.size(), -1);
  extent[static_cast<size_t>(a)] = 1;
  Tensor first = ops::squeeze(ops::slice(pairs, begin, extent), a);
  begin[static_cast<size_t>(a)] = 1;
  Tensor second = ops::squeeze(ops::slice(pairs, begin, extent), a);
  return ops::multiply(first, ops::sigmoid(second));
}

Tensor hard_silu(const Tensor& x) {
  Tensor f = to_float(x, "hard_silu");
  return ops::multiply(f, ops::hard_sigmoid(f));
}

Tensor hard_tanh(const Tensor& x) {
  return ops::clip(to_float(x, "hard_tanh"), -1.0, 1.0);
}

Tensor hard_shrink(const Tensor& x, double threshold) {
  Tensor f = to_float(x, "hard_shrink");
  return ops::where(ops::greater(ops::abs(f), threshold), f, 0.0);
}

Tensor soft_shrink(const Tensor& x, double threshold) {
  Tensor f = to_float(x, "soft_shrink");
  Tensor below = ops::where(ops::less(f, -threshold), ops::add(f, threshold), 0.0);
  return ops::where(ops::greater(f, threshold), ops::subtract(f, threshold), below);
}

Tensor tanh_shrink(const Tensor& x) {
  Tensor f = to_float(x, "tanh_shrink");
  return ops::subtract(f, ops::tanh(f));
}

Tensor squareplus(const Tensor& x, double b) {
  Tensor f = to_float(x, "squareplus");
  return ops::divide(ops::add(f, ops::sqrt(ops::add(ops::square(f), b))), 2.0);
}

Tensor sparse_plus(const Tensor& x) {
  Tensor f = to_float(x, "sparse_plus");
  Tensor middle = ops::multiply(ops::square(ops::add(f, 1.0)), 0.25);
  return ops::where(ops::less_equal(f, -1.0), 0.0, ops::where(ops::less(f, 1.0), middle, f));
}

Tensor sparse_sigmoid(const Tensor& x) {
  Tensor f = to_float(x, "sparse_sigmoid");
  Tensor middle = ops::multiply(ops::add(f, 1.0), 0.5);
  return ops::where(ops::less_equal(f, -1.0), 0.0,
                    ops::where(ops::greater_equal(f, 1.0), 1.0, middle));
}

Tensor log_sigmoid(const Tensor& x) {
  Tensor f = to_float(x, "log_sigmoid");
  return ops::negative(ops::softplus(ops::negative(f)));
}

// Sorted z descending, the support is the largest k with 1 + k·z_(k) > Σ_{j<=k} z_(j), i.e. the
// elements i with Σ_j max(z_j - z_i, 0) < 1 (ties fall on the same side); then
// tau = (Σ_support z - 1) / k and the output is max(z - tau, 0). Keras sorts and takes cumsums;
// there is no sort op, and the pairwise form gives the same result from ops we have.
Tensor sparsemax(const Tensor& x, int axis) {
  Tensor f = to_float(x, "sparsemax");
  if (f.rank() < 1) throw ValueError("keras::activations::sparsemax: input must be at least 1-D");
  const int last = f.rank() - 1;
  const int a = normalize_axis(axis, f.rank(), "keras::activations::sparsemax");
  Tensor z = a == last ? f : ops::moveaxis(f, a, last);
  Tensor pairwise = ops::relu(ops::subtract(ops::expand_dims(z, -2), ops::expand_dims(z, -1)));
  Tensor in_support = ops::cast(ops::less(ops::sum(pairwise, -1), 1.0), z.dtype());
  Tensor k = ops::sum(in_support, -1, /*keepdims=*/true);
  Tensor support_sum = ops::sum(ops::multiply(in_support, z), -1, /*keepdims=*/true);
  Tensor tau = ops::divide(ops::subtract(support_sum, 1.0), k);
  Tensor out = ops::relu(ops::subtract(z, tau));
  return a == last ? out : ops::moveaxis(out, last, a);
}

Tensor threshold(const Tensor& x, double threshold, double default_value) {
  check_defined(x, "threshold");
  return ops::where(ops::greater(x, threshold), x, default_value);
}

// --- By name ------------------------------------------------------------------------------------

namespace {

// keras/src/activations/__init__.py: ALL_OBJECTS by function name, plus "swish" and
// "hard_swish". The second field is the name serialize() writes.
struct Entry {
  Activation fn;
  std::string canonical;
};

const std::map<std::string, Entry>& table() {
  static const std::map<std::string, Entry> kTable = [] {
    std::map<std::string, Entry> t;
    auto add = [&](const std::string& name, Activation fn) { t[name] = {std::move(fn), name}; };
    add("linear", linear);
    add("relu", [](const Tensor& x) { return relu(x); });
    add("relu6", relu6);
    add("leaky_relu", [](const Tensor& x) { return leaky_relu(x); });
    add("sigmoid", sigmoid);
    add("hard_sigmoid", hard_sigmoid);
    add("tanh", tanh);
    add("softmax", [](const Tensor& x) { return softmax(x); });
    add("log_softmax", [](const Tensor& x) { return log_softmax(x); });
    add("elu", [](const Tensor& x) { return elu(x); });
    add("selu", selu);
    add("softplus", softplus);
    add("softsign", softsign);
    add("exponential", exponential);
    add("silu", silu);
    add("gelu", [](const Tensor& x) { return gelu(x); });
    add("mish", mish);
    add("celu", [](const Tensor& x) { return celu(x); });
    add("glu", [](const Tensor& x) { return glu(x); });
    add("hard_silu", hard_silu);
    add("hard_tanh", hard_tanh);
    add("hard_shrink", [](const Tensor& x) { return hard_shrink(x); });
    add("soft_shrink", [](const Tensor& x) { return soft_shrink(x); });
    add("tanh_shrink", tanh_shrink);
    add("squareplus", [](const Tensor& x) { return squareplus(x); });
    add("sparse_plus", sparse_plus);
    add("sparse_sigmoid", sparse_sigmoid);
    add("log_sigmoid", log_sigmoid);
    add("sparsemax", [](const Tensor& x) { return sparsemax(x); });
    add("threshold", [](const Tensor&) -> Tensor {
      throw TypeError(
          "threshold() missing 2 required positional arguments: 'threshold' and "
          "'default_value' (call keras::activations::threshold(x, threshold, default_value))");
    });
    t["swish"] = {t.at("silu").fn, "silu"};
    t["hard_swish"] = {t.at("hard_silu").fn, "hard_silu"};
    return t;
  }();
  return kTable;
}

const Entry& lookup(const std::string& name) {
  auto it = table().find(name);
  if (it == table().end()) {
    std::string known;
    for (const auto& item : table()) known += (known.empty() ? "" : ", ") + item.first;
    throw ValueError(str("Could not interpret activation function identifier: ", name,
                         " (known activations: ", known, ")"));
  }
  return it->second;
}

}  // namespace

Activation get(const std::optional<std::string>& identifier) {
  if (!identifier) return linear;
  return lookup(*identifier).fn;
}

std::string serialize(const std::string& name) {
  return lookup(name).canonical;
}

std::vector<std::string> names() {
  std::vector<std::string> out;
  for (const auto& item : table()) out.push_back(item.first);
  return out;
}

}  // namespace keras::activations

namespace keras::args {

Json ArgForm<activations::ActivationArg>::write(const activations::ActivationArg& arg) {
  return arg.name();
}

void ArgForm<activations::ActivationArg>::read(const Json& value, activations::ActivationArg& out,
                                               const Site&) {
  if (value.is_null())
    out = activations::ActivationArg();
  else if (value.is_string())
    out = value.get<std::string>();
  else if (value.is_object() && value.contains("config") && value.at("config").is_string())
    out = value.at("config").get<std::string>();
  else
    throw ValueError(str("Could not interpret activation function identifier: ", value.dump()));
}

}  // namespace keras::args
