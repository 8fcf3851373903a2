// SQL/JSON functions: IS JSON, JSON_EXISTS, JSON_VALUE, JSON_QUERY, JSON_STRING, JSON_OBJECT,
// JSON_ARRAY and JSON (argument conventions in json_functions.h).
#include "weir/sql/functions/json_functions.h"

#include <charconv>
#include <cstdlib>

#include "weir/common/batch/batch_text.h"
#include "weir/common/batch/java_format.h"
#include "weir/formats/json/json_scanner.h"
#include "weir/sql/functions/builtin_functions.h"
#include "weir/sql/functions/json_text.h"
#include "weir/sql/functions/string_loops.h"
#include "weir/sql/functions/temporal_format.h"

namespace weir::sql {
namespace {

bool AnyNullable(const BindInput& in, size_t count) {
  for (size_t i = 0; i < count && i < in.types.size(); ++i) {
    if (in.types[i].nullable()) return true;
  }
  return false;
}

// Reads the upper-case string literal argument `i` (or `fallback` when absent).
Result<std::string> ModeArg(std::string_view fn, const BindInput& in, size_t i,
                            std::string fallback) {
  if (i >= in.types.size()) return fallback;
  const Value* v = in.constant(i);
  if (v == nullptr || v->is_null() || !in.types[i].is_string()) {
    return Status::Invalid(fn, ": argument ", i + 1, " must be a string literal naming a mode");
  }
  return UpperName(v->string_value());
}

Status CheckJsonInput(std::string_view fn, const BindInput& in) {
  for (size_t i = 0; i < 2 && i < in.types.size(); ++i) {
    TypeId id = in.types[i].id();
    if (!in.types[i].is_string() && id != TypeId::kNull) return NoMatchingSignature(fn, in.types);
  }
  return Status::OK();
}

// Compiles the path of each row, reusing the last compiled path while the text repeats.
class PathCache {
 public:
  // Returns the compiled path of `text`, or nullptr with `*error` set when it is invalid.
  const JsonPath* Get(std::string_view text, std::string* error) {
    if (!valid_ || text != text_) {
      text_ = std::string(text);
      auto p = JsonPath::Parse(text);
      valid_ = true;
      ok_ = p.ok();
      if (ok_) {
        path_ = std::move(p).MoveValueUnsafe();
      } else {
        error_ = p.status().message();
      }
    }
    if (!ok_) {
      *error = error_;
      return nullptr;
    }
    return &path_;
  }

