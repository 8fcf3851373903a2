// CAST and TRY_CAST kernels: numeric, boolean, string, binary, DECIMAL and temporal conversions.
#include "weir/sql/functions/cast_functions.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <string>

#include "weir/common/batch/batch_text.h"
#include "weir/common/batch/java_format.h"
#include "weir/sql/functions/decimal_ops.h"
#include "weir/sql/functions/kernel_loops.h"
#include "weir/sql/functions/temporal_format.h"
#include "weir/sql/functions/time_zone.h"
#include "weir/sql/functions/type_inference.h"

namespace weir::sql {

namespace {

bool IsFixedNumeric(const LogicalType& t) { return t.is_numeric() || t.id() == TypeId::kBoolean; }

bool IsTemporal(const LogicalType& t) {
  switch (t.id()) {
    case TypeId::kDate:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestampLtz:
      return true;
    default:
      return false;
  }
}

Status CastError(std::string_view value_text, const LogicalType& from, const LogicalType& to) {
  return Status::Invalid("Cannot cast '", value_text, "' of type ",
                         from.WithNullable(true).ToString(), " to type ",
                         to.WithNullable(true).ToString());
}

// Converts a numeric storage value to another storage type with Flink's rules. Returns false
// when the value has no representation (DECIMAL overflow, NaN to DECIMAL).
template <typename S, typename D>
bool ConvertNumeric(S v, int32_t from_scale, const LogicalType& to, bool from_bool, D* out) {
  constexpr bool kSrcDec = std::is_same_v<S, __int128>;
  constexpr bool kDstDec = std::is_same_v<D, __int128>;
  constexpr bool kSrcFloat = std::is_floating_point_v<S>;
  constexpr bool kDstFloat = std::is_floating_point_v<D>;
  if (to.id() == TypeId::kBoolean) {
    *out = static_cast<D>(v != S{0});
    return true;
  }
  if (from_bool) {
    if constexpr (kDstDec) {
      __int128 r;
      if (!RescaleDecimal(v ? 1 : 0, 0, to.scale(), &r) || !FitsDecimal(r, to.precision())) {
        return false;
      }
      *out = r;
    } else {
      *out = static_cast<D>(v ? 1 : 0);
    }
    return true;
  }
  if constexpr (kDstDec) {
    if constexpr (kSrcDec) {
      __int128 r;
      if (!RescaleDecimal(v, from_scale, to.scale(), &r)) return false;
      *out = r;
      return FitsDecimal(r, to.precision());
    } else if constexpr (kSrcFloat) {
      if (!std::isfinite(static_cast<double>(v))) return false;
      std::string text;
      if constexpr (std::is_same_v<S, float>) {
        java::AppendFloat(text, v);
      } else {
        java::AppendDouble(text, v);
      }
      auto d = Decimal128::Parse(text, to.precision(), to.scale());
      if (!d.ok()) return false;
      *out = d->value();
      return true;
    } else {
      __int128 r;
      if (!RescaleDecimal(static_cast<__int128>(v), 0, to.scale(), &r)) return false;
      *out = r;
      return FitsDecimal(r, to.precision());
    }
  } else if constexpr (kDstFloat) {
    if constexpr (kSrcDec) {
      *out =
          static_cast<D>(static_cast<double>(v) / std::pow(10.0, static_cast<double>(from_scale)));
    } else {
      *out = static_cast<D>(v);
    }
    return true;
  } else {  // integral target
    int64_t wide;
    if constexpr (kSrcDec) {
      __int128 q = v / Decimal128::PowerOfTen(from_scale);  // truncates like longValue()
      wide = static_cast<int64_t>(static_cast<uint64_t>(q));
    } else if constexpr (kSrcFloat) {
      // Java narrows floating point to int/long by saturating (NaN -> 0); byte and short go
      // through int first.
      double d = static_cast<double>(v);
      if (std::isnan(d)) {
        wide = 0;
      } else if (sizeof(D) == 8) {
        wide = d >= 9.223372036854775807e18    ? std::numeric_limits<int64_t>::max()
               : d <= -9.223372036854775808e18 ? std::numeric_limits<int64_t>::min()
                                               : static_cast<int64_t>(d);
      } else {
        wide = d >= 2147483647.0    ? 2147483647
               : d <= -2147483648.0 ? -2147483648LL
                                    : static_cast<int64_t>(d);
      }
    } else {
      wide = static_cast<int64_t>(v);
    }
    *out = static_cast<D>(wide);  // wraps like Java's narrowing conversions
    return true;
  }
}

Result<ColumnPtr> CastNumeric(const EvalContext& ctx, const Datum& in, int64_t n,
                              const LogicalType& to, bool is_try) {
  const LogicalType& from = in.type();
  bool from_bool = from.id() == TypeId::kBoolean;
  int32_t from_scale = from.id() == TypeId::kDecimal ? from.scale() : 0;
  LogicalType out_type = to.WithNullable(true);
  auto run = [&](auto src_tag, auto dst_tag) -> Result<ColumnPtr> {
    using S = decltype(src_tag);
    using D = decltype(dst_tag);
    WEIR_ASSIGN_OR_RAISE(auto validity, CopyValidity(in, n, ctx.pool));
    bool to_bool = to.id() == TypeId::kBoolean;
    std::vector<uint8_t> bool_bytes(to_bool ? static_cast<size_t>(n) : 0);
    WEIR_ASSIGN_OR_RAISE(auto values, AllocateValues<D>(n, ctx.pool));
    D* out = values->template mutable_data_as<D>();
    std::vector<uint8_t> ok(static_cast<size_t>(n), 1);
    bool any_failed = false;
    for (int64_t i = 0; i < n; ++i) {
      int64_t row = in.scalar ? 0 : i;
      S v;
      if (from_bool) {
        v = static_cast<S>(in.column->BoolValue(row));
      } else {
        v = in.column->values<S>()[row];
      }
      D r{};
      if (!ConvertNumeric<S, D>(v, from_scale, to, from_bool, &r)) {
        if (!in.column->IsNull(row)) {
          if (!is_try && std::is_floating_point_v<S> && to.id() == TypeId::kDecimal) {
            std::string text;
            AppendValueText(text, *in.column, row);
            return CastError(text, from, to);
          }
          ok[static_cast<size_t>(i)] = 0;
          any_failed = true;
        }
      }
      if (to_bool) {
        bool_bytes[static_cast<size_t>(i)] = r != D{0};
      } else {
        out[i] = r;
      }
    }
    if (any_failed) {
      if (!validity) {
        WEIR_ASSIGN_OR_RAISE(validity, AllocateBits(n, ctx.pool));
        std::memset(validity->mutable_data(), 0xFF, static_cast<size_t>(bits::BytesForBits(n)));
      }
      for (int64_t i = 0; i < n; ++i) {
        if (!ok[static_cast<size_t>(i)]) bits::ClearBit(validity->mutable_data(), i);
      }
    }
    if (to_bool) {
      WEIR_ASSIGN_OR_RAISE(auto b, AllocateBits(n, ctx.pool));
      PackBytes(bool_bytes.data(), n, b->mutable_data());
      return MakeBooleanColumn(out_type, n, b, validity);
    }
    return MakeFixedColumn(out_type, n, values, validity);
  };
  auto src_dispatch = [&](auto dst_tag) {
    if (from_bool) return run(int8_t{}, dst_tag);
    return DispatchFixed(from.id(), [&](auto src_tag) { return run(src_tag, dst_tag); });
  };
  if (to.id() == TypeId::kBoolean) return src_dispatch(int8_t{});
  return DispatchFixed(to.id(), [&](auto dst_tag) { return src_dispatch(dst_tag); });
}

// ---- to string ----

// Appends an interval as CAST(... AS STRING) prints it: year-month as "+Y-MM", day-time as
// "+D HH:MM:SS.fff" (whatever the interval's own resolution).
void AppendIntervalText(std::string& out, const ColumnVector& col, int64_t row) {
  const bool months = col.type().id() == TypeId::kIntervalYearMonth;
  const int64_t v = months ? col.Value<int32_t>(row) : col.Value<int64_t>(row);
  out += v < 0 ? '-' : '+';
  // The magnitude as unsigned, so INT64_MIN does not overflow.
  uint64_t m = v < 0 ? uint64_t{0} - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  auto two = [&out](uint64_t x) {
    out += static_cast<char>('0' + x / 10);
    out += static_cast<char>('0' + x % 10);
  };
  if (months) {
    out += std::to_string(m / 12);
    out += '-';
    two(m % 12);
    return;
  }
  const uint64_t millis = m % 1000;
  m /= 1000;
  const uint64_t seconds = m % 60, minutes = m / 60 % 60, hours = m / 3600 % 24;
  out += std::to_string(m / 86400);
  out += ' ';
  two(hours);
  out += ':';
  two(minutes);
  out += ':';
  two(seconds);
  out += '.';
  out += static_cast<char>('0' + millis / 100);
  two(millis % 100);
}

// Appends the text form Flink's CAST(... AS STRING) produces for row `row`.
void AppendCastText(std::string& out, const ColumnVector& col, int64_t row,
                    const EvalContext& ctx) {
  const LogicalType& t = col.type();
  switch (t.id()) {
    case TypeId::kBoolean:
      out += col.BoolValue(row) ? "TRUE" : "FALSE";
      return;
    case TypeId::kTinyInt:
      out += std::to_string(col.Value<int8_t>(row));
      return;
    case TypeId::kSmallInt:
      out += std::to_string(col.Value<int16_t>(row));
      return;
    case TypeId::kInt:
      out += std::to_string(col.Value<int32_t>(row));
      return;
    case TypeId::kBigInt:
      out += std::to_string(col.Value<int64_t>(row));
      return;
    case TypeId::kFloat:
      java::AppendFloat(out, col.Value<float>(row));
      return;
    case TypeId::kDouble:
      java::AppendDouble(out, col.Value<double>(row));
      return;
    case TypeId::kDecimal:
      out += col.DecimalValue(row).ToPlainString(t.scale());
      return;
    case TypeId::kChar:
    case TypeId::kVarChar:
    case TypeId::kBinary:
    case TypeId::kVarBinary:
      out += col.StringValue(row);
      return;
    case TypeId::kDate:
      java::AppendLocalDate(out, col.Value<int32_t>(row));
      return;
    case TypeId::kTime:
      AppendTimeText(out, col.Value<int64_t>(row), t.precision());
      return;
    case TypeId::kTimestamp:
      AppendTimestampText(out, col.Value<int64_t>(row), t.precision());
      return;
    case TypeId::kIntervalYearMonth:
    case TypeId::kIntervalDayTime:
      AppendIntervalText(out, col, row);
      return;
    case TypeId::kTimestampLtz: {
      int64_t v = col.Value<int64_t>(row);
      int64_t units = UnitsPerSecond(TimestampUnit(t.precision()));
      int64_t secs = v / units - (v % units < 0 ? 1 : 0);
      int64_t shift = CachedSessionZone(ctx.time_zone).OffsetAt(secs) * units;
      AppendTimestampText(out, v + shift, t.precision());
      return;
    }
    default:
      AppendValueText(out, col, row);
      return;
  }
}

// Counts UTF-8 code points.
int64_t CodePoints(std::string_view s) {
  int64_t n = 0;
  for (char c : s) n += (static_cast<uint8_t>(c) & 0xC0) != 0x80;
  return n;
}

// Truncates to `len` code points; CHAR pads with spaces.
void FitLength(std::string& s, const LogicalType& to) {
  if (to.length() >= LogicalType::kMaxLength) return;
  int64_t len = to.length();
  if (to.is_binary()) {
    if (static_cast<int64_t>(s.size()) > len) s.resize(static_cast<size_t>(len));
    if (to.id() == TypeId::kBinary) s.resize(static_cast<size_t>(len), '\0');
    return;
  }
  int64_t cps = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<uint8_t>(s[i]) & 0xC0) != 0x80) {
      if (cps == len) {
        s.resize(i);
        break;
      }
      ++cps;
    }
  }
  if (to.id() == TypeId::kChar) {
    int64_t have = CodePoints(s);
    if (have < len) s.append(static_cast<size_t>(len - have), ' ');
  }
}

