// Crash-safe file writes: the bytes go to a hidden temporary file in the target's folder, are
// flushed to disk, and only then take the target's name (rename() is atomic within a
// filesystem), so a crash or a full disk never leaves a half-written file where a good one was.
#pragma once

#include <cstddef>
#include <filesystem>
#include <initializer_list>
#include <string_view>

namespace keras {

struct FileChunk {
  const void* data;
  std::size_t size;
};

enum class IfExists {
  replace,  // rename over an existing file
  keep,     // leave an existing file alone (hard link; it fails with EEXIST when one exists)
};

// Returns 0 on success or the errno of the step that failed; the temporary file is removed on
// failure. Never throws for I/O errors: callers choose between reporting and ignoring them.
int write_file_atomically(const std::filesystem::path& path,
                          std::initializer_list<FileChunk> chunks,
                          IfExists if_exists = IfExists::replace);

}  // namespace keras
