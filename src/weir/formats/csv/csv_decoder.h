// CsvRowDecoder: decodes CSV records (one line or one message each) into RecordBatches with the
// semantics of Flink's CSV format.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "weir/common/batch/column_builder.h"
#include "weir/common/batch/record_batch.h"
#include "weir/formats/csv/csv_options.h"
#include "weir/formats/pending_records.h"
#include "weir/formats/record_position.h"

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
class CsvRowDecoder {
 public:
  /// Creates a decoder; fails on unsupported options or column types.
  static Result<std::unique_ptr<CsvRowDecoder>> Make(const SchemaPtr& physical_schema,
                                                     const FormatOptions& options,
                                                     MemoryPool* pool = nullptr);

  /// Scans one record; a trailing "\n", "\r\n" or "\r" is ignored. Record-level errors are
  /// returned here (or counted); field values are checked by Flush().
  Status Decode(std::string_view record, const RecordPosition& position);
  /// Converts the pending records into a batch (possibly empty) and clears them.
  Result<RecordBatchPtr> Flush();

  int64_t num_pending_rows() const { return pending_.num_rows(); }
  const DecodeCounters& counters() const { return counters_; }
  const CsvOptions& options() const { return options_; }

 private:
  CsvRowDecoder(SchemaPtr schema, CsvOptions options,
                std::vector<std::unique_ptr<ColumnBuilder>> builders);
  Status RecordError(const RecordPosition& position, std::string_view what);
  Status ConvertColumn(int column);
  Status AppendNested(ColumnBuilder* builder, const LogicalType& type, std::string_view text,
                      int64_t row, int column);
  Status FieldError(int64_t row, int column, const LogicalType& type, std::string_view what,
                    std::string_view value);
  Status FinishAndReset(Status error);

  SchemaPtr schema_;
  CsvOptions options_;
  std::vector<std::unique_ptr<ColumnBuilder>> builders_;
  PendingRecords pending_;
  DecodeCounters counters_;
  std::string scratch_;  // decoded bytes of BINARY values
};

}  // namespace weir::formats
