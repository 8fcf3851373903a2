// String functions over UTF-8 (character positions count code points as Flink does).
#include <locale.h>

#include <clocale>
#include <cstring>
#include <cwctype>

#include "weir/sql/functions/builtin_functions.h"
#include "weir/sql/functions/string_loops.h"

namespace weir::sql {

int64_t IntAt(const Datum& d, int64_t i) {
  int64_t row = d.scalar ? 0 : i;
  switch (d.type().id()) {
    case TypeId::kTinyInt:
      return d.column->Value<int8_t>(row);
    case TypeId::kSmallInt:
      return d.column->Value<int16_t>(row);
    case TypeId::kInt:
      return d.column->Value<int32_t>(row);
    default:
      return d.column->Value<int64_t>(row);
  }
}

int64_t Utf8Length(std::string_view s) {
  int64_t n = 0;
  for (char c : s) n += (static_cast<uint8_t>(c) & 0xC0) != 0x80;
  return n;
}

size_t Utf8Offset(std::string_view s, int64_t cp) {
  if (cp <= 0) return 0;
  int64_t seen = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<uint8_t>(s[i]) & 0xC0) != 0x80) {
      if (seen == cp) return i;
      ++seen;
    }
  }
  return s.size();
}

uint32_t Utf8Decode(std::string_view s, size_t* pos) {
  auto b = [&](size_t k) { return static_cast<uint8_t>(s[k]); };
  uint8_t c = b(*pos);
  int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
  if (*pos + static_cast<size_t>(len) > s.size()) len = 1;
  uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
  for (int k = 1; k < len; ++k) {
    if ((b(*pos + static_cast<size_t>(k)) & 0xC0) != 0x80) {
      len = 1;
      cp = c;
      break;
    }
    cp = (cp << 6) | (b(*pos + static_cast<size_t>(k)) & 0x3F);
  }
  *pos += static_cast<size_t>(len);
  return cp;
}

