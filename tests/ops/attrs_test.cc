// Typed op attributes (keras/ops/attrs.h, keras/ops/op_attrs.h): the canonical key, equality and
// printing that follow from a struct's field list, the defaults a call without attributes gets,
// the internal error for a struct of another op, and common-subexpression elimination by key.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "keras/backend/backend.h"
#include "keras/graph/node.h"
#include "keras/graph/program.h"
#include "keras/ops/op_def.h"
#include "tests/ops/harness.h"

namespace keras {
namespace {

using testing::expect_error;

TEST(OpsAttributes, KeyListsEveryFieldInDeclarationOrder) {
  ops::Attrs reduce = ops::ReduceAttrs{.axes = {0, 2}, .keepdims = true};
  EXPECT_EQ(reduce.key(), "axes=[0,2],keepdims=true");
  EXPECT_EQ(ops::Attrs(ops::ReduceAttrs{}).key(), "axes=[],keepdims=false");
  EXPECT_EQ(
      ops::Attrs(ops::CrossentropyAttrs{.from_logits = true, .epsilon = 0.25, .axis = 1}).key(),
      "from_logits=true,epsilon=0.25,axis=1");
  EXPECT_EQ(ops::Attrs(ops::FillLikeAttrs{.value = 1.5}).key(), "value=1.5,dtype=none");
  EXPECT_EQ(ops::Attrs(ops::FillLikeAttrs{.value = 1.5, .dtype = DType::int32}).key(),
            "value=1.5,dtype=int32");
  EXPECT_EQ(ops::Attrs(ops::FusedActivationAttrs{.activation = ops::FusedActivation::tanh}).key(),
            "activation=tanh");
  // A nested struct (unary_grad carries its forward op's attributes) and a string.
  ops::Attrs grad = ops::UnaryGradAttrs{.fn = "elu", .fn_attrs = ops::EluAttrs{.alpha = 0.5}};
  EXPECT_EQ(grad.key(), "fn=\"elu\",fn_attrs={alpha=0.5}");
  // An optimizer step: the public options' fields, then row_sparse.
  ops::Attrs step = ops::AdamUpdateAttrs{{.amsgrad = true}, true};
  EXPECT_EQ(step.key(),
            "beta_1=0.90000000000000002,beta_2=0.999,epsilon=9.9999999999999995e-08,"
            "amsgrad=true,weight_decay=0,row_sparse=true");
  EXPECT_EQ(ops::Attrs().key(), "");
}

TEST(OpsAttributes, EqualityComparesTheStructAndItsValues) {
  EXPECT_EQ(ops::Attrs(ops::AxisAttrs{.axis = 1}), ops::Attrs(ops::AxisAttrs{.axis = 1}));
  EXPECT_NE(ops::Attrs(ops::AxisAttrs{.axis = 1}), ops::Attrs(ops::AxisAttrs{.axis = 0}));
  // Same text, other struct: not equal.
  EXPECT_EQ(ops::Attrs(ops::SoftmaxAttrs{.axis = 1}).key(),
            ops::Attrs(ops::AxisAttrs{.axis = 1}).key());
  EXPECT_NE(ops::Attrs(ops::SoftmaxAttrs{.axis = 1}), ops::Attrs(ops::AxisAttrs{.axis = 1}));
  EXPECT_NE(ops::Attrs(), ops::Attrs(ops::ReduceAttrs{}));
  EXPECT_EQ(ops::Attrs(), ops::Attrs());
  // Doubles compare by their exact value.
  EXPECT_NE(ops::Attrs(ops::DropoutAttrs{.rate = 0.1}),
            ops::Attrs(ops::DropoutAttrs{.rate = std::nextafter(0.1, 1.0)}));
}

TEST(OpsAttributes, PrintsTheStructNameAndFields) {
  EXPECT_EQ(str(ops::Attrs(ops::MatmulAttrs{.transpose_b = true})),
            "MatmulAttrs{transpose_a=false,transpose_b=true}");
  EXPECT_EQ(ops::Attrs(ops::NadamUpdateAttrs{}).type_name(), "StepAttrs<NadamUpdateOptions>");
  EXPECT_EQ(str(ops::Attrs()), "{}");
}

TEST(OpsAttributes, OpsNameTheirStructWithItsDefaults) {
  EXPECT_TRUE(ops::get_op("sum").attrs.is<ops::ReduceAttrs>());
  EXPECT_TRUE(ops::get_op("argmax").attrs.is<ops::ArgReduceAttrs>());
  EXPECT_TRUE(ops::get_op("dense").attrs.is<ops::FusedActivationAttrs>());
  EXPECT_TRUE(ops::get_op("adam_update").attrs.is<ops::AdamUpdateAttrs>());
  EXPECT_TRUE(ops::get_op("relu").attrs.empty());
  EXPECT_TRUE(ops::get_op("add").attrs.empty());
  // A call without attributes runs with the defaults: matmul without transposes.
  Tensor a = Tensor::from_vector<double>({1, 2, 3, 4, 5, 6}, Shape{2, 3});
  Tensor b = Tensor::from_vector<double>({1, 0, 0, 1, 1, 1}, Shape{3, 2});
  EXPECT_EQ(ops::call1("matmul", {a, b}).to_vector<double>(), (std::vector<double>{4, 5, 10, 11}));
  Tensor node = ops::call1("matmul", {graph::placeholder(a.meta()), b});
  EXPECT_EQ(node.node()->attrs, ops::Attrs(ops::MatmulAttrs{}));
}

TEST(OpsAttributes, AnotherOpsStructIsAnInternalErrorNamingTheOp) {
  Tensor x = testing::uniform({2, 3});
  expect_error<Error>([&] { ops::call1("sum", {x}, ops::AxisAttrs{.axis = 1}); },
                      {"internal error", "op 'sum' takes ReduceAttrs", "AxisAttrs{axis=1}"});
  expect_error<Error>([&] { ops::call1("relu", {x}, ops::AxisAttrs{}); },
                      {"op 'relu' takes no attributes"});
  expect_error<Error>(
      [&] { ops::call1("sum", {graph::placeholder(x.meta())}, ops::MatmulAttrs{}); },
      {"op 'sum' takes ReduceAttrs"});
  // Reading a struct as another one names both.
  ops::Attrs reduce = ops::ReduceAttrs{};
  expect_error<Error>([&] { reduce.as<ops::AxisAttrs>(); },
                      {"internal error", "ReduceAttrs{axes=[],keepdims=false}", "AxisAttrs"});
  // unary_grad's forward attributes must be the forward op's struct.
  expect_error<Error>(
      [&] {
        ops::call1("unary_grad", {x, x}, ops::UnaryGradAttrs{.fn = "elu"});
      },
      {"op 'unary_grad' of 'elu' takes EluAttrs"});
}

TEST(OpsAttributes, CommonSubexpressionsMergeOnEqualAttributes) {
  Tensor x = graph::placeholder({DType::float32, Shape{-1, 4}});
  Tensor s1 = ops::call1("sum", {x}, ops::ReduceAttrs{.axes = {1}});
  Tensor s2 = ops::call1("sum", {x}, ops::ReduceAttrs{.axes = {1}});
  Tensor s3 = ops::call1("sum", {x}, ops::ReduceAttrs{.axes = {1}, .keepdims = true});
  graph::Program program({x}, {s1, s2, s3}, {}, &backend::get("cpu"));
  Tensor input = Tensor::from_vector<float>({1, 2, 3, 4, 5, 6, 7, 8}, Shape{2, 4});
  EXPECT_EQ(program.stats({input}).merged, 1);  // s2 is s1; s3 keeps its dims
  std::vector<Tensor> out = program.run({input});
  EXPECT_EQ(out[1].to_vector<float>(), (std::vector<float>{10, 26}));
  EXPECT_EQ(out[2].shape(), (Shape{2, 1}));
}

}  // namespace
}  // namespace keras
