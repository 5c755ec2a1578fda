// The Optimizer base and the optimizer classes apart from their update rules (those are in
// optimizers_golden_test.cc): slots in Keras's order and names, variables(), configs in Keras's
// keys and order with round trips, get / serialize / deserialize, traced steps (a
// graph::Program running the returned handles N times equals N eager steps), missing
// gradients, weight decay and its exclusions, loss scaling, constraints, the learning rate and
// schedules, and Keras's errors.
#include <gtest/gtest.h>

#include <cmath>

#include "keras/constraints/constraints.h"
#include "keras/core/detail/keras_args.h"
#include "keras/graph/gradients.h"
#include "keras/graph/node.h"
#include "keras/graph/program.h"
#include "keras/ops/linalg.h"
#include "keras/ops/math.h"
#include "keras/ops/op_def.h"
#include "keras/ops/reduction.h"
#include "keras/optimizers/optimizers.h"
#include "keras/utils/naming.h"
#include "tests/layers/layer_test.h"
#include "tests/ops/harness.h"

namespace keras {
namespace {

using namespace keras::optimizers;
using testing::expect_error;

double f32(double v) {
  return static_cast<double>(static_cast<float>(v));
}

std::vector<Variable> two_variables(DType dtype = DType::float32, uint64_t seed = 1) {
  return {Variable(testing::uniform(Shape{2, 3}, -1, 1, seed).astype(dtype), "kernel"),
          Variable(testing::uniform(Shape{3}, -1, 1, seed + 1).astype(dtype), "bias")};
}

std::vector<Tensor> gradients_for(const std::vector<Variable>& variables, uint64_t seed) {
  std::vector<Tensor> out;
  for (const Variable& v : variables)
    out.push_back(testing::uniform(v.shape(), -1, 1, seed++).astype(v.dtype()));
  return out;
}

std::vector<std::string> names(const std::vector<Variable>& variables) {
  std::vector<std::string> out;
  for (const Variable& v : variables) out.push_back(v.name());
  return out;
}

using Names = std::vector<std::string>;

// ----- slots and variables -----------------------------------------------------------------------

TEST(Optimizer, SlotsInKerasOrder) {
  auto slots_of = [](const OptimizerPtr& o) {
    o->build(two_variables());
    return names(o->variables());
  };
  const Names head = {"iteration", "learning_rate"};
  auto with_head = [&](Names rest) {
    Names out = head;
    out.insert(out.end(), rest.begin(), rest.end());
    return out;
  };
  SGD sgd;
  EXPECT_EQ(slots_of(sgd), head);  // momentum 0: no slots
  SGD momentum({.momentum = 0.9});
  EXPECT_EQ(slots_of(momentum), with_head({"kernel_momentum", "bias_momentum"}));
  RMSprop rmsprop({.momentum = 0.5, .centered = true});
  EXPECT_EQ(slots_of(rmsprop),
            with_head({"kernel_velocity", "bias_velocity", "kernel_momentum", "bias_momentum",
                       "kernel_average_gradient", "bias_average_gradient"}));
  RMSprop plain;
  EXPECT_EQ(slots_of(plain), with_head({"kernel_velocity", "bias_velocity"}));
  Adagrad adagrad;
  EXPECT_EQ(slots_of(adagrad), with_head({"kernel_accumulator", "bias_accumulator"}));
  Adadelta adadelta;
  EXPECT_EQ(slots_of(adadelta),
            with_head({"kernel_accumulated_grad", "kernel_accumulated_delta_var",
                       "bias_accumulated_grad", "bias_accumulated_delta_var"}));
  Adam adam({.amsgrad = true});
  EXPECT_EQ(slots_of(adam),
            with_head({"kernel_momentum", "kernel_velocity", "bias_momentum", "bias_velocity",
                       "kernel_velocity_hat", "bias_velocity_hat"}));
  AdamW adamw;
  EXPECT_EQ(slots_of(adamw),
            with_head({"kernel_momentum", "kernel_velocity", "bias_momentum", "bias_velocity"}));
  Adamax adamax;
  EXPECT_EQ(slots_of(adamax),
            with_head({"kernel_momentum", "kernel_norm", "bias_momentum", "bias_norm"}));
  Nadam nadam;
  // u_product last, "variable" as Keras names its unnamed variable.
  EXPECT_EQ(slots_of(nadam), with_head({"kernel_momentum", "kernel_velocity", "bias_momentum",
                                        "bias_velocity", "variable"}));
}

TEST(Optimizer, VariablesHaveKerasDtypesShapesAndStartValues) {
  Adagrad adagrad({.initial_accumulator_value = 0.25});
  std::vector<Variable> vars = two_variables(DType::float64);
  adagrad->build(vars);
  std::vector<Variable> all = adagrad->variables();
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[0].dtype(), DType::int64);
  EXPECT_EQ(all[0].shape(), Shape{});
  EXPECT_FALSE(all[0].trainable());
  EXPECT_EQ(all[0].value().item<int64_t>(), 0);
  EXPECT_EQ(all[1].dtype(), DType::float32);
  EXPECT_FALSE(all[1].trainable());
  EXPECT_EQ(all[1].value().item<double>(), f32(0.001));
  EXPECT_EQ(all[2].dtype(), DType::float64);  // slots follow their variable
  EXPECT_EQ(all[2].shape(), (Shape{2, 3}));
  EXPECT_FALSE(all[2].trainable());
  for (double v : all[2].value().to_vector<double>()) EXPECT_EQ(v, 0.25);
  Nadam nadam;
  nadam->build(vars);
  EXPECT_EQ(nadam->u_product().dtype(), DType::float64);  // the first variable's dtype
  EXPECT_EQ(nadam->u_product().shape(), Shape{});
  EXPECT_EQ(nadam->u_product().value().item<double>(), 1.0);
  EXPECT_EQ(nadam->built_for(), vars);
}

TEST(Optimizer, ScheduleMeansNoLearningRateVariable) {
  Adam adam({.learning_rate = schedules::ExponentialDecay(0.1, 10, 0.5)});
  adam->build(two_variables());
  EXPECT_EQ(names(adam->variables()), (Names{"iteration", "kernel_momentum", "kernel_velocity",
                                             "bias_momentum", "bias_velocity"}));
  EXPECT_TRUE(adam->has_schedule());
  // A schedule also comes as a shared pointer of its own class.
  SGD sgd({.learning_rate = std::make_shared<schedules::InverseTimeDecay>(0.5, 1, 1.0)});
  EXPECT_EQ(sgd->learning_rate(), 0.5);
}

TEST(Optimizer, BuildOnceForOneList) {
  Adam adam;
  std::vector<Variable> vars = two_variables();
  adam->build(vars);
  adam->build(vars);  // the same list: nothing happens
  EXPECT_EQ(adam->variables().size(), 6u);
  expect_error<ValueError>([&] { adam->build(two_variables()); }, "already built for 2 variables");
  Adam other;
  Variable v = vars[0];
  expect_error<ValueError>([&] { other->build({v, v}); }, "appears twice");
}

TEST(Optimizer, KerasDefaultNames) {
  utils::clear_session();
  EXPECT_EQ(SGD()->name(), "sgd");
  EXPECT_EQ(SGD()->name(), "sgd_1");
  EXPECT_EQ(RMSprop()->name(), "rm_sprop");  // Keras's to_snake_case("RMSprop")
  EXPECT_EQ(Adam()->name(), "adam");
  EXPECT_EQ(AdamW()->name(), "adam_w");
  EXPECT_EQ(Adagrad()->name(), "adagrad");
  EXPECT_EQ(Adadelta()->name(), "adadelta");
  EXPECT_EQ(Adamax()->name(), "adamax");
  EXPECT_EQ(Nadam()->name(), "nadam");
  EXPECT_EQ(Adam({.name = "mine"})->name(), "mine");
}

// ----- configs -----------------------------------------------------------------------------------

std::string base_config(const std::string& name, const std::string& lr,
                        const std::string& weight_decay = "null") {
  return str(R"({"name":")", name, R"(","learning_rate":)", lr, R"(,"weight_decay":)", weight_decay,
             R"(,"clipnorm":null,"global_clipnorm":null,"clipvalue":null,"use_ema":false,)"
             R"("ema_momentum":0.99,"ema_overwrite_frequency":null,"loss_scale_factor":null,)"
             R"("gradient_accumulation_steps":null)");
}

TEST(Optimizer, DefaultConfigsAsKerasWritesThem) {
  // The learning rate is the float32 variable's value, widened (Keras: float(variable.numpy())).
  const std::string lr3 = "0.0010000000474974513", lr2 = "0.009999999776482582";
  EXPECT_EQ(SGD({.name = "s"})->get_config().dump(),
            base_config("s", lr2) + R"(,"momentum":0.0,"nesterov":false})");
  EXPECT_EQ(
      RMSprop({.name = "r"})->get_config().dump(),
      base_config("r", lr3) + R"(,"rho":0.9,"momentum":0.0,"epsilon":1e-07,"centered":false})");
  EXPECT_EQ(Adagrad({.name = "a"})->get_config().dump(),
            base_config("a", lr3) + R"(,"initial_accumulator_value":0.1,"epsilon":1e-07})");
  EXPECT_EQ(Adadelta({.name = "d"})->get_config().dump(),
            base_config("d", lr3) + R"(,"rho":0.95,"epsilon":1e-07})");
  EXPECT_EQ(
      Adam({.name = "m"})->get_config().dump(),
      base_config("m", lr3) + R"(,"beta_1":0.9,"beta_2":0.999,"epsilon":1e-07,"amsgrad":false})");
  EXPECT_EQ(AdamW({.name = "w"})->get_config().dump(),
            base_config("w", lr3, "0.004") +
                R"(,"beta_1":0.9,"beta_2":0.999,"epsilon":1e-07,"amsgrad":false})");
  EXPECT_EQ(Adamax({.name = "x"})->get_config().dump(),
            base_config("x", lr3) + R"(,"beta_1":0.9,"beta_2":0.999,"epsilon":1e-07})");
  EXPECT_EQ(Nadam({.name = "n"})->get_config().dump(),
            base_config("n", lr3) + R"(,"beta_1":0.9,"beta_2":0.999,"epsilon":1e-07})");
}

TEST(Optimizer, ConfigsRoundTrip) {
  std::vector<OptimizerPtr> all = {
      SGD({.learning_rate = 0.5,
           .momentum = 0.8,
           .nesterov = true,
           .weight_decay = 0.01,
           .clipnorm = 1.0}),
      RMSprop({.rho = 0.8, .momentum = 0.1, .epsilon = 1e-4, .centered = true, .clipvalue = 0.5}),
      Adagrad({.initial_accumulator_value = 0.3, .global_clipnorm = 2.0}),
      Adadelta({.learning_rate = 1.0, .rho = 0.9}),
      Adam({.beta_1 = 0.8, .amsgrad = true, .loss_scale_factor = 8.0}),
      AdamW({.weight_decay = 0.1, .epsilon = 1e-5}),
      Adamax({.beta_2 = 0.99}),
      Nadam({.learning_rate = schedules::CosineDecay(0.1, 100, {.alpha = 0.1}), .beta_1 = 0.95}),
  };
  for (const OptimizerPtr& o : all) {
    Json serialized = serialize(*o);
    EXPECT_EQ(serialized.at("module"), "keras.optimizers");
    EXPECT_EQ(serialized.at("class_name"), o->class_name());
    EXPECT_TRUE(serialized.at("registered_name").is_null());
    OptimizerPtr again = deserialize(serialized);
    EXPECT_EQ(again->class_name(), o->class_name());
    EXPECT_EQ(again->get_config().dump(), o->get_config().dump()) << o->class_name();
  }
  // A schedule is written as Keras serializes it, inside the optimizer's config.
  Json lr = all.back()->get_config().at("learning_rate");
  EXPECT_EQ(lr.dump(),
            R"({"module":"keras.optimizers.schedules","class_name":"CosineDecay","config":)"
            R"({"initial_learning_rate":0.1,"decay_steps":100,"alpha":0.1,"name":"CosineDecay",)"
            R"("warmup_target":null,"warmup_steps":0},"registered_name":null})");
  EXPECT_TRUE(deserialize(serialize(*all.back()))->has_schedule());
}

TEST(Optimizer, ConfigsFromKeras) {
  // A config as Keras 3 writes it into a .keras file.
  Json config = Json::parse(R"({"module": "keras.optimizers", "class_name": "Adam", "config": {
      "name": "adam", "learning_rate": 0.0010000000474974513, "weight_decay": null,
      "clipnorm": null, "global_clipnorm": null, "clipvalue": null, "use_ema": false,
      "ema_momentum": 0.99, "ema_overwrite_frequency": null, "loss_scale_factor": null,
      "gradient_accumulation_steps": null, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-07,
      "amsgrad": false}, "registered_name": null})");
  OptimizerPtr adam = deserialize(config);
  EXPECT_EQ(adam->class_name(), "Adam");
  EXPECT_EQ(adam->name(), "adam");
  EXPECT_EQ(adam->learning_rate(), f32(0.001));
  EXPECT_EQ(adam->get_config().dump(), config.at("config").dump());
  // Partial configs take the defaults; "decay" is ignored with Keras's warning.
  OptimizerPtr sgd = deserialize(Json{{"class_name", "SGD"}, {"config", {{"decay", 0.1}}}});
  EXPECT_EQ(sgd->learning_rate(), f32(0.01));
  // Keras 2 wrote the learning rate as "lr". Keras 3 rejects it ("Argument(s) not recognized");
  // kerascpp reads it on purpose, so that Keras 2 files keep their learning rate. A
  // "learning_rate" beside it wins, and get_config() writes only "learning_rate".
  OptimizerPtr keras2 = deserialize(Json{{"class_name", "Adam"}, {"config", {{"lr", 0.25}}}});
  EXPECT_EQ(keras2->learning_rate(), 0.25);
  EXPECT_FALSE(keras2->get_config().contains("lr"));
  EXPECT_EQ(AdamImpl::from_config({{"lr", 0.25}, {"learning_rate", 0.5}})->learning_rate(), 0.5);
  // AdamW's weight_decay stays at its default when absent.
  EXPECT_EQ(deserialize(Json{{"class_name", "AdamW"}, {"config", Json::object()}})
                ->options()
                .weight_decay,
            0.004);
}

