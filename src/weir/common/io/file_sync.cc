// File durability: fsync of a directory through its descriptor.
#include "weir/common/io/file_sync.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace weir {

Status SyncDirectory(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    return Status::IOError("Failed to open directory for fsync: ", std::strerror(errno), ": ",
                           dir);
  }
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0) return Status::IOError("Failed to fsync directory: ", std::strerror(err), ": ", dir);
  return Status::OK();
}

}  // namespace weir
