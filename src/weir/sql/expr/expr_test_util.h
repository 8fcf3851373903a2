// Test helpers for expressions: node shorthands and evaluation of expressions over batch text.
#pragma once

#include <string>
#include <vector>

#include "weir/common/batch/batch_text.h"
#include "weir/common/batch/record_batch.h"
#include "weir/common/check.h"
#include "weir/sql/expr/compiled_expr.h"
#include "weir/sql/expr/expr.h"
#include "weir/sql/functions/function_registry.h"

namespace weir::sql::testing {

inline ExprPtr Col(int i, LogicalType t) { return Expr::Column(i, std::move(t)); }
inline ExprPtr Int(int32_t v) { return Expr::Literal(Value(v), LogicalType::Int(false)); }
inline ExprPtr Big(int64_t v) { return Expr::Literal(Value(v), LogicalType::BigInt(false)); }
inline ExprPtr Dbl(double v) { return Expr::Literal(Value(v), LogicalType::Double(false)); }
inline ExprPtr Bool(bool v) { return Expr::Literal(Value(v), LogicalType::Boolean(false)); }
inline ExprPtr Str(const std::string& v) {
  return Expr::Literal(Value(v),
                       LogicalType::Char(v.empty() ? 1 : static_cast<int32_t>(v.size()), false));
}
inline ExprPtr Null(LogicalType t = LogicalType::Null()) { return Expr::Literal(Value(), t); }
/// A DECIMAL literal parsed from text ("0.908" -> DECIMAL(4, 3)).
inline ExprPtr Dec(const std::string& text, int32_t p, int32_t s) {
  auto d = Decimal128::Parse(text, p, s);
  WEIR_CHECK(d.ok());
  return Expr::Literal(Value(*d), LogicalType::Decimal(p, s, false));
}

/// Builds a call with an inferred type; aborts on binding errors (use MakeCall to test them).
inline ExprPtr Call(const std::string& name, std::vector<ExprPtr> args) {
  auto r = FunctionRegistry::Builtins().MakeCall(name, std::move(args));
  if (!r.ok()) {
    std::fprintf(stderr, "cannot bind %s: %s\n", name.c_str(), r.status().ToString().c_str());
    WEIR_CHECK(false);
  }
  return *r;
}

/// Evaluates `expr` over the batch text (only the rows of `sel` when given) and returns each
/// row's value as text ("null").
inline Result<std::vector<std::string>> EvalRows(
    const ExprPtr& expr, const std::string& batch, const SelectionVector* sel = nullptr,
    EvalContext ctx = {}, const FunctionRegistry& registry = FunctionRegistry::Builtins()) {
  WEIR_ASSIGN_OR_RAISE(auto b, RecordBatch::Parse(batch));
  WEIR_ASSIGN_OR_RAISE(auto compiled, CompiledExpr::Make(expr, *b->schema(), registry, ctx));
  WEIR_ASSIGN_OR_RAISE(ColumnPtr col, compiled->Evaluate(*b, sel));
  WEIR_RETURN_NOT_OK(col->Validate());
  std::vector<std::string> out;
  for (int64_t i = 0; i < col->length(); ++i) {
    std::string s;
    AppendValueText(s, *col, i);
    out.push_back(s);
  }
  return out;
}

/// Evaluates a constant expression to its text ("null" for NULL), or the error message.
inline std::string EvalText(const ExprPtr& expr, EvalContext ctx = {}) {
  auto v = EvaluateConstant(expr, FunctionRegistry::Builtins(), ctx);
  if (!v.ok()) return "ERROR: " + v.status().message();
  std::string s;
  AppendValueText(s, *v, expr->type());
  return s;
}

}  // namespace weir::sql::testing
