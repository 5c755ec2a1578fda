#include "keras/core/autocast_scope.h"

#include "keras/core/error.h"

namespace keras {

namespace {

struct ThreadScope {
  bool open = false;
  std::optional<DType> dtype;
};

thread_local ThreadScope current_scope;

}  // namespace

AutocastScope::AutocastScope(std::optional<DType> dtype)
    : previous_(current_scope.dtype), previous_open_(current_scope.open) {
  if (dtype && !is_floating(*dtype))
    throw ValueError(
        str("`AutocastScope` can only be used with a floating-point target dtype, "
            "such as 'float16'. Received: dtype=",
            name(*dtype)));
  current_scope = {true, dtype};
}

AutocastScope::~AutocastScope() {
  current_scope = {previous_open_, previous_};
}

std::optional<DType> AutocastScope::current() {
  return current_scope.dtype;
}

}  // namespace keras