namespace {

// Argument kinds of a string function signature: 'S' string, 'I' integer (as INT),
// 'L' integer (as BIGINT), 'X' string or binary (kept), 'N' numeric or string (kept).
Result<std::vector<LogicalType>> CheckSignature(std::string_view name, const BindInput& in,
                                                std::string_view kinds, size_t min_args) {
  if (in.types.size() < min_args || in.types.size() > kinds.size()) {
    return NoMatchingSignature(name, in.types);
  }
  std::vector<LogicalType> out;
  for (size_t i = 0; i < in.types.size(); ++i) {
    const LogicalType& t = in.types[i];
    bool null = t.id() == TypeId::kNull;
    switch (kinds[i]) {
      case 'S':
        if (!t.is_string() && !null) return NoMatchingSignature(name, in.types);
        out.push_back(null ? LogicalType::String() : t);
        break;
      case 'I':
      case 'L':
        if (!t.is_integer() && !null) return NoMatchingSignature(name, in.types);
        out.push_back(kinds[i] == 'I' ? LogicalType::Int(t.nullable())
                                      : LogicalType::BigInt(t.nullable()));
        break;
      case 'X':
        if (!t.is_string() && !t.is_binary() && !null) return NoMatchingSignature(name, in.types);
        out.push_back(null ? LogicalType::String() : t);
        break;
      default:
        if (!t.is_string() && !t.is_numeric() && !t.is_binary() && !null) {
          return NoMatchingSignature(name, in.types);
        }
        out.push_back(null ? LogicalType::String() : t);
        break;
    }
  }
  return out;
}

bool AnyNullable(const BindInput& in) {
  for (const auto& t : in.types) {
    if (t.nullable()) return true;
  }
  return false;
}

using RowStringFn = std::function<bool(const std::vector<Datum>&, int64_t, std::string&)>;

// A function from the kinds signature to STRING, computed row by row.
BindFn StringFunction(const char* name, std::string_view kinds, size_t min_args, RowStringFn fn,
                      bool may_return_null = false) {
  std::string k(kinds);
  return [=](const BindInput& in) -> Result<BoundFunction> {
    WEIR_ASSIGN_OR_RAISE(auto ops, CheckSignature(name, in, k, min_args));
    BoundFunction f;
    f.return_type = LogicalType::String(AnyNullable(in) || may_return_null);
    f.operand_types = ops;
    LogicalType rt = f.return_type;
    f.kernel = [fn, rt](const EvalContext& c, const std::vector<Datum>& a, int64_t n) {
      return StringRowLoop(c, a, n, rt, [&](int64_t i, std::string& out) { return fn(a, i, out); });
    };
    return f;
  };
}

// A function from the kinds signature to INT.
BindFn IntFunction(const char* name, std::string_view kinds, size_t min_args,
                   std::function<int32_t(const std::vector<Datum>&, int64_t)> fn) {
  std::string k(kinds);
  return [=](const BindInput& in) -> Result<BoundFunction> {
    WEIR_ASSIGN_OR_RAISE(auto ops, CheckSignature(name, in, k, min_args));
    BoundFunction f;
    f.return_type = LogicalType::Int(AnyNullable(in));
    f.operand_types = ops;
    LogicalType rt = f.return_type;
    f.kernel = [fn, rt](const EvalContext& c, const std::vector<Datum>& a, int64_t n) {
      return FixedRowLoop<int32_t>(c, a, n, rt, [&](int64_t i) { return fn(a, i); });
    };
    return f;
  };
}

// ---- case mapping ----

locale_t Utf8Locale() {
  static locale_t loc = [] {
    locale_t l = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
    return l;
  }();
  return loc;
}

uint32_t MapCase(uint32_t cp, bool upper) {
  locale_t loc = Utf8Locale();
  if (loc == static_cast<locale_t>(nullptr)) return cp;
  return static_cast<uint32_t>(upper ? towupper_l(static_cast<wint_t>(cp), loc)
                                     : towlower_l(static_cast<wint_t>(cp), loc));
}

// Maps ASCII letters of `len` bytes; the restrict pointers and branch-free body let the
// compiler vectorise the loop.
void MapAsciiCase(const uint8_t* __restrict src, int64_t len, uint8_t* __restrict out, bool upper) {
  const uint8_t first = upper ? 'a' : 'A';
  for (int64_t i = 0; i < len; ++i) {
    uint8_t ch = src[i];
    uint8_t is_letter = static_cast<uint8_t>(static_cast<uint8_t>(ch - first) < 26);
    out[i] = static_cast<uint8_t>(ch ^ (is_letter << 5));
  }
}

// UPPER/LOWER: an all-ASCII column maps its whole data buffer in one tight loop.
Result<ColumnPtr> CaseKernel(const EvalContext& c, const Datum& d, int64_t n, const LogicalType& rt,
                             bool upper) {
  WEIR_ASSIGN_OR_RAISE(ColumnPtr col, Materialize(d, n, c.pool));
  const int32_t* offs = col->value_offsets();
  const uint8_t* data = col->buffer(2) ? col->buffer(2)->data() : nullptr;
  int64_t begin = offs[0], end = offs[n];
  uint8_t high = 0;  // OR of all bytes: ASCII iff the top bit stays clear (vectorises)
  for (int64_t i = begin; i < end; ++i) high |= data[i];
  bool ascii = (high & 0x80) == 0;
  if (ascii) {
    WEIR_ASSIGN_OR_RAISE(auto new_offsets, Buffer::Allocate((n + 1) * 4, c.pool));
    int32_t* no = new_offsets->mutable_data_as<int32_t>();
    for (int64_t i = 0; i <= n; ++i) no[i] = offs[i] - static_cast<int32_t>(begin);
    WEIR_ASSIGN_OR_RAISE(auto bytes, Buffer::Allocate(end - begin + 1, c.pool));
    MapAsciiCase(data + begin, end - begin, bytes->mutable_data(), upper);
    WEIR_ASSIGN_OR_RAISE(auto validity, CopyValidity(Datum{col, false}, n, c.pool));
    int64_t nulls = CountNulls(validity, n);
    return std::make_shared<ColumnVector>(
        rt, n, std::vector<BufferPtr>{nulls ? validity : nullptr, new_offsets, bytes},
        std::vector<ColumnPtr>{}, nulls);
  }
  return StringRowLoop(c, {Datum{col, false}}, n, rt, [&](int64_t i, std::string& out) {
    std::string_view s = col->StringValue(i);
    for (size_t p = 0; p < s.size();) AppendUtf8(out, MapCase(Utf8Decode(s, &p), upper));
    return true;
  });
}

BindFn CaseFunction(const char* name, bool upper) {
  return [=](const BindInput& in) -> Result<BoundFunction> {
    WEIR_ASSIGN_OR_RAISE(auto ops, CheckSignature(name, in, "S", 1));
    BoundFunction f;
    f.return_type = ops[0].id() == TypeId::kChar
                        ? ops[0]
                        : LogicalType::VarChar(ops[0].length(), in.types[0].nullable());
    f.return_type = f.return_type.WithNullable(in.types[0].nullable());
    f.operand_types = ops;
    LogicalType rt = f.return_type;
    f.kernel = [rt, upper](const EvalContext& c, const std::vector<Datum>& a, int64_t n) {
      return CaseKernel(c, a[0], n, rt, upper);
    };
    return f;
  };
}

bool InitCap(const std::vector<Datum>& a, int64_t i, std::string& out) {
  std::string_view s = StrAt(a[0], i);
  bool start = true;
  for (size_t p = 0; p < s.size();) {
    uint32_t cp = Utf8Decode(s, &p);
    bool alnum = cp >= 0x80 ? iswalnum_l(static_cast<wint_t>(cp), Utf8Locale())
                            : std::isalnum(static_cast<int>(cp)) != 0;
    AppendUtf8(out, MapCase(cp, start));
    start = !alnum;
  }
  return true;
}

// ---- concatenation ----

Result<BoundFunction> BindConcat(const BindInput& in, const char* name) {
  if (in.types.empty()) return NoMatchingSignature(name, in.types);
  bool binary = true;
  for (const auto& t : in.types) binary &= t.is_binary();
  std::string kinds(in.types.size(), 'X');
  WEIR_ASSIGN_OR_RAISE(auto ops, CheckSignature(name, in, kinds, in.types.size()));
  int64_t len = 0;
  for (const auto& t : ops) len += t.length();
  int32_t capped = static_cast<int32_t>(std::min<int64_t>(len, LogicalType::kMaxLength));
  BoundFunction f;
  f.return_type = binary ? LogicalType::VarBinary(capped, AnyNullable(in))
                         : LogicalType::VarChar(capped, AnyNullable(in));
  f.operand_types = ops;
  LogicalType rt = f.return_type;
  f.kernel = [rt](const EvalContext& c, const std::vector<Datum>& a, int64_t n) {
    return StringRowLoop(c, a, n, rt, [&](int64_t i, std::string& out) {
      for (const auto& d : a) out += StrAt(d, i);
      return true;
    });
  };
  return f;
}

Result<BoundFunction> BindConcatWs(const BindInput& in) {
  if (in.types.size() < 2) return NoMatchingSignature("CONCAT_WS", in.types);
  std::string kinds(in.types.size(), 'S');
  WEIR_ASSIGN_OR_RAISE(auto ops, CheckSignature("CONCAT_WS", in, kinds, in.types.size()));
  BoundFunction f;
  f.return_type = LogicalType::String(in.types[0].nullable());
  f.operand_types = ops;
  LogicalType rt = f.return_type;
  // NULL separator gives NULL; NULL strings are skipped.
  f.kernel = [rt](const EvalContext& c, const std::vector<Datum>& a, int64_t n) {
    return StringRowLoop(c, {a[0]}, n, rt, [&](int64_t i, std::string& out) {
      std::string_view sep = StrAt(a[0], i);
      bool first = true;
      for (size_t k = 1; k < a.size(); ++k) {
        if (a[k].type().id() == TypeId::kNull || a[k].IsNull(i)) continue;
        if (!first) out += sep;
        out += StrAt(a[k], i);
        first = false;
      }
      return true;
    });
  };
  return f;
}

// ---- trimming ----

bool InSet(std::string_view chars, uint32_t cp) {
  for (size_t p = 0; p < chars.size();) {
    if (Utf8Decode(chars, &p) == cp) return true;
  }
  return false;
}

std::string_view TrimChars(std::string_view s, std::string_view chars, bool leading,
                           bool trailing) {
  size_t b = 0, e = s.size();
  if (leading) {
    while (b < e) {
      size_t p = b;
      uint32_t cp = Utf8Decode(s, &p);
      if (!InSet(chars, cp)) break;
      b = p;
    }
  }
  if (trailing) {
    while (e > b) {
      size_t start = e - 1;
      while (start > b && (static_cast<uint8_t>(s[start]) & 0xC0) == 0x80) --start;
      size_t p = start;
      uint32_t cp = Utf8Decode(s, &p);
      if (!InSet(chars, cp)) break;
      e = start;
    }
  }
  return s.substr(b, e - b);
}

// TRIM(s) or TRIM(mode, chars, s) with mode 'BOTH' | 'LEADING' | 'TRAILING' (a literal).
Result<BoundFunction> BindTrim(const BindInput& in) {
  bool leading = true, trailing = true;
  if (in.types.size() == 3) {
    const Value* mode = in.constant(0);
    if (mode == nullptr || mode->is_null() || !in.types[0].is_string()) {
      return Status::NotSupported("TRIM needs a literal mode (BOTH, LEADING or TRAILING)");
    }
    std::string m = UpperName(mode->string_value());
    if (m == "LEADING") {
      trailing = false;
    } else if (m == "TRAILING") {
      leading = false;
    } else if (m != "BOTH") {
      return Status::Invalid("Unknown TRIM mode: ", mode->string_value());
    }
  } else if (in.types.size() != 1) {
    return NoMatchingSignature("TRIM", in.types);
  }
  WEIR_ASSIGN_OR_RAISE(auto ops, CheckSignature("TRIM", in, "SSS", in.types.size()));
  BoundFunction f;
  f.return_type = LogicalType::String(AnyNullable(in));
  f.operand_types = ops;
  LogicalType rt = f.return_type;
  f.kernel = [=](const EvalContext& c, const std::vector<Datum>& a, int64_t n) {
    return StringRowLoop(c, a, n, rt, [&](int64_t i, std::string& out) {
      if (a.size() == 1) {
        out += TrimChars(StrAt(a[0], i), " ", true, true);
      } else {
        out += TrimChars(StrAt(a[2], i), StrAt(a[1], i), leading, trailing);
      }
      return true;
    });
  };
  return f;
}

RowStringFn SideTrim(bool leading) {
  return [leading](const std::vector<Datum>& a, int64_t i, std::string& out) {
    std::string_view chars = a.size() > 1 ? StrAt(a[1], i) : std::string_view(" ");
    out += TrimChars(StrAt(a[0], i), chars, leading, !leading);
    return true;
  };
}

// ---- substrings and positions ----

bool Substring(const std::vector<Datum>& a, int64_t i, std::string& out) {
  std::string_view s = StrAt(a[0], i);
  int64_t pos = IntAt(a[1], i);
  int64_t len_cp = Utf8Length(s);
  int64_t start = pos > 0 ? pos - 1 : (pos < 0 ? len_cp + pos : 0);
  int64_t end = len_cp;
  if (a.size() > 2) {
    int64_t len = IntAt(a[2], i);
    if (len < 0) return false;
    end = std::min(len_cp, start + len);
  }
  start = std::max<int64_t>(start, 0);
  if (start >= end) return true;
  size_t b = Utf8Offset(s, start);
  size_t e = Utf8Offset(s, end);
  out.append(s.substr(b, e - b));
  return true;
}

// 1-based code point position of `needle` in `hay` at or after code point `from` (1-based);
// 0 when absent.
int32_t Locate(std::string_view needle, std::string_view hay, int64_t from) {
  if (from < 1) return 0;
  size_t start = Utf8Offset(hay, from - 1);
  if (start > hay.size()) return 0;
  size_t found = hay.find(needle, start);
  if (found == std::string_view::npos) return 0;
  return static_cast<int32_t>(Utf8Length(hay.substr(0, found)) + 1);
}

bool Replace(const std::vector<Datum>& a, int64_t i, std::string& out) {
  std::string_view s = StrAt(a[0], i), search = StrAt(a[1], i), repl = StrAt(a[2], i);
  if (search.empty()) {
    out += s;
    return true;
  }
  size_t p = 0;
  while (true) {
    size_t f = s.find(search, p);
    if (f == std::string_view::npos) break;
    out.append(s.substr(p, f - p));
    out += repl;
    p = f + search.size();
  }
  out.append(s.substr(p));
  return true;
}

bool Repeat(const std::vector<Datum>& a, int64_t i, std::string& out) {
  std::string_view s = StrAt(a[0], i);
  int64_t times = IntAt(a[1], i);
  if (times <= 0 || s.empty()) return true;
  if (static_cast<int64_t>(s.size()) * times > LogicalType::kMaxLength) return false;
  out.reserve(s.size() * static_cast<size_t>(times));
  for (int64_t k = 0; k < times; ++k) out += s;
  return true;
}

bool Reverse(const std::vector<Datum>& a, int64_t i, std::string& out) {
  std::string_view s = StrAt(a[0], i);
  size_t e = s.size();
  while (e > 0) {
    size_t b = e - 1;
    while (b > 0 && (static_cast<uint8_t>(s[b]) & 0xC0) == 0x80) --b;
    out.append(s.substr(b, e - b));
    e = b;
  }
  return true;
}

// LPAD/RPAD: NULL for a negative length; truncates longer strings; NULL when padding is
// needed but the pad string is empty.
RowStringFn Pad(bool left) {
  return [left](const std::vector<Datum>& a, int64_t i, std::string& out) {
    std::string_view s = StrAt(a[0], i), pad = StrAt(a[2], i);
    int64_t len = IntAt(a[1], i);
    if (len < 0) return false;
    int64_t have = Utf8Length(s);
    if (have >= len) {
      out.append(s.substr(0, Utf8Offset(s, len)));
      return true;
    }
    if (pad.empty()) return false;
    int64_t need = len - have;
    int64_t pad_len = Utf8Length(pad);
    std::string fill;
    while (need > 0) {
      int64_t take = std::min(need, pad_len);
      fill.append(pad.substr(0, Utf8Offset(pad, take)));
      need -= take;
    }
    if (left) {
      out += fill;
      out += s;
    } else {
      out += s;
      out += fill;
    }
    return true;
  };
}

// Returns the length in bytes of the character at s[i] when Java's Character.isWhitespace
// holds for it (ASCII controls 9-13 and 28-31, space, and the Unicode space, line and paragraph
// separators other than the no-break spaces), else 0.
size_t JavaWhitespaceLength(std::string_view s, size_t i) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  if (c == ' ' || (c >= 9 && c <= 13) || (c >= 28 && c <= 31)) return 1;
  if (c < 0xE1 || c > 0xE3 || i + 2 >= s.size()) return 0;
  const unsigned char b = static_cast<unsigned char>(s[i + 1]);
  const unsigned char d = static_cast<unsigned char>(s[i + 2]);
  if ((b & 0xC0) != 0x80 || (d & 0xC0) != 0x80) return 0;
  const uint32_t cp = ((c & 0x0Fu) << 12) | ((b & 0x3Fu) << 6) | (d & 0x3Fu);
  const bool space = cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A && cp != 0x2007) ||
                     cp == 0x2028 || cp == 0x2029 || cp == 0x205F || cp == 0x3000;
  return space ? 3 : 0;
}

