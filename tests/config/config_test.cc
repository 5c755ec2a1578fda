// keras.json, KERAS_HOME, KERAS_BACKEND and the backend banner, rule by rule (KERAS.md §1).
// Every test runs in its own temporary HOME; the fixture restores the environment and reloads
// the configuration afterwards so other suites see the process's own settings.
#include "keras/config/config.h"
#include "keras/core/json.h"
#include "tests/support/saved_environment.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <thread>

#include "keras/backend/backend.h"
#include "keras/core/error.h"

namespace keras {
namespace {

namespace fs = std::filesystem;

const char kDefaultFile[] =
    "{\n"
    "    \"floatx\": \"float32\",\n"
    "    \"epsilon\": 1e-07,\n"
    "    \"backend\": \"cpu\",\n"
    "    \"image_data_format\": \"channels_last\"\n"
    "}";

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void write_file(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << text;
}

template <class F>
std::string value_error(F&& f) {
  try {
    f();
  } catch (const ValueError& e) {
    return e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "expected keras::ValueError, got: " << e.what();
    return "";
  }
  ADD_FAILURE() << "expected keras::ValueError, nothing was thrown";
  return "";
}

class Config : public ::testing::Test {
 protected:
  void SetUp() override {
    saved_ = testing::SavedEnvironment({"HOME", "KERAS_HOME", "KERAS_BACKEND"});
    char pattern[] = "/tmp/keras_config_test_XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    root_ = pattern;
    home_ = root_ / "home";
    fs::create_directories(home_);
    ::setenv("HOME", home_.c_str(), 1);
    ::unsetenv("KERAS_HOME");
    ::unsetenv("KERAS_BACKEND");
    config::reload();
  }

  void TearDown() override {
    saved_.restore();
    config::reload();
    std::error_code ec;
    fs::remove_all(root_, ec);
  }

  fs::path keras_json() const { return home_ / ".keras" / "keras.json"; }

  // Writes <home>/.keras/keras.json and forgets the loaded configuration.
  void use_file(const std::string& text) {
    write_file(keras_json(), text);
    config::reload();
  }

