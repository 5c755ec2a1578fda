// Keras arguments declared once. Every Keras class (layer, optimizer, loss, metric, initializer,
// regularizer, constraint) keeps its keyword arguments in one options struct, whose members carry
// the defaults. One function per class lists those members with the keys Keras writes, in the
// order of Keras's get_config(); writing a config and reading one back both follow from it:
//
//   args::ArgList dense_args(DenseOptions& o) {
//     return {{"units", o.units, {"output_dim"}},   // Keras 1 wrote output_dim
//             {"activation", o.activation},
//             {"use_bias", o.use_bias, {"bias"}},
//             ...};
//   }
//   args::write(dense_args(copy), config);                    // get_config
//   args::read(dense_args(options), config, "Dense", policy);  // from_config
//
// An Arg binds a key to a member through ArgForm<T>, the JSON form of a C++ type: numbers,
// booleans, strings, optionals (None is null), lists, and each family's objects (initializers,
// regularizers, ... write themselves serialized and read names or serialized objects). A type
// gets its form by specializing ArgForm beside the type. Reading keeps the member's default when a
// key is absent, and for types without a None (numbers, booleans, strings) also when it is null, as
// Keras's own defaults would.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "keras/core/arg_form.h"
#include "keras/core/dtype.h"
#include "keras/core/json.h"
#include "keras/core/object_arg.h"
#include "keras/core/shape.h"

namespace keras::args {

// Where a value is read: the class (for messages: "Dense") and the key.
struct Site {
  const std::string& who;
  const char* key;
  // TypeError "<who>: config key '<key>' must be <expected>, got <value>".
  [[noreturn]] void wrong_type(const char* expected, const Json& value) const;
};

// One argument: a key, the spellings older Keras versions wrote (read, never written), and the
// member it lives in.
class Arg {
 public:
  template <class T>
  Arg(const char* key, T& member, std::initializer_list<const char*> old_keys = {})
      : key_(key),
        old_keys_(old_keys),
        member_(&member),
        write_(&write_member<T>),
        read_(&read_member<T>) {}

  // With an explicit form (a struct with the static write and read above) for this argument
  // only: `Arg::as<ClippingForm>("renorm_clipping", o.renorm_clipping)`.
  template <class Form, class T>
  static Arg as(const char* key, T& member, std::initializer_list<const char*> old_keys = {}) {
    Arg arg;  // not Arg(key, member): T need not have an ArgForm of its own
    arg.key_ = key;
    arg.old_keys_ = old_keys;
    arg.member_ = &member;
    arg.write_ = &write_with<Form, T>;
    arg.read_ = &read_with<Form, T>;
    return arg;
  }

  // A key Keras always writes with the same value, for an argument kerascpp does not take
  // (Dense's "quantization_config": null); read and ignored.
  static Arg fixed(const char* key, Json value);

  // The same argument, read but never written: a spelling or an argument Keras accepts in
  // configs without writing it (InputLayer's "shape" beside "batch_shape").
  Arg read_only() && {
    read_only_ = true;
    return std::move(*this);
  }

  const char* key() const { return key_; }
  bool is_read_only() const { return read_only_; }
  const std::vector<const char*>& old_keys() const { return old_keys_; }
  Json write() const { return write_ ? write_(member_) : fixed_; }
  void read(const Json& value, const std::string& who) const {
    if (read_) read_(value, member_, {who, key_});
  }

 private:
  template <class T>
  static Json write_member(const void* member) {
    return ArgForm<T>::write(*static_cast<const T*>(member));
  }
  template <class T>
  static void read_member(const Json& value, void* member, const Site& site) {
    ArgForm<T>::read(value, *static_cast<T*>(member), site);
  }
  template <class Form, class T>
  static Json write_with(const void* member) {
    return Form::write(*static_cast<const T*>(member));
  }
  template <class Form, class T>
  static void read_with(const Json& value, void* member, const Site& site) {
    Form::read(value, *static_cast<T*>(member), site);
  }

  Arg() = default;

