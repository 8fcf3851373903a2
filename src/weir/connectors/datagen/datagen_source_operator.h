// DatagenSourceOperator: the runtime source operator that emits a DatagenGenerator's batches.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "weir/common/types/schema.h"
#include "weir/connectors/datagen/datagen_generator.h"
#include "weir/connectors/datagen/datagen_options.h"
#include "weir/runtime/exec/processing_time_service.h"
#include "weir/runtime/operators/operator.h"
#include "weir/runtime/state/operator_state_backend.h"

namespace weir::connectors {

/// How a DatagenSourceOperator drives its generator.
struct DatagenSourceConfig {
  /// Seeds the random values (the same seed gives the same rows per subtask).
  uint64_t seed = 0;
  /// Rows per emitted batch (at most).
  int32_t batch_size = 1024;
  /// Time source for DATE/TIME/TIMESTAMP values; empty: the system clock.
  std::function<int64_t()> clock;
  /// Projection push-down: the table fields to emit, in this order (see
  /// DatagenGeneratorConfig::projected_fields). Unset: every field.
  std::optional<std::vector<int32_t>> projected_fields;
};

/// A source (num_inputs 0) emitting the rows of a datagen table at rows-per-second, split
/// evenly between the subtasks as Flink does (each subtask: rows-per-second / parallelism),
/// ending after its share of number-of-rows or of a sequence.
///
/// Ahead of its rate it returns kNothingAvailable and wakes its task through a processing-time
/// timer; it never sleeps. The generator position is one entry of union operator list state
/// per subtask; a restore picks its own subtask's entry (same parallelism only: a restore at
/// another parallelism fails with NotSupported).
/// Thread: the owning task thread, except the wake-up timer (which only calls wake()).
class DatagenSourceOperator final : public runtime::Operator {
 public:
  /// `schema` is the table's physical schema and `options` were parsed for it; the emitted
  /// batches hold config.projected_fields of it when set.
  DatagenSourceOperator(SchemaPtr schema, DatagenOptions options, DatagenSourceConfig config = {},
                        std::string name = "datagen");
  ~DatagenSourceOperator() override;

  int num_inputs() const override { return 0; }
  std::string name() const override { return name_; }
  Status InitializeState(runtime::StateInitializationContext& ctx) override;
  Status Open(runtime::OperatorContext& ctx) override;
  Status ProcessBatch(int input, const RecordBatchPtr& batch) override;
  Result<runtime::SourcePoll> PollNext() override;
  Status SnapshotState(runtime::StateSnapshotContext& ctx) override;
  Status Close() override;

  /// Returns the rows per second of one subtask: rows-per-second / parallelism.
  static double SubtaskRate(int64_t rows_per_second, int32_t parallelism);
  /// Returns this subtask's rate (valid after Open).
  double subtask_rate() const { return rate_; }
  /// Returns the generator (valid after InitializeState or Open).
  const DatagenGenerator* generator() const { return generator_.get(); }

 private:
  Status MakeGenerator();
  void CancelWakeUp();

  SchemaPtr schema_;
  DatagenOptions options_;
  DatagenSourceConfig config_;
  std::string name_;
  std::unique_ptr<DatagenGenerator> generator_;
  runtime::OperatorListState<std::string>* position_state_ = nullptr;
  double rate_ = 0;
  // Rows emitted by this instance; they are allowed once processing time passes
  // rate_start_ms_ + emitted_ * 1000 / rate_.
  int64_t emitted_ = 0;
  int64_t rate_start_ms_ = 0;
  runtime::TimerId wake_timer_ = 0;
};

}  // namespace weir::connectors
