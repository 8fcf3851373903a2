// ExpressionBinder::BindJsonCall: JSON_VALUE/QUERY/EXISTS/OBJECT/ARRAY clauses -> registry calls.
#include "weir/common/str_cat.h"
#include "weir/sql/binder/expression_binder.h"

namespace weir::sql {

namespace {

ExprPtr ModeLiteral(const std::string& mode) {
  return Expr::Literal(Value(mode), LogicalType::String(false));
}

// The RETURNING type travels as a typed NULL literal (json_functions.h).
Result<ExprPtr> ReturningLiteral(const ast::JsonClauses& json) {
  if (json.returning == nullptr) return Expr::Literal(Value(), LogicalType::String(true));
  WEIR_ASSIGN_OR_RAISE(LogicalType type, json.returning->ToLogicalType());
  return Expr::Literal(Value(), type.WithNullable(true));
}

}  // namespace

Result<ExprPtr> ExpressionBinder::BindJsonCall(const ast::CallExpr& call,
                                               const std::string& upper) const {
  if (upper == "JSON_OBJECTAGG" || upper == "JSON_ARRAYAGG") {
    return Status::NotSupported("not supported yet: aggregate function ", upper,
                                PosSuffix(call.pos));
  }
  WEIR_ASSIGN_OR_RAISE(std::vector<ExprPtr> bound, BindAll(call.args));
  const ast::JsonClauses& json = call.json;
  // A behaviour's mode and its DEFAULT value (a NULL literal unless DEFAULT).
  auto behavior = [&](const std::optional<ast::JsonBehavior>& b,
                      bool with_default) -> Result<std::vector<ExprPtr>> {
    std::vector<ExprPtr> out{ModeLiteral(b ? b->behavior : "NULL")};
    if (!with_default) return out;
    if (b && b->default_value != nullptr) {
      WEIR_ASSIGN_OR_RAISE(ExprPtr d, Bind(*b->default_value));
      out.push_back(std::move(d));
    } else {
      out.push_back(Expr::Literal(Value(), LogicalType::String(true)));
    }
    return out;
  };
  std::vector<ExprPtr> args;
  if (call.syntax == ast::CallSyntax::kJsonValue) {
    args = std::move(bound);
    if (upper == "JSON_EXISTS") {
      if (json.on_error) args.push_back(ModeLiteral(json.on_error->behavior));
    } else if (upper == "JSON_VALUE") {
      if (json.returning != nullptr || json.on_empty || json.on_error) {
        WEIR_ASSIGN_OR_RAISE(ExprPtr returning, ReturningLiteral(json));
        args.push_back(std::move(returning));
      }
      if (json.on_empty || json.on_error) {
        for (const auto* b : {&json.on_empty, &json.on_error}) {
          WEIR_ASSIGN_OR_RAISE(std::vector<ExprPtr> mode, behavior(*b, true));
          args.insert(args.end(), mode.begin(), mode.end());
        }
      }
    } else {  // JSON_QUERY
      if (json.returning != nullptr || !json.wrapper.empty() || json.on_empty || json.on_error) {
        WEIR_ASSIGN_OR_RAISE(ExprPtr returning, ReturningLiteral(json));
        args.push_back(std::move(returning));
      }
      if (!json.wrapper.empty() || json.on_empty || json.on_error) {
        args.push_back(ModeLiteral(json.wrapper.empty() ? "WITHOUT ARRAY" : json.wrapper));
        for (const auto* b : {&json.on_empty, &json.on_error}) {
          WEIR_ASSIGN_OR_RAISE(std::vector<ExprPtr> mode, behavior(*b, false));
          args.insert(args.end(), mode.begin(), mode.end());
        }
      }
    }
  } else {
    const bool object = call.syntax == ast::CallSyntax::kJsonObject;
    args.push_back(
        ModeLiteral(!json.on_null.empty() ? json.on_null : (object ? "NULL" : "ABSENT")));
    args.insert(args.end(), bound.begin(), bound.end());
  }
  return MakeCall(upper, std::move(args), call.pos);
}

}  // namespace weir::sql
