// Test helpers for the SQL parser: parse-or-fail, S-expression dumps and round-trip checks.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "weir/sql/parser/ast_printer.h"
#include "weir/sql/parser/parser.h"

namespace weir::sql::ast::testing {

/// Returns a compact prefix form of an expression, e.g. "(+ a (* b c))", for precedence tests.
inline std::string Tree(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kBinary: {
      const auto& b = e.As<BinaryExpr>();
      return StrCat("(", BinaryOpName(b.op), " ", Tree(*b.left), " ", Tree(*b.right), ")");
    }
    case ExprKind::kUnary: {
      const auto& u = e.As<UnaryExpr>();
      const char* op = u.op == UnaryOp::kNot ? "NOT" : u.op == UnaryOp::kMinus ? "neg" : "pos";
      return StrCat("(", op, " ", Tree(*u.operand), ")");
    }
    case ExprKind::kIdentifier: {
      std::string out;
      for (const auto& n : e.As<IdentifierExpr>().names) out += (out.empty() ? "" : ".") + n;
      return out;
    }
    case ExprKind::kIs: {
      const auto& i = e.As<IsExpr>();
      return StrCat("(IS", i.negated ? " NOT " : " ", i.what, " ", Tree(*i.operand), ")");
    }
    case ExprKind::kBetween: {
      const auto& b = e.As<BetweenExpr>();
      return StrCat("(", b.negated ? "NOT " : "", "BETWEEN ", Tree(*b.operand), " ", Tree(*b.low),
                    " ", Tree(*b.high), ")");
    }
    case ExprKind::kLike: {
      const auto& l = e.As<LikeExpr>();
      return StrCat("(", l.negated ? "NOT " : "", "LIKE ", Tree(*l.operand), " ", Tree(*l.pattern),
                    ")");
    }
    case ExprKind::kInList: {
      const auto& i = e.As<InListExpr>();
      std::string out = StrCat("(", i.negated ? "NOT " : "", "IN ", Tree(*i.operand));
      for (const auto& x : i.list) out += " " + Tree(*x);
      return out + ")";
    }
    default:
      return ToSql(e);
  }
}

/// Parses `sql` as an expression and returns its Tree(), or the error text.
inline std::string ExprTree(std::string_view sql) {
  Result<ExprPtr> e = ParseExpression(sql);
  if (!e.ok()) return "ERROR: " + e.status().message();
  return Tree(**e);
}

/// Parses one statement; fails the test (and returns null) on error.
inline StatementPtr MustParse(std::string_view sql) {
  Result<StatementPtr> r = ParseStatement(sql);
  EXPECT_TRUE(r.ok()) << r.status().ToString() << "\nin: " << sql;
  if (!r.ok()) return nullptr;
  return std::move(r).ValueOrDie();
}

/// Returns the parse error message of `sql` (empty if it parses).
inline std::string ParseError(std::string_view sql) {
  Result<std::vector<StatementPtr>> r = ParseScript(sql);
  if (r.ok()) return "";
  return r.status().message();
}

/// Parses, prints, parses the print and prints again; expects the two prints to be equal and
/// returns the first print (empty on a parse error, which also fails the test).
inline std::string RoundTrip(std::string_view sql) {
  StatementPtr first = MustParse(sql);
  if (!first) return "";
  std::string printed = ToSql(*first);
  Result<StatementPtr> second = ParseStatement(printed);
  EXPECT_TRUE(second.ok()) << second.status().ToString() << "\nprinted: " << printed;
  if (!second.ok()) return "";
  EXPECT_EQ(printed, ToSql(**second)) << "from: " << sql;
  return printed;
}

}  // namespace weir::sql::ast::testing
