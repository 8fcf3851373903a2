// PositionLog: compact storage and printing of record positions.
#include "weir/formats/record_position.h"

#include "weir/common/str_cat.h"

namespace weir::formats {

void PositionLog::Add(const RecordPosition& position) {
  if (sources_.empty() || sources_.back() != position.source) {
    sources_.emplace_back(position.source);
  }
  entries_.push_back(
      Entry{static_cast<int32_t>(sources_.size() - 1), position.partition, position.offset});
}

void PositionLog::AppendTo(std::string& out, int64_t i) const {
  const Entry& e = entries_[static_cast<size_t>(i)];
  RecordPosition p{sources_[static_cast<size_t>(e.source)], e.partition, e.offset};
  out += Format(p);
}

std::string PositionLog::ToString(int64_t i) const {
  std::string out;
  AppendTo(out, i);
  return out;
}

std::string PositionLog::Format(const RecordPosition& p) {
  if (p.partition >= 0) {
    return StrCat("topic '", p.source, "' partition ", p.partition, " offset ", p.offset);
  }
  return StrCat(p.source.empty() ? std::string_view("<input>") : p.source, ":", p.offset);
}

void PositionLog::Clear() {
  entries_.clear();
  if (sources_.size() > 1) sources_.erase(sources_.begin(), sources_.end() - 1);
}

}  // namespace weir::formats
