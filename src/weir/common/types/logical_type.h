// LogicalType: every Flink SQL data type, with nullability, printed and parsed as Flink spells it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "weir/common/result.h"

namespace weir {

/// The root of a logical type. Parameters (length, precision, children) live in LogicalType.
enum class TypeId : uint8_t {
  kNull = 0,           // the type of an untyped NULL literal
  kBoolean,
  kTinyInt,
  kSmallInt,
  kInt,
  kBigInt,
  kFloat,
  kDouble,
  kDecimal,            // precision 1..38, scale 0..precision
  kChar,               // fixed length 1..2^31-1
  kVarChar,            // STRING = VARCHAR(2147483647)
  kBinary,
  kVarBinary,          // BYTES = VARBINARY(2147483647)
  kDate,
  kTime,               // precision 0..9
  kTimestamp,          // TIMESTAMP(p) WITHOUT TIME ZONE, precision 0..9
  kTimestampLtz,       // TIMESTAMP(p) WITH LOCAL TIME ZONE, precision 0..9
  kIntervalYearMonth,
  kIntervalDayTime,
  kArray,
  kMap,
  kMultiset,
  kRow,
};

/// Resolution of INTERVAL types, as in Flink's YearMonthIntervalType / DayTimeIntervalType.
enum class IntervalResolution : uint8_t {
  kYear,
  kYearToMonth,
  kMonth,
  kDay,
  kDayToHour,
  kDayToMinute,
  kDayToSecond,
  kHour,
  kHourToMinute,
  kHourToSecond,
  kMinute,
  kMinuteToSecond,
  kSecond,
};

/// Whether a timestamp column is a time attribute (Flink prints `*ROWTIME*` / `*PROCTIME*`).
enum class TimestampKind : uint8_t { kRegular, kRowtime, kProctime };

/// How values of a type are stored in a column vector (Arrow columnar layout).
enum class PhysicalLayout : uint8_t {
  kNull,        // no buffers
  kBitmap,      // BOOLEAN: validity + bit-packed values
  kFixedWidth,  // validity + values of byte_width() bytes
  kVarBinary,   // validity + int32 offsets + bytes (strings and binaries)
  kList,        // validity + int32 offsets, one child (ARRAY)
  kMap,         // validity + int32 offsets, one STRUCT child {key, value} (MAP, MULTISET)
  kStruct,      // validity, one child per field (ROW)
};

class LogicalType;

/// A named, typed field of a ROW type or a Schema.
struct Field {
  std::string name;
  std::shared_ptr<const LogicalType> type;
  std::string description;

  Field(std::string name, LogicalType type, std::string description = "");
  const LogicalType& logical_type() const { return *type; }
  bool operator==(const Field& other) const;
  /// Prints "`name` TYPE" or "`name` TYPE 'description'" as inside a ROW type.
  std::string ToString() const;
};

/// A Flink SQL data type. Cheap to copy: nested children are shared and immutable.
class LogicalType {
 public:
  static constexpr int32_t kMaxLength = 2147483647;
  static constexpr int32_t kMaxDecimalPrecision = 38;
  static constexpr int32_t kMaxTimePrecision = 9;
  static constexpr int32_t kDefaultYearPrecision = 2;
  static constexpr int32_t kDefaultDayPrecision = 2;
  static constexpr int32_t kDefaultFractionalPrecision = 6;

  /// Default-constructs a nullable NULL type.
  LogicalType() = default;

  // Factories. Arguments outside Flink's ranges abort: validate user input with Make*/Parse.
  static LogicalType Null();
  static LogicalType Boolean(bool nullable = true);
  static LogicalType TinyInt(bool nullable = true);
  static LogicalType SmallInt(bool nullable = true);
  static LogicalType Int(bool nullable = true);
  static LogicalType BigInt(bool nullable = true);
  static LogicalType Float(bool nullable = true);
  static LogicalType Double(bool nullable = true);
  static LogicalType Decimal(int32_t precision, int32_t scale, bool nullable = true);
  static LogicalType Char(int32_t length, bool nullable = true);
  static LogicalType VarChar(int32_t length, bool nullable = true);
  static LogicalType String(bool nullable = true);
  static LogicalType Binary(int32_t length, bool nullable = true);
  static LogicalType VarBinary(int32_t length, bool nullable = true);
  static LogicalType Bytes(bool nullable = true);
  static LogicalType Date(bool nullable = true);
  static LogicalType Time(int32_t precision = 0, bool nullable = true);
  static LogicalType Timestamp(int32_t precision = 6, bool nullable = true);
  static LogicalType TimestampLtz(int32_t precision = 6, bool nullable = true);
  static LogicalType IntervalYearMonth(IntervalResolution resolution = IntervalResolution::kYearToMonth,
                                       int32_t year_precision = kDefaultYearPrecision,
                                       bool nullable = true);
  static LogicalType IntervalDayTime(IntervalResolution resolution = IntervalResolution::kDayToSecond,
                                     int32_t day_precision = kDefaultDayPrecision,
                                     int32_t fractional_precision = kDefaultFractionalPrecision,
                                     bool nullable = true);
  static LogicalType Array(LogicalType element, bool nullable = true);
  static LogicalType Map(LogicalType key, LogicalType value, bool nullable = true);
  static LogicalType Multiset(LogicalType element, bool nullable = true);
  static LogicalType Row(std::vector<Field> fields, bool nullable = true);

