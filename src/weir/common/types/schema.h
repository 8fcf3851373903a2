// Schema: the named, typed fields of a table or a record batch.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "weir/common/result.h"
#include "weir/common/types/logical_type.h"

namespace weir {

class Schema {
 public:
  Schema() = default;
  explicit Schema(std::vector<Field> fields) : fields_(std::move(fields)) {}

  /// Parses a comma-separated list of `name TYPE` pairs: "a BIGINT, `b c` ROW<x INT>".
  static Result<std::shared_ptr<const Schema>> Parse(std::string_view text);
  /// Builds a schema, failing unless every field has a non-blank, unique name and a type.
  static Result<std::shared_ptr<const Schema>> Make(std::vector<Field> fields);

  int num_fields() const { return static_cast<int>(fields_.size()); }
  const Field& field(int i) const { return fields_[i]; }
  const std::vector<Field>& fields() const { return fields_; }
  const LogicalType& type(int i) const { return *fields_[i].type; }
  const std::string& name(int i) const { return fields_[i].name; }

  /// Returns the index of the field with `name`, or -1 (case-sensitive, as in Flink).
  int FieldIndex(std::string_view name) const;

  /// Returns the schema as a ROW type (NOT NULL, as Flink's row of a table). The field names
  /// must be unique and non-blank, as Parse() and Make() guarantee.
  LogicalType AsRowType() const;

  /// Prints "`a` BIGINT, `b` STRING" (the body of a ROW type).
  std::string ToString() const;
  bool operator==(const Schema& other) const { return fields_ == other.fields_; }

 private:
  std::vector<Field> fields_;
};

using SchemaPtr = std::shared_ptr<const Schema>;

}  // namespace weir
