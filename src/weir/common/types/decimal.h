// Decimal128: the unscaled 128-bit integer of a DECIMAL(p, s) value, with Flink's text forms.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "weir/common/result.h"

namespace weir {

/// An unscaled two's-complement 128-bit integer; the scale lives in the type.
/// Stored little-endian in columns (Arrow's decimal128 layout).
class Decimal128 {
 public:
  constexpr Decimal128() = default;
  constexpr explicit Decimal128(__int128 value) : value_(value) {}
  static constexpr Decimal128 FromInt64(int64_t v) { return Decimal128(static_cast<__int128>(v)); }

  /// Parses a decimal literal ("-12.345", "1e3") into DECIMAL(precision, scale), rounding half-up
  /// to the scale; fails if the result needs more than `precision` digits.
  static Result<Decimal128> Parse(std::string_view text, int32_t precision, int32_t scale);

  constexpr __int128 value() const { return value_; }
  uint64_t low_bits() const { return static_cast<uint64_t>(value_); }
  int64_t high_bits() const { return static_cast<int64_t>(value_ >> 64); }

  /// Returns whether the value fits `precision` decimal digits.
  bool FitsPrecision(int32_t precision) const;

  /// Prints with `scale` digits after the point, as Java's BigDecimal.toString() does
  /// (plain unless the adjusted exponent is below -6, then scientific: "1E-8").
  std::string ToString(int32_t scale) const;
  /// Prints plainly with `scale` digits after the point ("0.00000001").
  std::string ToPlainString(int32_t scale) const;

  /// Returns 10^n for n in [0, 38].
  static __int128 PowerOfTen(int n);

  constexpr bool operator==(const Decimal128&) const = default;
  constexpr auto operator<=>(const Decimal128& other) const { return value_ <=> other.value_; }

 private:
  __int128 value_ = 0;
};

}  // namespace weir
