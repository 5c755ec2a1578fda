// graph::TraceScope: the update handles made while a scope is open, in creation order; nested
// scopes keep their own; a pause records nothing; eager updates never pass through.
#include "keras/graph/trace_scope.h"

#include <gtest/gtest.h>

#include <thread>

#include "keras/core/variable.h"
#include "keras/graph/node.h"
#include "keras/graph/program.h"
#include "keras/ops/math.h"
#include "keras/ops/updates.h"

namespace keras {
namespace {

TEST(TraceScope, CollectsUpdatesInCreationOrderAndTheyRunInThatOrder) {
  Variable v(Tensor::scalar(1.0f), "v");
  Tensor x = graph::placeholder({DType::float32, Shape{}}, "x");
  Tensor read = graph::as_symbolic(v);
  std::vector<Tensor> updates;
  {
    graph::TraceScope scope;
    EXPECT_TRUE(graph::TraceScope::active());
    Tensor doubled = ops::multiply(read, 2.0);  // not an update: not collected
    ops::assign(read, ops::add(doubled, x));    // v = 2v + x
    ops::assign_add(read, 10.0);                // then v += 10
    ops::assign_add(v, 100.0);                  // concrete: runs now, is not collected
    updates = scope.take_updates();
    EXPECT_TRUE(scope.take_updates().empty());
  }
  EXPECT_FALSE(graph::TraceScope::active());
  ASSERT_EQ(updates.size(), 2u);
  EXPECT_EQ(v.value().item<float>(), 101.0f);
  graph::Program program({x}, {}, updates);
  program.run({Tensor::scalar(3.0f)});
  EXPECT_EQ(v.value().item<float>(), 2 * 101 + 3 + 10);
}

TEST(TraceScope, NestedScopesAndPausesKeepUpdatesApart) {
  Variable v(Tensor::scalar(0.0f), "v");
  Tensor read = graph::as_symbolic(v);
  graph::TraceScope outer;
  ops::assign_add(read, 1.0);
  {
    graph::TraceScope inner;
    ops::assign_add(read, 2.0);
    ops::assign_add(read, 3.0);
    EXPECT_EQ(inner.take_updates().size(), 2u);
    {
      graph::TraceScope::Pause pause;
      EXPECT_FALSE(graph::TraceScope::active());
      ops::assign_add(read, 4.0);
      {
        graph::TraceScope inside_pause;  // a scope opened in a pause records again
        ops::assign_add(read, 5.0);
        EXPECT_EQ(inside_pause.take_updates().size(), 1u);
      }
    }
    EXPECT_TRUE(inner.take_updates().empty());
  }
  // Another thread's trace does not feed this one.
  std::thread([&] { ops::assign_add(read, 6.0); }).join();
  std::vector<Tensor> updates = outer.take_updates();
  ASSERT_EQ(updates.size(), 1u);
  graph::Program({}, {}, updates).run({});
  EXPECT_EQ(v.value().item<float>(), 1.0f);
}

}  // namespace
}  // namespace keras
