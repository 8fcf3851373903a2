// Arrow C Data Interface export: ArrowSchema for types; zero-copy ArrowArray for columns, batches.
#include <cstring>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "weir/common/batch/arrow_c_data.h"
#include "weir/common/str_cat.h"

namespace weir {
namespace {

// Stands in for an absent values/offsets buffer of an empty column: the specification lets
// only the validity bitmap be null, and readers of an empty column touch at most offset 0.
alignas(64) const uint8_t kZeroBytes[64] = {};

// The release callback of an exported node (ArrowSchema or ArrowArray): releases the children
// still owned by it, deletes its `Private` data and marks it released.
template <typename Node, typename Private>
void ReleaseExportedNode(Node* node) {
  if (node == nullptr || node->release == nullptr) return;
  for (int64_t i = 0; i < node->n_children; ++i) {
    Node* child = node->children[i];
    if (child != nullptr && child->release != nullptr) child->release(child);
  }
  delete static_cast<Private*>(node->private_data);
  node->release = nullptr;
  node->private_data = nullptr;
}

// ---- ArrowSchema ----------------------------------------------------------------------

// Everything an exported ArrowSchema node points to. Children are separate nodes with their
// own private data, so a consumer may move a child out and release it on its own.
struct ExportedSchema {
  std::string format;
  std::string name;
  std::string metadata;  // empty: no metadata
  std::unique_ptr<ArrowSchema[]> child_structs;
  std::vector<ArrowSchema*> child_pointers;
};

void AppendInt32(std::string& out, int32_t v) {
  char bytes[sizeof(v)];
  std::memcpy(bytes, &v, sizeof(v));
  out.append(bytes, sizeof(v));
}

// Encodes key/value pairs in the specification's layout: int32 count, then for each pair
// int32 length + bytes of the key and of the value (native byte order).
std::string EncodeMetadata(const std::vector<std::pair<std::string, std::string>>& pairs) {
  std::string out;
  AppendInt32(out, static_cast<int32_t>(pairs.size()));
  for (const auto& [key, value] : pairs) {
    AppendInt32(out, static_cast<int32_t>(key.size()));
    out.append(key);
    AppendInt32(out, static_cast<int32_t>(value.size()));
    out.append(value);
  }
  return out;
}

// Fills `out` as a node with `num_children` children still to be filled by the caller.
ExportedSchema* InitSchemaNode(ArrowSchema* out, std::string format, std::string_view name,
                               int64_t flags, int num_children) {
  auto priv = std::make_unique<ExportedSchema>();
  priv->format = std::move(format);
  priv->name = std::string(name);
  if (num_children > 0) {
    priv->child_structs = std::make_unique<ArrowSchema[]>(num_children);
    for (int i = 0; i < num_children; ++i) {
      priv->child_structs[i] = ArrowSchema{};
      priv->child_pointers.push_back(&priv->child_structs[i]);
    }
  }
  out->format = priv->format.c_str();
  out->name = priv->name.c_str();
  out->metadata = nullptr;
  out->flags = flags;
  out->n_children = num_children;
  out->children = num_children > 0 ? priv->child_pointers.data() : nullptr;
  out->dictionary = nullptr;
  out->release = &ReleaseExportedNode<ArrowSchema, ExportedSchema>;
  out->private_data = priv.get();
  return priv.release();
}

// Exports `type` into `out`. `nullable` overrides the type's nullability in the flags (the
// specification wants map entries and keys non-nullable); `with_type_metadata` attaches
// "weir.type" (only needed where a type starts: nested nodes are covered by it).
void ExportTypeNode(const LogicalType& type, std::string_view name, bool nullable,
                    bool with_type_metadata, ArrowSchema* out) {
  const int64_t flags = nullable ? ARROW_FLAG_NULLABLE : 0;
  ExportedSchema* priv = nullptr;
  switch (type.id()) {
    case TypeId::kArray:
      priv = InitSchemaNode(out, ArrowFormat(type), name, flags, 1);
      ExportTypeNode(type.element_type(), "item", type.element_type().nullable(), false,
                     priv->child_pointers[0]);
      break;
    case TypeId::kMap:
    case TypeId::kMultiset: {
      // MULTISET<T> is stored as MAP<T, INT NOT NULL>; key_type()/value_type() say so.
      priv = InitSchemaNode(out, ArrowFormat(type), name, flags, 1);
      ArrowSchema* entries = priv->child_pointers[0];
      ExportedSchema* entries_priv = InitSchemaNode(entries, "+s", "entries", 0, 2);
      ExportTypeNode(type.key_type(), "key", false, false, entries_priv->child_pointers[0]);
      ExportTypeNode(type.value_type(), "value", type.value_type().nullable(), false,
                     entries_priv->child_pointers[1]);
      break;
    }
    case TypeId::kRow: {
      const auto& fields = type.fields();
      priv = InitSchemaNode(out, ArrowFormat(type), name, flags, static_cast<int>(fields.size()));
      for (size_t i = 0; i < fields.size(); ++i) {
        ExportTypeNode(fields[i].logical_type(), fields[i].name,
                       fields[i].logical_type().nullable(), false, priv->child_pointers[i]);
      }
      break;
    }
    default:
      priv = InitSchemaNode(out, ArrowFormat(type), name, flags, 0);
      break;
  }
  if (with_type_metadata) {
    // Time-attribute markers (*ROWTIME*) are a planner property, not part of the data type.
    LogicalType plain = type;
    if ((type.id() == TypeId::kTimestamp || type.id() == TypeId::kTimestampLtz) &&
        type.timestamp_kind() != TimestampKind::kRegular) {
      plain = type.WithTimestampKind(TimestampKind::kRegular);
    }
    priv->metadata = EncodeMetadata({{std::string(kArrowWeirTypeKey), plain.ToString()}});
    out->metadata = priv->metadata.data();
  }
}

// ---- ArrowArray -----------------------------------------------------------------------

// Everything an exported ArrowArray node points to, and the references that keep the
// exported memory alive until the consumer releases the node.
struct ExportedArray {
  ColumnPtr column;
  std::vector<const void*> buffers;
  std::unique_ptr<ArrowArray[]> child_structs;
  std::vector<ArrowArray*> child_pointers;
};

ExportedArray* InitArrayNode(ArrowArray* out, int64_t length, int64_t null_count,
                             int64_t offset, std::vector<const void*> buffers,
                             int num_children) {
  auto priv = std::make_unique<ExportedArray>();
  priv->buffers = std::move(buffers);
  if (num_children > 0) {
    priv->child_structs = std::make_unique<ArrowArray[]>(num_children);
    for (int i = 0; i < num_children; ++i) {
      priv->child_structs[i] = ArrowArray{};
      priv->child_pointers.push_back(&priv->child_structs[i]);
    }
  }
  out->length = length;
  out->null_count = null_count;
  out->offset = offset;
  out->n_buffers = static_cast<int64_t>(priv->buffers.size());
  out->n_children = num_children;
  out->buffers = priv->buffers.empty() ? nullptr : priv->buffers.data();
  out->children = num_children > 0 ? priv->child_pointers.data() : nullptr;
  out->dictionary = nullptr;
  out->release = &ReleaseExportedNode<ArrowArray, ExportedArray>;
  out->private_data = priv.get();
  return priv.release();
}

void ExportColumnNode(const ColumnPtr& column, ArrowArray* out) {
  const LogicalType& type = column->type();
  const int num_buffers = NumBuffers(type.layout());
  std::vector<const void*> buffers(static_cast<size_t>(num_buffers), nullptr);
  const auto& own = column->buffers();
  for (int i = 0; i < num_buffers; ++i) {
    const Buffer* buffer = static_cast<size_t>(i) < own.size() ? own[i].get() : nullptr;
    const void* data = buffer != nullptr ? buffer->data() : nullptr;
    // Only the validity bitmap may be absent (no nulls); other buffers are absent only in
    // empty columns, which get a few zero bytes instead.
    if (data == nullptr && i > 0) data = kZeroBytes;
    buffers[i] = data;
  }
  const bool empty = column->length() == 0;
  const int64_t null_count =
      type.id() == TypeId::kNull ? column->length() : column->null_count();
  const int num_children = static_cast<int>(column->children().size());
  ExportedArray* priv = InitArrayNode(out, column->length(), null_count,
                                      empty ? 0 : column->offset(), std::move(buffers),
                                      num_children);
  priv->column = column;
  for (int i = 0; i < num_children; ++i) {
    ExportColumnNode(column->child(i), priv->child_pointers[i]);
  }
}

}  // namespace

std::string ArrowFormat(const LogicalType& type) {
  switch (type.id()) {
    case TypeId::kNull:
      return "n";
    case TypeId::kBoolean:
      return "b";
    case TypeId::kTinyInt:
      return "c";
    case TypeId::kSmallInt:
      return "s";
    case TypeId::kInt:
      return "i";
    case TypeId::kBigInt:
      return "l";
    case TypeId::kFloat:
      return "f";
    case TypeId::kDouble:
      return "g";
    case TypeId::kDecimal:
      return StrCat("d:", type.precision(), ",", type.scale());
    case TypeId::kChar:
    case TypeId::kVarChar:
      return "u";
    case TypeId::kBinary:
    case TypeId::kVarBinary:
      return "z";
    case TypeId::kDate:
      return "tdD";
    case TypeId::kTime:
      return "ttn";
    case TypeId::kTimestamp:
    case TypeId::kTimestampLtz: {
      std::string format = "ts";
      switch (TimestampUnit(type.precision())) {
        case TimeUnit::kMilli:
          format += "m:";
          break;
        case TimeUnit::kMicro:
          format += "u:";
          break;
        case TimeUnit::kNano:
          format += "n:";
          break;
      }
      if (type.id() == TypeId::kTimestampLtz) format += "UTC";
      return format;
    }
    case TypeId::kIntervalYearMonth:
      return "tiM";
    case TypeId::kIntervalDayTime:
      return "tDm";
    case TypeId::kArray:
      return "+l";
    case TypeId::kMap:
    case TypeId::kMultiset:
      return "+m";
    case TypeId::kRow:
      return "+s";
  }
  WEIR_CHECK_MSG(false, "unknown type id ", static_cast<int>(type.id()));
  return "";
}

Status ExportType(const LogicalType& type, std::string_view name, ArrowSchema* out) {
  if (out == nullptr) return Status::Invalid("ExportType needs an output ArrowSchema");
  ExportTypeNode(type, name, type.nullable(), true, out);
  return Status::OK();
}

Status ExportSchema(const Schema& schema, ArrowSchema* out, bool with_row_kind) {
  if (out == nullptr) return Status::Invalid("ExportSchema needs an output ArrowSchema");
  const int num_fields = schema.num_fields();
  ExportedSchema* priv = InitSchemaNode(out, "+s", "", 0, num_fields + (with_row_kind ? 1 : 0));
  for (int i = 0; i < num_fields; ++i) {
    ExportTypeNode(schema.type(i), schema.name(i), schema.type(i).nullable(), true,
                   priv->child_pointers[i]);
  }
  if (with_row_kind) {
    ExportTypeNode(LogicalType::TinyInt(false), kArrowRowKindField, false, false,
                   priv->child_pointers[num_fields]);
  }
  return Status::OK();
}

Status ExportColumn(ColumnPtr column, ArrowArray* out) {
  if (out == nullptr) return Status::Invalid("ExportColumn needs an output ArrowArray");
  if (column == nullptr) return Status::Invalid("ExportColumn needs a column");
  ExportColumnNode(column, out);
  return Status::OK();
}

Status ExportRecordBatch(const RecordBatchPtr& batch, ArrowArray* out, bool with_row_kind) {
  if (out == nullptr) return Status::Invalid("ExportRecordBatch needs an output ArrowArray");
  if (batch == nullptr) return Status::Invalid("ExportRecordBatch needs a batch");
  ColumnPtr row_kinds;
  if (with_row_kind) {
    row_kinds = batch->row_kinds();
    if (row_kinds == nullptr) {
      // All rows are +I (RowKind::kInsert == 0): a zeroed TINYINT column says so.
      WEIR_ASSIGN_OR_RAISE(BufferPtr zeros, Buffer::AllocateZeroed(batch->num_rows()));
      row_kinds = std::make_shared<ColumnVector>(LogicalType::TinyInt(false), batch->num_rows(),
                                                 std::vector<BufferPtr>{nullptr, zeros},
                                                 std::vector<ColumnPtr>{}, 0);
    }
  }
  const int num_columns = batch->num_columns();
  const int num_children = num_columns + (with_row_kind ? 1 : 0);
  ExportedArray* priv =
      InitArrayNode(out, batch->num_rows(), 0, 0, std::vector<const void*>{nullptr}, num_children);
  for (int i = 0; i < num_columns; ++i) {
    ExportColumnNode(batch->column(i), priv->child_pointers[i]);
  }
  if (with_row_kind) ExportColumnNode(row_kinds, priv->child_pointers[num_columns]);
  return Status::OK();
}

}  // namespace weir
