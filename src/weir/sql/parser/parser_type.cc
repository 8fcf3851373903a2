// Data type parsing (every Flink SQL type) and conversion of type nodes to LogicalType.
#include <string>

#include "weir/sql/parser/parser_impl.h"

namespace weir::sql::ast {

namespace internal {

Result<DataTypePtr> ParserImpl::ParseDataType() {
  WEIR_PARSER_ENTER(*this);
  WEIR_ASSIGN_OR_RAISE(DataTypePtr type, ParseDataTypeRoot());
  int chain = 0;
  while (true) {
    if (AcceptWords({"NOT", "NULL"})) {
      type->nullable = false;
    } else if (CheckWord("NULL") && !Peek(1).IsWord("ON")) {
      Next();
      type->nullable = true;
    } else if (CheckWord("ARRAY") || CheckWord("MULTISET")) {
      SourcePos pos = Peek().pos;
      const bool array = Next().IsWord("ARRAY");
      WEIR_RETURN_NOT_OK(Enter());
      ++chain;
      auto outer = std::make_unique<DataTypeNode>();
      outer->pos = pos;
      outer->name = array ? TypeName::kArray : TypeName::kMultiset;
      outer->element = std::move(type);
      type = std::move(outer);
    } else {
      break;
    }
  }
  depth_ -= chain;
  return type;
}

Result<DataTypePtr> ParserImpl::ParseDataTypeRoot() {
  auto type = std::make_unique<DataTypeNode>();
  type->pos = Peek().pos;
  auto opt_precision = [&]() -> Status {
    if (Accept(TokenKind::kLParen)) {
      WEIR_ASSIGN_OR_RAISE(type->precision, ParseInt32());
      WEIR_RETURN_NOT_OK(Expect(TokenKind::kRParen));
    }
    return Status::OK();
  };
  struct Simple {
    std::string_view word;
    TypeName name;
  };
  static constexpr Simple kSimple[] = {
      {"BOOLEAN", TypeName::kBoolean},   {"TINYINT", TypeName::kTinyInt},
      {"SMALLINT", TypeName::kSmallInt}, {"INT", TypeName::kInt},
      {"INTEGER", TypeName::kInt},       {"BIGINT", TypeName::kBigInt},
      {"FLOAT", TypeName::kFloat},       {"REAL", TypeName::kFloat},
      {"STRING", TypeName::kString},     {"BYTES", TypeName::kBytes},
      {"DATE", TypeName::kDate},         {"NULL", TypeName::kNull},
  };
  for (const Simple& s : kSimple) {
    if (AcceptWord(s.word)) {
      type->name = s.name;
      return type;
    }
  }
  if (AcceptWord("DOUBLE")) {
    AcceptWord("PRECISION");
    type->name = TypeName::kDouble;
    return type;
  }
  if (AcceptWord("DECIMAL") || AcceptWord("DEC") || AcceptWord("NUMERIC")) {
    type->name = TypeName::kDecimal;
    if (Accept(TokenKind::kLParen)) {
      WEIR_ASSIGN_OR_RAISE(type->precision, ParseInt32());
      if (Accept(TokenKind::kComma)) {
        WEIR_ASSIGN_OR_RAISE(type->scale, ParseInt32());
      }
      WEIR_RETURN_NOT_OK(Expect(TokenKind::kRParen));
    }
    return type;
  }
  if (AcceptWord("CHAR") || AcceptWord("CHARACTER")) {
    type->name = AcceptWord("VARYING") ? TypeName::kVarChar : TypeName::kChar;
    WEIR_RETURN_NOT_OK(opt_precision());
    return type;
  }
  if (AcceptWord("VARCHAR")) {
    type->name = TypeName::kVarChar;
    WEIR_RETURN_NOT_OK(opt_precision());
    return type;
  }
  if (AcceptWord("BINARY")) {
    type->name = AcceptWord("VARYING") ? TypeName::kVarBinary : TypeName::kBinary;
    WEIR_RETURN_NOT_OK(opt_precision());
    return type;
  }
  if (AcceptWord("VARBINARY")) {
    type->name = TypeName::kVarBinary;
    WEIR_RETURN_NOT_OK(opt_precision());
    return type;
  }
  if (AcceptWord("TIME")) {
    type->name = TypeName::kTime;
    WEIR_RETURN_NOT_OK(opt_precision());
    AcceptWords({"WITHOUT", "TIME", "ZONE"});
    return type;
  }
  if (AcceptWord("TIMESTAMP_LTZ")) {
    type->name = TypeName::kTimestampLtz;
    type->ltz_keyword = true;
    WEIR_RETURN_NOT_OK(opt_precision());
    return type;
  }
  if (AcceptWord("TIMESTAMP")) {
    type->name = TypeName::kTimestamp;
    WEIR_RETURN_NOT_OK(opt_precision());
    if (AcceptWords({"WITHOUT", "TIME", "ZONE"})) return type;
    if (AcceptWords({"WITH", "LOCAL", "TIME", "ZONE"})) {
      type->name = TypeName::kTimestampLtz;
    } else if (AcceptWords({"WITH", "TIME", "ZONE"})) {
      type->with_time_zone = true;
    }
    return type;
  }
  if (AcceptWord("INTERVAL")) {
    type->name = TypeName::kInterval;
    WEIR_ASSIGN_OR_RAISE(type->interval, ParseIntervalQualifier());
    return type;
  }
  if (CheckWord("ARRAY") || CheckWord("MULTISET")) {
    type->name = Next().IsWord("ARRAY") ? TypeName::kArray : TypeName::kMultiset;
    WEIR_RETURN_NOT_OK(Expect(TokenKind::kLt));
    WEIR_ASSIGN_OR_RAISE(type->element, ParseDataType());
    WEIR_RETURN_NOT_OK(Expect(TokenKind::kGt));
    return type;
  }
  if (AcceptWord("MAP")) {
    type->name = TypeName::kMap;
    WEIR_RETURN_NOT_OK(Expect(TokenKind::kLt));
    WEIR_ASSIGN_OR_RAISE(type->element, ParseDataType());
    WEIR_RETURN_NOT_OK(Expect(TokenKind::kComma));
    WEIR_ASSIGN_OR_RAISE(type->value, ParseDataType());
    WEIR_RETURN_NOT_OK(Expect(TokenKind::kGt));
    return type;
  }
  if (AcceptWord("ROW")) {
    type->name = TypeName::kRow;
    TokenKind close;
    if (Accept(TokenKind::kLt)) {
      close = TokenKind::kGt;
    } else if (Accept(TokenKind::kLParen)) {
      close = TokenKind::kRParen;
      type->row_angle_brackets = false;
    } else {
      return Unexpected();
    }
    if (!Check(close)) {
      do {
        RowFieldNode field;
        WEIR_ASSIGN_OR_RAISE(field.name, ParseIdentifier());
        WEIR_ASSIGN_OR_RAISE(field.type, ParseDataType());
        if (Peek().kind == TokenKind::kString) {
          WEIR_ASSIGN_OR_RAISE(std::string description, ParseStringLiteral());
          field.description = std::move(description);
        }
        type->fields.push_back(std::move(field));
      } while (Accept(TokenKind::kComma));
    }
    WEIR_RETURN_NOT_OK(Expect(close));
    return type;
  }
  if (CheckWord("RAW")) {
    return ErrorAt(Peek().pos, "Type RAW is not supported");
  }
  if (IsIdentifierToken(Peek())) {
    type->name = TypeName::kUserDefined;
    WEIR_ASSIGN_OR_RAISE(type->user_name, ParseCompoundIdentifier());
    return type;
  }
  ExpectAlso("<data type>");
  return Unexpected();
}

}  // namespace internal

const char* DateTimeUnitName(DateTimeUnit unit) {
  switch (unit) {
    case DateTimeUnit::kYear:
      return "YEAR";
    case DateTimeUnit::kQuarter:
      return "QUARTER";
    case DateTimeUnit::kMonth:
      return "MONTH";
    case DateTimeUnit::kWeek:
      return "WEEK";
    case DateTimeUnit::kDay:
      return "DAY";
    case DateTimeUnit::kHour:
      return "HOUR";
    case DateTimeUnit::kMinute:
      return "MINUTE";
    case DateTimeUnit::kSecond:
      return "SECOND";
    case DateTimeUnit::kMillisecond:
      return "MILLISECOND";
    case DateTimeUnit::kMicrosecond:
      return "MICROSECOND";
    case DateTimeUnit::kNanosecond:
      return "NANOSECOND";
    case DateTimeUnit::kDow:
      return "DOW";
    case DateTimeUnit::kDoy:
      return "DOY";
    case DateTimeUnit::kIsodow:
      return "ISODOW";
    case DateTimeUnit::kIsoyear:
      return "ISOYEAR";
    case DateTimeUnit::kEpoch:
      return "EPOCH";
    case DateTimeUnit::kDecade:
      return "DECADE";
    case DateTimeUnit::kCentury:
      return "CENTURY";
    case DateTimeUnit::kMillennium:
      return "MILLENNIUM";
  }
  return "?";
}

namespace {

Result<IntervalResolution> Resolution(const IntervalQualifier& q, SourcePos pos) {
  using R = IntervalResolution;
  using U = DateTimeUnit;
  const U end = q.end.value_or(q.start);
  struct Entry {
    U start, end;
    R resolution;
  };
  static constexpr Entry kTable[] = {
      {U::kYear, U::kYear, R::kYear},           {U::kYear, U::kMonth, R::kYearToMonth},
      {U::kMonth, U::kMonth, R::kMonth},        {U::kDay, U::kDay, R::kDay},
      {U::kDay, U::kHour, R::kDayToHour},       {U::kDay, U::kMinute, R::kDayToMinute},
      {U::kDay, U::kSecond, R::kDayToSecond},   {U::kHour, U::kHour, R::kHour},
      {U::kHour, U::kMinute, R::kHourToMinute}, {U::kHour, U::kSecond, R::kHourToSecond},
      {U::kMinute, U::kMinute, R::kMinute},     {U::kMinute, U::kSecond, R::kMinuteToSecond},
      {U::kSecond, U::kSecond, R::kSecond},
  };
  for (const Entry& e : kTable) {
    if (e.start == q.start && e.end == end) return e.resolution;
  }
  return Status::Invalid("Unsupported interval type ", DateTimeUnitName(q.start), " (line ",
                         pos.line, ", column ", pos.column, ")");
}

}  // namespace

Result<LogicalType> DataTypeNode::ToLogicalType() const {
  const bool n = nullable;
  switch (name) {
    case TypeName::kBoolean:
      return LogicalType::Boolean(n);
    case TypeName::kTinyInt:
      return LogicalType::TinyInt(n);
    case TypeName::kSmallInt:
      return LogicalType::SmallInt(n);
    case TypeName::kInt:
      return LogicalType::Int(n);
    case TypeName::kBigInt:
      return LogicalType::BigInt(n);
    case TypeName::kFloat:
      return LogicalType::Float(n);
    case TypeName::kDouble:
      return LogicalType::Double(n);
    case TypeName::kDecimal:
      return LogicalType::MakeDecimal(precision.value_or(10), scale.value_or(0), n);
    case TypeName::kChar:
      return LogicalType::MakeChar(TypeId::kChar, precision.value_or(1), n);
    case TypeName::kVarChar:
      // In SQL, VARCHAR without a length is STRING.
      return LogicalType::MakeChar(TypeId::kVarChar, precision.value_or(LogicalType::kMaxLength),
                                   n);
    case TypeName::kString:
      return LogicalType::String(n);
    case TypeName::kBinary:
      return LogicalType::MakeChar(TypeId::kBinary, precision.value_or(1), n);
    case TypeName::kVarBinary:
      return LogicalType::MakeChar(TypeId::kVarBinary, precision.value_or(LogicalType::kMaxLength),
                                   n);
    case TypeName::kBytes:
      return LogicalType::Bytes(n);
    case TypeName::kDate:
      return LogicalType::Date(n);
    case TypeName::kTime:
      return LogicalType::MakeTemporal(TypeId::kTime, precision.value_or(0), n);
    case TypeName::kTimestamp:
      if (with_time_zone) {
        return Status::NotSupported(
            "TIMESTAMP WITH TIME ZONE is not supported; use "
            "TIMESTAMP_LTZ (line ",
            pos.line, ", column ", pos.column, ")");
      }
      return LogicalType::MakeTemporal(TypeId::kTimestamp, precision.value_or(6), n);
    case TypeName::kTimestampLtz:
      return LogicalType::MakeTemporal(TypeId::kTimestampLtz, precision.value_or(6), n);
    case TypeName::kInterval: {
      WEIR_ASSIGN_OR_RAISE(IntervalResolution res, Resolution(interval, pos));
      if (interval.start <= DateTimeUnit::kMonth) {
        return LogicalType::MakeIntervalYearMonth(
            res, interval.start_precision.value_or(LogicalType::kDefaultYearPrecision), n);
      }
      return LogicalType::MakeIntervalDayTime(
          res, interval.start_precision.value_or(LogicalType::kDefaultDayPrecision),
          interval.fractional_precision.value_or(LogicalType::kDefaultFractionalPrecision), n);
    }
    case TypeName::kArray: {
      WEIR_ASSIGN_OR_RAISE(LogicalType e, element->ToLogicalType());
      return LogicalType::Array(std::move(e), n);
    }
    case TypeName::kMultiset: {
      WEIR_ASSIGN_OR_RAISE(LogicalType e, element->ToLogicalType());
      return LogicalType::Multiset(std::move(e), n);
    }
    case TypeName::kMap: {
      WEIR_ASSIGN_OR_RAISE(LogicalType k, element->ToLogicalType());
      WEIR_ASSIGN_OR_RAISE(LogicalType v, value->ToLogicalType());
      return LogicalType::Map(std::move(k), std::move(v), n);
    }
    case TypeName::kRow: {
      std::vector<Field> out;
      out.reserve(fields.size());
      for (const RowFieldNode& f : fields) {
        WEIR_ASSIGN_OR_RAISE(LogicalType t, f.type->ToLogicalType());
        out.emplace_back(f.name, std::move(t), f.description.value_or(""));
      }
      return LogicalType::MakeRow(std::move(out), n);
    }
    case TypeName::kNull:
      return LogicalType::Null();
    case TypeName::kUserDefined:
      return Status::NotSupported("User-defined type is not supported: ", user_name.back(),
                                  " (line ", pos.line, ", column ", pos.column, ")");
  }
  return Status::Internal("unknown type name");
}

}  // namespace weir::sql::ast
