// QueryResult: the rows of a running SELECT, read batch by batch as its job produces them.
#include "weir/gateway/session/query_result.h"

#include <algorithm>
#include <utility>

#include "weir/cluster/minicluster/job_status.h"

namespace weir::gateway {
namespace {

// How long one wait on the queue lasts before the job's status is looked at again.
constexpr std::chrono::milliseconds kStatusCheckInterval(50);

}  // namespace

QueryResult::QueryResult(SchemaPtr schema, bool streaming, cluster::JobClient client,
                         std::shared_ptr<ResultQueue> queue)
    : schema_(std::move(schema)),
      streaming_(streaming),
      client_(std::move(client)),
      queue_(std::move(queue)) {}

QueryResult::~QueryResult() {
  if (!ended_) Cancel();
}

Result<QueryFetch> QueryResult::Fetch(std::chrono::milliseconds wait) {
  if (cancelled_.load()) return Status::Cancelled("The query was cancelled");
  if (ended_) {
    if (!end_status_.ok()) return end_status_;
    return QueryFetch{QueryFetch::Kind::kEnd, nullptr};
  }
  const auto deadline = std::chrono::steady_clock::now() + wait;
  while (true) {
    const auto now = std::chrono::steady_clock::now();
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
    RecordBatchPtr batch;
    const ResultQueue::PopState state =
        queue_->Pop(std::clamp(left, std::chrono::milliseconds(0), kStatusCheckInterval), &batch);
    switch (state) {
      case ResultQueue::PopState::kBatch:
        return QueryFetch{QueryFetch::Kind::kBatch, std::move(batch)};
      case ResultQueue::PopState::kEnd: {
        // Every row arrived; the job still has to end well (e.g. its final checkpoint).
        WEIR_ASSIGN_OR_RAISE(cluster::JobResult r, client_.WaitForResult(std::nullopt));
        if (r.status != cluster::JobStatus::kFinished) return JobEndedEarly();
        ended_ = true;
        return QueryFetch{QueryFetch::Kind::kEnd, nullptr};
      }
      case ResultQueue::PopState::kFailed: {
        Status error = queue_->error();
        Cancel();
        return error;
      }
      case ResultQueue::PopState::kClosed:
        return Status::Cancelled("The query was cancelled");
      case ResultQueue::PopState::kEmpty:
        break;
    }
    const cluster::JobStatus status = client_.Status();
    if (cluster::IsTerminal(status) && status != cluster::JobStatus::kFinished) {
      return JobEndedEarly();
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      return QueryFetch{QueryFetch::Kind::kNotReady, nullptr};
    }
  }
}

Status QueryResult::JobEndedEarly() {
  ended_ = true;
  queue_->Close();
  Result<cluster::JobResult> r = client_.WaitForResult(std::nullopt);
  if (!r.ok()) {
    end_status_ = r.status();
  } else if (!r->failure.ok()) {
    end_status_ = r->failure;
  } else {
    end_status_ =
        Status::Cancelled("query job ", job_id(), " ended ", cluster::JobStatusName(r->status));
  }
  return end_status_;
}

Result<std::vector<RecordBatchPtr>> QueryResult::FetchAll() {
  std::vector<RecordBatchPtr> batches;
  while (true) {
    WEIR_ASSIGN_OR_RAISE(QueryFetch fetch, Fetch(std::chrono::milliseconds(1000)));
    if (fetch.kind == QueryFetch::Kind::kEnd) return batches;
    if (fetch.kind == QueryFetch::Kind::kBatch) batches.push_back(std::move(fetch.batch));
  }
}

void QueryResult::Cancel() {
  if (cancelled_.exchange(true)) return;
  // Cancel first, then release the sink: the job then ends CANCELED, not FINISHED.
  if (!cluster::IsTerminal(client_.Status())) client_.Cancel();
  queue_->Close();
}

Result<cluster::JobResult> QueryResult::WaitForJob(std::chrono::milliseconds timeout) {
  return client_.WaitForResult(timeout);
}

}  // namespace weir::gateway
