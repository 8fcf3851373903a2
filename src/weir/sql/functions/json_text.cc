// JSON reader, writer and SQL/JSON path evaluation of the JSON functions.
#include "weir/sql/functions/json_text.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

#include "weir/common/batch/java_format.h"
#include "weir/common/utf8.h"
#include "weir/formats/json/json_scanner.h"

namespace weir::sql {
namespace {

constexpr int kMaxDepth = 1000;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

void SkipSpace(std::string_view t, size_t* pos) {
  while (*pos < t.size() && IsSpace(t[*pos])) ++*pos;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool ReadHex4(std::string_view raw, size_t pos, uint32_t* out) {
  if (pos + 4 > raw.size()) return false;
  uint32_t v = 0;
  for (size_t k = 0; k < 4; ++k) {
    int d = HexDigit(raw[pos + k]);
    if (d < 0) return false;
    v = (v << 4) | static_cast<uint32_t>(d);
  }
  *out = v;
  return true;
}

}  // namespace

bool DecodeJsonString(std::string_view raw, std::string& out) {
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c != '\\') {
      out += c;
      continue;
    }
    if (++i >= raw.size()) return false;
    switch (raw[i]) {
      case '"':
        out += '"';
        break;
      case '\\':
        out += '\\';
        break;
      case '/':
        out += '/';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'u': {
        uint32_t cp = 0;
        if (!ReadHex4(raw, i + 1, &cp)) return false;
        i += 4;
        if (cp >= 0xD800 && cp < 0xDC00 && i + 6 < raw.size() && raw[i + 1] == '\\' &&
            raw[i + 2] == 'u') {
          uint32_t lo = 0;
          if (ReadHex4(raw, i + 3, &lo) && lo >= 0xDC00 && lo < 0xE000) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            i += 6;
          }
        }
        AppendUtf8(out, cp);
        break;
      }
      default:
        return false;
    }
  }
  return true;
}

void AppendJsonQuoted(std::string& out, std::string_view s) {
  // The same escaping as the JSON format writes (Jackson's: quotes, backslashes, controls).
  formats::json::AppendQuoted(out, s);
}

void AppendJsonNumber(std::string& out, std::string_view number) {
  bool integral = number.find_first_of(".eE") == std::string_view::npos;
  if (integral) {
    out.append(number);
    return;
  }
  double v = 0;
  auto r = std::from_chars(number.data(), number.data() + number.size(), v);
  if (r.ec != std::errc()) {  // out of range: Jackson yields an infinity
    v = number[0] == '-' ? -HUGE_VAL : HUGE_VAL;
  }
  java::AppendDouble(out, v);
}

// ---- reader ----

bool JsonDocument::Parse(std::string_view text) {
  text_ = text;
  nodes_.clear();
  if (text.size() >= UINT32_MAX) return false;
  size_t pos = 0;
  SkipSpace(text, &pos);
  if (!ParseValue(&pos, 0)) return false;
  SkipSpace(text, &pos);
  return pos == text.size();
}

bool JsonDocument::ParseString(size_t* pos, uint32_t* begin, uint32_t* end) {
  // *pos is at the opening quote.
  size_t i = *pos + 1;
  *begin = static_cast<uint32_t>(i);
  while (i < text_.size()) {
    char c = text_[i];
    if (c == '"') {
      *end = static_cast<uint32_t>(i);
      *pos = i + 1;
      return true;
    }
    if (static_cast<uint8_t>(c) < 0x20) return false;
    if (c == '\\') {
      if (i + 1 >= text_.size()) return false;
      char e = text_[i + 1];
      if (e == 'u') {
        uint32_t cp;
        if (!ReadHex4(text_, i + 2, &cp)) return false;
        i += 6;
        continue;
      }
      if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' && e != 'r' &&
          e != 't') {
        return false;
      }
      i += 2;
      continue;
    }
    ++i;
  }
  return false;
}

