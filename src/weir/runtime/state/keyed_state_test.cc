// Tests of the key encoder and the per-record keyed states of the heap backend.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>
#include <vector>

#include "weir/common/batch/column_builder.h"
#include "weir/common/batch/record_batch.h"
#include "weir/common/hash/key_hash.h"
#include "weir/runtime/state/keyed_state_backend.h"
#include "weir/runtime/state/state_test_util.h"

namespace weir::runtime {
namespace {

using state_test::Batch;
using state_test::MakeBackend;

TEST(KeyEncoderTest, IntegerKeysMatchTheColumnHash) {
  auto batch = Batch(
      "a TINYINT, b SMALLINT, c INT, d BIGINT, e DATE, f TIMESTAMP(3)\n"
      "+I 1 -2 300000 -9223372036854775808 2020-01-02 2020-10-10T00:00:05\n"
      "+I null null null null null null\n"
      "+I -128 32767 -1 9223372036854775807 1970-01-01 1969-12-31T23:59:59.999\n");
  for (int c = 0; c < batch->num_columns(); ++c) {
    const ColumnVector& col = *batch->column(c);
    ASSERT_OK_AND_ASSIGN(KeyEncoder enc, KeyEncoder::Make({col.type()}));
    ASSERT_TRUE(enc.single_integer_key());
    const ColumnVector* cols[] = {&col};
    for (int64_t row = 0; row < batch->num_rows(); ++row) {
      std::string bytes;
      enc.EncodeRow(cols, row, &bytes);
      int64_t v = 0;
      bool is_null = false;
      ASSERT_TRUE(KeyEncoder::DecodeInteger(bytes, enc.integer_width(), &v, &is_null).ok());
      EXPECT_EQ(is_null, col.IsNull(row));
      std::string again;
      KeyEncoder::EncodeInteger(v, is_null, enc.integer_width(), &again);
      EXPECT_EQ(bytes, again);
      EXPECT_EQ(KeyEncoder::HashInteger(v, is_null, enc.integer_width()),
                HashColumnValue(col, row))
          << col.type().ToString() << " row " << row;
      ASSERT_OK_AND_ASSIGN(uint64_t h, enc.HashKey(bytes));
      EXPECT_EQ(h, HashColumnValue(col, row));
    }
  }
}

TEST(KeyEncoderTest, RoundTripsEveryTypeAndReproducesTheKeyHash) {
  auto batch = Batch(
      "s STRING, d DOUBLE, m DECIMAL(10, 2), b BOOLEAN, arr ARRAY<INT>, r ROW<x INT, y STRING>, "
      "mp MAP<STRING, INT>, bin BYTES\n"
      "+I[abc, 1.5, 12.34, true, [1, null, 3], (7, q), {a=1, b=2}, [1, 2]]\n"
      "+I[null, null, null, null, null, null, null, null]\n"
      "+I[, -0.0, -0.01, false, [], (null, null), {}, []]\n");
  std::vector<LogicalType> types;
  std::vector<int> indices;
  for (int c = 0; c < batch->num_columns(); ++c) {
    types.push_back(batch->column(c)->type());
    indices.push_back(c);
  }
  ASSERT_OK_AND_ASSIGN(KeyEncoder enc, KeyEncoder::Make(types));
  EXPECT_FALSE(enc.single_integer_key());
  std::vector<const ColumnVector*> cols;
  for (const auto& c : batch->columns()) cols.push_back(c.get());
  ASSERT_TRUE(enc.CheckColumns(cols).ok());
  for (int64_t row = 0; row < batch->num_rows(); ++row) {
    std::string bytes;
    enc.EncodeRow(cols.data(), row, &bytes);
    std::vector<Value> values;
    ASSERT_TRUE(enc.DecodeKey(bytes, &values).ok());
    for (int c = 0; c < batch->num_columns(); ++c) {
      Value expected = ValueAt(*batch->column(c), row);
      if (c == 1 && row == 2) expected = Value(0.0);  // -0.0 is canonicalised
      EXPECT_EQ(values[c], expected) << "column " << c << " row " << row;
    }
    ASSERT_OK_AND_ASSIGN(uint64_t h, enc.HashKey(bytes));
    EXPECT_EQ(h, HashRow(*batch, indices, row));
    std::string from_values;
    ASSERT_OK_AND_ASSIGN(uint64_t h2, enc.EncodeValues(values, &from_values));
    EXPECT_EQ(from_values, bytes);
    EXPECT_EQ(h2, h);
  }
}

TEST(KeyEncoderTest, CanonicalAndInjective) {
  ASSERT_OK_AND_ASSIGN(KeyEncoder two, KeyEncoder::Make({LogicalType::String(), LogicalType::String()}));
  std::string a, b;
  ASSERT_TRUE(two.EncodeValues({Value("ab"), Value("c")}, &a).ok());
  ASSERT_TRUE(two.EncodeValues({Value("a"), Value("bc")}, &b).ok());
  EXPECT_NE(a, b);
  std::string n1, n2;
  ASSERT_TRUE(two.EncodeValues({Value(), Value("x")}, &n1).ok());
  ASSERT_TRUE(two.EncodeValues({Value(""), Value("x")}, &n2).ok());
  EXPECT_NE(n1, n2);  // NULL differs from the empty string

  ASSERT_OK_AND_ASSIGN(KeyEncoder map, KeyEncoder::Make({LogicalType::Map(LogicalType::String(), LogicalType::Int())}));
  std::string m1, m2;
  ASSERT_OK_AND_ASSIGN(uint64_t h1, map.EncodeValues({Value::MakeMap({{Value("a"), Value(int64_t{1})}, {Value("b"), Value(int64_t{2})}})}, &m1));
  ASSERT_OK_AND_ASSIGN(uint64_t h2, map.EncodeValues({Value::MakeMap({{Value("b"), Value(int64_t{2})}, {Value("a"), Value(int64_t{1})}})}, &m2));
  EXPECT_EQ(m1, m2);  // entry order does not matter, as for the hash
  EXPECT_EQ(h1, h2);

  ASSERT_OK_AND_ASSIGN(KeyEncoder dbl, KeyEncoder::Make({LogicalType::Double()}));
  std::string nan1, nan2;
  ASSERT_TRUE(dbl.EncodeValues({Value(std::nan("1"))}, &nan1).ok());
  ASSERT_TRUE(dbl.EncodeValues({Value(-std::nan("2"))}, &nan2).ok());
  EXPECT_EQ(nan1, nan2);
}

TEST(KeyEncoderTest, RejectsBadInput) {
  EXPECT_FALSE(KeyEncoder::Make({}).ok());
  EXPECT_FALSE(KeyEncoder::Make({LogicalType::Null()}).ok());
  ASSERT_OK_AND_ASSIGN(KeyEncoder enc, KeyEncoder::Make({LogicalType::BigInt(), LogicalType::String()}));
  std::string bytes;
  EXPECT_FALSE(enc.EncodeValues({Value("x"), Value("y")}, &bytes).ok());  // type mismatch
  EXPECT_FALSE(enc.EncodeValues({Value(int64_t{1})}, &bytes).ok());       // arity
  std::vector<Value> values;
  EXPECT_FALSE(enc.DecodeKey(std::string("\x01\x01", 2), &values).ok());  // truncated
  EXPECT_FALSE(enc.DecodeKey(std::string("\x07", 1), &values).ok());      // bad presence byte
  std::string good;
  ASSERT_TRUE(enc.EncodeValues({Value(int64_t{5}), Value("abc")}, &good).ok());
  EXPECT_TRUE(enc.DecodeKey(good, &values).ok());
  EXPECT_FALSE(enc.DecodeKey(good + "x", &values).ok());  // trailing bytes
  int64_t v = 0;
  bool is_null = false;
  EXPECT_FALSE(KeyEncoder::DecodeInteger("\x01\x02", 8, &v, &is_null).ok());
  auto batch = Batch("a INT, b STRING\n+I 1 x\n");
  EXPECT_FALSE(enc.CheckColumns({batch->column(0).get(), batch->column(1).get()}).ok());
}

class KeyedStateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    backend_ = MakeBackend({LogicalType::BigInt()});
  }
  void Key(int64_t k) { ASSERT_TRUE(backend_->SetCurrentKeyValues({Value(k)}).ok()); }