 private:
  bool valid_ = false, ok_ = false;
  std::string text_;
  JsonPath path_;
  std::string error_;
};

// ---- IS JSON ----

enum class JsonShape : uint8_t { kValue, kScalar, kArray, kObject };

BindFn IsJson(JsonShape shape, bool negated) {
  return [=](const BindInput& in) -> Result<BoundFunction> {
    WEIR_RETURN_NOT_OK(CheckArity("IS JSON", in, 1));
    WEIR_RETURN_NOT_OK(CheckJsonInput("IS JSON", in));
    BoundFunction f;
    f.return_type = LogicalType::Boolean(in.types[0].nullable());
    f.operand_types = {LogicalType::String(in.types[0].nullable())};
    LogicalType rt = f.return_type;
    f.kernel = [=](const EvalContext& c, const std::vector<Datum>& a, int64_t n) {
      JsonDocument doc;
      return BoolRowLoop(c, a, n, rt, [&](int64_t i) {
        bool ok = doc.Parse(StrAt(a[0], i));
        if (ok) {
          JsonKind k = doc.node(doc.root()).kind;
          bool container = k == JsonKind::kArray || k == JsonKind::kObject;
          switch (shape) {
            case JsonShape::kValue:
              break;
            case JsonShape::kScalar:
              ok = !container;
              break;
            case JsonShape::kArray:
              ok = k == JsonKind::kArray;
              break;
            case JsonShape::kObject:
              ok = k == JsonKind::kObject;
              break;
          }
        }
        return ok != negated;
      });
    };
    return f;
  };
}

// ---- JSON_EXISTS ----

Result<BoundFunction> BindJsonExists(const BindInput& in) {
  if (in.types.size() < 2 || in.types.size() > 3)
    return NoMatchingSignature("JSON_EXISTS", in.types);
  WEIR_RETURN_NOT_OK(CheckJsonInput("JSON_EXISTS", in));
  WEIR_ASSIGN_OR_RAISE(std::string mode, ModeArg("JSON_EXISTS", in, 2, "FALSE"));
  if (mode != "TRUE" && mode != "FALSE" && mode != "UNKNOWN" && mode != "ERROR") {
    return Status::Invalid("JSON_EXISTS: unknown ON ERROR behaviour '", mode, "'");
  }
  BoundFunction f;
  f.return_type = LogicalType::Boolean(AnyNullable(in, 2) || mode == "UNKNOWN");
  f.operand_types = {LogicalType::String(), LogicalType::String()};
  if (in.types.size() == 3) f.operand_types.push_back(in.types[2]);
  LogicalType rt = f.return_type;
  f.kernel = [mode, rt](const EvalContext& c, const std::vector<Datum>& a,
                        int64_t n) -> Result<ColumnPtr> {
    std::vector<Datum> inputs(a.begin(), a.begin() + 2);
    WEIR_ASSIGN_OR_RAISE(auto validity, CombineValidity(inputs, n, c.pool));
    std::vector<uint8_t> valid(static_cast<size_t>(n), 1), value(static_cast<size_t>(n), 0);
    const uint8_t* v = validity ? validity->data() : nullptr;
    JsonDocument doc;
    JsonPathResult res;
    PathCache paths;
    for (int64_t i = 0; i < n; ++i) {
      auto row = static_cast<size_t>(i);
      if (v != nullptr && !bits::GetBit(v, i)) {
        valid[row] = 0;
        continue;
      }
      std::string error;
      const JsonPath* path = paths.Get(StrAt(a[1], i), &error);
      bool failed = path == nullptr;
      if (!failed && !doc.Parse(StrAt(a[0], i))) {
        failed = true;
        error = "JSON_EXISTS: invalid JSON text";
      }
      if (!failed) {
        EvaluateJsonPath(doc, *path, &res);
        if (res.kind == JsonPathResult::Kind::kError) {
          failed = true;
          error = "JSON_EXISTS: no results for path " + std::string(StrAt(a[1], i));
        } else {
          // As in Flink (Calcite), a JSON null at the path counts as absent.
          value[row] = (res.kind == JsonPathResult::Kind::kNode &&
                        doc.node(res.node).kind != JsonKind::kNull) ||
                       (res.kind == JsonPathResult::Kind::kList && !res.list.empty());
        }
      }
      if (failed) {
        if (mode == "ERROR") return Status::Invalid(error);
        if (mode == "UNKNOWN") valid[row] = 0;
        value[row] = mode == "TRUE";
      }
    }
    WEIR_ASSIGN_OR_RAISE(auto bits_out, AllocateBits(n, c.pool));
    PackBytes(value.data(), n, bits_out->mutable_data());
    WEIR_ASSIGN_OR_RAISE(auto valid_bits, AllocateBits(n, c.pool));
    PackBytes(valid.data(), n, valid_bits->mutable_data());
    BufferPtr out_validity = CountNulls(valid_bits, n) == 0 ? nullptr : valid_bits;
    return MakeBooleanColumn(rt, n, std::move(bits_out), std::move(out_validity));
  };
  return f;
}

// ---- JSON_VALUE ----

// The outcome of one row of JSON_VALUE/JSON_QUERY before conversion to the result type.
enum class RowOutcome : uint8_t { kNull, kText, kEmpty, kError };

bool IsReturnableScalar(TypeId id) {
  switch (id) {
    case TypeId::kChar:
    case TypeId::kVarChar:
    case TypeId::kBoolean:
    case TypeId::kTinyInt:
    case TypeId::kSmallInt:
    case TypeId::kInt:
    case TypeId::kBigInt:
    case TypeId::kFloat:
    case TypeId::kDouble:
      return true;
    default:
      return false;
  }
}

// Converts JSON_VALUE text to a fixed-width value; false when the text does not fit the type.
template <typename T>
bool ParseScalar(std::string_view text, TypeId id, T* out) {
  if (id == TypeId::kBoolean) {
    if (text == "true" || text == "TRUE") {
      *out = T{1};
      return true;
    }
    if (text == "false" || text == "FALSE") {
      *out = T{0};
      return true;
    }
    return false;
  }
  if constexpr (std::is_floating_point_v<T>) {
    std::string buf(text);
    char* end = nullptr;
    double d = std::strtod(buf.c_str(), &end);
    if (buf.empty() || end != buf.c_str() + buf.size()) return false;
    *out = static_cast<T>(d);
    return true;
  } else {
    T v{};
    auto r = std::from_chars(text.data(), text.data() + text.size(), v);
    if (r.ec != std::errc() || r.ptr != text.data() + text.size()) return false;
    *out = v;
    return true;
  }
}

// The texts of a batch's rows in one buffer (no allocation per row).
struct RowTexts {
  std::string buf;
  std::vector<std::pair<size_t, size_t>> spans;  // [begin, end) per row
  explicit RowTexts(int64_t n) : spans(static_cast<size_t>(n), {0, 0}) {}
  std::string_view at(size_t row) const {
    return std::string_view(buf).substr(spans[row].first, spans[row].second - spans[row].first);
  }
};

struct ValueBehavior {
  std::string mode;  // NULL, ERROR, DEFAULT
  size_t default_arg = 0;
};

Result<ValueBehavior> ReadValueBehavior(const BindInput& in, size_t mode_arg) {
  ValueBehavior b;
  WEIR_ASSIGN_OR_RAISE(b.mode, ModeArg("JSON_VALUE", in, mode_arg, "NULL"));
  if (b.mode != "NULL" && b.mode != "ERROR" && b.mode != "DEFAULT") {
    return Status::Invalid("JSON_VALUE: unknown ON EMPTY/ON ERROR behaviour '", b.mode, "'");
  }
  b.default_arg = mode_arg + 1;
  return b;
}

// Writes JSON_VALUE results of type T: fixed-width column from texts or defaults.
template <typename T>
Result<ColumnPtr> FinishFixed(const EvalContext& c, const LogicalType& rt, int64_t n,
                              const std::vector<RowOutcome>& outcome, const RowTexts& texts,
                              const std::vector<Datum>& a, const ValueBehavior& empty,
                              const ValueBehavior& error) {
  std::vector<uint8_t> valid(static_cast<size_t>(n), 1);
  std::vector<T> values(static_cast<size_t>(n), T{});
  for (int64_t i = 0; i < n; ++i) {
    auto row = static_cast<size_t>(i);
    RowOutcome o = outcome[row];
    if (o == RowOutcome::kText && !ParseScalar<T>(texts.at(row), rt.id(), &values[row])) {
      if (error.mode == "ERROR") {
        return Status::Invalid("JSON_VALUE: '", texts.at(row), "' is not a valid ", rt.ToString());
      }
      o = error.mode == "DEFAULT" ? RowOutcome::kError : RowOutcome::kNull;
    }
    const ValueBehavior* b = o == RowOutcome::kEmpty   ? &empty
                             : o == RowOutcome::kError ? &error
                                                       : nullptr;
    if (b != nullptr) {
      const Datum& d = a[b->default_arg];
      if (d.IsNull(i)) {
        o = RowOutcome::kNull;
      } else {
        int64_t r = d.scalar ? 0 : i;
        values[row] =
            rt.id() == TypeId::kBoolean ? T(d.column->BoolValue(r)) : d.column->values<T>()[r];
        o = RowOutcome::kText;
      }
    }
    valid[row] = o != RowOutcome::kNull;
  }
  if (rt.id() == TypeId::kBoolean) {
    std::vector<uint8_t> bytes(values.begin(), values.end());
    WEIR_ASSIGN_OR_RAISE(auto bits_out, AllocateBits(n, c.pool));
    PackBytes(bytes.data(), n, bits_out->mutable_data());
    WEIR_ASSIGN_OR_RAISE(auto vb, AllocateBits(n, c.pool));
    PackBytes(valid.data(), n, vb->mutable_data());
    return MakeBooleanColumn(rt, n, std::move(bits_out), CountNulls(vb, n) ? vb : nullptr);
  }
  WEIR_ASSIGN_OR_RAISE(auto buf, AllocateValues<T>(n, c.pool));
  std::copy(values.begin(), values.end(), buf->template mutable_data_as<T>());
  WEIR_ASSIGN_OR_RAISE(auto vb, AllocateBits(n, c.pool));
  PackBytes(valid.data(), n, vb->mutable_data());
  return MakeFixedColumn(rt, n, std::move(buf), CountNulls(vb, n) ? vb : nullptr);
}

Result<BoundFunction> BindJsonValue(const BindInput& in) {
  size_t argc = in.types.size();
  if (argc != 2 && argc != 3 && argc != 7) return NoMatchingSignature("JSON_VALUE", in.types);
  WEIR_RETURN_NOT_OK(CheckJsonInput("JSON_VALUE", in));
  LogicalType returning = argc >= 3 ? in.types[2] : LogicalType::String();
  if (!IsReturnableScalar(returning.id())) {
    return Status::NotSupported("JSON_VALUE ... RETURNING ", returning.ToString(),
                                " is not supported");
  }
  ValueBehavior empty{"NULL", 4}, error{"NULL", 6};
  if (argc == 7) {
    WEIR_ASSIGN_OR_RAISE(empty, ReadValueBehavior(in, 3));
    WEIR_ASSIGN_OR_RAISE(error, ReadValueBehavior(in, 5));
  }
  BoundFunction f;
  f.return_type = returning.WithNullable(true);
  f.operand_types = {LogicalType::String(), LogicalType::String()};
  if (argc >= 3) f.operand_types.push_back(in.types[2]);
  if (argc == 7) {
    f.operand_types.push_back(in.types[3]);
    f.operand_types.push_back(returning.WithNullable(true));
    f.operand_types.push_back(in.types[5]);
    f.operand_types.push_back(returning.WithNullable(true));
  }
  LogicalType rt = f.return_type;
  f.kernel = [rt, empty, error](const EvalContext& c, const std::vector<Datum>& a,
                                int64_t n) -> Result<ColumnPtr> {
    std::vector<RowOutcome> outcome(static_cast<size_t>(n), RowOutcome::kNull);
    RowTexts texts(n);
    JsonDocument doc;
    JsonPathResult res;
    PathCache paths;
    for (int64_t i = 0; i < n; ++i) {
      auto row = static_cast<size_t>(i);
      if (a[0].IsNull(i) || a[1].IsNull(i)) continue;
      std::string why;
      const JsonPath* path = paths.Get(StrAt(a[1], i), &why);
      RowOutcome o = RowOutcome::kText;
      if (path == nullptr) {
        o = RowOutcome::kError;
      } else if (!doc.Parse(StrAt(a[0], i))) {
        o = RowOutcome::kError;
        why = "JSON_VALUE: invalid JSON text";
      } else {
        EvaluateJsonPath(doc, *path, &res);
        bool scalar = res.kind == JsonPathResult::Kind::kNode &&
                      doc.node(res.node).kind != JsonKind::kArray &&
                      doc.node(res.node).kind != JsonKind::kObject;
        if (res.kind == JsonPathResult::Kind::kError) {
          o = RowOutcome::kError;
          why = "JSON_VALUE: no results for path " + std::string(StrAt(a[1], i));
        } else if (res.kind == JsonPathResult::Kind::kEmpty ||
                   (scalar && doc.node(res.node).kind == JsonKind::kNull)) {
          o = RowOutcome::kEmpty;
        } else if (!scalar) {
          if (path->strict) {
            o = RowOutcome::kError;
            why = "JSON_VALUE: strict path mode requires a scalar value";
          } else {
            o = RowOutcome::kEmpty;
          }
        } else {
          texts.spans[row].first = texts.buf.size();
          doc.AppendScalarText(res.node, texts.buf);
          texts.spans[row].second = texts.buf.size();
        }
      }
      if (o == RowOutcome::kEmpty && empty.mode != "DEFAULT") {
        if (empty.mode == "ERROR") return Status::Invalid("JSON_VALUE: empty result of path");
        o = RowOutcome::kNull;
      }
      if (o == RowOutcome::kError && error.mode != "DEFAULT") {
        if (error.mode == "ERROR") return Status::Invalid(why);
        o = RowOutcome::kNull;
      }
      outcome[row] = o;
    }
    if (rt.is_string()) {
      StringBuilder b(rt, c.pool);
      WEIR_RETURN_NOT_OK(b.Reserve(n));
      for (int64_t i = 0; i < n; ++i) {
        auto row = static_cast<size_t>(i);
        RowOutcome o = outcome[row];
        if (o == RowOutcome::kText) {
          WEIR_RETURN_NOT_OK(b.Append(texts.at(row)));
        } else if (o == RowOutcome::kNull) {
          WEIR_RETURN_NOT_OK(b.AppendNull());
        } else {
          const Datum& d = a[o == RowOutcome::kEmpty ? empty.default_arg : error.default_arg];
          if (d.IsNull(i)) {
            WEIR_RETURN_NOT_OK(b.AppendNull());
          } else {
            WEIR_RETURN_NOT_OK(b.Append(StrAt(d, i)));
          }
        }
      }
      return b.Finish();
    }
    return DispatchFixed(rt.id() == TypeId::kBoolean ? TypeId::kTinyInt : rt.id(), [&](auto tag) {
      using T = decltype(tag);
      if constexpr (std::is_same_v<T, __int128>) {
        return Result<ColumnPtr>(Status::Internal("JSON_VALUE: DECIMAL result"));
      } else {
        return FinishFixed<T>(c, rt, n, outcome, texts, a, empty, error);
      }
    });
  };
  return f;
}

// ---- JSON_QUERY ----

enum class Wrapper : uint8_t { kWithout, kConditional, kUnconditional };

Result<Wrapper> ParseWrapper(const std::string& text) {
  if (text.empty() || text.rfind("WITHOUT", 0) == 0) return Wrapper::kWithout;
  if (text.find("UNCONDITIONAL") != std::string::npos) return Wrapper::kUnconditional;
  if (text.find("CONDITIONAL") != std::string::npos) return Wrapper::kConditional;
  if (text.rfind("WITH", 0) == 0) return Wrapper::kUnconditional;
  return Status::Invalid("JSON_QUERY: unknown wrapper behaviour '", text, "'");
}

Status CheckQueryMode(const std::string& mode) {
  if (mode == "NULL" || mode == "ERROR" || mode == "EMPTY ARRAY" || mode == "EMPTY OBJECT") {
    return Status::OK();
  }
  return Status::Invalid("JSON_QUERY: unknown ON EMPTY/ON ERROR behaviour '", mode, "'");
}

// Appends the elements of a JSON array text as strings (string elements unquoted).
Status AppendArrayElements(std::string_view json, StringBuilder* elements, int64_t* count) {
  JsonDocument doc;
  if (!doc.Parse(json) || doc.node(doc.root()).kind != JsonKind::kArray) {
    return Status::Invalid("JSON_QUERY: the result is not an array: ", json);
  }
  std::string text;
  for (int32_t e = doc.node(doc.root()).first_child; e >= 0; e = doc.node(e).next) {
    if (doc.node(e).kind == JsonKind::kNull) {
      WEIR_RETURN_NOT_OK(elements->AppendNull());
    } else {
      text.clear();
      doc.AppendScalarText(e, text);
      WEIR_RETURN_NOT_OK(elements->Append(text));
    }
    ++*count;
  }
  return Status::OK();
}

Result<BoundFunction> BindJsonQuery(const BindInput& in) {
  size_t argc = in.types.size();
  if (argc != 2 && argc != 3 && argc != 6) return NoMatchingSignature("JSON_QUERY", in.types);
  WEIR_RETURN_NOT_OK(CheckJsonInput("JSON_QUERY", in));
  LogicalType returning = argc >= 3 ? in.types[2] : LogicalType::String();
  bool as_array = returning.id() == TypeId::kArray;
  if (!returning.is_string() && !(as_array && returning.element_type().is_string())) {
    return Status::NotSupported("JSON_QUERY ... RETURNING ", returning.ToString(),
                                " is not supported (STRING or ARRAY<STRING>)");
  }
  Wrapper wrapper = Wrapper::kWithout;
  std::string on_empty = "NULL", on_error = "NULL";
  if (argc == 6) {
    WEIR_ASSIGN_OR_RAISE(std::string w, ModeArg("JSON_QUERY", in, 3, ""));
    WEIR_ASSIGN_OR_RAISE(wrapper, ParseWrapper(w));
    WEIR_ASSIGN_OR_RAISE(on_empty, ModeArg("JSON_QUERY", in, 4, "NULL"));
    WEIR_ASSIGN_OR_RAISE(on_error, ModeArg("JSON_QUERY", in, 5, "NULL"));
    WEIR_RETURN_NOT_OK(CheckQueryMode(on_empty));
    WEIR_RETURN_NOT_OK(CheckQueryMode(on_error));
  }
  BoundFunction f;
  f.return_type = returning.WithNullable(true);
  f.operand_types = in.types;
  f.operand_types[0] = LogicalType::String();
  f.operand_types[1] = LogicalType::String();
  LogicalType rt = f.return_type;
  f.kernel = [=](const EvalContext& c, const std::vector<Datum>& a,
                 int64_t n) -> Result<ColumnPtr> {
    WEIR_ASSIGN_OR_RAISE(auto builder, ColumnBuilder::Make(rt, c.pool));
    auto* list = as_array ? static_cast<ListBuilder*>(builder.get()) : nullptr;
    auto* strings = as_array ? static_cast<StringBuilder*>(list->element_builder())
                             : static_cast<StringBuilder*>(builder.get());
    JsonDocument doc;
    JsonPathResult res;
    PathCache paths;
    std::string text;
    for (int64_t i = 0; i < n; ++i) {
      if (a[0].IsNull(i) || a[1].IsNull(i)) {
        WEIR_RETURN_NOT_OK(builder->AppendNull());
        continue;
      }
      std::string why;
      text.clear();
      RowOutcome o = RowOutcome::kText;
      const JsonPath* path = paths.Get(StrAt(a[1], i), &why);
      if (path == nullptr) {
        o = RowOutcome::kError;
      } else if (!doc.Parse(StrAt(a[0], i))) {
        o = RowOutcome::kError;
        why = "JSON_QUERY: invalid JSON text";
      } else {
        EvaluateJsonPath(doc, *path, &res);
        if (res.kind == JsonPathResult::Kind::kError) {
          o = RowOutcome::kError;
          why = "JSON_QUERY: no results for path " + std::string(StrAt(a[1], i));
        } else if (res.kind == JsonPathResult::Kind::kEmpty ||
                   (res.kind == JsonPathResult::Kind::kNode &&
                    doc.node(res.node).kind == JsonKind::kNull && wrapper == Wrapper::kWithout)) {
          o = RowOutcome::kEmpty;  // a JSON null is an empty result, as in Flink
        } else {
          bool is_array = res.kind == JsonPathResult::Kind::kList ||
                          doc.node(res.node).kind == JsonKind::kArray;
          bool container = is_array || doc.node(res.node).kind == JsonKind::kObject;
          bool wrap =
              wrapper == Wrapper::kUnconditional || (wrapper == Wrapper::kConditional && !is_array);
          if (!wrap && !container) {
            o = path->strict ? RowOutcome::kError : RowOutcome::kEmpty;
            why = "JSON_QUERY: strict path mode requires an array or object";
          } else {
            if (wrap) text += '[';
            if (res.kind == JsonPathResult::Kind::kList) {
              AppendJsonList(doc, res.list, text);
            } else {
              doc.AppendJson(res.node, text);
            }
            if (wrap) text += ']';
          }
        }
      }
      if (o != RowOutcome::kText) {
        const std::string& mode = o == RowOutcome::kEmpty ? on_empty : on_error;
        if (mode == "ERROR") {
          if (o == RowOutcome::kEmpty) return Status::Invalid("JSON_QUERY: empty result of path");
          return Status::Invalid(why);
        }
        if (mode == "NULL") {
          WEIR_RETURN_NOT_OK(builder->AppendNull());
          continue;
        }
        text = mode == "EMPTY ARRAY" ? "[]" : "{}";
      }
      if (!as_array) {
        WEIR_RETURN_NOT_OK(strings->Append(text));
        continue;
      }
      int64_t count = 0;
      Status st = AppendArrayElements(text, strings, &count);
      if (!st.ok()) {
        if (on_error == "ERROR") return st;
        // The element builder may hold part of the row: only complete rows are appended
        // (AppendArrayElements validates before appending), so this row is NULL.
        WEIR_RETURN_NOT_OK(builder->AppendNull());
        continue;
      }
      WEIR_RETURN_NOT_OK(list->Append(count));
    }
    return builder->Finish();
  };
  return f;
}

// ---- JSON construction ----

struct OnNull {
  bool absent = false;
  std::vector<bool> raw;  // per argument: JSON text inserted as is
};

Result<OnNull> ParseOnNull(std::string_view fn, const BindInput& in, bool default_absent) {
  OnNull o;
  o.absent = default_absent;
  o.raw.assign(in.types.size(), false);
  if (in.types.empty()) return o;
  WEIR_ASSIGN_OR_RAISE(std::string mode, ModeArg(fn, in, 0, ""));
  std::string_view m = mode;
  size_t colon = m.find(':');
  std::string_view word = m.substr(0, colon);
  if (word.size() > 8 && word.substr(word.size() - 8) == " ON NULL") word.remove_suffix(8);
  if (word == "ABSENT") {
    o.absent = true;
  } else if (word == "NULL") {
    o.absent = false;
  } else if (!word.empty()) {
    return Status::Invalid(fn, ": unknown ON NULL behaviour '", word, "'");
  }
  if (colon != std::string_view::npos) {
    std::string_view list = m.substr(colon + 1);
    while (!list.empty()) {
      size_t comma = list.find(',');
      std::string_view item = list.substr(0, comma);
      size_t idx = 0;
      auto r = std::from_chars(item.data(), item.data() + item.size(), idx);
      if (r.ec != std::errc() || idx >= o.raw.size()) {
        return Status::Invalid(fn, ": bad raw JSON argument list '", mode, "'");
      }
      o.raw[idx] = true;
      list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    }
  }
  return o;
}

Result<BoundFunction> BindJsonConstructor(bool object, const BindInput& in) {
  const char* fn = object ? "JSON_OBJECT" : "JSON_ARRAY";
  WEIR_ASSIGN_OR_RAISE(OnNull on_null, ParseOnNull(fn, in, /*default_absent=*/!object));
  if (object && in.types.size() % 2 != 1 && !in.types.empty()) {
    return Status::Invalid("JSON_OBJECT takes an ON NULL mode and key/value pairs");
  }
  BoundFunction f;
  f.return_type = LogicalType::String(false);
  f.operand_types = in.types;
  for (size_t i = 1; i < in.types.size(); ++i) {
    if (object && i % 2 == 1 && !in.types[i].is_string()) {
      return Status::TypeError("JSON_OBJECT keys must be strings, got ", in.types[i].ToString());
    }
    if (in.types[i].id() == TypeId::kNull) f.operand_types[i] = LogicalType::String();
  }
  LogicalType rt = f.return_type;
  f.kernel = [=](const EvalContext& c, const std::vector<Datum>& a,
                 int64_t n) -> Result<ColumnPtr> {
    StringBuilder b(rt, c.pool);
    WEIR_RETURN_NOT_OK(b.Reserve(n));
    std::string out;
    for (int64_t i = 0; i < n; ++i) {
      out.clear();
      out += object ? '{' : '[';
      bool first = true;
      size_t step = object ? 2 : 1;
      for (size_t k = 1; k + step - 1 < a.size(); k += step) {
        size_t vi = object ? k + 1 : k;
        const Datum& val = a[vi];
        int64_t row = val.scalar ? 0 : i;
        bool null = val.IsNull(i) || (on_null.raw[vi] && StrAt(val, i).empty());
        if (null && on_null.absent) continue;
        if (!first) out += ',';
        first = false;
        if (object) {
          if (a[k].IsNull(i)) return Status::Invalid("JSON_OBJECT: a key is NULL");
          AppendJsonQuoted(out, StrAt(a[k], i));
          out += ':';
        }
        if (null) {
          out += "null";
        } else if (on_null.raw[vi]) {
          out += StrAt(val, i);
        } else {
          AppendJsonOfValue(out, *val.column, row);
        }
      }
      out += object ? '}' : ']';
      WEIR_RETURN_NOT_OK(b.Append(out));
    }
    return b.Finish();
  };
  return f;
}

Result<BoundFunction> BindJsonString(const BindInput& in) {
  WEIR_RETURN_NOT_OK(CheckArity("JSON_STRING", in, 1));
  BoundFunction f;
  f.return_type = LogicalType::String(in.types[0].nullable());
  f.operand_types = in.types;
  LogicalType rt = f.return_type;
  f.kernel = [rt](const EvalContext& c, const std::vector<Datum>& a, int64_t n) {
    return StringRowLoop(c, a, n, rt, [&](int64_t i, std::string& out) {
      AppendJsonOfValue(out, *a[0].column, a[0].scalar ? 0 : i);
      return true;
    });
  };
  return f;
}

Result<BoundFunction> BindJsonRaw(const BindInput& in) {
  WEIR_RETURN_NOT_OK(CheckArity("JSON", in, 1));
  WEIR_RETURN_NOT_OK(CheckJsonInput("JSON", in));
  BoundFunction f;
  f.return_type = LogicalType::String(true);
  f.operand_types = {LogicalType::String(in.types[0].nullable())};
  LogicalType rt = f.return_type;
  f.kernel = [rt](const EvalContext& c, const std::vector<Datum>& a, int64_t n) {
    JsonDocument doc;
    Status bad;
    auto out = StringRowLoop(c, a, n, rt, [&](int64_t i, std::string& out) {
      std::string_view s = StrAt(a[0], i);
      if (s.empty()) return false;
      if (!doc.Parse(s) && bad.ok()) bad = Status::Invalid("JSON: invalid JSON text: ", s);
      out.append(s);
      return true;
    });
    if (!bad.ok()) return Result<ColumnPtr>(bad);
    return out;
  };
  return f;
}

// ---- JSON_QUOTE / JSON_UNQUOTE / JSON_LENGTH / JSON_TYPE ----

bool JsonQuote(std::string_view s, std::string& out) {
  formats::json::AppendQuoted(out, s, {.escape_slash = true, .lower_hex = true});
  return true;
}

bool JsonUnquote(std::string_view s, std::string& out) {
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') {
    JsonDocument doc;
    if (doc.Parse(s) && doc.node(doc.root()).kind == JsonKind::kString) {
      doc.AppendString(doc.root(), out);
      return true;
    }
  }
  out.append(s);
  return true;
}

// JSON_LENGTH(json[, path]) and JSON_TYPE(json[, path]): NULL for invalid JSON, a malformed
// path or one that does not select exactly one value (a wildcard matching 2+ nodes).
BindFn JsonInspect(bool length) {
  return [length](const BindInput& in) -> Result<BoundFunction> {
    const char* name = length ? "JSON_LENGTH" : "JSON_TYPE";
    if (in.types.empty() || in.types.size() > 2) return NoMatchingSignature(name, in.types);
    WEIR_RETURN_NOT_OK(CheckJsonInput(name, in));
    if (length && in.types.size() == 2) {
      const Value* p = in.constant(1);
      if (p != nullptr && !p->is_null()) {
        std::string_view text = p->string_value();
        size_t b = text.find_first_not_of(" \t\n\r");
        if (b != std::string_view::npos && text[b] != '$') {
          return Status::Invalid("JSON_LENGTH: the path must not carry a lax/strict mode: ", text);
        }
      }
    }
    BoundFunction f;
    f.return_type = length ? LogicalType::Int(true) : LogicalType::String(true);
    f.operand_types.assign(in.types.size(), LogicalType::String());
    LogicalType rt = f.return_type;
    f.kernel = [length, rt](const EvalContext& c, const std::vector<Datum>& a,
                            int64_t n) -> Result<ColumnPtr> {
      JsonDocument doc;
      JsonPathResult res;
      PathCache paths;
      std::vector<int32_t> lengths(static_cast<size_t>(n), 0);
      std::vector<uint8_t> valid(static_cast<size_t>(n), 0);
      StringBuilder types(rt, c.pool);
      for (int64_t i = 0; i < n; ++i) {
        bool ok = !a[0].IsNull(i) && (a.size() < 2 || !a[1].IsNull(i)) && doc.Parse(StrAt(a[0], i));
        int32_t node = ok ? doc.root() : -1;
        if (ok && a.size() == 2) {
          std::string why;
          std::string path_text = "lax " + std::string(StrAt(a[1], i));
          const JsonPath* path = paths.Get(path_text, &why);
          ok = path != nullptr;
          if (ok) {
            EvaluateJsonPath(doc, *path, &res);
            if (res.kind == JsonPathResult::Kind::kNode) {
              node = res.node;
            } else if (res.kind == JsonPathResult::Kind::kList && res.list.size() == 1) {
              node = res.list[0];
            } else {
              ok = false;
            }
          }
        }
        auto row = static_cast<size_t>(i);
        if (length) {
          if (ok) {
            const JsonNode& nd = doc.node(node < 0 ? 0 : node);
            bool container = nd.kind == JsonKind::kArray || nd.kind == JsonKind::kObject;
            lengths[row] = container ? nd.num_children : 1;
            valid[row] = 1;
          }
          continue;
        }
        if (!ok) {
          WEIR_RETURN_NOT_OK(types.AppendNull());
          continue;
        }
        static const char* kNames[] = {"null",   "boolean", "boolean", "number",
                                       "string", "array",   "object"};
        WEIR_RETURN_NOT_OK(types.Append(kNames[static_cast<int>(doc.node(node).kind)]));
      }
      if (!length) return types.Finish();
      WEIR_ASSIGN_OR_RAISE(auto values, AllocateValues<int32_t>(n, c.pool));
      std::copy(lengths.begin(), lengths.end(), values->mutable_data_as<int32_t>());
      WEIR_ASSIGN_OR_RAISE(auto vb, AllocateBits(n, c.pool));
      PackBytes(valid.data(), n, vb->mutable_data());
      return MakeFixedColumn(rt, n, std::move(values), CountNulls(vb, n) ? vb : nullptr);
    };
    return f;
  };
}

BindFn JsonStringFunction(const char* name, bool (*fn)(std::string_view, std::string&)) {
  return [name, fn](const BindInput& in) -> Result<BoundFunction> {
    WEIR_RETURN_NOT_OK(CheckArity(name, in, 1));
    WEIR_RETURN_NOT_OK(CheckJsonInput(name, in));
    BoundFunction f;
    f.return_type = LogicalType::String(in.types[0].nullable());
    f.operand_types = {LogicalType::String(in.types[0].nullable())};
    LogicalType rt = f.return_type;
    f.kernel = [rt, fn](const EvalContext& c, const std::vector<Datum>& a, int64_t n) {
      return StringRowLoop(c, a, n, rt,
                           [&](int64_t i, std::string& out) { return fn(StrAt(a[0], i), out); });
    };
    return f;
  };
}

}  // namespace

