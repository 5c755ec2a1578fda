// .npy reading and writing: round trips, files written by real NumPy (tests/data/npy, made by
// make_npy.py there), byte-for-byte agreement with np.save, and every malformed input.
#include "keras/core/npy.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <ranges>

#include "keras/backend/backend.h"
#include "tests/support/paths.h"

namespace keras {
namespace {

namespace fs = std::filesystem;

const fs::path kData = testing::source_dir() / "tests" / "data" / "npy";

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void write_bytes(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// A .npy file assembled by hand: `dict` is the header text (padded here as NumPy pads it unless
// `pad` is false), `data` the raw bytes after it.
std::string npy(const std::string& dict, const std::string& data, int major = 1, bool pad = true) {
  std::string header = dict;
  std::size_t prefix = major == 1 ? 10 : 12;
  if (pad) {
    std::size_t total = prefix + header.size() + 1;
    header.append((64 - total % 64) % 64, ' ');
    header += '\n';
  }
  std::string out = "\x93NUMPY";
  out += static_cast<char>(major);
  out += '\0';
  std::size_t len = header.size();
  for (std::size_t b = 0; b < prefix - 8; ++b) out += static_cast<char>((len >> (8 * b)) & 0xff);
  return out + header + data;
}

std::string floats(std::initializer_list<float> values) {
  return std::string(reinterpret_cast<const char*>(std::data(values)), values.size() * 4);
}

Tensor parse(const std::string& bytes, const std::string& name = "test.npy") {
  return parse_npy(bytes.data(), bytes.size(), name);
}

// The IOError message for parsing `bytes`, checked to name the source.
std::string parse_error(const std::string& bytes) {
  try {
    parse(bytes, "bad.npy");
  } catch (const IOError& e) {
    std::string msg = e.what();
    EXPECT_NE(msg.find("'bad.npy'"), std::string::npos) << msg;
    return msg;
  } catch (const std::exception& e) {
    ADD_FAILURE() << "expected keras::IOError, got: " << e.what();
    return "";
  }
  ADD_FAILURE() << "expected keras::IOError, nothing was thrown";
  return "";
}

#define EXPECT_CONTAINS(haystack, needle)                                  \
  do {                                                                     \
    std::string h_ = (haystack);                                           \
    EXPECT_NE(h_.find(needle), std::string::npos) << "in message: " << h_; \
  } while (0)

class NpyFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/keras_npy_test_XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  fs::path dir_;
};

bool same_bytes(const Tensor& a, const Tensor& b) {
  return a.dtype() == b.dtype() && a.shape() == b.shape() && a.nbytes() == b.nbytes() &&
         std::memcmp(a.raw_data(), b.raw_data(), a.nbytes()) == 0;
}

// --- Round trips ------------------------------------------------------------------------------

TEST_F(NpyFiles, RoundTripsEveryDTypeAndShape) {
  const DType dtypes[] = {DType::float16, DType::bfloat16, DType::float32, DType::float64,
                          DType::int32,   DType::int64,    DType::uint8,   DType::bool_};
  const Shape shapes[] = {Shape{},     Shape{0},       Shape{5},       Shape{2, 3},
                          Shape{0, 4}, Shape{2, 0, 3}, Shape{1, 1, 1}, Shape{3, 1, 2, 2}};
  for (DType d : dtypes) {
    for (const Shape& s : shapes) {
      SCOPED_TRACE(str(name(d), " ", s));
      std::vector<double> values(static_cast<size_t>(s.num_elements()));
      for (size_t i = 0; i < values.size(); ++i) values[i] = (i % 3 == 0 ? -1.0 : 1.0) * i * 0.5;
      Tensor t = Tensor::from_vector(values, s).astype(d);
      fs::path path = dir_ / "t.npy";
      save_npy(path, t);
      Tensor back = load_npy(path);
      EXPECT_TRUE(same_bytes(t, back));
      EXPECT_TRUE(back.backend().is_host());
      // The same bytes from memory.
      std::vector<uint8_t> bytes = serialize_npy(t);
      EXPECT_EQ(std::string(bytes.begin(), bytes.end()), read_bytes(path));
      EXPECT_TRUE(same_bytes(t, parse_npy(bytes.data(), bytes.size())));
      EXPECT_EQ(bytes.size() % 64, t.nbytes() % 64);  // data starts on a 64-byte boundary
    }
  }
}

TEST_F(NpyFiles, SavesViewsAndOverwrites) {
  Tensor t = Tensor::from_range(std::views::iota(0, 12), Shape{4, 3});
  fs::path path = dir_ / "view.npy";
  save_npy(path, t.slice(1, 3));
  EXPECT_EQ(load_npy(path).to_vector<int32_t>(), (std::vector<int32_t>{3, 4, 5, 6, 7, 8}));
  save_npy(path.string(), t[3]);  // a std::string path works too, and replaces the file
  Tensor back = load_npy(path.string().c_str());
  EXPECT_EQ(back.shape(), Shape({3}));
  EXPECT_EQ(back.to_vector<int32_t>(), (std::vector<int32_t>{9, 10, 11}));
}

TEST_F(NpyFiles, WritesVersion2WhenTheHeaderIsTooLongForVersion1) {
  // 30000 dimensions of 1 make a header longer than version 1.0's 65535 bytes.
  Tensor t = Tensor::from_vector<float>({4.5f}).reshape(Shape(std::vector<int64_t>(30000, 1)));
  std::vector<uint8_t> bytes = serialize_npy(t);
  EXPECT_EQ(bytes[6], 2);
  EXPECT_EQ(bytes[7], 0);
  uint32_t header_len = bytes[8] | bytes[9] << 8 | bytes[10] << 16 | uint32_t{bytes[11]} << 24;
  EXPECT_GT(header_len, 65535u);
  EXPECT_EQ((12 + header_len) % 64, 0u);
  Tensor back = parse_npy(bytes.data(), bytes.size());
  EXPECT_EQ(back.rank(), 30000);
  EXPECT_EQ(back.item<float>(), 4.5f);
  // Small arrays stay at 1.0.
  EXPECT_EQ(serialize_npy(Tensor::scalar(1.0f))[6], 1);
}

// A device whose memory the CPU must not read directly: it counts the copies to the host.
// Not registered, so other suites never see it; never destroyed, as backends are not.
class FakeDevice final : public backend::Backend {
 public:
  std::string name() const override { return "fake_device"; }
  std::string device_description() const override { return "fake device for tests"; }
  bool is_host() const override { return false; }
  void copy_from_host(void* dst, const void* src, std::size_t n) override { copy(dst, src, n); }
  void copy_to_host(void* dst, const void* src, std::size_t n) override {
    ++to_host;
    copy(dst, src, n);
  }
  void copy_on_device(void* dst, const void* src, std::size_t n) override { copy(dst, src, n); }
  int to_host = 0;

