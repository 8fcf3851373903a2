// ResultPrinter: query results in the SQL client's tableau and changelog forms.
#include "weir/cli/sql_client/result_printer.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "weir/cli/sql_client/value_printer.h"
#include "weir/common/batch/row_kind.h"
#include "weir/common/str_cat.h"
#include "weir/common/types/logical_type.h"

namespace weir::cli {
namespace {

constexpr std::string_view kRowKindColumn = "op";
constexpr std::string_view kTruncatedFlag = "...";

// Decodes one UTF-8 code point at `text[*pos]` and advances; bad bytes count as one unit.
uint32_t NextCodePoint(std::string_view text, size_t* pos) {
  const auto b0 = static_cast<unsigned char>(text[*pos]);
  int len = 1;
  uint32_t cp = b0;
  if (b0 >= 0xF0 && b0 < 0xF8) {
    len = 4;
    cp = b0 & 0x07;
  } else if (b0 >= 0xE0) {
    len = 3;
    cp = b0 & 0x0F;
  } else if (b0 >= 0xC0) {
    len = 2;
    cp = b0 & 0x1F;
  }
  if (len > 1 && *pos + len <= text.size()) {
    for (int k = 1; k < len; ++k) {
      const auto b = static_cast<unsigned char>(text[*pos + k]);
      if ((b & 0xC0) != 0x80) {
        *pos += 1;
        return b0;
      }
      cp = (cp << 6) | (b & 0x3F);
    }
    *pos += len;
    return cp;
  }
  *pos += 1;
  return b0;
}

// East Asian Wide (W) and Fullwidth (F) ranges (Unicode's EastAsianWidth, main blocks).
bool IsFullWidth(uint32_t cp) {
  static constexpr uint32_t kRanges[][2] = {
      {0x1100, 0x115F},   {0x231A, 0x231B},   {0x2329, 0x232A},   {0x23E9, 0x23EC},
      {0x23F0, 0x23F0},   {0x23F3, 0x23F3},   {0x25FD, 0x25FE},   {0x2614, 0x2615},
      {0x2648, 0x2653},   {0x267F, 0x267F},   {0x2693, 0x2693},   {0x26A1, 0x26A1},
      {0x26AA, 0x26AB},   {0x26BD, 0x26BE},   {0x26C4, 0x26C5},   {0x26CE, 0x26CE},
      {0x26D4, 0x26D4},   {0x26EA, 0x26EA},   {0x26F2, 0x26F3},   {0x26F5, 0x26F5},
      {0x26FA, 0x26FA},   {0x26FD, 0x26FD},   {0x2705, 0x2705},   {0x270A, 0x270B},
      {0x2728, 0x2728},   {0x274C, 0x274C},   {0x274E, 0x274E},   {0x2753, 0x2755},
      {0x2757, 0x2757},   {0x2795, 0x2797},   {0x27B0, 0x27B0},   {0x27BF, 0x27BF},
      {0x2B1B, 0x2B1C},   {0x2B50, 0x2B50},   {0x2B55, 0x2B55},   {0x2E80, 0x303E},
      {0x3041, 0x33FF},   {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},
      {0xA960, 0xA97F},   {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},   {0xFE10, 0xFE19},
      {0xFE30, 0xFE6F},   {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x16FE0, 0x18CFF},
      {0x1B000, 0x1B2FF}, {0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E},
      {0x1F191, 0x1F19A}, {0x1F200, 0x1F251}, {0x1F300, 0x1F64F}, {0x1F680, 0x1F6FF},
      {0x1F7E0, 0x1F7EB}, {0x1F90C, 0x1F9FF}, {0x1FA70, 0x1FAFF}, {0x20000, 0x2FFFD},
      {0x30000, 0x3FFFD},
  };
  if (cp < 0x1100) return false;
  for (const auto& r : kRanges) {
    if (cp < r[0]) return false;
    if (cp <= r[1]) return true;
  }
  return false;
}

// UTF-16 units of a code point, as Java's String.length() counts them.
int Utf16Units(uint32_t cp) { return cp >= 0x10000 ? 2 : 1; }

int Utf16Length(std::string_view text) {
  int n = 0;
  for (size_t pos = 0; pos < text.size();) n += Utf16Units(NextCodePoint(text, &pos));
  return n;
}

// The longest prefix of `text` whose width does not exceed `target`, left-padded with spaces
// to exactly `target` columns.
std::string TruncateCell(std::string_view text, int target) {
  int passed = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t next = pos;
    const uint32_t cp = NextCodePoint(text, &next);
    passed += Utf16Units(cp) + (IsFullWidth(cp) ? 1 : 0);
    if (passed > target) break;
    pos = next;
  }
  std::string_view kept = text.substr(0, pos);
  const int lacking = target - DisplayWidth(kept);
  std::string out(lacking > 0 ? lacking : 0, ' ');
  out.append(kept);
  return out;
}

int TimestampWidth(int precision) {
  if (precision == 0) return 19;
  if (precision <= 3) return 23;
  if (precision <= 6) return 26;
  return 29;
}

}  // namespace

