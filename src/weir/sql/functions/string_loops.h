// Row loops of the string kernels (UTF-8 helpers and null-propagating string/int outputs).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "weir/common/utf8.h"
#include "weir/sql/functions/kernel.h"

namespace weir::sql {

/// Returns the string (or bytes) value of row `i` of a VARCHAR/VARBINARY datum.
inline std::string_view StrAt(const Datum& d, int64_t i) {
  return d.column->StringValue(d.scalar ? 0 : i);
}
/// Returns the integer value of row `i` of an integer datum, widened to int64.
int64_t IntAt(const Datum& d, int64_t i);

/// Returns whether row `i` is null in any argument.
inline bool AnyNullAt(const std::vector<Datum>& args, const uint8_t* validity, int64_t i) {
  return validity != nullptr && !bits::GetBit(validity, i);
}

/// Counts UTF-8 code points.
int64_t Utf8Length(std::string_view s);
/// Returns the byte offset of code point `cp` (clamped to the string end).
size_t Utf8Offset(std::string_view s, int64_t cp);
/// Decodes the code point at s[*pos] and advances *pos (invalid bytes decode as themselves).
uint32_t Utf8Decode(std::string_view s, size_t* pos);

/// Builds a string column: for each row where no argument is null, `fn(i, out) -> bool`
/// fills `out` (cleared) and returns false to produce NULL instead.
template <typename Fn>
Result<ColumnPtr> StringRowLoop(const EvalContext& ctx, const std::vector<Datum>& args, int64_t n,
                                const LogicalType& out_type, Fn fn) {
  WEIR_ASSIGN_OR_RAISE(auto validity, CombineValidity(args, n, ctx.pool));
  const uint8_t* v = validity ? validity->data() : nullptr;
  StringBuilder b(out_type, ctx.pool);
  WEIR_RETURN_NOT_OK(b.Reserve(n));
  std::string scratch;
  for (int64_t i = 0; i < n; ++i) {
    if (AnyNullAt(args, v, i)) {
      WEIR_RETURN_NOT_OK(b.AppendNull());
      continue;
    }
    scratch.clear();
    if (!fn(i, scratch)) {
      WEIR_RETURN_NOT_OK(b.AppendNull());
      continue;
    }
    WEIR_RETURN_NOT_OK(b.Append(scratch));
  }
  return b.Finish();
}

/// Builds a fixed-width column of T: `fn(i) -> T` on rows without null arguments.
template <typename T, typename Fn>
Result<ColumnPtr> FixedRowLoop(const EvalContext& ctx, const std::vector<Datum>& args, int64_t n,
                               const LogicalType& out_type, Fn fn) {
  WEIR_ASSIGN_OR_RAISE(auto validity, CombineValidity(args, n, ctx.pool));
  const uint8_t* v = validity ? validity->data() : nullptr;
  WEIR_ASSIGN_OR_RAISE(auto values, AllocateValues<T>(n, ctx.pool));
  T* out = values->template mutable_data_as<T>();
  for (int64_t i = 0; i < n; ++i) out[i] = AnyNullAt(args, v, i) ? T{} : fn(i);
  return MakeFixedColumn(out_type, n, std::move(values), std::move(validity));
}

/// Builds a BOOLEAN column: `fn(i) -> bool` on rows without null arguments.
template <typename Fn>
Result<ColumnPtr> BoolRowLoop(const EvalContext& ctx, const std::vector<Datum>& args, int64_t n,
                              const LogicalType& out_type, Fn fn) {
  WEIR_ASSIGN_OR_RAISE(auto validity, CombineValidity(args, n, ctx.pool));
  const uint8_t* v = validity ? validity->data() : nullptr;
  std::vector<uint8_t> bytes(static_cast<size_t>(n), 0);
  for (int64_t i = 0; i < n; ++i) {
    if (!AnyNullAt(args, v, i)) bytes[static_cast<size_t>(i)] = fn(i) ? 1 : 0;
  }
  WEIR_ASSIGN_OR_RAISE(auto out_bits, AllocateBits(n, ctx.pool));
  PackBytes(bytes.data(), n, out_bits->mutable_data());
  return MakeBooleanColumn(out_type, n, std::move(out_bits), std::move(validity));
}

}  // namespace weir::sql
