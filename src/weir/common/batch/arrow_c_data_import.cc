// Arrow C Data Interface import: types from ArrowSchema, zero-copy columns and batches.
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "weir/common/batch/arrow_c_data.h"
#include "weir/common/str_cat.h"

namespace weir {
namespace {

// Deeper nesting than this in a foreign schema is rejected instead of recursing further.
constexpr int kMaxNestingDepth = 64;

// Stands in for the absent offsets/values buffers of empty foreign arrays.
alignas(64) const uint8_t kZeroBytes[64] = {};

// ---- Ownership of foreign structs -------------------------------------------------------

// Takes a foreign ArrowSchema over (the source is marked released) and releases it once.
class SchemaOwner {
 public:
  explicit SchemaOwner(ArrowSchema* source) : schema_(*source) { source->release = nullptr; }
  ~SchemaOwner() {
    if (schema_.release != nullptr) schema_.release(&schema_);
  }
  SchemaOwner(const SchemaOwner&) = delete;
  SchemaOwner& operator=(const SchemaOwner&) = delete;
  const ArrowSchema& get() const { return schema_; }

 private:
  ArrowSchema schema_;
};

// Takes a foreign ArrowArray over and keeps it alive for as long as any Buffer view of its
// memory lives (the views share ownership of this object). Releases the array once, and
// gives back the bytes its buffers were accounted with.
class ImportedArray {
 public:
  explicit ImportedArray(ArrowArray* source) : array_(*source) { source->release = nullptr; }
  ~ImportedArray() {
    if (pool_ != nullptr && reserved_ > 0) pool_->Release(reserved_);
    if (array_.release != nullptr) array_.release(&array_);
  }
  ImportedArray(const ImportedArray&) = delete;
  ImportedArray& operator=(const ImportedArray&) = delete;

  const ArrowArray& get() const { return array_; }

  // Accounts `bytes` in `pool` until destruction.
  Status Reserve(MemoryPool* pool, int64_t bytes) {
    if (bytes <= 0) return Status::OK();
    WEIR_RETURN_NOT_OK(pool->Reserve(bytes));
    pool_ = pool;
    pool_ref_ = pool->weak_from_this().lock();  // keeps a shared pool alive, if it is one
    reserved_ = bytes;
    return Status::OK();
  }

