// Parser: Flink SQL text to AST statements, queries and expressions with source positions.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "weir/common/result.h"
#include "weir/sql/parser/ast.h"

namespace weir::sql::ast {

/// Nesting depth (parentheses, subqueries, operator chains, types) beyond which parsing fails
/// with an error instead of risking the stack.
inline constexpr int kMaxParseDepth = 300;

/// Parses a script of statements separated by `;` (empty statements are skipped). Each
/// statement keeps its own source text. Errors are Status::Invalid with Flink's wording:
/// `SQL parse failed. Encountered "FORM" at line 1, column 10. Was expecting one of: ...`.
Result<std::vector<StatementPtr>> ParseScript(std::string_view sql);

/// Parses exactly one statement (a trailing `;` is allowed).
Result<StatementPtr> ParseStatement(std::string_view sql);

/// Parses one scalar expression, e.g. the body of a computed column.
Result<ExprPtr> ParseExpression(std::string_view sql);

/// Parses one data type, e.g. `ROW<a INT, b ARRAY<STRING>> NOT NULL`.
Result<DataTypePtr> ParseDataType(std::string_view sql);

/// Returns the line and column of a parse error produced by this parser, if the status has one.
std::optional<SourcePos> ParseErrorPosition(const Status& status);

}  // namespace weir::sql::ast
