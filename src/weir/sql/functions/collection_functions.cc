// Collection functions and value constructors: ARRAY/MAP/ROW constructors, ITEM and DOT access,
// CARDINALITY, ELEMENT, ARRAY_* and MAP_* functions, SPLIT.
//
// Conventions for the binder: ARRAY[a, b] -> ARRAY(a, b); MAP[k1, v1, ...] -> MAP(k1, v1, ...);
// ROW(a, b) and (a, b) -> ROW(a, b) (fields EXPR$0, EXPR$1, ...); x[i] and m[k] -> ITEM(x, i)
// (arrays 1-based, out of range gives NULL); field access r.f -> DOT(r, 'f') (the field name
// as a string literal; a 0-based INT literal index is accepted too).
#include <algorithm>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "weir/common/batch/batch_text.h"
#include "weir/sql/functions/builtin_functions.h"
#include "weir/sql/functions/string_loops.h"
#include "weir/sql/functions/type_inference.h"

namespace weir::sql {
namespace {

bool AnyNullable(const BindInput& in) {
  for (const auto& t : in.types) {
    if (t.nullable()) return true;
  }
  return false;
}

// Appends a byte key identifying the value of row `i` (equal keys <=> equal values).
void AppendElementKey(std::string& out, const ColumnVector& c, int64_t i) {
  if (c.IsNull(i)) {
    out += '\0';
    return;
  }
  out += '\1';
  const LogicalType& t = c.type();
  if (t.is_string() || t.is_binary()) {
    out.append(c.StringValue(i));
  } else if (t.id() == TypeId::kBoolean) {
    out += c.BoolValue(i) ? '1' : '0';
  } else if (t.is_nested()) {
    AppendValueText(out, c, i);
  } else {
    DispatchFixed(t.id(), [&](auto tag) {
      using T = decltype(tag);
      T v = c.Value<T>(i);
      out.append(reinterpret_cast<const char*>(&v), sizeof(T));
    });
  }
}

// Compares two non-null values of an orderable type (<0, 0, >0).
int CompareElements(const ColumnVector& c, int64_t i, int64_t j) {
  const LogicalType& t = c.type();
  if (t.is_string() || t.is_binary()) return c.StringValue(i).compare(c.StringValue(j));
  if (t.id() == TypeId::kBoolean) return int(c.BoolValue(i)) - int(c.BoolValue(j));
  return DispatchFixed(t.id(), [&](auto tag) {
    using T = decltype(tag);
    T a = c.Value<T>(i), b = c.Value<T>(j);
    return a < b ? -1 : (b < a ? 1 : 0);
  });
}

bool Orderable(const LogicalType& t) {
  return t.is_numeric() || t.is_string() || t.is_binary() || t.id() == TypeId::kBoolean ||
         t.id() == TypeId::kDate || t.id() == TypeId::kTime || t.id() == TypeId::kTimestamp ||
         t.id() == TypeId::kTimestampLtz;
}

// Returns the common type of arrays (element-wise) or maps (key- and value-wise); other
// types follow CommonType. Nullable if any input is.
std::optional<LogicalType> CommonCollectionType(const std::vector<LogicalType>& types) {
  bool arrays = true, maps = true, nullable = false;
  for (const auto& t : types) {
    arrays = arrays && t.id() == TypeId::kArray;
    maps = maps && t.id() == TypeId::kMap;
    nullable = nullable || t.nullable();
  }
  if (!arrays && !maps) return CommonType(types);
  std::vector<LogicalType> first, second;
  for (const auto& t : types) {
    first.push_back(arrays ? t.element_type() : t.key_type());
    if (maps) second.push_back(t.value_type());
  }
  auto a = CommonType(first);
  if (!a) return std::nullopt;
  if (arrays) return LogicalType::Array(*a, nullable);
  auto b = CommonType(second);
  if (!b) return std::nullopt;
  return LogicalType::Map(*a, *b, nullable);
}

// Returns whether values of `a` can be read as `b` without conversion (strings as strings,
// binaries as binaries, nested types element-wise).
bool SameLayout(const LogicalType& a, const LogicalType& b) {
  if (a.is_string() && b.is_string()) return true;
  if (a.is_binary() && b.is_binary()) return true;
  if (a.id() != b.id()) return false;
  if (a.id() == TypeId::kArray) return SameLayout(a.element_type(), b.element_type());
  if (a.id() == TypeId::kMap) {
    return SameLayout(a.key_type(), b.key_type()) && SameLayout(a.value_type(), b.value_type());
  }
  return a.EqualsIgnoringNullability(b);
}

// Operand types of a function combining collections of the common type `common`: inputs
// whose layout already matches are passed as they are (the kernel relabels their elements),
// others are cast.
std::vector<LogicalType> CollectionOperands(const BindInput& in, const LogicalType& common) {
  std::vector<LogicalType> out;
  for (const auto& t : in.types) {
    out.push_back(SameLayout(t, common) ? t : common.WithNullable(t.nullable()));
  }
  return out;
}

// Returns `col` typed as `type` (same physical layout; CHAR as STRING, nullability).
ColumnPtr Relabel(const ColumnPtr& col, const LogicalType& type) {
  if (col->type() == type) return col;
  return std::make_shared<ColumnVector>(type, col->length(), col->buffers(), col->children(),
                                        ColumnVector::kUnknownNullCount, col->offset());
}

// Gathers values[idx[i]] for `n` rows; rows with found[i] == 0 become NULL (as do gathered
// NULLs).
Result<ColumnPtr> GatherOrNull(const ColumnVector& values, const std::vector<int32_t>& idx,
                               const std::vector<uint8_t>& found, const LogicalType& rt, int64_t n,
                               MemoryPool* pool) {
  if (values.length() == 0) return ColumnVector::MakeNulls(rt, n, pool);
  WEIR_ASSIGN_OR_RAISE(auto b, ColumnBuilder::Make(values.type().WithNullable(true), pool));
  WEIR_RETURN_NOT_OK(b->AppendIndices(values, idx.data(), n));
  WEIR_ASSIGN_OR_RAISE(ColumnPtr gathered, b->Finish());
  std::vector<uint8_t> valid(found);
  for (int64_t i = 0; i < n; ++i) {
    valid[static_cast<size_t>(i)] &= static_cast<uint8_t>(!gathered->IsNull(i));
  }
  WEIR_ASSIGN_OR_RAISE(auto vb, AllocateBits(n, pool));
  PackBytes(valid.data(), n, vb->mutable_data());
  std::vector<BufferPtr> buffers = gathered->buffers();
  buffers[0] = CountNulls(vb, n) == 0 ? nullptr : vb;
  return std::make_shared<ColumnVector>(rt, n, buffers, gathered->children());
}

// Collects per-row element indices into a source column and builds a list column from them
// with one gather per batch.
class ListGather {
 public:
  explicit ListGather(int64_t n) { valid_.reserve(static_cast<size_t>(n)); }
  void Add(int64_t index) { indices_.push_back(static_cast<int32_t>(index)); }
  void CloseRow() {
    offsets_.push_back(static_cast<int32_t>(indices_.size()));
    valid_.push_back(1);
  }
  void NullRow() {
    offsets_.push_back(static_cast<int32_t>(indices_.size()));
    valid_.push_back(0);
  }
  /// Builds the list column of `type` whose elements are gathered from `src`.
  Result<ColumnPtr> Finish(const LogicalType& type, const ColumnPtr& src, MemoryPool* pool) {
    const LogicalType& elem = type.element_type();
    WEIR_ASSIGN_OR_RAISE(auto eb, ColumnBuilder::Make(elem, pool));
    ColumnPtr typed = Relabel(src, elem.WithNullable(true));
    WEIR_RETURN_NOT_OK(
        eb->AppendIndices(*typed, indices_.data(), static_cast<int64_t>(indices_.size())));
    WEIR_ASSIGN_OR_RAISE(ColumnPtr elements, eb->Finish());
    return Make(type, std::move(elements), pool);
  }
  /// Builds the list column around already gathered elements.
  Result<ColumnPtr> Make(const LogicalType& type, ColumnPtr elements, MemoryPool* pool) {
    auto n = static_cast<int64_t>(valid_.size());
    WEIR_ASSIGN_OR_RAISE(auto offs, AllocateValues<int32_t>(n + 1, pool));
    std::copy(offsets_.begin(), offsets_.end(), offs->mutable_data_as<int32_t>());
    WEIR_ASSIGN_OR_RAISE(auto vb, AllocateBits(n, pool));
    PackBytes(valid_.data(), n, vb->mutable_data());
    BufferPtr validity = CountNulls(vb, n) == 0 ? nullptr : vb;
    return std::make_shared<ColumnVector>(type, n, std::vector<BufferPtr>{validity, offs},
                                          std::vector<ColumnPtr>{std::move(elements)});
  }
  const std::vector<int32_t>& indices() const { return indices_; }

