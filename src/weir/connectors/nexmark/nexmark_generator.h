// NexmarkGenerator: Nexmark events as a pure function of (config, split, event number), generated
// column-at-a-time into record batches.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "weir/common/batch/record_batch.h"
#include "weir/common/memory/memory_pool.h"
#include "weir/common/result.h"
#include "weir/common/types/schema.h"
#include "weir/connectors/nexmark/nexmark_options.h"
#include "weir/connectors/nexmark/nexmark_tables.h"

namespace weir::connectors {

/// The kinds of event, as the values of the event_type column.
enum class NexmarkEventType : int32_t { kPerson = 0, kAuction = 1, kBid = 2 };

/// The top-level columns the connector produces, in schema order (ddl_gen.sql).
enum NexmarkColumn : int32_t {
  kNexmarkEventType = 0,
  kNexmarkPerson,
  kNexmarkAuction,
  kNexmarkBid
};

/// One split of the event space (upstream: one per reader). Its k-th event (k = 0, 1, ...)
/// has event number n = 1 + k and event id e = first_event_id + n.
struct NexmarkSplit {
  int32_t index = 0;
  int32_t num_splits = 1;
  int64_t first_event_id = 1;
  int64_t max_events = 0;  // this split's share of events.num
  int64_t stop = -1;       // this split's share of stop-at; < 0: none

  /// Returns how many events the split emits: min(max_events, stop), or max_events without
  /// a stop.
  int64_t limit() const { return stop < 0 ? max_events : std::min(max_events, stop); }
  bool operator==(const NexmarkSplit&) const = default;
};

/// Cuts `max_events` (and the budget `stop_at` when >= 0) into `num_splits` splits as the
/// upstream enumerator does: each gets ⌊total / p⌋ and the last one also the remainder;
/// split i starts at event id 1 + i·⌊max_events / p⌋.
std::vector<NexmarkSplit> MakeNexmarkSplits(int64_t max_events, int64_t stop_at,
                                            int32_t num_splits);

/// What a generator needs besides the options.
struct NexmarkGeneratorConfig {
  NexmarkOptions options;
  /// Event-time origin in epoch milliseconds (upstream: the planner's wall clock).
  int64_t base_time_ms = 0;
  /// Seeds every random value: event e draws from a stream keyed by (seed, e).
  uint64_t seed = 0;
  /// G, the number of generators that share first-event.rate: the planner's
  /// parallelism.default, not the runtime parallelism of the source.
  int32_t num_generators = 1;
};

/// Generates Nexmark events exactly as GENERATOR.md specifies upstream's generator: ids, types
/// and timestamps from the event number; field values from a per-event SplitMix64 stream
/// (state = mix64(mix64(seed) ^ e)) drawn in upstream order, so an event's content depends
/// only on (seed, e) and not on splits, batches, readers or restores.
///
/// Only the projected columns are built, and of the ROW columns only the fields read: a
/// nested projection (a path {c, f}) flattens field f of ROW column c into a top-level column
/// of its own. The rows of a kind that is not read cost no random draws at all, and a kind's
/// draws stop after the last field read.
/// Thread: immutable after Make(); Generate() may run concurrently.
class NexmarkGenerator {
 public:
  /// Returns the connector's physical schema (ddl_gen.sql): event_type INT, person ROW<...>,
  /// auction ROW<...>, bid ROW<...>, every type nullable.
  static SchemaPtr ProducedSchema();

  /// Makes a generator producing the columns `projection` (indices into ProducedSchema(), in
  /// output order; unset: all four; empty: batches without columns that only count rows).
  static Result<std::unique_ptr<NexmarkGenerator>> Make(
      NexmarkGeneratorConfig config, std::optional<std::vector<int32_t>> projection = {});
  /// Makes a generator producing one column per path, in output order (unset: all four
  /// columns; empty: batches without columns). A path {c} is the whole column c of
  /// ProducedSchema(); {c, f} is field f of ROW column c flattened into a column named
  /// "<column>_<field>" (e.g. bid_price) of the field's type made nullable: the field's value
  /// in rows of that kind, NULL in the others. Fails on paths out of range, longer than two
  /// entries, into event_type, or repeated.
  static Result<std::unique_ptr<NexmarkGenerator>> Make(
      NexmarkGeneratorConfig config, std::optional<std::vector<std::vector<int32_t>>> paths);

  const NexmarkGeneratorConfig& config() const { return config_; }
  /// Returns the schema of the generated batches (the projected columns).
  const SchemaPtr& output_schema() const { return output_schema_; }
  /// Returns the top-level column each output column comes from.
  const std::vector<int32_t>& projection() const { return projection_; }
  /// Returns the path of each output column (one entry for a whole column).
  const std::vector<std::vector<int32_t>>& paths() const { return paths_; }

  /// Returns the kind of event id `e`: person if e mod T < P, auction if < P + A, else bid.
  NexmarkEventType TypeOf(int64_t event_id) const {
    const int64_t r = event_id % total_;
    if (r < person_) return NexmarkEventType::kPerson;
    return r < person_ + auction_ ? NexmarkEventType::kAuction : NexmarkEventType::kBid;
  }
  /// Returns the event time of event number `n` (the same in every split):
  /// base_time + trunc(n · d) ÷ 1000 with d = (1e6 / first-event.rate) · G in doubles.
  int64_t Timestamp(int64_t event_number) const {
    return config_.base_time_ms +
           static_cast<int64_t>(static_cast<double>(event_number) * inter_event_delay_us_) / 1000;
  }
  /// Returns the newest base-0 person id at or before event id `e`.
  int64_t LastPerson(int64_t e) const {
    return (e / total_) * person_ + std::min(e % total_, person_ - 1);
  }
  /// Returns the newest base-0 auction id at or before event id `e`.
  int64_t LastAuction(int64_t e) const;

  /// Generates the `count` events of `split` starting at its event k = `first`, into one
  /// batch of output_schema(). Fails if the range passes the split's limit().
  Result<RecordBatchPtr> Generate(const NexmarkSplit& split, int64_t first, int64_t count,
                                  MemoryPool* pool = nullptr) const;

 private:
  NexmarkGeneratorConfig config_;
  std::vector<std::vector<int32_t>> paths_;
  std::vector<int32_t> projection_;
  SchemaPtr output_schema_;
  std::shared_ptr<const NexmarkTables> tables_;
  uint64_t mixed_seed_ = 0;
  int64_t person_ = 0;
  int64_t auction_ = 0;
  int64_t total_ = 1;
  double inter_event_delay_us_ = 0;
  int64_t auction_lifetime_events_ = 0;  // m = (inFlightAuctions · T) ÷ A

  friend class NexmarkBatchWriter;
};

}  // namespace weir::connectors
