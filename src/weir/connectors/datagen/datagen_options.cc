// DatagenOptions: parsing and validation of Flink's datagen connector options.
#include "weir/connectors/datagen/datagen_options.h"

#include <map>
#include <string_view>

#include "weir/common/batch/batch_text.h"
#include "weir/common/config/config_parse.h"
#include "weir/common/str_cat.h"
#include "weir/common/types/decimal.h"

namespace weir::connectors {

namespace {

constexpr std::string_view kFieldsPrefix = "fields.";

bool IsVariableLength(const LogicalType& t) {
  return t.id() == TypeId::kVarChar || t.id() == TypeId::kVarBinary;
}

bool HasLength(const LogicalType& t) {
  switch (t.id()) {
    case TypeId::kChar:
    case TypeId::kVarChar:
    case TypeId::kBinary:
    case TypeId::kVarBinary:
    case TypeId::kArray:
    case TypeId::kMap:
    case TypeId::kMultiset:
      return true;
    default:
      return false;
  }
}

bool IsTimestamp(const LogicalType& t) {
  return t.id() == TypeId::kTimestamp || t.id() == TypeId::kTimestampLtz;
}

// Builds the spec tree of one value with Flink's nested option paths.
Result<DatagenFieldSpec> MakeSpec(std::string path, const LogicalType& type) {
  DatagenFieldSpec spec;
  spec.path = std::move(path);
  spec.type = type;
  if (type.id() == TypeId::kNull) {
    return Status::NotSupported("datagen cannot generate values of type NULL: field ", spec.path);
  }
  // Flink's defaults: CHAR(n)/BINARY(n) n; VARCHAR(n)/VARBINARY(n) n, 100 for STRING/BYTES;
  // collections 3.
  if (type.id() == TypeId::kChar || type.id() == TypeId::kBinary ||
      (IsVariableLength(type) && type.length() != LogicalType::kMaxLength)) {
    spec.length = type.length();
  } else if (type.is_nested() && type.id() != TypeId::kRow) {
    spec.length = 3;
  }
  switch (type.id()) {
    case TypeId::kArray:
    case TypeId::kMultiset: {
      WEIR_ASSIGN_OR_RAISE(auto child, MakeSpec(spec.path + ".element", type.element_type()));
      spec.children.push_back(std::move(child));
      break;
    }
    case TypeId::kMap: {
      WEIR_ASSIGN_OR_RAISE(auto key, MakeSpec(spec.path + ".key", type.key_type()));
      WEIR_ASSIGN_OR_RAISE(auto value, MakeSpec(spec.path + ".value", type.value_type()));
      spec.children.push_back(std::move(key));
      spec.children.push_back(std::move(value));
      break;
    }
    case TypeId::kRow:
      for (const Field& f : type.fields()) {
        WEIR_ASSIGN_OR_RAISE(auto child, MakeSpec(spec.path + "." + f.name, *f.type));
        spec.children.push_back(std::move(child));
      }
      break;
    default:
      break;
  }
  return spec;
}

void IndexSpecs(DatagenFieldSpec& spec,
                std::map<std::string, DatagenFieldSpec*, std::less<>>& by_path, bool top_level,
                std::map<std::string, bool, std::less<>>& is_top) {
  by_path[spec.path] = &spec;
  is_top[spec.path] = top_level;
  for (auto& child : spec.children) IndexSpecs(child, by_path, false, is_top);
}

Status BadValue(std::string_view key, std::string_view value, std::string_view why) {
  return Status::Invalid("Invalid value for datagen option '", key, "': '", value, "' (", why, ")");
}

Result<Value> ParseBound(std::string_view key, std::string_view text, const LogicalType& type) {
  auto parsed = ParseValueText(text, type.WithNullable(false));
  if (!parsed.ok() || parsed->is_null()) {
    return BadValue(key, text, StrCat("expected a value of type ", type.ToString()));
  }
  return std::move(parsed).ValueOrDie();
}

// Orders two numeric Values of the same storage kind.
bool BoundLess(const Value& a, const Value& b) {
  if (std::holds_alternative<int64_t>(a.storage())) return a.int_value() < b.int_value();
  if (std::holds_alternative<double>(a.storage())) return a.double_value() < b.double_value();
  return a.decimal_value() < b.decimal_value();
}

// Checks that sequence bound `v` can be stored in `type`.
Status CheckSequenceBound(std::string_view key, std::string_view text, int64_t v,
                          const LogicalType& type) {
  int64_t lo = INT64_MIN;
  int64_t hi = INT64_MAX;
  switch (type.id()) {
    case TypeId::kTinyInt:
      lo = INT8_MIN;
      hi = INT8_MAX;
      break;
    case TypeId::kSmallInt:
      lo = INT16_MIN;
      hi = INT16_MAX;
      break;
    case TypeId::kInt:
      lo = INT32_MIN;
      hi = INT32_MAX;
      break;
    case TypeId::kDecimal: {
      const __int128 unscaled = static_cast<__int128>(v) * Decimal128::PowerOfTen(type.scale());
      if (!Decimal128(unscaled).FitsPrecision(type.precision())) {
        return BadValue(key, text, StrCat("out of range for ", type.ToString()));
      }
      return Status::OK();
    }
    default:
      break;
  }
  if (v < lo || v > hi) return BadValue(key, text, StrCat("out of range for ", type.ToString()));
  return Status::OK();
}

Status ApplyFieldOption(DatagenFieldSpec& spec, std::string_view option, const std::string& key,
                        const std::string& text) {
  const LogicalType& type = spec.type;
  auto unsupported = [&](std::string_view why) {
    return Status::Invalid("Unsupported datagen option '", key, "': ", why);
  };
  if (option == "kind") return Status::OK();  // read first
  if (option == "null-rate") {
    auto rate = config::ParseDouble(text);
    if (!rate.ok() || *rate < 0 || *rate > 1)
      return BadValue(key, text, "expected a number in [0, 1]");
    if (*rate > 0 && !type.nullable()) {
      return unsupported(StrCat("field ", spec.path, " is NOT NULL"));
    }
    spec.null_rate = *rate;
    return Status::OK();
  }
  if (spec.kind == DatagenKind::kSequence) {
    if (option != "start" && option != "end") {
      return unsupported(StrCat("a sequence field takes only start, end and null-rate"));
    }
    auto v = config::ParseInt64(text);
    if (!v.ok()) return BadValue(key, text, "expected an integer");
    WEIR_RETURN_NOT_OK(CheckSequenceBound(key, text, *v, type));
    (option == "start" ? spec.start : spec.end) = *v;
    return Status::OK();
  }
  if (option == "min" || option == "max") {
    if (!type.is_numeric() && type.id() != TypeId::kIntervalYearMonth &&
        type.id() != TypeId::kIntervalDayTime) {
      return unsupported(
          StrCat("min and max apply to numeric and interval fields, not ", type.ToString()));
    }
    WEIR_ASSIGN_OR_RAISE(Value v, ParseBound(key, text, type));
    (option == "min" ? spec.min : spec.max) = std::move(v);
    return Status::OK();
  }
  if (option == "max-past") {
    if (!IsTimestamp(type)) {
      return unsupported(
          StrCat("max-past applies to TIMESTAMP and TIMESTAMP_LTZ fields, not ", type.ToString()));
    }
    auto d = config::ParseDuration(text);
    if (!d.ok()) return BadValue(key, text, "expected a duration such as '5 s'");
    spec.max_past_ms = std::chrono::duration_cast<std::chrono::milliseconds>(*d).count();
    return Status::OK();
  }
  if (option == "length") {
    if (!HasLength(type)) {
      return unsupported(
          StrCat("length applies to string, binary and collection fields, not ", type.ToString()));
    }
    if (type.id() == TypeId::kChar || type.id() == TypeId::kBinary) {
      return unsupported(
          StrCat("a custom length is not supported for the fixed-length type ", type.ToString()));
    }
    auto n = config::ParseInt32(text);
    if (!n.ok() || *n < 0) return BadValue(key, text, "expected a non-negative integer");
    if (IsVariableLength(type) && *n > type.length()) {
      return BadValue(key, text, StrCat("longer than the declared length of ", type.ToString()));
    }
    spec.length = *n;
    return Status::OK();
  }
  if (option == "var-len") {
    if (!IsVariableLength(type)) {
      return unsupported(StrCat("var-len applies to variable-length types (VARCHAR, STRING, ",
                                "VARBINARY, BYTES), not ", type.ToString()));
    }
    auto b = config::ParseBool(text);
    if (!b.ok()) return BadValue(key, text, "expected true or false");
    spec.var_len = *b;
    return Status::OK();
  }
  if (option == "start" || option == "end") {
    return unsupported("start and end apply to sequence fields ('kind' = 'sequence')");
  }
  return Status::Invalid("Unknown datagen option '", key, "'");
}

}  // namespace

Result<DatagenOptions> DatagenOptions::Parse(const formats::FormatOptions& options,
                                             const Schema& schema) {
  DatagenOptions out;
  for (int i = 0; i < schema.num_fields(); ++i) {
    WEIR_ASSIGN_OR_RAISE(auto spec, MakeSpec(schema.name(i), schema.type(i)));
    out.fields.push_back(std::move(spec));
  }
  std::map<std::string, DatagenFieldSpec*, std::less<>> by_path;
  std::map<std::string, bool, std::less<>> is_top;
  for (auto& spec : out.fields) IndexSpecs(spec, by_path, true, is_top);

  // Splits "fields.<path>.<option>" at the last dot (option names hold no dots).
  auto split_field_key = [&](const std::string& key, std::string_view* path,
                             std::string_view* option) -> Status {
    std::string_view rest = std::string_view(key).substr(kFieldsPrefix.size());
    const size_t dot = rest.rfind('.');
    if (dot == std::string_view::npos || dot == 0) {
      return Status::Invalid("Unknown datagen option '", key, "'");
    }
    *path = rest.substr(0, dot);
    *option = rest.substr(dot + 1);
    if (by_path.find(*path) == by_path.end()) {
      return Status::Invalid("Unknown field '", *path, "' in datagen option '", key, "'");
    }
    return Status::OK();
  };

  // Pass 1: connector-level options and kinds (the other field options depend on the kind).
  for (const auto& [key, text] : options) {
    if (key == "connector") {
      if (text != "datagen") return BadValue(key, text, "expected 'datagen'");
    } else if (key == "rows-per-second") {
      auto v = config::ParseInt64(text);
      if (!v.ok() || *v <= 0) return BadValue(key, text, "expected a positive integer");
      out.rows_per_second = *v;
    } else if (key == "number-of-rows") {
      auto v = config::ParseInt64(text);
      if (!v.ok() || *v < 0) return BadValue(key, text, "expected a non-negative integer");
      out.number_of_rows = *v;
    } else if (key == "scan.parallelism") {
      auto v = config::ParseInt32(text);
      if (!v.ok() || *v <= 0) return BadValue(key, text, "expected a positive integer");
      out.scan_parallelism = *v;
    } else if (key.starts_with(kFieldsPrefix)) {
      std::string_view path;
      std::string_view option;
      WEIR_RETURN_NOT_OK(split_field_key(key, &path, &option));
      if (option != "kind") continue;
      DatagenFieldSpec& spec = *by_path.find(path)->second;
      if (text == "random") {
        spec.kind = DatagenKind::kRandom;
      } else if (text == "sequence") {
        if (!is_top.find(path)->second) {
          return Status::Invalid("Unsupported datagen option '", key,
                                 "': nested fields are always random");
        }
        if (!spec.type.is_numeric() && !spec.type.is_string() && !spec.type.is_binary()) {
          return Status::Invalid("Unsupported datagen option '", key,
                                 "': the sequence generator supports numeric, string and binary ",
                                 "fields, not ", spec.type.ToString());
        }
        spec.kind = DatagenKind::kSequence;
      } else {
        return BadValue(key, text, "expected 'random' or 'sequence'");
      }
    } else {
      return Status::Invalid("Unsupported datagen option '", key,
                             "' (supported: connector, rows-per-second, number-of-rows, "
                             "scan.parallelism, fields.<name>.<option>)");
    }
  }
  // Pass 2: the per-field options.
  for (const auto& [key, text] : options) {
    if (!key.starts_with(kFieldsPrefix)) continue;
    std::string_view path;
    std::string_view option;
    WEIR_RETURN_NOT_OK(split_field_key(key, &path, &option));
    auto it = by_path.find(path);
    WEIR_RETURN_NOT_OK(ApplyFieldOption(*it->second, option, key, text));
  }
  // Cross-option checks.
  for (auto& [path, spec] : by_path) {
    const std::string prefix = StrCat(kFieldsPrefix, path, ".");
    if (spec->kind == DatagenKind::kSequence) {
      for (const char* bound : {"start", "end"}) {
        if (options.find(prefix + bound) == options.end()) {
          return Status::Invalid("Missing datagen option '", prefix, bound,
                                 "': a sequence field needs start and end");
        }
      }
      if (spec->start > spec->end) {
        return Status::Invalid("Invalid datagen options '", prefix, "start' and '", prefix,
                               "end': start ", spec->start, " is greater than end ", spec->end);
      }
      if (spec->type.id() == TypeId::kChar || spec->type.id() == TypeId::kBinary ||
          IsVariableLength(spec->type)) {
        const size_t width =
            std::max(std::to_string(spec->start).size(), std::to_string(spec->end).size());
        if (static_cast<int64_t>(width) > spec->type.length()) {
          return Status::Invalid("Invalid datagen options '", prefix, "start' and '", prefix,
                                 "end': numbers of ", width, " characters do not fit ",
                                 spec->type.ToString());
        }
      }
    } else if (spec->min && spec->max && BoundLess(*spec->max, *spec->min)) {
      return Status::Invalid("Invalid datagen options '", prefix, "min' and '", prefix,
                             "max': min is greater than max");
    }
  }
  return out;
}

bool DatagenOptions::bounded() const {
  if (number_of_rows) return true;
  for (const auto& f : fields) {
    if (f.kind == DatagenKind::kSequence) return true;
  }
  return false;
}

}  // namespace weir::connectors
