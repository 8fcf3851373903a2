// Tests of the Arrow C Data Interface: every type round trip, zero copy, release, foreign input.
#include "weir/common/batch/arrow_c_data.h"

#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "weir/common/batch/column_builder.h"
#include "weir/common/batch/record_batch.h"
#include "weir/common/memory/memory_pool.h"

namespace weir {
namespace {

// ---- Helpers ----------------------------------------------------------------------------

LogicalType ParseType(std::string_view text) {
  auto type = LogicalType::Parse(text);
  EXPECT_TRUE(type.ok()) << text << ": " << type.status().ToString();
  return type.ok() ? *type : LogicalType::Null();
}

// Appends a deterministic value number `i` of `type` (null for some rows when nullable).
void AppendGenerated(ColumnBuilder* builder, const LogicalType& type, int64_t i,
                     bool allow_null = true) {
  if (allow_null && type.nullable() && i % 4 == 1) {
    WEIR_CHECK_OK(builder->AppendNull());
    return;
  }
  switch (type.id()) {
    case TypeId::kNull:
      WEIR_CHECK_OK(builder->AppendNull());
      return;
    case TypeId::kBoolean:
      WEIR_CHECK_OK(builder->AppendValue(Value(i % 3 == 0)));
      return;
    case TypeId::kTinyInt:
    case TypeId::kSmallInt:
    case TypeId::kInt:
    case TypeId::kBigInt:
    case TypeId::kDate:
    case TypeId::kIntervalYearMonth:
    case TypeId::kIntervalDayTime:
      WEIR_CHECK_OK(builder->AppendValue(Value(static_cast<int64_t>(i * 7 - 30))));
      return;
    case TypeId::kTime:
      WEIR_CHECK_OK(builder->AppendValue(Value(static_cast<int64_t>(i * 1000000000LL))));
      return;
    case TypeId::kTimestamp:
    case TypeId::kTimestampLtz: {
      // A multiple of 10^(9 - p) nanoseconds expressed in the storage unit is fine for any p.
      WEIR_CHECK_OK(builder->AppendValue(Value(static_cast<int64_t>(1600000000000LL + i * 1000))));
      return;
    }
    case TypeId::kFloat:
    case TypeId::kDouble:
      WEIR_CHECK_OK(builder->AppendValue(Value(static_cast<double>(i) * 1.5 - 3)));
      return;
    case TypeId::kDecimal: {
      // Exactly `precision` digits.
      __int128 v = Decimal128::PowerOfTen(type.precision() - 1) * (1 + i % 9) +
                   (type.precision() >= 2 ? i % 10 : 0);
      if (i % 2 == 0) v = -v;
      WEIR_CHECK_OK(builder->AppendValue(Value(Decimal128(v))));
      return;
    }
    case TypeId::kChar:
    case TypeId::kBinary: {
      const int n = std::min(type.length(), 8);
      WEIR_CHECK_OK(builder->AppendValue(Value(std::string(n, static_cast<char>('a' + i % 26)))));
      return;
    }
    case TypeId::kVarChar:
    case TypeId::kVarBinary: {
      std::string s = "v" + std::to_string(i);
      if (type.id() == TypeId::kVarBinary) s[0] = '\0';
      if (static_cast<int64_t>(s.size()) > type.length()) s.resize(type.length());
      if (i % 5 == 3) s.clear();
      WEIR_CHECK_OK(builder->AppendValue(Value(s)));
      return;
    }
    case TypeId::kArray: {
      auto* list = static_cast<ListBuilder*>(builder);
      const int64_t n = i % 4;
      for (int64_t k = 0; k < n; ++k) {
        AppendGenerated(list->element_builder(), type.element_type(), i * 3 + k);
      }
      WEIR_CHECK_OK(list->Append(n));
      return;
    }
    case TypeId::kMap:
    case TypeId::kMultiset: {
      auto* list = static_cast<ListBuilder*>(builder);
      auto* entries = static_cast<StructBuilder*>(list->element_builder());
      const int64_t n = i % 3;
      for (int64_t k = 0; k < n; ++k) {
        // Distinct, non-null keys.
        AppendGenerated(entries->field_builder(0), type.key_type(), i * 10 + k, false);
        AppendGenerated(entries->field_builder(1), type.value_type(), i * 10 + k);
        WEIR_CHECK_OK(entries->Append());
      }
      WEIR_CHECK_OK(list->Append(n));
      return;
    }
    case TypeId::kRow: {
      auto* row = static_cast<StructBuilder*>(builder);
      for (int f = 0; f < row->num_fields(); ++f) {
        AppendGenerated(row->field_builder(f), type.fields()[f].logical_type(), i + f);
      }
      WEIR_CHECK_OK(row->Append());
      return;
    }
  }
}

ColumnPtr MakeColumn(const LogicalType& type, int64_t length) {
  auto builder = ColumnBuilder::Make(type);
  WEIR_CHECK_OK(builder.status());
  for (int64_t i = 0; i < length; ++i) AppendGenerated(builder->get(), type, i);
  auto column = (*builder)->Finish();
  WEIR_CHECK_OK(column.status());
  WEIR_CHECK_OK((*column)->Validate());
  return *column;
}

// Checks that `imported` shares every non-empty buffer of `original` (recursively).
void ExpectSameBuffers(const ColumnVector& original, const ColumnVector& imported) {
  ASSERT_EQ(original.buffers().size(), imported.buffers().size());
  for (size_t i = 0; i < original.buffers().size(); ++i) {
    const BufferPtr& a = original.buffer(static_cast<int>(i));
    const BufferPtr& b = imported.buffer(static_cast<int>(i));
    if (a == nullptr || a->data() == nullptr || a->size() == 0) continue;
    if (i == 0 && original.null_count() == 0) continue;  // a bitmap without nulls may go
    ASSERT_NE(b, nullptr) << "buffer " << i << " of " << original.type().ToString();
    EXPECT_EQ(a->data(), b->data()) << "buffer " << i << " of " << original.type().ToString();
  }
  ASSERT_EQ(original.children().size(), imported.children().size());
  for (size_t i = 0; i < original.children().size(); ++i) {
    ExpectSameBuffers(*original.child(static_cast<int>(i)), *imported.child(static_cast<int>(i)));
  }
}

LogicalType RoundTripType(const LogicalType& type) {
  ArrowSchema schema;
  WEIR_CHECK_OK(ExportType(type, "col", &schema));
  auto imported = ImportType(&schema);
  EXPECT_EQ(schema.release, nullptr);
  WEIR_CHECK_OK(imported.status());
  return *imported;
}

ColumnPtr RoundTripColumn(const ColumnPtr& column, MemoryPool* pool = nullptr) {
  ArrowArray array;
  WEIR_CHECK_OK(ExportColumn(column, &array));
  auto imported = ImportColumn(&array, column->type(), pool);
  EXPECT_EQ(array.release, nullptr);
  WEIR_CHECK_OK(imported.status());
  return *imported;
}

// Release callbacks that count their calls, wrapped around a producer's own release.
int g_schema_releases = 0;
int g_array_releases = 0;
void (*g_inner_schema_release)(ArrowSchema*) = nullptr;
void (*g_inner_array_release)(ArrowArray*) = nullptr;

void CountingSchemaRelease(ArrowSchema* schema) {
  ++g_schema_releases;
  schema->release = g_inner_schema_release;
  schema->release(schema);
  EXPECT_EQ(schema->release, nullptr);
}
void CountingArrayRelease(ArrowArray* array) {
  ++g_array_releases;
  array->release = g_inner_array_release;
  array->release(array);
  EXPECT_EQ(array->release, nullptr);
}
void WrapRelease(ArrowSchema* schema) {
  g_schema_releases = 0;
  g_inner_schema_release = schema->release;
  schema->release = &CountingSchemaRelease;
}
void WrapRelease(ArrowArray* array) {
  g_array_releases = 0;
  g_inner_array_release = array->release;
  array->release = &CountingArrayRelease;
}

// ---- Types ------------------------------------------------------------------------------

const char* const kAllTypes[] = {
    "NULL",
    "BOOLEAN",
    "TINYINT",
    "SMALLINT",
    "INT",
    "BIGINT NOT NULL",
    "FLOAT",
    "DOUBLE",
    "DECIMAL(10, 2)",
    "DECIMAL(38, 0)",
    "DECIMAL(38, 18) NOT NULL",
    "DECIMAL(1, 1)",
    "CHAR(5)",
    "VARCHAR(10)",
    "STRING",
    "BINARY(3)",
    "VARBINARY(4)",
    "BYTES",
    "DATE",
    "TIME(0)",
    "TIME(9)",
    "TIMESTAMP(0)",
    "TIMESTAMP(3)",
    "TIMESTAMP(6)",
    "TIMESTAMP(9) NOT NULL",
    "TIMESTAMP_LTZ(0)",
    "TIMESTAMP_LTZ(3)",
    "TIMESTAMP_LTZ(6)",
    "TIMESTAMP_LTZ(9)",
    "INTERVAL YEAR(2) TO MONTH",
    "INTERVAL MONTH",
    "INTERVAL DAY(2) TO SECOND(3)",
    "INTERVAL HOUR TO MINUTE",
    "ARRAY<INT>",
    "ARRAY<STRING NOT NULL> NOT NULL",
    "MAP<STRING, ARRAY<BIGINT>>",
    "MAP<INT NOT NULL, DOUBLE>",
    "MULTISET<STRING>",
    "ROW<`a` INT, `b` ROW<`c` STRING>>",
    "ROW<`x` DECIMAL(38, 4), `y` ARRAY<ROW<`z` BOOLEAN>>, `w` MAP<STRING, INT>>",
};

class ArrowCDataTypeTest : public ::testing::TestWithParam<const char*> {};

TEST_P(ArrowCDataTypeTest, TypeRoundTripsExactly) {
  const LogicalType type = ParseType(GetParam());
  EXPECT_EQ(RoundTripType(type), type) << GetParam();
}

TEST_P(ArrowCDataTypeTest, ColumnRoundTripsWithoutCopy) {
  const LogicalType type = ParseType(GetParam());
  const ColumnPtr column = MakeColumn(type, 23);
  const ColumnPtr imported = RoundTripColumn(column);
  EXPECT_EQ(imported->type(), type);
  EXPECT_EQ(imported->length(), column->length());
  EXPECT_EQ(imported->null_count(), column->null_count());
  EXPECT_TRUE(imported->Equals(*column)) << type.ToString();
  ExpectSameBuffers(*column, *imported);
  for (int64_t i = 0; i < column->length(); ++i) {
    EXPECT_EQ(ValueAt(*imported, i), ValueAt(*column, i)) << type.ToString() << " row " << i;
  }
}

TEST_P(ArrowCDataTypeTest, SlicedColumnRoundTrips) {
  const LogicalType type = ParseType(GetParam());
  const ColumnPtr column = MakeColumn(type, 23);
  for (auto [offset, length] : {std::pair<int64_t, int64_t>{3, 11}, {9, 14}, {23, 0}, {5, 1}}) {
    const ColumnPtr slice = column->Slice(offset, length);
    const ColumnPtr imported = RoundTripColumn(slice);
    EXPECT_EQ(imported->length(), length);
    EXPECT_TRUE(imported->Equals(*slice)) << type.ToString() << " slice " << offset;
    if (length > 0) {
      EXPECT_EQ(imported->offset(), slice->offset());
      ExpectSameBuffers(*slice, *imported);
    }
    for (int64_t i = 0; i < length; ++i) {
      EXPECT_EQ(ValueAt(*imported, i), ValueAt(*column, offset + i));
    }
  }
}

TEST_P(ArrowCDataTypeTest, ExportedTypeIsValidWithoutMetadata) {
  // A consumer that ignores "weir.type" still gets a type of the same layout.
  const LogicalType type = ParseType(GetParam());
  ArrowSchema schema;
  ASSERT_TRUE(ExportType(type, "col", &schema).ok());
  schema.metadata = nullptr;  // drop our metadata (the release callback frees it anyway)
  auto imported = ImportType(&schema);
  ASSERT_TRUE(imported.ok()) << imported.status().ToString();
  EXPECT_EQ(imported->layout(), type.layout()) << imported->ToString();
  EXPECT_EQ(ArrowFormat(*imported), ArrowFormat(type));
  // The data imports under the derived type too (CHAR(5) as STRING, TIME(0) as TIME(9)...).
  const ColumnPtr column = MakeColumn(type, 9);
  ArrowArray array;
  ASSERT_TRUE(ExportColumn(column, &array).ok());
  auto column2 = ImportColumn(&array, *imported);
  ASSERT_TRUE(column2.ok()) << column2.status().ToString();
  ASSERT_EQ((*column2)->length(), column->length());
  for (int64_t i = 0; i < column->length(); ++i) {
    EXPECT_EQ(ValueAt(**column2, i), ValueAt(*column, i)) << type.ToString() << " row " << i;
  }
}

INSTANTIATE_TEST_SUITE_P(ArrowCDataAllTypes, ArrowCDataTypeTest, ::testing::ValuesIn(kAllTypes));

TEST(ArrowCDataTest, FormatStrings) {
  EXPECT_EQ(ArrowFormat(LogicalType::Null()), "n");
  EXPECT_EQ(ArrowFormat(LogicalType::Boolean()), "b");
  EXPECT_EQ(ArrowFormat(LogicalType::TinyInt()), "c");
  EXPECT_EQ(ArrowFormat(LogicalType::SmallInt()), "s");
  EXPECT_EQ(ArrowFormat(LogicalType::Int()), "i");
  EXPECT_EQ(ArrowFormat(LogicalType::BigInt()), "l");
  EXPECT_EQ(ArrowFormat(LogicalType::Float()), "f");
  EXPECT_EQ(ArrowFormat(LogicalType::Double()), "g");
  EXPECT_EQ(ArrowFormat(LogicalType::Decimal(10, 2)), "d:10,2");
  EXPECT_EQ(ArrowFormat(LogicalType::Char(5)), "u");
  EXPECT_EQ(ArrowFormat(LogicalType::String()), "u");
  EXPECT_EQ(ArrowFormat(LogicalType::VarBinary(4)), "z");
  EXPECT_EQ(ArrowFormat(LogicalType::Date()), "tdD");
  EXPECT_EQ(ArrowFormat(LogicalType::Time(3)), "ttn");
  EXPECT_EQ(ArrowFormat(LogicalType::Timestamp(0)), "tsm:");
  EXPECT_EQ(ArrowFormat(LogicalType::Timestamp(3)), "tsm:");
  EXPECT_EQ(ArrowFormat(LogicalType::Timestamp(4)), "tsu:");
  EXPECT_EQ(ArrowFormat(LogicalType::Timestamp(6)), "tsu:");
  EXPECT_EQ(ArrowFormat(LogicalType::Timestamp(9)), "tsn:");
  EXPECT_EQ(ArrowFormat(LogicalType::TimestampLtz(3)), "tsm:UTC");
  EXPECT_EQ(ArrowFormat(LogicalType::IntervalYearMonth()), "tiM");
  EXPECT_EQ(ArrowFormat(LogicalType::IntervalDayTime()), "tDm");
  EXPECT_EQ(ArrowFormat(LogicalType::Array(LogicalType::Int())), "+l");
  EXPECT_EQ(ArrowFormat(LogicalType::Map(LogicalType::Int(), LogicalType::Int())), "+m");
  EXPECT_EQ(ArrowFormat(LogicalType::Multiset(LogicalType::Int())), "+m");
  EXPECT_EQ(ArrowFormat(ParseType("ROW<a INT>")), "+s");
}

TEST(ArrowCDataTest, ExportedSchemaLayout) {
  const LogicalType type = ParseType("MAP<VARCHAR(3), ARRAY<BIGINT NOT NULL>> NOT NULL");
  ArrowSchema schema;
  ASSERT_TRUE(ExportType(type, "m", &schema).ok());
  EXPECT_STREQ(schema.format, "+m");
  EXPECT_STREQ(schema.name, "m");
  EXPECT_EQ(schema.flags, 0);
  EXPECT_EQ(schema.dictionary, nullptr);
  ASSERT_EQ(schema.n_children, 1);
  const ArrowSchema* entries = schema.children[0];
  EXPECT_STREQ(entries->format, "+s");
  EXPECT_STREQ(entries->name, "entries");
  EXPECT_EQ(entries->flags, 0);
  ASSERT_EQ(entries->n_children, 2);
  EXPECT_STREQ(entries->children[0]->format, "u");
  EXPECT_STREQ(entries->children[0]->name, "key");
  EXPECT_EQ(entries->children[0]->flags, 0);  // map keys are never nullable in Arrow
  EXPECT_STREQ(entries->children[1]->format, "+l");
  EXPECT_STREQ(entries->children[1]->name, "value");
  EXPECT_EQ(entries->children[1]->flags, ARROW_FLAG_NULLABLE);
  ASSERT_EQ(entries->children[1]->n_children, 1);
  EXPECT_STREQ(entries->children[1]->children[0]->format, "l");
  EXPECT_STREQ(entries->children[1]->children[0]->name, "item");
  EXPECT_EQ(entries->children[1]->children[0]->flags, 0);

  // Metadata: int32 count, then int32 length + bytes per key and value.
  ASSERT_NE(schema.metadata, nullptr);
  const char* p = schema.metadata;
  int32_t n;
  std::memcpy(&n, p, 4);
  EXPECT_EQ(n, 1);
  p += 4;
  std::memcpy(&n, p, 4);
  ASSERT_EQ(n, 9);
  EXPECT_EQ(std::string(p + 4, 9), "weir.type");
  p += 4 + 9;
  std::memcpy(&n, p, 4);
  const std::string expected = type.ToString();
  ASSERT_EQ(n, static_cast<int32_t>(expected.size()));
  EXPECT_EQ(std::string(p + 4, static_cast<size_t>(n)), expected);

  schema.release(&schema);
  EXPECT_EQ(schema.release, nullptr);
}

TEST(ArrowCDataTest, SchemaWithRowKindRoundTrips) {
  auto schema = Schema::Parse("a BIGINT NOT NULL, `b c` CHAR(5), d ROW<x TIMESTAMP_LTZ(3)>");
  ASSERT_TRUE(schema.ok()) << schema.status().ToString();
  for (bool with_row_kind : {false, true}) {
    ArrowSchema exported;
    ASSERT_TRUE(ExportSchema(**schema, &exported, with_row_kind).ok());
    EXPECT_STREQ(exported.format, "+s");
    ASSERT_EQ(exported.n_children, 3 + (with_row_kind ? 1 : 0));
    if (with_row_kind) {
      EXPECT_STREQ(exported.children[3]->name, "$row_kind");
      EXPECT_STREQ(exported.children[3]->format, "c");
      EXPECT_EQ(exported.children[3]->flags, 0);
    }
    bool has_row_kind = !with_row_kind;
    auto imported = ImportSchema(&exported, &has_row_kind);
    ASSERT_TRUE(imported.ok()) << imported.status().ToString();
    EXPECT_EQ(has_row_kind, with_row_kind);
    EXPECT_EQ(**imported, **schema) << (*imported)->ToString();
  }
}

TEST(ArrowCDataTest, TimeAttributeMarkerIsNotExported) {
  const LogicalType rowtime = LogicalType::Timestamp(3).WithTimestampKind(TimestampKind::kRowtime);
  const LogicalType imported = RoundTripType(rowtime);
  EXPECT_EQ(imported.id(), TypeId::kTimestamp);
  EXPECT_EQ(imported.precision(), 3);
  EXPECT_EQ(imported.timestamp_kind(), TimestampKind::kRegular);
}

// ---- Types from foreign schemas ---------------------------------------------------------

// A hand-built ArrowSchema as a foreign producer would make it (no "weir.type" metadata).
struct ForeignSchema {
  std::string format;
  std::string name;
  int64_t flags = ARROW_FLAG_NULLABLE;
  std::vector<std::unique_ptr<ForeignSchema>> children;
  std::vector<ArrowSchema*> child_pointers;
  std::vector<ArrowSchema> child_structs;
  int* releases = nullptr;

