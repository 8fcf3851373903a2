// Basic operators for tests and benchmarks: map, filter, sources from callables or element
// lists, a discarding sink and a collecting sink.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "weir/common/batch/record_batch.h"
#include "weir/common/batch/selection_vector.h"
#include "weir/common/result.h"
#include "weir/runtime/operators/operator.h"
#include "weir/runtime/operators/operator_context.h"

namespace weir::runtime {

/// Applies `fn` (Result<RecordBatchPtr>(const RecordBatchPtr&)) to every batch and emits the
/// result (nothing for a null or empty result). The callable is a template parameter, so it
/// is inlined into ProcessBatch: one virtual call per batch, none per row.
template <typename Fn>
class MapOperator final : public Operator {
 public:
  MapOperator(std::string name, Fn fn) : name_(std::move(name)), fn_(std::move(fn)) {}
  std::string name() const override { return name_; }
  Status ProcessBatch(int /*input*/, const RecordBatchPtr& batch) override {
    WEIR_ASSIGN_OR_RAISE(RecordBatchPtr out, fn_(batch));
    if (out == nullptr || out->num_rows() == 0) return Status::OK();
    return context_->output->Emit(std::move(out));
  }

 private:
  const std::string name_;
  Fn fn_;
};

/// Keeps the rows that `fn` (Status(const RecordBatch&, SelectionVector*)) selects: all rows
/// pass the batch on unchanged, none emit nothing, otherwise the selected rows are gathered.
template <typename Fn>
class FilterOperator final : public Operator {
 public:
  FilterOperator(std::string name, Fn fn) : name_(std::move(name)), fn_(std::move(fn)) {}
  std::string name() const override { return name_; }
  Status ProcessBatch(int /*input*/, const RecordBatchPtr& batch) override {
    selection_.Clear();
    WEIR_RETURN_NOT_OK(fn_(*batch, &selection_));
    if (selection_.empty()) return Status::OK();
    if (selection_.size() == batch->num_rows()) return context_->output->Emit(batch);
    WEIR_ASSIGN_OR_RAISE(RecordBatchPtr out, batch->Take(selection_, context_->memory_pool));
    return context_->output->Emit(std::move(out));
  }

 private:
  const std::string name_;
  Fn fn_;
  SelectionVector selection_;
};

/// A source driven by `fn` (Result<SourcePoll>(Output&)): each PollNext calls it with the
/// operator's output, where it emits batches and watermarks.
template <typename Fn>
class CallbackSource final : public Operator {
 public:
  CallbackSource(std::string name, Fn fn) : name_(std::move(name)), fn_(std::move(fn)) {}
  int num_inputs() const override { return 0; }
  std::string name() const override { return name_; }
  Status ProcessBatch(int /*input*/, const RecordBatchPtr& /*batch*/) override {
    return Status::Internal("source ", name_, " has no input");
  }
  Result<SourcePoll> PollNext() override { return fn_(*context_->output); }
  OperatorContext* context() const { return context_; }

 private:
  const std::string name_;
  Fn fn_;
};

template <typename Fn>
std::unique_ptr<Operator> MakeMap(std::string name, Fn fn) {
  return std::make_unique<MapOperator<Fn>>(std::move(name), std::move(fn));
}
template <typename Fn>
std::unique_ptr<Operator> MakeFilter(std::string name, Fn fn) {
  return std::make_unique<FilterOperator<Fn>>(std::move(name), std::move(fn));
}
template <typename Fn>
std::unique_ptr<Operator> MakeCallbackSource(std::string name, Fn fn) {
  return std::make_unique<CallbackSource<Fn>>(std::move(name), std::move(fn));
}

/// A bounded source that emits a fixed list of elements, `per_poll` per PollNext call:
/// batches, watermarks and watermark status (other kinds are rejected).
class ElementsSource final : public Operator {
 public:
  ElementsSource(std::string name, std::vector<StreamElement> elements, int32_t per_poll = 1)
      : name_(std::move(name)), elements_(std::move(elements)), per_poll_(per_poll) {}
  int num_inputs() const override { return 0; }
  std::string name() const override { return name_; }
  Status ProcessBatch(int input, const RecordBatchPtr& batch) override;
  Result<SourcePoll> PollNext() override;
  /// Returns how many elements were emitted (the source's position).
  size_t position() const { return next_; }

 private:
  const std::string name_;
  std::vector<StreamElement> elements_;
  const int32_t per_poll_;
  size_t next_ = 0;
};

/// Drops everything; counts rows and batches (readable from any thread).
class DiscardingSink final : public Operator {
 public:
  explicit DiscardingSink(std::string name = "discard") : name_(std::move(name)) {}
  std::string name() const override { return name_; }
  Status ProcessBatch(int input, const RecordBatchPtr& batch) override {
    rows_.store(rows_.load(std::memory_order_relaxed) + batch->num_rows(),
                std::memory_order_relaxed);
    batches_.store(batches_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    return Status::OK();
  }
  Status ProcessWatermark(int input, EventTime watermark) override { return Status::OK(); }
  int64_t rows() const { return rows_.load(std::memory_order_relaxed); }
  int64_t batches() const { return batches_.load(std::memory_order_relaxed); }

 private:
  const std::string name_;
  std::atomic<int64_t> rows_{0};
  std::atomic<int64_t> batches_{0};
};

/// What a CollectingSink saw, shared with the test that reads it. Thread-safe.
class CollectedOutput {
 public:
  /// Appends an event line ("batch 3", "watermark 10", "idle", "end-input 0", "finish",
  /// "prepare-barrier 1", "complete 1", "aborted 1", "open", "close").
  void AddEvent(std::string event);
  void AddBatch(int input, const RecordBatchPtr& batch);
  void AddWatermark(EventTime watermark);

  /// Returns every row seen, in order, as Row.toString text ("+I[1, a]").
  std::vector<std::string> Rows() const;
  /// Returns the rows of input `input` only.
  std::vector<std::string> RowsOf(int input) const;
  std::vector<RecordBatchPtr> Batches() const;
  std::vector<std::string> Events() const;
  /// Returns the watermarks seen, in order.
  std::vector<EventTime> Watermarks() const;
  int64_t num_rows() const;

 private:
  mutable std::mutex mu_;
  std::vector<std::pair<int, RecordBatchPtr>> batches_;
  std::vector<std::string> events_;
  std::vector<EventTime> watermarks_;
  int64_t num_rows_ = 0;
};

/// Records batches and every lifecycle and control call into a CollectedOutput.
/// `num_inputs` is 1 or 2; watermarks are recorded after the default handling combines them.
class CollectingSink final : public Operator {
 public:
  CollectingSink(std::string name, std::shared_ptr<CollectedOutput> out, int num_inputs = 1)
      : name_(std::move(name)), out_(std::move(out)), num_inputs_(num_inputs) {}
  int num_inputs() const override { return num_inputs_; }
  std::string name() const override { return name_; }
  Status Open(OperatorContext& ctx) override;
  Status ProcessBatch(int input, const RecordBatchPtr& batch) override;
  Status ProcessWatermark(int input, EventTime watermark) override;
  Status ProcessWatermarkStatus(int input, bool idle) override;
  Status PrepareSnapshotPreBarrier(CheckpointId id) override;
  Status NotifyCheckpointComplete(CheckpointId id) override;
  Status NotifyCheckpointAborted(CheckpointId id) override;
  Status EndInput(int input) override;
  Status Finish() override;
  Status Close() override;

 private:
  const std::string name_;
  std::shared_ptr<CollectedOutput> out_;
  const int num_inputs_;
};

}  // namespace weir::runtime
