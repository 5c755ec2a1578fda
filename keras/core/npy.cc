// The .npy format as NumPy documents it (numpy/lib/format.py): the magic "\x93NUMPY", a major
// and a minor version byte, the header length (uint16 LE in 1.0, uint32 LE in 2.0 and 3.0), then
// a Python dict literal {'descr': ..., 'fortran_order': ..., 'shape': ...} padded with spaces and
// ending in '\n' so that the data starts on a 64-byte boundary, then the raw elements.
//
// The header is parsed by a small strict parser of exactly that literal grammar (strings,
// True/False, tuples of ints) rather than anything resembling eval. All sizes are checked with
// overflow-safe arithmetic against the length of the input before the data buffer is allocated.
#include "keras/core/npy.h"

#include "keras/core/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <optional>

#include "keras/backend/backend.h"
#include "keras/core/error.h"

namespace keras {

namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr std::size_t kMagicLen = 6;
constexpr std::size_t kAlign = 64;                // NumPy's ARRAY_ALIGN
constexpr std::size_t kGrowthAxisMaxDigits = 21;  // NumPy's GROWTH_AXIS_MAX_DIGITS

const char* const kSupported =
    "'<f2' (float16), '<f4' (float32), '<f8' (float64), '<i4' (int32), '<i8' (int64), "
    "'|u1' (uint8), '|b1' (bool), '<V2' (bfloat16, as ml_dtypes writes it)";

// Python-style escaping of bytes for messages: printable ASCII as is, the rest as \xNN.
std::string escaped(const uint8_t* bytes, std::size_t n) {
  static const char hex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    uint8_t c = bytes[i];
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      out += static_cast<char>(c);
    } else {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string errno_text(int error) {
  return std::strerror(error);
}

// --- Where the bytes come from --------------------------------------------------------------

class ByteSource {
 public:
  explicit ByteSource(std::string name) : name_(std::move(name)) {}
  virtual ~ByteSource() = default;
  virtual uint64_t size() const = 0;
  // Reads exactly n bytes at offset (the caller has checked the range); throws IOError.
  virtual void read(uint64_t offset, void* dst, std::size_t n) = 0;
  const std::string& name() const { return name_; }

  [[noreturn]] void fail(const std::string& what) const {
    throw IOError(str("Cannot read .npy file '", name_, "': ", what));
  }

 private:
  std::string name_;
};

class MemorySource final : public ByteSource {
 public:
  MemorySource(const void* data, std::size_t size, std::string name)
      : ByteSource(std::move(name)), data_(static_cast<const uint8_t*>(data)), size_(size) {}
  uint64_t size() const override { return size_; }
  void read(uint64_t offset, void* dst, std::size_t n) override {
    if (n) std::memcpy(dst, data_ + offset, n);
  }

 private:
  const uint8_t* data_;
  std::size_t size_;
};

class FileSource final : public ByteSource {
 public:
  FileSource(int fd, uint64_t size, std::string name)
      : ByteSource(std::move(name)), fd_(fd), size_(size) {}
  uint64_t size() const override { return size_; }
  void read(uint64_t offset, void* dst, std::size_t n) override {
    auto* out = static_cast<uint8_t*>(dst);
    while (n > 0) {
      ssize_t got = ::pread(fd_, out, n, static_cast<off_t>(offset));
      if (got < 0) {
        if (errno == EINTR) continue;
        fail(str("read error at byte ", offset, ": ", errno_text(errno)));
      }
      if (got == 0) fail(str("the file ended early at byte ", offset, " (it changed while read?)"));
      out += got;
      offset += static_cast<uint64_t>(got);
      n -= static_cast<std::size_t>(got);
    }
  }

 private:
  int fd_;
  uint64_t size_;
};

// --- The header dict ------------------------------------------------------------------------

struct Descr {
  DType dtype;
  bool swap;  // big-endian data on this little-endian host
};

struct Header {
  Descr descr;
  bool fortran_order;
  std::vector<int64_t> shape;
};

// A recursive-descent parser for the header's Python literal. Accepts what Python's
// ast.literal_eval would accept for this dict (either quote style, any spacing, trailing commas,
// Python 2's "3L" integers) and nothing else.
class HeaderParser {
 public:
  HeaderParser(std::string_view text, const ByteSource& source) : text_(text), source_(source) {}

  Header parse() {
    skip_space();
    expect('{', "the header to start with '{'");
    std::optional<std::string> descr;
    std::optional<bool> fortran;
    std::optional<std::vector<int64_t>> shape;
    skip_space();
    while (peek() != '}') {
      std::string key = parse_string("a quoted key");
      skip_space();
      expect(':', str("':' after key '", key, "'"));
      skip_space();
      if (key == "descr") {
        if (descr) fail(str("the key 'descr' appears twice"));
        if (peek() == '[')
          fail(
              "the array has a structured (record) dtype; only plain numeric dtypes are "
              "supported: " +
              std::string(kSupported));
        descr = parse_string("a quoted dtype string for 'descr'");
      } else if (key == "fortran_order") {
        if (fortran) fail(str("the key 'fortran_order' appears twice"));
        fortran = parse_bool();
      } else if (key == "shape") {
        if (shape) fail(str("the key 'shape' appears twice"));
        shape = parse_shape();
      } else {
        fail(str("unexpected key '", key,
                 "' in the header (expected exactly 'descr', 'fortran_order' and 'shape')"));
      }
      skip_space();
      if (peek() == ',') {
        ++pos_;
        skip_space();
      } else if (peek() != '}') {
        fail(str("expected ',' or '}' in the header at offset ", pos_, ", got ", got()));
      }
    }
    ++pos_;
    skip_space();
    if (pos_ != text_.size())
      fail(str("unexpected text after the header dict at offset ", pos_, ": ", got()));
    if (!descr || !fortran || !shape) {
      std::string missing;
      if (!descr) missing += "'descr' ";
      if (!fortran) missing += "'fortran_order' ";
      if (!shape) missing += "'shape' ";
      missing.pop_back();
      fail(str("the header lacks the key(s) ", missing,
               " (expected exactly 'descr', 'fortran_order' and 'shape')"));
    }
    return {parse_descr(*descr), *fortran, std::move(*shape)};
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    source_.fail(str(what, " [header: ", std::string(text_), "]"));
  }

  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }

  std::string got() const {
    if (pos_ >= text_.size()) return "the end of the header";
    std::string_view rest = text_.substr(pos_, 16);
    return str("'", std::string(rest), "'");
  }

  void skip_space() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r'))
      ++pos_;
  }

