// Splits SQL client input into statements ending with ';'.
#include "weir/cli/sql_client/statement_splitter.h"

#include <cctype>

namespace weir::cli {
namespace {

bool IsWordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' ||
         static_cast<unsigned char>(c) >= 0x80;
}

bool IsSpace(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

std::string Upper(std::string_view word) {
  std::string out(word);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string TrimRight(std::string_view text) {
  size_t end = text.size();
  while (end > 0 && IsSpace(text[end - 1])) --end;
  return std::string(text.substr(0, end));
}

// Scans statements while tracking line numbers and the lexical state.
class Splitter {
 public:
  Splitter(std::string_view text, int first_line) : text_(text), line_(first_line) {}

  SplitResult Run() {
    while (pos_ < text_.size()) Step();
    SplitResult result;
    result.statements = std::move(statements_);
    result.open = open_;
    result.open_line = open_line_;
    result.consumed = consumed_;
    if (open_ == OpenConstruct::kNone && in_set_block_ && has_start_) {
      result.open = OpenConstruct::kStatementSetBlock;
      result.open_line = start_line_;
    }
    if (has_start_) {
      result.remainder = TrimRight(text_.substr(start_));
      result.remainder_line = start_line_;
    }
    return result;
  }

 private:
  char Peek(size_t ahead) const { return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0'; }

  void Advance() {
    if (text_[pos_] == '\n') {
      ++line_;
      line_start_ = pos_ + 1;
    }
    ++pos_;
  }

  void MarkStart() {
    if (has_start_) return;
    has_start_ = true;
    start_ = pos_;
    start_line_ = line_;
    start_column_ = static_cast<int>(pos_ - line_start_) + 1;
  }

  void Step() {
    const char c = text_[pos_];
    if (c == '-' && Peek(1) == '-') {
      while (pos_ < text_.size() && text_[pos_] != '\n') Advance();
      return;
    }
    if (c == '/' && Peek(1) == '*') {
      open_ = OpenConstruct::kBlockComment;
      open_line_ = line_;
      Advance();
      Advance();
      while (pos_ < text_.size()) {
        if (text_[pos_] == '*' && Peek(1) == '/') {
          Advance();
          Advance();
          open_ = OpenConstruct::kNone;
          return;
        }
        Advance();
      }
      return;
    }
    if (c == '\'' || c == '`' || c == '"') {
      MarkStart();
      last_word_.clear();
      open_ = c == '\'' ? OpenConstruct::kString : OpenConstruct::kQuotedIdentifier;
      open_line_ = line_;
      Advance();
      while (pos_ < text_.size()) {
        if (text_[pos_] == c) {
          if (Peek(1) == c) {  // a doubled quote stands for itself
            Advance();
            Advance();
            continue;
          }
          Advance();
          open_ = OpenConstruct::kNone;
          return;
        }
        Advance();
      }
      return;
    }
    if (c == ';') {
      if (has_start_ && in_set_block_ && last_word_ != "END") {
        last_word_.clear();
        Advance();
        return;
      }
      if (has_start_) {
        statements_.push_back(
            {TrimRight(text_.substr(start_, pos_ - start_)), start_line_, start_column_});
      }
      has_start_ = false;
      consumed_ = pos_ + 1;
      in_set_block_ = false;
      words_.clear();
      last_word_.clear();
      Advance();
      return;
    }
    if (IsSpace(c)) {
      Advance();
      return;
    }
    MarkStart();
    if (IsWordChar(c)) {
      const size_t begin = pos_;
      while (pos_ < text_.size() && IsWordChar(text_[pos_])) Advance();
      last_word_ = Upper(text_.substr(begin, pos_ - begin));
      if (words_.size() < 4) {
        words_.push_back(last_word_);
        if (words_.size() == 4 && words_[0] == "EXECUTE" && words_[1] == "STATEMENT" &&
            words_[2] == "SET" && words_[3] == "BEGIN") {
          in_set_block_ = true;
        }
      }
      return;
    }
    last_word_.clear();
    Advance();
  }

  std::string_view text_;
  size_t pos_ = 0;
  int line_;
  size_t line_start_ = 0;
  bool has_start_ = false;
  size_t start_ = 0;
  int start_line_ = 0;
  int start_column_ = 0;
  OpenConstruct open_ = OpenConstruct::kNone;
  int open_line_ = 0;
  std::vector<std::string> words_;  // first words of the current statement
  std::string last_word_;           // the word just before the current position, if any
  bool in_set_block_ = false;
  size_t consumed_ = 0;
  std::vector<Statement> statements_;
};

}  // namespace

SplitResult SplitStatements(std::string_view text, int first_line) {
  return Splitter(text, first_line).Run();
}

std::vector<std::string> LeadingKeywords(std::string_view statement, size_t max, bool* only_words) {
  std::vector<std::string> words;
  size_t pos = 0;
  bool stopped = false;
  while (pos < statement.size()) {
    const char c = statement[pos];
    if (c == '-' && pos + 1 < statement.size() && statement[pos + 1] == '-') {
      while (pos < statement.size() && statement[pos] != '\n') ++pos;
    } else if (c == '/' && pos + 1 < statement.size() && statement[pos + 1] == '*') {
      const size_t end = statement.find("*/", pos + 2);
      pos = end == std::string_view::npos ? statement.size() : end + 2;
    } else if (IsWordChar(c)) {
      const size_t begin = pos;
      while (pos < statement.size() && IsWordChar(statement[pos])) ++pos;
      if (words.size() < max) words.push_back(Upper(statement.substr(begin, pos - begin)));
    } else if (IsSpace(c)) {
      ++pos;
    } else {
      stopped = true;  // a quote or punctuation ends the keyword prefix
      break;
    }
    if (words.size() >= max && only_words == nullptr) break;
  }
  if (only_words != nullptr) *only_words = !stopped;
  return words;
}

}  // namespace weir::cli
