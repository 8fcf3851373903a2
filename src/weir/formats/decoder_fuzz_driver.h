// The checks every decoder fuzz target shares: decode arbitrary bytes record by record, validate
// the batch, encode it again.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "weir/common/batch/record_batch.h"
#include "weir/common/check.h"
#include "weir/formats/format_options.h"
#include "weir/formats/record_position.h"

namespace weir::formats::fuzzing {

/// Decodes each '\n'-separated record of `input` with a new `Decoder` and flushes. A failing
/// record or flush must fail with Invalid (bad input), never another way; a batch must
/// validate. Counts the failed records in *num_failed and returns the batch, or null when
/// Flush() failed.
template <typename Decoder>
RecordBatchPtr DecodeAll(const SchemaPtr& schema, const FormatOptions& options,
                         std::string_view input, int64_t* num_failed) {
  auto decoder = Decoder::Make(schema, options);
  WEIR_CHECK_OK(decoder.status());
  int64_t line = 0;
  *num_failed = 0;
  while (!input.empty()) {
    const size_t nl = input.find('\n');
    const std::string_view record = input.substr(0, nl);
    input = nl == std::string_view::npos ? std::string_view() : input.substr(nl + 1);
    Status st = (*decoder)->Decode(record, RecordPosition{"fuzz", -1, ++line});
    if (!st.ok()) {
      WEIR_CHECK(st.IsInvalid());
      ++*num_failed;
    }
  }
  Result<RecordBatchPtr> batch = (*decoder)->Flush();
  if (!batch.ok()) {
    WEIR_CHECK(batch.status().IsInvalid());
    return nullptr;
  }
  WEIR_CHECK_OK((*batch)->Validate());
  return std::move(batch).ValueOrDie();
}

/// What one fuzz input decoded to, for checks of a single format.
struct FuzzOutcome {
  FormatOptions options;  // the options data[0] picked
  RecordBatchPtr batch;   // what the records decoded to
  std::string encoded;    // `batch` encoded again, one line per row
};

/// Runs one fuzz input: data[0] picks the options (`options_for`), the rest are records (see
/// DecodeAll()); what decodes must encode with `Encoder` (the options plus `encode_options`).
/// Returns nullopt when there is nothing more to check.
template <typename Decoder, typename Encoder>
std::optional<FuzzOutcome> RunDecoderFuzz(const uint8_t* data, size_t size, const SchemaPtr& schema,
                                          FormatOptions (*options_for)(uint8_t),
                                          const FormatOptions& encode_options = {}) {
  if (size == 0) return std::nullopt;
  FuzzOutcome outcome;
  outcome.options = options_for(data[0]);
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  int64_t num_failed;
  outcome.batch = DecodeAll<Decoder>(schema, outcome.options, input, &num_failed);
  if (outcome.batch == nullptr) return std::nullopt;
  FormatOptions options = outcome.options;
  for (const auto& [key, value] : encode_options) options[key] = value;
  auto encoder = Encoder::Make(schema, options);
  WEIR_CHECK_OK(encoder.status());
  WEIR_CHECK_OK((*encoder)->Encode(*outcome.batch, nullptr, &outcome.encoded));
  return outcome;
}

}  // namespace weir::formats::fuzzing