  std::unique_ptr<KeyedStateBackend> backend_;
};

TEST_F(KeyedStateTest, ValueStateGetUpdateClear) {
  ASSERT_OK_AND_ASSIGN(auto* state, backend_->GetValueState(ValueStateDescriptor<int64_t>("v")));
  Key(1);
  EXPECT_EQ(state->Get(), nullptr);
  ASSERT_TRUE(state->Update(10).ok());
  ASSERT_NE(state->Get(), nullptr);
  EXPECT_EQ(*state->Get(), 10);
  ASSERT_TRUE(state->Update(11).ok());
  EXPECT_EQ(*state->Get(), 11);
  Key(2);
  EXPECT_EQ(state->Get(), nullptr);
  ASSERT_TRUE(state->Clear().ok());  // clearing an absent value is fine
  Key(1);
  EXPECT_EQ(*state->Get(), 11);
  ASSERT_TRUE(state->Clear().ok());
  EXPECT_EQ(state->Get(), nullptr);
  EXPECT_EQ(state->NumEntries(), 0);

  ASSERT_OK_AND_ASSIGN(auto* strings, backend_->GetValueState(ValueStateDescriptor<std::string>("s")));
  ASSERT_TRUE(strings->Update(std::string(100, 'x')).ok());
  EXPECT_EQ(*strings->Get(), std::string(100, 'x'));
  EXPECT_GT(backend_->memory().used(), 100);
}

