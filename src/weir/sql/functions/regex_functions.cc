// Pattern functions on RE2: LIKE, SIMILAR TO, REGEXP, REGEXP_EXTRACT(_ALL), REGEXP_REPLACE, ...
#include <re2/re2.h>

#include <cstring>
#include <memory>
#include <optional>
#include <string_view>

#include "weir/common/batch/column_builder.h"
#include "weir/sql/functions/builtin_functions.h"
#include "weir/sql/functions/regex_literal.h"
#include "weir/sql/functions/string_loops.h"

namespace weir::sql {

namespace {

// A LIKE pattern reduced to a cheap test when it has only leading/trailing '%'.
struct LikeMatcher {
  enum class Kind { kEquals, kPrefix, kSuffix, kContains, kRegex } kind = Kind::kRegex;
  std::string literal;
  std::shared_ptr<RE2> regex;

  bool Matches(std::string_view s) const {
    switch (kind) {
      case Kind::kEquals:
        return s == literal;
      case Kind::kPrefix:
        return s.substr(0, literal.size()) == literal;
      case Kind::kSuffix:
        return s.size() >= literal.size() && s.substr(s.size() - literal.size()) == literal;
      case Kind::kContains:
        return s.find(literal) != std::string_view::npos;
      case Kind::kRegex:
        return RE2::FullMatch(re2::StringPiece(s.data(), s.size()), *regex);
    }
    return false;
  }
};

RE2::Options RegexOptions() {
  RE2::Options o;
  o.set_log_errors(false);
  o.set_dot_nl(true);
  return o;
}

Result<std::shared_ptr<RE2>> Compile(const std::string& regex, std::string_view original) {
  auto re = std::make_shared<RE2>(regex, RegexOptions());
  if (!re->ok()) {
    return Status::Invalid("Invalid regular expression '", original, "': ", re->error());
  }
  return re;
}

// Translates a LIKE (or SIMILAR TO when `similar`) pattern into an RE2 full-match regex.
Result<LikeMatcher> MakeLikeMatcher(std::string_view pattern, std::optional<char> escape,
                                    bool similar) {
  LikeMatcher m;
  std::string regex;
  std::string literal;
  bool literal_only = !similar;
  int wildcards_front = 0, wildcards_back = 0;
  bool inner_wildcard = false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (escape && c == *escape) {
      if (i + 1 >= pattern.size()) {
        return Status::Invalid("Invalid escape sequence in pattern '", pattern, "'");
      }
      char next = pattern[++i];
      regex += RE2::QuoteMeta(std::string(1, next));
      literal += next;
      if (wildcards_back > 0) inner_wildcard = true;
      continue;
    }
    if (c == '%' || c == '_') {
      regex += c == '%' ? ".*" : ".";
      if (c == '_') literal_only = false;
      if (literal.empty()) {
        ++wildcards_front;
      } else {
        ++wildcards_back;
      }
      continue;
    }
    if (wildcards_back > 0) inner_wildcard = true;
    if (similar) {
      static constexpr std::string_view kLiteralInSimilar = ".^$\\";
      if (kLiteralInSimilar.find(c) != std::string_view::npos) {
        regex += '\\';
      }
      regex += c;
    } else {
      regex += RE2::QuoteMeta(std::string(1, c));
    }
    literal += c;
  }
  if (literal_only && !inner_wildcard && wildcards_front <= 1 && wildcards_back <= 1) {
    m.literal = literal;
    if (wildcards_front == 0 && wildcards_back == 0) {
      m.kind = LikeMatcher::Kind::kEquals;
    } else if (wildcards_front == 0) {
      m.kind = LikeMatcher::Kind::kPrefix;
    } else if (wildcards_back == 0) {
      m.kind = literal.empty() ? LikeMatcher::Kind::kContains : LikeMatcher::Kind::kSuffix;
    } else {
      m.kind = LikeMatcher::Kind::kContains;
    }
    return m;
  }
  WEIR_ASSIGN_OR_RAISE(m.regex, Compile(regex, pattern));
  m.kind = LikeMatcher::Kind::kRegex;
  return m;
}

Result<std::optional<char>> EscapeChar(const BindInput& in, size_t idx) {
  if (in.types.size() <= idx) return std::optional<char>();
  const Value* v = in.constant(idx);
  if (v == nullptr || v->is_null() || v->string_value().size() != 1) {
    return Status::Invalid("The ESCAPE clause needs a literal of one character");
  }
  return std::optional<char>(v->string_value()[0]);
}

BindFn LikeBinder(const char* name, bool similar, bool negate) {
  return [=](const BindInput& in) -> Result<BoundFunction> {
    if (in.types.size() < 2 || in.types.size() > 3) return NoMatchingSignature(name, in.types);
    for (const auto& t : in.types) {
      if (!t.is_string() && t.id() != TypeId::kNull) return NoMatchingSignature(name, in.types);
    }
    WEIR_ASSIGN_OR_RAISE(std::optional<char> escape, EscapeChar(in, 2));
    BoundFunction f;
    f.return_type = LogicalType::Boolean(in.types[0].nullable() || in.types[1].nullable());
    f.operand_types.assign(in.types.size(), LogicalType::String());
    LogicalType rt = f.return_type;
    const Value* pattern = in.constant(1);
    if (pattern != nullptr && !pattern->is_null()) {
      WEIR_ASSIGN_OR_RAISE(LikeMatcher m,
                           MakeLikeMatcher(pattern->string_value(), escape, similar));
      f.kernel = [m, rt, negate](const EvalContext& c, const std::vector<Datum>& a, int64_t n) {
        return BoolRowLoop(c, {a[0], a[1]}, n, rt,
                           [&](int64_t i) { return m.Matches(StrAt(a[0], i)) != negate; });
      };
      return f;
    }
    f.kernel = [=](const EvalContext& c, const std::vector<Datum>& a,
                   int64_t n) -> Result<ColumnPtr> {
      std::string last;
      std::optional<LikeMatcher> m;
      Status error = Status::OK();
      auto out = BoolRowLoop(c, {a[0], a[1]}, n, rt, [&](int64_t i) {
        std::string_view p = StrAt(a[1], i);
        if (!m || p != last) {
          auto made = MakeLikeMatcher(p, escape, similar);
          if (!made.ok()) {
            if (error.ok()) error = made.status();
            return false;
          }
          m = std::move(*made);
          last.assign(p);
        }
        return m->Matches(StrAt(a[0], i)) != negate;
      });
      WEIR_RETURN_NOT_OK(error);
      return out;
    };
    return f;
  };
}

// A compiled regex and a literal every match contains (empty if none is known), so rows that
// cannot match are rejected by a substring search without entering RE2 (and its DFA lock).
struct PreparedRegex {
  std::shared_ptr<RE2> re;
  std::string required;

