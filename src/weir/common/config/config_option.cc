// Type-erased parsing of option values: validation and canonical printing by OptionType.
#include "weir/common/config/config_option.h"

namespace weir::config {

const char* OptionTypeName(OptionType type) {
  switch (type) {
    case OptionType::kBool:
      return "Boolean";
    case OptionType::kInt32:
      return "Integer";
    case OptionType::kInt64:
      return "Long";
    case OptionType::kDouble:
      return "Double";
    case OptionType::kString:
      return "String";
    case OptionType::kDuration:
      return "Duration";
    case OptionType::kMemorySize:
      return "MemorySize";
    case OptionType::kEnum:
      return "Enum";
    case OptionType::kStringList:
      return "List<String>";
  }
  return "Unknown";
}

Result<std::string> CanonicalOptionValue(const OptionSpec& spec, std::string_view text) {
  switch (spec.type) {
    case OptionType::kBool: {
      WEIR_ASSIGN_OR_RAISE(bool v, ParseBool(text));
      return OptionValueTraits<bool>::Format(v, spec);
    }
    case OptionType::kInt32: {
      WEIR_ASSIGN_OR_RAISE(int32_t v, ParseInt32(text));
      return OptionValueTraits<int32_t>::Format(v, spec);
    }
    case OptionType::kInt64: {
      WEIR_ASSIGN_OR_RAISE(int64_t v, ParseInt64(text));
      return OptionValueTraits<int64_t>::Format(v, spec);
    }
    case OptionType::kDouble: {
      WEIR_ASSIGN_OR_RAISE(double v, ParseDouble(text));
      return FormatDouble(v);
    }
    case OptionType::kString:
      return std::string(text);
    case OptionType::kDuration: {
      WEIR_ASSIGN_OR_RAISE(Duration v, ParseDuration(text));
      return FormatDuration(v);
    }
    case OptionType::kMemorySize: {
      WEIR_ASSIGN_OR_RAISE(MemorySize v, MemorySize::Parse(text));
      return v.ToString();
    }
    case OptionType::kEnum: {
      WEIR_ASSIGN_OR_RAISE(size_t index, ParseEnumName(text, spec.enum_names));
      return std::string(spec.enum_names[index]);
    }
    case OptionType::kStringList: {
      WEIR_ASSIGN_OR_RAISE(std::vector<std::string> v, ParseStringList(text));
      return FormatStringList(v);
    }
  }
  return Status::Internal("unknown option type ", static_cast<int>(spec.type));
}

Status ValidateOptionValue(const OptionSpec& spec, std::string_view text) {
  return CanonicalOptionValue(spec, text).status();
}

}  // namespace weir::config
