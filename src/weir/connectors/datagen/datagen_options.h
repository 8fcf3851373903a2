// DatagenOptions: the WITH options of Flink's 'datagen' connector, parsed and validated.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "weir/common/batch/value.h"
#include "weir/common/result.h"
#include "weir/common/types/schema.h"
#include "weir/formats/format_options.h"

namespace weir::connectors {

/// How a field's values are made ('fields.<name>.kind').
enum class DatagenKind : uint8_t { kRandom, kSequence };

/// The options of one generated value: a top-level field, or a nested one addressed as Flink
/// does ("<field>.<subfield>" in a ROW, "<field>.element" of ARRAY/MULTISET, "<field>.key"
/// and "<field>.value" of MAP). Children follow the type's children in order.
struct DatagenFieldSpec {
  std::string path;  // "f", "r.a", "arr.element"
  LogicalType type;
  DatagenKind kind = DatagenKind::kRandom;
  // Random numeric and interval bounds (inclusive), in the storage encoding of `type` (see
  // Value); unset: the type's range (FLOAT/DOUBLE: [MIN_VALUE, MAX_VALUE] and INTERVAL YEAR
  // TO MONTH: [0, 120000] months, as Flink).
  std::optional<Value> min;
  std::optional<Value> max;
  int64_t max_past_ms = 0;  // timestamps: now - [0, max_past]
  // Strings, binaries and collections. Default: the declared length of CHAR/VARCHAR/BINARY/
  // VARBINARY(n), 100 for STRING/BYTES, 3 for ARRAY/MAP/MULTISET.
  int32_t length = 100;
  bool var_len = false;  // VARCHAR/STRING/VARBINARY/BYTES: lengths in [1, length]
  double null_rate = 0;  // chance in [0, 1] that a value is NULL
  // Sequence bounds (inclusive), numeric (strings and binaries print the number).
  int64_t start = 0;
  int64_t end = 0;
  std::vector<DatagenFieldSpec> children;
};

/// Flink's datagen connector options for one table.
struct DatagenOptions {
  int64_t rows_per_second = 10000;          // rows-per-second (per source, all subtasks)
  std::optional<int64_t> number_of_rows;    // number-of-rows (unset: unbounded)
  std::optional<int32_t> scan_parallelism;  // scan.parallelism
  std::vector<DatagenFieldSpec> fields;     // one per schema field, in order

  /// Reads and validates the options of a datagen table with physical schema `schema`.
  /// Unknown keys, options for unknown fields, options that do not apply to a field's kind or
  /// type and bad values fail with an error naming the key.
  static Result<DatagenOptions> Parse(const formats::FormatOptions& options, const Schema& schema);

  /// Returns whether the source ends by itself (number-of-rows or a sequence field).
  bool bounded() const;
};

}  // namespace weir::connectors
