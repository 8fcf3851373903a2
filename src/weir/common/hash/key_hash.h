// Key hashing: stable 64-bit hashes of key columns (XXH3) and the key-group function.
#pragma once

#include <cstdint>
#include <vector>

#include "weir/common/batch/column_vector.h"
#include "weir/common/batch/record_batch.h"
#include "weir/common/batch/value.h"
#include "weir/common/check.h"
#include "weir/common/result.h"
#include "weir/common/types/logical_type.h"

namespace weir {

// The key hash decides which key group (and so which subtask and which part of a savepoint)
// a key belongs to: it is part of the savepoint format and must never change. The exact
// function is specified in docs/design/0004-key-hashing.md; the golden values in
// key_hash_test.cc freeze it.

/// Seed of the running hash before the first key column ("WEIRHASH" in ASCII).
inline constexpr uint64_t kKeyHashSeed = 0x5745495248415348ULL;
/// XORed into the running hash to hash a NULL ("NULLNULL" in ASCII).
inline constexpr uint64_t kKeyHashNullSalt = 0x4E554C4C4E554C4CULL;
/// Seed of each MAP/MULTISET entry's hash ("MAPENTRY" in ASCII).
inline constexpr uint64_t kKeyHashMapEntrySeed = 0x4D4150454E545259ULL;

/// Hashes every row of `column` into hashes[0..column.length()). With `combine`, each row's
/// hash continues from hashes[i] (the running hash of the previous key columns); without, it
/// starts from kKeyHashSeed. Equal values give equal hashes whatever the slice offset.
void HashColumn(const ColumnVector& column, uint64_t* hashes, bool combine);

/// Hashes the key columns `key_indices` (in that order) of every row into
/// hashes[0..batch.num_rows()). With no key columns every hash is kKeyHashSeed.
void HashColumns(const RecordBatch& batch, const std::vector<int>& key_indices, uint64_t* hashes);

/// Returns the hash of value `row` of `column` continuing from the running hash `seed`
/// (kKeyHashSeed for the first key column). Equals what HashColumn computes for that row.
uint64_t HashColumnValue(const ColumnVector& column, int64_t row, uint64_t seed = kKeyHashSeed);

/// Returns the key hash of one row; equals hashes[row] after HashColumns.
uint64_t HashRow(const RecordBatch& batch, const std::vector<int>& key_indices, int64_t row);

/// Returns the hash of a generic value of `type` continuing from `seed`; equals the hash of
/// the same value stored in a column of `type`. Fails with TypeError when the value does not
/// fit the type.
Result<uint64_t> HashValue(const Value& value, const LogicalType& type,
                           uint64_t seed = kKeyHashSeed);

/// Returns the key group of a key hash for `max_parallelism` key groups, in
/// [0, max_parallelism): ((hash >> 32) * max_parallelism) >> 32, i.e. the high 32 bits of the
/// hash scaled onto the range (multiply-shift; no division, uniform for uniform hashes).
/// REQUIRES: max_parallelism > 0.
inline int32_t KeyGroupForHash(uint64_t hash, int32_t max_parallelism) {
  WEIR_DCHECK_GT(max_parallelism, 0);
  return static_cast<int32_t>(((hash >> 32) * static_cast<uint64_t>(max_parallelism)) >> 32);
}

}  // namespace weir
