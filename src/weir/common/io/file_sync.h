// File durability: fsync of directories, so renames and new files survive a crash.
#pragma once

#include <string>

#include "weir/common/status.h"

namespace weir {

/// Flushes the directory entry changes of `dir` (new files, renames) to disk. The error names
/// the directory and the system's reason.
Status SyncDirectory(const std::string& dir);

}  // namespace weir
