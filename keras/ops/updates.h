// Variable updates: assign, assign_add and the fused optimizer steps (keras/ops/README.md
// "Variable updates"). They write `variable` and the optimizer slots in place. On concrete
// tensors (a keras::Variable converts to one) they run now and return an empty Tensor; when any
// input is symbolic they add a node to the graph and return its control handle, which a
// graph::Program runs when given in its `updates`.
//
// The optimizer steps follow Keras 3's update_step (KERAS.md §6.2); the option structs carry
// Keras 3's defaults, and are the ops' attributes too (keras/ops/op_attrs.h: `fields` lists them
// for the graph's keys), so each default is written here only. `learning_rate` is a scalar
// (converted to the variable's dtype), `iterations` the optimizer's step count before this step
// (int64 scalar; t = iterations + 1). A symbolic gradient made by gather_grad along axis 0 (an
// Embedding's) is passed on as its rows and indices (the ops' row_sparse form,
// keras/ops/README.md), so no dense gradient is built.
//
//   keras::ops::adam_update(w, g, lr, iterations, m, v, {}, {.amsgrad = false});
#pragma once

#include "keras/core/tensor.h"

namespace keras::ops {

// variable = value (same shape, or a scalar broadcast to it); value is cast to the dtype.
Tensor assign(const Tensor& variable, const Tensor& value);
Tensor assign(const Tensor& variable, double value);
// variable += value (float and int variables).
Tensor assign_add(const Tensor& variable, const Tensor& value);
Tensor assign_add(const Tensor& variable, double value);

struct SGDUpdateOptions {
  double momentum = 0.0;
  bool nesterov = false;
  void fields(auto&& v) const {
    v("momentum", momentum);
    v("nesterov", nesterov);
  }
};
// momentum: the slot (needed when options.momentum > 0).
Tensor sgd_update(const Tensor& variable, const Tensor& gradient, const Tensor& learning_rate,
                  const Tensor& momentum = {}, const SGDUpdateOptions& options = {});

struct RMSpropUpdateOptions {
  double rho = 0.9;
  double momentum = 0.0;
  double epsilon = 1e-7;
  bool centered = false;
  void fields(auto&& v) const {
    v("rho", rho);
    v("momentum", momentum);
    v("epsilon", epsilon);
    v("centered", centered);
  }
};
// momentum: needed when options.momentum > 0; average_gradient: needed when centered.
Tensor rmsprop_update(const Tensor& variable, const Tensor& gradient, const Tensor& learning_rate,
                      const Tensor& velocity, const Tensor& momentum = {},
                      const Tensor& average_gradient = {},
                      const RMSpropUpdateOptions& options = {});

struct AdagradUpdateOptions {
  double epsilon = 1e-7;
  void fields(auto&& v) const { v("epsilon", epsilon); }
};
Tensor adagrad_update(const Tensor& variable, const Tensor& gradient, const Tensor& learning_rate,
                      const Tensor& accumulator, const AdagradUpdateOptions& options = {});

struct AdadeltaUpdateOptions {
  double rho = 0.95;
  double epsilon = 1e-7;
  void fields(auto&& v) const {
    v("rho", rho);
    v("epsilon", epsilon);
  }
};
Tensor adadelta_update(const Tensor& variable, const Tensor& gradient, const Tensor& learning_rate,
                       const Tensor& accumulated_grad, const Tensor& accumulated_delta_var,
                       const AdadeltaUpdateOptions& options = {});

struct AdamUpdateOptions {
  double beta_1 = 0.9;
  double beta_2 = 0.999;
  double epsilon = 1e-7;
  bool amsgrad = false;
  double weight_decay = 0.0;  // AdamW's decoupled decay (Keras 3 AdamW default: 0.004)
  void fields(auto&& v) const {
    v("beta_1", beta_1);
    v("beta_2", beta_2);
    v("epsilon", epsilon);
    v("amsgrad", amsgrad);
    v("weight_decay", weight_decay);
  }
};
// vhat: needed when amsgrad.
Tensor adam_update(const Tensor& variable, const Tensor& gradient, const Tensor& learning_rate,
                   const Tensor& iterations, const Tensor& m, const Tensor& v,
                   const Tensor& vhat = {}, const AdamUpdateOptions& options = {});

struct AdamaxUpdateOptions {
  double beta_1 = 0.9;
  double beta_2 = 0.999;
  double epsilon = 1e-7;
  void fields(auto&& v) const {
    v("beta_1", beta_1);
    v("beta_2", beta_2);
    v("epsilon", epsilon);
  }
};
Tensor adamax_update(const Tensor& variable, const Tensor& gradient, const Tensor& learning_rate,
                     const Tensor& iterations, const Tensor& m, const Tensor& u,
                     const AdamaxUpdateOptions& options = {});

struct NadamUpdateOptions {
  double beta_1 = 0.9;
  double beta_2 = 0.999;
  double epsilon = 1e-7;
  void fields(auto&& v) const {
    v("beta_1", beta_1);
    v("beta_2", beta_2);
    v("epsilon", epsilon);
  }
};
// u_product: Nadam's running product of the momentum schedule, already including this step's
// u_t = beta_1·(1 - 0.5·0.96^t) (Keras 3 updates it before the variable updates).
Tensor nadam_update(const Tensor& variable, const Tensor& gradient, const Tensor& learning_rate,
                    const Tensor& iterations, const Tensor& m, const Tensor& v,
                    const Tensor& u_product, const NadamUpdateOptions& options = {});

}  // namespace keras::ops
