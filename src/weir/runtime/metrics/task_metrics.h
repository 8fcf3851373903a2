// TaskMetrics: per-task counters (records, bytes, time split, pool usage), cheap to update.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

namespace weir::runtime {

/// A counter with one writer (the owning task) and any number of readers: the writer adds
/// with a relaxed load and store (no locked instruction), readers see a recent value.
class SingleWriterCounter {
 public:
  void Add(int64_t n) {
    value_.store(value_.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
  }
  void Set(int64_t v) { value_.store(v, std::memory_order_relaxed); }
  int64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<int64_t> value_{0};
};

/// How a task spent a stretch of wall-clock time (Flink's busy / backpressured / idle).
enum class TaskTime : uint8_t {
  kBusy,           // running a slice, or runnable and waiting for a worker
  kBackpressured,  // waiting for output credit
  kIdle,           // waiting for input, a source, or a checkpoint
};

/// A point-in-time copy of a task's metrics. Ratios are over the covered time span.
struct TaskMetricsSnapshot {
  std::string task_name;
  int64_t records_in = 0;
  int64_t records_out = 0;
  int64_t bytes_in = 0;
  int64_t bytes_out = 0;
  int64_t buffers_in = 0;
  int64_t buffers_out = 0;
  int64_t busy_ns = 0;
  int64_t backpressured_ns = 0;
  int64_t idle_ns = 0;
  /// Fractions of busy + backpressured + idle time (0 when no time was recorded).
  double busy_ratio = 0;
  double backpressured_ratio = 0;
  double idle_ratio = 0;
  /// Fraction of the input gates' buffers holding unconsumed data (Flink's inPoolUsage).
  double in_pool_usage = 0;
  /// Fraction of the output credit in use: sent but unconsumed plus waiting (outPoolUsage).
  double out_pool_usage = 0;
  int64_t checkpoints = 0;  // snapshots taken
  int64_t last_checkpoint_id = 0;
  int64_t last_alignment_ns = 0;  // first to last barrier of the last aligned checkpoint

  /// Returns the metrics of the interval from `earlier` to this snapshot (counters and time
  /// as differences, ratios recomputed; gauges and checkpoint fields from this snapshot).
  TaskMetricsSnapshot Since(const TaskMetricsSnapshot& earlier) const;
  /// Returns one line "task=<name> records_in=... busy_ratio=0.812 ...".
  std::string ToText() const;
};

/// The metrics of one task. Thread: Add*/Record* on the owning task only (single writer);
/// Snapshot/ToText from any thread. Updated per batch or per slice, never per row.
class TaskMetrics {
 public:
  explicit TaskMetrics(std::string task_name) : task_name_(std::move(task_name)) {}
  TaskMetrics(const TaskMetrics&) = delete;
  TaskMetrics& operator=(const TaskMetrics&) = delete;

  const std::string& task_name() const { return task_name_; }

  void AddRecordsIn(int64_t rows, int64_t bytes) {
    records_in_.Add(rows);
    bytes_in_.Add(bytes);
    buffers_in_.Add(1);
  }
  void AddRecordsOut(int64_t rows, int64_t bytes) {
    records_out_.Add(rows);
    bytes_out_.Add(bytes);
  }
  void AddBuffersOut(int64_t n) { buffers_out_.Add(n); }
  void AddTime(TaskTime kind, int64_t ns);
  void RecordCheckpoint(int64_t checkpoint_id, int64_t alignment_ns) {
    checkpoints_.Add(1);
    last_checkpoint_id_.Set(checkpoint_id);
    last_alignment_ns_.Set(alignment_ns);
  }

  /// Sets the gauges that compute in/out pool usage (called once, before the task starts;
  /// the functions must be safe to call from any thread).
  void SetPoolUsageGauges(std::function<double()> in_pool, std::function<double()> out_pool) {
    in_pool_usage_ = std::move(in_pool);
    out_pool_usage_ = std::move(out_pool);
  }

  int64_t records_in() const { return records_in_.value(); }
  int64_t records_out() const { return records_out_.value(); }

  TaskMetricsSnapshot Snapshot() const;
  std::string ToText() const { return Snapshot().ToText(); }

 private:
  const std::string task_name_;
  SingleWriterCounter records_in_, records_out_, bytes_in_, bytes_out_, buffers_in_, buffers_out_;
  SingleWriterCounter busy_ns_, backpressured_ns_, idle_ns_;
  SingleWriterCounter checkpoints_, last_checkpoint_id_, last_alignment_ns_;
  std::function<double()> in_pool_usage_;
  std::function<double()> out_pool_usage_;
};

}  // namespace weir::runtime
