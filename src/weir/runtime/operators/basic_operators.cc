// Basic operators: the element-list source and the collecting sink.
#include "weir/runtime/operators/basic_operators.h"

#include "weir/common/str_cat.h"

namespace weir::runtime {

Status ElementsSource::ProcessBatch(int /*input*/, const RecordBatchPtr& /*batch*/) {
  return Status::Internal("source ", name_, " has no input");
}

Result<SourcePoll> ElementsSource::PollNext() {
  for (int32_t i = 0; i < per_poll_ && next_ < elements_.size(); ++i) {
    const StreamElement& e = elements_[next_++];
    switch (e.kind()) {
      case ElementKind::kBatch:
        WEIR_RETURN_NOT_OK(context_->output->Emit(e.batch()));
        break;
      case ElementKind::kWatermark:
        WEIR_RETURN_NOT_OK(context_->output->EmitWatermark(e.watermark()));
        break;
      case ElementKind::kWatermarkStatus:
        WEIR_RETURN_NOT_OK(context_->output->EmitWatermarkStatus(e.idle()));
        break;
      default:
        return Status::Invalid("source ", name_, " cannot emit ", e.ToString());
    }
  }
  return next_ < elements_.size() ? SourcePoll::kMoreAvailable : SourcePoll::kEndOfInput;
}

void CollectedOutput::AddEvent(std::string event) {
  std::lock_guard<std::mutex> lock(mu_);
  events_.push_back(std::move(event));
}

void CollectedOutput::AddWatermark(EventTime watermark) {
  std::lock_guard<std::mutex> lock(mu_);
  watermarks_.push_back(watermark);
  events_.push_back(StrCat("watermark ", watermark));
}

void CollectedOutput::AddBatch(int input, const RecordBatchPtr& batch) {
  std::lock_guard<std::mutex> lock(mu_);
  batches_.emplace_back(input, batch);
  num_rows_ += batch->num_rows();
  events_.push_back(StrCat("batch ", batch->num_rows()));
}

std::vector<std::string> CollectedOutput::Rows() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::string> rows;
  for (const auto& [input, batch] : batches_) {
    for (int64_t r = 0; r < batch->num_rows(); ++r) rows.push_back(batch->RowToString(r));
  }
  return rows;
}

std::vector<std::string> CollectedOutput::RowsOf(int which) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::string> rows;
  for (const auto& [input, batch] : batches_) {
    if (input != which) continue;
    for (int64_t r = 0; r < batch->num_rows(); ++r) rows.push_back(batch->RowToString(r));
  }
  return rows;
}

std::vector<RecordBatchPtr> CollectedOutput::Batches() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<RecordBatchPtr> out;
  for (const auto& [input, batch] : batches_) out.push_back(batch);
  return out;
}

std::vector<std::string> CollectedOutput::Events() const {
  std::lock_guard<std::mutex> lock(mu_);
  return events_;
}

std::vector<EventTime> CollectedOutput::Watermarks() const {
  std::lock_guard<std::mutex> lock(mu_);
  return watermarks_;
}

int64_t CollectedOutput::num_rows() const {
  std::lock_guard<std::mutex> lock(mu_);
  return num_rows_;
}

Status CollectingSink::Open(OperatorContext& /*ctx*/) {
  out_->AddEvent("open");
  return Status::OK();
}

Status CollectingSink::ProcessBatch(int input, const RecordBatchPtr& batch) {
  out_->AddBatch(input, batch);
  return Status::OK();
}

Status CollectingSink::ProcessWatermark(int input, EventTime watermark) {
  const EventTime before = output_watermark_;
  WEIR_RETURN_NOT_OK(Operator::ProcessWatermark(input, watermark));
  // Record the combined watermark (what a downstream operator would receive).
  if (output_watermark_ != before) out_->AddWatermark(output_watermark_);
  return Status::OK();
}

Status CollectingSink::ProcessWatermarkStatus(int input, bool idle) {
  const bool before = output_idle_;
  WEIR_RETURN_NOT_OK(Operator::ProcessWatermarkStatus(input, idle));
  if (output_idle_ != before) out_->AddEvent(output_idle_ ? "idle" : "active");
  return Status::OK();
}

Status CollectingSink::PrepareSnapshotPreBarrier(CheckpointId id) {
  out_->AddEvent(StrCat("prepare-barrier ", id.value()));
  return Status::OK();
}

Status CollectingSink::NotifyCheckpointComplete(CheckpointId id) {
  out_->AddEvent(StrCat("complete ", id.value()));
  return Status::OK();
}

Status CollectingSink::NotifyCheckpointAborted(CheckpointId id) {
  out_->AddEvent(StrCat("aborted ", id.value()));
  return Status::OK();
}

Status CollectingSink::EndInput(int input) {
  out_->AddEvent(StrCat("end-input ", input));
  return Status::OK();
}

Status CollectingSink::Finish() {
  out_->AddEvent("finish");
  return Status::OK();
}

Status CollectingSink::Close() {
  out_->AddEvent("close");
  return Status::OK();
}

}  // namespace weir::runtime
