// ToSql: prints AST nodes back as canonical Flink SQL (upper-case keywords, backquoted names).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "weir/sql/parser/ast_statement.h"

namespace weir::sql::ast {

/// Prints a statement; parsing the output yields an equal AST (printing is a fixed point
/// after one round trip).
std::string ToSql(const Statement& stmt);
std::string ToSql(const Query& query);
std::string ToSql(const Expr& expr);
std::string ToSql(const DataTypeNode& type);

/// Returns `name` quoted with backquotes (inner backquotes doubled).
std::string QuoteIdentifier(std::string_view name);
/// Returns a dotted name with each part backquoted: `cat`.`db`.`t`.
std::string QuoteName(const std::vector<std::string>& parts);
/// Returns `value` as a SQL string literal: 'it''s'.
std::string QuoteString(std::string_view value);

}  // namespace weir::sql::ast
