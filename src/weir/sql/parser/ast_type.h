// DataTypeNode: a data type as written in SQL (DDL columns, CAST targets, RETURNING clauses).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "weir/common/result.h"
#include "weir/common/types/logical_type.h"
#include "weir/sql/parser/token.h"

namespace weir::sql::ast {

struct DataTypeNode;
using DataTypePtr = std::unique_ptr<DataTypeNode>;

/// A field of ROW<...> or ROW(...): name, type and optional description.
struct RowFieldNode {
  std::string name;
  DataTypePtr type;
  std::optional<std::string> description;
};

/// Units of INTERVAL literals and types, EXTRACT, FLOOR/CEIL ... TO and TIMESTAMPADD/DIFF.
enum class DateTimeUnit : uint8_t {
  kYear,
  kQuarter,
  kMonth,
  kWeek,
  kDay,
  kHour,
  kMinute,
  kSecond,
  kMillisecond,
  kMicrosecond,
  kNanosecond,
  kDow,
  kDoy,
  kIsodow,
  kIsoyear,
  kEpoch,
  kDecade,
  kCentury,
  kMillennium,
};

/// Returns the SQL spelling of a unit ("YEAR", "DOW", ...).
const char* DateTimeUnitName(DateTimeUnit unit);

/// An interval qualifier: `DAY(3) TO SECOND(6)`, `MINUTE`, `YEAR TO MONTH`.
struct IntervalQualifier {
  DateTimeUnit start = DateTimeUnit::kSecond;
  std::optional<int32_t> start_precision;
  std::optional<DateTimeUnit> end;
  std::optional<int32_t> fractional_precision;  // of SECOND, start or end
};

/// The syntactic root of a data type. TIMESTAMP WITH LOCAL TIME ZONE is kTimestampLtz.
enum class TypeName : uint8_t {
  kBoolean,
  kTinyInt,
  kSmallInt,
  kInt,
  kBigInt,
  kFloat,
  kDouble,
  kDecimal,
  kChar,
  kVarChar,
  kString,
  kBinary,
  kVarBinary,
  kBytes,
  kDate,
  kTime,
  kTimestamp,
  kTimestampLtz,
  kInterval,
  kArray,
  kMultiset,
  kMap,
  kRow,
  kNull,
  kUserDefined,  // a named (possibly compound) type the binder resolves
};

/// A data type as written. Parameters are kept as given; the binder validates ranges.
struct DataTypeNode {
  TypeName name = TypeName::kInt;
  SourcePos pos;
  bool nullable = true;
  /// Length (CHAR, VARCHAR, BINARY, VARBINARY), precision (DECIMAL, TIME, TIMESTAMP*).
  std::optional<int32_t> precision;
  std::optional<int32_t> scale;  // DECIMAL
  /// TIMESTAMP: true when written `WITH TIME ZONE` (not supported by Flink; rejected later).
  bool with_time_zone = false;
  /// TIMESTAMP_LTZ(p) was written (rather than TIMESTAMP(p) WITH LOCAL TIME ZONE); kept for
  /// printing.
  bool ltz_keyword = false;
  IntervalQualifier interval;
  /// ARRAY/MULTISET element; MAP key and value.
  DataTypePtr element;
  DataTypePtr value;
  std::vector<RowFieldNode> fields;  // ROW
  bool row_angle_brackets = true;    // ROW<...> or ROW(...)
  std::vector<std::string> user_name;

  /// Converts to a LogicalType; fails for types with out-of-range parameters or user types.
  Result<LogicalType> ToLogicalType() const;
};

}  // namespace weir::sql::ast
