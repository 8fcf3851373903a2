// LogicalType factories, validation, accessors, Flink summary strings, equality and layouts.
#include "weir/common/types/logical_type.h"

#include <unordered_set>
#include <utility>

#include "weir/common/check.h"

namespace weir {

namespace {

constexpr int32_t kMinYearPrecision = 1;
constexpr int32_t kMaxYearPrecision = 4;
constexpr int32_t kMinDayPrecision = 1;
constexpr int32_t kMaxDayPrecision = 6;

bool IsBlank(std::string_view s) {
  for (char c : s) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') return false;
  }
  return true;
}

bool IsYearMonthResolution(IntervalResolution r) {
  return r == IntervalResolution::kYear || r == IntervalResolution::kYearToMonth ||
         r == IntervalResolution::kMonth;
}

// Day-time resolutions that start below DAY keep the default day precision (as in Flink).
bool IsSubDay(IntervalResolution r) {
  switch (r) {
    case IntervalResolution::kHour:
    case IntervalResolution::kHourToMinute:
    case IntervalResolution::kHourToSecond:
    case IntervalResolution::kMinute:
    case IntervalResolution::kMinuteToSecond:
    case IntervalResolution::kSecond:
      return true;
    default:
      return false;
  }
}

// Day-time resolutions that end above SECOND keep the default fractional precision.
bool IsSuperSecond(IntervalResolution r) {
  switch (r) {
    case IntervalResolution::kDay:
    case IntervalResolution::kDayToHour:
    case IntervalResolution::kDayToMinute:
    case IntervalResolution::kHour:
    case IntervalResolution::kHourToMinute:
    case IntervalResolution::kMinute:
      return true;
    default:
      return false;
  }
}

Status CheckDecimal(int32_t precision, int32_t scale) {
  if (precision < 1 || precision > LogicalType::kMaxDecimalPrecision) {
    return Status::Invalid("DECIMAL precision must be between 1 and ",
                           LogicalType::kMaxDecimalPrecision, ": ", precision);
  }
  if (scale < 0 || scale > precision) {
    return Status::Invalid("DECIMAL scale must be between 0 and the precision ", precision, ": ",
                           scale);
  }
  return Status::OK();
}

Status CheckLength(TypeId id, int32_t length) {
  if (id != TypeId::kChar && id != TypeId::kVarChar && id != TypeId::kBinary &&
      id != TypeId::kVarBinary) {
    return Status::Invalid("Expected a string or binary type root but got ", TypeIdName(id));
  }
  if (length < 1) {
    return Status::Invalid(TypeIdName(id), " length must be between 1 and ",
                           LogicalType::kMaxLength, ": ", length);
  }
  return Status::OK();
}

Status CheckTemporal(TypeId id, int32_t precision) {
  if (id != TypeId::kTime && id != TypeId::kTimestamp && id != TypeId::kTimestampLtz) {
    return Status::Invalid("Expected TIME, TIMESTAMP or TIMESTAMP_LTZ but got ", TypeIdName(id));
  }
  if (precision < 0 || precision > LogicalType::kMaxTimePrecision) {
    return Status::Invalid(TypeIdName(id), " precision must be between 0 and ",
                           LogicalType::kMaxTimePrecision, ": ", precision);
  }
  return Status::OK();
}

Status CheckYearMonth(IntervalResolution resolution, int32_t year_precision) {
  if (!IsYearMonthResolution(resolution)) {
    return Status::Invalid("Expected a year-month interval resolution but got ",
                           static_cast<int>(resolution));
  }
  if (year_precision < kMinYearPrecision || year_precision > kMaxYearPrecision) {
    return Status::Invalid("INTERVAL year precision must be between ", kMinYearPrecision, " and ",
                           kMaxYearPrecision, ": ", year_precision);
  }
  if (resolution == IntervalResolution::kMonth &&
      year_precision != LogicalType::kDefaultYearPrecision) {
    return Status::Invalid("INTERVAL MONTH must keep the default year precision ",
                           LogicalType::kDefaultYearPrecision, ": ", year_precision);
  }
  return Status::OK();
}

Status CheckDayTime(IntervalResolution resolution, int32_t day_precision,
                    int32_t fractional_precision) {
  if (IsYearMonthResolution(resolution)) {
    return Status::Invalid("Expected a day-time interval resolution but got ",
                           static_cast<int>(resolution));
  }
  if (day_precision < kMinDayPrecision || day_precision > kMaxDayPrecision) {
    return Status::Invalid("INTERVAL day precision must be between ", kMinDayPrecision, " and ",
                           kMaxDayPrecision, ": ", day_precision);
  }
  if (fractional_precision < 0 || fractional_precision > LogicalType::kMaxTimePrecision) {
    return Status::Invalid("INTERVAL fractional second precision must be between 0 and ",
                           LogicalType::kMaxTimePrecision, ": ", fractional_precision);
  }
  if (IsSubDay(resolution) && day_precision != LogicalType::kDefaultDayPrecision) {
    return Status::Invalid("INTERVAL without DAY must keep the default day precision ",
                           LogicalType::kDefaultDayPrecision, ": ", day_precision);
  }
  if (IsSuperSecond(resolution) &&
      fractional_precision != LogicalType::kDefaultFractionalPrecision) {
    return Status::Invalid("INTERVAL without SECOND must keep the default fractional precision ",
                           LogicalType::kDefaultFractionalPrecision, ": ", fractional_precision);
  }
  return Status::OK();
}

Status CheckRowFields(const std::vector<Field>& fields) {
  std::unordered_set<std::string_view> seen;
  seen.reserve(fields.size());
  for (const Field& f : fields) {
    if (f.type == nullptr) return Status::Invalid("ROW field has no type: ", f.name);
    if (IsBlank(f.name)) {
      return Status::Invalid("ROW field names must contain a non-whitespace character: '", f.name,
                             "'");
    }
    if (!seen.insert(f.name).second) {
      return Status::Invalid("ROW field names must be unique: ", f.name);
    }
  }
  return Status::OK();
}

// The children of ARRAY and MULTISET: one field "element".
std::shared_ptr<const std::vector<Field>> ElementChild(LogicalType element) {
  return std::make_shared<const std::vector<Field>>(
      std::vector<Field>{Field("element", std::move(element))});
}

void AppendQuoted(std::string& out, std::string_view text, char quote) {
  out.push_back(quote);
  for (char c : text) {
    out.push_back(c);
    if (c == quote) out.push_back(quote);
  }
  out.push_back(quote);
}

void AppendType(std::string& out, const LogicalType& t);

void AppendField(std::string& out, const Field& f) {
  AppendQuoted(out, f.name, '`');
  out.push_back(' ');
  AppendType(out, *f.type);
  if (!f.description.empty()) {
    out.push_back(' ');
    AppendQuoted(out, f.description, '\'');
  }
}

void AppendResolution(std::string& out, const LogicalType& t) {
  const std::string p = std::to_string(t.precision());
  const std::string f = std::to_string(t.scale());
  switch (t.interval_resolution()) {
    case IntervalResolution::kYear: out += "INTERVAL YEAR(" + p + ")"; break;
    case IntervalResolution::kYearToMonth: out += "INTERVAL YEAR(" + p + ") TO MONTH"; break;
    case IntervalResolution::kMonth: out += "INTERVAL MONTH"; break;
    case IntervalResolution::kDay: out += "INTERVAL DAY(" + p + ")"; break;
    case IntervalResolution::kDayToHour: out += "INTERVAL DAY(" + p + ") TO HOUR"; break;
    case IntervalResolution::kDayToMinute: out += "INTERVAL DAY(" + p + ") TO MINUTE"; break;
    case IntervalResolution::kDayToSecond:
      out += "INTERVAL DAY(" + p + ") TO SECOND(" + f + ")";
      break;
    case IntervalResolution::kHour: out += "INTERVAL HOUR"; break;
    case IntervalResolution::kHourToMinute: out += "INTERVAL HOUR TO MINUTE"; break;
    case IntervalResolution::kHourToSecond: out += "INTERVAL HOUR TO SECOND(" + f + ")"; break;
    case IntervalResolution::kMinute: out += "INTERVAL MINUTE"; break;
    case IntervalResolution::kMinuteToSecond: out += "INTERVAL MINUTE TO SECOND(" + f + ")"; break;
    case IntervalResolution::kSecond: out += "INTERVAL SECOND(" + f + ")"; break;
  }
}

void AppendType(std::string& out, const LogicalType& t) {
  auto with_param = [&](const char* name, int32_t param) {
    out += name;
    out.push_back('(');
    out += std::to_string(param);
    out.push_back(')');
  };
  switch (t.id()) {
    case TypeId::kNull:
    case TypeId::kBoolean:
    case TypeId::kTinyInt:
    case TypeId::kSmallInt:
    case TypeId::kInt:
    case TypeId::kBigInt:
    case TypeId::kFloat:
    case TypeId::kDouble:
    case TypeId::kDate:
      out += TypeIdName(t.id());
      break;
    case TypeId::kDecimal:
      out += "DECIMAL(" + std::to_string(t.precision()) + ", " + std::to_string(t.scale()) + ")";
      break;
    case TypeId::kChar:
    case TypeId::kBinary:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestampLtz:
      with_param(TypeIdName(t.id()), t.precision());
      break;
    case TypeId::kVarChar:
      if (t.length() == LogicalType::kMaxLength) {
        out += "STRING";
      } else {
        with_param("VARCHAR", t.length());
      }
      break;
    case TypeId::kVarBinary:
      if (t.length() == LogicalType::kMaxLength) {
        out += "BYTES";
      } else {
        with_param("VARBINARY", t.length());
      }
      break;
    case TypeId::kIntervalYearMonth:
    case TypeId::kIntervalDayTime:
      AppendResolution(out, t);
      break;
    case TypeId::kArray:
    case TypeId::kMultiset:
      out += TypeIdName(t.id());
      out.push_back('<');
      AppendType(out, t.element_type());
      out.push_back('>');
      break;
    case TypeId::kMap:
      out += "MAP<";
      AppendType(out, t.key_type());
      out += ", ";
      AppendType(out, t.value_type());
      out.push_back('>');
      break;
    case TypeId::kRow: {
      out += "ROW<";
      bool first = true;
      for (const Field& f : t.fields()) {
        if (!first) out += ", ";
        first = false;
        AppendField(out, f);
      }
      out.push_back('>');
      break;
    }
  }
  if (!t.nullable()) out += " NOT NULL";
  if (t.timestamp_kind() == TimestampKind::kRowtime) out += " *ROWTIME*";
  if (t.timestamp_kind() == TimestampKind::kProctime) out += " *PROCTIME*";
}

}  // namespace

