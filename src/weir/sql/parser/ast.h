// The SQL AST in one include: data types, expressions, queries and statements.
#pragma once

#include "weir/sql/parser/ast_expr.h"       // IWYU pragma: export
#include "weir/sql/parser/ast_query.h"      // IWYU pragma: export
#include "weir/sql/parser/ast_statement.h"  // IWYU pragma: export
#include "weir/sql/parser/ast_type.h"       // IWYU pragma: export
