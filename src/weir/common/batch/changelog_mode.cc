// ChangelogMode: construction and Flink's printed form.
#include "weir/common/batch/changelog_mode.h"

namespace weir {

ChangelogMode ChangelogMode::InsertOnly() { return ChangelogMode().With(RowKind::kInsert); }

ChangelogMode ChangelogMode::All() {
  return InsertOnly()
      .With(RowKind::kUpdateBefore)
      .With(RowKind::kUpdateAfter)
      .With(RowKind::kDelete);
}

ChangelogMode ChangelogMode::Upsert(std::vector<int32_t> key) {
  ChangelogMode mode = InsertOnly().With(RowKind::kUpdateAfter).With(RowKind::kDelete);
  mode.upsert_key_ = std::move(key);
  return mode;
}

ChangelogMode ChangelogMode::None() { return ChangelogMode(); }

ChangelogMode ChangelogMode::With(RowKind kind) const {
  ChangelogMode mode = *this;
  mode.kinds_ = static_cast<uint8_t>(mode.kinds_ | Bit(kind));
  return mode;
}

std::string ChangelogMode::ToString() const {
  if (is_none()) return "NONE";
  static constexpr struct {
    RowKind kind;
    const char* name;
  } kNames[] = {{RowKind::kInsert, "I"},
                {RowKind::kUpdateBefore, "UB"},
                {RowKind::kUpdateAfter, "UA"},
                {RowKind::kDelete, "D"}};
  std::string out;
  for (const auto& k : kNames) {
    if (!Contains(k.kind)) continue;
    if (!out.empty()) out += ",";
    out += k.name;
  }
  return out;
}

}  // namespace weir
