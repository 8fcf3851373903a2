// ResultPartition: partitioners, staging builders, splitting and the pending (overdraft) queues.
#include "weir/runtime/network/result_partition.h"

#include <algorithm>
#include <utility>

#include "weir/common/check.h"
#include "weir/common/hash/key_hash.h"
#include "weir/runtime/metrics/task_metrics.h"
#include "weir/runtime/state/key_group_range.h"

namespace weir::runtime {

Result<std::shared_ptr<ResultPartition>> ResultPartition::Make(
    std::string name, int32_t num_subpartitions, PartitionerSpec partitioner,
    int32_t max_parallelism, int32_t producer_subtask, const NetworkConfig& config,
    std::shared_ptr<MemoryPool> network_pool, MemoryPool* staging_pool) {
  WEIR_RETURN_NOT_OK(config.Validate());
  if (num_subpartitions <= 0) {
    return Status::Invalid("result partition needs at least one subpartition: ", num_subpartitions,
                           " (", name, ")");
  }
  if (network_pool == nullptr) {
    return Status::Invalid("result partition needs a network memory pool (", name, ")");
  }
  if (partitioner.kind == PartitionerKind::kHash) {
    if (max_parallelism < num_subpartitions) {
      return Status::Invalid("hash partition over ", num_subpartitions,
                             " subpartitions needs max parallelism >= that, got ", max_parallelism,
                             " (", name, ")");
    }
  }
  if (partitioner.kind == PartitionerKind::kCustom && !partitioner.custom_function) {
    return Status::Invalid("custom partitioner without a function (", name, ")");
  }
  return std::shared_ptr<ResultPartition>(new ResultPartition(
      std::move(name), num_subpartitions, std::move(partitioner), max_parallelism, producer_subtask,
      config, std::move(network_pool), staging_pool));
}

ResultPartition::ResultPartition(std::string name, int32_t num_subpartitions,
                                 PartitionerSpec partitioner, int32_t max_parallelism,
                                 int32_t producer_subtask, const NetworkConfig& config,
                                 std::shared_ptr<MemoryPool> network_pool, MemoryPool* staging_pool)
    : name_(std::move(name)),
      partitioner_(std::move(partitioner)),
      max_parallelism_(max_parallelism),
      config_(config),
      network_pool_(std::move(network_pool)),
      staging_pool_(staging_pool != nullptr ? staging_pool : DefaultMemoryPool()),
      subs_(static_cast<size_t>(num_subpartitions)),
      next_channel_(producer_subtask < 0 ? 0 : producer_subtask % num_subpartitions),
      key_indices_(partitioner_.key_columns.begin(), partitioner_.key_columns.end()),
      counts_(static_cast<size_t>(num_subpartitions)),
      starts_(static_cast<size_t>(num_subpartitions)) {}

ResultPartition::~ResultPartition() { Release(); }

Status ResultPartition::ConnectLocal(int32_t subpartition, std::shared_ptr<InputGate> gate,
                                     int32_t channel) {
  if (subpartition < 0 || subpartition >= num_subpartitions()) {
    return Status::Invalid("no subpartition ", subpartition, " in result partition ", name_, " of ",
                           num_subpartitions());
  }
  if (gate == nullptr || channel < 0 || channel >= gate->num_channels()) {
    return Status::Invalid("no channel ", channel, " to connect subpartition ", subpartition,
                           " of ", name_, " to");
  }
  Subpartition& s = subs_[static_cast<size_t>(subpartition)];
  if (s.gate != nullptr) {
    return Status::AlreadyExists("subpartition ", subpartition, " of ", name_,
                                 " is already connected");
  }
  s.gate = std::move(gate);
  s.channel = channel;
  return Status::OK();
}

Status ResultPartition::CheckConnected() const {
  for (size_t i = 0; i < subs_.size(); ++i) {
    if (subs_[i].gate == nullptr) {
      return Status::Invalid("subpartition ", i, " of result partition ", name_,
                             " is not connected to a consumer");
    }
  }
  return Status::OK();
}

void ResultPartition::SetProducer(std::weak_ptr<Schedulable> producer, TaskMetrics* metrics) {
  producer_ = std::move(producer);
  metrics_ = metrics;
}

Status ResultPartition::Emit(RecordBatchPtr batch) {
  if (batch == nullptr || batch->num_rows() == 0) return Status::OK();
  const int32_t n = num_subpartitions();
  switch (partitioner_.kind) {
    case PartitionerKind::kForward:
    case PartitionerKind::kGlobal:
      return SendWhole(0, batch);
    case PartitionerKind::kRebalance:
    case PartitionerKind::kRescale: {
      const int32_t target = next_channel_;
      next_channel_ = next_channel_ + 1 == n ? 0 : next_channel_ + 1;
      return SendWhole(target, batch);
    }
    case PartitionerKind::kBroadcast:
      for (int32_t i = 0; i < n; ++i) WEIR_RETURN_NOT_OK(SendWhole(i, batch));
      return Status::OK();
    case PartitionerKind::kHash:
      WEIR_RETURN_NOT_OK(ComputeHashTargets(*batch));
      return Scatter(batch);
    case PartitionerKind::kCustom: {
      const int64_t rows = batch->num_rows();
      targets_.resize(static_cast<size_t>(rows));
      WEIR_RETURN_NOT_OK(partitioner_.custom_function(*batch, n, targets_.data()));
      for (int64_t r = 0; r < rows; ++r) {
        const int32_t t = targets_[static_cast<size_t>(r)];
        if (t < 0 || t >= n) {
          return Status::Invalid("custom partitioner ", partitioner_.custom_name, " chose channel ",
                                 t, " for row ", r, "; valid channels are 0 to ", n - 1, " (",
                                 name_, ")");
        }
      }
      return Scatter(batch);
    }
  }
  return Status::Internal("unknown partitioner kind in ", name_);
}

Status ResultPartition::EmitSide(int tag, RecordBatchPtr /*batch*/) {
  return Status::Internal("side output ", tag, " emitted into result partition ", name_,
                          ", which carries one output only");
}

Status ResultPartition::EmitWatermark(EventTime watermark) {
  return BroadcastEvent(StreamElement::MakeWatermark(watermark));
}

Status ResultPartition::EmitWatermarkStatus(bool idle) {
  return BroadcastEvent(StreamElement::WatermarkStatus(idle));
}

Status ResultPartition::ComputeHashTargets(const RecordBatch& batch) {
  const int64_t rows = batch.num_rows();
  const int32_t n = num_subpartitions();
  hashes_.resize(static_cast<size_t>(rows));
  targets_.resize(static_cast<size_t>(rows));
  for (int32_t key : partitioner_.key_columns) {
    if (key < 0 || key >= batch.num_columns()) {
      return Status::Invalid("hash partitioner key column ", key, " is out of range for a ",
                             batch.num_columns(), "-column batch (", name_, ")");
    }
  }
  HashColumns(batch, key_indices_, hashes_.data());
  const uint64_t* h = hashes_.data();
  int32_t* t = targets_.data();
  const int32_t maxp = max_parallelism_;
  for (int64_t r = 0; r < rows; ++r) {
    t[r] = SubtaskForKeyGroup(maxp, n, KeyGroupForHash(h[r], maxp));
  }
  return Status::OK();
}

Status ResultPartition::EnsureStagingSchema(const RecordBatch& batch) {
  if (staged_schema_ != nullptr &&
      (staged_schema_ == batch.schema() || *staged_schema_ == *batch.schema()) &&
      staged_event_time_index_ == batch.event_time_index()) {
    return Status::OK();
  }
  WEIR_RETURN_NOT_OK(FlushStaged());
  staged_schema_ = batch.schema();
  staged_event_time_index_ = batch.event_time_index();
  for (Subpartition& s : subs_) {
    s.staging.builders.clear();
    for (int c = 0; c < batch.num_columns(); ++c) {
      WEIR_ASSIGN_OR_RAISE(auto builder,
                           ColumnBuilder::Make(batch.column(c)->type(), staging_pool_));
      s.staging.builders.push_back(std::move(builder));
    }
  }
  return Status::OK();
}

Status ResultPartition::Scatter(const RecordBatchPtr& batch) {
  const int64_t rows = batch->num_rows();
  const int32_t n = num_subpartitions();
  const int32_t* t = targets_.data();
  std::fill(counts_.begin(), counts_.end(), 0);
  for (int64_t r = 0; r < rows; ++r) ++counts_[static_cast<size_t>(t[r])];

  // Everything to one channel with nothing staged there: pass the batch on as it is.
  const int32_t first = t[0];
  if (counts_[static_cast<size_t>(first)] == rows &&
      subs_[static_cast<size_t>(first)].staging.rows == 0) {
    return SendWhole(first, batch);
  }

  WEIR_RETURN_NOT_OK(EnsureStagingSchema(*batch));
  int32_t pos = 0;
  for (int32_t i = 0; i < n; ++i) {
    starts_[static_cast<size_t>(i)] = pos;
    pos += counts_[static_cast<size_t>(i)];
  }
  indices_.resize(static_cast<size_t>(rows));
  {
    // Counting sort of row indices by target; starts_ become the ends.
    int32_t* idx = indices_.data();
    int32_t* cursor = starts_.data();
    for (int64_t r = 0; r < rows; ++r) idx[cursor[t[r]]++] = static_cast<int32_t>(r);
  }
  const double bytes_per_row =
      static_cast<double>(BatchDataBytes(*batch)) / static_cast<double>(rows);
  const int8_t* kinds = batch->all_inserts() ? nullptr : batch->row_kinds()->values<int8_t>();
  for (int32_t i = 0; i < n; ++i) {
    const int32_t count = counts_[static_cast<size_t>(i)];
    if (count == 0) continue;
    const int32_t* sel = indices_.data() + (starts_[static_cast<size_t>(i)] - count);
    Staging& st = subs_[static_cast<size_t>(i)].staging;
    for (int c = 0; c < batch->num_columns(); ++c) {
      WEIR_RETURN_NOT_OK(
          st.builders[static_cast<size_t>(c)]->AppendIndices(*batch->column(c), sel, count));
    }
    const size_t old = st.kinds.size();
    st.kinds.resize(old + static_cast<size_t>(count));
    if (kinds == nullptr) {
      std::fill(st.kinds.begin() + static_cast<std::ptrdiff_t>(old), st.kinds.end(), 0);
    } else {
      int8_t* out = st.kinds.data() + old;
      int8_t any = 0;
      for (int32_t k = 0; k < count; ++k) {
        out[k] = kinds[sel[k]];
        any |= out[k];
      }
      st.any_non_insert |= any != 0;
    }
    st.rows += count;
    st.bytes += bytes_per_row * count;
    staged_rows_ += count;
    if (st.bytes >= static_cast<double>(config_.segment_size)) {
      WEIR_RETURN_NOT_OK(FlushStaging(i));
    }
  }
  return Status::OK();
}

Status ResultPartition::FlushStaging(int32_t sub) {
  Staging& st = subs_[static_cast<size_t>(sub)].staging;
  if (st.rows == 0) return Status::OK();
  const int64_t rows = st.rows;
  std::vector<ColumnPtr> columns;
  columns.reserve(st.builders.size());
  for (auto& builder : st.builders) {
    WEIR_ASSIGN_OR_RAISE(ColumnPtr column, builder->Finish());
    columns.push_back(std::move(column));
  }
  ColumnPtr kinds_column;
  if (st.any_non_insert) {
    WEIR_ASSIGN_OR_RAISE(BufferPtr buf, Buffer::Allocate(rows, staging_pool_));
    std::copy(st.kinds.begin(), st.kinds.end(), buf->mutable_data_as<int8_t>());
    kinds_column = std::make_shared<const ColumnVector>(LogicalType::TinyInt(false), rows,
                                                        std::vector<BufferPtr>{nullptr, buf},
                                                        std::vector<ColumnPtr>{}, 0);
  }
  st.kinds.clear();
  st.any_non_insert = false;
  st.rows = 0;
  st.bytes = 0;
  staged_rows_ -= rows;
  auto batch = std::make_shared<const RecordBatch>(
      staged_schema_, std::move(columns), rows, std::move(kinds_column), staged_event_time_index_);
  return SendWhole(sub, batch);
}

Status ResultPartition::FlushStaged() {
  if (staged_rows_ == 0) return Status::OK();
  for (int32_t i = 0; i < num_subpartitions(); ++i) WEIR_RETURN_NOT_OK(FlushStaging(i));
  return Status::OK();
}

Status ResultPartition::SendWhole(int32_t sub, const RecordBatchPtr& batch) {
  const int64_t rows = batch->num_rows();
  if (rows == 0) return Status::OK();
  const int64_t bytes = BatchDataBytes(*batch);
  if (metrics_ != nullptr) metrics_->AddRecordsOut(rows, bytes);
  if (bytes <= config_.segment_size || rows == 1) {
    Enqueue(sub, NetworkBuffer{StreamElement::Batch(batch), bytes, false});
    return Status::OK();
  }
  // Split into pieces of about a segment each (rows are assumed to be of similar size).
  const int64_t pieces = (bytes + config_.segment_size - 1) / config_.segment_size;
  const int64_t rows_per_piece = std::max<int64_t>(1, (rows + pieces - 1) / pieces);
  for (int64_t offset = 0; offset < rows; offset += rows_per_piece) {
    const int64_t length = std::min(rows_per_piece, rows - offset);
    RecordBatchPtr piece = batch->Slice(offset, length);
    const int64_t piece_bytes = BatchDataBytes(*piece);
    Enqueue(sub, NetworkBuffer{StreamElement::Batch(std::move(piece)), piece_bytes, false});
  }
  return Status::OK();
}

void ResultPartition::Enqueue(int32_t sub, NetworkBuffer buffer) {
  Subpartition& s = subs_[static_cast<size_t>(sub)];
  WEIR_DCHECK(s.gate != nullptr);
  const bool is_data = buffer.element.is_batch();
  if (s.pending.empty()) {
    if (!is_data) {
      s.gate->PushEvent(s.channel, std::move(buffer.element));
      return;
    }
    if (s.gate->TryPushData(s.channel, buffer, producer_)) {
      if (metrics_ != nullptr) metrics_->AddBuffersOut(1);
      return;
    }
  }
  s.pending.push_back(std::move(buffer));
  ++num_pending_;
  if (is_data) {
    ++num_pending_data_;
    s.pending_data.fetch_add(1, std::memory_order_relaxed);
    UpdateOverdraftReservation();
  }
}

bool ResultPartition::TrySendPending() {
  if (num_pending_ == 0) return true;
  for (Subpartition& s : subs_) {
    while (!s.pending.empty()) {
      NetworkBuffer& front = s.pending.front();
      if (front.element.is_batch()) {
        if (!s.gate->TryPushData(s.channel, front, producer_)) break;
        if (metrics_ != nullptr) metrics_->AddBuffersOut(1);
        --num_pending_data_;
        s.pending_data.fetch_sub(1, std::memory_order_relaxed);
      } else {
        s.gate->PushEvent(s.channel, std::move(front.element));
      }
      s.pending.pop_front();
      --num_pending_;
    }
  }
  UpdateOverdraftReservation();
  return num_pending_ == 0;
}

void ResultPartition::UpdateOverdraftReservation() {
  const int64_t limit = config_.max_overdraft_buffers_per_gate;
  const int64_t want = std::min<int64_t>(num_pending_data_, limit);
  while (overdraft_reserved_ < want) {
    if (!network_pool_->Reserve(config_.segment_size).ok()) break;
    ++overdraft_reserved_;
  }
  if (overdraft_reserved_ > want) {
    network_pool_->Release((overdraft_reserved_ - want) * config_.segment_size);
    overdraft_reserved_ = want;
  }
  if (num_pending_data_ > overdraft_reserved_) {
    overdraft_exceeded_ = std::max(overdraft_exceeded_, num_pending_data_ - overdraft_reserved_);
  }
}

Status ResultPartition::BroadcastEvent(const StreamElement& event) {
  WEIR_RETURN_NOT_OK(FlushStaged());
  for (int32_t i = 0; i < num_subpartitions(); ++i) {
    Enqueue(i, NetworkBuffer{event, 0, false});
  }
  return Status::OK();
}

Status ResultPartition::Finish() { return BroadcastEvent(StreamElement::EndOfPartition()); }

void ResultPartition::Release() {
  for (Subpartition& s : subs_) {
    s.pending.clear();
    s.pending_data.store(0, std::memory_order_relaxed);
    for (auto& builder : s.staging.builders) {
      if (builder->length() > 0) {
        Result<ColumnPtr> dropped = builder->Finish();
        dropped.status().IgnoreError();
      }
    }
    s.staging.kinds.clear();
    s.staging.rows = 0;
    s.staging.bytes = 0;
  }
  staged_rows_ = 0;
  num_pending_ = 0;
  num_pending_data_ = 0;
  if (overdraft_reserved_ > 0) {
    network_pool_->Release(overdraft_reserved_ * config_.segment_size);
    overdraft_reserved_ = 0;
  }
}

double ResultPartition::usage() const {
  const int64_t cap = int64_t{config_.buffers_per_channel} + 1;
  int64_t used = 0;
  int64_t total = 0;
  for (const Subpartition& s : subs_) {
    total += cap;
    if (s.gate == nullptr) continue;
    const int64_t u = int64_t{s.gate->channel_buffers_in_use(s.channel)} +
                      s.pending_data.load(std::memory_order_relaxed);
    used += std::min(cap, u);
  }
  return total == 0 ? 0.0 : static_cast<double>(used) / static_cast<double>(total);
}

}  // namespace weir::runtime
