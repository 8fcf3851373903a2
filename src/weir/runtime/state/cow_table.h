// CowTable: an open-addressing hash table in pages with copy-on-write snapshots of its pages.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

#include "weir/common/check.h"
#include "weir/common/status.h"
#include "weir/runtime/state/state_memory.h"

namespace weir::runtime::state_internal {

/// The header of one page of slots; the slots start kPageHeaderBytes after it.
/// A page is shared by the live table and by every snapshot view that captured it; `refs`
/// counts them. A page with refs > 1 is immutable: the live table copies it before a write.
struct PageHeader {
  std::atomic<int32_t> refs;
  int32_t num_slots;
  int64_t bytes;        // allocation size, for accounting
  StateMemory* memory;  // accounts the page and the objects its slots refer to
};
inline constexpr size_t kPageHeaderBytes = 64;
static_assert(sizeof(PageHeader) <= kPageHeaderBytes);

/// Target bytes of the slots of one page (the unit of copy-on-write).
inline constexpr size_t kPageTargetBytes = 4096;
inline constexpr int64_t kMinTableCapacity = 8;

template <typename Slot>
inline Slot* PageSlots(PageHeader* page) {
  return reinterpret_cast<Slot*>(reinterpret_cast<char*>(page) + kPageHeaderBytes);
}

/// A Policy describes the slots of a CowTable:
///   using Slot = ...;                          // trivially copyable
///   static bool IsEmpty(const Slot&);
///   static void SetEmpty(Slot&);
///   static uint64_t Hash(const Slot&);         // placement hash of an occupied slot
///   static constexpr bool kHasRefs;            // slots refer to shared objects
///   static void Share(const Slot&);            // one more page refers to the slot's objects
///   static void Release(const Slot&, StateMemory*);  // one page fewer refers to them
/// Objects that slots refer to are reference-counted by the pages that hold them and must be
/// treated as immutable while their count is above one.
template <typename Policy>
inline void ReleasePage(PageHeader* page) {
  using Slot = typename Policy::Slot;
  if (page->refs.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
  if constexpr (Policy::kHasRefs) {
    Slot* slots = PageSlots<Slot>(page);
    for (int32_t i = 0; i < page->num_slots; ++i) {
      if (!Policy::IsEmpty(slots[i])) Policy::Release(slots[i], page->memory);
    }
  }
  page->memory->Discharge(page->bytes);
  ::operator delete(page, std::align_val_t{64});
}

/// A consistent, immutable view of a CowTable at the moment it was captured. Holds a
/// reference to every page, so later writes to the table copy pages instead of changing
/// what the view sees. Destroying the view releases the pages (and frees those the table
/// has replaced since).
/// Thread: created on the table's thread; may then be read and destroyed on any one thread.
template <typename Policy>
class CowTableView {
 public:
  using Slot = typename Policy::Slot;

  CowTableView() = default;
  CowTableView(std::vector<PageHeader*> pages, int64_t size)
      : pages_(std::move(pages)), size_(size) {}
  CowTableView(CowTableView&& other) noexcept
      : pages_(std::move(other.pages_)), size_(other.size_) {
    other.pages_.clear();
    other.size_ = 0;
  }
  CowTableView& operator=(CowTableView&& other) noexcept {
    if (this != &other) {
      Reset();
      pages_ = std::move(other.pages_);
      size_ = other.size_;
      other.pages_.clear();
      other.size_ = 0;
    }
    return *this;
  }
  CowTableView(const CowTableView&) = delete;
  CowTableView& operator=(const CowTableView&) = delete;
  ~CowTableView() { Reset(); }

  /// Number of occupied slots.
  int64_t size() const { return size_; }

  /// Calls fn(const Slot&) for every occupied slot.
  template <typename Fn>
  void ForEach(Fn&& fn) const {
    for (PageHeader* page : pages_) {
      const Slot* slots = PageSlots<Slot>(page);
      for (int32_t i = 0; i < page->num_slots; ++i) {
        if (!Policy::IsEmpty(slots[i])) fn(slots[i]);
      }
    }
  }

  /// Releases the pages now.
  void Reset() {
    for (PageHeader* page : pages_) ReleasePage<Policy>(page);
    pages_.clear();
    size_ = 0;
  }

 private:
  std::vector<PageHeader*> pages_;
  int64_t size_ = 0;
};

/// An open-addressing (linear probing, backward-shift deletion) hash table whose slots live
/// in fixed-size pages. Snapshot() captures every page by reference in O(pages); the first
/// write to a captured page afterwards copies that page (copy-on-write), so the view stays
/// as it was. Growing rehashes into new pages and leaves captured pages to their views.
/// Memory (pages and the objects slots refer to) is accounted in a StateMemory.
/// Thread: owned by one task thread; views may be read on other threads.
template <typename Policy>
class CowTable {
 public:
  using Slot = typename Policy::Slot;
  static_assert(std::is_trivially_copyable_v<Slot>, "slots are copied with memcpy");

  /// Slots per page: the largest power of two whose slots fit kPageTargetBytes.
  static constexpr int64_t kSlotsPerPage = [] {
    int64_t n = 1;
    while (n * 2 * static_cast<int64_t>(sizeof(Slot)) <= static_cast<int64_t>(kPageTargetBytes)) {
      n *= 2;
    }
    return n;
  }();
  static constexpr int kSlotsPerPageShift = __builtin_ctzll(kSlotsPerPage);

  explicit CowTable(StateMemory* memory) : memory_(memory) {}
  CowTable(CowTable&& other) noexcept { *this = std::move(other); }
  CowTable& operator=(CowTable&& other) noexcept {
    if (this != &other) {
      ReleaseAll();
      pages_ = std::move(other.pages_);
      owned_ = std::move(other.owned_);
      capacity_ = other.capacity_;
      mask_ = other.mask_;
      page_shift_ = other.page_shift_;
      page_mask_ = other.page_mask_;
      size_ = other.size_;
      grow_at_ = other.grow_at_;
      memory_ = other.memory_;
      other.pages_.clear();
      other.owned_.clear();
      other.capacity_ = 0;
      other.mask_ = 0;
      other.size_ = 0;
      other.grow_at_ = 0;
    }
    return *this;
  }
  CowTable(const CowTable&) = delete;
  CowTable& operator=(const CowTable&) = delete;
  ~CowTable() { ReleaseAll(); }

  int64_t size() const { return size_; }
  int64_t capacity() const { return capacity_; }
  bool empty() const { return size_ == 0; }

  /// True when the next insertion needs Grow() first.
  bool NeedsGrow() const { return size_ >= grow_at_; }

  /// Returns the slot at `index` (read-only; valid until the next write).
  const Slot& At(uint64_t index) const {
    return PageSlots<Slot>(pages_[index >> page_shift_])[index & page_mask_];
  }

  /// Hints the CPU to load the home slot of `hash`. A read hint on purpose: GCC emits no
  /// instruction for write prefetches on baseline x86-64 (no PREFETCHW).
  void Prefetch(uint64_t hash) const {
    if (capacity_ > 0) __builtin_prefetch(&At(hash & mask_), 0, 3);
  }

  /// Returns the index of the occupied slot for which eq(slot) holds, or -1.
  template <typename Eq>
  int64_t Find(uint64_t hash, Eq&& eq) const {
    if (size_ == 0) return -1;
    for (uint64_t i = hash & mask_;; i = (i + 1) & mask_) {
      const Slot& s = At(i);
      if (Policy::IsEmpty(s)) return -1;
      if (eq(s)) return static_cast<int64_t>(i);
    }
  }

  /// Returns {index of the slot for which eq(slot) holds, true}, or {index of the empty slot
  /// where such a slot belongs, false}. REQUIRES: !NeedsGrow().
  template <typename Eq>
  std::pair<uint64_t, bool> FindOrEmpty(uint64_t hash, Eq&& eq) const {
    WEIR_DCHECK_GT(capacity_, size_);
    for (uint64_t i = hash & mask_;; i = (i + 1) & mask_) {
      const Slot& s = At(i);
      if (Policy::IsEmpty(s)) return {i, false};
      if (eq(s)) return {i, true};
    }
  }

  /// Returns the index of the first empty slot of `hash`'s probe sequence (for a slot known
  /// to be absent). REQUIRES: !NeedsGrow().
  uint64_t FindEmpty(uint64_t hash) const {
    WEIR_DCHECK_GT(capacity_, size_);
    uint64_t i = hash & mask_;
    while (!Policy::IsEmpty(At(i))) i = (i + 1) & mask_;
    return i;
  }

  /// Returns the slot at `index` for writing, copying its page first if a snapshot shares
  /// it. Returns nullptr when the memory for that copy is refused (see TakeError()).
  Slot* MutableAt(uint64_t index) {
    size_t p = index >> page_shift_;
    if (__builtin_expect(!owned_[p], 0) && !Own(p)) return nullptr;
    return &PageSlots<Slot>(pages_[p])[index & page_mask_];
  }

  /// Makes the empty slot at `index` (from FindOrEmpty/FindEmpty) occupied: returns it for
  /// the caller to fill with a non-empty slot, or nullptr when memory is refused.
  Slot* Claim(uint64_t index) {
    Slot* s = MutableAt(index);
    if (s != nullptr) ++size_;
    return s;
  }

  /// Removes the occupied slot at `index`, releasing what it refers to.
  Status EraseAt(uint64_t index) {
    Slot* victim = MutableAt(index);
    if (victim == nullptr) return TakeError();
    if constexpr (Policy::kHasRefs) Policy::Release(*victim, memory_);
    Policy::SetEmpty(*victim);
    --size_;
    uint64_t hole = index;
    for (uint64_t j = (index + 1) & mask_;; j = (j + 1) & mask_) {
      Slot s = At(j);
      if (Policy::IsEmpty(s)) break;
      uint64_t home = Policy::Hash(s) & mask_;
      // The slot may fill the hole unless its home lies in the cyclic range (hole, j].
      if (((j - home) & mask_) >= ((j - hole) & mask_)) {
        Slot* dst = MutableAt(hole);
        Slot* src = dst != nullptr ? MutableAt(j) : nullptr;
        if (src == nullptr) return TakeError();
        *dst = s;
        Policy::SetEmpty(*src);
        hole = j;
      }
    }
    return Status::OK();
  }

  /// Doubles the capacity (or allocates the first page).
  Status Grow() {
    int64_t new_capacity = capacity_ == 0 ? kMinTableCapacity : capacity_ * 2;
    return Rehash(new_capacity);
  }

  /// Ensures capacity for `n` occupied slots without growing.
  Status Reserve(int64_t n) {
    int64_t cap = capacity_ == 0 ? kMinTableCapacity : capacity_;
    while (n > cap / 4 * 3) cap *= 2;
    return cap > capacity_ ? Rehash(cap) : Status::OK();
  }

  /// Calls fn(const Slot&) for every occupied slot (no writes during the call).
  template <typename Fn>
  void ForEach(Fn&& fn) const {
    for (PageHeader* page : pages_) {
      const Slot* slots = PageSlots<Slot>(page);
      for (int32_t i = 0; i < page->num_slots; ++i) {
        if (!Policy::IsEmpty(slots[i])) fn(slots[i]);
      }
    }
  }

  /// Captures the current contents: O(number of pages), no slot is copied.
  CowTableView<Policy> Snapshot() {
    for (PageHeader* page : pages_) page->refs.fetch_add(1, std::memory_order_relaxed);
    std::fill(owned_.begin(), owned_.end(), uint8_t{0});
    return CowTableView<Policy>(pages_, size_);
  }

  /// Removes every slot and frees the pages (views keep theirs).
  void Clear() {
    ReleaseAll();
    capacity_ = 0;
    mask_ = 0;
    size_ = 0;
    grow_at_ = 0;
  }

  /// Returns (and clears) the error of the last refused MutableAt/Claim.
  Status TakeError() {
    if (error_.ok()) return Status::OutOfMemory("Keyed state copy-on-write refused");
    Status st = std::move(error_);
    error_ = Status();
    return st;
  }

 private:
  static int64_t PageBytes(int64_t num_slots) {
    return static_cast<int64_t>(kPageHeaderBytes) + num_slots * static_cast<int64_t>(sizeof(Slot));
  }

  PageHeader* AllocatePage(int64_t num_slots) {
    int64_t bytes = PageBytes(num_slots);
    Status st = memory_->Charge(bytes);
    if (!st.ok()) {
      error_ = std::move(st);
      return nullptr;
    }
    auto* page = static_cast<PageHeader*>(::operator new(static_cast<size_t>(bytes),
                                                         std::align_val_t{64}));
    new (&page->refs) std::atomic<int32_t>(1);
    page->num_slots = static_cast<int32_t>(num_slots);
    page->bytes = bytes;
    page->memory = memory_;
    return page;
  }

  static void FreeUnsharedPage(PageHeader* page) {
    page->memory->Discharge(page->bytes);
    ::operator delete(page, std::align_val_t{64});
  }

  // Copies page `p` if a snapshot still shares it. Returns false when memory is refused.
  bool Own(size_t p) {
    PageHeader* page = pages_[p];
    if (page->refs.load(std::memory_order_acquire) == 1) {  // every view released it
      owned_[p] = 1;
      return true;
    }
    PageHeader* copy = AllocatePage(page->num_slots);
    if (copy == nullptr) return false;
    Slot* src = PageSlots<Slot>(page);
    Slot* dst = PageSlots<Slot>(copy);
    std::memcpy(static_cast<void*>(dst), static_cast<const void*>(src),
                static_cast<size_t>(page->num_slots) * sizeof(Slot));
    if constexpr (Policy::kHasRefs) {
      for (int32_t i = 0; i < page->num_slots; ++i) {
        if (!Policy::IsEmpty(dst[i])) Policy::Share(dst[i]);
      }
    }
    ReleasePage<Policy>(page);
    pages_[p] = copy;
    owned_[p] = 1;
    return true;
  }

  Status Rehash(int64_t new_capacity) {
    int64_t slots_per_page = new_capacity < kSlotsPerPage ? new_capacity : kSlotsPerPage;
    int64_t num_pages = new_capacity / slots_per_page;
    std::vector<PageHeader*> pages;
    pages.reserve(static_cast<size_t>(num_pages));
    for (int64_t i = 0; i < num_pages; ++i) {
      PageHeader* page = AllocatePage(slots_per_page);
      if (page == nullptr) {
        for (PageHeader* q : pages) FreeUnsharedPage(q);
        return TakeError();
      }
      Slot* slots = PageSlots<Slot>(page);
      for (int64_t s = 0; s < slots_per_page; ++s) Policy::SetEmpty(slots[s]);
      pages.push_back(page);
    }
    std::vector<PageHeader*> old_pages = std::move(pages_);
    std::vector<uint8_t> old_owned = std::move(owned_);
    pages_ = std::move(pages);
    owned_.assign(static_cast<size_t>(num_pages), uint8_t{1});
    capacity_ = new_capacity;
    mask_ = static_cast<uint64_t>(new_capacity - 1);
    page_shift_ = __builtin_ctzll(static_cast<uint64_t>(slots_per_page));
    page_mask_ = static_cast<uint64_t>(slots_per_page - 1);
    grow_at_ = new_capacity / 4 * 3;
    for (size_t p = 0; p < old_pages.size(); ++p) {
      PageHeader* page = old_pages[p];
      bool exclusive = old_owned[p] || page->refs.load(std::memory_order_acquire) == 1;
      const Slot* slots = PageSlots<Slot>(page);
      for (int32_t i = 0; i < page->num_slots; ++i) {
        if (Policy::IsEmpty(slots[i])) continue;
        if constexpr (Policy::kHasRefs) {
          if (!exclusive) Policy::Share(slots[i]);
        }
        uint64_t dst = FindEmpty(Policy::Hash(slots[i]));
        PageSlots<Slot>(pages_[dst >> page_shift_])[dst & page_mask_] = slots[i];
      }
      if (exclusive) {
        FreeUnsharedPage(page);  // its slots moved, references and all
      } else {
        ReleasePage<Policy>(page);
      }
    }
    return Status::OK();
  }

  void ReleaseAll() {
    for (PageHeader* page : pages_) ReleasePage<Policy>(page);
    pages_.clear();
    owned_.clear();
  }

  std::vector<PageHeader*> pages_;
  std::vector<uint8_t> owned_;  // 1: the page is known to be ours alone (no view shares it)
  int64_t capacity_ = 0;        // a power of two, or 0 before the first insertion
  uint64_t mask_ = 0;
  int page_shift_ = 0;
  uint64_t page_mask_ = 0;
  int64_t size_ = 0;
  int64_t grow_at_ = 0;
  StateMemory* memory_ = nullptr;
  Status error_;
};

}  // namespace weir::runtime::state_internal