Result<ColumnPtr> CastToString(const EvalContext& ctx, const Datum& in, int64_t n,
                               const LogicalType& to) {
  StringBuilder b(to.WithNullable(true), ctx.pool);
  WEIR_RETURN_NOT_OK(b.Reserve(n));
  std::string scratch;
  bool fit = to.length() < LogicalType::kMaxLength;
  for (int64_t i = 0; i < n; ++i) {
    int64_t row = in.scalar ? 0 : i;
    if (in.column->IsNull(row)) {
      WEIR_RETURN_NOT_OK(b.AppendNull());
      continue;
    }
    scratch.clear();
    AppendCastText(scratch, *in.column, row, ctx);
    if (fit) FitLength(scratch, to);
    WEIR_RETURN_NOT_OK(b.Append(scratch));
  }
  return b.Finish();
}

// ---- from string ----

std::string_view Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && static_cast<uint8_t>(s[b]) <= ' ') ++b;
  while (e > b && static_cast<uint8_t>(s[e - 1]) <= ' ') --e;
  return s.substr(b, e - b);
}

// Parses an integer as Flink's BinaryStringDataUtil does: optional sign, digits, and an
// optional fraction of digits that is dropped; fails on overflow of int64 or other text.
std::optional<int64_t> ParseInteger(std::string_view s, int64_t min, int64_t max) {
  if (s.empty()) return std::nullopt;
  size_t i = 0;
  bool neg = false;
  if (s[0] == '+' || s[0] == '-') {
    neg = s[0] == '-';
    ++i;
  }
  if (i >= s.size()) return std::nullopt;
  __int128 v = 0;
  bool digits = false;
  for (; i < s.size() && s[i] != '.'; ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    v = v * 10 + (s[i] - '0');
    digits = true;
    if (v > static_cast<__int128>(max) + 1) return std::nullopt;
  }
  if (i < s.size()) {  // fraction
    for (++i; i < s.size(); ++i) {
      if (s[i] < '0' || s[i] > '9') return std::nullopt;
    }
  }
  if (!digits) return std::nullopt;
  if (neg) v = -v;
  if (v < min || v > max) return std::nullopt;
  return static_cast<int64_t>(v);
}