  ForeignSchema(std::string f, std::string n = "", int64_t fl = ARROW_FLAG_NULLABLE)
      : format(std::move(f)), name(std::move(n)), flags(fl) {}
  ForeignSchema& Add(std::unique_ptr<ForeignSchema> child) {
    children.push_back(std::move(child));
    return *this;
  }
  // Fills `out`; the ForeignSchema must outlive it. Children are released with the parent.
  void Fill(ArrowSchema* out) {
    child_structs.resize(children.size());
    child_pointers.clear();
    for (size_t i = 0; i < children.size(); ++i) {
      children[i]->Fill(&child_structs[i]);
      child_pointers.push_back(&child_structs[i]);
    }
    out->format = format.c_str();
    out->name = name.c_str();
    out->metadata = nullptr;
    out->flags = flags;
    out->n_children = static_cast<int64_t>(children.size());
    out->children = child_pointers.empty() ? nullptr : child_pointers.data();
    out->dictionary = nullptr;
    out->private_data = this;
    out->release = [](ArrowSchema* s) {
      for (int64_t i = 0; i < s->n_children; ++i) {
        if (s->children[i]->release != nullptr) s->children[i]->release(s->children[i]);
      }
      auto* self = static_cast<ForeignSchema*>(s->private_data);
      if (self->releases != nullptr) ++*self->releases;
      s->release = nullptr;
    };
  }
};

std::unique_ptr<ForeignSchema> Foreign(std::string format, std::string name = "",
                                       int64_t flags = ARROW_FLAG_NULLABLE) {
  return std::make_unique<ForeignSchema>(std::move(format), std::move(name), flags);
}

Result<LogicalType> ImportForeign(ForeignSchema& foreign, int* releases) {
  foreign.releases = releases;
  ArrowSchema schema;
  foreign.Fill(&schema);
  auto type = ImportType(&schema);
  EXPECT_EQ(schema.release, nullptr);
  return type;
}

TEST(ArrowCDataTest, TypesFromFormatStrings) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"n", "NULL"},
      {"b", "BOOLEAN"},
      {"c", "TINYINT"},
      {"s", "SMALLINT"},
      {"i", "INT"},
      {"l", "BIGINT"},
      {"f", "FLOAT"},
      {"g", "DOUBLE"},
      {"u", "STRING"},
      {"z", "BYTES"},
      {"d:10,2", "DECIMAL(10, 2)"},
      {"d:38,38,128", "DECIMAL(38, 38)"},
      {"tdD", "DATE"},
      {"ttn", "TIME(9)"},
      {"tsm:", "TIMESTAMP(3)"},
      {"tsu:", "TIMESTAMP(6)"},
      {"tsn:", "TIMESTAMP(9)"},
      {"tsm:UTC", "TIMESTAMP_LTZ(3)"},
      {"tsu:Europe/Berlin", "TIMESTAMP_LTZ(6)"},
      {"tiM", "INTERVAL YEAR(2) TO MONTH"},
      {"tDm", "INTERVAL DAY(2) TO SECOND(3)"},
  };
  for (const auto& [format, expected] : cases) {
    int releases = 0;
    ForeignSchema foreign(format, "x");
    auto type = ImportForeign(foreign, &releases);
    ASSERT_TRUE(type.ok()) << format << ": " << type.status().ToString();
    EXPECT_EQ(type->ToString(), expected) << format;
    EXPECT_EQ(releases, 1) << format;
  }
  // Nullability comes from the flag.
  int releases = 0;
  ForeignSchema not_null("i", "x", 0);
  auto type = ImportForeign(not_null, &releases);
  ASSERT_TRUE(type.ok());
  EXPECT_EQ(type->ToString(), "INT NOT NULL");
}