// ----- get / registry ----------------------------------------------------------------------------

TEST(Optimizer, GetByName) {
  const std::pair<const char*, const char*> expected[] = {
      {"sgd", "SGD"},         {"rmsprop", "RMSprop"},   {"adam", "Adam"},       {"adamw", "AdamW"},
      {"adagrad", "Adagrad"}, {"adadelta", "Adadelta"}, {"adamax", "Adamax"},   {"nadam", "Nadam"},
      {"Adam", "Adam"},       {"ADAM", "Adam"},         {"RMSprop", "RMSprop"}, {"SGD", "SGD"},
      {"AdamW", "AdamW"},     {"Nadam", "Nadam"},
  };
  for (const auto& [name, class_name] : expected) {
    OptimizerPtr o = get(name);
    ASSERT_TRUE(o) << name;
    EXPECT_EQ(o->class_name(), class_name) << name;
  }
  EXPECT_EQ(get(OptimizerArg()), nullptr);
  EXPECT_EQ(get(Json()), nullptr);
  SGD mine;
  EXPECT_EQ(get(mine), mine.ptr());  // objects come back as they are
  EXPECT_EQ(
      get(Json{{"class_name", "adam"}, {"config", {{"learning_rate", 0.5}}}})->learning_rate(),
      0.5);
}