 private:
  std::vector<int32_t> indices_;
  std::vector<int32_t> offsets_{0};
  std::vector<uint8_t> valid_;
};

// Collects per-row map entries (a key position in a key column and a value position in a value
// column) and builds a MAP column with one gather per batch. A key repeated within a row keeps
// its first position and takes the last value.
class MapGather {
 public:
  explicit MapGather(int64_t n) : rows_(n) {}
  /// Adds the entry (keys[key_at], values[value_at]) to the current row.
  void Add(const ColumnVector& keys, int64_t key_at, int64_t value_at) {
    key_.clear();
    AppendElementKey(key_, keys, key_at);
    auto [at, inserted] = row_keys_.try_emplace(key_, value_idx_.size());
    if (!inserted) {
      value_idx_[at->second] = static_cast<int32_t>(value_at);
      return;
    }
    rows_.Add(key_at);
    value_idx_.push_back(static_cast<int32_t>(value_at));
  }
  void CloseRow() {
    rows_.CloseRow();
    row_keys_.clear();
  }
  void NullRow() {
    rows_.NullRow();
    row_keys_.clear();
  }
  /// Builds the MAP column of `type` whose entries are gathered from `keys` and `values`.
  Result<ColumnPtr> Finish(const LogicalType& type, const ColumnVector& keys,
                           const ColumnVector& values, MemoryPool* pool) {
    const std::vector<int32_t>& key_idx = rows_.indices();
    WEIR_ASSIGN_OR_RAISE(auto kb, ColumnBuilder::Make(type.key_type(), pool));
    WEIR_RETURN_NOT_OK(
        kb->AppendIndices(keys, key_idx.data(), static_cast<int64_t>(key_idx.size())));
    WEIR_ASSIGN_OR_RAISE(ColumnPtr kout, kb->Finish());
    WEIR_ASSIGN_OR_RAISE(auto vb, ColumnBuilder::Make(type.value_type(), pool));
    WEIR_RETURN_NOT_OK(
        vb->AppendIndices(values, value_idx_.data(), static_cast<int64_t>(value_idx_.size())));
    WEIR_ASSIGN_OR_RAISE(ColumnPtr vout, vb->Finish());
    auto entries = std::make_shared<ColumnVector>(MapEntriesType(type), kout->length(),
                                                  std::vector<BufferPtr>{nullptr},
                                                  std::vector<ColumnPtr>{kout, vout}, 0);
    return rows_.Make(type, entries, pool);
  }