 protected:
  void* do_allocate(std::size_t n) override { return std::malloc(n ? n : 1); }
  void do_deallocate(void* p, std::size_t) override { std::free(p); }

 private:
  static void copy(void* dst, const void* src, std::size_t n) {
    if (n) std::memmove(dst, src, n);
  }
};

TEST_F(NpyFiles, DeviceTensorsAreCopiedToTheHost) {
  static FakeDevice* device = new FakeDevice;
  Tensor t = Tensor::from_vector<double>({1.5, 2.5, -3.5}, Shape{3, 1}).to(*device);
  ASSERT_FALSE(t.backend().is_host());
  EXPECT_THROW((void)t.data<double>(), ValueError);
  fs::path path = dir_ / "device.npy";
  int before = device->to_host;
  save_npy(path, t);
  EXPECT_GT(device->to_host, before);
  Tensor back = load_npy(path);
  EXPECT_TRUE(back.backend().is_host());
  EXPECT_EQ(back.shape(), Shape({3, 1}));
  EXPECT_EQ(back.to_vector<double>(), (std::vector<double>{1.5, 2.5, -3.5}));
  std::vector<uint8_t> bytes = serialize_npy(t);
  EXPECT_EQ(std::string(bytes.begin(), bytes.end()), read_bytes(path));
}

TEST(Npy, RefusesTensorsWithoutValues) {
  std::string msg;
  try {
    serialize_npy(Tensor());
  } catch (const ValueError& e) {
    msg = e.what();
  }
  EXPECT_CONTAINS(msg, "empty");
  EXPECT_THROW(save_npy("/tmp/never_written.npy", Tensor()), ValueError);
  EXPECT_FALSE(fs::exists("/tmp/never_written.npy"));
}

// --- Files written by NumPy -------------------------------------------------------------------

TEST(NpyNumPy, ReadsEveryDType) {
  Tensor f4 = load_npy(kData / "f4_2x3.npy");
  EXPECT_EQ(f4.dtype(), DType::float32);
  EXPECT_EQ(f4.shape(), Shape({2, 3}));
  EXPECT_EQ(f4.to_vector<float>(), (std::vector<float>{-1, -0.5, 0, 0.5, 1, 1.5}));

  Tensor f8 = load_npy(kData / "f8_scalar.npy");
  EXPECT_EQ(f8.dtype(), DType::float64);
  EXPECT_EQ(f8.rank(), 0);
  EXPECT_EQ(f8.item<double>(), 3.25);

  Tensor f2 = load_npy(kData / "f2_values.npy");
  EXPECT_EQ(f2.dtype(), DType::float16);
  std::vector<double> v = f2.to_vector<double>();
  ASSERT_EQ(v.size(), 8u);
  EXPECT_EQ(v[0], 0.0);
  EXPECT_EQ(v[1], 1.0);
  EXPECT_EQ(v[2], -2.0);
  EXPECT_EQ(v[3], 65504.0);
  EXPECT_EQ(v[4], std::ldexp(1.0, -14));
  EXPECT_EQ(v[5], std::ldexp(1.0, -24));
  EXPECT_TRUE(std::isinf(v[6]) && v[6] > 0);
  EXPECT_TRUE(std::isinf(v[7]) && v[7] < 0);

  EXPECT_EQ(load_npy(kData / "i4_values.npy").to_vector<int32_t>(),
            (std::vector<int32_t>{-1, 0, INT32_MAX, INT32_MIN}));
  Tensor i8 = load_npy(kData / "i8_2x2.npy");
  EXPECT_EQ(i8.dtype(), DType::int64);
  EXPECT_EQ(i8.to_vector<int64_t>(), (std::vector<int64_t>{INT64_MIN, 1, 2, INT64_MAX}));
  Tensor u1 = load_npy(kData / "u1_values.npy");
  EXPECT_EQ(u1.dtype(), DType::uint8);
  EXPECT_EQ(u1.to_vector<uint8_t>(), (std::vector<uint8_t>{0, 1, 128, 255}));
  Tensor b1 = load_npy(kData / "b1_values.npy");
  EXPECT_EQ(b1.dtype(), DType::bool_);
  EXPECT_EQ(b1.to_vector<uint8_t>(), (std::vector<uint8_t>{1, 0, 1, 1, 0}));
  Tensor empty = load_npy(kData / "f4_empty_0x3.npy");
  EXPECT_EQ(empty.shape(), Shape({0, 3}));
  EXPECT_EQ(empty.size(), 0);
  Tensor i3 = load_npy(kData / "i8_3d.npy");
  EXPECT_EQ(i3.shape(), Shape({2, 3, 4}));
  EXPECT_EQ(i3[1][2].to_vector<int64_t>(), (std::vector<int64_t>{20, 21, 22, 23}));
}

TEST(NpyNumPy, WritesTheSameBytesAsNpSave) {
  for (const char* file :
       {"f4_2x3.npy", "f8_scalar.npy", "f2_values.npy", "i4_values.npy", "i8_2x2.npy",
        "u1_values.npy", "b1_values.npy", "f4_empty_0x3.npy", "i8_3d.npy"}) {
    SCOPED_TRACE(file);
    std::string numpy_bytes = read_bytes(kData / file);
    std::vector<uint8_t> ours = serialize_npy(load_npy(kData / file));
    EXPECT_EQ(std::string(ours.begin(), ours.end()), numpy_bytes);
  }
}

TEST(NpyNumPy, BigEndianIsSwapped) {
  Tensor f = load_npy(kData / "f4_big_endian.npy");
  EXPECT_EQ(f.dtype(), DType::float32);
  EXPECT_EQ(f.to_vector<float>(), (std::vector<float>{1.5f, -2.0f, 3.0f}));
  Tensor i = load_npy(kData / "i8_big_endian.npy");
  EXPECT_EQ(i.to_vector<int64_t>(), (std::vector<int64_t>{1, -2, int64_t{1} << 40}));
  // Saved back as little-endian.
  std::vector<uint8_t> bytes = serialize_npy(f);
  EXPECT_NE(std::string(bytes.begin(), bytes.end()).find("'<f4'"), std::string::npos);
}

TEST(NpyNumPy, TwoByteVoidIsBFloat16) {
  // np.save of 2-byte voids ('|V2'); ml_dtypes' bfloat16 saves as '<V2'; both are bfloat16.
  Tensor b = load_npy(kData / "v2_bfloat16.npy");
  EXPECT_EQ(b.dtype(), DType::bfloat16);
  EXPECT_EQ(b.to_vector<float>(), (std::vector<float>{1.0f, 2.0f, -3.0f}));
  std::vector<uint8_t> bytes = serialize_npy(b);
  EXPECT_NE(std::string(bytes.begin(), bytes.end()).find("'descr': '<V2'"), std::string::npos);
  std::string big =
      npy("{'descr': '>V2', 'fortran_order': False, 'shape': (1,), }", std::string("\x3f\x80", 2));
  EXPECT_EQ(parse(big).item<float>(), 1.0f);
}

TEST(NpyNumPy, ReadsFormatVersions2And3) {
  Tensor v2 = load_npy(kData / "f4_version2.npy");
  EXPECT_EQ(v2.shape(), Shape({2, 2}));
  EXPECT_EQ(v2.to_vector<float>(), (std::vector<float>{1, 2, 3, 4}));
  Tensor v3 = load_npy(kData / "f4_version3.npy");
  EXPECT_EQ(v3.to_vector<float>(), (std::vector<float>{5, 6, 7}));
}

TEST(NpyNumPy, FortranOrderIsRefusedUnlessTheLayoutIsTheSame) {
  std::string msg;
  try {
    load_npy(kData / "f8_fortran_2x3.npy");
  } catch (const IOError& e) {
    msg = e.what();
  }
  EXPECT_CONTAINS(msg, "Fortran order");
  EXPECT_CONTAINS(msg, "not supported");
  EXPECT_CONTAINS(msg, "f8_fortran_2x3.npy");
  // 1-D data is the same in either order.
  EXPECT_EQ(load_npy(kData / "f8_fortran_1d.npy").to_vector<double>(),
            (std::vector<double>{1, 2, 3}));
}

TEST(NpyNumPy, UnsupportedDTypeIsNamed) {
  std::string msg;
  try {
    load_npy(kData / "i2_unsupported.npy");
  } catch (const IOError& e) {
    msg = e.what();
  }
  EXPECT_CONTAINS(msg, "i2_unsupported.npy");
  EXPECT_CONTAINS(msg, "'<i2'");
  EXPECT_CONTAINS(msg, "int16");
  EXPECT_CONTAINS(msg, "'<f4' (float32)");  // the list of what is supported
}

// --- The header grammar -----------------------------------------------------------------------

TEST(NpyHeader, AcceptsAnyKeyOrderQuotesAndSpacing) {
  const std::string data = floats({1, 2, 3, 4});
  for (const char* dict :
       {"{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }",
        "{'shape': (2, 2), 'descr': '<f4', 'fortran_order': False}",
        "{\"fortran_order\":False,\"shape\":(2,2,),\"descr\":\"<f4\"}",
        "  {  'descr' :  '<f4' ,\t'fortran_order' : False , 'shape' : ( 2 , 2 ) , }  ",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2L, 2L), }",  // Python 2 NumPy
        "{'descr': 'f4', 'fortran_order': False, 'shape': (2, 2)}"}) {
    SCOPED_TRACE(dict);
    Tensor t = parse(npy(dict, data));
    EXPECT_EQ(t.shape(), Shape({2, 2}));
    EXPECT_EQ(t.to_vector<float>(), (std::vector<float>{1, 2, 3, 4}));
  }
  // Unpadded header without the final newline (NumPy itself reads it).
  EXPECT_EQ(
      parse(npy("{'descr': '<f4', 'fortran_order': False, 'shape': ()}", floats({7}), 1, false))
          .item<float>(),
      7.0f);
  // Bool bytes other than 0 and 1 are normalized.
  Tensor b = parse(npy("{'descr': '|b1', 'fortran_order': False, 'shape': (3,)}",
                       std::string("\x00\x02\x01", 3)));
  EXPECT_EQ(b.to_vector<uint8_t>(), (std::vector<uint8_t>{0, 1, 1}));
}