TEST(Optimizer, UnknownNamesAreKerasErrors) {
  expect_error<ValueError>([] { get("adamz"); }, "Could not interpret optimizer identifier: adamz");
  expect_error<ValueError>(
      [] {
        deserialize(Json{{"class_name", "Foo"}});
      },
      "Could not interpret optimizer identifier: {\"class_name\":\"Foo\"}");
  expect_error<ValueError>([] { deserialize(Json(3)); },
                           "Could not interpret optimizer identifier: 3");
  // Keras 3 optimizers kerascpp does not have say so.
  expect_error<NotImplementedError>([] { get("ftrl"); }, {"'ftrl'", "not implemented"});
  expect_error<NotImplementedError>([] { get("Lion"); }, "'Lion'");
}

class Custom : public SGDImpl {
 public:
  explicit Custom(const SGDOptions& o) : SGDImpl(o) {}
};

TEST(Optimizer, RegistryTakesCustomClasses) {
  registry().add("Custom", [](const Json& c) -> OptimizerPtr {
    SGDOptions options{.learning_rate = 0.01};
    args::read({{"learning_rate", options.learning_rate}}, c, "Custom");
    return std::make_shared<Custom>(options);
  });
  OptimizerPtr o = get(Json{{"class_name", "Custom"}, {"config", {{"learning_rate", 0.25}}}});
  EXPECT_NE(dynamic_cast<Custom*>(o.get()), nullptr);
  EXPECT_EQ(o->learning_rate(), 0.25);
}

