// Kernel interface of scalar functions: arguments as columns or scalars, and column helpers.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "weir/common/batch/column_builder.h"
#include "weir/common/batch/column_vector.h"
#include "weir/common/memory/memory_pool.h"
#include "weir/common/result.h"
#include "weir/common/types/logical_type.h"

namespace weir::sql {

/// One kernel argument: a column of `n` rows, or a scalar (a column of one row) that stands
/// for the same value on every row.
struct Datum {
  ColumnPtr column;
  bool scalar = false;

  const LogicalType& type() const { return column->type(); }
  /// Returns whether row `i` is null (row 0 for scalars).
  bool IsNull(int64_t i) const { return column->IsNull(scalar ? 0 : i); }
  /// Returns whether the datum has no nulls at all.
  bool NoNulls() const { return column->null_count() == 0; }
};

/// Per-evaluation settings shared by every kernel.
struct EvalContext {
  /// Session time zone for TIMESTAMP_LTZ (only "UTC" and fixed offsets are supported now).
  std::string time_zone = "UTC";
  MemoryPool* pool = nullptr;
  /// The evaluation time in microseconds since the epoch (UTC) that CURRENT_TIMESTAMP, NOW,
  /// CURRENT_DATE, ... return. When unset, those kernels read the system clock once per batch.
  std::optional<int64_t> now_micros;
  /// Seed of RAND/RAND_INTEGER without a seed argument and of UUID; 0 seeds from the clock.
  uint64_t random_seed = 0;
  /// The current watermark (epoch milliseconds) of the operator evaluating the expression, which
  /// CURRENT_WATERMARK returns; INT64_MIN before the first watermark. Owned by the operator and
  /// read at each evaluation; nullptr outside an operator that tracks watermarks (then
  /// CURRENT_WATERMARK is NULL).
  const int64_t* current_watermark = nullptr;
};

/// A vectorised function body: computes `n` output rows from the arguments (scalars count as
/// `n` copies). Called once per batch, never per row.
using KernelFn =
    std::function<Result<ColumnPtr>(const EvalContext&, const std::vector<Datum>&, int64_t n)>;

// Column helpers for kernels. All of them work a column (or a word of bits) at a time.

/// Returns the validity of row-wise AND over the arguments' validities for `n` rows (offset 0),
/// or nullptr when no row is null.
Result<BufferPtr> CombineValidity(const std::vector<Datum>& args, int64_t n, MemoryPool* pool);
/// Copies the validity bitmap of `d` into a new buffer of `n` bits at offset 0 (nullptr when the
/// datum has no nulls); scalars are broadcast.
Result<BufferPtr> CopyValidity(const Datum& d, int64_t n, MemoryPool* pool);
/// Returns the bits of a BOOLEAN datum as `n` bits at offset 0 (broadcasting scalars).
Result<BufferPtr> BooleanBits(const Datum& d, int64_t n, MemoryPool* pool);
/// Packs one byte per row (0/1) into bits.
void PackBytes(const uint8_t* bytes, int64_t n, uint8_t* bits);
/// Counts null rows of a validity bitmap at offset 0 (0 when `validity` is null).
int64_t CountNulls(const BufferPtr& validity, int64_t n);

/// Makes a fixed-width column of `n` rows from a value buffer and a validity (may be null).
ColumnPtr MakeFixedColumn(const LogicalType& type, int64_t n, BufferPtr values, BufferPtr validity);
/// Makes a BOOLEAN column from bit buffers.
ColumnPtr MakeBooleanColumn(const LogicalType& type, int64_t n, BufferPtr bits, BufferPtr validity);
/// Allocates a values buffer for `n` values of T.
template <typename T>
Result<BufferPtr> AllocateValues(int64_t n, MemoryPool* pool) {
  return Buffer::Allocate(n * static_cast<int64_t>(sizeof(T)) + 1, pool);
}
/// Allocates a zeroed bitmap of `n` bits.
inline Result<BufferPtr> AllocateBits(int64_t n, MemoryPool* pool) {
  return Buffer::AllocateZeroed(bits::BytesForBits(n) + 8, pool);
}
/// Repeats row 0 of `column` `n` times.
Result<ColumnPtr> Broadcast(const ColumnPtr& column, int64_t n, MemoryPool* pool);
/// Returns `d` as a full column of `n` rows (broadcasting scalars).
Result<ColumnPtr> Materialize(const Datum& d, int64_t n, MemoryPool* pool);
/// Makes a one-row column holding `value` of `type`.
Result<ColumnPtr> MakeScalarColumn(const LogicalType& type, const Value& value, MemoryPool* pool);

/// Returns the storage width class of a fixed-width type as a C++ type tag, calling
/// `fn(T{})` with the storage type (int8_t ... int64_t, float, double, __int128).
template <typename Fn>
auto DispatchFixed(TypeId id, Fn&& fn) {
  switch (id) {
    case TypeId::kTinyInt:
      return fn(int8_t{});
    case TypeId::kSmallInt:
      return fn(int16_t{});
    case TypeId::kInt:
    case TypeId::kDate:
    case TypeId::kIntervalYearMonth:
      return fn(int32_t{});
    case TypeId::kFloat:
      return fn(float{});
    case TypeId::kDouble:
      return fn(double{});
    case TypeId::kDecimal:
      return fn(__int128{});
    default:
      return fn(int64_t{});
  }
}

/// Reads fixed-width values of a datum; scalars are read at row 0.
template <typename T>
struct FixedReader {
  const T* data;
  bool scalar;
  explicit FixedReader(const Datum& d) : data(d.column->values<T>()), scalar(d.scalar) {}
  T operator[](int64_t i) const { return scalar ? data[0] : data[i]; }
};

}  // namespace weir::sql
