#include "keras/graph/trace_scope.h"

#include "keras/core/error.h"

namespace keras::graph {

namespace {
thread_local TraceScope* t_innermost = nullptr;
}  // namespace

TraceScope::TraceScope(bool recording) : parent_(t_innermost), recording_(recording) {
  t_innermost = this;
}

TraceScope::~TraceScope() {
  KERAS_ASSERT(t_innermost == this, "TraceScopes must close in the reverse order of opening");
  t_innermost = parent_;
}

std::vector<Tensor> TraceScope::take_updates() {
  std::vector<Tensor> out = std::move(updates_);
  updates_.clear();
  return out;
}

bool TraceScope::active() {
  return t_innermost && t_innermost->recording_;
}

void TraceScope::record(const Tensor& handle) {
  if (active()) t_innermost->updates_.push_back(handle);
}

}  // namespace keras::graph
