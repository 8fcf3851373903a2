// libFuzzer target for DeserializeBatch: any bytes must decode to a valid batch or fail with a Status.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

#include "weir/common/batch/batch_serde.h"
#include "weir/common/batch/batch_serde_test_util.h"
#include "weir/common/batch/record_batch.h"
#include "weir/common/check.h"

namespace weir {
namespace {

const SchemaPtr& TheSchema() {
  static const SchemaPtr schema = testing::FuzzSchema();
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
  weir::testing::RecomputeChecksum(m, size);
  weir::DecodeAndCheck(Buffer::Slice(*fixed, misaligned ? 1 : 0, static_cast<int64_t>(size)));
  return 0;
}
