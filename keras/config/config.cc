// Keras's configuration rules, in the order keras/src/backend/config.py (Keras 3) applies them
// at import: resolve the directory, read and validate keras.json, create the directory, write a
// default keras.json when none exists, then let KERAS_BACKEND override the backend. Here that
// happens on the first call of any function below (or the first after reload()), under a mutex;
// a validation error is thrown from that call and from every later one until the file is fixed.
#include "keras/config/config.h"

#include "keras/core/atomic_file.h"

#include <fcntl.h>
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "keras/core/error.h"
#include "keras/utils/python_format.h"

namespace keras::config {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kDefaultBackend = "cpu";
constexpr double kDefaultEpsilon = 1e-7;

struct State {
  bool loaded = false;
  bool announced = false;
  std::string home;
  std::string floatx = "float32";
  double epsilon = kDefaultEpsilon;
  std::string image_data_format = "channels_last";
  std::string backend = kDefaultBackend;
};

std::mutex& mutex() {
  static std::mutex m;
  return m;
}

State& state() {
  static State s;
  return s;
}

std::optional<std::string> env(const char* name) {
  const char* value = std::getenv(name);
  if (!value) return std::nullopt;
  return std::string(value);
}

// os.path.expanduser("~"): $HOME when set, else the password database.
std::string user_home() {
  if (auto home = env("HOME")) return *home;
  if (const passwd* pw = ::getpwuid(::getuid()); pw && pw->pw_dir) return pw->pw_dir;
  return "";
}

// os.path.join(base, ".keras")
std::string join(const std::string& base, const std::string& leaf) {
  if (base.empty() || base.back() == '/') return base + leaf;
  return base + "/" + leaf;
}

std::string resolve_home() {
  if (auto keras_home = env("KERAS_HOME")) return *keras_home;  // verbatim, even when empty
  std::string base = user_home();
  if (::access(base.c_str(), W_OK) != 0) base = "/tmp";
  return join(base, ".keras");
}

// Keras joins the file path through os.path.expanduser; we expand "~" for the directory too,
// so that KERAS_HOME=~/x never creates a folder literally named "~".
std::string expand_user(const std::string& path) {
  if (path == "~" || path.starts_with("~/")) return user_home() + path.substr(1);
  return path;
}

// How Python's f"{value}" shows a value read from JSON, for Keras's error messages.
std::string python_str(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "True" : "False";
  if (value.is_null()) return "None";
  if (value.is_number_float()) return utils::python_float(value.get<double>());
  return value.dump();
}

// The file json.dumps(config, indent=4) writes: 4-space indent, keys in insertion order,
// no trailing newline.
std::string default_file_text(const State& s) {
  return str("{\n    \"floatx\": ", json(s.floatx).dump(),
             ",\n    \"epsilon\": ", utils::python_json_dumps(json(s.epsilon)),
             ",\n    \"backend\": ", json(s.backend).dump(),
             ",\n    \"image_data_format\": ", json(s.image_data_format).dump(), "\n}");
}

// Through a temporary file, so a crash or a full disk never leaves a half-written keras.json
// (Keras would then ignore it as bad JSON and never rewrite it); linked rather than renamed, so a
// file another process created meanwhile is kept. Errors are swallowed, as Keras swallows
// IOError here.
void write_file_quietly(const std::string& path, const std::string& text) {
  (void)write_file_atomically(path, {{text.data(), text.size()}}, IfExists::keep);
}

std::optional<json> read_json_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return std::nullopt;
  json parsed = json::parse(buffer.str(), nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object()) return std::nullopt;  // Keras: ignored
  return parsed;
}

void load(State& s) {
  State fresh;
  fresh.announced = s.announced;
  fresh.home = resolve_home();
  const std::string dir = expand_user(fresh.home);
  const std::string path = join(dir, "keras.json");

  std::error_code ec;
  const bool file_exists = fs::exists(path, ec);
  if (file_exists) {
    json config = read_json_file(path).value_or(json::object());
    json floatx = config.value("floatx", json(fresh.floatx));
    if (!floatx.is_string() || (floatx != "float16" && floatx != "float32" && floatx != "float64"))
      throw ValueError(
          str("Invalid `floatx` configuration. Expected one of {'float16', "
              "'float32', 'float64'}. Received: floatx=",
              python_str(floatx)));
    // Keras checks isinstance(epsilon, float): an integer literal such as 1 is refused.
    json epsilon = config.value("epsilon", json(fresh.epsilon));
    if (!epsilon.is_number_float())
      throw ValueError(str("Invalid `epsilon` configuration. Expected a float. Received: epsilon=",
                           python_str(epsilon)));
    json backend = config.value("backend", json(fresh.backend));
    if (!backend.is_string())
      throw ValueError(str("Invalid `backend` configuration. Expected a string. Received: backend=",
                           python_str(backend)));
    json format = config.value("image_data_format", json(fresh.image_data_format));
    if (!format.is_string() || (format != "channels_last" && format != "channels_first"))
      throw ValueError(
          str("Invalid `image_data_format` configuration. Expected one of "
              "{'channels_last', 'channels_first'}. Received: image_data_format=",
              python_str(format)));
    fresh.floatx = floatx.get<std::string>();
    fresh.epsilon = epsilon.get<double>();
    fresh.backend = backend.get<std::string>();
    fresh.image_data_format = format.get<std::string>();
  }

  fs::create_directories(dir, ec);  // permission denied, races: ignored as Keras does
  if (!file_exists) write_file_quietly(path, default_file_text(fresh));

  // Applied after writing, so the file written under KERAS_BACKEND=x still names the default.
  if (auto backend = env("KERAS_BACKEND"); backend && !backend->empty()) fresh.backend = *backend;

  fresh.loaded = true;
  s = std::move(fresh);
}

// Locks the state and loads it on first use.
struct Loaded {
  std::lock_guard<std::mutex> lock{mutex()};
  State& s = state();
  Loaded() {
    if (!s.loaded) load(s);
  }
};

}  // namespace

std::string keras_home() {
  return Loaded().s.home;
}

std::string floatx() {
  return Loaded().s.floatx;
}

DType floatx_dtype() {
  return dtype_from_name(floatx());
}

void set_floatx(const std::string& value) {
  Loaded loaded;
  if (value != "bfloat16" && value != "float16" && value != "float32" && value != "float64")
    throw ValueError(str("Unknown `floatx` value: ", value,
                         ". Expected one of {'bfloat16', 'float16', 'float32', 'float64'}"));
  loaded.s.floatx = value;
}

double epsilon() {
  return Loaded().s.epsilon;
}

void set_epsilon(double value) {
  Loaded().s.epsilon = value;
}

std::string image_data_format() {
  return Loaded().s.image_data_format;
}

void set_image_data_format(const std::string& value) {
  Loaded loaded;
  std::string lower = value;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower != "channels_first" && lower != "channels_last")
    throw ValueError(
        str("The `data_format` argument must be one of {'channels_first', "
            "'channels_last'}. Received: data_format=",
            lower));
  loaded.s.image_data_format = lower;
}

std::string backend() {
  return Loaded().s.backend;
}

void reload() {
  std::lock_guard lock(mutex());
  state() = State{};
}

void detail::announce_backend(const std::string& name) {
  Loaded loaded;
  if (loaded.s.announced) return;
  loaded.s.announced = true;
  std::fprintf(stderr, "Using %s backend.\n", name.c_str());
  std::fflush(stderr);
}

}  // namespace keras::config
