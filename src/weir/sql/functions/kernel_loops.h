// Loop templates of the fixed-width kernels: unary and binary maps over raw value arrays.
#pragma once

#include <cstdint>
#include <type_traits>
#include <vector>

#include "weir/sql/functions/kernel.h"

namespace weir::sql {

/// Maps `op(T) -> R` over a fixed-width argument; nulls propagate.
template <typename T, typename R, typename Op>
Result<ColumnPtr> UnaryLoop(const EvalContext& ctx, const Datum& a, int64_t n,
                            const LogicalType& out_type, Op op) {
  WEIR_ASSIGN_OR_RAISE(auto validity, CopyValidity(a, n, ctx.pool));
  WEIR_ASSIGN_OR_RAISE(auto values, AllocateValues<R>(n, ctx.pool));
  R* out = values->template mutable_data_as<R>();
  if (a.type().id() != TypeId::kNull) {
    const T* in = a.column->values<T>();
    if (a.scalar) {
      R v = op(in[0]);
      for (int64_t i = 0; i < n; ++i) out[i] = v;
    } else {
      for (int64_t i = 0; i < n; ++i) out[i] = op(in[i]);
    }
  }
  return MakeFixedColumn(out_type, n, std::move(values), std::move(validity));
}

/// Maps `op(A, B) -> R` over two fixed-width arguments; nulls propagate. The loops are
/// specialised for column/column, column/scalar and scalar/column so each is a tight loop.
template <typename A, typename B, typename R, typename Op>
Result<ColumnPtr> BinaryLoop(const EvalContext& ctx, const std::vector<Datum>& args, int64_t n,
                             const LogicalType& out_type, Op op) {
  WEIR_ASSIGN_OR_RAISE(auto validity, CombineValidity(args, n, ctx.pool));
  WEIR_ASSIGN_OR_RAISE(auto values, AllocateValues<R>(n, ctx.pool));
  R* out = values->template mutable_data_as<R>();
  const Datum& da = args[0];
  const Datum& db = args[1];
  if (da.type().id() != TypeId::kNull && db.type().id() != TypeId::kNull) {
    const A* a = da.column->values<A>();
    const B* b = db.column->values<B>();
    if (!da.scalar && !db.scalar) {
      for (int64_t i = 0; i < n; ++i) out[i] = op(a[i], b[i]);
    } else if (!da.scalar) {
      const B bv = b[0];
      for (int64_t i = 0; i < n; ++i) out[i] = op(a[i], bv);
    } else if (!db.scalar) {
      const A av = a[0];
      for (int64_t i = 0; i < n; ++i) out[i] = op(av, b[i]);
    } else {
      R v = op(a[0], b[0]);
      for (int64_t i = 0; i < n; ++i) out[i] = v;
    }
  }
  return MakeFixedColumn(out_type, n, std::move(values), std::move(validity));
}

/// Like BinaryLoop, for ops that may yield NULL: `op(a, b, &out) -> bool valid`.
template <typename A, typename B, typename R, typename Op>
Result<ColumnPtr> BinaryNullableLoop(const EvalContext& ctx, const std::vector<Datum>& args,
                                     int64_t n, const LogicalType& out_type, Op op) {
  WEIR_ASSIGN_OR_RAISE(auto validity, CombineValidity(args, n, ctx.pool));
  WEIR_ASSIGN_OR_RAISE(auto values, AllocateValues<R>(n, ctx.pool));
  R* out = values->template mutable_data_as<R>();
  std::vector<uint8_t> ok(static_cast<size_t>(n), 1);
  const Datum& da = args[0];
  const Datum& db = args[1];
  if (da.type().id() != TypeId::kNull && db.type().id() != TypeId::kNull) {
    FixedReader<A> a(da);
    FixedReader<B> b(db);
    const uint8_t* v = validity ? validity->data() : nullptr;
    for (int64_t i = 0; i < n; ++i) {
      if (v != nullptr && !bits::GetBit(v, i)) {
        out[i] = R{};
        continue;
      }
      ok[static_cast<size_t>(i)] = op(a[i], b[i], &out[i]) ? 1 : 0;
    }
  }
  WEIR_ASSIGN_OR_RAISE(auto produced, AllocateBits(n, ctx.pool));
  PackBytes(ok.data(), n, produced->mutable_data());
  if (validity) {
    uint8_t* p = produced->mutable_data();
    const uint8_t* v = validity->data();
    for (int64_t i = 0, nb = bits::BytesForBits(n); i < nb; ++i) p[i] &= v[i];
  }
  return MakeFixedColumn(out_type, n, std::move(values), std::move(produced));
}

/// Wrapping (two's complement, as Java) integer arithmetic.
template <typename T>
T WrapAdd(T a, T b) {
  using U = std::make_unsigned_t<T>;
  return static_cast<T>(static_cast<U>(static_cast<U>(a) + static_cast<U>(b)));
}
template <typename T>
T WrapSub(T a, T b) {
  using U = std::make_unsigned_t<T>;
  return static_cast<T>(static_cast<U>(static_cast<U>(a) - static_cast<U>(b)));
}
template <typename T>
T WrapMul(T a, T b) {
  using U = std::make_unsigned_t<T>;
  if constexpr (sizeof(T) < sizeof(int)) {
    return static_cast<T>(static_cast<int>(a) * static_cast<int>(b));
  } else {
    return static_cast<T>(static_cast<U>(a) * static_cast<U>(b));
  }
}
template <typename T>
T WrapNeg(T a) {
  using U = std::make_unsigned_t<T>;
  return static_cast<T>(static_cast<U>(U{0} - static_cast<U>(a)));
}

}  // namespace weir::sql
