// CAST and TRY_CAST between scalar types with Flink's conversion rules.
#pragma once

#include "weir/sql/functions/kernel.h"

namespace weir::sql {

/// Converts `n` rows of `in` to `target` (nullability of `target` is ignored: NULL stays NULL).
/// CAST fails on a value that does not convert, naming the value and both types; TRY_CAST
/// (`is_try`) yields NULL for it instead. Numeric narrowing wraps like Java casts, DECIMAL
/// results round HALF_UP and are NULL on overflow, strings are trimmed before parsing.
Result<ColumnPtr> CastColumn(const EvalContext& ctx, const Datum& in, int64_t n,
                             const LogicalType& target, bool is_try);

/// Converts one value (for constant folding and literal preparation).
Result<Value> CastValue(const Value& value, const LogicalType& from, const LogicalType& to,
                        bool is_try = false);

}  // namespace weir::sql
