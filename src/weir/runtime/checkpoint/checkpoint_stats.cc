// Checkpoint statistics: tracking, summaries and the Flink-shaped JSON and text forms.
#include "weir/runtime/checkpoint/checkpoint_stats.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "weir/runtime/checkpoint/checkpoint_metadata.h"

namespace weir::runtime {

namespace {

using nlohmann::json;

const char* RestCheckpointType(const CheckpointStats& s) {
  switch (s.kind) {
    case SnapshotKind::kCheckpoint:
      return s.unaligned ? "UNALIGNED_CHECKPOINT" : "CHECKPOINT";
    case SnapshotKind::kSavepoint:
      return "SAVEPOINT";
    case SnapshotKind::kSavepointSuspend:
    case SnapshotKind::kSavepointTerminate:
      return "SYNC_SAVEPOINT";
  }
  return "CHECKPOINT";
}

const char* ClassName(CheckpointStatsStatus status) {
  switch (status) {
    case CheckpointStatsStatus::kInProgress:
      return "in_progress";
    case CheckpointStatsStatus::kCompleted:
      return "completed";
    case CheckpointStatsStatus::kFailed:
      return "failed";
  }
  return "in_progress";
}

int64_t TaskEndToEnd(const CheckpointStats& s, const TaskCheckpointStats& t) {
  return t.num_acknowledged == 0
             ? 0
             : std::max<int64_t>(0, t.latest_ack_timestamp_ms - s.trigger_timestamp_ms);
}

int64_t TaskProcessed(const TaskCheckpointStats& t) {
  int64_t n = 0;
  for (const SubtaskCheckpointStats& st : t.subtasks) {
    n += st.metrics.bytes_processed_during_alignment;
  }
  return n;
}

int64_t TaskPersisted(const TaskCheckpointStats& t) {
  int64_t n = 0;
  for (const SubtaskCheckpointStats& st : t.subtasks) {
    n += st.metrics.bytes_persisted_during_alignment;
  }
  return n;
}

json SummaryJson(const StatsSummary& s) {
  return json{{"min", s.min}, {"max", s.max}, {"avg", s.avg}, {"p50", s.p50},
              {"p90", s.p90}, {"p95", s.p95}, {"p99", s.p99}, {"p999", s.p999}};
}

json TaskJson(const CheckpointStats& s, const TaskCheckpointStats& t) {
  return json{{"id", s.id.value()},
              {"status", CheckpointStatsStatusName(s.status)},
              {"latest_ack_timestamp", t.latest_ack_timestamp_ms},
              {"checkpointed_size", t.state_size},
              {"state_size", t.state_size},
              {"end_to_end_duration", TaskEndToEnd(s, t)},
              {"alignment_buffered", 0},
              {"processed_data", TaskProcessed(t)},
              {"persisted_data", TaskPersisted(t)},
              {"num_subtasks", t.num_subtasks},
              {"num_acknowledged_subtasks", t.num_acknowledged}};
}

json CheckpointJson(const CheckpointStats& s, bool with_tasks) {
  json j{{"className", ClassName(s.status)},
         {"id", s.id.value()},
         {"status", CheckpointStatsStatusName(s.status)},
         {"is_savepoint", s.is_savepoint()},
         {"savepointFormat", s.is_savepoint() ? json("CANONICAL") : json(nullptr)},
         {"trigger_timestamp", s.trigger_timestamp_ms},
         {"latest_ack_timestamp", s.latest_ack_timestamp_ms},
         {"checkpointed_size", s.state_size},
         {"state_size", s.state_size},
         {"end_to_end_duration", s.EndToEndDurationMs()},
         {"alignment_buffered", 0},
         {"processed_data", s.ProcessedData()},
         {"persisted_data", s.PersistedData()},
         {"num_subtasks", s.num_subtasks},
         {"num_acknowledged_subtasks", s.num_acknowledged_subtasks},
         {"checkpoint_type", RestCheckpointType(s)}};
  json tasks = json::object();
  if (with_tasks) {
    for (const TaskCheckpointStats& t : s.tasks) {
      std::string key = t.hex_id.empty() ? t.vertex.ToString() : t.hex_id;
      tasks[key] = TaskJson(s, t);
    }
  }
  j["tasks"] = std::move(tasks);
  if (s.status == CheckpointStatsStatus::kCompleted) {
    j["external_path"] = s.external_path;
    j["discarded"] = s.discarded;
  } else if (s.status == CheckpointStatsStatus::kFailed) {
    j["failure_timestamp"] = s.end_timestamp_ms;
    j["failure_message"] = s.failure_message;
  }
  return j;
}

std::string HumanBytes(int64_t bytes) {
  static const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double v = static_cast<double>(bytes);
  int unit = 0;
  while (v >= 1024.0 && unit < 4) {
    v /= 1024.0;
    ++unit;
  }
  if (unit == 0) return StrCat(bytes, " B");
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.1f %s", v, kUnits[unit]);
  return buf;
}

void AppendCheckpointLine(std::string& out, const CheckpointStats& s) {
  out += StrCat("  #", s.id.value(), " ", CheckpointStatsStatusName(s.status), " ",
                SnapshotKindName(s.kind), s.unaligned ? " (unaligned)" : "",
                " triggered=", s.trigger_timestamp_ms, " duration=", s.EndToEndDurationMs(),
                "ms size=", HumanBytes(s.state_size), " acks=", s.num_acknowledged_subtasks, "/",
                s.num_subtasks);
  if (!s.external_path.empty()) out += StrCat(" path=", s.external_path);
  if (s.discarded) out += " (discarded)";
  if (!s.failure_message.empty()) out += StrCat(" failure: ", s.failure_message);
  out += "\n";
  for (const TaskCheckpointStats& t : s.tasks) {
    int64_t max_align = 0, max_sync = 0, max_async = 0;
    for (const SubtaskCheckpointStats& st : t.subtasks) {
      max_align = std::max(max_align, st.metrics.alignment_duration_ms);
      max_sync = std::max(max_sync, st.metrics.sync_duration_ms);
      max_async = std::max(max_async, st.metrics.async_duration_ms);
    }
    out += StrCat("    ", t.name.empty() ? t.vertex.ToString() : t.name, ": acks ",
                  t.num_acknowledged, "/", t.num_subtasks, " size=", HumanBytes(t.state_size),
                  " end_to_end=", TaskEndToEnd(s, t), "ms max_alignment=", max_align,
                  "ms max_sync=", max_sync, "ms max_async=", max_async, "ms\n");
  }
}

void PushBounded(std::deque<int64_t>& values, int64_t v, size_t limit) {
  values.push_back(v);
  while (values.size() > limit) values.pop_front();
}

}  // namespace

const char* CheckpointStatsStatusName(CheckpointStatsStatus status) {
  switch (status) {
    case CheckpointStatsStatus::kInProgress:
      return "IN_PROGRESS";
    case CheckpointStatsStatus::kCompleted:
      return "COMPLETED";
    case CheckpointStatsStatus::kFailed:
      return "FAILED";
  }
  return "IN_PROGRESS";
}

int64_t CheckpointStats::EndToEndDurationMs() const {
  int64_t end =
      status == CheckpointStatsStatus::kInProgress ? latest_ack_timestamp_ms : end_timestamp_ms;
  return end <= 0 ? 0 : std::max<int64_t>(0, end - trigger_timestamp_ms);
}

int64_t CheckpointStats::ProcessedData() const {
  int64_t n = 0;
  for (const TaskCheckpointStats& t : tasks) n += TaskProcessed(t);
  return n;
}

int64_t CheckpointStats::PersistedData() const {
  int64_t n = 0;
  for (const TaskCheckpointStats& t : tasks) n += TaskPersisted(t);
  return n;
}

const TaskCheckpointStats* CheckpointStats::FindTask(VertexId vertex) const {
  for (const TaskCheckpointStats& t : tasks) {
    if (t.vertex == vertex) return &t;
  }
  return nullptr;
}

StatsSummary StatsSummary::Of(std::vector<int64_t> values) {
  StatsSummary s;
  if (values.empty()) return s;
  std::sort(values.begin(), values.end());
  s.count = static_cast<int64_t>(values.size());
  s.min = values.front();
  s.max = values.back();
  long double sum = 0;
  for (int64_t v : values) sum += v;
  s.avg = static_cast<int64_t>(sum / values.size());
  auto rank = [&](double q) {
    size_t idx = static_cast<size_t>(std::ceil(q * static_cast<double>(values.size())));
    idx = idx == 0 ? 0 : idx - 1;
    return static_cast<double>(values[std::min(idx, values.size() - 1)]);
  };
  s.p50 = rank(0.5);
  s.p90 = rank(0.9);
  s.p95 = rank(0.95);
  s.p99 = rank(0.99);
  s.p999 = rank(0.999);
  return s;
}

const CheckpointStats* CheckpointStatsSnapshot::Find(CheckpointId id) const {
  for (const CheckpointStats& s : history) {
    if (s.id == id) return &s;
  }
  for (const auto* latest : {&latest_completed, &latest_savepoint, &latest_failed}) {
    if (latest->has_value() && (*latest)->id == id) return &**latest;
  }
  return nullptr;
}

std::string CheckpointStatsSnapshot::ToJson() const {
  json history_json = json::array();
  for (const CheckpointStats& s : history) history_json.push_back(CheckpointJson(s, false));
  auto latest = [](const std::optional<CheckpointStats>& s) {
    return s.has_value() ? CheckpointJson(*s, false) : json(nullptr);
  };
  json restored = nullptr;
  if (latest_restored.has_value()) {
    restored = json{{"id", latest_restored->id.value()},
                    {"restore_timestamp", latest_restored->restore_timestamp_ms},
                    {"is_savepoint", latest_restored->is_savepoint},
                    {"external_path", latest_restored->external_path}};
  }
  json j{{"counts",
          {{"restored", num_restored},
           {"total", num_total},
           {"in_progress", num_in_progress},
           {"completed", num_completed},
           {"failed", num_failed}}},
         {"summary",
          {{"checkpointed_size", SummaryJson(state_size)},
           {"state_size", SummaryJson(state_size)},
           {"end_to_end_duration", SummaryJson(end_to_end_duration)},
           {"alignment_buffered", SummaryJson(StatsSummary{})},
           {"processed_data", SummaryJson(processed_data)},
           {"persisted_data", SummaryJson(persisted_data)}}},
         {"latest",
          {{"completed", latest(latest_completed)},
           {"savepoint", latest(latest_savepoint)},
           {"failed", latest(latest_failed)},
           {"restored", std::move(restored)}}},
         {"history", std::move(history_json)}};
  return j.dump();
}

std::string CheckpointStatsSnapshot::ToText() const {
  std::string out =
      StrCat("Checkpoints: total ", num_total, ", completed ", num_completed, ", failed ",
             num_failed, ", in progress ", num_in_progress, ", restored ", num_restored, "\n");
  if (latest_restored.has_value()) {
    out += StrCat("Restored from #", latest_restored->id.value(), " ",
                  latest_restored->external_path, "\n");
  }
  if (end_to_end_duration.count > 0) {
    out += StrCat("Duration (ms): min ", end_to_end_duration.min, ", avg ", end_to_end_duration.avg,
                  ", max ", end_to_end_duration.max, "; size: min ", HumanBytes(state_size.min),
                  ", avg ", HumanBytes(state_size.avg), ", max ", HumanBytes(state_size.max), "\n");
  }
  if (latest_completed.has_value()) {
    out += "Latest completed:\n";
    AppendCheckpointLine(out, *latest_completed);
  }
  if (latest_savepoint.has_value()) {
    out += "Latest savepoint:\n";
    AppendCheckpointLine(out, *latest_savepoint);
  }
  if (latest_failed.has_value()) {
    out += "Latest failed:\n";
    AppendCheckpointLine(out, *latest_failed);
  }
  out += "History:\n";
  for (const CheckpointStats& s : history) AppendCheckpointLine(out, s);
  return out;
}

std::string CheckpointDetailsToJson(const CheckpointStats& stats) {
  return CheckpointJson(stats, true).dump();
}

std::string TaskCheckpointDetailsToJson(const CheckpointStats& stats, VertexId vertex) {
  const TaskCheckpointStats* t = stats.FindTask(vertex);
  if (t == nullptr) return "";
  json j = TaskJson(stats, *t);
  json subtasks = json::array();
  std::vector<int64_t> sizes, durations, syncs, asyncs, aligns, delays, processed, persisted;
  for (const SubtaskCheckpointStats& st : t->subtasks) {
    json sj{{"index", st.index}};
    if (st.acknowledged) {
      int64_t e2e = std::max<int64_t>(0, st.ack_timestamp_ms - stats.trigger_timestamp_ms);
      sj["className"] = "completed";
      sj["status"] = "completed";
      sj["ack_timestamp"] = st.ack_timestamp_ms;
      sj["end_to_end_duration"] = e2e;
      sj["state_size"] = st.state_size;
      sj["checkpointed_size"] = st.state_size;
      sj["checkpoint"] = {{"sync", st.metrics.sync_duration_ms},
                          {"async", st.metrics.async_duration_ms}};
      sj["alignment"] = {{"buffered", 0},
                         {"processed", st.metrics.bytes_processed_during_alignment},
                         {"persisted", st.metrics.bytes_persisted_during_alignment},
                         {"duration", st.metrics.alignment_duration_ms}};
      sj["start_delay"] = st.metrics.start_delay_ms;
      sj["unaligned_checkpoint"] = st.metrics.unaligned;
      sj["aborted"] = false;
      sizes.push_back(st.state_size);
      durations.push_back(e2e);
      syncs.push_back(st.metrics.sync_duration_ms);
      asyncs.push_back(st.metrics.async_duration_ms);
      aligns.push_back(st.metrics.alignment_duration_ms);
      delays.push_back(st.metrics.start_delay_ms);
      processed.push_back(st.metrics.bytes_processed_during_alignment);
      persisted.push_back(st.metrics.bytes_persisted_during_alignment);
    } else {
      sj["className"] = "pending";
      sj["status"] = "pending_or_failed";
    }
    subtasks.push_back(std::move(sj));
  }
  j["subtasks"] = std::move(subtasks);
  j["summary"] = {{"checkpointed_size", SummaryJson(StatsSummary::Of(sizes))},
                  {"state_size", SummaryJson(StatsSummary::Of(sizes))},
                  {"end_to_end_duration", SummaryJson(StatsSummary::Of(durations))},
                  {"checkpoint_duration",
                   {{"sync", SummaryJson(StatsSummary::Of(syncs))},
                    {"async", SummaryJson(StatsSummary::Of(asyncs))}}},
                  {"alignment",
                   {{"buffered", SummaryJson(StatsSummary{})},
                    {"processed", SummaryJson(StatsSummary::Of(processed))},
                    {"persisted", SummaryJson(StatsSummary::Of(persisted))},
                    {"duration", SummaryJson(StatsSummary::Of(aligns))}}},
                  {"start_delay", SummaryJson(StatsSummary::Of(delays))}};
  return j.dump();
}

// --- CheckpointStatsTracker ---

CheckpointStatsTracker::CheckpointStatsTracker(int32_t history_size)
    : history_size_(history_size < 1 ? 1 : static_cast<size_t>(history_size)) {}

void CheckpointStatsTracker::ReportPending(CheckpointId id, SnapshotKind kind, bool unaligned,
                                           int64_t trigger_timestamp_ms,
                                           const CheckpointPlan& plan) {
  CheckpointStats s;
  s.id = id;
  s.kind = kind;
  s.unaligned = unaligned;
  s.trigger_timestamp_ms = trigger_timestamp_ms;
  for (const CheckpointVertex& v : plan.vertices) {
    TaskCheckpointStats t;
    t.vertex = v.id;
    t.hex_id = v.hex_id;
    t.name = v.name;
    t.num_subtasks = v.parallelism;
    t.subtasks.resize(static_cast<size_t>(v.parallelism));
    for (int32_t i = 0; i < v.parallelism; ++i) {
      SubtaskCheckpointStats& st = t.subtasks[static_cast<size_t>(i)];
      st.index = i;
      if (v.subtask_states[static_cast<size_t>(i)] == TaskExecutionState::kFinished) {
        st.finished = true;
        st.acknowledged = true;  // finished tasks need no acknowledgement
        ++t.num_acknowledged;
      }
    }
    s.num_subtasks += t.num_subtasks;
    s.num_acknowledged_subtasks += t.num_acknowledged;
    s.tasks.push_back(std::move(t));
  }
  std::lock_guard<std::mutex> lock(mu_);
  entries_[id] = std::move(s);
  Trim();
}

void CheckpointStatsTracker::ReportAcknowledged(CheckpointId id, const TaskRef& task,
                                                int64_t ack_timestamp_ms, int64_t state_size,
                                                const SubtaskCheckpointMetrics& metrics) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(id);
  if (it == entries_.end()) return;
  CheckpointStats& s = it->second;
  for (TaskCheckpointStats& t : s.tasks) {
    if (t.vertex != task.vertex) continue;
    if (task.subtask < 0 || task.subtask >= t.num_subtasks) return;
    SubtaskCheckpointStats& st = t.subtasks[static_cast<size_t>(task.subtask)];
    if (st.acknowledged) return;
    st.acknowledged = true;
    st.ack_timestamp_ms = ack_timestamp_ms;
    st.state_size = state_size;
    st.metrics = metrics;
    ++t.num_acknowledged;
    t.latest_ack_timestamp_ms = std::max(t.latest_ack_timestamp_ms, ack_timestamp_ms);
    t.state_size += state_size;
    ++s.num_acknowledged_subtasks;
    s.latest_ack_timestamp_ms = std::max(s.latest_ack_timestamp_ms, ack_timestamp_ms);
    s.state_size += state_size;
    return;
  }
}

