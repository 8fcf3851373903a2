// Remaining scalar functions: non-deterministic ones (RAND, RAND_INTEGER, UUID, CURRENT_*,
// NOW, PROCTIME), TYPEOF, ELT, OVERLAY, URL_ENCODE/URL_DECODE, PARSE_URL, STR_TO_MAP,
// ENCODE/DECODE, PRINTF, UNHEX, INET_ATON/INET_NTOA, IS_VALID_UTF8/MAKE_VALID_UTF8.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>

#include "weir/common/batch/batch_text.h"
#include "weir/common/batch/java_format.h"
#include "weir/sql/functions/builtin_functions.h"
#include "weir/sql/functions/string_loops.h"
#include "weir/sql/functions/time_zone.h"
#include "weir/sql/functions/type_inference.h"

namespace weir::sql {
namespace {

bool AnyNullable(const BindInput& in) {
  for (const auto& t : in.types) {
    if (t.nullable()) return true;
  }
  return false;
}

// ---- random numbers ----

// java.util.Random's generator, so seeded RAND/RAND_INTEGER give Flink's sequences.
class JavaRandom {
 public:
  explicit JavaRandom(int64_t seed) { SetSeed(seed); }
  void SetSeed(int64_t seed) { seed_ = (static_cast<uint64_t>(seed) ^ kMultiplier) & kMask; }
  int32_t Next(int bits) {
    seed_ = (seed_ * kMultiplier + 0xB) & kMask;
    return static_cast<int32_t>(static_cast<int64_t>(seed_) >> (48 - bits));
  }
  double NextDouble() {
    return static_cast<double>((static_cast<int64_t>(Next(26)) << 27) + Next(27)) * 0x1.0p-53;
  }
  int32_t NextInt(int32_t bound) {
    if ((bound & -bound) == bound) {
      return static_cast<int32_t>((bound * static_cast<int64_t>(Next(31))) >> 31);
    }
    int32_t bits, val;
    do {
      bits = Next(31);
      val = bits % bound;
    } while (static_cast<int64_t>(bits) - val + (bound - 1) > INT32_MAX);
    return val;
  }

