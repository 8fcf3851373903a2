// Assigning keyed and operator state handles of old subtasks to new subtasks on restore.
#include "weir/runtime/state/state_redistribution.h"

#include <map>
#include <string>
#include <utility>

namespace weir::runtime {

std::optional<KeyGroupsStateHandle> IntersectKeyedHandle(const KeyGroupsStateHandle& handle,
                                                         KeyGroupRange range) {
  KeyGroupRange overlap = handle.range.Intersect(range);
  if (overlap.size() == 0) return std::nullopt;
  KeyGroupsStateHandle out;
  out.stream = handle.stream;
  out.range = overlap;
  for (int32_t kg = overlap.start; kg <= overlap.end; ++kg) {
    auto i = static_cast<size_t>(kg - handle.range.start);
    out.offsets.push_back(i < handle.offsets.size() ? handle.offsets[i] : -1);
  }
  return out;
}

std::vector<std::vector<KeyGroupsStateHandle>> AssignKeyedStateHandles(
    const std::vector<KeyGroupsStateHandle>& handles, int32_t max_parallelism,
    int32_t new_parallelism) {
  std::vector<std::vector<KeyGroupsStateHandle>> out(static_cast<size_t>(new_parallelism));
  for (int32_t i = 0; i < new_parallelism; ++i) {
    KeyGroupRange range = KeyGroupRangeForSubtask(max_parallelism, new_parallelism, i);
    for (const KeyGroupsStateHandle& h : handles) {
      if (auto part = IntersectKeyedHandle(h, range)) out[static_cast<size_t>(i)].push_back(*part);
    }
  }
  return out;
}

namespace {

// One element (or broadcast copy) of a state: where it lives.
struct EntryRef {
  const StreamStateHandle* stream;
  int64_t offset;
};

// Builds the handles of one new subtask: entries grouped by source stream, streams in the
// order first used, states in the order given.
class HandleBuilder {
 public:
  void Add(const StreamStateHandle& stream, const std::string& name, OperatorStateMode mode,
           int64_t offset) {
    OperatorStateEntry& e = Entry(stream, name, mode);
    e.offsets.push_back(offset);
  }
  // Records the state with no elements (so a restore sees its type).
  void Touch(const StreamStateHandle& stream, const std::string& name, OperatorStateMode mode) {
    Entry(stream, name, mode);
  }
  std::vector<OperatorStateHandle> Take() { return std::move(handles_); }

 private:
  OperatorStateEntry& Entry(const StreamStateHandle& stream, const std::string& name,
                            OperatorStateMode mode) {
    OperatorStateHandle* h = nullptr;
    for (OperatorStateHandle& existing : handles_) {
      if (existing.stream == stream) h = &existing;
    }
    if (h == nullptr) {
      handles_.push_back(OperatorStateHandle{stream, {}});
      h = &handles_.back();
    }
    for (OperatorStateEntry& e : h->states) {
      if (e.name == name) return e;
    }
    h->states.push_back(OperatorStateEntry{name, mode, {}});
    return h->states.back();
  }

  std::vector<OperatorStateHandle> handles_;
};

}  // namespace

Result<std::vector<std::vector<OperatorStateHandle>>> RedistributeOperatorState(
    const std::vector<std::vector<OperatorStateHandle>>& old_by_subtask, int32_t new_parallelism) {
  if (new_parallelism <= 0) {
    return Status::Invalid("Invalid parallelism for operator state: ", new_parallelism);
  }
  const auto old_parallelism = static_cast<int32_t>(old_by_subtask.size());
  // State name → mode, and per old subtask the entries of each state.
  std::map<std::string, OperatorStateMode> modes;
  std::vector<std::string> order;  // state names in first-seen order
  std::vector<std::map<std::string, std::vector<EntryRef>>> per_old(old_by_subtask.size());
  std::vector<std::map<std::string, const StreamStateHandle*>> first_stream(old_by_subtask.size());
  for (size_t s = 0; s < old_by_subtask.size(); ++s) {
    for (const OperatorStateHandle& h : old_by_subtask[s]) {
      for (const OperatorStateEntry& e : h.states) {
        auto [it, inserted] = modes.try_emplace(e.name, e.mode);
        if (inserted) order.push_back(e.name);
        if (it->second != e.mode) {
          return Status::Invalid("Operator state ", e.name,
                                 " was written with different modes by different subtasks");
        }
        auto& refs = per_old[s][e.name];
        first_stream[s].try_emplace(e.name, &h.stream);
        for (int64_t off : e.offsets) refs.push_back(EntryRef{&h.stream, off});
      }
    }
  }
  std::vector<HandleBuilder> builders(static_cast<size_t>(new_parallelism));
  for (const std::string& name : order) {
    OperatorStateMode mode = modes[name];
    switch (mode) {
      case OperatorStateMode::kSplitDistribute: {
        if (new_parallelism == old_parallelism) {
          for (int32_t i = 0; i < new_parallelism; ++i) {
            auto& subtask = per_old[static_cast<size_t>(i)];
            auto it = subtask.find(name);
            if (it == subtask.end()) continue;
            builders[static_cast<size_t>(i)].Touch(*first_stream[static_cast<size_t>(i)][name],
                                                   name, mode);
            for (const EntryRef& r : it->second) {
              builders[static_cast<size_t>(i)].Add(*r.stream, name, mode, r.offset);
            }
          }
          break;
        }
        int64_t k = 0;
        for (auto& subtask : per_old) {
          auto it = subtask.find(name);
          if (it == subtask.end()) continue;
          for (const EntryRef& r : it->second) {
            builders[static_cast<size_t>(k++ % new_parallelism)].Add(*r.stream, name, mode,
                                                                     r.offset);
          }
        }
        break;
      }
      case OperatorStateMode::kUnion:
        for (HandleBuilder& b : builders) {
          for (auto& subtask : per_old) {
            auto it = subtask.find(name);
            if (it == subtask.end()) continue;
            for (const EntryRef& r : it->second) b.Add(*r.stream, name, mode, r.offset);
          }
        }
        break;
      case OperatorStateMode::kBroadcast:
        for (int32_t i = 0; i < new_parallelism; ++i) {
          // The copy of old subtask i % old, or the next old subtask that has one.
          for (int32_t j = 0; j < old_parallelism; ++j) {
            auto s = static_cast<size_t>((i + j) % old_parallelism);
            auto it = per_old[s].find(name);
            if (it == per_old[s].end() || it->second.empty()) continue;
            for (const EntryRef& r : it->second) {
              builders[static_cast<size_t>(i)].Add(*r.stream, name, mode, r.offset);
            }
            break;
          }
        }
        break;
    }
  }
  std::vector<std::vector<OperatorStateHandle>> out;
  out.reserve(builders.size());
  for (HandleBuilder& b : builders) out.push_back(b.Take());
  return out;
}

}  // namespace weir::runtime