// ----- errors ------------------------------------------------------------------------------------

TEST(Optimizer, KerasArgumentErrors) {
  expect_error<ValueError>(
      [] { SGD({.clipnorm = 1.0, .clipvalue = 0.5}); },
      "Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be set. Received: "
      "clipnorm=1.0, clipvalue=0.5, global_clipnorm=None");
  expect_error<ValueError>([] { Adam({.clipnorm = 1.0, .global_clipnorm = 2.0}); },
                           "clipnorm=1.0, clipvalue=None, global_clipnorm=2.0");
  expect_error<ValueError>([] { SGD({.momentum = 1.5}); },
                           {"`momentum` must be a float between [0, 1].", "momentum=1.5"});
  expect_error<ValueError>([] { SGD({.momentum = -0.1}); }, "momentum=-0.1");
  expect_error<ValueError>([] { AdamW({.weight_decay = std::nullopt}); },
                           "Argument `weight_decay` must be a float. Received: weight_decay=None");
  expect_error<ValueError>([] { Adam({.gradient_accumulation_steps = 1}); },
                           "`gradient_accumulation_steps` must be an integer >= 2. Received: "
                           "gradient_accumulation_steps=1");
  expect_error<ValueError>(
      [] { Adam({.use_ema = true, .ema_momentum = 1.5}); },
      "`ema_momentum` must be in the range [0, 1]. Received: ema_momentum=1.5");
  // Valid, but not supported here.
  expect_error<NotImplementedError>([] { Adam({.use_ema = true}); }, "use_ema=True");
  expect_error<NotImplementedError>([] { SGD({.gradient_accumulation_steps = 4}); },
                                    "gradient_accumulation_steps=4");
  // Keras accepts any float learning rate, negative ones included.
  EXPECT_EQ(SGD({.learning_rate = -0.5})->learning_rate(), -0.5);
}