TEST_F(KeyedStateTest, KeysAndNamespacesAreIsolated) {
  ASSERT_OK_AND_ASSIGN(auto* state, backend_->GetValueState(ValueStateDescriptor<int64_t>("v")));
  ASSERT_OK_AND_ASSIGN(auto* other, backend_->GetValueState(ValueStateDescriptor<int64_t>("w")));
  for (int64_t k = 0; k < 50; ++k) {
    Key(k);
    for (int64_t ns = 0; ns < 4; ++ns) {
      std::string ns_bytes = ns == 0 ? std::string() : std::string(static_cast<size_t>(ns), 'n');
      state->SetCurrentNamespace(ns_bytes);
      ASSERT_TRUE(state->Update(k * 10 + ns).ok());
    }
  }
  Key(3);
  other->SetVoidNamespace();
  EXPECT_EQ(other->Get(), nullptr);  // states are isolated too
  for (int64_t k = 0; k < 50; ++k) {
    Key(k);
    for (int64_t ns = 0; ns < 4; ++ns) {
      std::string ns_bytes = ns == 0 ? std::string() : std::string(static_cast<size_t>(ns), 'n');
      state->SetCurrentNamespace(ns_bytes);
      ASSERT_NE(state->Get(), nullptr);
      EXPECT_EQ(*state->Get(), k * 10 + ns);
    }
  }
  EXPECT_EQ(state->NumEntries(), 200);
  // Clearing one namespace leaves the others.
  Key(7);
  state->SetCurrentNamespace("nn");
  ASSERT_TRUE(state->Clear().ok());
  EXPECT_EQ(state->Get(), nullptr);
  state->SetCurrentNamespace("n");
  EXPECT_EQ(*state->Get(), 71);
}

TEST_F(KeyedStateTest, ListState) {
  ASSERT_OK_AND_ASSIGN(auto* list, backend_->GetListState(ListStateDescriptor<std::string>("l")));
  Key(1);
  EXPECT_EQ(list->Get(), nullptr);
  ASSERT_TRUE(list->Add("a").ok());
  ASSERT_TRUE(list->Add("b").ok());
  ASSERT_TRUE(list->AddAll({"c", "d"}).ok());
  EXPECT_EQ(*list->Get(), (std::vector<std::string>{"a", "b", "c", "d"}));
  Key(2);
  EXPECT_EQ(list->Get(), nullptr);
  ASSERT_TRUE(list->Update({"x"}).ok());
  EXPECT_EQ(*list->Get(), (std::vector<std::string>{"x"}));
  ASSERT_TRUE(list->Update({}).ok());
  EXPECT_EQ(list->Get(), nullptr);
  Key(1);
  ASSERT_TRUE(list->Clear().ok());
  EXPECT_EQ(list->Get(), nullptr);
  EXPECT_EQ(list->NumEntries(), 0);
}

