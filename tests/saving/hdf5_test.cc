// keras::h5: files written here are read back by HDF5's own h5dump, files written by h5py (the
// Keras files in ../shared/keras-files) are read here, and damaged files give IOErrors.
#include "keras/saving/detail/hdf5.h"

#include <gtest/gtest.h>

#include <fstream>

#include "keras/core/error.h"
#include "tests/support/paths.h"
#include "tests/support/temp_dir.h"

namespace keras {
namespace {

using testing::command_output;
using testing::TempDir;

TEST(Hdf5, DatasetsOfEveryDtypeRoundTrip) {
  TempDir dir;
  h5::File file = h5::File::create("t.h5");
  h5::Group root = file.root();
  h5::Group g = root.create_group("a").create_group("b");
  std::vector<Tensor> values = {
      Tensor::from_vector(std::vector<float>{1.5f, -2, 3, 4, 5, 6}, Shape{2, 3}),
      Tensor::from_vector(std::vector<double>{0.1, 0.2}, Shape{2}),
      Tensor::from_vector(std::vector<int32_t>{-7, 8}, Shape{2, 1}),
      Tensor::from_vector(std::vector<int64_t>{1LL << 40}, Shape{1}),
      Tensor::from_vector(std::vector<uint8_t>{0, 255}, Shape{2}),
      Tensor::from_vector(std::vector<float>{0.5f, -1.25f}, Shape{2}).astype(DType::float16),
      Tensor::from_vector(std::vector<uint8_t>{1, 0, 1}, Shape{3}).astype(DType::bool_),
      Tensor::scalar(int64_t{42}),
      Tensor::zeros(Shape{0, 4}, DType::float32)};
  for (size_t i = 0; i < values.size(); ++i) g.write(std::to_string(i), values[i]);
  file.save(dir / "t.h5");

  h5::File back = h5::File::open(dir / "t.h5");
  h5::Group b = back.root().group("a").group("b");
  EXPECT_EQ(b.names().size(), values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    Tensor t = b.read(std::to_string(i));
    EXPECT_EQ(t.dtype(), values[i].dtype()) << i;
    EXPECT_EQ(t.shape(), values[i].shape()) << i;
    EXPECT_EQ(t.astype(DType::float64).to_vector<double>(),
              values[i].astype(DType::float64).to_vector<double>())
        << i;
  }
  // HDF5's own tool sees the same types and shapes.
  std::string dump = command_output("h5dump -H " + (dir / "t.h5").string());
  EXPECT_NE(dump.find("DATASET \"0\" {\n            DATATYPE  H5T_IEEE_F32LE\n            "
                      "DATASPACE  SIMPLE { ( 2, 3 ) / ( 2, 3 ) }"),
            std::string::npos)
      << dump;
  EXPECT_NE(dump.find("\"FALSE\"            0;\n               \"TRUE\"             1;"),
            std::string::npos);
  EXPECT_NE(dump.find("H5T_STD_I64LE"), std::string::npos);
  EXPECT_NE(dump.find("DATASPACE  SCALAR"), std::string::npos);
}

TEST(Hdf5, StringAttributesAsH5pyWritesThem) {
  TempDir dir;
  h5::File file = h5::File::create("s.h5");
  h5::Group root = file.root();
  root.set_attr("keras_version", std::string("3.15.0"));
  root.set_attr("layer_names", std::vector<std::string>{"dense", "dropout_1", "d"});
  // Keras splits a list over 64 KiB into chunks; the reader joins them.
  root.set_attr("weight_names0", std::vector<std::string>{"a", "b"});
  root.set_attr("weight_names1", std::vector<std::string>{"c"});
  file.save(dir / "s.h5");

  h5::Group back = h5::File::open(dir / "s.h5").root();
  EXPECT_EQ(back.string_attr("keras_version"), "3.15.0");
  EXPECT_EQ(back.string_list_attr("layer_names"),
            (std::vector<std::string>{"dense", "dropout_1", "d"}));
  EXPECT_EQ(back.string_list_attr("weight_names"), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_THROW(back.string_attr("missing"), IOError);

  std::string dump = command_output("h5dump -A " + (dir / "s.h5").string());
  EXPECT_NE(dump.find("STRSIZE H5T_VARIABLE;"), std::string::npos) << dump;
  EXPECT_NE(dump.find("CSET H5T_CSET_UTF8;"), std::string::npos);
  EXPECT_NE(dump.find("STRSIZE 9;\n         STRPAD H5T_STR_NULLPAD;"), std::string::npos) << dump;
  // NULL-padded to the longest name, exactly as h5py stores Keras 2's layer_names.
  EXPECT_NE(dump.find("(0): \"dense\\000\\000\\000\\000\", \"dropout_1\","), std::string::npos)
      << dump;
}

TEST(Hdf5, LongListsAreChunkedAsKerasChunksThem) {
  TempDir dir;
  h5::File file = h5::File::create("c.h5");
  h5::Group root = file.root();
  // 700 names of 100 bytes: 70,000 bytes, over the 64,512 a header holds, so two chunks.
  std::vector<std::string> names;
  for (int i = 0; i < 700; ++i) names.push_back(std::string(96, 'x') + std::to_string(1000 + i));
  root.set_chunked_attr("layer_names", names);
  root.set_chunked_attr("short", std::vector<std::string>{"a", "b"});
  file.save(dir / "c.h5");
  h5::Group back = h5::File::open(dir / "c.h5").root();
  EXPECT_FALSE(back.has_attr("layer_names"));
  EXPECT_TRUE(back.has_attr("layer_names0"));
  EXPECT_TRUE(back.has_attr("layer_names1"));
  EXPECT_FALSE(back.has_attr("layer_names2"));
  EXPECT_EQ(back.string_list_attr("layer_names"), names);
  EXPECT_TRUE(back.has_attr("short"));
  std::string dump = command_output("h5dump -A " + (dir / "c.h5").string());
  EXPECT_NE(dump.find("ATTRIBUTE \"layer_names1\" {"), std::string::npos);
  EXPECT_NE(dump.find("DATASPACE  SIMPLE { ( 350 ) / ( 350 ) }"), std::string::npos);
  EXPECT_THROW(root.set_chunked_attr("huge", {std::string(70000, 'y')}), IOError);
}

TEST(Hdf5, ReadsFilesWrittenByH5py) {
  std::filesystem::path file =
      testing::shared_dir() / "keras-files" / "k2.0.8_dense_bn_functional.weights.h5";
  SKIP_OR_FAIL_UNLESS(std::filesystem::exists(file), "no " << file << " (../shared/keras-files)");
  h5::Group root = h5::File::open(file).root();
  std::vector<std::string> layer_names = root.string_list_attr("layer_names");
  ASSERT_FALSE(layer_names.empty());
  for (const std::string& layer : layer_names) {
    h5::Group g = root.group(layer);
    for (const std::string& weight : g.string_list_attr("weight_names")) {
      // Weight names hold '/', i.e. nested groups: "dense_1/kernel:0".
      h5::Group holder = g;
      std::string rest = weight;
      for (size_t slash; (slash = rest.find('/')) != std::string::npos;) {
        holder = holder.group(rest.substr(0, slash));
        rest = rest.substr(slash + 1);
      }
      Tensor t = holder.read(rest);
      EXPECT_EQ(t.dtype(), DType::float32) << weight;
      EXPECT_GT(t.size(), 0) << weight;
    }
  }
}

TEST(Hdf5, DamagedFilesAreIOErrorsNamingTheFile) {
  TempDir dir;
  std::filesystem::path text = dir / "not.h5";
  std::ofstream(text) << "hello";
  try {
    h5::File::open(text);
    FAIL();
  } catch (const IOError& e) {
    EXPECT_NE(std::string(e.what()).find("not.h5: not an HDF5 file"), std::string::npos)
        << e.what();
  }
  EXPECT_THROW(h5::File::open(dir / "missing.h5"), IOError);

  h5::File file = h5::File::create("d.h5");
  file.root().create_group("g").write("w", Tensor::ones(Shape{256, 256}, DType::float32));
  std::vector<uint8_t> bytes = file.image();
  h5::Group root = h5::File::open_image(bytes, "d.h5").root();
  EXPECT_THROW(root.group("w"), IOError);
  EXPECT_THROW(root.group("g").group("w"), IOError);  // a dataset, not a group
  EXPECT_THROW(root.group("g").read("x"), IOError);
  try {
    root.group("g").read("g");
    FAIL();
  } catch (const IOError& e) {
    EXPECT_NE(std::string(e.what()).find("d.h5:/g/g: no such dataset"), std::string::npos)
        << e.what();
  }
  // Cut short: the metadata survives in the first bytes, the data does not.
  bytes.resize(bytes.size() / 2);
  EXPECT_THROW(
      {
        h5::Group cut = h5::File::open_image(bytes, "cut.h5").root();
        cut.group("g").read("w");
      },
      IOError);
}

}  // namespace
}  // namespace keras
