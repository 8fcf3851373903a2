// Test helpers for the formats: decode lines with a decoder, encode batches, check round trips,
// parse schemas and batches.
#pragma once

#include <gtest/gtest.h>

#include <memory>
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

/// The helpers of one format's tests, for a decoder and an encoder class with static
/// Make(schema, options) factories.
template <typename Decoder, typename Encoder>
struct FormatTester {
  /// Makes a decoder of the schema given as text (a failure fails the test).
  static std::unique_ptr<Decoder> MakeDecoder(std::string_view schema, FormatOptions options = {}) {
    auto d = Decoder::Make(MustSchema(schema), options);
    EXPECT_TRUE(d.ok()) << d.status().ToString();
    return std::move(d).ValueOrDie();
  }

  /// Decodes `lines` and returns the batch as text, or "ERROR: " and the error message.
  static std::string Decode(std::string_view schema, const std::vector<std::string>& lines,
                            FormatOptions options = {}) {
    auto d = MakeDecoder(schema, std::move(options));
    Result<RecordBatchPtr> b = DecodeLines(*d, lines);
    if (!b.ok()) return "ERROR: " + b.status().message();
    return (*b)->ToString();
  }

  /// Encodes every row of `batch`, or returns "ERROR: " and the error message.
  static std::string Encode(const RecordBatchPtr& batch, FormatOptions options = {}) {
    auto e = Encoder::Make(batch->schema(), options);
    EXPECT_TRUE(e.ok()) << e.status().ToString();
    std::string out;
    Status st = (*e)->Encode(*batch, nullptr, &out);
    if (!st.ok()) return "ERROR: " + st.message();
    return out;
  }

  /// Checks decode(encode(batch)) == batch.
  static void ExpectRoundTrip(const RecordBatchPtr& batch, FormatOptions options = {}) {
    const std::string text = Encode(batch, options);
    auto d = Decoder::Make(batch->schema(), options);
    ASSERT_TRUE(d.ok()) << d.status().ToString();
    Result<RecordBatchPtr> back = DecodeLines(**d, SplitLines(text));
    ASSERT_TRUE(back.ok()) << back.status().ToString() << "\n" << text;
    EXPECT_TRUE((*back)->Equals(*batch)) << "text:\n"
                                         << text << "got:\n"
                                         << (*back)->ToString() << "want:\n"
                                         << batch->ToString();
  }
};

}  // namespace weir::formats::testing
