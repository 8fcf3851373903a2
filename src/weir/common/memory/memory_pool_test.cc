// Tests of MemoryPool: hard limits along the tree, rollback, waiting, allocation and reporting.
#include "weir/common/memory/memory_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstring>
#include <thread>
#include <vector>

namespace weir {
namespace {

using std::chrono::milliseconds;

TEST(MemoryPoolTest, ReserveAndReleaseWithinLimit) {
  auto root = MemoryPool::MakeRoot("process", 1000);
  ASSERT_TRUE(root->Reserve(400).ok());
  ASSERT_TRUE(root->Reserve(600).ok());
  EXPECT_EQ(root->used(), 1000);
  EXPECT_EQ(root->available(), 0);
  root->Release(1000);
  EXPECT_EQ(root->used(), 0);
  EXPECT_EQ(root->peak(), 1000);
  EXPECT_EQ(root->available(), 1000);
  ASSERT_TRUE(root->Reserve(0).ok());
  EXPECT_EQ(root->used(), 0);
}

TEST(MemoryPoolTest, ChildLimitIsEnforced) {
  auto root = MemoryPool::MakeRoot("process", 1000);
  auto child = root->MakeChild("network", 100);
  ASSERT_TRUE(child->Reserve(60).ok());
  Status st = child->Reserve(41);
  ASSERT_TRUE(st.IsOutOfMemory()) << st.ToString();
  EXPECT_NE(st.message().find("process.network"), std::string::npos) << st.message();
  EXPECT_NE(st.message().find("41"), std::string::npos) << st.message();
  EXPECT_NE(st.message().find("60"), std::string::npos) << st.message();
  EXPECT_NE(st.message().find("100"), std::string::npos) << st.message();
  EXPECT_EQ(child->used(), 60);
  EXPECT_EQ(root->used(), 60);
  ASSERT_TRUE(child->Reserve(40).ok());
  EXPECT_EQ(root->used(), 100);
  EXPECT_EQ(child->available(), 0);
}

TEST(MemoryPoolTest, ParentLimitRollsBackChild) {
  auto root = MemoryPool::MakeRoot("process", 100);
  auto a = root->MakeChild("a");
  auto b = root->MakeChild("b");
  auto leaf = a->MakeChild("leaf", 1000);
  ASSERT_TRUE(b->Reserve(70).ok());
  Status st = leaf->Reserve(50);
  ASSERT_TRUE(st.IsOutOfMemory()) << st.ToString();
  // The refusing pool is named, and nothing changed anywhere on the path.
  EXPECT_NE(st.message().find("in pool process "), std::string::npos) << st.message();
  EXPECT_NE(st.message().find("process.a.leaf"), std::string::npos) << st.message();
  EXPECT_EQ(leaf->used(), 0);
  EXPECT_EQ(a->used(), 0);
  EXPECT_EQ(root->used(), 70);
  EXPECT_EQ(leaf->peak(), 50);  // reserved for a moment before the rollback
  EXPECT_EQ(leaf->available(), 30);
  ASSERT_TRUE(leaf->Reserve(30).ok());
  EXPECT_EQ(a->used(), 30);
  EXPECT_EQ(root->used(), 100);
  leaf->Release(30);
  b->Release(70);
  EXPECT_EQ(root->used(), 0);
  EXPECT_EQ(a->used(), 0);
}

TEST(MemoryPoolTest, NegativeReservationIsInvalid) {
  auto root = MemoryPool::MakeRoot("p", 10);
  EXPECT_TRUE(root->Reserve(-1).IsInvalid());
  EXPECT_EQ(root->used(), 0);
}

TEST(MemoryPoolTest, PathAndTree) {
  auto root = MemoryPool::MakeRoot("process", 1 << 20);
  auto net = root->MakeChild("network", 4096, OverLimitPolicy::kWait);
  auto state = root->MakeChild("state");
  auto op = state->MakeChild("op1");
  EXPECT_EQ(op->path(), "process.state.op1");
  EXPECT_EQ(root->path(), "process");
  EXPECT_EQ(op->parent(), state.get());
  ASSERT_TRUE(op->Reserve(10).ok());
  std::string tree = root->ToString();
  EXPECT_NE(tree.find("process: used 10"), std::string::npos) << tree;
  EXPECT_NE(tree.find("\n  network: used 0, peak 0, limit 4096 (wait)"), std::string::npos) << tree;
  EXPECT_NE(tree.find("\n    op1: used 10"), std::string::npos) << tree;
  EXPECT_NE(tree.find("unlimited"), std::string::npos) << tree;
  op->Release(10);
  // A destroyed child disappears from the tree.
  op.reset();
  tree = root->ToString();
  EXPECT_EQ(tree.find("op1"), std::string::npos) << tree;
}

TEST(MemoryPoolTest, DestroyedChildReturnsItsReservation) {
  auto root = MemoryPool::MakeRoot("process", 100);
  {
    auto child = root->MakeChild("op");
    ASSERT_TRUE(child->Reserve(60).ok());
    EXPECT_EQ(root->used(), 60);
  }
  EXPECT_EQ(root->used(), 0);
}

TEST(MemoryPoolTest, ReserveWaitSucceedsAtOnceWhenThereIsRoom) {
  auto root = MemoryPool::MakeRoot("p", 100, OverLimitPolicy::kWait);
  ASSERT_TRUE(root->ReserveWait(100, milliseconds(0)).ok());
  EXPECT_EQ(root->used(), 100);
}

TEST(MemoryPoolTest, ReserveWaitWakesOnRelease) {
  auto root = MemoryPool::MakeRoot("p", 100, OverLimitPolicy::kWait);
  ASSERT_TRUE(root->Reserve(80).ok());
  std::atomic<bool> done{false};
  Status result;
  std::thread waiter([&] {
    result = root->ReserveWait(50, milliseconds(10000));
    done = true;
  });
  std::this_thread::sleep_for(milliseconds(30));
  EXPECT_FALSE(done.load());
  root->Release(40);
  waiter.join();
  ASSERT_TRUE(result.ok()) << result.ToString();
  EXPECT_EQ(root->used(), 90);
}

TEST(MemoryPoolTest, ReserveWaitOnChildWakesOnSiblingRelease) {
  // The child is blocked by its parent's limit; a sibling frees memory in the parent.
  auto root = MemoryPool::MakeRoot("p", 100);
  auto waiting = root->MakeChild("net", MemoryPool::kUnlimited, OverLimitPolicy::kWait);
  auto sibling = root->MakeChild("state");
  ASSERT_TRUE(sibling->Reserve(100).ok());
  Status result;
  std::thread waiter([&] { result = waiting->ReserveWait(30, milliseconds(10000)); });
  std::this_thread::sleep_for(milliseconds(20));
  sibling->Release(50);
  waiter.join();
  ASSERT_TRUE(result.ok()) << result.ToString();
  EXPECT_EQ(waiting->used(), 30);
  EXPECT_EQ(root->used(), 80);
}

TEST(MemoryPoolTest, ReserveWaitTimesOut) {
  auto root = MemoryPool::MakeRoot("p", 100, OverLimitPolicy::kWait);
  ASSERT_TRUE(root->Reserve(90).ok());
  auto start = std::chrono::steady_clock::now();
  Status st = root->ReserveWait(20, milliseconds(50));
  auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(st.code(), StatusCode::kTimeout) << st.ToString();
  EXPECT_GE(waited, milliseconds(45));
  EXPECT_EQ(root->used(), 90);
}

TEST(MemoryPoolTest, ReserveWaitOnFailPoolFailsAtOnce) {
  auto root = MemoryPool::MakeRoot("p", 100);
  ASSERT_TRUE(root->Reserve(90).ok());
  Status st = root->ReserveWait(20, milliseconds(10000));
  EXPECT_TRUE(st.IsOutOfMemory()) << st.ToString();
}

TEST(MemoryPoolTest, ReserveWaitLargerThanLimitFailsAtOnce) {
  auto root = MemoryPool::MakeRoot("p", 100, OverLimitPolicy::kWait);
  Status st = root->ReserveWait(101, milliseconds(10000));
  EXPECT_TRUE(st.IsOutOfMemory()) << st.ToString();
}

TEST(MemoryPoolTest, ConcurrentReservationsNeverExceedTheLimit) {
  auto root = MemoryPool::MakeRoot("p", 1000);
  auto a = root->MakeChild("a", 600);
  auto b = root->MakeChild("b", 600);
  std::atomic<int64_t> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    MemoryPool* pool = (t % 2 == 0 ? a : b).get();
    threads.emplace_back([&, pool] {
      for (int i = 0; i < 20000; ++i) {
        Status st = pool->Reserve(7);
        if (st.ok()) {
          EXPECT_LE(root->used(), 1000);
          pool->Release(7);
        } else {
          ++failures;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(root->used(), 0);
  EXPECT_EQ(a->used(), 0);
  EXPECT_EQ(b->used(), 0);
  EXPECT_LE(root->peak(), 1000);
}

TEST(MemoryPoolTest, ManyWaitersMakeProgress) {
  // Backpressure under contention: every waiter eventually gets memory, none is lost.
  auto root = MemoryPool::MakeRoot("p", 100);
  auto net = root->MakeChild("net", 90, OverLimitPolicy::kWait);
  std::atomic<int64_t> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 300; ++i) {
        Status st = net->ReserveWait(40, milliseconds(5000));
        if (!st.ok()) {
          ++failures;
          continue;
        }
        EXPECT_LE(net->used(), 90);
        net->Release(40);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(root->used(), 0);
  EXPECT_LE(net->peak(), 90);
}

TEST(MemoryPoolTest, AllocateIsAlignedAndAccounted) {
  auto root = MemoryPool::MakeRoot("p", 10000);
  auto child = root->MakeChild("c");
  auto r = child->Allocate(1000);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  uint8_t* p = *r;
  EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % MemoryPool::kAlignment, 0u);
  std::memset(p, 0xAB, 1000);
  EXPECT_EQ(child->used(), 1000);
  EXPECT_EQ(root->used(), 1000);
  child->Free(p, 1000);
  EXPECT_EQ(child->used(), 0);
  EXPECT_EQ(root->used(), 0);
}

TEST(MemoryPoolTest, AllocateZeroedAndZeroSize) {
  auto root = MemoryPool::MakeRoot("p", 100);
  auto z = root->AllocateZeroed(100);
  ASSERT_TRUE(z.ok());
  for (int i = 0; i < 100; ++i) ASSERT_EQ((*z)[i], 0);
  root->Free(*z, 100);
  auto empty = root->Allocate(0);
  ASSERT_TRUE(empty.ok());
  EXPECT_NE(*empty, nullptr);
  EXPECT_EQ(root->used(), 0);
  root->Free(*empty, 0);
  EXPECT_EQ(root->used(), 0);
}

TEST(MemoryPoolTest, AllocationOverTheLimitFailsAndChangesNothing) {
  auto root = MemoryPool::MakeRoot("process", 1000);
  auto child = root->MakeChild("op");
  auto first = child->Allocate(800);
  ASSERT_TRUE(first.ok());
  auto second = child->Allocate(201);
  ASSERT_FALSE(second.ok());
  EXPECT_TRUE(second.status().IsOutOfMemory());
  EXPECT_EQ(child->used(), 800);
  EXPECT_EQ(root->used(), 800);
  EXPECT_TRUE(child->Allocate(-5).status().IsInvalid());
  child->Free(*first, 800);
  EXPECT_EQ(root->used(), 0);
}

TEST(MemoryPoolTest, ReallocateKeepsContentsAndAccounting) {
  auto root = MemoryPool::MakeRoot("p", 10000);
  auto r = root->Allocate(100);
  ASSERT_TRUE(r.ok());
  uint8_t* p = *r;
  for (int i = 0; i < 100; ++i) p[i] = static_cast<uint8_t>(i);
  auto grown = root->Reallocate(p, 100, 5000);
  ASSERT_TRUE(grown.ok());
  p = *grown;
  EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % MemoryPool::kAlignment, 0u);
  EXPECT_EQ(root->used(), 5000);
  for (int i = 0; i < 100; ++i) ASSERT_EQ(p[i], i);
  auto shrunk = root->Reallocate(p, 5000, 50);
  ASSERT_TRUE(shrunk.ok());
  p = *shrunk;
  EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % MemoryPool::kAlignment, 0u);
  EXPECT_EQ(root->used(), 50);
  for (int i = 0; i < 50; ++i) ASSERT_EQ(p[i], i);
  // Growing past the limit fails and leaves the old block valid and accounted.
  auto too_big = root->Reallocate(p, 50, 20000);
  ASSERT_FALSE(too_big.ok());
  EXPECT_TRUE(too_big.status().IsOutOfMemory());
  EXPECT_EQ(root->used(), 50);
  for (int i = 0; i < 50; ++i) ASSERT_EQ(p[i], i);
  auto to_zero = root->Reallocate(p, 50, 0);
  ASSERT_TRUE(to_zero.ok());
  EXPECT_EQ(root->used(), 0);
  root->Free(*to_zero, 0);
}

TEST(MemoryPoolTest, DefaultPoolCanBeReplaced) {
  MemoryPool* original = DefaultMemoryPool();
  ASSERT_NE(original, nullptr);
  EXPECT_EQ(original, DefaultMemoryPool());
  auto replacement = MemoryPool::MakeRoot("configured", 1 << 30);
  SetDefaultMemoryPool(replacement);
  EXPECT_EQ(DefaultMemoryPool(), replacement.get());
  // The old default stays usable by callers that kept its pointer.
  auto r = original->Allocate(16);
  ASSERT_TRUE(r.ok());
  original->Free(*r, 16);
  auto restore = original->shared_from_this();
  SetDefaultMemoryPool(restore);
  EXPECT_EQ(DefaultMemoryPool(), original);
}

}  // namespace
}  // namespace weir
