// JSON scanning without a DOM: validating a value and finding its extent, unescaping strings,
// and walking the members of objects and arrays that were validated before.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace weir::formats::json {

/// The kind of a JSON value. kNull is 0, the same as PendingRecords::kNullKind.
enum class JsonKind : uint8_t { kNull = 0, kString, kNumber, kTrue, kFalse, kObject, kArray };

/// Nesting deeper than this is rejected as malformed (the walkers recurse).
constexpr int kMaxJsonDepth = 256;

/// Returns the index of the first non-whitespace byte at or after `pos`.
size_t SkipSpace(std::string_view s, size_t pos);

/// Validates the JSON value starting at s[pos] (no leading whitespace). On success sets *end to
/// one past it and *kind, and returns nullptr; otherwise returns what is wrong and sets *end to
/// the offending offset.
const char* ScanValue(std::string_view s, size_t pos, size_t* end, JsonKind* kind);

/// ScanValue for a value nested `depth` levels deep.
const char* ScanValueAtDepth(std::string_view s, size_t pos, int depth, size_t* end,
                             JsonKind* kind);

/// Validates the object starting at s[pos] (a '{') in one pass, calling
/// on_member(key_token, value_token, kind) for each member in order. On success sets *end to
/// one past the object and returns nullptr; otherwise returns what is wrong (members seen
/// before the error have been reported).
template <typename OnMember>
const char* ScanObject(std::string_view s, size_t pos, size_t* end, OnMember&& on_member) {
  size_t i = SkipSpace(s, pos + 1);
  if (i < s.size() && s[i] == '}') {
    *end = i + 1;
    return nullptr;
  }
  while (true) {
    size_t e;
    JsonKind kind;
    if (i >= s.size() || s[i] != '"') {
      *end = i;
      return "expected a field name";
    }
    if (const char* err = ScanValueAtDepth(s, i, 1, &e, &kind)) {
      *end = e;
      return err;
    }
    const std::string_view key = s.substr(i, e - i);
    i = SkipSpace(s, e);
    if (i >= s.size() || s[i] != ':') {
      *end = i;
      return "expected ':'";
    }
    i = SkipSpace(s, i + 1);
    if (const char* err = ScanValueAtDepth(s, i, 1, &e, &kind)) {
      *end = e;
      return err;
    }
    on_member(key, s.substr(i, e - i), kind);
    i = SkipSpace(s, e);
    if (i < s.size() && s[i] == ',') {
      i = SkipSpace(s, i + 1);
      continue;
    }
    if (i < s.size() && s[i] == '}') {
      *end = i + 1;
      return nullptr;
    }
    *end = i;
    return "expected ',' or '}'";
  }
}

/// Returns the content of a validated string token (without its quotes) as text, unescaped
/// into `scratch` when it holds escapes.
std::string_view StringContent(std::string_view token, std::string* scratch);

/// Returns whether a validated number token has a fraction or an exponent.
bool IsFloatingNumber(std::string_view token);

/// Appends a validated JSON value without insignificant whitespace.
void AppendCompact(std::string& out, std::string_view value);

/// Walks the members of a validated object token: Next() yields each key's raw token and its
/// value token.
class ObjectWalker {
 public:
  explicit ObjectWalker(std::string_view object) : s_(object), pos_(1) {}
  /// Moves to the next member; false at the end.
  bool Next(std::string_view* key_token, std::string_view* value, JsonKind* kind);

 private:
  std::string_view s_;
  size_t pos_;
};

/// Walks the elements of a validated array token.
class ArrayWalker {
 public:
  explicit ArrayWalker(std::string_view array) : s_(array), pos_(1) {}
  /// Moves to the next element; false at the end.
  bool Next(std::string_view* value, JsonKind* kind);

 private:
  std::string_view s_;
  size_t pos_;
};

/// How AppendQuoted escapes beyond '"', '\\' and control characters.
struct QuoteStyle {
  bool escape_slash = false;  // '/' as "\/" (SQL's JSON_QUOTE)
  bool lower_hex = false;     // \u00xx instead of \u00XX
};

/// Appends `s` as a JSON string literal with quotes, escaping as Jackson does by default ('"',
/// '\\' and control characters; \u00XX in upper-case hex for those without a short form).
void AppendQuoted(std::string& out, std::string_view s, QuoteStyle style = {});

}  // namespace weir::formats::json
