// Conformance, shape-inference, bad-input and gradient tests for the shape and data-movement ops:
// reshape, reshape_like, expand_dims, squeeze, transpose, concat, split, slice, slice_grad, pad,
// gather, gather_grad, one_hot.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "keras/backend/backend.h"
#include "keras/graph/gradients.h"
#include "keras/graph/node.h"
#include "keras/graph/program.h"
#include "keras/ops/op_def.h"
#include "keras/ops/shape.h"
#include "tests/ops/harness.h"

namespace keras {
namespace {

KERAS_CONFORMANCE_COVERS("reshape", "reshape_like", "expand_dims", "squeeze", "transpose", "concat",
                         "split", "slice", "slice_grad", "pad", "gather", "gather_grad", "one_hot");
KERAS_GRADIENT_CHECKED("reshape", "reshape_like", "expand_dims", "squeeze", "transpose", "concat",
                       "split", "slice", "slice_grad", "pad", "gather", "gather_grad");

using Ints = std::vector<int64_t>;
using Values = std::vector<double>;

const std::vector<DType> kAllDtypes = {DType::float32,  DType::float64, DType::float16,
                                       DType::bfloat16, DType::int32,   DType::int64,
                                       DType::uint8,    DType::bool_};

// Integer-valued float64 data: exact in every dtype the shape ops take (bool sees != 0).
Tensor small_ints(Shape shape, uint64_t seed = 1) {
  return testing::integers(std::move(shape), 0, 100, DType::int64, seed).astype(DType::float64);
}

// Multi-index of flat position i in `shape`.
Ints unravel(int64_t i, const Shape& shape) {
  Ints idx(static_cast<size_t>(shape.rank()));
  for (int a = shape.rank() - 1; a >= 0; --a) {
    idx[static_cast<size_t>(a)] = i % shape[a];
    i /= shape[a];
  }
  return idx;
}

int64_t ravel(const Ints& idx, const Shape& shape) {
  int64_t i = 0;
  for (int a = 0; a < shape.rank(); ++a) i = i * shape[a] + idx[static_cast<size_t>(a)];
  return i;
}

// Every element of `out_shape`, computed from its multi-index.
template <class F>
Tensor build(const Shape& out_shape, F&& value_at) {
  Values out(static_cast<size_t>(out_shape.num_elements()));
  for (int64_t i = 0; i < out_shape.num_elements(); ++i)
    out[static_cast<size_t>(i)] = value_at(unravel(i, out_shape));
  return Tensor::from_vector(out, out_shape);
}

// Reads elements by multi-index (values copied out once).
struct Reader {
  Values v;
  Shape s;
  explicit Reader(const Tensor& x) : v(x.to_vector<double>()), s(x.shape()) {}
  double operator()(const Ints& idx) const { return v[static_cast<size_t>(ravel(idx, s))]; }
};

void run_case(const std::string& op, std::vector<Tensor> inputs, ops::Attrs attrs,
              std::function<std::vector<Tensor>(const std::vector<Tensor>&)> reference,
              std::vector<DType> dtypes = kAllDtypes) {
  testing::OpCase c;
  c.op = op;
  c.inputs = std::move(inputs);
  c.attrs = std::move(attrs);
  c.reference = std::move(reference);
  c.dtypes = std::move(dtypes);
  testing::check_op(c);
}

// --- Reshape family ----------------------------------------------------------------------------

TEST(Shape, ReshapeFamily) {
  Tensor x = small_ints({2, 3, 4}, 2);
  auto same_values = [](Shape s) {
    return [s](const std::vector<Tensor>& in) {
      return std::vector<Tensor>{Tensor::from_vector(in[0].to_vector<double>(), s)};
    };
  };
  run_case("reshape", {x}, ops::ReshapeAttrs{.shape = Ints{4, -1}}, same_values({4, 6}));
  run_case("reshape", {x}, ops::ReshapeAttrs{.shape = Ints{24}}, same_values({24}));
  run_case("reshape", {x}, ops::ReshapeAttrs{.shape = Ints{2, 1, 12}}, same_values({2, 1, 12}));
  run_case("reshape_like", {x, testing::uniform({6, 4})}, {}, same_values({6, 4}));
  run_case("expand_dims", {x}, ops::AxesAttrs{.axes = Ints{0}}, same_values({1, 2, 3, 4}));
  run_case("expand_dims", {x}, ops::AxesAttrs{.axes = Ints{1, 4}}, same_values({2, 1, 3, 4, 1}));
  Tensor y = small_ints({2, 1, 3, 1}, 3);
  run_case("squeeze", {y}, ops::AxesAttrs{.axes = Ints{1}}, same_values({2, 3, 1}));
  run_case("squeeze", {y}, ops::AxesAttrs{.axes = Ints{1, 3}}, same_values({2, 3}));
  run_case("squeeze", {y}, {}, same_values({2, 3}));  // empty: every size-1 axis
  // Large: the threaded copy.
  run_case("reshape", {testing::uniform({1000, 300})}, ops::ReshapeAttrs{.shape = Ints{-1}},
           same_values({300000}), {DType::float32});
}

TEST(Shape, InPlaceRelabelLeavesTheBufferAlone) {
  // The planner may hand reshape and friends one buffer as input and output.
  Tensor x = Tensor::from_vector(std::vector<float>{1, 2, 3, 4, 5, 6}, Shape{2, 3});
  for (const char* op : {"reshape", "expand_dims", "squeeze"}) {
    backend::KernelSpec spec;
    spec.op = op;
    spec.dtype = DType::float32;
    spec.inputs = {x.meta()};
    if (std::string(op) == "reshape") {
      spec.attrs = ops::ReshapeAttrs{.shape = Ints{3, 2}};
    } else if (std::string(op) == "expand_dims") {
      spec.attrs = ops::AxesAttrs{.axes = Ints{0}};
    } else {
      spec.inputs = {{DType::float32, Shape{2, 1, 3}}};
      spec.attrs = ops::AxesAttrs{.axes = Ints{1}};
    }
    spec.outputs = ops::get_op(op).infer(spec.inputs, spec.attrs);
    EXPECT_EQ(ops::get_op(op).inplace_input, 0);
    auto kernel = backend::get("cpu").make_kernel(spec);
    const void* in[] = {x.raw_data()};
    void* out[] = {x.raw_data()};
    kernel->run(in, out);
    EXPECT_EQ(x.to_vector<float>(), (std::vector<float>{1, 2, 3, 4, 5, 6}));
  }
}

// --- Transpose ---------------------------------------------------------------------------------

Tensor ref_transpose(const Tensor& x, const Ints& perm) {
  Ints out_dims;
  for (int64_t p : perm) out_dims.push_back(x.shape()[static_cast<int>(p)]);
  Reader r(x);
  return build(Shape(out_dims), [&](const Ints& o) {
    Ints i(perm.size());
    for (size_t j = 0; j < perm.size(); ++j) i[static_cast<size_t>(perm[j])] = o[j];
    return r(i);
  });
}

void check_transpose(const Tensor& x, const Ints& perm, std::vector<DType> dtypes = kAllDtypes) {
  SCOPED_TRACE(str("transpose ", x.shape(), " perm ", Shape(perm)));
  run_case(
      "transpose", {x}, ops::TransposeAttrs{.perm = perm},
      [perm](const std::vector<Tensor>& in) {
        return std::vector<Tensor>{ref_transpose(in[0], perm)};
      },
      std::move(dtypes));
}

TEST(Shape, Transpose) {
  check_transpose(small_ints({37, 53}), {1, 0});  // partial tiles
  check_transpose(small_ints({5}), {0});
  Tensor x = small_ints({3, 4, 5}, 4);
  Ints perm = {0, 1, 2};
  do check_transpose(x, perm);
  while (std::next_permutation(perm.begin(), perm.end()));
  check_transpose(small_ints({2, 5, 6, 7}), {0, 3, 1, 2});  // NHWC -> NCHW
  check_transpose(small_ints({2, 5, 6, 7}), {0, 2, 3, 1});  // NCHW -> NHWC
  check_transpose(small_ints({3, 1, 4}), {2, 1, 0});        // size-1 axis
  check_transpose(small_ints({2, 3, 4, 5}), {2, 3, 0, 1});  // merged pairs
  check_transpose(small_ints({2, 3, 4, 5}), {1, 0, 3, 2});
  check_transpose(testing::uniform({300, 517}), {1, 0}, {DType::float32, DType::float64});
  check_transpose(testing::uniform({64, 33, 70}), {1, 0, 2}, {DType::float32});  // rows mode
}

// --- Concat and split --------------------------------------------------------------------------

Tensor ref_concat(const std::vector<Tensor>& xs, int axis) {
  Ints dims = xs[0].shape().dims();
  dims[static_cast<size_t>(axis)] = 0;
  for (const Tensor& x : xs) dims[static_cast<size_t>(axis)] += x.shape()[axis];
  std::vector<Reader> readers;
  for (const Tensor& x : xs) readers.emplace_back(x);
  return build(Shape(dims), [&](Ints i) {
    for (const Reader& r : readers) {
      if (i[static_cast<size_t>(axis)] < r.s[axis]) return r(i);
      i[static_cast<size_t>(axis)] -= r.s[axis];
    }
    return 0.0;
  });
}

TEST(Shape, Concat) {
  for (int axis = 0; axis < 3; ++axis) {
    SCOPED_TRACE(str("axis ", axis));
    Ints a = {2, 3, 4}, b = a, c = a;
    b[static_cast<size_t>(axis)] = 1;
    c[static_cast<size_t>(axis)] = 5;
    std::vector<Tensor> xs = {small_ints(Shape(a), 5), small_ints(Shape(b), 6),
                              small_ints(Shape(c), 7)};
    run_case("concat", xs, ops::AxisAttrs{.axis = int64_t{axis}},
             [axis](const std::vector<Tensor>& in) {
               return std::vector<Tensor>{ref_concat(in, axis)};
             });
  }
  std::vector<Tensor> big = {testing::uniform({200, 700}), testing::uniform({100, 700})};
  for (int axis : {0}) {
    run_case(
        "concat", big, ops::AxisAttrs{.axis = int64_t{axis}},
        [axis](const std::vector<Tensor>& in) { return std::vector<Tensor>{ref_concat(in, axis)}; },
        {DType::float32});
  }
  std::vector<Tensor> wide = {testing::uniform({700, 200}), testing::uniform({700, 100})};
  run_case("concat", wide, ops::AxisAttrs{.axis = int64_t{1}},
           [](const std::vector<Tensor>& in) { return std::vector<Tensor>{ref_concat(in, 1)}; },
           {DType::float32});
  run_case("concat", {small_ints({3, 2})}, ops::AxisAttrs{.axis = int64_t{1}},
           [](const std::vector<Tensor>& in) { return std::vector<Tensor>{in[0]}; });
}

std::vector<Tensor> ref_split(const Tensor& x, int axis, const Ints& sizes) {
  std::vector<Tensor> out;
  Reader r(x);
  int64_t offset = 0;
  for (int64_t size : sizes) {
    Ints dims = x.shape().dims();
    dims[static_cast<size_t>(axis)] = size;
    out.push_back(build(Shape(dims), [&](Ints i) {
      i[static_cast<size_t>(axis)] += offset;
      return r(i);
    }));
    offset += size;
  }
  return out;
}

TEST(Shape, Split) {
  Tensor x = small_ints({4, 6, 5}, 8);
  run_case("split", {x}, ops::SplitAttrs{.axis = int64_t{1}, .sizes = Ints{1, 3, 2}},
           [](const std::vector<Tensor>& in) {
             return ref_split(in[0], 1, {1, 3, 2});
           });
  run_case("split", {x}, ops::SplitAttrs{.axis = int64_t{0}, .sizes = Ints{2, -1}},
           [](const std::vector<Tensor>& in) {
             return ref_split(in[0], 0, {2, 2});
           });
  run_case("split", {x}, ops::SplitAttrs{.axis = int64_t{2}, .sizes = Ints{0, 5}},
           [](const std::vector<Tensor>& in) {
             return ref_split(in[0], 2, {0, 5});
           });
  run_case("split", {testing::uniform({600, 300})},
           ops::SplitAttrs{.axis = int64_t{0}, .sizes = Ints{100, 500}},
           [](const std::vector<Tensor>& in) {
             return ref_split(in[0], 0, {100, 500});
           },
           {DType::float32});
}

// --- Slice, slice_grad, pad --------------------------------------------------------------------

Tensor ref_slice(const Tensor& x, const Ints& begin, const Ints& size) {
  Ints dims;
  for (int a = 0; a < x.rank(); ++a) {
    int64_t s = size[static_cast<size_t>(a)];
    dims.push_back(s >= 0 ? s : x.shape()[a] - begin[static_cast<size_t>(a)]);
  }
  Reader r(x);
  return build(Shape(dims), [&](Ints i) {
    for (size_t a = 0; a < i.size(); ++a) i[a] += begin[a];
    return r(i);
  });
}

// Zeros (or `fill`) of `shape` with `x` placed at `begin`.
Tensor ref_place(const Tensor& x, const Shape& shape, const Ints& begin, double fill) {
  Reader r(x);
  return build(shape, [&](Ints i) {
    for (size_t a = 0; a < i.size(); ++a) {
      i[a] -= begin[a];
      if (i[a] < 0 || i[a] >= x.shape()[static_cast<int>(a)]) return fill;
    }
    return r(i);
  });
}

TEST(Shape, Slice) {
  Tensor x = small_ints({5, 6, 7}, 9);
  struct Box {
    Ints begin, size;
  };
  for (const Box& b : std::vector<Box>{{{1, 2, 3}, {2, 3, 4}},
                                       {{0, 0, 0}, {5, 6, 7}},
                                       {{4, 0, 2}, {-1, -1, 5}},
                                       {{0, 5, 0}, {5, 1, 7}},
                                       {{2, 0, 0}, {0, 6, 7}}}) {
    SCOPED_TRACE(str("begin ", Shape(b.begin), " size ", Shape(b.size)));
    run_case("slice", {x}, ops::SliceAttrs{.begin = b.begin, .size = b.size},
             [b](const std::vector<Tensor>& in) {
               return std::vector<Tensor>{ref_slice(in[0], b.begin, b.size)};
             });
  }
  run_case("slice", {testing::uniform({400, 900})},
           ops::SliceAttrs{.begin = Ints{10, 3}, .size = Ints{300, 800}},
           [](const std::vector<Tensor>& in) {
             return std::vector<Tensor>{ref_slice(in[0], {10, 3}, {300, 800})};
           },
           {DType::float32});
}

TEST(Shape, SliceGrad) {
  Tensor dy = small_ints({2, 3, 4}, 10);
  Tensor ref = testing::uniform({5, 6, 7});
  for (const Ints& begin : std::vector<Ints>{{0, 0, 0}, {3, 1, 2}, {1, 3, 3}}) {
    run_case("slice_grad", {dy, ref}, ops::SliceGradAttrs{.begin = begin},
             [begin](const std::vector<Tensor>& in) {
               return std::vector<Tensor>{ref_place(in[0], in[1].shape(), begin, 0.0)};
             });
  }
}

TEST(Shape, Pad) {
  Tensor x = small_ints({3, 4, 2}, 11);
  Ints pads = {1, 2, 0, 3, 2, 0};
  Ints before = {1, 0, 2};
  Shape padded({6, 7, 4});
  // Every dtype holds 1 exactly (bool: true).
  run_case("pad", {x}, ops::PadAttrs{.paddings = pads, .constant_value = 1.0},
           [&](const std::vector<Tensor>& in) {
             return std::vector<Tensor>{ref_place(in[0], padded, before, 1.0)};
           });
  run_case("pad", {testing::uniform({3, 4, 2})},
           ops::PadAttrs{.paddings = pads, .constant_value = -3.25},
           [&](const std::vector<Tensor>& in) {
             return std::vector<Tensor>{ref_place(in[0], padded, before, -3.25)};
           },
           {DType::float32, DType::float64});
  run_case("pad", {x}, ops::PadAttrs{.paddings = Ints{0, 0, 0, 0, 0, 0}},
           [](const std::vector<Tensor>& in) { return std::vector<Tensor>{in[0]}; });
}

// --- Gather, gather_grad, one_hot --------------------------------------------------------------

Tensor ref_gather(const Tensor& params, const Tensor& indices, int axis) {
  Ints dims(params.shape().begin(), params.shape().begin() + axis);
  for (int64_t d : indices.shape()) dims.push_back(d);
  for (int a = axis + 1; a < params.rank(); ++a) dims.push_back(params.shape()[a]);
  Ints idx = indices.to_vector<int64_t>();
  Reader r(params);
  int ir = indices.rank();
  return build(Shape(dims), [&](const Ints& o) {
    Ints p(o.begin(), o.begin() + axis);
    Ints which(o.begin() + axis, o.begin() + axis + ir);
    p.push_back(idx[static_cast<size_t>(ravel(which, indices.shape()))]);
    p.insert(p.end(), o.begin() + axis + ir, o.end());
    return r(p);
  });
}

TEST(Shape, Gather) {
  Tensor params = small_ints({7, 3, 4}, 12);
  for (DType index_dtype : {DType::int32, DType::int64}) {
    for (int axis = 0; axis < 3; ++axis) {
      SCOPED_TRACE(str("axis ", axis, " indices ", index_dtype));
      Tensor indices =
          testing::integers({2, 5}, 0, params.shape()[axis], index_dtype, 13 + uint64_t(axis));
      run_case("gather", {params, indices}, ops::AxisAttrs{.axis = int64_t{axis}},
               [axis](const std::vector<Tensor>& in) {
                 return std::vector<Tensor>{ref_gather(in[0], in[1], axis)};
               });
    }
  }
  // Scalar index: the axis disappears.
  run_case("gather", {params, Tensor::scalar(int64_t{6})}, ops::AxisAttrs{.axis = int64_t{0}},
           [](const std::vector<Tensor>& in) {
             return std::vector<Tensor>{ref_gather(in[0], in[1], 0)};
           });
  // An embedding lookup: [vocabulary, dim] rows for a [batch, length] of token ids.
  Tensor table = testing::uniform({5000, 64});
  Tensor tokens = testing::integers({32, 100}, 0, 5000, DType::int32, 14);
  run_case("gather", {table, tokens}, ops::AxisAttrs{.axis = int64_t{0}},
           [](const std::vector<Tensor>& in) {
             return std::vector<Tensor>{ref_gather(in[0], in[1], 0)};
           },
           {DType::float32});
}

Tensor ref_gather_grad(const Tensor& dy, const Tensor& indices, const Shape& ref, int axis) {
  Ints idx = indices.to_vector<int64_t>();
  Values out(static_cast<size_t>(ref.num_elements()), 0.0);
  Values d = dy.to_vector<double>();
  int ir = indices.rank();
  for (int64_t i = 0; i < dy.size(); ++i) {
    Ints o = unravel(i, dy.shape());
    Ints p(o.begin(), o.begin() + axis);
    Ints which(o.begin() + axis, o.begin() + axis + ir);
    p.push_back(idx[static_cast<size_t>(ravel(which, indices.shape()))]);
    p.insert(p.end(), o.begin() + axis + ir, o.end());
    out[static_cast<size_t>(ravel(p, ref))] += d[static_cast<size_t>(i)];
  }
  return Tensor::from_vector(out, ref);
}

TEST(Shape, GatherGrad) {
  Tensor ref = testing::uniform({6, 3, 4});
  for (DType index_dtype : {DType::int32, DType::int64}) {
    for (int axis = 0; axis < 3; ++axis) {
      SCOPED_TRACE(str("axis ", axis, " indices ", index_dtype));
      // Repeated indices: their rows add up.
      Tensor indices = testing::integers({2, 5}, 0, ref.shape()[axis], index_dtype, 15);
      Ints dy_dims(ref.shape().begin(), ref.shape().begin() + axis);
      dy_dims.push_back(2);
      dy_dims.push_back(5);
      for (int a = axis + 1; a < 3; ++a) dy_dims.push_back(ref.shape()[a]);
      Tensor dy = testing::uniform(Shape(dy_dims), -1, 1, 16);
      run_case("gather_grad", {dy, indices, ref}, ops::AxisAttrs{.axis = int64_t{axis}},
               [axis](const std::vector<Tensor>& in) {
                 return std::vector<Tensor>{ref_gather_grad(in[0], in[1], in[2].shape(), axis)};
               },
               {DType::float32, DType::float64});
    }
  }
  // The embedding gradient, large enough to use every thread.
  Tensor table = testing::uniform({3000, 64});
  Tensor tokens = testing::integers({64, 200}, 0, 3000, DType::int64, 17);
  run_case("gather_grad", {testing::uniform({64, 200, 64}), tokens, table},
           ops::AxisAttrs{.axis = int64_t{0}},
           [](const std::vector<Tensor>& in) {
             return std::vector<Tensor>{ref_gather_grad(in[0], in[1], in[2].shape(), 0)};
           },
           {DType::float32, DType::float64});
}

TEST(Shape, OneHot) {
  // Labels as float64 are converted to the index dtype under test; -1 and 5 are out of range.
  Tensor labels = Tensor::from_vector(Values{0, 4, 2, -1, 5, 3}, Shape{2, 3});
  run_case("one_hot", {labels}, ops::OneHotAttrs{.depth = int64_t{5}, .dtype = DType::float32},
           [](const std::vector<Tensor>& in) {
             Values l = in[0].to_vector<double>();
             return std::vector<Tensor>{build(Shape{2, 3, 5}, [&](const Ints& i) {
               return l[static_cast<size_t>(i[0] * 3 + i[1])] == double(i[2]) ? 1.0 : 0.0;
             })};
           },
           {DType::int32, DType::int64});
  Tensor ints = Tensor::from_vector(std::vector<int32_t>{1, 0, 7}, Shape{3});
  for (DType d : {DType::int32, DType::bool_, DType::float16, DType::uint8, DType::float64}) {
    Tensor y = ops::call1("one_hot", {ints}, ops::OneHotAttrs{.depth = int64_t{3}, .dtype = d});
    EXPECT_EQ(y.dtype(), d);
    EXPECT_EQ(y.to_vector<double>(), (Values{0, 1, 0, 1, 0, 0, 0, 0, 0}));
  }
}

// --- Frontend ----------------------------------------------------------------------------------

std::vector<float> values(const Tensor& t) {
  return t.to_vector<float>();
}

TEST(ShapeFrontend, KerasSemantics) {
  Tensor x = Tensor::from_vector(std::vector<float>{0, 1, 2, 3, 4, 5}, Shape{2, 3});
  EXPECT_EQ(ops::reshape(x, {3, -1}).shape(), Shape({3, 2}));
  EXPECT_EQ(ops::expand_dims(x, -1).shape(), Shape({2, 3, 1}));
  EXPECT_EQ(ops::expand_dims(x, {0, -1}).shape(), Shape({1, 2, 3, 1}));
  EXPECT_EQ(ops::squeeze(ops::reshape(x, {1, 2, 1, 3})).shape(), Shape({2, 3}));
  EXPECT_EQ(ops::squeeze(ops::reshape(x, {1, 2, 1, 3}), -2).shape(), Shape({1, 2, 3}));
  EXPECT_EQ(values(ops::transpose(x)), (std::vector<float>{0, 3, 1, 4, 2, 5}));
  EXPECT_EQ(ops::transpose(ops::reshape(x, {1, 2, 3}), {-1, 0, 1}).shape(), Shape({3, 1, 2}));
  EXPECT_EQ(ops::swapaxes(ops::reshape(x, {1, 2, 3}), 0, -1).shape(), Shape({3, 2, 1}));
  EXPECT_EQ(ops::moveaxis(ops::reshape(x, {1, 2, 3}), 0, -1).shape(), Shape({2, 3, 1}));
  EXPECT_EQ(values(ops::concatenate({x, x}, -1)),
            (std::vector<float>{0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5}));

  std::vector<Tensor> thirds = ops::split(x, 3, 1);
  ASSERT_EQ(thirds.size(), 3u);
  EXPECT_EQ(values(thirds[1]), (std::vector<float>{1, 4}));
  std::vector<Tensor> cut = ops::split(x, {1}, 1);  // a list: cut before position 1
  ASSERT_EQ(cut.size(), 2u);
  EXPECT_EQ(cut[1].shape(), Shape({2, 2}));
  std::vector<Tensor> cuts = ops::split(ops::reshape(x, {6}), {2, 3, 9});  // NumPy clips
  ASSERT_EQ(cuts.size(), 4u);
  EXPECT_EQ(cuts[2].shape(), Shape({3}));
  EXPECT_EQ(cuts[3].shape(), Shape({0}));

  EXPECT_EQ(values(ops::slice(x, {0, 1}, {2, -1})), (std::vector<float>{1, 2, 4, 5}));
  EXPECT_EQ(values(ops::pad(x, {{0, 0}, {1, 0}}, 9.0)),
            (std::vector<float>{9, 0, 1, 2, 9, 3, 4, 5}));
  EXPECT_EQ(ops::pad(x, {{1, 1}}).shape(), Shape({4, 5}));  // one pair for every axis

  Tensor idx = Tensor::from_vector(std::vector<int64_t>{2, 0});
  EXPECT_EQ(values(ops::take(x, idx, 1)), (std::vector<float>{2, 0, 5, 3}));
  EXPECT_EQ(values(ops::take(x, idx)), (std::vector<float>{2, 0}));  // flattened
  EXPECT_EQ(values(ops::take(x, -1, 0)), (std::vector<float>{3, 4, 5}));

  Tensor labels = Tensor::from_vector(std::vector<int64_t>{2, 0});
  Tensor oh = ops::one_hot(labels, 3);
  EXPECT_EQ(oh.dtype(), DType::float32);
  EXPECT_EQ(values(oh), (std::vector<float>{0, 0, 1, 1, 0, 0}));
  EXPECT_EQ(values(ops::one_hot(labels, 3, 0)), (std::vector<float>{0, 1, 0, 0, 1, 0}));
  EXPECT_EQ(ops::one_hot(labels, 3, -1, DType::int32).dtype(), DType::int32);
}

TEST(ShapeFrontend, PadModesMatchNumPy) {
  Tensor x = Tensor::from_vector(std::vector<float>{1, 2, 3});
  EXPECT_EQ(values(ops::pad(x, {{2, 2}}, "reflect")), (std::vector<float>{3, 2, 1, 2, 3, 2, 1}));
  EXPECT_EQ(values(ops::pad(x, {{2, 2}}, "symmetric")), (std::vector<float>{2, 1, 1, 2, 3, 3, 2}));
  EXPECT_EQ(values(ops::pad(x, {{2, 2}}, "edge")), (std::vector<float>{1, 1, 1, 2, 3, 3, 3}));
  EXPECT_EQ(values(ops::pad(x, {{2, 2}}, "wrap")), (std::vector<float>{2, 3, 1, 2, 3, 1, 2}));
  EXPECT_EQ(values(ops::pad(x, {{5, 0}}, "reflect")), (std::vector<float>{2, 1, 2, 3, 2, 1, 2, 3}));
  EXPECT_THROW(ops::pad(x, {{1, 1}}, "median"), ValueError);
}

TEST(ShapeFrontend, SymbolicUnknownBatch) {
  Tensor p = graph::placeholder({DType::float32, Shape{-1, 3, 4}});
  EXPECT_EQ(ops::reshape(p, {-1, 12}).shape(), Shape({-1, 12}));
  EXPECT_EQ(ops::reshape(p, {-1}).shape(), Shape({-1}));
  EXPECT_EQ(ops::reshape(p, {3, -1}).shape(), Shape({3, -1}));
  EXPECT_EQ(ops::expand_dims(p, 1).shape(), Shape({-1, 1, 3, 4}));
  EXPECT_EQ(ops::squeeze(ops::expand_dims(p, -1)).shape(), Shape({-1, 3, 4}));
  EXPECT_EQ(ops::squeeze(ops::expand_dims(p, 0), 0).shape(), Shape({-1, 3, 4}));
  EXPECT_EQ(ops::transpose(p).shape(), Shape({4, 3, -1}));
  EXPECT_EQ(ops::swapaxes(p, 0, 1).shape(), Shape({3, -1, 4}));
  EXPECT_EQ(ops::concatenate({p, p}, 0).shape(), Shape({-1, 3, 4}));
  EXPECT_EQ(ops::concatenate({p, p}, 1).shape(), Shape({-1, 6, 4}));
  std::vector<Tensor> parts = ops::split(p, {1}, 1);
  EXPECT_EQ(parts[0].shape(), Shape({-1, 1, 4}));
  EXPECT_EQ(parts[1].shape(), Shape({-1, 2, 4}));
  std::vector<Tensor> rows = ops::split(p, {2}, 0);
  EXPECT_EQ(rows[0].shape(), Shape({2, 3, 4}));
  EXPECT_EQ(rows[1].shape(), Shape({-1, 3, 4}));
  EXPECT_EQ(ops::slice(p, {0, 1, 0}, {-1, 2, 4}).shape(), Shape({-1, 2, 4}));
  EXPECT_EQ(ops::pad(p, {{0, 0}, {1, 1}, {2, 0}}).shape(), Shape({-1, 5, 6}));
  Tensor idx = Tensor::from_vector(std::vector<int64_t>{0, 2, 2, 1, 0});
  EXPECT_EQ(ops::take(p, idx, 1).shape(), Shape({-1, 5, 4}));
  Tensor labels = graph::placeholder({DType::int64, Shape{-1, 7}});
  EXPECT_EQ(ops::one_hot(labels, 10).shape(), Shape({-1, 7, 10}));
  Tensor grad =
      ops::call1("gather_grad", {ops::take(p, idx, 1), idx, p}, ops::AxisAttrs{.axis = int64_t{1}});
  EXPECT_EQ(grad.shape(), Shape({-1, 3, 4}));
  Tensor sg = ops::call1("slice_grad", {ops::slice(p, {0, 1, 0}, {-1, 2, 4}), p},
                         ops::SliceGradAttrs{.begin = Ints{0, 1, 0}});
  EXPECT_EQ(sg.shape(), Shape({-1, 3, 4}));
  EXPECT_EQ(ops::call1("reshape_like", {ops::reshape(p, {-1}), p}).shape(), Shape({-1, 3, 4}));
}

using testing::expect_error;

TEST(ShapeErrors, BadInputs) {
  Tensor x = testing::uniform({2, 3});
  expect_error([&] { ops::reshape(x, {4, 2}); }, "cannot reshape");
  EXPECT_THROW(ops::reshape(x, {4, 2}), ValueError);
  expect_error([&] { ops::reshape(x, {-1, -1}); }, "at most one");
  expect_error([&] { ops::reshape(x, {4, -1}); }, "cannot reshape");
  EXPECT_THROW(ops::call1("reshape_like", {x, testing::uniform({7})}), ValueError);
  expect_error([&] { ops::expand_dims(x, 3); }, "out of bounds");
  expect_error([&] { ops::squeeze(x, 1); }, "not 1");
  expect_error([&] { ops::transpose(x, {0, 0}); }, "not a permutation");
  EXPECT_THROW(ops::transpose(x, {0}), ValueError);
  expect_error(
      [&] {
        ops::concatenate({x, testing::uniform({3, 3})}, 1);
      },
      "must match except along axis 1");
  EXPECT_THROW(ops::concatenate({x, x.astype(DType::float32)}), TypeError);
  EXPECT_THROW(ops::concatenate({x, testing::uniform({6})}), ValueError);
  EXPECT_THROW(ops::concatenate({x, x}, 2), ValueError);
  expect_error([&] { ops::split(x, 2, 1); }, "equal division");
  expect_error(
      [&] {
        ops::call("split", {x}, ops::SplitAttrs{.axis = int64_t{1}, .sizes = Ints{1, 1}});
      },
      "do not add up");
  expect_error([&] { ops::slice(x, {1, 1}, {2, 1}); }, "does not fit");
  EXPECT_THROW(ops::slice(x, {0}, {1}), ValueError);
  expect_error([&] { ops::pad(x, {{-1, 0}}); }, ">= 0");
  // Index dtype and index range.
  expect_error([&] { ops::take(x, testing::uniform({2}), 0); }, "op 'gather'");
  EXPECT_THROW(ops::take(x, testing::uniform({2}), 0), TypeError);
  Tensor bad = Tensor::from_vector(std::vector<int64_t>{0, 2, 1});
  expect_error([&] { ops::take(x, bad, 0); }, "index 2");
  expect_error([&] { ops::take(x, bad, 0); }, "size 2");
  Tensor negative = Tensor::from_vector(std::vector<int32_t>{-1});
  EXPECT_THROW(ops::take(x, negative, 1), ValueError);
  expect_error(
      [&] {
        ops::call1("gather_grad", {testing::uniform({3, 3}), bad, x},
                   ops::AxisAttrs{.axis = int64_t{0}});
      },
      "op 'gather_grad': index 2");
  EXPECT_THROW(ops::one_hot(testing::uniform({3}), 4), TypeError);
  EXPECT_THROW(ops::call1("one_hot", {bad}, ops::OneHotAttrs{.depth = int64_t{-2}}), ValueError);
}

// --- Gradients ---------------------------------------------------------------------------------

void check_grad(const std::string& op, std::vector<Tensor> inputs, ops::Attrs attrs,
                std::vector<int> wrt = {}) {
  SCOPED_TRACE(op);
  testing::GradCase c;
  c.op = op;
  c.inputs = std::move(inputs);
  c.attrs = std::move(attrs);
  c.wrt = std::move(wrt);
  testing::check_gradient(c);
}

TEST(ShapeGradient, EveryDifferentiableOp) {
  Tensor x = testing::uniform({2, 3, 4}, -1, 1, 30);
  check_grad("reshape", {x}, ops::ReshapeAttrs{.shape = Ints{4, -1}});
  check_grad("reshape_like", {x, testing::uniform({6, 4})}, {}, {0});
  check_grad("expand_dims", {x}, ops::AxesAttrs{.axes = Ints{0, 2}});
  check_grad("squeeze", {testing::uniform({2, 1, 3})}, ops::AxesAttrs{.axes = Ints{1}});
  check_grad("transpose", {x}, ops::TransposeAttrs{.perm = Ints{2, 0, 1}});
  check_grad("concat", {x, testing::uniform({2, 1, 4}, -1, 1, 31)},
             ops::AxisAttrs{.axis = int64_t{1}});
  check_grad("split", {x}, ops::SplitAttrs{.axis = int64_t{2}, .sizes = Ints{1, 3}});
  check_grad("slice", {x}, ops::SliceAttrs{.begin = Ints{1, 0, 1}, .size = Ints{1, -1, 2}});
  check_grad("slice_grad", {testing::uniform({1, 2, 2}), x},
             ops::SliceGradAttrs{.begin = Ints{1, 1, 2}}, {0});
  check_grad("pad", {x}, ops::PadAttrs{.paddings = Ints{1, 0, 0, 2, 1, 1}, .constant_value = 0.5});
  Tensor idx = Tensor::from_vector(std::vector<int64_t>{2, 0, 2, 1});
  check_grad("gather", {x, idx}, ops::AxisAttrs{.axis = int64_t{1}}, {0});
  check_grad("gather_grad", {testing::uniform({2, 4, 4}), idx, x},
             ops::AxisAttrs{.axis = int64_t{1}}, {0});
}

TEST(ShapeGradient, UnknownBatchAndUnusedSplitOutputs) {
  // Gradients built on an unknown batch, run for a concrete one: pad's trailing padding on the
  // batch axis and concat along it need sizes only known at run time.
  Tensor p = graph::placeholder({DType::float64, Shape{-1, 3}});
  Tensor padded = ops::pad(p, {{1, 2}, {0, 0}}, 0.0);
  Tensor longer = ops::concatenate({padded, testing::uniform({2, 3})}, 0);
  Tensor first = ops::split(longer, {2}, 0)[0];  // the second piece gets no gradient
  Tensor g = graph::gradients(first, {p})[0];
  EXPECT_EQ(g.shape(), Shape({-1, 3}));
  graph::Program program({p}, {g});
  // The first two rows of `longer` are a padding row and p's first row.
  EXPECT_EQ(program.run({testing::uniform({4, 3})})[0].to_vector<double>(),
            (Values{1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
}

}  // namespace
}  // namespace keras
