// Writers of the small files the dataset tests read: IDX bytes, gzip files and zip archives.
// They are written here from the formats' definitions (RFC 1952 gzip with stored deflate blocks,
// RFC 1951 §3.2.4; PKWARE's APPNOTE zip with stored members), independently of the zlib and
// libzip that kerascpp reads them with.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

namespace keras::testing {

using Bytes = std::vector<uint8_t>;

inline uint32_t crc32(const Bytes& data) {
  uint32_t crc = 0xFFFFFFFFu;
  for (uint8_t byte : data) {
    crc ^= byte;
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

inline void put16(Bytes& out, uint32_t v) {
  out.push_back(static_cast<uint8_t>(v));
  out.push_back(static_cast<uint8_t>(v >> 8));
}
inline void put32(Bytes& out, uint32_t v) {
  put16(out, v & 0xFFFF);
  put16(out, v >> 16);
}
inline void put32_big_endian(Bytes& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<uint8_t>(v >> shift));
}

// An IDX file: magic 0, 0, type, ndim; big-endian dimensions; then `data`.
inline Bytes idx(const std::vector<uint32_t>& dims, const Bytes& data, uint8_t type = 0x08) {
  Bytes out{0, 0, type, static_cast<uint8_t>(dims.size())};
  for (uint32_t d : dims) put32_big_endian(out, d);
  out.insert(out.end(), data.begin(), data.end());
  return out;
}

// One gzip member holding `data` in stored deflate blocks (at most 65535 bytes each).
inline Bytes gzip(const Bytes& data) {
  Bytes out{0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0xFF};
  std::size_t offset = 0;
  do {
    std::size_t n = std::min<std::size_t>(data.size() - offset, 65535);
    bool final = offset + n == data.size();
    out.push_back(final ? 1 : 0);  // BFINAL, BTYPE = 00 (stored); the rest of the byte is padding
    put16(out, static_cast<uint32_t>(n));
    put16(out, static_cast<uint32_t>(~n & 0xFFFF));
    out.insert(out.end(), data.begin() + static_cast<std::ptrdiff_t>(offset),
               data.begin() + static_cast<std::ptrdiff_t>(offset + n));
    offset += n;
  } while (offset < data.size());
  put32(out, crc32(data));
  put32(out, static_cast<uint32_t>(data.size()));
  return out;
}

// A zip archive of stored members (name, bytes), as np.savez writes them (without zip64).
inline Bytes zip(const std::vector<std::pair<std::string, Bytes>>& members) {
  Bytes out, central;
  for (const auto& [name, data] : members) {
    auto offset = static_cast<uint32_t>(out.size());
    uint32_t crc = crc32(data);
    auto size = static_cast<uint32_t>(data.size());
    auto name_size = static_cast<uint32_t>(name.size());
    put32(out, 0x04034b50);  // local file header
    put16(out, 20);          // version needed
    put16(out, 0);           // flags
    put16(out, 0);           // method: stored
    put16(out, 0);           // time
    put16(out, 0x21);        // date: 1980-01-01
    put32(out, crc);
    put32(out, size);
    put32(out, size);
    put16(out, name_size);
    put16(out, 0);
    out.insert(out.end(), name.begin(), name.end());
    out.insert(out.end(), data.begin(), data.end());

    put32(central, 0x02014b50);  // central directory header
    put16(central, 20);          // version made by
    put16(central, 20);
    put16(central, 0);
    put16(central, 0);
    put16(central, 0);
    put16(central, 0x21);
    put32(central, crc);
    put32(central, size);
    put32(central, size);
    put16(central, name_size);
    put16(central, 0);  // extra
    put16(central, 0);  // comment
    put16(central, 0);  // disk
    put16(central, 0);  // internal attributes
    put32(central, 0);  // external attributes
    put32(central, offset);
    central.insert(central.end(), name.begin(), name.end());
  }
  auto central_offset = static_cast<uint32_t>(out.size());
  out.insert(out.end(), central.begin(), central.end());
  put32(out, 0x06054b50);  // end of central directory
  put16(out, 0);
  put16(out, 0);
  put16(out, static_cast<uint32_t>(members.size()));
  put16(out, static_cast<uint32_t>(members.size()));
  put32(out, static_cast<uint32_t>(central.size()));
  put32(out, central_offset);
  put16(out, 0);
  return out;
}

inline void write_bytes(const std::filesystem::path& path, const Bytes& bytes) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
}

inline Bytes read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace keras::testing
