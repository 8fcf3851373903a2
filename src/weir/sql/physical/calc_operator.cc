// CalcOperator: filter with a selection vector, then evaluate the projections on it.
#include "weir/sql/physical/calc_operator.h"

#include "weir/common/str_cat.h"
#include "weir/runtime/operators/operator_context.h"

namespace weir::sql {

Result<std::unique_ptr<CalcOperator>> CalcOperator::Make(CalcSpec spec,
                                                         const FunctionRegistry& registry,
                                                         EvalContext ctx) {
  if (spec.input_schema == nullptr || spec.output_schema == nullptr) {
    return Status::Invalid("Calc needs input and output schemas: ", spec.name);
  }
  if (static_cast<int>(spec.projections.size()) != spec.output_schema->num_fields()) {
    return Status::Invalid("Calc ", spec.name, " has ", spec.projections.size(),
                           " projections for ", spec.output_schema->num_fields(),
                           " output columns");
  }
  std::unique_ptr<CalcOperator> op(new CalcOperator(std::move(spec)));
  ctx.current_watermark = op->watermark_.get();
  const CalcSpec& s = op->spec_;
  if (s.condition != nullptr && s.condition->type().id() != TypeId::kBoolean) {
    return Status::TypeError("Calc condition must be BOOLEAN, got ", s.condition->type().ToString(),
                             ": ", s.condition->ToString());
  }
  for (size_t i = 0; i < s.projections.size(); ++i) {
    const ExprPtr& p = s.projections[i];
    const Field& out = s.output_schema->field(static_cast<int>(i));
    if (p->type() != out.logical_type()) {
      return Status::TypeError("Calc column ", out.name, " is declared ",
                               out.logical_type().ToString(), " but its expression ", p->ToString(),
                               " is ", p->type().ToString());
    }
    op->pass_through_.push_back(p->kind() == ExprKind::kColumnRef ? p->column_index() : -1);
  }
  // One group, so the condition and the projections share their common subexpressions.
  std::vector<ExprPtr> exprs;
  if (s.condition != nullptr) exprs.push_back(s.condition);
  exprs.insert(exprs.end(), s.projections.begin(), s.projections.end());
  WEIR_ASSIGN_OR_RAISE(auto compiled,
                       CompiledExpr::MakeGroup(std::move(exprs), *s.input_schema, registry, ctx));
  size_t next = 0;
  if (s.condition != nullptr) op->condition_ = std::move(compiled[next++]);
  for (; next < compiled.size(); ++next) op->projections_.push_back(std::move(compiled[next]));
  return op;
}

Status CalcOperator::ProcessBatch(int /*input*/, const RecordBatchPtr& batch) {
  // The default ProcessWatermark (and a restore) keep the context's watermark current.
  if (context_ != nullptr) *watermark_ = context_->current_watermark;
  SharedValues shared(*batch);  // common subexpressions, computed once for this batch
  SelectionVector selected;
  const SelectionVector* selection = nullptr;
  if (condition_ != nullptr) {
    WEIR_ASSIGN_OR_RAISE(selected, condition_->Filter(*batch, nullptr, &shared));
    if (selected.size() == 0) return Status::OK();
    if (selected.size() < batch->num_rows()) selection = &selected;
  }
  const int64_t num_rows = selection != nullptr ? selection->size() : batch->num_rows();
  std::vector<ColumnPtr> columns;
  columns.reserve(projections_.size());
  for (size_t i = 0; i < projections_.size(); ++i) {
    if (selection == nullptr && pass_through_[i] >= 0) {
      columns.push_back(batch->column(pass_through_[i]));
      continue;
    }
    WEIR_ASSIGN_OR_RAISE(ColumnPtr column, projections_[i]->Evaluate(*batch, selection, &shared));
    columns.push_back(std::move(column));
  }
  ColumnPtr row_kinds;
  if (!batch->all_inserts()) {
    if (selection == nullptr) {
      row_kinds = batch->row_kinds();
    } else {
      WEIR_ASSIGN_OR_RAISE(row_kinds, Take(*batch->row_kinds(), *selection, context_->memory_pool));
    }
  }
  return context_->output->Emit(std::make_shared<const RecordBatch>(
      spec_.output_schema, std::move(columns), num_rows, std::move(row_kinds)));
}

}  // namespace weir::sql