// SPLIT_INDEX as Flink computes it (commons-lang's splitByWholeSeparatorPreserveAllTokens):
// every token is kept, empty ones too; an empty string has no tokens; an empty separator
// splits at each whitespace character.
bool SplitIndex(const std::vector<Datum>& a, int64_t i, std::string& out) {
  std::string_view s = StrAt(a[0], i), sep = StrAt(a[1], i);
  int64_t idx = IntAt(a[2], i);
  if (idx < 0 || s.empty()) return false;
  if (sep.empty()) {
    size_t start = 0;
    int64_t k = 0;
    for (size_t p = 0; p < s.size();) {
      const size_t w = JavaWhitespaceLength(s, p);
      if (w == 0) {
        ++p;
        continue;
      }
      if (k == idx) {
        out.append(s.substr(start, p - start));
        return true;
      }
      ++k;
      p += w;
      start = p;
    }
    if (k != idx) return false;
    out.append(s.substr(start));
    return true;
  }
  // A one-character separator (the common case) is looked for byte by byte over the next few
  // bytes (tokens are short: a library call per token would cost more), then with memchr;
  // string_view::find would also compare the one byte again with memcmp at each candidate.
  const bool one_char = sep.size() == 1;
  auto find = [&](size_t from) -> size_t {
    if (!one_char) return s.find(sep, from);
    const char c = sep[0];
    const size_t near = std::min(s.size(), from + 16);
    for (size_t k = from; k < near; ++k) {
      if (s[k] == c) return k;
    }
    if (near == s.size()) return std::string_view::npos;
    const void* hit = std::memchr(s.data() + near, c, s.size() - near);
    return hit == nullptr ? std::string_view::npos
                          : static_cast<size_t>(static_cast<const char*>(hit) - s.data());
  };
  size_t p = 0;
  for (int64_t k = 0;; ++k) {
    size_t f = find(p);
    if (k == idx) {
      out.append(s.substr(p, f == std::string_view::npos ? std::string_view::npos : f - p));
      return true;
    }
    if (f == std::string_view::npos) return false;
    p = f + sep.size();
  }
}

