// JsonRowEncoder: writes rows of RecordBatches as JSON objects byte-for-byte as Flink's JSON
// format does.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "weir/common/batch/record_batch.h"
#include "weir/formats/json/json_options.h"

namespace weir::formats {

/// Encodes rows as compact JSON objects: members in schema order, no spaces, numbers as Java
/// prints them (NaN and infinities as strings), DECIMAL as BigDecimal.toString or plain,
/// temporal values per json.timestamp-format.standard, BYTES as base64, MAP and MULTISET as
/// objects (null keys per json.map-null-key.mode), ROW as objects. Null members are written
/// as null or left out (json.encode.ignore-null-fields). Works column by column, then joins
/// the members of each row.
/// Thread: one thread at a time.
class JsonRowEncoder {
 public:
  /// Creates an encoder; fails on unsupported options or column types.
  static Result<std::unique_ptr<JsonRowEncoder>> Make(const SchemaPtr& physical_schema,
                                                      const FormatOptions& options);

  /// Appends each row of `batch` (only those in `selection` when given), each ended by '\n'.
  Status Encode(const RecordBatch& batch, const SelectionVector* selection, std::string* out);
  /// Appends row `row` without a line end (one message).
  Status EncodeRow(const RecordBatch& batch, int64_t row, std::string* out);

 private:
  JsonRowEncoder(SchemaPtr schema, JsonOptions options);
  Status EncodeColumn(const ColumnVector& column, const int32_t* rows, int64_t num_rows, int c);
  Status AppendValue(std::string& out, const ColumnVector& column, int64_t i);
  Status AppendRowObject(std::string& out, const ColumnVector& column, int64_t i);
  Status AppendMap(std::string& out, const ColumnVector& column, int64_t i);
  Status EncodeRows(const RecordBatch& batch, const int32_t* rows, int64_t num_rows, bool line_ends,
                    std::string* out);

  SchemaPtr schema_;
  JsonOptions options_;
  std::vector<std::string> member_prefixes_;  // "\"name\":" per column
  std::vector<std::string> cells_;            // per column: the members of every row
  std::vector<std::vector<uint32_t>> cell_ends_;
  std::vector<int32_t> all_rows_;
  std::string scratch_;
};

}  // namespace weir::formats
