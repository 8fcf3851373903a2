// Binary serialisation of RecordBatches for the network, spilling and state (format: docs/design/0003).
#pragma once

#include <cstdint>
#include <string>

#include "weir/common/batch/record_batch.h"
#include "weir/common/memory/buffer.h"
#include "weir/common/result.h"
#include "weir/common/types/schema.h"

namespace weir {

/// How the body of a batch message is compressed. The values are the codec byte of the format.
enum class Compression : uint8_t {
  kNone = 0,
  kLz4 = 1,   // LZ4 block format, one block
  kZstd = 2,  // one ZSTD frame
};

/// Returns "none", "lz4" or "zstd".
const char* CompressionName(Compression compression);

/// How SerializeBatch encodes a batch.
struct SerializeOptions {
  Compression compression = Compression::kNone;
  /// ZSTD level (ZSTD_minCLevel()..ZSTD_maxCLevel()); ignored by the other codecs.
  int zstd_level = 1;
};

/// The format version this build writes and reads.
inline constexpr uint8_t kBatchFormatVersion = 1;
/// Bytes of the fixed message header; the body starts right after it.
inline constexpr int64_t kBatchHeaderSize = 64;
/// Largest (uncompressed) body a message may have; larger batches must be split.
inline constexpr int64_t kMaxBatchBodyBytes = INT32_MAX;
/// Most rows a message may carry.
inline constexpr int64_t kMaxBatchRows = INT32_MAX;

/// Header flag bits.
inline constexpr uint8_t kBatchFlagRowKinds = 1;  // the body starts with one row kind per row

/// The fixed header of a serialised batch, as read by PeekBatchHeader.
struct BatchMessageHeader {
  uint8_t version = kBatchFormatVersion;
  Compression compression = Compression::kNone;
  uint8_t flags = 0;
  int32_t num_columns = 0;
  int32_t event_time_index = -1;
  int64_t num_rows = 0;
  uint64_t schema_fingerprint = 0;
  int64_t uncompressed_body_length = 0;
  int64_t body_length = 0;  // bytes stored after the header
  uint64_t checksum = 0;

  bool has_row_kinds() const { return (flags & kBatchFlagRowKinds) != 0; }
  /// Returns the size of the whole message (header and stored body).
  int64_t message_size() const { return kBatchHeaderSize + body_length; }
};

/// Returns the 64-bit fingerprint of a schema that messages carry (XXH3 of Schema::ToString()).
uint64_t SchemaFingerprint(const Schema& schema);

/// Reads and checks the fixed header at `data` (which may hold only a prefix of the message:
/// `size` >= kBatchHeaderSize is enough). Fails with SerializationError on a bad header.
Result<BatchMessageHeader> PeekBatchHeader(const uint8_t* data, int64_t size);

/// Returns the size of the uncompressed message SerializeBatch would write for `batch`.
Result<int64_t> SerializedBatchSize(const RecordBatch& batch);

/// Serialises `batch` into a new buffer allocated from `pool` (DefaultMemoryPool() if null).
/// Only the rows of sliced columns are written; the schema itself is not (only its fingerprint).
Result<BufferPtr> SerializeBatch(const RecordBatch& batch, const SerializeOptions& options = {},
                                 MemoryPool* pool = nullptr);

/// Appends the serialised `batch` to `out`. Scratch memory for compression comes from `pool`.
/// For zero-copy decoding the message should start at an 8-byte aligned address.
Status SerializeBatchTo(const RecordBatch& batch, const SerializeOptions& options,
                        std::string* out, MemoryPool* pool = nullptr);

/// Decodes the message that fills `bytes` (exactly one message) as a batch of `schema`.
/// Uncompressed messages at an 8-byte aligned address are decoded without copying: the
/// columns' buffers are views into `bytes` and keep it alive. Compressed bodies are
/// decompressed into one buffer from `pool` that the columns share. Any malformed input
/// (truncated, corrupted, wrong schema, inconsistent lengths) fails with SerializationError.
Result<RecordBatchPtr> DeserializeBatch(const BufferPtr& bytes, const SchemaPtr& schema,
                                        MemoryPool* pool = nullptr);

}  // namespace weir
