// Registration of the cpu backend's kernels, one function per kernel family (one file each).
#pragma once

#include "keras/backend/kernel.h"

namespace keras::backend::cpu {

void register_elementwise_kernels(KernelTable& table);  // elementwise.cc: unary, binary, where, cast, fill
void register_reduction_kernels(KernelTable& table);    // reduction.cc
void register_shape_kernels(KernelTable& table);        // shape_kernels.cc
void register_linalg_kernels(KernelTable& table);       // matmul.cc: matmul, dense, activation_grad
void register_nn_kernels(KernelTable& table);           // nn.cc: softmax, crossentropies
void register_random_kernels(KernelTable& table);       // random.cc: random_*, dropout
void register_optimizer_kernels(KernelTable& table);    // optimizers.cc: assign, *_update

}  // namespace keras::backend::cpu
