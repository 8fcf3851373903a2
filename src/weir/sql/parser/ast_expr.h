// Expression nodes of the SQL AST: literals, identifiers, calls, operators and predicates.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "weir/sql/parser/ast_type.h"
#include "weir/sql/parser/token.h"

namespace weir::sql::ast {

struct Query;
using QueryPtr = std::unique_ptr<Query>;
struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

enum class ExprKind : uint8_t {
  kLiteral,
  kIdentifier,
  kStar,
  kCall,
  kCast,
  kCase,
  kUnary,
  kBinary,
  kIs,
  kBetween,
  kInList,
  kInQuery,
  kLike,
  kExists,
  kSubquery,
  kConstructor,
  kItem,
  kField,
  kSymbol,
  kTableArg,
  kDescriptor,
  kNamedArg,
  kParam,
};

/// The root of every expression node; `kind` says which subtype it is.
struct Expr {
  explicit Expr(ExprKind k) : kind(k) {}
  virtual ~Expr() = default;
  Expr(const Expr&) = delete;
  Expr& operator=(const Expr&) = delete;

  const ExprKind kind;
  SourcePos pos;

  template <typename T>
  const T& As() const {
    return static_cast<const T&>(*this);
  }
};

enum class LiteralKind : uint8_t {
  kExactNumeric,   // 12, 1.5 (text holds the digits)
  kApproxNumeric,  // 1e3
  kString,         // text holds the unescaped value
  kBinary,         // text holds hex digits
  kBoolean,        // text is TRUE, FALSE or UNKNOWN
  kNull,
  kDate,          // DATE '2020-01-01'
  kTime,          // TIME '10:00:00'
  kTimestamp,     // TIMESTAMP '...'
  kTimestampLtz,  // TIMESTAMP_LTZ '...'
  kInterval,      // INTERVAL [-]'text' qualifier
};

struct LiteralExpr : Expr {
  LiteralExpr() : Expr(ExprKind::kLiteral) {}
  LiteralKind literal = LiteralKind::kNull;
  std::string text;
  bool negative = false;        // INTERVAL -'1' DAY
  bool unicode = false;         // written as U&'...'
  IntervalQualifier qualifier;  // kInterval
};

/// A possibly compound name: a, t.a, cat.db.t.
struct IdentifierExpr : Expr {
  IdentifierExpr() : Expr(ExprKind::kIdentifier) {}
  std::vector<std::string> names;
};

/// `*` or `t.*`.
struct StarExpr : Expr {
  StarExpr() : Expr(ExprKind::kStar) {}
  std::vector<std::string> qualifier;
};

/// ORDER BY item.
struct OrderItem {
  ExprPtr expr;
  bool descending = false;
  std::optional<bool> nulls_first;
};

enum class FrameUnit : uint8_t { kRows, kRange };
enum class BoundKind : uint8_t {
  kUnboundedPreceding,
  kPreceding,
  kCurrentRow,
  kFollowing,
  kUnboundedFollowing
};
struct FrameBound {
  BoundKind kind = BoundKind::kCurrentRow;
  ExprPtr offset;
};
struct WindowFrame {
  FrameUnit unit = FrameUnit::kRows;
  FrameBound start;
  std::optional<FrameBound> end;  // present when written with BETWEEN
};

/// OVER (...) or WINDOW w AS (...).
struct WindowSpec {
  std::optional<std::string> base_name;
  std::vector<ExprPtr> partition_by;
  std::vector<OrderItem> order_by;
  std::optional<WindowFrame> frame;
};

/// How a call is written; most calls are kFunction `f(args)`.
enum class CallSyntax : uint8_t {
  kFunction,    // f(a, b)
  kNiladic,     // CURRENT_TIMESTAMP (no parentheses)
  kExtract,     // EXTRACT(unit FROM x): args = [symbol, x]
  kTrim,        // TRIM([mode] [chars] FROM s): args = [symbol mode, chars, s]
  kPosition,    // POSITION(a IN b [FROM c])
  kOverlay,     // OVERLAY(s PLACING r FROM a [FOR b])
  kSubstring,   // SUBSTRING(s FROM a [FOR b])
  kFloorCeil,   // FLOOR(x TO unit): args = [x, symbol]
  kJsonValue,   // JSON_VALUE/JSON_QUERY/JSON_EXISTS(json, path <clauses>)
  kJsonObject,  // JSON_OBJECT/JSON_OBJECTAGG([KEY] k VALUE v, ... [NULL|ABSENT ON NULL])
  kJsonArray,   // JSON_ARRAY/JSON_ARRAYAGG(v, ... [ORDER BY ...] [NULL|ABSENT ON NULL])
};

/// An ON EMPTY / ON ERROR behaviour of JSON functions: NULL, ERROR, DEFAULT expr, TRUE, ...
struct JsonBehavior {
  std::string behavior;  // upper case: "NULL", "ERROR", "DEFAULT", "EMPTY ARRAY", ...
  ExprPtr default_value;
};

/// Clauses of JSON functions.
struct JsonClauses {
  DataTypePtr returning;
  std::string wrapper;  // "", "WITHOUT ARRAY", "WITH CONDITIONAL ARRAY", ...
  std::optional<JsonBehavior> on_empty;
  std::optional<JsonBehavior> on_error;
  std::string on_null;  // "", "NULL" or "ABSENT"
};

struct CallExpr : Expr {
  CallExpr() : Expr(ExprKind::kCall) {}
  std::vector<std::string> name;  // upper-cased for built-in syntax; as written otherwise
  CallSyntax syntax = CallSyntax::kFunction;
  std::vector<ExprPtr> args;
  bool distinct = false;
  bool all = false;
  bool star = false;                    // COUNT(*)
  std::vector<OrderItem> within_group;  // LISTAGG(...) WITHIN GROUP (ORDER BY ...)
  bool within_group_set = false;
  std::vector<OrderItem> arg_order_by;  // JSON_ARRAYAGG(v ORDER BY ...)
  ExprPtr filter;
  std::optional<std::string> null_treatment;  // "IGNORE NULLS" / "RESPECT NULLS"
  std::unique_ptr<WindowSpec> over;           // OVER (...)
  std::optional<std::string> over_name;       // OVER w
  JsonClauses json;
};

struct CastExpr : Expr {
  CastExpr() : Expr(ExprKind::kCast) {}
  bool try_cast = false;
  ExprPtr operand;
  DataTypePtr type;
};

struct CaseExpr : Expr {
  CaseExpr() : Expr(ExprKind::kCase) {}
  ExprPtr operand;  // simple CASE; null for searched CASE
  std::vector<std::pair<ExprPtr, ExprPtr>> when_then;
  ExprPtr else_expr;
};

enum class UnaryOp : uint8_t { kNot, kMinus, kPlus };
struct UnaryExpr : Expr {
  UnaryExpr() : Expr(ExprKind::kUnary) {}
  UnaryOp op = UnaryOp::kNot;
  ExprPtr operand;
};

enum class BinaryOp : uint8_t {
  kOr,
  kAnd,
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kIsDistinctFrom,
  kIsNotDistinctFrom,
  kPlus,
  kMinus,
  kMul,
  kDiv,
  kMod,
  kConcat,
  kOverlaps,  // (start, end|interval) OVERLAPS (start, end|interval): both sides are rows
};
/// Returns the SQL spelling of a binary operator ("<>", "IS DISTINCT FROM", ...).
const char* BinaryOpName(BinaryOp op);

struct BinaryExpr : Expr {
  BinaryExpr() : Expr(ExprKind::kBinary) {}
  BinaryOp op = BinaryOp::kEq;
  ExprPtr left;
  ExprPtr right;
};

/// x IS [NOT] NULL | TRUE | FALSE | UNKNOWN | JSON [VALUE|SCALAR|ARRAY|OBJECT].
struct IsExpr : Expr {
  IsExpr() : Expr(ExprKind::kIs) {}
  ExprPtr operand;
  bool negated = false;
  std::string what;  // "NULL", "TRUE", "FALSE", "UNKNOWN", "JSON", "JSON VALUE", ...
};

struct BetweenExpr : Expr {
  BetweenExpr() : Expr(ExprKind::kBetween) {}
  ExprPtr operand;
  bool negated = false;
  bool symmetric = false;
  ExprPtr low;
  ExprPtr high;
};

struct InListExpr : Expr {
  InListExpr() : Expr(ExprKind::kInList) {}
  ExprPtr operand;
  bool negated = false;
  std::vector<ExprPtr> list;
};

struct InQueryExpr : Expr {
  InQueryExpr() : Expr(ExprKind::kInQuery) {}
  ExprPtr operand;
  bool negated = false;
  QueryPtr query;
};

enum class LikeOp : uint8_t { kLike, kILike, kSimilarTo };
struct LikeExpr : Expr {
  LikeExpr() : Expr(ExprKind::kLike) {}
  LikeOp op = LikeOp::kLike;
  bool negated = false;
  ExprPtr operand;
  ExprPtr pattern;
  ExprPtr escape;
};

struct ExistsExpr : Expr {
  ExistsExpr() : Expr(ExprKind::kExists) {}
  QueryPtr query;
};

/// A scalar subquery `(SELECT ...)`.
struct SubqueryExpr : Expr {
  SubqueryExpr() : Expr(ExprKind::kSubquery) {}
  QueryPtr query;
};

enum class ConstructorKind : uint8_t { kRow, kArray, kMap, kImplicitRow };
/// ROW(a, b), (a, b), ARRAY[a, b], MAP[k, v, ...], ARRAY(subquery).
struct ConstructorExpr : Expr {
  ConstructorExpr() : Expr(ExprKind::kConstructor) {}
  ConstructorKind constructor = ConstructorKind::kRow;
  std::vector<ExprPtr> args;
  QueryPtr query;  // ARRAY(SELECT ...) / MAP(SELECT ...)
};

/// base[index].
struct ItemExpr : Expr {
  ItemExpr() : Expr(ExprKind::kItem) {}
  ExprPtr base;
  ExprPtr index;
};

/// (base).field — field access on an expression that is not a plain name.
struct FieldExpr : Expr {
  FieldExpr() : Expr(ExprKind::kField) {}
  ExprPtr base;
  std::string field;
};

/// A keyword argument of special syntax: a time unit, BOTH/LEADING/TRAILING, ...
struct SymbolExpr : Expr {
  SymbolExpr() : Expr(ExprKind::kSymbol) {}
  std::string symbol;  // upper case
};

/// `TABLE t` or `TABLE (SELECT ...)` as the argument of a table function, with optional
/// `PARTITION BY k` / `PARTITION BY (k1, k2)` and `ORDER BY x [ASC|DESC]`.
struct TableArgExpr : Expr {
  TableArgExpr() : Expr(ExprKind::kTableArg) {}
  std::vector<std::string> table;
  QueryPtr query;
  std::vector<ExprPtr> partition_by;
  std::vector<OrderItem> order_by;
};

/// DESCRIPTOR(a, b).
struct DescriptorExpr : Expr {
  DescriptorExpr() : Expr(ExprKind::kDescriptor) {}
  std::vector<std::string> columns;
};

/// name => value.
struct NamedArgExpr : Expr {
  NamedArgExpr() : Expr(ExprKind::kNamedArg) {}
  std::string name;
  ExprPtr value;
};

/// A dynamic parameter `?`.
struct ParamExpr : Expr {
  ParamExpr() : Expr(ExprKind::kParam) {}
  int32_t index = 0;
};

}  // namespace weir::sql::ast
