// ObjectIdentifier: printing three-part names.
#include "weir/sql/catalog/object_identifier.h"

namespace weir::sql {

std::string QuoteIdentifier(const std::string& name) {
  std::string out = "`";
  for (char c : name) {
    if (c == '`') out.push_back('`');
    out.push_back(c);
  }
  out.push_back('`');
  return out;
}

std::string ObjectIdentifier::ToString() const {
  return QuoteIdentifier(catalog) + "." + QuoteIdentifier(database) + "." +
         QuoteIdentifier(object);
}

std::string ObjectIdentifier::ToSummaryString() const {
  return catalog + "." + database + "." + object;
}

}  // namespace weir::sql