  testing::SavedEnvironment saved_;
  fs::path root_, home_;
};

// --- The directory ----------------------------------------------------------------------------

TEST_F(Config, DefaultsAndTheFileWrittenOnFirstUse) {
  EXPECT_FALSE(fs::exists(home_ / ".keras"));
  EXPECT_EQ(config::floatx(), "float32");
  EXPECT_EQ(config::floatx_dtype(), DType::float32);
  EXPECT_EQ(config::epsilon(), 1e-7);
  EXPECT_EQ(config::image_data_format(), "channels_last");
  EXPECT_EQ(config::backend(), "cpu");
  EXPECT_EQ(config::keras_home(), (home_ / ".keras").string());
  // Exactly what json.dumps(config, indent=4) writes: no trailing newline.
  EXPECT_EQ(read_file(keras_json()), kDefaultFile);
  // Nothing else (no temporary file) is left in the folder.
  int entries = 0;
  for (const auto& entry : fs::directory_iterator(home_ / ".keras")) {
    ++entries;
    EXPECT_EQ(entry.path().filename(), "keras.json");
  }
  EXPECT_EQ(entries, 1);
}

TEST_F(Config, HomeWithTrailingSlash) {
  ::setenv("HOME", (home_.string() + "/").c_str(), 1);
  config::reload();
  EXPECT_EQ(config::keras_home(), home_.string() + "/.keras");
  EXPECT_TRUE(fs::exists(keras_json()));
}

TEST_F(Config, KerasHomeIsUsedVerbatimAndCreated) {
  fs::path dir = root_ / "custom" / "nested";
  ::setenv("KERAS_HOME", dir.c_str(), 1);
  config::reload();
  EXPECT_EQ(config::keras_home(), dir.string());
  EXPECT_EQ(read_file(dir / "keras.json"), kDefaultFile);
  EXPECT_FALSE(fs::exists(home_ / ".keras"));

  // Verbatim: a trailing slash stays.
  ::setenv("KERAS_HOME", (dir.string() + "/").c_str(), 1);
  config::reload();
  EXPECT_EQ(config::keras_home(), dir.string() + "/");
}

TEST_F(Config, UnwritableHomeFallsBackToTmp) {
  // A HOME below a regular file: access(W_OK) fails with ENOTDIR even for root.
  write_file(root_ / "file", "not a directory");
  ::setenv("HOME", (root_ / "file" / "home").c_str(), 1);
  config::reload();
  EXPECT_EQ(config::keras_home(), "/tmp/.keras");
}

TEST_F(Config, NoFallbackWhenKerasHomeIsSet) {
  write_file(root_ / "file", "not a directory");
  fs::path dir = root_ / "file" / "keras";
  ::setenv("KERAS_HOME", dir.c_str(), 1);
  config::reload();
  EXPECT_EQ(config::keras_home(), dir.string());
  // The folder cannot be made and the file cannot be written: both errors are swallowed.
  EXPECT_EQ(config::floatx(), "float32");
  EXPECT_EQ(config::backend(), "cpu");
}

// --- Reading keras.json -----------------------------------------------------------------------

TEST_F(Config, AnExistingFileIsHonouredAndNotRewritten) {
  const std::string text =
      "{\"floatx\": \"float64\", \"epsilon\": 0.001, \"backend\": \"mine\",\n"
      " \"image_data_format\": \"channels_first\"}\n";
  use_file(text);
  EXPECT_EQ(config::floatx(), "float64");
  EXPECT_EQ(config::floatx_dtype(), DType::float64);
  EXPECT_EQ(config::epsilon(), 0.001);
  EXPECT_EQ(config::backend(), "mine");
  EXPECT_EQ(config::image_data_format(), "channels_first");
  EXPECT_EQ(read_file(keras_json()), text);
}

TEST_F(Config, MissingKeysTakeTheDefaults) {
  use_file("{\"floatx\": \"float16\"}");
  EXPECT_EQ(config::floatx(), "float16");
  EXPECT_EQ(config::epsilon(), 1e-7);
  EXPECT_EQ(config::backend(), "cpu");
  EXPECT_EQ(config::image_data_format(), "channels_last");
  EXPECT_EQ(read_file(keras_json()), "{\"floatx\": \"float16\"}");
}

TEST_F(Config, UnknownKeysAreIgnored) {
  use_file(
      "{\"image_dim_ordering\": \"th\", \"nnx_enabled\": true, \"epsilon\": 1e-5,"
      " \"something\": [1, 2]}");
  EXPECT_EQ(config::epsilon(), 1e-5);
  EXPECT_EQ(config::image_data_format(), "channels_last");
}

TEST_F(Config, InvalidJsonIsIgnored) {
  for (const char* text :
       {"{\"floatx\": \"float64\",", "not json at all", "", "[1, 2, 3]", "\"float64\""}) {
    SCOPED_TRACE(text);
    use_file(text);
    EXPECT_EQ(config::floatx(), "float32");
    EXPECT_EQ(config::epsilon(), 1e-7);
    EXPECT_EQ(config::backend(), "cpu");
    EXPECT_EQ(read_file(keras_json()), text);  // left alone, not replaced
  }
}

TEST_F(Config, InvalidValuesRaiseKerasErrors) {
  use_file("{\"floatx\": \"float128\"}");
  EXPECT_EQ(value_error([] { config::floatx(); }),
            "Invalid `floatx` configuration. Expected one of {'float16', 'float32', 'float64'}. "
            "Received: floatx=float128");
  // The file check does not take bfloat16 (only set_floatx does), as in Keras.
  use_file("{\"floatx\": \"bfloat16\"}");
  EXPECT_NE(value_error([] { config::backend(); }).find("Received: floatx=bfloat16"),
            std::string::npos);
  use_file("{\"floatx\": 32}");
  EXPECT_NE(value_error([] { config::epsilon(); }).find("Received: floatx=32"), std::string::npos);

  use_file("{\"epsilon\": 1}");  // an integer, not a float
  EXPECT_EQ(value_error([] { config::epsilon(); }),
            "Invalid `epsilon` configuration. Expected a float. Received: epsilon=1");
  use_file("{\"epsilon\": \"1e-7\"}");
  EXPECT_EQ(value_error([] { config::epsilon(); }),
            "Invalid `epsilon` configuration. Expected a float. Received: epsilon=1e-7");
  use_file("{\"epsilon\": null}");
  EXPECT_NE(value_error([] { config::epsilon(); }).find("Received: epsilon=None"),
            std::string::npos);

  use_file("{\"image_data_format\": \"channels_middle\"}");
  EXPECT_EQ(value_error([] { config::image_data_format(); }),
            "Invalid `image_data_format` configuration. Expected one of {'channels_last', "
            "'channels_first'}. Received: image_data_format=channels_middle");
  use_file("{\"image_data_format\": \"Channels_Last\"}");  // the file check is case-sensitive
  EXPECT_NE(value_error([] { config::image_data_format(); }).find("Channels_Last"),
            std::string::npos);

  use_file("{\"backend\": 5}");
  EXPECT_EQ(value_error([] { config::backend(); }),
            "Invalid `backend` configuration. Expected a string. Received: backend=5");
}

TEST_F(Config, ValuesInMessagesArePrintedAsPythonWould) {
  const std::pair<const char*, const char*> cases[] = {
      {"0.0001", "floatx=0.0001"},
      {"1e16", "floatx=1e+16"},
      {"123.0", "floatx=123.0"},
      {"1e-05", "floatx=1e-05"},
      {"true", "floatx=True"},
      {"-2.5", "floatx=-2.5"},
      {"123456789012345678.0", "floatx=1.2345678901234568e+17"}};
  for (auto [json, expected] : cases) {
    SCOPED_TRACE(json);
    use_file(str("{\"floatx\": ", json, "}"));
    std::string msg = value_error([] { config::floatx(); });
    EXPECT_EQ(msg.substr(msg.find("floatx=")), expected);
  }
}

TEST_F(Config, AnInvalidFileKeepsFailingUntilFixed) {
  use_file("{\"floatx\": \"float8\"}");
  EXPECT_THROW(config::floatx(), ValueError);
  EXPECT_THROW(config::set_epsilon(1e-3), ValueError);  // every entry point checks
  EXPECT_THROW(backend::current(), ValueError);
  write_file(keras_json(), "{\"floatx\": \"float64\"}");
  EXPECT_EQ(config::floatx(), "float64");  // not cached as failed: read again
}

// --- KERAS_BACKEND ----------------------------------------------------------------------------

TEST_F(Config, KerasBackendOverridesButTheNewFileSaysCpu) {
  ::setenv("KERAS_BACKEND", "torch", 1);
  config::reload();
  EXPECT_EQ(config::backend(), "torch");
  EXPECT_EQ(read_file(keras_json()), kDefaultFile);  // written before the override

  use_file("{\"backend\": \"cuda\"}");
  EXPECT_EQ(config::backend(), "torch");  // the environment wins over the file too
}

TEST_F(Config, EmptyKerasBackendIsIgnored) {
  ::setenv("KERAS_BACKEND", "", 1);
  config::reload();
  EXPECT_EQ(config::backend(), "cpu");
  use_file("{\"backend\": \"from_file\"}");
  EXPECT_EQ(config::backend(), "from_file");
}

TEST_F(Config, TheEnvironmentIsReadAgainOnlyAfterReload) {
  EXPECT_EQ(config::backend(), "cpu");
  ::setenv("KERAS_BACKEND", "later", 1);
  EXPECT_EQ(config::backend(), "cpu");
  config::reload();
  EXPECT_EQ(config::backend(), "later");
}

// --- The banner -------------------------------------------------------------------------------

TEST_F(Config, BannerIsPrintedOnceOnStderr) {
  ::testing::internal::CaptureStderr();
  backend::Backend& b = backend::current();
  backend::current();
  config::backend();
  std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(b.name(), "cpu");
  EXPECT_EQ(err, "Using cpu backend.\n");

  config::reload();  // forgets the banner too
  ::testing::internal::CaptureStderr();
  backend::current();
  backend::current();
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "Using cpu backend.\n");
}

TEST_F(Config, UnknownBackendListsTheBuiltOnes) {
  ::setenv("KERAS_BACKEND", "nope", 1);
  config::reload();
  ::testing::internal::CaptureStderr();
  std::string msg = value_error([] { backend::current(); });
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");  // no banner for a failed choice
  EXPECT_EQ(msg.rfind("Unable to import backend : nope", 0), 0u) << msg;
  EXPECT_NE(msg.find("'cpu'"), std::string::npos) << msg;
}

// --- Setters ----------------------------------------------------------------------------------

TEST_F(Config, SetFloatx) {
  for (const char* value : {"bfloat16", "float16", "float64", "float32"}) {
    config::set_floatx(value);
    EXPECT_EQ(config::floatx(), value);
    EXPECT_EQ(config::floatx_dtype(), dtype_from_name(value));
  }
  EXPECT_EQ(value_error([] { config::set_floatx("float8"); }),
            "Unknown `floatx` value: float8. Expected one of {'bfloat16', 'float16', 'float32', "
            "'float64'}");
  EXPECT_THROW(config::set_floatx("Float32"), ValueError);
  EXPECT_EQ(config::floatx(), "float32");
  EXPECT_EQ(read_file(keras_json()), kDefaultFile);  // setters never write the file
}

TEST_F(Config, SetEpsilon) {
  config::set_epsilon(1e-3);
  EXPECT_EQ(config::epsilon(), 1e-3);
  config::set_epsilon(0.0);
  EXPECT_EQ(config::epsilon(), 0.0);
  EXPECT_EQ(read_file(keras_json()), kDefaultFile);
}

TEST_F(Config, SetImageDataFormatLowerCases) {
  config::set_image_data_format("Channels_First");
  EXPECT_EQ(config::image_data_format(), "channels_first");
  config::set_image_data_format("CHANNELS_LAST");
  EXPECT_EQ(config::image_data_format(), "channels_last");
  EXPECT_EQ(value_error([] { config::set_image_data_format("NHWC"); }),
            "The `data_format` argument must be one of {'channels_first', 'channels_last'}. "
            "Received: data_format=nhwc");
  EXPECT_EQ(config::image_data_format(), "channels_last");
}

TEST_F(Config, ReloadForgetsSetterValues) {
  config::set_floatx("float64");
  config::set_epsilon(0.5);
  config::set_image_data_format("channels_first");
  config::reload();
  EXPECT_EQ(config::floatx(), "float32");
  EXPECT_EQ(config::epsilon(), 1e-7);
  EXPECT_EQ(config::image_data_format(), "channels_last");
}

TEST_F(Config, ConcurrentUseIsSafe) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([t] {
      for (int i = 0; i < 200; ++i) {
        if (t % 2)
          config::set_epsilon(1e-3);
        else
          (void)config::floatx();
        (void)config::backend();
        (void)config::keras_home();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(config::epsilon(), 1e-3);
  EXPECT_EQ(read_file(keras_json()), kDefaultFile);
}

}  // namespace
}  // namespace keras