TEST_F(KeyedStateTest, MapState) {
  ASSERT_OK_AND_ASSIGN(auto* map, backend_->GetMapState(MapStateDescriptor<std::string, int64_t>("m")));
  Key(1);
  EXPECT_TRUE(map->IsEmpty());
  ASSERT_TRUE(map->Put("b", 2).ok());
  ASSERT_TRUE(map->Put("a", 1).ok());
  ASSERT_TRUE(map->Put("b", 3).ok());
  EXPECT_TRUE(map->Contains("a"));
  EXPECT_FALSE(map->Contains("z"));
  EXPECT_EQ(*map->Get("b"), 3);
  EXPECT_EQ(map->Get("z"), nullptr);
  std::vector<std::string> order;
  for (const auto& [k, v] : *map->Entries()) order.push_back(k);
  EXPECT_EQ(order, (std::vector<std::string>{"a", "b"}));
  Key(2);
  EXPECT_TRUE(map->IsEmpty());
  ASSERT_TRUE(map->PutAll({{"q", 9}}).ok());
  Key(1);
  ASSERT_TRUE(map->Remove("a").ok());
  ASSERT_TRUE(map->Remove("zz").ok());
  EXPECT_EQ(map->Entries()->size(), 1u);
  ASSERT_TRUE(map->Remove("b").ok());
  EXPECT_TRUE(map->IsEmpty());
  EXPECT_EQ(map->NumEntries(), 1);  // key 2 only
}

TEST_F(KeyedStateTest, ReducingAndAggregatingState) {
  ASSERT_OK_AND_ASSIGN(
      auto* max, backend_->GetReducingState(ReducingStateDescriptor<int64_t>(
                     "max", [](const int64_t& a, const int64_t& b) { return a > b ? a : b; })));
  AggregateFunction<int64_t, std::pair<int64_t, int64_t>, double> avg;
  avg.create_accumulator = [] { return std::pair<int64_t, int64_t>(0, 0); };
  avg.add = [](const int64_t& v, std::pair<int64_t, int64_t>* acc) {
    acc->first += v;
    acc->second += 1;
  };
  avg.get_result = [](const std::pair<int64_t, int64_t>& acc) {
    return static_cast<double>(acc.first) / static_cast<double>(acc.second);
  };
  avg.merge = [](const std::pair<int64_t, int64_t>& from, std::pair<int64_t, int64_t>* into) {
    into->first += from.first;
    into->second += from.second;
  };
  ASSERT_OK_AND_ASSIGN(auto* mean,
                       backend_->GetAggregatingState(AggregatingStateDescriptor<int64_t, std::pair<int64_t, int64_t>, double>("avg", avg)));
  Key(5);
  EXPECT_EQ(max->Get(), nullptr);
  EXPECT_FALSE(mean->Get().has_value());
  for (int64_t v : {3, 9, 4}) {
    ASSERT_TRUE(max->Add(v).ok());
    ASSERT_TRUE(mean->Add(v).ok());
  }
  EXPECT_EQ(*max->Get(), 9);
  EXPECT_DOUBLE_EQ(*mean->Get(), 16.0 / 3);
  Key(6);
  EXPECT_EQ(max->Get(), nullptr);
  ASSERT_TRUE(max->Add(-1).ok());
  EXPECT_EQ(*max->Get(), -1);
  Key(5);
  ASSERT_TRUE(max->Clear().ok());
  ASSERT_TRUE(mean->Clear().ok());
  EXPECT_EQ(max->Get(), nullptr);
  EXPECT_FALSE(mean->Get().has_value());
}

