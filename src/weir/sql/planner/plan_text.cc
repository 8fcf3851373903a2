// Plan text helpers: field lists, option lists, row types of projections.
#include "weir/sql/planner/plan_text.h"

#include <utility>

#include "weir/common/check.h"
#include "weir/common/str_cat.h"

namespace weir::sql {

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

std::string OptionsText(const TableOptions& options) {
  std::string out;
  for (const auto& [k, v] : options) out += StrCat(out.empty() ? "" : ", ", k, "=", v);
  return out;
}

LogicalType RowOf(const std::vector<ExprPtr>& exprs, const std::vector<std::string>& names) {
  WEIR_CHECK_EQ(exprs.size(), names.size());
  std::vector<Field> fields;
  for (size_t i = 0; i < exprs.size(); ++i) fields.emplace_back(names[i], exprs[i]->type());
  return LogicalType::Row(std::move(fields), /*nullable=*/false);
}

}  // namespace weir::sql
