// Tests of Buffer: accounting of owned buffers, growth within limits, views and their owners.
#include "weir/common/memory/buffer.h"

#include <gtest/gtest.h>

namespace weir {
namespace {

TEST(BufferTest, AllocateIsAccountedAndFreedOnDestruction) {
  auto pool = MemoryPool::MakeRoot("p", 1 << 20);
  {
    auto r = Buffer::Allocate(1000, pool.get());
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    BufferPtr b = *r;
    EXPECT_TRUE(b->is_owned());
    EXPECT_EQ(b->pool(), pool.get());
    EXPECT_EQ(b->size(), 1000);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(b->data()) % MemoryPool::kAlignment, 0u);
    EXPECT_EQ(pool->used(), 1000);
  }
  EXPECT_EQ(pool->used(), 0);
  EXPECT_EQ(pool->peak(), 1000);
}

TEST(BufferTest, BufferKeepsItsPoolAlive) {
  auto pool = MemoryPool::MakeRoot("p", 1 << 20);
  auto child = pool->MakeChild("c");
  BufferPtr b = *Buffer::Allocate(100, child.get());
  child.reset();  // the buffer still references the pool
  EXPECT_EQ(pool->used(), 100);
  b.reset();
  EXPECT_EQ(pool->used(), 0);
}

TEST(BufferTest, AllocateOverLimitFails) {
  auto pool = MemoryPool::MakeRoot("p", 100);
  auto r = Buffer::Allocate(101, pool.get());
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.status().IsOutOfMemory()) << r.status().ToString();
  EXPECT_EQ(pool->used(), 0);
}

TEST(BufferTest, NullPoolMeansDefault) {
  int64_t before = DefaultMemoryPool()->used();
  BufferPtr b = *Buffer::Allocate(128);
  EXPECT_EQ(b->pool(), DefaultMemoryPool());
  EXPECT_EQ(DefaultMemoryPool()->used(), before + 128);
  b.reset();
  EXPECT_EQ(DefaultMemoryPool()->used(), before);
}

TEST(BufferTest, AllocateZeroedAndCopyOf) {
  auto pool = MemoryPool::MakeRoot("p", 1 << 20);
  BufferPtr z = *Buffer::AllocateZeroed(77, pool.get());
  for (int64_t i = 0; i < 77; ++i) ASSERT_EQ(z->data()[i], 0);
  const uint8_t src[5] = {1, 2, 3, 4, 5};
  BufferPtr c = *Buffer::CopyOf(src, 5, pool.get());
  EXPECT_EQ(std::memcmp(c->data(), src, 5), 0);
  EXPECT_TRUE(c->Equals(*Buffer::Wrap(src, 5, nullptr)));
  EXPECT_FALSE(c->Equals(*z));
  EXPECT_EQ(pool->used(), 82);
}

TEST(BufferTest, ResizeGrowsGeometricallyAndKeepsContents) {
  auto pool = MemoryPool::MakeRoot("p", 1 << 20);
  BufferPtr b = *Buffer::Allocate(0, pool.get());
  int64_t reallocations = 0;
  int64_t last_capacity = b->capacity();
  for (int64_t n = 1; n <= 10000; ++n) {
    ASSERT_TRUE(b->Resize(n).ok());
    b->mutable_data()[n - 1] = static_cast<uint8_t>(n * 31);
    if (b->capacity() != last_capacity) {
      ++reallocations;
      last_capacity = b->capacity();
    }
  }
  EXPECT_LE(reallocations, 16);
  for (int64_t n = 1; n <= 10000; ++n) ASSERT_EQ(b->data()[n - 1], static_cast<uint8_t>(n * 31));
  EXPECT_EQ(b->size(), 10000);
  EXPECT_EQ(pool->used(), b->capacity());
  ASSERT_TRUE(b->Resize(10).ok());  // shrinking the size keeps the capacity
  EXPECT_EQ(b->size(), 10);
  EXPECT_EQ(pool->used(), b->capacity());
  ASSERT_TRUE(b->ShrinkToFit().ok());
  EXPECT_EQ(b->capacity(), 10);
  EXPECT_EQ(pool->used(), 10);
  for (int64_t n = 1; n <= 10; ++n) ASSERT_EQ(b->data()[n - 1], static_cast<uint8_t>(n * 31));
}

