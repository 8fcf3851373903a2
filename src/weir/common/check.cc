// The failure path of WEIR_CHECK: print what failed and where, then abort.
#include "weir/common/check.h"

#include <cstdio>
#include <cstdlib>

namespace weir::internal {

void CheckFailed(const char* file, int line, const char* condition, const std::string& detail) {
  std::fprintf(stderr, "Check failed: %s %s at %s:%d\n", condition, detail.c_str(), file, line);
  std::fflush(stderr);
  std::abort();
}

}  // namespace weir::internal
