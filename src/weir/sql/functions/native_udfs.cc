// Native implementations of Java UDF classes used by benchmark SQL (Nexmark's CountChar).
#include "weir/sql/functions/builtin_functions.h"
#include "weir/sql/functions/string_loops.h"

namespace weir::sql {

namespace {

// count_char(s, c): the number of bytes of s equal to the first byte of c; 0 for a NULL s.
// A NULL or empty c is an error, as the Java UDF fails on it.
Result<BoundFunction> BindCountChar(const BindInput& in) {
  WEIR_RETURN_NOT_OK(CheckArity("count_char", in, 2));
  for (const auto& t : in.types) {
    if (!t.is_string() && t.id() != TypeId::kNull) {
      return NoMatchingSignature("count_char", in.types);
    }
  }
  BoundFunction f;
  f.return_type = LogicalType::BigInt(false);
  f.operand_types = {LogicalType::String(), LogicalType::String()};
  f.kernel = [](const EvalContext& c, const std::vector<Datum>& a, int64_t n) -> Result<ColumnPtr> {
    WEIR_ASSIGN_OR_RAISE(auto values, AllocateValues<int64_t>(n, c.pool));
    int64_t* out = values->mutable_data_as<int64_t>();
    for (int64_t i = 0; i < n; ++i) {
      if (a[1].type().id() == TypeId::kNull || a[1].IsNull(i) || StrAt(a[1], i).empty()) {
        return Status::Invalid("count_char needs a non-empty character argument");
      }
      if (a[0].type().id() == TypeId::kNull || a[0].IsNull(i)) {
        out[i] = 0;
        continue;
      }
      char target = StrAt(a[1], i)[0];
      std::string_view s = StrAt(a[0], i);
      int64_t count = 0;
      for (char ch : s) count += ch == target;
      out[i] = count;
    }
    return MakeFixedColumn(LogicalType::BigInt(false), n, values, nullptr);
  };
  return f;
}

}  // namespace

void RegisterNativeUdfs(FunctionRegistry* r) {
  r->RegisterClass("com.github.nexmark.flink.udf.CountChar",
                   {"COUNT_CHAR", "user-defined", BindCountChar});
}

}  // namespace weir::sql
