// JSON scanning: validation, string unescaping and member walking over validated text.
#include "weir/formats/json/json_scanner.h"

#include "weir/common/utf8.h"

namespace weir::formats::json {

namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

const char* ScanString(std::string_view s, size_t pos, size_t* end) {
  ++pos;  // opening quote
  while (pos < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[pos]);
    if (c == '"') {
      *end = pos + 1;
      return nullptr;
    }
    if (c < 0x20) {
      *end = pos;
      return "unescaped control character in string";
    }
    if (c == '\\') {
      if (pos + 1 >= s.size()) break;
      const char e = s[pos + 1];
      if (e == 'u') {
        if (pos + 6 > s.size()) break;
        for (size_t k = pos + 2; k < pos + 6; ++k) {
          if (HexValue(s[k]) < 0) {
            *end = k;
            return "invalid \\u escape in string";
          }
        }
        pos += 6;
        continue;
      }
      if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' && e != 'r' &&
          e != 't') {
        *end = pos + 1;
        return "invalid escape in string";
      }
      pos += 2;
      continue;
    }
    ++pos;
  }
  *end = s.size();
  return "unterminated string";
}

const char* ScanNumber(std::string_view s, size_t pos, size_t* end) {
  size_t i = pos;
  if (i < s.size() && s[i] == '-') ++i;
  if (i >= s.size() || !IsDigit(s[i])) {
    *end = i;
    return "invalid number";
  }
  if (s[i] == '0') {
    ++i;
  } else {
    while (i < s.size() && IsDigit(s[i])) ++i;
  }
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (i >= s.size() || !IsDigit(s[i])) {
      *end = i;
      return "invalid number";
    }
    while (i < s.size() && IsDigit(s[i])) ++i;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (i >= s.size() || !IsDigit(s[i])) {
      *end = i;
      return "invalid number";
    }
    while (i < s.size() && IsDigit(s[i])) ++i;
  }
  *end = i;
  return nullptr;
}

const char* ScanLiteral(std::string_view s, size_t pos, std::string_view word, size_t* end) {
  if (s.substr(pos, word.size()) != word) {
    *end = pos;
    return "unexpected token";
  }
  *end = pos + word.size();
  return nullptr;
}

const char* Scan(std::string_view s, size_t pos, int depth, size_t* end, JsonKind* kind) {
  if (pos >= s.size()) {
    *end = pos;
    return "unexpected end of input";
  }
  switch (s[pos]) {
    case '"':
      *kind = JsonKind::kString;
      return ScanString(s, pos, end);
    case 't':
      *kind = JsonKind::kTrue;
      return ScanLiteral(s, pos, "true", end);
    case 'f':
      *kind = JsonKind::kFalse;
      return ScanLiteral(s, pos, "false", end);
    case 'n':
      *kind = JsonKind::kNull;
      return ScanLiteral(s, pos, "null", end);
    case '{':
    case '[': {
      const bool object = s[pos] == '{';
      *kind = object ? JsonKind::kObject : JsonKind::kArray;
      if (depth >= kMaxJsonDepth) {
        *end = pos;
        return "nesting too deep";
      }
      const char close = object ? '}' : ']';
      size_t i = SkipSpace(s, pos + 1);
      if (i < s.size() && s[i] == close) {
        *end = i + 1;
        return nullptr;
      }
      while (true) {
        JsonKind k;
        size_t e;
        if (object) {
          if (i >= s.size() || s[i] != '"') {
            *end = i;
            return "expected a field name";
          }
          if (const char* err = ScanString(s, i, &e)) {
            *end = e;
            return err;
          }
          i = SkipSpace(s, e);
          if (i >= s.size() || s[i] != ':') {
            *end = i;
            return "expected ':'";
          }
          i = SkipSpace(s, i + 1);
        }
        if (const char* err = Scan(s, i, depth + 1, &e, &k)) {
          *end = e;
          return err;
        }
        i = SkipSpace(s, e);
        if (i < s.size() && s[i] == ',') {
          i = SkipSpace(s, i + 1);
          continue;
        }
        if (i < s.size() && s[i] == close) {
          *end = i + 1;
          return nullptr;
        }
        *end = i;
        return object ? "expected ',' or '}'" : "expected ',' or ']'";
      }
    }
    default:
      if (s[pos] == '-' || IsDigit(s[pos])) {
        *kind = JsonKind::kNumber;
        return ScanNumber(s, pos, end);
      }
      *end = pos;
      return "unexpected character";
  }
}