 private:
  ArrowArray array_;
  MemoryPool* pool_ = nullptr;
  std::shared_ptr<MemoryPool> pool_ref_;
  int64_t reserved_ = 0;
};

// ---- Types ------------------------------------------------------------------------------

// Reads the metadata value for `key`, or nullopt. The layout has no total size, so only
// the lengths can be checked.
Result<std::optional<std::string>> FindMetadata(const char* metadata, std::string_view key) {
  if (metadata == nullptr) return std::optional<std::string>();
  auto read_int32 = [&metadata]() {
    int32_t v;
    std::memcpy(&v, metadata, sizeof(v));
    metadata += sizeof(v);
    return v;
  };
  const int32_t count = read_int32();
  if (count < 0) return Status::Invalid("Negative metadata entry count in ArrowSchema: ", count);
  std::optional<std::string> found;
  for (int32_t i = 0; i < count; ++i) {
    const int32_t key_length = read_int32();
    if (key_length < 0) {
      return Status::Invalid("Negative metadata key length in ArrowSchema: ", key_length);
    }
    std::string_view k(metadata, static_cast<size_t>(key_length));
    metadata += key_length;
    const int32_t value_length = read_int32();
    if (value_length < 0) {
      return Status::Invalid("Negative metadata value length in ArrowSchema: ", value_length);
    }
    if (k == key) found = std::string(metadata, static_cast<size_t>(value_length));
    metadata += value_length;
  }
  return found;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

Result<int32_t> ParseDecimalPart(std::string_view text, std::string_view format) {
  if (text.empty() || text.size() > 9) {
    return Status::Invalid("Malformed decimal format in ArrowSchema: '", format, "'");
  }
  int32_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') {
      return Status::Invalid("Malformed decimal format in ArrowSchema: '", format, "'");
    }
    v = v * 10 + (c - '0');
  }
  return v;
}

// Parses "d:p,s" and "d:p,s,128".
Result<LogicalType> DecimalFromFormat(std::string_view format, bool nullable) {
  std::string_view rest = format.substr(2);
  std::vector<std::string_view> parts;
  while (true) {
    size_t comma = rest.find(',');
    parts.push_back(rest.substr(0, comma));
    if (comma == std::string_view::npos) break;
    rest = rest.substr(comma + 1);
  }
  if (parts.size() < 2 || parts.size() > 3) {
    return Status::Invalid("Malformed decimal format in ArrowSchema: '", format, "'");
  }
  WEIR_ASSIGN_OR_RAISE(int32_t precision, ParseDecimalPart(parts[0], format));
  WEIR_ASSIGN_OR_RAISE(int32_t scale, ParseDecimalPart(parts[1], format));
  if (parts.size() == 3) {
    WEIR_ASSIGN_OR_RAISE(int32_t bit_width, ParseDecimalPart(parts[2], format));
    if (bit_width != 128) {
      return Status::NotSupported("Unsupported Arrow decimal bit width (only 128): '", format,
                                  "'");
    }
  }
  auto type = LogicalType::MakeDecimal(precision, scale, nullable);
  if (!type.ok()) {
    return Status::NotSupported("Unsupported Arrow decimal '", format,
                                "': ", type.status().message());
  }
  return type;
}

Result<LogicalType> TypeOfNode(const ArrowSchema& schema, int depth);

Status CheckChildren(const ArrowSchema& schema, int64_t expected) {
  if (schema.n_children != expected) {
    return Status::Invalid("Arrow format '", schema.format, "' needs ", expected,
                           " children, the ArrowSchema has ", schema.n_children);
  }
  if (expected > 0 && schema.children == nullptr) {
    return Status::Invalid("Null children pointer in ArrowSchema of format '", schema.format,
                           "'");
  }
  for (int64_t i = 0; i < expected; ++i) {
    if (schema.children[i] == nullptr) {
      return Status::Invalid("Null child ", i, " in ArrowSchema of format '", schema.format, "'");
    }
  }
  return Status::OK();
}

// Derives a type from the format strings of `schema` and its children.
Result<LogicalType> TypeFromFormat(const ArrowSchema& schema, int depth) {
  const std::string_view format(schema.format);
  const bool nullable = (schema.flags & ARROW_FLAG_NULLABLE) != 0;
  if (schema.dictionary != nullptr) {
    return Status::NotSupported("Unsupported dictionary-encoded Arrow array of format '", format,
                                "'");
  }
  // Nested types.
  if (format == "+l") {
    WEIR_RETURN_NOT_OK(CheckChildren(schema, 1));
    WEIR_ASSIGN_OR_RAISE(LogicalType element, TypeOfNode(*schema.children[0], depth + 1));
    return LogicalType::Array(std::move(element), nullable);
  }
  if (format == "+m") {
    WEIR_RETURN_NOT_OK(CheckChildren(schema, 1));
    const ArrowSchema& entries = *schema.children[0];
    if (entries.format == nullptr || std::string_view(entries.format) != "+s") {
      return Status::Invalid("Arrow map entries must be a struct ('+s'), got '",
                             entries.format, "'");
    }
    WEIR_RETURN_NOT_OK(CheckChildren(entries, 2));
    WEIR_ASSIGN_OR_RAISE(LogicalType key, TypeOfNode(*entries.children[0], depth + 2));
    WEIR_ASSIGN_OR_RAISE(LogicalType value, TypeOfNode(*entries.children[1], depth + 2));
    return LogicalType::Map(std::move(key), std::move(value), nullable);
  }
  if (format == "+s") {
    WEIR_RETURN_NOT_OK(CheckChildren(schema, schema.n_children < 0 ? 0 : schema.n_children));
    std::vector<Field> fields;
    for (int64_t i = 0; i < schema.n_children; ++i) {
      const ArrowSchema& child = *schema.children[i];
      WEIR_ASSIGN_OR_RAISE(LogicalType type, TypeOfNode(child, depth + 1));
      // Flink names unnamed fields f0, f1, ...
      std::string name = child.name != nullptr && child.name[0] != '\0'
                             ? std::string(child.name)
                             : StrCat("f", i);
      fields.emplace_back(std::move(name), std::move(type));
    }
    return LogicalType::MakeRow(std::move(fields), nullable);
  }
  WEIR_RETURN_NOT_OK(CheckChildren(schema, 0));
  if (format.size() == 1) {
    switch (format[0]) {
      case 'n':
        return LogicalType::Null();
      case 'b':
        return LogicalType::Boolean(nullable);
      case 'c':
        return LogicalType::TinyInt(nullable);
      case 's':
        return LogicalType::SmallInt(nullable);
      case 'i':
        return LogicalType::Int(nullable);
      case 'l':
        return LogicalType::BigInt(nullable);
      case 'f':
        return LogicalType::Float(nullable);
      case 'g':
        return LogicalType::Double(nullable);
      case 'u':
        return LogicalType::String(nullable);
      case 'z':
        return LogicalType::Bytes(nullable);
      default:
        break;
    }
  }
  if (StartsWith(format, "d:")) return DecimalFromFormat(format, nullable);
  if (format == "tdD") return LogicalType::Date(nullable);
  if (format == "ttn") return LogicalType::Time(LogicalType::kMaxTimePrecision, nullable);
  if (format == "tiM") return LogicalType::IntervalYearMonth();  // nullability set below
  if (format == "tDm") {
    // DAY TO SECOND(3): the values are milliseconds.
    return LogicalType::IntervalDayTime(IntervalResolution::kDayToSecond,
                                        LogicalType::kDefaultDayPrecision, 3, nullable);
  }
  if (format.size() >= 4 && StartsWith(format, "ts") && format[3] == ':') {
    int32_t precision = -1;
    switch (format[2]) {
      case 'm':
        precision = 3;
        break;
      case 'u':
        precision = 6;
        break;
      case 'n':
        precision = 9;
        break;
      default:
        break;
    }
    if (precision >= 0) {
      // Any time zone makes the values UTC instants: TIMESTAMP_LTZ.
      return format.size() > 4 ? LogicalType::TimestampLtz(precision, nullable)
                               : LogicalType::Timestamp(precision, nullable);
    }
  }
  return Status::NotSupported("Unsupported Arrow format in ArrowSchema: '", format, "' (field '",
                              schema.name != nullptr ? schema.name : "", "')");
}

// Checks that `type` is laid out as `schema` describes (formats and children, recursively).
Status CheckTypeMatchesFormat(const LogicalType& type, const ArrowSchema& schema, int depth) {
  if (depth > kMaxNestingDepth) {
    return Status::Invalid("ArrowSchema nested deeper than ", kMaxNestingDepth, " levels");
  }
  if (schema.format == nullptr) return Status::Invalid("Null format in ArrowSchema");
  const std::string expected = ArrowFormat(type);
  if (expected != schema.format) {
    return Status::Invalid("Type ", type.ToString(), " in '", kArrowWeirTypeKey,
                           "' metadata does not match Arrow format '", schema.format,
                           "' (expected '", expected, "')");
  }
  switch (type.id()) {
    case TypeId::kArray:
      WEIR_RETURN_NOT_OK(CheckChildren(schema, 1));
      return CheckTypeMatchesFormat(type.element_type(), *schema.children[0], depth + 1);
    case TypeId::kMap:
    case TypeId::kMultiset: {
      WEIR_RETURN_NOT_OK(CheckChildren(schema, 1));
      const ArrowSchema& entries = *schema.children[0];
      if (entries.format == nullptr || std::string_view(entries.format) != "+s") {
        return Status::Invalid("Arrow map entries must be a struct ('+s')");
      }
      WEIR_RETURN_NOT_OK(CheckChildren(entries, 2));
      WEIR_RETURN_NOT_OK(CheckTypeMatchesFormat(type.key_type(), *entries.children[0], depth + 2));
      return CheckTypeMatchesFormat(type.value_type(), *entries.children[1], depth + 2);
    }
    case TypeId::kRow: {
      const auto& fields = type.fields();
      WEIR_RETURN_NOT_OK(CheckChildren(schema, static_cast<int64_t>(fields.size())));
      for (size_t i = 0; i < fields.size(); ++i) {
        WEIR_RETURN_NOT_OK(
            CheckTypeMatchesFormat(fields[i].logical_type(), *schema.children[i], depth + 1));
      }
      return Status::OK();
    }
    default:
      return CheckChildren(schema, 0);
  }
}

// Returns the type of a schema node: the "weir.type" metadata when present, else derived
// from the formats.
Result<LogicalType> TypeOfNode(const ArrowSchema& schema, int depth) {
  if (depth > kMaxNestingDepth) {
    return Status::Invalid("ArrowSchema nested deeper than ", kMaxNestingDepth, " levels");
  }
  if (schema.format == nullptr) return Status::Invalid("Null format in ArrowSchema");
  WEIR_ASSIGN_OR_RAISE(std::optional<std::string> weir_type,
                       FindMetadata(schema.metadata, kArrowWeirTypeKey));
  if (!weir_type.has_value()) {
    WEIR_ASSIGN_OR_RAISE(LogicalType type, TypeFromFormat(schema, depth));
    // The NULL type is always nullable; everything else follows the flag.
    if (type.id() == TypeId::kNull) return type;
    return type.WithNullable((schema.flags & ARROW_FLAG_NULLABLE) != 0);
  }
  auto parsed = LogicalType::Parse(*weir_type);
  if (!parsed.ok()) {
    return parsed.status().WithContext(
        StrCat("Invalid '", kArrowWeirTypeKey, "' metadata in ArrowSchema"));
  }
  WEIR_RETURN_NOT_OK(CheckTypeMatchesFormat(*parsed, schema, depth));
  return parsed;
}

// ---- Arrays -----------------------------------------------------------------------------

// Recursively imports one node of an array whose root is owned by `owner`.
class ArrayImporter {
 public:
  explicit ArrayImporter(std::shared_ptr<const void> owner) : owner_(std::move(owner)) {}