bool Chr(const std::vector<Datum>& a, int64_t i, std::string& out) {
  int64_t v = IntAt(a[0], i);
  if (v < 0) return false;
  if (v > 255) v %= 255;
  AppendUtf8(out, static_cast<uint32_t>(v));
  return true;
}

constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

bool ToBase64(const std::vector<Datum>& a, int64_t i, std::string& out) {
  std::string_view s = StrAt(a[0], i);
  size_t k = 0;
  for (; k + 3 <= s.size(); k += 3) {
    uint32_t v = (static_cast<uint8_t>(s[k]) << 16) | (static_cast<uint8_t>(s[k + 1]) << 8) |
                 static_cast<uint8_t>(s[k + 2]);
    out += kBase64[v >> 18];
    out += kBase64[(v >> 12) & 63];
    out += kBase64[(v >> 6) & 63];
    out += kBase64[v & 63];
  }
  if (k < s.size()) {
    uint32_t v = static_cast<uint8_t>(s[k]) << 16;
    if (k + 1 < s.size()) v |= static_cast<uint8_t>(s[k + 1]) << 8;
    out += kBase64[v >> 18];
    out += kBase64[(v >> 12) & 63];
    out += k + 1 < s.size() ? kBase64[(v >> 6) & 63] : '=';
    out += '=';
  }
  return true;
}