bool JsonDocument::ParseNumber(size_t* pos) {
  size_t i = *pos;
  auto digit = [&](size_t k) { return k < text_.size() && text_[k] >= '0' && text_[k] <= '9'; };
  if (i < text_.size() && text_[i] == '-') ++i;
  if (!digit(i)) return false;
  if (text_[i] == '0') {
    ++i;
  } else {
    while (digit(i)) ++i;
  }
  if (i < text_.size() && text_[i] == '.') {
    ++i;
    if (!digit(i)) return false;
    while (digit(i)) ++i;
  }
  if (i < text_.size() && (text_[i] == 'e' || text_[i] == 'E')) {
    ++i;
    if (i < text_.size() && (text_[i] == '+' || text_[i] == '-')) ++i;
    if (!digit(i)) return false;
    while (digit(i)) ++i;
  }
  *pos = i;
  return true;
}

bool JsonDocument::ParseValue(size_t* pos, int depth) {
  if (depth > kMaxDepth || *pos >= text_.size()) return false;
  auto idx = static_cast<int32_t>(nodes_.size());
  nodes_.emplace_back();
  char c = text_[*pos];
  auto at = [&]() -> JsonNode& { return nodes_[static_cast<size_t>(idx)]; };
  at().begin = static_cast<uint32_t>(*pos);
  auto literal = [&](std::string_view word, JsonKind kind) {
    if (text_.substr(*pos, word.size()) != word) return false;
    *pos += word.size();
    at().kind = kind;
    at().end = static_cast<uint32_t>(*pos);
    return true;
  };
  switch (c) {
    case 'n':
      return literal("null", JsonKind::kNull);
    case 't':
      return literal("true", JsonKind::kTrue);
    case 'f':
      return literal("false", JsonKind::kFalse);
    case '"': {
      uint32_t b, e;
      if (!ParseString(pos, &b, &e)) return false;
      at().kind = JsonKind::kString;
      at().begin = b;
      at().end = e;
      return true;
    }
    case '[':
    case '{': {
      bool object = c == '{';
      at().kind = object ? JsonKind::kObject : JsonKind::kArray;
      ++*pos;
      SkipSpace(text_, pos);
      char close = object ? '}' : ']';
      int32_t prev = -1;
      if (*pos < text_.size() && text_[*pos] == close) {
        ++*pos;
        at().end = static_cast<uint32_t>(*pos);
        return true;
      }
      while (true) {
        uint32_t kb = 0, ke = 0;
        if (object) {
          if (*pos >= text_.size() || text_[*pos] != '"') return false;
          if (!ParseString(pos, &kb, &ke)) return false;
          SkipSpace(text_, pos);
          if (*pos >= text_.size() || text_[*pos] != ':') return false;
          ++*pos;
          SkipSpace(text_, pos);
        }
        auto child = static_cast<int32_t>(nodes_.size());
        if (!ParseValue(pos, depth + 1)) return false;
        nodes_[static_cast<size_t>(child)].key_begin = kb;
        nodes_[static_cast<size_t>(child)].key_end = ke;
        if (prev < 0) {
          at().first_child = child;
        } else {
          nodes_[static_cast<size_t>(prev)].next = child;
        }
        prev = child;
        ++at().num_children;
        SkipSpace(text_, pos);
        if (*pos >= text_.size()) return false;
        if (text_[*pos] == ',') {
          ++*pos;
          SkipSpace(text_, pos);
          continue;
        }
        if (text_[*pos] != close) return false;
        ++*pos;
        at().end = static_cast<uint32_t>(*pos);
        return true;
      }
    }
    default:
      if (c == '-' || (c >= '0' && c <= '9')) {
        if (!ParseNumber(pos)) return false;
        at().kind = JsonKind::kNumber;
        at().end = static_cast<uint32_t>(*pos);
        return true;
      }
      return false;
  }
}

int32_t JsonDocument::FindMember(int32_t obj, std::string_view key) const {
  const JsonNode& o = node(obj);
  std::string decoded;
  for (int32_t c = o.first_child; c >= 0; c = node(c).next) {
    std::string_view raw = Span(node(c).key_begin, node(c).key_end);
    if (raw.find('\\') == std::string_view::npos) {
      if (raw == key) return c;
      continue;
    }
    decoded.clear();
    if (DecodeJsonString(raw, decoded) && decoded == key) return c;
  }
  return -1;
}

