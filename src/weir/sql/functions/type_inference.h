// Type inference rules of Flink SQL: numeric promotion, DECIMAL precision/scale derivation,
// common types and the implicit and explicit cast tables.
#pragma once

#include <optional>
#include <vector>

#include "weir/common/result.h"
#include "weir/common/types/logical_type.h"

namespace weir::sql {

/// Arithmetic operators whose result types follow LogicalTypeMerging's DECIMAL rules.
enum class ArithmeticOp : uint8_t { kAdd, kSubtract, kMultiply, kDivide, kModulo };

/// Returns DECIMAL(p, 0) wide enough for an integer type (TINYINT 3, SMALLINT 5, INT 10,
/// BIGINT 19); other types are returned unchanged.
LogicalType DecimalOfInteger(const LogicalType& type);
/// Caps a derived DECIMAL(precision, scale) at 38 digits keeping at least min(scale, 6)
/// fractional digits, as Flink's LogicalTypeMerging.adjustPrecisionScale does.
LogicalType AdjustDecimal(int32_t precision, int32_t scale, bool nullable);

/// Infers the result type of `a op b` for numeric operands: integers promote to the wider
/// integer, any DOUBLE gives DOUBLE, FLOAT gives FLOAT (DOUBLE with a DECIMAL), DECIMAL
/// results follow Flink's precision/scale formulas. Nullable if either operand is.
Result<LogicalType> InferArithmeticType(ArithmeticOp op, const LogicalType& a,
                                        const LogicalType& b);

/// Returns the type every value of `types` can be implicitly cast to (numeric widening,
/// CHAR/VARCHAR to the longest VARCHAR, binaries likewise, DATE/TIMESTAMP to TIMESTAMP, NULL
/// to anything); nullopt when there is none. Nullable if any input is.
std::optional<LogicalType> CommonType(const std::vector<LogicalType>& types);

/// Returns the types two operands of a comparison are converted to before comparing: their
/// common type, or, for a string against a numeric/temporal/boolean operand, the non-string
/// type (Calcite's comparison coercion). nullopt when they are not comparable.
std::optional<LogicalType> ComparisonType(const LogicalType& a, const LogicalType& b);

/// Returns whether Flink applies `from` -> `to` implicitly (nullability ignored).
bool ImplicitCastAllowed(const LogicalType& from, const LogicalType& to);
/// Returns whether CAST(from AS to) is supported by the engine (nullability ignored).
bool ExplicitCastSupported(const LogicalType& from, const LogicalType& to);

/// Returns the numeric precedence (TINYINT 1 .. DOUBLE 7), 0 for non-numerics.
int NumericRank(TypeId id);

}  // namespace weir::sql