TEST(Optimizer, KerasConfigErrors) {
  expect_error<ValueError>(
      [] {
        AdamImpl::from_config({{"rate", 0.1}});
      },
      "Argument(s) not recognized: {'rate': 0.1}");
  expect_error<ValueError>(
      [] {
        deserialize(Json{{"class_name", "SGD"}, {"config", {{"foo", "x"}, {"bar", true}}}});
      },
      "Argument(s) not recognized: {'foo': 'x', 'bar': True}");
  expect_error<ValueError>(
      [] {
        SGDImpl::from_config({{"learning_rate", "fast"}});
      },
      {"Argument `learning_rate` should be float, or an instance of LearningRateSchedule",
       "Received instead: learning_rate='fast'"});
  expect_error<TypeError>([] { AdamImpl::from_config({{"beta_1", "x"}}); }, "beta_1");
  expect_error<ValueError>(
      [] {
        AdamWImpl::from_config({{"weight_decay", nullptr}});
      },
      "Argument `weight_decay` must be a float. Received: weight_decay=None");
}

TEST(Optimizer, LearningRateGetAndSet) {
  SGD sgd({.learning_rate = 0.1});
  EXPECT_EQ(sgd->learning_rate(), f32(0.1));
  sgd->set_learning_rate(0.25);
  EXPECT_EQ(sgd->learning_rate(), 0.25);
  EXPECT_EQ(sgd->get_config().at("learning_rate"), 0.25);
  SGD scheduled({.learning_rate = schedules::ExponentialDecay(0.1, 10, 0.5)});
  expect_error<TypeError>(
      [&] { scheduled->set_learning_rate(0.1); },
      "This optimizer was created with a `LearningRateSchedule` object as its `learning_rate` "
      "constructor argument, hence its learning rate is not settable.");
  // Switching to a schedule drops the learning-rate variable, as Keras untracks it.
  sgd->set_learning_rate(std::make_shared<schedules::InverseTimeDecay>(1.0, 1, 1.0));
  EXPECT_TRUE(sgd->has_schedule());
  EXPECT_EQ(names(sgd->variables()), (Names{"iteration"}));
  EXPECT_EQ(sgd->learning_rate(), 1.0);
}

