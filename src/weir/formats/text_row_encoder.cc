// TextRowEncoder: row selection, batch checks and the column-then-join flow of text encoders.
#include "weir/formats/text_row_encoder.h"

namespace weir::formats {

TextRowEncoder::TextRowEncoder(SchemaPtr schema, const char* format_name)
    : schema_(std::move(schema)),
      format_name_(format_name),
      columns_(static_cast<size_t>(schema_->num_fields())) {}

Status TextRowEncoder::EncodeRows(const RecordBatch& batch, const int32_t* rows, int64_t num_rows,
                                  bool line_ends, std::string* out) {
  const int num_columns = schema_->num_fields();
  if (batch.num_columns() != num_columns) {
    return Status::Invalid(format_name_, " encoder for schema (", schema_->ToString(),
                           ") got a batch of schema (", batch.schema()->ToString(), ")");
  }
  for (int64_t k = 0; k < num_rows; ++k) {
    if (rows[k] < 0 || rows[k] >= batch.num_rows()) {
      return Status::Invalid("Selected row ", rows[k], " is outside the batch of ",
                             batch.num_rows(), " rows");
    }
  }
  size_t total = 0;
  for (int c = 0; c < num_columns; ++c) {
    if (!batch.column(c)->type().EqualsIgnoringNullability(schema_->type(c))) {
      return Status::TypeError(format_name_, " encoder: column ", c, " has type ",
                               batch.column(c)->type().ToString(), ", expected ",
                               schema_->type(c).ToString());
    }
    EncodedColumn& cells = columns_[static_cast<size_t>(c)];
    cells.bytes.clear();
    cells.ends.resize(static_cast<size_t>(num_rows));
    WEIR_RETURN_NOT_OK(EncodeColumn(*batch.column(c), rows, num_rows, c, &cells));
    total += cells.bytes.size();
  }
  // Room for the values plus a separator per value and a few bytes of framing per row.
  out->reserve(out->size() + total + static_cast<size_t>(num_rows * (num_columns + 3)));
  JoinRows(columns_, num_rows, line_ends, out);
  return Status::OK();
}

Status TextRowEncoder::Encode(const RecordBatch& batch, const SelectionVector* selection,
                              std::string* out) {
  if (selection != nullptr) {
    return EncodeRows(batch, selection->data(), selection->size(), true, out);
  }
  if (static_cast<int64_t>(all_rows_.size()) < batch.num_rows()) {
    const size_t old = all_rows_.size();
    all_rows_.resize(static_cast<size_t>(batch.num_rows()));
    for (size_t i = old; i < all_rows_.size(); ++i) all_rows_[i] = static_cast<int32_t>(i);
  }
  return EncodeRows(batch, all_rows_.data(), batch.num_rows(), true, out);
}

Status TextRowEncoder::EncodeRow(const RecordBatch& batch, int64_t row, std::string* out) {
  const int32_t r = static_cast<int32_t>(row);
  return EncodeRows(batch, &r, 1, false, out);
}

}  // namespace weir::formats
