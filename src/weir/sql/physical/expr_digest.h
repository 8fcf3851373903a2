// ExprDigest: expressions printed over named input fields, as Flink's plans print them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "weir/sql/expr/expr.h"

namespace weir::sql {

/// How a plan prints expressions.
enum class ExprForm : uint8_t {
  kPrefix,  // the optimised physical plan: `*(b, 2)`, `>(a, 1)`, `AND(>(a, 1), <(b, 2))`
  kInfix,   // the execution plan: `(b * 2)`, `(a > 1)`, `((a > 1) AND (b < 2))`
};

/// Returns `expr` printed with input column i named `names[i]` (a column without a name
/// prints as `$i`); literals print as in Expr::ToString.
std::string ExprDigest(const Expr& expr, const std::vector<std::string>& names, ExprForm form);

}  // namespace weir::sql