// ---- Field -----------------------------------------------------------------------------------

Field::Field(std::string name, LogicalType type, std::string description)
    : name(std::move(name)),
      type(std::make_shared<const LogicalType>(std::move(type))),
      description(std::move(description)) {}

bool Field::operator==(const Field& other) const {
  if (name != other.name || description != other.description) return false;
  if (type == nullptr || other.type == nullptr) return type == other.type;
  return *type == *other.type;
}

std::string Field::ToString() const {
  std::string out;
  if (type == nullptr) {
    AppendQuoted(out, name, '`');
    return out;
  }
  AppendField(out, *this);
  return out;
}

// ---- Factories -------------------------------------------------------------------------------

LogicalType LogicalType::Null() { return LogicalType(TypeId::kNull, true); }
LogicalType LogicalType::Boolean(bool nullable) { return LogicalType(TypeId::kBoolean, nullable); }
LogicalType LogicalType::TinyInt(bool nullable) { return LogicalType(TypeId::kTinyInt, nullable); }
LogicalType LogicalType::SmallInt(bool nullable) {
  return LogicalType(TypeId::kSmallInt, nullable);
}
LogicalType LogicalType::Int(bool nullable) { return LogicalType(TypeId::kInt, nullable); }
LogicalType LogicalType::BigInt(bool nullable) { return LogicalType(TypeId::kBigInt, nullable); }
LogicalType LogicalType::Float(bool nullable) { return LogicalType(TypeId::kFloat, nullable); }
LogicalType LogicalType::Double(bool nullable) { return LogicalType(TypeId::kDouble, nullable); }
LogicalType LogicalType::Date(bool nullable) { return LogicalType(TypeId::kDate, nullable); }