TEST(ArrowCDataTest, NestedTypesFromFormatStrings) {
  ForeignSchema list("+l");
  list.Add(Foreign("i", "item"));
  int releases = 0;
  auto type = ImportForeign(list, &releases);
  ASSERT_TRUE(type.ok()) << type.status().ToString();
  EXPECT_EQ(type->ToString(), "ARRAY<INT>");

  ForeignSchema map("+m");
  auto entries = Foreign("+s", "entries", 0);
  entries->Add(Foreign("u", "key", 0)).Add(Foreign("l", "value"));
  map.Add(std::move(entries));
  type = ImportForeign(map, &releases);
  ASSERT_TRUE(type.ok()) << type.status().ToString();
  EXPECT_EQ(type->ToString(), "MAP<STRING NOT NULL, BIGINT>");

  ForeignSchema row("+s", "", 0);
  row.Add(Foreign("i", "a")).Add(Foreign("u", ""));
  type = ImportForeign(row, &releases);
  ASSERT_TRUE(type.ok()) << type.status().ToString();
  EXPECT_EQ(type->ToString(), "ROW<`a` INT, `f1` STRING> NOT NULL");
}

TEST(ArrowCDataTest, UnsupportedFormatsAreErrors) {
  for (const char* format : {"U", "Z", "vu", "C", "tss:", "ttm", "tdm", "tin", "w:4", "+L", "X",
                             "d:40,2", "d:10,2,256", "d:10", "d:a,b", ""}) {
    int releases = 0;
    ForeignSchema foreign(format, "x");
    auto type = ImportForeign(foreign, &releases);
    ASSERT_FALSE(type.ok()) << format;
    EXPECT_TRUE(type.status().IsNotSupported() || type.status().IsInvalid()) << format;
    EXPECT_NE(type.status().message().find(std::string("'") + format + "'"), std::string::npos)
        << type.status().ToString();
    EXPECT_EQ(releases, 1) << format;  // released on failure too
  }
  int releases = 0;
  ForeignSchema large("U", "x");
  EXPECT_EQ(ImportForeign(large, &releases).status().code(), StatusCode::kNotSupported);
}