TEST(Optimizer, ApplyErrors) {
  std::vector<Variable> vars = two_variables();
  Adam adam;
  expect_error<ValueError>(
      [&] {
        adam->apply({Tensor(), Tensor()}, vars);
      },
      "No gradients provided for any variable.");
  Adam unbuilt;
  expect_error<ValueError>([&] { unbuilt->apply(gradients_for(vars, 3)); },
                           "the optimizer must already be built");
  adam->build(vars);
  expect_error<ValueError>([&] { adam->apply({gradients_for(vars, 3)[0]}); },
                           "Received a list of 1 gradients, but the optimizer is tracking 2");
  expect_error<ValueError>([&] { adam->apply(gradients_for(vars, 3), {vars[0]}); },
                           "received 2 gradients for 1 variables");
  Variable stranger(Tensor::zeros(Shape{3}, DType::float32), "stranger");
  expect_error<ValueError>([&] { adam->apply({gradients_for(vars, 3)[1]}, {stranger}); },
                           {"Unknown variable: stranger", "originally built with"});
  expect_error<ValueError>(
      [&] {
        adam->apply({Tensor::zeros(Shape{3}, DType::float32), Tensor()}, vars);
      },
      {"'kernel'", "(3,)", "(2, 3)"});
  // An empty list does nothing, as in Keras.
  EXPECT_TRUE(adam->apply({}).empty());
  EXPECT_EQ(adam->iterations().value().item<int64_t>(), 0);
}

// ----- behaviour of a step -----------------------------------------------------------------------

TEST(Optimizer, MissingGradientsAreSkipped) {
  std::vector<Variable> vars = two_variables();
  Tensor bias_before = vars[1].value().copy();
  Adam adam;
  std::vector<Tensor> g = gradients_for(vars, 7);
  adam->apply({g[0], Tensor()}, vars);
  adam->apply({g[0], Tensor()}, vars);
  EXPECT_EQ(vars[1].value().to_vector<float>(), bias_before.to_vector<float>());
  EXPECT_EQ(adam->iterations().value().item<int64_t>(), 2);
  // The skipped variable's slots stay untouched, and the other variable matches a run without it.
  for (double v : adam->variables()[4].value().to_vector<double>()) EXPECT_EQ(v, 0.0);
  std::vector<Variable> alone = {two_variables()[0]};
  Adam reference;
  reference->apply({g[0]}, alone);
  reference->apply({g[0]}, alone);
  EXPECT_EQ(vars[0].value().to_vector<float>(), alone[0].value().to_vector<float>());
}

TEST(Optimizer, WeightDecayAndExclusions) {
  // SGD: w = w - w·wd·lr, then w -= lr·g (Keras's base optimizer).
  const double lr = 0.1, wd = 0.5;
  for (int mode = 0; mode < 3; ++mode) {
    std::vector<Variable> vars = two_variables(DType::float64);
    std::vector<double> w0 = vars[0].value().to_vector<double>(),
                        w1 = vars[1].value().to_vector<double>();
    SGD sgd({.learning_rate = lr, .weight_decay = wd});
    if (mode == 1) sgd->exclude_from_weight_decay({vars[1]});
    if (mode == 2) sgd->exclude_from_weight_decay({}, {"bi.s"});  // regular expressions
    std::vector<Tensor> g = gradients_for(vars, 11);
    sgd->apply(g, vars);
    std::vector<double> g0 = g[0].to_vector<double>(), g1 = g[1].to_vector<double>();
    double lr32 = f32(lr);
    for (size_t i = 0; i < w0.size(); ++i)
      EXPECT_NEAR(vars[0].value().to_vector<double>()[i], w0[i] - w0[i] * wd * lr32 - lr32 * g0[i],
                  1e-14);
    for (size_t i = 0; i < w1.size(); ++i) {
      double decayed = mode == 0 ? w1[i] - w1[i] * wd * lr32 : w1[i];
      EXPECT_NEAR(vars[1].value().to_vector<double>()[i], decayed - lr32 * g1[i], 1e-14) << mode;
    }
  }
  // Adam's fused decay respects the exclusions too.
  std::vector<Variable> a = two_variables(DType::float64), b = two_variables(DType::float64);
  Adam decayed({.weight_decay = 0.3});
  decayed->exclude_from_weight_decay({}, {"kernel", "bias"});
  Adam plain;
  std::vector<Tensor> g = gradients_for(a, 13);
  decayed->apply(g, a);
  plain->apply(g, b);
  EXPECT_EQ(a[0].value().to_vector<double>(), b[0].value().to_vector<double>());
  expect_error<ValueError>([&] { plain->exclude_from_weight_decay({}, {"("}); },
                           "not a valid regular expression");
}