TEST(BufferTest, ResizeNeverGrowsPastTheLimit) {
  auto pool = MemoryPool::MakeRoot("p", 1000);
  BufferPtr b = *Buffer::Allocate(600, pool.get());
  std::memset(b->mutable_data(), 7, 600);
  // Doubling to 1200 would exceed the limit; the exact size still fits.
  ASSERT_TRUE(b->Resize(900).ok());
  EXPECT_LE(pool->used(), 1000);
  EXPECT_EQ(b->size(), 900);
  Status st = b->Resize(1001);
  EXPECT_TRUE(st.IsOutOfMemory()) << st.ToString();
  EXPECT_EQ(b->size(), 900);
  EXPECT_LE(pool->used(), 1000);
  EXPECT_EQ(pool->used(), b->capacity());
  for (int i = 0; i < 600; ++i) ASSERT_EQ(b->data()[i], 7);
}

TEST(BufferTest, ReserveKeepsSizeAndAccountsCapacity) {
  auto pool = MemoryPool::MakeRoot("p", 1 << 20);
  BufferPtr b = *Buffer::Allocate(10, pool.get());
  ASSERT_TRUE(b->Reserve(1000).ok());
  EXPECT_EQ(b->size(), 10);
  EXPECT_GE(b->capacity(), 1000);
  EXPECT_EQ(pool->used(), b->capacity());
  ASSERT_TRUE(b->Reserve(5).ok());  // never shrinks
  EXPECT_GE(b->capacity(), 1000);
  auto small = MemoryPool::MakeRoot("small", 100);
  BufferPtr c = *Buffer::Allocate(10, small.get());
  ASSERT_TRUE(c->Reserve(100).ok());  // rounding up to 128 would not fit; 100 does
  EXPECT_EQ(small->used(), 100);
  EXPECT_TRUE(c->Reserve(101).IsOutOfMemory());
  EXPECT_EQ(small->used(), 100);
}

TEST(BufferTest, WrapKeepsTheOwnerAlive) {
  bool freed = false;
  auto* bytes = new uint8_t[16]{1, 2, 3};
  std::shared_ptr<const void> owner(bytes, [&freed](const void* p) {
    delete[] static_cast<const uint8_t*>(p);
    freed = true;
  });
  BufferPtr view = Buffer::Wrap(bytes, 16, owner);
  owner.reset();
  EXPECT_FALSE(freed);
  EXPECT_FALSE(view->is_owned());
  EXPECT_EQ(view->data()[1], 2);
  EXPECT_TRUE(view->Resize(32).IsInvalid());
  EXPECT_TRUE(view->Reserve(32).IsInvalid());
  view.reset();
  EXPECT_TRUE(freed);
}

TEST(BufferTest, SliceIsAViewThatKeepsTheParent) {
  auto pool = MemoryPool::MakeRoot("p", 1 << 20);
  BufferPtr parent = *Buffer::Allocate(100, pool.get());
  for (int i = 0; i < 100; ++i) parent->mutable_data()[i] = static_cast<uint8_t>(i);
  BufferPtr slice = Buffer::Slice(parent, 10, 20);
  BufferPtr nested = Buffer::Slice(slice, 5, 5);
  EXPECT_EQ(slice->data(), parent->data() + 10);
  EXPECT_EQ(slice->size(), 20);
  EXPECT_EQ(nested->data()[0], 15);
  parent.reset();
  slice.reset();
  EXPECT_EQ(pool->used(), 100);  // still referenced by `nested`
  EXPECT_EQ(nested->data()[4], 19);
  nested.reset();
  EXPECT_EQ(pool->used(), 0);
}

}  // namespace
}  // namespace weir