  int64_t imported_bytes() const { return imported_bytes_; }

  Result<ColumnPtr> Import(const ArrowArray& array, const LogicalType& type, int depth);

 private:
  // Wraps buffer `i` of `array` as a view of `size` bytes. A null pointer is accepted
  // only for an empty buffer.
  Result<BufferPtr> WrapBuffer(const ArrowArray& array, int i, int64_t size,
                               const LogicalType& type) {
    const void* data = array.buffers[i];
    if (data == nullptr) {
      if (size > static_cast<int64_t>(sizeof(kZeroBytes)) ||
          (size > 0 && array.length > 0)) {
        return Status::Invalid("Null buffer ", i, " in ArrowArray of type ", type.ToString(),
                               " with length ", array.length);
      }
      return Buffer::Wrap(kZeroBytes, size, nullptr);
    }
    imported_bytes_ += size;
    return Buffer::Wrap(static_cast<const uint8_t*>(data), size, owner_);
  }

  std::shared_ptr<const void> owner_;
  int64_t imported_bytes_ = 0;
};

Status CheckedMul(int64_t a, int64_t b, int64_t* out, const LogicalType& type) {
  if (__builtin_mul_overflow(a, b, out)) {
    return Status::Invalid("ArrowArray too large for type ", type.ToString(), ": ", a,
                           " values");
  }
  return Status::OK();
}

// Number of children a column of `type` has.
int64_t ExpectedChildren(const LogicalType& type) {
  switch (type.layout()) {
    case PhysicalLayout::kList:
    case PhysicalLayout::kMap:
      return 1;
    case PhysicalLayout::kStruct:
      return static_cast<int64_t>(type.fields().size());
    default:
      return 0;
  }
}

Result<ColumnPtr> ArrayImporter::Import(const ArrowArray& array, const LogicalType& type,
                                        int depth) {
  if (depth > kMaxNestingDepth) {
    return Status::Invalid("ArrowArray nested deeper than ", kMaxNestingDepth, " levels");
  }
  if (array.length < 0 || array.offset < 0 || array.null_count < -1) {
    return Status::Invalid("Negative length, offset or null count in ArrowArray of type ",
                           type.ToString(), ": length ", array.length, ", offset ", array.offset,
                           ", null_count ", array.null_count);
  }
  int64_t end;
  if (__builtin_add_overflow(array.offset, array.length, &end) ||
      end > std::numeric_limits<int64_t>::max() / 16) {
    return Status::Invalid("ArrowArray offset + length too large for type ", type.ToString());
  }
  if (array.null_count > array.length) {
    return Status::Invalid("ArrowArray null_count ", array.null_count, " exceeds its length ",
                           array.length, " (type ", type.ToString(), ")");
  }
  if (array.dictionary != nullptr) {
    return Status::NotSupported("Unsupported dictionary-encoded ArrowArray for type ",
                                type.ToString());
  }
  const PhysicalLayout layout = type.layout();
  const int num_buffers = NumBuffers(layout);
  if (array.n_buffers != num_buffers) {
    return Status::Invalid("ArrowArray of type ", type.ToString(), " needs ", num_buffers,
                           " buffers, it has ", array.n_buffers);
  }
  if (num_buffers > 0 && array.buffers == nullptr) {
    return Status::Invalid("Null buffers pointer in ArrowArray of type ", type.ToString());
  }
  const int64_t num_children = ExpectedChildren(type);
  if (array.n_children != num_children) {
    return Status::Invalid("ArrowArray of type ", type.ToString(), " needs ", num_children,
                           " children, it has ", array.n_children);
  }
  if (num_children > 0 && array.children == nullptr) {
    return Status::Invalid("Null children pointer in ArrowArray of type ", type.ToString());
  }
  for (int64_t i = 0; i < num_children; ++i) {
    if (array.children[i] == nullptr) {
      return Status::Invalid("Null child ", i, " in ArrowArray of type ", type.ToString());
    }
  }

  // An empty array is imported at offset 0, whatever offset it came with.
  const int64_t offset = array.length == 0 ? 0 : array.offset;
  if (array.length == 0) end = 0;

  if (layout == PhysicalLayout::kNull) {
    return std::make_shared<ColumnVector>(type, array.length, std::vector<BufferPtr>{},
                                          std::vector<ColumnPtr>{}, array.length, offset);
  }

  std::vector<BufferPtr> buffers(static_cast<size_t>(num_buffers));
  int64_t null_count = array.null_count;
  if (array.buffers[0] == nullptr) {
    if (null_count > 0) {
      return Status::Invalid("ArrowArray of type ", type.ToString(), " has null_count ", null_count,
                             " but no validity bitmap");
    }
    null_count = 0;
  } else if (null_count != 0) {
    WEIR_ASSIGN_OR_RAISE(buffers[0], WrapBuffer(array, 0, bits::BytesForBits(end), type));
  }
  std::vector<ColumnPtr> children;

  switch (layout) {
    case PhysicalLayout::kBitmap: {
      WEIR_ASSIGN_OR_RAISE(buffers[1], WrapBuffer(array, 1, bits::BytesForBits(end), type));
      break;
    }
    case PhysicalLayout::kFixedWidth: {
      int64_t size;
      WEIR_RETURN_NOT_OK(CheckedMul(end, type.byte_width(), &size, type));
      WEIR_ASSIGN_OR_RAISE(buffers[1], WrapBuffer(array, 1, size, type));
      break;
    }
    case PhysicalLayout::kVarBinary:
    case PhysicalLayout::kList:
    case PhysicalLayout::kMap: {
      WEIR_ASSIGN_OR_RAISE(buffers[1], WrapBuffer(array, 1, (end + 1) * 4, type));
      // The last offset says how many bytes (or child values) the array spans; Validate()
      // checks the other offsets against it.
      const int32_t last_offset = buffers[1]->data_as<int32_t>()[end];
      if (last_offset < 0) {
        return Status::Invalid("Negative offset ", last_offset, " in ArrowArray of type ",
                               type.ToString());
      }
      if (layout == PhysicalLayout::kVarBinary) {
        WEIR_ASSIGN_OR_RAISE(buffers[2], WrapBuffer(array, 2, last_offset, type));
      } else {
        const LogicalType child_type =
            layout == PhysicalLayout::kList ? type.element_type() : MapEntriesType(type);
        WEIR_ASSIGN_OR_RAISE(ColumnPtr child, Import(*array.children[0], child_type, depth + 1));
        children.push_back(std::move(child));
      }
      break;
    }
    case PhysicalLayout::kStruct: {
      const auto& fields = type.fields();
      for (size_t i = 0; i < fields.size(); ++i) {
        WEIR_ASSIGN_OR_RAISE(ColumnPtr child,
                             Import(*array.children[i], fields[i].logical_type(), depth + 1));
        children.push_back(std::move(child));
      }
      break;
    }
    case PhysicalLayout::kNull:
      break;
  }
  return std::make_shared<ColumnVector>(
      type, array.length, std::move(buffers), std::move(children),
      null_count < 0 ? ColumnVector::kUnknownNullCount : null_count, offset);
}

// Imports `array` (owned by `owner`) as a column of `type` and validates it.
Result<ColumnPtr> ImportOwned(const std::shared_ptr<ImportedArray>& owner,
                              const ArrowArray& array, const LogicalType& type,
                              int64_t* imported_bytes) {
  ArrayImporter importer(owner);
  WEIR_ASSIGN_OR_RAISE(ColumnPtr column, importer.Import(array, type, 0));
  Status st = column->Validate();
  if (!st.ok()) return st.WithContext("Invalid ArrowArray");
  *imported_bytes += importer.imported_bytes();
  return column;
}

}  // namespace