LogicalType LogicalType::Decimal(int32_t precision, int32_t scale, bool nullable) {
  WEIR_CHECK_OK(CheckDecimal(precision, scale));
  return LogicalType(TypeId::kDecimal, nullable, precision, scale);
}

LogicalType LogicalType::Char(int32_t length, bool nullable) {
  WEIR_CHECK_OK(CheckLength(TypeId::kChar, length));
  return LogicalType(TypeId::kChar, nullable, length);
}

LogicalType LogicalType::VarChar(int32_t length, bool nullable) {
  WEIR_CHECK_OK(CheckLength(TypeId::kVarChar, length));
  return LogicalType(TypeId::kVarChar, nullable, length);
}

LogicalType LogicalType::String(bool nullable) { return VarChar(kMaxLength, nullable); }

LogicalType LogicalType::Binary(int32_t length, bool nullable) {
  WEIR_CHECK_OK(CheckLength(TypeId::kBinary, length));
  return LogicalType(TypeId::kBinary, nullable, length);
}

LogicalType LogicalType::VarBinary(int32_t length, bool nullable) {
  WEIR_CHECK_OK(CheckLength(TypeId::kVarBinary, length));
  return LogicalType(TypeId::kVarBinary, nullable, length);
}

LogicalType LogicalType::Bytes(bool nullable) { return VarBinary(kMaxLength, nullable); }

