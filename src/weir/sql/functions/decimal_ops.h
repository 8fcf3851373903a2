// DECIMAL arithmetic on unscaled 128-bit integers with Java BigDecimal's HALF_UP rounding.
#pragma once

#include <cstdint>

#include "weir/common/types/decimal.h"

namespace weir::sql {

/// Divides rounding half away from zero (RoundingMode.HALF_UP); `den` must not be 0.
inline __int128 DivideHalfUp(__int128 num, __int128 den) {
  __int128 q = num / den;
  __int128 r = num % den;
  if (r != 0) {
    __int128 abs_r = r < 0 ? -r : r;
    __int128 abs_d = den < 0 ? -den : den;
    if (abs_r >= abs_d - abs_r) q += ((num < 0) != (den < 0)) ? -1 : 1;
  }
  return q;
}

/// Changes the scale of an unscaled value (HALF_UP when digits are dropped); false on
/// 128-bit overflow.
inline bool RescaleDecimal(__int128 v, int32_t from_scale, int32_t to_scale, __int128* out) {
  if (to_scale == from_scale) {
    *out = v;
    return true;
  }
  if (to_scale > from_scale) {
    if (to_scale - from_scale > 38) return v == 0 ? (*out = 0, true) : false;
    return !__builtin_mul_overflow(v, Decimal128::PowerOfTen(to_scale - from_scale), out);
  }
  int32_t drop = from_scale - to_scale;
  if (drop > 38) {
    *out = 0;
    return true;
  }
  *out = DivideHalfUp(v, Decimal128::PowerOfTen(drop));
  return true;
}

/// Returns whether |v| < 10^precision.
inline bool FitsDecimal(__int128 v, int32_t precision) {
  __int128 limit = Decimal128::PowerOfTen(precision);
  return v < limit && v > -limit;
}

}  // namespace weir::sql