Result<LogicalType> ImportType(ArrowSchema* schema) {
  if (schema == nullptr || schema->release == nullptr) {
    return Status::Invalid("ImportType needs a live (unreleased) ArrowSchema");
  }
  SchemaOwner owner(schema);
  return TypeOfNode(owner.get(), 0);
}

Result<SchemaPtr> ImportSchema(ArrowSchema* schema, bool* has_row_kind) {
  if (schema == nullptr || schema->release == nullptr) {
    return Status::Invalid("ImportSchema needs a live (unreleased) ArrowSchema");
  }
  SchemaOwner owner(schema);
  const ArrowSchema& root = owner.get();
  if (root.format == nullptr || std::string_view(root.format) != "+s") {
    return Status::Invalid("An Arrow schema must be a struct ('+s'), got format '", root.format,
                           "'");
  }
  WEIR_RETURN_NOT_OK(CheckChildren(root, root.n_children < 0 ? 0 : root.n_children));
  int64_t num_fields = root.n_children;
  bool row_kind = false;
  if (num_fields > 0) {
    const ArrowSchema& last = *root.children[num_fields - 1];
    if (last.name != nullptr && last.name == kArrowRowKindField) {
      if (last.format == nullptr || std::string_view(last.format) != "c") {
        return Status::Invalid("The '", kArrowRowKindField, "' field must be TINYINT ('c'), got '",
                               last.format, "'");
      }
      row_kind = true;
      --num_fields;
    }
  }
  std::vector<Field> fields;
  for (int64_t i = 0; i < num_fields; ++i) {
    const ArrowSchema& child = *root.children[i];
    WEIR_ASSIGN_OR_RAISE(LogicalType type, TypeOfNode(child, 1));
    std::string name = child.name != nullptr && child.name[0] != '\0' ? std::string(child.name)
                                                                      : StrCat("f", i);
    fields.emplace_back(std::move(name), std::move(type));
  }
  // Reuse MakeRow's check of unique, non-blank names.
  WEIR_ASSIGN_OR_RAISE(LogicalType row, LogicalType::MakeRow(fields, false));
  if (has_row_kind != nullptr) *has_row_kind = row_kind;
  return std::make_shared<const Schema>(row.fields());
}