TEST(NpyHeader, MalformedDicts) {
  const std::string d4 = floats({1});
  EXPECT_CONTAINS(parse_error(npy("'descr': '<f4'", d4)), "expected the header to start with '{'");
  EXPECT_CONTAINS(parse_error(npy("{'descr': '<f4', 'shape': (1,)}", d4)), "'fortran_order'");
  EXPECT_CONTAINS(parse_error(npy("{'descr': '<f4', 'fortran_order': False}", d4)),
                  "lacks the key(s) 'shape'");
  EXPECT_CONTAINS(
      parse_error(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'extra': 1}", d4)),
      "unexpected key 'extra'");
  EXPECT_CONTAINS(
      parse_error(
          npy("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (1,)}", d4)),
      "appears twice");
  EXPECT_CONTAINS(parse_error(npy("{'descr': '<f4', 'fortran_order': 0, 'shape': (1,)}", d4)),
                  "expected True or False");
  EXPECT_CONTAINS(parse_error(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1)}", d4)),
                  "'(n,)'");
  EXPECT_CONTAINS(parse_error(npy("{'descr': '<f4', 'fortran_order': False, 'shape': [1]}", d4)),
                  "a tuple of ints for 'shape'");
  EXPECT_CONTAINS(parse_error(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1.5,)}", d4)),
                  "expected ',' or ')'");
  EXPECT_CONTAINS(parse_error(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,)", d4)),
                  "expected ',' or '}'");
  EXPECT_CONTAINS(parse_error(npy("{'descr' '<f4', 'fortran_order': False, 'shape': (1,)}", d4)),
                  "expected ':' after key 'descr'");
  EXPECT_CONTAINS(parse_error(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,)} x", d4)),
                  "unexpected text after the header");
  EXPECT_CONTAINS(parse_error(npy("{'descr': '<f4", "", 1, false)), "unterminated string");
  EXPECT_CONTAINS(
      parse_error(npy("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,)}", d4)),
      "structured");
}

