// Text forms of batches: rows printed as Flink's Row.toString, and the batch text parser for tests.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "weir/common/batch/column_vector.h"
#include "weir/common/batch/record_batch.h"
#include "weir/common/batch/value.h"
#include "weir/common/memory/memory_pool.h"
#include "weir/common/result.h"
#include "weir/common/types/logical_type.h"

namespace weir {

// Printing follows Flink's Row.toString applied to the default external classes of each type:
//   BOOLEAN true/false; integers plain; FLOAT/DOUBLE as Float/Double.toString ("1.0", "1.0E7");
//   DECIMAL as BigDecimal.toString ("1.50", "1E-8"); CHAR/VARCHAR raw text without quotes;
//   BINARY/VARBINARY as signed bytes "[1, -2]"; DATE "2020-10-10"; TIME "12:00:01.500";
//   TIMESTAMP "2020-10-10T00:00:05" (LocalDateTime); TIMESTAMP_LTZ "2020-10-10T00:00:05Z"
//   (Instant); INTERVAL YEAR TO MONTH as Period "P1Y2M"; INTERVAL DAY TO SECOND as Duration
//   "PT1H2M3.5S"; ARRAY "[1, null]"; MAP and MULTISET "{k=v, k2=v2}" in storage order;
//   nested ROW "+I[a, b]"; NULL "null".

/// Appends value `row` of `column` in the Row.toString form ("null" for NULL).
void AppendValueText(std::string& out, const ColumnVector& column, int64_t row);
/// Appends a generic value of `type` in the Row.toString form.
void AppendValueText(std::string& out, const Value& value, const LogicalType& type);
/// Appends row `row` of `batch` as Row.toString prints it: "+I[1, x, null]".
void AppendRowText(std::string& out, const RecordBatch& batch, int64_t row);
/// Returns row `row` of `batch` as Row.toString prints it: "+I[1, x, null]".
std::string FormatRow(const RecordBatch& batch, int64_t row);

// The batch text form (RecordBatch::Parse). The first non-empty line is a schema
// ("a BIGINT, b STRING"); each further non-empty line is one row: a row kind (+I, -U, +U, -D)
// followed either by values separated by whitespace ("+I 1 x") or directly by the
// Row.toString form ("+I[1, x, null]"). Lines starting with '#' are comments.
// Values:
//   null                       NULL (unquoted; 'null' in quotes is the string)
//   x  'a b'  "a b"            strings: bare, or quoted ('' and "" escape the quote)
//   1  -2.5  1E-8  NaN         numbers (DECIMAL rounds half-up to its scale)
//   true  false                booleans
//   [1, -2]  x'01FE'  'abc'    BINARY/BYTES: signed (or unsigned) byte list, hex, or text
//   2020-10-10                 DATE
//   12:00:01.5                 TIME
//   2020-10-10T00:00:05        TIMESTAMP ('2020-10-10 00:00:05.123' quoted in whitespace form)
//   2020-10-10T00:00:05Z       TIMESTAMP_LTZ (the Z is optional)
//   P1Y2M  PT1H2M3.5S          intervals as Period / Duration text, or a bare integer of
//                              months / milliseconds
//   [1, 2, null]               ARRAY
//   {k=v, k2=v2}               MAP; MULTISET as {element=count}
//   +I[a, b]  (a, b)  [a, b]   ROW
// Inside brackets a bare string runs to the next ',' or closing bracket (or '=' for map
// keys) and loses surrounding whitespace; quote strings that contain these characters. The
// last field of a top-level "+I[...]" row is the exception: a bare string there runs to the
// last ']' of the line, so "+I[1, a, b]" with schema "x INT, s STRING" has s = "a, b".
// Parsing is the inverse of printing for every value whose text is unambiguous.

/// Parses one value of `type` written as a field of the batch text form ("[1, 2]", "'a b'").
Result<Value> ParseValueText(std::string_view text, const LogicalType& type);

}  // namespace weir