uint32_t Hex4(std::string_view s) {
  uint32_t v = 0;
  for (int k = 0; k < 4; ++k) v = v * 16 + static_cast<uint32_t>(HexValue(s[k]));
  return v;
}

}  // namespace

size_t SkipSpace(std::string_view s, size_t pos) {
  while (pos < s.size() && IsSpace(s[pos])) ++pos;
  return pos;
}

const char* ScanValue(std::string_view s, size_t pos, size_t* end, JsonKind* kind) {
  return Scan(s, pos, 0, end, kind);
}

const char* ScanValueAtDepth(std::string_view s, size_t pos, int depth, size_t* end,
                             JsonKind* kind) {
  return Scan(s, pos, depth, end, kind);
}

std::string_view StringContent(std::string_view token, std::string* scratch) {
  const std::string_view raw = token.substr(1, token.size() - 2);
  bool escaped = false;  // a plain loop: strings are short, a memchr call costs more
  for (char c : raw) escaped |= c == '\\';
  if (!escaped) return raw;
  scratch->clear();
  for (size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (c != '\\') {
      scratch->push_back(c);
      continue;
    }
    const char e = raw[++i];
    switch (e) {
      case 'b':
        scratch->push_back('\b');
        break;
      case 'f':
        scratch->push_back('\f');
        break;
      case 'n':
        scratch->push_back('\n');
        break;
      case 'r':
        scratch->push_back('\r');
        break;
      case 't':
        scratch->push_back('\t');
        break;
      case 'u': {
        uint32_t cp = Hex4(raw.substr(i + 1, 4));
        i += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 < raw.size() + 0 && raw[i + 1] == '\\' &&
            raw[i + 2] == 'u') {
          const uint32_t low = Hex4(raw.substr(i + 3, 4));
          if (low >= 0xDC00 && low <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            i += 6;
          }
        }
        if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;  // a lone surrogate
        AppendUtf8(*scratch, cp);
        break;
      }
      default:
        scratch->push_back(e);
        break;  // " \ /
    }
  }
  return *scratch;
}

bool IsFloatingNumber(std::string_view token) {
  return token.find_first_of(".eE") != std::string_view::npos;
}

void AppendCompact(std::string& out, std::string_view v) {
  bool in_string = false;
  for (size_t i = 0; i < v.size(); ++i) {
    const char c = v[i];
    if (in_string) {
      out.push_back(c);
      if (c == '\\') {
        out.push_back(v[++i]);
      } else if (c == '"') {
        in_string = false;
      }
    } else if (!IsSpace(c)) {
      out.push_back(c);
      if (c == '"') in_string = true;
    }
  }
}

bool ObjectWalker::Next(std::string_view* key_token, std::string_view* value, JsonKind* kind) {
  size_t i = SkipSpace(s_, pos_);
  if (i >= s_.size() || s_[i] == '}') return false;
  if (s_[i] == ',') i = SkipSpace(s_, i + 1);
  size_t e;
  ScanString(s_, i, &e);
  *key_token = s_.substr(i, e - i);
  i = SkipSpace(s_, SkipSpace(s_, e) + 1);  // past ':'
  Scan(s_, i, 0, &e, kind);
  *value = s_.substr(i, e - i);
  pos_ = e;
  return true;
}

bool ArrayWalker::Next(std::string_view* value, JsonKind* kind) {
  size_t i = SkipSpace(s_, pos_);
  if (i >= s_.size() || s_[i] == ']') return false;
  if (s_[i] == ',') i = SkipSpace(s_, i + 1);
  size_t e;
  Scan(s_, i, 0, &e, kind);
  *value = s_.substr(i, e - i);
  pos_ = e;
  return true;
}

void AppendQuoted(std::string& out, std::string_view s, QuoteStyle style) {
  const char* hex = style.lower_hex ? "0123456789abcdef" : "0123456789ABCDEF";
  out.push_back('"');
  size_t run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\' && (c != '/' || !style.escape_slash)) continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '/':
        out += "\\/";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += "\\u00";
        out.push_back(hex[c >> 4]);
        out.push_back(hex[c & 15]);
    }
  }
  out.append(s.data() + run, s.size() - run);
  out.push_back('"');
}

}  // namespace weir::formats::json