bool FromBase64(const std::vector<Datum>& a, int64_t i, std::string& out) {
  std::string_view s = StrAt(a[0], i);
  uint32_t acc = 0;
  int bits_held = 0;
  for (char ch : s) {
    if (ch == '=') break;
    const char* p = std::strchr(kBase64, ch);
    if (ch == '\0' || p == nullptr) return false;  // malformed input gives NULL
    acc = (acc << 6) | static_cast<uint32_t>(p - kBase64);
    bits_held += 6;
    if (bits_held >= 8) {
      bits_held -= 8;
      out += static_cast<char>((acc >> bits_held) & 0xFF);
    }
  }
  return true;
}

Result<BoundFunction> BindHex(const BindInput& in) {
  WEIR_RETURN_NOT_OK(CheckArity("HEX", in, 1));
  const LogicalType& t = in.types[0];
  if (!t.is_integer() && !t.is_string() && !t.is_binary()) {
    return NoMatchingSignature("HEX", in.types);
  }
  BoundFunction f;
  f.return_type = LogicalType::String(t.nullable());
  f.operand_types = {t.is_integer() ? LogicalType::BigInt(t.nullable()) : t};
  LogicalType rt = f.return_type;
  bool integer = t.is_integer();
  f.kernel = [rt, integer](const EvalContext& c, const std::vector<Datum>& a, int64_t n) {
    return StringRowLoop(c, a, n, rt, [&](int64_t i, std::string& out) {
      static constexpr char kHex[] = "0123456789ABCDEF";
      if (integer) {
        uint64_t v = static_cast<uint64_t>(IntAt(a[0], i));
        char buf[16];
        int k = 16;
        do {
          buf[--k] = kHex[v & 15];
          v >>= 4;
        } while (v != 0);
        out.append(buf + k, static_cast<size_t>(16 - k));
      } else {
        for (char ch : StrAt(a[0], i)) {
          out += kHex[static_cast<uint8_t>(ch) >> 4];
          out += kHex[static_cast<uint8_t>(ch) & 15];
        }
      }
      return true;
    });
  };
  return f;
}

