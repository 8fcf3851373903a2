// libFuzzer target for CsvRowDecoder: any bytes must decode to a valid batch or fail with a
// Status, and what decodes must encode again.
#include <cstddef>
#include <cstdint>

#include "weir/formats/csv/csv_decoder.h"
#include "weir/formats/csv/csv_encoder.h"
#include "weir/formats/decoder_fuzz_driver.h"

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
  fuzzing::RunDecoderFuzz<CsvRowDecoder, CsvRowEncoder>(data, size, TheSchema(), OptionsFor);
  return 0;
}
