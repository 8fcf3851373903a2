// QueryResult: the rows of a running SELECT, read batch by batch as its job produces them.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "weir/cluster/minicluster/job_client.h"
#include "weir/common/batch/record_batch.h"
#include "weir/common/result.h"
#include "weir/common/types/schema.h"
#include "weir/gateway/session/result_queue.h"

namespace weir::gateway {

/// What one QueryResult::Fetch returned.
struct QueryFetch {
  enum class Kind : uint8_t {
    kBatch,     // `batch` holds the next rows
    kNotReady,  // no rows within the wait; the query still runs
    kEnd,       // the query finished and every row was read
  };
  Kind kind = Kind::kNotReady;
  RecordBatchPtr batch;
};

/// The result of one SELECT: its schema, whether it is a changelog (streaming: every row
/// carries its row kind, +I/-U/+U/-D, and the result may never end) or a final table (batch),
/// and its rows as the job produces them. Rows wait in a bounded queue; a reader that does not
/// fetch stops the job through backpressure. Cancel() (or destroying the result before its end)
/// cancels the job.
/// Thread: one reader; Cancel() may also come from another thread.
class QueryResult {
 public:
  QueryResult(SchemaPtr schema, bool streaming, cluster::JobClient client,
              std::shared_ptr<ResultQueue> queue);
  ~QueryResult();
  QueryResult(const QueryResult&) = delete;
  QueryResult& operator=(const QueryResult&) = delete;

  const SchemaPtr& schema() const { return schema_; }
  /// Returns true for a changelog result (execution.runtime-mode streaming), false for batch.
  bool streaming() const { return streaming_; }
  /// Returns the id of the query's job.
  std::string job_id() const { return client_.job_id().ToString(); }
  /// Returns how many rows wait in the result's buffer.
  int64_t buffered_rows() const { return queue_->buffered_rows(); }
  /// Returns the job's current status.
  cluster::JobStatus job_status() const { return client_.Status(); }

  /// Waits up to `wait` for the next batch. Returns kEnd once the job finished and every row
  /// was read; an error when the job failed, was cancelled or the result was cancelled.
  Result<QueryFetch> Fetch(std::chrono::milliseconds wait);
  /// Reads every remaining row (the query must end by itself: bounded sources).
  Result<std::vector<RecordBatchPtr>> FetchAll();
  /// Cancels the query: stops reading, releases the sink and cancels the job. Idempotent.
  void Cancel();
  /// Waits up to `timeout` for the job to end and returns how it ended.
  Result<cluster::JobResult> WaitForJob(std::chrono::milliseconds timeout);

 private:
  Status JobEndedEarly();

  const SchemaPtr schema_;
  const bool streaming_;
  cluster::JobClient client_;
  std::shared_ptr<ResultQueue> queue_;
  bool ended_ = false;
  Status end_status_;  // how the result ended, once ended_
  std::atomic<bool> cancelled_{false};
};

}  // namespace weir::gateway
