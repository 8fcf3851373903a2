// Logical functions with SQL three-valued logic: AND, OR, NOT, IS [NOT] NULL/TRUE/FALSE/UNKNOWN.
#include <cstring>

#include "weir/sql/functions/builtin_functions.h"
#include "weir/sql/functions/kernel.h"

namespace weir::sql {

namespace {

// The TRUE and FALSE masks of a BOOLEAN datum (NULL rows in neither), one bit per row.
struct TruthBits {
  std::vector<uint8_t> is_true, is_false;
};

Result<TruthBits> Truth(const Datum& d, int64_t n, MemoryPool* pool) {
  size_t nb = static_cast<size_t>(bits::BytesForBits(n));
  TruthBits t;
  WEIR_ASSIGN_OR_RAISE(auto value, BooleanBits(d, n, pool));
  WEIR_ASSIGN_OR_RAISE(auto validity, CopyValidity(d, n, pool));
  t.is_true.assign(value->data(), value->data() + nb);
  t.is_false.resize(nb);
  const uint8_t* v = validity ? validity->data() : nullptr;
  for (size_t i = 0; i < nb; ++i) {
    uint8_t valid = v ? v[i] : 0xFF;
    t.is_false[i] = static_cast<uint8_t>(~t.is_true[i] & valid);
    t.is_true[i] = static_cast<uint8_t>(t.is_true[i] & valid);
  }
  return t;
}

Result<ColumnPtr> FromMasks(const std::vector<uint8_t>& is_true,
                            const std::vector<uint8_t>& is_false, int64_t n, const LogicalType& rt,
                            MemoryPool* pool) {
  size_t nb = static_cast<size_t>(bits::BytesForBits(n));
  WEIR_ASSIGN_OR_RAISE(auto value, AllocateBits(n, pool));
  WEIR_ASSIGN_OR_RAISE(auto validity, AllocateBits(n, pool));
  uint8_t* vo = value->mutable_data();
  uint8_t* no = validity->mutable_data();
  for (size_t i = 0; i < nb; ++i) {
    vo[i] = is_true[i];
    no[i] = static_cast<uint8_t>(is_true[i] | is_false[i]);
  }
  // Bits past n in the last byte are irrelevant; clear them so null counting is exact.
  if (n % 8 != 0) no[nb - 1] &= static_cast<uint8_t>((1u << (n % 8)) - 1);
  return MakeBooleanColumn(rt, n, std::move(value), std::move(validity));
}

bool AnyNullable(const BindInput& in) {
  for (const auto& t : in.types) {
    if (t.nullable()) return true;
  }
  return false;
}

Status CheckBooleans(std::string_view name, const BindInput& in) {
  for (const auto& t : in.types) {
    if (t.id() != TypeId::kBoolean && t.id() != TypeId::kNull) {
      return NoMatchingSignature(name, in.types);
    }
  }
  return Status::OK();
}

BindFn AndOrBinder(const char* name, bool is_and) {
  return [name, is_and](const BindInput& in) -> Result<BoundFunction> {
    if (in.types.size() < 2) return NoMatchingSignature(name, in.types);
    WEIR_RETURN_NOT_OK(CheckBooleans(name, in));
    BoundFunction f;
    f.return_type = LogicalType::Boolean(AnyNullable(in));
    f.operand_types.assign(in.types.size(), LogicalType::Boolean());
    LogicalType rt = f.return_type;
    f.kernel = [is_and, rt](const EvalContext& c, const std::vector<Datum>& a,
                            int64_t n) -> Result<ColumnPtr> {
      WEIR_ASSIGN_OR_RAISE(TruthBits acc, Truth(a[0], n, c.pool));
      for (size_t k = 1; k < a.size(); ++k) {
        WEIR_ASSIGN_OR_RAISE(TruthBits t, Truth(a[k], n, c.pool));
        for (size_t i = 0; i < acc.is_true.size(); ++i) {
          if (is_and) {
            acc.is_true[i] &= t.is_true[i];
            acc.is_false[i] |= t.is_false[i];
          } else {
            acc.is_true[i] |= t.is_true[i];
            acc.is_false[i] &= t.is_false[i];
          }
        }
      }
      return FromMasks(acc.is_true, acc.is_false, n, rt, c.pool);
    };
    return f;
  };
}

Result<BoundFunction> BindNot(const BindInput& in) {
  WEIR_RETURN_NOT_OK(CheckArity("NOT", in, 1));
  WEIR_RETURN_NOT_OK(CheckBooleans("NOT", in));
  BoundFunction f;
  f.return_type = LogicalType::Boolean(in.types[0].nullable());
  f.operand_types = {LogicalType::Boolean()};
  LogicalType rt = f.return_type;
  f.kernel = [rt](const EvalContext& c, const std::vector<Datum>& a,
                  int64_t n) -> Result<ColumnPtr> {
    WEIR_ASSIGN_OR_RAISE(TruthBits t, Truth(a[0], n, c.pool));
    return FromMasks(t.is_false, t.is_true, n, rt, c.pool);
  };
  return f;
}

// IS [NOT] TRUE / FALSE / UNKNOWN: never NULL. `which` picks the mask tested.
enum class Truthness { kTrue, kFalse, kUnknown };

BindFn IsTruthBinder(const char* name, Truthness which, bool negate) {
  return [=](const BindInput& in) -> Result<BoundFunction> {
    WEIR_RETURN_NOT_OK(CheckArity(name, in, 1));
    WEIR_RETURN_NOT_OK(CheckBooleans(name, in));
    BoundFunction f;
    f.return_type = LogicalType::Boolean(false);
    f.operand_types = {LogicalType::Boolean()};
    f.kernel = [=](const EvalContext& c, const std::vector<Datum>& a,
                   int64_t n) -> Result<ColumnPtr> {
      WEIR_ASSIGN_OR_RAISE(TruthBits t, Truth(a[0], n, c.pool));
      std::vector<uint8_t> yes(t.is_true.size()), no(t.is_true.size());
      for (size_t i = 0; i < yes.size(); ++i) {
        uint8_t m = which == Truthness::kTrue ? t.is_true[i]
                    : which == Truthness::kFalse
                        ? t.is_false[i]
                        : static_cast<uint8_t>(~(t.is_true[i] | t.is_false[i]));
        if (negate) m = static_cast<uint8_t>(~m);
        yes[i] = m;
        no[i] = static_cast<uint8_t>(~m);
      }
      return FromMasks(yes, no, n, LogicalType::Boolean(false), c.pool);
    };
    return f;
  };
}

BindFn IsNullBinder(const char* name, bool negate) {
  return [=](const BindInput& in) -> Result<BoundFunction> {
    WEIR_RETURN_NOT_OK(CheckArity(name, in, 1));
    BoundFunction f;
    f.return_type = LogicalType::Boolean(false);
    f.operand_types = {in.types[0]};
    f.kernel = [negate](const EvalContext& c, const std::vector<Datum>& a,
                        int64_t n) -> Result<ColumnPtr> {
      WEIR_ASSIGN_OR_RAISE(auto validity, CopyValidity(a[0], n, c.pool));
      WEIR_ASSIGN_OR_RAISE(auto out, AllocateBits(n, c.pool));
      size_t nb = static_cast<size_t>(bits::BytesForBits(n));
      uint8_t* o = out->mutable_data();
      for (size_t i = 0; i < nb; ++i) {
        uint8_t valid = validity ? validity->data()[i] : 0xFF;
        o[i] = negate ? valid : static_cast<uint8_t>(~valid);
      }
      return MakeBooleanColumn(LogicalType::Boolean(false), n, std::move(out), nullptr);
    };
    return f;
  };
}

}  // namespace

void RegisterLogicalFunctions(FunctionRegistry* r) {
  r->Register({"AND", "logical", AndOrBinder("AND", true)});
  r->Register({"OR", "logical", AndOrBinder("OR", false)});
  r->Register({"NOT", "logical", BindNot});
  r->Register({"IS TRUE", "logical", IsTruthBinder("IS TRUE", Truthness::kTrue, false)});
  r->Register({"IS NOT TRUE", "logical", IsTruthBinder("IS NOT TRUE", Truthness::kTrue, true)});
  r->Register({"IS FALSE", "logical", IsTruthBinder("IS FALSE", Truthness::kFalse, false)});
  r->Register({"IS NOT FALSE", "logical", IsTruthBinder("IS NOT FALSE", Truthness::kFalse, true)});
  r->Register({"IS UNKNOWN", "logical", IsTruthBinder("IS UNKNOWN", Truthness::kUnknown, false)});
  r->Register(
      {"IS NOT UNKNOWN", "logical", IsTruthBinder("IS NOT UNKNOWN", Truthness::kUnknown, true)});
  r->Register({"IS NULL", "comparison", IsNullBinder("IS NULL", false)});
  r->Register({"IS NOT NULL", "comparison", IsNullBinder("IS NOT NULL", true)});
}

}  // namespace weir::sql
