// Printing helpers shared by ast_printer*.cc (internal to the parser).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "weir/sql/parser/ast_statement.h"

namespace weir::sql::ast::internal {

void PrintExpr(const Expr& e, std::string& out);
void PrintType(const DataTypeNode& t, std::string& out);
void PrintQuery(const Query& q, std::string& out);
void PrintOrderItems(const std::vector<OrderItem>& items, std::string& out);
void PrintWindowSpec(const WindowSpec& w, std::string& out);
/// Returns true if `name` can be printed without backquotes (a plain, unreserved word).
bool IsBareIdentifier(std::string_view name);
void PrintIntervalQualifier(const IntervalQualifier& q, std::string& out);

}  // namespace weir::sql::ast::internal