  void expect(char c, const std::string& what) {
    if (peek() != c) fail(str("expected ", what, " at offset ", pos_, ", got ", got()));
    ++pos_;
  }

  std::string parse_string(const std::string& what) {
    char quote = peek();
    if (quote != '\'' && quote != '"')
      fail(str("expected ", what, " at offset ", pos_, ", got ", got()));
    std::size_t start = ++pos_;
    while (pos_ < text_.size() && text_[pos_] != quote) {
      // NumPy never writes escapes here; refusing them keeps the parser obviously correct.
      if (text_[pos_] == '\\' || text_[pos_] == '\n')
        fail(str("unsupported character in a string at offset ", pos_));
      ++pos_;
    }
    if (pos_ >= text_.size()) fail(str("unterminated string starting at offset ", start - 1));
    return std::string(text_.substr(start, pos_++ - start));
  }

  bool parse_bool() {
    if (text_.substr(pos_, 4) == "True") {
      pos_ += 4;
      return true;
    }
    if (text_.substr(pos_, 5) == "False") {
      pos_ += 5;
      return false;
    }
    fail(str("expected True or False for 'fortran_order' at offset ", pos_, ", got ", got()));
  }

  std::vector<int64_t> parse_shape() {
    expect('(', "a tuple of ints for 'shape'");
    std::vector<int64_t> dims;
    bool trailing_comma = false;
    skip_space();
    while (peek() != ')') {
      dims.push_back(parse_dim());
      skip_space();
      trailing_comma = false;
      if (peek() == ',') {
        ++pos_;
        trailing_comma = true;
        skip_space();
      } else if (peek() != ')') {
        fail(str("expected ',' or ')' in 'shape' at offset ", pos_, ", got ", got()));
      }
    }
    ++pos_;
    // "(3)" is the integer 3 in Python, not a tuple; NumPy rejects it too.
    if (dims.size() == 1 && !trailing_comma)
      fail("'shape' must be a tuple: a one-dimensional shape is written '(n,)'");
    return dims;
  }

