// ObjectIdentifier: printing three-part names.
#include "weir/sql/catalog/object_identifier.h"

#include "weir/sql/parser/ast_printer.h"

namespace weir::sql {

std::string ObjectIdentifier::ToString() const {
  return ast::QuoteIdentifier(catalog) + "." + ast::QuoteIdentifier(database) + "." +
         ast::QuoteIdentifier(object);
}

std::string ObjectIdentifier::ToSummaryString() const {
  return catalog + "." + database + "." + object;
}

}  // namespace weir::sql
