// keras::datasets::mnist and fashion_mnist: files in a temporary Keras home, written by the test
// (archive_files.h) or by NumPy (tests/data/npz/, see tests/golden/datasets/make_npz.py); every
// damaged file gives an IOError that says what is wrong; and Debian's real Fashion-MNIST when it
// is installed.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <map>

#include "keras/config/config.h"
#include "keras/core/error.h"
#include "keras/core/npy.h"
#include "keras/core/npz.h"
#include "keras/datasets/fashion_mnist.h"
#include "keras/datasets/idx.h"
#include "keras/datasets/mnist.h"
#include "tests/datasets/archive_files.h"
#include "tests/ops/harness.h"
#include "tests/support/paths.h"
#include "tests/support/saved_environment.h"

namespace keras {
namespace {

namespace fs = std::filesystem;
using testing::Bytes;

// Pixel (i, r, c) of the test images: the pattern of tests/golden/datasets/make_npz.py.
uint8_t pixel(int64_t i, int64_t r, int64_t c) {
  return static_cast<uint8_t>((31 * i + 7 * r + 3 * c) % 256);
}

Bytes images(int64_t n, int rows = 28, int cols = 28, bool inverted = false) {
  Bytes out;
  for (int64_t i = 0; i < n; ++i)
    for (int r = 0; r < rows; ++r)
      for (int c = 0; c < cols; ++c)
        out.push_back(inverted ? 255 - pixel(i, r, c) : pixel(i, r, c));
  return out;
}

Tensor uint8_tensor(const Bytes& bytes, Shape shape) {
  return Tensor::from_data(bytes.data(), std::move(shape), DType::uint8);
}

Bytes npy(const Tensor& t) {
  return serialize_npy(t);
}

void expect_images(const Tensor& x, int64_t n, bool inverted = false) {
  ASSERT_EQ(x.dtype(), DType::uint8);
  ASSERT_EQ(x.shape(), (Shape{n, 28, 28}));
  EXPECT_EQ(x.to_vector<uint8_t>(), images(n, 28, 28, inverted));
}

void expect_labels(const Tensor& y, const Bytes& labels) {
  ASSERT_EQ(y.dtype(), DType::uint8);
  ASSERT_EQ(y.shape(), (Shape{static_cast<int64_t>(labels.size())}));
  EXPECT_EQ(y.to_vector<uint8_t>(), labels);
}

class Datasets : public ::testing::Test {
 protected:
  void SetUp() override {
    saved_ = testing::SavedEnvironment({"HOME", "KERAS_HOME"});
    char pattern[] = "/tmp/keras_datasets_test_XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    root_ = pattern;
    keras_home_ = root_ / "keras";
    fs::create_directories(keras_home_);
    fs::create_directories(root_ / "home");
    ::setenv("HOME", (root_ / "home").c_str(), 1);
    ::setenv("KERAS_HOME", keras_home_.c_str(), 1);
    config::reload();
  }
  void TearDown() override {
    saved_.restore();
    config::reload();
    std::error_code ec;
    fs::remove_all(root_, ec);
  }

  fs::path cache() const { return keras_home_ / "datasets"; }
  fs::path fashion_dir() const { return cache() / "fashion-mnist"; }

  // A stored archive of the four MNIST arrays; `replace` swaps one member's bytes.
  Bytes mnist_npz(std::vector<std::pair<std::string, Bytes>> replace = {}) const {
    std::vector<std::pair<std::string, Bytes>> members{
        {"x_train.npy", npy(uint8_tensor(images(5), {5, 28, 28}))},
        {"y_train.npy", npy(uint8_tensor({7, 2, 1, 0, 4}, {5}))},
        {"x_test.npy", npy(uint8_tensor(images(2, 28, 28, true), {2, 28, 28}))},
        {"y_test.npy", npy(uint8_tensor({9, 8}, {2}))}};
    for (auto& [name, bytes] : replace) {
      bool found = false;
      for (auto& member : members)
        if (member.first == name) member.second = bytes, found = true;
      if (!found) members.emplace_back(name, bytes);
    }
    return testing::zip(members);
  }