Result<BoundFunction> BindConcatOp(const BindInput& in) { return BindConcat(in, "||"); }

// LEFT/RIGHT(s, n): the first/last n code points ("" for n <= 0).
RowStringFn Side(bool left) {
  return [left](const std::vector<Datum>& a, int64_t i, std::string& out) {
    std::string_view s = StrAt(a[0], i);
    int64_t k = IntAt(a[1], i);
    if (k <= 0) return true;
    int64_t len = Utf8Length(s);
    if (left) {
      out.append(s.substr(0, Utf8Offset(s, k)));
    } else {
      out.append(s.substr(Utf8Offset(s, std::max<int64_t>(0, len - k))));
    }
    return true;
  };
}

bool Translate(const std::vector<Datum>& a, int64_t i, std::string& out) {
  std::string_view s = StrAt(a[0], i), from = StrAt(a[1], i), to = StrAt(a[2], i);
  std::vector<uint32_t> f, t;
  for (size_t p = 0; p < from.size();) f.push_back(Utf8Decode(from, &p));
  for (size_t p = 0; p < to.size();) t.push_back(Utf8Decode(to, &p));
  for (size_t p = 0; p < s.size();) {
    uint32_t cp = Utf8Decode(s, &p);
    size_t k = 0;
    while (k < f.size() && f[k] != cp) ++k;
    if (k == f.size()) {
      AppendUtf8(out, cp);
    } else if (k < t.size()) {
      AppendUtf8(out, t[k]);
    }  // characters without a replacement are removed
  }
  return true;
}