  int64_t parse_dim() {
    std::size_t start = pos_;
    bool negative = false;
    if (peek() == '-' || peek() == '+') {
      negative = peek() == '-';
      ++pos_;
    }
    if (peek() < '0' || peek() > '9')
      fail(str("expected an integer dimension in 'shape' at offset ", pos_, ", got ", got()));
    uint64_t value = 0;
    bool overflow = false;
    while (peek() >= '0' && peek() <= '9') {
      uint64_t digit = static_cast<uint64_t>(peek() - '0');
      if (value > (static_cast<uint64_t>(INT64_MAX) - digit) / 10)
        overflow = true;
      else
        value = value * 10 + digit;
      ++pos_;
    }
    if (peek() == 'L' || peek() == 'l') ++pos_;  // Python 2 long literal (old NumPy files)
    std::string literal(text_.substr(start, pos_ - start));
    if (negative && (value != 0 || overflow))
      fail(str("negative dimension ", literal, " in 'shape'"));
    if (overflow) fail(str("dimension ", literal, " in 'shape' is too large"));
    return static_cast<int64_t>(value);
  }

  Descr parse_descr(const std::string& text) const {
    std::string_view d = text;
    char order = '|';
    if (!d.empty() && (d[0] == '<' || d[0] == '>' || d[0] == '|' || d[0] == '=')) {
      order = d[0];
      d.remove_prefix(1);
    }
    auto unsupported = [&](const std::string& why) -> Descr {
      fail(str("unsupported dtype descr '", text, "'", why, "; supported: ", kSupported));
    };
    if (d.empty()) return unsupported("");
    char kind = d[0];
    if (kind == 'O') return unsupported(" (pickled Python objects)");
    if (d.size() < 2) return unsupported("");
    std::string_view digits = d.substr(1);
    for (char c : digits)
      if (c < '0' || c > '9') return unsupported("");
    int bytes = digits.size() > 2 ? -1 : std::stoi(std::string(digits));
    std::optional<DType> dtype;
    if (kind == 'f' && bytes == 2)
      dtype = DType::float16;
    else if (kind == 'f' && bytes == 4)
      dtype = DType::float32;
    else if (kind == 'f' && bytes == 8)
      dtype = DType::float64;
    else if (kind == 'i' && bytes == 4)
      dtype = DType::int32;
    else if (kind == 'i' && bytes == 8)
      dtype = DType::int64;
    else if (kind == 'u' && bytes == 1)
      dtype = DType::uint8;
    else if (kind == 'b' && bytes == 1)
      dtype = DType::bool_;
    else if (kind == 'V' && bytes == 2)
      dtype = DType::bfloat16;  // see npy.h
    if (!dtype) {
      if (kind == 'i' && bytes == 1) return unsupported(" (int8)");
      if (kind == 'i' && bytes == 2) return unsupported(" (int16)");
      if (kind == 'u') return unsupported(str(" (uint", bytes * 8, ")"));
      if (kind == 'c') return unsupported(" (complex)");
      if (kind == 'U' || kind == 'S') return unsupported(" (strings)");
      return unsupported("");
    }
    return {*dtype, order == '>' && bytes > 1};
  }

  std::string_view text_;
  const ByteSource& source_;
  std::size_t pos_ = 0;
};

void byte_swap(void* data, std::size_t item, std::size_t count) {
  auto* p = static_cast<uint8_t*>(data);
  for (std::size_t i = 0; i < count; ++i, p += item)
    for (std::size_t a = 0, b = item - 1; a < b; ++a, --b) std::swap(p[a], p[b]);
}