int32_t JsonDocument::Element(int32_t arr, int64_t idx) const {
  const JsonNode& a = node(arr);
  if (idx < 0 || idx >= a.num_children) return -1;
  int32_t c = a.first_child;
  for (int64_t k = 0; k < idx; ++k) c = node(c).next;
  return c;
}

void JsonDocument::AppendString(int32_t i, std::string& out) const {
  std::string_view raw = Span(node(i).begin, node(i).end);
  if (raw.find('\\') == std::string_view::npos) {
    out.append(raw);
  } else {
    DecodeJsonString(raw, out);  // validated by Parse
  }
}

void JsonDocument::AppendJson(int32_t i, std::string& out) const {
  const JsonNode& n = node(i);
  switch (n.kind) {
    case JsonKind::kNull:
      out += "null";
      return;
    case JsonKind::kTrue:
      out += "true";
      return;
    case JsonKind::kFalse:
      out += "false";
      return;
    case JsonKind::kNumber:
      AppendJsonNumber(out, Span(n.begin, n.end));
      return;
    case JsonKind::kString: {
      std::string_view raw = Span(n.begin, n.end);
      if (raw.find('\\') == std::string_view::npos) {
        AppendJsonQuoted(out, raw);
      } else {
        std::string decoded;
        DecodeJsonString(raw, decoded);
        AppendJsonQuoted(out, decoded);
      }
      return;
    }
    case JsonKind::kArray:
    case JsonKind::kObject: {
      bool object = n.kind == JsonKind::kObject;
      out += object ? '{' : '[';
      for (int32_t c = n.first_child; c >= 0; c = node(c).next) {
        if (c != n.first_child) out += ',';
        if (object) {
          std::string_view raw = Span(node(c).key_begin, node(c).key_end);
          if (raw.find('\\') == std::string_view::npos) {
            AppendJsonQuoted(out, raw);
          } else {
            std::string key;
            DecodeJsonString(raw, key);
            AppendJsonQuoted(out, key);
          }
          out += ':';
        }
        AppendJson(c, out);
      }
      out += object ? '}' : ']';
      return;
    }
  }
}

void JsonDocument::AppendScalarText(int32_t i, std::string& out) const {
  if (node(i).kind == JsonKind::kString) {
    AppendString(i, out);
  } else {
    AppendJson(i, out);
  }
}

// ---- paths ----

Result<JsonPath> JsonPath::Parse(std::string_view text) {
  JsonPath p;
  size_t i = 0;
  auto fail = [&](std::string_view why) {
    return Status::Invalid("Illegal JSON path '", text, "': ", why);
  };
  auto skip = [&] { SkipSpace(text, &i); };
  skip();
  if (text.substr(i, 3) == "lax" && i + 3 < text.size() && IsSpace(text[i + 3])) {
    p.strict = false;
    i += 3;
  } else if (text.substr(i, 6) == "strict" && i + 6 < text.size() && IsSpace(text[i + 6])) {
    i += 6;
  }
  skip();
  if (i >= text.size() || text[i] != '$') return fail("a path starts with $");
  ++i;
  auto quoted = [&](std::string* out) -> bool {
    char q = text[i++];
    while (i < text.size() && text[i] != q) {
      if (text[i] == '\\' && i + 1 < text.size()) ++i;
      *out += text[i++];
    }
    if (i >= text.size()) return false;
    ++i;
    return true;
  };
  while (true) {
    skip();
    if (i >= text.size()) break;
    if (p.steps.size() >= 256) return fail("more than 256 steps");
    char c = text[i];
    if (c == '.') {
      ++i;
      if (i < text.size() && text[i] == '*') {
        ++i;
        p.steps.push_back({StepKind::kAnyMember, "", 0});
        p.indefinite = true;
        continue;
      }
      if (i < text.size() && text[i] == '[') continue;  // `$.["a.b"]` as Flink accepts
      Step s{StepKind::kMember, "", 0};
      if (i < text.size() && (text[i] == '"' || text[i] == '\'')) {
        if (!quoted(&s.key)) return fail("unterminated quoted name");
      } else {
        size_t b = i;
        while (i < text.size() && text[i] != '.' && text[i] != '[' && !IsSpace(text[i])) ++i;
        if (i == b) return fail("missing member name after '.'");
        s.key = std::string(text.substr(b, i - b));
      }
      p.steps.push_back(std::move(s));
    } else if (c == '[') {
      ++i;
      skip();
      if (i >= text.size()) return fail("unterminated '['");
      if (text[i] == '*') {
        ++i;
        p.steps.push_back({StepKind::kAnyElement, "", 0});
        p.indefinite = true;
      } else if (text[i] == '\'' || text[i] == '"') {
        Step s{StepKind::kMember, "", 0};
        if (!quoted(&s.key)) return fail("unterminated quoted name");
        p.steps.push_back(std::move(s));
      } else {
        int64_t v = 0;
        auto r = std::from_chars(text.data() + i, text.data() + text.size(), v);
        if (r.ec != std::errc() || v < 0) return fail("an array index is a non-negative integer");
        i = static_cast<size_t>(r.ptr - text.data());
        p.steps.push_back({StepKind::kIndex, "", v});
      }
      skip();
      if (i >= text.size() || text[i] != ']') return fail("expected ']'");
      ++i;
    } else {
      return fail("unexpected character");
    }
  }
  return p;
}

