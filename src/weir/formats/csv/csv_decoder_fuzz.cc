// libFuzzer target for CsvRowDecoder: any bytes must decode to a valid batch or fail with a
// Status, and what decodes must encode again.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "weir/common/check.h"
#include "weir/formats/csv/csv_decoder.h"
#include "weir/formats/csv/csv_encoder.h"

namespace weir::formats {
namespace {

const SchemaPtr& TheSchema() {
  static const SchemaPtr schema =
      Schema::Parse(
          "b BOOLEAN, i INT, l BIGINT, d DOUBLE, p DECIMAL(12, 3), s STRING, "
          "y BYTES, dt DATE, t TIME(3), ts TIMESTAMP(6), tl TIMESTAMP_LTZ(3), "
          "a ARRAY<SMALLINT>, r ROW<x TINYINT, z STRING>")
          .ValueOrDie();
  return schema;
}

FormatOptions OptionsFor(uint8_t selector) {
  FormatOptions o;
  if (selector & 1) o["csv.ignore-parse-errors"] = "true";
  if (selector & 2) o["csv.allow-comments"] = "true";
  if (selector & 4) o["csv.escape-character"] = "\\";
  if (selector & 8) o["csv.null-literal"] = "null";
  if (selector & 16) o["csv.disable-quote-character"] = "true";
  if (selector & 32) o["csv.field-delimiter"] = "|";
  if (selector & 64) o["csv.array-element-delimiter"] = ",";
  return o;
}

}  // namespace
}  // namespace weir::formats

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace weir::formats;  // NOLINT
  if (size == 0) return 0;
  const FormatOptions options = OptionsFor(data[0]);
  auto decoder = CsvRowDecoder::Make(TheSchema(), options);
  WEIR_CHECK_OK(decoder.status());
  std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  int64_t line = 0;
  while (!input.empty()) {
    const size_t nl = input.find('\n');
    const std::string_view record = input.substr(0, nl);
    input = nl == std::string_view::npos ? std::string_view() : input.substr(nl + 1);
    weir::Status st = (*decoder)->Decode(record, RecordPosition{"fuzz", -1, ++line});
    if (!st.ok()) WEIR_CHECK(st.IsInvalid());
  }
  weir::Result<weir::RecordBatchPtr> batch = (*decoder)->Flush();
  if (!batch.ok()) {
    WEIR_CHECK(batch.status().IsInvalid());
    return 0;
  }
  WEIR_CHECK_OK((*batch)->Validate());
  auto encoder = CsvRowEncoder::Make(TheSchema(), options);
  WEIR_CHECK_OK(encoder.status());
  std::string out;
  WEIR_CHECK_OK((*encoder)->Encode(**batch, nullptr, &out));
  return 0;
}
