// NetworkBuffer: sizing of batches against the segment size.
#include "weir/runtime/network/network_buffer.h"

namespace weir::runtime {

int64_t ColumnDataBytes(const ColumnVector& column, int64_t offset, int64_t length) {
  if (length <= 0) return 0;
  const int64_t validity = column.validity() != nullptr ? (length + 7) / 8 : 0;
  switch (column.type().layout()) {
    case PhysicalLayout::kNull:
      return 0;
    case PhysicalLayout::kBitmap:
      return validity + (length + 7) / 8;
    case PhysicalLayout::kFixedWidth:
      return validity + length * column.type().byte_width();
    case PhysicalLayout::kVarBinary: {
      const int32_t* o = column.value_offsets();
      return validity + 4 * (length + 1) + (o[offset + length] - o[offset]);
    }
    case PhysicalLayout::kList:
    case PhysicalLayout::kMap: {
      const int32_t* o = column.value_offsets();
      return validity + 4 * (length + 1) +
             ColumnDataBytes(*column.child(0), o[offset], o[offset + length] - o[offset]);
    }
    case PhysicalLayout::kStruct: {
      int64_t bytes = validity;
      for (const ColumnPtr& child : column.children()) {
        bytes += ColumnDataBytes(*child, column.offset() + offset, length);
      }
      return bytes;
    }
  }
  return 0;
}

int64_t BatchDataBytes(const RecordBatch& batch) {
  const int64_t rows = batch.num_rows();
  int64_t bytes = batch.all_inserts() ? 0 : rows;
  for (const ColumnPtr& column : batch.columns()) {
    bytes += ColumnDataBytes(*column, 0, rows);
  }
  return bytes;
}

}  // namespace weir::runtime