TEST(ArrowCDataTest, MalformedSchemasAreErrors) {
  int releases = 0;
  ForeignSchema list_without_child("+l");
  EXPECT_TRUE(ImportForeign(list_without_child, &releases).status().IsInvalid());
  ForeignSchema int_with_child("i");
  int_with_child.Add(Foreign("i"));
  EXPECT_TRUE(ImportForeign(int_with_child, &releases).status().IsInvalid());
  ForeignSchema map_of_list("+m");
  map_of_list.Add(Foreign("+l"));
  EXPECT_TRUE(ImportForeign(map_of_list, &releases).status().IsInvalid());
  ForeignSchema duplicate("+s");
  duplicate.Add(Foreign("i", "a")).Add(Foreign("i", "a"));
  EXPECT_FALSE(ImportForeign(duplicate, &releases).ok());
  EXPECT_EQ(releases, 4);

  EXPECT_TRUE(ImportType(nullptr).status().IsInvalid());
  ArrowSchema released{};
  EXPECT_TRUE(ImportType(&released).status().IsInvalid());
}

TEST(ArrowCDataTest, MetadataMustMatchFormat) {
  // "weir.type" says INT, the format says string: rejected, not trusted.
  ArrowSchema schema;
  ASSERT_TRUE(ExportType(LogicalType::Int(), "x", &schema).ok());
  schema.format = "u";  // the release callback does not look at the format
  WrapRelease(&schema);
  auto type = ImportType(&schema);
  EXPECT_TRUE(type.status().IsInvalid()) << type.status().ToString();
  EXPECT_EQ(g_schema_releases, 1);
}

