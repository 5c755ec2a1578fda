#include "keras/core/buffer.h"

#include "keras/backend/backend.h"

namespace keras {

Buffer::Buffer(backend::Backend& backend, std::size_t bytes)
    : backend_(&backend), data_(backend.allocate(bytes)), bytes_(bytes) {}

Buffer::~Buffer() { backend_->deallocate(data_, bytes_); }

}  // namespace keras
