// Strong identifier types of the runtime: jobs, vertices, subtasks, checkpoints, key groups.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "weir/common/str_cat.h"

namespace weir::runtime {

/// An integer identifier that does not mix with other identifiers of the same width.
template <typename Tag, typename T = int64_t>
class StrongId {
 public:
  using ValueType = T;
  constexpr StrongId() = default;
  constexpr explicit StrongId(T value) : value_(value) {}
  constexpr T value() const { return value_; }
  constexpr auto operator<=>(const StrongId&) const = default;
  std::string ToString() const { return StrCat(value_); }

 private:
  T value_{};
};

struct CheckpointIdTag {};
struct VertexIdTag {};
struct SubtaskIndexTag {};
struct KeyGroupTag {};
struct StreamNodeIdTag {};

/// Checkpoint ids start at 1 and grow by one per triggered checkpoint or savepoint.
using CheckpointId = StrongId<CheckpointIdTag, int64_t>;
/// Index of a vertex (an operator chain's head before chaining) in its job graph.
using VertexId = StrongId<VertexIdTag, int32_t>;
/// Index of one parallel instance of a vertex, in [0, parallelism).
using SubtaskIndex = StrongId<SubtaskIndexTag, int32_t>;
/// A key group, in [0, max_parallelism).
using KeyGroup = StrongId<KeyGroupTag, int32_t>;
/// Index of an operator (a node) in its stream graph, in the order the nodes were added.
using StreamNodeId = StrongId<StreamNodeIdTag, int32_t>;

/// A job's id: 16 random bytes printed as 32 lower-case hex digits, as Flink prints JobIDs.
class JobId {
 public:
  JobId() = default;
  JobId(uint64_t high, uint64_t low) : high_(high), low_(low) {}
  /// Makes a random id.
  static JobId Generate();
  /// Parses 32 hex digits; returns false on malformed input.
  static bool Parse(std::string_view text, JobId* out);
  std::string ToString() const;
  auto operator<=>(const JobId&) const = default;
  uint64_t high() const { return high_; }
  uint64_t low() const { return low_; }

 private:
  uint64_t high_ = 0;
  uint64_t low_ = 0;
};

}  // namespace weir::runtime

template <typename Tag, typename T>
struct std::hash<weir::runtime::StrongId<Tag, T>> {
  size_t operator()(const weir::runtime::StrongId<Tag, T>& id) const noexcept {
    return std::hash<T>()(id.value());
  }
};

template <>
struct std::hash<weir::runtime::JobId> {
  size_t operator()(const weir::runtime::JobId& id) const noexcept {
    return std::hash<uint64_t>()(id.high() * 0x9E3779B97F4A7C15ULL ^ id.low());
  }
};
