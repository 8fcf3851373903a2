// OperatorChain: building the chain, the chained outputs and the lifecycle calls.
#include "weir/runtime/task/operator_chain.h"

#include <utility>

#include "weir/common/log/log.h"
#include "weir/runtime/metrics/task_metrics.h"
#include "weir/runtime/state/key_group_range.h"

namespace weir::runtime {

/// The Output of one operator: direct calls into later operators, or result partitions.
class OperatorChain::ChainOutput final : public Output {
 public:
  struct Target {
    Operator* op = nullptr;  // a chained operator, or
    int input = 0;
    Output* partition = nullptr;  // a result partition
  };

  ChainOutput(std::string owner, bool only_final_watermark)
      : owner_(std::move(owner)), only_final_watermark_(only_final_watermark) {}

  /// Counts the rows passing this output as the task's records in (a source head's output:
  /// what the source read, as Flink's numRecordsIn of a source task).
  void CountRowsAsInput(TaskMetrics* metrics) { count_in_ = metrics; }

  Status Emit(RecordBatchPtr batch) override {
    if (count_in_ != nullptr) count_in_->AddRecordsIn(batch->num_rows(), 0);
    if (main_.size() == 1) return Deliver(main_[0], std::move(batch));
    for (const Target& t : main_) WEIR_RETURN_NOT_OK(Deliver(t, batch));
    return Status::OK();
  }

  Status EmitSide(int tag, RecordBatchPtr batch) override {
    if (tag < 0 || tag >= static_cast<int>(side_.size())) {
      return Status::Internal("side output tag ", tag, " is not declared by operator ", owner_,
                              " (it declares ", side_.size(), ")");
    }
    for (const Target& t : side_[static_cast<size_t>(tag)]) WEIR_RETURN_NOT_OK(Deliver(t, batch));
    return Status::OK();
  }

  Status EmitWatermark(EventTime watermark) override {
    if (only_final_watermark_ && watermark != kMaxWatermark) return Status::OK();
    for (const Target& t : main_) WEIR_RETURN_NOT_OK(DeliverWatermark(t, watermark));
    for (const auto& targets : side_) {
      for (const Target& t : targets) WEIR_RETURN_NOT_OK(DeliverWatermark(t, watermark));
    }
    return Status::OK();
  }

  Status EmitWatermarkStatus(bool idle) override {
    for (const Target& t : main_) WEIR_RETURN_NOT_OK(DeliverStatus(t, idle));
    for (const auto& targets : side_) {
      for (const Target& t : targets) WEIR_RETURN_NOT_OK(DeliverStatus(t, idle));
    }
    return Status::OK();
  }

  std::vector<Target> main_;
  std::vector<std::vector<Target>> side_;

 private:
  static Status Deliver(const Target& t, RecordBatchPtr batch) {
    if (t.op != nullptr) return t.op->ProcessBatch(t.input, batch);
    return t.partition->Emit(std::move(batch));
  }
  static Status DeliverWatermark(const Target& t, EventTime watermark) {
    if (t.op != nullptr) return t.op->ProcessWatermark(t.input, watermark);
    return t.partition->EmitWatermark(watermark);
  }
  static Status DeliverStatus(const Target& t, bool idle) {
    if (t.op != nullptr) return t.op->ProcessWatermarkStatus(t.input, idle);
    return t.partition->EmitWatermarkStatus(idle);
  }

