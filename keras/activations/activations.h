// keras.activations: Keras 3's activation functions with their names, arguments and defaults
// (keras/src/activations/activations.py), and get / serialize by name.
//
// Every function is built from keras::ops, so it runs at once on concrete tensors and adds graph
// nodes on symbolic ones. Integer and bool inputs compute in floatx where the math needs a float
// (as keras.ops does); relu, relu6 and linear keep the input's dtype.
//
//   Tensor y = keras::activations::relu(x, /*negative_slope=*/0.1);
//   auto act = keras::activations::get("gelu");  // std::function<Tensor(const Tensor&)>
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "keras/core/arg_form.h"
#include "keras/core/tensor.h"

namespace keras::activations {

// x itself.
Tensor linear(const Tensor& x);
// Keras's general relu: x above `threshold` (clipped at max_value when given), and
// negative_slope·(x - threshold) at or below it. The defaults give max(x, 0).
Tensor relu(const Tensor& x, double negative_slope = 0.0,
            std::optional<double> max_value = std::nullopt, double threshold = 0.0);
Tensor relu6(const Tensor& x);  // min(max(x, 0), 6)
Tensor leaky_relu(const Tensor& x, double negative_slope = 0.2);
Tensor sigmoid(const Tensor& x);       // 1 / (1 + e^-x)
Tensor hard_sigmoid(const Tensor& x);  // Keras 3: clip(x / 6 + 0.5, 0, 1)
Tensor tanh(const Tensor& x);
Tensor softmax(const Tensor& x, int axis = -1);
Tensor log_softmax(const Tensor& x, int axis = -1);
Tensor elu(const Tensor& x, double alpha = 1.0);  // x > 0 ? x : alpha·(e^x - 1)
Tensor selu(const Tensor& x);                     // scale·elu(x, alpha), Keras's constants
Tensor softplus(const Tensor& x);                 // log(1 + e^x)
Tensor softsign(const Tensor& x);                 // x / (1 + |x|)
Tensor exponential(const Tensor& x);              // e^x
Tensor silu(const Tensor& x);                     // x·sigmoid(x) ("swish")
// 0.5·x·(1 + erf(x / √2)); approximate: the tanh form. The activation defaults to exact (unlike
// keras.ops.gelu).
Tensor gelu(const Tensor& x, bool approximate = false);
Tensor mish(const Tensor& x);                      // x·tanh(softplus(x))
Tensor celu(const Tensor& x, double alpha = 1.0);  // max(x, 0) + alpha·(e^(min(x, 0)/alpha) - 1)
// a·sigmoid(b) with a, b the two halves of `axis` (its size must be even).
Tensor glu(const Tensor& x, int axis = -1);
Tensor hard_silu(const Tensor& x);                            // x·hard_sigmoid(x) ("hard_swish")
Tensor hard_tanh(const Tensor& x);                            // clip(x, -1, 1)
Tensor hard_shrink(const Tensor& x, double threshold = 0.5);  // |x| > threshold ? x : 0
// x - threshold above threshold, x + threshold below -threshold, else 0.
Tensor soft_shrink(const Tensor& x, double threshold = 0.5);
Tensor tanh_shrink(const Tensor& x);                 // x - tanh(x)
Tensor squareplus(const Tensor& x, double b = 4.0);  // (x + sqrt(x² + b)) / 2
// 0 for x <= -1, x for x >= 1, (x + 1)² / 4 between.
Tensor sparse_plus(const Tensor& x);
// 0 for x <= -1, 1 for x >= 1, (x + 1) / 2 between.
Tensor sparse_sigmoid(const Tensor& x);
Tensor log_sigmoid(const Tensor& x);  // -softplus(-x)
// The Euclidean projection of x onto the probability simplex along `axis` (Martins & Astudillo,
// 2016): outputs are >= 0 and sum to 1. Keras 3 releases up to the one read compute the threshold
// from a sum of cumulative sums and go wrong when the support has more than one element
// (keras-team/keras#23425; the fix, PR #23469, is not in the sources read); this is the corrected
// definition. Composed without a sort: element i is in the support when Σ_j max(x_j - x_i, 0) < 1,
// which costs O(n²) in the axis size n.
Tensor sparsemax(const Tensor& x, int axis = -1);
// x > threshold ? x : default_value.
Tensor threshold(const Tensor& x, double threshold, double default_value);

using Activation = std::function<Tensor(const Tensor&)>;

// The activation named `identifier` with its default arguments: every function above by name,
// plus "swish" (silu) and "hard_swish" (hard_silu); nullopt gives linear (Keras's None).
// "threshold" has no defaults: calling it throws TypeError, as calling it with only x does in
// Keras. Unknown names throw ValueError "Could not interpret activation function identifier:
// <name>" followed by the known names.
Activation get(const std::optional<std::string>& identifier);
// The name Keras writes in configs: the function's own name ("swish" -> "silu"). Unknown names
// throw ValueError as get() does.
std::string serialize(const std::string& name);
// Every name get() accepts, sorted.
std::vector<std::string> names();

// A layer's `activation` argument: a name ("relu"; nothing means linear, Keras's None) or a
// C++ function. A function is written to configs under the name given with it, and a config
// with that name cannot be read back unless the name is a built-in activation.
class ActivationArg {
 public:
  ActivationArg() = default;                                           // linear
  ActivationArg(std::nullptr_t) {}                                     // NOLINT: linear
  ActivationArg(const char* name) : name_(name) { serialize(name_); }  // NOLINT: validated
  ActivationArg(std::string name) : name_(std::move(name)) { serialize(name_); }  // NOLINT
  ActivationArg(Activation function, std::string name)
      : name_(std::move(name)), function_(std::move(function)) {}

  // The canonical Keras name written in configs ("linear" for none).
  std::string name() const { return function_ ? name_ : serialize(name_); }
  bool is_builtin() const { return !function_; }
  Activation function() const { return function_ ? function_ : get(name_); }

 private:
  std::string name_ = "linear";
  Activation function_;
};

}  // namespace keras::activations

namespace keras::args {

// An activation in a config: its Keras name; read from a name, null (linear) or Keras's
// serialized function ({"class_name": "function", "config": "relu", ...}).
template <>
struct ArgForm<activations::ActivationArg> {
  static Json write(const activations::ActivationArg& arg);
  static void read(const Json& value, activations::ActivationArg& out, const Site& site);
};

}  // namespace keras::args
