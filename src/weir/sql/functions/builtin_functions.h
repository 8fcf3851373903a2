// Registration entry points of the built-in function families (internal to functions/).
#pragma once

#include "weir/sql/functions/function_registry.h"
#include "weir/sql/functions/type_inference.h"

namespace weir::sql {

void RegisterArithmeticFunctions(FunctionRegistry* registry);
void RegisterMathFunctions(FunctionRegistry* registry);
void RegisterComparisonFunctions(FunctionRegistry* registry);
void RegisterLogicalFunctions(FunctionRegistry* registry);
void RegisterConditionalFunctions(FunctionRegistry* registry);
void RegisterStringFunctions(FunctionRegistry* registry);
void RegisterRegexFunctions(FunctionRegistry* registry);
void RegisterTemporalFunctions(FunctionRegistry* registry);
void RegisterNativeUdfs(FunctionRegistry* registry);
void RegisterJsonFunctions(FunctionRegistry* registry);
void RegisterCollectionFunctions(FunctionRegistry* registry);
void RegisterMiscFunctions(FunctionRegistry* registry);
void RegisterHashFunctions(FunctionRegistry* registry);
void RegisterTimeAttributeFunctions(FunctionRegistry* registry);

/// Binds FLOOR/CEIL(temporal TO unit) (the unit is a string literal argument).
Result<BoundFunction> BindTemporalFloor(const BindInput& in, bool ceil);

/// Returns whether + - * / (or unary minus) over `types` is datetime or interval arithmetic:
/// an INTERVAL operand, or a DATE/TIME/TIMESTAMP operand of a binary operator.
bool IsIntervalArithmetic(const std::vector<LogicalType>& types);
/// Binds datetime +/- interval (either order for +), interval +/- interval, interval * / a
/// numeric (either order for *) and unary minus on an interval (one argument, kSubtract).
Result<BoundFunction> BindIntervalArithmetic(std::string_view name, ArithmeticOp op,
                                             const BindInput& in);

/// Fails with a message naming the function and the argument types.
Status NoMatchingSignature(std::string_view name, const std::vector<LogicalType>& types);
/// Fails unless there are exactly `n` arguments.
Status CheckArity(std::string_view name, const BindInput& in, size_t n);

}  // namespace weir::sql
