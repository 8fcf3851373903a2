// libFuzzer target for DeserializeBatch: any bytes must decode to a valid batch or fail with a Status.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

#include <xxhash.h>

#include "weir/common/batch/batch_serde.h"
#include "weir/common/batch/record_batch.h"
#include "weir/common/check.h"

namespace weir {
namespace {

// Every type, nested ones included. Keep in sync with FuzzSchema() in batch_serde_test.cc,
// which writes the seed corpus (test/fuzz/corpus/batch_serde).
SchemaPtr FuzzSchema() {
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

const SchemaPtr& TheSchema() {
  static const SchemaPtr schema = FuzzSchema();
  return schema;
}

// Decodes `input`; a decoded batch must be valid and survive a round trip through every codec.
void DecodeAndCheck(const BufferPtr& input) {
  const SchemaPtr& schema = TheSchema();
  Result<RecordBatchPtr> decoded = DeserializeBatch(input, schema);
  if (!decoded.ok()) {
    WEIR_CHECK_MSG(decoded.status().IsSerializationError(), decoded.status().ToString());
    return;
  }
  const RecordBatch& batch = **decoded;
  WEIR_CHECK_OK(batch.Validate());
  // Read the values back through the ordinary accessors.
  for (int64_t r = 0; r < batch.num_rows() && r < 8; ++r) (void)batch.RowToString(r);
  for (Compression codec : {Compression::kNone, Compression::kLz4, Compression::kZstd}) {
    Result<BufferPtr> again = SerializeBatch(batch, SerializeOptions{codec});
    WEIR_CHECK_OK(again.status());
    Result<RecordBatchPtr> twice = DeserializeBatch(*again, schema);
    WEIR_CHECK_OK(twice.status());
    WEIR_CHECK((*twice)->Equals(batch));
  }
}

}  // namespace
}  // namespace weir

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using weir::Buffer;
  using weir::BufferPtr;
  // As given: mutations mostly stop at the checksum.
  weir::Result<BufferPtr> input = Buffer::CopyOf(data, static_cast<int64_t>(size));
  WEIR_CHECK_OK(input.status());
  weir::DecodeAndCheck(*input);
  if (size < static_cast<size_t>(weir::kBatchHeaderSize)) return 0;

  // With the checksum made to match (XXH3 of header[0, 56) seeds XXH3 of the body), so the
  // mutations reach the body decoder. The last byte picks an aligned (zero-copy) or a
  // misaligned (copying) input.
  const bool misaligned = (data[size - 1] & 1) != 0;
  weir::Result<BufferPtr> fixed =
      Buffer::Allocate(static_cast<int64_t>(size) + (misaligned ? 1 : 0));
  WEIR_CHECK_OK(fixed.status());
  uint8_t* m = (*fixed)->mutable_data() + (misaligned ? 1 : 0);
  std::memcpy(m, data, size);
  const uint64_t seed = XXH3_64bits(m, 56);
  const uint64_t sum = XXH3_64bits_withSeed(m + 64, size - 64, seed);
  std::memcpy(m + 56, &sum, 8);
  weir::DecodeAndCheck(Buffer::Slice(*fixed, misaligned ? 1 : 0, static_cast<int64_t>(size)));
  return 0;
}