// ---- Release and lifetime ---------------------------------------------------------------

TEST(ArrowCDataTest, SchemaReleaseRunsOnceAndFreesChildren) {
  ArrowSchema schema;
  ASSERT_TRUE(ExportType(ParseType("ROW<a ARRAY<INT>, b MAP<STRING, INT>>"), "r", &schema).ok());
  WrapRelease(&schema);
  auto type = ImportType(&schema);
  ASSERT_TRUE(type.ok());
  EXPECT_EQ(g_schema_releases, 1);
  EXPECT_EQ(schema.release, nullptr);
}

TEST(ArrowCDataTest, ConsumerMayMoveChildrenOut) {
  ArrowSchema schema;
  ASSERT_TRUE(ExportType(ParseType("ROW<a INT, b STRING>"), "r", &schema).ok());
  ArrowSchema moved = *schema.children[1];
  schema.children[1]->release = nullptr;
  schema.release(&schema);
  EXPECT_EQ(schema.release, nullptr);
  EXPECT_STREQ(moved.format, "u");
  EXPECT_STREQ(moved.name, "b");
  moved.release(&moved);
  EXPECT_EQ(moved.release, nullptr);

  const ColumnPtr column = MakeColumn(ParseType("ROW<a INT, b STRING>"), 10);
  ArrowArray array;
  ASSERT_TRUE(ExportColumn(column, &array).ok());
  ArrowArray moved_child = *array.children[1];
  array.children[1]->release = nullptr;
  array.release(&array);
  auto child = ImportColumn(&moved_child, LogicalType::String());
  ASSERT_TRUE(child.ok()) << child.status().ToString();
  EXPECT_TRUE((*child)->Equals(*column->child(1)));
}

TEST(ArrowCDataTest, ArrayReleaseRunsOnceWhenLastViewDies) {
  const LogicalType type = ParseType("ARRAY<STRING>");
  ColumnPtr column = MakeColumn(type, 17);
  std::weak_ptr<const ColumnVector> original = column;
  ArrowArray array;
  ASSERT_TRUE(ExportColumn(column, &array).ok());
  // The exported array keeps the data alive after the producer drops its column.
  column.reset();
  EXPECT_FALSE(original.expired());
  WrapRelease(&array);
  auto imported = ImportColumn(&array, type);
  ASSERT_TRUE(imported.ok()) << imported.status().ToString();
  EXPECT_EQ(array.release, nullptr);
  EXPECT_EQ(g_array_releases, 0);

  ColumnPtr parent = std::move(imported).ValueOrDie();
  const ColumnPtr expected = MakeColumn(type, 17);
  EXPECT_TRUE(parent->Equals(*expected));
  // A child view alone keeps the foreign array alive.
  ColumnPtr child = parent->child(0);
  parent.reset();
  EXPECT_EQ(g_array_releases, 0);
  EXPECT_FALSE(original.expired());
  EXPECT_TRUE(child->Equals(*expected->child(0)));
  child.reset();
  EXPECT_EQ(g_array_releases, 1);
  EXPECT_TRUE(original.expired());
}

