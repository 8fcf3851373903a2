// Shared by batch_serde_test.cc and batch_serde_fuzz.cc: the fuzz schema and checksum repair.
#pragma once

#include <xxhash.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <utility>
#include <vector>

#include "weir/common/types/schema.h"

namespace weir::testing {

/// Returns the schema of the batch_serde fuzz target and its seed corpus
/// (test/fuzz/corpus/batch_serde, written by batch_serde_test.cc): every type, nested ones
/// included. Changing it invalidates the committed seeds.
inline SchemaPtr FuzzSchema() {
  std::vector<Field> fields;
  fields.emplace_back("b", LogicalType::Boolean());
  fields.emplace_back("ti", LogicalType::TinyInt());
  fields.emplace_back("si", LogicalType::SmallInt());
  fields.emplace_back("i", LogicalType::Int());
  fields.emplace_back("bi", LogicalType::BigInt());
  fields.emplace_back("f", LogicalType::Float());
  fields.emplace_back("d", LogicalType::Double());
  fields.emplace_back("dec", LogicalType::Decimal(10, 2));
  fields.emplace_back("dec38", LogicalType::Decimal(38, 10));
  fields.emplace_back("c", LogicalType::Char(4));
  fields.emplace_back("s", LogicalType::String());
  fields.emplace_back("bin", LogicalType::Binary(3));
  fields.emplace_back("vb", LogicalType::Bytes());
  fields.emplace_back("dt", LogicalType::Date());
  fields.emplace_back("tm", LogicalType::Time(3));
  fields.emplace_back("ts", LogicalType::Timestamp(3));
  fields.emplace_back("ts9", LogicalType::Timestamp(9));
  fields.emplace_back("ltz", LogicalType::TimestampLtz(6));
  fields.emplace_back("iym", LogicalType::IntervalYearMonth());
  fields.emplace_back("idt", LogicalType::IntervalDayTime());
  fields.emplace_back("arr", LogicalType::Array(LogicalType::Int()));
  fields.emplace_back("m", LogicalType::Map(LogicalType::String(), LogicalType::BigInt()));
  fields.emplace_back("r", LogicalType::Row({Field("a", LogicalType::Int()),
                                             Field("b", LogicalType::String())}));
  fields.emplace_back("nn", LogicalType::BigInt(/*nullable=*/false));
  return std::make_shared<const Schema>(std::move(fields));
}

/// Recomputes the checksum field of a serialised batch of `size` bytes (at least the header)
/// as the format defines it: XXH3 of header[0, 56) seeds the XXH3 of the stored body.
inline void RecomputeChecksum(uint8_t* message, size_t size) {
  const uint64_t seed = XXH3_64bits(message, 56);
  const uint64_t sum = XXH3_64bits_withSeed(message + 64, size - 64, seed);
  std::memcpy(message + 56, &sum, 8);
}

}  // namespace weir::testing
