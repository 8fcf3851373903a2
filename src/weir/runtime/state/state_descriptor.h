// State descriptors: how an operator names and types the keyed and operator states it uses.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>

namespace weir::runtime {

/// What a registered state holds. The values are written into snapshots.
enum class StateKind : uint8_t {
  kValue = 1,
  kList = 2,
  kMap = 3,
  kReducing = 4,
  kAggregating = 5,
  kTimers = 6,  // the timers of one internal timer service (time/)
};

/// Returns "VALUE", "LIST", "MAP", "REDUCING", "AGGREGATING" or "TIMERS".
const char* StateKindName(StateKind kind);

/// Time-to-live of state entries, as Flink's StateTtlConfig. Carried by descriptors and
/// recorded for later; not applied yet (state TTL is a later issue).
struct StateTtlConfig {
  enum class UpdateType : uint8_t { kOnCreateAndWrite, kOnReadAndWrite };
  enum class Visibility : uint8_t { kNeverReturnExpired, kReturnExpiredIfNotCleanedUp };
  enum class TimeDomain : uint8_t { kProcessingTime, kEventTime };

  bool enabled = false;
  int64_t ttl_ms = 0;
  UpdateType update_type = UpdateType::kOnCreateAndWrite;
  Visibility visibility = Visibility::kNeverReturnExpired;
  TimeDomain time_domain = TimeDomain::kProcessingTime;
};

/// What every descriptor has: a name unique within the operator, and a TTL.
struct StateDescriptor {
  explicit StateDescriptor(std::string name) : name(std::move(name)) {}
  std::string name;
  StateTtlConfig ttl;
};

/// A keyed value state (also the batch fast path, FixedValueState) of T.
template <typename T>
struct ValueStateDescriptor : StateDescriptor {
  using StateDescriptor::StateDescriptor;
};

/// A keyed list state, or an operator list / union list state, of elements T.
template <typename T>
struct ListStateDescriptor : StateDescriptor {
  using StateDescriptor::StateDescriptor;
};

/// A keyed map state, or an operator broadcast state, of K → V.
template <typename K, typename V>
struct MapStateDescriptor : StateDescriptor {
  using StateDescriptor::StateDescriptor;
};

/// A keyed reducing state: Add(v) stores reduce(stored, v).
template <typename T>
struct ReducingStateDescriptor : StateDescriptor {
  ReducingStateDescriptor(std::string name, std::function<T(const T&, const T&)> reduce)
      : StateDescriptor(std::move(name)), reduce(std::move(reduce)) {}
  std::function<T(const T&, const T&)> reduce;
};

/// Flink's AggregateFunction<IN, ACC, OUT> as functions.
template <typename IN, typename ACC, typename OUT>
struct AggregateFunction {
  std::function<ACC()> create_accumulator;
  std::function<void(const IN& value, ACC* acc)> add;
  std::function<OUT(const ACC& acc)> get_result;
  std::function<void(const ACC& from, ACC* into)> merge;  // optional; needed by MergeNamespaces
};

/// A keyed aggregating state: Add(in) folds into an accumulator ACC; Get() returns OUT.
template <typename IN, typename ACC, typename OUT>
struct AggregatingStateDescriptor : StateDescriptor {
  AggregatingStateDescriptor(std::string name, AggregateFunction<IN, ACC, OUT> function)
      : StateDescriptor(std::move(name)), function(std::move(function)) {}
  AggregateFunction<IN, ACC, OUT> function;
};

}  // namespace weir::runtime
