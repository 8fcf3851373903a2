// Query nodes of the SQL AST: WITH, SELECT, set operations, VALUES and FROM items.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "weir/sql/parser/ast_expr.h"

namespace weir::sql::ast {

/// A hint `NAME(args)` or `NAME('k'='v', ...)` from a `/*+ ... */` comment.
struct Hint {
  std::string name;
  std::vector<std::string> args;                             // list form (names or literals)
  std::vector<std::pair<std::string, std::string>> options;  // key-value form
  SourcePos pos;
};

enum class TableRefKind : uint8_t { kNamed, kDerived, kJoin, kFunction, kUnnest };

struct TableRef;
using TableRefPtr = std::unique_ptr<TableRef>;

/// An item of the FROM clause.
struct TableRef {
  explicit TableRef(TableRefKind k) : kind(k) {}
  virtual ~TableRef() = default;
  const TableRefKind kind;
  SourcePos pos;
  std::optional<std::string> alias;
  std::vector<std::string> column_aliases;

  template <typename T>
  const T& As() const {
    return static_cast<const T&>(*this);
  }
};

/// A table or view name with hints and FOR SYSTEM_TIME AS OF.
struct NamedTableRef : TableRef {
  NamedTableRef() : TableRef(TableRefKind::kNamed) {}
  std::vector<std::string> name;
  std::vector<Hint> hints;
  ExprPtr system_time;
};

/// [LATERAL] (query).
struct DerivedTableRef : TableRef {
  DerivedTableRef() : TableRef(TableRefKind::kDerived) {}
  bool lateral = false;
  QueryPtr query;
};

enum class JoinType : uint8_t { kInner, kLeft, kRight, kFull, kCross, kComma };
struct JoinTableRef : TableRef {
  JoinTableRef() : TableRef(TableRefKind::kJoin) {}
  JoinType join = JoinType::kInner;
  bool natural = false;
  TableRefPtr left;
  TableRefPtr right;
  ExprPtr on;
  std::vector<std::string> using_columns;
};

/// [LATERAL] TABLE(fn(args)) or fn(args): table functions and window TVFs.
struct FunctionTableRef : TableRef {
  FunctionTableRef() : TableRef(TableRefKind::kFunction) {}
  bool lateral = false;
  bool table_keyword = true;  // false when called directly: FROM TUMBLE(...)
  ExprPtr call;               // a CallExpr
};

/// UNNEST(a, ...) [WITH ORDINALITY].
struct UnnestTableRef : TableRef {
  UnnestTableRef() : TableRef(TableRefKind::kUnnest) {}
  std::vector<ExprPtr> args;
  bool with_ordinality = false;
};

struct SelectItem {
  ExprPtr expr;
  std::optional<std::string> alias;
};

enum class GroupItemKind : uint8_t { kExpr, kEmpty, kGroupingSets, kRollup, kCube };
/// An element of GROUP BY: an expression, (), GROUPING SETS (...), ROLLUP (...), CUBE (...).
struct GroupItem {
  GroupItemKind kind = GroupItemKind::kExpr;
  ExprPtr expr;  // kExpr; a row constructor `(a, b)` inside sets
  std::vector<GroupItem> children;
};

struct NamedWindow {
  std::string name;
  WindowSpec spec;
};

enum class QueryBodyKind : uint8_t { kSelect, kSetOp, kValues, kNested };

struct QueryBody;
using QueryBodyPtr = std::unique_ptr<QueryBody>;

struct QueryBody {
  explicit QueryBody(QueryBodyKind k) : kind(k) {}
  virtual ~QueryBody() = default;
  const QueryBodyKind kind;
  SourcePos pos;

  template <typename T>
  const T& As() const {
    return static_cast<const T&>(*this);
  }
};

struct SelectBody : QueryBody {
  SelectBody() : QueryBody(QueryBodyKind::kSelect) {}
  std::vector<Hint> hints;
  bool distinct = false;
  bool all = false;
  std::vector<SelectItem> items;
  TableRefPtr from;
  ExprPtr where;
  bool group_by_distinct = false;
  std::vector<GroupItem> group_by;
  ExprPtr having;
  std::vector<NamedWindow> windows;
};

enum class SetOp : uint8_t { kUnion, kIntersect, kExcept };
struct SetOpBody : QueryBody {
  SetOpBody() : QueryBody(QueryBodyKind::kSetOp) {}
  SetOp op = SetOp::kUnion;
  bool all = false;
  bool distinct = false;  // written UNION DISTINCT
  QueryBodyPtr left;
  QueryBodyPtr right;
};

struct ValuesBody : QueryBody {
  ValuesBody() : QueryBody(QueryBodyKind::kValues) {}
  std::vector<std::vector<ExprPtr>> rows;
};

/// A parenthesised query used as a set-operation operand.
struct NestedBody : QueryBody {
  NestedBody() : QueryBody(QueryBodyKind::kNested) {}
  QueryPtr query;
};

struct CommonTableExpr {
  std::string name;
  std::vector<std::string> columns;
  QueryPtr query;
  SourcePos pos;
};

/// A full query: WITH ... body ORDER BY ... LIMIT/OFFSET/FETCH.
struct Query {
  SourcePos pos;
  std::vector<CommonTableExpr> with;
  QueryBodyPtr body;
  std::vector<OrderItem> order_by;
  ExprPtr limit;  // LIMIT n or FETCH FIRST n ROWS ONLY
  bool limit_all = false;
  bool fetch_syntax = false;
  ExprPtr offset;
};

}  // namespace weir::sql::ast