  const char* key_ = nullptr;
  std::vector<const char*> old_keys_;
  void* member_ = nullptr;
  Json (*write_)(const void*) = nullptr;
  void (*read_)(const Json&, void*, const Site&) = nullptr;
  Json fixed_;  // the value of a fixed() argument
  bool read_only_ = false;
};

using ArgList = std::vector<Arg>;

// Appends every argument to `config` in order (a key already there keeps its place and takes
// the new value).
void write(const ArgList& args, Json& config);

// What reading does with a key that no argument (and no key in `also_allowed`) declares. Keras
// passes a config to the class's constructor as keyword arguments, so the answer is the class's
// own: layers accept their base keywords and Keras 2's leftovers (ignore), most objects reject
// them as Python does (TypeError "__init__() got an unexpected keyword argument"), optimizers
// with Keras's ValueError "Argument(s) not recognized".
enum class UnknownKeys { ignore, type_error, not_recognized };

// Reads the keys present in `config` (or an older spelling of one) into the arguments. `who`
// names the class in errors; TypeError when `config` is not an object (null reads as {}).
void read(const ArgList& args, const Json& config, const std::string& who,
          UnknownKeys unknown = UnknownKeys::ignore,
          std::initializer_list<const char*> also_allowed = {});

// A required (positional) argument read from a config: its value, or Python's TypeError
// "<who>.__init__() missing 1 required positional argument: '<key>'" when the config lacked it.
[[noreturn]] void missing_required(const std::string& who, const char* key);
template <class T>
T required(const std::optional<T>& value, const std::string& who, const char* key) {
  if (!value) missing_required(who, key);
  return *value;
}

// get_config and from_config of a class whose arguments all live in one options struct O
// (initializers, regularizers, constraints): the config `options` writes, and the options a
// config reads (members absent from it keep O's defaults).
template <class O>
Json config_of(ArgList (*list)(O&), O options) {
  Json config = Json::object();
  write(list(options), config);
  return config;
}
template <class O>
O options_from(ArgList (*list)(O&), const Json& config, const std::string& who,
               UnknownKeys unknown) {
  O options;
  read(list(options), config, who, unknown);
  return options;
}

// --- Forms of the common types ------------------------------------------------------------------

template <>
struct ArgForm<bool> {
  static Json write(bool value) { return value; }
  static void read(const Json& value, bool& out, const Site& site);
};

template <class T>
struct ArgForm<T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>>> {
  static Json write(T value) { return value; }
  static void read(const Json& value, T& out, const Site& site) {
    if (!value.is_null()) out = static_cast<T>(read_integer(value, site));
  }
  static int64_t read_integer(const Json& value, const Site& site);
};

template <>
struct ArgForm<double> {
  static Json write(double value) { return value; }
  // A number, or Keras's one-element tensor marker ({"class_name": "__tensor__", ...}).
  static void read(const Json& value, double& out, const Site& site);
};

template <>
struct ArgForm<std::string> {
  static Json write(const std::string& value) { return value; }
  static void read(const Json& value, std::string& out, const Site& site);
};

// None is null; a present value reads as T's form.
template <class T>
struct ArgForm<std::optional<T>> {
  static Json write(const std::optional<T>& value) {
    return value ? ArgForm<T>::write(*value) : Json(nullptr);
  }
  static void read(const Json& value, std::optional<T>& out, const Site& site) {
    if (value.is_null()) {
      out.reset();
      return;
    }
    T item = out.value_or(T{});
    ArgForm<T>::read(value, item, site);
    out = std::move(item);
  }
};

template <class T>
struct ArgForm<std::vector<T>> {
  static Json write(const std::vector<T>& values) {
    Json out = Json::array();
    for (const T& v : values) out.push_back(ArgForm<T>::write(v));
    return out;
  }
  static void read(const Json& value, std::vector<T>& out, const Site& site) {
    if (value.is_null()) return;
    if (!value.is_array()) site.wrong_type("a list", value);
    std::vector<T> items;
    for (const Json& v : value) {
      T item{};
      ArgForm<T>::read(v, item, site);
      items.push_back(std::move(item));
    }
    out = std::move(items);
  }
};

// Axes where Keras accepts one int for a list of one (PReLU's shared_axes): written as a list,
// null for None. For `std::optional<std::vector<int>>` members, with Arg::as<IntOrList>.
struct IntOrList {
  static Json write(const std::optional<std::vector<int>>& axes);
  static void read(const Json& value, std::optional<std::vector<int>>& out, const Site& site);
};

// A shape as Keras writes it: a list with null for unknown dimensions ([null, 784]).
template <>
struct ArgForm<Shape> {
  static Json write(const Shape& shape);
  static void read(const Json& value, Shape& out, const Site& site);
};

// A shape from a config value; ValueError naming `who` for anything but a list of integers and
// nulls.
Shape shape_from_json(const Json& value, const std::string& who);

// A dtype by name ("float32"); read also from a DTypePolicy object ({"class_name":
// "DTypePolicy", "config": {"name": "float32"}}). Mixed policies are NotImplementedError.
template <>
struct ArgForm<DType> {
  static Json write(DType dtype);
  static void read(const Json& value, DType& out, const Site& site);
};
// Keras 3's serialized DTypePolicy for a dtype, as layers write their "dtype".
Json dtype_policy_json(DType dtype);

// An object argument in a config: null, or the object serialized by its family (a name writes
// the object it names, with default arguments). Reading takes what the family's get() takes: a
// name or a serialized object. The family's functions are found by argument-dependent lookup in
// Base's namespace: get(const ObjectArg<Base>&), serialize(const Base&), and
// object_arg_from_config(ObjectArg<Base>&, const Json&).
template <class Base>
struct ArgForm<ObjectArg<Base>> {
  static Json write(const ObjectArg<Base>& arg) {
    std::shared_ptr<Base> object = get(arg);
    return object ? serialize(*object) : Json(nullptr);
  }
  static void read(const Json& value, ObjectArg<Base>& out, const Site&) {
    object_arg_from_config(out, value);
  }
};

}  // namespace keras::args
