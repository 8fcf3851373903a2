// RecordPosition: where a decoded record came from (file and line, or topic, partition and
// offset), and the registry of positions a decoder keeps for its pending rows.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace weir::formats {

/// The place of one record in its input, for error messages.
struct RecordPosition {
  std::string_view source;  // a file path or a Kafka topic (copied by the decoder)
  int32_t partition = -1;   // the Kafka partition; -1 for files
  int64_t offset = 0;       // the 1-based line number in a file, or the message offset
};

/// Remembers the positions of pending records without a heap allocation per record: sources
/// are interned (a new string only when the source changes).
class PositionLog {
 public:
  /// Records the position of the next pending record.
  void Add(const RecordPosition& position);
  /// Appends record i's position as "/data/a.csv:17" or "topic 't' partition 3 offset 42".
  void AppendTo(std::string& out, int64_t i) const;
  /// Returns record i's position as text.
  std::string ToString(int64_t i) const;
  /// Formats a position that was not logged.
  static std::string Format(const RecordPosition& position);
  /// Forgets the position added last.
  void PopBack() { entries_.pop_back(); }
  void Clear();

 private:
  struct Entry {
    int32_t source;
    int32_t partition;
    int64_t offset;
  };
  std::vector<std::string> sources_;
  std::vector<Entry> entries_;
};

/// Counters of the records and fields a decoder dropped under ignore-parse-errors; a source
/// reports them as metrics.
struct DecodeCounters {
  int64_t skipped_records = 0;  // records dropped as a whole (malformed syntax, wrong arity)
  int64_t null_fields = 0;      // fields set to null because their value did not parse
};

}  // namespace weir::formats
