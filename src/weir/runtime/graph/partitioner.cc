// PartitionerSpec names: Flink's ship strategy names and the lower-case JSON names.
#include "weir/runtime/graph/partitioner.h"

#include <cctype>

namespace weir::runtime {

namespace {

constexpr PartitionerKind kAllKinds[] = {
    PartitionerKind::kForward, PartitionerKind::kHash,      PartitionerKind::kRebalance,
    PartitionerKind::kRescale, PartitionerKind::kBroadcast, PartitionerKind::kGlobal,
    PartitionerKind::kCustom,
};

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace

const char* ShipStrategyName(PartitionerKind kind) {
  switch (kind) {
    case PartitionerKind::kForward:
      return "FORWARD";
    case PartitionerKind::kHash:
      return "HASH";
    case PartitionerKind::kRebalance:
      return "REBALANCE";
    case PartitionerKind::kRescale:
      return "RESCALE";
    case PartitionerKind::kBroadcast:
      return "BROADCAST";
    case PartitionerKind::kGlobal:
      return "GLOBAL";
    case PartitionerKind::kCustom:
      return "CUSTOM";
  }
  return "UNKNOWN";
}

const char* PartitionerKindName(PartitionerKind kind) {
  switch (kind) {
    case PartitionerKind::kForward:
      return "forward";
    case PartitionerKind::kHash:
      return "hash";
    case PartitionerKind::kRebalance:
      return "rebalance";
    case PartitionerKind::kRescale:
      return "rescale";
    case PartitionerKind::kBroadcast:
      return "broadcast";
    case PartitionerKind::kGlobal:
      return "global";
    case PartitionerKind::kCustom:
      return "custom";
  }
  return "unknown";
}

std::optional<PartitionerKind> ParsePartitionerKind(std::string_view name) {
  for (PartitionerKind kind : kAllKinds) {
    if (EqualsIgnoreCase(name, PartitionerKindName(kind))) return kind;
  }
  return std::nullopt;
}

std::string PartitionerSpec::ToString() const { return ShipStrategyName(kind); }

}  // namespace weir::runtime
