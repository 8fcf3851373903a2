// ResultQueue: the bounded hand-over of a query's result batches from its sink to a reader.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>

#include "weir/common/batch/record_batch.h"
#include "weir/common/status.h"
#include "weir/runtime/operators/input_suspension.h"
#include "weir/runtime/operators/operator.h"

namespace weir::gateway {

/// Rows a ResultQueue holds before its producer waits for the reader (one batch more when a
/// single batch is larger).
inline constexpr int64_t kDefaultResultBufferRows = 8192;

/// A bounded, thread-safe queue of result batches between one producer (the collect sink of a
/// query job) and one reader (the session's QueryResult). When `capacity_rows` rows wait, the
/// producer's task is suspended (runtime::InputSuspension: it takes no input, no worker
/// blocks) until the reader takes some, so a reader that stops reading stops the job through
/// its backpressure instead of buffering without bound: at most the capacity plus one batch
/// wait. Close() (the reader gave up) resumes the producer; later pushes are dropped.
/// Thread: any; one producer and one reader at a time.
class ResultQueue {
 public:
  /// What a Pop found.
  enum class PopState : uint8_t {
    kBatch,   // a batch was taken
    kEmpty,   // nothing arrived within the wait
    kEnd,     // the producer finished and every batch was taken
    kFailed,  // the producer reported an error (see error())
    kClosed,  // the reader closed the queue
  };

  explicit ResultQueue(int64_t capacity_rows = kDefaultResultBufferRows);

  /// Producer: suspends `suspension` (its task's input) whenever the queue is full. Without
  /// one (a harness), the queue is not bounded.
  void Attach(runtime::InputSuspension* suspension);
  /// Producer: appends `batch` (never waits) and suspends the producer when the queue is now
  /// full. Returns false (dropping the batch) when the queue was closed.
  bool Push(RecordBatchPtr batch);
  /// Producer: marks the end of the result; batches already queued stay readable.
  void Finish();
  /// Producer: marks the result as failed with `error`; the reader sees kFailed next.
  void Fail(Status error);

  /// Reader: takes the next batch into `*batch`, waiting up to `wait` for one.
  PopState Pop(std::chrono::milliseconds wait, RecordBatchPtr* batch);
  /// Reader: gives up the result; drops the queued batches and releases a waiting producer.
  void Close();

  /// Returns the error Fail() reported (OK otherwise).
  Status error() const;
  /// Returns how many rows wait to be read.
  int64_t buffered_rows() const;
  /// Returns whether the producer is suspended for lack of room (the reader is behind).
  bool producer_suspended() const;

 private:
  const int64_t capacity_rows_;
  mutable std::mutex mu_;
  std::condition_variable readable_;
  std::deque<RecordBatchPtr> batches_;
  int64_t rows_ = 0;
  bool finished_ = false;
  bool closed_ = false;
  bool producer_suspended_ = false;
  runtime::InputSuspension* suspension_ = nullptr;
  Status error_;

  void ResumeProducerLocked();
};

/// The sink operator of a query job: pushes every batch into its ResultQueue (suspending its
/// task's input while the reader is behind) and marks the end when its input ends. A restarted
/// attempt fails the result instead of repeating rows the reader already saw.
class ResultQueueSink final : public runtime::Operator {
 public:
  explicit ResultQueueSink(std::shared_ptr<ResultQueue> queue) : queue_(std::move(queue)) {}
  std::string name() const override { return "collect"; }
  Status Open(runtime::OperatorContext& ctx) override;
  Status ProcessBatch(int input, const RecordBatchPtr& batch) override;
  // Results carry rows only; watermarks end here.
  Status ProcessWatermark(int /*input*/, runtime::EventTime /*watermark*/) override {
    return Status::OK();
  }
  Status ProcessWatermarkStatus(int /*input*/, bool /*idle*/) override { return Status::OK(); }
  Status Finish() override;

 private:
  std::shared_ptr<ResultQueue> queue_;
  bool dropping_ = false;
};

}  // namespace weir::gateway
