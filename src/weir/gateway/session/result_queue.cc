// ResultQueue: the bounded hand-over of a query's result batches from its sink to a reader.
#include "weir/gateway/session/result_queue.h"

#include <utility>

#include "weir/runtime/operators/operator_context.h"

namespace weir::gateway {

ResultQueue::ResultQueue(int64_t capacity_rows)
    : capacity_rows_(capacity_rows > 0 ? capacity_rows : 1) {}

void ResultQueue::Attach(runtime::InputSuspension* suspension) {
  std::lock_guard<std::mutex> lock(mu_);
  suspension_ = suspension;
}

bool ResultQueue::Push(RecordBatchPtr batch) {
  if (batch == nullptr || batch->num_rows() == 0) return true;
  std::lock_guard<std::mutex> lock(mu_);
  if (closed_) return false;
  rows_ += batch->num_rows();
  batches_.push_back(std::move(batch));
  // Full: the producer's task takes no more input until Pop makes room (never a blocked
  // worker). The batch just pushed is kept, so a batch larger than the capacity goes through.
  if (rows_ >= capacity_rows_ && suspension_ != nullptr) {
    producer_suspended_ = true;
    suspension_->Suspend();
  }
  readable_.notify_one();
  return true;
}

void ResultQueue::ResumeProducerLocked() {
  if (producer_suspended_ && (closed_ || rows_ < capacity_rows_)) {
    producer_suspended_ = false;
    suspension_->Resume();
  }
}

void ResultQueue::Finish() {
  std::lock_guard<std::mutex> lock(mu_);
  finished_ = true;
  readable_.notify_all();
}

void ResultQueue::Fail(Status error) {
  std::lock_guard<std::mutex> lock(mu_);
  if (error_.ok()) error_ = std::move(error);
  readable_.notify_all();
}

ResultQueue::PopState ResultQueue::Pop(std::chrono::milliseconds wait, RecordBatchPtr* batch) {
  std::unique_lock<std::mutex> lock(mu_);
  readable_.wait_for(lock, wait,
                     [&] { return closed_ || !error_.ok() || !batches_.empty() || finished_; });
  if (closed_) return PopState::kClosed;
  if (!error_.ok()) return PopState::kFailed;
  if (!batches_.empty()) {
    *batch = std::move(batches_.front());
    batches_.pop_front();
    rows_ -= (*batch)->num_rows();
    ResumeProducerLocked();
    return PopState::kBatch;
  }
  return finished_ ? PopState::kEnd : PopState::kEmpty;
}

void ResultQueue::Close() {
  std::lock_guard<std::mutex> lock(mu_);
  closed_ = true;
  batches_.clear();
  rows_ = 0;
  ResumeProducerLocked();
  readable_.notify_all();
}

Status ResultQueue::error() const {
  std::lock_guard<std::mutex> lock(mu_);
  return error_;
}

int64_t ResultQueue::buffered_rows() const {
  std::lock_guard<std::mutex> lock(mu_);
  return rows_;
}

bool ResultQueue::producer_suspended() const {
  std::lock_guard<std::mutex> lock(mu_);
  return producer_suspended_;
}

Status ResultQueueSink::Open(runtime::OperatorContext& ctx) {
  queue_->Attach(ctx.input_suspension);
  if (ctx.attempt > 0) {
    // Rows of the failed attempt were handed out already; a replay would repeat them.
    queue_->Fail(
        Status::Invalid("The query job restarted after a failure; its result cannot be "
                        "continued without repeating rows. Run the query again."));
    dropping_ = true;
  }
  return Status::OK();
}

Status ResultQueueSink::ProcessBatch(int /*input*/, const RecordBatchPtr& batch) {
  if (dropping_) return Status::OK();
  // False: the reader closed the result and the job is being cancelled; drop the rest.
  if (!queue_->Push(batch)) dropping_ = true;
  return Status::OK();
}

Status ResultQueueSink::Finish() {
  if (!dropping_) queue_->Finish();
  return Status::OK();
}

}  // namespace weir::gateway
