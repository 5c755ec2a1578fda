// keras/graph/symbolic.h's thread-safety promise: threads that make leaves and ops at once get
// distinct nodes and graphs that compute what each thread built.
#include <gtest/gtest.h>

#include <set>
#include <thread>
#include <vector>

#include "keras/graph/gradients.h"
#include "keras/graph/node.h"
#include "keras/graph/program.h"
#include "keras/graph/symbolic.h"
#include "keras/ops/math.h"
#include "keras/ops/reduction.h"

namespace keras {
namespace {

TEST(Symbolic, ThreadsBuildGraphsAtOnce) {
  constexpr int kThreads = 4, kGraphs = 100;
  std::vector<std::vector<uint64_t>> ids(kThreads);
  std::vector<std::vector<double>> sums(kThreads), grads(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int g = 0; g < kGraphs; ++g) {
        const double scale = t * kGraphs + g + 1;
        Tensor x = graph::placeholder({DType::float64, Shape{-1, 3}}, "x");
        Tensor c = graph::constant(Tensor::from_vector<double>({scale}, Shape{}));
        Tensor loss = ops::sum(ops::multiply(x, c));
        Tensor dx = graph::gradients(loss, {x})[0];
        ids[t].insert(ids[t].end(), {x.node()->id, c.node()->id, loss.node()->id});
        graph::Program program({x}, {loss, dx});
        std::vector<Tensor> out =
            program.run({Tensor::from_vector<double>({1, 2, 3, 4, 5, 6}, Shape{2, 3})});
        sums[t].push_back(out[0].item<double>());
        grads[t].push_back(out[1].to_vector<double>().front());
      }
    });
  for (std::thread& thread : threads) thread.join();

  std::set<uint64_t> distinct;
  for (int t = 0; t < kThreads; ++t) {
    distinct.insert(ids[t].begin(), ids[t].end());
    for (int g = 0; g < kGraphs; ++g) {
      const double scale = t * kGraphs + g + 1;
      EXPECT_EQ(sums[t][g], 21.0 * scale) << "thread " << t << " graph " << g;
      EXPECT_EQ(grads[t][g], scale) << "thread " << t << " graph " << g;
    }
  }
  EXPECT_EQ(distinct.size(), size_t{kThreads * kGraphs * 3}) << "node ids shared between threads";
}

}  // namespace
}  // namespace keras
