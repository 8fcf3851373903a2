// RowKind: short strings and parsing.
#include "weir/common/batch/row_kind.h"

namespace weir {

std::string_view RowKindShortString(RowKind kind) {
  switch (kind) {
    case RowKind::kInsert:
      return "+I";
    case RowKind::kUpdateBefore:
      return "-U";
    case RowKind::kUpdateAfter:
      return "+U";
    case RowKind::kDelete:
      return "-D";
  }
  return "?";
}

Result<RowKind> ParseRowKind(std::string_view text) {
  if (text == "+I") return RowKind::kInsert;
  if (text == "-U") return RowKind::kUpdateBefore;
  if (text == "+U") return RowKind::kUpdateAfter;
  if (text == "-D") return RowKind::kDelete;
  return Status::Invalid("Unknown row kind (expected +I, -U, +U or -D): '", text, "'");
}

}  // namespace weir
