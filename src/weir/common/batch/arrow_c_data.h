// Arrow C Data Interface: zero-copy export and import of columns, schemas and record batches.
#pragma once

#include <cstdint>
#include <string_view>

#include "weir/common/batch/column_vector.h"
#include "weir/common/batch/record_batch.h"
#include "weir/common/memory/memory_pool.h"
#include "weir/common/result.h"
#include "weir/common/types/logical_type.h"
#include "weir/common/types/schema.h"

// The two ABI-stable structs of the Arrow C Data Interface, declared as the specification
// defines them. The guard lets this header coexist with Arrow's own declaration.
#ifndef ARROW_C_DATA_INTERFACE
#define ARROW_C_DATA_INTERFACE

#define ARROW_FLAG_DICTIONARY_ORDERED 1
#define ARROW_FLAG_NULLABLE 2
#define ARROW_FLAG_MAP_KEYS_SORTED 4

#ifdef __cplusplus
extern "C" {
#endif

struct ArrowSchema {
  // Array type description
  const char* format;
  const char* name;
  const char* metadata;
  int64_t flags;
  int64_t n_children;
  struct ArrowSchema** children;
  struct ArrowSchema* dictionary;

  // Release callback
  void (*release)(struct ArrowSchema*);
  // Opaque producer-specific data
  void* private_data;
};

struct ArrowArray {
  // Array data description
  int64_t length;
  int64_t null_count;
  int64_t offset;
  int64_t n_buffers;
  int64_t n_children;
  const void** buffers;
  struct ArrowArray** children;
  struct ArrowArray* dictionary;

  // Release callback
  void (*release)(struct ArrowArray*);
  // Opaque producer-specific data
  void* private_data;
};

#ifdef __cplusplus
}
#endif

#endif  // ARROW_C_DATA_INTERFACE

namespace weir {

/// Schema metadata key under which the exact Weir type (LogicalType::ToString()) travels.
inline constexpr std::string_view kArrowWeirTypeKey = "weir.type";
/// Name of the trailing struct child that carries row kinds (TINYINT NOT NULL).
inline constexpr std::string_view kArrowRowKindField = "$row_kind";

// ---------------------------------------------------------------------------------------
// Export. On success `out` is owned by the consumer, who must call out->release exactly
// once. Exported arrays share Weir's buffers (no copy); the release callback drops the
// references. On failure `out` is left untouched (release == nullptr is not written).
// ---------------------------------------------------------------------------------------

/// Returns the Arrow format string of `type` ("i", "tsu:", "d:10,2", "+s", ...).
std::string ArrowFormat(const LogicalType& type);

/// Exports `type` as a field called `name`, with the exact Weir type in the metadata.
Status ExportType(const LogicalType& type, std::string_view name, ArrowSchema* out);

/// Exports `schema` as a non-nullable struct with one child per field; with_row_kind adds a
/// trailing "$row_kind" TINYINT NOT NULL child.
Status ExportSchema(const Schema& schema, ArrowSchema* out, bool with_row_kind = false);

/// Exports `column` without copying; the exported array keeps the column alive.
Status ExportColumn(ColumnPtr column, ArrowArray* out);

/// Exports `batch` as a struct array of its columns (plus "$row_kind" with with_row_kind;
/// an all-insert batch then gets a column of zeros, the only thing that is allocated).
Status ExportRecordBatch(const RecordBatchPtr& batch, ArrowArray* out,
                         bool with_row_kind = false);

// ---------------------------------------------------------------------------------------
// Import. The importer takes ownership of the struct it is given: on success and on
// failure alike the input is moved out (its release set to nullptr) and eventually
// released exactly once.
// ---------------------------------------------------------------------------------------

/// Imports a type: from the "weir.type" metadata when present (checked against the
/// format), otherwise derived from the format strings. Releases `schema`.
Result<LogicalType> ImportType(ArrowSchema* schema);

/// Imports a schema exported as a struct (ExportSchema); a trailing "$row_kind" child is
/// dropped and reported through `has_row_kind` (if not null). Releases `schema`.
Result<SchemaPtr> ImportSchema(ArrowSchema* schema, bool* has_row_kind = nullptr);

/// Imports an array of `type` without copying: buffers become views of the foreign
/// memory, which is released when the last view dies. The foreign bytes are reserved in
/// `pool` (DefaultMemoryPool() if null) for as long as they live. The column is checked
/// with ColumnVector::Validate(); structural mismatches are Invalid.
Result<ColumnPtr> ImportColumn(ArrowArray* array, const LogicalType& type,
                               MemoryPool* pool = nullptr);

/// Imports a struct array and its schema as a record batch; a trailing "$row_kind" child
/// becomes the batch's row kinds. Releases both `array` and `schema`.
Result<RecordBatchPtr> ImportRecordBatch(ArrowArray* array, ArrowSchema* schema,
                                         MemoryPool* pool = nullptr);

}  // namespace weir
