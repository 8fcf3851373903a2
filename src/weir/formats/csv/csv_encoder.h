// CsvRowEncoder: writes rows of RecordBatches as CSV text the way Flink's CSV format does.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "weir/formats/csv/csv_options.h"
#include "weir/formats/text_row_encoder.h"

namespace weir::formats {

/// Encodes rows as CSV: fields in schema order, separated by csv.field-delimiter; text values
/// are quoted when they contain a character that needs it (Jackson's rule: any character not
/// above both the delimiter and the quote character, or the escape character), with quotes
/// doubled; nulls are written as csv.null-literal or nothing. Works column by column, then
/// joins the cells.
/// Thread: one thread at a time.
class CsvRowEncoder final : public TextRowEncoder {
 public:
  /// Creates an encoder; fails on unsupported options or column types.
  static Result<std::unique_ptr<CsvRowEncoder>> Make(const SchemaPtr& physical_schema,
                                                     const FormatOptions& options);

 private:
  CsvRowEncoder(SchemaPtr schema, CsvOptions options);
  Status EncodeColumn(const ColumnVector& column, const int32_t* rows, int64_t num_rows, int c,
                      EncodedColumn* cells) override;
  void JoinRows(const std::vector<EncodedColumn>& columns, int64_t num_rows, bool line_ends,
                std::string* out) const override;
  // Appends the text of a scalar value (without quoting); returns whether it is text that
  // may need quotes (strings, temporal values) rather than a number or boolean.
  bool AppendScalar(std::string& out, const ColumnVector& column, int64_t i);
  void AppendNested(std::string& out, const ColumnVector& column, int64_t i);
  void AppendNull(std::string& out) const;
  void AppendCell(std::string& out, std::string_view value, bool may_quote, bool first_column);
  // Appends each selected row's cell: AppendNull or `append_value(cells, row)`, then its end.
  template <typename AppendValue>
  void EncodeCells(const ColumnVector& column, const int32_t* rows, int64_t num_rows,
                   EncodedColumn* out, AppendValue append_value);
  template <typename T>
  void EncodeIntegers(const ColumnVector& column, const int32_t* rows, int64_t num_rows,
                      EncodedColumn* out);

  CsvOptions options_;
  unsigned char min_safe_char_;  // text containing any byte below it is quoted
  std::string value_;            // one value's text before quoting
};

}  // namespace weir::formats