LogicalType LogicalType::Time(int32_t precision, bool nullable) {
  WEIR_CHECK_OK(CheckTemporal(TypeId::kTime, precision));
  return LogicalType(TypeId::kTime, nullable, precision);
}

LogicalType LogicalType::Timestamp(int32_t precision, bool nullable) {
  WEIR_CHECK_OK(CheckTemporal(TypeId::kTimestamp, precision));
  return LogicalType(TypeId::kTimestamp, nullable, precision);
}

LogicalType LogicalType::TimestampLtz(int32_t precision, bool nullable) {
  WEIR_CHECK_OK(CheckTemporal(TypeId::kTimestampLtz, precision));
  return LogicalType(TypeId::kTimestampLtz, nullable, precision);
}

LogicalType LogicalType::IntervalYearMonth(IntervalResolution resolution, int32_t year_precision,
                                           bool nullable) {
  WEIR_CHECK_OK(CheckYearMonth(resolution, year_precision));
  LogicalType t(TypeId::kIntervalYearMonth, nullable, year_precision);
  t.resolution_ = resolution;
  return t;
}

LogicalType LogicalType::IntervalDayTime(IntervalResolution resolution, int32_t day_precision,
                                         int32_t fractional_precision, bool nullable) {
  WEIR_CHECK_OK(CheckDayTime(resolution, day_precision, fractional_precision));
  LogicalType t(TypeId::kIntervalDayTime, nullable, day_precision, fractional_precision);
  t.resolution_ = resolution;
  return t;
}

LogicalType LogicalType::Array(LogicalType element, bool nullable) {
  LogicalType t(TypeId::kArray, nullable);
  t.children_ = ElementChild(std::move(element));
  return t;
}

LogicalType LogicalType::Multiset(LogicalType element, bool nullable) {
  LogicalType t(TypeId::kMultiset, nullable);
  t.children_ = ElementChild(std::move(element));
  return t;
}

LogicalType LogicalType::Map(LogicalType key, LogicalType value, bool nullable) {
  LogicalType t(TypeId::kMap, nullable);
  t.children_ = std::make_shared<const std::vector<Field>>(
      std::vector<Field>{Field("key", std::move(key)), Field("value", std::move(value))});
  return t;
}

LogicalType LogicalType::Row(std::vector<Field> fields, bool nullable) {
  WEIR_CHECK_OK(CheckRowFields(fields));
  LogicalType t(TypeId::kRow, nullable);
  t.children_ = std::make_shared<const std::vector<Field>>(std::move(fields));
  return t;
}

Result<LogicalType> LogicalType::MakeDecimal(int32_t precision, int32_t scale, bool nullable) {
  WEIR_RETURN_NOT_OK(CheckDecimal(precision, scale));
  return Decimal(precision, scale, nullable);
}

Result<LogicalType> LogicalType::MakeChar(TypeId id, int32_t length, bool nullable) {
  // CheckLength accepts only CHAR, VARCHAR, BINARY and VARBINARY.
  WEIR_RETURN_NOT_OK(CheckLength(id, length));
  return LogicalType(id, nullable, length);
}

