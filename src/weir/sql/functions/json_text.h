// JSON text for the SQL/JSON functions: a reusable flat document reader, SQL/JSON paths and a
// compact writer that prints values as Flink (Jackson) does.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "weir/common/result.h"

namespace weir::sql {

enum class JsonKind : uint8_t { kNull, kFalse, kTrue, kNumber, kString, kArray, kObject };

/// One value of a parsed document. Spans index the source text; strings keep their escapes
/// (span inside the quotes) and are decoded on demand.
struct JsonNode {
  JsonKind kind = JsonKind::kNull;
  uint32_t begin = 0, end = 0;          // the value's text (strings: without quotes)
  uint32_t key_begin = 0, key_end = 0;  // member name inside an object (without quotes)
  int32_t first_child = -1;             // arrays and objects
  int32_t next = -1;                    // next sibling in the parent
  int32_t num_children = 0;
};

/// A parsed JSON document stored as a flat node vector. Parse() reuses the vector, so a
/// kernel that keeps one document per batch allocates only while the largest row grows it.
class JsonDocument {
 public:
  /// Parses `text` (RFC 8259, any value at top level, whitespace around it); returns false
  /// on malformed input or nesting deeper than 1,000 levels. `text` must outlive the document.
  bool Parse(std::string_view text);

  const JsonNode& node(int32_t i) const { return nodes_[static_cast<size_t>(i)]; }
  /// Returns the root node index (0) after a successful Parse.
  int32_t root() const { return 0; }
  std::string_view text() const { return text_; }
  std::string_view Span(uint32_t b, uint32_t e) const { return text_.substr(b, e - b); }

  /// Returns the child of object `obj` named `key` (decoded comparison), or -1.
  int32_t FindMember(int32_t obj, std::string_view key) const;
  /// Returns element `idx` (0-based) of array `arr`, or -1.
  int32_t Element(int32_t arr, int64_t idx) const;

  /// Appends the decoded value of a string node.
  void AppendString(int32_t i, std::string& out) const;
  /// Appends node `i` as compact JSON (no spaces, canonical escapes, Java number forms).
  void AppendJson(int32_t i, std::string& out) const;
  /// Appends a scalar node as JSON_VALUE returns it as text (strings unquoted).
  void AppendScalarText(int32_t i, std::string& out) const;

 private:
  bool ParseValue(size_t* pos, int depth);
  bool ParseString(size_t* pos, uint32_t* begin, uint32_t* end);
  bool ParseNumber(size_t* pos);

  std::string_view text_;
  std::vector<JsonNode> nodes_;
};

/// Appends `s` as a JSON string literal with Jackson's escapes.
void AppendJsonQuoted(std::string& out, std::string_view s);
/// Appends a JSON number as Jackson prints the value it parses to: integers as written,
/// numbers with a fraction or exponent as Java's Double.toString.
void AppendJsonNumber(std::string& out, std::string_view number);
/// Decodes the escapes of a JSON string body; returns false on a malformed escape.
bool DecodeJsonString(std::string_view raw, std::string& out);

/// A compiled SQL/JSON path: `[lax|strict] $` followed by `.key`, `."key"`, `['key']`,
/// `["key"]`, `[n]`, `[*]` and `.*` steps.
struct JsonPath {
  enum class StepKind : uint8_t { kMember, kIndex, kAnyMember, kAnyElement };
  struct Step {
    StepKind kind;
    std::string key;
    int64_t index = 0;
  };
  bool strict = true;  // Flink: a path without a mode is strict
  std::vector<Step> steps;
  /// Whether a wildcard makes the result a sequence (Jayway then returns a list).
  bool indefinite = false;

  /// Parses a path; fails with a message naming the path.
  static Result<JsonPath> Parse(std::string_view text);
};

/// The outcome of applying a path to a document.
struct JsonPathResult {
  enum class Kind : uint8_t { kEmpty, kNode, kList, kError };
  Kind kind = Kind::kEmpty;
  int32_t node = -1;
  std::vector<int32_t> list;  // matches of an indefinite path (reused between rows)
};

/// Evaluates `path` on `doc`: a definite path yields one node (or empty/error), an indefinite
/// path yields the list of matches. Lax mode turns structural mismatches into empty results,
/// strict mode into errors.
void EvaluateJsonPath(const JsonDocument& doc, const JsonPath& path, JsonPathResult* out);
/// Appends a result list as a compact JSON array.
void AppendJsonList(const JsonDocument& doc, const std::vector<int32_t>& list, std::string& out);

}  // namespace weir::sql
