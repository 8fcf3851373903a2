// JsonRowEncoder: writes rows of RecordBatches as JSON objects byte-for-byte as Flink's JSON
// format does.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "weir/formats/json/json_options.h"
#include "weir/formats/text_row_encoder.h"

namespace weir::formats {

/// Encodes rows as compact JSON objects: members in schema order, no spaces, numbers as Java
/// prints them (NaN and infinities as strings), DECIMAL as BigDecimal.toString or plain,
/// temporal values per json.timestamp-format.standard, BYTES as base64, MAP and MULTISET as
/// objects (null keys per json.map-null-key.mode), ROW as objects. Null members are written
/// as null or left out (json.encode.ignore-null-fields). Works column by column, then joins
/// the members of each row.
/// Thread: one thread at a time.
class JsonRowEncoder final : public TextRowEncoder {
 public:
  /// Creates an encoder; fails on unsupported options or column types.
  static Result<std::unique_ptr<JsonRowEncoder>> Make(const SchemaPtr& physical_schema,
                                                      const FormatOptions& options);

 private:
  JsonRowEncoder(SchemaPtr schema, JsonOptions options);
  Status EncodeColumn(const ColumnVector& column, const int32_t* rows, int64_t num_rows, int c,
                      EncodedColumn* cells) override;
  void JoinRows(const std::vector<EncodedColumn>& columns, int64_t num_rows, bool line_ends,
                std::string* out) const override;
  Status AppendValue(std::string& out, const ColumnVector& column, int64_t i);
  Status AppendRowObject(std::string& out, const ColumnVector& column, int64_t i);
  Status AppendMap(std::string& out, const ColumnVector& column, int64_t i);

  JsonOptions options_;
  std::vector<std::string> member_prefixes_;  // "\"name\":" per column
  std::string scratch_;
};

}  // namespace weir::formats