TEST_F(KeyedStateTest, MergeNamespaces) {
  ASSERT_OK_AND_ASSIGN(auto* list, backend_->GetListState(ListStateDescriptor<int64_t>("l")));
  ASSERT_OK_AND_ASSIGN(auto* sum, backend_->GetReducingState(ReducingStateDescriptor<int64_t>(
                                      "sum", [](const int64_t& a, const int64_t& b) { return a + b; })));
  Key(1);
  for (const char* ns : {"w1", "w2", "w3"}) {
    list->SetCurrentNamespace(ns);
    sum->SetCurrentNamespace(ns);
    ASSERT_TRUE(list->Add(ns[1] - '0').ok());
    ASSERT_TRUE(sum->Add(ns[1] - '0').ok());
  }
  ASSERT_TRUE(list->MergeNamespaces("w1", {"w2", "w3", "w9"}).ok());
  ASSERT_TRUE(sum->MergeNamespaces("w0", {"w1", "w2", "w3"}).ok());
  list->SetCurrentNamespace("w1");
  EXPECT_EQ(*list->Get(), (std::vector<int64_t>{1, 2, 3}));
  list->SetCurrentNamespace("w2");
  EXPECT_EQ(list->Get(), nullptr);
  sum->SetCurrentNamespace("w0");
  EXPECT_EQ(*sum->Get(), 6);
  sum->SetCurrentNamespace("w1");
  EXPECT_EQ(sum->Get(), nullptr);
  EXPECT_EQ(sum->NumEntries(), 1);
}

TEST_F(KeyedStateTest, RegistrationChecksKindAndType) {
  ASSERT_OK_AND_ASSIGN(auto* v, backend_->GetValueState(ValueStateDescriptor<int64_t>("v")));
  ASSERT_OK_AND_ASSIGN(auto* again, backend_->GetValueState(ValueStateDescriptor<int64_t>("v")));
  EXPECT_EQ(v, again);
  EXPECT_FALSE(backend_->GetValueState(ValueStateDescriptor<double>("v")).ok());
  EXPECT_FALSE(backend_->GetListState(ListStateDescriptor<int64_t>("v")).ok());
  EXPECT_FALSE(backend_->GetFixedValueState(ValueStateDescriptor<int64_t>("v")).ok());
  EXPECT_FALSE(backend_->GetValueState(ValueStateDescriptor<int64_t>("")).ok());
  EXPECT_FALSE(backend_->GetReducingState(ReducingStateDescriptor<int64_t>("r", nullptr)).ok());
  auto strings = MakeBackend({LogicalType::String()});
  EXPECT_TRUE(strings->GetFixedValueState(ValueStateDescriptor<int64_t>("f")).status().IsNotSupported());
}

TEST_F(KeyedStateTest, CurrentKeyFromBatchRows) {
  auto batch = Batch("name STRING, k BIGINT, v BIGINT\n+I a 1 10\n+I b 2 20\n+I a 1 5\n+I null 3 1\n");
  auto backend = MakeBackend({LogicalType::String(), LogicalType::BigInt()});
  ASSERT_OK_AND_ASSIGN(auto* sum, backend->GetValueState(ValueStateDescriptor<int64_t>("sum")));
  ASSERT_TRUE(backend->SetKeyColumns(*batch, {0, 1}).ok());
  for (int64_t row = 0; row < batch->num_rows(); ++row) {
    ASSERT_TRUE(backend->SetCurrentKeyRow(row).ok());
    EXPECT_EQ(backend->current_key().hash, HashRow(*batch, {0, 1}, row));
    const int64_t* old = sum->Get();
    ASSERT_TRUE(sum->Update((old ? *old : 0) + batch->column(2)->Value<int64_t>(row)).ok());
  }
  EXPECT_FALSE(backend->SetCurrentKeyRow(4).ok());
  EXPECT_FALSE(backend->SetKeyColumns(*batch, {1, 0}).ok());  // wrong key types
  ASSERT_TRUE(backend->SetCurrentKeyValues({Value("a"), Value(int64_t{1})}).ok());
  EXPECT_EQ(*sum->Get(), 15);
  ASSERT_TRUE(backend->SetCurrentKeyValues({Value(), Value(int64_t{3})}).ok());
  EXPECT_EQ(*sum->Get(), 1);
  std::vector<Value> key;
  ASSERT_TRUE(backend->key_encoder().DecodeKey(backend->current_key().bytes, &key).ok());
  EXPECT_TRUE(key[0].is_null());
}