TEST(ArrowCDataTest, ExportedArrayOutlivesProducer) {
  const LogicalType type = ParseType("MAP<STRING, ARRAY<BIGINT>>");
  ArrowArray array;
  {
    ColumnPtr column = MakeColumn(type, 12);
    ASSERT_TRUE(ExportColumn(column->Slice(2, 9), &array).ok());
  }
  auto imported = ImportColumn(&array, type);
  ASSERT_TRUE(imported.ok()) << imported.status().ToString();
  EXPECT_TRUE((*imported)->Equals(*MakeColumn(type, 12)->Slice(2, 9)));
}

TEST(ArrowCDataTest, ReleasingExportedArrayDropsReferences) {
  ColumnPtr column = MakeColumn(ParseType("ROW<a INT, b ARRAY<STRING>>"), 8);
  std::weak_ptr<const ColumnVector> weak = column;
  std::weak_ptr<const ColumnVector> weak_child = column->child(1);
  ArrowArray array;
  ASSERT_TRUE(ExportColumn(column, &array).ok());
  EXPECT_EQ(array.n_children, 2);
  EXPECT_EQ(array.n_buffers, 1);
  EXPECT_EQ(array.length, 8);
  column.reset();
  EXPECT_FALSE(weak.expired());
  array.release(&array);
  EXPECT_EQ(array.release, nullptr);
  EXPECT_TRUE(weak.expired());
  EXPECT_TRUE(weak_child.expired());
}

// ---- Foreign arrays ---------------------------------------------------------------------

// A hand-built array as a foreign producer would make it: the test owns the memory and
// counts releases.
struct ForeignArray {
  std::vector<const void*> buffers;
  std::vector<ForeignArray*> children;
  std::vector<ArrowArray> child_structs;
  std::vector<ArrowArray*> child_pointers;
  int releases = 0;

  void Fill(ArrowArray* out, int64_t length, int64_t null_count, int64_t offset) {
    out->length = length;
    out->null_count = null_count;
    out->offset = offset;
    out->n_buffers = static_cast<int64_t>(buffers.size());
    out->buffers = buffers.empty() ? nullptr : buffers.data();
    out->n_children = static_cast<int64_t>(child_pointers.size());
    out->children = child_pointers.empty() ? nullptr : child_pointers.data();
    out->dictionary = nullptr;
    out->private_data = this;
    out->release = [](ArrowArray* a) {
      for (int64_t i = 0; i < a->n_children; ++i) {
        if (a->children[i]->release != nullptr) a->children[i]->release(a->children[i]);
      }
      ++static_cast<ForeignArray*>(a->private_data)->releases;
      a->release = nullptr;
    };
  }
};

TEST(ArrowCDataTest, ImportsForeignInt32WithValidity) {
  alignas(64) static const int32_t values[] = {10, 20, 30, 40, 50, 60};
  alignas(64) static const uint8_t validity[] = {0b00111011};  // rows 2 and 6+ are null
  ForeignArray foreign;
  foreign.buffers = {validity, values};
  auto pool = MemoryPool::MakeRoot("arrow-test");
  {
    ArrowArray array;
    foreign.Fill(&array, 6, -1, 0);
    auto column = ImportColumn(&array, LogicalType::Int(), pool.get());
    ASSERT_TRUE(column.ok()) << column.status().ToString();
    const ColumnVector& c = **column;
    EXPECT_EQ(c.length(), 6);
    EXPECT_EQ(c.null_count(), 1);
    EXPECT_TRUE(c.IsNull(2));
    EXPECT_EQ(c.Value<int32_t>(0), 10);
    EXPECT_EQ(c.Value<int32_t>(5), 60);
    EXPECT_EQ(c.values<int32_t>(), values);  // zero copy
    EXPECT_EQ(c.validity(), validity);
    // The foreign bytes are accounted while the column lives.
    EXPECT_EQ(pool->used(), 6 * 4 + 1);
    EXPECT_EQ(foreign.releases, 0);
  }
  EXPECT_EQ(pool->used(), 0);
  EXPECT_EQ(foreign.releases, 1);

  // With an offset: rows 1..4 of the buffers.
  ArrowArray array;
  foreign.Fill(&array, 4, 1, 1);
  auto column = ImportColumn(&array, LogicalType::Int(), pool.get());
  ASSERT_TRUE(column.ok()) << column.status().ToString();
  EXPECT_EQ((*column)->offset(), 1);
  EXPECT_EQ(ValueAt(**column, 0), Value(int64_t{20}));
  EXPECT_TRUE((*column)->IsNull(1));
  EXPECT_EQ(ValueAt(**column, 3), Value(int64_t{50}));
  EXPECT_EQ(pool->used(), 5 * 4 + 1);
}

TEST(ArrowCDataTest, ImportsForeignStringsWithoutValidity) {
  alignas(8) static const int32_t offsets[] = {0, 3, 3, 8};
  static const char data[] = "foobarba";
  ForeignArray foreign;
  foreign.buffers = {nullptr, offsets, data};
  ArrowArray array;
  foreign.Fill(&array, 3, 0, 0);
  auto column = ImportColumn(&array, LogicalType::String());
  ASSERT_TRUE(column.ok()) << column.status().ToString();
  EXPECT_EQ((*column)->null_count(), 0);
  EXPECT_EQ((*column)->StringValue(0), "foo");
  EXPECT_EQ((*column)->StringValue(1), "");
  EXPECT_EQ((*column)->StringValue(2), "barba");
  EXPECT_EQ((*column)->StringValue(0).data(), data);
}

TEST(ArrowCDataTest, ImportsEmptyForeignArrayWithNullBuffers) {
  ForeignArray foreign;
  foreign.buffers = {nullptr, nullptr, nullptr};
  ArrowArray array;
  foreign.Fill(&array, 0, 0, 0);
  auto column = ImportColumn(&array, LogicalType::Bytes());
  ASSERT_TRUE(column.ok()) << column.status().ToString();
  EXPECT_EQ((*column)->length(), 0);
}

