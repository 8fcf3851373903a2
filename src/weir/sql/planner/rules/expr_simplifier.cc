// ExprSimplifier: bottom-up constant folding and three-valued predicate simplification.
#include "weir/sql/planner/rules/expr_simplifier.h"

#include <string>
#include <utility>
#include <vector>

#include "weir/sql/planner/rules/expr_rewrite.h"

namespace weir::sql {

namespace {

bool IsFoldableType(const LogicalType& t) {
  switch (t.id()) {
    case TypeId::kArray:
    case TypeId::kMap:
    case TypeId::kMultiset:
    case TypeId::kRow:
      return false;  // literals of nested types print poorly and gain nothing
    default:
      return true;
  }
}

bool IsCall(const Expr& e, std::string_view name) {
  return e.kind() == ExprKind::kCall && e.name() == name;
}

// Returns a BOOLEAN literal carrying `type` (the type of the expression it replaces).
ExprPtr TypedBool(bool value, const LogicalType& type) {
  return WithType(BoolLiteral(value), type);
}

class Simplifier {
 public:
  Simplifier(const FunctionRegistry& registry, const EvalContext& ctx)
      : registry_(registry), ctx_(ctx) {}

  ExprPtr Simplify(const ExprPtr& e) {
    if (e->args().empty() && e->kind() != ExprKind::kCall) return e;
    ExprPtr node = MapArgs(e, [&](const ExprPtr& a) { return Simplify(a); });
    ExprPtr out = ApplyRules(node);
    if (out != node && out->kind() != ExprKind::kLiteral && out->kind() != ExprKind::kColumnRef) {
      // A rule may expose new opportunities at this level (e.g. a CAST of a literal).
      out = ApplyRules(out);
    }
    return Fold(out);
  }

 private:
  ExprPtr ApplyRules(const ExprPtr& e) {
    if (e->kind() == ExprKind::kCase) return SimplifyCase(e);
    if (e->kind() != ExprKind::kCall) return e;
    const std::string& name = e->name();
    if (name == "AND") return SimplifyAndOr(e, /*is_and=*/true);
    if (name == "OR") return SimplifyAndOr(e, /*is_and=*/false);
    if (e->num_args() != 1) {
      if (name == "COALESCE") return SimplifyCoalesce(e);
      if (name == "IFNULL") return SimplifyIfNull(e);
      return e;
    }
    const ExprPtr& arg = e->arg(0);
    if (name == "NOT") {
      if (IsCall(*arg, "NOT")) return WithType(arg->arg(0), e->type());
      return e;
    }
    if (name == "COALESCE") return WithType(arg, e->type());
    if (arg->type().nullable()) return e;
    // The rules below hold because the operand is never NULL.
    if (name == "IS NULL" || name == "IS UNKNOWN") return TypedBool(false, e->type());
    if (name == "IS NOT NULL" || name == "IS NOT UNKNOWN") return TypedBool(true, e->type());
    if (arg->type().id() != TypeId::kBoolean) return e;
    if (name == "IS TRUE" || name == "IS NOT FALSE") return WithType(arg, e->type());
    if (name == "IS FALSE" || name == "IS NOT TRUE") {
      if (IsCall(*arg, "NOT")) return WithType(arg->arg(0), e->type());
      return WithType(Expr::Call("NOT", {arg}, LogicalType::Boolean(false)), e->type());
    }
    return e;
  }

  // AND / OR under three-valued logic: FALSE (AND) or TRUE (OR) decides the result whatever
  // the other operands are, NULL included; TRUE (AND) or FALSE (OR) can be dropped; NULL can
  // not (FALSE AND NULL is FALSE, TRUE AND NULL is NULL) but duplicates of it can.
  ExprPtr SimplifyAndOr(const ExprPtr& e, bool is_and) {
    const bool absorbing = !is_and;
    std::vector<ExprPtr> ops;
    bool changed = false;
    for (const ExprPtr& a : e->args()) {
      if (IsCall(*a, e->name())) {
        ops.insert(ops.end(), a->args().begin(), a->args().end());
        changed = true;
      } else {
        ops.push_back(a);
      }
    }
    std::vector<ExprPtr> kept;
    for (const ExprPtr& op : ops) {
      if (IsBoolLiteral(*op, absorbing)) return TypedBool(absorbing, e->type());
      if (IsBoolLiteral(*op, !absorbing)) {
        changed = true;
        continue;
      }
      bool duplicate = false;
      for (const ExprPtr& k : kept) duplicate = duplicate || k->Equals(*op);
      if (duplicate) {
        changed = true;
        continue;
      }
      kept.push_back(op);
    }
    if (kept.empty()) return TypedBool(!absorbing, e->type());
    if (kept.size() == 1) return WithType(kept[0], e->type());
    if (!changed) return e;
    return Expr::Call(e->name(), std::move(kept), e->type());
  }