namespace {

// Applies steps[from..] to `node`, appending matches of an indefinite path to `out`.
void CollectMatches(const JsonDocument& doc, const JsonPath& path, size_t from, int32_t node,
                    std::vector<int32_t>* out) {
  if (from == path.steps.size()) {
    out->push_back(node);
    return;
  }
  const JsonPath::Step& s = path.steps[from];
  const JsonNode& n = doc.node(node);
  switch (s.kind) {
    case JsonPath::StepKind::kMember:
      if (n.kind == JsonKind::kObject) {
        int32_t c = doc.FindMember(node, s.key);
        if (c >= 0) CollectMatches(doc, path, from + 1, c, out);
      }
      return;
    case JsonPath::StepKind::kIndex:
      if (n.kind == JsonKind::kArray) {
        int32_t c = doc.Element(node, s.index);
        if (c >= 0) CollectMatches(doc, path, from + 1, c, out);
      }
      return;
    case JsonPath::StepKind::kAnyMember:
    case JsonPath::StepKind::kAnyElement:
      if (n.kind == JsonKind::kObject || n.kind == JsonKind::kArray) {
        for (int32_t c = n.first_child; c >= 0; c = doc.node(c).next) {
          CollectMatches(doc, path, from + 1, c, out);
        }
      }
      return;
  }
}

}  // namespace

void EvaluateJsonPath(const JsonDocument& doc, const JsonPath& path, JsonPathResult* out) {
  out->list.clear();
  out->node = -1;
  if (path.indefinite) {
    CollectMatches(doc, path, 0, doc.root(), &out->list);
    out->kind = JsonPathResult::Kind::kList;
    return;
  }
  int32_t cur = doc.root();
  for (const auto& s : path.steps) {
    const JsonNode& n = doc.node(cur);
    int32_t next = -1;
    if (s.kind == JsonPath::StepKind::kMember && n.kind == JsonKind::kObject) {
      next = doc.FindMember(cur, s.key);
    } else if (s.kind == JsonPath::StepKind::kIndex && n.kind == JsonKind::kArray) {
      next = doc.Element(cur, s.index);
    }
    if (next < 0) {
      out->kind = path.strict ? JsonPathResult::Kind::kError : JsonPathResult::Kind::kEmpty;
      return;
    }
    cur = next;
  }
  out->kind = JsonPathResult::Kind::kNode;
  out->node = cur;
}

void AppendJsonList(const JsonDocument& doc, const std::vector<int32_t>& list, std::string& out) {
  out += '[';
  for (size_t k = 0; k < list.size(); ++k) {
    if (k > 0) out += ',';
    doc.AppendJson(list[k], out);
  }
  out += ']';
}

}  // namespace weir::sql
