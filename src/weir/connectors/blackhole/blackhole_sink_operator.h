// BlackholeSinkOperator: Flink's 'blackhole' sink — swallows every row and counts it.
#pragma once

#include <cstdint>
#include <string>

#include "weir/common/status.h"
#include "weir/formats/format_options.h"
#include "weir/runtime/operators/operator.h"

namespace weir::connectors {

/// Checks a blackhole table's options: as in Flink, 'connector' is the only one accepted.
Status ValidateBlackholeOptions(const formats::FormatOptions& options);

/// A one-input sink that drops every batch, counting rows and batches (for metrics and
/// benchmarks). Watermarks are dropped too.
/// Thread: the owning task thread.
class BlackholeSinkOperator final : public runtime::Operator {
 public:
  explicit BlackholeSinkOperator(std::string name = "blackhole") : name_(std::move(name)) {}

  std::string name() const override { return name_; }
  Status ProcessBatch(int input, const RecordBatchPtr& batch) override;
  Status ProcessWatermark(int input, runtime::EventTime watermark) override { return Status::OK(); }
  Status ProcessWatermarkStatus(int input, bool idle) override { return Status::OK(); }

  /// Returns the rows received (every row kind counts).
  int64_t rows() const { return rows_; }
  int64_t batches() const { return batches_; }

 private:
  std::string name_;
  int64_t rows_ = 0;
  int64_t batches_ = 0;
};

}  // namespace weir::connectors
