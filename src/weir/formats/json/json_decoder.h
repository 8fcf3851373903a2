// JsonRowDecoder: decodes JSON objects (one line or one message each) into RecordBatches with
// the semantics of Flink's JSON format.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "weir/formats/json/json_options.h"
#include "weir/formats/json/json_scanner.h"
#include "weir/formats/text_row_decoder.h"

namespace weir::formats {

/// Decodes JSON objects into batches of the physical schema; members map to columns by name
/// (case-sensitive; the last of duplicate names wins; unknown members are ignored). Decode()
/// validates the syntax and finds each column's value; Flush() converts the values column by
/// column, with Flink's coercions (numbers from strings, strings from any value, ...).
///
/// Malformed records follow json.ignore-parse-errors: when false, the first error fails with
/// its position, column and cause; when true, records that are not valid JSON objects are
/// skipped and values that do not convert become null (at the innermost nested level), each
/// counted in counters(). json.fail-on-missing-field fails on an absent member at any level.
/// Thread: one thread at a time.
class JsonRowDecoder final : public TextRowDecoder {
 public:
  /// Creates a decoder; fails on unsupported options or column types.
  static Result<std::unique_ptr<JsonRowDecoder>> Make(const SchemaPtr& physical_schema,
                                                      const FormatOptions& options,
                                                      MemoryPool* pool = nullptr);

  /// Scans one record (a JSON object; a trailing line end and anything after the object are
  /// ignored, as Jackson's tree reader does). An empty record and `null` give no row.
  Status Decode(std::string_view record, const RecordPosition& position);

  const JsonOptions& options() const { return options_; }

 private:
  struct NestedField {
    std::string_view token;
    json::JsonKind kind;
    bool present;
  };

  JsonRowDecoder(SchemaPtr schema, JsonOptions options,
                 std::vector<std::unique_ptr<ColumnBuilder>> builders);
  int FindField(const std::vector<Field>& fields, std::string_view name, int hint) const;
  Status ConvertColumn(int column, ColumnBuilder* builder) override;
  // Appends one non-null value; a value that does not convert becomes null when errors are
  // ignored.
  Status AppendValue(ColumnBuilder* b, const LogicalType& t, json::JsonKind kind,
                     std::string_view token, int64_t row, int column, int depth);
  Status TryAppend(ColumnBuilder* b, const LogicalType& t, json::JsonKind kind,
                   std::string_view token, int64_t row, int column, int depth, const char** reason);
  Status TryAppendScalar(ColumnBuilder* b, const LogicalType& t, json::JsonKind kind,
                         std::string_view token, const char** reason);
  std::string_view AsText(json::JsonKind kind, std::string_view token);

  JsonOptions options_;
  std::vector<uint8_t> seen_;                     // per column, for fail-on-missing-field
  std::vector<std::vector<NestedField>> nested_;  // per depth, fields of a nested ROW
  std::string key_scratch_;
  std::string text_scratch_;
  std::string bytes_scratch_;
};

}  // namespace weir::formats
