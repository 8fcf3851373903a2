// Test helpers for the formats: decode lines with a decoder, parse schemas and batches.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "weir/common/batch/record_batch.h"
#include "weir/formats/format_options.h"
#include "weir/formats/record_position.h"

namespace weir::formats::testing {

inline SchemaPtr MustSchema(std::string_view text) {
  Result<SchemaPtr> s = Schema::Parse(text);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return *s;
}

inline RecordBatchPtr MustBatch(std::string_view text) {
  Result<RecordBatchPtr> b = RecordBatch::Parse(text);
  EXPECT_TRUE(b.ok()) << b.status().ToString();
  return *b;
}

/// Feeds `lines` to `decoder` as lines 1..n of "/data/in" and flushes.
template <typename Decoder>
Result<RecordBatchPtr> DecodeLines(Decoder& decoder, const std::vector<std::string>& lines) {
  int64_t line = 0;
  for (const std::string& l : lines) {
    WEIR_RETURN_NOT_OK(decoder.Decode(l, RecordPosition{"/data/in", -1, ++line}));
  }
  return decoder.Flush();
}

/// Splits encoder output into lines (without the '\n').
inline std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    const size_t nl = text.find('\n', start);
    const size_t end = nl == std::string::npos ? text.size() : nl;
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

}  // namespace weir::formats::testing