  const std::string owner_;
  const bool only_final_watermark_;
  TaskMetrics* count_in_ = nullptr;
};

OperatorChain::~OperatorChain() = default;

Result<std::unique_ptr<OperatorChain>> OperatorChain::Make(
    const std::vector<ChainedOperatorSpec>& specs, const std::vector<Output*>& partitions,
    const ChainIdentity& identity, const OperatorContext& base_context) {
  if (specs.empty()) return Status::Invalid("operator chain without operators");
  const int32_t n = static_cast<int32_t>(specs.size());
  std::unique_ptr<OperatorChain> chain(new OperatorChain());
  for (int32_t i = 0; i < n; ++i) {
    const ChainedOperatorSpec& spec = specs[static_cast<size_t>(i)];
    if (!spec.factory) {
      return Status::Invalid("operator ", spec.name, " (uid ", spec.uid, ") has no factory");
    }
    WEIR_ASSIGN_OR_RAISE(std::unique_ptr<Operator> op, spec.factory(identity.subtask_index));
    if (op == nullptr) {
      return Status::Invalid("factory of operator ", spec.name, " (uid ", spec.uid,
                             ") returned no operator");
    }
    chain->operators_.push_back(std::move(op));
  }

  // Wire the outputs and check the chain's shape.
  std::vector<int32_t> feeders(static_cast<size_t>(n), 0);
  chain->feeding_input_.assign(static_cast<size_t>(n), 0);
  auto resolve = [&](int32_t from, const ChainTarget& target, ChainOutput::Target* out) -> Status {
    const ChainedOperatorSpec& spec = specs[static_cast<size_t>(from)];
    if (target.kind == ChainTarget::Kind::kPartition) {
      if (target.index < 0 || target.index >= static_cast<int32_t>(partitions.size()) ||
          partitions[static_cast<size_t>(target.index)] == nullptr) {
        return Status::Invalid("operator ", spec.name, " outputs to result partition ",
                               target.index, ", but the task has ", partitions.size());
      }
      out->partition = partitions[static_cast<size_t>(target.index)];
      return Status::OK();
    }
    if (target.index <= from || target.index >= n) {
      return Status::Invalid("operator ", spec.name, " (chain position ", from,
                             ") outputs to chain position ", target.index,
                             "; chained outputs must go to a later operator of the ", n);
    }
    Operator* next = chain->operators_[static_cast<size_t>(target.index)].get();
    if (target.input != 0 || next->num_inputs() != 1) {
      return Status::Invalid("chained operator ", next->name(), " must be a one-input operator ",
                             "fed on input 0, got input ", target.input, " of ",
                             next->num_inputs());
    }
    ++feeders[static_cast<size_t>(target.index)];
    chain->feeding_input_[static_cast<size_t>(target.index)] = target.input;
    out->op = next;
    out->input = target.input;
    return Status::OK();
  };
  for (int32_t i = 0; i < n; ++i) {
    const ChainedOperatorSpec& spec = specs[static_cast<size_t>(i)];
    auto output = std::make_unique<ChainOutput>(spec.name, identity.batch);
    for (const ChainTarget& t : spec.outputs) {
      ChainOutput::Target target;
      WEIR_RETURN_NOT_OK(resolve(i, t, &target));
      output->main_.push_back(target);
    }
    output->side_.resize(spec.side_outputs.size());
    for (size_t tag = 0; tag < spec.side_outputs.size(); ++tag) {
      for (const ChainTarget& t : spec.side_outputs[tag]) {
        ChainOutput::Target target;
        WEIR_RETURN_NOT_OK(resolve(i, t, &target));
        output->side_[tag].push_back(target);
      }
    }
    if (i == 0 && chain->operators_[0]->num_inputs() == 0) {
      output->CountRowsAsInput(base_context.metrics);
    }
    chain->outputs_.push_back(std::move(output));
  }
  for (int32_t i = 1; i < n; ++i) {
    if (feeders[static_cast<size_t>(i)] != 1) {
      return Status::Invalid("chained operator ", specs[static_cast<size_t>(i)].name,
                             " must be fed by exactly one earlier operator of its chain, found ",
                             feeders[static_cast<size_t>(i)]);
    }
  }

  // Contexts.
  for (int32_t i = 0; i < n; ++i) {
    const ChainedOperatorSpec& spec = specs[static_cast<size_t>(i)];
    auto ctx = std::make_unique<OperatorContext>(base_context);
    ctx->operator_uid = spec.uid;
    ctx->operator_name = spec.name;
    ctx->subtask_index = identity.subtask_index;
    ctx->parallelism = identity.parallelism;
    ctx->max_parallelism = identity.max_parallelism;
    ctx->attempt = identity.attempt;
    if (identity.parallelism > 0 && identity.parallelism <= identity.max_parallelism &&
        identity.subtask_index >= 0 && identity.subtask_index < identity.parallelism) {
      ctx->key_groups = KeyGroupRangeForSubtask(identity.max_parallelism, identity.parallelism,
                                                identity.subtask_index);
    }
    ctx->output = chain->outputs_[static_cast<size_t>(i)].get();
    chain->operators_[static_cast<size_t>(i)]->context_ = ctx.get();
    chain->refs_.push_back(
        ChainedOperatorRef{i, chain->operators_[static_cast<size_t>(i)].get(), ctx.get()});
    chain->contexts_.push_back(std::move(ctx));
  }
  return chain;
}

Status OperatorChain::InitializeAndOpen(SnapshotHook* hook) {
  for (int32_t i = size() - 1; i >= 0; --i) {
    if (hook != nullptr) WEIR_RETURN_NOT_OK(hook->InitializeState(refs_[static_cast<size_t>(i)]));
    // The hook (or a test harness) set the watermark the operator's snapshot recorded.
    const EventTime restored = context(i).current_watermark;
    if (restored != kMinWatermark) op(i)->ResumeWatermark(restored);
    WEIR_RETURN_NOT_OK(op(i)->Open(context(i)));
    ++num_opened_;
  }
  return Status::OK();
}

Status OperatorChain::ProcessWatermark(int input, EventTime watermark) {
  return head()->ProcessWatermark(input, watermark);
}

Status OperatorChain::ProcessWatermarkStatus(int input, bool idle) {
  return head()->ProcessWatermarkStatus(input, idle);
}

Status OperatorChain::EmitWatermarkFromHead(EventTime watermark) {
  return context(0).output->EmitWatermark(watermark);
}

Status OperatorChain::EndInput(int input) { return head()->EndInput(input); }

Status OperatorChain::FinishOperators() {
  if (finished_) return Status::OK();
  finished_ = true;
  for (int32_t i = 0; i < size(); ++i) {
    if (i > 0) WEIR_RETURN_NOT_OK(op(i)->EndInput(feeding_input_[static_cast<size_t>(i)]));
    WEIR_RETURN_NOT_OK(op(i)->Finish());
  }
  return Status::OK();
}

Status OperatorChain::PrepareSnapshotPreBarrier(CheckpointId id) {
  for (int32_t i = 0; i < size(); ++i) WEIR_RETURN_NOT_OK(op(i)->PrepareSnapshotPreBarrier(id));
  return Status::OK();
}

Status OperatorChain::NotifyCheckpointComplete(CheckpointId id) {
  for (int32_t i = 0; i < size(); ++i) WEIR_RETURN_NOT_OK(op(i)->NotifyCheckpointComplete(id));
  return Status::OK();
}

Status OperatorChain::NotifyCheckpointAborted(CheckpointId id) {
  for (int32_t i = 0; i < size(); ++i) WEIR_RETURN_NOT_OK(op(i)->NotifyCheckpointAborted(id));
  return Status::OK();
}

Status OperatorChain::Close() {
  if (closed_) return Status::OK();
  closed_ = true;
  Status first;
  // Opened operators are the last num_opened_ ones (opening goes tail first).
  for (int32_t i = size() - num_opened_; i < size(); ++i) {
    Status st = op(i)->Close();
    if (!st.ok() && first.ok()) first = st;
  }
  num_opened_ = 0;
  if (!first.ok()) return first;
  return Status::OK();
}

void OperatorChain::CloseQuietly() {
  Status st = Close();
  if (!st.ok()) WEIR_LOG_WARN("error while closing operators after a failure: {}", st.ToString());
}

}  // namespace weir::runtime
