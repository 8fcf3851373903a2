// Decimal128: parsing with HALF_UP rounding, precision checks and Java BigDecimal text forms.
#include "weir/common/types/decimal.h"

#include <algorithm>

#include "weir/common/check.h"

namespace weir {

namespace {

using Uint128 = unsigned __int128;

constexpr int kMaxPrecision = 38;

constexpr Uint128 ComputePowerOfTen(int n) {
  Uint128 v = 1;
  for (int i = 0; i < n; ++i) v *= 10;
  return v;
}

struct PowersOfTen {
  Uint128 values[kMaxPrecision + 1];
  constexpr PowersOfTen() : values() {
    for (int i = 0; i <= kMaxPrecision; ++i) values[i] = ComputePowerOfTen(i);
  }
};

constexpr PowersOfTen kPowers;

// |v| without overflow, also for the most negative value.
Uint128 Magnitude(__int128 v) {
  return v < 0 ? static_cast<Uint128>(-(v + 1)) + 1 : static_cast<Uint128>(v);
}

// Decimal digits of `v` (at least "0").
std::string Digits(Uint128 v) {
  char buf[48];
  int n = 0;
  do {
    buf[n++] = static_cast<char>('0' + static_cast<int>(v % 10));
    v /= 10;
  } while (v != 0);
  std::string out(n, '0');
  for (int i = 0; i < n; ++i) out[i] = buf[n - 1 - i];
  return out;
}

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

__int128 Decimal128::PowerOfTen(int n) {
  WEIR_CHECK_MSG(n >= 0 && n <= kMaxPrecision, "10^", n, " does not fit a Decimal128");
  return static_cast<__int128>(kPowers.values[n]);
}

bool Decimal128::FitsPrecision(int32_t precision) const {
  if (precision <= 0) return value_ == 0;
  if (precision > kMaxPrecision) return true;  // every int128 has at most 39 digits
  return Magnitude(value_) < kPowers.values[precision];
}

Result<Decimal128> Decimal128::Parse(std::string_view text, int32_t precision, int32_t scale) {
  if (precision < 1 || precision > kMaxPrecision || scale < 0 || scale > precision) {
    return Status::Invalid("Invalid DECIMAL type for a literal: DECIMAL(", precision, ", ", scale,
                           ")");
  }
  auto malformed = [&] { return Status::Invalid("Invalid DECIMAL literal: '", text, "'"); };
  const std::string_view s = Trim(text);
  size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    negative = s[i] == '-';
    ++i;
  }
  // Significant digits without leading zeros; the value is digits * 10^(exponent - fraction).
  std::string digits;
  int64_t fraction_digits = 0;
  bool any_digit = false;
  bool seen_point = false;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (c >= '0' && c <= '9') {
      any_digit = true;
      if (seen_point) ++fraction_digits;
      if (!digits.empty() || c != '0') digits.push_back(c);
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else {
      break;
    }
  }
  if (!any_digit) return malformed();
  int64_t exponent = 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool exponent_negative = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
      exponent_negative = s[i] == '-';
      ++i;
    }
    bool any_exponent_digit = false;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
      any_exponent_digit = true;
      // Saturate: anything this large over- or underflows every DECIMAL anyway.
      if (exponent < 1'000'000'000'000LL) exponent = exponent * 10 + (s[i] - '0');
    }
    if (!any_exponent_digit) return malformed();
    if (exponent_negative) exponent = -exponent;
  }
  if (i != s.size()) return malformed();
  if (digits.empty()) return Decimal128(0);

  auto overflow = [&] {
    return Status::Invalid("DECIMAL literal does not fit DECIMAL(", precision, ", ", scale,
                           "): '", text, "'");
  };
  const int64_t num_digits = static_cast<int64_t>(digits.size());
  // Digits of the unscaled result = digits * 10^shift.
  const int64_t shift = exponent - fraction_digits + scale;
  Uint128 magnitude = 0;
  if (shift >= 0) {
    if (num_digits + shift > precision) return overflow();
    for (char c : digits) magnitude = magnitude * 10 + static_cast<unsigned>(c - '0');
    magnitude *= kPowers.values[shift];
  } else {
    const int64_t keep = num_digits + shift;  // digits left of the rounding position
    if (keep < 0) return Decimal128(0);
    if (keep > precision) return overflow();
    for (int64_t k = 0; k < keep; ++k) {
      magnitude = magnitude * 10 + static_cast<unsigned>(digits[k] - '0');
    }
    if (digits[keep] >= '5') ++magnitude;  // HALF_UP: ties go away from zero
    if (magnitude >= kPowers.values[precision]) return overflow();
  }
  const __int128 value = static_cast<__int128>(magnitude);
  return Decimal128(negative ? -value : value);
}

std::string Decimal128::ToPlainString(int32_t scale) const {
  std::string coefficient = Digits(Magnitude(value_));
  std::string out;
  if (value_ < 0) out.push_back('-');
  if (scale <= 0) {
    out += coefficient;
    if (value_ != 0) out.append(static_cast<size_t>(-static_cast<int64_t>(scale)), '0');
    return out;
  }
  const size_t s = static_cast<size_t>(scale);
  if (coefficient.size() <= s) {
    out += "0.";
    out.append(s - coefficient.size(), '0');
    out += coefficient;
  } else {
    out.append(coefficient, 0, coefficient.size() - s);
    out.push_back('.');
    out.append(coefficient, coefficient.size() - s, s);
  }
  return out;
}

std::string Decimal128::ToString(int32_t scale) const {
  // java.math.BigDecimal#toString: plain when scale >= 0 and the adjusted exponent >= -6.
  const std::string coefficient = Digits(Magnitude(value_));
  const int64_t adjusted =
      -static_cast<int64_t>(scale) + static_cast<int64_t>(coefficient.size()) - 1;
  if (scale == 0 || (scale > 0 && adjusted >= -6)) return ToPlainString(scale);
  std::string out;
  if (value_ < 0) out.push_back('-');
  out.push_back(coefficient[0]);
  if (coefficient.size() > 1) {
    out.push_back('.');
    out.append(coefficient, 1, std::string::npos);
  }
  if (adjusted != 0) {
    out.push_back('E');
    if (adjusted > 0) out.push_back('+');
    out += std::to_string(adjusted);
  }
  return out;
}

}  // namespace weir
