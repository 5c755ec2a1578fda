// Keras 3's dtype policies: names and their dtypes, Keras's errors, the global policy, layers and
// models under mixed_bfloat16 and mixed_float16 (variables in float32, computations and outputs
// in the half type, variables read cast inside the layer's call), configs as Keras writes them,
// and compile's LossScaleOptimizer under mixed_float16. Every layer class runs under both mixed
// policies in the shared layer test (tests/layers/layer_test.cc).
#include <gtest/gtest.h>

#include "keras/core/json.h"
#include "keras/keras.h"
#include "tests/layers/layer_test.h"
#include "tests/ops/harness.h"
#include "tests/support/temp_dir.h"

namespace keras {
namespace {

// Restores the global policy (and floatx) however a test ends.
struct PolicyGuard {
  std::string floatx = config::floatx();
  ~PolicyGuard() {
    config::set_dtype_policy(std::nullopt);
    config::set_floatx(floatx);
  }
};

TEST(DTypePolicy, NamesGiveKerasDtypes) {
  DTypePolicy mixed16("mixed_float16"), mixedbf16("mixed_bfloat16"), f64("float64");
  EXPECT_EQ(mixed16.compute_dtype(), DType::float16);
  EXPECT_EQ(mixed16.variable_dtype(), DType::float32);
  EXPECT_TRUE(mixed16.is_mixed());
  EXPECT_EQ(mixedbf16.compute_dtype(), DType::bfloat16);
  EXPECT_EQ(mixedbf16.variable_dtype(), DType::float32);
  EXPECT_EQ(f64.compute_dtype(), DType::float64);
  EXPECT_FALSE(f64.is_mixed());
  EXPECT_EQ(DTypePolicy(DType::bfloat16).name(), "bfloat16");
  testing::expect_error<ValueError>(
      [] { DTypePolicy("mixed_float8"); },
      {"Cannot convert 'mixed_float8' to a mixed precision DTypePolicy", "'mixed_bfloat16'"});
  // Configs: Keras 3's object, its FloatDTypePolicy, tf-keras's Policy, a plain name.
  EXPECT_EQ(mixed16.to_json(), Json::parse(R"({"module": "keras", "class_name": "DTypePolicy",
      "config": {"name": "mixed_float16"}, "registered_name": null})"));
  for (const char* text :
       {R"({"class_name": "FloatDTypePolicy", "config": {"name": "float16"}})",
        R"({"class_name": "Policy", "config": {"name": "float16"}})", R"("float16")"})
    EXPECT_EQ(DTypePolicy::from_json(Json::parse(text), "test").name(), "float16") << text;
  testing::expect_error<ValueError>(
      [] {
        DTypePolicy::from_json(
            Json::parse(R"({"class_name": "QuantizedDTypePolicy", "config": {"name": "x"}})"),
            "layer 'd'");
      },
      {"layer 'd'", "QuantizedDTypePolicy"});
}

TEST(DTypePolicy, GlobalPolicyIsFloatxUntilSet) {
  PolicyGuard guard;
  EXPECT_EQ(config::dtype_policy().name(), "float32");
  config::set_floatx("float64");
  EXPECT_EQ(config::dtype_policy().name(), "float64");
  mixed_precision::set_global_policy("mixed_bfloat16");
  EXPECT_EQ(mixed_precision::global_policy().name(), "mixed_bfloat16");
  layers::Dense dense(2), fixed(2, {.dtype = "float32"});
  EXPECT_EQ(dense->dtype_policy().name(), "mixed_bfloat16");
  EXPECT_EQ(fixed->dtype_policy().name(), "float32");
  config::set_dtype_policy(std::nullopt);
  EXPECT_EQ(config::dtype_policy().name(), "float64");
}

// A mixed Dense: float32 kernel and bias, bfloat16 output equal to the bfloat16 product of the
// rounded inputs and weights (computed in float32 and rounded once), and training that moves the
// float32 variables.
TEST(DTypePolicy, MixedLayerKeepsFloat32VariablesAndComputesInBfloat16) {
  PolicyGuard guard;
  layers::Dense dense(3, {.activation = "relu", .dtype = "mixed_bfloat16"});
  Tensor x = testing::uniform(Shape{4, 5}, -1, 1, 3).astype(DType::float32);
  Tensor y = dense(x);
  EXPECT_EQ(y.dtype(), DType::bfloat16);
  EXPECT_EQ(dense->dtype(), DType::float32);  // Keras's layer.dtype: the variable dtype
  EXPECT_EQ(dense->compute_dtype(), DType::bfloat16);
  for (const Variable& w : dense->weights()) EXPECT_EQ(w.dtype(), DType::float32) << w.name();
  Tensor want = ops::relu(ops::add(
      ops::matmul(x.astype(DType::bfloat16).astype(DType::float32),
                  dense->weights()[0].value().astype(DType::bfloat16).astype(DType::float32)),
      dense->weights()[1].value().astype(DType::bfloat16).astype(DType::float32)));
  testing::expect_near(y.astype(DType::float64),
                       want.astype(DType::bfloat16).astype(DType::float64), 0.0, 0.0,
                       "mixed Dense output");
  EXPECT_EQ(dense->get_config()["dtype"], DTypePolicy("mixed_bfloat16").to_json());

  // Inside a model, fit moves the float32 weights through the casts' gradients.
  Sequential model({layers::Input({5}), layers::Dense(3, {.dtype = "mixed_bfloat16"})});
  model.compile({.optimizer = optimizers::SGD({.learning_rate = 0.1}), .loss = "mse"});
  Tensor before = model.weights()[0].value().copy();
  model.fit(x, Tensor::ones(Shape{4, 3}, DType::float32), {.epochs = 2, .verbose = 0});
  EXPECT_EQ(model.weights()[0].dtype(), DType::float32);
  EXPECT_NE(model.weights()[0].value().to_vector<float>(), before.to_vector<float>());
  EXPECT_EQ(model.predict(x, {.verbose = 0})[0].dtype(), DType::bfloat16);
}

// Keras's compile under mixed_float16 wraps the optimizer in a LossScaleOptimizer (not with
// auto_scale_loss=false, not under mixed_bfloat16); the compile config names the given optimizer
// and a .keras round trip brings the wrapper back with its state.
TEST(DTypePolicy, MixedFloat16CompileScalesTheLoss) {
  PolicyGuard guard;
  testing::TempDir dir;
  mixed_precision::set_global_policy("mixed_float16");
  Sequential model({layers::Input({5}), layers::Dense(3), layers::Dense(1)});
  EXPECT_EQ(model->dtype_policy().name(), "mixed_float16");
  model.compile({.optimizer = "rmsprop", .loss = "mse"});
  auto lso = std::dynamic_pointer_cast<optimizers::LossScaleOptimizerImpl>(model.optimizer());
  ASSERT_NE(lso, nullptr);
  EXPECT_EQ(lso->name(), "loss_scale_optimizer");
  EXPECT_EQ(lso->inner_optimizer()->class_name(), "RMSprop");
  EXPECT_EQ(model->get_compile_config()["optimizer"]["class_name"], "RMSprop");
  Tensor x = testing::uniform(Shape{16, 5}, -1, 1, 4).astype(DType::float32);
  // Targets of 1000: the output's gradient (about 500 per batch of 4) times 2^15 overflows
  // float16 whatever the initial weights.
  Tensor target = Tensor::full(Shape{16, 1}, 1000.0, DType::float32);
  model.fit(x, target, {.batch_size = 4, .epochs = 4, .verbose = 0});  // 16 steps
  // The first steps overflow: skipped, the scale halved until the gradients fit.
  EXPECT_LT(lso->dynamic_scale(), 32768.0);
  EXPECT_GT(lso->iterations().value().item<int64_t>(), 0);
  std::vector<std::string> names;
  for (const Variable& v : lso->variables()) names.push_back(v.name());
  EXPECT_EQ(names[2], "step_counter");
  EXPECT_EQ(names[3], "dynamic_scale");

  model.save(dir / "m.keras");
  config::set_dtype_policy(std::nullopt);  // the file alone says mixed_float16
  Model loaded = models::load_model(dir / "m.keras");
  EXPECT_EQ(loaded->dtype_policy().name(), "mixed_float16");
  auto again = std::dynamic_pointer_cast<optimizers::LossScaleOptimizerImpl>(loaded.optimizer());
  ASSERT_NE(again, nullptr);
  EXPECT_EQ(again->dynamic_scale(), lso->dynamic_scale());
  EXPECT_EQ(loaded.layers()[0]->dtype_policy().name(), "mixed_float16");
  loaded->reset_metrics();
  model->reset_metrics();
  EXPECT_EQ(loaded.train_on_batch(x, target), model.train_on_batch(x, target));

  mixed_precision::set_global_policy("mixed_float16");
  Sequential plain({layers::Input({5}), layers::Dense(1)});
  plain.compile({.optimizer = "rmsprop", .loss = "mse", .auto_scale_loss = false});
  EXPECT_EQ(plain.optimizer()->class_name(), "RMSprop");
  mixed_precision::set_global_policy("mixed_bfloat16");
  Sequential bf({layers::Input({5}), layers::Dense(1)});
  bf.compile({.optimizer = "rmsprop", .loss = "mse"});
  EXPECT_EQ(bf.optimizer()->class_name(), "RMSprop");
}

}  // namespace
}  // namespace keras