Tensor read_npy(ByteSource& in) {
  const uint64_t total = in.size();
  uint8_t prefix[12] = {};
  if (total < 10)
    in.fail(
        str("the file is too short to be a .npy file: expected at least 10 bytes (magic, "
            "version and header length), got ",
            total));
  in.read(0, prefix, 10);
  if (std::memcmp(prefix, kMagic, kMagicLen) != 0)
    in.fail(str("not a .npy file: expected the magic string '\\x93NUMPY' at the start, got '",
                escaped(prefix, kMagicLen), "'"));
  int major = prefix[6], minor = prefix[7];
  if (major < 1 || major > 3 || minor != 0)
    in.fail(
        str("unsupported .npy format version ", major, ".", minor, " (expected 1.0, 2.0 or 3.0)"));
  uint64_t header_len, header_start;
  if (major == 1) {
    header_len = prefix[8] | (uint64_t{prefix[9]} << 8);
    header_start = 10;
  } else {
    if (total < 12)
      in.fail(str("the file is too short: a version ", major,
                  ".0 header needs 12 bytes before the header text, got ", total));
    in.read(10, prefix + 10, 2);
    header_len = prefix[8] | (uint64_t{prefix[9]} << 8) | (uint64_t{prefix[10]} << 16) |
                 (uint64_t{prefix[11]} << 24);
    header_start = 12;
  }
  if (header_len > total - header_start)
    in.fail(str("truncated header: the header length field says ", header_len, " bytes, but only ",
                total - header_start, " bytes follow it"));
  std::string text(static_cast<std::size_t>(header_len), '\0');
  in.read(header_start, text.data(), text.size());
  // Versions 1.0 and 2.0 are latin-1, 3.0 is UTF-8; the grammar itself is ASCII, and bytes
  // outside it are rejected by the parser wherever they appear.
  Header header = HeaderParser(text, in).parse();

  const std::size_t item = size_of(header.descr.dtype);
  uint64_t count = 1;
  int larger_than_one = 0;
  const bool has_zero =
      std::find(header.shape.begin(), header.shape.end(), 0) != header.shape.end();
  for (int64_t d : header.shape) {
    if (d > 1) ++larger_than_one;
    if (!has_zero && __builtin_mul_overflow(count, static_cast<uint64_t>(d), &count))
      in.fail(str("shape ", Shape(header.shape), " has too many elements"));
  }
  if (has_zero) count = 0;
  uint64_t data_bytes;
  if (__builtin_mul_overflow(count, uint64_t{item}, &data_bytes))
    in.fail(str("shape ", Shape(header.shape), " has too many elements"));
  // Column-major and row-major layouts coincide when at most one dimension exceeds 1 (tools
  // such as npy-matlab always write fortran_order True), so only a real transposition is refused.
  if (header.fortran_order && larger_than_one > 1)
    in.fail(
        str("Fortran order (column-major) is not supported: expected 'fortran_order': "
            "False for shape ",
            Shape(header.shape), "; save a C-ordered array (np.ascontiguousarray)"));
  const uint64_t data_start = header_start + header_len;
  const uint64_t available = total - data_start;
  if (available != data_bytes)
    in.fail(str("data size mismatch: shape ", Shape(header.shape), " of ", name(header.descr.dtype),
                " needs ", data_bytes, " bytes of data after the ", data_start,
                "-byte header, but the file has ", available));

  Tensor out = Tensor::empty(Shape(header.shape), header.descr.dtype);
  if (data_bytes) {
    in.read(data_start, out.raw_data(), static_cast<std::size_t>(data_bytes));
    if (header.descr.swap) byte_swap(out.raw_data(), item, static_cast<std::size_t>(count));
    if (header.descr.dtype == DType::bool_) {  // our kernels rely on bools being 0 or 1
      auto* b = static_cast<uint8_t*>(out.raw_data());
      for (uint64_t i = 0; i < count; ++i) b[i] = b[i] != 0;
    }
  }
  return out;
}

// --- Writing --------------------------------------------------------------------------------

std::string descr_of(DType dtype) {
  switch (dtype) {
    case DType::float16:
      return "<f2";
    case DType::bfloat16:
      return "<V2";
    case DType::float32:
      return "<f4";
    case DType::float64:
      return "<f8";
    case DType::int32:
      return "<i4";
    case DType::int64:
      return "<i8";
    case DType::uint8:
      return "|u1";
    case DType::bool_:
      return "|b1";
  }
  KERAS_UNREACHABLE("unknown dtype");
}

