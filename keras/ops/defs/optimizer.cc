// Variable updates (keras/ops/README.md "Variable updates"): assign, assign_add and one fused op
// per Keras 3 optimizer (formulas: KERAS.md §6.2). They write their variables and slots in place
// and have no outputs.
#include "keras/ops/defs/rules.h"
#include "keras/ops/op_attrs.h"
#include "keras/ops/op_def.h"

namespace keras::ops::detail {

namespace {

using Metas = std::span<const TensorMeta>;

bool same_shape(const Shape& a, const Shape& b) {
  if (a.rank() != b.rank()) return false;
  for (int i = 0; i < a.rank(); ++i)
    if (a[i] != b[i] && a[i] != Shape::kUnknown && b[i] != Shape::kUnknown) return false;
  return true;
}

// Input i (named `what`) must have the variable's dtype and shape.
void expect_like_var(Metas in, int i, const char* what, std::string_view op) {
  const TensorMeta& var = in[0];
  const TensorMeta& t = in[static_cast<size_t>(i)];
  if (t.dtype != var.dtype)
    throw TypeError(str("op '", op, "': ", what, " (input ", i, ") must have the variable's dtype ",
                        var.dtype, ", got ", t.dtype));
  if (!same_shape(t.shape, var.shape))
    throw ValueError(str("op '", op, "': ", what, " (input ", i,
                         ") must have the variable's shape ", var.shape, ", got ", t.shape));
}

void expect_scalar(Metas in, int i, DType dtype, const char* what, std::string_view op) {
  const TensorMeta& t = in[static_cast<size_t>(i)];
  if (t.dtype != dtype)
    throw TypeError(str("op '", op, "': ", what, " (input ", i, ") must be a ", dtype,
                        " scalar, got ", t.dtype));
  if (t.shape.rank() != 0)
    throw ValueError(
        str("op '", op, "': ", what, " (input ", i, ") must be a scalar, got shape ", t.shape));
}

void expect_count(Metas in, size_t expected, std::string_view op, const std::string& why) {
  if (in.size() != expected)
    throw ValueError(str("op '", op, "' takes ", expected, " inputs (", why, "), got ", in.size()));
}

// var (float), grad, lr: the head every optimizer op shares.
void check_head(Metas in, std::string_view op) {
  rules::expect_dtype(in[0], {DType::float32, DType::float64, DType::float16, DType::bfloat16}, op,
                      0);
  expect_like_var(in, 1, "the gradient", op);
  expect_scalar(in, 2, in[0].dtype, "the learning rate", op);
}

void check_fraction(double v, const char* name, std::string_view op) {
  if (!(v >= 0.0 && v <= 1.0))
    throw ValueError(str("op '", op, "': ", name, " must be in [0, 1], got ", v));
}

void check_epsilon(double eps, std::string_view op) {
  if (!(eps >= 0.0)) throw ValueError(str("op '", op, "': epsilon must be >= 0, got ", eps));
}

// The row-sparse head: a variable of rank >= 1, rows (N, variable.shape[1:]) in its dtype, and
// N int32/int64 indices last.
void check_row_sparse(Metas in, std::string_view op) {
  if (in.size() < 4)
    throw ValueError(str("op '", op, "' with row_sparse takes the dense op's inputs and the row ",
                         "indices last, got ", in.size(), " inputs"));
  const TensorMeta &var = in[0], &rows = in[1], &indices = in.back();
  const size_t last = in.size() - 1;
  if (var.shape.rank() < 1)
    throw ValueError(str("op '", op, "' with row_sparse: the variable must have rows (rank >= 1), ",
                         "got shape ", var.shape));
  rules::expect_dtype(indices, {DType::int32, DType::int64}, op, static_cast<int>(last));
  if (indices.shape.rank() != 1)
    throw ValueError(str("op '", op, "' with row_sparse: the indices (input ", last,
                         ") must be a vector, got shape ", indices.shape));
  if (rows.dtype != var.dtype)
    throw TypeError(str("op '", op,
                        "': the gradient rows (input 1) must have the variable's dtype ", var.dtype,
                        ", got ", rows.dtype));
  bool ok = rows.shape.rank() == var.shape.rank();
  for (int a = 1; ok && a < var.shape.rank(); ++a)
    ok = rows.shape[a] == var.shape[a] || rows.shape[a] == Shape::kUnknown ||
         var.shape[a] == Shape::kUnknown;
  if (ok && rows.shape[0] != Shape::kUnknown && indices.shape[0] != Shape::kUnknown)
    ok = rows.shape[0] == indices.shape[0];
  if (!ok)
    throw ValueError(str("op '", op, "' with row_sparse: the gradient rows (input 1) must have ",
                         "shape (", indices.shape[0], ", ...) with the variable's rows ", var.shape,
                         ", got ", rows.shape));
}

OpDef update_op(const char* name, int min_inputs, int max_inputs,
                std::function<void(Metas, const Attrs&)> check, std::vector<int> mutates) {
  OpDef def;
  def.name = name;
  def.min_inputs = min_inputs;
  def.max_inputs = max_inputs;
  def.has_side_effects = true;
  def.mutates = std::move(mutates);
  def.infer = [check = std::move(check)](Metas in, const Attrs& attrs) {
    check(in, attrs);
    return std::vector<TensorMeta>{};
  };
  return def;
}

// An optimizer step with attributes A (a StepAttrs): an update op that also has the row-sparse
// form (row_sparse = true; see keras/backend/row_sparse.h): input 1 the gradient's rows, one more
// input last, their indices. That form is checked as the dense op with the gradient the rows
// stand for.
template <class A>
OpDef optimizer_op(const char* name, int min_inputs, int max_inputs,
                   std::function<void(Metas, const A&)> check, std::vector<int> mutates) {
  auto dense_or_sparse = [check, name, max_inputs](Metas in, const Attrs& attrs) {
    const A& a = attrs.as<A>();
    if (!a.row_sparse) {
      if (in.size() > static_cast<size_t>(max_inputs))
        throw ValueError(
            str("op '", name, "' takes at most ", max_inputs, " inputs, got ", in.size()));
      check(in, a);
      return;
    }
    check_row_sparse(in, name);
    std::vector<TensorMeta> dense(in.begin(), in.end() - 1);
    dense[1] = TensorMeta{in[0].dtype, in[0].shape};
    check(dense, a);
  };
  OpDef def = update_op(name, min_inputs, max_inputs + 1, dense_or_sparse, std::move(mutates));
  def.attrs = A{};
  return def;
}

void check_assign(Metas in, std::string_view op) {
  if (in[1].dtype != in[0].dtype)
    throw TypeError(str("op '", op, "': the value must have the variable's dtype ", in[0].dtype,
                        ", got ", in[1].dtype));
  if (in[1].shape.rank() != 0 && !same_shape(in[1].shape, in[0].shape))
    throw ValueError(str("op '", op, "': the value must have the variable's shape ", in[0].shape,
                         " (or be a scalar), got ", in[1].shape));
}

}  // namespace

void register_optimizer_ops() {
  add_op(
      update_op("assign", 2, 2, [](Metas in, const Attrs&) { check_assign(in, "assign"); }, {0}));
  add_op(update_op("assign_add", 2, 2,
                   [](Metas in, const Attrs&) {
                     rules::expect_dtype(in[0],
                                         {DType::float16, DType::bfloat16, DType::float32,
                                          DType::float64, DType::int32, DType::int64},
                                         "assign_add", 0);
                     check_assign(in, "assign_add");
                   },
                   {0}));

  add_op(optimizer_op<SGDUpdateAttrs>(
      "sgd_update", 3, 4,
      [](Metas in, const SGDUpdateAttrs& a) {
        constexpr const char* op = "sgd_update";
        double momentum = a.momentum;
        if (!(momentum >= 0.0))
          throw ValueError(str("op 'sgd_update': momentum must be >= 0, got ", momentum));
        bool with_momentum = momentum > 0.0;
        expect_count(in, with_momentum ? 4 : 3, op,
                     with_momentum ? "var, grad, lr, momentum: momentum > 0"
                                   : "var, grad, lr: momentum is 0");
        check_head(in, op);
        if (with_momentum) expect_like_var(in, 3, "the momentum slot", op);
      },
      {0, 3}));

  add_op(optimizer_op<RMSpropUpdateAttrs>(
      "rmsprop_update", 4, 6,
      [](Metas in, const RMSpropUpdateAttrs& a) {
        constexpr const char* op = "rmsprop_update";
        double momentum = a.momentum;
        if (!(momentum >= 0.0))
          throw ValueError(str("op 'rmsprop_update': momentum must be >= 0, got ", momentum));
        bool with_momentum = momentum > 0.0, centered = a.centered;
        expect_count(in, 4 + (with_momentum ? 1 : 0) + (centered ? 1 : 0), op,
                     str("var, grad, lr, velocity", with_momentum ? ", momentum" : "",
                         centered ? ", average_gradient" : "", ": momentum=", momentum,
                         ", centered=", centered ? "true" : "false"));
        check_head(in, op);
        expect_like_var(in, 3, "the velocity slot", op);
        int next = 4;
        if (with_momentum) expect_like_var(in, next++, "the momentum slot", op);
        if (centered) expect_like_var(in, next, "the average_gradient slot", op);
        check_fraction(a.rho, "rho", op);
        check_epsilon(a.epsilon, op);
      },
      {0, 3, 4, 5}));

  add_op(optimizer_op<AdagradUpdateAttrs>("adagrad_update", 4, 4,
                                          [](Metas in, const AdagradUpdateAttrs& a) {
                                            check_head(in, "adagrad_update");
                                            expect_like_var(in, 3, "the accumulator slot",
                                                            "adagrad_update");
                                            check_epsilon(a.epsilon, "adagrad_update");
                                          },
                                          {0, 3}));

  add_op(optimizer_op<AdadeltaUpdateAttrs>(
      "adadelta_update", 5, 5,
      [](Metas in, const AdadeltaUpdateAttrs& a) {
        check_head(in, "adadelta_update");
        expect_like_var(in, 3, "the accumulated_grad slot", "adadelta_update");
        expect_like_var(in, 4, "the accumulated_delta_var slot", "adadelta_update");
        check_fraction(a.rho, "rho", "adadelta_update");
        check_epsilon(a.epsilon, "adadelta_update");
      },
      {0, 3, 4}));

  add_op(optimizer_op<AdamUpdateAttrs>(
      "adam_update", 6, 7,
      [](Metas in, const AdamUpdateAttrs& a) {
        constexpr const char* op = "adam_update";
        bool amsgrad = a.amsgrad;
        expect_count(in, amsgrad ? 7 : 6, op,
                     amsgrad ? "var, grad, lr, iterations, m, v, vhat: amsgrad=true"
                             : "var, grad, lr, iterations, m, v: amsgrad=false");
        check_head(in, op);
        expect_scalar(in, 3, DType::int64, "iterations", op);
        expect_like_var(in, 4, "the m slot", op);
        expect_like_var(in, 5, "the v slot", op);
        if (amsgrad) expect_like_var(in, 6, "the vhat slot", op);
        check_fraction(a.beta_1, "beta_1", op);
        check_fraction(a.beta_2, "beta_2", op);
        check_epsilon(a.epsilon, op);
        double wd = a.weight_decay;
        if (!(wd >= 0.0))
          throw ValueError(str("op 'adam_update': weight_decay must be >= 0, got ", wd));
      },
      {0, 4, 5, 6}));

  add_op(optimizer_op<AdamaxUpdateAttrs>("adamax_update", 6, 6,
                                         [](Metas in, const AdamaxUpdateAttrs& a) {
                                           constexpr const char* op = "adamax_update";
                                           check_head(in, op);
                                           expect_scalar(in, 3, DType::int64, "iterations", op);
                                           expect_like_var(in, 4, "the m slot", op);
                                           expect_like_var(in, 5, "the u slot", op);
                                           check_fraction(a.beta_1, "beta_1", op);
                                           check_fraction(a.beta_2, "beta_2", op);
                                           check_epsilon(a.epsilon, op);
                                         },
                                         {0, 4, 5}));

  add_op(optimizer_op<NadamUpdateAttrs>("nadam_update", 7, 7,
                                        [](Metas in, const NadamUpdateAttrs& a) {
                                          constexpr const char* op = "nadam_update";
                                          check_head(in, op);
                                          expect_scalar(in, 3, DType::int64, "iterations", op);
                                          expect_like_var(in, 4, "the m slot", op);
                                          expect_like_var(in, 5, "the v slot", op);
                                          expect_scalar(in, 6, in[0].dtype, "u_product", op);
                                          check_fraction(a.beta_1, "beta_1", op);
                                          check_fraction(a.beta_2, "beta_2", op);
                                          check_epsilon(a.epsilon, op);
                                        },
                                        {0, 4, 5}));
}

}  // namespace keras::ops::detail