Result<LogicalType> LogicalType::MakeTemporal(TypeId id, int32_t precision, bool nullable) {
  // CheckTemporal accepts only TIME, TIMESTAMP and TIMESTAMP_LTZ.
  WEIR_RETURN_NOT_OK(CheckTemporal(id, precision));
  return LogicalType(id, nullable, precision);
}

Result<LogicalType> LogicalType::MakeIntervalYearMonth(IntervalResolution resolution,
                                                       int32_t year_precision, bool nullable) {
  WEIR_RETURN_NOT_OK(CheckYearMonth(resolution, year_precision));
  return IntervalYearMonth(resolution, year_precision, nullable);
}

Result<LogicalType> LogicalType::MakeIntervalDayTime(IntervalResolution resolution,
                                                     int32_t day_precision,
                                                     int32_t fractional_precision,
                                                     bool nullable) {
  WEIR_RETURN_NOT_OK(CheckDayTime(resolution, day_precision, fractional_precision));
  return IntervalDayTime(resolution, day_precision, fractional_precision, nullable);
}

Result<LogicalType> LogicalType::MakeRow(std::vector<Field> fields, bool nullable) {
  WEIR_RETURN_NOT_OK(CheckRowFields(fields));
  return Row(std::move(fields), nullable);
}

// ---- Accessors -------------------------------------------------------------------------------

const LogicalType& LogicalType::element_type() const {
  WEIR_CHECK_MSG(id_ == TypeId::kArray || id_ == TypeId::kMultiset,
                 "element_type() of ", TypeIdName(id_));
  return *(*children_)[0].type;
}

const LogicalType& LogicalType::key_type() const {
  WEIR_CHECK_MSG(id_ == TypeId::kMap || id_ == TypeId::kMultiset, "key_type() of ",
                 TypeIdName(id_));
  return *(*children_)[0].type;
}

const LogicalType& LogicalType::value_type() const {
  WEIR_CHECK_MSG(id_ == TypeId::kMap || id_ == TypeId::kMultiset, "value_type() of ",
                 TypeIdName(id_));
  if (id_ == TypeId::kMultiset) {
    static const LogicalType* const kCount = new LogicalType(Int(false));
    return *kCount;
  }
  return *(*children_)[1].type;
}

const std::vector<Field>& LogicalType::fields() const {
  WEIR_CHECK_MSG(id_ == TypeId::kRow, "fields() of ", TypeIdName(id_));
  return *children_;
}

LogicalType LogicalType::WithNullable(bool nullable) const {
  LogicalType t = *this;
  t.nullable_ = nullable || id_ == TypeId::kNull;
  return t;
}

LogicalType LogicalType::WithTimestampKind(TimestampKind kind) const {
  WEIR_CHECK_MSG(id_ == TypeId::kTimestamp || id_ == TypeId::kTimestampLtz,
                 "time attribute on ", TypeIdName(id_));
  LogicalType t = *this;
  t.timestamp_kind_ = kind;
  return t;
}

bool LogicalType::is_numeric() const {
  switch (id_) {
    case TypeId::kTinyInt:
    case TypeId::kSmallInt:
    case TypeId::kInt:
    case TypeId::kBigInt:
    case TypeId::kFloat:
    case TypeId::kDouble:
    case TypeId::kDecimal:
      return true;
    default:
      return false;
  }
}

bool LogicalType::is_integer() const {
  return id_ == TypeId::kTinyInt || id_ == TypeId::kSmallInt || id_ == TypeId::kInt ||
         id_ == TypeId::kBigInt;
}

bool LogicalType::is_nested() const {
  return id_ == TypeId::kArray || id_ == TypeId::kMap || id_ == TypeId::kMultiset ||
         id_ == TypeId::kRow;
}

PhysicalLayout LogicalType::layout() const {
  switch (id_) {
    case TypeId::kNull: return PhysicalLayout::kNull;
    case TypeId::kBoolean: return PhysicalLayout::kBitmap;
    case TypeId::kChar:
    case TypeId::kVarChar:
    case TypeId::kBinary:
    case TypeId::kVarBinary:
      return PhysicalLayout::kVarBinary;
    case TypeId::kArray: return PhysicalLayout::kList;
    case TypeId::kMap:
    case TypeId::kMultiset:
      return PhysicalLayout::kMap;
    case TypeId::kRow: return PhysicalLayout::kStruct;
    default: return PhysicalLayout::kFixedWidth;
  }
}

