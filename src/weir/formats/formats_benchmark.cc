// Benchmarks of the CSV and JSON formats: decode and encode of a 6-column row (MB/s, rows/s).
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "weir/common/batch/column_builder.h"
#include "weir/common/check.h"
#include "weir/formats/csv/csv_decoder.h"
#include "weir/formats/csv/csv_encoder.h"
#include "weir/formats/json/json_decoder.h"
#include "weir/formats/json/json_encoder.h"

namespace weir::formats {
namespace {

constexpr int64_t kRows = 4096;

SchemaPtr BenchSchema() {
  return Schema::Parse(
             "id BIGINT, name STRING, price DECIMAL(10, 2), qty INT, ts TIMESTAMP(3), "
             "ok BOOLEAN")
      .ValueOrDie();
}

RecordBatchPtr BenchBatch() {
  const SchemaPtr schema = BenchSchema();
  std::vector<std::unique_ptr<ColumnBuilder>> b;
  for (const Field& f : schema->fields())
    b.push_back(ColumnBuilder::Make(f.logical_type()).ValueOrDie());
  const char* names[] = {"alice", "bob", "carol the third", "dave"};
  for (int64_t i = 0; i < kRows; ++i) {
    WEIR_CHECK_OK(static_cast<FixedWidthBuilder<int64_t>*>(b[0].get())->Append(1000000 + i * 7));
    WEIR_CHECK_OK(static_cast<StringBuilder*>(b[1].get())->Append(names[i % 4]));
    WEIR_CHECK_OK(static_cast<FixedWidthBuilder<__int128>*>(b[2].get())->Append(12345 + i));
    WEIR_CHECK_OK(static_cast<FixedWidthBuilder<int32_t>*>(b[3].get())->Append(int32_t(i % 100)));
    WEIR_CHECK_OK(
        static_cast<FixedWidthBuilder<int64_t>*>(b[4].get())->Append(1609330394123 + i * 1001));
    WEIR_CHECK_OK(static_cast<BooleanBuilder*>(b[5].get())->Append(i % 3 == 0));
  }
  std::vector<ColumnPtr> columns;
  for (auto& builder : b) columns.push_back(builder->Finish().ValueOrDie());
  return RecordBatch::Make(schema, std::move(columns)).ValueOrDie();
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    const size_t nl = text.find('\n', start);
    lines.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

template <typename Encoder>
void BM_Encode(benchmark::State& state) {
  const RecordBatchPtr batch = BenchBatch();
  auto encoder = Encoder::Make(batch->schema(), {}).ValueOrDie();
  std::string out;
  int64_t bytes = 0;
  for (auto _ : state) {
    out.clear();
    WEIR_CHECK_OK(encoder->Encode(*batch, nullptr, &out));
    bytes += static_cast<int64_t>(out.size());
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(bytes);
  state.SetItemsProcessed(state.iterations() * kRows);
}

template <typename Encoder, typename Decoder>
void BM_Decode(benchmark::State& state) {
  const RecordBatchPtr batch = BenchBatch();
  auto encoder = Encoder::Make(batch->schema(), {}).ValueOrDie();
  std::string text;
  WEIR_CHECK_OK(encoder->Encode(*batch, nullptr, &text));
  const std::vector<std::string> lines = Lines(text);
  auto decoder = Decoder::Make(batch->schema(), {}).ValueOrDie();
  for (auto _ : state) {
    int64_t line = 0;
    for (const std::string& l : lines) {
      WEIR_CHECK_OK(decoder->Decode(l, RecordPosition{"bench", -1, ++line}));
    }
    RecordBatchPtr out = decoder->Flush().ValueOrDie();
    benchmark::DoNotOptimize(out.get());
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(text.size()));
  state.SetItemsProcessed(state.iterations() * kRows);
}

void BM_CsvEncode(benchmark::State& state) { BM_Encode<CsvRowEncoder>(state); }
void BM_JsonEncode(benchmark::State& state) { BM_Encode<JsonRowEncoder>(state); }
void BM_CsvDecode(benchmark::State& state) { BM_Decode<CsvRowEncoder, CsvRowDecoder>(state); }
void BM_JsonDecode(benchmark::State& state) { BM_Decode<JsonRowEncoder, JsonRowDecoder>(state); }

BENCHMARK(BM_CsvDecode);
BENCHMARK(BM_CsvEncode);
BENCHMARK(BM_JsonDecode);
BENCHMARK(BM_JsonEncode);

}  // namespace
}  // namespace weir::formats