// The header bytes exactly as NumPy 1.24+ writes them (format.py, _write_array_header).
std::string make_header(const Tensor& tensor) {
  std::string dict =
      "{'descr': '" + descr_of(tensor.dtype()) + "', 'fortran_order': False, 'shape': (";
  const Shape& shape = tensor.shape();
  for (int i = 0; i < shape.rank(); ++i) {
    if (i) dict += ", ";
    dict += std::to_string(shape[i]);
  }
  if (shape.rank() == 1) dict += ",";
  dict += "), }";
  // NumPy leaves room to grow the first axis in place.
  if (shape.rank() > 0)
    dict.append(
        kGrowthAxisMaxDigits - std::min(kGrowthAxisMaxDigits, std::to_string(shape[0]).size()),
        ' ');
  std::size_t hlen = dict.size() + 1;  // + '\n'
  for (int major : {1, 2}) {
    std::size_t len_bytes = major == 1 ? 2 : 4;
    std::size_t pad = kAlign - (kMagicLen + 2 + len_bytes + hlen) % kAlign;
    std::size_t field = hlen + pad;
    if (major == 1 && field > 0xffff) continue;
    std::string out(kMagic, kMagicLen);
    out += static_cast<char>(major);
    out += '\0';
    for (std::size_t b = 0; b < len_bytes; ++b) out += static_cast<char>((field >> (8 * b)) & 0xff);
    out += dict;
    out.append(pad, ' ');
    out += '\n';
    return out;
  }
  KERAS_UNREACHABLE("unreachable");
}

Tensor host_values(const Tensor& tensor, const char* where) {
  if (!tensor.defined())
    throw ValueError(str(where, ": the tensor is empty (default-constructed)"));
  if (tensor.is_symbolic())
    throw ValueError(str(where, ": cannot save a symbolic tensor (", tensor.meta().to_string(),
                         "); it has no values until the graph runs"));
  return tensor.backend().is_host() ? tensor : tensor.to(backend::host());
}

}  // namespace

Tensor parse_npy(const void* data, std::size_t size, const std::string& source) {
  if (!data && size) throw ValueError("parse_npy: data is null");
  MemorySource in(data, size, source);
  return read_npy(in);
}

Tensor load_npy(const std::filesystem::path& path) {
  const std::string name = path.string();
  int fd = ::open(name.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw IOError(str("Unable to open .npy file '", name, "': ", errno_text(errno)));
  struct FdCloser {
    int fd;
    ~FdCloser() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0)
    throw IOError(str("Unable to open .npy file '", name, "': ", errno_text(errno)));
  if (S_ISDIR(st.st_mode))
    throw IOError(str("Unable to open .npy file '", name, "': it is a directory"));
  if (S_ISREG(st.st_mode)) {
    FileSource in(fd, static_cast<uint64_t>(st.st_size), name);
    return read_npy(in);
  }
  // A pipe or a device has no length to check against: read it whole first.
  std::vector<uint8_t> bytes;
  uint8_t chunk[1 << 16];
  for (;;) {
    ssize_t got = ::read(fd, chunk, sizeof chunk);
    if (got < 0) {
      if (errno == EINTR) continue;
      throw IOError(str("Cannot read .npy file '", name, "': ", errno_text(errno)));
    }
    if (got == 0) break;
    bytes.insert(bytes.end(), chunk, chunk + got);
  }
  return parse_npy(bytes.data(), bytes.size(), name);
}

std::vector<uint8_t> serialize_npy(const Tensor& tensor) {
  Tensor host = host_values(tensor, "serialize_npy");
  std::string header = make_header(host);
  std::vector<uint8_t> out(header.size() + host.nbytes());
  std::memcpy(out.data(), header.data(), header.size());
  if (host.nbytes()) std::memcpy(out.data() + header.size(), host.raw_data(), host.nbytes());
  return out;
}

void save_npy(const std::filesystem::path& path, const Tensor& tensor) {
  Tensor host = host_values(tensor, "save_npy");
  const std::string header = make_header(host);
  const std::string name = path.string();

  int error = write_file_atomically(
      path, {{header.data(), header.size()}, {host.raw_data(), host.nbytes()}});
  if (error) {
    throw IOError(str("Unable to write .npy file '", name, "': ", errno_text(error),
                      " (the previous file, if any, is unchanged)"));
  }
}

}  // namespace keras