int LogicalType::byte_width() const {
  switch (id_) {
    case TypeId::kTinyInt: return 1;
    case TypeId::kSmallInt: return 2;
    case TypeId::kInt:
    case TypeId::kFloat:
    case TypeId::kDate:
    case TypeId::kIntervalYearMonth:
      return 4;
    case TypeId::kBigInt:
    case TypeId::kDouble:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestampLtz:
    case TypeId::kIntervalDayTime:
      return 8;
    case TypeId::kDecimal: return 16;
    default: return 0;
  }
}

std::string LogicalType::ToString() const {
  std::string out;
  AppendType(out, *this);
  return out;
}

bool LogicalType::EqualsImpl(const LogicalType& other, bool check_nullability) const {
  if (id_ != other.id_ || precision_ != other.precision_ || scale_ != other.scale_) return false;
  if (check_nullability && nullable_ != other.nullable_) return false;
  if ((id_ == TypeId::kIntervalYearMonth || id_ == TypeId::kIntervalDayTime) &&
      resolution_ != other.resolution_) {
    return false;
  }
  if (children_ == other.children_) return true;
  if (children_ == nullptr || other.children_ == nullptr) {
    return num_children() == 0 && other.num_children() == 0;
  }
  const std::vector<Field>& a = *children_;
  const std::vector<Field>& b = *other.children_;
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].name != b[i].name || a[i].description != b[i].description) return false;
    if (a[i].type == nullptr || b[i].type == nullptr) {
      if (a[i].type != b[i].type) return false;
      continue;
    }
    if (!a[i].type->EqualsImpl(*b[i].type, check_nullability)) return false;
  }
  return true;
}

bool LogicalType::operator==(const LogicalType& other) const { return EqualsImpl(other, true); }

bool LogicalType::EqualsIgnoringNullability(const LogicalType& other) const {
  return EqualsImpl(other, false);
}

// ---- Free functions --------------------------------------------------------------------------

const char* TypeIdName(TypeId id) {
  switch (id) {
    case TypeId::kNull: return "NULL";
    case TypeId::kBoolean: return "BOOLEAN";
    case TypeId::kTinyInt: return "TINYINT";
    case TypeId::kSmallInt: return "SMALLINT";
    case TypeId::kInt: return "INT";
    case TypeId::kBigInt: return "BIGINT";
    case TypeId::kFloat: return "FLOAT";
    case TypeId::kDouble: return "DOUBLE";
    case TypeId::kDecimal: return "DECIMAL";
    case TypeId::kChar: return "CHAR";
    case TypeId::kVarChar: return "VARCHAR";
    case TypeId::kBinary: return "BINARY";
    case TypeId::kVarBinary: return "VARBINARY";
    case TypeId::kDate: return "DATE";
    case TypeId::kTime: return "TIME";
    case TypeId::kTimestamp: return "TIMESTAMP";
    case TypeId::kTimestampLtz: return "TIMESTAMP_LTZ";
    case TypeId::kIntervalYearMonth: return "INTERVAL_YEAR_MONTH";
    case TypeId::kIntervalDayTime: return "INTERVAL_DAY_TIME";
    case TypeId::kArray: return "ARRAY";
    case TypeId::kMap: return "MAP";
    case TypeId::kMultiset: return "MULTISET";
    case TypeId::kRow: return "ROW";
  }
  return "UNKNOWN";
}

TimeUnit TimestampUnit(int32_t precision) {
  WEIR_CHECK_MSG(precision >= 0 && precision <= LogicalType::kMaxTimePrecision,
                 "timestamp precision ", precision);
  if (precision <= 3) return TimeUnit::kMilli;
  if (precision <= 6) return TimeUnit::kMicro;
  return TimeUnit::kNano;
}

int64_t UnitsPerSecond(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kMilli: return 1000;
    case TimeUnit::kMicro: return 1000000;
    case TimeUnit::kNano: return 1000000000;
  }
  return 1;
}

}  // namespace weir
