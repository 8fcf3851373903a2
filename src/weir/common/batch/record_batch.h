// RecordBatch: the unit of data between operators — a schema, columns, and a RowKind per row.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "weir/common/batch/column_vector.h"
#include "weir/common/batch/row_kind.h"
#include "weir/common/batch/selection_vector.h"
#include "weir/common/types/schema.h"

namespace weir {

class RecordBatch;
using RecordBatchPtr = std::shared_ptr<const RecordBatch>;

/// An immutable batch of rows. Row kinds are a TINYINT column without nulls holding RowKind
/// values; a null row-kind column means every row is +I (the common case of append-only
/// streams costs nothing). The event-time column, when set, is the index of the TIMESTAMP
/// or TIMESTAMP_LTZ column that carries the rowtime attribute.
class RecordBatch {
 public:
  RecordBatch(SchemaPtr schema, std::vector<ColumnPtr> columns, int64_t num_rows,
              ColumnPtr row_kinds = nullptr, int event_time_index = -1);

  /// Builds and validates a batch (column count, types and lengths must match the schema).
  static Result<RecordBatchPtr> Make(SchemaPtr schema, std::vector<ColumnPtr> columns,
                                     ColumnPtr row_kinds = nullptr, int event_time_index = -1);
  /// Makes an empty batch of `schema`.
  static Result<RecordBatchPtr> MakeEmpty(SchemaPtr schema, MemoryPool* pool = nullptr);

  /// Parses the test text form: a schema line then one row per line, each row a kind and
  /// values: "a BIGINT, b STRING\n+I 1 x\n-D 2 null" or "+I[1, x]" (Row.toString form).
  static Result<RecordBatchPtr> Parse(std::string_view text, MemoryPool* pool = nullptr);

  const SchemaPtr& schema() const { return schema_; }
  int num_columns() const { return static_cast<int>(columns_.size()); }
  int64_t num_rows() const { return num_rows_; }
  const ColumnPtr& column(int i) const { return columns_[i]; }
  const std::vector<ColumnPtr>& columns() const { return columns_; }
  /// The row kinds column, or nullptr when every row is +I.
  const ColumnPtr& row_kinds() const { return row_kinds_; }
  RowKind row_kind(int64_t i) const {
    return row_kinds_ ? static_cast<RowKind>(row_kinds_->Value<int8_t>(i)) : RowKind::kInsert;
  }
  bool all_inserts() const { return row_kinds_ == nullptr; }
  int event_time_index() const { return event_time_index_; }

  /// Returns a zero-copy view of rows [offset, offset + length).
  RecordBatchPtr Slice(int64_t offset, int64_t length) const;
  /// Returns a copy holding only the rows in `selection` (in selection order).
  Result<RecordBatchPtr> Take(const SelectionVector& selection, MemoryPool* pool = nullptr) const;
  /// Returns a batch with the same rows and these columns (a projection, zero-copy).
  Result<RecordBatchPtr> SelectColumns(const std::vector<int>& indices) const;
  /// Returns the same rows with new row kinds (nullptr: all +I).
  RecordBatchPtr WithRowKinds(ColumnPtr row_kinds) const;

  /// Checks schema/column agreement and every column's layout invariants.
  Status Validate() const;
  /// Compares schemas, row kinds and values.
  bool Equals(const RecordBatch& other) const;

  /// Prints row i as Flink's Row.toString: "+I[1, x, null]".
  std::string RowToString(int64_t i) const;
  /// Prints every row, one per line, in the Row.toString form.
  std::string ToString() const;

  /// Bytes of buffer memory referenced by the batch.
  int64_t ReferencedBytes() const;

 private:
  SchemaPtr schema_;
  std::vector<ColumnPtr> columns_;
  int64_t num_rows_;
  ColumnPtr row_kinds_;
  int event_time_index_;
};

/// Concatenates batches of one schema into one batch.
Result<RecordBatchPtr> ConcatenateBatches(const std::vector<RecordBatchPtr>& batches,
                                          MemoryPool* pool = nullptr);
/// Concatenates columns of one type into one column.
Result<ColumnPtr> Concatenate(const std::vector<ColumnPtr>& columns, MemoryPool* pool = nullptr);
/// Gathers the rows of `column` listed in `selection`.
Result<ColumnPtr> Take(const ColumnVector& column, const SelectionVector& selection,
                       MemoryPool* pool = nullptr);

}  // namespace weir
