// Comparison functions: = <> < <= > >=, IS [NOT] DISTINCT FROM, BETWEEN, IN.
#include <string_view>
#include <unordered_set>

#include "weir/common/batch/column_builder.h"
#include "weir/sql/functions/builtin_functions.h"
#include "weir/sql/functions/cast_functions.h"
#include "weir/sql/functions/kernel_loops.h"
#include "weir/sql/functions/type_inference.h"

namespace weir::sql {

namespace {

enum class CmpOp { kEq, kNe, kLt, kLe, kGt, kGe };

template <typename T>
inline bool Compare(CmpOp op, const T& a, const T& b) {
  switch (op) {
    case CmpOp::kEq:
      return a == b;
    case CmpOp::kNe:
      return a != b;
    case CmpOp::kLt:
      return a < b;
    case CmpOp::kLe:
      return a <= b;
    case CmpOp::kGt:
      return a > b;
    case CmpOp::kGe:
      return a >= b;
  }
  return false;
}

// Tight loop for one fixed op over raw arrays writing one byte per row.
template <typename T, typename Cmp>
void CompareFixed(const Datum& da, const Datum& db, int64_t n, uint8_t* out, Cmp cmp) {
  const T* a = da.column->values<T>();
  const T* b = db.column->values<T>();
  if (!da.scalar && !db.scalar) {
    for (int64_t i = 0; i < n; ++i) out[i] = cmp(a[i], b[i]);
  } else if (!da.scalar) {
    const T bv = b[0];
    for (int64_t i = 0; i < n; ++i) out[i] = cmp(a[i], bv);
  } else if (!db.scalar) {
    const T av = a[0];
    for (int64_t i = 0; i < n; ++i) out[i] = cmp(av, b[i]);
  } else {
    uint8_t v = cmp(a[0], b[0]);
    for (int64_t i = 0; i < n; ++i) out[i] = v;
  }
}

template <typename T>
void CompareFixedOp(CmpOp op, const Datum& a, const Datum& b, int64_t n, uint8_t* out) {
  switch (op) {
    case CmpOp::kEq:
      return CompareFixed<T>(a, b, n, out, [](T x, T y) { return x == y; });
    case CmpOp::kNe:
      return CompareFixed<T>(a, b, n, out, [](T x, T y) { return x != y; });
    case CmpOp::kLt:
      return CompareFixed<T>(a, b, n, out, [](T x, T y) { return x < y; });
    case CmpOp::kLe:
      return CompareFixed<T>(a, b, n, out, [](T x, T y) { return x <= y; });
    case CmpOp::kGt:
      return CompareFixed<T>(a, b, n, out, [](T x, T y) { return x > y; });
    case CmpOp::kGe:
      return CompareFixed<T>(a, b, n, out, [](T x, T y) { return x >= y; });
  }
}

// Writes op(a[i], b[i]) as bytes, ignoring nulls (their bytes are arbitrary).
void CompareBytes(CmpOp op, const LogicalType& t, const Datum& a, const Datum& b, int64_t n,
                  uint8_t* out) {
  if (a.type().id() == TypeId::kNull || b.type().id() == TypeId::kNull) return;
  if (t.layout() == PhysicalLayout::kVarBinary) {
    for (int64_t i = 0; i < n; ++i) {
      std::string_view x = a.column->StringValue(a.scalar ? 0 : i);
      std::string_view y = b.column->StringValue(b.scalar ? 0 : i);
      out[i] = Compare(op, x, y);
    }
    return;
  }
  if (t.id() == TypeId::kBoolean) {
    for (int64_t i = 0; i < n; ++i) {
      bool x = a.column->BoolValue(a.scalar ? 0 : i);
      bool y = b.column->BoolValue(b.scalar ? 0 : i);
      out[i] = Compare(op, x, y);
    }
    return;
  }
  DispatchFixed(t.id(), [&](auto tag) {
    using T = decltype(tag);
    CompareFixedOp<T>(op, a, b, n, out);
    return 0;
  });
}

Result<ColumnPtr> CompareKernel(CmpOp op, const LogicalType& t, const EvalContext& c,
                                const std::vector<Datum>& args, int64_t n,
                                const LogicalType& out_type) {
  WEIR_ASSIGN_OR_RAISE(auto validity, CombineValidity(args, n, c.pool));
  std::vector<uint8_t> bytes(static_cast<size_t>(n), 0);
  CompareBytes(op, t, args[0], args[1], n, bytes.data());
  WEIR_ASSIGN_OR_RAISE(auto out_bits, AllocateBits(n, c.pool));
  PackBytes(bytes.data(), n, out_bits->mutable_data());
  return MakeBooleanColumn(out_type, n, std::move(out_bits), std::move(validity));
}

bool Comparable(const LogicalType& t, CmpOp op) {
  if (op == CmpOp::kEq || op == CmpOp::kNe) return !t.is_nested();
  return !t.is_nested() && t.id() != TypeId::kNull;
}

BindFn ComparisonBinder(const char* name, CmpOp op) {
  return [name, op](const BindInput& in) -> Result<BoundFunction> {
    WEIR_RETURN_NOT_OK(CheckArity(name, in, 2));
    auto common = ComparisonType(in.types[0], in.types[1]);
    if (!common || common->is_nested()) return NoMatchingSignature(name, in.types);
    LogicalType t = common->id() == TypeId::kNull ? LogicalType::Boolean() : *common;
    if (!Comparable(t, op)) return NoMatchingSignature(name, in.types);
    BoundFunction f;
    f.return_type = LogicalType::Boolean(in.types[0].nullable() || in.types[1].nullable());
    f.operand_types = {t.WithNullable(in.types[0].nullable()),
                       t.WithNullable(in.types[1].nullable())};
    LogicalType rt = f.return_type;
    f.kernel = [op, t, rt](const EvalContext& c, const std::vector<Datum>& a, int64_t n) {
      return CompareKernel(op, t, c, a, n, rt);
    };
    return f;
  };
}

BindFn DistinctBinder(const char* name, bool distinct) {
  return [name, distinct](const BindInput& in) -> Result<BoundFunction> {
    WEIR_RETURN_NOT_OK(CheckArity(name, in, 2));
    auto common = ComparisonType(in.types[0], in.types[1]);
    if (!common || common->is_nested()) return NoMatchingSignature(name, in.types);
    LogicalType t = common->id() == TypeId::kNull ? LogicalType::Boolean() : *common;
    BoundFunction f;
    f.return_type = LogicalType::Boolean(false);
    f.operand_types = {t, t};
    f.kernel = [t, distinct](const EvalContext& c, const std::vector<Datum>& a,
                             int64_t n) -> Result<ColumnPtr> {
      std::vector<uint8_t> bytes(static_cast<size_t>(n), 0);
      CompareBytes(CmpOp::kEq, t, a[0], a[1], n, bytes.data());
      bool maybe_null = !a[0].NoNulls() || !a[1].NoNulls() || a[0].type().id() == TypeId::kNull ||
                        a[1].type().id() == TypeId::kNull;
      for (int64_t i = 0; i < n; ++i) {
        bool eq = bytes[static_cast<size_t>(i)] != 0;
        if (maybe_null) {
          bool na = a[0].type().id() == TypeId::kNull || a[0].IsNull(i);
          bool nb = a[1].type().id() == TypeId::kNull || a[1].IsNull(i);
          eq = (na && nb) || (!na && !nb && eq);
        }
        bytes[static_cast<size_t>(i)] = (eq != distinct) ? 1 : 0;
      }
      WEIR_ASSIGN_OR_RAISE(auto out_bits, AllocateBits(n, c.pool));
      PackBytes(bytes.data(), n, out_bits->mutable_data());
      return MakeBooleanColumn(LogicalType::Boolean(false), n, std::move(out_bits), nullptr);
    };
    return f;
  };
}

// Combines two boolean columns with SQL AND (3-valued) into bytes; used by BETWEEN.
Result<ColumnPtr> And3(const EvalContext& c, const ColumnPtr& x, const ColumnPtr& y, int64_t n,
                       const LogicalType& rt, bool negate) {
  std::vector<uint8_t> value(static_cast<size_t>(n)), valid(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    bool xn = x->IsNull(i), yn = y->IsNull(i);
    bool xv = !xn && x->BoolValue(i), yv = !yn && y->BoolValue(i);
    bool is_false = (!xn && !xv) || (!yn && !yv);
    bool is_true = xv && yv;
    valid[static_cast<size_t>(i)] = is_false || is_true;
    value[static_cast<size_t>(i)] = negate ? !is_true : is_true;
  }
  WEIR_ASSIGN_OR_RAISE(auto vb, AllocateBits(n, c.pool));
  WEIR_ASSIGN_OR_RAISE(auto nb, AllocateBits(n, c.pool));
  PackBytes(value.data(), n, vb->mutable_data());
  PackBytes(valid.data(), n, nb->mutable_data());
  return MakeBooleanColumn(rt, n, vb, nb);
}

BindFn BetweenBinder(const char* name, bool negate) {
  return [name, negate](const BindInput& in) -> Result<BoundFunction> {
    WEIR_RETURN_NOT_OK(CheckArity(name, in, 3));
    auto common = CommonType(in.types);
    if (!common) {
      auto c1 = ComparisonType(in.types[0], in.types[1]);
      if (c1) common = ComparisonType(*c1, in.types[2]);
    }
    if (!common || common->is_nested() || common->id() == TypeId::kNull) {
      return NoMatchingSignature(name, in.types);
    }
    LogicalType t = *common;
    BoundFunction f;
    f.return_type = LogicalType::Boolean(t.nullable());
    f.operand_types = {t, t, t};
    LogicalType rt = f.return_type;
    f.kernel = [t, rt, negate](const EvalContext& c, const std::vector<Datum>& a,
                               int64_t n) -> Result<ColumnPtr> {
      LogicalType b = LogicalType::Boolean();
      WEIR_ASSIGN_OR_RAISE(auto ge, CompareKernel(CmpOp::kGe, t, c, {a[0], a[1]}, n, b));
      WEIR_ASSIGN_OR_RAISE(auto le, CompareKernel(CmpOp::kLe, t, c, {a[0], a[2]}, n, b));
      return And3(c, ge, le, n, rt, negate);
    };
    return f;
  };
}

// A hashable key of one value of the (common) IN type.
std::string InKey(const ColumnVector& col, int64_t i) {
  if (col.type().layout() == PhysicalLayout::kVarBinary) return std::string(col.StringValue(i));
  if (col.type().id() == TypeId::kBoolean) return col.BoolValue(i) ? "1" : "0";
  int w = col.type().byte_width();
  const uint8_t* p = col.buffer(1)->data() + (col.offset() + i) * w;
  std::string key(reinterpret_cast<const char*>(p), static_cast<size_t>(w));
  if (col.type().id() == TypeId::kDouble || col.type().id() == TypeId::kFloat) {
    // +0.0 and -0.0 are equal in SQL comparisons.
    double d = col.type().id() == TypeId::kDouble ? col.Value<double>(i) : col.Value<float>(i);
    if (d == 0) key.assign(static_cast<size_t>(w), '\0');
  }
  return key;
}

BindFn InBinder(const char* name, bool negate) {
  return [name, negate](const BindInput& in) -> Result<BoundFunction> {
    if (in.types.size() < 2) return NoMatchingSignature(name, in.types);
    auto common = CommonType(in.types);
    if (!common) {
      common = in.types[0];
      for (size_t i = 1; i < in.types.size() && common; ++i) {
        common = ComparisonType(*common, in.types[i]);
      }
    }
    if (!common || common->is_nested() || common->id() == TypeId::kNull) {
      return NoMatchingSignature(name, in.types);
    }
    LogicalType t = common->WithNullable(true);
    BoundFunction f;
    bool nullable = false;
    for (const auto& ty : in.types) nullable = nullable || ty.nullable();
    f.return_type = LogicalType::Boolean(nullable);
    f.operand_types.assign(in.types.size(), t);
    // A literal list becomes a hash set of the values converted to the common type.
    bool all_constant = true;
    for (size_t i = 1; i < in.types.size(); ++i) all_constant &= in.constant(i) != nullptr;
    LogicalType rt0 = f.return_type;
    if (!all_constant) {
      // value IN (x, y, ...) with expressions: OR over value = item, three-valued.
      f.kernel = [t, negate, rt0](const EvalContext& c, const std::vector<Datum>& a,
                                  int64_t n) -> Result<ColumnPtr> {
        std::vector<uint8_t> any_true(static_cast<size_t>(n), 0);
        std::vector<uint8_t> any_null(static_cast<size_t>(n), 0);
        LogicalType b = LogicalType::Boolean();
        for (size_t k = 1; k < a.size(); ++k) {
          WEIR_ASSIGN_OR_RAISE(auto eq, CompareKernel(CmpOp::kEq, t, c, {a[0], a[k]}, n, b));
          for (int64_t i = 0; i < n; ++i) {
            if (eq->IsNull(i)) {
              any_null[static_cast<size_t>(i)] = 1;
            } else if (eq->BoolValue(i)) {
              any_true[static_cast<size_t>(i)] = 1;
            }
          }
        }
        std::vector<uint8_t> value(static_cast<size_t>(n)), valid(static_cast<size_t>(n));
        for (size_t i = 0; i < value.size(); ++i) {
          valid[i] = any_true[i] || !any_null[i];
          value[i] = (any_true[i] != 0) != negate;
        }
        WEIR_ASSIGN_OR_RAISE(auto vb, AllocateBits(n, c.pool));
        WEIR_ASSIGN_OR_RAISE(auto nb, AllocateBits(n, c.pool));
        PackBytes(value.data(), n, vb->mutable_data());
        PackBytes(valid.data(), n, nb->mutable_data());
        return MakeBooleanColumn(rt0, n, vb, nb);
      };
      return f;
    }
    auto set = std::make_shared<std::unordered_set<std::string>>();
    bool list_has_null = false;
    for (size_t i = 1; i < in.types.size(); ++i) {
      WEIR_ASSIGN_OR_RAISE(Value v, CastValue(*in.constant(i), in.types[i], t));
      if (v.is_null()) {
        list_has_null = true;
        continue;
      }
      WEIR_ASSIGN_OR_RAISE(ColumnPtr col, MakeScalarColumn(t, v, nullptr));
      set->insert(InKey(*col, 0));
    }
    LogicalType rt = f.return_type;
    f.kernel = [set, list_has_null, negate, rt](const EvalContext& c, const std::vector<Datum>& a,
                                                int64_t n) -> Result<ColumnPtr> {
      const Datum& v = a[0];
      std::vector<uint8_t> value(static_cast<size_t>(n)), valid(static_cast<size_t>(n));
      for (int64_t i = 0; i < n; ++i) {
        int64_t row = v.scalar ? 0 : i;
        if (v.type().id() == TypeId::kNull || v.column->IsNull(row)) continue;
        bool found = set->count(InKey(*v.column, row)) > 0;
        valid[static_cast<size_t>(i)] = found || !list_has_null;
        value[static_cast<size_t>(i)] = found != negate;
      }
      WEIR_ASSIGN_OR_RAISE(auto vb, AllocateBits(n, c.pool));
      WEIR_ASSIGN_OR_RAISE(auto nb, AllocateBits(n, c.pool));
      PackBytes(value.data(), n, vb->mutable_data());
      PackBytes(valid.data(), n, nb->mutable_data());
      return MakeBooleanColumn(rt, n, vb, nb);
    };
    return f;
  };
}

}  // namespace

void RegisterComparisonFunctions(FunctionRegistry* r) {
  r->Register({"=", "comparison", ComparisonBinder("=", CmpOp::kEq)});
  r->Register({"<>", "comparison", ComparisonBinder("<>", CmpOp::kNe)}, {"!="});
  r->Register({"<", "comparison", ComparisonBinder("<", CmpOp::kLt)});
  r->Register({"<=", "comparison", ComparisonBinder("<=", CmpOp::kLe)});
  r->Register({">", "comparison", ComparisonBinder(">", CmpOp::kGt)});
  r->Register({">=", "comparison", ComparisonBinder(">=", CmpOp::kGe)});
  r->Register({"IS DISTINCT FROM", "comparison", DistinctBinder("IS DISTINCT FROM", true)});
  r->Register(
      {"IS NOT DISTINCT FROM", "comparison", DistinctBinder("IS NOT DISTINCT FROM", false)});
  r->Register({"BETWEEN", "comparison", BetweenBinder("BETWEEN", false)}, {"BETWEEN ASYMMETRIC"});
  r->Register({"NOT BETWEEN", "comparison", BetweenBinder("NOT BETWEEN", true)},
              {"NOT BETWEEN ASYMMETRIC"});
  r->Register({"IN", "comparison", InBinder("IN", false)});
  r->Register({"NOT IN", "comparison", InBinder("NOT IN", true)});
}

}  // namespace weir::sql
