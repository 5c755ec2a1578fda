#include "keras/saving/detail/hdf5.h"

#include <hdf5.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <limits>
#include <mutex>

#include "keras/backend/backend.h"
#include "keras/core/atomic_file.h"
#include "keras/core/error.h"

namespace keras::h5 {

namespace {

std::recursive_mutex& library_mutex() {
  static std::recursive_mutex m;
  return m;
}

// Holds the library lock and, the first time, switches off HDF5's printing of its error stack
// (errors reach the caller as IOError, with the stack's innermost message).
class Lock {
 public:
  Lock() : guard_(library_mutex()) {
    static bool quiet = [] {
      H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
      return true;
    }();
    (void)quiet;
  }

 private:
  std::lock_guard<std::recursive_mutex> guard_;
};

// The innermost description on HDF5's error stack ("" when empty), then clears the stack.
std::string library_message() {
  std::string message;
  H5Ewalk2(
      H5E_DEFAULT, H5E_WALK_DOWNWARD,
      [](unsigned n, const H5E_error2_t* e, void* data) -> herr_t {
        if (n == 0 && e->desc) *static_cast<std::string*>(data) = e->desc;
        return 0;
      },
      &message);
  H5Eclear2(H5E_DEFAULT);
  return message;
}

[[noreturn]] void fail(const std::string& where, const std::string& what) {
  std::string detail = library_message();
  throw IOError(where + ": " + what + (detail.empty() ? "" : " (HDF5: " + detail + ")"));
}

}  // namespace

namespace detail {

// An HDF5 identifier and the function that closes it.
class Handle {
 public:
  Handle(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
  ~Handle() {
    if (id_ >= 0) {
      Lock lock;
      close_(id_);
    }
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  hid_t get() const { return id_; }

 private:
  hid_t id_;
  herr_t (*close_)(hid_t);
};

struct FileState {
  std::string name;
  std::unique_ptr<Handle> file;
};

}  // namespace detail

namespace {

using detail::Handle;

// A scoped identifier for the short-lived objects (types, spaces, property lists, attributes).
class Scoped {
 public:
  Scoped(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
  ~Scoped() {
    if (id_ >= 0) close_(id_);
  }
  Scoped(const Scoped&) = delete;
  Scoped& operator=(const Scoped&) = delete;
  hid_t get() const { return id_; }
  bool ok() const { return id_ >= 0; }

 private:
  hid_t id_;
  herr_t (*close_)(hid_t);
};

// Half precision as h5py writes numpy's float16: IEEE binary16, little-endian.
hid_t make_float16_type() {
  hid_t t = H5Tcopy(H5T_IEEE_F32LE);
  H5Tset_fields(t, 15, 10, 5, 0, 10);
  H5Tset_precision(t, 16);
  H5Tset_size(t, 2);
  H5Tset_ebias(t, 15);
  return t;
}

// numpy's bool as h5py stores it: an enum over int8.
hid_t make_bool_type() {
  hid_t t = H5Tenum_create(H5T_NATIVE_INT8);
  int8_t no = 0, yes = 1;
  H5Tenum_insert(t, "FALSE", &no);
  H5Tenum_insert(t, "TRUE", &yes);
  return t;
}

// The HDF5 type of a dtype (a new type to close): as stored in files (little-endian, as h5py
// writes on every machine), or as laid out in memory (native).
hid_t hdf5_type(DType dtype, bool in_memory, const std::string& where) {
  switch (dtype) {
    case DType::float16:
      return make_float16_type();
    case DType::float32:
      return H5Tcopy(in_memory ? H5T_NATIVE_FLOAT : H5T_IEEE_F32LE);
    case DType::float64:
      return H5Tcopy(in_memory ? H5T_NATIVE_DOUBLE : H5T_IEEE_F64LE);
    case DType::int32:
      return H5Tcopy(in_memory ? H5T_NATIVE_INT32 : H5T_STD_I32LE);
    case DType::int64:
      return H5Tcopy(in_memory ? H5T_NATIVE_INT64 : H5T_STD_I64LE);
    case DType::uint8:
      return H5Tcopy(in_memory ? H5T_NATIVE_UINT8 : H5T_STD_U8LE);
    case DType::bool_:
      return make_bool_type();
    default:
      throw IOError(str(where, ": cannot store ", dtype,
                        " data in HDF5 (float16, float32, float64, int32, int64, uint8 or bool)"));
  }
}

// The dtype a stored type reads as: floats by size, integers widened to int32/int64 (uint8 kept),
// h5py's bool enum as bool.
DType dtype_of(hid_t type, const std::string& where) {
  H5T_class_t cls = H5Tget_class(type);
  size_t size = H5Tget_size(type);
  if (cls == H5T_FLOAT) {
    // Only IEEE binary16/32/64 in either byte order (what h5py and kerascpp write). HDF5 would
    // convert any float layout it is told of, so a datatype message damaged in its bit fields
    // (exponent position or bias) would otherwise read as other numbers without an error.
    struct Ieee {
      size_t size, spos, epos, esize, msize, ebias;
    };
    for (Ieee f :
         {Ieee{2, 15, 10, 5, 10, 15}, Ieee{4, 31, 23, 8, 23, 127}, Ieee{8, 63, 52, 11, 52, 1023}}) {
      if (size != f.size) continue;
      size_t spos = 0, epos = 0, esize = 0, mpos = 0, msize = 0;
      bool ieee = H5Tget_fields(type, &spos, &epos, &esize, &mpos, &msize) >= 0 && spos == f.spos &&
                  epos == f.epos && esize == f.esize && mpos == 0 && msize == f.msize &&
                  H5Tget_ebias(type) == f.ebias && H5Tget_norm(type) == H5T_NORM_IMPLIED &&
                  H5Tget_offset(type) == 0 && H5Tget_precision(type) == 8 * f.size;
      if (!ieee) fail(where, str("holds floats of ", size, " bytes that are not IEEE 754"));
      return size == 2 ? DType::float16 : size == 4 ? DType::float32 : DType::float64;
    }
  } else if (cls == H5T_INTEGER) {
    bool is_signed = H5Tget_sign(type) == H5T_SGN_2;
    if (!is_signed && size == 1) return DType::uint8;
    if (size <= 2 || (is_signed && size == 4)) return DType::int32;
    if (size == 4 || (is_signed && size == 8)) return DType::int64;
  } else if (cls == H5T_ENUM) {
    Scoped base(H5Tget_super(type), H5Tclose);
    if (base.ok() && H5Tget_size(base.get()) == 1 && H5Tget_nmembers(type) == 2)
      return DType::bool_;
  }
  fail(where, str("holds data of an HDF5 type kerascpp cannot read (class ", static_cast<int>(cls),
                  ", ", size, " bytes)"));
}

// The dims of a simple dataspace; rank 0 for a scalar.
std::vector<int64_t> dims_of(hid_t space, const std::string& where) {
  H5S_class_t cls = H5Sget_simple_extent_type(space);
  if (cls == H5S_SCALAR) return {};
  if (cls != H5S_SIMPLE) fail(where, "has a null or unknown dataspace");
  int rank = H5Sget_simple_extent_ndims(space);
  if (rank < 0 || rank > 32) fail(where, str("has a dataspace of rank ", rank));
  std::vector<hsize_t> dims(static_cast<size_t>(rank));
  H5Sget_simple_extent_dims(space, dims.data(), nullptr);
  std::vector<int64_t> out;
  for (hsize_t d : dims) {
    if (d > static_cast<hsize_t>(std::numeric_limits<int64_t>::max() >> 20))
      fail(where, str("has an impossible dimension ", d));
    out.push_back(static_cast<int64_t>(d));
  }
  return out;
}

// A string of a fixed-length string type: up to the first NUL, trailing spaces kept only when
// the type pads with spaces is not the case (NULL-padded and NUL-terminated are the h5py forms).
std::string fixed_string(const char* data, size_t size, H5T_str_t pad) {
  size_t n = 0;
  while (n < size && data[n] != '\0') ++n;
  std::string s(data, n);
  if (pad == H5T_STR_SPACEPAD)
    while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

// Every string of an attribute (scalar or 1-d), fixed or variable length.
std::vector<std::string> read_strings(hid_t attr, const std::string& where) {
  Scoped type(H5Aget_type(attr), H5Tclose);
  Scoped space(H5Aget_space(attr), H5Sclose);
  if (!type.ok() || !space.ok()) fail(where, "cannot be read");
  hssize_t count = H5Sget_simple_extent_npoints(space.get());
  // h5py stores an empty list as an empty float64 array (Keras 2's weight_names of a layer
  // without weights).
  if (count == 0) return {};
  if (H5Tget_class(type.get()) != H5T_STRING) fail(where, "is not a string attribute");
  if (count < 0 || count > (1 << 24)) fail(where, str("holds ", count, " strings"));
  std::vector<std::string> out;
  if (H5Tis_variable_str(type.get()) > 0) {
    std::vector<char*> ptrs(static_cast<size_t>(count), nullptr);
    Scoped mem(H5Tcopy(H5T_C_S1), H5Tclose);
    H5Tset_size(mem.get(), H5T_VARIABLE);
    H5Tset_cset(mem.get(), H5Tget_cset(type.get()));
    if (count > 0 && H5Aread(attr, mem.get(), ptrs.data()) < 0) fail(where, "cannot be read");
    for (char* p : ptrs) out.emplace_back(p ? p : "");
    if (count > 0) H5Dvlen_reclaim(mem.get(), space.get(), H5P_DEFAULT, ptrs.data());
    return out;
  }
  size_t size = H5Tget_size(type.get());
  if (size == 0 || size > (1u << 26)) fail(where, str("has strings of ", size, " bytes"));
  std::vector<char> buffer(size * static_cast<size_t>(count));
  if (count > 0 && H5Aread(attr, type.get(), buffer.data()) < 0) fail(where, "cannot be read");
  H5T_str_t pad = H5Tget_strpad(type.get());
  for (hssize_t i = 0; i < count; ++i)
    out.push_back(fixed_string(buffer.data() + static_cast<size_t>(i) * size, size, pad));
  return out;
}

std::atomic<int> memory_file_counter{0};

hid_t core_access_list() {
  hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
  H5Pset_fapl_core(fapl, 1 << 20, /*backing_store=*/0);
  // The oldest format newer libraries still write by default: what h5py writes too.
  H5Pset_libver_bounds(fapl, H5F_LIBVER_EARLIEST, H5F_LIBVER_LATEST);
  return fapl;
}

}  // namespace

// --- Group --------------------------------------------------------------------------------------

Group::Group(std::shared_ptr<detail::FileState> file, std::shared_ptr<detail::Handle> id,
             std::string path)
    : file_(std::move(file)), id_(std::move(id)), path_(std::move(path)) {}

std::string Group::child_path(const std::string& name) const {
  return path_ == "/" ? "/" + name : path_ + "/" + name;
}

std::string Group::where(const std::string& child) const {
  return file_->name + ":" + (child.empty() ? path_ : child_path(child));
}

namespace {

void check_name(const Group& g, const std::string& name) {
  if (name.empty() || name == "." || name.find('/') != std::string::npos)
    throw IOError(g.where() + ": '" + name + "' is not a valid child name (no '/', not empty)");
}

// The object type of a child, or H5O_TYPE_UNKNOWN when there is none.
H5O_type_t child_type(hid_t group, const std::string& name) {
  if (H5Lexists(group, name.c_str(), H5P_DEFAULT) <= 0) return H5O_TYPE_UNKNOWN;
  H5O_info_t info;
  if (H5Oget_info_by_name(group, name.c_str(), &info, H5P_DEFAULT) < 0) return H5O_TYPE_UNKNOWN;
  return info.type;
}

}  // namespace

bool Group::has(const std::string& name) const {
  Lock lock;
  check_name(*this, name);
  return H5Lexists(id_->get(), name.c_str(), H5P_DEFAULT) > 0;
}

bool Group::has_group(const std::string& name) const {
  Lock lock;
  check_name(*this, name);
  return child_type(id_->get(), name) == H5O_TYPE_GROUP;
}

bool Group::has_dataset(const std::string& name) const {
  Lock lock;
  check_name(*this, name);
  return child_type(id_->get(), name) == H5O_TYPE_DATASET;
}

std::vector<std::string> Group::names() const {
  Lock lock;
  std::vector<std::string> out;
  H5G_info_t info;
  if (H5Gget_info(id_->get(), &info) < 0) fail(where(), "cannot list the group");
  if (info.nlinks > (1u << 24)) fail(where(), str("claims ", info.nlinks, " children"));
  for (hsize_t i = 0; i < info.nlinks; ++i) {
    ssize_t n =
        H5Lget_name_by_idx(id_->get(), ".", H5_INDEX_NAME, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
    if (n < 0) fail(where(), "cannot list the group");
    std::string name(static_cast<size_t>(n), '\0');
    H5Lget_name_by_idx(id_->get(), ".", H5_INDEX_NAME, H5_ITER_INC, i, name.data(),
                       static_cast<size_t>(n) + 1, H5P_DEFAULT);
    out.push_back(std::move(name));
  }
  return out;
}

Group Group::group(const std::string& name) const {
  Lock lock;
  check_name(*this, name);
  H5O_type_t type = child_type(id_->get(), name);
  if (type == H5O_TYPE_UNKNOWN) fail(where(name), "no such group");
  if (type != H5O_TYPE_GROUP) fail(where(name), "expected a group, found a dataset");
  hid_t id = H5Gopen2(id_->get(), name.c_str(), H5P_DEFAULT);
  if (id < 0) fail(where(name), "cannot open the group");
  return Group(file_, std::make_shared<Handle>(id, H5Gclose), child_path(name));
}

Group Group::create_group(const std::string& name) {
  Lock lock;
  check_name(*this, name);
  // Track creation order as h5py does not by default; plain groups as h5py makes them.
  hid_t id = H5Gcreate2(id_->get(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  if (id < 0) fail(where(name), "cannot create the group");
  return Group(file_, std::make_shared<Handle>(id, H5Gclose), child_path(name));
}

Group Group::require_group(const std::string& name) {
  return has(name) ? group(name) : create_group(name);
}

void Group::write(const std::string& name, const Tensor& value) {
  Lock lock;
  check_name(*this, name);
  std::string at = where(name);
  if (!value.is_concrete()) throw IOError(at + ": cannot store a symbolic tensor");
  Tensor host = value.to(backend::host());
  std::vector<hsize_t> dims;
  for (int64_t d : host.shape().dims()) dims.push_back(static_cast<hsize_t>(d));
  Scoped space(dims.empty() ? H5Screate(H5S_SCALAR)
                            : H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr),
               H5Sclose);
  Scoped ftype(hdf5_type(host.dtype(), /*in_memory=*/false, at), H5Tclose);
  Scoped mtype(hdf5_type(host.dtype(), /*in_memory=*/true, at), H5Tclose);
  Scoped dataset(H5Dcreate2(id_->get(), name.c_str(), ftype.get(), space.get(), H5P_DEFAULT,
                            H5P_DEFAULT, H5P_DEFAULT),
                 H5Dclose);
  if (!dataset.ok()) fail(at, "cannot create the dataset");
  if (host.size() > 0 &&
      H5Dwrite(dataset.get(), mtype.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, host.raw_data()) < 0)
    fail(at, "cannot write the dataset");
}

TensorMeta Group::dataset_meta(const std::string& name) const {
  Lock lock;
  check_name(*this, name);
  std::string at = where(name);
  H5O_type_t type = child_type(id_->get(), name);
  if (type == H5O_TYPE_UNKNOWN) fail(at, "no such dataset");
  if (type != H5O_TYPE_DATASET) fail(at, "expected a dataset, found a group");
  Scoped dataset(H5Dopen2(id_->get(), name.c_str(), H5P_DEFAULT), H5Dclose);
  if (!dataset.ok()) fail(at, "cannot open the dataset");
  Scoped ftype(H5Dget_type(dataset.get()), H5Tclose);
  Scoped space(H5Dget_space(dataset.get()), H5Sclose);
  if (!ftype.ok() || !space.ok()) fail(at, "cannot read the dataset's type or shape");
  return {dtype_of(ftype.get(), at), Shape(dims_of(space.get(), at))};
}

Tensor Group::read(const std::string& name) const {
  Lock lock;
  TensorMeta meta = dataset_meta(name);
  std::string at = where(name);
  Scoped dataset(H5Dopen2(id_->get(), name.c_str(), H5P_DEFAULT), H5Dclose);
  if (!dataset.ok()) fail(at, "cannot open the dataset");
  // A contiguous or compact dataset stores every byte it holds: a file claiming more elements than
  // it stores is damaged, and is refused before anything that size is allocated.
  int64_t elements = 1;
  for (int64_t d : meta.shape.dims()) {
    if (d != 0 && elements > std::numeric_limits<int64_t>::max() / 8 / d)
      fail(at, "has more elements than fit in memory");
    elements *= d;
  }
  Scoped ftype(H5Dget_type(dataset.get()), H5Tclose);
  Scoped dcpl(H5Dget_create_plist(dataset.get()), H5Pclose);
  H5D_layout_t layout = H5Pget_layout(dcpl.get());
  uint64_t needed = static_cast<uint64_t>(elements) * H5Tget_size(ftype.get());
  if (layout != H5D_CHUNKED && needed > 0 && H5Dget_storage_size(dataset.get()) < needed)
    fail(at, str("is truncated: its shape ", meta.shape, " needs ", needed,
                 " bytes, the file holds ", H5Dget_storage_size(dataset.get())));
  Tensor out;
  try {
    out = Tensor::empty(meta.shape, meta.dtype, &backend::host());
  } catch (const std::bad_alloc&) {
    fail(at, str("needs ", needed, " bytes, more than can be allocated"));
  }
  Scoped mtype(hdf5_type(meta.dtype, /*in_memory=*/true, at), H5Tclose);
  if (elements > 0 &&
      H5Dread(dataset.get(), mtype.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, out.raw_data()) < 0)
    fail(at, "cannot read the dataset");
  return out;
}

bool Group::has_attr(const std::string& name) const {
  Lock lock;
  return H5Aexists(id_->get(), name.c_str()) > 0;
}

void Group::set_attr(const std::string& name, const std::string& value) {
  Lock lock;
  std::string at = where() + " attribute '" + name + "'";
  if (H5Aexists(id_->get(), name.c_str()) > 0) H5Adelete(id_->get(), name.c_str());
  Scoped type(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_size(type.get(), H5T_VARIABLE);
  H5Tset_cset(type.get(), H5T_CSET_UTF8);
  Scoped space(H5Screate(H5S_SCALAR), H5Sclose);
  Scoped attr(
      H5Acreate2(id_->get(), name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
      H5Aclose);
  const char* data = value.c_str();
  if (!attr.ok() || H5Awrite(attr.get(), type.get(), &data) < 0) fail(at, "cannot be written");
}

void Group::set_attr(const std::string& name, const std::vector<std::string>& values) {
  Lock lock;
  std::string at = where() + " attribute '" + name + "'";
  if (H5Aexists(id_->get(), name.c_str()) > 0) H5Adelete(id_->get(), name.c_str());
  size_t width = 1;
  for (const std::string& v : values) width = std::max(width, v.size());
  std::vector<char> buffer(width * std::max<size_t>(values.size(), 1), '\0');
  for (size_t i = 0; i < values.size(); ++i)
    std::memcpy(buffer.data() + i * width, values[i].data(), values[i].size());
  Scoped type(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_size(type.get(), width);
  H5Tset_strpad(type.get(), H5T_STR_NULLPAD);
  hsize_t count = values.size();
  Scoped space(H5Screate_simple(1, &count, nullptr), H5Sclose);
  Scoped attr(
      H5Acreate2(id_->get(), name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
      H5Aclose);
  if (!attr.ok() || (count > 0 && H5Awrite(attr.get(), type.get(), buffer.data()) < 0))
    fail(at, "cannot be written");
}

void Group::set_chunked_attr(const std::string& name, const std::vector<std::string>& values) {
  constexpr size_t kHeaderLimit = 64512;
  size_t width = 1;
  for (const std::string& v : values) {
    if (v.size() > kHeaderLimit)
      throw IOError(str(where(), ": the attribute '", name, "' holds a string of ", v.size(),
                        " bytes; HDF5 object headers hold at most ", kHeaderLimit));
    width = std::max(width, v.size());
  }
  // numpy.array_split into k parts: the first n % k parts get one element more.
  auto split = [&](size_t k) {
    std::vector<std::vector<std::string>> parts;
    size_t n = values.size(), begin = 0;
    for (size_t p = 0; p < k; ++p) {
      size_t count = n / k + (p < n % k ? 1 : 0);
      parts.emplace_back(values.begin() + static_cast<long>(begin),
                         values.begin() + static_cast<long>(begin + count));
      begin += count;
    }
    return parts;
  };
  size_t chunks = 1;
  while (((values.size() + chunks - 1) / chunks) * width > kHeaderLimit) ++chunks;
  if (chunks == 1) return set_attr(name, values);
  std::vector<std::vector<std::string>> parts = split(chunks);
  for (size_t p = 0; p < parts.size(); ++p) set_attr(name + std::to_string(p), parts[p]);
}

std::string Group::string_attr(const std::string& name) const {
  Lock lock;
  std::string at = where() + " attribute '" + name + "'";
  if (H5Aexists(id_->get(), name.c_str()) <= 0) throw IOError(at + ": missing");
  Scoped attr(H5Aopen(id_->get(), name.c_str(), H5P_DEFAULT), H5Aclose);
  if (!attr.ok()) fail(at, "cannot be opened");
  std::vector<std::string> values = read_strings(attr.get(), at);
  if (values.size() != 1) fail(at, str("expected one string, found ", values.size()));
  return values[0];
}

std::vector<std::string> Group::string_list_attr(const std::string& name) const {
  Lock lock;
  std::string at = where() + " attribute '" + name + "'";
  auto read_one = [&](const std::string& attr_name) {
    Scoped attr(H5Aopen(id_->get(), attr_name.c_str(), H5P_DEFAULT), H5Aclose);
    if (!attr.ok()) fail(at, "cannot be opened");
    return read_strings(attr.get(), where() + " attribute '" + attr_name + "'");
  };
  if (H5Aexists(id_->get(), name.c_str()) > 0) return read_one(name);
  std::vector<std::string> out;
  for (int chunk = 0;; ++chunk) {
    std::string chunk_name = name + std::to_string(chunk);
    if (H5Aexists(id_->get(), chunk_name.c_str()) <= 0) break;
    for (std::string& s : read_one(chunk_name)) out.push_back(std::move(s));
  }
  if (out.empty() && H5Aexists(id_->get(), (name + "0").c_str()) <= 0)
    throw IOError(at + ": missing");
  return out;
}

// --- File ---------------------------------------------------------------------------------------

bool is_hdf5_file(const std::filesystem::path& path) {
  Lock lock;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return false;
  bool yes = H5Fis_hdf5(path.c_str()) > 0;
  H5Eclear2(H5E_DEFAULT);
  return yes;
}

File File::create(const std::string& name) {
  Lock lock;
  Scoped fapl(core_access_list(), H5Pclose);
  // The core driver keys open files by name: a counter keeps two files of one name apart.
  std::string key = "kerascpp-memory-" + std::to_string(memory_file_counter++) + "-" + name;
  hid_t id = H5Fcreate(key.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.get());
  if (id < 0) fail(name, "cannot create an HDF5 file in memory");
  auto state = std::make_shared<detail::FileState>();
  state->name = name;
  state->file = std::make_unique<Handle>(id, H5Fclose);
  return File(state);
}

File File::open(const std::filesystem::path& path) {
  Lock lock;
  std::string name = path.string();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw IOError(name + ": no such file (expected an HDF5 file)");
  if (H5Fis_hdf5(name.c_str()) <= 0) {
    H5Eclear2(H5E_DEFAULT);
    throw IOError(name + ": not an HDF5 file (no HDF5 signature)");
  }
  hid_t id = H5Fopen(name.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (id < 0) fail(name, "cannot open the HDF5 file");
  auto state = std::make_shared<detail::FileState>();
  state->name = name;
  state->file = std::make_unique<Handle>(id, H5Fclose);
  return File(state);
}

File File::open_image(const std::vector<uint8_t>& bytes, const std::string& name) {
  Lock lock;
  static const uint8_t kSignature[8] = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
  if (bytes.size() < 8 || std::memcmp(bytes.data(), kSignature, 8) != 0)
    throw IOError(name + ": not an HDF5 file (no HDF5 signature)");
  Scoped fapl(core_access_list(), H5Pclose);
  if (H5Pset_file_image(fapl.get(), const_cast<uint8_t*>(bytes.data()), bytes.size()) < 0)
    fail(name, "cannot take the file image");
  std::string key = "kerascpp-image-" + std::to_string(memory_file_counter++) + "-" + name;
  hid_t id = H5Fopen(key.c_str(), H5F_ACC_RDONLY, fapl.get());
  if (id < 0) fail(name, "cannot open the HDF5 file");
  auto state = std::make_shared<detail::FileState>();
  state->name = name;
  state->file = std::make_unique<Handle>(id, H5Fclose);
  return File(state);
}

Group File::root() const {
  Lock lock;
  hid_t id = H5Gopen2(state_->file->get(), "/", H5P_DEFAULT);
  if (id < 0) fail(state_->name, "cannot open the root group");
  return Group(state_, std::make_shared<Handle>(id, H5Gclose), "/");
}

std::vector<uint8_t> File::image() const {
  Lock lock;
  hid_t f = state_->file->get();
  if (H5Fflush(f, H5F_SCOPE_GLOBAL) < 0) fail(state_->name, "cannot flush the file");
  ssize_t size = H5Fget_file_image(f, nullptr, 0);
  if (size < 0) fail(state_->name, "cannot take the file's image");
  std::vector<uint8_t> bytes(static_cast<size_t>(size));
  if (H5Fget_file_image(f, bytes.data(), bytes.size()) < 0)
    fail(state_->name, "cannot take the file's image");
  return bytes;
}

void File::save(const std::filesystem::path& path) const {
  std::vector<uint8_t> bytes = image();
  if (int err = write_file_atomically(path, {{bytes.data(), bytes.size()}}))
    throw IOError(str(path.string(), ": cannot write the file: ", std::strerror(err)));
}

}  // namespace keras::h5
