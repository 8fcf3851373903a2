// Tests of result partitions and input gates: partitioners, splitting, ordering and credits.
#include "weir/runtime/network/result_partition.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "weir/common/hash/key_hash.h"
#include "weir/runtime/network/network_environment.h"
#include "weir/runtime/state/key_group_range.h"
#include "weir/runtime/task/task_test_util.h"

namespace weir::runtime {
namespace {

using testutil::Keys;
using testutil::SeqBatch;

// A producer partition wired all-to-all to `n` single-channel gates.
struct Exchange {
  std::shared_ptr<MemoryPool> pool;
  std::shared_ptr<ResultPartition> partition;
  std::vector<std::shared_ptr<InputGate>> gates;

  // Drains gate `g`: every element, recycling data buffers as a consumer would.
  std::vector<StreamElement> Drain(int g) {
    std::vector<StreamElement> out;
    while (auto polled = gates[g]->Poll()) {
      gates[g]->Recycle(polled->channel, polled->buffer);
      out.push_back(polled->buffer.element);
    }
    return out;
  }
};

Exchange MakeExchange(int n, PartitionerSpec spec, NetworkConfig config = NetworkConfig(),
                      int64_t pool_limit = MemoryPool::kUnlimited) {
  Exchange ex;
  ex.pool = MemoryPool::MakeRoot("network", pool_limit);
  NetworkEnvironment env(config, ex.pool);
  auto partition = env.CreateResultPartition("p", n, std::move(spec), 128, 0);
  WEIR_CHECK_OK(partition.status());
  ex.partition = *partition;
  for (int c = 0; c < n; ++c) {
    auto gate = env.CreateInputGate(StrCat("g", c), 1, 0);
    WEIR_CHECK_OK(gate.status());
    ex.gates.push_back(*gate);
  }
  WEIR_CHECK_OK(NetworkEnvironment::ConnectAllToAll({ex.partition}, ex.gates));
  return ex;
}

std::vector<int64_t> KeysOf(const std::vector<StreamElement>& elements) {
  std::vector<int64_t> keys;
  for (const auto& e : elements) {
    if (!e.is_batch()) continue;
    auto k = Keys(*e.batch());
    keys.insert(keys.end(), k.begin(), k.end());
  }
  return keys;
}

TEST(ResultPartitionTest, HashSendsEveryRowToTheOwnerOfItsKeyGroup) {
  constexpr int kConsumers = 4;
  Exchange ex = MakeExchange(kConsumers, PartitionerSpec::Hash({0}));
  for (int b = 0; b < 10; ++b) ASSERT_TRUE(ex.partition->Emit(SeqBatch(b * 1000, 1000)).ok());
  ASSERT_TRUE(ex.partition->FlushStaged().ok());
  EXPECT_FALSE(ex.partition->has_staged());
  std::multiset<int64_t> all;
  for (int c = 0; c < kConsumers; ++c) {
    auto elements = ex.Drain(c);
    for (const auto& e : elements) {
      ASSERT_TRUE(e.is_batch());
      ASSERT_TRUE(e.batch()->Validate().ok());
      for (int64_t r = 0; r < e.batch()->num_rows(); ++r) {
        const uint64_t h = HashRow(*e.batch(), {0}, r);
        EXPECT_EQ(SubtaskForKeyGroup(128, kConsumers, KeyGroupForHash(h, 128)), c);
      }
    }
    auto keys = KeysOf(elements);
    EXPECT_FALSE(keys.empty());
    all.insert(keys.begin(), keys.end());
  }
  ASSERT_EQ(all.size(), 10000u);
  int64_t expect = 0;
  for (int64_t k : all) EXPECT_EQ(k, expect++);
}

TEST(ResultPartitionTest, HashFlushesAtSegmentSizeAndKeepsRowKinds) {
  NetworkConfig config;
  config.segment_size = 1024;  // 128 BIGINTs
  config.buffers_per_channel = 100;
  Exchange ex = MakeExchange(2, PartitionerSpec::Hash({0}), config);
  auto batch = RecordBatch::Parse("k BIGINT, v STRING\n+I 1 a\n-U 2 b\n+U 3 c\n-D 4 d");
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  ASSERT_TRUE(ex.partition->Emit(*batch).ok());
  EXPECT_TRUE(ex.partition->has_staged());  // far below a segment
  EXPECT_TRUE(ex.Drain(0).empty());
  ASSERT_TRUE(ex.partition->FlushStaged().ok());
  std::set<std::string> rows;
  for (int c = 0; c < 2; ++c) {
    for (const auto& e : ex.Drain(c)) {
      for (int64_t r = 0; r < e.batch()->num_rows(); ++r) rows.insert(e.batch()->RowToString(r));
    }
  }
  EXPECT_EQ(rows, (std::set<std::string>{"+I[1, a]", "-U[2, b]", "+U[3, c]", "-D[4, d]"}));

  // Big input: flushed in buffers of about a segment without an explicit flush.
  ASSERT_TRUE(ex.partition->Emit(SeqBatch(0, 4096)).ok());
  int64_t flushed_rows = 0;
  for (int c = 0; c < 2; ++c) {
    for (const auto& e : ex.Drain(c)) {
      EXPECT_LE(e.batch()->num_rows(), 2 * 128);
      flushed_rows += e.batch()->num_rows();
    }
  }
  EXPECT_GT(flushed_rows, 3000);
}

TEST(ResultPartitionTest, RebalanceRotatesBroadcastCopiesGlobalPicksFirst) {
  Exchange rebalance = MakeExchange(3, PartitionerSpec::Rebalance());
  for (int b = 0; b < 6; ++b) ASSERT_TRUE(rebalance.partition->Emit(SeqBatch(b, 1)).ok());
  EXPECT_EQ(KeysOf(rebalance.Drain(0)), (std::vector<int64_t>{0, 3}));
  EXPECT_EQ(KeysOf(rebalance.Drain(1)), (std::vector<int64_t>{1, 4}));
  EXPECT_EQ(KeysOf(rebalance.Drain(2)), (std::vector<int64_t>{2, 5}));

  Exchange broadcast = MakeExchange(3, PartitionerSpec::Broadcast());
  auto batch = SeqBatch(7, 3);
  ASSERT_TRUE(broadcast.partition->Emit(batch).ok());
  for (int c = 0; c < 3; ++c) {
    auto elements = broadcast.Drain(c);
    ASSERT_EQ(elements.size(), 1u);
    EXPECT_EQ(elements[0].batch(), batch);  // the same batch: no copy
  }

  Exchange global = MakeExchange(3, PartitionerSpec::Global());
  ASSERT_TRUE(global.partition->Emit(SeqBatch(0, 5)).ok());
  EXPECT_EQ(KeysOf(global.Drain(0)).size(), 5u);
  EXPECT_TRUE(global.Drain(1).empty());
  EXPECT_TRUE(global.Drain(2).empty());
}

TEST(ResultPartitionTest, CustomPartitionerRoutesRowsAndRejectsBadChannels) {
  auto by_parity =
      PartitionerSpec::Custom("parity", [](const RecordBatch& batch, int32_t n, int32_t* channels) {
        const int64_t* k = batch.column(0)->values<int64_t>();
        for (int64_t r = 0; r < batch.num_rows(); ++r) channels[r] = static_cast<int32_t>(k[r] % n);
        return Status::OK();
      });
  Exchange ex = MakeExchange(2, by_parity);
  ASSERT_TRUE(ex.partition->Emit(SeqBatch(0, 10)).ok());
  ASSERT_TRUE(ex.partition->FlushStaged().ok());
  EXPECT_EQ(KeysOf(ex.Drain(0)), (std::vector<int64_t>{0, 2, 4, 6, 8}));
  EXPECT_EQ(KeysOf(ex.Drain(1)), (std::vector<int64_t>{1, 3, 5, 7, 9}));

  auto bad =
      PartitionerSpec::Custom("bad", [](const RecordBatch& batch, int32_t n, int32_t* channels) {
        for (int64_t r = 0; r < batch.num_rows(); ++r) channels[r] = n;
        return Status::OK();
      });
  Exchange ex2 = MakeExchange(2, bad);
  Status st = ex2.partition->Emit(SeqBatch(0, 3));
  EXPECT_TRUE(st.IsInvalid()) << st.ToString();
}

TEST(ResultPartitionTest, LargeBatchesAreSplitIntoZeroCopySlices) {
  NetworkConfig config;
  config.segment_size = 8 * 100;  // 100 rows of BIGINT
  config.buffers_per_channel = 10;
  Exchange ex = MakeExchange(1, PartitionerSpec::Forward(), config);
  auto batch = SeqBatch(0, 950);
  ASSERT_TRUE(ex.partition->Emit(batch).ok());
  auto elements = ex.Drain(0);
  ASSERT_EQ(elements.size(), 10u);
  for (const auto& e : elements) {
    EXPECT_LE(BatchDataBytes(*e.batch()), config.segment_size);
    // A slice shares the original buffer.
    EXPECT_EQ(e.batch()->column(0)->buffer(1), batch->column(0)->buffer(1));
  }
  std::vector<int64_t> expect(950);
  for (int i = 0; i < 950; ++i) expect[i] = i;
  EXPECT_EQ(KeysOf(elements), expect);
}

TEST(ResultPartitionTest, EventsStayInOrderWithDataAndFlushStagedRowsFirst) {
  Exchange ex = MakeExchange(2, PartitionerSpec::Hash({0}));
  ASSERT_TRUE(ex.partition->Emit(SeqBatch(0, 20)).ok());
  ASSERT_TRUE(ex.partition->EmitWatermark(42).ok());
  ASSERT_TRUE(ex.partition->Emit(SeqBatch(100, 20)).ok());
  ASSERT_TRUE(ex.partition->Finish().ok());
  for (int c = 0; c < 2; ++c) {
    auto elements = ex.Drain(c);
    ASSERT_EQ(elements.size(), 4u);
    EXPECT_TRUE(elements[0].is_batch());
    EXPECT_EQ(elements[1].kind(), ElementKind::kWatermark);
    EXPECT_EQ(elements[1].watermark(), 42);
    EXPECT_TRUE(elements[2].is_batch());
    for (int64_t k : Keys(*elements[0].batch())) EXPECT_LT(k, 100);
    for (int64_t k : Keys(*elements[2].batch())) EXPECT_GE(k, 100);
    EXPECT_EQ(elements[3].kind(), ElementKind::kEndOfPartition);
  }
}

TEST(InputGateTest, CreditsBoundQueuedDataAndPendingBuffersWaitInOrder) {
  NetworkConfig config;
  config.segment_size = 1024;
  config.buffers_per_channel = 2;
  config.floating_buffers_per_gate = 1;
  config.max_overdraft_buffers_per_gate = 2;
  const int64_t limit = 1024 * (2 + 1 + 2);  // exclusive + floating + overdraft
  Exchange ex = MakeExchange(1, PartitionerSpec::Forward(), config, limit);
  EXPECT_EQ(ex.pool->used(), 2 * 1024);  // exclusive buffers reserved up front
  for (int b = 0; b < 6; ++b) ASSERT_TRUE(ex.partition->Emit(SeqBatch(b * 10, 10)).ok());
  ASSERT_TRUE(ex.partition->EmitWatermark(7).ok());
  // 2 exclusive + 1 floating credits: 3 buffers queued, 3 data + 1 event pending.
  EXPECT_EQ(ex.gates[0]->buffers_in_use(), 3);
  EXPECT_EQ(ex.gates[0]->floating_in_use(), 1);
  EXPECT_TRUE(ex.partition->has_pending());
  EXPECT_LE(ex.pool->used(), limit);
  EXPECT_EQ(ex.partition->overdraft_exceeded(), 1);  // 3 pending data, 2 overdraft segments
  EXPECT_DOUBLE_EQ(ex.partition->usage(), 1.0);
  EXPECT_FALSE(ex.gates[0]->HasCredit(0));
  EXPECT_FALSE(ex.partition->TrySendPending());

  // The consumer takes one buffer at a time; the producer retries; order is kept.
  std::vector<int64_t> keys;
  bool saw_watermark = false;
  while (true) {
    auto polled = ex.gates[0]->Poll();
    if (!polled) {
      if (!ex.partition->TrySendPending()) continue;
      polled = ex.gates[0]->Poll();
      if (!polled) break;
    }
    if (polled->buffer.element.is_batch()) {
      EXPECT_FALSE(saw_watermark);
      auto k = Keys(*polled->buffer.element.batch());
      keys.insert(keys.end(), k.begin(), k.end());
    } else {
      EXPECT_EQ(polled->buffer.element.watermark(), 7);
      saw_watermark = true;
    }
    ex.gates[0]->Recycle(polled->channel, polled->buffer);
    ex.partition->TrySendPending();
    EXPECT_LE(ex.gates[0]->buffers_in_use(), 3);
  }
  EXPECT_TRUE(saw_watermark);
  ASSERT_EQ(keys.size(), 60u);
  for (int i = 0; i < 60; ++i) EXPECT_EQ(keys[i], i);
  EXPECT_FALSE(ex.partition->has_pending());
  EXPECT_EQ(ex.gates[0]->floating_in_use(), 0);
  EXPECT_EQ(ex.pool->used(), 2 * 1024);  // floating and overdraft memory returned
  ex.gates[0]->Close();
  EXPECT_EQ(ex.pool->used(), 0);
}

TEST(InputGateTest, GateNeedsItsExclusiveBuffersUpFront) {
  NetworkConfig config;
  config.segment_size = 1024;
  auto pool = MemoryPool::MakeRoot("network", 3 * 1024);
  auto gate = InputGate::Make("g", 2, 0, config, pool);  // 2 x 2 x 1kb > 3kb
  ASSERT_FALSE(gate.ok());
  EXPECT_TRUE(gate.status().IsOutOfMemory());
  EXPECT_NE(gate.status().message().find("buffers-per-channel"), std::string::npos);
  EXPECT_EQ(pool->used(), 0);
}

}  // namespace
}  // namespace weir::runtime