 private:
  static constexpr uint64_t kMultiplier = 0x5DEECE66DULL;
  static constexpr uint64_t kMask = (uint64_t{1} << 48) - 1;
  uint64_t seed_ = 0;
};

int64_t ClockSeed(const EvalContext& c) {
  if (c.random_seed != 0) return static_cast<int64_t>(c.random_seed);
  std::random_device rd;
  return static_cast<int64_t>(
      (uint64_t{rd()} << 32) ^ rd() ^
      static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()));
}

// RAND([seed]) and RAND_INTEGER([seed,] bound). The generator lives as long as the compiled
// expression, so successive batches continue one sequence (a compiled expression is evaluated
// by one thread at a time). A seed is read from the first row of the first batch.
BindFn RandFunction(bool integer) {
  return [integer](const BindInput& in) -> Result<BoundFunction> {
    const char* name = integer ? "RAND_INTEGER" : "RAND";
    size_t min = integer ? 1 : 0;
    if (in.types.size() < min || in.types.size() > min + 1) {
      return NoMatchingSignature(name, in.types);
    }
    for (const auto& t : in.types) {
      if (!t.is_integer() && t.id() != TypeId::kNull) return NoMatchingSignature(name, in.types);
    }
    bool seeded = in.types.size() == min + 1;
    BoundFunction f;
    f.deterministic = false;
    f.return_type =
        integer ? LogicalType::Int(AnyNullable(in)) : LogicalType::Double(AnyNullable(in));
    f.operand_types.assign(in.types.size(), LogicalType::Int());
    for (size_t k = 0; k < in.types.size(); ++k) {
      f.operand_types[k] = LogicalType::Int(in.types[k].nullable());
    }
    LogicalType rt = f.return_type;
    auto state = std::make_shared<std::unique_ptr<JavaRandom>>();
    f.kernel = [=](const EvalContext& c, const std::vector<Datum>& a,
                   int64_t n) -> Result<ColumnPtr> {
      if (!*state) {
        int64_t seed = ClockSeed(c);
        if (seeded && !a[0].IsNull(0)) seed = IntAt(a[0], 0);
        *state = std::make_unique<JavaRandom>(seed);
      }
      JavaRandom& rng = **state;
      if (!integer) {
        return FixedRowLoop<double>(c, a, n, rt, [&](int64_t) { return rng.NextDouble(); });
      }
      const Datum& bound = a.back();
      Status bad;
      auto out = FixedRowLoop<int32_t>(c, a, n, rt, [&](int64_t i) {
        auto b = static_cast<int32_t>(IntAt(bound, i));
        if (b <= 0) {
          if (bad.ok()) bad = Status::Invalid("RAND_INTEGER: the bound must be positive, got ", b);
          return 0;
        }
        return rng.NextInt(b);
      });
      if (!bad.ok()) return bad;
      return out;
    };
    return f;
  };
}

Result<BoundFunction> BindUuid(const BindInput& in) {
  WEIR_RETURN_NOT_OK(CheckArity("UUID", in, 0));
  BoundFunction f;
  f.deterministic = false;
  f.return_type = LogicalType::Char(36, false);
  auto state = std::make_shared<std::unique_ptr<std::mt19937_64>>();
  LogicalType rt = f.return_type;
  f.kernel = [rt, state](const EvalContext& c, const std::vector<Datum>& a, int64_t n) {
    if (!*state) *state = std::make_unique<std::mt19937_64>(ClockSeed(c));
    std::mt19937_64& rng = **state;
    static const char* kHex = "0123456789abcdef";
    return StringRowLoop(c, a, n, rt, [&](int64_t, std::string& out) {
      uint64_t hi = rng(), lo = rng();
      hi = (hi & ~uint64_t{0xF000}) | 0x4000;                    // version 4
      lo = (lo & ~(uint64_t{0xC} << 60)) | (uint64_t{8} << 60);  // IETF variant
      for (int k = 0; k < 32; ++k) {
        if (k == 8 || k == 12 || k == 16 || k == 20) out += '-';
        uint64_t word = k < 16 ? hi : lo;
        out += kHex[(word >> (60 - 4 * (k % 16))) & 15];
      }
      return true;
    });
  };
  return f;
}

// ---- current time ----

enum class NowKind { kTimestampLtz, kLocalTimestamp, kDate, kTime, kProctime };

int64_t NowMicros(const EvalContext& c) {
  if (c.now_micros) return *c.now_micros;
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int64_t FloorDivide(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

BindFn NowFunction(const char* name, NowKind kind) {
  return [=](const BindInput& in) -> Result<BoundFunction> {
    WEIR_RETURN_NOT_OK(CheckArity(name, in, 0));
    BoundFunction f;
    f.deterministic = false;
    switch (kind) {
      case NowKind::kTimestampLtz:
        f.return_type = LogicalType::TimestampLtz(3, false);
        break;
      case NowKind::kProctime:
        f.return_type =
            LogicalType::TimestampLtz(3, false).WithTimestampKind(TimestampKind::kProctime);
        break;
      case NowKind::kLocalTimestamp:
        f.return_type = LogicalType::Timestamp(3, false);
        break;
      case NowKind::kDate:
        f.return_type = LogicalType::Date(false);
        break;
      case NowKind::kTime:
        f.return_type = LogicalType::Time(0, false);
        break;
    }
    LogicalType rt = f.return_type;
    f.kernel = [=](const EvalContext& c, const std::vector<Datum>&,
                   int64_t n) -> Result<ColumnPtr> {
      int64_t millis = FloorDivide(NowMicros(c), 1000);
      int64_t local = millis;
      if (kind != NowKind::kTimestampLtz && kind != NowKind::kProctime) {
        auto zone = TimeZone::Find(c.time_zone);
        if (!zone.ok()) return zone.status();
        local += (*zone)->OffsetAt(FloorDivide(millis, 1000)) * 1000;
      }
      if (kind == NowKind::kDate) {
        WEIR_ASSIGN_OR_RAISE(auto values, AllocateValues<int32_t>(n, c.pool));
        auto day = static_cast<int32_t>(FloorDivide(local, 86400000));
        std::fill_n(values->mutable_data_as<int32_t>(), n, day);
        return MakeFixedColumn(rt, n, std::move(values), nullptr);
      }
      int64_t v = local;
      if (kind == NowKind::kTime) {
        v = (local - FloorDivide(local, 86400000) * 86400000) / 1000 * 1000000000;
      }
      WEIR_ASSIGN_OR_RAISE(auto values, AllocateValues<int64_t>(n, c.pool));
      std::fill_n(values->mutable_data_as<int64_t>(), n, v);
      return MakeFixedColumn(rt, n, std::move(values), nullptr);
    };
    return f;
  };
}

// ---- TYPEOF, ELT ----

Result<BoundFunction> BindTypeOf(const BindInput& in) {
  if (in.types.empty() || in.types.size() > 2) return NoMatchingSignature("TYPEOF", in.types);
  if (in.types.size() == 2 && in.types[1].id() != TypeId::kBoolean) {
    return NoMatchingSignature("TYPEOF", in.types);
  }
  BoundFunction f;
  f.return_type = LogicalType::String(false);
  f.operand_types = in.types;
  std::string text = in.types[0].ToString();
  LogicalType rt = f.return_type;
  f.kernel = [rt, text](const EvalContext& c, const std::vector<Datum>&,
                        int64_t n) -> Result<ColumnPtr> {
    StringBuilder b(rt, c.pool);
    WEIR_RETURN_NOT_OK(b.Reserve(n));
    for (int64_t i = 0; i < n; ++i) WEIR_RETURN_NOT_OK(b.Append(text));
    return b.Finish();
  };
  return f;
}

Result<BoundFunction> BindElt(const BindInput& in) {
  if (in.types.size() < 2 || (!in.types[0].is_integer() && in.types[0].id() != TypeId::kNull)) {
    return NoMatchingSignature("ELT", in.types);
  }
  std::vector<LogicalType> values(in.types.begin() + 1, in.types.end());
  auto common = CommonType(values);
  if (!common) return NoMatchingSignature("ELT", in.types);
  BoundFunction f;
  f.return_type = common->WithNullable(true);
  f.operand_types.push_back(LogicalType::Int(in.types[0].nullable()));
  for (size_t k = 1; k < in.types.size(); ++k) f.operand_types.push_back(*common);
  LogicalType rt = f.return_type;
  f.kernel = [rt](const EvalContext& c, const std::vector<Datum>& a,
                  int64_t n) -> Result<ColumnPtr> {
    // Gather row i of the chosen argument: one concatenated column, one index per row.
    std::vector<ColumnPtr> cols;
    WEIR_ASSIGN_OR_RAISE(auto all_builder, ColumnBuilder::Make(rt, c.pool));
    for (size_t k = 1; k < a.size(); ++k) {
      WEIR_ASSIGN_OR_RAISE(ColumnPtr m, Materialize(a[k], n, c.pool));
      auto relabeled = std::make_shared<ColumnVector>(rt, m->length(), m->buffers(), m->children(),
                                                      ColumnVector::kUnknownNullCount, m->offset());
      WEIR_RETURN_NOT_OK(all_builder->AppendRange(*relabeled, 0, n));
    }
    // A trailing all-null row serves out-of-range indices.
    WEIR_RETURN_NOT_OK(all_builder->AppendNull());
    WEIR_ASSIGN_OR_RAISE(ColumnPtr all, all_builder->Finish());
    auto count = static_cast<int64_t>(a.size() - 1);
    std::vector<int32_t> idx(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) {
      int64_t k = a[0].IsNull(i) ? 0 : IntAt(a[0], i);
      idx[static_cast<size_t>(i)] =
          static_cast<int32_t>(k >= 1 && k <= count ? (k - 1) * n + i : count * n);
    }
    WEIR_ASSIGN_OR_RAISE(auto b, ColumnBuilder::Make(rt, c.pool));
    WEIR_RETURN_NOT_OK(b->AppendIndices(*all, idx.data(), n));
    return b->Finish();
  };
  return f;
}

// ---- strings ----

bool CheckStrings(const BindInput& in, size_t from = 0) {
  for (size_t k = from; k < in.types.size(); ++k) {
    if (!in.types[k].is_string() && in.types[k].id() != TypeId::kNull) return false;
  }
  return true;
}

// A STRING function of string arguments computed per row (`fn` false gives NULL).
BindFn StringsToString(const char* name, size_t min_args, size_t max_args,
                       std::function<bool(const std::vector<Datum>&, int64_t, std::string&)> fn) {
  return [=](const BindInput& in) -> Result<BoundFunction> {
    if (in.types.size() < min_args || in.types.size() > max_args || !CheckStrings(in)) {
      return NoMatchingSignature(name, in.types);
    }
    BoundFunction f;
    f.return_type = LogicalType::String(true);
    f.operand_types.assign(in.types.size(), LogicalType::String());
    LogicalType rt = f.return_type;
    f.kernel = [rt, fn](const EvalContext& c, const std::vector<Datum>& a, int64_t n) {
      return StringRowLoop(c, a, n, rt, [&](int64_t i, std::string& out) { return fn(a, i, out); });
    };
    return f;
  };
}

Result<BoundFunction> BindOverlay(const BindInput& in) {
  if (in.types.size() < 3 || in.types.size() > 4) return NoMatchingSignature("OVERLAY", in.types);
  bool binary = in.types[0].is_binary();
  for (size_t k = 0; k < 2; ++k) {
    bool ok = binary ? in.types[k].is_binary() : in.types[k].is_string();
    if (!ok && in.types[k].id() != TypeId::kNull) return NoMatchingSignature("OVERLAY", in.types);
  }
  for (size_t k = 2; k < in.types.size(); ++k) {
    if (!in.types[k].is_integer() && in.types[k].id() != TypeId::kNull) {
      return NoMatchingSignature("OVERLAY", in.types);
    }
  }
  BoundFunction f;
  LogicalType text =
      binary ? LogicalType::VarBinary(LogicalType::kMaxLength) : LogicalType::String();
  f.return_type = text.WithNullable(AnyNullable(in));
  f.operand_types = {text, text, LogicalType::Int()};
  if (in.types.size() == 4) f.operand_types.push_back(LogicalType::Int());
  LogicalType rt = f.return_type;
  f.kernel = [rt, binary](const EvalContext& c, const std::vector<Datum>& a, int64_t n) {
    return StringRowLoop(c, a, n, rt, [&](int64_t i, std::string& out) {
      std::string_view s = StrAt(a[0], i), r = StrAt(a[1], i);
      auto len_of = [&](std::string_view v) {
        return binary ? static_cast<int64_t>(v.size()) : Utf8Length(v);
      };
      auto offset_of = [&](std::string_view v, int64_t cp) {
        if (binary) return static_cast<size_t>(std::clamp<int64_t>(cp, 0, v.size()));
        return Utf8Offset(v, cp);
      };
      int64_t pos = IntAt(a[2], i);
      int64_t len = a.size() > 3 ? IntAt(a[3], i) : len_of(r);
      int64_t head = std::max<int64_t>(pos - 1, 0);
      out.append(s.substr(0, offset_of(s, head)));
      out.append(r);
      int64_t tail = std::max<int64_t>(pos - 1 + len, 0);
      if (tail < len_of(s)) out.append(s.substr(offset_of(s, tail)));
      return true;
    });
  };
  return f;
}

bool UrlEncode(const std::vector<Datum>& a, int64_t i, std::string& out) {
  static const char* kHex = "0123456789ABCDEF";
  for (char ch : StrAt(a[0], i)) {
    auto u = static_cast<uint8_t>(ch);
    if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
        ch == '.' || ch == '-' || ch == '*' || ch == '_') {
      out += ch;
    } else if (ch == ' ') {
      out += '+';
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return true;
}

int Hex(char ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
  return -1;
}

bool UrlDecode(const std::vector<Datum>& a, int64_t i, std::string& out) {
  std::string_view s = StrAt(a[0], i);
  for (size_t k = 0; k < s.size(); ++k) {
    if (s[k] == '+') {
      out += ' ';
    } else if (s[k] == '%') {
      if (k + 2 >= s.size()) return false;
      int h = Hex(s[k + 1]), l = Hex(s[k + 2]);
      if (h < 0 || l < 0) return false;
      out += static_cast<char>(h * 16 + l);
      k += 2;
    } else {
      out += s[k];
    }
  }
  return true;
}

// PARSE_URL(url, part[, key]) as java.net.URL splits a URL.
bool ParseUrl(const std::vector<Datum>& a, int64_t i, std::string& out) {
  std::string_view url = StrAt(a[0], i);
  std::string part = UpperName(StrAt(a[1], i));
  size_t scheme_end = url.find(':');
  if (scheme_end == std::string_view::npos || scheme_end == 0) return false;
  std::string_view protocol = url.substr(0, scheme_end);
  for (char ch : protocol) {
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '+' && ch != '-' && ch != '.') {
      return false;
    }
  }
  std::string_view rest = url.substr(scheme_end + 1);
  std::string_view ref, query, authority;
  bool has_ref = false, has_query = false, has_authority = false;
  if (size_t h = rest.find('#'); h != std::string_view::npos) {
    ref = rest.substr(h + 1);
    rest = rest.substr(0, h);
    has_ref = true;
  }
  if (size_t q = rest.find('?'); q != std::string_view::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
    has_query = true;
  }
  if (rest.substr(0, 2) == "//") {
    rest.remove_prefix(2);
    size_t slash = rest.find('/');
    authority = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
    has_authority = true;
  }
  std::string_view path = rest;
  std::string_view userinfo, host = authority;
  bool has_userinfo = false;
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) {
    userinfo = authority.substr(0, at);
    host = authority.substr(at + 1);
    has_userinfo = true;
  }
  if (!host.empty() && host[0] != '[') {
    if (size_t colon = host.rfind(':'); colon != std::string_view::npos)
      host = host.substr(0, colon);
  }
  if (part == "HOST") {
    if (!has_authority) return false;
    out.append(host);
  } else if (part == "PATH") {
    out.append(path);
  } else if (part == "QUERY") {
    if (!has_query) return false;
    if (a.size() < 3) {
      out.append(query);
      return true;
    }
    std::string_view key = StrAt(a[2], i);
    while (!query.empty()) {
      size_t amp = query.find('&');
      std::string_view pair = query.substr(0, amp);
      size_t eq = pair.find('=');
      if (pair.substr(0, eq) == key) {
        if (eq == std::string_view::npos) return false;
        out.append(pair.substr(eq + 1));
        return true;
      }
      query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    }
    return false;
  } else if (part == "REF") {
    if (!has_ref) return false;
    out.append(ref);
  } else if (part == "PROTOCOL") {
    out.append(protocol);
  } else if (part == "FILE") {
    out.append(path);
    if (has_query) {
      out += '?';
      out.append(query);
    }
  } else if (part == "AUTHORITY") {
    if (!has_authority) return false;
    out.append(authority);
  } else if (part == "USERINFO") {
    if (!has_userinfo) return false;
    out.append(userinfo);
  } else {
    return false;
  }
  return true;
}

Result<BoundFunction> BindStrToMap(const BindInput& in) {
  if (in.types.empty() || in.types.size() == 2 || in.types.size() > 3 || !CheckStrings(in)) {
    return NoMatchingSignature("STR_TO_MAP", in.types);
  }
  BoundFunction f;
  f.return_type = LogicalType::Map(LogicalType::String(), LogicalType::String(), AnyNullable(in));
  f.operand_types.assign(in.types.size(), LogicalType::String());
  LogicalType rt = f.return_type;
  f.kernel = [rt](const EvalContext& c, const std::vector<Datum>& a,
                  int64_t n) -> Result<ColumnPtr> {
    WEIR_ASSIGN_OR_RAISE(auto validity, CombineValidity(a, n, c.pool));
    const uint8_t* v = validity ? validity->data() : nullptr;
    WEIR_ASSIGN_OR_RAISE(auto builder, ColumnBuilder::Make(rt, c.pool));
    auto* list = static_cast<ListBuilder*>(builder.get());
    auto* entries = static_cast<StructBuilder*>(list->element_builder());
    auto* keys = static_cast<StringBuilder*>(entries->field_builder(0));
    auto* values = static_cast<StringBuilder*>(entries->field_builder(1));
    std::vector<std::pair<std::string_view, std::optional<std::string_view>>> row;
    for (int64_t i = 0; i < n; ++i) {
      if (v != nullptr && !bits::GetBit(v, i)) {
        WEIR_RETURN_NOT_OK(list->AppendNull());
        continue;
      }
      std::string_view s = StrAt(a[0], i);
      std::string_view ld = a.size() > 1 ? StrAt(a[1], i) : ",";
      std::string_view kd = a.size() > 1 ? StrAt(a[2], i) : "=";
      row.clear();
      while (true) {
        size_t cut = ld.empty() ? std::string_view::npos : s.find(ld);
        std::string_view item = s.substr(0, cut);
        size_t eq = kd.empty() ? std::string_view::npos : item.find(kd);
        std::string_view key = item.substr(0, eq);
        std::optional<std::string_view> value;
        if (eq != std::string_view::npos) value = item.substr(eq + kd.size());
        bool replaced = false;
        for (auto& e : row) {
          if (e.first == key) {
            e.second = value;  // a later duplicate replaces the value
            replaced = true;
          }
        }
        if (!replaced) row.emplace_back(key, value);
        if (cut == std::string_view::npos) break;
        s = s.substr(cut + ld.size());
      }
      for (const auto& [key, value] : row) {
        WEIR_RETURN_NOT_OK(keys->Append(key));
        if (value) {
          WEIR_RETURN_NOT_OK(values->Append(*value));
        } else {
          WEIR_RETURN_NOT_OK(values->AppendNull());
        }
        WEIR_RETURN_NOT_OK(entries->Append());
      }
      WEIR_RETURN_NOT_OK(list->Append(static_cast<int64_t>(row.size())));
    }
    return builder->Finish();
  };
  return f;
}

// ---- ENCODE / DECODE ----

enum class Charset { kUtf8, kLatin1, kAscii };

Result<Charset> ParseCharset(std::string_view name) {
  std::string n = UpperName(name);
  if (n == "UTF-8" || n == "UTF8") return Charset::kUtf8;
  if (n == "ISO-8859-1" || n == "LATIN1" || n == "ISO8859_1") return Charset::kLatin1;
  if (n == "US-ASCII" || n == "ASCII") return Charset::kAscii;
  return Status::NotSupported("Charset not supported: ", name,
                              " (UTF-8, ISO-8859-1 and US-ASCII are)");
}

// ENCODE(string, charset) -> BYTES; DECODE(bytes, charset) -> STRING. Unmappable characters
// become '?' when encoding and U+FFFD when decoding, as Java's String conversions do.
BindFn CharsetFunction(bool encode) {
  return [encode](const BindInput& in) -> Result<BoundFunction> {
    const char* name = encode ? "ENCODE" : "DECODE";
    if (in.types.size() != 2) return NoMatchingSignature(name, in.types);
    bool first_ok = encode ? in.types[0].is_string() : in.types[0].is_binary();
    if ((!first_ok && in.types[0].id() != TypeId::kNull) ||
        (!in.types[1].is_string() && in.types[1].id() != TypeId::kNull)) {
      return NoMatchingSignature(name, in.types);
    }
    if (const Value* cs = in.constant(1); cs != nullptr && !cs->is_null()) {
      WEIR_RETURN_NOT_OK(ParseCharset(cs->string_value()).status());
    }
    BoundFunction f;
    LogicalType bytes = LogicalType::VarBinary(LogicalType::kMaxLength, AnyNullable(in));
    f.return_type = encode ? bytes : LogicalType::String(AnyNullable(in));
    f.operand_types = {encode ? LogicalType::String() : bytes.WithNullable(true),
                       LogicalType::String()};
    LogicalType rt = f.return_type;
    f.kernel = [rt, encode](const EvalContext& c, const std::vector<Datum>& a,
                            int64_t n) -> Result<ColumnPtr> {
      Status bad;
      auto out = StringRowLoop(c, a, n, rt, [&](int64_t i, std::string& out) {
        auto cs = ParseCharset(StrAt(a[1], i));
        if (!cs.ok()) {
          if (bad.ok())
            bad = cs.status();
          else
            cs.status().IgnoreError();
          return false;
        }
        std::string_view s = StrAt(a[0], i);
        if (*cs == Charset::kUtf8) {
          if (encode) {
            out.append(s);
            return true;
          }
          for (size_t pos = 0; pos < s.size();) {
            size_t start = pos;
            uint32_t cp = Utf8Decode(s, &pos);
            bool invalid = pos == start + 1 && static_cast<uint8_t>(s[start]) >= 0x80;
            AppendUtf8(out, invalid ? 0xFFFD : cp);
          }
          return true;
        }
        uint32_t limit = *cs == Charset::kAscii ? 0x80 : 0x100;
        if (encode) {
          for (size_t pos = 0; pos < s.size();) {
            uint32_t cp = Utf8Decode(s, &pos);
            out += cp < limit ? static_cast<char>(cp) : '?';
          }
        } else {
          for (char ch : s) {
            auto u = static_cast<uint8_t>(ch);
            AppendUtf8(out, u < limit ? u : 0xFFFD);
          }
        }
        return true;
      });
      if (!bad.ok()) {
        out.status().IgnoreError();
        return bad;
      }
      return out;
    };
    return f;
  };
}

// ---- PRINTF ----

// Formats one argument per Java's Formatter for the conversions s, d, f, e, x, o, c, b and %.
Status AppendFormatted(std::string& out, char conv, const std::string& flags, int width,
                       int precision, const Datum* arg, int64_t i) {
  std::string body;
  const ColumnVector* col = arg ? arg->column.get() : nullptr;
  int64_t row = arg && arg->scalar ? 0 : i;
  bool null = arg == nullptr || col->IsNull(row);
  const LogicalType* t = arg ? &arg->type() : nullptr;
  auto as_double = [&]() -> std::optional<double> {
    if (t->id() == TypeId::kDouble) return col->Value<double>(row);
    if (t->id() == TypeId::kFloat) return col->Value<float>(row);
    if (t->id() == TypeId::kDecimal) {
      return std::strtod(col->DecimalValue(row).ToPlainString(t->scale()).c_str(), nullptr);
    }
    return std::nullopt;
  };
  switch (conv) {
    case 's':
    case 'S':
      if (null) {
        body = "null";
      } else {
        AppendValueText(body, *col, row);
      }
      if (precision >= 0 && Utf8Length(body) > precision) body.resize(Utf8Offset(body, precision));
      if (conv == 'S') body = UpperName(body);
      break;
    case 'b':
    case 'B':
      body =
          null ? "false"
               : (t->id() == TypeId::kBoolean ? (col->BoolValue(row) ? "true" : "false") : "true");
      break;
    case 'c':
      if (null) {
        body = "null";
      } else if (t->is_integer()) {
        AppendUtf8(body, static_cast<uint32_t>(IntAt(*arg, i)));
      } else if (t->is_string() && !col->StringValue(row).empty()) {
        size_t pos = 0;
        AppendUtf8(body, Utf8Decode(col->StringValue(row), &pos));
      } else {
        return Status::Invalid("PRINTF: %c needs a character argument");
      }
      break;
    case 'd':
    case 'x':
    case 'X':
    case 'o': {
      if (null) {
        body = "null";
        break;
      }
      if (!t->is_integer()) {
        return Status::Invalid("PRINTF: %", std::string(1, conv), " needs an integer, got ",
                               t->ToString());
      }
      int64_t v = IntAt(*arg, i);
      char buf[64];
      if (conv == 'd') {
        std::snprintf(buf, sizeof(buf), "%lld", static_cast<long long>(v));
        body = buf;
        if (flags.find(',') != std::string::npos) {
          std::string grouped;
          size_t digits_start = body[0] == '-' ? 1 : 0;
          size_t nd = body.size() - digits_start;
          grouped = body.substr(0, digits_start);
          for (size_t k = 0; k < nd; ++k) {
            if (k > 0 && (nd - k) % 3 == 0) grouped += ',';
            grouped += body[digits_start + k];
          }
          body = grouped;
        }
        if (v >= 0 && flags.find('+') != std::string::npos) body = "+" + body;
      } else {
        // Java prints negative values in two's complement of the argument's width.
        uint64_t u = static_cast<uint64_t>(v);
        int bitsw = t->id() == TypeId::kTinyInt    ? 8
                    : t->id() == TypeId::kSmallInt ? 16
                    : t->id() == TypeId::kInt      ? 32
                                                   : 64;
        if (bitsw < 64) u &= (uint64_t{1} << bitsw) - 1;
        std::snprintf(buf, sizeof(buf),
                      conv == 'o'   ? "%llo"
                      : conv == 'x' ? "%llx"
                                    : "%llX",
                      static_cast<unsigned long long>(u));
        body = buf;
      }
      break;
    }
    case 'f':
    case 'e':
    case 'E': {
      if (null) {
        body = "null";
        break;
      }
      std::optional<double> d = as_double();
      if (!d) {
        return Status::Invalid("PRINTF: %", std::string(1, conv),
                               " needs a floating point or DECIMAL argument, got ", t->ToString());
      }
      int p = precision < 0 ? 6 : precision;
      std::string spec = "%";
      if (flags.find('+') != std::string::npos) spec += '+';
      if (flags.find(',') != std::string::npos && conv == 'f') spec += "'";
      spec += "." + std::to_string(p) + conv;
      int len = std::snprintf(nullptr, 0, spec.c_str(), *d);
      body.resize(static_cast<size_t>(std::max(len, 0)) + 1);
      std::snprintf(body.data(), body.size(), spec.c_str(), *d);
      body.resize(static_cast<size_t>(std::max(len, 0)));
      if (std::isnan(*d)) body = "NaN";
      if (std::isinf(*d)) body = *d > 0 ? "Infinity" : "-Infinity";
      break;
    }
    default:
      return Status::Invalid("PRINTF: unsupported conversion %", std::string(1, conv));
  }
  int pad = width - static_cast<int>(Utf8Length(body));
  if (pad > 0) {
    if (flags.find('-') != std::string::npos) {
      body.append(static_cast<size_t>(pad), ' ');
    } else if (flags.find('0') != std::string::npos && !null && conv != 's' && conv != 'S') {
      size_t sign = !body.empty() && (body[0] == '-' || body[0] == '+') ? 1 : 0;
      body.insert(sign, static_cast<size_t>(pad), '0');
    } else {
      body.insert(0, static_cast<size_t>(pad), ' ');
    }
  }
  out += body;
  return Status::OK();
}

constexpr int kMaxWidth = 100000;

Status FormatRow(std::string_view fmt, const std::vector<Datum>& a, int64_t i, std::string& out) {
  size_t next_arg = 1;
  for (size_t k = 0; k < fmt.size(); ++k) {
    if (fmt[k] != '%') {
      out += fmt[k];
      continue;
    }
    ++k;
    // %[index$][flags][width][.precision]conversion
    int explicit_index = -1;
    size_t digits = k;
    while (digits < fmt.size() && std::isdigit(static_cast<unsigned char>(fmt[digits]))) ++digits;
    if (digits < fmt.size() && fmt[digits] == '$' && digits > k) {
      explicit_index = 0;
      for (size_t d = k; d < digits; ++d) {
        explicit_index = std::min(explicit_index * 10 + (fmt[d] - '0'), 1 << 20);
      }
      k = digits + 1;
    }
    std::string flags;
    while (k < fmt.size() && std::string_view("-#+ 0,(").find(fmt[k]) != std::string_view::npos) {
      flags += fmt[k++];
    }
    int width = 0, precision = -1;
    while (k < fmt.size() && std::isdigit(static_cast<unsigned char>(fmt[k]))) {
      width = std::min(width * 10 + (fmt[k++] - '0'), kMaxWidth + 1);
    }
    if (k < fmt.size() && fmt[k] == '.') {
      precision = 0;
      ++k;
      while (k < fmt.size() && std::isdigit(static_cast<unsigned char>(fmt[k]))) {
        precision = std::min(precision * 10 + (fmt[k++] - '0'), kMaxWidth + 1);
      }
    }
    if (k >= fmt.size()) return Status::Invalid("PRINTF: incomplete format specifier at end");
    if (width > kMaxWidth || precision > kMaxWidth) {
      return Status::Invalid("PRINTF: width and precision are limited to ", kMaxWidth);
    }
    char conv = fmt[k];
    if (conv == '%') {
      out += '%';
      continue;
    }
    if (conv == 'n') {
      out += '\n';
      continue;
    }
    size_t index = explicit_index > 0 ? static_cast<size_t>(explicit_index) : next_arg++;
    if (index >= a.size()) {
      return Status::Invalid("PRINTF: format specifier '%", std::string(1, conv),
                             "' has no argument");
    }
    WEIR_RETURN_NOT_OK(AppendFormatted(out, conv, flags, width, precision, &a[index], i));
  }
  return Status::OK();
}

Result<BoundFunction> BindPrintf(const BindInput& in) {
  if (in.types.empty() || (!in.types[0].is_string() && in.types[0].id() != TypeId::kNull)) {
    return NoMatchingSignature("PRINTF", in.types);
  }
  BoundFunction f;
  f.return_type = LogicalType::String(in.types[0].nullable());
  f.operand_types = in.types;
  f.operand_types[0] = LogicalType::String(in.types[0].nullable());
  for (auto& t : f.operand_types) {
    if (t.id() == TypeId::kNull) t = LogicalType::String();
  }
  LogicalType rt = f.return_type;
  f.kernel = [rt](const EvalContext& c, const std::vector<Datum>& a,
                  int64_t n) -> Result<ColumnPtr> {
    StringBuilder b(rt, c.pool);
    WEIR_RETURN_NOT_OK(b.Reserve(n));
    std::string out;
    for (int64_t i = 0; i < n; ++i) {
      if (a[0].IsNull(i)) {
        WEIR_RETURN_NOT_OK(b.AppendNull());
        continue;
      }
      out.clear();
      WEIR_RETURN_NOT_OK(FormatRow(StrAt(a[0], i), a, i, out));
      WEIR_RETURN_NOT_OK(b.Append(out));
    }
    return b.Finish();
  };
  return f;
}

// ---- UNHEX, INET_ATON/INET_NTOA, UTF-8 validation ----

Result<BoundFunction> BindUnhex(const BindInput& in) {
  WEIR_RETURN_NOT_OK(CheckArity("UNHEX", in, 1));
  if (!CheckStrings(in)) return NoMatchingSignature("UNHEX", in.types);
  BoundFunction f;
  f.return_type = LogicalType::VarBinary(LogicalType::kMaxLength, true);
  f.operand_types = {LogicalType::String()};
  LogicalType rt = f.return_type;
  f.kernel = [rt](const EvalContext& c, const std::vector<Datum>& a, int64_t n) {
    return StringRowLoop(c, a, n, rt, [&](int64_t i, std::string& out) {
      std::string_view s = StrAt(a[0], i);
      size_t k = 0;
      if (s.size() % 2 == 1) {  // an odd length reads as if a leading '0' were there
        int l = Hex(s[0]);
        if (l < 0) return false;
        out += static_cast<char>(l);
        k = 1;
      }
      for (; k < s.size(); k += 2) {
        int h = Hex(s[k]), l = Hex(s[k + 1]);
        if (h < 0 || l < 0) return false;
        out += static_cast<char>(h * 16 + l);
      }
      return true;
    });
  };
  return f;
}

// Parses a MySQL-style IPv4 address ("a.b.c.d", "a.b.c" = a.b.0.c, "a.b" = a.0.0.b, "a").
std::optional<int64_t> ParseIpv4(std::string_view s) {
  int64_t parts[4];
  int count = 0;
  size_t pos = 0;
  while (true) {
    if (count == 4) return std::nullopt;
    size_t start = pos;
    int64_t v = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9' && pos - start < 10) {
      v = v * 10 + (s[pos++] - '0');
    }
    if (pos == start) return std::nullopt;
    parts[count++] = v;
    if (pos == s.size()) break;
    if (s[pos] != '.') return std::nullopt;
    ++pos;
  }
  for (int k = 0; k < count - 1; ++k) {
    if (parts[k] > 255) return std::nullopt;
  }
  int last_bytes = 5 - count;  // the last part fills the remaining bytes
  if (parts[count - 1] >= (int64_t{1} << (8 * last_bytes))) return std::nullopt;
  int64_t out = 0;
  for (int k = 0; k < count - 1; ++k) out = (out << 8) | parts[k];
  return (out << (8 * last_bytes)) | parts[count - 1];
}

Result<BoundFunction> BindInetAton(const BindInput& in) {
  WEIR_RETURN_NOT_OK(CheckArity("INET_ATON", in, 1));
  if (!CheckStrings(in)) return NoMatchingSignature("INET_ATON", in.types);
  BoundFunction f;
  f.return_type = LogicalType::BigInt(true);
  f.operand_types = {LogicalType::String()};
  LogicalType rt = f.return_type;
  f.kernel = [rt](const EvalContext& c, const std::vector<Datum>& a,
                  int64_t n) -> Result<ColumnPtr> {
    WEIR_ASSIGN_OR_RAISE(auto values, AllocateValues<int64_t>(n, c.pool));
    int64_t* out = values->mutable_data_as<int64_t>();
    std::vector<uint8_t> ok(static_cast<size_t>(n), 0);
    for (int64_t i = 0; i < n; ++i) {
      out[i] = 0;
      if (a[0].IsNull(i)) continue;
      auto v = ParseIpv4(StrAt(a[0], i));
      if (!v) continue;
      out[i] = *v;
      ok[static_cast<size_t>(i)] = 1;
    }
    WEIR_ASSIGN_OR_RAISE(auto vb, AllocateBits(n, c.pool));
    PackBytes(ok.data(), n, vb->mutable_data());
    return MakeFixedColumn(rt, n, std::move(values), CountNulls(vb, n) ? vb : nullptr);
  };
  return f;
}

Result<BoundFunction> BindInetNtoa(const BindInput& in) {
  WEIR_RETURN_NOT_OK(CheckArity("INET_NTOA", in, 1));
  if (!in.types[0].is_integer() && in.types[0].id() != TypeId::kNull) {
    return NoMatchingSignature("INET_NTOA", in.types);
  }
  BoundFunction f;
  f.return_type = LogicalType::String(true);
  f.operand_types = {LogicalType::BigInt()};
  LogicalType rt = f.return_type;
  f.kernel = [rt](const EvalContext& c, const std::vector<Datum>& a, int64_t n) {
    return StringRowLoop(c, a, n, rt, [&](int64_t i, std::string& out) {
      int64_t v = IntAt(a[0], i);
      if (v < 0 || v > 0xFFFFFFFFLL) return false;
      for (int k = 3; k >= 0; --k) {
        out += std::to_string((v >> (8 * k)) & 255);
        if (k > 0) out += '.';
      }
      return true;
    });
  };
  return f;
}

// Returns the length of the well-formed UTF-8 sequence at s[pos], or 0 with `*skip` set to the
// length of the maximal ill-formed subpart to replace.
size_t ValidUtf8At(std::string_view s, size_t pos, size_t* skip) {
  auto b = [&](size_t k) { return static_cast<uint8_t>(s[k]); };
  uint8_t c = b(pos);
  *skip = 1;
  if (c < 0x80) return 1;
  size_t len;
  uint8_t lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;  // overlong
    if (c == 0xED) hi = 0x9F;  // surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;  // overlong
    if (c == 0xF4) hi = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  for (size_t k = 1; k < len; ++k) {
    if (pos + k >= s.size()) {
      *skip = k;
      return 0;
    }
    uint8_t x = b(pos + k);
    uint8_t min = k == 1 ? lo : 0x80, max = k == 1 ? hi : 0xBF;
    if (x < min || x > max) {
      *skip = k;
      return 0;
    }
  }
  return len;
}

BindFn Utf8Check(bool repair) {
  return [repair](const BindInput& in) -> Result<BoundFunction> {
    const char* name = repair ? "MAKE_VALID_UTF8" : "IS_VALID_UTF8";
    WEIR_RETURN_NOT_OK(CheckArity(name, in, 1));
    if (!in.types[0].is_binary() && !in.types[0].is_string() && in.types[0].id() != TypeId::kNull) {
      return NoMatchingSignature(name, in.types);
    }
    BoundFunction f;
    bool nullable = in.types[0].nullable();
    f.return_type = repair ? LogicalType::String(nullable) : LogicalType::Boolean(nullable);
    f.operand_types = {in.types[0].id() == TypeId::kNull
                           ? LogicalType::VarBinary(LogicalType::kMaxLength)
                           : in.types[0]};
    LogicalType rt = f.return_type;
    f.kernel = [repair, rt](const EvalContext& c, const std::vector<Datum>& a,
                            int64_t n) -> Result<ColumnPtr> {
      if (!repair) {
        return BoolRowLoop(c, a, n, rt, [&](int64_t i) {
          std::string_view s = StrAt(a[0], i);
          size_t skip;
          for (size_t pos = 0; pos < s.size();) {
            size_t len = ValidUtf8At(s, pos, &skip);
            if (len == 0) return false;
            pos += len;
          }
          return true;
        });
      }
      return StringRowLoop(c, a, n, rt, [&](int64_t i, std::string& out) {
        std::string_view s = StrAt(a[0], i);
        size_t skip;
        for (size_t pos = 0; pos < s.size();) {
          size_t len = ValidUtf8At(s, pos, &skip);
          if (len == 0) {
            out += "\xEF\xBF\xBD";
            pos += skip;
          } else {
            out.append(s.substr(pos, len));
            pos += len;
          }
        }
        return true;
      });
    };
    return f;
  };
}

}  // namespace

