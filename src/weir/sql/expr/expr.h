// Expr: the resolved, typed scalar expression tree the binder produces and plans serialise.
#pragma once

#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "weir/common/batch/value.h"
#include "weir/common/result.h"
#include "weir/common/types/logical_type.h"

namespace weir::sql {

class Expr;
using ExprPtr = std::shared_ptr<const Expr>;

/// The node kinds. Operators and functions (including AND/OR/NOT, IS NULL, COALESCE, IF,
/// NULLIF) are kCall nodes named as Flink prints them; CASE and CAST have their own nodes
/// because they carry more than a name (branch structure, a target type, TRY semantics).
enum class ExprKind : uint8_t {
  kColumnRef,  // input column `index` of the batch the expression is evaluated on
  kLiteral,    // a constant Value of `type`
  kCall,       // a built-in (or registered) scalar function applied to args
  kCast,       // CAST / TRY_CAST of args[0] to `type`
  kCase,       // CASE WHEN args[0] THEN args[1] [WHEN ...] ELSE args[last] END
};

/// An immutable, typed expression node. Every node knows its LogicalType including
/// nullability; the binder computes call types with FunctionRegistry::InferType.
class Expr {
 public:
  /// Makes a reference to input column `index` of type `type`.
  static ExprPtr Column(int index, LogicalType type);
  /// Makes a literal; `value` must be stored as Value documents for `type` (or null).
  static ExprPtr Literal(Value value, LogicalType type);
  /// Makes a call of the function `name` (stored upper-case) returning `type`.
  static ExprPtr Call(std::string_view name, std::vector<ExprPtr> args, LogicalType type);
  /// Makes CAST(arg AS type), or TRY_CAST (result always nullable) when `is_try`.
  static ExprPtr Cast(ExprPtr arg, LogicalType type, bool is_try = false);
  /// Makes a searched CASE: when/then pairs followed by the ELSE value (a NULL literal of
  /// `type` when the SQL had no ELSE). `operands` has an odd size >= 3.
  static ExprPtr Case(std::vector<ExprPtr> operands, LogicalType type);

  ExprKind kind() const { return kind_; }
  const LogicalType& type() const { return type_; }
  int column_index() const { return index_; }
  const Value& literal() const { return literal_; }
  const std::string& name() const { return name_; }
  const std::vector<ExprPtr>& args() const { return args_; }
  const ExprPtr& arg(int i) const { return args_[static_cast<size_t>(i)]; }
  int num_args() const { return static_cast<int>(args_.size()); }
  bool is_try() const { return is_try_; }

  /// Returns a node of the same kind (name, column, literal, TRY flag) with `args` and `type`
  /// instead of this node's; `args` must fit the kind (one for a CAST, none for leaves).
  ExprPtr Rebuild(std::vector<ExprPtr> args, LogicalType type) const;

  /// Returns whether the expression reads no column (all leaves are literals).
  bool IsConstant() const;
  /// Adds the input column indices the expression reads to `out` (may repeat).
  void CollectColumns(std::vector<int>* out) const;

  /// Prints Flink's plan form: `$1`, `2`, `'abc'`, `*($1, 2)`, `UPPER($2)`,
  /// `CAST($0 AS BIGINT)`, `CASE(>($0, 1), 'a', 'b')`. Non-default literal types get a
  /// suffix: `2:BIGINT`, `null:INT`.
  std::string ToString() const;

  /// Serialises the tree (types as Flink type strings, literals as batch text).
  nlohmann::json ToJson() const;
  /// Parses what ToJson produced; rejects malformed documents with a clear error.
  static Result<ExprPtr> FromJson(const nlohmann::json& json);

  /// Compares structure, names, types and literal values.
  bool Equals(const Expr& other) const;

 private:
  Expr(ExprKind kind, LogicalType type) : kind_(kind), type_(std::move(type)) {}

  ExprKind kind_;
  LogicalType type_;
  int index_ = -1;
  bool is_try_ = false;
  Value literal_;
  std::string name_;
  std::vector<ExprPtr> args_;
};

}  // namespace weir::sql
