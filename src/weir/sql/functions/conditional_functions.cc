// Conditional functions: CASE, COALESCE, IF, IFNULL, NULLIF (lazy forms), GREATEST, LEAST.
#include "weir/sql/functions/builtin_functions.h"
#include "weir/sql/functions/kernel_loops.h"
#include "weir/sql/functions/type_inference.h"

namespace weir::sql {

namespace {

Result<LogicalType> CommonOrFail(std::string_view name, const std::vector<LogicalType>& types,
                                 const std::vector<LogicalType>& all) {
  auto common = CommonType(types);
  if (!common) return NoMatchingSignature(name, all);
  if (common->id() == TypeId::kNull) return LogicalType::Null();
  return *common;
}

Result<BoundFunction> BindCoalesce(const BindInput& in) {
  if (in.types.empty()) return NoMatchingSignature("COALESCE", in.types);
  WEIR_ASSIGN_OR_RAISE(LogicalType t, CommonOrFail("COALESCE", in.types, in.types));
  bool nullable = true;
  for (const auto& ty : in.types) nullable = nullable && ty.nullable();
  BoundFunction f;
  f.form = FunctionForm::kCoalesce;
  f.return_type = t.WithNullable(nullable);
  f.operand_types.assign(in.types.size(), t);
  return f;
}

Result<BoundFunction> BindIfNull(const BindInput& in) {
  WEIR_RETURN_NOT_OK(CheckArity("IFNULL", in, 2));
  WEIR_ASSIGN_OR_RAISE(BoundFunction f, BindCoalesce(in));
  f.form = FunctionForm::kIfNull;
  return f;
}

Result<BoundFunction> BindIf(const BindInput& in) {
  WEIR_RETURN_NOT_OK(CheckArity("IF", in, 3));
  if (in.types[0].id() != TypeId::kBoolean && in.types[0].id() != TypeId::kNull) {
    return NoMatchingSignature("IF", in.types);
  }
  WEIR_ASSIGN_OR_RAISE(LogicalType t, CommonOrFail("IF", {in.types[1], in.types[2]}, in.types));
  BoundFunction f;
  f.form = FunctionForm::kIf;
  f.return_type = t;
  f.operand_types = {LogicalType::Boolean(in.types[0].nullable()), t, t};
  return f;
}

Result<BoundFunction> BindNullIf(const BindInput& in) {
  WEIR_RETURN_NOT_OK(CheckArity("NULLIF", in, 2));
  auto common = ComparisonType(in.types[0], in.types[1]);
  if (!common) return NoMatchingSignature("NULLIF", in.types);
  BoundFunction f;
  f.form = FunctionForm::kNullIf;
  f.return_type = in.types[0].WithNullable(true);
  f.operand_types = {in.types[0], in.types[1]};
  return f;
}

// CASE: cond, value, ..., else. Only used for type inference.
Result<BoundFunction> BindCase(const BindInput& in) {
  if (in.types.size() < 3 || in.types.size() % 2 == 0) {
    return NoMatchingSignature("CASE", in.types);
  }
  std::vector<LogicalType> values;
  for (size_t i = 1; i < in.types.size(); i += 2) values.push_back(in.types[i]);
  values.push_back(in.types.back());
  WEIR_ASSIGN_OR_RAISE(LogicalType t, CommonOrFail("CASE", values, in.types));
  BoundFunction f;
  f.form = FunctionForm::kCase;
  f.return_type = t;
  for (size_t i = 0; i + 1 < in.types.size(); i += 2) {
    f.operand_types.push_back(LogicalType::Boolean());
    f.operand_types.push_back(t);
  }
  f.operand_types.push_back(t);
  return f;
}

BindFn GreatestBinder(const char* name, bool greatest) {
  return [=](const BindInput& in) -> Result<BoundFunction> {
    if (in.types.empty()) return NoMatchingSignature(name, in.types);
    WEIR_ASSIGN_OR_RAISE(LogicalType t, CommonOrFail(name, in.types, in.types));
    if (t.id() == TypeId::kNull || t.is_nested() || t.id() == TypeId::kBoolean) {
      return NoMatchingSignature(name, in.types);
    }
    BoundFunction f;
    f.return_type = t;
    f.operand_types.assign(in.types.size(), t);
    f.kernel = [t, greatest](const EvalContext& c, const std::vector<Datum>& a,
                             int64_t n) -> Result<ColumnPtr> {
      WEIR_ASSIGN_OR_RAISE(auto validity, CombineValidity(a, n, c.pool));
      if (t.layout() == PhysicalLayout::kVarBinary) {
        StringBuilder b(t, c.pool);
        WEIR_RETURN_NOT_OK(b.Reserve(n));
        for (int64_t i = 0; i < n; ++i) {
          if (validity && !bits::GetBit(validity->data(), i)) {
            WEIR_RETURN_NOT_OK(b.AppendNull());
            continue;
          }
          std::string_view best = a[0].column->StringValue(a[0].scalar ? 0 : i);
          for (size_t k = 1; k < a.size(); ++k) {
            std::string_view v = a[k].column->StringValue(a[k].scalar ? 0 : i);
            if (greatest ? v > best : v < best) best = v;
          }
          WEIR_RETURN_NOT_OK(b.Append(best));
        }
        return b.Finish();
      }
      return DispatchFixed(t.id(), [&](auto tag) -> Result<ColumnPtr> {
        using T = decltype(tag);
        WEIR_ASSIGN_OR_RAISE(auto values, AllocateValues<T>(n, c.pool));
        T* out = values->template mutable_data_as<T>();
        FixedReader<T> first(a[0]);
        for (int64_t i = 0; i < n; ++i) out[i] = first[i];
        for (size_t k = 1; k < a.size(); ++k) {
          FixedReader<T> r(a[k]);
          for (int64_t i = 0; i < n; ++i) {
            T v = r[i];
            if (greatest ? v > out[i] : v < out[i]) out[i] = v;
          }
        }
        return MakeFixedColumn(t, n, values, validity);
      });
    };
    return f;
  };
}

}  // namespace

void RegisterConditionalFunctions(FunctionRegistry* r) {
  r->Register({"CASE", "conditional", BindCase});
  r->Register({"COALESCE", "conditional", BindCoalesce});
  r->Register({"IFNULL", "conditional", BindIfNull});
  r->Register({"IF", "conditional", BindIf});
  r->Register({"NULLIF", "conditional", BindNullIf});
  r->Register({"GREATEST", "conditional", GreatestBinder("GREATEST", true)});
  r->Register({"LEAST", "conditional", GreatestBinder("LEAST", false)});
}

}  // namespace weir::sql
