// Concatenation of columns and of record batches.
#include "weir/common/batch/column_builder.h"
#include "weir/common/batch/record_batch.h"

namespace weir {

Result<ColumnPtr> Concatenate(const std::vector<ColumnPtr>& columns, MemoryPool* pool) {
  if (columns.empty()) return Status::Invalid("Cannot concatenate zero columns");
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] == nullptr) return Status::Invalid("Cannot concatenate a missing column: ", i);
    if (!columns[i]->type().EqualsIgnoringNullability(columns[0]->type())) {
      return Status::TypeError(
          "Cannot concatenate columns of different types: ", columns[0]->type().ToString(), " and ",
          columns[i]->type().ToString(), " (column ", i, ")");
    }
  }
  if (columns.size() == 1) return columns[0];
  int64_t total = 0;
  for (const ColumnPtr& c : columns) total += c->length();
  WEIR_ASSIGN_OR_RAISE(auto builder, ColumnBuilder::Make(columns[0]->type(), pool));
  WEIR_RETURN_NOT_OK(builder->Reserve(total));
  for (const ColumnPtr& c : columns) WEIR_RETURN_NOT_OK(builder->AppendRange(*c, 0, c->length()));
  return builder->Finish();
}

Result<RecordBatchPtr> ConcatenateBatches(const std::vector<RecordBatchPtr>& batches,
                                          MemoryPool* pool) {
  if (batches.empty()) return Status::Invalid("Cannot concatenate zero batches");
  for (size_t i = 0; i < batches.size(); ++i) {
    if (batches[i] == nullptr) return Status::Invalid("Cannot concatenate a missing batch: ", i);
    const SchemaPtr& a = batches[0]->schema();
    const SchemaPtr& b = batches[i]->schema();
    if (a != b && !(*a == *b)) {
      return Status::Invalid("Cannot concatenate batches of different schemas: ", a->ToString(),
                             " and ", b->ToString(), " (batch ", i, ")");
    }
  }
  if (batches.size() == 1) return batches[0];
  const RecordBatch& first = *batches[0];
  std::vector<ColumnPtr> columns;
  columns.reserve(static_cast<size_t>(first.num_columns()));
  std::vector<ColumnPtr> parts(batches.size());
  for (int c = 0; c < first.num_columns(); ++c) {
    for (size_t b = 0; b < batches.size(); ++b) parts[b] = batches[b]->column(c);
    WEIR_ASSIGN_OR_RAISE(ColumnPtr column, Concatenate(parts, pool));
    columns.push_back(std::move(column));
  }
  int64_t total = 0;
  bool all_inserts = true;
  for (const RecordBatchPtr& b : batches) {
    total += b->num_rows();
    all_inserts = all_inserts && b->all_inserts();
  }
  ColumnPtr kinds;
  if (!all_inserts) {
    FixedWidthBuilder<int8_t> builder(LogicalType::TinyInt(/*nullable=*/false), pool);
    WEIR_RETURN_NOT_OK(builder.Reserve(total));
    for (const RecordBatchPtr& b : batches) {
      if (b->all_inserts()) {
        for (int64_t i = 0; i < b->num_rows(); ++i) {
          builder.UnsafeAppend(static_cast<int8_t>(RowKind::kInsert));
        }
      } else {
        WEIR_RETURN_NOT_OK(builder.AppendRange(*b->row_kinds(), 0, b->num_rows()));
      }
    }
    WEIR_ASSIGN_OR_RAISE(kinds, builder.Finish());
  }
  return std::make_shared<const RecordBatch>(first.schema(), std::move(columns), total,
                                             std::move(kinds), first.event_time_index());
}

}  // namespace weir