void AppendJsonOfValue(std::string& out, const ColumnVector& col, int64_t i) {
  if (col.IsNull(i)) {
    out += "null";
    return;
  }
  const LogicalType& t = col.type();
  switch (t.id()) {
    case TypeId::kBoolean:
      out += col.BoolValue(i) ? "true" : "false";
      return;
    case TypeId::kTinyInt:
      out += std::to_string(col.Value<int8_t>(i));
      return;
    case TypeId::kSmallInt:
      out += std::to_string(col.Value<int16_t>(i));
      return;
    case TypeId::kInt:
      out += std::to_string(col.Value<int32_t>(i));
      return;
    case TypeId::kBigInt:
      out += std::to_string(col.Value<int64_t>(i));
      return;
    case TypeId::kFloat:
      java::AppendFloat(out, col.Value<float>(i));
      return;
    case TypeId::kDouble:
      java::AppendDouble(out, col.Value<double>(i));
      return;
    case TypeId::kDecimal:
      out += col.DecimalValue(i).ToString(t.scale());
      return;
    case TypeId::kChar:
    case TypeId::kVarChar:
      AppendJsonQuoted(out, col.StringValue(i));
      return;
    case TypeId::kDate: {
      std::string s;
      java::AppendLocalDate(s, col.Value<int32_t>(i));
      AppendJsonQuoted(out, s);
      return;
    }
    case TypeId::kTime: {
      std::string s;
      java::AppendLocalTime(s, col.Value<int64_t>(i));
      AppendJsonQuoted(out, s);
      return;
    }
    case TypeId::kTimestamp:
    case TypeId::kTimestampLtz: {
      int64_t per = UnitsPerSecond(TimestampUnit(t.precision()));
      int64_t v = col.Value<int64_t>(i);
      int64_t sec = v / per - (v % per < 0 ? 1 : 0);
      auto frac = static_cast<int32_t>((v - sec * per) * (1000000000 / per));
      std::string s;
      if (t.id() == TypeId::kTimestamp) {
        java::AppendLocalDateTime(s, sec, frac);
      } else {
        java::AppendInstant(s, sec, frac);
      }
      AppendJsonQuoted(out, s);
      return;
    }
    case TypeId::kArray: {
      const ColumnVector& e = *col.child(0);
      out += '[';
      for (int64_t k = col.ListOffset(i); k < col.ListOffset(i) + col.ListLength(i); ++k) {
        if (k > col.ListOffset(i)) out += ',';
        AppendJsonOfValue(out, e, k);
      }
      out += ']';
      return;
    }
    case TypeId::kMap:
    case TypeId::kMultiset: {
      const ColumnVector& entries = *col.child(0);
      out += '{';
      for (int64_t k = col.ListOffset(i); k < col.ListOffset(i) + col.ListLength(i); ++k) {
        if (k > col.ListOffset(i)) out += ',';
        std::string key;
        AppendJsonOfValue(key, *entries.child(0), k);
        if (key.empty() || key[0] != '"') {
          AppendJsonQuoted(out, key);
        } else {
          out += key;
        }
        out += ':';
        AppendJsonOfValue(out, *entries.child(1), k);
      }
      out += '}';
      return;
    }
    case TypeId::kRow: {
      out += '{';
      for (size_t f = 0; f < t.fields().size(); ++f) {
        if (f > 0) out += ',';
        AppendJsonQuoted(out, t.fields()[f].name);
        out += ':';
        AppendJsonOfValue(out, *col.child(static_cast<int>(f)), i);
      }
      out += '}';
      return;
    }
    default: {
      // Binaries and intervals: their text form as a JSON string.
      std::string s;
      AppendValueText(s, col, i);
      AppendJsonQuoted(out, s);
      return;
    }
  }
}

