// TaskMetrics: snapshots, interval differences and the text dump.
#include "weir/runtime/metrics/task_metrics.h"

#include <cstdio>

#include "weir/common/str_cat.h"

namespace weir::runtime {

namespace {

void ComputeRatios(TaskMetricsSnapshot& s) {
  const double total = static_cast<double>(s.busy_ns + s.backpressured_ns + s.idle_ns);
  if (total <= 0) {
    s.busy_ratio = s.backpressured_ratio = s.idle_ratio = 0;
    return;
  }
  s.busy_ratio = static_cast<double>(s.busy_ns) / total;
  s.backpressured_ratio = static_cast<double>(s.backpressured_ns) / total;
  s.idle_ratio = static_cast<double>(s.idle_ns) / total;
}

std::string Fixed3(double v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.3f", v);
  return buf;
}

}  // namespace

void TaskMetrics::AddTime(TaskTime kind, int64_t ns) {
  if (ns <= 0) return;
  switch (kind) {
    case TaskTime::kBusy:
      busy_ns_.Add(ns);
      break;
    case TaskTime::kBackpressured:
      backpressured_ns_.Add(ns);
      break;
    case TaskTime::kIdle:
      idle_ns_.Add(ns);
      break;
  }
}

TaskMetricsSnapshot TaskMetrics::Snapshot() const {
  TaskMetricsSnapshot s;
  s.task_name = task_name_;
  s.records_in = records_in_.value();
  s.records_out = records_out_.value();
  s.bytes_in = bytes_in_.value();
  s.bytes_out = bytes_out_.value();
  s.buffers_in = buffers_in_.value();
  s.buffers_out = buffers_out_.value();
  s.busy_ns = busy_ns_.value();
  s.backpressured_ns = backpressured_ns_.value();
  s.idle_ns = idle_ns_.value();
  ComputeRatios(s);
  s.in_pool_usage = in_pool_usage_ ? in_pool_usage_() : 0.0;
  s.out_pool_usage = out_pool_usage_ ? out_pool_usage_() : 0.0;
  s.checkpoints = checkpoints_.value();
  s.last_checkpoint_id = last_checkpoint_id_.value();
  s.last_alignment_ns = last_alignment_ns_.value();
  return s;
}

TaskMetricsSnapshot TaskMetricsSnapshot::Since(const TaskMetricsSnapshot& earlier) const {
  TaskMetricsSnapshot d = *this;
  d.records_in -= earlier.records_in;
  d.records_out -= earlier.records_out;
  d.bytes_in -= earlier.bytes_in;
  d.bytes_out -= earlier.bytes_out;
  d.buffers_in -= earlier.buffers_in;
  d.buffers_out -= earlier.buffers_out;
  d.busy_ns -= earlier.busy_ns;
  d.backpressured_ns -= earlier.backpressured_ns;
  d.idle_ns -= earlier.idle_ns;
  d.checkpoints -= earlier.checkpoints;
  ComputeRatios(d);
  return d;
}

std::string TaskMetricsSnapshot::ToText() const {
  return StrCat("task=", task_name, " records_in=", records_in, " records_out=", records_out,
                " bytes_in=", bytes_in, " bytes_out=", bytes_out, " buffers_in=", buffers_in,
                " buffers_out=", buffers_out, " busy_ratio=", Fixed3(busy_ratio),
                " backpressured_ratio=", Fixed3(backpressured_ratio),
                " idle_ratio=", Fixed3(idle_ratio), " in_pool_usage=", Fixed3(in_pool_usage),
                " out_pool_usage=", Fixed3(out_pool_usage), " checkpoints=", checkpoints,
                " last_checkpoint_id=", last_checkpoint_id,
                " last_alignment_ms=", Fixed3(static_cast<double>(last_alignment_ns) / 1e6));
}

}  // namespace weir::runtime