std::optional<double> ParseDouble(std::string_view s) {
  if (s == "NaN") return std::numeric_limits<double>::quiet_NaN();
  if (s == "Infinity" || s == "+Infinity") return std::numeric_limits<double>::infinity();
  if (s == "-Infinity") return -std::numeric_limits<double>::infinity();
  if (!s.empty() && (s.back() == 'd' || s.back() == 'D' || s.back() == 'f' || s.back() == 'F')) {
    s.remove_suffix(1);
  }
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  double v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

std::optional<bool> ParseBool(std::string_view s) {
  std::string l(s);
  for (char& c : l) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (l == "true" || l == "t" || l == "yes" || l == "y" || l == "1") return true;
  if (l == "false" || l == "f" || l == "no" || l == "n" || l == "0") return false;
  return std::nullopt;
}

// Parses one trimmed string into the storage of a fixed-width `to` type (as int128/double).
// kInvalid: text is malformed (CAST error); kNull: valid text that does not fit (NULL).
enum class ParseOutcome { kOk, kInvalid, kNull };

struct Parsed {
  __int128 i = 0;
  double d = 0;
};

ParseOutcome ParseFixed(std::string_view raw, const LogicalType& to, const EvalContext& ctx,
                        Parsed* out) {
  std::string_view s = Trim(raw);
  switch (to.id()) {
    case TypeId::kBoolean: {
      auto b = ParseBool(s);
      if (!b) return ParseOutcome::kInvalid;
      out->i = *b;
      return ParseOutcome::kOk;
    }
    case TypeId::kTinyInt:
    case TypeId::kSmallInt:
    case TypeId::kInt:
    case TypeId::kBigInt: {
      int64_t max = to.id() == TypeId::kTinyInt    ? 127
                    : to.id() == TypeId::kSmallInt ? 32767
                    : to.id() == TypeId::kInt      ? 2147483647
                                                   : std::numeric_limits<int64_t>::max();
      auto v = ParseInteger(s, -max - 1, max);
      if (!v) return ParseOutcome::kInvalid;
      out->i = *v;
      return ParseOutcome::kOk;
    }
    case TypeId::kFloat:
    case TypeId::kDouble: {
      auto v = ParseDouble(s);
      if (!v) return ParseOutcome::kInvalid;
      out->d = *v;
      return ParseOutcome::kOk;
    }
    case TypeId::kDecimal: {
      auto wide = Decimal128::Parse(s, 38, std::min(to.scale(), 38));
      if (!wide.ok()) {
        // Distinguish malformed text from a value too large for any decimal.
        return ParseDouble(s) ? ParseOutcome::kNull : ParseOutcome::kInvalid;
      }
      if (!FitsDecimal(wide->value(), to.precision())) return ParseOutcome::kNull;
      out->i = wide->value();
      return ParseOutcome::kOk;
    }
    case TypeId::kDate: {
      auto d = java::ParseLocalDate(s);
      if (!d) {
        auto ts = java::ParseLocalDateTime(s);
        if (!ts) return ParseOutcome::kInvalid;
        d = ts->seconds >= 0 ? ts->seconds / 86400 : -((-ts->seconds + 86399) / 86400);
      }
      out->i = *d;
      return ParseOutcome::kOk;
    }
    case TypeId::kTime: {
      auto t = java::ParseLocalTime(s);
      if (!t) return ParseOutcome::kInvalid;
      out->i = TruncateNanos(*t, to.precision());
      return ParseOutcome::kOk;
    }
    case TypeId::kTimestamp:
    case TypeId::kTimestampLtz: {
      auto ts = java::ParseLocalDateTime(s);
      if (!ts) {
        auto d = java::ParseLocalDate(s);
        if (!d) return ParseOutcome::kInvalid;
        ts = java::EpochTime{*d * 86400, 0};
      }
      int64_t units = UnitsPerSecond(TimestampUnit(to.precision()));
      int64_t sub = TruncateNanos(ts->nano, to.precision()) / (1000000000 / units);
      int64_t v = ts->seconds * units + sub;
      if (to.id() == TypeId::kTimestampLtz) {
        v -= CachedSessionZone(ctx.time_zone).OffsetOfLocal(ts->seconds) * units;
      }
      out->i = v;
      return ParseOutcome::kOk;
    }
    default:
      return ParseOutcome::kInvalid;
  }
}

Result<ColumnPtr> CastFromString(const EvalContext& ctx, const Datum& in, int64_t n,
                                 const LogicalType& to, bool is_try) {
  LogicalType out_type = to.WithNullable(true);
  if (to.is_binary()) {
    StringBuilder b(out_type, ctx.pool);
    std::string scratch;
    for (int64_t i = 0; i < n; ++i) {
      int64_t row = in.scalar ? 0 : i;
      if (in.column->IsNull(row)) {
        WEIR_RETURN_NOT_OK(b.AppendNull());
        continue;
      }
      scratch.assign(in.column->StringValue(row));
      FitLength(scratch, to);
      WEIR_RETURN_NOT_OK(b.Append(scratch));
    }
    return b.Finish();
  }
  WEIR_ASSIGN_OR_RAISE(auto builder, ColumnBuilder::Make(out_type, ctx.pool));
  WEIR_RETURN_NOT_OK(builder->Reserve(n));
  for (int64_t i = 0; i < n; ++i) {
    int64_t row = in.scalar ? 0 : i;
    if (in.column->IsNull(row)) {
      WEIR_RETURN_NOT_OK(builder->AppendNull());
      continue;
    }
    std::string_view text = in.column->StringValue(row);
    Parsed p;
    ParseOutcome o = ParseFixed(text, to, ctx, &p);
    if (o == ParseOutcome::kInvalid && !is_try) return CastError(text, in.type(), to);
    if (o != ParseOutcome::kOk) {
      WEIR_RETURN_NOT_OK(builder->AppendNull());
      continue;
    }
    Value v;
    switch (to.id()) {
      case TypeId::kBoolean:
        v = Value(p.i != 0);
        break;
      case TypeId::kFloat:
      case TypeId::kDouble:
        v = Value(p.d);
        break;
      case TypeId::kDecimal:
        v = Value(Decimal128(p.i));
        break;
      default:
        v = Value(static_cast<int64_t>(p.i));
        break;
    }
    WEIR_RETURN_NOT_OK(builder->AppendValue(v));
  }
  return builder->Finish();
}

// ---- temporal ----

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

// Casts between TIMESTAMP_LTZ and local types in a session zone whose offset varies.
Result<ColumnPtr> CastTemporalInZone(const EvalContext& ctx, const Datum& in, int64_t n,
                                     const LogicalType& to, const TimeZone& tz) {
  const LogicalType& from = in.type();
  LogicalType out_type = to.WithNullable(true);
  auto units_of = [](const LogicalType& t) {
    return t.id() == TypeId::kDate ? int64_t{1} : UnitsPerSecond(TimestampUnit(t.precision()));
  };
  const TimeZone* zone = &tz;
  if (from.id() == TypeId::kDate && to.id() == TypeId::kTimestampLtz) {
    int64_t u = units_of(to);
    return UnaryLoop<int32_t, int64_t>(ctx, in, n, out_type, [=](int32_t d) {
      int64_t local = static_cast<int64_t>(d) * 86400;
      return (local - zone->OffsetOfLocal(local)) * u;
    });
  }
  if (from.id() == TypeId::kTimestamp && to.id() == TypeId::kTimestampLtz) {
    int64_t fu = units_of(from), tu = units_of(to);
    int32_t p = to.precision();
    return UnaryLoop<int64_t, int64_t>(ctx, in, n, out_type, [=](int64_t v) {
      int64_t secs = FloorDiv(v, fu);
      int64_t frac = TruncateNanos((v - secs * fu) * (1000000000 / fu), p);
      return (secs - zone->OffsetOfLocal(secs)) * tu + frac / (1000000000 / tu);
    });
  }
  if (from.id() == TypeId::kTimestampLtz &&
      (to.id() == TypeId::kTimestamp || to.id() == TypeId::kDate || to.id() == TypeId::kTime)) {
    int64_t fu = units_of(from);
    TypeId target = to.id();
    int64_t tu = target == TypeId::kTimestamp ? units_of(to) : 1;
    int32_t p = to.precision();
    if (target == TypeId::kDate) {
      return UnaryLoop<int64_t, int32_t>(ctx, in, n, out_type, [=](int64_t v) {
        int64_t secs = FloorDiv(v, fu);
        return static_cast<int32_t>(FloorDiv(secs + zone->OffsetAt(secs), 86400));
      });
    }
    return UnaryLoop<int64_t, int64_t>(ctx, in, n, out_type, [=](int64_t v) {
      int64_t secs = FloorDiv(v, fu);
      int64_t frac = TruncateNanos((v - secs * fu) * (1000000000 / fu), p);
      int64_t local = secs + zone->OffsetAt(secs);
      if (target == TypeId::kTime)
        return (local - FloorDiv(local, 86400) * 86400) * 1000000000 + frac;
      return local * tu + frac / (1000000000 / tu);
    });
  }
  return Status::NotSupported("CAST from ", from.ToString(), " to ", to.ToString(),
                              " in time zone ", tz.name());
}

Result<ColumnPtr> CastTemporal(const EvalContext& ctx, const Datum& in, int64_t n,
                               const LogicalType& to) {
  const LogicalType& from = in.type();
  LogicalType out_type = to.WithNullable(true);
  auto tz = SessionZone(ctx.time_zone);
  bool shifts = (from.id() == TypeId::kTimestampLtz) != (to.id() == TypeId::kTimestampLtz);
  if (!tz->is_fixed() && shifts) return CastTemporalInZone(ctx, in, n, to, *tz);
  int64_t zone = tz->OffsetAt(0);
  auto ts_units = [](const LogicalType& t) { return UnitsPerSecond(TimestampUnit(t.precision())); };
  auto is_ts = [](const LogicalType& t) {
    return t.id() == TypeId::kTimestamp || t.id() == TypeId::kTimestampLtz;
  };
  if (from.id() == TypeId::kDate && is_ts(to)) {
    int64_t u = ts_units(to);
    int64_t shift = to.id() == TypeId::kTimestampLtz ? zone : 0;
    return UnaryLoop<int32_t, int64_t>(ctx, in, n, out_type, [=](int32_t d) {
      return (static_cast<int64_t>(d) * 86400 - shift) * u;
    });
  }
  if (is_ts(from) && (is_ts(to) || to.id() == TypeId::kDate || to.id() == TypeId::kTime)) {
    int64_t fu = ts_units(from);
    int64_t shift = 0;
    if (from.id() == TypeId::kTimestampLtz && to.id() != TypeId::kTimestampLtz) shift = zone;
    if (from.id() != TypeId::kTimestampLtz && to.id() == TypeId::kTimestampLtz) shift = -zone;
    if (to.id() == TypeId::kDate) {
      return UnaryLoop<int64_t, int32_t>(ctx, in, n, out_type, [=](int64_t v) {
        return static_cast<int32_t>(FloorDiv(v + shift * fu, fu * 86400));
      });
    }
    if (to.id() == TypeId::kTime) {
      int32_t p = to.precision();
      return UnaryLoop<int64_t, int64_t>(ctx, in, n, out_type, [=](int64_t v) {
        int64_t local = v + shift * fu;
        int64_t of_day = local - FloorDiv(local, fu * 86400) * fu * 86400;
        return TruncateNanos(of_day * (1000000000 / fu), p);
      });
    }
    int64_t tu = ts_units(to);
    int32_t p = to.precision();
    return UnaryLoop<int64_t, int64_t>(ctx, in, n, out_type, [=](int64_t v) {
      int64_t secs = FloorDiv(v, fu);
      int64_t frac_nanos = (v - secs * fu) * (1000000000 / fu);
      frac_nanos = TruncateNanos(frac_nanos, p);
      return (secs + shift) * tu + frac_nanos / (1000000000 / tu);
    });
  }
  if (from.id() == TypeId::kTime && to.id() == TypeId::kTime) {
    int32_t p = to.precision();
    return UnaryLoop<int64_t, int64_t>(ctx, in, n, out_type,
                                       [=](int64_t v) { return TruncateNanos(v, p); });
  }
  if (from.id() == TypeId::kDate && to.id() == TypeId::kDate) return Materialize(in, n, ctx.pool);
  // Integral seconds <-> TIMESTAMP_LTZ.
  if (from.is_integer() && to.id() == TypeId::kTimestampLtz) {
    int64_t u = ts_units(to);
    return DispatchFixed(from.id(), [&](auto tag) {
      using S = decltype(tag);
      return UnaryLoop<S, int64_t>(ctx, in, n, out_type,
                                   [=](S v) { return static_cast<int64_t>(v) * u; });
    });
  }
  if (from.id() == TypeId::kTimestampLtz && to.is_integer()) {
    int64_t u = ts_units(from);
    return DispatchFixed(to.id(), [&](auto tag) {
      using D = decltype(tag);
      return UnaryLoop<int64_t, D>(ctx, in, n, out_type,
                                   [=](int64_t v) { return static_cast<D>(FloorDiv(v, u)); });
    });
  }
  return Status::NotSupported("CAST from ", from.ToString(), " to ", to.ToString());
}

}  // namespace