TEST(ArrowCDataTest, MalformedArraysAreErrors) {
  alignas(64) static const int32_t values[] = {1, 2, 3, 4};
  alignas(64) static const int32_t bad_offsets[] = {0, 3, 2, 4};  // decreasing
  alignas(64) static const int32_t long_offsets[] = {0, 2, 9};    // beyond a 4-row child
  static const char data[] = "abcd";
  auto expect_invalid = [](ForeignArray& foreign, int64_t length, int64_t null_count,
                           const LogicalType& type, const char* what) {
    ArrowArray array;
    foreign.Fill(&array, length, null_count, 0);
    foreign.releases = 0;
    auto column = ImportColumn(&array, type);
    EXPECT_TRUE(column.status().IsInvalid()) << what << ": " << column.status().ToString();
    EXPECT_EQ(array.release, nullptr) << what;
    EXPECT_EQ(foreign.releases, 1) << what;  // the failed import still releases, once
  };

  ForeignArray one_buffer;
  one_buffer.buffers = {values};
  expect_invalid(one_buffer, 4, 0, LogicalType::Int(), "wrong n_buffers");

  ForeignArray no_validity;
  no_validity.buffers = {nullptr, values};
  expect_invalid(no_validity, 4, 2, LogicalType::Int(), "nulls without bitmap");

  ForeignArray null_values;
  null_values.buffers = {nullptr, nullptr};
  expect_invalid(null_values, 4, 0, LogicalType::Int(), "null values buffer");

  ForeignArray decreasing;
  decreasing.buffers = {nullptr, bad_offsets, data};
  expect_invalid(decreasing, 3, 0, LogicalType::String(), "decreasing offsets");

  ForeignArray child;
  child.buffers = {nullptr, values};
  ForeignArray list;
  list.buffers = {nullptr, long_offsets};
  list.child_structs.resize(1);
  child.Fill(&list.child_structs[0], 4, 0, 0);
  list.child_pointers = {&list.child_structs[0]};
  expect_invalid(list, 2, 0, LogicalType::Array(LogicalType::Int()), "offsets beyond child");
  EXPECT_EQ(child.releases, 1);

  ForeignArray missing_child;
  missing_child.buffers = {nullptr, long_offsets};
  expect_invalid(missing_child, 2, 0, LogicalType::Array(LogicalType::Int()), "no children");

  ForeignArray negative;
  negative.buffers = {nullptr, values};
  ArrowArray array;
  negative.Fill(&array, -1, 0, 0);
  EXPECT_TRUE(ImportColumn(&array, LogicalType::Int()).status().IsInvalid());
  negative.Fill(&array, 2, 0, INT64_MAX);
  EXPECT_TRUE(ImportColumn(&array, LogicalType::Int()).status().IsInvalid());
  EXPECT_EQ(negative.releases, 2);

  EXPECT_TRUE(ImportColumn(nullptr, LogicalType::Int()).status().IsInvalid());
}

TEST(ArrowCDataTest, ImportFailsOverMemoryLimit) {
  alignas(64) static const int64_t values[] = {1, 2, 3, 4};
  ForeignArray foreign;
  foreign.buffers = {nullptr, values};
  auto pool = MemoryPool::MakeRoot("tiny", 16);
  ArrowArray array;
  foreign.Fill(&array, 4, 0, 0);
  auto column = ImportColumn(&array, LogicalType::BigInt(), pool.get());
  EXPECT_TRUE(column.status().IsOutOfMemory()) << column.status().ToString();
  EXPECT_EQ(foreign.releases, 1);
  EXPECT_EQ(pool->used(), 0);
}

// ---- Record batches ---------------------------------------------------------------------

RecordBatchPtr MakeBatch(bool with_row_kinds, int64_t rows = 13) {
  auto schema = Schema::Parse(
      "a INT NOT NULL, b STRING, c ROW<x DOUBLE, y ARRAY<BIGINT>>, d DECIMAL(38, 2), "
      "e TIMESTAMP(9)");
  WEIR_CHECK_OK(schema.status());
  std::vector<ColumnPtr> columns;
  for (int i = 0; i < (*schema)->num_fields(); ++i) {
    columns.push_back(MakeColumn((*schema)->type(i), rows));
  }
  ColumnPtr row_kinds;
  if (with_row_kinds) {
    auto builder = ColumnBuilder::Make(LogicalType::TinyInt(false));
    WEIR_CHECK_OK(builder.status());
    for (int64_t i = 0; i < rows; ++i) {
      WEIR_CHECK_OK((*builder)->AppendValue(Value(static_cast<int64_t>(i % kNumRowKinds))));
    }
    auto finished = (*builder)->Finish();
    WEIR_CHECK_OK(finished.status());
    row_kinds = *finished;
  }
  auto batch = RecordBatch::Make(*schema, std::move(columns), row_kinds);
  WEIR_CHECK_OK(batch.status());
  return *batch;
}

RecordBatchPtr RoundTripBatch(const RecordBatchPtr& batch, bool with_row_kind,
                              MemoryPool* pool = nullptr) {
  ArrowSchema schema;
  ArrowArray array;
  WEIR_CHECK_OK(ExportSchema(*batch->schema(), &schema, with_row_kind));
  WEIR_CHECK_OK(ExportRecordBatch(batch, &array, with_row_kind));
  auto imported = ImportRecordBatch(&array, &schema, pool);
  EXPECT_EQ(array.release, nullptr);
  EXPECT_EQ(schema.release, nullptr);
  WEIR_CHECK_OK(imported.status());
  return *imported;
}

