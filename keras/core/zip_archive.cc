#include "keras/core/zip_archive.h"

#include <zip.h>

#include <algorithm>
#include <system_error>

#include "keras/core/error.h"

namespace keras {

namespace {

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

std::string zip_error_message(zip_error_t* error) {
  return zip_error_strerror(error);
}

// Deflate expands at most 1032:1; a member that claims more than that is corrupt (or a bomb),
// and a stored member's size is its compressed size.
bool plausible_size(const zip_stat_t& stat) {
  if (stat.comp_method == ZIP_CM_STORE) return stat.size == stat.comp_size;
  return stat.size <= 1100 * stat.comp_size + 4096;
}

}  // namespace

struct ZipReader::Archive {
  zip_t* zip = nullptr;
  ~Archive() {
    if (zip) zip_discard(zip);  // read-only: nothing to write
  }
};

ZipReader::ZipReader(const std::filesystem::path& path, const std::string& what)
    : archive_(std::make_unique<Archive>()), path_(path.string()) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw IOError(str("Cannot read ", path_, ": no such file"));
  int code = 0;
  archive_->zip = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code);
  if (!archive_->zip)
    throw IOError(str("Cannot read ", path_, " as ", what, ": ", zip_error_message(code)));
  zip_int64_t entries = zip_get_num_entries(archive_->zip, 0);
  for (zip_int64_t i = 0; i < entries; ++i) {
    const char* name = zip_get_name(archive_->zip, static_cast<zip_uint64_t>(i), 0);
    if (!name)
      throw IOError(str(path_, ": cannot read entry ", i, ": ", zip_strerror(archive_->zip)));
    names_.emplace_back(name);
  }
}

ZipReader::~ZipReader() = default;

bool ZipReader::has(const std::string& name) const {
  return std::find(names_.begin(), names_.end(), name) != names_.end();
}

std::vector<uint8_t> ZipReader::read(const std::string& name, uint64_t max_bytes) const {
  std::string where = path_ + " member " + name;
  zip_int64_t found = zip_name_locate(archive_->zip, name.c_str(), 0);
  if (found < 0) throw IOError(where + ": missing from the archive");
  auto index = static_cast<zip_uint64_t>(found);
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_stat_index(archive_->zip, index, 0, &stat) != 0)
    throw IOError(str(where, ": cannot read: ", zip_strerror(archive_->zip)));
  if (!(stat.valid & ZIP_STAT_SIZE) || !(stat.valid & ZIP_STAT_COMP_SIZE) || !plausible_size(stat))
    throw IOError(str(where, ": corrupt archive (declared size ", stat.size,
                      " bytes does not fit its ", stat.comp_size, " compressed bytes)"));
  if (stat.size > max_bytes)
    throw IOError(str(where, ": ", stat.size, " bytes, more than the ", max_bytes,
                      " such a member may have"));
  std::unique_ptr<zip_file_t, ZipFileCloser> file(zip_fopen_index(archive_->zip, index, 0));
  if (!file) throw IOError(str(where, ": cannot open: ", zip_strerror(archive_->zip)));
  std::vector<uint8_t> bytes(static_cast<std::size_t>(stat.size));
  zip_int64_t got = zip_fread(file.get(), bytes.data(), stat.size);
  if (got < 0) throw IOError(str(where, ": cannot read: ", zip_file_strerror(file.get())));
  if (static_cast<zip_uint64_t>(got) != stat.size)
    throw IOError(str(where, ": truncated (", got, " of ", stat.size, " bytes)"));
  // libzip checks the CRC once the member is read to its end; a further read reports it.
  uint8_t extra = 0;
  if (zip_fread(file.get(), &extra, 1) != 0)
    throw IOError(str(where, ": corrupt member: ", zip_file_strerror(file.get())));
  return bytes;
}

std::vector<uint8_t> zip_stored(const std::vector<ZipMember>& members) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (!buffer) throw IOError("cannot make a zip archive in memory: " + zip_error_message(&error));
  zip_source_keep(buffer);  // zip_close would free it; its bytes are the result
  struct SourceFree {
    void operator()(zip_source_t* s) const { zip_source_free(s); }
  };
  std::unique_ptr<zip_source_t, SourceFree> keep(buffer);
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  if (!archive) throw IOError("cannot make a zip archive in memory: " + zip_error_message(&error));
  for (const ZipMember& m : members) {
    zip_source_t* data = zip_source_buffer(archive, m.data, m.size, 0);
    zip_int64_t index =
        data ? zip_file_add(archive, m.name.c_str(), data, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE)
             : -1;
    if (index < 0 ||
        zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0) != 0) {
      std::string message = zip_strerror(archive);
      if (data && index < 0) zip_source_free(data);
      zip_discard(archive);
      throw IOError("cannot add " + m.name + " to a zip archive: " + message);
    }
  }
  if (zip_close(archive) != 0) {
    std::string message = zip_strerror(archive);
    zip_discard(archive);
    throw IOError("cannot write a zip archive: " + message);
  }
  std::vector<uint8_t> bytes;
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_source_stat(buffer, &stat) != 0 || zip_source_open(buffer) != 0)
    throw IOError("cannot read back a zip archive made in memory");
  bytes.resize(static_cast<std::size_t>(stat.size));
  zip_int64_t got = zip_source_read(buffer, bytes.data(), bytes.size());
  zip_source_close(buffer);
  if (got < 0 || static_cast<std::size_t>(got) != bytes.size())
    throw IOError("cannot read back a zip archive made in memory");
  return bytes;
}

}  // namespace keras