int DisplayWidth(std::string_view text) {
  int width = 0;
  for (size_t pos = 0; pos < text.size();) {
    const uint32_t cp = NextCodePoint(text, &pos);
    width += Utf16Units(cp) + (IsFullWidth(cp) ? 1 : 0);
  }
  return width;
}

std::vector<int> ColumnWidthsByType(const Schema& schema, int max_column_width) {
  std::vector<int> widths;
  widths.reserve(schema.num_fields());
  for (int i = 0; i < schema.num_fields(); ++i) {
    const LogicalType& type = schema.type(i);
    int len;
    switch (type.id()) {
      case TypeId::kTinyInt:
        len = 4;  // 3 digits and a sign
        break;
      case TypeId::kSmallInt:
        len = 6;
        break;
      case TypeId::kInt:
        len = 11;
        break;
      case TypeId::kBigInt:
        len = 20;
        break;
      case TypeId::kDecimal:
        len = type.precision() + 2;  // sign and point
        break;
      case TypeId::kBoolean:
        len = 5;
        break;
      case TypeId::kDate:
        len = 10;
        break;
      case TypeId::kTime:
        len = type.precision() == 0 ? 8 : type.precision() + 9;
        break;
      case TypeId::kTimestamp:
      case TypeId::kTimestampLtz:
        len = TimestampWidth(type.precision());
        break;
      default:
        len = max_column_width;
        break;
    }
    len = std::max<int>(len, static_cast<int>(std::string_view(kNullCell).size()));
    widths.push_back(std::max(Utf16Length(schema.name(i)), len));
  }
  return widths;
}

Result<ResultMode> ParseResultMode(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "table") return ResultMode::kTable;
  if (lower == "changelog") return ResultMode::kChangelog;
  if (lower == "tableau") return ResultMode::kTableau;
  return Status::Invalid("Unknown result mode (expected table, changelog or tableau): ", text);
}

std::string_view ResultModeName(ResultMode mode) {
  switch (mode) {
    case ResultMode::kTable:
      return "table";
    case ResultMode::kChangelog:
      return "changelog";
    case ResultMode::kTableau:
      return "tableau";
  }
  return "tableau";
}

ResultPrinter::ResultPrinter(SchemaPtr schema, const ResultPrinterOptions& options,
                             std::ostream& out)
    : schema_(std::move(schema)), options_(options), out_(out) {
  if (prints_row_kind()) names_.emplace_back(kRowKindColumn);
  for (int i = 0; i < schema_->num_fields(); ++i) names_.push_back(schema_->name(i));
  if (prints_row_kind()) {
    widths_.push_back(static_cast<int>(kRowKindColumn.size()));
    for (int w : ColumnWidthsByType(*schema_, options_.max_column_width)) widths_.push_back(w);
  }
}

Result<std::unique_ptr<ResultPrinter>> ResultPrinter::Make(SchemaPtr schema,
                                                           const ResultPrinterOptions& options,
                                                           std::ostream& out) {
  if (schema == nullptr) return Status::Invalid("ResultPrinter needs a schema");
  if (options.mode == ResultMode::kTable) {
    return Status::NotSupported(
        "Result mode 'table' is not supported in a non-interactive session; set "
        "'sql-client.execution.result-mode' to 'tableau' or 'changelog'");
  }
  if (options.max_column_width <= 0) {
    return Status::Invalid("sql-client.display.max-column-width must be greater than 0: ",
                           options.max_column_width);
  }
  return std::unique_ptr<ResultPrinter>(new ResultPrinter(std::move(schema), options, out));
}

bool ResultPrinter::prints_row_kind() const {
  return options_.mode == ResultMode::kChangelog || options_.streaming;
}

Status ResultPrinter::Begin() {
  if (finished_) return Status::Invalid("ResultPrinter::Begin after Finish");
  if (prints_row_kind()) {
    PrintHeaderOnce();
    out_.flush();
  }
  return Status::OK();
}

Status ResultPrinter::Append(const RecordBatch& batch) {
  if (finished_) return Status::Invalid("ResultPrinter::Append after Finish");
  if (batch.num_columns() != schema_->num_fields()) {
    return Status::Invalid("Result batch has ", batch.num_columns(), " columns, the schema ",
                           schema_->num_fields());
  }
  const bool row_kinds = prints_row_kind();
  const size_t offset = row_kinds ? 1 : 0;
  if (row_kinds) PrintHeaderOnce();
  // Cells are produced column by column; the row strings then go out row by row.
  std::vector<std::vector<std::string>> rows(batch.num_rows(),
                                             std::vector<std::string>(names_.size()));
  for (int c = 0; c < batch.num_columns(); ++c) {
    const ColumnVector& column = *batch.column(c);
    for (int64_t r = 0; r < batch.num_rows(); ++r) AppendCellText(rows[r][c + offset], column, r);
  }
  for (int64_t r = 0; r < batch.num_rows(); ++r) {
    if (row_kinds) rows[r][0] = std::string(RowKindShortString(batch.row_kind(r)));
  }
  num_rows_ += batch.num_rows();
  if (row_kinds) {
    for (const auto& row : rows) PrintCells(row);
    out_.flush();
  } else {
    for (auto& row : rows) buffered_.push_back(std::move(row));
  }
  return Status::OK();
}

