// ExprDigest: recursive printing of Expr trees in prefix or infix form over field names.
#include "weir/sql/physical/expr_digest.h"

#include <string_view>

namespace weir::sql {

namespace {

// Calls printed between their operands in the infix form.
bool IsBinaryOperator(std::string_view name) {
  static constexpr std::string_view kOperators[] = {"+",  "-", "*",  "/",   "%",  "=",  "<>",  "<",
                                                    "<=", ">", ">=", "AND", "OR", "||", "LIKE"};
  for (std::string_view op : kOperators) {
    if (name == op) return true;
  }
  return false;
}

// Calls printed after their single operand in the infix form.
bool IsPostfixOperator(std::string_view name) {
  return name == "IS NULL" || name == "IS NOT NULL" || name == "IS TRUE" || name == "IS NOT TRUE" ||
         name == "IS FALSE" || name == "IS NOT FALSE";
}

void Append(const Expr& e, const std::vector<std::string>& names, ExprForm form, std::string* out) {
  switch (e.kind()) {
    case ExprKind::kColumnRef: {
      const int i = e.column_index();
      if (i >= 0 && static_cast<size_t>(i) < names.size()) {
        *out += names[static_cast<size_t>(i)];
      } else {
        *out += "$" + std::to_string(i);
      }
      return;
    }
    case ExprKind::kLiteral:
      *out += e.ToString();
      return;
    case ExprKind::kCast:
      *out += e.is_try() ? "TRY_CAST(" : "CAST(";
      Append(*e.arg(0), names, form, out);
      *out += " AS " + e.type().ToString() + ")";
      return;
    case ExprKind::kCall:
      if (form == ExprForm::kInfix && e.num_args() >= 2 && IsBinaryOperator(e.name())) {
        *out += "(";
        for (int i = 0; i < e.num_args(); ++i) {
          if (i > 0) *out += " " + e.name() + " ";
          Append(*e.arg(i), names, form, out);
        }
        *out += ")";
        return;
      }
      if (form == ExprForm::kInfix && e.num_args() == 1 && IsPostfixOperator(e.name())) {
        *out += "(";
        Append(*e.arg(0), names, form, out);
        *out += " " + e.name() + ")";
        return;
      }
      [[fallthrough]];
    case ExprKind::kCase:
      *out += e.kind() == ExprKind::kCase ? std::string("CASE") : e.name();
      *out += "(";
      for (int i = 0; i < e.num_args(); ++i) {
        if (i > 0) *out += ", ";
        Append(*e.arg(i), names, form, out);
      }
      *out += ")";
      return;
  }
}

}  // namespace

std::string ExprDigest(const Expr& expr, const std::vector<std::string>& names, ExprForm form) {
  std::string out;
  Append(expr, names, form, &out);
  return out;
}

}  // namespace weir::sql
