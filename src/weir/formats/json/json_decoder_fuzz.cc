// libFuzzer target for JsonRowDecoder: any bytes must decode to a valid batch or fail with a
// Status, and what decodes must encode again and decode to the same rows.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "weir/common/check.h"
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
  if (size == 0) return 0;
  const FormatOptions options = OptionsFor(data[0]);
  auto decoder = JsonRowDecoder::Make(TheSchema(), options);
  WEIR_CHECK_OK(decoder.status());
  std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  int64_t line = 0;
  while (!input.empty()) {
    const size_t nl = input.find('\n');
    const std::string_view record = input.substr(0, nl);
    input = nl == std::string_view::npos ? std::string_view() : input.substr(nl + 1);
    weir::Status st = (*decoder)->Decode(record, RecordPosition{"fuzz", 0, ++line});
    if (!st.ok()) WEIR_CHECK(st.IsInvalid());
  }
  weir::Result<weir::RecordBatchPtr> batch = (*decoder)->Flush();
  if (!batch.ok()) {
    WEIR_CHECK(batch.status().IsInvalid());
    return 0;
  }
  WEIR_CHECK_OK((*batch)->Validate());
  FormatOptions encode_options = options;
  encode_options["json.map-null-key.mode"] = "LITERAL";
  auto encoder = JsonRowEncoder::Make(TheSchema(), encode_options);
  WEIR_CHECK_OK(encoder.status());
  std::string out;
  WEIR_CHECK_OK((*encoder)->Encode(**batch, nullptr, &out));

  // What was decoded is in canonical form, so it survives encode + decode unchanged.
  FormatOptions again_options = options;
  again_options.erase("json.fail-on-missing-field");  // ignore-null-fields leaves members out
  auto again = JsonRowDecoder::Make(TheSchema(), again_options);
  WEIR_CHECK_OK(again.status());
  std::string_view text = out;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    WEIR_CHECK_OK((*again)->Decode(text.substr(0, nl), RecordPosition{"again", 0, 0}));
    text = text.substr(nl + 1);
  }
  weir::Result<weir::RecordBatchPtr> twice = (*again)->Flush();
  WEIR_CHECK_OK(twice.status());
  WEIR_CHECK_MSG((*twice)->Equals(**batch), out);
  return 0;
}