TEST(NpyHeader, UnknownDescrs) {
  for (auto [descr, why] :
       std::initializer_list<std::pair<const char*, const char*>>{{"<c8", "complex"},
                                                                  {"|O", "pickled"},
                                                                  {"<U3", "strings"},
                                                                  {"|i1", "int8"},
                                                                  {"<u4", "uint32"},
                                                                  {"<f16", "'<f16'"},
                                                                  {"", "''"},
                                                                  {"<fx", "'<fx'"}}) {
    SCOPED_TRACE(descr);
    std::string msg = parse_error(
        npy(str("{'descr': '", descr, "', 'fortran_order': False, 'shape': (1,)}"), "12345678"));
    EXPECT_CONTAINS(msg, "unsupported dtype descr");
    EXPECT_CONTAINS(msg, why);
  }
}

// --- Malformed files --------------------------------------------------------------------------

TEST(NpyMalformed, MagicVersionAndTruncation) {
  std::string good =
      npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", floats({1, 2}));
  ASSERT_EQ(parse(good).size(), 2);

  EXPECT_CONTAINS(parse_error(""), "expected at least 10 bytes");
  EXPECT_CONTAINS(parse_error("\x93NUMPY\x01"), "got 7");
  std::string msg = parse_error("PK\x03\x04 this is a zip file");
  EXPECT_CONTAINS(msg, "not a .npy file");
  EXPECT_CONTAINS(msg, "got 'PK\\x03\\x04 t'");

  std::string v4 = good;
  v4[6] = 4;
  EXPECT_CONTAINS(parse_error(v4), "unsupported .npy format version 4.0");
  std::string v11 = good;
  v11[7] = 1;
  EXPECT_CONTAINS(parse_error(v11), "version 1.1");
  EXPECT_CONTAINS(parse_error(std::string("\x93NUMPY\x02\x00\x10", 9) + "x"), "needs 12 bytes");

  // Header length beyond the end of the file.
  std::string long_header = good;
  long_header[8] = '\xff';
  long_header[9] = '\xff';
  msg = parse_error(long_header);
  EXPECT_CONTAINS(msg, "truncated header");
  EXPECT_CONTAINS(msg, "65535");
  std::string v2 =
      npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", floats({1, 2}), 2);
  ASSERT_EQ(parse(v2).size(), 2);
  v2[11] = '\x7f';  // ~2 GB header length: refused before anything that size is allocated
  EXPECT_CONTAINS(parse_error(v2), "truncated header");

  // A file cut anywhere inside the header.
  for (std::size_t cut = 10; cut < 64; cut += 7) {
    SCOPED_TRACE(cut);
    parse_error(good.substr(0, cut));
  }
}

