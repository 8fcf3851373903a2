// Take: gathers the selected rows of a column into a new column.
#include "weir/common/batch/column_builder.h"
#include "weir/common/batch/record_batch.h"

namespace weir {

Result<ColumnPtr> Take(const ColumnVector& column, const SelectionVector& selection,
                       MemoryPool* pool) {
  WEIR_ASSIGN_OR_RAISE(auto builder, ColumnBuilder::Make(column.type(), pool));
  WEIR_RETURN_NOT_OK(builder->AppendIndices(column, selection.data(), selection.size()));
  return builder->Finish();
}

}  // namespace weir
