// TextRowDecoder: Flush() of pending records and the errors shared by the text format decoders.
#include "weir/formats/text_row_decoder.h"

#include "weir/common/str_cat.h"

namespace weir::formats {

namespace {

// Quotes a value for a message, shortened when long.
std::string Quoted(std::string_view v) {
  constexpr size_t kMax = 64;
  if (v.size() <= kMax) return StrCat("'", v, "'");
  return StrCat("'", v.substr(0, kMax), "...'");
}

}  // namespace

TextRowDecoder::TextRowDecoder(SchemaPtr schema,
                               std::vector<std::unique_ptr<ColumnBuilder>> builders,
                               const char* format_name, bool ignore_parse_errors)
    : schema_(std::move(schema)),
      builders_(std::move(builders)),
      pending_(schema_->num_fields()),
      format_name_(format_name),
      ignore_parse_errors_(ignore_parse_errors) {}

Result<std::vector<std::unique_ptr<ColumnBuilder>>> TextRowDecoder::MakeBuilders(
    const Schema& schema, MemoryPool* pool) {
  std::vector<std::unique_ptr<ColumnBuilder>> builders;
  for (const Field& f : schema.fields()) {
    WEIR_ASSIGN_OR_RAISE(auto b, ColumnBuilder::Make(f.logical_type(), pool));
    builders.push_back(std::move(b));
  }
  return builders;
}

std::string_view TextRowDecoder::StripLineEnd(std::string_view record) {
  if (!record.empty() && record.back() == '\n') record.remove_suffix(1);
  if (!record.empty() && record.back() == '\r') record.remove_suffix(1);
  return record;
}

Status TextRowDecoder::RecordError(const RecordPosition& position, std::string_view what) {
  if (ignore_parse_errors_) {
    ++counters_.skipped_records;
    return Status::OK();
  }
  return Status::Invalid("Failed to parse ", format_name_, " record at ",
                         PositionLog::Format(position), ": ", what);
}

Status TextRowDecoder::RowError(int64_t row, std::string_view what) const {
  return Status::Invalid("Failed to parse ", format_name_, " record at ",
                         pending_.positions().ToString(row), ": ", what);
}

Status TextRowDecoder::FieldError(int64_t row, int column, const LogicalType& type,
                                  std::string_view what, std::string_view value) const {
  return Status::Invalid("Failed to parse ", format_name_, " record at ",
                         pending_.positions().ToString(row), ", column \"", schema_->name(column),
                         "\" (", type.ToString(), "): ", what, " ", Quoted(value));
}

Status TextRowDecoder::AppendUnconverted(ColumnBuilder* builder, const LogicalType& type,
                                         const char* reason, std::string_view value, int64_t row,
                                         int column) {
  if (reason != kBecomesNull) {
    if (!ignore_parse_errors_) return FieldError(row, column, type, reason, value);
    ++counters_.null_fields;
  }
  return builder->AppendNull();
}

Status TextRowDecoder::DropPending(Status error) {
  pending_.Clear();
  for (auto& b : builders_) {
    Result<ColumnPtr> dropped = b->Finish();
    dropped.status().IgnoreError();
  }
  return error;
}

Result<RecordBatchPtr> TextRowDecoder::Flush() {
  const int64_t num_rows = pending_.num_rows();
  for (int c = 0; c < static_cast<int>(builders_.size()); ++c) {
    ColumnBuilder* b = builders_[static_cast<size_t>(c)].get();
    Status st = b->Reserve(num_rows);
    if (st.ok()) st = ConvertColumn(c, b);
    if (!st.ok()) return DropPending(std::move(st));
  }
  std::vector<ColumnPtr> columns;
  columns.reserve(builders_.size());
  for (auto& b : builders_) {
    Result<ColumnPtr> col = b->Finish();
    if (!col.ok()) return DropPending(col.status());
    columns.push_back(std::move(col).ValueOrDie());
  }
  pending_.Clear();
  return RecordBatch::Make(schema_, std::move(columns));
}

}  // namespace weir::formats