  /// Validating factories for parameters that come from users.
  static Result<LogicalType> MakeDecimal(int32_t precision, int32_t scale, bool nullable = true);
  static Result<LogicalType> MakeChar(TypeId id, int32_t length, bool nullable = true);
  static Result<LogicalType> MakeTemporal(TypeId id, int32_t precision, bool nullable = true);
  static Result<LogicalType> MakeIntervalYearMonth(IntervalResolution resolution,
                                                   int32_t year_precision = kDefaultYearPrecision,
                                                   bool nullable = true);
  static Result<LogicalType> MakeIntervalDayTime(
      IntervalResolution resolution, int32_t day_precision = kDefaultDayPrecision,
      int32_t fractional_precision = kDefaultFractionalPrecision, bool nullable = true);
  /// Fails unless every field name has a non-blank, unique name.
  static Result<LogicalType> MakeRow(std::vector<Field> fields, bool nullable = true);

  /// Parses Flink's type syntax: `DECIMAL(10, 2)`, `ROW<a INT, b STRING> NOT NULL`, `INT ARRAY`, ...
  static Result<LogicalType> Parse(std::string_view text);
  /// Parses the body of a ROW type: "a INT, `b c` STRING NOT NULL 'a description'" (may be empty).
  static Result<std::vector<Field>> ParseFields(std::string_view text);

  TypeId id() const { return id_; }
  bool nullable() const { return nullable_; }
  /// Length of CHAR/VARCHAR/BINARY/VARBINARY.
  int32_t length() const { return precision_; }
  /// Precision of DECIMAL, TIME, TIMESTAMP(_LTZ); year/day precision of intervals.
  int32_t precision() const { return precision_; }
  /// Scale of DECIMAL; fractional-second precision of day-time intervals.
  int32_t scale() const { return scale_; }
  IntervalResolution interval_resolution() const { return resolution_; }
  TimestampKind timestamp_kind() const { return timestamp_kind_; }

  /// Element of ARRAY and MULTISET.
  const LogicalType& element_type() const;
  /// Key and value of MAP (for MULTISET: element and INT NOT NULL).
  const LogicalType& key_type() const;
  const LogicalType& value_type() const;
  /// Fields of ROW.
  const std::vector<Field>& fields() const;
  int num_children() const { return children_ ? static_cast<int>(children_->size()) : 0; }

  /// Returns a copy with the given top-level nullability (the NULL type stays nullable).
  LogicalType WithNullable(bool nullable) const;
  /// Returns a copy marked as a time attribute; only for TIMESTAMP and TIMESTAMP_LTZ.
  LogicalType WithTimestampKind(TimestampKind kind) const;

  bool is_numeric() const;
  bool is_integer() const;
  bool is_string() const { return id_ == TypeId::kChar || id_ == TypeId::kVarChar; }
  bool is_binary() const { return id_ == TypeId::kBinary || id_ == TypeId::kVarBinary; }
  bool is_nested() const;

  /// How this type's values are laid out in a column vector.
  PhysicalLayout layout() const;
  /// Bytes per value for kFixedWidth layouts (0 otherwise).
  int byte_width() const;

  /// Prints Flink's summary string: `DECIMAL(10, 2)`, ``ROW<`a` INT, `b` STRING>``,
  /// `STRING NOT NULL`, `TIMESTAMP(3) *ROWTIME*`.
  std::string ToString() const;

  /// Compares everything, including nullability and field names; ignores the timestamp kind.
  bool operator==(const LogicalType& other) const;
  bool operator!=(const LogicalType& other) const { return !(*this == other); }
  /// Compares ignoring nullability at every level.
  bool EqualsIgnoringNullability(const LogicalType& other) const;

 private:
  LogicalType(TypeId id, bool nullable) : id_(id), nullable_(nullable) {}
  // For parameterised roots; the caller has validated the parameters.
  LogicalType(TypeId id, bool nullable, int32_t precision, int32_t scale = 0)
      : id_(id), nullable_(nullable), precision_(precision), scale_(scale) {}
  bool EqualsImpl(const LogicalType& other, bool check_nullability) const;

  TypeId id_ = TypeId::kNull;
  bool nullable_ = true;
  IntervalResolution resolution_ = IntervalResolution::kYear;
  TimestampKind timestamp_kind_ = TimestampKind::kRegular;
  int32_t precision_ = 0;
  int32_t scale_ = 0;
  // ARRAY/MULTISET: one field "element"; MAP: "key", "value"; ROW: its fields.
  std::shared_ptr<const std::vector<Field>> children_;
};

/// Returns the name of a type root as Flink spells it (`BIGINT`, `TIMESTAMP_LTZ`).
const char* TypeIdName(TypeId id);

/// Storage unit of TIMESTAMP(p) / TIMESTAMP_LTZ(p) values: int64 counts since the epoch of
/// milliseconds (p <= 3), microseconds (p <= 6) or nanoseconds (p <= 9).
enum class TimeUnit : uint8_t { kMilli, kMicro, kNano };
TimeUnit TimestampUnit(int32_t precision);
/// Units of TimeUnit per second (1e3, 1e6, 1e9).
int64_t UnitsPerSecond(TimeUnit unit);

}  // namespace weir