bool Bin(const std::vector<Datum>& a, int64_t i, std::string& out) {
  uint64_t v = static_cast<uint64_t>(IntAt(a[0], i));
  char buf[64];
  int k = 64;
  do {
    buf[--k] = static_cast<char>('0' + (v & 1));
    v >>= 1;
  } while (v != 0);
  out.append(buf + k, static_cast<size_t>(64 - k));
  return true;
}

// STARTSWITH/ENDSWITH and the IS_ALPHA/IS_DIGIT/IS_DECIMAL predicates.
BindFn BoolStringFunction(const char* name, std::string_view kinds,
                          std::function<bool(const std::vector<Datum>&, int64_t)> fn) {
  std::string k(kinds);
  return [=](const BindInput& in) -> Result<BoundFunction> {
    WEIR_ASSIGN_OR_RAISE(auto ops, CheckSignature(name, in, k, k.size()));
    BoundFunction f;
    f.return_type = LogicalType::Boolean(AnyNullable(in));
    f.operand_types = ops;
    LogicalType rt = f.return_type;
    f.kernel = [fn, rt](const EvalContext& c, const std::vector<Datum>& a, int64_t n) {
      return BoolRowLoop(c, a, n, rt, [&](int64_t i) { return fn(a, i); });
    };
    return f;
  };
}

// IS_ALPHA/IS_DIGIT/IS_DECIMAL are never NULL: a NULL input gives FALSE.
BindFn CharClassFunction(const char* name, bool (*test)(std::string_view)) {
  return [=](const BindInput& in) -> Result<BoundFunction> {
    WEIR_ASSIGN_OR_RAISE(auto ops, CheckSignature(name, in, "S", 1));
    BoundFunction f;
    f.return_type = LogicalType::Boolean(false);
    f.operand_types = ops;
    f.kernel = [test](const EvalContext& c, const std::vector<Datum>& a,
                      int64_t n) -> Result<ColumnPtr> {
      std::vector<uint8_t> bytes(static_cast<size_t>(n), 0);
      for (int64_t i = 0; i < n; ++i) {
        if (a[0].type().id() == TypeId::kNull || a[0].IsNull(i)) continue;
        bytes[static_cast<size_t>(i)] = test(StrAt(a[0], i)) ? 1 : 0;
      }
      WEIR_ASSIGN_OR_RAISE(auto out, AllocateBits(n, c.pool));
      PackBytes(bytes.data(), n, out->mutable_data());
      return MakeBooleanColumn(LogicalType::Boolean(false), n, out, nullptr);
    };
    return f;
  };
}

bool IsAlpha(std::string_view s) {
  if (s.empty()) return false;
  for (char ch : s) {
    if (!std::isalpha(static_cast<unsigned char>(ch))) return false;
  }
  return true;
}

bool IsDigit(std::string_view s) {
  if (s.empty()) return false;
  for (char ch : s) {
    if (ch < '0' || ch > '9') return false;
  }
  return true;
}

// A number as Java's BigDecimal would read it: [+-]digits[.digits][e[+-]digits].
bool IsDecimal(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  size_t digits = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    size_t exp = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++exp;
    if (exp == 0) return false;
  }
  return i == s.size();
}

}  // namespace

