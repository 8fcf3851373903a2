// KvTable support: namespace hashing and the allocation of KeyNs records.
#include "weir/runtime/state/kv_table.h"

#include <cstdlib>

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace weir::runtime {

uint64_t HashNamespace(std::string_view bytes) {
  if (bytes.empty()) return 0;
  return XXH3_64bits_withSeed(bytes.data(), bytes.size(), 0x4E414D4553504143ULL);  // "NAMESPAC"
}

namespace state_internal {

KeyNs* NewKeyNs(std::string_view key, std::string_view ns, uint64_t key_hash, StateMemory* memory,
                Status* error) {
  int64_t bytes = static_cast<int64_t>(sizeof(KeyNs) + key.size() + ns.size());
  Status st = memory->Charge(bytes);
  if (!st.ok()) {
    *error = std::move(st);
    return nullptr;
  }
  void* mem = ::operator new(static_cast<size_t>(bytes));
  auto* k = new (mem) KeyNs();
  k->refs.store(1, std::memory_order_relaxed);
  k->key_size = static_cast<uint32_t>(key.size());
  k->ns_size = static_cast<uint32_t>(ns.size());
  k->key_hash = key_hash;
  char* data = reinterpret_cast<char*>(k + 1);
  if (!key.empty()) std::memcpy(data, key.data(), key.size());
  if (!ns.empty()) std::memcpy(data + key.size(), ns.data(), ns.size());
  return k;
}

void UnrefKeyNs(const KeyNs* k, StateMemory* memory) {
  if (k->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) {
    memory->Discharge(k->bytes());
    auto* owned = const_cast<KeyNs*>(k);
    owned->~KeyNs();
    ::operator delete(static_cast<void*>(owned));
  }
}

}  // namespace state_internal
}  // namespace weir::runtime
