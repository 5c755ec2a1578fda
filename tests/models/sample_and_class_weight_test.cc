// class_weight and sample_weight in train_on_batch() and fit(): the weighted loss and the SGD
// update they produce, checked three ways on the same step: against a float64 computation
// written here (softmax or sigmoid crossentropy of a Dense layer, its gradient by hand),
// against Keras 3 doing the same steps (tests/golden/keras3/make_class_weight.py ->
// tests/golden/data/keras3_class_weight.json), and class_weight against the sample_weight that
// says the same thing.
//
// Keras's rules (keras/src/trainers/data_adapters/data_adapter_utils.py, losses/loss.py):
// class_weight becomes one weight per sample, found by the sample's class (the argmax of a
// one-hot row, else the rounded label; a class not listed weighs 1.0), and the loss is
// sum_over_batch_size: sum(w_i * loss_i) / batch size, so d loss / d logits_i =
// w_i * (p_i - y_i) / batch size for both softmax and sigmoid crossentropy.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "keras/core/json.h"
#include "keras/layers/layers.h"
#include "keras/models/sequential.h"
#include "keras/optimizers/optimizers.h"
#include "tests/support/paths.h"

namespace keras {
namespace {

using Matrix = std::vector<std::vector<double>>;

const Json& golden() {
  static const Json data = [] {
    std::filesystem::path path =
        testing::source_dir() / "tests" / "golden" / "data" / "keras3_class_weight.json";
    std::ifstream in(path);
    if (!in) throw IOError(str("cannot read ", path.string()));
    return Json::parse(in);
  }();
  return data;
}

// The case's targets as one row per sample: one-hot rows for the softmax cases (from sparse
// labels of shape (n,) or (n, 1), or given one-hot), the 0/1 column for the sigmoid case.
Matrix target_rows(const Json& c) {
  Matrix rows;
  const int units = c.at("units");
  for (const Json& y : c.at("y")) {
    if (units == 1) {
      rows.push_back({y.at(0).get<double>()});
    } else if (y.is_array() && y.size() == static_cast<size_t>(units)) {
      rows.push_back(y.get<std::vector<double>>());
    } else {
      int label = y.is_array() ? y.at(0).get<int>() : y.get<int>();
      std::vector<double> row(static_cast<size_t>(units), 0.0);
      row[static_cast<size_t>(label)] = 1.0;
      rows.push_back(row);
    }
  }
  return rows;
}

// Per-sample weights as Keras derives them, written independently of kerascpp's conversion:
// class_weight by the sample's class (argmax of a one-hot row, the label of a 0/1 column; 1.0
// for a class not listed), else sample_weight, else ones.
std::vector<double> sample_weights(const Json& c, const Matrix& targets) {
  std::vector<double> w(targets.size(), 1.0);
  if (!c.at("sample_weight").is_null()) return c.at("sample_weight").get<std::vector<double>>();
  if (c.at("class_weight").is_null()) return w;
  for (size_t i = 0; i < targets.size(); ++i) {
    const std::vector<double>& t = targets[i];
    size_t cls = t.size() == 1
                     ? static_cast<size_t>(std::lround(t[0]))
                     : static_cast<size_t>(std::max_element(t.begin(), t.end()) - t.begin());
    std::string key = std::to_string(cls);
    if (c.at("class_weight").contains(key)) w[i] = c.at("class_weight").at(key).get<double>();
  }
  return w;
}

struct DenseWeights {
  Matrix kernel;             // [inputs][units]
  std::vector<double> bias;  // [units]
};

// One SGD step of Dense + softmax / sigmoid crossentropy on samples [begin, end), in float64.
// Returns the weighted loss of the batch; updates `w`.
double sgd_step(DenseWeights& w, const Matrix& x, const Matrix& targets,
                const std::vector<double>& weight, size_t begin, size_t end, double lr) {
  const size_t units = w.bias.size(), inputs = w.kernel.size();
  const double batch = static_cast<double>(end - begin);
  Matrix grad_kernel(inputs, std::vector<double>(units, 0.0));
  std::vector<double> grad_bias(units, 0.0);
  double loss = 0.0;
  for (size_t i = begin; i < end; ++i) {
    std::vector<double> z(units);
    for (size_t k = 0; k < units; ++k) {
      z[k] = w.bias[k];
      for (size_t j = 0; j < inputs; ++j) z[k] += x[i][j] * w.kernel[j][k];
    }
    std::vector<double> p(units);
    double sample_loss = 0.0;
    if (units == 1) {
      p[0] = 1.0 / (1.0 + std::exp(-z[0]));
      double y = targets[i][0];
      sample_loss = -(y * std::log(p[0]) + (1 - y) * std::log(1 - p[0]));
    } else {
      double top = *std::max_element(z.begin(), z.end()), total = 0.0;
      for (size_t k = 0; k < units; ++k) total += std::exp(z[k] - top);
      for (size_t k = 0; k < units; ++k) {
        p[k] = std::exp(z[k] - top) / total;
        sample_loss -= targets[i][k] * std::log(p[k]);
      }
    }
    loss += weight[i] * sample_loss / batch;
    for (size_t k = 0; k < units; ++k) {
      double dz = weight[i] * (p[k] - targets[i][k]) / batch;
      grad_bias[k] += dz;
      for (size_t j = 0; j < inputs; ++j) grad_kernel[j][k] += x[i][j] * dz;
    }
  }
  for (size_t k = 0; k < units; ++k) {
    w.bias[k] -= lr * grad_bias[k];
    for (size_t j = 0; j < inputs; ++j) w.kernel[j][k] -= lr * grad_kernel[j][k];
  }
  return loss;
}

DenseWeights initial(const Json& c) {
  return {c.at("initial_weights").at(0).get<Matrix>(),
          c.at("initial_weights").at(1).get<std::vector<double>>()};
}

std::vector<double> flat(const DenseWeights& w) {
  std::vector<double> out;
  for (const auto& row : w.kernel) out.insert(out.end(), row.begin(), row.end());
  out.insert(out.end(), w.bias.begin(), w.bias.end());
  return out;
}

std::vector<double> flat(const Json& weights) {
  return flat(DenseWeights{weights.at(0).get<Matrix>(), weights.at(1).get<std::vector<double>>()});
}

std::vector<double> flat(const std::vector<Tensor>& weights) {
  std::vector<double> out;
  for (const Tensor& t : weights)
    for (double v : t.astype(DType::float64).to_vector<double>()) out.push_back(v);
  return out;
}

void expect_near(const std::vector<double>& got, const std::vector<double>& want, double tol,
                 const std::string& what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (size_t i = 0; i < got.size(); ++i)
    EXPECT_NEAR(got[i], want[i], tol) << what << " [" << i << "]";
}

// The kerascpp model of a case, from the case's initial weights.
Sequential make_model(const Json& c) {
  const int units = c.at("units");
  Sequential model({layers::Input({4}),
                    layers::Dense(units, {.activation = c.at("activation").get<std::string>()})});
  model.compile({.optimizer = optimizers::SGD(optimizers::SGDOptions{
                     .learning_rate = golden().at("learning_rate").get<double>()}),
                 .loss = c.at("loss").get<std::string>()});
  DenseWeights w = initial(c);
  std::vector<float> kernel;
  for (const auto& row : w.kernel)
    for (double v : row) kernel.push_back(static_cast<float>(v));
  std::vector<float> bias(w.bias.begin(), w.bias.end());
  model.set_weights(
      {Tensor::from_vector(kernel, Shape{4, units}), Tensor::from_vector(bias, Shape{units})});
  return model;
}

Tensor x_tensor() {
  std::vector<float> x;
  for (const Json& row : golden().at("x"))
    for (const Json& v : row) x.push_back(v.get<float>());
  return Tensor::from_vector(x, Shape{static_cast<int64_t>(golden().at("x").size()), 4});
}

Tensor y_tensor(const Json& c) {
  const Json& y = c.at("y");
  auto n = static_cast<int64_t>(y.size());
  if (c.at("loss").get<std::string>().rfind("sparse", 0) == 0) {
    std::vector<int32_t> labels;
    bool column = y.at(0).is_array();
    for (const Json& v : y) labels.push_back(column ? v.at(0).get<int32_t>() : v.get<int32_t>());
    return column ? Tensor::from_vector(labels, Shape{n, 1})
                  : Tensor::from_vector(labels, Shape{n});
  }
  std::vector<float> values;
  for (const Json& row : y)
    for (const Json& v : row) values.push_back(v.get<float>());
  return Tensor::from_vector(values, Shape{n, static_cast<int64_t>(y.at(0).size())});
}

std::map<int64_t, double> class_weight_of(const Json& c) {
  std::map<int64_t, double> out;
  if (!c.at("class_weight").is_null())
    for (const auto& [k, v] : c.at("class_weight").items()) out[std::stoll(k)] = v.get<double>();
  return out;
}

models::Tensors sample_weight_of(const Json& c) {
  if (c.at("sample_weight").is_null()) return {};
  std::vector<float> w;
  for (const Json& v : c.at("sample_weight")) w.push_back(v.get<float>());
  return Tensor::from_vector(w, Shape{static_cast<int64_t>(w.size())});
}

// float32 training against float64 references: the losses are ~1 and the weights ~0.5 after
// sums of six products; 2e-6 is ~16 float32 ulps there.
constexpr double kTol = 2e-6;

TEST(SampleAndClassWeight, TrainOnBatchMatchesFloat64AndKeras) {
  const Matrix x = golden().at("x").get<Matrix>();
  const double lr = golden().at("learning_rate");
  ASSERT_GE(golden().at("cases").size(), 6u);
  for (const Json& c : golden().at("cases")) {
    SCOPED_TRACE(c.at("name").get<std::string>());
    Matrix targets = target_rows(c);
    DenseWeights ref = initial(c);
    double ref_loss = sgd_step(ref, x, targets, sample_weights(c, targets), 0, x.size(), lr);
    // The reference agrees with Keras...
    EXPECT_NEAR(ref_loss, c.at("train_on_batch").at("loss").get<double>(), kTol);
    expect_near(flat(ref), flat(c.at("train_on_batch").at("weights")), kTol, "Keras weights");
    // ...and kerascpp with both.
    Sequential model = make_model(c);
    std::vector<double> logs =
        model.train_on_batch(x_tensor(), y_tensor(c), sample_weight_of(c), class_weight_of(c));
    EXPECT_NEAR(logs.at(0), ref_loss, kTol);
    expect_near(flat(model.get_weights()), flat(ref), kTol, "kerascpp weights");
  }
}

TEST(SampleAndClassWeight, FitMatchesFloat64AndKeras) {
  const Matrix x = golden().at("x").get<Matrix>();
  const double lr = golden().at("learning_rate");
  for (const Json& c : golden().at("cases")) {
    SCOPED_TRACE(c.at("name").get<std::string>());
    Matrix targets = target_rows(c);
    std::vector<double> weight = sample_weights(c, targets);
    // fit(batch_size=3, shuffle=False): two steps; History's loss is the mean over the epoch's
    // batches, weighted by their sizes (equal here).
    DenseWeights ref = initial(c);
    double first = sgd_step(ref, x, targets, weight, 0, 3, lr);
    double second = sgd_step(ref, x, targets, weight, 3, 6, lr);
    double ref_loss = (first + second) / 2;
    EXPECT_NEAR(ref_loss, c.at("fit").at("loss").get<double>(), kTol);
    expect_near(flat(ref), flat(c.at("fit").at("weights")), kTol, "Keras weights");
    Sequential model = make_model(c);
    callbacks::History history = model.fit(x_tensor(), y_tensor(c),
                                           {.batch_size = 3,
                                            .epochs = 1,
                                            .verbose = 0,
                                            .shuffle = false,
                                            .class_weight = class_weight_of(c),
                                            .sample_weight = sample_weight_of(c)});
    EXPECT_NEAR(history->history.at("loss").at(0), ref_loss, kTol);
    expect_near(flat(model.get_weights()), flat(ref), kTol, "kerascpp weights");
  }
}

// The weights differ from the unweighted step: a class_weight that were dropped would leave the
// unweighted result, which the tests above would then report (this guards the data).
TEST(SampleAndClassWeight, TheCasesWeighSomething) {
  const Matrix x = golden().at("x").get<Matrix>();
  for (const Json& c : golden().at("cases")) {
    if (c.at("class_weight").is_null() && c.at("sample_weight").is_null()) continue;
    SCOPED_TRACE(c.at("name").get<std::string>());
    Matrix targets = target_rows(c);
    DenseWeights weighted = initial(c), unweighted = initial(c);
    double a = sgd_step(weighted, x, targets, sample_weights(c, targets), 0, x.size(), 0.25);
    double b =
        sgd_step(unweighted, x, targets, std::vector<double>(x.size(), 1.0), 0, x.size(), 0.25);
    EXPECT_GT(std::fabs(a - b), 0.01);
  }
}

// class_weight and the per-sample weights it stands for train the same, in every label form.
TEST(SampleAndClassWeight, ClassWeightEqualsItsSampleWeights) {
  const Json* sparse = nullptr;
  for (const Json& c : golden().at("cases"))
    if (c.at("name") == "sparse_sample_weight") sparse = &c;
  ASSERT_NE(sparse, nullptr);
  for (const Json& c : golden().at("cases")) {
    if (c.at("class_weight").is_null() || c.at("units") != 3) continue;
    SCOPED_TRACE(c.at("name").get<std::string>());
    Sequential by_class = make_model(c), by_sample = make_model(c);
    by_class.fit(x_tensor(), y_tensor(c),
                 {.batch_size = 3,
                  .epochs = 1,
                  .verbose = 0,
                  .shuffle = false,
                  .class_weight = class_weight_of(c)});
    by_sample.fit(x_tensor(), y_tensor(c),
                  {.batch_size = 3,
                   .epochs = 1,
                   .verbose = 0,
                   .shuffle = false,
                   .sample_weight = sample_weight_of(*sparse)});
    EXPECT_EQ(flat(by_class.get_weights()), flat(by_sample.get_weights()));
  }
}

}  // namespace
}  // namespace keras
