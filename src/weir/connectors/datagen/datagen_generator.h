// DatagenGenerator: the columnar, checkpointable row generator behind the datagen connector.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "weir/common/batch/record_batch.h"
#include "weir/common/memory/memory_pool.h"
#include "weir/common/result.h"
#include "weir/common/types/schema.h"
#include "weir/connectors/datagen/datagen_options.h"

namespace weir::connectors {

/// Which share of a datagen table one generator makes, and how.
struct DatagenGeneratorConfig {
  int32_t subtask = 0;
  int32_t parallelism = 1;
  /// Seeds every random stream (mixed with the subtask and the field): the same seed and
  /// subtask give the same rows.
  uint64_t seed = 0;
  /// Returns the current time in epoch milliseconds (DATE, TIME and TIMESTAMP values are
  /// relative to it; read once per batch). Empty: the system clock.
  std::function<int64_t()> clock;
  /// Memory for the batches (DefaultMemoryPool() if null).
  MemoryPool* pool = nullptr;
  /// Projection push-down: the indices into the table schema of the fields to make, in output
  /// order (each at most once). Unset: every field.
  std::optional<std::vector<int32_t>> projected_fields;
};

/// Makes the rows of one subtask of a datagen table, a batch at a time, independent of the
/// operator (or FLIP-27 reader) that drives it.
///
/// Sharing between subtasks follows Flink's legacy SequenceGenerator and DataGeneratorSource:
/// a sequence [start, end] is interleaved, subtask s of p taking start + s, start + s + p,
/// ...; number-of-rows n gives subtask s n / p rows plus one when s < n % p. A subtask ends
/// after its share of number-of-rows or when any of its sequences is used up, whichever comes
/// first. Random values come from one SplitMix64 stream per generated value (and one per
/// nullable value for null-rate), seeded from (seed, subtask, the value's place in the whole
/// table), so the position is a handful of integers: SaveState() / RestoreState() continue a
/// subtask exactly.
///
/// With a projection, only the projected columns are made, and each holds exactly the values
/// the full table has in that column: the streams of the other fields stay untouched (and in
/// the state), and their sequences still end the subtask.
///
/// Every column is filled by a loop over the batch, with no per-row allocation.
/// Thread: one thread at a time.
class DatagenGenerator {
 public:
  /// Returned by remaining() for an unbounded generator.
  static constexpr int64_t kUnbounded = INT64_MAX;

  /// Creates the generator of subtask config.subtask for `schema` (the table's) with parsed
  /// `options`; fails on a projected field out of range or projected twice.
  static Result<std::unique_ptr<DatagenGenerator>> Make(SchemaPtr schema, DatagenOptions options,
                                                        DatagenGeneratorConfig config);
  ~DatagenGenerator();

  /// Returns a batch of min(max_rows, remaining()) rows (empty when exhausted).
  Result<RecordBatchPtr> Next(int64_t max_rows);

  /// Returns the rows this subtask still makes, or kUnbounded.
  int64_t remaining() const;
  bool exhausted() const { return remaining() == 0; }
  /// Returns the rows made so far by this subtask (restored progress included).
  int64_t emitted() const { return emitted_; }
  /// Returns the schema of the batches: the table's, or its projected fields.
  const SchemaPtr& schema() const { return schema_; }

  /// Returns the position (subtask, parallelism, seed, rows emitted, random stream states) as
  /// bytes for operator list state.
  std::string SaveState() const;
  /// Continues from SaveState() bytes of the same subtask, parallelism and table.
  Status RestoreState(std::string_view bytes);

  /// Returns the rows subtask `subtask` of `parallelism` makes out of `total`.
  static int64_t SubtaskShare(int64_t total, int32_t subtask, int32_t parallelism);

  struct Node;  // one generated value (field, element, ...), defined in the .cc

 private:
  DatagenGenerator(SchemaPtr schema, DatagenOptions options, DatagenGeneratorConfig config);
  Status Init();

  SchemaPtr schema_;  // of the batches (projected)
  DatagenOptions options_;
  DatagenGeneratorConfig config_;
  std::vector<std::unique_ptr<Node>> roots_;  // one per table field
  std::vector<Node*> outputs_;                // the roots made, in output order
  std::vector<Node*> nodes_;                  // every node, pre-order (the state order)
  int64_t limit_ = kUnbounded;                // rows this subtask makes in total
  int64_t emitted_ = 0;
};

}  // namespace weir::connectors
