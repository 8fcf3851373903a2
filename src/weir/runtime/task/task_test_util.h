// Helpers for runtime tests: batches of numbers, operator factories, recording snapshot hooks.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "weir/common/batch/column_builder.h"
#include "weir/common/batch/record_batch.h"
#include "weir/common/check.h"
#include "weir/common/memory/memory_pool.h"
#include "weir/common/str_cat.h"
#include "weir/runtime/operators/basic_operators.h"
#include "weir/runtime/task/operator_chain.h"
#include "weir/runtime/task/snapshot_hook.h"

namespace weir::runtime::testutil {

/// Returns the schema "k BIGINT".
inline SchemaPtr KeySchema() {
  static const SchemaPtr schema = *Schema::Parse("k BIGINT");
  return schema;
}

/// Returns a batch of column k = start, start + 1, ..., start + n - 1 (all +I).
inline RecordBatchPtr SeqBatch(int64_t start, int64_t n) {
  auto builder =
      std::make_unique<FixedWidthBuilder<int64_t>>(LogicalType::BigInt(), DefaultMemoryPool());
  WEIR_CHECK_OK(builder->Reserve(n));
  for (int64_t i = 0; i < n; ++i) builder->UnsafeAppend(start + i);
  Result<ColumnPtr> column = builder->Finish();
  WEIR_CHECK_OK(column.status());
  return std::make_shared<const RecordBatch>(KeySchema(), std::vector<ColumnPtr>{*column}, n);
}

/// Returns the k values of a batch made by SeqBatch (or any batch whose column 0 is BIGINT).
inline std::vector<int64_t> Keys(const RecordBatch& batch) {
  std::vector<int64_t> keys;
  const int64_t* v = batch.column(0)->values<int64_t>();
  keys.assign(v, v + batch.num_rows());
  return keys;
}

/// Wraps an operator-making callable as a factory.
template <typename Make>
ChainOperatorFactory Factory(Make make) {
  return [make](int32_t) -> Result<std::unique_ptr<Operator>> { return make(); };
}

/// A spec whose main output goes to `outputs`.
inline ChainedOperatorSpec Spec(std::string name, ChainOperatorFactory factory,
                                std::vector<ChainTarget> outputs = {}) {
  ChainedOperatorSpec s;
  s.uid = name + "-uid";
  s.name = std::move(name);
  s.factory = std::move(factory);
  s.outputs = std::move(outputs);
  return s;
}

/// Records what the task asks of the state/checkpoint layers.
class RecordingSnapshotHook final : public SnapshotHook {
 public:
  Status InitializeState(const ChainedOperatorRef& op) override {
    Add(StrCat("init ", op.context->operator_name));
    return Status::OK();
  }
  Status SnapshotState(const CheckpointBarrier& barrier,
                       const std::vector<ChainedOperatorRef>& chain,
                       const CheckpointMetrics& metrics) override {
    Add(StrCat("snapshot ", barrier.id.value(), " ops=", chain.size(),
               metrics.operators_finished ? " finished" : ""));
    return Status::OK();
  }
  Status NotifyCheckpointComplete(CheckpointId id) override {
    Add(StrCat("complete ", id.value()));
    return Status::OK();
  }
  Status NotifyCheckpointAborted(CheckpointId id) override {
    Add(StrCat("aborted ", id.value()));
    return Status::OK();
  }
  void DeclineCheckpoint(CheckpointId id, const Status& reason) override {
    Add(StrCat("decline ", id.value()));
  }
  std::vector<std::string> log() const {
    std::lock_guard<std::mutex> lock(mu_);
    return log_;
  }

 private:
  void Add(std::string s) {
    std::lock_guard<std::mutex> lock(mu_);
    log_.push_back(std::move(s));
  }
  mutable std::mutex mu_;
  std::vector<std::string> log_;
};

}  // namespace weir::runtime::testutil
