// Internal to the builders: allocating, growing and trimming the buffers they own.
#pragma once

#include <algorithm>
#include <cstdint>

#include "weir/common/memory/buffer.h"
#include "weir/common/result.h"

namespace weir::internal {

/// Returns a new int32 offsets buffer that holds the single offset 0 (an empty column).
inline Result<BufferPtr> AllocateOffsets(MemoryPool* pool) {
  WEIR_ASSIGN_OR_RAISE(BufferPtr offsets, Buffer::Allocate(4, pool));
  offsets->mutable_data_as<int32_t>()[0] = 0;
  return offsets;
}

/// Grows an int32 offsets buffer (one offset more than rows) to hold at least `needed` rows,
/// at least doubling; `*capacity` is the number of rows it holds, before and after.
inline Status ReserveOffsets(Buffer& offsets, int64_t needed, int64_t* capacity) {
  if (needed <= *capacity) return Status::OK();
  const int64_t new_capacity = std::max(needed, *capacity * 2);
  WEIR_RETURN_NOT_OK(offsets.Reserve((new_capacity + 1) * 4));
  *capacity = offsets.capacity() / 4 - 1;
  return Status::OK();
}

/// Sets the final size of a finished buffer and releases its spare capacity when that is
/// 64 bytes or more.
inline Status FinishBuffer(Buffer& buffer, int64_t size) {
  WEIR_RETURN_NOT_OK(buffer.Resize(size));
  if (buffer.capacity() - buffer.size() >= 64) WEIR_RETURN_NOT_OK(buffer.ShrinkToFit());
  return Status::OK();
}

}  // namespace weir::internal