void CheckpointStatsTracker::ReportCompleted(CheckpointId id, int64_t completion_timestamp_ms,
                                             std::string external_path) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(id);
  if (it == entries_.end() || it->second.status != CheckpointStatsStatus::kInProgress) return;
  CheckpointStats& s = it->second;
  s.status = CheckpointStatsStatus::kCompleted;
  s.end_timestamp_ms = completion_timestamp_ms;
  s.external_path = std::move(external_path);
  ++num_completed_;
  if (s.is_savepoint()) {
    latest_savepoint_ = s;
  } else {
    latest_completed_ = s;
  }
  PushBounded(recent_state_size_, s.state_size, kSummaryWindow);
  PushBounded(recent_duration_, s.EndToEndDurationMs(), kSummaryWindow);
  PushBounded(recent_processed_, s.ProcessedData(), kSummaryWindow);
  PushBounded(recent_persisted_, s.PersistedData(), kSummaryWindow);
  Trim();
}

void CheckpointStatsTracker::ReportFailed(CheckpointId id, int64_t failure_timestamp_ms,
                                          std::string message) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(id);
  if (it == entries_.end() || it->second.status != CheckpointStatsStatus::kInProgress) return;
  CheckpointStats& s = it->second;
  s.status = CheckpointStatsStatus::kFailed;
  s.end_timestamp_ms = failure_timestamp_ms;
  s.failure_message = std::move(message);
  ++num_failed_;
  latest_failed_ = s;
  Trim();
}

