// KeyEncoder: canonical bytes of the key columns of a row — the identity of a key in keyed state.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "weir/common/batch/column_builder.h"
#include "weir/common/batch/column_vector.h"
#include "weir/common/batch/record_batch.h"
#include "weir/common/batch/value.h"
#include "weir/common/result.h"
#include "weir/common/types/logical_type.h"

namespace weir::runtime {

/// Encodes the key columns of a row into compact canonical bytes: for each key column in
/// order a presence byte (0 = NULL, nothing follows; 1 = a value follows) and the value:
///   BOOLEAN                               1 byte 0/1
///   TINYINT..BIGINT, DATE, TIME,
///   TIMESTAMP(_LTZ), INTERVALs            the stored integer, little-endian, column width
///   FLOAT, DOUBLE                         IEEE bits (LE) with -0.0 → 0.0 and one NaN
///   DECIMAL                               16 bytes LE unscaled
///   CHAR, VARCHAR, BINARY, VARBINARY      LEB128 length, bytes
///   ARRAY, ROW                            LEB128 count (ARRAY only), each element/field
///                                         encoded as a key column of its type
///   MAP, MULTISET                         LEB128 count, entries (key then value encoded as
///                                         above) sorted by their bytes
/// Equal keys (as the key hash sees them) give equal bytes and different keys different
/// bytes, so the bytes identify a key in a state table and in snapshots. The format is part
/// of the snapshot format (docs/design/0012-state.md).
/// Thread: immutable after Make(); any thread.
class KeyEncoder {
 public:
  KeyEncoder() = default;
  /// Makes an encoder for keys of `key_types` (at least one). Fails on the NULL type.
  static Result<KeyEncoder> Make(std::vector<LogicalType> key_types);

  const std::vector<LogicalType>& key_types() const { return key_types_; }
  int num_keys() const { return static_cast<int>(key_types_.size()); }
  /// True when the key is one column stored as an integer (TINYINT..BIGINT, DATE, TIME,
  /// TIMESTAMP(_LTZ), INTERVALs): such keys can use the fixed-width fast paths.
  bool single_integer_key() const { return integer_width_ > 0; }
  /// Byte width of that integer column (1, 2, 4 or 8), 0 otherwise.
  int integer_width() const { return integer_width_; }

  /// Fails unless `columns` are the key columns (same count, types equal ignoring
  /// nullability, equal lengths).
  Status CheckColumns(const std::vector<const ColumnVector*>& columns) const;

  /// Appends the canonical bytes of row `row` of `columns` (checked by CheckColumns) to `out`.
  void EncodeRow(const ColumnVector* const* columns, int64_t row, std::string* out) const;

  /// Appends the canonical bytes of a key given as one Value per key column (tests, timers)
  /// and returns its key hash. Fails with TypeError when a value does not fit its type.
  Result<uint64_t> EncodeValues(const std::vector<Value>& key, std::string* out) const;

  /// Decodes canonical key bytes into one Value per key column (NULL for absent values).
  Status DecodeKey(std::string_view bytes, std::vector<Value>* out) const;
  /// Appends the key columns of canonical `bytes` to `builders` (one per key column, of the
  /// key types): how operators emit the key of a timer or a state entry.
  Status AppendKey(std::string_view bytes, const std::vector<ColumnBuilder*>& builders) const;

  /// Returns the key hash of canonical bytes (equal to HashColumns over the key columns).
  Result<uint64_t> HashKey(std::string_view bytes) const;

  /// Canonical bytes of a single integer key (see single_integer_key()); is_null → NULL key.
  static void EncodeInteger(int64_t value, bool is_null, int width, std::string* out);
  /// Key hash of a single integer key of `width` bytes, equal to HashColumnValue.
  static uint64_t HashInteger(int64_t value, bool is_null, int width);
  /// Decodes the canonical bytes of a single integer key of `width` bytes.
  static Status DecodeInteger(std::string_view bytes, int width, int64_t* value, bool* is_null);

 private:
  std::vector<LogicalType> key_types_;
  int integer_width_ = 0;
};

/// Returns true for types stored as one integer of 1/2/4/8 bytes (and hashed as one).
bool IsIntegerKeyType(const LogicalType& type);

}  // namespace weir::runtime