void RegisterMiscFunctions(FunctionRegistry* r) {
  auto nondeterministic = [r](const char* name, const char* category, BindFn bind,
                              std::vector<std::string> aliases = {}) {
    FunctionInfo info{name, category, std::move(bind)};
    info.deterministic = false;
    r->Register(std::move(info), aliases);
  };
  nondeterministic("RAND", "arithmetic", RandFunction(false));
  nondeterministic("RAND_INTEGER", "arithmetic", RandFunction(true));
  nondeterministic("UUID", "arithmetic", BindUuid);
  nondeterministic("CURRENT_TIMESTAMP", "temporal",
                   NowFunction("CURRENT_TIMESTAMP", NowKind::kTimestampLtz));
  nondeterministic("NOW", "temporal", NowFunction("NOW", NowKind::kTimestampLtz));
  nondeterministic("CURRENT_ROW_TIMESTAMP", "temporal",
                   NowFunction("CURRENT_ROW_TIMESTAMP", NowKind::kTimestampLtz));
  nondeterministic("PROCTIME", "temporal", NowFunction("PROCTIME", NowKind::kProctime));
  nondeterministic("LOCALTIMESTAMP", "temporal",
                   NowFunction("LOCALTIMESTAMP", NowKind::kLocalTimestamp));
  nondeterministic("CURRENT_DATE", "temporal", NowFunction("CURRENT_DATE", NowKind::kDate));
  nondeterministic("CURRENT_TIME", "temporal", NowFunction("CURRENT_TIME", NowKind::kTime));
  nondeterministic("LOCALTIME", "temporal", NowFunction("LOCALTIME", NowKind::kTime));
  r->Register({"TYPEOF", "conversion", BindTypeOf});
  r->Register({"ELT", "string", BindElt});
  r->Register({"OVERLAY", "string", BindOverlay});
  r->Register({"URL_ENCODE", "string", StringsToString("URL_ENCODE", 1, 1, UrlEncode)});
  r->Register({"URL_DECODE", "string", StringsToString("URL_DECODE", 1, 1, UrlDecode)});
  r->Register({"PARSE_URL", "string", StringsToString("PARSE_URL", 2, 3, ParseUrl)});
  r->Register({"STR_TO_MAP", "string", BindStrToMap});
  r->Register({"ENCODE", "string", CharsetFunction(true)});
  r->Register({"DECODE", "string", CharsetFunction(false)});
  r->Register({"PRINTF", "string", BindPrintf});
  r->Register({"UNHEX", "arithmetic", BindUnhex});
  r->Register({"INET_ATON", "string", BindInetAton});
  r->Register({"INET_NTOA", "string", BindInetNtoa});
  r->Register({"IS_VALID_UTF8", "conversion", Utf8Check(false)});
  r->Register({"MAKE_VALID_UTF8", "conversion", Utf8Check(true)});
}

}  // namespace weir::sql
