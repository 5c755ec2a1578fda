// The "torch" entry of the backend registry. The torch backend lives in a module of its own
// (libkeras_torch.so, built beside the library; its path is fixed at build time) because loading
// libtorch costs about a second: it is loaded here, the first time the backend is asked for, and
// never unloaded (backends live as long as the process).
#include <dlfcn.h>

#include "keras/backend/torch/torch_backend.h"
#include "keras/core/error.h"

namespace keras::backend::torch {

std::unique_ptr<Backend> make_torch_backend() {
  void* module = ::dlopen(KERAS_TORCH_MODULE, RTLD_NOW | RTLD_LOCAL);
  if (!module)
    throw ValueError(str("Unable to import backend : torch. Loading its module ",
                         KERAS_TORCH_MODULE, " failed: ", ::dlerror()));
  void* entry = ::dlsym(module, "keras_torch_backend_create");
  if (!entry)
    throw ValueError(str("Unable to import backend : torch. ", KERAS_TORCH_MODULE,
                         " has no keras_torch_backend_create: ", ::dlerror()));
  return std::unique_ptr<Backend>(reinterpret_cast<Backend* (*)()>(entry)());
}

}  // namespace keras::backend::torch
