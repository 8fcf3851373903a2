// DatagenGenerator: per-type column fill loops, subtask shares and the position state.
#include "weir/connectors/datagen/datagen_generator.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstring>
#include <limits>
#include <utility>

#include "weir/common/batch/column_vector.h"
#include "weir/common/str_cat.h"
#include "weir/common/types/decimal.h"

namespace weir::connectors {

namespace {

constexpr std::string_view kStateTag = "datagen-v1";
constexpr int64_t kMillisPerDay = 86400000;

// SplitMix64: the state is a counter, so a stream's position is one integer.
inline uint64_t NextRandom(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

inline uint64_t Mix(uint64_t a, uint64_t b) {
  uint64_t s = a ^ (b * 0xD1B54A32D192ED03ULL);
  return NextRandom(s);
}

// Maps a random word to [lo, hi] (Lemire's multiply; the bias is below 2^-64 * range).
inline int64_t Bounded(uint64_t r, int64_t lo, uint64_t span) {
  if (span == 0) return static_cast<int64_t>(r);  // the full 64-bit range
  return static_cast<int64_t>(
      static_cast<uint64_t>(lo) +
      static_cast<uint64_t>((static_cast<unsigned __int128>(r) * span) >> 64));
}

inline double UnitDouble(uint64_t r) { return static_cast<double>(r >> 11) * 0x1.0p-53; }

void TypeRange(TypeId id, int64_t* lo, int64_t* hi) {
  switch (id) {
    case TypeId::kTinyInt:
      *lo = INT8_MIN;
      *hi = INT8_MAX;
      return;
    case TypeId::kSmallInt:
      *lo = INT16_MIN;
      *hi = INT16_MAX;
      return;
    case TypeId::kInt:
      *lo = INT32_MIN;
      *hi = INT32_MAX;
      return;
    default:
      *lo = INT64_MIN;
      *hi = INT64_MAX;
      return;
  }
}

}  // namespace

struct DatagenGenerator::Node {
  const DatagenFieldSpec* spec = nullptr;
  uint64_t rng = 0;       // value stream
  uint64_t null_rng = 0;  // null-rate stream
  int64_t seq_count = 0;  // values of this subtask (sequence)
  std::vector<std::unique_ptr<Node>> children;
};

namespace {

struct FillContext {
  MemoryPool* pool;
  int32_t subtask;
  int32_t parallelism;
  int64_t now_ms;
};

using Node = DatagenGenerator::Node;

// Returns the sequence value at `position` of this subtask: start + subtask + position * p,
// computed without signed overflow (the intermediate may exceed int64 for the full range).
int64_t SequenceValue(const DatagenFieldSpec& spec, int64_t position, const FillContext& ctx) {
  return static_cast<int64_t>(
      static_cast<uint64_t>(spec.start) + static_cast<uint64_t>(ctx.subtask) +
      static_cast<uint64_t>(position) * static_cast<uint64_t>(ctx.parallelism));
}

// Makes the validity bitmap of n values (nullptr when the field has no nulls).
Result<BufferPtr> MakeValidity(Node& node, int64_t n, const FillContext& ctx, int64_t* nulls) {
  *nulls = 0;
  if (node.spec->null_rate <= 0 || n == 0) return BufferPtr();
  WEIR_ASSIGN_OR_RAISE(BufferPtr bitmap, Buffer::AllocateZeroed(bits::BytesForBits(n), ctx.pool));
  uint8_t* b = bitmap->mutable_data();
  const auto threshold = static_cast<uint64_t>(node.spec->null_rate * 0x1.0p53);
  int64_t valid = 0;
  for (int64_t i = 0; i < n; ++i) {
    const bool v = (NextRandom(node.null_rng) >> 11) >= threshold;
    b[i >> 3] |= static_cast<uint8_t>(v) << (i & 7);
    valid += v;
  }
  *nulls = n - valid;
  return bitmap;
}

template <typename T>
void FillRandomInts(T* out, int64_t n, int64_t lo, int64_t hi, uint64_t& rng) {
  const uint64_t span = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo) + 1;
  for (int64_t i = 0; i < n; ++i) out[i] = static_cast<T>(Bounded(NextRandom(rng), lo, span));
}

template <typename T>
void FillSequence(T* out, int64_t n, int64_t first, int64_t step) {
  for (int64_t i = 0; i < n; ++i) out[i] = static_cast<T>(first + i * step);
}

Result<ColumnPtr> Generate(Node& node, int64_t n, int64_t position, const FillContext& ctx);

Result<ColumnPtr> GenerateFixed(Node& node, int64_t n, int64_t position, const FillContext& ctx,
                                BufferPtr validity, int64_t nulls) {
  const DatagenFieldSpec& spec = *node.spec;
  const LogicalType& type = spec.type;
  WEIR_ASSIGN_OR_RAISE(BufferPtr values, Buffer::Allocate(n * type.byte_width(), ctx.pool));
  const bool seq = spec.kind == DatagenKind::kSequence;
  const int64_t first = SequenceValue(spec, position, ctx);
  const int64_t step = ctx.parallelism;
  int64_t lo = 0;
  int64_t hi = 0;
  TypeRange(type.id(), &lo, &hi);
  if (type.is_integer() || type.id() == TypeId::kIntervalDayTime) {
    if (spec.min) lo = spec.min->int_value();
    if (spec.max) hi = spec.max->int_value();
  }
  switch (type.id()) {
    case TypeId::kTinyInt:
      seq ? FillSequence(values->mutable_data_as<int8_t>(), n, first, step)
          : FillRandomInts(values->mutable_data_as<int8_t>(), n, lo, hi, node.rng);
      break;
    case TypeId::kSmallInt:
      seq ? FillSequence(values->mutable_data_as<int16_t>(), n, first, step)
          : FillRandomInts(values->mutable_data_as<int16_t>(), n, lo, hi, node.rng);
      break;
    case TypeId::kInt:
      seq ? FillSequence(values->mutable_data_as<int32_t>(), n, first, step)
          : FillRandomInts(values->mutable_data_as<int32_t>(), n, lo, hi, node.rng);
      break;
    case TypeId::kBigInt:
      seq ? FillSequence(values->mutable_data_as<int64_t>(), n, first, step)
          : FillRandomInts(values->mutable_data_as<int64_t>(), n, lo, hi, node.rng);
      break;
    case TypeId::kFloat:
    case TypeId::kDouble: {
      const bool is_float = type.id() == TypeId::kFloat;
      double dlo = is_float ? std::numeric_limits<float>::denorm_min()
                            : std::numeric_limits<double>::denorm_min();
      double dhi =
          is_float ? std::numeric_limits<float>::max() : std::numeric_limits<double>::max();
      if (spec.min) dlo = spec.min->double_value();
      if (spec.max) dhi = spec.max->double_value();
      for (int64_t i = 0; i < n; ++i) {
        double v;
        if (seq) {
          v = static_cast<double>(first + i * step);
        } else {
          const double u = UnitDouble(NextRandom(node.rng));
          v = dlo + u * dhi - u * dlo;  // no overflow for ranges wider than DBL_MAX
        }
        if (is_float) {
          values->mutable_data_as<float>()[i] = static_cast<float>(v);
        } else {
          values->mutable_data_as<double>()[i] = v;
        }
      }
      break;
    }
    case TypeId::kDecimal: {
      auto* out = values->mutable_data_as<__int128>();
      const __int128 scale = Decimal128::PowerOfTen(type.scale());
      if (seq) {
        for (int64_t i = 0; i < n; ++i) out[i] = static_cast<__int128>(first + i * step) * scale;
        break;
      }
      const __int128 top = Decimal128::PowerOfTen(type.precision()) - 1;
      const __int128 dlo = spec.min ? spec.min->decimal_value().value() : -top;
      const __int128 dhi = spec.max ? spec.max->decimal_value().value() : top;
      const auto span = static_cast<unsigned __int128>(dhi - dlo) + 1;
      for (int64_t i = 0; i < n; ++i) {
        const unsigned __int128 r =
            (static_cast<unsigned __int128>(NextRandom(node.rng)) << 64) | NextRandom(node.rng);
        out[i] = dlo + static_cast<__int128>(r % span);
      }
      break;
    }
    case TypeId::kDate: {
      const int64_t day = ctx.now_ms >= 0 ? ctx.now_ms / kMillisPerDay
                                          : (ctx.now_ms - kMillisPerDay + 1) / kMillisPerDay;
      std::fill_n(values->mutable_data_as<int32_t>(), n, static_cast<int32_t>(day));
      break;
    }
    case TypeId::kTime: {
      int64_t ms = ((ctx.now_ms % kMillisPerDay) + kMillisPerDay) % kMillisPerDay;
      if (type.precision() < 3) {
        const int64_t unit = type.precision() == 0 ? 1000 : type.precision() == 1 ? 100 : 10;
        ms -= ms % unit;
      }
      std::fill_n(values->mutable_data_as<int64_t>(), n, ms * 1000000);
      break;
    }
    case TypeId::kTimestamp:
    case TypeId::kTimestampLtz: {
      const int64_t per_ms = UnitsPerSecond(TimestampUnit(type.precision())) / 1000;
      const int64_t trunc = type.precision() >= 3   ? 1
                            : type.precision() == 0 ? 1000
                            : type.precision() == 1 ? 100
                                                    : 10;
      const auto span = static_cast<uint64_t>(spec.max_past_ms) + 1;
      auto* out = values->mutable_data_as<int64_t>();
      for (int64_t i = 0; i < n; ++i) {
        int64_t ms = ctx.now_ms;
        if (spec.max_past_ms > 0) ms -= Bounded(NextRandom(node.rng), 0, span);
        ms -= ((ms % trunc) + trunc) % trunc;
        out[i] = ms * per_ms;
      }
      break;
    }
    case TypeId::kIntervalYearMonth:
      FillRandomInts(values->mutable_data_as<int32_t>(), n, spec.min ? spec.min->int_value() : 0,
                     spec.max ? spec.max->int_value() : 120000, node.rng);
      break;
    case TypeId::kIntervalDayTime:
      FillRandomInts(values->mutable_data_as<int64_t>(), n, lo, hi, node.rng);
      break;
    default:
      return Status::NotSupported("datagen cannot generate ", type.ToString());
  }
  return std::make_shared<const ColumnVector>(type, n, std::vector<BufferPtr>{validity, values},
                                              std::vector<ColumnPtr>{}, nulls);
}

Result<ColumnPtr> GenerateBoolean(Node& node, int64_t n, const FillContext& ctx, BufferPtr validity,
                                  int64_t nulls) {
  WEIR_ASSIGN_OR_RAISE(BufferPtr values, Buffer::AllocateZeroed(bits::BytesForBits(n), ctx.pool));
  auto* words = values->mutable_data();
  const int64_t num_bytes = bits::BytesForBits(n);
  for (int64_t i = 0; i < num_bytes; i += 8) {
    const uint64_t r = NextRandom(node.rng);
    std::memcpy(words + i, &r, static_cast<size_t>(std::min<int64_t>(8, num_bytes - i)));
  }
  return std::make_shared<const ColumnVector>(node.spec->type, n,
                                              std::vector<BufferPtr>{validity, values},
                                              std::vector<ColumnPtr>{}, nulls);
}

Result<ColumnPtr> GenerateBytes(Node& node, int64_t n, int64_t position, const FillContext& ctx,
                                BufferPtr validity, int64_t nulls) {
  static constexpr char kHex[] = "0123456789abcdef";
  const DatagenFieldSpec& spec = *node.spec;
  const bool binary = spec.type.is_binary();
  WEIR_ASSIGN_OR_RAISE(BufferPtr offsets, Buffer::Allocate((n + 1) * 4, ctx.pool));
  int32_t* off = offsets->mutable_data_as<int32_t>();
  const uint8_t* valid = validity ? validity->data() : nullptr;
  BufferPtr data;
  if (spec.kind == DatagenKind::kSequence) {
    WEIR_ASSIGN_OR_RAISE(data, Buffer::Allocate(std::max<int64_t>(n * 20, 1), ctx.pool));
    char* p = reinterpret_cast<char*>(data->mutable_data());
    const int64_t first = SequenceValue(spec, position, ctx);
    int32_t size = 0;
    off[0] = 0;
    for (int64_t i = 0; i < n; ++i) {
      if (valid == nullptr || bits::GetBit(valid, i)) {
        auto [end, ec] = std::to_chars(p + size, p + size + 20, first + i * ctx.parallelism);
        size = static_cast<int32_t>(end - p);
      }
      off[i + 1] = size;
    }
  } else {
    const int64_t len = spec.length;
    if (n * len > INT32_MAX) {
      return Status::Invalid("datagen batch too large for ", spec.path, ": ", n, " values of ", len,
                             " bytes");
    }
    WEIR_ASSIGN_OR_RAISE(data, Buffer::Allocate(std::max<int64_t>(n * len, 1), ctx.pool));
    uint8_t* p = data->mutable_data();
    int32_t size = 0;
    off[0] = 0;
    for (int64_t i = 0; i < n; ++i) {
      int64_t l = len;
      if (valid != nullptr && !bits::GetBit(valid, i)) l = 0;
      if (spec.var_len && l > 0) l = 1 + static_cast<int64_t>(NextRandom(node.rng) % len);
      uint8_t* out = p + size;
      if (binary) {
        for (int64_t j = 0; j < l; j += 8) {
          const uint64_t r = NextRandom(node.rng);
          std::memcpy(out + j, &r, static_cast<size_t>(std::min<int64_t>(8, l - j)));
        }
      } else {
        for (int64_t j = 0; j < l; j += 16) {
          uint64_t r = NextRandom(node.rng);
          const int64_t k_end = std::min<int64_t>(16, l - j);
          for (int64_t k = 0; k < k_end; ++k, r >>= 4) out[j + k] = kHex[r & 15];
        }
      }
      size += static_cast<int32_t>(l);
      off[i + 1] = size;
    }
  }
  return std::make_shared<const ColumnVector>(spec.type, n,
                                              std::vector<BufferPtr>{validity, offsets, data},
                                              std::vector<ColumnPtr>{}, nulls);
}

Result<ColumnPtr> GenerateCollection(Node& node, int64_t n, const FillContext& ctx,
                                     BufferPtr validity, int64_t nulls) {
  const DatagenFieldSpec& spec = *node.spec;
  const int64_t len = spec.length;
  const int64_t elements = (n - nulls) * len;
  if (elements > INT32_MAX) {
    return Status::Invalid("datagen batch too large for ", spec.path, ": ", elements, " elements");
  }
  WEIR_ASSIGN_OR_RAISE(BufferPtr offsets, Buffer::Allocate((n + 1) * 4, ctx.pool));
  int32_t* off = offsets->mutable_data_as<int32_t>();
  const uint8_t* valid = validity ? validity->data() : nullptr;
  off[0] = 0;
  for (int64_t i = 0; i < n; ++i) {
    const bool v = valid == nullptr || bits::GetBit(valid, i);
    off[i + 1] = off[i] + static_cast<int32_t>(v ? len : 0);
  }
  ColumnPtr child;
  if (spec.type.id() == TypeId::kArray) {
    WEIR_ASSIGN_OR_RAISE(child, Generate(*node.children[0], elements, 0, ctx));
  } else {
    // MAP: entries ROW<key, value>; MULTISET: ROW<element, INT NOT NULL count>, counts in
    // [0, 10] as Flink.
    const LogicalType entries = MapEntriesType(spec.type);
    WEIR_ASSIGN_OR_RAISE(ColumnPtr keys, Generate(*node.children[0], elements, 0, ctx));
    ColumnPtr values;
    if (spec.type.id() == TypeId::kMap) {
      WEIR_ASSIGN_OR_RAISE(values, Generate(*node.children[1], elements, 0, ctx));
    } else {
      WEIR_ASSIGN_OR_RAISE(BufferPtr counts,
                           Buffer::Allocate(std::max<int64_t>(elements, 1) * 4, ctx.pool));
      FillRandomInts(counts->mutable_data_as<int32_t>(), elements, 0, 10, node.rng);
      values = std::make_shared<const ColumnVector>(LogicalType::Int(false), elements,
                                                    std::vector<BufferPtr>{nullptr, counts},
                                                    std::vector<ColumnPtr>{}, 0);
    }
    child = std::make_shared<const ColumnVector>(
        entries, elements, std::vector<BufferPtr>{nullptr},
        std::vector<ColumnPtr>{std::move(keys), std::move(values)}, 0);
  }
  return std::make_shared<const ColumnVector>(spec.type, n,
                                              std::vector<BufferPtr>{validity, offsets},
                                              std::vector<ColumnPtr>{std::move(child)}, nulls);
}

Result<ColumnPtr> Generate(Node& node, int64_t n, int64_t position, const FillContext& ctx) {
  int64_t nulls = 0;
  WEIR_ASSIGN_OR_RAISE(BufferPtr validity, MakeValidity(node, n, ctx, &nulls));
  const LogicalType& type = node.spec->type;
  switch (type.layout()) {
    case PhysicalLayout::kFixedWidth:
      return GenerateFixed(node, n, position, ctx, std::move(validity), nulls);
    case PhysicalLayout::kBitmap:
      return GenerateBoolean(node, n, ctx, std::move(validity), nulls);
    case PhysicalLayout::kVarBinary:
      return GenerateBytes(node, n, position, ctx, std::move(validity), nulls);
    case PhysicalLayout::kList:
    case PhysicalLayout::kMap:
      return GenerateCollection(node, n, ctx, std::move(validity), nulls);
    case PhysicalLayout::kStruct: {
      std::vector<ColumnPtr> children;
      for (auto& child : node.children) {
        WEIR_ASSIGN_OR_RAISE(ColumnPtr c, Generate(*child, n, 0, ctx));
        children.push_back(std::move(c));
      }
      return std::make_shared<const ColumnVector>(type, n, std::vector<BufferPtr>{validity},
                                                  std::move(children), nulls);
    }
    case PhysicalLayout::kNull:
      break;
  }
  return Status::NotSupported("datagen cannot generate ", type.ToString());
}

std::unique_ptr<Node> BuildNode(const DatagenFieldSpec& spec, std::vector<Node*>& all) {
  auto node = std::make_unique<Node>();
  node->spec = &spec;
  all.push_back(node.get());
  for (const auto& child : spec.children) node->children.push_back(BuildNode(child, all));
  return node;
}

}  // namespace

DatagenGenerator::DatagenGenerator(SchemaPtr schema, DatagenOptions options,
                                   DatagenGeneratorConfig config)
    : schema_(std::move(schema)), options_(std::move(options)), config_(std::move(config)) {}

DatagenGenerator::~DatagenGenerator() = default;

int64_t DatagenGenerator::SubtaskShare(int64_t total, int32_t subtask, int32_t parallelism) {
  if (total <= 0 || parallelism <= 0) return 0;
  return total / parallelism + (total % parallelism > subtask ? 1 : 0);
}

Result<std::unique_ptr<DatagenGenerator>> DatagenGenerator::Make(SchemaPtr schema,
                                                                 DatagenOptions options,
                                                                 DatagenGeneratorConfig config) {
  if (schema == nullptr || static_cast<int>(options.fields.size()) != schema->num_fields()) {
    return Status::Invalid("datagen options do not match the schema (parse them for it)");
  }
  if (config.parallelism <= 0 || config.subtask < 0 || config.subtask >= config.parallelism) {
    return Status::Invalid("datagen subtask ", config.subtask, " of parallelism ",
                           config.parallelism, " is out of range");
  }
  if (config.projected_fields) {
    std::vector<Field> fields;
    std::vector<uint8_t> seen(static_cast<size_t>(schema->num_fields()), 0);
    for (int32_t i : *config.projected_fields) {
      if (i < 0 || i >= schema->num_fields()) {
        return Status::Invalid("datagen projected field ", i, " is out of range for ",
                               schema->num_fields(), " fields");
      }
      if (seen[static_cast<size_t>(i)]++ != 0) {
        return Status::Invalid("datagen projected field is listed twice: ", schema->name(i));
      }
      fields.push_back(schema->field(i));
    }
    schema = std::make_shared<const Schema>(std::move(fields));
  }
  if (!config.clock) {
    config.clock = [] {
      return std::chrono::duration_cast<std::chrono::milliseconds>(
                 std::chrono::system_clock::now().time_since_epoch())
          .count();
    };
  }
  std::unique_ptr<DatagenGenerator> gen(
      new DatagenGenerator(std::move(schema), std::move(options), std::move(config)));
  WEIR_RETURN_NOT_OK(gen->Init());
  return gen;
}

Status DatagenGenerator::Init() {
  // Every field gets its nodes (and streams), projected or not, so that the seeds and the
  // state do not depend on the projection.
  for (const auto& spec : options_.fields) roots_.push_back(BuildNode(spec, nodes_));
  if (config_.projected_fields) {
    for (int32_t i : *config_.projected_fields)
      outputs_.push_back(roots_[static_cast<size_t>(i)].get());
  } else {
    for (auto& root : roots_) outputs_.push_back(root.get());
  }
  const uint64_t base = Mix(config_.seed, static_cast<uint64_t>(config_.subtask) + 1);
  for (size_t i = 0; i < nodes_.size(); ++i) {
    nodes_[i]->rng = Mix(base, 2 * i + 1);
    nodes_[i]->null_rng = Mix(base, 2 * i + 2);
  }
  if (options_.number_of_rows) {
    limit_ = SubtaskShare(*options_.number_of_rows, config_.subtask, config_.parallelism);
  }
  for (auto& root : roots_) {
    const DatagenFieldSpec& spec = *root->spec;
    if (spec.kind != DatagenKind::kSequence) continue;
    // end - start + 1 may exceed int64 (the full BIGINT range).
    const auto total =
        static_cast<unsigned __int128>(static_cast<__int128>(spec.end) - spec.start + 1);
    const auto p = static_cast<unsigned __int128>(config_.parallelism);
    const unsigned __int128 share =
        total / p + (total % p > static_cast<unsigned>(config_.subtask));
    root->seq_count = share > static_cast<unsigned __int128>(kUnbounded - 1)
                          ? kUnbounded - 1
                          : static_cast<int64_t>(share);
    limit_ = std::min(limit_, root->seq_count);
  }
  return Status::OK();
}

int64_t DatagenGenerator::remaining() const {
  return limit_ == kUnbounded ? kUnbounded : limit_ - emitted_;
}

Result<RecordBatchPtr> DatagenGenerator::Next(int64_t max_rows) {
  const int64_t n = std::max<int64_t>(0, std::min(max_rows, remaining()));
  FillContext ctx{config_.pool, config_.subtask, config_.parallelism, config_.clock()};
  std::vector<ColumnPtr> columns;
  columns.reserve(outputs_.size());
  for (Node* root : outputs_) {
    WEIR_ASSIGN_OR_RAISE(ColumnPtr c, Generate(*root, n, emitted_, ctx));
    columns.push_back(std::move(c));
  }
  emitted_ += n;
  return std::make_shared<const RecordBatch>(schema_, std::move(columns), n);
}

std::string DatagenGenerator::SaveState() const {
  std::string out = StrCat(kStateTag, " ", config_.subtask, " ", config_.parallelism, " ",
                           config_.seed, " ", emitted_, " ", nodes_.size());
  for (const Node* node : nodes_) out += StrCat(" ", node->rng, " ", node->null_rng);
  return out;
}

Status DatagenGenerator::RestoreState(std::string_view bytes) {
  const char* p = bytes.data();
  const char* end = bytes.data() + bytes.size();
  auto malformed = [&] {
    return Status::Invalid("Malformed datagen source state: '", bytes.substr(0, 80), "'");
  };
  if (!bytes.starts_with(kStateTag)) return malformed();
  p += kStateTag.size();
  auto read = [&](auto* out) {
    if (p == end || *p != ' ') return false;
    ++p;
    auto [next, ec] = std::from_chars(p, end, *out);
    if (ec != std::errc() || next == p) return false;
    p = next;
    return true;
  };
  int32_t subtask = 0;
  int32_t parallelism = 0;
  uint64_t seed = 0;
  int64_t emitted = 0;
  size_t num_nodes = 0;
  if (!read(&subtask) || !read(&parallelism) || !read(&seed) || !read(&emitted) ||
      !read(&num_nodes)) {
    return malformed();
  }
  if (parallelism != config_.parallelism || subtask != config_.subtask) {
    return Status::NotSupported("datagen source state of subtask ", subtask, " of parallelism ",
                                parallelism, " cannot be restored into subtask ", config_.subtask,
                                " of parallelism ", config_.parallelism,
                                " (rescaling a datagen source is not supported)");
  }
  if (num_nodes != nodes_.size() || emitted < 0 || (limit_ != kUnbounded && emitted > limit_)) {
    return Status::Invalid("datagen source state does not match the table (", num_nodes,
                           " generated values, ", emitted, " rows emitted)");
  }
  std::vector<std::pair<uint64_t, uint64_t>> states(num_nodes);
  for (auto& [rng, null_rng] : states) {
    if (!read(&rng) || !read(&null_rng)) return malformed();
  }
  if (p != end) return malformed();
  config_.seed = seed;
  emitted_ = emitted;
  for (size_t i = 0; i < num_nodes; ++i) {
    nodes_[i]->rng = states[i].first;
    nodes_[i]->null_rng = states[i].second;
  }
  return Status::OK();
}

}  // namespace weir::connectors