void CheckpointStatsTracker::ReportFailedBeforeStart() {
  std::lock_guard<std::mutex> lock(mu_);
  ++num_failed_before_start_;
}

void CheckpointStatsTracker::ReportDiscarded(CheckpointId id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(id);
  if (it != entries_.end()) it->second.discarded = true;
  if (latest_completed_.has_value() && latest_completed_->id == id) {
    latest_completed_->discarded = true;
  }
}

void CheckpointStatsTracker::ReportRestored(const RestoredCheckpointStats& restored) {
  std::lock_guard<std::mutex> lock(mu_);
  ++num_restored_;
  latest_restored_ = restored;
}

void CheckpointStatsTracker::Trim() {
  // Keep every in-progress entry and the newest history_size_ entries.
  size_t kept = 0;
  for (auto it = entries_.rbegin(); it != entries_.rend();) {
    if (kept < history_size_ || it->second.status == CheckpointStatsStatus::kInProgress) {
      ++kept;
      ++it;
    } else {
      it = std::make_reverse_iterator(entries_.erase(std::next(it).base()));
    }
  }
}

CheckpointStatsSnapshot CheckpointStatsTracker::Snapshot() const {
  std::lock_guard<std::mutex> lock(mu_);
  CheckpointStatsSnapshot snap;
  snap.num_restored = num_restored_;
  snap.num_completed = num_completed_;
  snap.num_failed = num_failed_ + num_failed_before_start_;
  for (auto it = entries_.rbegin(); it != entries_.rend(); ++it) {
    if (it->second.status == CheckpointStatsStatus::kInProgress) ++snap.num_in_progress;
    if (snap.history.size() < history_size_) snap.history.push_back(it->second);
  }
  snap.num_total = snap.num_completed + snap.num_failed + snap.num_in_progress;
  snap.latest_completed = latest_completed_;
  snap.latest_savepoint = latest_savepoint_;
  snap.latest_failed = latest_failed_;
  snap.latest_restored = latest_restored_;
  snap.state_size = StatsSummary::Of({recent_state_size_.begin(), recent_state_size_.end()});
  snap.end_to_end_duration = StatsSummary::Of({recent_duration_.begin(), recent_duration_.end()});
  snap.processed_data = StatsSummary::Of({recent_processed_.begin(), recent_processed_.end()});
  snap.persisted_data = StatsSummary::Of({recent_persisted_.begin(), recent_persisted_.end()});
  return snap;
}

}  // namespace weir::runtime
