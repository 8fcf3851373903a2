// Binary serialisation of RecordBatches: encoder, bounds-checked decoder, LZ4/ZSTD body codecs.
#include "weir/common/batch/batch_serde.h"

#include <lz4.h>
#include <xxhash.h>
#include <zstd.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

#include "weir/common/batch/row_kind.h"
#include "weir/common/check.h"

namespace weir {

static_assert(std::endian::native == std::endian::little,
              "the batch format is little-endian and written with native stores");

namespace {

// Header layout (see docs/design/0003-batch-serialisation.md).
constexpr uint8_t kMagic[3] = {'W', 'R', 'B'};
constexpr int kOffVersion = 3;
constexpr int kOffCodec = 4;
constexpr int kOffFlags = 5;
constexpr int kOffReserved16 = 6;
constexpr int kOffNumColumns = 8;
constexpr int kOffEventTime = 12;
constexpr int kOffNumRows = 16;
constexpr int kOffFingerprint = 24;
constexpr int kOffUncompressed = 32;
constexpr int kOffBodyLength = 40;
constexpr int kOffReserved64 = 48;
constexpr int kOffChecksum = 56;
static_assert(kOffChecksum + 8 == kBatchHeaderSize);

// LZ4 cannot expand data by more than ~255x; anything claiming more is corrupt.
constexpr int64_t kMaxLz4Ratio = 256;

template <typename T>
void Store(uint8_t* p, T v) {
  std::memcpy(p, &v, sizeof(T));
}
template <typename T>
T Load(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

constexpr int64_t AlignUp8(int64_t n) { return (n + 7) & ~int64_t{7}; }

// The checksum covers the header up to the checksum field and the stored body.
uint64_t MessageChecksum(const uint8_t* header, const uint8_t* body, int64_t body_length) {
  const uint64_t seed = XXH3_64bits(header, kOffChecksum);
  return XXH3_64bits_withSeed(body, static_cast<size_t>(body_length), seed);
}

// Data alignment of a column buffer in the body: DECIMAL values (int128) need 16 bytes.
int ValuesAlignment(const LogicalType& type) { return type.byte_width() == 16 ? 16 : 8; }

// Thread-local ZSTD contexts: creating one per message would dominate small messages.
struct ZstdContexts {
  ZSTD_CCtx* cctx = nullptr;
  ZSTD_DCtx* dctx = nullptr;
  ~ZstdContexts() {
    ZSTD_freeCCtx(cctx);
    ZSTD_freeDCtx(dctx);
  }
};
thread_local ZstdContexts tls_zstd;

struct FingerprintCache {
  std::weak_ptr<const Schema> schema;
  uint64_t fingerprint = 0;
};

// Fingerprints of immutable schemas, cached per thread for the last schema seen.
uint64_t CachedFingerprint(const SchemaPtr& schema) {
  thread_local FingerprintCache cache;
  const SchemaPtr cached = cache.schema.lock();
  if (cached != nullptr && cached.get() == schema.get()) return cache.fingerprint;
  cache.schema = schema;
  cache.fingerprint = SchemaFingerprint(*schema);
  return cache.fingerprint;
}

// ---------------------------------------------------------------------------------------
// Encoding

// Writes (or, with a null output, only measures) the body. Positions are relative to the
// body start, which sits at message offset 64, so alignments relative to either agree.
class BodyWriter {
 public:
  explicit BodyWriter(uint8_t* out) : out_(out) {}

  int64_t position() const { return pos_; }

  void PutInt64(int64_t v) {
    if (out_ != nullptr) Store(out_ + pos_, v);
    pos_ += 8;
  }

  // Adds a length-prefixed buffer whose data starts at a multiple of `alignment` (8 or 16)
  // and is followed by zero padding to 8 bytes. Returns where to write the `length` data
  // bytes, or nullptr when measuring.
  uint8_t* AddBuffer(int64_t length, int alignment) {
    if (alignment == 16 && ((pos_ + 8) & 15) != 0) Zero(8);
    PutInt64(length);
    uint8_t* data = out_ != nullptr ? out_ + pos_ : nullptr;
    pos_ += length;
    Zero(AlignUp8(pos_) - pos_);
    return data;
  }

 private:
  void Zero(int64_t n) {
    if (out_ != nullptr && n > 0) std::memset(out_ + pos_, 0, static_cast<size_t>(n));
    pos_ += n;
  }

  uint8_t* out_;
  int64_t pos_ = 0;
};

// Copies bits [bit_offset, bit_offset + length) of `src` to bit 0 of `dst`, zeroing the tail.
void CopyBitmapWindow(const uint8_t* src, int64_t bit_offset, int64_t length, uint8_t* dst) {
  if (length == 0) return;
  const int64_t num_bytes = bits::BytesForBits(length);
  if ((bit_offset & 7) == 0) {
    std::memcpy(dst, src + (bit_offset >> 3), static_cast<size_t>(num_bytes));
  } else {
    std::memset(dst, 0, static_cast<size_t>(num_bytes));
    bits::CopyBits(src, bit_offset, length, dst, 0);
  }
  if ((length & 7) != 0) dst[num_bytes - 1] &= static_cast<uint8_t>((1u << (length & 7)) - 1);
}

// Nulls among rows [start, start + length) of `column`.
int64_t WindowNullCount(const ColumnVector& column, int64_t start, int64_t length) {
  const uint8_t* validity = column.validity();
  if (validity == nullptr || length == 0) return 0;
  if (start == 0 && length == column.length()) return column.null_count();
  return length - bits::CountSetBits(validity, column.offset() + start, length);
}

// First and last offset of rows [phys, phys + length) of a var-binary/list/map column.
std::pair<int64_t, int64_t> OffsetRange(const ColumnVector& column, int64_t phys,
                                        int64_t length) {
  if (length == 0) return {0, 0};
  const int32_t* offsets = column.buffer(1)->data_as<int32_t>() + phys;
  return {offsets[0], offsets[length]};
}

void WriteRebasedOffsets(const ColumnVector& column, int64_t phys, int64_t length,
                         uint8_t* dst) {
  if (length == 0) {
    Store<int32_t>(dst, 0);
    return;
  }
  const int32_t* offsets = column.buffer(1)->data_as<int32_t>() + phys;
  const int32_t base = offsets[0];
  for (int64_t i = 0; i <= length; ++i) Store<int32_t>(dst + 4 * i, offsets[i] - base);
}

// Encodes rows [start, start + length) of `column` (start is relative to column.offset()).
void EncodeColumn(BodyWriter& w, const ColumnVector& column, int64_t start, int64_t length) {
  const LogicalType& type = column.type();
  const PhysicalLayout layout = type.layout();
  const int64_t phys = column.offset() + start;
  if (layout == PhysicalLayout::kNull) {
    w.PutInt64(length);
    return;
  }
  const int64_t null_count = WindowNullCount(column, start, length);
  w.PutInt64(null_count);
  if (null_count == 0) {
    w.AddBuffer(0, 8);
  } else {
    uint8_t* dst = w.AddBuffer(bits::BytesForBits(length), 8);
    if (dst != nullptr) CopyBitmapWindow(column.validity(), phys, length, dst);
  }
  switch (layout) {
    case PhysicalLayout::kNull:
      break;
    case PhysicalLayout::kBitmap: {
      uint8_t* dst = w.AddBuffer(bits::BytesForBits(length), 8);
      if (dst != nullptr) CopyBitmapWindow(column.buffer(1)->data(), phys, length, dst);
      break;
    }
    case PhysicalLayout::kFixedWidth: {
      const int64_t width = type.byte_width();
      const int64_t num_bytes = length * width;
      uint8_t* dst = w.AddBuffer(num_bytes, ValuesAlignment(type));
      if (dst != nullptr && num_bytes > 0) {
        std::memcpy(dst, column.buffer(1)->data() + phys * width, static_cast<size_t>(num_bytes));
      }
      break;
    }
    case PhysicalLayout::kVarBinary: {
      const auto [first, last] = OffsetRange(column, phys, length);
      uint8_t* offsets = w.AddBuffer((length + 1) * 4, 8);
      if (offsets != nullptr) WriteRebasedOffsets(column, phys, length, offsets);
      uint8_t* data = w.AddBuffer(last - first, 8);
      if (data != nullptr && last > first) {
        std::memcpy(data, column.buffer(2)->data() + first, static_cast<size_t>(last - first));
      }
      break;
    }
    case PhysicalLayout::kList:
    case PhysicalLayout::kMap: {
      const auto [first, last] = OffsetRange(column, phys, length);
      uint8_t* offsets = w.AddBuffer((length + 1) * 4, 8);
      if (offsets != nullptr) WriteRebasedOffsets(column, phys, length, offsets);
      EncodeColumn(w, *column.child(0), first, last - first);
      break;
    }
    case PhysicalLayout::kStruct:
      // A struct's offset applies to its children too (Arrow semantics).
      for (const ColumnPtr& child : column.children()) EncodeColumn(w, *child, phys, length);
      break;
  }
}

bool NeedsRowKinds(const RecordBatch& batch) {
  const ColumnPtr& kinds = batch.row_kinds();
  if (kinds == nullptr || batch.num_rows() == 0) return false;
  const int8_t* values = kinds->values<int8_t>();
  for (int64_t i = 0; i < batch.num_rows(); ++i) {
    if (values[i] != 0) return true;
  }
  return false;
}

void EncodeBody(BodyWriter& w, const RecordBatch& batch, bool row_kinds) {
  if (row_kinds) {
    uint8_t* dst = w.AddBuffer(batch.num_rows(), 8);
    if (dst != nullptr) {
      std::memcpy(dst, batch.row_kinds()->values<int8_t>(), static_cast<size_t>(batch.num_rows()));
    }
  }
  for (const ColumnPtr& column : batch.columns()) EncodeColumn(w, *column, 0, batch.num_rows());
}

void WriteHeader(uint8_t* h, const RecordBatch& batch, Compression codec, bool row_kinds,
                 int64_t uncompressed_length, int64_t body_length) {
  std::memcpy(h, kMagic, 3);
  h[kOffVersion] = kBatchFormatVersion;
  h[kOffCodec] = static_cast<uint8_t>(codec);
  h[kOffFlags] = row_kinds ? kBatchFlagRowKinds : 0;
  Store<uint16_t>(h + kOffReserved16, 0);
  Store<uint32_t>(h + kOffNumColumns, static_cast<uint32_t>(batch.num_columns()));
  Store<int32_t>(h + kOffEventTime, batch.event_time_index());
  Store<int64_t>(h + kOffNumRows, batch.num_rows());
  Store<uint64_t>(h + kOffFingerprint, CachedFingerprint(batch.schema()));
  Store<int64_t>(h + kOffUncompressed, uncompressed_length);
  Store<int64_t>(h + kOffBodyLength, body_length);
  Store<uint64_t>(h + kOffReserved64, 0);
  Store<uint64_t>(h + kOffChecksum, MessageChecksum(h, h + kBatchHeaderSize, body_length));
}

// Where an encoded message goes: Prepare() returns room for `max_size` bytes, Commit() sets
// the final size (<= max_size).
class MessageSink {
 public:
  virtual ~MessageSink() = default;
  virtual Result<uint8_t*> Prepare(int64_t max_size) = 0;
  virtual Status Commit(int64_t size) = 0;
};

class BufferSink final : public MessageSink {
 public:
  explicit BufferSink(MemoryPool* pool) : pool_(pool) {}
  Result<uint8_t*> Prepare(int64_t max_size) override {
    WEIR_ASSIGN_OR_RAISE(buffer_, Buffer::Allocate(max_size, pool_));
    return buffer_->mutable_data();
  }
  Status Commit(int64_t size) override {
    if (size == buffer_->size()) return Status::OK();
    WEIR_RETURN_NOT_OK(buffer_->Resize(size));
    // Give back large slack (compression bounds over-allocate).
    if (buffer_->capacity() - size > size / 8) WEIR_RETURN_NOT_OK(buffer_->ShrinkToFit());
    return Status::OK();
  }
  BufferPtr Take() { return std::move(buffer_); }

 private:
  MemoryPool* pool_;
  BufferPtr buffer_;
};

class StringSink final : public MessageSink {
 public:
  explicit StringSink(std::string* out) : out_(out), start_(out->size()) {}
  Result<uint8_t*> Prepare(int64_t max_size) override {
    out_->resize(start_ + static_cast<size_t>(max_size));
    return reinterpret_cast<uint8_t*>(out_->data()) + start_;
  }
  Status Commit(int64_t size) override {
    out_->resize(start_ + static_cast<size_t>(size));
    return Status::OK();
  }

 private:
  std::string* out_;
  size_t start_;
};

// Compresses `src` into `dst` (capacity `dst_capacity`); returns 0 when it fails or does
// not shrink the body.
Result<int64_t> CompressBody(const SerializeOptions& options, const uint8_t* src,
                             int64_t src_length, uint8_t* dst, int64_t dst_capacity) {
  if (options.compression == Compression::kLz4) {
    const int n = LZ4_compress_default(reinterpret_cast<const char*>(src),
                                       reinterpret_cast<char*>(dst), static_cast<int>(src_length),
                                       static_cast<int>(std::min<int64_t>(dst_capacity, INT32_MAX)));
    return n > 0 && n < src_length ? n : 0;
  }
  if (tls_zstd.cctx == nullptr) tls_zstd.cctx = ZSTD_createCCtx();
  if (tls_zstd.cctx == nullptr) return Status::OutOfMemory("cannot create a ZSTD context");
  const size_t n = ZSTD_compressCCtx(tls_zstd.cctx, dst, static_cast<size_t>(dst_capacity), src,
                                     static_cast<size_t>(src_length), options.zstd_level);
  if (ZSTD_isError(n)) return 0;
  return static_cast<int64_t>(n) < src_length ? static_cast<int64_t>(n) : 0;
}

int64_t CompressBound(Compression codec, int64_t length) {
  if (codec == Compression::kLz4) {
    return length > LZ4_MAX_INPUT_SIZE ? 0 : LZ4_compressBound(static_cast<int>(length));
  }
  return static_cast<int64_t>(ZSTD_compressBound(static_cast<size_t>(length)));
}

Result<int64_t> MeasureBody(const RecordBatch& batch, bool row_kinds) {
  if (batch.num_rows() > kMaxBatchRows) {
    return Status::Invalid("batch too large to serialise: ", batch.num_rows(), " rows, at most ",
                           kMaxBatchRows);
  }
  BodyWriter measure(nullptr);
  EncodeBody(measure, batch, row_kinds);
  if (measure.position() > kMaxBatchBodyBytes) {
    return Status::Invalid("batch too large to serialise: ", measure.position(),
                           " body bytes, at most ", kMaxBatchBodyBytes, "; split the batch");
  }
  return measure.position();
}

Status EncodeMessage(const RecordBatch& batch, const SerializeOptions& options, MemoryPool* pool,
                     MessageSink& sink) {
  if (options.compression != Compression::kNone && options.compression != Compression::kLz4 &&
      options.compression != Compression::kZstd) {
    return Status::Invalid("unknown compression codec: ", static_cast<int>(options.compression));
  }
  if (options.compression == Compression::kZstd &&
      (options.zstd_level < ZSTD_minCLevel() || options.zstd_level > ZSTD_maxCLevel())) {
    return Status::Invalid("ZSTD level out of range: ", options.zstd_level, " (", ZSTD_minCLevel(),
                           "..", ZSTD_maxCLevel(), ")");
  }
  const bool row_kinds = NeedsRowKinds(batch);
  WEIR_ASSIGN_OR_RAISE(const int64_t body_length, MeasureBody(batch, row_kinds));
  const int64_t bound = options.compression == Compression::kNone || body_length == 0
                            ? 0
                            : CompressBound(options.compression, body_length);
  if (bound == 0) {
    WEIR_ASSIGN_OR_RAISE(uint8_t* out, sink.Prepare(kBatchHeaderSize + body_length));
    BodyWriter writer(out + kBatchHeaderSize);
    EncodeBody(writer, batch, row_kinds);
    WEIR_DCHECK_EQ(writer.position(), body_length);
    WriteHeader(out, batch, Compression::kNone, row_kinds, body_length, body_length);
    return sink.Commit(kBatchHeaderSize + body_length);
  }
  WEIR_ASSIGN_OR_RAISE(BufferPtr scratch, Buffer::Allocate(body_length, pool));
  BodyWriter writer(scratch->mutable_data());
  EncodeBody(writer, batch, row_kinds);
  WEIR_DCHECK_EQ(writer.position(), body_length);
  WEIR_ASSIGN_OR_RAISE(uint8_t* out,
                       sink.Prepare(kBatchHeaderSize + std::max(bound, body_length)));
  WEIR_ASSIGN_OR_RAISE(int64_t stored, CompressBody(options, scratch->data(), body_length,
                                                    out + kBatchHeaderSize, bound));
  Compression codec = options.compression;
  if (stored == 0) {  // did not shrink: store the body as it is
    std::memcpy(out + kBatchHeaderSize, scratch->data(), static_cast<size_t>(body_length));
    stored = body_length;
    codec = Compression::kNone;
  }
  WriteHeader(out, batch, codec, row_kinds, body_length, stored);
  return sink.Commit(kBatchHeaderSize + stored);
}

// ---------------------------------------------------------------------------------------
// Decoding

// Reads the body held by `owner` at [body_offset, body_offset + body_length). Every read is
// bounds-checked; buffers come back as views into `owner` (copied only when misaligned).
class BodyReader {
 public:
  BodyReader(BufferPtr owner, int64_t body_offset, int64_t body_length, MemoryPool* pool)
      : owner_(std::move(owner)),
        body_offset_(body_offset),
        data_(owner_->data() + body_offset),
        size_(body_length),
        pool_(pool) {}

  Result<int64_t> ReadInt64(std::string_view what) {
    if (size_ - pos_ < 8) return Truncated(8, what);
    const int64_t v = Load<int64_t>(data_ + pos_);
    pos_ += 8;
    return v;
  }

  // Reads a length-prefixed buffer that must hold exactly `expected` bytes. With `optional`,
  // a zero length is also accepted and yields nullptr.
  Result<BufferPtr> ReadBuffer(int64_t expected, int alignment, bool optional,
                               std::string_view what) {
    if (alignment == 16 && ((pos_ + 8) & 15) != 0) {
      if (size_ - pos_ < 8) return Truncated(8, what);
      pos_ += 8;
    }
    const int64_t at = pos_;
    WEIR_ASSIGN_OR_RAISE(const int64_t length, ReadInt64(what));
    if (optional && length == 0) return BufferPtr();
    if (length != expected) {
      return Status::SerializationError("batch buffer length mismatch: ", what, " needs ",
                                        expected, " bytes, message says ", length,
                                        " (body offset ", at, ")");
    }
    const int64_t padded = AlignUp8(length);  // expected is small enough not to overflow
    if (padded > size_ - pos_) return Truncated(padded, what);
    const uint8_t* p = data_ + pos_;
    BufferPtr view;
    if (alignment > 8 && (reinterpret_cast<uintptr_t>(p) & (alignment - 1)) != 0) {
      WEIR_ASSIGN_OR_RAISE(view, Buffer::CopyOf(p, length, pool_));
    } else {
      view = Buffer::Slice(owner_, body_offset_ + pos_, length);
    }
    pos_ += padded;
    return view;
  }

  Status CheckFullyRead() const {
    if (pos_ == size_) return Status::OK();
    return Status::SerializationError("batch body has ", size_ - pos_,
                                      " unread bytes at body offset ", pos_);
  }

 private:
  Status Truncated(int64_t need, std::string_view what) const {
    return Status::SerializationError("batch body truncated: need ", need, " bytes at body offset ",
                                      pos_, ", have ", size_ - pos_, " (reading ", what, ")");
  }

  BufferPtr owner_;
  int64_t body_offset_;
  const uint8_t* data_;
  int64_t size_;
  int64_t pos_ = 0;
  MemoryPool* pool_;
};

// Checks that `length` + 1 offsets start at 0 and never decrease; returns the last one.
Result<int64_t> CheckOffsets(const Buffer& buffer, int64_t length, std::string_view what) {
  const int32_t* offsets = buffer.data_as<int32_t>();
  if (offsets[0] != 0) {
    return Status::SerializationError("batch ", what, " offsets do not start at 0: ", offsets[0]);
  }
  for (int64_t i = 0; i < length; ++i) {
    if (offsets[i + 1] < offsets[i]) {
      return Status::SerializationError("batch ", what, " offsets decrease at row ", i, ": ",
                                        offsets[i], " then ", offsets[i + 1]);
    }
  }
  return static_cast<int64_t>(offsets[length]);
}

Result<ColumnPtr> DecodeColumn(BodyReader& r, const LogicalType& type, int64_t length);

Result<ColumnPtr> DecodeChild(BodyReader& r, const LogicalType& type, int64_t length,
                              std::string_view name) {
  Result<ColumnPtr> child = DecodeColumn(r, type, length);
  if (!child.ok()) return child.status().WithContext(StrCat("child ", name));
  return child;
}

Result<ColumnPtr> DecodeColumn(BodyReader& r, const LogicalType& type, int64_t length) {
  const PhysicalLayout layout = type.layout();
  WEIR_ASSIGN_OR_RAISE(const int64_t null_count, r.ReadInt64("null count"));
  if (layout == PhysicalLayout::kNull) {
    if (null_count != length) {
      return Status::SerializationError("batch NULL column has null count ", null_count,
                                        ", expected ", length);
    }
    return std::make_shared<ColumnVector>(type, length, std::vector<BufferPtr>{},
                                          std::vector<ColumnPtr>{}, length);
  }
  if (null_count < 0 || null_count > length) {
    return Status::SerializationError("batch null count out of range: ", null_count, " for ",
                                      length, " rows");
  }
  std::vector<BufferPtr> buffers;
  std::vector<ColumnPtr> children;
  WEIR_ASSIGN_OR_RAISE(BufferPtr validity,
                       r.ReadBuffer(bits::BytesForBits(length), 8, /*optional=*/true,
                                    "validity bitmap"));
  if (validity == nullptr) {
    if (null_count != 0) {
      return Status::SerializationError("batch null count ", null_count,
                                        " without a validity bitmap");
    }
  } else {
    const int64_t nulls = length - bits::CountSetBits(validity->data(), 0, length);
    if (nulls != null_count) {
      return Status::SerializationError("batch null count mismatch: message says ", null_count,
                                        ", validity bitmap has ", nulls);
    }
  }
  buffers.push_back(std::move(validity));
  switch (layout) {
    case PhysicalLayout::kNull:
      break;
    case PhysicalLayout::kBitmap: {
      WEIR_ASSIGN_OR_RAISE(BufferPtr values,
                           r.ReadBuffer(bits::BytesForBits(length), 8, false, "boolean values"));
      buffers.push_back(std::move(values));
      break;
    }
    case PhysicalLayout::kFixedWidth: {
      const int64_t width = type.byte_width();
      if (width <= 0) {
        return Status::Internal("fixed-width type without a byte width: ", type.ToString());
      }
      WEIR_ASSIGN_OR_RAISE(BufferPtr values,
                           r.ReadBuffer(length * width, ValuesAlignment(type), false, "values"));
      buffers.push_back(std::move(values));
      break;
    }
    case PhysicalLayout::kVarBinary: {
      WEIR_ASSIGN_OR_RAISE(BufferPtr offsets,
                           r.ReadBuffer((length + 1) * 4, 8, false, "string offsets"));
      WEIR_ASSIGN_OR_RAISE(const int64_t data_length, CheckOffsets(*offsets, length, "string"));
      WEIR_ASSIGN_OR_RAISE(BufferPtr data, r.ReadBuffer(data_length, 8, false, "string data"));
      buffers.push_back(std::move(offsets));
      buffers.push_back(std::move(data));
      break;
    }
    case PhysicalLayout::kList:
    case PhysicalLayout::kMap: {
      const bool is_list = layout == PhysicalLayout::kList;
      WEIR_ASSIGN_OR_RAISE(BufferPtr offsets,
                           r.ReadBuffer((length + 1) * 4, 8, false,
                                        is_list ? "list offsets" : "map offsets"));
      WEIR_ASSIGN_OR_RAISE(const int64_t num_elements,
                           CheckOffsets(*offsets, length, is_list ? "list" : "map"));
      buffers.push_back(std::move(offsets));
      const LogicalType child_type = is_list ? type.element_type() : MapEntriesType(type);
      WEIR_ASSIGN_OR_RAISE(ColumnPtr child, DecodeChild(r, child_type, num_elements,
                                                        is_list ? "element" : "entries"));
      children.push_back(std::move(child));
      break;
    }
    case PhysicalLayout::kStruct:
      for (const Field& field : type.fields()) {
        WEIR_ASSIGN_OR_RAISE(ColumnPtr child,
                             DecodeChild(r, field.logical_type(), length, field.name));
        children.push_back(std::move(child));
      }
      break;
  }
  return std::make_shared<ColumnVector>(type, length, std::move(buffers), std::move(children),
                                        null_count);
}

Result<BufferPtr> DecompressLz4(const uint8_t* src, int64_t src_length, int64_t expected,
                                MemoryPool* pool) {
  WEIR_ASSIGN_OR_RAISE(BufferPtr out, Buffer::Allocate(expected, pool));
  const int n = LZ4_decompress_safe(reinterpret_cast<const char*>(src),
                                    reinterpret_cast<char*>(out->mutable_data()),
                                    static_cast<int>(src_length), static_cast<int>(expected));
  if (n < 0) return Status::SerializationError("corrupt LZ4 batch body (", src_length, " bytes)");
  if (n != expected) {
    return Status::SerializationError("LZ4 batch body decompressed to ", n,
                                      " bytes, header declares ", expected);
  }
  return out;
}

// Decompresses into a buffer that grows with the output actually produced, so a header
// that declares a huge size cannot make the decoder allocate it up front.
Result<BufferPtr> DecompressZstd(const uint8_t* src, int64_t src_length, int64_t expected,
                                 MemoryPool* pool) {
  if (tls_zstd.dctx == nullptr) tls_zstd.dctx = ZSTD_createDCtx();
  if (tls_zstd.dctx == nullptr) return Status::OutOfMemory("cannot create a ZSTD context");
  ZSTD_DCtx* dctx = tls_zstd.dctx;
  ZSTD_DCtx_reset(dctx, ZSTD_reset_session_only);
  const int64_t initial = std::min(expected, std::max<int64_t>(src_length * 8, 64 << 10));
  WEIR_ASSIGN_OR_RAISE(BufferPtr out, Buffer::Allocate(initial, pool));
  ZSTD_inBuffer in{src, static_cast<size_t>(src_length), 0};
  size_t produced = 0;
  while (true) {
    ZSTD_outBuffer o{out->mutable_data(), static_cast<size_t>(out->size()), produced};
    const size_t in_before = in.pos;
    const size_t ret = ZSTD_decompressStream(dctx, &o, &in);
    if (ZSTD_isError(ret)) {
      return Status::SerializationError("corrupt ZSTD batch body: ", ZSTD_getErrorName(ret));
    }
    const bool progressed = o.pos != produced || in.pos != in_before;
    produced = o.pos;
    if (ret == 0) break;  // the frame is complete
    if (o.pos == o.size && out->size() < expected) {
      WEIR_RETURN_NOT_OK(out->Resize(std::min(expected, out->size() * 2)));
      continue;
    }
    if (!progressed) {
      if (in.pos == in.size) {
        return Status::SerializationError("ZSTD batch body truncated after ", produced,
                                          " decompressed bytes");
      }
      return Status::SerializationError(
          "ZSTD batch body decompresses to more than the declared ", expected, " bytes");
    }
  }
  if (in.pos != in.size) {
    return Status::SerializationError("ZSTD batch body has ", in.size - in.pos,
                                      " bytes after the frame");
  }
  if (static_cast<int64_t>(produced) != expected) {
    return Status::SerializationError("ZSTD batch body decompressed to ", produced,
                                      " bytes, header declares ", expected);
  }
  return out;
}

Status AsSerializationError(const Status& st, std::string_view context) {
  return Status::SerializationError("invalid batch message: ", context, ": ", st.message());
}

}  // namespace

const char* CompressionName(Compression compression) {
  switch (compression) {
    case Compression::kNone:
      return "none";
    case Compression::kLz4:
      return "lz4";
    case Compression::kZstd:
      return "zstd";
  }
  return "unknown";
}

uint64_t SchemaFingerprint(const Schema& schema) {
  const std::string text = schema.ToString();
  return XXH3_64bits(text.data(), text.size());
}

Result<BatchMessageHeader> PeekBatchHeader(const uint8_t* data, int64_t size) {
  if (data == nullptr || size < kBatchHeaderSize) {
    return Status::SerializationError("batch message truncated: need ", kBatchHeaderSize,
                                      " header bytes, have ", data == nullptr ? 0 : size);
  }
  if (std::memcmp(data, kMagic, 3) != 0) {
    constexpr char kHex[] = "0123456789abcdef";
    std::string found;
    for (int i = 0; i < 3; ++i) {
      found += i == 0 ? "" : " ";
      found += kHex[data[i] >> 4];
      found += kHex[data[i] & 15];
    }
    return Status::SerializationError("not a batch message: bad magic bytes ", found,
                                      " (expected 57 52 42, \"WRB\")");
  }
  BatchMessageHeader h;
  h.version = data[kOffVersion];
  if (h.version != kBatchFormatVersion) {
    return Status::SerializationError("unsupported batch format version: ",
                                      static_cast<int>(h.version), " (this build reads ",
                                      static_cast<int>(kBatchFormatVersion), ")");
  }
  const uint8_t codec = data[kOffCodec];
  if (codec > static_cast<uint8_t>(Compression::kZstd)) {
    return Status::SerializationError("unknown compression codec in batch message: ",
                                      static_cast<int>(codec));
  }
  h.compression = static_cast<Compression>(codec);
  h.flags = data[kOffFlags];
  if ((h.flags & ~kBatchFlagRowKinds) != 0) {
    return Status::SerializationError("unknown flags in batch message: ",
                                      static_cast<int>(h.flags));
  }
  if (Load<uint16_t>(data + kOffReserved16) != 0 || Load<uint64_t>(data + kOffReserved64) != 0) {
    return Status::SerializationError("reserved bytes of the batch header are not zero");
  }
  const uint32_t num_columns = Load<uint32_t>(data + kOffNumColumns);
  if (num_columns > static_cast<uint32_t>(INT32_MAX)) {
    return Status::SerializationError("batch column count out of range: ", num_columns);
  }
  h.num_columns = static_cast<int32_t>(num_columns);
  h.event_time_index = Load<int32_t>(data + kOffEventTime);
  if (h.event_time_index < -1 || h.event_time_index >= h.num_columns) {
    return Status::SerializationError("batch event-time column out of range: ",
                                      h.event_time_index, " of ", h.num_columns, " columns");
  }
  h.num_rows = Load<int64_t>(data + kOffNumRows);
  if (h.num_rows < 0 || h.num_rows > kMaxBatchRows) {
    return Status::SerializationError("batch row count out of range: ", h.num_rows, " (at most ",
                                      kMaxBatchRows, ")");
  }
  h.schema_fingerprint = Load<uint64_t>(data + kOffFingerprint);
  h.uncompressed_body_length = Load<int64_t>(data + kOffUncompressed);
  h.body_length = Load<int64_t>(data + kOffBodyLength);
  h.checksum = Load<uint64_t>(data + kOffChecksum);
  if (h.body_length < 0 || h.body_length > kMaxBatchBodyBytes ||
      h.uncompressed_body_length < 0 || h.uncompressed_body_length > kMaxBatchBodyBytes) {
    return Status::SerializationError("batch body length out of range: ", h.body_length,
                                      " stored, ", h.uncompressed_body_length,
                                      " uncompressed (at most ", kMaxBatchBodyBytes, ")");
  }
  if (h.compression == Compression::kNone && h.uncompressed_body_length != h.body_length) {
    return Status::SerializationError("uncompressed batch body lengths disagree: ",
                                      h.body_length, " stored, ", h.uncompressed_body_length,
                                      " declared");
  }
  if (h.compression == Compression::kLz4 &&
      h.uncompressed_body_length > h.body_length * kMaxLz4Ratio + 64) {
    return Status::SerializationError("LZ4 batch body cannot expand from ", h.body_length,
                                      " to ", h.uncompressed_body_length, " bytes");
  }
  return h;
}

Result<int64_t> SerializedBatchSize(const RecordBatch& batch) {
  WEIR_ASSIGN_OR_RAISE(const int64_t body_length, MeasureBody(batch, NeedsRowKinds(batch)));
  return kBatchHeaderSize + body_length;
}

Result<BufferPtr> SerializeBatch(const RecordBatch& batch, const SerializeOptions& options,
                                 MemoryPool* pool) {
  BufferSink sink(pool);
  WEIR_RETURN_NOT_OK(EncodeMessage(batch, options, pool, sink));
  return sink.Take();
}

Status SerializeBatchTo(const RecordBatch& batch, const SerializeOptions& options,
                        std::string* out, MemoryPool* pool) {
  if (out == nullptr) return Status::Invalid("SerializeBatchTo needs an output string");
  StringSink sink(out);
  return EncodeMessage(batch, options, pool, sink);
}

Result<RecordBatchPtr> DeserializeBatch(const BufferPtr& bytes, const SchemaPtr& schema,
                                        MemoryPool* pool) {
  if (schema == nullptr) return Status::Invalid("DeserializeBatch needs a schema");
  if (bytes == nullptr) return Status::SerializationError("batch message is null");
  const uint8_t* data = bytes->data();
  const int64_t size = bytes->size();
  WEIR_ASSIGN_OR_RAISE(const BatchMessageHeader h, PeekBatchHeader(data, size));
  if (size < h.message_size()) {
    return Status::SerializationError("batch message truncated: header declares ",
                                      h.message_size(), " bytes, have ", size);
  }
  if (size > h.message_size()) {
    return Status::SerializationError("batch message has ", size - h.message_size(),
                                      " bytes after its declared end at ", h.message_size());
  }
  if (h.num_columns != schema->num_fields()) {
    return Status::SerializationError("batch message has ", h.num_columns,
                                      " columns, schema has ", schema->num_fields());
  }
  const uint64_t fingerprint = CachedFingerprint(schema);
  if (h.schema_fingerprint != fingerprint) {
    return Status::SerializationError("batch message was written for another schema: "
                                      "fingerprint ", h.schema_fingerprint, ", expected ",
                                      fingerprint, " for ", schema->ToString());
  }
  const uint8_t* body = data + kBatchHeaderSize;
  if (MessageChecksum(data, body, h.body_length) != h.checksum) {
    return Status::SerializationError("batch message checksum mismatch (", h.body_length,
                                      " body bytes, codec ", CompressionName(h.compression),
                                      "): the bytes are corrupt");
  }

  // Find the (uncompressed) body in a buffer aligned for zero-copy views.
  BufferPtr owner;
  int64_t body_offset = 0;
  switch (h.compression) {
    case Compression::kNone:
      if ((reinterpret_cast<uintptr_t>(data) & 7) == 0) {
        owner = bytes;
        body_offset = kBatchHeaderSize;
      } else {
        WEIR_ASSIGN_OR_RAISE(owner, Buffer::CopyOf(body, h.body_length, pool));
      }
      break;
    case Compression::kLz4: {
      WEIR_ASSIGN_OR_RAISE(owner,
                           DecompressLz4(body, h.body_length, h.uncompressed_body_length, pool));
      break;
    }
    case Compression::kZstd: {
      WEIR_ASSIGN_OR_RAISE(owner,
                           DecompressZstd(body, h.body_length, h.uncompressed_body_length, pool));
      break;
    }
  }

  BodyReader reader(owner, body_offset, h.uncompressed_body_length, pool);
  ColumnPtr row_kinds;
  if (h.has_row_kinds()) {
    WEIR_ASSIGN_OR_RAISE(BufferPtr kinds, reader.ReadBuffer(h.num_rows, 8, false, "row kinds"));
    const int8_t* k = kinds->data_as<int8_t>();
    for (int64_t i = 0; i < h.num_rows; ++i) {
      if (k[i] < 0 || k[i] >= kNumRowKinds) {
        return Status::SerializationError("batch row kind out of range at row ", i, ": ",
                                          static_cast<int>(k[i]));
      }
    }
    row_kinds = std::make_shared<ColumnVector>(LogicalType::TinyInt(/*nullable=*/false),
                                               h.num_rows,
                                               std::vector<BufferPtr>{nullptr, std::move(kinds)},
                                               std::vector<ColumnPtr>{}, 0);
  }
  std::vector<ColumnPtr> columns;
  columns.reserve(static_cast<size_t>(h.num_columns));
  for (int i = 0; i < h.num_columns; ++i) {
    Result<ColumnPtr> column = DecodeColumn(reader, schema->type(i), h.num_rows);
    if (!column.ok()) {
      return column.status().WithContext(StrCat("column ", i, " (", schema->name(i), ")"));
    }
    columns.push_back(std::move(column).ValueOrDie());
  }
  WEIR_RETURN_NOT_OK(reader.CheckFullyRead());
  for (int i = 0; i < h.num_columns; ++i) {
    const Status st = columns[i]->Validate();
    if (!st.ok()) return AsSerializationError(st, StrCat("column ", i, " (", schema->name(i), ")"));
  }
  if (h.event_time_index >= 0) {
    const TypeId id = schema->type(h.event_time_index).id();
    if (id != TypeId::kTimestamp && id != TypeId::kTimestampLtz) {
      return Status::SerializationError("batch event-time column ", h.event_time_index,
                                        " is not a timestamp: ",
                                        schema->type(h.event_time_index).ToString());
    }
  }
  Result<RecordBatchPtr> batch =
      RecordBatch::Make(schema, std::move(columns), std::move(row_kinds), h.event_time_index);
  if (!batch.ok()) return AsSerializationError(batch.status(), "batch");
  return batch;
}

}  // namespace weir
