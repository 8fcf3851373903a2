// ExpressionBinder: resolves AST expressions against a row scope into typed Expr trees.
#pragma once

#include <string>
#include <vector>

#include "weir/common/config/configuration.h"
#include "weir/common/result.h"
#include "weir/sql/catalog/catalog_manager.h"
#include "weir/sql/expr/expr.h"
#include "weir/sql/functions/function_registry.h"
#include "weir/sql/parser/ast.h"

namespace weir::sql {

/// Returns " (line L, column C)", the suffix every binder error carries.
std::string PosSuffix(const ast::SourcePos& pos);

/// Returns `status` with the position suffix appended (unless it already names a line).
Status AtPos(const Status& status, const ast::SourcePos& pos);

/// What the binder reads besides the AST: catalogs (for user functions, tables and views),
/// the function registry and the session configuration. `catalogs` and `config` may be null
/// where no catalog or configuration is needed (tests of expressions).
struct BindContext {
  CatalogManager* catalogs = nullptr;
  const FunctionRegistry* registry = &FunctionRegistry::Builtins();
  const config::Configuration* config = nullptr;
};

/// One field of the input row an expression is bound against.
struct ScopeField {
  std::string name;
  /// The table name or alias the field can be qualified with (empty: none).
  std::string qualifier;
  LogicalType type;
};

/// The input row of an expression: its fields in order ($0, $1, ...).
struct Scope {
  std::vector<ScopeField> fields;

  /// Makes a scope from a ROW type, all fields qualified by `qualifier`.
  static Scope FromRow(const LogicalType& row, const std::string& qualifier);
};

/// Binds scalar expressions: resolves column names (with optional table qualifiers and
/// nested ROW fields), types literals as Flink does, and builds calls through the
/// FunctionRegistry, which derives types and implicit casts. Errors name what failed and
/// where: `Column 'x' not found in any table (line 2, column 8)`.
class ExpressionBinder {
 public:
  ExpressionBinder(const BindContext& ctx, const Scope* scope) : ctx_(ctx), scope_(scope) {}

  /// Binds `expr`; the result refers to the scope's fields as $i. Only a column reference
  /// (and a PROCTIME() call) keeps a time attribute: any other expression over a rowtime or
  /// proctime value is a plain TIMESTAMP / TIMESTAMP_LTZ.
  Result<ExprPtr> Bind(const ast::Expr& expr) const;

  /// Binds a literal alone (no scope needed).
  static Result<ExprPtr> BindLiteral(const ast::LiteralExpr& literal);

  /// Returns the name Flink derives for an unaliased select item: the last part of an
  /// identifier or field access; empty for other expressions (they get EXPR$n).
  static std::string DerivedName(const ast::Expr& expr);

 private:
  Result<ExprPtr> BindNode(const ast::Expr& expr) const;
  Result<ExprPtr> BindIdentifier(const ast::IdentifierExpr& id) const;
  /// Returns the offset from UTC of the session time zone (`table.local-time-zone`).
  Result<int64_t> SessionOffsetSeconds(const ast::SourcePos& pos) const;
  Result<ExprPtr> BindCall(const ast::CallExpr& call) const;
  /// Binds JSON_VALUE/QUERY/EXISTS/OBJECT/ARRAY: clauses become trailing literal arguments
  /// (json_functions.h). In json_call_binder.cc.
  Result<ExprPtr> BindJsonCall(const ast::CallExpr& call, const std::string& upper) const;
  Result<ExprPtr> BindUnary(const ast::UnaryExpr& unary) const;
  Result<ExprPtr> BindBinary(const ast::BinaryExpr& binary) const;
  Result<ExprPtr> BindCast(const ast::CastExpr& cast) const;
  Result<ExprPtr> BindCase(const ast::CaseExpr& node) const;
  Result<ExprPtr> BindIs(const ast::IsExpr& node) const;
  Result<ExprPtr> BindBetween(const ast::BetweenExpr& node) const;
  Result<ExprPtr> BindInList(const ast::InListExpr& node) const;
  Result<ExprPtr> BindLike(const ast::LikeExpr& node) const;
  Result<ExprPtr> BindFieldAccess(ExprPtr base, const std::string& field,
                                  const ast::SourcePos& pos) const;
  Result<std::vector<ExprPtr>> BindAll(const std::vector<ast::ExprPtr>& args) const;

  /// Makes a call of a built-in (or registered) function; wraps errors with the position.
  Result<ExprPtr> MakeCall(const std::string& name, std::vector<ExprPtr> args,
                           const ast::SourcePos& pos) const;
  /// Calls a user function found through the catalog (CREATE FUNCTION).
  Result<ExprPtr> CallUserFunction(const std::string& name, const std::string& class_name,
                                   std::vector<ExprPtr> args, const ast::SourcePos& pos) const;

  const BindContext& ctx_;
  const Scope* scope_;
};

}  // namespace weir::sql