void RegisterStringFunctions(FunctionRegistry* r) {
  r->Register({"||", "string", BindConcatOp});
  r->Register({"CONCAT", "string", [](const BindInput& in) { return BindConcat(in, "CONCAT"); }});
  r->Register({"CONCAT_WS", "string", BindConcatWs});
  r->Register({"CHAR_LENGTH", "string",
               IntFunction("CHAR_LENGTH", "S", 1,
                           [](const std::vector<Datum>& a, int64_t i) {
                             return static_cast<int32_t>(Utf8Length(StrAt(a[0], i)));
                           })},
              {"CHARACTER_LENGTH"});
  r->Register({"UPPER", "string", CaseFunction("UPPER", true)});
  r->Register({"LOWER", "string", CaseFunction("LOWER", false)});
  r->Register({"INITCAP", "string", StringFunction("INITCAP", "S", 1, InitCap)});
  r->Register({"TRIM", "string", BindTrim});
  r->Register({"LTRIM", "string", StringFunction("LTRIM", "SS", 1, SideTrim(true))});
  r->Register({"RTRIM", "string", StringFunction("RTRIM", "SS", 1, SideTrim(false))});
  r->Register({"SUBSTRING", "string", StringFunction("SUBSTRING", "SII", 2, Substring, true)},
              {"SUBSTR"});
  r->Register({"POSITION", "string",
               IntFunction("POSITION", "SS", 2, [](const std::vector<Datum>& a, int64_t i) {
                 return Locate(StrAt(a[0], i), StrAt(a[1], i), 1);
               })});
  r->Register({"LOCATE", "string",
               IntFunction("LOCATE", "SSI", 2, [](const std::vector<Datum>& a, int64_t i) {
                 return Locate(StrAt(a[0], i), StrAt(a[1], i), a.size() > 2 ? IntAt(a[2], i) : 1);
               })});
  r->Register(
      {"INSTR", "string", IntFunction("INSTR", "SS", 2, [](const std::vector<Datum>& a, int64_t i) {
         return Locate(StrAt(a[1], i), StrAt(a[0], i), 1);
       })});
  r->Register({"REPLACE", "string", StringFunction("REPLACE", "SSS", 3, Replace)});
  r->Register({"REPEAT", "string", StringFunction("REPEAT", "SI", 2, Repeat, true)});
  r->Register({"REVERSE", "string", StringFunction("REVERSE", "S", 1, Reverse)});
  r->Register({"LPAD", "string", StringFunction("LPAD", "SIS", 3, Pad(true), true)});
  r->Register({"RPAD", "string", StringFunction("RPAD", "SIS", 3, Pad(false), true)});
  r->Register({"SPLIT_INDEX", "string", StringFunction("SPLIT_INDEX", "SSI", 3, SplitIndex, true)});
  r->Register(
      {"ASCII", "string", IntFunction("ASCII", "S", 1, [](const std::vector<Datum>& a, int64_t i) {
         std::string_view s = StrAt(a[0], i);
         size_t p = 0;
         return s.empty() ? 0 : static_cast<int32_t>(Utf8Decode(s, &p));
       })});
  r->Register({"CHR", "string", StringFunction("CHR", "L", 1, Chr, true)});
  r->Register({"TO_BASE64", "string", StringFunction("TO_BASE64", "X", 1, ToBase64)});
  r->Register({"FROM_BASE64", "string", StringFunction("FROM_BASE64", "S", 1, FromBase64, true)});
  r->Register({"HEX", "string", BindHex});
  r->Register({"BTRIM", "string",
               StringFunction(
                   "BTRIM", "SS", 1, [](const std::vector<Datum>& a, int64_t i, std::string& out) {
                     std::string_view chars = a.size() > 1 ? StrAt(a[1], i) : std::string_view(" ");
                     out += TrimChars(StrAt(a[0], i), chars, true, true);
                     return true;
                   })});
  r->Register({"LEFT", "string", StringFunction("LEFT", "SI", 2, Side(true))});
  r->Register({"RIGHT", "string", StringFunction("RIGHT", "SI", 2, Side(false))});
  r->Register({"TRANSLATE", "string", StringFunction("TRANSLATE", "SSS", 3, Translate)});
  r->Register({"BIN", "arithmetic", StringFunction("BIN", "L", 1, Bin)});
  r->Register({"STARTSWITH", "string",
               BoolStringFunction("STARTSWITH", "XX", [](const std::vector<Datum>& a, int64_t i) {
                 std::string_view s = StrAt(a[0], i), p = StrAt(a[1], i);
                 return s.substr(0, p.size()) == p;
               })});
  r->Register({"ENDSWITH", "string",
               BoolStringFunction("ENDSWITH", "XX", [](const std::vector<Datum>& a, int64_t i) {
                 std::string_view s = StrAt(a[0], i), p = StrAt(a[1], i);
                 return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
               })});
  r->Register({"IS_ALPHA", "conditional", CharClassFunction("IS_ALPHA", IsAlpha)});
  r->Register({"IS_DIGIT", "conditional", CharClassFunction("IS_DIGIT", IsDigit)});
  r->Register({"IS_DECIMAL", "conditional", CharClassFunction("IS_DECIMAL", IsDecimal)});
}

}  // namespace weir::sql
