// libFuzzer target for JsonRowDecoder: any bytes must decode to a valid batch or fail with a
// Status, and what decodes must encode again and decode to the same rows.
#include <cstddef>
#include <cstdint>
#include <optional>

#include "weir/formats/decoder_fuzz_driver.h"
#include "weir/formats/json/json_decoder.h"
#include "weir/formats/json/json_encoder.h"

namespace weir::formats {
namespace {

const SchemaPtr& TheSchema() {
  static const SchemaPtr schema =
      Schema::Parse(
          "b BOOLEAN, i INT, l BIGINT, d DOUBLE, p DECIMAL(12, 3), s STRING, "
          "y BYTES, dt DATE, t TIME, ts TIMESTAMP(6), tl TIMESTAMP_LTZ(3), "
          "a ARRAY<ARRAY<SMALLINT>>, m MAP<STRING, DOUBLE>, "
          "r ROW<x TINYINT, z ROW<q STRING>>, ms MULTISET<STRING>")
          .ValueOrDie();
  return schema;
}

FormatOptions OptionsFor(uint8_t selector) {
  FormatOptions o;
  if (selector & 1) {
    o["json.ignore-parse-errors"] = "true";
  } else if (selector & 2) {
    o["json.fail-on-missing-field"] = "true";
  }
  if (selector & 4) o["json.timestamp-format.standard"] = "ISO-8601";
  if (selector & 8) o["json.encode.ignore-null-fields"] = "true";
  if (selector & 16) o["json.encode.decimal-as-plain-number"] = "true";
  return o;
}

}  // namespace
}  // namespace weir::formats

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace weir::formats;  // NOLINT
  const std::optional<fuzzing::FuzzOutcome> outcome =
      fuzzing::RunDecoderFuzz<JsonRowDecoder, JsonRowEncoder>(
          data, size, TheSchema(), OptionsFor, {{"json.map-null-key.mode", "LITERAL"}});
  if (!outcome) return 0;

  // What was decoded is in canonical form, so it survives encode + decode unchanged.
  FormatOptions again_options = outcome->options;
  again_options.erase("json.fail-on-missing-field");  // ignore-null-fields leaves members out
  int64_t num_failed;
  const weir::RecordBatchPtr twice =
      fuzzing::DecodeAll<JsonRowDecoder>(TheSchema(), again_options, outcome->encoded, &num_failed);
  WEIR_CHECK_MSG(twice != nullptr && num_failed == 0, outcome->encoded);
  WEIR_CHECK_MSG(twice->Equals(*outcome->batch), outcome->encoded);
  return 0;
}
