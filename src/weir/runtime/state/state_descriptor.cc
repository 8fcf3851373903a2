// State descriptors: names of state kinds.
#include "weir/runtime/state/state_descriptor.h"

namespace weir::runtime {

const char* StateKindName(StateKind kind) {
  switch (kind) {
    case StateKind::kValue:
      return "VALUE";
    case StateKind::kList:
      return "LIST";
    case StateKind::kMap:
      return "MAP";
    case StateKind::kReducing:
      return "REDUCING";
    case StateKind::kAggregating:
      return "AGGREGATING";
    case StateKind::kTimers:
      return "TIMERS";
  }
  return "UNKNOWN";
}

}  // namespace weir::runtime