  // CASE WHEN c1 THEN v1 ... ELSE v END: branches whose condition is FALSE or NULL never
  // run; a TRUE condition ends the CASE (its value becomes the ELSE).
  ExprPtr SimplifyCase(const ExprPtr& e) {
    const std::vector<ExprPtr>& ops = e->args();
    if (ops.size() < 3 || ops.size() % 2 == 0) return e;
    std::vector<ExprPtr> kept;
    ExprPtr otherwise = ops.back();
    bool changed = false;
    for (size_t i = 0; i + 1 < ops.size(); i += 2) {
      if (IsBoolLiteral(*ops[i], true)) {
        otherwise = ops[i + 1];
        changed = true;
        break;
      }
      if (IsBoolLiteral(*ops[i], false) || IsNullLiteral(*ops[i])) {
        changed = true;
        continue;
      }
      kept.push_back(ops[i]);
      kept.push_back(ops[i + 1]);
    }
    if (!changed) return e;
    if (kept.empty()) return WithType(otherwise, e->type());
    kept.push_back(otherwise);
    return Expr::Case(std::move(kept), e->type());
  }

  // COALESCE(a, b, ...): NULL literals are skipped; operands after the first that can not be
  // NULL are never reached.
  ExprPtr SimplifyCoalesce(const ExprPtr& e) {
    std::vector<ExprPtr> kept;
    bool changed = false;
    for (size_t i = 0; i < e->args().size(); ++i) {
      const ExprPtr& a = e->args()[i];
      if (IsNullLiteral(*a)) {
        changed = true;
        continue;
      }
      kept.push_back(a);
      if (!a->type().nullable()) {
        changed = changed || i + 1 < e->args().size();
        break;
      }
    }
    if (!changed) return e;
    if (kept.empty()) return e;  // all NULL: folding handles it
    if (kept.size() == 1) return WithType(kept[0], e->type());
    // Dropped operands may have widened the common type: keep the call only when the
    // operands left still convert to the same type.
    std::vector<LogicalType> types;
    for (const ExprPtr& k : kept) types.push_back(k->type());
    Result<LogicalType> t = registry_.InferType("COALESCE", types);
    if (!t.ok() || !t->EqualsIgnoringNullability(e->type())) return e;
    return Expr::Call("COALESCE", std::move(kept), e->type());
  }

  ExprPtr SimplifyIfNull(const ExprPtr& e) {
    if (e->num_args() != 2) return e;
    if (!e->arg(0)->type().nullable()) return WithType(e->arg(0), e->type());
    if (IsNullLiteral(*e->arg(0))) return WithType(e->arg(1), e->type());
    return e;
  }

  // Replaces a deterministic call, CAST or CASE over literals by its value.
  ExprPtr Fold(const ExprPtr& e) {
    if (e->kind() == ExprKind::kLiteral || e->kind() == ExprKind::kColumnRef) return e;
    if (!IsFoldableType(e->type())) return e;
    if (e->kind() == ExprKind::kCall && !registry_.IsDeterministic(e->name())) return e;
    for (const ExprPtr& a : e->args()) {
      if (a->kind() != ExprKind::kLiteral) return e;
    }
    if (e->kind() == ExprKind::kCall && !BindsDeterministic(*e)) return e;
    Result<Value> value = EvaluateConstant(e, registry_, ctx_);
    if (!value.ok()) {
      value.status().IgnoreError();  // the runtime reports it, where the row is known
      return e;
    }
    if (value->is_null() && !e->type().nullable()) return e;
    return Expr::Literal(std::move(value).ValueOrDie(), e->type());
  }

  // Returns whether the overload a call binds to is deterministic (some functions are only
  // for some arguments, e.g. UNIX_TIMESTAMP() but not UNIX_TIMESTAMP(s)).
  bool BindsDeterministic(const Expr& call) const {
    BindInput input;
    for (const ExprPtr& a : call.args()) {
      input.types.push_back(a->type());
      input.constants.push_back(&a->literal());
    }
    Result<BoundFunction> bound = registry_.Bind(call.name(), input);
    if (!bound.ok()) {
      bound.status().IgnoreError();  // not foldable; the compiler reports it where it runs
      return false;
    }
    return bound->deterministic;
  }

  const FunctionRegistry& registry_;
  const EvalContext& ctx_;
};

}  // namespace

ExprPtr SimplifyExpr(const ExprPtr& expr, const FunctionRegistry& registry,
                     const EvalContext& ctx) {
  return Simplifier(registry, ctx).Simplify(expr);
}

}  // namespace weir::sql