Result<ColumnPtr> CastColumn(const EvalContext& ctx, const Datum& in, int64_t n,
                             const LogicalType& target, bool is_try) {
  const LogicalType& from = in.type();
  if (from.id() == TypeId::kNull) {
    return ColumnVector::MakeNulls(target.WithNullable(true), n, ctx.pool);
  }
  if (!ExplicitCastSupported(from, target)) {
    return Status::NotSupported("CAST from ", from.ToString(), " to ", target.ToString(),
                                " is not supported");
  }
  bool same_shape = from.EqualsIgnoringNullability(target);
  if (same_shape || (from.is_string() && target.id() == TypeId::kVarChar &&
                     target.length() == LogicalType::kMaxLength)) {
    WEIR_ASSIGN_OR_RAISE(ColumnPtr col, Materialize(in, n, ctx.pool));
    if (col->type() == target) return col;
    // Relabel the type (buffers are shared).
    return std::make_shared<ColumnVector>(target.WithNullable(true), col->length(), col->buffers(),
                                          col->children(), ColumnVector::kUnknownNullCount,
                                          col->offset());
  }
  if (target.is_string()) return CastToString(ctx, in, n, target);
  if (from.is_string()) return CastFromString(ctx, in, n, target, is_try);
  if (from.is_binary() && target.is_binary()) return CastFromString(ctx, in, n, target, is_try);
  if (IsFixedNumeric(from) && IsFixedNumeric(target)) {
    return CastNumeric(ctx, in, n, target, is_try);
  }
  if (IsTemporal(from) || IsTemporal(target)) return CastTemporal(ctx, in, n, target);
  return Status::NotSupported("CAST from ", from.ToString(), " to ", target.ToString());
}

Result<Value> CastValue(const Value& value, const LogicalType& from, const LogicalType& to,
                        bool is_try) {
  if (value.is_null()) return Value();
  EvalContext ctx;
  WEIR_ASSIGN_OR_RAISE(ColumnPtr col, MakeScalarColumn(from, value, nullptr));
  WEIR_ASSIGN_OR_RAISE(ColumnPtr out, CastColumn(ctx, Datum{col, true}, 1, to, is_try));
  return ValueAt(*out, 0);
}

}  // namespace weir::sql