 private:
  ListGather rows_;
  std::vector<int32_t> value_idx_;                    // one per gathered key
  std::unordered_map<std::string, size_t> row_keys_;  // current row: key -> entry index
  std::string key_;
};

// Concatenates columns of one type (the k-th starts at bases[k]).
Result<ColumnPtr> ConcatColumns(const LogicalType& type, const std::vector<ColumnPtr>& cols,
                                std::vector<int64_t>* bases, MemoryPool* pool) {
  WEIR_ASSIGN_OR_RAISE(auto b, ColumnBuilder::Make(type, pool));
  int64_t base = 0;
  for (const auto& c : cols) {
    bases->push_back(base);
    WEIR_RETURN_NOT_OK(b->AppendRange(*Relabel(c, type.WithNullable(true)), 0, c->length()));
    base += c->length();
  }
  return b->Finish();
}

Result<std::vector<ColumnPtr>> MaterializeAll(const std::vector<Datum>& a, size_t from, size_t step,
                                              int64_t n, MemoryPool* pool) {
  std::vector<ColumnPtr> out;
  for (size_t k = from; k < a.size(); k += step) {
    WEIR_ASSIGN_OR_RAISE(ColumnPtr c, Materialize(a[k], n, pool));
    out.push_back(std::move(c));
  }
  return out;
}

// ---- constructors ----

Result<BoundFunction> BindArray(const BindInput& in) {
  if (in.types.empty()) return Status::Invalid("ARRAY[] needs at least one element");
  auto common = CommonType(in.types);
  if (!common) return NoMatchingSignature("ARRAY", in.types);
  LogicalType elem = *common;
  if (elem.id() == TypeId::kNull) elem = LogicalType::Null();
  BoundFunction f;
  f.return_type = LogicalType::Array(elem, false);
  f.operand_types.assign(in.types.size(), elem);
  LogicalType rt = f.return_type;
  f.kernel = [rt, elem](const EvalContext& c, const std::vector<Datum>& a,
                        int64_t n) -> Result<ColumnPtr> {
    WEIR_ASSIGN_OR_RAISE(auto cols, MaterializeAll(a, 0, 1, n, c.pool));
    std::vector<int64_t> bases;
    WEIR_ASSIGN_OR_RAISE(ColumnPtr all, ConcatColumns(elem, cols, &bases, c.pool));
    ListGather g(n);
    for (int64_t i = 0; i < n; ++i) {
      for (int64_t base : bases) g.Add(base + i);
      g.CloseRow();
    }
    return g.Finish(rt, all, c.pool);
  };
  return f;
}

Result<BoundFunction> BindMap(const BindInput& in) {
  if (in.types.empty() || in.types.size() % 2 != 0) {
    return Status::Invalid("MAP[] needs key/value pairs");
  }
  std::vector<LogicalType> keys, values;
  for (size_t i = 0; i < in.types.size(); ++i) (i % 2 ? values : keys).push_back(in.types[i]);
  auto kt = CommonType(keys);
  auto vt = CommonType(values);
  if (!kt || !vt) return NoMatchingSignature("MAP", in.types);
  BoundFunction f;
  f.return_type = LogicalType::Map(*kt, *vt, false);
  for (size_t i = 0; i < in.types.size(); ++i) f.operand_types.push_back(i % 2 ? *vt : *kt);
  LogicalType rt = f.return_type;
  LogicalType key_type = *kt, value_type = *vt;
  f.kernel = [=](const EvalContext& c, const std::vector<Datum>& a,
                 int64_t n) -> Result<ColumnPtr> {
    WEIR_ASSIGN_OR_RAISE(auto kcols, MaterializeAll(a, 0, 2, n, c.pool));
    WEIR_ASSIGN_OR_RAISE(auto vcols, MaterializeAll(a, 1, 2, n, c.pool));
    std::vector<int64_t> bases, vbases;
    WEIR_ASSIGN_OR_RAISE(ColumnPtr ks, ConcatColumns(key_type, kcols, &bases, c.pool));
    WEIR_ASSIGN_OR_RAISE(ColumnPtr vs, ConcatColumns(value_type, vcols, &vbases, c.pool));
    MapGather g(n);
    for (int64_t i = 0; i < n; ++i) {
      for (int64_t base : bases) g.Add(*ks, base + i, base + i);
      g.CloseRow();
    }
    return g.Finish(rt, *ks, *vs, c.pool);
  };
  return f;
}

Result<BoundFunction> BindRow(const BindInput& in) {
  if (in.types.empty()) return Status::Invalid("ROW() needs at least one field");
  std::vector<Field> fields;
  for (size_t i = 0; i < in.types.size(); ++i) {
    fields.emplace_back("EXPR$" + std::to_string(i), in.types[i]);
  }
  BoundFunction f;
  f.return_type = LogicalType::Row(std::move(fields), false);
  f.operand_types = in.types;
  LogicalType rt = f.return_type;
  f.kernel = [rt](const EvalContext& c, const std::vector<Datum>& a,
                  int64_t n) -> Result<ColumnPtr> {
    WEIR_ASSIGN_OR_RAISE(auto cols, MaterializeAll(a, 0, 1, n, c.pool));
    return std::make_shared<ColumnVector>(rt, n, std::vector<BufferPtr>{nullptr}, cols, 0);
  };
  return f;
}

// ---- access ----

Result<BoundFunction> BindItem(const BindInput& in) {
  WEIR_RETURN_NOT_OK(CheckArity("ITEM", in, 2));
  const LogicalType& base = in.types[0];
  BoundFunction f;
  f.operand_types = in.types;
  if (base.id() == TypeId::kArray) {
    if (!in.types[1].is_integer()) return NoMatchingSignature("ITEM", in.types);
    // A literal index below 1 is rejected when planning; computed ones give NULL at runtime.
    if (const Value* k = in.constant(1); k != nullptr && !k->is_null() && k->int_value() < 1) {
      return Status::Invalid("Array element access needs an index starting at 1, got ",
                             k->int_value());
    }
    f.return_type = base.element_type().WithNullable(true);
    f.operand_types[1] = LogicalType::BigInt(in.types[1].nullable());
  } else if (base.id() == TypeId::kMap) {
    auto key = ComparisonType(base.key_type(), in.types[1]);
    if (!key) return NoMatchingSignature("ITEM", in.types);
    f.return_type = base.value_type().WithNullable(true);
    f.operand_types[1] = base.key_type().WithNullable(in.types[1].nullable());
  } else {
    return NoMatchingSignature("ITEM", in.types);
  }
  bool is_array = base.id() == TypeId::kArray;
  LogicalType rt = f.return_type;
  f.kernel = [=](const EvalContext& c, const std::vector<Datum>& a,
                 int64_t n) -> Result<ColumnPtr> {
    const ColumnVector& col = *a[0].column;
    const ColumnVector& child = *col.child(0);
    std::vector<int32_t> idx(static_cast<size_t>(n), 0);
    std::vector<uint8_t> found(static_cast<size_t>(n), 0);
    std::string want, have;
    for (int64_t i = 0; i < n; ++i) {
      if (a[0].IsNull(i) || a[1].IsNull(i)) continue;
      int64_t r = a[0].scalar ? 0 : i;
      int64_t off = col.ListOffset(r), len = col.ListLength(r);
      if (is_array) {
        int64_t k = a[1].column->Value<int64_t>(a[1].scalar ? 0 : i);
        if (k >= 1 && k <= len) {
          idx[static_cast<size_t>(i)] = static_cast<int32_t>(off + k - 1);
          found[static_cast<size_t>(i)] = !child.IsNull(off + k - 1);
        }
        continue;
      }
      want.clear();
      AppendElementKey(want, *a[1].column, a[1].scalar ? 0 : i);
      const ColumnVector& keys = *child.child(0);
      for (int64_t k = off; k < off + len; ++k) {
        have.clear();
        AppendElementKey(have, keys, k);
        if (have == want) {
          idx[static_cast<size_t>(i)] = static_cast<int32_t>(k);
          found[static_cast<size_t>(i)] = !child.child(1)->IsNull(k);
        }
      }
    }
    const ColumnVector& values = is_array ? child : *child.child(1);
    return GatherOrNull(values, idx, found, rt, n, c.pool);
  };
  return f;
}

Result<BoundFunction> BindDot(const BindInput& in) {
  WEIR_RETURN_NOT_OK(CheckArity("DOT", in, 2));
  if (in.types[0].id() != TypeId::kRow) return NoMatchingSignature("DOT", in.types);
  const Value* v = in.constant(1);
  if (v == nullptr || v->is_null()) return Status::Invalid("DOT: the field must be a literal");
  const auto& fields = in.types[0].fields();
  int index = -1;
  if (in.types[1].is_string()) {
    for (size_t k = 0; k < fields.size(); ++k) {
      if (fields[k].name == v->string_value()) index = static_cast<int>(k);
    }
    if (index < 0) return Status::Invalid("DOT: the row has no field '", v->string_value(), "'");
  } else if (in.types[1].is_integer()) {
    index = static_cast<int>(v->int_value());
    if (index < 0 || index >= static_cast<int>(fields.size())) {
      return Status::Invalid("DOT: field index ", index, " is out of range");
    }
  } else {
    return NoMatchingSignature("DOT", in.types);
  }
  BoundFunction f;
  f.operand_types = in.types;
  const LogicalType& ft = fields[static_cast<size_t>(index)].logical_type();
  f.return_type = ft.WithNullable(ft.nullable() || in.types[0].nullable());
  LogicalType rt = f.return_type;
  f.kernel = [rt, index](const EvalContext& c, const std::vector<Datum>& a,
                         int64_t n) -> Result<ColumnPtr> {
    const ColumnVector& row = *a[0].column;
    ColumnPtr field = row.child(index);
    if (row.offset() != 0 || field->length() != row.length()) {
      field = field->Slice(row.offset(), row.length());
    }
    if (row.null_count() == 0) {
      if (a[0].scalar && n != 1) return Broadcast(Relabel(field, rt), n, c.pool);
      return Relabel(field, rt);
    }
    // Null rows null the field too.
    std::vector<int32_t> idx(static_cast<size_t>(n), 0);
    std::vector<uint8_t> found(static_cast<size_t>(n), 0);
    for (int64_t i = 0; i < n; ++i) {
      int64_t r = a[0].scalar ? 0 : i;
      idx[static_cast<size_t>(i)] = static_cast<int32_t>(r);
      found[static_cast<size_t>(i)] = !row.IsNull(r);
    }
    return GatherOrNull(*field, idx, found, rt, n, c.pool);
  };
  return f;
}

// ---- single-array functions ----

bool IsArray(const LogicalType& t) { return t.id() == TypeId::kArray; }

Result<BoundFunction> BindCardinality(const BindInput& in) {
  WEIR_RETURN_NOT_OK(CheckArity("CARDINALITY", in, 1));
  TypeId id = in.types[0].id();
  if (id != TypeId::kArray && id != TypeId::kMap && id != TypeId::kMultiset) {
    return NoMatchingSignature("CARDINALITY", in.types);
  }
  BoundFunction f;
  f.return_type = LogicalType::Int(in.types[0].nullable());
  f.operand_types = in.types;
  LogicalType rt = f.return_type;
  bool multiset = id == TypeId::kMultiset;
  f.kernel = [rt, multiset](const EvalContext& c, const std::vector<Datum>& a, int64_t n) {
    const ColumnVector& col = *a[0].column;
    return FixedRowLoop<int32_t>(c, a, n, rt, [&](int64_t i) {
      int64_t r = a[0].scalar ? 0 : i;
      if (!multiset) return static_cast<int32_t>(col.ListLength(r));
      const ColumnVector& counts = *col.child(0)->child(1);
      int64_t sum = 0;
      for (int64_t k = col.ListOffset(r); k < col.ListOffset(r) + col.ListLength(r); ++k) {
        sum += counts.Value<int32_t>(k);
      }
      return static_cast<int32_t>(sum);
    });
  };
  return f;
}

Result<BoundFunction> BindElement(const BindInput& in) {
  WEIR_RETURN_NOT_OK(CheckArity("ELEMENT", in, 1));
  if (!IsArray(in.types[0])) return NoMatchingSignature("ELEMENT", in.types);
  BoundFunction f;
  f.return_type = in.types[0].element_type().WithNullable(true);
  f.operand_types = in.types;
  LogicalType rt = f.return_type;
  f.kernel = [rt](const EvalContext& c, const std::vector<Datum>& a,
                  int64_t n) -> Result<ColumnPtr> {
    const ColumnVector& col = *a[0].column;
    std::vector<int32_t> idx(static_cast<size_t>(n), 0);
    std::vector<uint8_t> found(static_cast<size_t>(n), 0);
    for (int64_t i = 0; i < n; ++i) {
      int64_t r = a[0].scalar ? 0 : i;
      if (col.IsNull(r) || col.ListLength(r) == 0) continue;
      if (col.ListLength(r) > 1) {
        return Status::Invalid("ELEMENT: the array has more than one element");
      }
      idx[static_cast<size_t>(i)] = static_cast<int32_t>(col.ListOffset(r));
      found[static_cast<size_t>(i)] = 1;
    }
    return GatherOrNull(*col.child(0), idx, found, rt, n, c.pool);
  };
  return f;
}

// What a per-row array transform keeps: fills `g` for row `r` of the array column.
using ArrayTransform =
    std::function<void(const std::vector<Datum>&, int64_t i, int64_t r, ListGather* g)>;

// A function (array, extra...) -> ARRAY of the same element type built by `fn`.
BindFn ArrayToArray(const char* name, size_t min_args, size_t max_args,
                    std::function<Status(BindInput*, std::vector<LogicalType>*)> check,
                    ArrayTransform fn, bool only_array_nulls = false) {
  return [=](const BindInput& in) -> Result<BoundFunction> {
    if (in.types.size() < min_args || in.types.size() > max_args || !IsArray(in.types[0])) {
      return NoMatchingSignature(name, in.types);
    }
    BoundFunction f;
    f.operand_types = in.types;
    BindInput copy = in;
    if (check) WEIR_RETURN_NOT_OK(check(&copy, &f.operand_types));
    f.return_type =
        in.types[0].WithNullable(only_array_nulls ? in.types[0].nullable() : AnyNullable(in));
    LogicalType rt = f.return_type;
    f.kernel = [rt, fn, only_array_nulls](const EvalContext& c, const std::vector<Datum>& a,
                                          int64_t n) -> Result<ColumnPtr> {
      std::vector<Datum> nullable_args = only_array_nulls ? std::vector<Datum>{a[0]} : a;
      WEIR_ASSIGN_OR_RAISE(auto validity, CombineValidity(nullable_args, n, c.pool));
      const uint8_t* v = validity ? validity->data() : nullptr;
      ListGather g(n);
      for (int64_t i = 0; i < n; ++i) {
        if (v != nullptr && !bits::GetBit(v, i)) {
          g.NullRow();
          continue;
        }
        fn(a, i, a[0].scalar ? 0 : i, &g);
        g.CloseRow();
      }
      return g.Finish(rt, a[0].column->child(0), c.pool);
    };
    return f;
  };
}

// Checks that argument 1 (the needle) compares with the element type; casts it to it.
Status NeedleOfElement(BindInput* in, std::vector<LogicalType>* ops) {
  const LogicalType& elem = in->types[0].element_type();
  if (in->types[1].id() != TypeId::kNull && !ComparisonType(elem, in->types[1])) {
    return NoMatchingSignature("array function", in->types);
  }
  (*ops)[1] = elem.WithNullable(true);
  return Status::OK();
}

void Distinct(const std::vector<Datum>& a, int64_t, int64_t r, ListGather* g) {
  const ColumnVector& col = *a[0].column;
  const ColumnVector& e = *col.child(0);
  std::unordered_set<std::string> seen;
  std::string key;
  for (int64_t k = col.ListOffset(r); k < col.ListOffset(r) + col.ListLength(r); ++k) {
    key.clear();
    AppendElementKey(key, e, k);
    if (seen.insert(key).second) g->Add(k);
  }
}

void Reverse(const std::vector<Datum>& a, int64_t, int64_t r, ListGather* g) {
  const ColumnVector& col = *a[0].column;
  for (int64_t k = col.ListOffset(r) + col.ListLength(r) - 1; k >= col.ListOffset(r); --k) {
    g->Add(k);
  }
}

void Remove(const std::vector<Datum>& a, int64_t i, int64_t r, ListGather* g) {
  const ColumnVector& col = *a[0].column;
  const ColumnVector& e = *col.child(0);
  std::string want, have;
  AppendElementKey(want, *a[1].column, a[1].scalar ? 0 : i);
  for (int64_t k = col.ListOffset(r); k < col.ListOffset(r) + col.ListLength(r); ++k) {
    have.clear();
    AppendElementKey(have, e, k);
    if (have != want) g->Add(k);
  }
}

void Slice(const std::vector<Datum>& a, int64_t i, int64_t r, ListGather* g) {
  const ColumnVector& col = *a[0].column;
  int64_t len = col.ListLength(r);
  int64_t start = IntAt(a[1], i);
  int64_t end = a.size() > 2 ? IntAt(a[2], i) : len;
  auto norm = [&](int64_t p) { return p < 0 ? len + p + 1 : (p == 0 ? 1 : p); };
  start = std::max<int64_t>(norm(start), 1);
  end = std::min<int64_t>(norm(end), len);
  for (int64_t p = start; p <= end; ++p) g->Add(col.ListOffset(r) + p - 1);
}

Status SliceArgs(BindInput* in, std::vector<LogicalType>* ops) {
  for (size_t k = 1; k < in->types.size(); ++k) {
    if (!in->types[k].is_integer() && in->types[k].id() != TypeId::kNull) {
      return NoMatchingSignature("ARRAY_SLICE", in->types);
    }
    (*ops)[k] = LogicalType::Int(in->types[k].nullable());
  }
  return Status::OK();
}

// ---- array predicates and scalars of arrays ----

Result<BoundFunction> BindContainsOrPosition(const BindInput& in, bool position) {
  const char* name = position ? "ARRAY_POSITION" : "ARRAY_CONTAINS";
  if (in.types.size() != 2 || !IsArray(in.types[0])) return NoMatchingSignature(name, in.types);
  BindInput copy = in;
  BoundFunction f;
  f.operand_types = in.types;
  WEIR_RETURN_NOT_OK(NeedleOfElement(&copy, &f.operand_types));
  bool nullable = in.types[0].nullable() || (position && in.types[1].nullable());
  f.return_type = position ? LogicalType::Int(nullable) : LogicalType::Boolean(nullable);
  LogicalType rt = f.return_type;
  f.kernel = [rt, position](const EvalContext& c, const std::vector<Datum>& a, int64_t n) {
    // ARRAY_CONTAINS looks for NULL elements with a NULL needle; ARRAY_POSITION is NULL then.
    std::vector<Datum> arr = position ? a : std::vector<Datum>{a[0]};
    const ColumnVector& col = *a[0].column;
    const ColumnVector& e = *col.child(0);
    std::string want, have;
    auto find = [&](int64_t i) -> int32_t {
      int64_t r = a[0].scalar ? 0 : i;
      want.clear();
      AppendElementKey(want, *a[1].column, a[1].scalar ? 0 : i);
      for (int64_t k = col.ListOffset(r); k < col.ListOffset(r) + col.ListLength(r); ++k) {
        have.clear();
        AppendElementKey(have, e, k);
        if (have == want) return static_cast<int32_t>(k - col.ListOffset(r) + 1);
      }
      return 0;
    };
    if (position) return FixedRowLoop<int32_t>(c, arr, n, rt, find);
    return BoolRowLoop(c, arr, n, rt, [&](int64_t i) { return find(i) > 0; });
  };
  return f;
}

Result<BoundFunction> BindMinMax(const BindInput& in, bool max) {
  const char* name = max ? "ARRAY_MAX" : "ARRAY_MIN";
  if (in.types.size() != 1 || !IsArray(in.types[0]) || !Orderable(in.types[0].element_type())) {
    return NoMatchingSignature(name, in.types);
  }
  BoundFunction f;
  f.operand_types = in.types;
  f.return_type = in.types[0].element_type().WithNullable(true);
  LogicalType rt = f.return_type;
  f.kernel = [rt, max](const EvalContext& c, const std::vector<Datum>& a,
                       int64_t n) -> Result<ColumnPtr> {
    const ColumnVector& col = *a[0].column;
    const ColumnVector& e = *col.child(0);
    std::vector<int32_t> idx(static_cast<size_t>(n), 0);
    std::vector<uint8_t> found(static_cast<size_t>(n), 0);
    for (int64_t i = 0; i < n; ++i) {
      int64_t r = a[0].scalar ? 0 : i;
      if (col.IsNull(r)) continue;
      int64_t best = -1;
      for (int64_t k = col.ListOffset(r); k < col.ListOffset(r) + col.ListLength(r); ++k) {
        if (e.IsNull(k)) continue;
        if (best < 0 || (max ? CompareElements(e, k, best) > 0 : CompareElements(e, k, best) < 0)) {
          best = k;
        }
      }
      if (best >= 0) {
        idx[static_cast<size_t>(i)] = static_cast<int32_t>(best);
        found[static_cast<size_t>(i)] = 1;
      }
    }
    return GatherOrNull(e, idx, found, rt, n, c.pool);
  };
  return f;
}

Result<BoundFunction> BindArrayJoin(const BindInput& in) {
  if (in.types.size() < 2 || in.types.size() > 3 || !IsArray(in.types[0]) ||
      !in.types[0].element_type().is_string()) {
    return NoMatchingSignature("ARRAY_JOIN", in.types);
  }
  for (size_t k = 1; k < in.types.size(); ++k) {
    if (!in.types[k].is_string() && in.types[k].id() != TypeId::kNull) {
      return NoMatchingSignature("ARRAY_JOIN", in.types);
    }
  }
  BoundFunction f;
  f.operand_types = in.types;
  for (size_t k = 1; k < in.types.size(); ++k) f.operand_types[k] = LogicalType::String();
  f.return_type = LogicalType::String(AnyNullable(in));
  LogicalType rt = f.return_type;
  f.kernel = [rt](const EvalContext& c, const std::vector<Datum>& a, int64_t n) {
    const ColumnVector& col = *a[0].column;
    const ColumnVector& e = *col.child(0);
    return StringRowLoop(c, a, n, rt, [&](int64_t i, std::string& out) {
      int64_t r = a[0].scalar ? 0 : i;
      std::string_view delim = StrAt(a[1], i);
      bool first = true;
      for (int64_t k = col.ListOffset(r); k < col.ListOffset(r) + col.ListLength(r); ++k) {
        if (e.IsNull(k) && a.size() < 3) continue;
        if (!first) out.append(delim);
        first = false;
        out.append(e.IsNull(k) ? StrAt(a[2], i) : e.StringValue(k));
      }
      return true;
    });
  };
  return f;
}

// ARRAY_CONCAT(a1, ...) and ARRAY_UNION(a1, a2): arrays of one element type.
Result<BoundFunction> BindArrayCombine(const BindInput& in, bool distinct) {
  const char* name = distinct ? "ARRAY_UNION" : "ARRAY_CONCAT";
  if (in.types.empty() || (distinct && in.types.size() != 2)) {
    return NoMatchingSignature(name, in.types);
  }
  for (const auto& t : in.types) {
    if (!IsArray(t)) return NoMatchingSignature(name, in.types);
  }
  auto common = CommonCollectionType(in.types);
  if (!common) return NoMatchingSignature(name, in.types);
  BoundFunction f;
  f.operand_types = CollectionOperands(in, *common);
  f.return_type = common->WithNullable(AnyNullable(in));
  LogicalType rt = f.return_type;
  LogicalType elem = common->element_type();
  f.kernel = [rt, elem, distinct](const EvalContext& c, const std::vector<Datum>& a,
                                  int64_t n) -> Result<ColumnPtr> {
    std::vector<ColumnPtr> children;
    for (const auto& d : a) children.push_back(d.column->child(0));
    std::vector<int64_t> bases;
    WEIR_ASSIGN_OR_RAISE(ColumnPtr all, ConcatColumns(elem, children, &bases, c.pool));
    WEIR_ASSIGN_OR_RAISE(auto validity, CombineValidity(a, n, c.pool));
    const uint8_t* v = validity ? validity->data() : nullptr;
    ListGather g(n);
    std::unordered_set<std::string> seen;
    std::string key;
    for (int64_t i = 0; i < n; ++i) {
      if (v != nullptr && !bits::GetBit(v, i)) {
        g.NullRow();
        continue;
      }
      seen.clear();
      for (size_t k = 0; k < a.size(); ++k) {
        const ColumnVector& col = *a[k].column;
        int64_t r = a[k].scalar ? 0 : i;
        for (int64_t p = col.ListOffset(r); p < col.ListOffset(r) + col.ListLength(r); ++p) {
          if (distinct) {
            key.clear();
            AppendElementKey(key, *children[k], p);
            if (!seen.insert(key).second) continue;
          }
          g.Add(bases[k] + p);
        }
      }
      g.CloseRow();
    }
    return g.Finish(rt, all, c.pool);
  };
  return f;
}

// ARRAY_APPEND / ARRAY_PREPEND(array, element).
Result<BoundFunction> BindArrayAdd(const BindInput& in, bool append) {
  const char* name = append ? "ARRAY_APPEND" : "ARRAY_PREPEND";
  if (in.types.size() != 2 || !IsArray(in.types[0])) return NoMatchingSignature(name, in.types);
  auto elem = CommonType({in.types[0].element_type(), in.types[1]});
  if (!elem) return NoMatchingSignature(name, in.types);
  BoundFunction f;
  f.return_type = LogicalType::Array(*elem, in.types[0].nullable());
  f.operand_types = {f.return_type, *elem};
  LogicalType rt = f.return_type;
  LogicalType et = *elem;
  f.kernel = [rt, et, append](const EvalContext& c, const std::vector<Datum>& a,
                              int64_t n) -> Result<ColumnPtr> {
    WEIR_ASSIGN_OR_RAISE(ColumnPtr extra, Materialize(a[1], n, c.pool));
    std::vector<int64_t> bases;
    WEIR_ASSIGN_OR_RAISE(ColumnPtr all,
                         ConcatColumns(et, {a[0].column->child(0), extra}, &bases, c.pool));
    const ColumnVector& col = *a[0].column;
    ListGather g(n);
    for (int64_t i = 0; i < n; ++i) {
      int64_t r = a[0].scalar ? 0 : i;
      if (col.IsNull(r)) {
        g.NullRow();
        continue;
      }
      if (!append) g.Add(bases[1] + i);
      for (int64_t k = col.ListOffset(r); k < col.ListOffset(r) + col.ListLength(r); ++k) {
        g.Add(bases[0] + k);
      }
      if (append) g.Add(bases[1] + i);
      g.CloseRow();
    }
    return g.Finish(rt, all, c.pool);
  };
  return f;
}

// ARRAY_SORT(array[, ascending[, nulls_first]]): nulls first by default when ascending.
Result<BoundFunction> BindArraySort(const BindInput& in) {
  if (in.types.empty() || in.types.size() > 3 || !IsArray(in.types[0]) ||
      !Orderable(in.types[0].element_type())) {
    return NoMatchingSignature("ARRAY_SORT", in.types);
  }
  for (size_t k = 1; k < in.types.size(); ++k) {
    if (in.types[k].id() != TypeId::kBoolean && in.types[k].id() != TypeId::kNull) {
      return NoMatchingSignature("ARRAY_SORT", in.types);
    }
  }
  BoundFunction f;
  f.operand_types = in.types;
  for (size_t k = 1; k < in.types.size(); ++k) {
    f.operand_types[k] = LogicalType::Boolean(in.types[k].nullable());
  }
  f.return_type = in.types[0].WithNullable(AnyNullable(in));
  LogicalType rt = f.return_type;
  f.kernel = [rt](const EvalContext& c, const std::vector<Datum>& a,
                  int64_t n) -> Result<ColumnPtr> {
    WEIR_ASSIGN_OR_RAISE(auto validity, CombineValidity(a, n, c.pool));
    const uint8_t* v = validity ? validity->data() : nullptr;
    const ColumnVector& col = *a[0].column;
    const ColumnVector& e = *col.child(0);
    ListGather g(n);
    std::vector<int64_t> order;
    for (int64_t i = 0; i < n; ++i) {
      if (v != nullptr && !bits::GetBit(v, i)) {
        g.NullRow();
        continue;
      }
      int64_t r = a[0].scalar ? 0 : i;
      bool asc = a.size() < 2 || a[1].column->BoolValue(a[1].scalar ? 0 : i);
      bool nulls_first = a.size() < 3 ? asc : a[2].column->BoolValue(a[2].scalar ? 0 : i);
      order.clear();
      int64_t nulls = 0;
      for (int64_t k = col.ListOffset(r); k < col.ListOffset(r) + col.ListLength(r); ++k) {
        if (e.IsNull(k)) {
          ++nulls;
        } else {
          order.push_back(k);
        }
      }
      std::stable_sort(order.begin(), order.end(), [&](int64_t x, int64_t y) {
        int cmp = CompareElements(e, x, y);
        return asc ? cmp < 0 : cmp > 0;
      });
      // Any null element's index serves for every null slot.
      int64_t null_index = -1;
      for (int64_t k = col.ListOffset(r); nulls > 0 && null_index < 0; ++k) {
        if (e.IsNull(k)) null_index = k;
      }
      if (nulls_first) {
        for (int64_t k = 0; k < nulls; ++k) g.Add(null_index);
      }
      for (int64_t k : order) g.Add(k);
      if (!nulls_first) {
        for (int64_t k = 0; k < nulls; ++k) g.Add(null_index);
      }
      g.CloseRow();
    }
    return g.Finish(rt, col.child(0), c.pool);
  };
  return f;
}

// ARRAY_EXCEPT / ARRAY_INTERSECT(array1, array2): distinct elements of array1 (in its order)
// absent from / present in array2.
Result<BoundFunction> BindArraySetOp(const BindInput& in, bool intersect) {
  const char* name = intersect ? "ARRAY_INTERSECT" : "ARRAY_EXCEPT";
  if (in.types.size() != 2 || !IsArray(in.types[0]) || !IsArray(in.types[1])) {
    return NoMatchingSignature(name, in.types);
  }
  auto common = CommonCollectionType(in.types);
  if (!common) return NoMatchingSignature(name, in.types);
  BoundFunction f;
  f.operand_types = CollectionOperands(in, *common);
  f.return_type = common->WithNullable(AnyNullable(in));
  LogicalType rt = f.return_type;
  f.kernel = [rt, intersect](const EvalContext& c, const std::vector<Datum>& a,
                             int64_t n) -> Result<ColumnPtr> {
    WEIR_ASSIGN_OR_RAISE(auto validity, CombineValidity(a, n, c.pool));
    const uint8_t* v = validity ? validity->data() : nullptr;
    const ColumnVector& x = *a[0].column;
    const ColumnVector& y = *a[1].column;
    ListGather g(n);
    std::unordered_set<std::string> other, seen;
    std::string key;
    for (int64_t i = 0; i < n; ++i) {
      if (v != nullptr && !bits::GetBit(v, i)) {
        g.NullRow();
        continue;
      }
      int64_t rx = a[0].scalar ? 0 : i, ry = a[1].scalar ? 0 : i;
      other.clear();
      seen.clear();
      for (int64_t k = y.ListOffset(ry); k < y.ListOffset(ry) + y.ListLength(ry); ++k) {
        key.clear();
        AppendElementKey(key, *y.child(0), k);
        other.insert(key);
      }
      for (int64_t k = x.ListOffset(rx); k < x.ListOffset(rx) + x.ListLength(rx); ++k) {
        key.clear();
        AppendElementKey(key, *x.child(0), k);
        if ((other.count(key) > 0) == intersect && seen.insert(key).second) g.Add(k);
      }
      g.CloseRow();
    }
    return g.Finish(rt, x.child(0), c.pool);
  };
  return f;
}

// ---- maps ----

// MAP_UNION(map1, ...): later maps overwrite the values of equal keys.
Result<BoundFunction> BindMapUnion(const BindInput& in) {
  if (in.types.empty()) return NoMatchingSignature("MAP_UNION", in.types);
  for (const auto& t : in.types) {
    if (t.id() != TypeId::kMap) return NoMatchingSignature("MAP_UNION", in.types);
  }
  auto common = CommonCollectionType(in.types);
  if (!common) return NoMatchingSignature("MAP_UNION", in.types);
  BoundFunction f;
  f.operand_types = CollectionOperands(in, *common);
  f.return_type = common->WithNullable(AnyNullable(in));
  LogicalType rt = f.return_type;
  f.kernel = [rt](const EvalContext& c, const std::vector<Datum>& a,
                  int64_t n) -> Result<ColumnPtr> {
    std::vector<ColumnPtr> keys, values;
    for (const auto& d : a) {
      ColumnPtr entries = d.column->child(0);
      ColumnPtr k = entries->child(0), v = entries->child(1);
      if (entries->offset() != 0) {
        k = k->Slice(entries->offset(), entries->length());
        v = v->Slice(entries->offset(), entries->length());
      }
      keys.push_back(k);
      values.push_back(v);
    }
    std::vector<int64_t> bases, vbases;
    WEIR_ASSIGN_OR_RAISE(ColumnPtr ks, ConcatColumns(rt.key_type(), keys, &bases, c.pool));
    WEIR_ASSIGN_OR_RAISE(ColumnPtr vs, ConcatColumns(rt.value_type(), values, &vbases, c.pool));
    WEIR_ASSIGN_OR_RAISE(auto validity, CombineValidity(a, n, c.pool));
    const uint8_t* valid = validity ? validity->data() : nullptr;
    MapGather g(n);
    for (int64_t i = 0; i < n; ++i) {
      if (valid != nullptr && !bits::GetBit(valid, i)) {
        g.NullRow();
        continue;
      }
      for (size_t m = 0; m < a.size(); ++m) {
        const ColumnVector& col = *a[m].column;
        int64_t r = a[m].scalar ? 0 : i;
        for (int64_t k = col.ListOffset(r); k < col.ListOffset(r) + col.ListLength(r); ++k) {
          g.Add(*ks, bases[m] + k, bases[m] + k);
        }
      }
      g.CloseRow();
    }
    return g.Finish(rt, *ks, *vs, c.pool);
  };
  return f;
}

// MAP_KEYS / MAP_VALUES / MAP_ENTRIES: a map's entries as an array.
Result<BoundFunction> BindMapPart(const BindInput& in, int part) {
  const char* names[] = {"MAP_KEYS", "MAP_VALUES", "MAP_ENTRIES"};
  if (in.types.size() != 1 || in.types[0].id() != TypeId::kMap) {
    return NoMatchingSignature(names[part], in.types);
  }
  const LogicalType& m = in.types[0];
  LogicalType elem =
      part == 0 ? m.key_type()
      : part == 1
          ? m.value_type()
          : LogicalType::Row({Field("key", m.key_type()), Field("value", m.value_type())}, false);
  BoundFunction f;
  f.operand_types = in.types;
  f.return_type = LogicalType::Array(elem, m.nullable());
  LogicalType rt = f.return_type;
  f.kernel = [rt, part](const EvalContext& c, const std::vector<Datum>& a,
                        int64_t n) -> Result<ColumnPtr> {
    WEIR_ASSIGN_OR_RAISE(ColumnPtr col, Materialize(a[0], n, c.pool));
    ColumnPtr entries = col->child(0);
    ColumnPtr elements;
    if (part < 2) {
      elements = entries->child(part);
      if (entries->offset() != 0) elements = elements->Slice(entries->offset(), entries->length());
    } else {
      elements = std::make_shared<ColumnVector>(rt.element_type(), entries->length(),
                                                entries->buffers(), entries->children(),
                                                ColumnVector::kUnknownNullCount, entries->offset());
    }
    return std::make_shared<ColumnVector>(rt, col->length(), col->buffers(),
                                          std::vector<ColumnPtr>{elements},
                                          ColumnVector::kUnknownNullCount, col->offset());
  };
  return f;
}

Result<BoundFunction> BindMapFromArrays(const BindInput& in) {
  if (in.types.size() != 2 || !IsArray(in.types[0]) || !IsArray(in.types[1])) {
    return NoMatchingSignature("MAP_FROM_ARRAYS", in.types);
  }
  BoundFunction f;
  f.operand_types = in.types;
  f.return_type =
      LogicalType::Map(in.types[0].element_type(), in.types[1].element_type(), AnyNullable(in));
  LogicalType rt = f.return_type;
  f.kernel = [rt](const EvalContext& c, const std::vector<Datum>& a,
                  int64_t n) -> Result<ColumnPtr> {
    WEIR_ASSIGN_OR_RAISE(auto validity, CombineValidity(a, n, c.pool));
    const uint8_t* v = validity ? validity->data() : nullptr;
    const ColumnVector& ks = *a[0].column;
    const ColumnVector& vs = *a[1].column;
    MapGather g(n);
    for (int64_t i = 0; i < n; ++i) {
      if (v != nullptr && !bits::GetBit(v, i)) {
        g.NullRow();
        continue;
      }
      int64_t rk = a[0].scalar ? 0 : i, rv = a[1].scalar ? 0 : i;
      if (ks.ListLength(rk) != vs.ListLength(rv)) {
        return Status::Invalid("MAP_FROM_ARRAYS: the key and value arrays differ in length (",
                               ks.ListLength(rk), " and ", vs.ListLength(rv), ")");
      }
      for (int64_t p = 0; p < ks.ListLength(rk); ++p) {
        g.Add(*ks.child(0), ks.ListOffset(rk) + p, vs.ListOffset(rv) + p);
      }
      g.CloseRow();
    }
    return g.Finish(rt, *ks.child(0), *vs.child(0), c.pool);
  };
  return f;
}

// ---- SPLIT ----

Result<BoundFunction> BindSplit(const BindInput& in) {
  if (in.types.size() != 2) return NoMatchingSignature("SPLIT", in.types);
  for (const auto& t : in.types) {
    if (!t.is_string() && t.id() != TypeId::kNull) return NoMatchingSignature("SPLIT", in.types);
  }
  BoundFunction f;
  f.operand_types = {LogicalType::String(), LogicalType::String()};
  f.return_type = LogicalType::Array(LogicalType::String(), AnyNullable(in));
  LogicalType rt = f.return_type;
  f.kernel = [rt](const EvalContext& c, const std::vector<Datum>& a,
                  int64_t n) -> Result<ColumnPtr> {
    WEIR_ASSIGN_OR_RAISE(auto validity, CombineValidity(a, n, c.pool));
    const uint8_t* v = validity ? validity->data() : nullptr;
    StringBuilder parts(LogicalType::String(), c.pool);
    ListGather g(n);
    for (int64_t i = 0; i < n; ++i) {
      if (v != nullptr && !bits::GetBit(v, i)) {
        g.NullRow();
        continue;
      }
      std::string_view s = StrAt(a[0], i), d = StrAt(a[1], i);
      auto add = [&](std::string_view p) -> Status {
        g.Add(parts.length());
        return parts.Append(p);
      };
      if (d.empty()) {
        for (size_t pos = 0; pos < s.size();) {
          size_t b = pos;
          Utf8Decode(s, &pos);
          WEIR_RETURN_NOT_OK(add(s.substr(b, pos - b)));
        }
      } else {
        size_t start = 0;
        while (true) {
          size_t hit = s.find(d, start);
          if (hit == std::string_view::npos) break;
          WEIR_RETURN_NOT_OK(add(s.substr(start, hit - start)));
          start = hit + d.size();
        }
        WEIR_RETURN_NOT_OK(add(s.substr(start)));
      }
      g.CloseRow();
    }
    WEIR_ASSIGN_OR_RAISE(ColumnPtr elements, parts.Finish());
    return g.Make(rt, elements, c.pool);
  };
  return f;
}

}  // namespace

void RegisterCollectionFunctions(FunctionRegistry* r) {
  r->Register({"ARRAY", "valueconstruction", BindArray});
  r->Register({"MAP", "valueconstruction", BindMap});
  r->Register({"ROW", "valueconstruction", BindRow});
  r->Register({"ITEM", "collection", BindItem});
  r->Register({"DOT", "valueaccess", BindDot});
  r->Register({"CARDINALITY", "collection", BindCardinality});
  r->Register({"ELEMENT", "collection", BindElement});
  r->Register({"ARRAY_CONTAINS", "collection",
               [](const BindInput& in) { return BindContainsOrPosition(in, false); }});
  r->Register({"ARRAY_POSITION", "collection",
               [](const BindInput& in) { return BindContainsOrPosition(in, true); }});
  r->Register(
      {"ARRAY_DISTINCT", "collection", ArrayToArray("ARRAY_DISTINCT", 1, 1, nullptr, Distinct)});
  r->Register(
      {"ARRAY_REVERSE", "collection", ArrayToArray("ARRAY_REVERSE", 1, 1, nullptr, Reverse)});
  r->Register({"ARRAY_REMOVE", "collection",
               ArrayToArray("ARRAY_REMOVE", 2, 2, NeedleOfElement, Remove, true)});
  r->Register({"ARRAY_SLICE", "collection", ArrayToArray("ARRAY_SLICE", 2, 3, SliceArgs, Slice)});
  r->Register(
      {"ARRAY_MAX", "collection", [](const BindInput& in) { return BindMinMax(in, true); }});
  r->Register(
      {"ARRAY_MIN", "collection", [](const BindInput& in) { return BindMinMax(in, false); }});
  r->Register({"ARRAY_JOIN", "collection", BindArrayJoin});
  r->Register({"ARRAY_CONCAT", "collection",
               [](const BindInput& in) { return BindArrayCombine(in, false); }});
  r->Register({"ARRAY_UNION", "collection",
               [](const BindInput& in) { return BindArrayCombine(in, true); }});
  r->Register({"MAP_KEYS", "collection", [](const BindInput& in) { return BindMapPart(in, 0); }});
  r->Register({"MAP_VALUES", "collection", [](const BindInput& in) { return BindMapPart(in, 1); }});
  r->Register(
      {"MAP_ENTRIES", "collection", [](const BindInput& in) { return BindMapPart(in, 2); }});
  r->Register({"MAP_FROM_ARRAYS", "collection", BindMapFromArrays});
  r->Register({"SPLIT", "collection", BindSplit});
  r->Register(
      {"ARRAY_APPEND", "collection", [](const BindInput& in) { return BindArrayAdd(in, true); }});
  r->Register(
      {"ARRAY_PREPEND", "collection", [](const BindInput& in) { return BindArrayAdd(in, false); }});
  r->Register({"ARRAY_SORT", "collection", BindArraySort});
  r->Register({"ARRAY_EXCEPT", "collection",
               [](const BindInput& in) { return BindArraySetOp(in, false); }});
  r->Register({"ARRAY_INTERSECT", "collection",
               [](const BindInput& in) { return BindArraySetOp(in, true); }});
  r->Register({"MAP_UNION", "collection", BindMapUnion});
}

}  // namespace weir::sql
