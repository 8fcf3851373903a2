// CsvRowDecoder: decodes CSV records (one line or one message each) into RecordBatches with the
// semantics of Flink's CSV format.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "weir/formats/csv/csv_options.h"
#include "weir/formats/text_row_decoder.h"

namespace weir::formats {

/// Decodes CSV records into batches of the physical schema. Fields map to columns by position.
/// Decode() scans a record (quotes, escapes, comments, arity) into pending slots; Flush()
/// converts the pending records column by column into a batch.
///
/// Malformed records follow csv.ignore-parse-errors: when false, the first error fails with
/// its position, column and cause; when true, records that cannot be split into fields (an
/// unclosed quote, too many fields, an empty line) are skipped and fields whose value does not
/// parse become null (missing trailing fields too), each counted in counters().
/// Thread: one thread at a time.
class CsvRowDecoder final : public TextRowDecoder {
 public:
  /// Creates a decoder; fails on unsupported options or column types.
  static Result<std::unique_ptr<CsvRowDecoder>> Make(const SchemaPtr& physical_schema,
                                                     const FormatOptions& options,
                                                     MemoryPool* pool = nullptr);

  /// Scans one record; a trailing "\n", "\r\n" or "\r" is ignored. Record-level errors are
  /// returned here (or counted); field values are checked by Flush().
  Status Decode(std::string_view record, const RecordPosition& position);

  const CsvOptions& options() const { return options_; }

 private:
  CsvRowDecoder(SchemaPtr schema, CsvOptions options,
                std::vector<std::unique_ptr<ColumnBuilder>> builders);
  Status ConvertColumn(int column, ColumnBuilder* builder) override;
  Status AppendNested(ColumnBuilder* builder, const LogicalType& type, std::string_view text,
                      int64_t row, int column);

  CsvOptions options_;
  std::string scratch_;  // decoded bytes of BINARY values
};

}  // namespace weir::formats