std::vector<ExprPtr> MarkRawJsonArguments(std::string_view name, std::vector<ExprPtr> args) {
  std::string upper = UpperName(name);
  if ((upper != "JSON_OBJECT" && upper != "JSON_ARRAY") || args.empty()) return args;
  const ExprPtr& mode = args[0];
  if (mode->kind() != ExprKind::kLiteral || !mode->type().is_string() ||
      mode->literal().is_null() || mode->literal().string_value().find(':') != std::string::npos) {
    return args;
  }
  std::string list;
  for (size_t i = 1; i < args.size(); ++i) {
    const Expr& a = *args[i];
    bool value_position = upper == "JSON_ARRAY" || i % 2 == 0;
    if (value_position && a.kind() == ExprKind::kCall &&
        (a.name() == "JSON_OBJECT" || a.name() == "JSON_ARRAY" || a.name() == "JSON")) {
      if (!list.empty()) list += ',';
      list += std::to_string(i);
    }
  }
  if (list.empty()) return args;
  std::string text = mode->literal().string_value() + ":" + list;
  auto len = static_cast<int32_t>(text.size());
  args[0] = Expr::Literal(Value(std::move(text)), LogicalType::VarChar(len, false));
  return args;
}

void RegisterJsonFunctions(FunctionRegistry* r) {
  const std::pair<const char*, JsonShape> shapes[] = {{"VALUE", JsonShape::kValue},
                                                      {"SCALAR", JsonShape::kScalar},
                                                      {"ARRAY", JsonShape::kArray},
                                                      {"OBJECT", JsonShape::kObject}};
  for (const auto& [word, shape] : shapes) {
    std::string is = std::string("IS JSON ") + word;
    std::string is_not = std::string("IS NOT JSON ") + word;
    std::vector<std::string> a1, a2;
    if (shape == JsonShape::kValue) {
      a1 = {"IS JSON"};
      a2 = {"IS NOT JSON"};
    }
    r->Register({is, "json", IsJson(shape, false)}, a1);
    r->Register({is_not, "json", IsJson(shape, true)}, a2);
  }
  r->Register({"JSON_EXISTS", "json", BindJsonExists});
  r->Register({"JSON_VALUE", "json", BindJsonValue});
  r->Register({"JSON_QUERY", "json", BindJsonQuery});
  r->Register(
      {"JSON_OBJECT", "json", [](const BindInput& in) { return BindJsonConstructor(true, in); }});
  r->Register(
      {"JSON_ARRAY", "json", [](const BindInput& in) { return BindJsonConstructor(false, in); }});
  r->Register({"JSON_STRING", "json", BindJsonString});
  r->Register({"JSON", "json", BindJsonRaw});
  r->Register({"JSON_QUOTE", "string", JsonStringFunction("JSON_QUOTE", JsonQuote)});
  r->Register({"JSON_UNQUOTE", "string", JsonStringFunction("JSON_UNQUOTE", JsonUnquote)});
  r->Register({"JSON_LENGTH", "json", JsonInspect(true)});
  r->Register({"JSON_TYPE", "json", JsonInspect(false)});
}

}  // namespace weir::sql