TEST_F(KeyedStateTest, KeyOutsideTheRangeIsAnError) {
  auto backend = MakeBackend({LogicalType::BigInt()}, KeyGroupRange{0, 63}, 128);
  int misses = 0;
  for (int64_t k = 0; k < 100; ++k) {
    int32_t kg = KeyGroupForHash(KeyEncoder::HashInteger(k, false, 8), 128);
    Status st = backend->SetCurrentKeyValues({Value(k)});
    EXPECT_EQ(st.ok(), kg < 64);
    if (!st.ok()) ++misses;
  }
  EXPECT_GT(misses, 0);
  auto batch = Batch("k BIGINT\n+I 1\n+I 2\n+I 3\n+I 4\n+I 5\n+I 6\n+I 7\n+I 8\n");
  ASSERT_OK_AND_ASSIGN(auto* fixed, backend->GetFixedValueState(ValueStateDescriptor<int64_t>("f")));
  Status st = fixed->UpdateBatch(*batch->column(0), [](int64_t, int64_t& v, bool) { v += 1; });
  EXPECT_TRUE(st.IsInvalid()) << st.ToString();
  EXPECT_EQ(fixed->NumEntries(), 0);  // nothing changed
  EXPECT_FALSE(KeyedStateBackend::Make({"op", {LogicalType::BigInt()}, 128, KeyGroupRange{0, 128}, nullptr}).ok());
}

// Random operations on value, list and map states against std::map models, with growth,
// removal (backward shift) and many keys per key group.
TEST_F(KeyedStateTest, RandomOperationsMatchAModel) {
  ASSERT_OK_AND_ASSIGN(auto* value, backend_->GetValueState(ValueStateDescriptor<std::string>("v")));
  ASSERT_OK_AND_ASSIGN(auto* list, backend_->GetListState(ListStateDescriptor<int64_t>("l")));
  std::map<std::pair<int64_t, std::string>, std::string> value_model;
  std::map<int64_t, std::vector<int64_t>> list_model;
  std::mt19937_64 rng(42);
  for (int op = 0; op < 60000; ++op) {
    int64_t k = static_cast<int64_t>(rng() % 3000);
    std::string ns = (rng() % 3 == 0) ? "w" : "";
    Key(k);
    value->SetCurrentNamespace(ns);
    switch (rng() % 5) {
      case 0:
      case 1: {
        std::string v = std::to_string(rng() % 1000);
        ASSERT_TRUE(value->Update(v).ok());
        value_model[{k, ns}] = v;
        break;
      }
      case 2:
        ASSERT_TRUE(value->Clear().ok());
        value_model.erase({k, ns});
        break;
      case 3: {
        int64_t v = static_cast<int64_t>(rng() % 100);
        ASSERT_TRUE(list->Add(v).ok());
        list_model[k].push_back(v);
        break;
      }
      default:
        ASSERT_TRUE(list->Clear().ok());
        list_model.erase(k);
        break;
    }
  }
  EXPECT_EQ(value->NumEntries(), static_cast<int64_t>(value_model.size()));
  EXPECT_EQ(list->NumEntries(), static_cast<int64_t>(list_model.size()));
  for (int64_t k = 0; k < 3000; ++k) {
    Key(k);
    for (std::string ns : {"", "w"}) {
      value->SetCurrentNamespace(ns);
      auto it = value_model.find({k, ns});
      if (it == value_model.end()) {
        EXPECT_EQ(value->Get(), nullptr);
      } else {
        ASSERT_NE(value->Get(), nullptr);
        EXPECT_EQ(*value->Get(), it->second);
      }
    }
    auto it = list_model.find(k);
    if (it == list_model.end()) {
      EXPECT_EQ(list->Get(), nullptr);
    } else {
      ASSERT_NE(list->Get(), nullptr);
      EXPECT_EQ(*list->Get(), it->second);
    }
  }
}

TEST_F(KeyedStateTest, MemoryLimitIsAnErrorNotACrash) {
  auto pool = MemoryPool::MakeRoot("tiny", 300 * 1024);
  auto backend = MakeBackend({LogicalType::BigInt()}, KeyGroupRange{0, 127}, 128, pool.get());
  ASSERT_OK_AND_ASSIGN(auto* list, backend->GetListState(ListStateDescriptor<std::string>("l")));
  Status st;
  for (int64_t k = 0; k < 100000 && st.ok(); ++k) {
    ASSERT_TRUE(backend->SetCurrentKeyValues({Value(k)}).ok());
    st = list->Add(std::string(64, 'x'));
  }
  EXPECT_TRUE(st.IsOutOfMemory()) << st.ToString();
  EXPECT_LE(pool->used(), 300 * 1024);
}

}  // namespace
}  // namespace weir::runtime
