// The loss functions of keras.losses (keras/src/losses/losses.py) with Keras 3's names,
// arguments and defaults. Each returns the per-sample loss: the input's shape with the last axis
// (or `axis`) reduced, before any sample weighting or reduction (the Loss classes add those).
// y_true is converted to y_pred's dtype (sparse_categorical_crossentropy reads integer labels).
// Built from keras::ops: concrete inputs are computed at once, symbolic ones add graph nodes.
//
//   Tensor per_sample = losses::categorical_crossentropy(labels, logits, /*from_logits=*/true);
//
// Regression losses and cosine_similarity first align y_true and y_pred with
// squeeze_or_expand_to_same_rank (labels of shape (batch,) against predictions (batch, 1)).
// Inputs whose shapes cannot meet throw keras::ValueError.
#pragma once

#include <optional>
#include <variant>
#include <vector>

#include "keras/core/arg_form.h"
#include "keras/core/tensor.h"

namespace keras::losses {

// mean((y_true - y_pred)²)
Tensor mean_squared_error(const Tensor& y_true, const Tensor& y_pred);
// mean(|y_true - y_pred|)
Tensor mean_absolute_error(const Tensor& y_true, const Tensor& y_pred);
// 100 · mean(|(y_true - y_pred) / max(|y_true|, epsilon)|)
Tensor mean_absolute_percentage_error(const Tensor& y_true, const Tensor& y_pred);
// mean((log(max(y_pred, ε) + 1) - log(max(y_true, ε) + 1))²); ε is epsilon() rounded to floatx,
// as Keras converts it.
Tensor mean_squared_logarithmic_error(const Tensor& y_true, const Tensor& y_pred);
// -Σ l2_normalize(y_true) · l2_normalize(y_pred) along `axis`; the squared norm is clamped to
// epsilon², so a zero vector gives 0.
Tensor cosine_similarity(const Tensor& y_true, const Tensor& y_pred, int axis = -1);
// mean of 0.5·x² where |x| <= delta, else delta·|x| - 0.5·delta², with x = y_pred - y_true.
Tensor huber(const Tensor& y_true, const Tensor& y_pred, double delta = 1.0);
// mean(x + softplus(-2x) - log 2), x = y_pred - y_true; log 2 is rounded to floatx as in Keras.
Tensor log_cosh(const Tensor& y_true, const Tensor& y_pred);

// Labels that are all 0 or 1 become -1 or 1 (Keras's convert_binary_labels_to_hinge); any other
// labels are used as they are. The test runs on the whole tensor when the loss runs.
// mean(max(1 - y_true · y_pred, 0))
Tensor hinge(const Tensor& y_true, const Tensor& y_pred);
// mean(max(1 - y_true · y_pred, 0)²)
Tensor squared_hinge(const Tensor& y_true, const Tensor& y_pred);
// max(max((1 - y_true) · y_pred) - Σ y_true · y_pred + 1, 0) over the last axis.
Tensor categorical_hinge(const Tensor& y_true, const Tensor& y_pred);

// Σ y · log(y / p) over the last axis, with y_true and y_pred clipped to [epsilon, 1].
Tensor kl_divergence(const Tensor& y_true, const Tensor& y_pred);
// mean(y_pred - y_true · log(y_pred + epsilon))
Tensor poisson(const Tensor& y_true, const Tensor& y_pred);

// mean over `axis` of the elementwise crossentropy (keras::ops::binary_crossentropy), with
// labels smoothed towards 0.5: y·(1 - s) + 0.5·s. y_true and y_pred have one shape.
Tensor binary_crossentropy(const Tensor& y_true, const Tensor& y_pred, bool from_logits = false,
                           double label_smoothing = 0.0, int axis = -1);
// keras::ops::categorical_crossentropy along `axis` with labels smoothed towards uniform:
// y·(1 - s) + s / num_classes. y_true and y_pred have one shape.
Tensor categorical_crossentropy(const Tensor& y_true, const Tensor& y_pred,
                                bool from_logits = false, double label_smoothing = 0.0,
                                int axis = -1);
// keras::ops::sparse_categorical_crossentropy: y_true holds class indices with y_pred's shape
// without `axis` (a size-1 label axis there is squeezed). With ignore_class, labels equal to it
// give 0 and the result carries a mask of the other entries (Tensor::keras_mask), which the Loss
// classes fold into the reduction. Labels out of range throw ValueError when the op runs.
Tensor sparse_categorical_crossentropy(const Tensor& y_true, const Tensor& y_pred,
                                       bool from_logits = false,
                                       std::optional<int64_t> ignore_class = std::nullopt,
                                       int axis = -1);

// Focal crossentropies (Lin et al., 2018). Binary: the elementwise crossentropy (from the
// probabilities; logits go through sigmoid first) times (1 - p_t)^gamma, p_t = y·p + (1-y)(1-p),
// times y·alpha + (1-y)(1-alpha) with apply_class_balancing, averaged over `axis`.
Tensor binary_focal_crossentropy(const Tensor& y_true, const Tensor& y_pred,
                                 bool apply_class_balancing = false, double alpha = 0.25,
                                 double gamma = 2.0, bool from_logits = false,
                                 double label_smoothing = 0.0, int axis = -1);
// Categorical: Σ alpha · (1 - p)^gamma · (-y · log p) along `axis`, p the normalized and clipped
// probabilities (softmax first for logits). alpha is one number or one per class (broadcast
// along the last axis, as Keras multiplies by it).
using FocalAlpha = std::variant<double, std::vector<double>>;
Tensor categorical_focal_crossentropy(const Tensor& y_true, const Tensor& y_pred,
                                      const FocalAlpha& alpha = 0.25, double gamma = 2.0,
                                      bool from_logits = false, double label_smoothing = 0.0,
                                      int axis = -1);

}  // namespace keras::losses

namespace keras::args {

// A focal alpha in a config (keras/core/detail/keras_args.h): one number, or a list with one per
// class.
template <>
struct ArgForm<losses::FocalAlpha> {
  static Json write(const losses::FocalAlpha& alpha);
  static void read(const Json& value, losses::FocalAlpha& out, const Site& site);
};

}  // namespace keras::args