  // Returns false only when `s` cannot contain a match.
  bool MayMatch(std::string_view s) const {
    if (required.empty()) return true;
    if (s.size() < required.size()) return false;
    return memmem(s.data(), s.size(), required.data(), required.size()) != nullptr;
  }
};

PreparedRegex Prepare(std::shared_ptr<RE2> re) {
  PreparedRegex p;
  if (re->ok()) p.required = RequiredRegexLiteral(re->pattern());
  p.re = std::move(re);
  return p;
}

re2::StringPiece Piece(std::string_view s) { return re2::StringPiece(s.data(), s.size()); }

// A per-batch cache of compiled regexes for non-literal patterns.
struct RegexCache {
  std::string last;
  PreparedRegex prepared;

  // Returns the regex for `pattern`, or nullptr when it does not compile.
  const PreparedRegex* Get(std::string_view pattern) {
    if (!prepared.re || pattern != last) {
      last.assign(pattern);
      prepared = Prepare(std::make_shared<RE2>(last, RegexOptions()));
    }
    return prepared.re->ok() ? &prepared : nullptr;
  }
};

// Compiles a literal pattern argument once, at bind time; nothing for NULL or a column.
Result<std::optional<PreparedRegex>> LiteralRegex(const BindInput& in, size_t idx) {
  const Value* v = in.constant(idx);
  if (v == nullptr || v->is_null()) return std::optional<PreparedRegex>();
  WEIR_ASSIGN_OR_RAISE(auto re, Compile(v->string_value(), v->string_value()));
  return std::optional<PreparedRegex>(Prepare(std::move(re)));
}

// Returns the regex of row i: the literal one, or the row's pattern through `cache`.
const PreparedRegex* RegexAt(const std::optional<PreparedRegex>& literal, RegexCache& cache,
                             const Datum& pattern, int64_t i) {
  return literal ? &*literal : cache.Get(StrAt(pattern, i));
}

Result<BoundFunction> BindRegexp(const BindInput& in) {
  WEIR_RETURN_NOT_OK(CheckArity("REGEXP", in, 2));
  for (const auto& t : in.types) {
    if (!t.is_string() && t.id() != TypeId::kNull) return NoMatchingSignature("REGEXP", in.types);
  }
  WEIR_ASSIGN_OR_RAISE(auto literal, LiteralRegex(in, 1));
  BoundFunction f;
  f.return_type = LogicalType::Boolean(in.types[0].nullable() || in.types[1].nullable());
  f.operand_types = {LogicalType::String(), LogicalType::String()};
  LogicalType rt = f.return_type;
  f.kernel = [literal, rt](const EvalContext& c, const std::vector<Datum>& a, int64_t n) {
    RegexCache cache;
    return BoolRowLoop(c, a, n, rt, [&](int64_t i) {
      const PreparedRegex* re = RegexAt(literal, cache, a[1], i);
      if (re == nullptr) return false;
      std::string_view s = StrAt(a[0], i);
      // No submatches: RE2 answers from its DFA alone.
      return re->MayMatch(s) && RE2::PartialMatch(Piece(s), *re->re);
    });
  };
  return f;
}

Result<BoundFunction> BindRegexpExtract(const BindInput& in) {
  if (in.types.size() < 2 || in.types.size() > 3) {
    return NoMatchingSignature("REGEXP_EXTRACT", in.types);
  }
  WEIR_ASSIGN_OR_RAISE(auto literal, LiteralRegex(in, 1));
  BoundFunction f;
  f.return_type = LogicalType::String(true);
  f.operand_types = {LogicalType::String(), LogicalType::String()};
  if (in.types.size() == 3) {
    if (!in.types[2].is_integer()) return NoMatchingSignature("REGEXP_EXTRACT", in.types);
    f.operand_types.push_back(LogicalType::Int());
  }
  LogicalType rt = f.return_type;
  f.kernel = [literal, rt](const EvalContext& c, const std::vector<Datum>& a, int64_t n) {
    RegexCache cache;
    std::vector<re2::StringPiece> groups;
    return StringRowLoop(c, a, n, rt, [&](int64_t i, std::string& out) {
      const PreparedRegex* re = RegexAt(literal, cache, a[1], i);
      if (re == nullptr) return false;
      int64_t idx = a.size() > 2 ? IntAt(a[2], i) : 1;
      if (idx < 0 || idx > re->re->NumberOfCapturingGroups()) return false;
      std::string_view s = StrAt(a[0], i);
      if (!re->MayMatch(s)) return false;
      // Only groups 0..idx: RE2 finds the match span with its DFAs, then runs its submatch
      // engine on that span only, for as few groups as asked.
      groups.resize(static_cast<size_t>(idx) + 1);
      if (!re->re->Match(Piece(s), 0, s.size(), RE2::UNANCHORED, groups.data(),
                         static_cast<int>(idx) + 1)) {
        return false;
      }
      const re2::StringPiece& g = groups[static_cast<size_t>(idx)];
      if (g.data() == nullptr) return false;
      out.append(g.data(), g.size());
      return true;
    });
  };
  return f;
}

// REGEXP_EXTRACT_ALL(str, regex[, index]) -> ARRAY<STRING> of group `index` (default 1, 0 the
// whole match) of every match; NULL for NULL arguments, an invalid regex or index.
Result<BoundFunction> BindRegexpExtractAll(const BindInput& in) {
  if (in.types.size() < 2 || in.types.size() > 3) {
    return NoMatchingSignature("REGEXP_EXTRACT_ALL", in.types);
  }
  for (size_t k = 0; k < 2; ++k) {
    if (!in.types[k].is_string() && in.types[k].id() != TypeId::kNull) {
      return NoMatchingSignature("REGEXP_EXTRACT_ALL", in.types);
    }
  }
  WEIR_ASSIGN_OR_RAISE(auto literal, LiteralRegex(in, 1));
  BoundFunction f;
  f.return_type = LogicalType::Array(LogicalType::String(), true);
  f.operand_types = {LogicalType::String(), LogicalType::String()};
  if (in.types.size() == 3) {
    if (!in.types[2].is_integer() && in.types[2].id() != TypeId::kNull) {
      return NoMatchingSignature("REGEXP_EXTRACT_ALL", in.types);
    }
    f.operand_types.push_back(LogicalType::Int());
  }
  LogicalType rt = f.return_type;
  f.kernel = [literal, rt](const EvalContext& c, const std::vector<Datum>& a,
                           int64_t n) -> Result<ColumnPtr> {
    RegexCache cache;
    std::vector<re2::StringPiece> groups;
    WEIR_ASSIGN_OR_RAISE(auto validity, CombineValidity(a, n, c.pool));
    const uint8_t* v = validity ? validity->data() : nullptr;
    WEIR_ASSIGN_OR_RAISE(auto builder, ColumnBuilder::Make(rt, c.pool));
    auto* list = static_cast<ListBuilder*>(builder.get());
    auto* items = static_cast<StringBuilder*>(list->element_builder());
    for (int64_t i = 0; i < n; ++i) {
      const PreparedRegex* re = nullptr;
      int64_t idx = 1;
      if (v == nullptr || bits::GetBit(v, i)) {
        re = RegexAt(literal, cache, a[1], i);
        idx = a.size() > 2 ? IntAt(a[2], i) : 1;
      }
      if (re == nullptr || idx < 0 || idx > re->re->NumberOfCapturingGroups()) {
        WEIR_RETURN_NOT_OK(list->AppendNull());
        continue;
      }
      std::string_view s = StrAt(a[0], i);
      int64_t count = 0;
      if (re->MayMatch(s)) {
        re2::StringPiece text = Piece(s);
        groups.resize(static_cast<size_t>(idx) + 1);
        size_t pos = 0;
        while (pos <= s.size() && re->re->Match(text, pos, s.size(), RE2::UNANCHORED, groups.data(),
                                                static_cast<int>(idx) + 1)) {
          const re2::StringPiece& g = groups[static_cast<size_t>(idx)];
          if (g.data() == nullptr) {
            WEIR_RETURN_NOT_OK(items->AppendNull());
          } else {
            WEIR_RETURN_NOT_OK(items->Append(std::string_view(g.data(), g.size())));
          }
          ++count;
          size_t end = static_cast<size_t>(groups[0].data() - s.data()) + groups[0].size();
          pos = end;
          if (groups[0].empty()) {  // an empty match moves on by one character
            ++pos;
            while (pos < s.size() && (static_cast<uint8_t>(s[pos]) & 0xC0) == 0x80) ++pos;
          }
        }
      }
      WEIR_RETURN_NOT_OK(list->Append(count));
    }
    return builder->Finish();
  };
  return f;
}

// Converts a Java replacement ("$1", "\$") into RE2's ("\1", "$").
std::string JavaReplacementToRe2(std::string_view r) {
  std::string out;
  for (size_t i = 0; i < r.size(); ++i) {
    char c = r[i];
    if (c == '\\' && i + 1 < r.size()) {
      char next = r[++i];
      if (next == '\\') {
        out += "\\\\";
      } else {
        out += next;
      }
    } else if (c == '$' && i + 1 < r.size() && r[i + 1] >= '0' && r[i + 1] <= '9') {
      out += '\\';
      out += r[++i];
    } else {
      out += c;
    }
  }
  return out;
}

Result<BoundFunction> BindRegexpReplace(const BindInput& in) {
  WEIR_RETURN_NOT_OK(CheckArity("REGEXP_REPLACE", in, 3));
  for (const auto& t : in.types) {
    if (!t.is_string() && t.id() != TypeId::kNull) {
      return NoMatchingSignature("REGEXP_REPLACE", in.types);
    }
  }
  WEIR_ASSIGN_OR_RAISE(auto literal, LiteralRegex(in, 1));
  // A literal replacement is translated once, not per row.
  std::optional<std::string> literal_replacement;
  if (const Value* r = in.constant(2); r != nullptr && !r->is_null()) {
    literal_replacement = JavaReplacementToRe2(r->string_value());
  }
  BoundFunction f;
  f.return_type = LogicalType::String(true);
  f.operand_types.assign(3, LogicalType::String());
  LogicalType rt = f.return_type;
  f.kernel = [literal, literal_replacement, rt](const EvalContext& c, const std::vector<Datum>& a,
                                                int64_t n) {
    RegexCache cache;
    std::string replacement;
    return StringRowLoop(c, a, n, rt, [&](int64_t i, std::string& out) {
      const PreparedRegex* re = RegexAt(literal, cache, a[1], i);
      if (re == nullptr) return false;
      std::string_view s = StrAt(a[0], i);
      out.assign(s);
      if (!re->MayMatch(s)) return true;
      if (!literal_replacement) replacement = JavaReplacementToRe2(StrAt(a[2], i));
      RE2::GlobalReplace(&out, *re->re, literal_replacement ? *literal_replacement : replacement);
      return true;
    });
  };
  return f;
}

// REGEXP_COUNT (matches), REGEXP_INSTR (1-based code point position of the first match, 0 if
// none) and REGEXP_SUBSTR (the first match, NULL if none).
enum class RegexScan { kCount, kInstr, kSubstr };

BindFn RegexScanBinder(const char* name, RegexScan what) {
  return [=](const BindInput& in) -> Result<BoundFunction> {
    WEIR_RETURN_NOT_OK(CheckArity(name, in, 2));
    for (const auto& t : in.types) {
      if (!t.is_string() && t.id() != TypeId::kNull) return NoMatchingSignature(name, in.types);
    }
    WEIR_ASSIGN_OR_RAISE(auto literal, LiteralRegex(in, 1));
    BoundFunction f;
    f.return_type = what == RegexScan::kSubstr ? LogicalType::String(true) : LogicalType::Int(true);
    f.operand_types = {LogicalType::String(), LogicalType::String()};
    LogicalType rt = f.return_type;
    f.kernel = [=](const EvalContext& c, const std::vector<Datum>& a,
                   int64_t n) -> Result<ColumnPtr> {
      RegexCache cache;
      if (what == RegexScan::kSubstr) {
        return StringRowLoop(c, a, n, rt, [&](int64_t i, std::string& out) {
          const PreparedRegex* re = RegexAt(literal, cache, a[1], i);
          if (re == nullptr) return false;
          std::string_view s = StrAt(a[0], i);
          re2::StringPiece m;
          if (!re->MayMatch(s) || !re->re->Match(Piece(s), 0, s.size(), RE2::UNANCHORED, &m, 1)) {
            return false;
          }
          out.append(m.data(), m.size());
          return true;
        });
      }
      WEIR_ASSIGN_OR_RAISE(auto builder, ColumnBuilder::Make(rt, c.pool));
      WEIR_ASSIGN_OR_RAISE(auto validity, CombineValidity(a, n, c.pool));
      for (int64_t i = 0; i < n; ++i) {
        if (validity && !bits::GetBit(validity->data(), i)) {
          WEIR_RETURN_NOT_OK(builder->AppendNull());
          continue;
        }
        const PreparedRegex* re = RegexAt(literal, cache, a[1], i);
        if (re == nullptr) {
          WEIR_RETURN_NOT_OK(builder->AppendNull());
          continue;
        }
        std::string_view s = StrAt(a[0], i);
        re2::StringPiece input = Piece(s);
        int64_t result = 0;
        if (!re->MayMatch(s)) {
          // 0 matches, position 0
        } else if (what == RegexScan::kInstr) {
          re2::StringPiece m;
          if (re->re->Match(input, 0, s.size(), RE2::UNANCHORED, &m, 1)) {
            result = Utf8Length(s.substr(0, static_cast<size_t>(m.data() - s.data()))) + 1;
          }
        } else {
          size_t pos = 0;
          re2::StringPiece m;
          while (pos <= s.size() && re->re->Match(input, pos, s.size(), RE2::UNANCHORED, &m, 1)) {
            ++result;
            size_t end = static_cast<size_t>(m.data() - s.data()) + m.size();
            pos = m.empty() ? end + 1 : end;
          }
        }
        WEIR_RETURN_NOT_OK(builder->AppendValue(Value(result)));
      }
      return builder->Finish();
    };
    return f;
  };
}

}  // namespace

void RegisterRegexFunctions(FunctionRegistry* r) {
  r->Register({"LIKE", "comparison", LikeBinder("LIKE", false, false)});
  r->Register({"NOT LIKE", "comparison", LikeBinder("NOT LIKE", false, true)});
  r->Register({"SIMILAR TO", "comparison", LikeBinder("SIMILAR TO", true, false)});
  r->Register({"NOT SIMILAR TO", "comparison", LikeBinder("NOT SIMILAR TO", true, true)});
  r->Register({"REGEXP", "string", BindRegexp});
  r->Register({"REGEXP_EXTRACT", "string", BindRegexpExtract});
  r->Register({"REGEXP_EXTRACT_ALL", "string", BindRegexpExtractAll});
  r->Register({"REGEXP_REPLACE", "string", BindRegexpReplace});
  r->Register({"REGEXP_COUNT", "string", RegexScanBinder("REGEXP_COUNT", RegexScan::kCount)});
  r->Register({"REGEXP_INSTR", "string", RegexScanBinder("REGEXP_INSTR", RegexScan::kInstr)});
  r->Register({"REGEXP_SUBSTR", "string", RegexScanBinder("REGEXP_SUBSTR", RegexScan::kSubstr)});
}

}  // namespace weir::sql
