// RequiredRegexLiteral: a conservative scan of an RE2 pattern for a literal every match holds.
#include "weir/sql/functions/regex_literal.h"

#include <cctype>

namespace weir::sql {

namespace {

bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }
bool IsAlpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }

// Scans a pattern left to right, collecting runs of characters that must appear in a match.
class LiteralScanner {
 public:
  explicit LiteralScanner(std::string_view pattern) : p_(pattern) {}

  // Returns the longest required run, or "" (also when the pattern is not understood).
  std::string Scan() {
    while (i_ < p_.size()) {
      if (!Step()) return std::string();
    }
    EndRun();
    return best_;
  }

 private:
  // Consumes one element of the pattern; false to give up.
  bool Step() {
    const size_t n = p_.size();
    char c = p_[i_];
    switch (c) {
      case '|':
        return false;  // a top-level alternative: nothing is required
      case '(':
        EndRun();
        return SkipGroup();
      case '[':
        EndRun();
        return SkipClass();
      case '*':
      case '?':
        DropLastChar();  // the atom before may be absent (or this makes a quantifier lazy)
        ++i_;
        return true;
      case '+':
        EndRun();  // the atom before stays required, but not its neighbours as one string
        ++i_;
        return true;
      case '{': {
        size_t k = i_ + 1;
        while (k < n && (IsDigit(p_[k]) || p_[k] == ',')) ++k;
        if (k < n && p_[k] == '}' && k > i_ + 1 && IsDigit(p_[i_ + 1])) {
          DropLastChar();  // {m,n}: the atom before may repeat or vanish
          i_ = k + 1;
        } else {
          EndRun();  // a literal '{', kept out of the run to stay conservative
          ++i_;
        }
        return true;
      }
      case '.':
      case '^':
      case '$':
        EndRun();
        ++i_;
        return true;
      case '\\': {
        if (i_ + 1 >= n) return false;
        char next = p_[i_ + 1];
        if (next == 'Q') return false;
        if (std::isalnum(static_cast<unsigned char>(next)) ||
            static_cast<unsigned char>(next) >= 0x80) {
          EndRun();  // a class (\d), an assertion (\b), a code (\x41, \pN) or a reference
          i_ += 2;
          if ((next == 'p' || next == 'P' || next == 'x') && i_ < n && p_[i_] == '{') {
            size_t close = p_.find('}', i_);
            if (close == std::string_view::npos) return false;
            i_ = close + 1;
          } else if (next == 'p' || next == 'P') {
            ++i_;
          }
          return true;
        }
        last_char_ = run_.size();
        run_ += next;
        i_ += 2;
        return true;
      }
      default:
        last_char_ = run_.size();
        run_ += c;
        ++i_;
        // Keep a multi-byte UTF-8 character whole, so a quantifier drops all of it.
        while (i_ < n && (static_cast<unsigned char>(p_[i_]) & 0xC0) == 0x80) run_ += p_[i_++];
        return true;
    }
  }

  // Skips a parenthesised group (its content is optional or alternative as far as we know).
  bool SkipGroup() {
    const size_t n = p_.size();
    if (i_ + 1 < n && p_[i_ + 1] == '?') {
      // Inline flags such as (?i) change how the rest of the pattern matches.
      size_t k = i_ + 2;
      while (k < n && (IsAlpha(p_[k]) || p_[k] == '-')) ++k;
      if (k < n && p_[k] == ')') return false;
    }
    int depth = 0;
    while (i_ < n) {
      char g = p_[i_];
      if (g == '\\') {
        if (i_ + 1 < n && p_[i_ + 1] == 'Q') return false;
        i_ += 2;
        continue;
      }
      if (g == '[') {
        if (!SkipClass()) return false;
        continue;
      }
      if (g == '(') ++depth;
      if (g == ')' && --depth == 0) {
        ++i_;
        return true;
      }
      ++i_;
    }
    return false;
  }

  // Skips a character class starting at '['.
  bool SkipClass() {
    const size_t n = p_.size();
    ++i_;
    if (i_ < n && p_[i_] == '^') ++i_;
    if (i_ < n && p_[i_] == ']') ++i_;  // a leading ']' is a member
    while (i_ < n && p_[i_] != ']') {
      if (p_[i_] == '\\') {
        i_ += 2;
        continue;
      }
      if (p_[i_] == '[' && i_ + 1 < n && p_[i_ + 1] == ':') {
        size_t close = p_.find(":]", i_ + 2);
        if (close == std::string_view::npos) return false;
        i_ = close + 2;
        continue;
      }
      ++i_;
    }
    if (i_ >= n) return false;
    ++i_;
    return true;
  }

  void EndRun() {
    if (run_.size() > best_.size()) best_ = run_;
    run_.clear();
    last_char_ = std::string::npos;
  }

  void DropLastChar() {
    if (last_char_ != std::string::npos) run_.resize(last_char_);
    EndRun();
  }

  std::string_view p_;
  size_t i_ = 0;
  std::string run_;
  std::string best_;
  size_t last_char_ = std::string::npos;  // where the run's last character starts
};

}  // namespace

std::string RequiredRegexLiteral(std::string_view pattern) {
  return LiteralScanner(pattern).Scan();
}

}  // namespace weir::sql