void ResultPrinter::PrintTrailer(std::string_view text, double elapsed_seconds) {
  out_ << text;
  if (options_.print_time_cost) {
    char cost[64];
    std::snprintf(cost, sizeof(cost), " (%.2f seconds)", elapsed_seconds);
    out_ << cost;
  }
  out_ << "\n";
  out_.flush();
}

Status ResultPrinter::Finish(double elapsed_seconds) {
  if (finished_) return Status::Invalid("ResultPrinter::Finish called twice");
  finished_ = true;
  if (prints_row_kind()) {
    PrintHeaderOnce();
    if (num_rows_ > 0) PrintBorder();
    PrintTrailer(StrCat("Received a total of ", num_rows_, num_rows_ > 1 ? " rows" : " row"),
                 elapsed_seconds);
    return Status::OK();
  }
  if (buffered_.empty()) {
    PrintTrailer("Empty set", elapsed_seconds);
    return Status::OK();
  }
  widths_.assign(names_.size(), 0);
  for (size_t c = 0; c < names_.size(); ++c) widths_[c] = DisplayWidth(names_[c]);
  for (const auto& row : buffered_) {
    for (size_t c = 0; c < row.size(); ++c) widths_[c] = std::max(widths_[c], DisplayWidth(row[c]));
  }
  for (int& w : widths_) w = std::min(w, options_.max_column_width);
  PrintHeaderOnce();
  for (const auto& row : buffered_) PrintCells(row);
  PrintBorder();
  PrintTrailer(StrCat(num_rows_, num_rows_ > 1 ? " rows" : " row", " in set"), elapsed_seconds);
  buffered_.clear();
  return Status::OK();
}

Status ResultPrinter::Cancel(double elapsed_seconds) {
  if (finished_) return Status::Invalid("ResultPrinter::Cancel after Finish");
  finished_ = true;
  PrintTrailer(
      StrCat("Query terminated, received a total of ", num_rows_, num_rows_ > 1 ? " rows" : " row"),
      elapsed_seconds);
  return Status::OK();
}

void ResultPrinter::PrintHeaderOnce() {
  if (header_printed_) return;
  header_printed_ = true;
  PrintBorder();
  PrintCells(names_);
  PrintBorder();
}

void ResultPrinter::PrintBorder() {
  std::string line = "+";
  for (int w : widths_) {
    line.append(static_cast<size_t>(w) + 2, '-');
    line.push_back('+');
  }
  line.push_back('\n');
  out_ << line;
}

void ResultPrinter::PrintCells(const std::vector<std::string>& cells) {
  std::string line = "|";
  const int flag_width = static_cast<int>(kTruncatedFlag.size());
  for (size_t c = 0; c < cells.size(); ++c) {
    line.push_back(' ');
    const int width = DisplayWidth(cells[c]);
    if (width <= widths_[c]) {
      line.append(static_cast<size_t>(widths_[c] - width), ' ');
      line.append(cells[c]);
    } else {
      line.append(TruncateCell(cells[c], std::max(0, widths_[c] - flag_width)));
      line.append(kTruncatedFlag);
    }
    line.append(" |");
  }
  line.push_back('\n');
  out_ << line;
}

void PrintInfo(std::string_view message, std::ostream& out) { out << "[INFO] " << message << "\n"; }

void PrintExecutionError(std::string_view reason, std::ostream& out) {
  out << "[ERROR] Could not execute SQL statement. Reason:\n" << reason << "\n";
}

void PrintStatementResult(const StatementResult& result, std::ostream& out) {
  switch (result.kind) {
    case StatementResult::Kind::kExecuted:
      PrintInfo("Execute statement succeeded.", out);
      break;
    case StatementResult::Kind::kSessionSet:
      PrintInfo("Session property has been set.", out);
      break;
    case StatementResult::Kind::kSessionReset:
      PrintInfo("Session property has been reset.", out);
      break;
    case StatementResult::Kind::kSessionResetAll:
      PrintInfo("All session properties have been set to their default values.", out);
      break;
    case StatementResult::Kind::kJobSubmitted:
      PrintInfo("Submitting SQL update statement to the cluster...", out);
      PrintInfo("SQL update statement has been successfully submitted to the cluster:", out);
      out << "Job ID: " << result.job_id << "\n";
      break;
    case StatementResult::Kind::kStatementSetBegin:
      PrintInfo("Begin a statement set.", out);
      break;
    case StatementResult::Kind::kStatementSetAdded:
      PrintInfo("Add SQL update statement to the statement set.", out);
      break;
    case StatementResult::Kind::kStatementSetEmpty:
      PrintInfo("No statement in the statement set, skip submit.", out);
      break;
  }
  out.flush();
}

}  // namespace weir::cli
