// Schema: parsing, lookup and printing of a table's named, typed fields.
#include "weir/common/types/schema.h"

#include <utility>

namespace weir {

Result<std::shared_ptr<const Schema>> Schema::Parse(std::string_view text) {
  WEIR_ASSIGN_OR_RAISE(std::vector<Field> fields, LogicalType::ParseFields(text));
  return std::make_shared<const Schema>(std::move(fields));
}

Result<std::shared_ptr<const Schema>> Schema::Make(std::vector<Field> fields) {
  WEIR_ASSIGN_OR_RAISE(LogicalType row, LogicalType::MakeRow(std::move(fields)));
  return std::make_shared<const Schema>(row.fields());
}

int Schema::FieldIndex(std::string_view name) const {
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (fields_[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

LogicalType Schema::AsRowType() const { return LogicalType::Row(fields_, /*nullable=*/false); }

std::string Schema::ToString() const {
  std::string out;
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (i > 0) out += ", ";
    out += fields_[i].ToString();
  }
  return out;
}

}  // namespace weir