Result<ColumnPtr> ImportColumn(ArrowArray* array, const LogicalType& type, MemoryPool* pool) {
  if (array == nullptr || array->release == nullptr) {
    return Status::Invalid("ImportColumn needs a live (unreleased) ArrowArray");
  }
  auto owner = std::make_shared<ImportedArray>(array);
  int64_t imported_bytes = 0;
  WEIR_ASSIGN_OR_RAISE(ColumnPtr column,
                       ImportOwned(owner, owner->get(), type, &imported_bytes));
  WEIR_RETURN_NOT_OK(owner->Reserve(pool != nullptr ? pool : DefaultMemoryPool(), imported_bytes));
  return column;
}

Result<RecordBatchPtr> ImportRecordBatch(ArrowArray* array, ArrowSchema* schema,
                                         MemoryPool* pool) {
  if (array == nullptr || array->release == nullptr) {
    if (schema != nullptr && schema->release != nullptr) schema->release(schema);
    return Status::Invalid("ImportRecordBatch needs a live (unreleased) ArrowArray");
  }
  auto owner = std::make_shared<ImportedArray>(array);
  bool has_row_kind = false;
  WEIR_ASSIGN_OR_RAISE(SchemaPtr imported_schema, ImportSchema(schema, &has_row_kind));

  const ArrowArray& root = owner->get();
  const int num_fields = imported_schema->num_fields();
  const int64_t num_children = num_fields + (has_row_kind ? 1 : 0);
  if (root.n_buffers != 1 || root.buffers == nullptr) {
    return Status::Invalid("A record batch ArrowArray needs 1 buffer, it has ", root.n_buffers);
  }
  if (root.n_children != num_children || (num_children > 0 && root.children == nullptr)) {
    return Status::Invalid("A record batch ArrowArray needs ", num_children,
                           " children (as its schema), it has ", root.n_children);
  }
  if (root.length < 0 || root.offset < 0 || root.null_count < -1 ||
      root.offset > std::numeric_limits<int64_t>::max() - root.length) {
    return Status::Invalid("Bad length or offset in record batch ArrowArray: length ",
                           root.length, ", offset ", root.offset);
  }
  if (root.dictionary != nullptr) {
    return Status::Invalid("A record batch ArrowArray cannot be dictionary-encoded");
  }
  if (root.buffers[0] != nullptr && root.null_count != 0) {
    const int64_t valid = bits::CountSetBits(static_cast<const uint8_t*>(root.buffers[0]),
                                             root.offset, root.length);
    if (valid != root.length) {
      return Status::Invalid("A record batch ArrowArray cannot have null rows, it has ",
                             root.length - valid);
    }
  } else if (root.buffers[0] == nullptr && root.null_count > 0) {
    return Status::Invalid("A record batch ArrowArray cannot have null rows, it has ",
                           root.null_count);
  }

  int64_t imported_bytes = 0;
  // Struct children are addressed at the parent's offset: take rows [offset, offset + length).
  auto import_child = [&](int64_t i, const LogicalType& type) -> Result<ColumnPtr> {
    if (root.children[i] == nullptr) {
      return Status::Invalid("Null child ", i, " in record batch ArrowArray");
    }
    WEIR_ASSIGN_OR_RAISE(ColumnPtr column,
                         ImportOwned(owner, *root.children[i], type, &imported_bytes));
    if (column->length() < root.offset + root.length) {
      return Status::Invalid("Column ", i, " of a record batch ArrowArray has ", column->length(),
                             " rows, the batch needs ", root.offset + root.length);
    }
    if (root.offset == 0 && column->length() == root.length) return column;
    return column->Slice(root.offset, root.length);
  };

  std::vector<ColumnPtr> columns;
  for (int i = 0; i < num_fields; ++i) {
    WEIR_ASSIGN_OR_RAISE(ColumnPtr column, import_child(i, imported_schema->type(i)));
    columns.push_back(std::move(column));
  }
  ColumnPtr row_kinds;
  if (has_row_kind) {
    WEIR_ASSIGN_OR_RAISE(row_kinds, import_child(num_fields, LogicalType::TinyInt(false)));
    if (row_kinds->null_count() != 0) {
      return Status::Invalid("The '", kArrowRowKindField, "' column of a record batch has ",
                             row_kinds->null_count(), " nulls");
    }
    for (int64_t i = 0; i < row_kinds->length(); ++i) {
      const int8_t kind = row_kinds->Value<int8_t>(i);
      if (kind < 0 || kind >= kNumRowKinds) {
        return Status::Invalid("Invalid row kind ", static_cast<int>(kind), " at row ", i,
                               " of a record batch ArrowArray");
      }
    }
  }
  WEIR_RETURN_NOT_OK(owner->Reserve(pool != nullptr ? pool : DefaultMemoryPool(), imported_bytes));
  return RecordBatch::Make(std::move(imported_schema), std::move(columns), std::move(row_kinds));
}

}  // namespace weir
