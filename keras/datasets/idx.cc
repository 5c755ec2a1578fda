#include "keras/datasets/idx.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <limits>
#include <string>
#include <system_error>
#include <vector>

#include "keras/core/error.h"

namespace keras::datasets {

namespace {

std::string hex_byte(unsigned value) {
  const char* digits = "0123456789ABCDEF";
  return std::string("0x") + digits[(value >> 4) & 15] + digits[value & 15];
}

// A gzip file inflated on demand from memory. Members follow each other as Python's gzip reads
// them: zero bytes after a member are padding, anything else must start another member.
class GzipStream {
 public:
  GzipStream(std::vector<uint8_t> compressed, std::string name)
      : input_(std::move(compressed)), name_(std::move(name)) {
    if (input_.size() < 2 || input_[0] != 0x1F || input_[1] != 0x8B)
      throw IOError(str(name_,
                        ": not a gzip file (Keras's Fashion-MNIST files are the gzip'd "
                        "IDX files, *-ubyte.gz)"));
    std::memset(&stream_, 0, sizeof stream_);
    if (inflateInit2(&stream_, 16 + MAX_WBITS) != Z_OK)
      throw IOError(str(name_, ": cannot start gzip decompression"));
  }
  GzipStream(const GzipStream&) = delete;
  GzipStream& operator=(const GzipStream&) = delete;
  ~GzipStream() { inflateEnd(&stream_); }

  std::size_t compressed_size() const { return input_.size(); }

  // Inflates up to n bytes into out; fewer only at the end of the last member.
  std::size_t read(uint8_t* out, std::size_t n) {
    std::size_t produced = 0;
    while (produced < n) {
      if (member_ended_) {
        while (offset_ < input_.size() && input_[offset_] == 0) ++offset_;  // padding
        if (offset_ == input_.size()) break;
        if (input_.size() - offset_ < 2 || input_[offset_] != 0x1F || input_[offset_ + 1] != 0x8B)
          throw IOError(str(name_, ": corrupt gzip file (", input_.size() - offset_,
                            " bytes after the compressed data are not another gzip member)"));
        inflateReset(&stream_);
        member_ended_ = false;
      }
      std::size_t in_chunk =
          std::min<std::size_t>(input_.size() - offset_, std::numeric_limits<uInt>::max());
      std::size_t out_chunk = std::min<std::size_t>(n - produced, std::numeric_limits<uInt>::max());
      stream_.next_in = input_.data() + offset_;
      stream_.avail_in = static_cast<uInt>(in_chunk);
      stream_.next_out = out + produced;
      stream_.avail_out = static_cast<uInt>(out_chunk);
      int status = inflate(&stream_, Z_NO_FLUSH);
      offset_ += in_chunk - stream_.avail_in;
      produced += out_chunk - stream_.avail_out;
      if (status == Z_STREAM_END) {
        member_ended_ = true;
      } else if (status == Z_BUF_ERROR ||
                 (status == Z_OK && offset_ == input_.size() && stream_.avail_out != 0)) {
        throw IOError(str(name_, ": truncated gzip file (the compressed data ends early; ",
                          "download it again)"));
      } else if (status != Z_OK) {
        throw IOError(str(name_, ": corrupt gzip file (",
                          stream_.msg ? stream_.msg : "zlib error " + std::to_string(status), ")"));
      }
    }
    return produced;
  }

 private:
  std::vector<uint8_t> input_;
  std::string name_;
  z_stream stream_;
  std::size_t offset_ = 0;
  bool member_ended_ = false;
};

std::vector<uint8_t> read_file(const std::filesystem::path& path) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec) throw IOError(str("Cannot read ", path.string(), ": ", ec.message()));
  std::ifstream in(path, std::ios::binary);
  std::vector<uint8_t> bytes(static_cast<std::size_t>(size));
  if (!in || !in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size)))
    throw IOError(str("Cannot read ", path.string()));
  return bytes;
}

const char* idx_type_name(unsigned type) {
  switch (type) {
    case 0x09:
      return "signed bytes";
    case 0x0B:
      return "int16";
    case 0x0C:
      return "int32";
    case 0x0D:
      return "float32";
    case 0x0E:
      return "float64";
    default:
      return nullptr;
  }
}

}  // namespace

Tensor read_idx_gz(const std::filesystem::path& path) {
  const std::string name = path.string();
  GzipStream gz(read_file(path), name);

  uint8_t magic[4];
  if (gz.read(magic, 4) < 4) throw IOError(str(name, ": truncated IDX file (no header)"));
  unsigned type = magic[2], ndim = magic[3];
  std::string magic_text =
      hex_byte(magic[0]) + " " + hex_byte(magic[1]) + " " + hex_byte(type) + " " + hex_byte(ndim);
  if (magic[0] != 0 || magic[1] != 0 || ndim == 0 || ndim > 8 ||
      (type != 0x08 && !idx_type_name(type)))
    throw IOError(str(name, ": not an IDX file (its magic number is ", magic_text,
                      "; IDX files start with 0x00 0x00, a type byte and a dimension count)"));
  if (type != 0x08)
    throw IOError(
        str(name, ": IDX files of ", idx_type_name(type),
            " are not supported (MNIST and Fashion-MNIST hold unsigned bytes, type 0x08)"));

  std::vector<int64_t> dims(ndim);
  uint8_t raw[4 * 8];
  if (gz.read(raw, 4 * ndim) < 4 * ndim)
    throw IOError(
        str(name, ": truncated IDX file (the header ends before its ", ndim, " dimensions)"));
  uint64_t count = 1;
  bool overflow = false;
  for (unsigned i = 0; i < ndim; ++i) {
    uint32_t d = (uint32_t{raw[4 * i]} << 24) | (uint32_t{raw[4 * i + 1]} << 16) |
                 (uint32_t{raw[4 * i + 2]} << 8) | uint32_t{raw[4 * i + 3]};
    dims[i] = d;
    if (d != 0 && count > std::numeric_limits<uint64_t>::max() / d) overflow = true;
    count *= d;
  }
  // Deflate expands at most 1032:1, so a header asking for more than that is a damaged file;
  // checked before the tensor is allocated.
  if (overflow || count > 1100 * static_cast<uint64_t>(gz.compressed_size()) + 4096)
    throw IOError(str(name, ": corrupt IDX file (its header says ", Shape(dims),
                      ", more bytes than the ", gz.compressed_size(),
                      "-byte compressed file can hold)"));

  Tensor tensor = Tensor::empty(Shape(dims), DType::uint8);
  auto size = static_cast<std::size_t>(count);
  std::size_t got = size ? gz.read(tensor.data<uint8_t>(), size) : 0;
  if (got < size)
    throw IOError(str(name, ": truncated IDX file (its header says ", Shape(dims), ", ", size,
                      " bytes of data, but only ", got, " follow)"));
  uint8_t extra;
  if (gz.read(&extra, 1) != 0)  // also reads the gzip trailer, which checks the CRC
    throw IOError(
        str(name, ": corrupt IDX file (more data than its header's ", Shape(dims), " holds)"));
  return tensor;
}

}  // namespace keras::datasets
