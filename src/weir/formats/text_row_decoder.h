// TextRowDecoder: the part every text format decoder shares — pending records, column builders,
// Flush(), error messages and the ignore-parse-errors policy.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "weir/common/batch/column_builder.h"
#include "weir/common/batch/record_batch.h"
#include "weir/formats/pending_records.h"
#include "weir/formats/record_position.h"

namespace weir::formats {

/// Base of the decoders that scan each record into PendingRecords (a format's non-virtual
/// Decode()) and convert the pending records column by column on Flush(). A format implements
/// ConvertColumn(), called once per column per flush, never per row.
///
/// Errors read "Failed to parse <FORMAT> record at <place>[, column "<name>" (<type>)]: <what>".
/// With ignore-parse-errors, a record-level error skips the record and a value that does not
/// convert becomes null, each counted in counters().
/// Thread: one thread at a time.
class TextRowDecoder {
 public:
  /// Reason a conversion gives for a value that becomes null without being an error, as in
  /// Flink (a DECIMAL that does not fit its precision; in JSON, a non-string BYTES value).
  /// Compared by address.
  static constexpr char kBecomesNull[] = "";

  virtual ~TextRowDecoder() = default;
  TextRowDecoder(const TextRowDecoder&) = delete;
  TextRowDecoder& operator=(const TextRowDecoder&) = delete;

  /// Converts the pending records into a batch (possibly empty) and clears them; on an error
  /// the pending records are dropped as well.
  Result<RecordBatchPtr> Flush();

  int64_t num_pending_rows() const { return pending_.num_rows(); }
  const DecodeCounters& counters() const { return counters_; }

 protected:
  /// `format_name` ("CSV", "JSON") must outlive the decoder.
  TextRowDecoder(SchemaPtr schema, std::vector<std::unique_ptr<ColumnBuilder>> builders,
                 const char* format_name, bool ignore_parse_errors);

  /// Makes one builder per field of `schema`.
  static Result<std::vector<std::unique_ptr<ColumnBuilder>>> MakeBuilders(const Schema& schema,
                                                                          MemoryPool* pool);
  /// Drops a trailing "\n", "\r\n" or "\r".
  static std::string_view StripLineEnd(std::string_view record);

  /// Appends every pending value of column `column` to `builder` (reserved for them).
  virtual Status ConvertColumn(int column, ColumnBuilder* builder) = 0;

  /// Fails on a malformed record, or counts it as skipped when errors are ignored.
  Status RecordError(const RecordPosition& position, std::string_view what);
  /// Returns the error of pending row `row` as a whole.
  Status RowError(int64_t row, std::string_view what) const;
  /// Returns the error of value `value` of `column` (of type `type`) in pending row `row`.
  Status FieldError(int64_t row, int column, const LogicalType& type, std::string_view what,
                    std::string_view value) const;
  /// Handles a value that did not convert (`reason` is not null): fails with FieldError(), or
  /// appends null to `builder` and counts it when errors are ignored or the reason is
  /// kBecomesNull (not counted).
  Status AppendUnconverted(ColumnBuilder* builder, const LogicalType& type, const char* reason,
                           std::string_view value, int64_t row, int column);

  const SchemaPtr& schema() const { return schema_; }
  PendingRecords& pending_records() { return pending_; }
  DecodeCounters& mutable_counters() { return counters_; }

 private:
  Status DropPending(Status error);

  SchemaPtr schema_;
  std::vector<std::unique_ptr<ColumnBuilder>> builders_;
  PendingRecords pending_;
  DecodeCounters counters_;
  const char* format_name_;
  bool ignore_parse_errors_;
};

}  // namespace weir::formats