TEST(Optimizer, LossScaleFactorDividesTheGradients) {
  std::vector<Variable> a = two_variables(DType::float64), b = two_variables(DType::float64);
  RMSprop scaled({.loss_scale_factor = 4.0}), plain;
  std::vector<Tensor> g = gradients_for(a, 17);
  std::vector<Tensor> g4 = {ops::multiply(g[0], 4.0), ops::multiply(g[1], 4.0)};
  for (int step = 0; step < 3; ++step) {
    scaled->apply(g4, a);
    plain->apply(g, b);
  }
  testing::expect_near(a[0].value(), b[0].value(), 1e-14, 0, "scaled kernel");
  testing::expect_near(a[1].value(), b[1].value(), 1e-14, 0, "scaled bias");
  Tensor loss = Tensor::scalar<float>(1.5f);
  EXPECT_EQ(scaled->scale_loss(loss).item<float>(), 6.0f);
  EXPECT_EQ(plain->scale_loss(loss).item<float>(), 1.5f);
}

TEST(Optimizer, ClipNormEdgeCases) {
  // A zero gradient stays zero under clipnorm (Keras's two-sided where), and clipnorm 0 or a
  // negative clipvalue disable clipping (Keras tests `clipnorm and clipnorm > 0`).
  std::vector<Variable> vars = two_variables(DType::float64);
  std::vector<double> w0 = vars[0].value().to_vector<double>();
  SGD clipped({.learning_rate = 1.0, .clipnorm = 1.0});
  clipped->apply({Tensor::zeros(Shape{2, 3}, DType::float64), gradients_for(vars, 3)[1]}, vars);
  EXPECT_EQ(vars[0].value().to_vector<double>(), w0);
  std::vector<Variable> a = two_variables(DType::float64), b = two_variables(DType::float64);
  SGD off({.learning_rate = 1.0, .clipnorm = 0.0}), none({.learning_rate = 1.0});
  std::vector<Tensor> g = gradients_for(a, 5);
  g[0] = ops::multiply(g[0], 100.0);
  off->apply(g, a);
  none->apply(g, b);
  EXPECT_EQ(a[0].value().to_vector<double>(), b[0].value().to_vector<double>());
}

TEST(Optimizer, ApplyConstraintsProjectsAfterTheStep) {
  std::vector<Variable> vars = two_variables();
  SGD sgd({.learning_rate = 1.0});
  sgd->apply(gradients_for(vars, 19), vars);
  Optimizer::apply_constraints(
      {{vars[0], std::make_shared<constraints::NonNeg>()}, {vars[1], nullptr}});
  for (float v : vars[0].value().to_vector<float>()) EXPECT_GE(v, 0.0f);
  bool some_negative = false;
  for (float v : vars[1].value().to_vector<float>()) some_negative = some_negative || v < 0;
  EXPECT_TRUE(some_negative);  // no constraint: left alone
}

TEST(Optimizer, ApplyGradientsPairs) {
  std::vector<Variable> a = two_variables(), b = two_variables();
  Adamax x, y;
  std::vector<Tensor> g = gradients_for(a, 23);
  x->apply(g, a);
  y->apply_gradients({{g[0], b[0]}, {g[1], b[1]}});
  EXPECT_EQ(a[1].value().to_vector<float>(), b[1].value().to_vector<float>());
}

TEST(Optimizer, ScheduleFollowsTheIterations) {
  // SGD with an exponential decay: the step t update uses lr(t - 1), as Keras's
  // optimizer.learning_rate = schedule(iterations) before the increment.
  schedules::ExponentialDecay decay(0.5, 2, 0.25);
  SGD sgd({.learning_rate = decay});
  std::vector<Variable> vars = two_variables(DType::float64);
  for (int t = 0; t < 5; ++t) {
    double lr = f32(f32(0.5) * std::pow(f32(0.25), t / 2.0));
    EXPECT_NEAR(sgd->learning_rate(), lr, 1e-7);
    std::vector<double> before = vars[1].value().to_vector<double>();
    std::vector<Tensor> g = gradients_for(vars, 29 + t);
    sgd->apply(g, vars);
    std::vector<double> gv = g[1].to_vector<double>(), after = vars[1].value().to_vector<double>();
    for (size_t i = 0; i < after.size(); ++i) EXPECT_NEAR(after[i], before[i] - lr * gv[i], 1e-7);
  }
}

}  // namespace
}  // namespace keras