  // Fashion-MNIST's four files; `files` overrides the (uncompressed) content of some.
  void write_fashion(const fs::path& dir, std::map<std::string, Bytes> files = {}) const {
    std::map<std::string, Bytes> content{
        {"train-labels-idx1-ubyte.gz", testing::idx({3}, {9, 0, 3})},
        {"train-images-idx3-ubyte.gz", testing::idx({3, 28, 28}, images(3))},
        {"t10k-labels-idx1-ubyte.gz", testing::idx({2}, {1, 2})},
        {"t10k-images-idx3-ubyte.gz", testing::idx({2, 28, 28}, images(2, 28, 28, true))}};
    for (auto& [name, bytes] : files) content[name] = bytes;
    for (auto& [name, bytes] : content) testing::write_bytes(dir / name, testing::gzip(bytes));
  }

  // Fashion-MNIST's search without Debian's directory.
  datasets::TrainTest load_fashion_from_cache() const {
    return datasets::fashion_mnist::detail::load_from({fashion_dir()}, fashion_dir());
  }

  testing::SavedEnvironment saved_;
  fs::path root_, keras_home_;
};

// --- mnist ---------------------------------------------------------------------------------------

TEST_F(Datasets, MnistLoadsFromTheKerasCache) {
  testing::write_bytes(cache() / "mnist.npz", mnist_npz());
  auto [train, test] = datasets::mnist::load_data();
  expect_images(train.x, 5);
  expect_labels(train.y, {7, 2, 1, 0, 4});
  expect_images(test.x, 2, /*inverted=*/true);
  expect_labels(test.y, {9, 8});
}

TEST_F(Datasets, MnistReadsNumPysCompressedArchives) {
  fs::create_directories(cache());
  fs::copy_file(testing::source_dir() / "tests/data/npz/mnist_small_compressed.npz",
                cache() / "mnist.npz");
  auto data = datasets::mnist::load_data();
  expect_images(data.train.x, 4);
  expect_labels(data.train.y, {3, 1, 4, 1});
  expect_images(data.test.x, 2, true);
  expect_labels(data.test.y, {5, 9});

  auto arrays = load_npz(cache() / "mnist.npz");  // np.load's keys, in archive order
  ASSERT_EQ(arrays.size(), 4u);
  EXPECT_EQ(arrays[0].first, "x_test");
  EXPECT_EQ(arrays[3].first, "y_train");
}

TEST_F(Datasets, MnistOtherFileNameAndPaths) {
  testing::write_bytes(cache() / "digits.npz", mnist_npz());
  EXPECT_EQ(datasets::mnist::load_data("digits.npz").train.x.shape(), (Shape{5, 28, 28}));
  testing::expect_error<ValueError>([] { datasets::mnist::load_data("sub/mnist.npz"); },
                                    "Paths are no longer accepted as the `fname` argument.");
}

TEST_F(Datasets, MnistMissingFileSaysWhereToPutIt) {
  std::string expected_path = (cache() / "mnist.npz").string();
  testing::expect_error<IOError>(
      [] { datasets::mnist::load_data(); },
      {"mnist.load_data: mnist.npz was not found. Looked in:\n  " + expected_path,
       "never downloads", "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz",
       "put it at " + expected_path});
}

TEST_F(Datasets, MnistLooksInTmpWhenTheKerasHomeIsNotWritable) {
  if (fs::exists("/tmp/.keras/datasets/mnist.npz")) GTEST_SKIP() << "/tmp/.keras has mnist.npz";
  // Below a regular file: the directory cannot exist, so access(W_OK) fails even for root.
  testing::write_bytes(root_ / "file", {1});
  ::setenv("KERAS_HOME", (root_ / "file/keras").c_str(), 1);
  config::reload();
  testing::expect_error<IOError>(
      [] { datasets::mnist::load_data(); },
      {(root_ / "file/keras/datasets/mnist.npz").string(), "\n  /tmp/.keras/datasets/mnist.npz"});
}

TEST_F(Datasets, MnistDamagedArchives) {
  const fs::path file = cache() / "mnist.npz";
  auto expect_io_error = [&](const Bytes& bytes, std::initializer_list<std::string_view> parts) {
    testing::write_bytes(file, bytes);
    testing::expect_error<IOError>([] { datasets::mnist::load_data(); }, parts);
  };
  expect_io_error(Bytes(100, 'x'), {file.string(), "as an .npz archive"});
  Bytes archive = mnist_npz();
  expect_io_error(Bytes(archive.begin(), archive.begin() + static_cast<long>(archive.size() / 2)),
                  {file.string()});
  Bytes flipped = archive;
  flipped[200] ^= 0xFF;  // inside x_train's data: the CRC no longer matches
  expect_io_error(flipped, {"member x_train.npy"});

  testing::write_bytes(file,
                       testing::zip({{"x_train.npy", npy(uint8_tensor(images(1), {1, 28, 28}))}}));
  testing::expect_error<IOError>([] { datasets::mnist::load_data(); },
                                 {"no array 'y_train'", "it holds: x_train"});
  expect_io_error(mnist_npz({{"x_test.npy", npy(Tensor::zeros({2, 28, 28}, DType::float32))}}),
                  {"x_test has dtype float32; expected uint8"});
  expect_io_error(mnist_npz({{"x_train.npy", npy(uint8_tensor(images(5, 28, 27), {5, 28, 27}))}}),
                  {"x_train has shape (5, 28, 27); expected (n, 28, 28)"});
  expect_io_error(mnist_npz({{"y_train.npy", npy(uint8_tensor({1, 2, 3}, {3}))}}),
                  {"y_train has shape (3,); expected (5,)"});
  expect_io_error(mnist_npz({{"y_test.npy", Bytes{'n', 'o', 't', ' ', 'n', 'p', 'y'}}}),
                  {"member y_test.npy"});
  // Members that are not .npy files are not arrays: np.load keys them, Keras never reads them.
  testing::write_bytes(file, mnist_npz({{"README.txt", Bytes{'h', 'i'}}}));
  EXPECT_EQ(datasets::mnist::load_data().test.y.shape(), (Shape{2}));
}

// --- fashion_mnist -------------------------------------------------------------------------------

TEST_F(Datasets, FashionMnistLoadsFromTheKerasCacheFirst) {
  write_fashion(fashion_dir());
  // load_data itself: the Keras cache comes before Debian's directory.
  auto [train, test] = datasets::fashion_mnist::load_data();
  expect_images(train.x, 3);
  expect_labels(train.y, {9, 0, 3});
  expect_images(test.x, 2, true);
  expect_labels(test.y, {1, 2});
}

TEST_F(Datasets, FashionMnistSkipsAnIncompleteDirectory) {
  write_fashion(root_ / "complete");
  write_fashion(fashion_dir());
  fs::remove(fashion_dir() / "t10k-images-idx3-ubyte.gz");
  auto data = datasets::fashion_mnist::detail::load_from({fashion_dir(), root_ / "complete"},
                                                         fashion_dir());
  expect_labels(data.train.y, {9, 0, 3});
}

TEST_F(Datasets, FashionMnistMissingFilesListEveryPlace) {
  write_fashion(fashion_dir());
  fs::remove(fashion_dir() / "t10k-images-idx3-ubyte.gz");
  fs::remove(fashion_dir() / "train-labels-idx1-ubyte.gz");
  testing::expect_error<IOError>(
      [&] {
        datasets::fashion_mnist::detail::load_from({fashion_dir(), root_ / "nowhere"},
                                                   fashion_dir());
      },
      {"fashion_mnist.load_data: the Fashion-MNIST files (train-labels-idx1-ubyte.gz, "
       "train-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz) were "
       "not found together",
       fashion_dir().string() + "/ (missing train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz)",
       (root_ / "nowhere").string() + "/ (none of the files)", "never downloads",
       "dataset-fashion-mnist",
       "https://storage.googleapis.com/tensorflow/tf-keras-datasets/train-labels-idx1-ubyte.gz",
       "into " + fashion_dir().string() + "/."});
  // load_data looks in the Keras cache, then in Debian's directory.
  if (fs::exists("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz")) {
    EXPECT_EQ(datasets::fashion_mnist::load_data().test.x.shape(), (Shape{10000, 28, 28}));
  } else {
    testing::expect_error<IOError>(
        [] { datasets::fashion_mnist::load_data(); },
        {fashion_dir().string() + "/ (missing", "\n  /usr/share/datasets/fashion-mnist/ ("});
  }
}

TEST_F(Datasets, FashionMnistDamagedFiles) {
  const std::string images_file = "train-images-idx3-ubyte.gz";
  const fs::path path = fashion_dir() / images_file;
  auto expect_io_error = [&](std::initializer_list<std::string_view> parts) {
    testing::expect_error<IOError>([&] { load_fashion_from_cache(); }, parts);
  };
  auto with_images = [&](const Bytes& idx_bytes) {
    write_fashion(fashion_dir(), {{images_file, idx_bytes}});
  };

  with_images(testing::idx({4, 28, 28}, images(3)));
  expect_io_error({path.string(),
                   "truncated IDX file (its header says (4, 28, 28), 3136 bytes of "
                   "data, but only 2352 follow)"});
  with_images(testing::idx({2, 28, 28}, images(3)));
  expect_io_error({path.string(), "more data than its header's (2, 28, 28) holds"});
  Bytes bad_magic = testing::idx({3, 28, 28}, images(3));
  bad_magic[0] = 0x1F;
  with_images(bad_magic);
  expect_io_error({"not an IDX file (its magic number is 0x1F 0x00 0x08 0x03"});
  with_images(testing::idx({3, 28, 28}, images(3), 0x0D));
  expect_io_error({"IDX files of float32 are not supported"});
  with_images(testing::idx({3, 28, 27}, images(3, 28, 27)));
  expect_io_error({"train-images-idx3-ubyte.gz has shape (3, 28, 27); expected (n, 28, 28)"});
  with_images(testing::idx({4, 28, 28}, images(4)));
  expect_io_error({"train-labels-idx1-ubyte.gz has shape (3,); expected (4,)"});
  with_images({0, 0, 8, 3, 0, 0});
  expect_io_error({"truncated IDX file (the header ends before its 3 dimensions)"});
  with_images(testing::idx({0xFFFFFFFF, 0xFFFFFFFF, 28}, {}));
  expect_io_error({"corrupt IDX file (its header says (4294967295, 4294967295, 28)"});

  // The gzip layer: not gzip, cut short, a damaged CRC, garbage after the data.
  write_fashion(fashion_dir());
  testing::write_bytes(path, testing::idx({3, 28, 28}, images(3)));
  expect_io_error({path.string(), "not a gzip file"});
  Bytes gz = testing::gzip(testing::idx({3, 28, 28}, images(3)));
  testing::write_bytes(path, Bytes(gz.begin(), gz.end() - 100));
  expect_io_error({path.string(), "truncated gzip file"});
  testing::write_bytes(path, Bytes(gz.begin(), gz.end() - 4));  // no ISIZE
  expect_io_error({path.string(), "truncated gzip file"});
  Bytes bad_crc = gz;
  bad_crc[bad_crc.size() - 8] ^= 0xFF;
  testing::write_bytes(path, bad_crc);
  expect_io_error({path.string(), "corrupt gzip file (incorrect data check)"});
  Bytes trailing = gz;
  trailing.insert(trailing.end(), {0, 0, 'j', 'u', 'n', 'k'});
  testing::write_bytes(path, trailing);
  expect_io_error({path.string(), "are not another gzip member"});
  testing::write_bytes(path, Bytes{});
  expect_io_error({path.string(), "not a gzip file"});
}

TEST_F(Datasets, FashionMnistGzipMembersAndPadding) {
  // Python's gzip reads concatenated members and skips zero padding after one; so do we.
  Bytes data = testing::idx({3, 28, 28}, images(3));
  std::size_t half = data.size() / 2;
  Bytes two = testing::gzip(Bytes(data.begin(), data.begin() + static_cast<long>(half)));
  Bytes second = testing::gzip(Bytes(data.begin() + static_cast<long>(half), data.end()));
  two.insert(two.end(), second.begin(), second.end());
  two.insert(two.end(), 5, 0);
  write_fashion(fashion_dir());
  testing::write_bytes(fashion_dir() / "train-images-idx3-ubyte.gz", two);
  expect_images(load_fashion_from_cache().train.x, 3);

  // More than one stored block (65535 bytes each).
  testing::write_bytes(root_ / "big.gz", testing::gzip(testing::idx({100, 28, 28}, images(100))));
  Tensor big = datasets::read_idx_gz(root_ / "big.gz");
  EXPECT_EQ(big.to_vector<uint8_t>(), images(100));
}

// Debian's dataset-fashion-mnist (installed by scripts/setup): the real files, read through
// load_data with an empty Keras cache. The statistics were computed with NumPy from the files
// read the way Keras reads them (np.frombuffer(gzip.open(f).read(), np.uint8, offset=16)); the
// mean and standard deviation are the published 0.2860 and 0.3530 (of pixel / 255).
TEST_F(Datasets, FashionMnistDebianFiles) {
  const fs::path debian = "/usr/share/datasets/fashion-mnist";
  for (const char* f : {"train-labels-idx1-ubyte.gz", "train-images-idx3-ubyte.gz",
                        "t10k-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz"})
    SKIP_OR_FAIL_UNLESS(fs::exists(debian / f),
                        (debian / f).string()
                            << " is absent: install Debian's dataset-fashion-mnist (scripts/setup) "
                               "to run this test");
  auto [train, test] = datasets::fashion_mnist::load_data();
  ASSERT_EQ(train.x.shape(), (Shape{60000, 28, 28}));
  ASSERT_EQ(train.y.shape(), (Shape{60000}));
  ASSERT_EQ(test.x.shape(), (Shape{10000, 28, 28}));
  ASSERT_EQ(test.y.shape(), (Shape{10000}));
  EXPECT_EQ(train.x.dtype(), DType::uint8);

  for (auto [labels, per_class] : {std::pair{train.y, 6000}, std::pair{test.y, 1000}}) {
    std::vector<int> counts(10, 0);
    for (uint8_t label : labels.to_vector<uint8_t>()) {
      ASSERT_LT(label, 10);
      ++counts[label];
    }
    for (int count : counts) EXPECT_EQ(count, per_class);
  }
  std::vector<uint8_t> first_labels = train.y.to_vector<uint8_t>();
  EXPECT_EQ(std::vector<uint8_t>(first_labels.begin(), first_labels.begin() + 5),
            (std::vector<uint8_t>{9, 0, 0, 3, 0}));

  std::vector<uint8_t> pixels = train.x.to_vector<uint8_t>();
  int64_t sum = 0;
  double sum_sq = 0;
  for (uint8_t p : pixels) {
    sum += p;
    sum_sq += static_cast<double>(p) * p;
  }
  EXPECT_EQ(sum, 3431114169);
  int64_t test_sum = 0;
  for (uint8_t p : test.x.to_vector<uint8_t>()) test_sum += p;
  EXPECT_EQ(test_sum, 573469082);
  auto n = static_cast<double>(pixels.size());
  double mean = static_cast<double>(sum) / n;
  double std = std::sqrt(sum_sq / n - mean * mean);
  EXPECT_NEAR(mean / 255, 0.2860, 5e-5);
  EXPECT_NEAR(std / 255, 0.3530, 5e-5);
  int64_t first_image = 0;
  for (int i = 0; i < 784; ++i) first_image += pixels[static_cast<std::size_t>(i)];
  EXPECT_EQ(first_image, 76247);
}

}  // namespace
}  // namespace keras
