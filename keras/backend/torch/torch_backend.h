// The torch backend: kerascpp's primitive ops on libtorch's ATen, selected by KERAS_BACKEND=torch
// or "backend": "torch" in keras.json. Built when CMake finds libtorch (KERAS_WITH_TORCH).
//
// Device memory is ATen storage (CPU tensors for now: Debian's libtorch has no CUDA), so the
// backend is a host backend: its pointers are plain host memory, copies are memcpy, and tensors
// and Programs mix freely with the cpu backend's. Every kernel wraps the raw pointers it is given
// in ATen tensors (at::from_blob, no copy) and runs ATen's own operators on them, so this backend
// computes what PyTorch would, with Keras's formulas where Keras and PyTorch differ (clipped
// crossentropies, Keras 3 optimizer steps, TensorFlow's derivatives at kinks). Random ops draw from
// keras/core/random.h, as every backend must. Threads: the cpu backend's count (OMP_NUM_THREADS,
// else the usable cores), given to ATen once.
//
// The backend is a module (libkeras_torch.so) loaded on first use, so programs that stay on the
// cpu backend never pay libtorch's second of start-up; this header includes no libtorch header.
#pragma once

#include <memory>

#include "keras/backend/backend.h"

namespace keras::backend::torch {

// Loads the module and makes the backend (torch_loader.cc); throws ValueError when it cannot.
std::unique_ptr<Backend> make_torch_backend();

}  // namespace keras::backend::torch
