// The attributes of the primitive ops: one struct per op that has attributes, shared by the ops
// that take the same ones, each field declared here once with its default. The op definitions
// (keras/ops/defs/) name their struct in OpDef::attrs, and shape rules, gradient rules and every
// backend's kernels read it typed, `attrs.as<ReduceAttrs>()`, so no default is written twice.
// keras/ops/README.md says what each op does with its attributes; keras/ops/attrs.h how a struct
// lists its fields (`fields`, for keys, equality and printing).
//
// The frontend (the keras::ops functions) fills every field, normalized: axes non-negative, axes
// lists sorted and unique. A default is what an ops::call without attributes gets; a required
// field has none: it is an empty std::optional that the op's shape rule rejects (ValueError
// naming the op and the field), so kernels read it as set.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "keras/core/dtype.h"
#include "keras/ops/attrs.h"
#include "keras/ops/fused_activation.h"
#include "keras/ops/updates.h"

namespace keras::ops {

// --- Elementwise -------------------------------------------------------------------------------

// leaky_relu
struct LeakyReluAttrs {
  double alpha = 0.2;
  void fields(auto&& v) const { v("alpha", alpha); }
};

// elu
struct EluAttrs {
  double alpha = 1.0;
  void fields(auto&& v) const { v("alpha", alpha); }
};

// gelu
struct GeluAttrs {
  bool approximate = false;
  void fields(auto&& v) const { v("approximate", approximate); }
};

// hard_sigmoid: Keras 3's relu6(x + 3) / 6
struct HardSigmoidAttrs {
  double slope = 1.0 / 6.0;
  double offset = 0.5;
  void fields(auto&& v) const {
    v("slope", slope);
    v("offset", offset);
  }
};

// clip
struct ClipAttrs {
  std::optional<double> min;  // required
  std::optional<double> max;  // required
  void fields(auto&& v) const {
    v("min", min);
    v("max", max);
  }
};

// unary_grad: the unary op differentiated, with its own attributes
struct UnaryGradAttrs {
  std::string fn;  // required
  Attrs fn_attrs;
  void fields(auto&& v) const {
    v("fn", fn);
    v("fn_attrs", fn_attrs);
  }
};

// cast
struct CastAttrs {
  std::optional<DType> dtype;  // required
  void fields(auto&& v) const { v("dtype", dtype); }
};

// fill_like
struct FillLikeAttrs {
  std::optional<double> value;  // required
  std::optional<DType> dtype;   // none: the reference's dtype
  void fields(auto&& v) const {
    v("value", value);
    v("dtype", dtype);
  }
};

// --- Reductions --------------------------------------------------------------------------------

// sum, mean, max, min, prod, logsumexp
struct ReduceAttrs {
  std::vector<int64_t> axes;  // empty: every axis
  bool keepdims = false;
  void fields(auto&& v) const {
    v("axes", axes);
    v("keepdims", keepdims);
  }
};

// argmax, argmin
struct ArgReduceAttrs {
  std::optional<int64_t> axis;  // required
  bool keepdims = false;
  void fields(auto&& v) const {
    v("axis", axis);
    v("keepdims", keepdims);
  }
};

// reduce_grad: the reduction's axes, and whether it was a mean
struct ReduceGradAttrs {
  std::vector<int64_t> axes;
  bool keepdims = false;
  bool mean = false;
  void fields(auto&& v) const {
    v("axes", axes);
    v("keepdims", keepdims);
    v("mean", mean);
  }
};

// --- Linear algebra ----------------------------------------------------------------------------

// matmul
struct MatmulAttrs {
  bool transpose_a = false;
  bool transpose_b = false;
  void fields(auto&& v) const {
    v("transpose_a", transpose_a);
    v("transpose_b", transpose_b);
  }
};

// dense, activation_grad
struct FusedActivationAttrs {
  FusedActivation activation = FusedActivation::linear;
  void fields(auto&& v) const { v("activation", activation); }
};

// --- Neural-network ops ------------------------------------------------------------------------

// softmax, log_softmax, softmax_grad, log_softmax_grad
struct SoftmaxAttrs {
  std::optional<int64_t> axis;  // required
  void fields(auto&& v) const { v("axis", axis); }
};

// categorical_crossentropy, sparse_categorical_crossentropy, binary_crossentropy and their _grad
struct CrossentropyAttrs {
  bool from_logits = false;
  double epsilon = 1e-7;
  std::optional<int64_t> axis;  // the class axis: required by the categorical ones; binary: none
  void fields(auto&& v) const {
    v("from_logits", from_logits);
    v("epsilon", epsilon);
    v("axis", axis);
  }
};

// --- Shape and data movement -------------------------------------------------------------------

// reshape
struct ReshapeAttrs {
  std::vector<int64_t> shape;
  void fields(auto&& v) const { v("shape", shape); }
};

// expand_dims (axes of the output), squeeze (empty: every size-1 axis)
struct AxesAttrs {
  std::vector<int64_t> axes;
  void fields(auto&& v) const { v("axes", axes); }
};

// transpose
struct TransposeAttrs {
  std::vector<int64_t> perm;
  void fields(auto&& v) const { v("perm", perm); }
};

// concat, gather, gather_grad
struct AxisAttrs {
  int64_t axis = 0;
  void fields(auto&& v) const { v("axis", axis); }
};

// split
struct SplitAttrs {
  int64_t axis = 0;
  std::vector<int64_t> sizes;  // required; one may be -1
  void fields(auto&& v) const {
    v("axis", axis);
    v("sizes", sizes);
  }
};

// slice
struct SliceAttrs {
  std::vector<int64_t> begin;
  std::vector<int64_t> size;  // -1: to the end
  void fields(auto&& v) const {
    v("begin", begin);
    v("size", size);
  }
};

// slice_grad
struct SliceGradAttrs {
  std::vector<int64_t> begin;
  void fields(auto&& v) const { v("begin", begin); }
};

// pad
struct PadAttrs {
  std::vector<int64_t> paddings;  // before0, after0, before1, ...
  double constant_value = 0.0;
  void fields(auto&& v) const {
    v("paddings", paddings);
    v("constant_value", constant_value);
  }
};

// one_hot
struct OneHotAttrs {
  std::optional<int64_t> depth;  // required
  DType dtype = DType::float32;
  void fields(auto&& v) const {
    v("depth", depth);
    v("dtype", dtype);
  }
};

// --- Random ------------------------------------------------------------------------------------

// random_uniform
struct RandomUniformAttrs {
  std::optional<std::vector<int64_t>> shape;  // the output's, when there is no `like` input
  DType dtype = DType::float32;
  double minval = 0.0;
  double maxval = 1.0;
  void fields(auto&& v) const {
    v("shape", shape);
    v("dtype", dtype);
    v("minval", minval);
    v("maxval", maxval);
  }
};

// random_normal, truncated_normal
struct RandomNormalAttrs {
  std::optional<std::vector<int64_t>> shape;  // the output's, when there is no `like` input
  DType dtype = DType::float32;
  double mean = 0.0;
  double stddev = 1.0;
  void fields(auto&& v) const {
    v("shape", shape);
    v("dtype", dtype);
    v("mean", mean);
    v("stddev", stddev);
  }
};

// dropout, dropout_grad
struct DropoutAttrs {
  std::optional<double> rate;  // required
  void fields(auto&& v) const { v("rate", rate); }
};

// --- Variable updates --------------------------------------------------------------------------

// An optimizer step's attributes: the public options of keras/ops/updates.h (their fields and
// defaults are declared there, once) and whether the gradient comes as rows and indices (the
// row-sparse form, keras/backend/row_sparse.h).
template <class Options>
struct StepAttrs : Options {
  bool row_sparse = false;
  void fields(auto&& v) const {
    Options::fields(v);
    v("row_sparse", row_sparse);
  }
};

using SGDUpdateAttrs = StepAttrs<SGDUpdateOptions>;
using RMSpropUpdateAttrs = StepAttrs<RMSpropUpdateOptions>;
using AdagradUpdateAttrs = StepAttrs<AdagradUpdateOptions>;
using AdadeltaUpdateAttrs = StepAttrs<AdadeltaUpdateOptions>;
using AdamUpdateAttrs = StepAttrs<AdamUpdateOptions>;
using AdamaxUpdateAttrs = StepAttrs<AdamaxUpdateOptions>;
using NadamUpdateAttrs = StepAttrs<NadamUpdateOptions>;

}  // namespace keras::ops
