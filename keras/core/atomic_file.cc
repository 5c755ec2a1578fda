#include "keras/core/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <string>

#include "keras/core/error.h"

namespace keras {

namespace {

int write_all(int fd, const void* data, std::size_t n) {
  const auto* p = static_cast<const unsigned char*>(data);
  while (n > 0) {
    ssize_t put = ::write(fd, p, n);
    if (put < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    p += put;
    n -= static_cast<std::size_t>(put);
  }
  return 0;
}

}  // namespace

int write_file_atomically(const std::filesystem::path& path,
                          std::initializer_list<FileChunk> chunks, IfExists if_exists) {
  static std::atomic<uint64_t> counter{0};
  const std::filesystem::path dir = path.parent_path();
  std::string temp;
  int fd = -1;
  for (int attempt = 0; fd < 0; ++attempt) {
    std::string leaf = str(".", path.filename().string(), ".tmp.", ::getpid(), ".", counter++);
    temp = (dir.empty() ? std::filesystem::path(leaf) : dir / leaf).string();
    // 0666 before the umask: the permissions a plain open() of a new file gives.
    fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0 && (errno != EEXIST || attempt > 100)) return errno;
  }
  int error = 0;
  for (const FileChunk& chunk : chunks)
    if (!error && chunk.size) error = write_all(fd, chunk.data, chunk.size);
  if (!error && ::fsync(fd) != 0) error = errno;
  if (::close(fd) != 0 && !error) error = errno;
  if (!error) {
    const std::string target = path.string();
    if (if_exists == IfExists::replace) {
      if (::rename(temp.c_str(), target.c_str()) != 0) error = errno;
    } else if (::link(temp.c_str(), target.c_str()) != 0) {
      error = errno;
      // Filesystems without hard links: fall back to rename when nothing is there yet.
      std::error_code ignored;
      if (error != EEXIST && !std::filesystem::exists(path, ignored))
        error = ::rename(temp.c_str(), target.c_str()) == 0 ? 0 : errno;
    }
  }
  // After a rename the temporary name is gone; after a link (or a failure) it is removed here.
  ::unlink(temp.c_str());
  return error;
}

}  // namespace keras
