// TextRowEncoder: the part every text format encoder shares — row selection, batch checks and
// the per-column cell buffers that are joined into one line per row.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "weir/common/batch/record_batch.h"

namespace weir::formats {

/// The encoded values of one column for the rows being encoded: their bytes back to back and
/// where each row's value ends.
struct EncodedColumn {
  std::string bytes;
  std::vector<uint32_t> ends;  // ends[k]: end of row k's value in `bytes`

  /// Returns the offset of row k's value in `bytes`.
  uint32_t begin(int64_t k) const { return k == 0 ? 0 : ends[static_cast<size_t>(k - 1)]; }
  /// Returns the offset just past row k's value in `bytes`.
  uint32_t end(int64_t k) const { return ends[static_cast<size_t>(k)]; }
  /// Records that row k's value ends here.
  void EndRow(int64_t k) { ends[static_cast<size_t>(k)] = static_cast<uint32_t>(bytes.size()); }
};

/// Base of the encoders that write a batch column by column (a format's EncodeColumn(), called
/// once per column per batch, never per row) and then join the values of each row (JoinRows(),
/// once per batch).
/// Thread: one thread at a time.
class TextRowEncoder {
 public:
  virtual ~TextRowEncoder() = default;
  TextRowEncoder(const TextRowEncoder&) = delete;
  TextRowEncoder& operator=(const TextRowEncoder&) = delete;

  /// Appends each row of `batch` (only those in `selection` when given), each ended by '\n'.
  Status Encode(const RecordBatch& batch, const SelectionVector* selection, std::string* out);
  /// Appends row `row` without a line end (one message).
  Status EncodeRow(const RecordBatch& batch, int64_t row, std::string* out);

 protected:
  /// `format_name` ("CSV", "JSON") must outlive the encoder.
  TextRowEncoder(SchemaPtr schema, const char* format_name);

  /// Encodes the values of `column` (column `c` of the schema) at `rows[0..num_rows)` into
  /// `cells`, which arrives empty with `num_rows` ends to set.
  virtual Status EncodeColumn(const ColumnVector& column, const int32_t* rows, int64_t num_rows,
                              int c, EncodedColumn* cells) = 0;
  /// Appends rows 0..num_rows of `columns` (one per schema column), each ended by '\n' when
  /// `line_ends`.
  virtual void JoinRows(const std::vector<EncodedColumn>& columns, int64_t num_rows, bool line_ends,
                        std::string* out) const = 0;

  const SchemaPtr& schema() const { return schema_; }

 private:
  Status EncodeRows(const RecordBatch& batch, const int32_t* rows, int64_t num_rows, bool line_ends,
                    std::string* out);

  SchemaPtr schema_;
  const char* format_name_;
  std::vector<EncodedColumn> columns_;
  std::vector<int32_t> all_rows_;
};

}  // namespace weir::formats
