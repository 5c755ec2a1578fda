#include <gtest/gtest.h>

#include "keras/core/tensor.h"

TEST(Smoke, HostTensor) {
  auto t = keras::Tensor::from_vector<float>({1, 2, 3, 4}, keras::Shape{2, 2});
  EXPECT_EQ(t.to_vector<double>()[3], 4.0);
}
