// RecordBatch: construction with checks, slicing, projection, validation and equality.
// (Parse, RowToString and ToString live in batch_text.cc.)
#include "weir/common/batch/record_batch.h"

#include "weir/common/batch/column_builder.h"

namespace weir {

namespace {

Status CheckRowKinds(const ColumnPtr& row_kinds, int64_t num_rows) {
  if (row_kinds == nullptr) return Status::OK();
  if (row_kinds->type().id() != TypeId::kTinyInt) {
    return Status::Invalid("Row kinds must be a TINYINT column, got ",
                           row_kinds->type().ToString());
  }
  if (row_kinds->length() != num_rows) {
    return Status::Invalid("Row kinds have ", row_kinds->length(), " rows, the batch has ",
                           num_rows);
  }
  if (row_kinds->null_count() != 0) {
    return Status::Invalid("Row kinds must not be null: ", row_kinds->null_count(), " nulls");
  }
  const int8_t* kinds = row_kinds->values<int8_t>();
  uint8_t bad = 0;
  for (int64_t i = 0; i < num_rows; ++i) bad |= static_cast<uint8_t>(kinds[i]) >= kNumRowKinds;
  if (bad != 0) {
    for (int64_t i = 0; i < num_rows; ++i) {
      if (static_cast<uint8_t>(kinds[i]) >= kNumRowKinds) {
        return Status::Invalid("Invalid row kind ", static_cast<int>(kinds[i]), " at row ", i);
      }
    }
  }
  return Status::OK();
}

// Checks everything but the columns' internal layout.
Status CheckShape(const SchemaPtr& schema, const std::vector<ColumnPtr>& columns, int64_t num_rows,
                  const ColumnPtr& row_kinds, int event_time_index, bool validate_layout) {
  if (schema == nullptr) return Status::Invalid("Batch without a schema");
  if (num_rows < 0) return Status::Invalid("Negative batch row count: ", num_rows);
  if (static_cast<int>(columns.size()) != schema->num_fields()) {
    return Status::Invalid("Batch column count does not match the schema: ", columns.size(),
                           " columns, ", schema->num_fields(), " fields");
  }
  for (size_t i = 0; i < columns.size(); ++i) {
    const ColumnPtr& c = columns[i];
    const Field& f = schema->field(static_cast<int>(i));
    if (c == nullptr) return Status::Invalid("Batch column is missing: ", f.name);
    if (c->type() != f.logical_type()) {
      return Status::Invalid("Batch column type does not match the schema: ", c->type().ToString(),
                             " vs. ", f.logical_type().ToString(), " (column ", f.name, ")");
    }
    if (c->length() != num_rows) {
      return Status::Invalid("Batch column length does not match: ", c->length(), " rows, ",
                             num_rows, " expected (column ", f.name, ")");
    }
    if (validate_layout) {
      Status st = c->Validate();
      if (!st.ok()) return st.WithContext(StrCat("column ", f.name));
    }
  }
  if (validate_layout && row_kinds != nullptr) {
    Status st = row_kinds->Validate();
    if (!st.ok()) return st.WithContext("row kinds");
  }
  WEIR_RETURN_NOT_OK(CheckRowKinds(row_kinds, num_rows));
  if (event_time_index != -1) {
    if (event_time_index < 0 || event_time_index >= schema->num_fields()) {
      return Status::Invalid("Event-time column index out of range: ", event_time_index, " of ",
                             schema->num_fields(), " columns");
    }
    const LogicalType& t = schema->type(event_time_index);
    if (t.id() != TypeId::kTimestamp && t.id() != TypeId::kTimestampLtz) {
      return Status::Invalid("Event-time column must be TIMESTAMP or TIMESTAMP_LTZ, got ",
                             t.ToString(), " (column ", schema->name(event_time_index), ")");
    }
  }
  return Status::OK();
}

}  // namespace

RecordBatch::RecordBatch(SchemaPtr schema, std::vector<ColumnPtr> columns, int64_t num_rows,
                         ColumnPtr row_kinds, int event_time_index)
    : schema_(std::move(schema)),
      columns_(std::move(columns)),
      num_rows_(num_rows),
      row_kinds_(std::move(row_kinds)),
      event_time_index_(event_time_index) {}

Result<RecordBatchPtr> RecordBatch::Make(SchemaPtr schema, std::vector<ColumnPtr> columns,
                                         ColumnPtr row_kinds, int event_time_index) {
  int64_t num_rows = 0;
  if (!columns.empty() && columns[0] != nullptr) {
    num_rows = columns[0]->length();
  } else if (columns.empty() && row_kinds != nullptr) {
    num_rows = row_kinds->length();
  }
  WEIR_RETURN_NOT_OK(CheckShape(schema, columns, num_rows, row_kinds, event_time_index,
                                /*validate_layout=*/false));
  return std::make_shared<const RecordBatch>(std::move(schema), std::move(columns), num_rows,
                                             std::move(row_kinds), event_time_index);
}

Result<RecordBatchPtr> RecordBatch::MakeEmpty(SchemaPtr schema, MemoryPool* pool) {
  if (schema == nullptr) return Status::Invalid("Batch without a schema");
  std::vector<ColumnPtr> columns;
  columns.reserve(static_cast<size_t>(schema->num_fields()));
  for (const Field& f : schema->fields()) {
    WEIR_ASSIGN_OR_RAISE(auto builder, ColumnBuilder::Make(f.logical_type(), pool));
    WEIR_ASSIGN_OR_RAISE(ColumnPtr column, builder->Finish());
    columns.push_back(std::move(column));
  }
  return std::make_shared<const RecordBatch>(std::move(schema), std::move(columns), 0);
}

RecordBatchPtr RecordBatch::Slice(int64_t offset, int64_t length) const {
  WEIR_CHECK_GE(offset, 0);
  WEIR_CHECK_GE(length, 0);
  WEIR_CHECK_LE(offset, num_rows_ - length);
  std::vector<ColumnPtr> columns;
  columns.reserve(columns_.size());
  for (const ColumnPtr& c : columns_) columns.push_back(c->Slice(offset, length));
  ColumnPtr kinds = row_kinds_ ? row_kinds_->Slice(offset, length) : nullptr;
  return std::make_shared<const RecordBatch>(schema_, std::move(columns), length, std::move(kinds),
                                             event_time_index_);
}

Result<RecordBatchPtr> RecordBatch::Take(const SelectionVector& selection, MemoryPool* pool) const {
  std::vector<ColumnPtr> columns;
  columns.reserve(columns_.size());
  for (const ColumnPtr& c : columns_) {
    WEIR_ASSIGN_OR_RAISE(ColumnPtr taken, weir::Take(*c, selection, pool));
    columns.push_back(std::move(taken));
  }
  ColumnPtr kinds;
  if (row_kinds_ != nullptr) {
    WEIR_ASSIGN_OR_RAISE(kinds, weir::Take(*row_kinds_, selection, pool));
  } else if (columns_.empty()) {
    // Without columns the selection still has to be in range.
    for (int64_t i = 0; i < selection.size(); ++i) {
      if (selection[i] < 0 || selection[i] >= num_rows_) {
        return Status::Invalid("Row index out of range: ", selection[i], " for a batch of ",
                               num_rows_, " rows");
      }
    }
  }
  return std::make_shared<const RecordBatch>(schema_, std::move(columns), selection.size(),
                                             std::move(kinds), event_time_index_);
}

Result<RecordBatchPtr> RecordBatch::SelectColumns(const std::vector<int>& indices) const {
  std::vector<Field> fields;
  std::vector<ColumnPtr> columns;
  fields.reserve(indices.size());
  columns.reserve(indices.size());
  int event_time = -1;
  for (size_t k = 0; k < indices.size(); ++k) {
    const int i = indices[k];
    if (i < 0 || i >= num_columns()) {
      return Status::Invalid("Column index out of range: ", i, " of ", num_columns(), " columns");
    }
    fields.push_back(schema_->field(i));
    columns.push_back(columns_[i]);
    if (i == event_time_index_ && event_time < 0) event_time = static_cast<int>(k);
  }
  return std::make_shared<const RecordBatch>(std::make_shared<const Schema>(std::move(fields)),
                                             std::move(columns), num_rows_, row_kinds_, event_time);
}

RecordBatchPtr RecordBatch::WithRowKinds(ColumnPtr row_kinds) const {
  WEIR_CHECK(row_kinds == nullptr || row_kinds->length() == num_rows_);
  return std::make_shared<const RecordBatch>(schema_, columns_, num_rows_, std::move(row_kinds),
                                             event_time_index_);
}

Status RecordBatch::Validate() const {
  return CheckShape(schema_, columns_, num_rows_, row_kinds_, event_time_index_,
                    /*validate_layout=*/true);
}

bool RecordBatch::Equals(const RecordBatch& other) const {
  if (this == &other) return true;
  if (num_rows_ != other.num_rows_ || columns_.size() != other.columns_.size()) return false;
  if (schema_ != other.schema_ && !(*schema_ == *other.schema_)) return false;
  if (row_kinds_ != nullptr || other.row_kinds_ != nullptr) {
    for (int64_t i = 0; i < num_rows_; ++i) {
      if (row_kind(i) != other.row_kind(i)) return false;
    }
  }
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (!columns_[i]->Equals(*other.columns_[i])) return false;
  }
  return true;
}

int64_t RecordBatch::ReferencedBytes() const {
  int64_t total = 0;
  for (const ColumnPtr& c : columns_) total += c->ReferencedBytes();
  if (row_kinds_ != nullptr) total += row_kinds_->ReferencedBytes();
  return total;
}

}  // namespace weir