TEST(NpyMalformed, DataLengthMustMatchTheShape) {
  const std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
  std::string msg = parse_error(npy(dict, floats({1, 2, 3, 4, 5})));
  EXPECT_CONTAINS(msg, "data size mismatch");
  EXPECT_CONTAINS(msg, "(2, 3)");
  EXPECT_CONTAINS(msg, "needs 24 bytes");
  EXPECT_CONTAINS(msg, "has 20");
  msg = parse_error(npy(dict, floats({1, 2, 3, 4, 5, 6, 7})));
  EXPECT_CONTAINS(msg, "has 28");
  EXPECT_CONTAINS(parse_error(npy("{'descr': '<f8', 'fortran_order': False, 'shape': ()}", "")),
                  "needs 8 bytes");
  // Empty arrays have no data at all.
  EXPECT_CONTAINS(
      parse_error(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (0, 5)}", "x")),
      "needs 0 bytes");
}

TEST(NpyMalformed, BadDimensions) {
  auto with_shape = [](const std::string& shape) {
    return npy("{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + "}", floats({1}));
  };
  EXPECT_CONTAINS(parse_error(with_shape("(-1,)")), "negative dimension -1");
  EXPECT_CONTAINS(parse_error(with_shape("(2, -3)")), "negative dimension -3");
  EXPECT_EQ(parse(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (-0, 2)}", "")).size(), 0);
  EXPECT_CONTAINS(parse_error(with_shape("(99999999999999999999,)")), "too large");
  // Products that overflow 64 bits, and sizes far beyond the file: refused before allocation.
  EXPECT_CONTAINS(parse_error(with_shape("(4294967296, 4294967296, 16)")), "too many elements");
  EXPECT_CONTAINS(parse_error(with_shape("(4611686018427387904,)")), "too many elements");
  // ... unless a zero makes the array empty.
  EXPECT_EQ(parse(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, "
                      "4294967296, 0)}",
                      ""))
                .shape(),
            Shape({4294967296, 4294967296, 0}));
  std::string msg = parse_error(with_shape("(1099511627776,)"));
  EXPECT_CONTAINS(msg, "needs 4398046511104 bytes");
  EXPECT_CONTAINS(msg, "has 4");
}

