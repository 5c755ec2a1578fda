// HDF5 files, as Keras reads and writes them through h5py: groups, datasets holding tensors, and
// string attributes. A thin layer over the HDF5 C library with handles that close themselves.
//
// Files are built in memory and written in one piece (File::save writes a temporary file and
// renames it, so a crash never leaves a half-written file), and can be opened from memory (a
// .keras archive's model.weights.h5). Every failure is a keras::IOError naming the file, the
// object inside it and what was wrong; HDF5's own error printing is switched off. The serial
// HDF5 library is not thread-safe, so every call here holds one process-wide lock.
//
// Types follow h5py: float32/float64/int32/int64/uint8 as the little-endian IEEE and standard
// integer types, bool as h5py's enum {FALSE = 0, TRUE = 1} over int8, float16 as IEEE half.
// String attributes: a scalar is written as variable-length UTF-8 (h5py's str); a list as a
// fixed-length, NULL-padded array sized to the longest element (h5py's np.array of bytes). Both
// forms, either padding and the chunked lists Keras splits over 64 KiB ("layer_names0", ...) are
// read.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "keras/core/tensor.h"
#include "keras/core/tensor_meta.h"

namespace keras::h5 {

namespace detail {
struct FileState;
class Handle;
}  // namespace detail

class Group {
 public:
  // Path of this group inside the file ("/" for the root).
  const std::string& path() const { return path_; }
  // "<file>:<path>" (or "<file>:<path>/<child>"), the place an error names.
  std::string where(const std::string& child = "") const;

  bool has(const std::string& name) const;  // a child (group or dataset) of that name
  bool has_group(const std::string& name) const;
  bool has_dataset(const std::string& name) const;
  // The children's names, in HDF5's (alphabetical) order.
  std::vector<std::string> names() const;

  Group group(const std::string& name) const;  // IOError when missing or not a group
  Group create_group(const std::string& name);
  Group require_group(const std::string& name);  // the existing one, else a new one

  void write(const std::string& name, const Tensor& value);
  Tensor read(const std::string& name) const;
  // dtype and shape of a dataset, without reading it.
  TensorMeta dataset_meta(const std::string& name) const;

  bool has_attr(const std::string& name) const;
  void set_attr(const std::string& name, const std::string& value);
  void set_attr(const std::string& name, const std::vector<std::string>& values);
  // A string list as Keras's save_attributes_to_hdf5_group writes it: one attribute, or, when
  // that would pass HDF5's 64512-byte object header limit, the fewest chunks name0, name1, ...
  // (numpy.array_split's split) that each fit. IOError for a single string over the limit.
  void set_chunked_attr(const std::string& name, const std::vector<std::string>& values);
  std::string string_attr(const std::string& name) const;
  // A string list attribute, or its chunks name0, name1, ... when the plain one is absent.
  std::vector<std::string> string_list_attr(const std::string& name) const;

 private:
  friend class File;
  Group(std::shared_ptr<detail::FileState> file, std::shared_ptr<detail::Handle> id,
        std::string path);
  std::string child_path(const std::string& name) const;

  std::shared_ptr<detail::FileState> file_;
  std::shared_ptr<detail::Handle> id_;
  std::string path_;
};

// True when the file starts with HDF5's signature.
bool is_hdf5_file(const std::filesystem::path& path);

class File {
 public:
  // A new, empty file in memory; `name` is what errors call it (usually the path it will have).
  static File create(const std::string& name);
  // An existing file, read-only.
  static File open(const std::filesystem::path& path);
  // A file image in memory (e.g. a member of a zip archive), read-only.
  static File open_image(const std::vector<uint8_t>& bytes, const std::string& name);

  Group root() const;
  // The file's bytes as they are now (for a file made by create).
  std::vector<uint8_t> image() const;
  // Writes image() to `path` crash-safely (a temporary file renamed into place).
  void save(const std::filesystem::path& path) const;

 private:
  explicit File(std::shared_ptr<detail::FileState> state) : state_(std::move(state)) {}
  std::shared_ptr<detail::FileState> state_;
};

}  // namespace keras::h5