TEST(ArrowCDataTest, RecordBatchRoundTrips) {
  for (bool with_row_kinds : {false, true}) {
    const RecordBatchPtr batch = MakeBatch(with_row_kinds);
    const RecordBatchPtr imported = RoundTripBatch(batch, with_row_kinds);
    EXPECT_EQ(*imported->schema(), *batch->schema());
    EXPECT_TRUE(imported->Equals(*batch)) << imported->ToString() << "\nvs.\n" << batch->ToString();
    EXPECT_EQ(imported->all_inserts(), !with_row_kinds);
    for (int i = 0; i < batch->num_columns(); ++i) {
      ExpectSameBuffers(*batch->column(i), *imported->column(i));
    }
    if (with_row_kinds) {
      EXPECT_EQ(imported->row_kinds()->values<int8_t>(), batch->row_kinds()->values<int8_t>());
      EXPECT_EQ(imported->row_kind(3), RowKind::kDelete);
    }
  }
}

TEST(ArrowCDataTest, RecordBatchWithoutRowKindsExportsInserts) {
  const RecordBatchPtr batch = MakeBatch(false);
  const RecordBatchPtr imported = RoundTripBatch(batch, true);
  ASSERT_EQ(imported->num_rows(), batch->num_rows());
  for (int64_t i = 0; i < imported->num_rows(); ++i) {
    EXPECT_EQ(imported->row_kind(i), RowKind::kInsert);
  }
  // Dropping the row kinds on export loses them (+I everywhere on import).
  const RecordBatchPtr changelog = MakeBatch(true);
  const RecordBatchPtr plain = RoundTripBatch(changelog, false);
  EXPECT_TRUE(plain->all_inserts());
  EXPECT_EQ(plain->num_rows(), changelog->num_rows());
}

TEST(ArrowCDataTest, SlicedRecordBatchRoundTrips) {
  const RecordBatchPtr batch = MakeBatch(true, 40)->Slice(7, 21);
  const RecordBatchPtr imported = RoundTripBatch(batch, true);
  EXPECT_EQ(imported->num_rows(), 21);
  EXPECT_TRUE(imported->Equals(*batch));
  for (int64_t i = 0; i < 21; ++i) EXPECT_EQ(imported->row_kind(i), batch->row_kind(i));
}

TEST(ArrowCDataTest, RecordBatchStructOffsetAppliesToColumns) {
  // A producer may slice the top-level struct instead of its children.
  const RecordBatchPtr batch = MakeBatch(true, 20);
  ArrowSchema schema;
  ArrowArray array;
  ASSERT_TRUE(ExportSchema(*batch->schema(), &schema, true).ok());
  ASSERT_TRUE(ExportRecordBatch(batch, &array, true).ok());
  array.offset = 5;
  array.length = 10;
  auto imported = ImportRecordBatch(&array, &schema);
  ASSERT_TRUE(imported.ok()) << imported.status().ToString();
  EXPECT_TRUE((*imported)->Equals(*batch->Slice(5, 10)));
}

TEST(ArrowCDataTest, RecordBatchMemoryIsAccountedAndReleased) {
  auto pool = MemoryPool::MakeRoot("arrow-batch");
  const RecordBatchPtr batch = MakeBatch(true);
  ArrowSchema schema;
  ArrowArray array;
  ASSERT_TRUE(ExportSchema(*batch->schema(), &schema, true).ok());
  ASSERT_TRUE(ExportRecordBatch(batch, &array, true).ok());
  WrapRelease(&array);
  {
    auto imported = ImportRecordBatch(&array, &schema, pool.get());
    ASSERT_TRUE(imported.ok()) << imported.status().ToString();
    EXPECT_GT(pool->used(), 0);
    EXPECT_LE(pool->used(), batch->ReferencedBytes() + batch->num_rows());
    EXPECT_EQ(g_array_releases, 0);
  }
  EXPECT_EQ(pool->used(), 0);
  EXPECT_EQ(g_array_releases, 1);
}

TEST(ArrowCDataTest, MalformedRecordBatchesAreErrors) {
  const RecordBatchPtr batch = MakeBatch(true, 6);
  {
    // Schema has a row kind column, the array does not.
    ArrowSchema schema;
    ArrowArray array;
    ASSERT_TRUE(ExportSchema(*batch->schema(), &schema, true).ok());
    ASSERT_TRUE(ExportRecordBatch(batch, &array, false).ok());
    WrapRelease(&array);
    auto imported = ImportRecordBatch(&array, &schema);
    EXPECT_TRUE(imported.status().IsInvalid()) << imported.status().ToString();
    EXPECT_EQ(g_array_releases, 1);
    EXPECT_EQ(schema.release, nullptr);
  }
  {
    // Schema is not a struct.
    ArrowSchema schema;
    ArrowArray array;
    ASSERT_TRUE(ExportType(LogicalType::Int(), "x", &schema).ok());
    ASSERT_TRUE(ExportRecordBatch(batch, &array, true).ok());
    WrapRelease(&schema);
    auto imported = ImportRecordBatch(&array, &schema);
    EXPECT_TRUE(imported.status().IsInvalid()) << imported.status().ToString();
    EXPECT_EQ(g_schema_releases, 1);
    EXPECT_EQ(array.release, nullptr);
  }
  {
    // Bad row kind values.
    alignas(64) static const int8_t kinds[] = {0, 1, 7, 2};
    alignas(64) static const int32_t ints[] = {1, 2, 3, 4};
    ForeignSchema fs("+s", "", 0);
    fs.Add(Foreign("i", "a")).Add(Foreign("c", "$row_kind", 0));
    ArrowSchema schema;
    fs.Fill(&schema);
    ForeignArray kind_column;
    kind_column.buffers = {nullptr, kinds};
    ForeignArray int_column;
    int_column.buffers = {nullptr, ints};
    ForeignArray root;
    root.buffers = {nullptr};
    root.child_structs.resize(2);
    int_column.Fill(&root.child_structs[0], 4, 0, 0);
    kind_column.Fill(&root.child_structs[1], 4, 0, 0);
    root.child_pointers = {&root.child_structs[0], &root.child_structs[1]};
    ArrowArray array;
    root.Fill(&array, 4, 0, 0);
    auto imported = ImportRecordBatch(&array, &schema);
    EXPECT_TRUE(imported.status().IsInvalid()) << imported.status().ToString();
    EXPECT_EQ(root.releases, 1);
    EXPECT_EQ(kind_column.releases, 1);
  }
}

}  // namespace
}  // namespace weir
