// Functions over time attributes: CURRENT_WATERMARK(rowtime).
#include <algorithm>
#include <limits>

#include "weir/sql/functions/builtin_functions.h"

namespace weir::sql {

namespace {

// CURRENT_WATERMARK(rowtime): the evaluating operator's watermark, typed as the argument with
// precision 3 (always nullable: NULL before the first watermark). The binder checks that the
// argument is a rowtime attribute; plans compiled later may have lost the marker, so any
// TIMESTAMP / TIMESTAMP_LTZ argument is accepted here.
Result<BoundFunction> BindCurrentWatermark(const BindInput& in) {
  WEIR_RETURN_NOT_OK(CheckArity("CURRENT_WATERMARK", in, 1));
  const LogicalType& t = in.types[0];
  if (t.id() != TypeId::kTimestamp && t.id() != TypeId::kTimestampLtz) {
    return NoMatchingSignature("CURRENT_WATERMARK", in.types);
  }
  BoundFunction f;
  f.deterministic = false;
  f.return_type =
      t.id() == TypeId::kTimestamp ? LogicalType::Timestamp(3) : LogicalType::TimestampLtz(3);
  f.operand_types = {t};
  const LogicalType out = f.return_type;
  f.kernel = [out](const EvalContext& c, const std::vector<Datum>&,
                   int64_t n) -> Result<ColumnPtr> {
    const int64_t watermark =
        c.current_watermark != nullptr ? *c.current_watermark : std::numeric_limits<int64_t>::min();
    WEIR_ASSIGN_OR_RAISE(auto values, AllocateValues<int64_t>(n, c.pool));
    std::fill_n(values->mutable_data_as<int64_t>(), n, watermark);
    BufferPtr validity;
    if (watermark == std::numeric_limits<int64_t>::min()) {
      WEIR_ASSIGN_OR_RAISE(validity, AllocateBits(n, c.pool));  // all NULL
    }
    return MakeFixedColumn(out, n, std::move(values), std::move(validity));
  };
  return f;
}

}  // namespace

void RegisterTimeAttributeFunctions(FunctionRegistry* r) {
  FunctionInfo info{"CURRENT_WATERMARK", "temporal", BindCurrentWatermark};
  info.deterministic = false;
  r->Register(std::move(info));
}

}  // namespace weir::sql
