#include "keras/core/npz.h"

#include <zip.h>

#include <memory>
#include <system_error>

#include "keras/core/error.h"
#include "keras/core/npy.h"

namespace keras {

namespace {

struct ZipCloser {
  void operator()(zip_t* archive) const { zip_discard(archive); }  // read-only: nothing to write
};
struct ZipFileCloser {
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};

std::string zip_error_message(int code) {
  zip_error_t error;
  zip_error_init_with_code(&error, code);
  std::string message = zip_error_strerror(&error);
  zip_error_fini(&error);
  return message;
}

// Deflate expands at most 1032:1; a member that claims more than that is corrupt (or a bomb),
// and a stored member's size is its compressed size.
bool plausible_size(const zip_stat_t& stat) {
  if (stat.comp_method == ZIP_CM_STORE) return stat.size == stat.comp_size;
  return stat.size <= 1100 * stat.comp_size + 4096;
}

}  // namespace

std::vector<std::pair<std::string, Tensor>> load_npz(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw IOError(str("Cannot read ", path.string(), ": no such file"));
  int code = 0;
  std::unique_ptr<zip_t, ZipCloser> archive(
      zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code));
  if (!archive)
    throw IOError(
        str("Cannot read ", path.string(), " as an .npz archive: ", zip_error_message(code)));

  std::vector<std::pair<std::string, Tensor>> arrays;
  zip_int64_t entries = zip_get_num_entries(archive.get(), 0);
  for (zip_int64_t i = 0; i < entries; ++i) {
    auto index = static_cast<zip_uint64_t>(i);
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(archive.get(), index, 0, &stat) != 0)
      throw IOError(
          str(path.string(), ": cannot read entry ", i, ": ", zip_strerror(archive.get())));
    std::string name = stat.name ? stat.name : "";
    // np.load keys only "<key>.npy" members as arrays; other members (folders, text) are not
    // arrays, and Keras never reads them.
    if (name.size() <= 4 || !name.ends_with(".npy")) continue;
    std::string where = path.string() + " member " + name;
    if (!(stat.valid & ZIP_STAT_SIZE) || !(stat.valid & ZIP_STAT_COMP_SIZE) ||
        !plausible_size(stat))
      throw IOError(str(where, ": corrupt archive (declared size ", stat.size,
                        " bytes does not fit its ", stat.comp_size, " compressed bytes)"));
    std::unique_ptr<zip_file_t, ZipFileCloser> file(zip_fopen_index(archive.get(), index, 0));
    if (!file) throw IOError(str(where, ": cannot open: ", zip_strerror(archive.get())));
    std::vector<uint8_t> bytes(static_cast<std::size_t>(stat.size));
    zip_int64_t read = zip_fread(file.get(), bytes.data(), stat.size);
    if (read < 0) throw IOError(str(where, ": cannot read: ", zip_file_strerror(file.get())));
    if (static_cast<zip_uint64_t>(read) != stat.size)
      throw IOError(str(where, ": truncated (", read, " of ", stat.size, " bytes)"));
    // libzip checks the CRC once the member is read to its end; a further read reports it.
    uint8_t extra = 0;
    if (zip_fread(file.get(), &extra, 1) != 0)
      throw IOError(str(where, ": corrupt member: ", zip_file_strerror(file.get())));
    arrays.emplace_back(name.substr(0, name.size() - 4),
                        parse_npy(bytes.data(), bytes.size(), where));
  }
  return arrays;
}

}  // namespace keras
