// ObjectIdentifier: the full three-part name of a catalog object (catalog.database.object).
#pragma once

#include <compare>
#include <string>

namespace weir::sql {

/// A fully qualified table, view or function name. Parts are case-sensitive, as in Flink.
struct ObjectIdentifier {
  std::string catalog;
  std::string database;
  std::string object;

  auto operator<=>(const ObjectIdentifier&) const = default;

  /// Returns "`catalog`.`database`.`object`" (backquotes inside names doubled), Flink's
  /// asSerializableString.
  std::string ToString() const;
  /// Returns "catalog.database.object", Flink's asSummaryString.
  std::string ToSummaryString() const;
  /// Returns "database.object" as Flink's catalogs print names in their messages.
  std::string DatabaseAndObject() const { return database + "." + object; }
};

}  // namespace weir::sql
