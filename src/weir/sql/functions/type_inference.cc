// Flink's type inference rules for arithmetic, common types and casts.
#include "weir/sql/functions/type_inference.h"

#include <algorithm>

namespace weir::sql {

int NumericRank(TypeId id) {
  switch (id) {
    case TypeId::kTinyInt:
      return 1;
    case TypeId::kSmallInt:
      return 2;
    case TypeId::kInt:
      return 3;
    case TypeId::kBigInt:
      return 4;
    case TypeId::kDecimal:
      return 5;
    case TypeId::kFloat:
      return 6;
    case TypeId::kDouble:
      return 7;
    default:
      return 0;
  }
}

LogicalType DecimalOfInteger(const LogicalType& type) {
  bool n = type.nullable();
  switch (type.id()) {
    case TypeId::kTinyInt:
      return LogicalType::Decimal(3, 0, n);
    case TypeId::kSmallInt:
      return LogicalType::Decimal(5, 0, n);
    case TypeId::kInt:
      return LogicalType::Decimal(10, 0, n);
    case TypeId::kBigInt:
      return LogicalType::Decimal(19, 0, n);
    default:
      return type;
  }
}

LogicalType AdjustDecimal(int32_t precision, int32_t scale, bool nullable) {
  constexpr int32_t kMax = LogicalType::kMaxDecimalPrecision;
  if (precision <= kMax) {
    return LogicalType::Decimal(std::max(precision, 1), std::min(scale, std::max(precision, 1)),
                                nullable);
  }
  int32_t int_digits = precision - scale;
  int32_t min_scale = std::min(scale, 6);
  scale = std::max(kMax - int_digits, min_scale);
  return LogicalType::Decimal(kMax, scale, nullable);
}

Result<LogicalType> InferArithmeticType(ArithmeticOp op, const LogicalType& a,
                                        const LogicalType& b) {
  bool nullable = a.nullable() || b.nullable();
  int ra = NumericRank(a.id());
  int rb = NumericRank(b.id());
  if (ra == 0 || rb == 0) {
    return Status::TypeError("Arithmetic needs numeric operands: ", a.ToString(), " and ",
                             b.ToString());
  }
  int r = std::max(ra, rb);
  if (r == 7 || (r == 6 && std::min(ra, rb) == 5)) return LogicalType::Double(nullable);
  if (r == 6) return LogicalType::Float(nullable);
  if (r <= 4) {
    return (ra >= rb ? a : b).WithNullable(nullable);
  }
  LogicalType da = DecimalOfInteger(a);
  LogicalType db = DecimalOfInteger(b);
  int32_t p1 = da.precision(), s1 = da.scale(), p2 = db.precision(), s2 = db.scale();
  switch (op) {
    case ArithmeticOp::kAdd:
    case ArithmeticOp::kSubtract: {
      int32_t scale = std::max(s1, s2);
      int32_t precision = std::max(p1 - s1, p2 - s2) + scale + 1;
      return AdjustDecimal(precision, scale, nullable);
    }
    case ArithmeticOp::kMultiply:
      return AdjustDecimal(p1 + p2, s1 + s2, nullable);
    case ArithmeticOp::kDivide: {
      int32_t scale = std::max(6, s1 + p2 + 1);
      int32_t precision = p1 - s1 + s2 + scale;
      return AdjustDecimal(precision, scale, nullable);
    }
    case ArithmeticOp::kModulo: {
      int32_t scale = std::max(s1, s2);
      int32_t precision = std::min(p1 - s1, p2 - s2) + scale;
      return AdjustDecimal(precision, scale, nullable);
    }
  }
  return Status::Internal("unknown arithmetic operator");
}

namespace {

bool IsTimestampLike(TypeId id) { return id == TypeId::kTimestamp || id == TypeId::kTimestampLtz; }

// Common type of two types ignoring nullability; nullopt when none.
std::optional<LogicalType> CommonPair(const LogicalType& a, const LogicalType& b) {
  if (a.id() == TypeId::kNull) return b;
  if (b.id() == TypeId::kNull) return a;
  if (a.EqualsIgnoringNullability(b)) return a;
  int ra = NumericRank(a.id()), rb = NumericRank(b.id());
  if (ra > 0 && rb > 0) {
    int r = std::max(ra, rb);
    if (r == 7 || (r == 6 && std::min(ra, rb) == 5)) return LogicalType::Double();
    if (r == 6) return LogicalType::Float();
    if (r <= 4) return ra >= rb ? a : b;
    LogicalType da = DecimalOfInteger(a), db = DecimalOfInteger(b);
    int32_t scale = std::max(da.scale(), db.scale());
    int32_t int_digits = std::max(da.precision() - da.scale(), db.precision() - db.scale());
    return AdjustDecimal(int_digits + scale, scale, true);
  }
  if (a.is_string() && b.is_string()) {
    if (a.id() == TypeId::kChar && b.id() == TypeId::kChar) {
      return LogicalType::Char(std::max(a.length(), b.length()));
    }
    return LogicalType::VarChar(std::max(a.length(), b.length()));
  }
  if (a.is_binary() && b.is_binary()) {
    return LogicalType::VarBinary(std::max(a.length(), b.length()));
  }
  bool ta = IsTimestampLike(a.id()) || a.id() == TypeId::kDate;
  bool tb = IsTimestampLike(b.id()) || b.id() == TypeId::kDate;
  if (ta && tb) {
    int32_t p = std::max(a.id() == TypeId::kDate ? 0 : a.precision(),
                         b.id() == TypeId::kDate ? 0 : b.precision());
    if (a.id() == TypeId::kTimestampLtz && b.id() == TypeId::kTimestampLtz) {
      return LogicalType::TimestampLtz(p);
    }
    return LogicalType::Timestamp(p);
  }
  if (a.id() == b.id() && a.id() == TypeId::kTime) {
    return LogicalType::Time(std::max(a.precision(), b.precision()));
  }
  if (a.id() == b.id() &&
      (a.id() == TypeId::kIntervalDayTime || a.id() == TypeId::kIntervalYearMonth)) {
    return a;
  }
  return std::nullopt;
}

}  // namespace

std::optional<LogicalType> CommonType(const std::vector<LogicalType>& types) {
  if (types.empty()) return std::nullopt;
  bool nullable = false;
  std::optional<LogicalType> acc = types[0];
  for (const LogicalType& t : types) nullable = nullable || t.nullable();
  for (size_t i = 1; i < types.size() && acc; ++i) acc = CommonPair(*acc, types[i]);
  if (!acc) return std::nullopt;
  return acc->WithNullable(nullable);
}

std::optional<LogicalType> ComparisonType(const LogicalType& a, const LogicalType& b) {
  bool nullable = a.nullable() || b.nullable();
  auto common = CommonPair(a, b);
  if (common) return common->WithNullable(nullable);
  auto coercible = [](const LogicalType& t) {
    return t.is_numeric() || t.id() == TypeId::kBoolean || t.id() == TypeId::kDate ||
           t.id() == TypeId::kTime || IsTimestampLike(t.id());
  };
  if (a.is_string() && coercible(b)) return b.WithNullable(nullable);
  if (b.is_string() && coercible(a)) return a.WithNullable(nullable);
  return std::nullopt;
}

bool ImplicitCastAllowed(const LogicalType& from, const LogicalType& to) {
  if (from.id() == TypeId::kNull) return true;
  if (from.EqualsIgnoringNullability(to)) return true;
  int rf = NumericRank(from.id()), rt = NumericRank(to.id());
  if (rf > 0 && rt > 0) {
    if (rf > rt) return false;
    if (to.id() == TypeId::kDecimal) {
      LogicalType df = DecimalOfInteger(from);
      if (df.id() != TypeId::kDecimal) return false;
      return df.scale() <= to.scale() && df.precision() - df.scale() <= to.precision() - to.scale();
    }
    return true;
  }
  if (from.is_string() && to.is_string()) return true;
  if (from.is_binary() && to.is_binary()) return true;
  if (from.id() == TypeId::kDate && IsTimestampLike(to.id())) return true;
  if (IsTimestampLike(from.id()) && IsTimestampLike(to.id())) return true;
  if (from.id() == TypeId::kTime && to.id() == TypeId::kTime) return true;
  return false;
}

bool ExplicitCastSupported(const LogicalType& from, const LogicalType& to) {
  if (from.id() == TypeId::kNull) return true;
  if (from.EqualsIgnoringNullability(to)) return true;
  auto scalar = [](const LogicalType& t) {
    return t.is_numeric() || t.id() == TypeId::kBoolean || t.is_string() || t.is_binary() ||
           t.id() == TypeId::kDate || t.id() == TypeId::kTime || IsTimestampLike(t.id());
  };
  const bool interval =
      from.id() == TypeId::kIntervalDayTime || from.id() == TypeId::kIntervalYearMonth;
  if (interval && to.is_string()) return true;  // "+1 02:00:00.000", "+1-02"
  if (!scalar(from) || !scalar(to)) return false;
  if (from.is_string() || to.is_string()) return true;
  if (from.is_binary() || to.is_binary()) return from.is_binary() && to.is_binary();
  bool num_f = from.is_numeric() || from.id() == TypeId::kBoolean;
  bool num_t = to.is_numeric() || to.id() == TypeId::kBoolean;
  if (num_f && num_t) return true;
  bool temp_f = !num_f, temp_t = !num_t;
  if (temp_f && temp_t) {
    if (from.id() == TypeId::kDate) return to.id() != TypeId::kTime;
    if (from.id() == TypeId::kTime) return to.id() == TypeId::kTime;
    return true;  // timestamps to DATE, TIME, timestamps
  }
  // numeric <-> timestamp (epoch seconds) as Flink allows for TIMESTAMP_LTZ only.
  return (from.is_integer() && to.id() == TypeId::kTimestampLtz) ||
         (from.id() == TypeId::kTimestampLtz && to.is_integer());
}

}  // namespace weir::sql
