// Zip archives through libzip: reading members whole, with the checks a hostile file needs
// (declared sizes against what the compression can produce, CRCs), and writing a new archive
// of stored (uncompressed) members in memory, in the order given. Used for .npz arrays and
// .keras model files.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace keras {

class ZipReader {
 public:
  // Opens the archive read-only; IOError naming the file when it is missing or not a zip file.
  // `what` names the kind of file in that error ("an .npz archive", "a .keras file").
  ZipReader(const std::filesystem::path& path, const std::string& what);
  ~ZipReader();
  ZipReader(const ZipReader&) = delete;
  ZipReader& operator=(const ZipReader&) = delete;

  // Member names, in archive order.
  const std::vector<std::string>& names() const { return names_; }
  bool has(const std::string& name) const;
  // The member's bytes; IOError naming the file and member when it is absent, corrupt,
  // truncated or larger than `max_bytes`.
  std::vector<uint8_t> read(const std::string& name, uint64_t max_bytes = uint64_t{1} << 40) const;
  const std::string& path() const { return path_; }

 private:
  struct Archive;
  std::unique_ptr<Archive> archive_;
  std::string path_;
  std::vector<std::string> names_;
};

struct ZipMember {
  std::string name;
  const void* data;
  std::size_t size;
};

// A zip archive of `members` stored without compression (ZIP_STORED), in order, as bytes.
std::vector<uint8_t> zip_stored(const std::vector<ZipMember>& members);

}  // namespace keras