TEST_F(NpyFiles, ErrorsNameTheFile) {
  std::string msg;
  try {
    load_npy(dir_ / "missing.npy");
  } catch (const IOError& e) {
    msg = e.what();
  }
  EXPECT_CONTAINS(msg, (dir_ / "missing.npy").string());
  EXPECT_CONTAINS(msg, "No such file or directory");
  try {
    load_npy(dir_);
  } catch (const IOError& e) {
    msg = e.what();
  }
  EXPECT_CONTAINS(msg, "is a directory");

  fs::path bad = dir_ / "truncated.npy";
  std::string good = read_bytes(kData / "f4_2x3.npy");
  write_bytes(bad, good.substr(0, good.size() - 3));
  try {
    load_npy(bad);
  } catch (const IOError& e) {
    msg = e.what();
  }
  EXPECT_CONTAINS(msg, bad.string());
  EXPECT_CONTAINS(msg, "needs 24 bytes");
  EXPECT_CONTAINS(msg, "has 21");
}

// --- Atomic writes ----------------------------------------------------------------------------

TEST_F(NpyFiles, AFailedWriteLeavesThePreviousFileIntact) {
  fs::path path = dir_ / "weights.npy";
  Tensor small = Tensor::from_vector<float>({1, 2, 3});
  save_npy(path, small);
  const std::string before = read_bytes(path);

  // Make write() fail half way: a file size limit (EFBIG instead of SIGXFSZ).
  rlimit old_limit{};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old_limit), 0);
  auto old_handler = ::signal(SIGXFSZ, SIG_IGN);
  rlimit limit = old_limit;
  limit.rlim_cur = 4096;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &limit), 0);
  std::string msg;
  try {
    save_npy(path, Tensor::zeros(Shape{1 << 16}, DType::float32));  // 256 KiB
  } catch (const IOError& e) {
    msg = e.what();
  }
  ::setrlimit(RLIMIT_FSIZE, &old_limit);
  ::signal(SIGXFSZ, old_handler);

  EXPECT_CONTAINS(msg, path.string());
  EXPECT_CONTAINS(msg, "File too large");
  EXPECT_EQ(read_bytes(path), before);
  EXPECT_TRUE(same_bytes(load_npy(path), small));
  // No temporary file is left behind.
  int entries = 0;
  for (const auto& entry : fs::directory_iterator(dir_)) {
    ++entries;
    EXPECT_EQ(entry.path().filename(), "weights.npy");
  }
  EXPECT_EQ(entries, 1);
}

TEST_F(NpyFiles, WriteIntoAMissingFolderFails) {
  std::string msg;
  try {
    save_npy(dir_ / "no" / "such" / "dir.npy", Tensor::scalar(1.0f));
  } catch (const IOError& e) {
    msg = e.what();
  }
  EXPECT_CONTAINS(msg, "dir.npy");
  EXPECT_CONTAINS(msg, "No such file or directory");
}

}  // namespace
}  // namespace keras
