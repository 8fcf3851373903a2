// NetworkBuffer: one unit of a channel's traffic — a batch of at most a segment, or an event.
#pragma once

#include <cstdint>

#include "weir/common/batch/record_batch.h"
#include "weir/runtime/task/stream_element.h"

namespace weir::runtime {

/// What travels through a channel. A data buffer holds a batch whose data is at most one
/// segment and takes one credit; an event (watermark, barrier, end of partition, ...) takes
/// none and stays in order with the data. Local channels pass the batch pointer: no copy.
struct NetworkBuffer {
  StreamElement element;
  int64_t bytes = 0;      // data bytes of the batch (0 for events)
  bool floating = false;  // the credit came from the gate's floating buffers
};

/// Returns the bytes of column data that `batch` covers (values, offsets, validity and the
/// row kinds of its rows only; shared or sliced buffers count only the covered part).
/// Costs O(columns), not O(rows), except for nested lists.
int64_t BatchDataBytes(const RecordBatch& batch);

/// Returns the bytes of data of `length` rows of `column` starting at row `offset`.
int64_t ColumnDataBytes(const ColumnVector& column, int64_t offset, int64_t length);

}  // namespace weir::runtime
